"""Compare two analysed names and turn the comparison into a calibrated confidence.

Comparison is word by word and then as a whole:

1. every query word is paired with at most one alias word (greedy, best similarity first,
   so word order does not matter: "Jerí, José" is "José Jerí"). A pair's similarity comes
   from the first rule that applies: identical words, equal transliteration keys
   (Gehry/Jerí), known cognate given names (Janet/Jeannette), an initial (J./José), a place
   suffix (Kanazawashi/Kanazawa), equal vowel-less keys, or else the edit similarity of the
   keys (rapidfuzz);
2. words are weighted by rarity in the registry, so sharing a rare surname is strong
   evidence and sharing "José" weak; titles are optional and particles, legal forms and
   place words count little;
3. the features in :data:`FEATURES` summarise the comparison, and a logistic model
   (weights in ``canonym/data/model.json``, fitted by ``benchmarks/calibrate.py``) turns
   them into a probability. Each feature's contribution to the log-odds is kept as
   evidence.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from canonym.lexicon import Lexicon
from canonym.models import TokenPair
from canonym.names import NameForm
from canonym.phonetic import coarse_key, metaphone, translit_key

__all__ = [
    "FEATURES",
    "Comparison",
    "LogisticModel",
    "Model",
    "compare",
    "default_model",
    "sigmoid",
    "word_similarity",
]

FEATURES: tuple[str, ...] = (
    "query_coverage",
    "alias_coverage",
    "whole_name",
    "weakest_pair",
    "substitution",
    "first_word_conflict",
    "unmatched_words",
    "matched_words",
    "initial_mismatch",
    "key_distance",
    "exact",
    "single_word",
    "short",
    "rarity",
    "place",
    "organization",
    "known_names",
    "margin",
    "ambiguous",
    "unexplained",
)
"""Names of the features a comparison produces, each in [0, 1].

- ``query_coverage``: rarity-weighted share of the query's words found in the alias;
- ``alias_coverage``: the same share of the alias's words found in the query;
- ``whole_name``: similarity of the names as wholes (rapidfuzz token-sort ratio of the
  words, or of the transliteration keys with spaces removed, whichever is higher);
- ``weakest_pair``: similarity of the least similar paired word (0 when none pair);
- ``substitution``: weight of the heaviest unshared word when both sides have one (a
  different given name: a namesake, not a shortened name);
- ``first_word_conflict``: 1 when both names have two or more words and their first
  words (usually the given names) do not pair: another person of the same family;
- ``unmatched_words``: share of the query's content words not paired closely;
- ``matched_words``: how many content words pair closely (0, 1, 2, 3 or more, over 3);
- ``initial_mismatch``: 1 when a close pair's keys start differently (Mulhouse/Toulouse):
  romanisations rarely disagree on the first sound once keys have merged the usual ones;
- ``key_distance``: the largest edit distance between the keys of a close pair (up to 3,
  over 3): one real letter changed is weaker evidence than a transliteration variant;
- ``exact``: 1 when the words are the same, in any order;
- ``single_word``: 1 when at most one content word pairs closely (one surname is thin
  evidence, with or without other words that match nothing);
- ``short``: how few letters pair closely (1 for none, 0 from 12 letters up);
- ``rarity``: rarity of the rarest shared word, relative to the rarest word there is;
- ``place``, ``organization``: the candidate's type (persons are the baseline);
- ``known_names``: how many names the registry gives the entity (log scale, 1 from 20
  names up): widely known entities are named in more languages and mentioned more often;
- ``margin``: how far ahead of the next entity the match is (0 when tied);
- ``ambiguous``: 1 when the matched name belongs to more than one entity;
- ``unexplained``: share of the close pairs whose words differ by more than a known
  confusion explains (plain edit similarity or metaphone): "Palma" is one real letter
  away from "Palca", where "Gehry" is a transliteration of "Jerí".
