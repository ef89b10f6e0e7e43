"""The features of a candidate: every quantity the scoring model reads, computed here only.

The resolver and ``benchmarks/calibrate.py`` both take their features from this module, so
the model is fitted on exactly what it is served. There are two stages:

1. :func:`compare` pairs the words of a query with those of one alias (greedy, most similar
   first, so word order does not matter: "Jerí, José" is "José Jerí"), weighs each word by
   its rarity in the registry (sharing a rare surname is strong evidence, sharing "José"
   weak; titles are optional and particles, legal forms and place words count little) and
   measures the comparison features (:data:`COMPARISON_FEATURES`);
2. :func:`decision_features` adds the features that depend on the other candidates and the
   rest of the registry (:data:`DECISION_FEATURES`): how far ahead of the runner-up the
   candidate is and whether its name is shared.

Each feature is a named function below, with its definition in its docstring; its value is
in [0, 1]. :data:`FEATURES` lists them all.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from canonym.lexicon import Lexicon
from canonym.model import added_in_order
from canonym.models import TokenPair
from canonym.names import NameForm, Role
from canonym.similarity import UNEXPLAINED_RULES, word_rules, word_similarity

try:  # the pairing, the compounds and the whole comparison over C arrays, where compiled
    from canonym._kernels import Comparer as _Comparer
    from canonym._kernels import explained as _explain_kernel
    from canonym._kernels import join_compounds as _compound_kernel
    from canonym._kernels import pair_words as _pair_kernel
except ImportError:
    _Comparer = _compound_kernel = _explain_kernel = _pair_kernel = None

__all__ = [
    "CLOSE_PAIR",
    "COMPARISON_FEATURES",
    "DECISION_FEATURES",
    "FEATURES",
    "MARGIN_SCALE",
    "Comparison",
    "compare",
    "decision_features",
    "explains",
]

# An entity known by this many names (or more) counts as fully "well known".
_MANY_NAMES = 20
# Word pairs at or below this similarity are not paired at all.
_MIN_PAIR = 0.6
CLOSE_PAIR = 0.75
"""Word pairs at or above this similarity are close: they count as the same word (here, in
the resolver's text screen and in the text layer's test of a whole mention)."""
MARGIN_SCALE = 4.0
"""A lead over the runner-up of this many rank log-odds (or more) is a full margin."""


class _Link(NamedTuple):
    """Query words ``q`` matched to alias words ``a`` (one each, or one to a run).

    (A named tuple: several are made per comparison, on the hot path.)"""

    q: tuple[int, ...]
    a: tuple[int, ...]
    sim: float
    how: str


@dataclass(frozen=True)
class Comparison:
    """The result of comparing a query with one alias: word pairs and features."""

    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_alias: tuple[str, ...]
    features: Mapping[str, float]


def _pair_words(query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None) -> list[_Link]:
    """Greedy one-to-one pairing, most similar first; ties go to the earlier words.

    Compiled, ``canonym._kernels.pair_words`` does it over C arrays; :func:`_paired_words`
    is the reference (a hypothesis test holds the two equal)."""
    if _pair_kernel is None:
        return _paired_words(query, alias, lexicon, source_lang)
    return _pair_kernel(query, alias, word_rules(lexicon), source_lang, _MIN_PAIR, _Link)


def _paired_words(query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None) -> list[_Link]:
    """:func:`_pair_words` in Python: the reference."""
    # (-similarity, i, j, rule): sorted as they are, most similar first, ties to the
    # earlier words (i and j together are unique, so the rule is never compared).
    scored: list[tuple[float, int, int, str]] = []
    q_words, a_words = query.words, alias.words
    # A one-letter name ("X") is a name, not an initial standing for a longer word.
    lone_letter = (len(q_words) == 1 and len(q_words[0]) == 1) or (len(a_words) == 1 and len(a_words[0]) == 1)
    similarity = word_similarity
    for i, qw in enumerate(q_words):
        for j, aw in enumerate(a_words):
            sim, how = similarity(qw, aw, lexicon, source_lang)
            if sim > _MIN_PAIR and not (lone_letter and how == "initial"):
                scored.append((-sim, i, j, how))
    scored.sort()
    links: list[_Link] = []
    q_used: set[int] = set()
    a_used: set[int] = set()
    for neg_sim, i, j, how in scored:
        if i not in q_used and j not in a_used:
            links.append(_Link((i,), (j,), -neg_sim, how))
            q_used.add(i)
            a_used.add(j)
    return links


def _join_compounds(
    links: list[_Link], query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None
) -> list[_Link]:
    """Match a word left without a close partner to a run of two or three such words on
    the other side written apart (the Thai place names "Chiangmai" / "Chiang Mai",
    "Bangkapi" / "Bang Kapi").

    Compiled, ``canonym._kernels.join_compounds`` does it over C flags;
    :func:`_joined_compounds` is the reference (a hypothesis test holds the two equal)."""
    if _compound_kernel is None:
        return _joined_compounds(links, query, alias, lexicon, source_lang)
    return _compound_kernel(links, query, alias, word_rules(lexicon), source_lang, CLOSE_PAIR, _Link)


def _joined_compounds(
    links: list[_Link], query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None
) -> list[_Link]:
    """:func:`_join_compounds` in Python: the reference."""
    q_free, a_free = len(query.words), len(alias.words)
    for link in links:
        if link.sim >= CLOSE_PAIR:
            q_free -= len(link.q)
            a_free -= len(link.a)
    if min(q_free, a_free) < 1 or max(q_free, a_free) < 2:
        return links  # a compound needs a free word on one side and two on the other
    for one, many, flip in ((query, alias, False), (alias, query, True)):
        for _ in range(2):
            strong_one = {i for link in links if link.sim >= CLOSE_PAIR for i in (link.a if flip else link.q)}
            free = [(i, word) for i, word in enumerate(one.words) if i not in strong_one and len(word) >= 4]
            if not free:
                break  # no word to match to a run
            strong_many = {
                j for link in links if link.sim >= CLOSE_PAIR for j in (link.q if flip else link.a)
            }
            best: tuple[float, int, tuple[int, ...]] | None = None
            words = many.words
            runs = [
                (run, "".join([words[k] for k in run]))
                for size in (2, 3)
                for start in range(len(words) - size + 1)
                for run in [tuple(range(start, start + size))]
                if strong_many.isdisjoint(run)
            ]
            for i, word in free:
                for run, joined in runs:
                    sim, _ = word_similarity(word, joined, lexicon, source_lang)
                    if sim >= CLOSE_PAIR and (best is None or sim > best[0]):
                        best = (sim, i, run)
            if best is None:
                break
            sim, i, run = best
            taken_one, taken_many = {i}, set(run)
            links = [
                link
                for link in links
                if not taken_one.intersection(link.a if flip else link.q)
                and not taken_many.intersection(link.q if flip else link.a)
            ]
            links.append(_Link(run, (i,), sim, "compound") if flip else _Link((i,), run, sim, "compound"))
    return links


def explains(query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None = None) -> bool:
    """Whether :func:`compare`'s word pairs of ``query`` and ``alias`` (the greedy pairing
    and the compounds) pair every word of the query but its titles, each pair close
    (similarity :data:`CLOSE_PAIR` or more): the resolver's screen of a span of text.

    Compiled, ``canonym._kernels.explained`` does it over plain tuples; :func:`_explained`
    is the reference (a hypothesis test holds the two equal). Both forms are
    :func:`~canonym.names.analyze`'s: the compiled screen reads their keys as made there
    and refuses a form whose words and keys differ in number.

    >>> from canonym.lexicon import default_lexicon
    >>> from canonym.names import analyze
    >>> lex = default_lexicon()
    >>> explains(analyze("Sainoi Banphaeo", lex), analyze("Sai Noi Banphaeo", lex), lex)
    True
    >>> explains(analyze("Tomasz Brandauer", lex), analyze("Brandauer", lex), lex)
    False
    """
    if _explain_kernel is None:
        return _explained(query, alias, lexicon, source_lang)
    return _explain_kernel(query, alias, word_rules(lexicon), source_lang, _MIN_PAIR, CLOSE_PAIR)  # type: ignore[no-any-return]


def _explained(query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None) -> bool:
    """:func:`explains` in Python: the reference."""
    needed = [i for i, role in enumerate(query.roles) if role != "title"]
    links = _paired_words(query, alias, lexicon, source_lang)
    if not _covers(links, needed):
        # Compounds can only change the pairing where a word has no close partner (the
        # links come back as they are otherwise).
        links = _joined_compounds(links, query, alias, lexicon, source_lang)
        if not _covers(links, needed):
            return False
    return True


def _covers(links: list[_Link], needed: list[int]) -> bool:
    """Whether every link is close and the query words of ``needed`` are all in one."""
    if not all(link.sim >= CLOSE_PAIR for link in links):
        return False
    covered = {i for link in links for i in link.q}
    return all(i in covered for i in needed)


def _role_weight(role: str, weight: float) -> float:
    if role == "title":
        return 0.0
    if role == "filler":
        return 0.15 * weight
    return weight


def _strength(sim: float) -> float:
    # Pairs near _MIN_PAIR are closer to a different word than to a variant of this one.
    return max(0.0, min(1.0, (sim - _MIN_PAIR) / (1.0 - _MIN_PAIR)))


class Paired(NamedTuple):
    """A query and an alias with their words paired: what the comparison features read.

    ``q_sim``/``a_sim`` map a word's position to the similarity of its pair; ``strong``
    holds the close pairs (similarity >= 0.75) of content words; ``keyed`` the keys of the
    close pairs that are not initials; the weights are rarity weights after word roles.
    (A named tuple: built once per comparison, on the hot path, where a frozen dataclass's
    field-by-field set-up costs more than the features read from it.)
    """

    query: NameForm
    alias: NameForm
    weight: Callable[[str], float]
    entity_type: str
    entity_names: int
    links: tuple[_Link, ...]
    q_roles: tuple[Role, ...]
    a_roles: tuple[Role, ...]
    q_weights: tuple[float, ...]
    a_weights: tuple[float, ...]
    q_sim: Mapping[int, float]
    a_sim: Mapping[int, float]
    q_content: tuple[int, ...]
    a_content: tuple[int, ...]
    content_links: tuple[_Link, ...]
    strong: tuple[_Link, ...]
    keyed: tuple[tuple[str, str], ...]


def _paired(
    query: NameForm,
    alias: NameForm,
    weight: Callable[[str], float],
    lexicon: Lexicon,
    source_lang: str | None,
    *,
    entity_type: str,
    entity_names: int,
) -> Paired:
    links = _join_compounds(
        _pair_words(query, alias, lexicon, source_lang), query, alias, lexicon, source_lang
    )
    # A word paired with a particle or legal form counts as one too, on both sides, so a
    # misspelt "Internacional" weighs what "International" weighs.
    q_roles, a_roles = list(query.roles), list(alias.roles)
    for link in links:
        if len(link.q) != 1 or len(link.a) != 1:
            continue
        pair_roles = (q_roles[link.q[0]], a_roles[link.a[0]])
        if "filler" in pair_roles and "title" not in pair_roles:
            q_roles[link.q[0]] = a_roles[link.a[0]] = "filler"
    q_content = tuple([i for i, r in enumerate(q_roles) if r == "word"])
    content_links = tuple([link for link in links if "word" in [q_roles[i] for i in link.q]])
    strong = tuple([link for link in content_links if link.sim >= CLOSE_PAIR])
    q_keys, a_keys = query.keys, alias.keys
    return Paired(
        query=query,
        alias=alias,
        weight=weight,
        entity_type=entity_type,
        entity_names=entity_names,
        links=tuple(links),
        q_roles=tuple(q_roles),
        a_roles=tuple(a_roles),
        q_weights=tuple([_role_weight(r, weight(w)) for w, r in zip(query.words, q_roles)]),
        a_weights=tuple([_role_weight(r, weight(w)) for w, r in zip(alias.words, a_roles)]),
        q_sim={i: link.sim for link in links for i in link.q},
        a_sim={j: link.sim for link in links for j in link.a},
        q_content=q_content,
        a_content=tuple([j for j, r in enumerate(a_roles) if r == "word"]),
        content_links=content_links,
        strong=strong,
        keyed=tuple(
            [
                ("".join([q_keys[i] for i in link.q]), "".join([a_keys[j] for j in link.a]))
                for link in strong
                if link.how != "initial"
            ]
        ),
    )


# --- comparison features: one query against one alias --------------------------------------


def query_coverage(p: Paired) -> float:
    """Rarity-weighted share of the query's words found in the alias (each word counted by
    how close its pair is). The two sums add the same weights in different orders, so a
    full share can come out a rounding error above 1: it is 1."""
    weights = p.q_weights
    found = added_in_order([weights[i] * _strength(s) for i, s in p.q_sim.items()])
    return min(1.0, found / (added_in_order(weights) or 1.0))


def alias_coverage(p: Paired) -> float:
    """Rarity-weighted share of the alias's words found in the query (at most 1, as
    :func:`query_coverage`)."""
    weights = p.a_weights
    found = added_in_order([weights[j] * _strength(s) for j, s in p.a_sim.items()])
    return min(1.0, found / (added_in_order(weights) or 1.0))


def whole_name(p: Paired) -> float:
    """Similarity of the names as wholes: the highest of rapidfuzz's token-sort ratio of the
    words, the ratio of the sorted transliteration keys joined, and the ratio of the words
    joined without spaces (titles left out of all three)."""
    q_core, a_core = p.query.core, p.alias.core
    return (
        max(
            fuzz.token_sort_ratio(" ".join(q_core), " ".join(a_core)),
            fuzz.ratio(
                "".join(sorted([k for k, r in zip(p.query.keys, p.query.roles) if r != "title"])),
                "".join(sorted([k for k, r in zip(p.alias.keys, p.alias.roles) if r != "title"])),
            ),
            fuzz.ratio("".join(q_core), "".join(a_core)),
        )
        / 100.0
    )


def weakest_pair(p: Paired) -> float:
    """Similarity of the least similar paired content word (0 when none pair)."""
    return min([link.sim for link in p.content_links], default=0.0)


def substitution(p: Paired) -> float:
    """Weight of the heaviest unshared content word when both sides have one: a different
    given name makes a namesake, not a shortened name."""
    q_sim, a_sim = p.q_sim, p.a_sim
    q_loose = max([p.q_weights[i] for i in p.q_content if q_sim.get(i, 0.0) < CLOSE_PAIR], default=0.0)
    a_loose = max([p.a_weights[j] for j in p.a_content if a_sim.get(j, 0.0) < CLOSE_PAIR], default=0.0)
    return min(q_loose, a_loose)


def first_word_conflict(p: Paired) -> float:
    """1 when both names have two or more content words and their first ones do not pair.

    The first word of a name is usually the given name; when both names have one and they
    differ, the two are more likely relatives or namesakes than one person.
    """
    conflict = (
        len(p.q_content) >= 2
        and len(p.a_content) >= 2
        and p.q_sim.get(p.q_content[0], 0.0) < CLOSE_PAIR
        and p.a_sim.get(p.a_content[0], 0.0) < CLOSE_PAIR
    )
    return 1.0 if conflict else 0.0


def unmatched_words(p: Paired) -> float:
    """Share of the query's content words not paired closely."""
    q_sim = p.q_sim
    return len([i for i in p.q_content if q_sim.get(i, 0.0) < CLOSE_PAIR]) / max(1, len(p.q_content))


