"""Resolve a mention to the entity it names, with a calibrated confidence and evidence."""

from __future__ import annotations

import dataclasses
import functools
import math
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from canonym.annotate import Annotated, annotate
from canonym.batch import run_many
from canonym.cache import cached, content_key
from canonym.index import AliasRecord, CandidateIndex
from canonym.lexicon import Lexicon, default_lexicon
from canonym.models import Entity, Evidence, Match
from canonym.names import NameForm, analyze
from canonym.prior import apply_share, candidate_shares, exclusive_scores, namesake_cap
from canonym.registry import Registry, read_registry_file
from canonym.scoring import Comparison, Model, compare, default_model, sigmoid

__all__ = ["Resolver"]

_CANDIDATE_ALIASES = 8
_MARGIN_SCALE = 4.0
MAX_NAME_CHARS = 1000
"""A query longer than this is not a name: it has no candidates and resolves to None."""
SUSPICIOUS_LOG_ODDS = -5.0
"""Added to the log-odds of a match whose query looks crafted to deceive (a homoglyph
spoof, a bidi override): about 0.99 becomes about 0.4, below every default threshold."""


@dataclass(frozen=True)
class _Scored:
    record: AliasRecord
    comparison: Comparison
    rank: float
    # gazetteer (#12): this candidate's prior (canonym.prior): its prominence share, when
    # prominence ``informed`` it, else the namesake cap of a shared name (None: no prior).
    share: float | None = None
    informed: bool = False