"""

# An entity known by this many names (or more) counts as fully "well known".
_MANY_NAMES = 20
_ABJAD_LANGS = frozenset({"ar", "fa", "ur", "he", "ps"})
_UNVOICE = str.maketrans("gdb", "ktp")
# Rules that pair words without a known confusion to explain the difference.
_UNEXPLAINED = frozenset({"spelling", "metaphone"})
_MIN_PAIR = 0.6
_STRONG = 0.75


def sigmoid(x: float) -> float:
    """The logistic function, safe for large arguments."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


@functools.lru_cache(maxsize=1 << 17)
def _metaphone(word: str) -> str:
    return metaphone(word)


def word_similarity(
    q_word: str, a_word: str, lexicon: Lexicon, source_lang: str | None = None
) -> tuple[float, str]:
    """Similarity in [0, 1] of two normalised words, and the name of the rule that gave it.

    >>> from canonym.lexicon import default_lexicon
    >>> lex = default_lexicon()
    >>> word_similarity("gehry", "jeri", lex), word_similarity("janet", "jeannette", lex)
    ((0.95, 'transliteration'), (0.9, 'given_name'))
    >>> word_similarity("j", "jose", lex), word_similarity("kanazawashi", "kanazawa", lex)
    ((0.8, 'initial'), (0.9, 'suffix'))
    """
    return _word_similarity(q_word, a_word, lexicon, source_lang)


@functools.lru_cache(maxsize=1 << 18)
def _word_similarity(
    q_word: str, a_word: str, lexicon: Lexicon, source_lang: str | None
) -> tuple[float, str]:
    if q_word == a_word:
        return 1.0, "exact"
    q_key, a_key = translit_key(q_word), translit_key(a_word)
    if len(q_word) == 1 or len(a_word) == 1:
        return (0.8 if q_word[0] == a_word[0] else 0.0), "initial"
    if q_key == a_key:
        # Short keys collide by chance ("chen"/"sin"), so they are weaker evidence.
        return (0.95 if len(q_key) >= 4 else 0.9), "transliteration"
    if lexicon.same_given_name(q_word, a_word):
        return 0.9, "given_name"
    if len(q_key) >= 3 and q_key.translate(_UNVOICE) == a_key.translate(_UNVOICE):
        # Romanisations of Korean, Chinese (Wade-Giles / pinyin) and Arabic (no p) disagree
        # on voicing: Il-gyu / Il-kyu, Tao / Dao, Bakistan / Pakistan.
        return 0.85, "voicing"
    shorter, longer = (q_word, a_word) if len(q_word) <= len(a_word) else (a_word, q_word)
    if longer.startswith(shorter) and longer[len(shorter) :] in lexicon.place_suffixes:
        return 0.9, "suffix"
    spelling = max(
        Levenshtein.normalized_similarity(q_key, a_key),
        Levenshtein.normalized_similarity(q_word, a_word),
    )
    # Equal consonants with different vowels: a vowel shift (Chacallota/Chacalluta) when
    # the rest of the spelling is close; consonants alone would equate unrelated words.
    if (
        coarse_key(q_word) == coarse_key(a_word)
        and len(coarse_key(q_word)) >= 3
        and abs(len(q_key) - len(a_key)) <= 2
    ):
        floor = 0.5 if source_lang in _ABJAD_LANGS else 0.6
        if spelling >= floor:
            return max(spelling, 0.85 if source_lang in _ABJAD_LANGS else 0.8), "vowels"
    if len(q_word) >= 3 and spelling < 0.78 and _metaphone(q_word) == _metaphone(a_word):
        return 0.78, "metaphone"
    return min(spelling, 0.9), "spelling"


@dataclass(frozen=True)
class Comparison:
    """The result of comparing a query with one alias: word pairs and features."""

    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_alias: tuple[str, ...]
    features: Mapping[str, float]


def _role_weight(role: str, weight: float) -> float:
    if role == "title":
        return 0.0
    if role == "filler":
        return 0.15 * weight
    return weight


@dataclass(frozen=True)
class _Link:
    """Query words ``q`` matched to alias words ``a`` (one each, or one to a run)."""

    q: tuple[int, ...]
    a: tuple[int, ...]
    sim: float
    how: str


