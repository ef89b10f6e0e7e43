"""Resolve a mention to the entity it names, with a calibrated confidence and evidence."""

from __future__ import annotations

import datetime
import functools
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from canonym.annotate import Annotated, annotate
from canonym.batch import run_many
from canonym.cache import cached, content_key
from canonym.index import AliasRecord, CandidateIndex
from canonym.lexicon import Lexicon, default_lexicon
from canonym.models import Evidence, Match
from canonym.names import NameForm, analyze
from canonym.registry import Registry, read_registry_file
from canonym.roles import role_match, with_title_evidence
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
                entity_names=len(entity.names),
            )
            rank = self.model.rank.logit(comparison.features)
            known = best.get(record.entity)
            if known is None or rank > known.rank:
                best[record.entity] = _Scored(record, comparison, rank)
        return sorted(best.values(), key=lambda s: (-s.rank, entities[s.record.entity].id))

    def _match(self, query: str, form: NameForm, scored: _Scored, runner_up: _Scored | None) -> Match:
        features = dict(scored.comparison.features)
        gap = _MARGIN_SCALE if runner_up is None else scored.rank - runner_up.rank
        features["margin"] = max(0.0, min(1.0, gap / _MARGIN_SCALE))
        features["ambiguous"] = 1.0 if scored.record.form.normalized in self.index.shared_names else 0.0
        entity = self.registry.entities[scored.record.entity]
        contributions = self.model.confidence.contributions(features)
        if form.suspicious:
            contributions["suspicious"] = SUSPICIOUS_LOG_ODDS
        score = sigmoid(sum(contributions.values()))
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

    def candidates(
        self,
        name: str,
        *,
        limit: int = 5,
        source_lang: str | None = None,
        date: datetime.date | str | None = None,
    ) -> list[Match]:
        """The ``limit`` most likely entities for ``name``, best first, at any confidence.

        ``source_lang`` (an ISO 639-1 code such as ``"ar"``) says which language the text
        was translated from; for abjad languages vowel differences count less. ``date``
        (default today) is the day a role mention such as *the Peruvian Chancellor* is
        about (see :mod:`canonym.roles`).

        >>> [m.entity.id for m in Resolver.default().candidates("Cast", limit=1)]
        ['jose-antonio-kast']
        """
        if len(name) > MAX_NAME_CHARS:
            return []
        # A role mention names whoever holds the office on `date`: canonym.roles decides,
        # before and apart from name matching.
        by_role = role_match(name, self.registry, date)
        if by_role is not None:
            return [by_role]
        form = analyze(name, self.lexicon)
        if not form.words:
            return []
        scored = self._score(form, source_lang)
        matches = []
        for position, item in enumerate(scored[:limit]):
            others = scored[:position] + scored[position + 1 : position + 2]
            runner_up = max(others, key=lambda s: s.rank) if others else None
            matches.append(self._match(name, form, item, runner_up))
        # Titles are evidence: one that agrees with the entity's office on `date` raises
        # the confidence, one that contradicts it lowers it (canonym.roles).
        return [with_title_evidence(m, form.titles, self.registry, date) for m in matches]

    def resolve(
        self,
        name: str,
        *,
        threshold: float | None = None,
        source_lang: str | None = None,
        date: datetime.date | str | None = None,
    ) -> Match | None:
        """The entity ``name`` refers to, or None when no answer reaches ``threshold``.

        ``threshold`` defaults to the entity type's entry in :attr:`thresholds`; the
        returned score is the probability that the answer is right. A role mention
        resolves to the office holder on ``date`` (default today), or to None.

        >>> m = Resolver.default().resolve("Janet Jara")
        >>> m.entity.canonical, m.score > 0.5
        ('Jeannette Jara', True)
        >>> Resolver.default().resolve("the Peruvian Chancellor", date="2025-11-28").entity.id
        'hugo-de-zela'
        """
        # A role mention names whoever holds the office on `date`: canonym.roles decides,
        # before and apart from name matching.
        if len(name) <= MAX_NAME_CHARS:
            by_role = role_match(name, self.registry, date)
            if by_role is not None:
                return by_role if self.accepts(by_role, threshold) else None
        found = self.candidates(name, limit=1, source_lang=source_lang, date=date)
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