class Resolver:
    """Resolves names against one registry.

    Build it once and reuse it: building indexes every alias. It holds no mutable state
    after construction, so one resolver can serve many threads.

    >>> r = Resolver.default()
    >>> r.resolve("José Gehry").entity.canonical
    'José Jerí'
    >>> r.resolve("Lionel Messi") is None
    True
    """

    def __init__(
        self,
        registry: Registry,
        *,
        lexicon: Lexicon | None = None,
        model: Model | None = None,
    ) -> None:
        self.registry = registry
        self.lexicon = lexicon or default_lexicon()
        self.model = model or default_model()
        self.index = CandidateIndex(registry, self.lexicon)

    def __getstate__(self) -> dict[str, object]:
        # The memo of span candidates is a per-process cache, rebuilt on demand.
        return {k: v for k, v in self.__dict__.items() if k != "_memo"}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @classmethod
    def _assemble(cls, registry: Registry, index: CandidateIndex, model: Model) -> Resolver:
        resolver = cls.__new__(cls)
        resolver.registry, resolver.index, resolver.lexicon, resolver.model = (
            registry,
            index,
            index.lexicon,
            model,
        )
        return resolver

    @classmethod
    def default(cls) -> Resolver:
        """A resolver over the registry bundled with canonym (built once, then shared)."""
        return _default_resolver()

    @classmethod
    def from_files(cls, paths: Sequence[str | os.PathLike[str]], *, cache: bool = True) -> Resolver:
        """A resolver over one or more registry files, merged in order.

        With ``cache`` (the default) the built index is kept on disk, keyed by the files'
        content, so the next process with the same files loads it instead of building it
        (see :mod:`canonym.cache`).
        """
        texts = [(read_registry_file(p), os.fspath(p)) for p in paths]
        if not cache:
            return cls(Registry.from_texts(texts))

        key = content_key(part.encode("utf-8") for pair in texts for part in pair)
        return _cached_resolver(key, lambda: Registry.from_texts(texts))

    @property
    def thresholds(self) -> Mapping[str, float]:
        """The default minimum confidence of :meth:`resolve`, per entity type."""
        return self.model.thresholds

    def accepts(self, match: Match, threshold: float | None = None) -> bool:
        """Whether ``match`` is confident enough: ``threshold``, else its type's default."""
        limit = self.model.thresholds[match.entity.type] if threshold is None else threshold
        return match.score >= limit

    def _score(self, form: NameForm, source_lang: str | None) -> list[_Scored]:
        """Every candidate entity's best alias, best first."""
        best: dict[int, _Scored] = {}
        entities = self.registry.entities
        for record in self.index.records_for(self.index.lookup(form, _CANDIDATE_ALIASES)):
            entity = entities[record.entity]
            comparison = compare(
                form,
                record.form,
                self.index.weight,
                self.lexicon,
                source_lang,
                entity_type=entity.type,
                entity_names=_known_names(entity, exact=record.form.normalized == form.normalized),
            )
            rank = self.model.rank.logit(comparison.features)
            known = best.get(record.entity)
            # gazetteer (#12): a name equal to the query represents its entity, and puts
            # it ahead of every entity matched only through a name that is not (see
            # _name_first); among equals the model's rank decides, as before.
            if known is None or _name_first(form, record, rank) > _name_first(form, known.record, known.rank):
                best[record.entity] = _Scored(record, comparison, rank)
        return sorted(
            best.values(),
            key=lambda s: (-_name_first(form, s.record, s.rank)[0], -s.rank, entities[s.record.entity].id),
        )

    def _prior(self, form: NameForm, scored: list[_Scored]) -> list[_Scored]:
        """gazetteer (#12): the prior over the candidates (:mod:`canonym.prior`).

        Where every candidate has a prominence, each gets its share of the prominence of
        the candidates that match as well as it does: those matched through a name equal
        to the query share among themselves (a poor match to a big city must not dilute
        an exact name of a smaller one), the others among themselves. They are ranked by
        the model's rank plus the log of the share (a name equal to the query still
        first). Otherwise the list keeps its order and only candidates matched through a
        name that other entities share get the uniform share of it.
        """
        entities = self.registry.entities
        exact = [_name_first(form, s.record, s.rank)[0] for s in scored]
        tiers = [[s for s, e in zip(scored, exact) if e is tier] for tier in (True, False)]
        priors = [candidate_shares([entities[s.record.entity].prominence for s in t]) for t in tiers]
        if all(p is not None or not t for p, t in zip(priors, tiers)):
            out = [
                dataclasses.replace(s, share=share, informed=True)
                for tier, prior in zip(tiers, priors)
                for s, share in zip(tier, prior or ())
            ]
            return sorted(
                out,
                key=lambda s: (
                    not _name_first(form, s.record, s.rank)[0],
                    -(s.rank + math.log(s.share or 1.0)),
                    entities[s.record.entity].id,
                ),
            )
        shared = self.index.shared_names
        counts: dict[str, int] = {}
        out = []
        for item in scored:
            name = item.record.form.normalized
            if name in shared:
                if name not in counts:
                    counts[name] = len(self.index.entities_named(item.record.form))
                out.append(dataclasses.replace(item, share=namesake_cap(counts[name]), informed=False))
            else:
                out.append(item)
        return out

    def _match(self, query: str, form: NameForm, scored: _Scored, runner_up: _Scored | None) -> Match:
        features = dict(scored.comparison.features)
        gap = _MARGIN_SCALE if runner_up is None else scored.rank - runner_up.rank
        features["margin"] = max(0.0, min(1.0, gap / _MARGIN_SCALE))
        features["ambiguous"] = 1.0 if scored.record.form.normalized in self.index.shared_names else 0.0
        if scored.informed:  # gazetteer (#12): the prominence prior stands in for ambiguity
            features["ambiguous"] = 0.0
        entity = self.registry.entities[scored.record.entity]
        contributions = self.model.confidence.contributions(features)
        if form.suspicious:
            contributions["suspicious"] = SUSPICIOUS_LOG_ODDS
        score = sigmoid(sum(contributions.values()))
        if scored.share is not None:  # gazetteer (#12): see canonym.prior
            score, change = apply_share(score, scored.share, scored.informed)
            if change:
                contributions["prominence" if scored.informed else "namesakes"] = change
        evidence = Evidence(
            query_normalized=form.normalized,
            normalization=form.steps,
            alias=scored.record.name,
            alias_normalized=scored.record.form.normalized,
            pairs=scored.comparison.pairs,
            unmatched_query=scored.comparison.unmatched_query,
            unmatched_alias=scored.comparison.unmatched_alias,
            ignored=form.titles,
            features=features,
            contributions=contributions,
            runner_up=None if runner_up is None else self.registry.entities[runner_up.record.entity].id,
            suspicious=form.suspicious,
        )
        return Match(query, entity, score, scored.record.name, evidence)

    def candidates(self, name: str, *, limit: int = 5, source_lang: str | None = None) -> list[Match]:
        """The ``limit`` most likely entities for ``name``, best first, at any confidence.

        ``source_lang`` (an ISO 639-1 code such as ``"ar"``) says which language the text
        was translated from; for abjad languages vowel differences count less.

        >>> [m.entity.id for m in Resolver.default().candidates("Cast", limit=1)]
        ['jose-antonio-kast']
        """
        if len(name) > MAX_NAME_CHARS:
            return []
        form = analyze(name, self.lexicon)
        if not form.words:
            return []
        scored = self._prior(form, self._score(form, source_lang))  # gazetteer (#12)
        matches = []
        for position, item in enumerate(scored[:limit]):
            others = scored[:position] + scored[position + 1 : position + 2]
            runner_up = max(others, key=lambda s: s.rank) if others else None
            matches.append(self._match(name, form, item, runner_up))
        return _exclusive(matches)  # gazetteer (#12)

    def resolve(
        self, name: str, *, threshold: float | None = None, source_lang: str | None = None
    ) -> Match | None:
        """The entity ``name`` refers to, or None when no answer reaches ``threshold``.

        ``threshold`` defaults to the entity type's entry in :attr:`thresholds`; the
        returned score is the probability that the answer is right.

        >>> m = Resolver.default().resolve("Janet Jara")
        >>> m.entity.canonical, m.score > 0.5
        ('Jeannette Jara', True)
        """
        found = self.candidates(name, limit=1, source_lang=source_lang)
        if found and self.accepts(found[0], threshold):
            return found[0]
        return None

    @functools.cached_property
    def _memo(self) -> Callable[[str, str | None], tuple[Match, ...]]:
        # Spans repeat across a corpus ("Kast", "Peru"): their candidates are kept.
        @functools.lru_cache(maxsize=1 << 16)
        def candidates3(surface: str, source_lang: str | None) -> tuple[Match, ...]:
            return tuple(self.candidates(surface, limit=3, source_lang=source_lang))

        return candidates3

    def _memo_candidates(self, surface: str, source_lang: str | None) -> tuple[Match, ...]:
        return self._memo(surface, source_lang)

    def annotate(self, text: str, *, source_lang: str | None = None) -> Annotated:
        """Every entity mention in running ``text``, with offsets, entity, confidence and
        evidence, linked by name or through the rest of the document (see
        :mod:`canonym.annotate`).

        >>> doc = Resolver.default().annotate("Peruvian President José Geri spoke. Geri left for Lima.")
        >>> [(m.text, m.entity.id, m.via) for m in doc.mentions]
        [('José Geri', 'jose-jeri', 'name'), ('Geri', 'jose-jeri', 'document'), ('Lima', 'lima', 'name')]
        >>> doc.mentions[0].title
        'Peruvian President'
        """
        return annotate(text, self, source_lang=source_lang)

    def annotate_many(
        self, texts: Iterable[str], *, source_lang: str | None = None, workers: int = 1
    ) -> list[Annotated]:
        """:meth:`annotate` for each text, in order: each distinct text once, and with
        ``workers > 1`` in that many processes (see :mod:`canonym.batch`)."""
        return run_many(self, "annotate", texts, {"source_lang": source_lang}, workers)

    def resolve_many(
        self,
        names: Iterable[str],
        *,
        threshold: float | None = None,
        source_lang: str | None = None,
        workers: int = 1,
    ) -> list[Match | None]:
        """:meth:`resolve` for each name, in order: each distinct name once, and with
        ``workers > 1`` in that many processes (see :mod:`canonym.batch`).

        >>> [m and m.entity.id for m in Resolver.default().resolve_many(["Cast", "José Gehry", "José Gehry"])]
        [None, 'jose-jeri', 'jose-jeri']
        """
        return run_many(self, "resolve", names, {"threshold": threshold, "source_lang": source_lang}, workers)


