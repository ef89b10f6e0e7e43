"""Resolve a mention to the entity it names, with a calibrated confidence and evidence."""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import functools
import itertools
import math
import os
import unicodedata
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from rapidfuzz import process
from rapidfuzz.distance import OSA

from canonym.batch import run_many
from canonym.cache import cached, content_key
from canonym.features import CLOSE_PAIR, Comparison, compare, decision_features, explains
from canonym.index import AliasRecord, CandidateIndex
from canonym.inflection import RULE_LANGUAGES, base_forms, guessed
from canonym.lexicon import Lexicon, default_lexicon
from canonym.loans import loan_forms, loan_marked
from canonym.model import Model, default_model, logit, sigmoid
from canonym.models import Entity, Evidence, Match, Role, TokenPair, init_only_sets, read_only
from canonym.names import NameForm, analyze
from canonym.normalize import normalize_text
from canonym.phonetic import deletions, translit_key
from canonym.prior import (
    apply_share,
    candidate_shares,
    exclusive_scores,
    loose_shares,
    namesake_cap,
    prior_weight,
    rival_share,
    share_of_name,
    share_of_shared_name,
)
from canonym.registry import BUNDLED, DEFAULT_BUNDLED, Registry, bundled_path, read_registry_file
from canonym.roles import role_match, title_terms
from canonym.scripts import check_language, comparison_language, first_script, ordered_runs, romanizations
from canonym.surnames import surname_of, surname_terms, with_surname_term

if TYPE_CHECKING:
    from canonym.text import Annotated

__all__ = ["Resolver"]

_T = TypeVar("_T")

_CANDIDATE_ALIASES = 8
MEMO_ENTRIES = 1 << 12
"""How many spans' candidates :meth:`Resolver.candidates_cached` keeps (least recently used
first out)."""
MAX_NAME_CHARS = 1000
"""A query longer than this is not a name: it has no candidates and resolves to None."""
SUSPICIOUS_LOG_ODDS = -5.0
"""Added to the log-odds of a match whose query looks crafted to deceive (a homoglyph
spoof, a bidi override): about 0.99 becomes about 0.4, below every default threshold."""
INFLECTION_LOG_ODDS = -1.5
"""Added to the log-odds (and the rank) of a match reached only through a bare form of the
query that :func:`canonym.inflection.base_forms` gave (an ending stripped, a mutation
undone): the rule may have applied to a word that never had the ending, so such a match
is weaker than the same match of the name as written (about 0.99 becomes about 0.96, 0.8
about 0.47)."""
TWO_READINGS_LOG_ODDS = -2.0
"""Added to the log-odds of a match whose query and name, written in two different scripts
neither of which is Latin, only read alike once both are romanised (see
:func:`_two_readings`): each romanisation drops what its script wrote (vowel length, doubled
consonants, which of several letters a sound was), so two lossy readings that coincide are
weaker evidence than one reading equal to a name in Latin letters or a name written as the
query is (about 0.99 becomes about 0.93, 0.9 about 0.55). The size is the one constant
measured for it: on the gazetteer development half (benchmarks/gazetteer.py --half 0) such
answers were right 0.84 of the time at a mean confidence of 0.96, a gap of about 2 in
log-odds; with it, 0.88 at 0.90."""
ONE_READING_LOG_ODDS = -2.0
"""Added to the log-odds of a match whose query, in Latin letters, equals a name of the
candidate only as the index reads that name, written in another script, and no name of the
candidate in Latin letters reads so (see :func:`_one_reading`): the reading drops what the
name's script wrote (the vowels an abjad leaves out, a letter a script does not say), so a
Latin query that equals it may be another name that reads the same. A query in another
script that reads as a Latin name is not weakened: the name is written as it is. Measured
on the gazetteer development half (benchmarks/gazetteer.py --half 0): such accepted answers
were right in 22 of 25 cases at a mean confidence of 0.98, a gap of about 2 in log-odds
(with one success and one failure added: 23/27 against 0.98, 2.2); the same size as
:data:`TWO_READINGS_LOG_ODDS`'s."""
SPELT_APART_LOG_ODDS = -4.0
"""Added to the log-odds of a match of a one-word query that no name of the candidate is
spelt like, where it has many names (see :func:`spelt_apart`, :data:`SPELT_APART_NAMES`):
the comparison found the words alike by their sound keys (b and v, s and z, vowels), but
of all the ways the registry writes the entity (a gazetteer lists dozens of languages'
spellings of a city) the nearest still differs in half its letters or more, so the
likeness rests on the keys alone. Measured on the gazetteer development half
(benchmarks/gazetteer.py --half 0): such accepted answers were right in none of 17 cases
at a mean confidence of about 0.75, a gap of about 4 in log-odds (with one success added to
each side: 1/19 against 0.75); the spellings one letter in two apart and nearer (0.5 to 0.6
of the letters kept) were right in 6 of 25 and are left alone."""
SPELT_APART_NAMES = 10
"""The fewest names an entity must have for :data:`SPELT_APART_LOG_ODDS` to apply: that
none of its names is spelt like the query says something only where the registry writes
it in many spellings (a gazetteer's city in dozens of languages); a person listed under
two names is often written in a third way (a translated article's Gehry for Jerí)."""
SPELT_APART_SIMILARITY = 0.5
"""The letter similarity (rapidfuzz's normalised OSA similarity of the folded spellings:
edits over the longer length, two letters swapped counting as one edit, as in Bergen
typed Bregen: a slip of the keys, not a different name) at or below which a name is spelt
apart from the query: half the letters or more differ."""


class _Scored(NamedTuple):
    """One candidate entity's best alias, its comparison and rank, and what the prior and the
    decision add to it. (A named tuple: one is made for every candidate of every query, where
    a frozen dataclass's field-by-field set-up cost more than reading it; copies with a field
    changed are made by ``_replace``, new ones by :func:`_new_scored`.)"""

    record: AliasRecord
    comparison: Comparison
    rank: float
    form: NameForm
    # Where it stands before the model's rank is asked (see _tier): 0 and 1 are the exact
    # tiers, reached through a name equal to (the form of) the query.
    tier: int
    # The rule of canonym.inflection that made the query form this candidate was reached
    # through (None: the query as written, or one of its romanisations).
    derived: str | None
    # gazetteer (#12): this candidate's prior (canonym.prior): its prominence share, when
    # prominence ``informed`` it, else the namesake cap of a shared name (None: no prior).
    share: float | None = None
    informed: bool = False
    # Registries combined (#15): where only some candidates have a prominence, this one's
    # share among those that have one, as if their registry were alone (None: no such share).
    partial: float | None = None
    # Where the prior informs it and other candidates of its tier were reached through the
    # same name (inexactly): the summed share of those bearers of the name (see _prior).
    name_share: float | None = None
    # Where the prior informs it: how many of the entity's names agree with the query
    # (agreeing_names), which its prior weight counts.
    agreeing: int = 1
    # A rival (see _with_rivals): the tier it competes in, that of the candidates named
    # exactly as the query (None: its own, _tier).
    place: int | None = None


_Decision = tuple[float, dict[str, float], dict[str, float] | None, tuple[tuple[str, float], ...]]
"""A candidate's confidence, its features, and its contributions: the model's terms, made
only where asked (:meth:`Resolver._terms`; None until then), and the terms the resolver adds
after them, in order."""


class _Weighed(NamedTuple):
    """One of the leading candidates of a query as :meth:`Resolver._ranked` weighs it before
    it is made a :class:`Match`: the tier it is ordered in (:func:`_place`), its score and
    log-odds terms with the title's and the surname's added, the role its title agreed
    with, and what :meth:`Resolver._match` reads."""

    place: int
    score: float
    # Its log-odds terms, or the decision they are made from where a title did not change
    # them (see Resolver._weighed_terms).
    contributions: Mapping[str, float] | _Decision
    role: Role | None
    features: Mapping[str, float]
    item: _Scored
    runner_up: _Scored | None


_new_tuple = tuple.__new__
_SCORED_DEFAULTS = tuple(_Scored._field_defaults.values())