def matched_words(p: Paired) -> float:
    """How many content words pair closely: 0, 1, 2, 3 or more, over 3."""
    return min(3, len(p.strong)) / 3


def initial_mismatch(p: Paired) -> float:
    """1 when the keys of a close pair start differently (Biel/Kiel): romanisations
    rarely disagree on the first sound once the keys have merged the usual confusions."""
    for qk, ak in p.keyed:
        if qk[:1] != ak[:1]:
            return 1.0
    return 0.0


def key_distance(p: Paired) -> float:
    """The largest edit distance between the keys of a close pair (up to 3, over 3): one
    real letter changed is weaker evidence than a transliteration variant."""
    return min(3, max([Levenshtein.distance(qk, ak) for qk, ak in p.keyed], default=0)) / 3


def exact(p: Paired) -> float:
    """1 when the names have the same words (titles aside), in any order."""
    return 1.0 if sorted(p.query.core) == sorted(p.alias.core) else 0.0


def single_word(p: Paired) -> float:
    """1 when at most one content word pairs closely: one surname is thin evidence, with
    or without other words that match nothing."""
    return 1.0 if len(p.strong) <= 1 else 0.0


def short(p: Paired) -> float:
    """How few letters pair closely: 1 for none, 0 from 12 letters up.

    Evidence is what matched: a word that pairs with nothing adds no support, so a given
    name and surname of which only the surname pairs are as thin as the surname alone.
    """
    words = p.query.words
    letters = sum([len(words[i]) for link in p.strong for i in link.q])
    return max(0.0, min(1.0, (12 - letters) / 11))


