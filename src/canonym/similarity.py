"""How alike two normalised words are, and which rule says so.

One function, :func:`word_similarity`, tries rules from the strongest evidence to the
weakest and returns the first that applies: identical words, equal transliteration keys
(Gehry/Jerí), known cognate given names (Janet/Jeannette), an initial (J./José), a voicing
difference of romanisation (Il-gyu/Il-kyu), a place suffix (Sendaishi/Sendai), equal
consonants with a vowel shift, equal metaphone codes, or else the edit similarity of the
keys (rapidfuzz). It does no I/O and keeps no state beyond a bounded memo.
"""

from __future__ import annotations

import functools

from rapidfuzz.distance import Levenshtein

from canonym.lexicon import Lexicon
from canonym.phonetic import _KERNEL as _TRANSLITERATOR
from canonym.phonetic import coarse_key, metaphone, translit_key
from canonym.scripts import SYLLABARY_LANGS, syllabary_rule

try:  # the same rules and edit similarity computed in C, where the compiled core is installed
    from canonym._kernels import WordRules as _WordRules
    from canonym._kernels import normalized_similarity as _edit_similarity
except ImportError:
    _WordRules = None
    _edit_similarity = Levenshtein.normalized_similarity

__all__ = ["ABJAD_LANGS", "UNEXPLAINED_RULES", "word_similarity"]

ABJAD_LANGS = frozenset({"ar", "fa", "ur", "he", "ps"})
"""Source languages written in an abjad: their romanisations guess the unwritten vowels,
so a vowel difference is weaker evidence against a match."""
UNEXPLAINED_RULES = frozenset({"spelling", "metaphone"})
"""Rules that pair words without a known confusion to explain the difference."""
_UNVOICE = str.maketrans("gdb", "ktp")


@functools.lru_cache(maxsize=1 << 17)
def _metaphone(word: str) -> str:
    return metaphone(word)


_PAIRS_KEPT = 1 << 18  # word pairs whose answers are kept, here and in the compiled rules


@functools.lru_cache(maxsize=_PAIRS_KEPT)
def word_similarity(
    q_word: str, a_word: str, lexicon: Lexicon, source_lang: str | None = None
) -> tuple[float, str]:
    """Similarity in [0, 1] of two normalised words, and the name of the rule that gave it.

    Memoised: names repeat their words, and comparison is the hot path.

    >>> from canonym.lexicon import default_lexicon
    >>> lex = default_lexicon()
    >>> word_similarity("gehry", "jeri", lex)[1], word_similarity("janet", "jeannette", lex)[1]
    ('transliteration', 'given_name')
    >>> word_similarity("j", "jose", lex)[1], word_similarity("sendaishi", "sendai", lex)[1]
    ('initial', 'suffix')
    >>> word_similarity("paris", "paris", lex)
    (1.0, 'exact')
    """
    if _WordRules is None:
        return _word_similarity(q_word, a_word, lexicon, source_lang)
    return word_rules(lexicon).similarity(q_word, a_word, source_lang)


@functools.lru_cache(maxsize=16)
def word_rules(lexicon: Lexicon) -> _WordRules:
    """The compiled rules of :func:`word_similarity` over ``lexicon``'s tables
    (``canonym._kernels.WordRules``), where the compiled core is installed: the word
    pairing of :mod:`canonym.features` calls them from C, with the keys the analysed names
    hold, and keeps each pair's answer as the cache of :func:`word_similarity` does."""
    # The rules keep each word's keys themselves: the keys of words no name holds (a
    # compound's joined run) come from the transliteration kernel itself, which
    # translit_key and coarse_key call, and two words' metaphone codes are worked out and
    # compared in C where both are plain [a-z] (the metaphone goes uncached to them).
    return _WordRules(
        lexicon.given_name_groups,
        lexicon.place_suffixes,
        ABJAD_LANGS,
        translit_key,
        coarse_key,
        metaphone,
        _PAIRS_KEPT,
        SYLLABARY_LANGS,
        syllabary_rule,
        _TRANSLITERATOR,
    )


def _word_similarity(
    q_word: str, a_word: str, lexicon: Lexicon, source_lang: str | None = None
) -> tuple[float, str]:
    """The rules of :func:`word_similarity` in Python: the reference, run where nothing is
    compiled (``canonym._kernels.WordRules`` applies them in C, and a hypothesis test holds
    the two equal)."""
    if source_lang in SYLLABARY_LANGS:
        # A syllabary's reading: the rules without a language, then the syllabary's.
        return syllabary_rule(q_word, a_word, _word_similarity(q_word, a_word, lexicon))
    if q_word == a_word:
        return 1.0, "exact"
    if len(q_word) == 1 or len(a_word) == 1:
        return (0.8 if q_word[0] == a_word[0] else 0.0), "initial"
    q_key, a_key = translit_key(q_word), translit_key(a_word)
    if q_key == a_key:
        # Short keys collide by chance ("chen"/"sin"), so they are weaker evidence.
        return (0.95 if len(q_key) >= 4 else 0.9), "transliteration"
    if lexicon.same_given_name(q_word, a_word):
        return 0.9, "given_name"
    # (The table maps letter to letter: keys of different lengths never agree.)
    if (
        len(q_key) >= 3
        and len(q_key) == len(a_key)
        and q_key.translate(_UNVOICE) == a_key.translate(_UNVOICE)
    ):
        # Romanisations of Korean, Chinese (Wade-Giles / pinyin) and Arabic (no p) disagree
        # on voicing: Il-gyu / Il-kyu, Tao / Dao, Bakistan / Pakistan.
        return 0.85, "voicing"
    shorter, longer = (q_word, a_word) if len(q_word) <= len(a_word) else (a_word, q_word)
    if longer.startswith(shorter) and longer[len(shorter) :] in lexicon.place_suffixes:
        return 0.9, "suffix"
    spelling = max(
        _edit_similarity(q_key, a_key),
        _edit_similarity(q_word, a_word),
    )
    # Equal consonants with different vowels: a vowel shift (Chacallota/Chacalluta) when
    # the rest of the spelling is close; consonants alone would equate unrelated words.
    q_coarse = coarse_key(q_word)
    if q_coarse == coarse_key(a_word) and len(q_coarse) >= 3 and abs(len(q_key) - len(a_key)) <= 2:
        floor = 0.5 if source_lang in ABJAD_LANGS else 0.6
        if spelling >= floor:
            return max(spelling, 0.85 if source_lang in ABJAD_LANGS else 0.8), "vowels"
    # Both words long enough: metaphone codes of one- and two-letter words collide by chance.
    if min(len(q_word), len(a_word)) >= 3 and spelling < 0.78 and _metaphone(q_word) == _metaphone(a_word):
        return 0.78, "metaphone"
    return min(spelling, 0.9), "spelling"
