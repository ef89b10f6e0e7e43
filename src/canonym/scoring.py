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
    "unmatched_words",
    "exact",
    "single_word",
    "short",
    "rarity",
    "place",
    "organization",
    "margin",
    "ambiguous",
)
"""Names of the features a comparison produces, each in [0, 1].

- ``query_coverage``: rarity-weighted share of the query's words found in the alias;
- ``alias_coverage``: the same share of the alias's words found in the query;
- ``whole_name``: similarity of the names as wholes (rapidfuzz token-sort ratio of the
  words, or of the transliteration keys with spaces removed, whichever is higher);
- ``weakest_pair``: similarity of the least similar paired word (0 when none pair);
- ``substitution``: weight of the heaviest unshared word when both sides have one (a
  different given name: a namesake, not a shortened name);
- ``unmatched_words``: share of the query's content words not paired closely;
- ``exact``: 1 when the words are the same, in any order;
- ``single_word``: 1 for a one-word query (one surname is thin evidence);
- ``short``: how short the query is (1 for a single letter, 0 from 12 letters up);
- ``rarity``: rarity of the rarest shared word, relative to the rarest word there is;
- ``place``, ``organization``: the candidate's type (persons are the baseline);
- ``margin``: how far ahead of the next entity the match is (0 when tied);
- ``ambiguous``: 1 when the matched name belongs to more than one entity.
"""

_ABJAD_LANGS = frozenset({"ar", "fa", "ur", "he", "ps"})
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
    q_word: str,
    q_key: str,
    q_coarse: str,
    a_word: str,
    a_key: str,
    a_coarse: str,
    lexicon: Lexicon,
    source_lang: str | None = None,
) -> tuple[float, str]:
    """Similarity in [0, 1] of two normalised words, and the name of the rule that gave it.

    >>> from canonym.lexicon import default_lexicon
    >>> from canonym.phonetic import coarse_key, translit_key
    >>> def sim(a, b):
    ...     return word_similarity(a, translit_key(a), coarse_key(a), b, translit_key(b),
    ...                            coarse_key(b), default_lexicon())
    >>> sim("gehry", "jeri"), sim("janet", "jeannette"), sim("j", "jose")
    ((0.95, 'transliteration'), (0.9, 'given_name'), (0.8, 'initial'))
    """
    if q_word == a_word:
        return 1.0, "exact"
    if len(q_word) == 1 or len(a_word) == 1:
        if q_word[0] == a_word[0] or q_key[:1] == a_key[:1]:
            return 0.8, "initial"
        return 0.0, "initial"
    if q_key == a_key:
        # Short keys collide by chance ("chen"/"sin"), so they are weaker evidence.
        return (0.95 if len(q_key) >= 4 else 0.9), "transliteration"
    if lexicon.same_given_name(q_word, a_word):
        return 0.9, "given_name"
    for suffix in lexicon.place_suffixes:
        if (q_word.endswith(suffix) and q_word[: -len(suffix)] == a_word) or (
            a_word.endswith(suffix) and a_word[: -len(suffix)] == q_word
        ):
            return 0.9, "suffix"
    spelling = max(
        Levenshtein.normalized_similarity(q_key, a_key),
        Levenshtein.normalized_similarity(q_word, a_word),
    )
    # Equal consonants with different vowels: a vowel shift (Chacallota/Chacalluta) when
    # the rest of the spelling is close; consonants alone would equate unrelated words.
    if q_coarse == a_coarse and len(q_coarse) >= 3 and abs(len(q_key) - len(a_key)) <= 2:
        floor = 0.5 if source_lang in _ABJAD_LANGS else 0.6
        if spelling >= floor:
            return (0.9 if source_lang in _ABJAD_LANGS else 0.85), "vowels"
    if len(q_word) >= 3 and _metaphone(q_word) == _metaphone(a_word):
        spelling = max(spelling, 0.85)
        return min(spelling, 0.9), "metaphone"
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


def compare(
    query: NameForm,
    alias: NameForm,
    weight: Callable[[str], float],
    lexicon: Lexicon,
    source_lang: str | None = None,
) -> Comparison:
    """Compare two analysed names; ``weight(word)`` is a word's rarity weight in (0, 1].

    When the two names have different numbers of words, they are also compared as single
    words with the spaces removed ("Bangkhunthien" / "Bang Khun Thian", "Shah kot" /
    "Shahkot"), and the better-covered comparison is kept.

    The ``margin``, ``ambiguous`` and type features depend on the registry and the other
    candidates, so they are left at 0 here and set by the resolver.
    """
    result = _compare_words(query, alias, weight, lexicon, source_lang)
    q_core, a_core = query.core, alias.core
    if len(q_core) == len(a_core) or min(len(q_core), len(a_core)) == 0:
        return result
    joined = _compare_words(_joined(query), _joined(alias), weight, lexicon, source_lang)
    coverage = result.features["query_coverage"] + result.features["alias_coverage"]
    if joined.features["query_coverage"] + joined.features["alias_coverage"] <= coverage:
        return result
    features = dict(joined.features)
    for name in ("whole_name", "single_word", "short"):
        features[name] = result.features[name]
    return Comparison(joined.pairs, (), (), MappingProxyType(features))


def _joined(form: NameForm) -> NameForm:
    word = "".join(form.core)
    return NameForm(form.text, form.normalized, form.steps, (word,), (translit_key(word),),
                    (coarse_key(word),), ("word",))