def rarity(p: Paired) -> float:
    """Rarity weight of the rarest alias word in a close pair (0 when none)."""
    weight, words = p.weight, p.alias.words
    return max([weight(words[j]) for link in p.strong for j in link.a], default=0.0)


def place(p: Paired) -> float:
    """1 when the candidate is a place (persons are the baseline type)."""
    return 1.0 if p.entity_type == "place" else 0.0


def organization(p: Paired) -> float:
    """1 when the candidate is an organisation."""
    return 1.0 if p.entity_type == "organization" else 0.0


def known_names(p: Paired) -> float:
    """How many names the registry gives the entity, on a log scale (1 from 20 names up):
    widely known entities are named in more languages and mentioned more often."""
    return min(1.0, math.log(max(1, p.entity_names)) / math.log(_MANY_NAMES))


def unexplained(p: Paired) -> float:
    """Share of the close pairs whose words differ by more than a known confusion explains
    (plain edit similarity or metaphone): a word one real letter away from another is weaker
    evidence than a transliteration of it."""
    return len([link for link in p.strong if link.how in UNEXPLAINED_RULES]) / max(1, len(p.strong))


# --- decision features: one candidate among the others --------------------------------------


def margin(rank_gap: float | None) -> float:
    """How far ahead of the next entity the candidate is: its lead in rank log-odds over
    :data:`MARGIN_SCALE`, clipped to [0, 1]; 1 when no other entity is a candidate.

    >>> margin(None), margin(2.0), margin(-1.0)
    (1.0, 0.5, 0.0)
    """
    gap = MARGIN_SCALE if rank_gap is None else rank_gap
    return max(0.0, min(1.0, gap / MARGIN_SCALE))


