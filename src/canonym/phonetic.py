"""Transliteration keys: spellings that translation and romanisation confuse get one key.

A key is computed per word of a normalised name (ASCII, lower case). :func:`translit_key`
merges the letters that romanisations of the same sound disagree on; :func:`coarse_key`
also forgets vowels, the part of a name that Arabic and Hebrew scripts mostly do not write.
Both are pure functions; jellyfish supplies a second, independent phonetic code
(:func:`metaphone`).
"""

from __future__ import annotations

import functools

import jellyfish
import regex

__all__ = ["coarse_key", "deletions", "metaphone", "translit_key"]

# Multi-letter spellings of one sound, longest first. Each maps to one letter of the key
# alphabet:  j = j/g(e,i)/kh/dj/zh/dzh (Spanish "Jalid", English "Khalid"),
# s = s/z/c(e,i)/ts/sh/sch/ch/tch (sibilants romanised differently from language to
# language), k = k/c/q/ck, b = b/v/w(before a vowel), f = f/ph, t = t/th, d = d/dh,
# i = i/e/y/ee/ie, u = u/o/ou/oo/w(elsewhere), a = a.
_SEQUENCES: tuple[tuple[str, str], ...] = (
    ("dzh", "j"),
    ("tsch", "s"),
    ("sch", "s"),
    ("tch", "s"),
    ("tsh", "s"),
    ("kh", "j"),
    ("dj", "j"),
    ("zh", "j"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "s"),
    ("ts", "s"),
    ("tz", "s"),
    ("cz", "s"),
    ("sz", "s"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("ck", "k"),
    ("qu", "k"),
    ("ou", "u"),
    ("oo", "u"),
    ("ee", "i"),
)
_SEQUENCE_RE = regex.compile("|".join(seq for seq, _ in _SEQUENCES))
_SEQUENCE_MAP = dict(_SEQUENCES)
_SOFT_C = regex.compile(r"c(?=[eiy])")
_SOFT_G = regex.compile(r"g(?=[eiy])")
_CONSONANT_W = regex.compile(r"w(?=[aeiouy])")
# A pronounced h (first letter, or between vowels) is where Russian and Spanish
# romanisations write kh or j ("Sakhara"/"Sahara", "Jalid"/"Halid"); an h elsewhere is
# usually silent or part of a digraph ("Gehry", "Ahmed"/"Ahmad").
_SOUNDED_H = regex.compile(r"(?:^|(?<=[aeiouy]))h(?=[aeiouy])")
# After a consonant, Russian romanisations write kh where others write h ("Bkhutto",
# "Radzhastkhan" for Bhutto, Rajasthan, from Бхутто, Раджастхан): there it is the same
# silent h.
_KH_AFTER_CONSONANT = regex.compile(r"(?<=[bcdfgjklmnpqrstvxz])kh")
_LETTERS = str.maketrans(
    {
        "c": "k",
        "q": "k",
        "z": "s",
        "v": "b",
        "w": "u",
        "y": "i",
        "e": "i",
        "o": "u",
        "x": "ks",
        "h": "",
    }
)
_DOUBLES = regex.compile(r"(.)\1+")


def _first_letter(match: regex.Match[str]) -> str:
    # A function, not the template r"\1": regex re-parses a template on every call.
    return match.group(1)


_VOWELS = regex.compile(r"[aiu]+")
# Keys of this many distinct words are kept: more than running text or a query stream
# repeats, and few enough that indexing a million names does not keep them all.
_KEY_CACHE = 1 << 18


def _translit_key(word: str) -> str:
    """The reference of :func:`translit_key`: its rules as regular expressions, one pass
    each. ``canonym._kernels.Transliterator`` applies the same rules in C where the
    compiled core is installed (a change here is a change there:
    tests/test_core_compiled.py compares the two)."""
    if len(word) > 3 and word.endswith("e") and word[-2] not in "aeiouy":
        # A silent final e (English and French spellings: "Lahore", "Khamene") is dropped.
        word = word[:-1]
    # Each rule runs only where its letter is (a substring test costs a tenth of a regex
    # pass; indexing a large registry computes hundreds of thousands of keys).
    if "kh" in word:
        word = _KH_AFTER_CONSONANT.sub("h", word)
    if "c" in word:
        word = _SOFT_C.sub("s", word)
    if "g" in word:
        word = _SOFT_G.sub("j", word)
    if "w" in word:
        word = _CONSONANT_W.sub("b", word)
    word = _SEQUENCE_RE.sub(lambda m: _SEQUENCE_MAP[m.group()], word)
    if "h" in word:
        word = _SOUNDED_H.sub("j", word)
    word = word.translate(_LETTERS)
    return _DOUBLES.sub(_first_letter, word)


def _coarse_key(key: str) -> str:
    """The reference of :func:`coarse_key`, from the word's transliteration key."""
    if len(key) <= 1:
        return key
    return _DOUBLES.sub(_first_letter, key[0] + _VOWELS.sub("", key[1:]))


try:  # the same rules in C, where the compiled core is installed (see setup.py)
    from canonym._kernels import Transliterator as _Transliterator

    _KERNEL = _Transliterator(_SEQUENCES, _LETTERS)
except ImportError:
    _KERNEL = None  # type: ignore[assignment]


@functools.lru_cache(maxsize=_KEY_CACHE)
def translit_key(word: str) -> str:
    """Key of one normalised word, equal for its common romanisation variants.

    >>> translit_key("gehry") == translit_key("jeri")
    True
    >>> translit_key("chacallota") == translit_key("chacalluta")
    True
    >>> translit_key("zella") == translit_key("sela"), translit_key("cast") == translit_key("kast")
    (True, True)
    >>> translit_key("khaled") == translit_key("halid") == translit_key("jalid")
    True
    >>> translit_key("kast") == translit_key("kist")
    False
    """
    return _translit_key(word) if _KERNEL is None else _KERNEL.key(word)  # type: ignore[no-any-return]


@functools.lru_cache(maxsize=_KEY_CACHE)
def coarse_key(word: str) -> str:
    """:func:`translit_key` with every run of vowels after the first letter removed.

    Abjad scripts leave short vowels unwritten, so their romanisations disagree mostly
    there: "muhammad", "mohamed" and "mohammed" share one coarse key.

    >>> coarse_key("muhammad") == coarse_key("mohamed") == coarse_key("mohammed")
    True
    >>> coarse_key("muhammad") == coarse_key("mahmud")
    False
    """
    key = translit_key(word)
    return _coarse_key(key) if _KERNEL is None else _KERNEL.coarse(key)  # type: ignore[no-any-return]


def metaphone(word: str) -> str:
    """jellyfish's Metaphone code of a normalised word (an English-spelling view).

    (Compiled, the word rules work the codes of words of [a-z] out in C,
    ``canonym._kernels._metaphone``; a test holds them equal to this.)

    >>> metaphone("gehry") == metaphone("jeri")
    True
    """
    return jellyfish.metaphone(word)


def deletions(key: str) -> frozenset[str]:
    """Every string made by deleting one character of ``key`` (SymSpell-style neighbours).

    Indexing a key under its deletions finds every key within one edit of a query key
    with dictionary look-ups only.

    >>> sorted(deletions("kast"))
    ['ast', 'kas', 'kat', 'kst']
    """
    return frozenset([key[:i] + key[i + 1 :] for i in range(len(key))])