def _pair_words(query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None) -> list[_Link]:
    """Greedy one-to-one pairing, most similar first; ties go to the earlier words."""
    scored: list[tuple[float, int, int, str]] = []
    # A one-letter name ("X") is a name, not an initial standing for a longer word.
    lone_letter = (len(query.words) == 1 and len(query.words[0]) == 1) or (
        len(alias.words) == 1 and len(alias.words[0]) == 1
    )
    for i, qw in enumerate(query.words):
        for j, aw in enumerate(alias.words):
            sim, how = _word_similarity(qw, aw, lexicon, source_lang)
            if sim > _MIN_PAIR and not (lone_letter and how == "initial"):
                scored.append((sim, i, j, how))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    links: list[_Link] = []
    q_used: set[int] = set()
    a_used: set[int] = set()
    for sim, i, j, how in scored:
        if i not in q_used and j not in a_used:
            links.append(_Link((i,), (j,), sim, how))
            q_used.add(i)
            a_used.add(j)
    return links


def _join_compounds(
    links: list[_Link], query: NameForm, alias: NameForm, lexicon: Lexicon, source_lang: str | None
) -> list[_Link]:
    """Match a word left without a close partner to a run of two or three such words on
    the other side written apart ("Shahkot" / "Shah Kot", "Bangkhunthien" /
    "Bang Khun Thian")."""
    q_free = len(query.words) - sum(len(link.q) for link in links if link.sim >= _STRONG)
    a_free = len(alias.words) - sum(len(link.a) for link in links if link.sim >= _STRONG)
    if min(q_free, a_free) < 1 or max(q_free, a_free) < 2:
        return links  # a compound needs a free word on one side and two on the other
    for one, many, flip in ((query, alias, False), (alias, query, True)):
        for _ in range(2):
            strong_one = {i for link in links if link.sim >= _STRONG for i in (link.a if flip else link.q)}
            strong_many = {j for link in links if link.sim >= _STRONG for j in (link.q if flip else link.a)}
            best: tuple[float, int, tuple[int, ...]] | None = None
            runs = [
                (run, "".join(many.words[k] for k in run))
                for size in (2, 3)
                for run in (tuple(range(start, start + size)) for start in range(len(many.words) - size + 1))
                if strong_many.isdisjoint(run)
            ]
            for i, word in enumerate(one.words):
                if i in strong_one or len(word) < 4:
                    continue
                for run, joined in runs:
                    sim, _ = _word_similarity(word, joined, lexicon, source_lang)
                    if sim >= _STRONG and (best is None or sim > best[0]):
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