def ambiguous(shared_name: bool) -> float:
    """1 when the matched name belongs to more than one entity of the registry."""
    return 1.0 if shared_name else 0.0


_COMPARISON: tuple[Callable[[Paired], float], ...] = (
    query_coverage,
    alias_coverage,
    whole_name,
    weakest_pair,
    substitution,
    first_word_conflict,
    unmatched_words,
    matched_words,
    initial_mismatch,
    key_distance,
    exact,
    single_word,
    short,
    rarity,
    place,
    organization,
    known_names,
    unexplained,
)
COMPARISON_FEATURES: tuple[str, ...] = tuple(f.__name__ for f in _COMPARISON)
_NAMED: tuple[tuple[str, Callable[[Paired], float]], ...] = tuple(zip(COMPARISON_FEATURES, _COMPARISON))
"""The features :func:`compare` measures, one function of the same name each."""
DECISION_FEATURES: tuple[str, ...] = ("margin", "ambiguous")
"""The features :func:`decision_features` adds, one function of the same name each."""
FEATURES: tuple[str, ...] = (
    *(f for f in COMPARISON_FEATURES if f != "unexplained"),
    *DECISION_FEATURES,
    # Last, as it was added last: the evidence keeps its order from release to release.
    "unexplained",
)
"""Every feature name, in the order of the evidence and of the model's terms."""