def _compare_words(
    query: NameForm,
    alias: NameForm,
    weight: Callable[[str], float],
    lexicon: Lexicon,
    source_lang: str | None,
) -> Comparison:
    q_weights = [_role_weight(r, weight(w)) for w, r in zip(query.words, query.roles)]
    a_weights = [_role_weight(r, weight(w)) for w, r in zip(alias.words, alias.roles)]
    scored: list[tuple[float, int, int, str]] = []
    for i, (qw, qk, qc) in enumerate(zip(query.words, query.keys, query.coarse)):
        for j, (aw, ak, ac) in enumerate(zip(alias.words, alias.keys, alias.coarse)):
            sim, how = word_similarity(qw, qk, qc, aw, ak, ac, lexicon, source_lang)
            if sim > _MIN_PAIR:
                scored.append((sim, i, j, how))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    q_pair: dict[int, tuple[int, float, str]] = {}
    a_used: set[int] = set()
    for sim, i, j, how in scored:
        if i not in q_pair and j not in a_used:
            q_pair[i] = (j, sim, how)
            a_used.add(j)

    def strength(sim: float) -> float:
        # Pairs below _STRONG are closer to a different word than to a variant.
        return max(0.0, min(1.0, (sim - _MIN_PAIR) / (1.0 - _MIN_PAIR)))

    q_total = sum(q_weights) or 1.0
    a_total = sum(a_weights) or 1.0
    q_cov = sum(q_weights[i] * strength(s) for i, (_, s, _) in q_pair.items()) / q_total
    a_cov = sum(a_weights[j] * strength(s) for j, s, _ in q_pair.values()) / a_total
    q_strong = {i for i, (_, s, _) in q_pair.items() if s >= _STRONG}
    a_strong = {j for j, s, _ in q_pair.values() if s >= _STRONG}
    q_content = [i for i, r in enumerate(query.roles) if r == "word"]
    a_content = [j for j, r in enumerate(alias.roles) if r == "word"]
    q_loose = max((q_weights[i] for i in q_content if i not in q_strong), default=0.0)
    a_loose = max((a_weights[j] for j in a_content if j not in a_strong), default=0.0)
    content = [s for i, (_, s, _) in q_pair.items() if query.roles[i] == "word"]
    weakest = min(content) if content else 0.0
    rarity = max((weight(alias.words[j]) for j, s, _ in q_pair.values() if s >= _STRONG), default=0.0)

    q_core, a_core = query.core, alias.core
    whole = max(
        fuzz.token_sort_ratio(" ".join(q_core), " ".join(a_core)),
        fuzz.ratio(
            "".join(sorted(k for k, r in zip(query.keys, query.roles) if r != "title")),
            "".join(sorted(k for k, r in zip(alias.keys, alias.roles) if r != "title")),
        ),
        fuzz.ratio("".join(q_core), "".join(a_core)),
    ) / 100.0
    letters = sum(len(w) for w in q_core)
    features = {
        "query_coverage": q_cov,
        "alias_coverage": a_cov,
        "whole_name": whole,
        "weakest_pair": weakest,
        "substitution": min(q_loose, a_loose),
        "unmatched_words": sum(1 for i in q_content if i not in q_strong) / max(1, len(q_content)),
        "exact": 1.0 if sorted(q_core) == sorted(a_core) else 0.0,
        "single_word": 1.0 if len(q_content) <= 1 else 0.0,
        "short": max(0.0, min(1.0, (12 - letters) / 11)),
        "rarity": rarity,
        "place": 0.0,
        "organization": 0.0,
        "margin": 0.0,
        "ambiguous": 0.0,
    }
    pairs = tuple(
        TokenPair(query.words[i], alias.words[j], sim, how) for i, (j, sim, how) in sorted(q_pair.items())
    )
    return Comparison(
        pairs=pairs,
        unmatched_query=tuple(w for i, (w, r) in enumerate(zip(query.words, query.roles))
                              if i not in q_pair and r != "title"),
        unmatched_alias=tuple(w for j, (w, r) in enumerate(zip(alias.words, alias.roles))
                              if j not in a_used and r != "title"),
        features=MappingProxyType(features),
    )


@dataclass(frozen=True)
class LogisticModel:
    """``sigmoid(bias + sum(weights[f] * features[f]))``, explained term by term."""

    bias: float
    weights: Mapping[str, float]

    def logit(self, features: Mapping[str, float]) -> float:
        """The log-odds for these features."""
        return self.bias + sum(w * features.get(name, 0.0) for name, w in self.weights.items())

    def contributions(self, features: Mapping[str, float]) -> dict[str, float]:
        """Each feature's term of the log-odds, plus ``bias``; they sum to :meth:`logit`."""
        out = {"bias": self.bias}
        out.update({name: w * features.get(name, 0.0) for name, w in self.weights.items()})
        return out


@dataclass(frozen=True)
class Model:
    """Two logistic models: ``rank`` orders candidates, ``confidence`` scores the winner.

    ``threshold`` is the default minimum confidence for an answer.
    """

    rank: LogisticModel
    confidence: LogisticModel
    threshold: float


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
    return Model(_logistic(raw["rank"]), _logistic(raw["confidence"]), float(raw["threshold"]))


@functools.cache
def default_model() -> Model:
    """The calibrated model bundled with canonym."""
    return model_from_json(resources.files("canonym").joinpath("data/model.json").read_text("utf-8"))