def _new_scored(  # noqa: PLR0917 (_Scored's fields without defaults, in order)
    record: AliasRecord, comparison: Comparison, rank: float, form: NameForm, tier: int, derived: str | None
) -> _Scored:
    """``_Scored(record, comparison, rank, form, tier, derived)``, the other fields at their
    defaults, made as ``tuple.__new__`` makes it (a named tuple's own ``__new__`` is
    interpreted Python, called for every candidate of every query).

    >>> _new_scored(None, None, 0.5, None, 3, None) == _Scored(None, None, 0.5, None, 3, None)
    True
    """
    return _new_tuple(_Scored, (record, comparison, rank, form, tier, derived, *_SCORED_DEFAULTS))


_DecidedItem = tuple[_Decision, _Scored, _Scored | None]
"""A candidate's decision, the candidate and its runner-up."""
_ADDED_TERMS = frozenset(
    {"suspicious", "inflection", "two_readings", "one_reading", "spelt_apart", "prominence", "namesakes"}
)
"""The names of the terms :meth:`Resolver._decide` adds to the model's."""


def _apart(weights: Mapping[str, float]) -> bool:
    """Whether none of :data:`_ADDED_TERMS` is a term of a model with these ``weights``:
    then each is added after the model's terms (else it replaces the model's value).

    >>> _apart({"exact": 1.0}), _apart({"exact": 1.0, "prominence": 0.5})
    (True, False)
    """
    return not any(name in weights for name in _ADDED_TERMS)