def compare(
    query: NameForm,
    alias: NameForm,
    weight: Callable[[str], float],
    lexicon: Lexicon,
    source_lang: str | None = None,
    *,
    entity_type: str = "person",
    entity_names: int = 1,
) -> Comparison:
    """Compare two analysed names; ``weight(word)`` is a word's rarity weight in (0, 1],
    ``entity_type`` the type of the entity the alias names and ``entity_names`` how many
    names the registry gives it.

    The decision features (``margin``, ``ambiguous``) depend on the other candidates and
    are 0 here; :func:`decision_features` sets them.

    >>> from canonym.lexicon import default_lexicon
    >>> from canonym.names import analyze
    >>> lex = default_lexicon()
    >>> c = compare(analyze("Jerí, José", lex), analyze("José Jerí", lex), lambda w: 1.0, lex)
    >>> c.features["exact"], c.features["query_coverage"], c.unmatched_query
    (1.0, 1.0, ())
    """
    if _COMPARER is not None:
        return _COMPARER.comparison(query, alias, weight, lexicon, source_lang, entity_type, entity_names)
    return _compared(
        query, alias, weight, lexicon, source_lang, entity_type=entity_type, entity_names=entity_names
    )


def _compared(
    query: NameForm,
    alias: NameForm,
    weight: Callable[[str], float],
    lexicon: Lexicon,
    source_lang: str | None = None,
    *,
    entity_type: str = "person",
    entity_names: int = 1,
) -> Comparison:
    """:func:`compare` in Python, feature function by feature function: the reference
    (``canonym._kernels.Comparer`` does it over C arrays, and a hypothesis test holds the
    two equal)."""
    p = _paired(
        query, alias, weight, lexicon, source_lang, entity_type=entity_type, entity_names=entity_names
    )
    measured = dict.fromkeys(FEATURES, 0.0)  # in the order of FEATURES
    for name, feature in _NAMED:
        measured[name] = feature(p)
    q_words, a_words, q_sim, a_sim = query.words, alias.words, p.q_sim, p.a_sim
    # Links hold disjoint runs of query words: sorted by them, as tuples are.
    pairs = tuple(
        [
            TokenPair(
                " ".join([q_words[i] for i in link.q]),
                " ".join([a_words[j] for j in link.a]),
                link.sim,
                link.how,
            )
            for link in sorted(p.links)
        ]
    )
    return Comparison(
        pairs=pairs,
        unmatched_query=tuple(
            [w for i, (w, r) in enumerate(zip(q_words, p.q_roles)) if i not in q_sim and r != "title"]
        ),
        unmatched_alias=tuple(
            [w for j, (w, r) in enumerate(zip(a_words, p.a_roles)) if j not in a_sim and r != "title"]
        ),
        features=MappingProxyType(measured),
    )