def _exclusive(matches: list[Match]) -> list[Match]:
    """gazetteer (#12): the candidates of one query with confidences that add up to at most
    1 (:func:`canonym.prior.exclusive_scores`); the best keeps its own."""
    capped = exclusive_scores([m.score for m in matches])
    if capped == [m.score for m in matches]:
        return matches
    out = []
    for match, score in zip(matches, capped):
        if score == match.score:
            out.append(match)
            continue
        change = _logit(score) - _logit(match.score)
        contributions = {**match.evidence.contributions, "exclusive": change}
        evidence = dataclasses.replace(match.evidence, contributions=contributions)
        out.append(dataclasses.replace(match, score=score, evidence=evidence))
    return out


def _logit(p: float) -> float:
    p = min(max(p, 1e-12), 1.0 - 1e-12)
    return math.log(p / (1.0 - p))


# gazetteer (#12): for a name equal to the query, the ``known_names`` count goes no higher
# than this: up to it the models' weights rise with the count (a second name helps), above
# it they fall.
_EXACT_KNOWN_NAMES = 2


def _known_names(entity: Entity, *, exact: bool) -> int:
    """gazetteer (#12): the name count the ``known_names`` feature sees (one name leaves
    the feature out).

    Above two names its weight is negative: an entity with more names has more chances to
    come close to a query by accident, and the model learnt that from inexact matches. A
    name equal to the query is no accident of that kind, so for it the count stops at
    :data:`_EXACT_KNOWN_NAMES`, and adding names to an entity cannot lower the confidence
    of a query equal to one of them. Where the registry gives prominence, the prior
    (:mod:`canonym.prior`) says how well known the entity is and the count is left out: a
    gazetteer's hundreds of names per city lie far beyond the counts it was fitted on (at
    most nine) and would only count against the best-known places."""
    if entity.prominence is not None:
        return 1
    return min(len(entity.names), _EXACT_KNOWN_NAMES) if exact else len(entity.names)


def _name_first(form: NameForm, record: AliasRecord, rank: float) -> tuple[bool, float]:
    """How a candidate name ranks (gazetteer, #12): one that is the query itself, after
    normalisation, before any that is not, then by the model's rank. An entity with
    hundreds of names in many scripts is then represented by the name the query wrote,
    not by whichever other name the model happens to like, and adding names to an entity
    can never let one of them push an exact name of another entity down the list."""
    return record.form.normalized == form.normalized, rank


@functools.cache
def _default_resolver() -> Resolver:
    # Through the disk cache too: a one-off `canonym resolve NAME` then skips indexing.
    text = resources.files("canonym").joinpath("data/aliases.yaml").read_bytes()

    return _cached_resolver(content_key([b"default", text]), Registry.default)


def _cached_resolver(key: str, load: Callable[[], Registry]) -> Resolver:
    """A resolver whose registry and index come from the disk cache under ``key``, built
    with ``load`` when the cache has no entry."""

    def build() -> tuple[Registry, CandidateIndex]:
        registry = load()
        return registry, CandidateIndex(registry, default_lexicon())

    registry, index = cached(key, build)
    return Resolver._assemble(registry, index, default_model())