class Resolver:
    """Resolves names against one registry.

    Build it once and reuse it: building indexes every alias. It holds no mutable state
    after construction but bounded caches, which a build of CPython with the GIL fills one
    thread at a time, so one resolver can serve many threads.

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
        # The memos of span candidates and word look-ups are per-process caches, rebuilt on
        # demand.
        return {
            k: v
            for k, v in self.__dict__.items()
            if k not in ("_memo", "_resembles", "_has_alias", "_spellings", "_analyzed")
        }

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
    def bundled(cls, name: str) -> Resolver:
        """A resolver over the bundled registry ``name`` (``story``, the default, or ``world``:
        see :data:`canonym.registry.BUNDLED`), built once per process, its index cached on disk.

        >>> Resolver.bundled("world").resolve("Allemagne").entity.canonical
        'Germany'
        """
        return cls.default() if name == DEFAULT_BUNDLED else _bundled_resolver(name)

    @classmethod
    def from_registries(cls, registries: Sequence[str | os.PathLike[str]]) -> Resolver:
        """A resolver over bundled registries (by name) and registry files, merged in order,
        as ``canonym resolve --registry``; none means the default.

        >>> Resolver.from_registries(["world"]).resolve("Tokio").entity.canonical
        'Tokyo'
        """
        names = [os.fspath(r) for r in registries]
        if not names:
            return cls.default()
        if len(names) == 1 and names[0] in BUNDLED:
            return cls.bundled(names[0])
        return cls.from_files([bundled_path(n) if n in BUNDLED else n for n in names])

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

    def _score(
        self,
        forms: NameForm | Sequence[NameForm],
        source_lang: str | None,
        runs: Mapping[int, tuple[tuple[int, ...], ...]] | None = None,
        looked_up: Sequence[Sequence[AliasRecord]] | None = None,
        derived: Sequence[str] = (),
        *,
        compared: dict[tuple[int, int], tuple[Comparison, bool, float]] | None = None,
    ) -> list[_Scored]:
        """Every candidate entity's best alias over the query's form or forms, best first
        (a tie goes to the earlier form). ``runs[k]`` are words of form ``k`` that must
        pair in their order (see :func:`~canonym.scripts.ordered_runs`); ``looked_up[k]``
        the records the index found for form ``k`` (looked up here when not given).
        ``derived`` are the rules of :mod:`canonym.inflection` that made the last forms: a
        candidate reached through one of them is never exact and ranks lower by
        :data:`INFLECTION_LOG_ODDS`.

        ``compared`` keeps, by (form, record) position, what was worked out for the forms
        not made by a rule (the comparison, whether its runs pair in order, the rank): a
        second call over the same first forms and records, with bare forms added after
        them, reads it rather than comparing again. A record is not compared at all where
        its entity already has a candidate of a better tier (:func:`_tier`), which it could
        never replace."""
        if isinstance(forms, NameForm):
            forms = [forms]
        best: dict[int, _Scored] = {}
        entities = self.registry.entities
        if looked_up is None:
            looked_up = self._looked_up(forms)
        first_derived = len(forms) - len(derived)
        # Read once for every record below.
        weight, lexicon, name_counts, rank_logit = (
            self.index.weight,
            self.lexicon,
            self.index.name_counts,
            self.model.rank.log_odds,
        )
        runs = runs or {}
        for number, form in enumerate(forms):
            ordered = runs.get(number, ())
            rule = derived[number - first_derived] if number >= first_derived else None
            normalized = form.normalized
            for position, record in enumerate(looked_up[number]):
                same = record.form.normalized == normalized
                exact = rule is None and same
                if (
                    rule is not None
                    and guessed(rule)
                    and (not same or self._written_as_query(record, form) is None)
                ):
                    continue  # a guessed language's bare form counts only as a Latin name
                known = best.get(record.entity)
                written = self._written_as_query(record, form) if exact else None
                tier = _tier(written is not None, exact, same)
                if known is not None and known.tier < tier:
                    continue  # the tier this record would have cannot win
                kept = compared.get((number, position)) if compared is not None and rule is None else None
                if kept is None:
                    entity = entities[record.entity]
                    comparison = compare(
                        form,
                        record.form,
                        weight,
                        lexicon,
                        source_lang,
                        entity_type=entity.type,
                        entity_names=_known_names(entity, name_counts[record.entity], exact=exact),
                    )
                    in_order = not ordered or _in_order(ordered, form, record.form, comparison)
                    rank = rank_logit(comparison.features) if in_order else 0.0
                    if compared is not None and rule is None:
                        compared[number, position] = (comparison, in_order, rank)
                else:
                    comparison, in_order, rank = kept
                if not in_order:
                    continue
                if rule is not None:
                    rank += INFLECTION_LOG_ODDS
                # The index keeps one name per normalised form and entity: the evidence
                # names the one written as the query is.
                alias = (
                    record
                    if written in (None, record.name)
                    else AliasRecord(record.entity, written, record.form)
                )
                scored = _new_scored(alias, comparison, rank, form, tier, rule)
                # A name written as the query is represents its entity, and puts it ahead
                # of every entity matched only through a name that is not; then one that
                # reads as the query does, then one equal to a bare form of it (see
                # _tier); among equals the model's rank decides.
                if known is None or (tier, -rank) < (known.tier, -known.rank):
                    best[alias.entity] = scored
        return sorted(
            best.values(),
            key=lambda s: (s.tier, -s.rank, entities[s.record.entity].id),
        )

    def _looked_up(self, forms: Sequence[NameForm]) -> list[list[AliasRecord]]:
        """The alias records the index finds for each form: the only records a query's
        candidates come from."""
        index = self.index
        return [index.records_for(index.lookup(form, _CANDIDATE_ALIASES)) for form in forms]

    def _written_as_query(self, record: AliasRecord, form: NameForm) -> str | None:
        """A name of ``record``'s entity that is the query as written (see :func:`_tier`),
        or None; ``record``'s normalised form equals ``form``'s."""
        query = form.text
        script = _writing(query)
        if script == "Latin":
            # Latin letters fold to the same normalised form as spellings of one name
            # (Köln, Koln, KÖLN): a Latin name with the query's normalised form is it.
            if _writing(record.name) == "Latin":
                return record.name
            return _latin_name(self.registry.entities[record.entity], form.normalized)
        written = _letters(query)
        if _writing(record.name) == script and _letters(record.name) == written:
            return record.name
        names = self.registry.entities[record.entity].names
        return next((n for n in names if _writing(n) == script and _letters(n) == written), None)

    def _prior(self, scored: list[_Scored]) -> list[_Scored]:
        """The prior over the candidates (:mod:`canonym.prior`).

        Where every candidate has a prominence, each gets its share of the weight (prominence
        times number of names) of the candidates that match as well as it does: those matched
        through a name written as the query is share among themselves, those through a name that
        reads as the query does among themselves (a poor match to a big city must not dilute an
        exact name of a smaller one), the others among themselves, a candidate ranked far below
        another counting in the other's share only by its likelihood ratio (see :func:`_tier`,
        :func:`~canonym.prior.loose_shares`). They are ranked by the tier, then the model's rank plus the log
        of the share. Otherwise the list keeps its order, candidates matched through a name that
        other entities share get the uniform share of it, and those that have a prominence also
        get their share among the ones of their tier that have one: a registry with prominence
        (the world's) combined with one without (a user's people) keeps its prior over its own
        candidates, so that adding a registry never raises the confidence of another registry's
        candidate (a lone word reaching one of the hundreds of names of a well-known place stays
        as weak as it is against that registry alone).
        """
        entities = self.registry.entities
        known = [entities[s.record.entity].prominence is not None for s in scored]
        tiers = [[s for s in scored if s.tier == tier] for tier in range(_TIERS)] if any(known) else []
        if all(known):
            agreeing = {id(s): self._agreeing(s) for s in scored}
            out = [
                s._replace(share=share, informed=True, agreeing=agreeing[id(s)])
                for number, tier in enumerate(tiers)
                for s, share in zip(
                    tier,
                    self._shares(tier, [agreeing[id(s)] for s in tier], loose=number == _TIERS - 1) or (),
                )
            ]
            out = _with_name_shares(out)
            return sorted(
                out,
                key=lambda s: (
                    s.tier,
                    -(s.rank + math.log(s.share or 1.0)),
                    entities[s.record.entity].id,
                ),
            )
        partial: dict[int, float] = {}
        for tier in tiers:  # none where no candidate has a prominence
            prominent = [s for s in tier if entities[s.record.entity].prominence is not None]
            partial.update(zip((id(s) for s in prominent), self._shares(prominent) or ()))
        shared = self.index.shared_names
        counts: dict[str, int] = {}
        out = []
        for scored_item in scored:
            item = scored_item
            if id(item) in partial:
                item = item._replace(partial=partial[id(item)])
            name = item.record.form.normalized
            if name in shared:
                if name not in counts:
                    counts[name] = len(self.index.entities_named(item.record.form))
                out.append(item._replace(share=namesake_cap(counts[name]), informed=False))
            else:
                out.append(item)
        return out

    def _forms(
        self, name: str, form: NameForm, source_lang: str | None
    ) -> tuple[list[NameForm], dict[int, tuple[tuple[int, ...], ...]]]:
        """The query's forms: its normalised form and the other Latin forms its script's
        names are written in (see :func:`~canonym.scripts.romanizations`), the source
        language's conventions first; and, by form, the words that must pair in order."""
        readings = romanizations(name, source_lang)
        if readings == (name,):
            return [form], {}  # Latin letters with accents, or a script with no readings
        forms = [] if source_lang else [form]
        runs: dict[int, tuple[tuple[int, ...], ...]] = {}
        for text in readings:
            other = analyze(text, self.lexicon)
            if other.words and all(other.normalized != f.normalized for f in [*forms, form]):
                order = ordered_runs(text)
                if order and len(text.replace("-", " ").split()) == len(other.words):
                    runs[len(forms)] = order
                forms.append(
                    dataclasses.replace(
                        other, text=name, steps=("transliterate", *other.steps), suspicious=form.suspicious
                    )
                )
            elif other.normalized == form.normalized and form not in forms:
                forms.append(form)
        if form not in forms:
            forms.append(form)
        return forms, runs

    def _decide(
        self,
        scored: _Scored,
        runner_up: _Scored | None,
        shared: Container[str],
        added_up: Callable[[Mapping[str, float], tuple[float, ...]], float] | None,
    ) -> _Decision:
        """One candidate's confidence, with its features and the terms of its log-odds
        (``shared``: the index's names of several entities). Where the resolver's terms
        are apart from the model's (:func:`_apart`), the model's are added up, not made
        (``added_up``: :attr:`~canonym.model.LogisticModel.added_up` of the confidence
        model; else None): only the candidates a query keeps carry them (:meth:`_terms`)."""
        features = decision_features(
            scored.comparison.features,
            rank_gap=None if runner_up is None else scored.rank - runner_up.rank,
            # The prominence prior, where it informs the candidate, stands in for ambiguity.
            shared_name=scored.record.form.normalized in shared and not scored.informed,
        )
        added: list[tuple[str, float]] = []
        if scored.form.suspicious:
            added.append(("suspicious", SUSPICIOUS_LOG_ODDS))
        if scored.derived is not None:
            added.append(("inflection", INFLECTION_LOG_ODDS))
        if scored.tier == 1:  # the tier of both readings (see _two_readings, _one_reading)
            if _two_readings(scored, self.registry.entities[scored.record.entity]):
                added.append(("two_readings", TWO_READINGS_LOG_ODDS))
            elif _one_reading(scored):
                added.append(("one_reading", ONE_READING_LOG_ODDS))
        if self._spelt_apart(scored):
            added.append(("spelt_apart", SPELT_APART_LOG_ODDS))
        contributions: dict[str, float] | None = None
        if added_up is not None:
            # The sum of the contributions below, each added after the model's terms.
            score = sigmoid(added_up(features, tuple([value for _, value in added]) if added else ()))
        else:  # a model's term of the same name: set, not added after it
            contributions = self.model.confidence.contributions(features)
            contributions.update(added)
            score = sigmoid(sum(contributions.values()))
        # The prior's terms, set after the others (a second "prominence" replaces the first).
        prior: dict[str, float] = {} if contributions is None else contributions
        share, informed = scored.share, scored.informed
        if scored.partial is not None:  # a prior over some of the candidates (see _prior)
            score, change = apply_share(score, scored.partial, informed=True)
            if change:
                prior["prominence"] = change
        if share is not None and informed and scored.tier <= 1:
            # Namesakes: the query is a name of each, so the name's evidence is the same
            # for all and the prior splits it (canonym.prior.share_of_name).
            score, change = share_of_name(score, share)
            if change:
                prior["prominence"] = change
        elif share is not None and informed and scored.name_share is not None:
            # The query comes close to a name that other candidates bear too: the same
            # evidence for each of them (canonym.prior.share_of_shared_name).
            score, change = share_of_shared_name(score, share, scored.name_share)
            if change:
                prior["prominence"] = change
        elif share is not None:  # see canonym.prior
            score, change = apply_share(score, share, informed)
            if change:
                prior["prominence" if informed else "namesakes"] = change
        if contributions is not None:
            return score, features, contributions, ()
        if prior:
            added.extend(prior.items())
        return score, features, None, tuple(added) if added else ()

    def _terms(self, decision: _Decision) -> dict[str, float]:
        """The contributions of a candidate's :meth:`_decide`: the model's terms with the
        resolver's after them (a new dict, the caller's to keep)."""
        _, features, contributions, added = decision
        if contributions is not None:
            return dict(contributions)
        contributions = self.model.confidence.contributions(features)
        for name, value in added:
            contributions[name] = value
        return contributions

    def _weighed_terms(self, weighed: _Weighed) -> Mapping[str, float]:
        """``weighed``'s log-odds terms (made from its decision where a title did not
        change them)."""
        terms = weighed.contributions
        return self._terms(terms) if isinstance(terms, tuple) else terms

    def _decided(self, scored: list[_Scored]) -> list[_DecidedItem]:
        """Each candidate's confidence with its runner-up. The answer is the most confident
        candidate, and candidates are listed by confidence, except that an entity named
        exactly as the query comes before any matched through another name: the rank
        model chooses each entity's alias and each candidate's runner-up. A stable sort
        keeps the rank order between equals."""
        decided = []
        # The runner-up of each is the highest ranked of those before it and the one after
        # it (the first of equals, as max() gives it); the best before is carried along.
        before: _Scored | None = None
        count = len(scored)
        shared = self.index.shared_names
        confidence = self.model.confidence
        added_up = confidence.added_up if _apart(confidence.weights) else None
        for position, item in enumerate(scored):
            runner_up = before
            if position + 1 < count:
                after = scored[position + 1]
                if runner_up is None or after.rank > runner_up.rank:
                    runner_up = after
            decided.append((self._decide(item, runner_up, shared, added_up), item, runner_up))
            if before is None or item.rank > before.rank:
                before = item
        decided = self._with_rivals(decided)
        decided.sort(key=lambda d: (_place(d[1]), -d[0][0]))
        return decided

    def _with_rivals(self, decided: list[_DecidedItem]) -> list[_DecidedItem]:
        """``decided`` with the rivals of the candidates named as the query is: where the
        prior informs every candidate, the first tier (see :func:`_tier`) is one of names
        equal to the query, and some candidates of a later tier reached inexactly (also
        through a bare form of the query: tiers 2 and 3) have at least
        :data:`RIVAL_AGREEING` names that agree with the query (:func:`agreeing_names`),
        those rivals compete with the tier by Bayes' rule (:func:`canonym.prior.rival_share`:
        model odds times prior weight, summed by side), every confidence of either side
        times its side's share, and they are ordered with the tier by confidence.

        The tiers put a name equal to the query first, since no spelling of another entity
        is as strong as its own name; but an equal name of a village that a gazetteer lists
        in one language's spelling is weaker evidence than several of a capital's names,
        in several languages, each a letter away from the query (a query equal to the one
        foreign spelling a gazetteer lists for a small town, and a letter from a capital's
        names in five languages). A candidate reached through a single name of its entity is
        no rival: one odd alias the query comes close to is what :func:`agreeing_names`
        discounts."""
        if not decided or not all(item.informed for _, item, _ in decided):
            return decided
        lead = min(item.tier for _, item, _ in decided)
        if lead == _TIERS - 1:
            return decided
        named = [d for d in decided if d[1].tier == lead]
        rivals = [
            d for d in decided if d[1].tier > lead and d[1].tier > 1 and d[1].agreeing >= RIVAL_AGREEING
        ]
        if not rivals:
            return decided
        entities = self.registry.entities
        counts = self.index.name_counts
        # The contributions of both sides, which their evidence reads.
        terms = {id(d): self._terms(d[0]) for d in (*named, *rivals)}

        def evidence(d: _DecidedItem) -> tuple[float, float]:
            _, item, _ = d
            contributions = terms[id(d)]
            odds = math.fsum(contributions.values()) - contributions.get("prominence", 0.0)
            entity = item.record.entity
            return odds, prior_weight(entities[entity].prominence or 0.0, counts[entity], item.agreeing)

        share = rival_share([evidence(d) for d in named], [evidence(d) for d in rivals])
        sides = {id(d): share for d in named} | {id(d): 1.0 - share for d in rivals}
        out = []
        for d in decided:
            if id(d) not in sides:
                out.append(d)
                continue
            (score, features, _, _), item, runner_up = d
            contributions = terms[id(d)]
            new = score * sides[id(d)]
            if new != score:
                contributions = {**contributions, "rival": logit(new) - logit(score)}
            out.append(((new, features, contributions, ()), item._replace(place=lead), runner_up))
        return out

    def _stands_alone(self, form: NameForm, language: str | None, records: Sequence[AliasRecord]) -> bool:
        """Whether ``form``, a bare form of the query, would be answered confidently by
        itself, through a name of its entity equal to it (``records``: what the index
        finds for it)."""
        decided = self._decided(self._prior(self._score([form], language, {}, [records])))
        return self._confident(decided) and decided[0][1].record.form.normalized == form.normalized

    def _confident(self, decided: list[_DecidedItem]) -> bool:
        """Whether the first of ``decided`` reaches its type's default threshold."""
        if not decided:
            return False
        (score, *_), item, _ = decided[0]
        return score >= self.model.thresholds[self.registry.entities[item.record.entity].type]

    def _match(
        self,
        query: str,
        scored: _Scored,
        runner_up: _Scored | None,
        decided: tuple[float, Mapping[str, float], Mapping[str, float]],
        *,
        role: Role | None,
        ignored: tuple[str, ...],
    ) -> Match:
        """``scored`` as a :class:`Match` of ``query`` with its evidence: ``decided`` its
        confidence, features and contributions, ``role`` the office its title agreed with,
        ``ignored`` its form's titles."""
        score, features, contributions = decided
        form, record, comparison = scored.form, scored.record, scored.comparison
        entities = self.registry.entities
        # Evidence's fields in its order, features and contributions as its __post_init__
        # keeps them (see canonym.models.init_only_sets).
        fields: dict[str, Any] = {
            "query_normalized": form.normalized,
            "normalization": form.steps,
            "alias": record.name,
            "alias_normalized": record.form.normalized,
            "pairs": comparison.pairs,
            "unmatched_query": comparison.unmatched_query,
            "unmatched_alias": comparison.unmatched_alias,
            "ignored": ignored,
            # Views of dicts made for this candidate alone, which nothing changes after.
            "features": MappingProxyType(features),
            "contributions": MappingProxyType(contributions),
            "runner_up": None if runner_up is None else entities[runner_up.record.entity].id,
            "suspicious": form.suspicious,
            "model_version": self.model.version,
            "role": role,
            "derived_by": scored.derived,
        }
        evidence = _made_bare(Evidence, fields) if _BARE_EVIDENCE else Evidence(**fields)
        match: dict[str, Any] = {
            "query": query,
            "entity": entities[record.entity],
            "score": score,
            "alias": record.name,
            "evidence": evidence,
        }
        return _made_bare(Match, match) if _BARE_MATCH else Match(**match)

    def candidates(
        self,
        name: str,
        *,
        limit: int = 5,
        source_lang: str | None = None,
        date: datetime.date | str | None = None,
        roles: bool = True,
    ) -> list[Match]:
        """The ``limit`` most likely entities for ``name``, most confident first, at any
        confidence.

        ``source_lang`` (an ISO 639-1 code such as ``"ar"``, or another code that
        :func:`~canonym.scripts.check_language` accepts; any other value is a ValueError)
        says which language the text was translated from: a name in another script is read
        in that language's romanisations first, and for abjad languages vowel differences
        count less. A name in Hebrew or Arabic script implies ``he`` or ``ar`` when no
        language is given, and one in the Cherokee syllabary is compared by the syllabary's
        rule whatever the language (:func:`~canonym.scripts.comparison_language`). ``date``
        (default today) is the day a role mention such as *the Peruvian Chancellor* is about
        (see :mod:`canonym.roles`); ``roles=False`` matches by name only (the text layer finds
        role phrases itself).

        >>> [m.entity.id for m in Resolver.default().candidates("Cast", limit=1)]
        ['jose-antonio-kast']
        """
        source_lang = check_language(source_lang)
        if len(name) > MAX_NAME_CHARS:
            return []
        # A role mention names whoever holds the office on `date`: canonym.roles decides,
        # before and apart from name matching.
        by_role = role_match(name, self.registry, date) if roles else None
        if by_role is not None:
            return [by_role]
        form = analyze(name, self.lexicon)
        if not form.words:
            return []
        forms, runs = self._forms(name, form, source_lang)
        return self._ranked(name, forms, runs, source_lang, limit=limit, date=date)

    def _ranked(
        self,
        name: str,
        forms: list[NameForm],
        runs: Mapping[int, tuple[tuple[int, ...], ...]],
        source_lang: str | None,
        *,
        limit: int,
        date: datetime.date | str | None,
        looked_up: Sequence[Sequence[AliasRecord]] | None = None,
    ) -> list[Match]:
        """:meth:`candidates` of ``name`` once its forms are known (and, given, the records
        looked up for them)."""
        language = comparison_language(name, source_lang)
        screened = looked_up is not None
        if looked_up is None:
            looked_up = self._looked_up(forms)
        compared: dict[tuple[int, int], tuple[Comparison, bool, float]] = {}
        decided = self._decided(self._prior(self._score(forms, language, runs, looked_up, compared=compared)))
        # A name that carries a loan language's orthographic marker (canonym.loans) is
        # read in its loan phonology even beside a confident answer (without one, its loan
        # readings are tried whatever its marker says, so the marker is not asked).
        confident = self._confident(decided)
        marked = confident and not screened and len(forms) == 1 and loan_marked(name)
        # A confident answer through no name equal to the query may yet lose to a guessed
        # ending's bare form that is a name of another entity (canonym.inflection).
        near = confident and decided[0][1].record.form.normalized != forms[0].normalized
        hinted = source_lang in RULE_LANGUAGES
        if not screened and len(forms) == 1 and (hinted or marked or not confident or near):
            # A name in Latin letters in a language that inflects borrowed names, or with
            # no confident answer: its bare forms, before an inflection or a mutation
            # (canonym.inflection), are tried beside it. Not for a span that
            # span_candidates screened: its screen is sound for the forms it looked up.
            form = forms[0]
            # ... and, when nothing is confident, its forms before a language's loan
            # phonology reshaped it (canonym.loans).
            loans = loan_forms(name, source_lang) if marked or not confident else ()
            bases = [*base_forms(name, source_lang), *loans]
            # A guessed ending is evidence only where its bare form would be answered
            # confidently as a query of its own: a stem that several entities come
            # close to says nothing of which one the inflected name is.
            if confident and not (hinted or marked):
                bases = [(text, rule) for text, rule in bases if guessed(rule)]
            bare = [(analyze(text, self.lexicon), rule) for text, rule in bases]
            bare = [(f, rule) for f, rule in bare if f.words and f.normalized != form.normalized]
            # (One that is no name at all cannot be: its exact key says so before a look-up.)
            bare = [(f, rule) for f, rule in bare if not guessed(rule) or self.index.exact(f)]
            found = [(f, rule, self._looked_up([f])[0]) for f, rule in bare]
            found = [
                (f, rule, records)
                for f, rule, records in found
                if not guessed(rule) or self._stands_alone(f, language, records)
            ]
            if found:
                derived = [rule for _, rule, _ in found]
                extra = [f for f, _, _ in found]
                records = [*looked_up, *(records for _, _, records in found)]
                scored = self._score([*forms, *extra], language, runs, records, derived, compared=compared)
                as_written = decided
                decided = self._decided(self._prior(scored))
                if (marked or not hinted) and confident and decided[0][0][0] < as_written[0][0][0]:
                    # A marked name's loan reading, or a guessed ending's bare form,
                    # replaces a confident reading as written only where it is more
                    # confident.
                    decided = as_written
        # Titles are evidence: one that agrees with the entity's office on `date` raises
        # the confidence, one that contradicts it lowers it (canonym.roles). They can
        # reorder the leading candidates, so two more than asked for are weighed; each is
        # weighed as its score and log-odds terms, and only those kept become matches.
        entities = self.registry.entities
        weighed: list[_Weighed] = []
        # A form's titles (NameForm.titles, worked out on each reading), by form.
        titles: dict[int, tuple[str, ...]] = {}
        for decision, item, runner_up in decided[: limit + 2]:
            said = titles.get(id(item.form))
            if said is None:
                said = titles[id(item.form)] = item.form.titles
            titled = (
                title_terms(said, entities[item.record.entity], self.registry, date, self._terms(decision))
                if said
                else None
            ) or (decision[0], decision, None)
            weighed.append(_new_tuple(_Weighed, (_place(item), *titled, decision[1], item, runner_up)))
        # A surname alone is weighed by how many people bear it (canonym.surnames).
        lexicon = self.lexicon
        words = [
            surname_of(
                entities[w.item.record.entity].type,
                w.item.comparison.pairs,
                w.item.comparison.unmatched_query,
                w.item.comparison.unmatched_alias,
                lexicon,
            )
            for w in weighed
        ]
        # (No word of a surname alone, no term: surname_terms would give each 0.)
        changes = (
            surname_terms(words, [w.item.comparison.pairs for w in weighed])
            if any(word is not None for word in words)
            else ()
        )
        for position, change in enumerate(changes):
            if change != 0.0:
                w = weighed[position]
                score, contributions = with_surname_term(w.score, self._weighed_terms(w), change)
                weighed[position] = w._replace(score=score, contributions=contributions)
        weighed.sort(key=lambda w: (w.place, -w.score))
        # A candidate list's confidences add up to at most 1 (canonym.prior).
        kept = weighed[:limit]
        out = []
        for w, score in zip(kept, exclusive_scores([w.score for w in kept])):
            terms = self._weighed_terms(w)
            if score != w.score:
                terms = {**terms, "exclusive": logit(score) - logit(w.score)}
            final = (score, w.features, terms)
            out.append(
                self._match(name, w.item, w.runner_up, final, role=w.role, ignored=titles[id(w.item.form)])
            )
        return out

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
        # The role phrase was asked above (and is never one above MAX_NAME_CHARS).
        found = self.candidates(name, limit=1, source_lang=source_lang, date=date, roles=False)
        if found and self.accepts(found[0], threshold):
            return found[0]
        return None

    def _shares(
        self, tier: Sequence[_Scored], agreeing: Sequence[int] | None = None, *, loose: bool = False
    ) -> tuple[float, ...] | None:
        """The prior's share of each of ``tier`` (:func:`~canonym.prior.candidate_shares`;
        ``loose``, the candidates reached only loosely, tier 3 of :func:`_tier`:
        :func:`~canonym.prior.loose_shares`, whose ranks count beyond
        :data:`LOOSE_RANK_MARGIN`), or None when one of them has no prominence (or there
        are none); the names that agree with the query (``agreeing``, counted here when not
        given) are counted only when there is a prior to weigh them."""
        entities = self.registry.entities
        prominences = [entities[s.record.entity].prominence for s in tier]
        if not prominences or None in prominences:
            return None
        counts = [self.index.name_counts[s.record.entity] for s in tier]
        agree = [self._agreeing(s) for s in tier] if agreeing is None else agreeing
        if loose:
            return loose_shares(
                [p or 0.0 for p in prominences], [s.rank for s in tier], LOOSE_RANK_MARGIN, counts, agree
            )
        return candidate_shares(prominences, counts, agree)

    def _spelt_apart(self, scored: _Scored) -> bool:
        """Whether ``scored`` matches a one-word query inexactly, its entity has at least
        :data:`SPELT_APART_NAMES` names, and every one of them, and every word of those
        names, is spelt apart from the query (:func:`spelt_apart`)."""
        query = scored.form.normalized
        if (
            scored.tier <= 1
            or " " in query
            or self.index.name_counts[scored.record.entity] < SPELT_APART_NAMES
        ):
            return False
        # A name of several words is spelt as a whole and word by word: a one-word query
        # may name one of them (a surname, the distinctive word of a place).
        spellings = self._spellings(scored.record.entity)
        return spelt_apart(query, (*spellings.names, *spellings.words, scored.record.form.normalized))

    def _agreeing(self, scored: _Scored) -> int:
        """How many names of ``scored``'s entity agree with the query form it was reached
        through (:func:`agreeing_names`), among its names in Latin letters and in the
        query's script: a name in a third script is folded by unidecode, which reads some
        scripts well and others not at all (Спрингфилд comes out close to Springfield,
        スプリングフィールド far from it), so counting it would favour the entity whose
        other names happen to be in the scripts unidecode reads."""
        spellings = self._spellings(scored.record.entity)
        query = scored.form.normalized
        script = _writing(scored.form.text)
        near = [n for w in {"Latin", script} for n in spellings.within_reach(w, len(query))]
        return agreeing_names(query, near)

    @functools.cached_property
    def _spellings(self) -> Callable[[int], _Spellings]:
        # Each entity's folded names (CandidateIndex.spellings), read into _Spellings for
        # the entities asked most recently.
        @functools.lru_cache(maxsize=MEMO_ENTRIES * 4)
        def spellings(entity: int) -> _Spellings:
            by_script = self.index.spellings(entity)
            names = tuple(n for found in by_script.values() for n in found)
            words = tuple(dict.fromkeys(w for n in names if " " in n for w in n.split()))
            return _Spellings(names, words, {w: _ByLength.of(found) for w, found in by_script.items()})

        return spellings

    @functools.cached_property
    def _memo(self) -> Callable[[str, str | None, datetime.date | None, bool], tuple[Match, ...]]:
        # Spans repeat across a corpus ("Kast", "Peru"): their candidates are kept, up to
        # MEMO_ENTRIES of them (an entry holds three matches with their evidence and forms,
        # about 15 KB: the cap keeps the memo near 60 MB however many distinct spans a feed
        # holds). One memo serves candidates_cached and span_candidates (`explained`).
        @functools.lru_cache(maxsize=MEMO_ENTRIES)
        def candidates3(
            surface: str, source_lang: str | None, date: datetime.date | None, explained: bool = False
        ) -> tuple[Match, ...]:
            if not explained:
                return tuple(
                    self.candidates(surface, limit=3, source_lang=source_lang, date=date, roles=False)
                )
            return self._span_candidates(surface, source_lang, date)

        return candidates3

    def span_candidates(
        self, surface: str, source_lang: str | None = None, date: datetime.date | None = None
    ) -> tuple[Match, ...]:
        """:meth:`candidates_cached` for a span of running text that the text layer keeps
        only if its best candidate pairs every word closely (similarity 0.75 or more,
        titles aside): where no alias the index finds for the span could do so, none is
        compared and the answer is ``()``, which the text layer treats as it would the
        candidates (a capitalised word that names nothing, run into a name: "Lima Today").

        Sound by construction: the best candidate is one of the records looked up for one
        of the span's forms, and its word pairs are the greedy pairing and compounds of
        :func:`canonym.features.compare` on those forms, the same computed here.

        >>> r = Resolver.default()
        >>> [m.entity.id for m in r.span_candidates("José Gehry")][:1], r.span_candidates("Xqzvw Lima")
        (['jose-jeri'], ())
        """
        return self._memo(surface, source_lang, date, True)

    def _span_candidates(
        self, surface: str, source_lang: str | None, date: datetime.date | None
    ) -> tuple[Match, ...]:
        source_lang = check_language(source_lang)
        if len(surface) > MAX_NAME_CHARS:
            return ()
        form = self._analyzed(surface)
        if not form.words:
            return ()
        forms, runs = self._forms(surface, form, source_lang)
        looked_up = self._looked_up(forms)
        if not self._may_explain(forms, looked_up, comparison_language(surface, source_lang)):
            return ()
        return tuple(self._ranked(surface, forms, runs, source_lang, limit=3, date=date, looked_up=looked_up))

    def _may_explain(
        self, forms: Sequence[NameForm], looked_up: Sequence[Sequence[AliasRecord]], source_lang: str | None
    ) -> bool:
        """Whether one of the records looked up for a form pairs every word of that form
        but its titles, each pair close (what the text layer's ``_explained`` asks of the
        best candidate's evidence: no unmatched query word, every pair at 0.75 or more;
        :func:`canonym.features.explains`)."""
        lexicon = self.lexicon
        for form, records in zip(forms, looked_up):
            for record in records:
                if record.form.normalized == form.normalized:
                    return True  # the same words: each pairs with itself (similarity 1)
                if explains(form, record.form, lexicon, source_lang):
                    return True
        return False

    def candidates_cached(
        self, surface: str, source_lang: str | None = None, date: datetime.date | None = None
    ) -> tuple[Match, ...]:
        """:meth:`candidates` by name only (``roles=False``) with ``limit=3``, kept in a
        bounded per-process memo: the look-up :mod:`canonym.text` makes for each span
        of running text, titles weighed on ``date`` (default today). The matches are
        immutable values, so sharing them between calls is safe.

        >>> [m.entity.id for m in Resolver.default().candidates_cached("José Gehry")][:1]
        ['jose-jeri']
        """
        return self._memo(surface, source_lang, date, False)

    def has_alias(self, text: str) -> bool:
        """Whether an alias the resolver matches against is written exactly as ``text``
        (one name of each entity per normalised form): only then can a match's ``alias``
        be ``text``. One look-up of the name's exact key, memoised; the text layer asks it
        of a capitalised function word, which names something only where an alias is
        written so.

        >>> r = Resolver.default()
        >>> r.has_alias("Lima"), r.has_alias("LIMA"), r.has_alias("The")
        (True, False, False)
        """
        return self._has_alias(text)

    @functools.cached_property
    def _has_alias(self) -> Callable[[str], bool]:
        index, analyzed = self.index, self._analyzed

        @functools.lru_cache(maxsize=MEMO_ENTRIES)
        def has_alias(text: str) -> bool:
            if len(text) > MAX_NAME_CHARS:
                return False
            form = analyzed(text)
            return bool(form.words) and any(r.name == text for r in index.records_for(index.exact(form)))

        return has_alias

    def word_weight(self, word: str) -> float:
        """Rarity weight of a normalised word in (0, 1]: 1 for a word no entity uses
        (see :attr:`CandidateIndex.weight`).

        >>> r = Resolver.default()
        >>> r.word_weight("zzzzqx") == 1.0, r.word_weight("kast") < 1.0
        (True, True)
        """
        return self.index.weight(word)

    def names_in_script(self, script: str) -> frozenset[str]:
        """The registry's names written in ``script`` (a Unicode script name), as the text
        layer searches for them inside runs of a script written without spaces.

        >>> "利马" in Resolver.default().names_in_script("Han")
        True
        """
        return self.index.names_in_script(script)

    def resembles(self, word: str) -> bool:
        """False only when no word of the registry can pair closely with ``word``: its
        transliteration key, vowel-less key, one-edit neighbours and stems are posted under
        no alias word, and it is none of the words the lexicon lists (a given name pairs
        with its cognates, Janet/Jeannette, without sharing a key; a title, particle or
        function word is not indexed where an alias has other words). A few hashed
        look-ups, memoised: the text layer asks it of every capitalised word before it
        resolves any span that holds the word.

        >>> r = Resolver.default()
        >>> r.resembles("Gehry"), r.resembles("Xqzvw")
        (True, False)
        """
        return self._resembles(word)

    @functools.cached_property
    def _resembles(self) -> Callable[[str], bool]:
        # Words the lexicon lists (particles, legal forms, place words, titles, function
        # words, ...) are often not indexed: an alias indexes its content words only. A
        # word one edit from one of them ("Thi" for "The") may pair with such a word, so
        # it counts as resembling, like the word itself.
        lexicon = self.lexicon
        vocabulary = {
            word
            for words in (
                lexicon.titles,
                lexicon.function_words,
                lexicon.common_words,
                lexicon.demonyms,
                lexicon.particles,
                lexicon.legal_forms,
                lexicon.place_designators,
            )
            for phrase in words
            for word in str(phrase).split()
        }
        near = {translit_key(w) for w in vocabulary}
        near.update(d for key in list(near) if len(key) > 1 for d in deletions(key))

        analyzed, index = self._analyzed, self.index

        @functools.lru_cache(maxsize=MEMO_ENTRIES * 4)
        def resembles(word: str) -> bool:
            if len(word) > MAX_NAME_CHARS:
                return False
            form = analyzed(word)
            for w, key, coarse, role in zip(form.words, form.keys, form.coarse, form.roles, strict=True):
                if (
                    role != "word"
                    or len(key) < 2  # an initial pairs with any word it begins
                    or key in near
                    or lexicon.is_common(w)  # a given name pairs with its cognates: Janet, Jeannette
                    or not near.isdisjoint(deletions(key))
                    or index.resembles(key, coarse)
                ):
                    continue
                return False
            return True

        return resembles

    @functools.cached_property
    def _analyzed(self) -> Callable[[str], NameForm]:
        # The analysis of a word or span of running text (analyze), kept for the words and
        # spans asked most recently: the text layer asks resembles of each capitalised word,
        # then span_candidates (and has_alias) of the same word as a span of its own.
        lexicon = self.lexicon

        @functools.lru_cache(maxsize=MEMO_ENTRIES)
        def analyzed(text: str) -> NameForm:
            return analyze(text, lexicon)

        return analyzed

    def annotate(
        self, text: str, *, source_lang: str | None = None, date: datetime.date | str | None = None
    ) -> Annotated:
        """Every entity mention in running ``text``, with offsets, entity, confidence and
        evidence, linked by name or through the rest of the document (see
        :mod:`canonym.text`).

        >>> doc = Resolver.default().annotate("Peruvian President José Geri spoke. Geri left for Lima.")
        >>> [(m.text, m.entity.id, m.via) for m in doc.mentions]
        [('José Geri', 'jose-jeri', 'name'), ('Geri', 'jose-jeri', 'document'), ('Lima', 'lima', 'name')]
        >>> doc.mentions[0].title
        'Peruvian President'

        ``date`` (a day or ``YYYY-MM-DD``) is when the text was written: titles are weighed
        against the offices held that day, and role mentions ("Peru's interim president")
        are linked to the holder (``via="role"``). Without it no role mention is linked.
        """
        from canonym.text import annotate  # noqa: PLC0415 (the text layer loads on first use)

        return annotate(text, self, source_lang=source_lang, date=date)

    def annotate_many(
        self,
        texts: Iterable[str],
        *,
        source_lang: str | None = None,
        workers: int = 1,
        date: datetime.date | str | None = None,
    ) -> list[Annotated]:
        """:meth:`annotate` for each text, in order: each distinct text once, and with
        ``workers > 1`` in that many processes (see :mod:`canonym.batch`)."""
        task = functools.partial(Resolver.annotate, source_lang=source_lang, date=date)
        return run_many(self, task, texts, workers)

    def resolve_many(
        self,
        names: Iterable[str],
        *,
        threshold: float | None = None,
        source_lang: str | None = None,
        workers: int = 1,
        date: datetime.date | str | None = None,
    ) -> list[Match | None]:
        """:meth:`resolve` for each name, in order: each distinct name once, and with
        ``workers > 1`` in that many processes (see :mod:`canonym.batch`).

        >>> [m and m.entity.id for m in Resolver.default().resolve_many(["Cast", "José Gehry", "José Gehry"])]
        [None, 'jose-jeri', 'jose-jeri']
        """
        task = functools.partial(Resolver.resolve, threshold=threshold, source_lang=source_lang, date=date)
        return run_many(self, task, names, workers)