def _strength(sim: float) -> float:
    # Pairs near _MIN_PAIR are closer to a different word than to a variant of this one.
    return max(0.0, min(1.0, (sim - _MIN_PAIR) / (1.0 - _MIN_PAIR)))


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

    The ``margin`` and ``ambiguous`` features depend on the other candidates and the rest
    of the registry, so they are left at 0 here and set by the resolver.
    """
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
    q_weights = [_role_weight(r, weight(w)) for w, r in zip(query.words, q_roles)]
    a_weights = [_role_weight(r, weight(w)) for w, r in zip(alias.words, a_roles)]
    q_sim = {i: link.sim for link in links for i in link.q}
    a_sim = {j: link.sim for link in links for j in link.a}

    q_cov = sum(q_weights[i] * _strength(s) for i, s in q_sim.items()) / (sum(q_weights) or 1.0)
    a_cov = sum(a_weights[j] * _strength(s) for j, s in a_sim.items()) / (sum(a_weights) or 1.0)
    q_content = [i for i, r in enumerate(q_roles) if r == "word"]
    a_content = [j for j, r in enumerate(a_roles) if r == "word"]
    q_loose = max((q_weights[i] for i in q_content if q_sim.get(i, 0.0) < _STRONG), default=0.0)
    a_loose = max((a_weights[j] for j in a_content if a_sim.get(j, 0.0) < _STRONG), default=0.0)
    content_links = [link for link in links if any(q_roles[i] == "word" for i in link.q)]
    strong = [link for link in content_links if link.sim >= _STRONG]
    keyed = [
        ("".join(query.keys[i] for i in link.q), "".join(alias.keys[j] for j in link.a))
        for link in strong
        if link.how != "initial"
    ]
    rarity = max((weight(alias.words[j]) for link in strong for j in link.a), default=0.0)
    # The first word of a name is usually the given name; when both names have one and
    # they differ, the two are more likely relatives or namesakes than one person.
    first_conflict = (
        len(q_content) >= 2
        and len(a_content) >= 2
        and q_sim.get(q_content[0], 0.0) < _STRONG
        and a_sim.get(a_content[0], 0.0) < _STRONG
    )

    q_core, a_core = query.core, alias.core
    whole = (
        max(
            fuzz.token_sort_ratio(" ".join(q_core), " ".join(a_core)),
            fuzz.ratio(
                "".join(sorted(k for k, r in zip(query.keys, query.roles) if r != "title")),
                "".join(sorted(k for k, r in zip(alias.keys, alias.roles) if r != "title")),
            ),
            fuzz.ratio("".join(q_core), "".join(a_core)),
        )
        / 100.0
    )
    # Evidence is what matched: a word that pairs with nothing adds no support, so
    # "Felipe Kast" is as thin as "Kast" and its unmatched given name can only count against.
    letters = sum(len(query.words[i]) for link in strong for i in link.q)
    features = {
        "query_coverage": q_cov,
        "alias_coverage": a_cov,
        "whole_name": whole,
        "weakest_pair": min((link.sim for link in content_links), default=0.0),
        "substitution": min(q_loose, a_loose),
        "first_word_conflict": 1.0 if first_conflict else 0.0,
        "unmatched_words": sum(1 for i in q_content if q_sim.get(i, 0.0) < _STRONG) / max(1, len(q_content)),
        "matched_words": min(3, len(strong)) / 3,
        "initial_mismatch": 1.0 if any(qk[:1] != ak[:1] for qk, ak in keyed) else 0.0,
        "key_distance": min(3, max((Levenshtein.distance(qk, ak) for qk, ak in keyed), default=0)) / 3,
        "exact": 1.0 if sorted(q_core) == sorted(a_core) else 0.0,
        "single_word": 1.0 if len(strong) <= 1 else 0.0,
        "short": max(0.0, min(1.0, (12 - letters) / 11)),
        "rarity": rarity,
        "place": 1.0 if entity_type == "place" else 0.0,
        "organization": 1.0 if entity_type == "organization" else 0.0,
        "known_names": min(1.0, math.log(max(1, entity_names)) / math.log(_MANY_NAMES)),
        "margin": 0.0,
        "ambiguous": 0.0,
        "unexplained": sum(1 for link in strong if link.how in _UNEXPLAINED) / max(1, len(strong)),
    }
    pairs = tuple(
        TokenPair(
            " ".join(query.words[i] for i in link.q),
            " ".join(alias.words[j] for j in link.a),
            link.sim,
            link.how,
        )
        for link in sorted(links, key=lambda link: link.q)
    )
    return Comparison(
        pairs=pairs,
        unmatched_query=tuple(
            w for i, (w, r) in enumerate(zip(query.words, q_roles)) if i not in q_sim and r != "title"
        ),
        unmatched_alias=tuple(
            w for j, (w, r) in enumerate(zip(alias.words, a_roles)) if j not in a_sim and r != "title"
        ),
        features=MappingProxyType(features),
    )


def _parse_factor(part: str) -> tuple[str, float | None, float | None]:
    name, _, span = part.partition("@")
    if not span:
        return name, None, None
    lo, _, hi = span.partition(":")
    return name, float(lo), float(hi) if hi else None


def _factor_value(x: float, lo: float | None, hi: float | None) -> float:
    if lo is None:
        return x
    x = max(0.0, x - lo)
    return x if hi is None else min(x, hi - lo)


def term_value(term: str, features: Mapping[str, float]) -> float:
    """Value of one model term: a feature name; ``name@a:b``, the part of the feature
    between ``a`` and ``b`` (``min(max(x - a, 0), b - a)``: one segment of a piecewise
    linear effect); ``name@a``, the hinge ``max(0, x - a)``; or ``t*u``, a product.

    >>> term_value("margin@0.5:0.75", {"margin": 0.9}), term_value("exact*short", {"exact": 1, "short": 0.5})
    (0.25, 0.5)
    """
    value = 1.0
    for part in term.split("*"):
        name, lo, hi = _parse_factor(part)
        value *= _factor_value(features.get(name, 0.0), lo, hi)
    return value


@dataclass(frozen=True)
class LogisticModel:
    """``sigmoid(bias + sum(weight * term_value(term)))``, explained term by term."""

    bias: float
    weights: Mapping[str, float]

    def __getstate__(self) -> dict[str, object]:
        return {"bias": self.bias, "weights": dict(self.weights)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(bias=state["bias"], weights=MappingProxyType(state["weights"]))

    @functools.cached_property
    def _compiled(
        self,
    ) -> tuple[tuple[str, float, tuple[tuple[str, float | None, float | None], ...]], ...]:
        # Terms parsed once: (term, weight, ((feature, low, high), ...)).
        return tuple(
            (term, w, tuple(_parse_factor(part) for part in term.split("*")))
            for term, w in self.weights.items()
        )

    def _values(self, features: Mapping[str, float]) -> list[float]:
        """Each term's contribution, in the order of :attr:`weights`."""
        out = []
        get = features.get
        for _, w, factors in self._compiled:
            value = w
            for name, lo, hi in factors:
                x = get(name, 0.0)
                if lo is not None:  # inlined _factor_value: this loop is the hot path
                    x -= lo
                    if x <= 0.0:
                        value = 0.0
                        break
                    if hi is not None and x > hi - lo:
                        x = hi - lo
                value *= x
            out.append(value)
        return out

    def logit(self, features: Mapping[str, float]) -> float:
        """The log-odds for these features."""
        return self.bias + sum(self._values(features))

    def contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each term's share of the log-odds, plus ``bias``; they sum to :meth:`logit`.

        Terms that add nothing for these features are left out.
        """
        out = {"bias": self.bias}
        out.update((term, v) for (term, _, _), v in zip(self._compiled, self._values(features)) if v)
        return out


@dataclass(frozen=True)
class Model:
    """Two logistic models: ``rank`` orders candidates, ``confidence`` scores the winner.

    ``thresholds`` holds the default minimum confidence of an answer for each entity type.
    """

    rank: LogisticModel
    confidence: LogisticModel
    thresholds: Mapping[str, float]

    def __getstate__(self) -> dict[str, object]:
        return {"rank": self.rank, "confidence": self.confidence, "thresholds": dict(self.thresholds)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, thresholds=MappingProxyType(state["thresholds"]))


def _logistic(raw: Mapping[str, object]) -> LogisticModel:
    weights = raw["weights"]
    if not isinstance(weights, dict):
        raise ValueError("model weights must be a mapping")
    bias = raw["bias"]
    if not isinstance(bias, (int, float)):
        raise ValueError("model bias must be a number")
    return LogisticModel(float(bias), MappingProxyType({str(k): float(v) for k, v in weights.items()}))


def model_from_json(text: str) -> Model:
    """Read a model written by ``benchmarks/calibrate.py``."""
    raw = json.loads(text)
    thresholds = MappingProxyType({str(k): float(v) for k, v in raw["thresholds"].items()})
    return Model(_logistic(raw["rank"]), _logistic(raw["confidence"]), thresholds)


@functools.cache
def default_model() -> Model:
    """The calibrated model bundled with canonym."""
    return model_from_json(resources.files("canonym").joinpath("data/model.json").read_text("utf-8"))