def _comparer() -> Any:
    """The compiled comparison over this module's constants, or None (not compiled, or
    compiled for another list of comparison features than :data:`COMPARISON_FEATURES`)."""
    if _Comparer is None:
        return None
    try:
        return _Comparer(
            word_rules,
            TokenPair,
            fuzz.ratio,
            FEATURES,
            COMPARISON_FEATURES,
            UNEXPLAINED_RULES,
            _MIN_PAIR,
            CLOSE_PAIR,
            math.log(_MANY_NAMES),
            Comparison,
        )
    except ValueError:
        return None


_COMPARER = _comparer()


def decision_features(
    features: Mapping[str, float], *, rank_gap: float | None, shared_name: bool
) -> dict[str, float]:
    """``features`` of one candidate's comparison with its decision features set:
    ``rank_gap`` is its rank log-odds minus the best other candidate's (None when there is
    no other), ``shared_name`` whether the matched name belongs to several entities.

    >>> decision_features({"exact": 1.0}, rank_gap=None, shared_name=True)
    {'exact': 1.0, 'margin': 1.0, 'ambiguous': 1.0}
    """
    # A comparison's features are a read-only view of a dict: its copy() is the dict's,
    # where dict() of the view reads it key by key (this runs for every candidate).
    out = features.copy() if type(features) is MappingProxyType else dict(features)
    if type(out) is not dict:
        out = dict(out)
    out["margin"] = margin(rank_gap)
    out["ambiguous"] = ambiguous(shared_name)
    return out