def _with_name_shares(scored: list[_Scored]) -> list[_Scored]:
    """``scored`` (each with its prior share among its tier) with ``name_share`` set on the
    candidates reached inexactly through a name that other candidates of their tier were
    reached through too: the summed share of those bearers of the name."""
    groups: dict[tuple[int, str], list[int]] = {}
    for position, item in enumerate(scored):
        if item.tier > 1:
            groups.setdefault((item.tier, item.record.form.normalized), []).append(position)
    out = list(scored)
    for members in groups.values():
        if len(members) > 1:
            total = math.fsum(scored[i].share or 0.0 for i in members)
            for i in members:
                out[i] = scored[i]._replace(name_share=total)
    return out


def _in_order(
    runs: tuple[tuple[int, ...], ...], query: NameForm, alias: NameForm, comparison: Comparison
) -> bool:
    """Whether each run of query words pairs with alias words in the same order."""
    taken: set[int] = set()
    position: dict[int, int] = {}
    for pair in comparison.pairs:
        if " " in pair.query or " " in pair.alias:
            continue  # a word written apart on one side pairs as a whole, in order
        i = query.words.index(pair.query)
        j = next((k for k, w in enumerate(alias.words) if w == pair.alias and k not in taken), None)
        if j is not None:
            taken.add(j)
            position[i] = j
    for run in runs:
        paired = [position[i] for i in run if i in position]
        if any(a >= b for a, b in itertools.pairwise(paired)):
            return False
    return True


_EXACT_KNOWN_NAMES = 2
"""For a name equal to the query, the ``known_names`` count goes no higher than this: up to
it the models' weights rise with the count (a second name helps), above it they fall."""


def _known_names(entity: Entity, names: int, *, exact: bool) -> int:
    """The name count the ``known_names`` feature sees (one name leaves the feature out),
    for ``entity``, which has ``names`` names (``len(entity.names)``).

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
    return min(names, _EXACT_KNOWN_NAMES) if exact else names


def _two_readings(scored: _Scored, entity: Entity) -> bool:
    """Whether ``scored`` reads as the query does only once both are romanised: it equals a
    romanised form of the query (:func:`_tier` 1) through a name in a script other than the
    query's, neither of them Latin (a Greek query and a Cyrillic name that both read *lima*),
    and none of ``entity``'s names in Latin letters reads so too (the index keeps one
    name per normalised form and entity, not always the Latin one).

    >>> query = analyze("lima", default_lexicon())
    >>> record = AliasRecord(0, "Лима", query)
    >>> def asked(text):  # the query as written, read "lima"
    ...     return _Scored(record, None, 0.0, dataclasses.replace(query, text=text), 1, None)
    >>> greek, latin = asked("Λίμα"), asked("Lima")
    >>> russian, both = Entity("lima", "Лима", "place"), Entity("lima", "Лима", "place", ("Lima",))
    >>> _two_readings(greek, russian), _two_readings(greek, both), _two_readings(latin, russian)
    (True, False, False)
    """
    if scored.tier != 1:
        return False
    query, name = _writing(scored.form.text), _writing(scored.record.name)
    if "Latin" in (query, name) or query == name:
        return False
    return _latin_name(entity, scored.record.form.normalized) is None


def _one_reading(scored: _Scored) -> bool:
    """Whether ``scored``'s query, in Latin letters, equals the name it reached only as that
    name, written in another script, is read (:func:`_tier` 1: no name of the entity in Latin
    letters has the query's normalised form, or it would be written as the query is).

    >>> query = analyze("lima", default_lexicon())
    >>> def reached(name, text="Lima"):
    ...     record = AliasRecord(0, name, query)
    ...     return _Scored(record, None, 0.0, dataclasses.replace(query, text=text), 1, None)
    >>> _one_reading(reached("Лима")), _one_reading(reached("Lima")), _one_reading(reached("Lima", "Лима"))
    (True, False, False)
    """
    if scored.tier != 1:
        return False
    return _writing(scored.form.text) == "Latin" and _writing(scored.record.name) != "Latin"


@dataclass(frozen=True)
class _Spellings:
    """An entity's names folded by :func:`~canonym.index.spelling` (each once), the words of those of
    several words, and the folded names by the script they are written in (that of the
    first name folded so)."""

    names: tuple[str, ...]
    words: tuple[str, ...]
    by_script: Mapping[str, _ByLength]

    def within_reach(self, script: str, length: int) -> Sequence[str]:
        """The names in ``script`` whose length allows a close word pair with a query of
        ``length`` letters (:meth:`_ByLength.around`)."""
        found = self.by_script.get(script)
        return found.around(length) if found else ()


@dataclass(frozen=True)
class _ByLength:
    """Spellings sorted by length, with their lengths: the names that can be as close to a
    query as :data:`~canonym.features.CLOSE_PAIR` are a slice of them, since an OSA
    similarity of s needs lengths within a factor of s of each other (each letter of
    difference in length is an edit)."""

    lengths: tuple[int, ...]
    names: tuple[str, ...]

    @classmethod
    def of(cls, names: Iterable[str]) -> _ByLength:
        ordered = sorted(names, key=len)
        return cls(tuple(len(n) for n in ordered), tuple(ordered))

    def around(self, length: int) -> Sequence[str]:
        """The names whose length is within a factor of CLOSE_PAIR of ``length`` (a name of
        3 or 5 letters can be that close to a query of 4, one of 2 or 6 cannot).

        >>> _ByLength.of(["ab", "abc", "abcd", "abcde", "abcdef"]).around(4)
        ('abc', 'abcd', 'abcde')
        """
        low = bisect.bisect_left(self.lengths, math.ceil(length * CLOSE_PAIR - 1e-9))
        high = bisect.bisect_right(self.lengths, math.floor(length / CLOSE_PAIR + 1e-9))
        return self.names[low:high]


def agreeing_names(query: str, spellings: Sequence[str]) -> int:
    """How many of ``spellings`` (an entity's names, folded by :func:`~canonym.index.spelling`) agree
    with ``query`` (a normalised query form): are spelt at least as close to it as a close
    word pair (:data:`~canonym.features.CLOSE_PAIR`, in OSA similarity); at least 1, for the
    name the query reached. One odd alias that a query comes close to is weaker evidence
    than several of an entity's names agreeing (see :func:`canonym.prior.candidate_shares`).

    >>> agreeing_names("velika", ["velika", "welika", "veliki", "bjelyga"]), agreeing_names("velika", [])
    (3, 1)
    """
    found = process.extract(
        query, spellings, scorer=OSA.normalized_similarity, score_cutoff=CLOSE_PAIR, limit=None
    )
    return max(1, len(found))


def spelt_apart(query: str, spellings: Sequence[str]) -> bool:
    """Whether every one of ``spellings`` (an entity's names, folded by :func:`~canonym.index.spelling`)
    differs from ``query`` (a normalised query form) in half its letters or more: the
    letter similarity of the nearest is at most :data:`SPELT_APART_SIMILARITY`. Sound keys
    find Velika and Belica alike; if the registry writes the entity in a dozen spellings
    and none comes nearer than that, the likeness is the keys' alone.

    >>> spelt_apart("velika", ["bjelyga", "bjelygaja"]), spelt_apart("velika", ["bjelyga", "welika"])
    (True, False)
    """
    best = process.extractOne(
        query, spellings, scorer=OSA.normalized_similarity, score_cutoff=SPELT_APART_SIMILARITY
    )
    return best is None or best[1] <= SPELT_APART_SIMILARITY


def _latin_name(entity: Entity, normalized: str) -> str | None:
    """A name of ``entity`` in Latin letters whose normalised form is ``normalized``, or
    None (the index keeps one name per normalised form and entity, not always the Latin
    one)."""
    return next((n for n in entity.names if _writing(n) == "Latin" and _normalized(n) == normalized), None)


_object_new = object.__new__


def _made_bare(cls: type[_T], fields: Mapping[str, object]) -> _T:
    """An instance of ``cls`` whose attributes are ``fields``, in that order, made without
    calling its ``__init__``: what a dataclass's ``__init__`` makes where
    :func:`~canonym.models.init_only_sets` says so."""
    made = _object_new(cls)
    vars(made).update(fields)
    return made


_BARE_EVIDENCE = init_only_sets(
    Evidence,
    {
        "query_normalized": "ana",
        "normalization": ("casefold",),
        "alias": "Anna",
        "alias_normalized": "anna",
        "pairs": (TokenPair("ana", "anna", 0.9, "spelling"),),
        "unmatched_query": (),
        "unmatched_alias": (),
        "ignored": (),
        "features": read_only({"exact": 0.0}),
        "contributions": read_only({"bias": -1.0}),
        "runner_up": None,
        "suspicious": (),
        "model_version": "",
        "role": None,
        "derived_by": None,
    },
    Evidence.__post_init__,
)
"""Whether :meth:`Resolver._match` makes its evidence bare (doing its ``__post_init__``'s
work, the read-only views, itself)."""
_BARE_MATCH = init_only_sets(
    Match,
    {
        "query": "Ana",
        "entity": Entity("ana", "Anna", "person"),
        "score": 0.5,
        "alias": "Anna",
        "evidence": None,
    },
)
"""Whether :meth:`Resolver._match` makes its match bare."""

_TIERS = 4
"""How many tiers :func:`_tier` gives."""
LOOSE_RANK_MARGIN = 4.0
"""How far, in log-odds of the model's rank, a candidate reached loosely (tier 3 of
:func:`_tier`) may rank below another before its likelihood ratio lowers its part of the
other's prior (:func:`~canonym.prior.loose_shares`): a ratio of e^4, about 55, is where the
rank's differences are trusted. Measured on the gazetteer's development half (margins 1 to 6
and a hard cut-off tried): 3 and below let a poor match of a small place through where a
far-off big one had held it back."""
RIVAL_AGREEING = 2
"""The fewest names of a candidate reached inexactly that must agree with the query
(:func:`agreeing_names`) for it to be a rival of the candidates named as the query is
(:meth:`Resolver._with_rivals`): more than one, since one odd alias a query comes close to
is no sign of the entity (the prior's agreeing factor counts the same names)."""


def _place(scored: _Scored) -> int:
    """The tier ``scored`` is ordered in: its own (:func:`_tier`), or, for a rival of the
    candidates named as the query is, theirs (:meth:`Resolver._with_rivals`)."""
    return scored.tier if scored.place is None else scored.place


def _tier(written: bool, exact: bool, same: bool) -> int:
    """Where a candidate stands before the model's rank is asked (kept as ``_Scored.tier``):
    0 when it was reached through a name of the entity ``written`` as the query is (in Latin
    letters, a Latin name with the query's normalised form, Köln for Koln; in another
    script, a name in that script with the same letters up to case and marks), 1 through a
    name equal to (the form of) the query (``exact``) that only reads
    as the query does once one of them is romanised (a Devanagari query and a Latin name
    both read *manterre*; two Devanagari spellings that romanise alike), 2 through a name
    equal to a bare form of the query (``same`` but not ``exact``: an ending stripped, a
    mutation undone: :mod:`canonym.inflection`), 3 otherwise. Tiers 0 and 1 are exact.

    A candidate ranks before any of a higher tier, then by the model's rank (and prior):
    an entity with hundreds of names in many scripts is represented by the name the query
    wrote, not by whichever other name the model happens to like, and adding names to an
    entity can never let one of them push an exact name of another entity down the list.
    Romanisation drops what a script wrote (vowel length, doubled and nasal consonants,
    which of several letters a sound was), so a name read alike is strong evidence but
    weaker than the name itself: an entity that lists the query as written comes first."""
    if written:
        return 0
    if exact:
        return 1
    return 2 if same else 3


@functools.lru_cache(maxsize=1 << 16)
def _writing(text: str) -> str:
    """The script ``text`` is written in (:func:`canonym.scripts.first_script`)."""
    return first_script(text)


@functools.lru_cache(maxsize=1 << 16)
def _normalized(text: str) -> str:
    return normalize_text(text)


@functools.lru_cache(maxsize=1 << 16)
def _letters(text: str) -> str:
    """``text``'s letters, marks and digits, case-folded, in runs joined by single spaces:
    how it is written, not how it reads. In the scripts whose marks are optional signs
    over letters (accents, vowel points, harakat) the marks go; in the others (the vowel
    signs and viramas of Devanagari, Thai, ...) they are letters of the word and stay.

    >>> _letters("Анна-Мария") == _letters("анна мария"), _letters("שָׁלוֹם") == _letters("שלום")
    (True, True)
    >>> _letters("मिल") == _letters("मील")  # mil, mīl: the vowel sign is a letter
    False
    """
    optional = first_script(text) in _OPTIONAL_MARKS
    decomposed = unicodedata.normalize("NFKD" if optional else "NFC", text.casefold())
    kept = []
    for char in decomposed:
        kind = unicodedata.category(char)
        if kind == "Mn" and optional:
            continue
        kept.append(char if kind[0] in "LMN" else " ")
    return " ".join("".join(kept).split())


_OPTIONAL_MARKS = frozenset(
    {"Latin", "Greek", "Cyrillic", "Armenian", "Georgian", "Hebrew", "Arabic", "Syriac"}
)
"""Scripts whose combining marks are optional signs over letters (accents, vowel points,
harakat), not letters of the word."""


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


@functools.cache
def _bundled_resolver(name: str) -> Resolver:
    return Resolver.from_files([bundled_path(name)])
