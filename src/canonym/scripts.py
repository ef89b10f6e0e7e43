"""Names in other scripts: which script each word is in, and the Latin forms it is written in.

unidecode gives one fixed reading of every script, which is rarely the one a name is spelt
in: Hangul comes out in Revised Romanisation where Korean names are spelt Kim, Lee, Park,
Jong-un; Hebrew and Arabic lose the vowels they never wrote; foreign names written in
Hangul carry the vowels Korean adds between consonants (스티븐 is *Steven*, read
*seutibeun*). :func:`romanizations` returns the Latin forms a name in such a script is
actually written in, best first; the first is what :mod:`canonym.normalize` folds a name
to, and the resolver looks up and compares the others too.

Abjads (Hebrew, Arabic, Persian) are read as their consonants plus the vowel letters they
do write, with a neutral vowel between consonants that have none: the transliteration and
vowel-less keys of :mod:`canonym.phonetic` then meet the Latin spelling's when the
consonants agree. That is weaker evidence than a spelling match, and the scoring treats
it so (the pair's rule is ``vowels``, not ``transliteration``).

The letter tables are hand-edited data in ``canonym/data/scripts.yaml``.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Callable, Mapping
from importlib import resources
from types import MappingProxyType
from typing import Any

import regex
from unidecode import unidecode

from canonym.cache import loaded_for_good
from canonym.loans import LOAN_LANGUAGES
from canonym.patterns import lazy_pattern
from canonym.phonetic import translit_key
from canonym.romanization import (
    adlam_readings,
    brahmic_readings,
    cherokee_readings,
    ethiopic_readings,
    khmer_readings,
    myanmar_readings,
    nko_readings,
    sinhala_readings,
    thai_lao_readings,
    tibetan_readings,
)
from canonym.strict_yaml import load_yaml

__all__ = [
    "PRIMARY_SCRIPTS",
    "UNSPACED",
    "char_script",
    "check_language",
    "clitic_splits",
    "comparison_language",
    "cyrillic_stems",
    "first_script",
    "implied_language",
    "load_readers",
    "ordered_runs",
    "primary_romanization",
    "romanizations",
    "syllabary_rule",
    "syllabary_similarity",
    "unspaced_script",
    "word_scripts",
]


# The Brahmic scripts of India (and Chakma) that canonym.romanization reads.
BRAHMIC_SCRIPTS = (
    "Devanagari", "Bengali", "Gurmukhi", "Gujarati", "Oriya", "Tamil", "Telugu", "Kannada",
    "Malayalam", "Chakma",
)  # fmt: skip
# The scripts told apart, in the order they are tried; a word's script is its first letter's.
_SCRIPT_NAMES = (
    "Latin", "Hangul", "Hebrew", "Arabic", "Cyrillic", "Greek", "Han", "Hiragana", "Katakana",
    *BRAHMIC_SCRIPTS, "Ethiopic", "Thai", "Lao", "Myanmar", "Khmer", "Cherokee", "Georgian", "Armenian",
    "Syriac", "Sinhala", "Tibetan", "Nko", "Adlam",
)  # fmt: skip
_SCRIPT_RES = tuple((name, lazy_pattern({}, name, rf"\p{{Script={name}}}")) for name in _SCRIPT_NAMES)
# A word: letters and marks, with the geresh (׳ or an apostrophe) and gershayim inside.
# Tibetan's tsheg (་), which ends every syllable, is inside a word too.
_WORD = lazy_pattern(globals(), "_WORD", r"[\p{L}\p{M}]+(?:['\u05f3\u05f4\u2019\u0f0b][\p{L}\p{M}]*)*")
# The abjads' scripts and the language whose vowel-less spelling a query in them implies;
# and the syllabary whose readings are compared by :func:`syllabary_rule` (Cherokee, which has
# no ISO 639-1 code: its ISO 639-2 one).
_IMPLIED_LANGUAGE = {"Hebrew": "he", "Arabic": "ar", "Cherokee": "chr"}
SYLLABARY_LANGS = frozenset({"chr"})
"""The languages (of :func:`implied_language`) whose script is a syllabary read by
:func:`syllabary_rule`."""
# Persian writes the parts of a compound name with a zero-width non-joiner (a "half space",
# نیم‌فاصله) between them where Latin writes a space or a hyphen (سن‌خوزه: San José).
_ARABIC_ZWNJ = lazy_pattern(
    globals(), "_ARABIC_ZWNJ", r"(?<=\p{Script=Arabic}\p{M}*)\u200c(?=\p{Script=Arabic})"
)
# The joiners inside a word of an Indic script (and Sinhala): after a virama they choose how
# a conjunct is drawn (half form, explicit virama), never what is read (the Unicode Standard,
# ch. 12, "Rendering of the virama"); the word stays one word.
_INDIC_JOINER = lazy_pattern(
    globals(),
    "_INDIC_JOINER",
    r"(?<=[\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}"
    r"\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}"
    r"\p{Script=Sinhala}])[\u200c\u200d]+(?=\p{L}|\p{M})",
)


def _words_joined(text: str) -> str:
    """``text`` composed (NFC) with its joiners read: a ZWNJ between two Arabic-script
    letters parts two words (:data:`_ARABIC_ZWNJ`), one inside an Indic word is dropped
    (:data:`_INDIC_JOINER`), so that :data:`_WORD` finds the words as they are read."""
    return _INDIC_JOINER.sub("", _ARABIC_ZWNJ.sub(" ", unicodedata.normalize("NFC", text)))


# How many Latin forms of one name are returned at most: each costs the resolver a look-up.
_MAX_FORMS = 5


def check_language(lang: str | None) -> str | None:
    """``lang`` as the code canonym's rules are keyed by (or None); else a ValueError.

    Accepted: an ISO 639-1 code, an ISO 639-3 code of a language that has none but that
    canonym has rules for (its loan phonology, ``haw``, ``kgp``, ...:
    :data:`canonym.loans.LOAN_LANGUAGES`; its syllabary, ``chr``: :data:`SYLLABARY_LANGS`),
    and a BCP 47 tag of either, read by its language subtag (``pt-BR``, ``zh_Hant``), since
    region and script subtags change no romanisation canonym makes.

    >>> check_language("KO"), check_language(None), check_language("pt-BR"), check_language("haw")
    ('ko', None, 'pt', 'haw')
    >>> check_language("xx")
    Traceback (most recent call last):
    ...
    ValueError: unknown language code 'xx': expected an ISO 639-1 code such as 'ar' or a tag such as 'pt-BR'
    """
    if lang is None:
        return None
    code = regex.split(r"[-_]", lang.strip().lower(), maxsplit=1)[0]
    if code not in _languages():
        raise ValueError(
            f"unknown language code {lang!r}: "
            "expected an ISO 639-1 code such as 'ar' or a tag such as 'pt-BR'"
        )
    return code


@functools.lru_cache(maxsize=1 << 14)
def _letter_script(char: str) -> str | None:
    """The script of one letter among those told apart (:data:`_SCRIPT_RES`), or None
    (remembered: the script of every name of a registry is asked letter by letter)."""
    return next((name for name, pattern in _SCRIPT_RES if pattern.match(char)), None)


def _script(word: str) -> str:
    for char in word:
        if char.isalpha():
            return _letter_script(char) or "Other"
    return "Other"


def first_script(text: str) -> str:
    """The script of the first letter of ``text`` that belongs to one of the scripts told
    apart (letters common to several, such as the ayn sign ``ʿ``, are skipped); ``Other``
    when there is none.

    >>> first_script("Köln"), first_script("Сергей"), first_script("1 東京"), first_script("ʿAqrah")
    ('Latin', 'Cyrillic', 'Han', 'Latin')
    """
    if text.isascii():
        # Every ASCII letter is Latin, and ASCII text holds a letter just where its lower
        # and upper case differ.
        return "Latin" if text.lower() != text.upper() else "Other"
    return next((s for s in map(_letter_script, filter(str.isalpha, text)) if s), "Other")


def word_scripts(text: str) -> tuple[tuple[str, str], ...]:
    """Each word of ``text`` with the Unicode script of its letters.

    >>> word_scripts("Kim 김정은 אהוד")
    (('Kim', 'Latin'), ('김정은', 'Hangul'), ('אהוד', 'Hebrew'))
    """
    return tuple((w, _script(w)) for w in _WORD.findall(text))


def comparison_language(text: str, source_lang: str | None) -> str | None:
    """The language whose rules compare the readings of ``text``: the syllabary's where
    ``text`` is written in one (its readings differ from the name in the syllabary's ways,
    whatever language the text was translated from), else ``source_lang``, else the abjad
    language its script implies (:func:`implied_language`).

    >>> comparison_language("ᎰᏙᏂ", "en"), comparison_language("محمد", "fa"), comparison_language("Kim", None)
    ('chr', 'fa', None)
    """
    implied = implied_language(text)
    if implied in SYLLABARY_LANGS:
        return implied
    return source_lang or implied


def implied_language(text: str) -> str | None:
    """The abjad language a name's script implies (``he`` for Hebrew, ``ar`` for Arabic
    script), or None: vowel differences then count less when names are compared; ``chr``
    for the Cherokee syllabary, whose readings are compared by :func:`syllabary_rule`.

    >>> implied_language("אהוד אולמרט"), implied_language("محمد"), implied_language("Kim")
    ('he', 'ar', None)
    >>> implied_language("ᏣᎳᎩ")
    'chr'
    """
    if text.isascii():
        return None
    for _, script in word_scripts(text):
        if script in _IMPLIED_LANGUAGE:
            return _IMPLIED_LANGUAGE[script]
    return None


@functools.cache
def _tables() -> Mapping[str, Mapping[str, object]]:
    raw = load_yaml(
        resources.files("canonym").joinpath("data/scripts.yaml").read_text("utf-8"), "data/scripts.yaml"
    )
    return MappingProxyType(raw)


def _table(section: str, key: str | None = None) -> Mapping[str, str]:
    value: Any = _tables()[section]
    return value if key is None else value[key]  # type: ignore[no-any-return]


@functools.cache
def _languages() -> frozenset[str]:
    """The language codes ``source_lang`` accepts: ISO 639-1, and the ISO 639-3 codes of the
    languages without one that canonym has rules for (loan phonology, a syllabary)."""
    return frozenset([*_tables()["languages"], *LOAN_LANGUAGES, *SYLLABARY_LANGS])


# -- Hangul ---------------------------------------------------------------------------

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
# Initial, medial and final jamo in Unicode order (the syllable block is computed from them).
_RR_INITIAL = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)  # fmt: skip
_RR_VOWEL = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i",
)  # fmt: skip
_RR_FINAL = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
# McCune-Reischauer without its diacritics (ŏ -> o, ŭ -> u, aspiration marks dropped), which
# is also how most Korean names are customarily spelt (Jung, Sung, Hyun, Kyung, Dong-hoon).
_MR_VOWEL = (
    "a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae",
    "oe", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i",
)  # fmt: skip
# Foreign names written in Hangul: the letters the loanword orthography writes for them.
_LOAN_INITIAL = (
    "g", "k", "n", "d", "t", "r", "m", "b", "p", "s", "s", "", "j", "ts", "ch", "k", "t", "p", "h",
)  # fmt: skip
_LOAN_VOWEL = (
    "a", "a", "ya", "ya", "o", "e", "ye", "ye", "o", "wa", "we",
    "we", "yo", "u", "wo", "we", "wi", "yu", "u", "ui", "i",
)  # fmt: skip
_LOAN_FINAL = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l",
    "p", "l", "m", "p", "p", "s", "s", "ng", "t", "t", "k", "t", "p", "t",
)  # fmt: skip
_EU, _I_VOWEL, _U_VOWEL, _UI_VOWEL, _WI_VOWEL, _EO_VOWEL = 18, 20, 13, 19, 16, 4
_SILENT, _RIEUL, _PHIEUPH, _HIEUH = 11, 5, 17, 18
_SIBILANTS, _AFFRICATES = (9, 10), (12, 13, 14)
_FINAL_RIEUL, _SSANGSIOS = 8, 10
_VOICELESS = {"g": "k", "d": "t", "b": "p", "j": "ch"}


def _jamo(syllable: str) -> tuple[int, int, int] | None:
    code = ord(syllable) - _HANGUL_FIRST
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
        return None
    return code // 588, (code % 588) // 28, code % 28


def _korean_syllables(word: str, vowels: tuple[str, ...], plain_initials: bool) -> list[str]:
    """Each syllable of a Korean word, romanised on its own (as Korean names are)."""
    out = []
    for position, char in enumerate(word):
        parts = _jamo(char)
        if parts is None:
            out.append(char)
            continue
        lead, vowel, tail = parts
        initial = _RR_INITIAL[lead]
        if plain_initials and position == 0:
            # McCune-Reischauer: plain stops are voiceless at the start of a word.
            initial = {"g": "k", "d": "t", "b": "p", "j": "ch"}.get(initial, initial)
        if plain_initials and initial == "s" and vowels[vowel].startswith(("i", "w", "y")):
            initial = "sh"
        sound = vowels[vowel]
        if vowels is _MR_VOWEL and vowel == _U_VOWEL and lead == _SILENT:
            sound = "woo"  # 우 in names: Woo, Jin-woo
        elif vowels is _MR_VOWEL and vowel == _UI_VOWEL and lead != _SILENT:
            sound = "i"  # 희 in names: Hee (Hee-sun), not Hui
        out.append(initial + sound + _RR_FINAL[tail])
    return out


def _loan_word(word: str, epenthetic: str, f_for_p: bool, japanese: bool = False) -> str:
    """A foreign name written in Hangul, read back as the loanword orthography writes it.

    ``epenthetic`` replaces the vowel ㅡ that Korean adds after a consonant (스 in 스티븐,
    Steven): "" for English-like names, "u" for Japanese ones (스 is *su* in 쿠스미, Kusumi).
    ``japanese`` reads a word-initial ㄱ ㄷ ㅂ ㅈ as k t p ch and 쓰 as tsu, as the Korean
    orthography of Japanese writes them.
    """
    out: list[str] = []
    previous_tail = 0
    for char in word:
        parts = _jamo(char)
        if parts is None:
            out.append(char)
            previous_tail = 0
            continue
        lead, vowel, tail = parts
        initial = _LOAN_INITIAL[lead]
        if lead == _RIEUL:
            # Intervocalic l is written ㄹㄹ (final ㄹ, then ㄹ): the second one adds nothing.
            initial = "" if previous_tail == _FINAL_RIEUL else "r"
        elif lead == _PHIEUPH and f_for_p:
            initial = "f"
        elif japanese and not out and initial in _VOICELESS:
            initial = _VOICELESS[initial]
        elif japanese and lead == _SSANGSIOS:
            initial = "ts"
        sound = epenthetic if vowel == _EU and lead != _SILENT else _LOAN_VOWEL[vowel]
        if vowel == _EO_VOWEL and not japanese:
            sound = "e"  # ㅓ writes the English unstressed vowel (-er, -son, -ton)
        if lead in _SIBILANTS and (sound.startswith("y") or vowel == _WI_VOWEL):
            # 샤 셰 쇼 슈 and 쉬 write sh (Shaw, Harish)
            initial, sound = "sh", ("" if vowel == _WI_VOWEL and not japanese else sound.lstrip("yw"))
        elif lead in _AFFRICATES and sound.startswith("y"):
            sound = sound[1:]  # 쥬 and 츄 are ju and chu
        elif japanese and lead in _SIBILANTS and vowel == _I_VOWEL:
            initial = "sh"  # Japanese shi is written 시
        elif japanese and lead == 14 and vowel == _EU:
            initial = "ts"  # and tsu 츠
        elif japanese and lead == _HIEUH and vowel == _U_VOWEL:
            initial = "f"  # and fu 후
        out.append(initial + sound + _LOAN_FINAL[tail])
        previous_tail = tail
    return "".join(out)


def _surname_split(word: str) -> tuple[tuple[str, ...], str] | None:
    """A one-block Korean name as (customary spellings of its surname, given name)."""
    surnames = _table("korean_surnames")
    if len(word) in (3, 4) and word[:2] in surnames:
        return tuple(surnames[word[:2]]), word[2:]
    if 2 <= len(word) <= 4 and word[0] in surnames:
        return tuple(surnames[word[0]]), word[1:]
    return None


def _korean_name_forms(word: str) -> list[str]:
    """Latin forms of a Korean name written as one block (문재인: Moon Jae In).

    The surname takes its customary spellings; the given name is one word, in
    McCune-Reischauer as customarily spelt, then in Revised Romanisation. One word, not
    a word per syllable: names are compared in any word order, and 종현 (Jong-hyun) is
    another name than 현종 (Hyun-jong). A hyphenated *Jae-in* in a registry still meets
    *jaein*, as a word written apart.
    """
    split = _surname_split(word)
    if split is None:
        return []
    spellings, given = split
    customary = "".join(_korean_syllables(given, _MR_VOWEL, plain_initials=False))
    revised = "".join(_korean_syllables(given, _RR_VOWEL, plain_initials=False))
    # The syllables apart keep a hyphen: the resolver pairs them only in their order.
    apart = "-".join(_korean_syllables(given, _MR_VOWEL, plain_initials=False))
    forms = [f"{spellings[0]} {customary}", f"{spellings[0]} {apart}", f"{spellings[0]} {revised}"]
    forms.extend(f"{s} {customary}" for s in spellings[1:])
    return forms


def _hangul_forms(words: list[str], lang: str | None) -> list[list[str]]:
    """Per reading, the Latin form of each Hangul word."""
    surnames = _table("korean_surnames")
    korean = [
        surnames[w][0]
        if len(words) > 1 and w in surnames
        else "".join(_korean_syllables(w, _MR_VOWEL, plain_initials=True))
        for w in words
    ]
    revised = ["".join(_korean_syllables(w, _RR_VOWEL, plain_initials=False)) for w in words]
    western = [_loan_word(w, "", f_for_p=False) for w in words]
    japanese = [_loan_word(w, "u", f_for_p=False, japanese=True) for w in words]
    western_f = [_loan_word(w, "", f_for_p=True) for w in words]
    if len(words) == 1 and _surname_split(words[0]):
        # One block of two to four syllables: a Korean (or Sino-Korean) name, surname first.
        names = [[form] for form in _korean_name_forms(words[0])]
        return [*names, western]
    if len(words) == 1 and words[0] in _table("korean_surnames"):
        return [[s] for s in _table("korean_surnames")[words[0]]][:_MAX_FORMS]
    readings = [western, japanese, western_f, korean]
    # A hint puts its language's conventions first; the others stay, since a text
    # translated from Korean names foreigners too.
    if lang == "ko":
        readings = [korean, revised, western, japanese, western_f]
    elif lang == "ja":
        readings = [japanese, western, western_f, korean]
    return readings


# -- Hebrew ---------------------------------------------------------------------------

_HEBREW_GERESH = "'\u05f3\u2019"
_FRICATIVE = {"ב": "v", "כ": "kh", "פ": "f"}


def _hebrew_word(word: str, neutral: str, full: bool, swap: bool = False) -> str:
    """One Hebrew word: consonants, the vowel letters as vowels, a final ה as *a*, and
    ``neutral`` between two consonants with no vowel letter: everywhere when ``full``
    (native names leave most vowels unwritten), else only after a first h (foreign names
    are written with most of their vowels).

    ב כ פ are read b k p after a consonant and v kh f after a vowel, or the other way
    round with ``swap``."""
    letters = _table("hebrew", "letters")
    geresh = _table("hebrew", "geresh")
    # Units: (letter, has_geresh)
    units: list[tuple[str, bool]] = []
    for char in word:
        if char in _HEBREW_GERESH:
            if units:
                units[-1] = (units[-1][0], True)
        elif "\u0591" <= char <= "\u05c7":
            continue  # vowel points and cantillation: rarely written in names, ignored
        else:
            units.append((char, False))
    sounds: list[tuple[str, bool]] = []  # (text, is_vowel)
    count = len(units)
    i = 0
    while i < count:
        char, marked = units[i]
        first, last = i == 0, i == count - 1
        nxt = units[i + 1][0] if i + 1 < count else ""
        if char == "ו":
            if nxt == "ו":
                sounds.append(("v", False))
                i += 2
                continue
            if first:
                sounds.append(("v", False))
            elif nxt in ("א", "י", "ע") and not last:
                sounds.append(("w", False))  # וא, וי: a w (Lewis, Edward), not a vowel
            else:
                sounds.append(("o", True))
        elif char == "י":
            if nxt == "י":
                sounds.append(("y", False))
                i += 2
                continue
            if first and nxt:
                sounds.append(("y", False))
            elif sounds and sounds[-1][1] and not last:
                sounds.append(("y", False))  # after a vowel, before more: a consonant y
            else:
                sounds.append(("i", True))
        elif char in ("א", "ע") and not (marked and char == "ע"):
            after = units[i + 2][0] if i + 2 < count else ""
            if nxt in ("ו", "י") and not last and after != nxt:
                pass  # the vowel letter that follows says which vowel (אולמרט, לואיס)
            elif sounds and sounds[-1][1]:
                pass  # a vowel already: א only separates (לואיס)
            else:
                sounds.append((neutral if first else "a", True))
        elif char == "ה" and last and count > 1:
            sounds.append(("a", True))
        elif marked and char in geresh:
            sounds.append((geresh[char], False))
        elif char in letters:
            value = letters[char]
            if char in _FRICATIVE:
                # ב כ פ are v, kh, f after a vowel and b, k, p elsewhere (the dagesh that
                # says which is not written); a foreign name may start with either
                # (פרנץ: Franz). ``swap`` takes the other value everywhere.
                after_vowel = bool(sounds) and sounds[-1][1]
                if after_vowel != swap:
                    value = _FRICATIVE[char]
            sounds.append((value, False))
        i += 1
    return _with_neutral(sounds, neutral, full)


def _with_neutral(sounds: list[tuple[str, bool]], neutral: str, full: bool, first: str = "h") -> str:
    """The sounds joined, with ``neutral`` between two consonants: all, or (not ``full``)
    only after a first consonant in ``first`` (by default h, which the transliteration
    keys keep only before a vowel)."""
    out: list[str] = []
    for k, (text, vowel) in enumerate(sounds):
        if k and not vowel and not sounds[k - 1][1] and (full or (k == 1 and sounds[0][0] in first)):
            out.append(neutral)
        out.append(text)
    return "".join(out)


def _hebrew_forms(words: list[str]) -> list[list[str]]:
    sparse = [_hebrew_word(w, "e", full=False) for w in words]
    swapped = [_hebrew_word(w, "e", full=False, swap=True) for w in words]
    return [sparse, [_hebrew_word(w, "a", full=True) for w in words], swapped]


# -- Arabic and Persian ---------------------------------------------------------------

_ARABIC_ALEF = "اأإآٱ"
# The values of the letters (scripts.yaml) that write a vowel: ة, and the vowel letters of
# Urdu, Pashto, Kurdish and Uyghur (ے ې ۆ ۇ ە ...).
_ARABIC_VOWEL_VALUES = frozenset({"a", "e", "i", "o", "u"})


# The short vowels Arabic script writes above or below a letter, where it writes them
# (vocalised Arabic; Kashmiri, which marks most of its vowels): fatha a, kasra i, damma u,
# the dagger alef a long a (Wright, *A Grammar of the Arabic Language*, vol. 1, §§5-6), and
# Kashmiri's subscript alef (i) and inverted damma (u), which on a vowel letter only say which
# vowel it is (r12a, "Kashmiri orthography notes"). Kashmiri's other vowel signs (hamza below,
# wavy hamza below, the small v above and its inverse) write central and rounded vowels that
# English spellings have no one letter for: "" here, read as the reading's neutral vowel.
# A sukun writes that no vowel follows, a shadda that the consonant is doubled (§§10-14).
_HARAKAT = {"\u064e": "a", "\u0650": "i", "\u064f": "u", "\u0670": "a", "\u0656": "i", "\u0657": "u",
            "\u0655": "", "\u065f": "", "\u065a": "", "\u065b": ""}  # fmt: skip
_SHORT_VOWEL_MARKS = "\u064e\u0650\u064f\u0651"  # on و or ي: a consonant w or y
# The long vowel letter a short vowel mark before it lengthens (kasra + ي: long i; fatha + ى: long a).
_LONG_AFTER = {"\u0650": "يی", "\u0656": "يی", "\u064f": "و", "\u0657": "و", "\u064e": "ى"}
_SUKUN, _SHADDA = "\u0652", "\u0651"


def _marked_letters(word: str) -> tuple[list[str], list[str]]:
    """The letters of ``word`` (tatweel dropped) and, by letter, the marks written on it.

    >>> letters, marks = _marked_letters("مَكْتَب")
    >>> "".join(letters), [len(m) for m in marks]
    ('مكتب', [1, 1, 1, 0])
    """
    chars: list[str] = []
    marks: list[str] = []
    for c in word:
        if "\u064b" <= c <= "\u065f" or c == "\u0670":
            if chars:
                marks[-1] += c
        elif c != "\u0640":
            chars.append(c)
            marks.append("")
    return chars, marks


def _with_marks(sounds: list[tuple[str, bool]], char: str, marks: str, added: bool, neutral: str) -> None:
    """Add to ``sounds`` what the marks on the letter ``char`` (which ``added`` the last sound
    or not) write: its short vowel, its doubling, or (sukun) that no vowel follows it."""
    vowel = next((_HARAKAT[m] or neutral for m in marks if m in _HARAKAT), None)
    if not sounds:
        return
    text, is_vowel = sounds[-1]
    if is_vowel:
        if vowel and added and char in _ARABIC_ALEF + "ع" and text == "a":
            sounds[-1] = (vowel, True)  # an alef or ain carrying a kasra or damma (إِ, عُ)
        return
    if _SHADDA in marks:
        sounds[-1] = (text + text, False)
    if vowel is not None:
        sounds.append((vowel, True))
    elif _SUKUN in marks:
        sounds.append(("", True))  # no vowel, and none to guess


def _arabic_word(word: str, neutral: str, full: bool, article: bool = True) -> str:
    """One Arabic or Persian word: consonants, long vowels, the short vowels where they are
    written, ``neutral`` between consonants elsewhere (and the article al- apart, where
    ``article``)."""
    letters = _table("arabic", "letters")
    chars, marks = _marked_letters(word)
    if not full:
        # The sparse reading reads the bare letters: a vowel mark is often a schwa or a
        # vowel the name's own spelling has otherwise (Kashmiri's fatha, a).
        marks = [""] * len(chars)
    if article and len(chars) > 3 and chars[0] in "اٱ" and chars[1] == "ل":
        # The article al- is written together with the noun.
        rest = "".join(c + m for c, m in zip(chars[2:], marks[2:]))
        return "al " + _arabic_word(rest, neutral, full)
    sounds: list[tuple[str, bool]] = []
    skip = weak = False
    pending: tuple[int, int] | None = None  # the letter before, and len(sounds) before it
    for i, char in enumerate(chars):
        if pending is not None:
            _with_marks(sounds, chars[pending[0]], marks[pending[0]], len(sounds) > pending[1], neutral)
        pending = (i, len(sounds))
        after_weak, weak = weak, False  # the letter before read as a vowel in hiatus
        first = i == 0
        last = i == len(chars) - 1
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if skip:
            skip = False
            continue
        if char in "ويی" and any(m in _SHORT_VOWEL_MARKS for m in marks[i]):
            sounds.append(("w" if char == "و" else "y", False))  # a consonant: it carries a vowel
            continue
        if char in "ويی" and any(char in _LONG_AFTER[m] for m in marks[i] if m in "\u0656\u0657"):
            if not (sounds and sounds[-1][1]) or (nxt and nxt in "اويی"):
                sounds.append(("u" if char == "و" else "i", True))  # Kashmiri's long u, long i
            continue
        if (
            i
            and any(char in _LONG_AFTER.get(m, "") for m in marks[i - 1])
            and sounds
            and sounds[-1][1]
            and (not nxt or nxt not in "اويی")
        ):
            continue  # the long vowel of the short vowel written before it (كَرِيم: karim)
        if first and char in _ARABIC_ALEF + "ع" and nxt in "ويیؠ" and len(chars) > 2:
            continue  # a first alef or ain before و or ي: that letter is the vowel (أوسلو)
        if char == "ھ" and sounds and not sounds[-1][1]:
            # Urdu, Sindhi and Kashmiri write an aspirated consonant as the consonant and
            # the two-eyed he (پھ ph, تھ th, کھ kh, بھ bh), one sound with no vowel between.
            sounds[-1] = (sounds[-1][0] + "h", False)
            continue
        if char in "ئؤ" and sounds and sounds[-1][1]:
            # A hamza after a vowel starts the next one, which its seat names: ي (ئ) an i or
            # e, و (ؤ) a u or o (Wright, *Arabic Grammar* §17). Persian and Urdu write any
            # vowel hiatus with ئ (کوئی koi, پائوں paon): a vowel letter after it is that
            # vowel written out (لوئيس: Luis), not a consonant.
            if nxt and nxt in "وۋ" and char == "ئ":
                sounds.append(("u", True))
                skip = True
            elif nxt and nxt in _ARABIC_ALEF:
                pass
            else:
                sounds.append(("i" if char == "ئ" else "u", True))
                skip = char == "ئ" and bool(nxt) and nxt in "يی"
            continue
        if char == "إ" and not (sounds and sounds[-1][1]):
            sounds.append(("i", True))  # alef with hamza below carries an i (إبراهيم)
        elif char in "هہ" and last and sounds and not sounds[-1][1] and len(chars) > 2:
            sounds.append((neutral, True))  # a final he after a consonant writes a vowel
        elif char in _ARABIC_ALEF or (char == "ع" and not (sounds and sounds[-1][1])):
            # Alef, and ain where no vowel is written next to it, carry an a (عبد: Abd), and
            # so does an alef after a weak letter read as a vowel (below).
            if not (sounds and sounds[-1][1]) or (after_weak and char in _ARABIC_ALEF):
                sounds.append(("a", True))
        elif (
            not full
            and char in "ويی"
            and nxt
            and nxt in ("اآ" if char == "و" else "اآو")
            and sounds
            and not sounds[-1][1]
            and not (char in "يی" and nxt == "و" and i + 2 == len(chars))
        ):
            # A weak letter between a consonant and a long vowel letter is not itself a long
            # vowel: a consonant with its own short vowel (جواد jawad, زياد ziyad), or in a
            # foreign name a vowel in hiatus (جوان Juan, زياد Ziad, ميونخ Miunikh; Wright, *A
            # Grammar of the Arabic Language*, vol. 1, §§3-7). The sparse reading reads the
            # hiatus; the first, which registries' own Arabic names are indexed under, keeps
            # the long vowel alone (with its guessed vowels the consonant reading turns the
            # Arabic names of some places into other places' Latin names).
            sounds.append(("u" if char == "و" else "i", True))
            weak = True
        elif char == "و" and after_weak:
            sounds.append(("u", True))
        elif char == "و":
            if first and not sounds:
                sounds.append(("w", False))
            elif not sounds or not sounds[-1][1]:
                sounds.append(("u", True))
            else:
                sounds.append(("w", False))
        elif char in "يی":
            if first or (sounds and sounds[-1][1] and not last):
                sounds.append(("y", False))
            else:
                sounds.append(("i", True))
        elif char in letters:
            value = letters[char]
            if value:
                sounds.append((value, value in _ARABIC_VOWEL_VALUES))
    if pending is not None:
        _with_marks(sounds, chars[pending[0]], marks[pending[0]], len(sounds) > pending[1], neutral)
    # Arabic names are rarely written with their short vowels, so the sparse reading
    # still gives the first consonant one (محمد: mehmd, not mhmd).
    return _with_neutral(sounds, neutral, full, first=sounds[0][0] if sounds else "")


# Kazakh and Uyghur (and Kyrgyz) write every vowel in Arabic script: a word with one of their
# vowel letters (or the velar nasal ڭ) is read letter for letter, with no vowel guessed. The two
# disagree on two letters: Kazakh's tote jazuw writes v with ۆ and u (or w) with ۋ, Uyghur's
# UEY writes ö with ۆ and v (or w) with ۋ; ى is Kazakh's y and Uyghur's i, read i in both.
# Sources: the Kazakh Arabic alphabet as used in China (Omniglot, "Kazakh"), and the Uyghur
# Ereb Yéziqi table (Unicode's Arabic script notes; Omniglot, "Uyghur").
_TURKIC_VOWELS = "ۋۆۇۈېىەٵٶٷٸ"
_TURKIC_LETTERS = _TURKIC_VOWELS + "ڭ"
_TURKIC_VALUES = {
    "kazakh": {"ۋ": "u", "ۆ": "v", "ى": "i", "ٵ": "a", "ٶ": "o", "ٷ": "u", "ٸ": "i"},
    "uyghur": {"ۋ": "v", "ۆ": "o", "ى": "i", "ۈ": "u", "ې": "e"},
}
_TURKIC_VOWEL_SOUNDS = frozenset("aeiou")
_TURKIC_VOWEL_LETTERS = "اەىوۋۇۈېۆٵٶٷٸ"


def _turkic(word: str) -> bool:
    """Whether ``word`` is spelt in an Arabic-script orthography that writes every vowel:
    it has a letter only those write (ى only before its end, where Arabic writes it too)."""
    return any(c in _TURKIC_LETTERS for c in word.rstrip("ى")) or "ى" in word[:-1]


def _turkic_word(word: str, system: str) -> str:
    """One Kazakh or Uyghur word, letter for letter (ي is y next to a vowel, else i; ۋ in
    Kazakh is w between two vowels; ئ, which only starts a vowel, is silent).

    >>> _turkic_word("قەشقەر", "uyghur"), _turkic_word("ۋفا", "kazakh")
    ('qeshqer', 'ufa')
    """
    letters, own = _table("arabic", "letters"), _TURKIC_VALUES[system]
    chars = [c for c in word if not ("\u064b" <= c <= "\u065f" or c in "\u0670\u0640ئء")]
    values = []
    for char in chars:
        if char in own:
            values.append(own[char])
        elif char in _ARABIC_ALEF:
            values.append("a")
        elif char == "و":
            values.append("o")
        elif char in "يی":
            values.append("\0")
        else:
            values.append(letters.get(char, char))
    out = []
    for k, letter in enumerate(values):
        before = values[k - 1][-1:] if k else ""
        after = values[k + 1][:1] if k + 1 < len(values) else ""
        near_vowel = before in _TURKIC_VOWEL_SOUNDS or after in _TURKIC_VOWEL_SOUNDS
        value = letter
        if letter == "\0":
            value = "y" if near_vowel and not (before in _TURKIC_VOWEL_SOUNDS and not after) else "i"
        elif (
            letter == "u"
            and system == "kazakh"
            and chars[k] == "ۋ"
            and before in "aeio"
            and before
            and after in "aeio"
            and after
        ):
            value = "w"
        out.append(value)
    return "".join(out)


_CONSONANT = lazy_pattern(globals(), "_CONSONANT", r"sh|ch|kh|gh|zh|ng|[b-df-hj-np-tv-z]")
_CLUSTER = lazy_pattern(globals(), "_CLUSTER", r"(?:sh|ch|kh|gh|zh|ng|[b-df-hj-np-tv-z]){2,}")
_HIATUS = lazy_pattern(globals(), "_HIATUS", r"(?<=[aeiou])[aeiou]")


def _kazakh_first(words: list[str]) -> bool:
    """Whether words in a vowel-writing orthography read better as Kazakh than as Uyghur:
    where a letter only Kazakh has (ٵ ٶ ٷ ٸ) or a ي between consonants (Uyghur writes i with
    ى, never with ي) says so, else where Kazakh's values leave fewer consonant clusters, which
    both languages avoid, and fewer vowels in hiatus (ۋفا: Kazakh *ufa*, not Uyghur *vfa*)."""
    for w in words:
        for k, c in enumerate(w):
            if c in "ٵٶٷٸ":
                return True
            between_consonants = (
                0 < k < len(w) - 1
                and w[k - 1] not in _TURKIC_VOWEL_LETTERS + "ئ"
                and w[k + 1] not in _TURKIC_VOWEL_LETTERS
            )
            if c in "يی" and between_consonants:
                return True
        if any(c in "ېۈ" for c in w):
            return False
    awkward = {
        system: sum(_awkwardness(_turkic_word(w, system)) for w in words if _turkic(w))
        for system in ("kazakh", "uyghur")
    }
    return awkward["kazakh"] < awkward["uyghur"]


def _awkwardness(reading: str) -> int:
    """How far a reading is from the Turkic syllable: the consonants in clusters beyond the
    first of each, and the vowels that follow another vowel.

    >>> _awkwardness("vfa"), _awkwardness("ufa"), _awkwardness("vladimir"), _awkwardness("oaoa")
    (1, 0, 1, 3)
    """
    extra = sum(len(_CONSONANT.findall(c)) - 1 for c in _CLUSTER.findall(reading))
    return extra + len(_HIATUS.findall(reading))


# Persian, Urdu (and Arabic) words cannot begin with two consonants: a foreign name that
# does is written with a prothetic alef, said e- or i- (اسمیت Smith, اسکات Scott, اشتاین
# Stein: their syllable starts with one consonant; Mahootian, *Persian*, Routledge 1997, on
# syllable structure). An alef, then sin or shin, then a consonant letter starts such a word.
_PROTHESIS = lazy_pattern(globals(), "_PROTHESIS", r"^[اإ](?=[سش][^\u064b-\u065f\u0670اأإآويیىےۓەۆۇۈۋې])")


def _without_prothesis(word: str) -> str | None:
    """``word`` read without its prothetic alef and with no vowel after the s (None if it
    has none).

    >>> _without_prothesis("اسمیت"), _without_prothesis("اسامه")
    ('smit', None)
    """
    if not _PROTHESIS.match(word) or len(word) < 4:
        return None
    return _table("arabic", "letters")[word[1]] + _arabic_word(word[2:], "e", full=False, article=False)


# Arabic has no ch and writes a foreign ch as تش, t and sh (CLDR's Arabic names of Chad, Chile
# and Czechia: تشاد, تشيلي, التشيك); Persian and Urdu write it چ. The form that reads a name as
# a foreign one reads تش as چ.
_ARABIC_CH = "تش"


def _loan_reading(word: str, sparse: str) -> str:
    """``word`` read as a foreign name in Arabic script: without its prothetic alef, with تش
    as ch (``sparse``, its sparse reading, where neither applies).

    >>> _loan_reading("تشيلي", "teshili"), _loan_reading("اسکات", "eskat")
    ('chili', 'skat')
    """
    loan = word.replace(_ARABIC_CH, "چ")
    bare = _without_prothesis(loan)
    if bare is not None:
        return bare
    return _arabic_word(loan, "e", full=False) if loan != word else sparse


def _arabic_forms(words: list[str]) -> list[list[str]]:
    full = [_arabic_word(w, "a", full=True) for w in words]
    sparse = [_arabic_word(w, "e", full=False) for w in words]
    turkic = [_turkic(w) for w in words]
    if not any(turkic):
        bare = [_loan_reading(w, s) for w, s in zip(words, sparse)]
        return [full, sparse, bare] if bare != sparse else [full, sparse]
    systems = ("kazakh", "uyghur") if _kazakh_first(words) else ("uyghur", "kazakh")
    readings = [[_turkic_word(w, s) if t else f for w, t, f in zip(words, turkic, full)] for s in systems]
    return [*readings, full, sparse]


# -- Syriac ---------------------------------------------------------------------------

# Syriac is the Aramaic abjad Arabic descends from: letter for letter the same consonants,
# and the same three letters written for long vowels (ܐ a, ܘ o u, ܝ i e), which is how
# names from other languages are spelt in it (ܦܐܘܠܘܣ, p-a-w-l-w-s: Paulos). A Syriac word
# is read by the Arabic reader, letter for letter; a tilde below writes the sounds Syriac
# lacks (ܓ̰ j, ܟ̰ ch, ܙ̰ zh) and a breve below (ܦ̮) f. Vowel points are rarely written in
# names and are dropped.
_SYRIAC_MARKED = {"ܓ\u0330": "ج", "ܟ\u0330": "چ", "ܙ\u0330": "ژ", "ܫ\u0330": "ژ", "ܦ\u032e": "ف"}


def _syriac_word(word: str, neutral: str, full: bool) -> str:
    for marked, letter in _SYRIAC_MARKED.items():
        word = word.replace(marked, letter)
    table = _table("syriac", "letters")
    arabic = "".join(table.get(c, c) for c in word if not ("\u0730" <= c <= "\u074a"))
    return _arabic_word(arabic, neutral, full, article=False)


def _syriac_forms(words: list[str], _lang: str | None) -> list[list[str]]:
    return [
        [_syriac_word(w, "a", full=True) for w in words],
        [_syriac_word(w, "e", full=False) for w in words],
    ]


# -- Cyrillic -------------------------------------------------------------------------

_CYRILLIC_SYSTEMS = ("bgn", "de", "fr", "scientific")
_CYRILLIC_FIRST = {"de": "de", "fr": "fr"}


def _cyrillic_word(word: str, system: str) -> str:
    base = _table("cyrillic", "bgn")
    own = _table("cyrillic", system) if system != "bgn" else base
    out: list[str] = []
    for i, char in enumerate(word):
        lower = char.lower()
        value = own.get(lower, base.get(lower))
        if value is None:
            out.append(char)
            continue
        after_vowel = i == 0 or word[i - 1].lower() in "аеёиоуыэюяєії ъь"
        if lower == "е" and after_vowel and system in ("bgn", "fr"):
            value = "ye" if system == "bgn" else "ie"
        if lower == "е" and after_vowel and system == "de":
            value = "je"
        if system == "fr" and lower == "с" and 0 < i < len(word) - 1 and word[i + 1].lower() in "аеиоуыэюя":
            value = "ss"  # French writes an s between vowels doubled
        if lower == "и" and system == "de" and i and word[i - 1].lower() == "ь":
            value = "ji"
        out.append(value)
    return "".join(out)


def _cyrillic_forms(words: list[str], lang: str | None) -> list[list[str]]:
    systems = list(_CYRILLIC_SYSTEMS)
    first = _CYRILLIC_FIRST.get(lang or "")
    if first:
        systems.remove(first)
        systems.insert(0, first)
    return [[_cyrillic_word(w, s) for w in words] for s in systems]


# -- Chinese and Japanese ----------------------------------------------------------------

# Japanese long vowels as Hepburn without macrons writes them in names (Tōkyō: Tokyo).
_LONG_VOWELS = lazy_pattern(globals(), "_LONG_VOWELS", r"(?<=o)[uo]|(?<=u)u")


@functools.cache
def _pinyin() -> Callable[[str], list[str]] | None:
    """pypinyin's reading of a run of Han characters, by word (MIT; ``canonym[scripts]``)."""
    try:
        with loaded_for_good():  # it reads its tables of phrases on import
            from pypinyin import lazy_pinyin  # noqa: PLC0415 (an optional dependency)
    except ImportError:
        return None
    reader: Callable[[str], list[str]] = lazy_pinyin
    return reader


@functools.cache
def _kakasi() -> Callable[[str], str] | None:
    """pykakasi's Hepburn reading of Japanese (GPL-3.0-or-later; ``canonym[scripts]``)."""
    try:
        import pykakasi  # noqa: PLC0415 (an optional dependency)
    except ImportError:
        return None
    with loaded_for_good():  # the constructor reads its dictionaries
        converter: Any = getattr(pykakasi, "kakasi")()  # noqa: B009 (the constructor is untyped)

    def hepburn(text: str) -> str:
        parts = converter.convert(text)
        if any(part["orig"].strip() and not part["hepburn"].strip() for part in parts):
            return ""  # a character it has no Japanese reading for: a Chinese word
        return "".join(part["hepburn"] for part in parts)

    return hepburn


@functools.cache
def _anyascii() -> Callable[[str], str] | None:
    """anyascii, which reads scripts unidecode drops (ISC; a dependency of canonym)."""
    try:
        from anyascii import anyascii  # noqa: PLC0415 (an optional dependency)
    except ImportError:
        return None
    reader: Callable[[str], str] = anyascii
    return reader


def load_readers() -> tuple[str, ...]:
    """Load the readers of Chinese, Japanese and other scripts now, and name those installed.

    canonym loads pypinyin, pykakasi and anyascii at the first name that needs one: their
    tables of readings take about half a CPU-second to load, once a process. A service
    that would rather pay it at start than on its first Chinese or Japanese request calls
    this first (the benchmarks call it before they time look-ups, and count it apart).

    >>> "anyascii" in load_readers()
    True
    """
    readers = {"pypinyin": _pinyin(), "pykakasi": _kakasi(), "anyascii": _anyascii()}
    return tuple(name for name, reader in readers.items() if reader is not None)


def _chinese_syllables(word: str) -> list[str]:
    """The Mandarin syllables of a Han word: pypinyin's, which knows the readings of
    words, else unidecode's, character by character."""
    reader = _pinyin()
    if reader is not None and _script(word) == "Han":
        return [s for s in reader(word) if s.strip()]
    return [unidecode(c).strip().lower() for c in word if unidecode(c).strip()]


# Pinyin spellings that the transcription of foreign names gives another value: Xinhua's
# tables write a foreign o with the -uo syllables (罗 luo: ro, 多 duo: do), a foreign e with
# the -ei ones (贝 bei: be, 雷 lei: re), a foreign -n after a, e, o, i with the -ng ones that
# Mandarin has where it lacks -n (桑 sang: san, 隆 long: lon), a foreign s and ch with
# x and q (西 xi: si, 切 qie: che), and the vowels i and u alone with yi and wu (伊 i, 乌 u).
_FOREIGN_SPELLING = (
    ("uo", "o"),
    ("ei", "e"),
    ("ng", "n"),
)
_FOREIGN_INITIAL = {"x": "s", "q": "ch"}
_FOREIGN_ALONE = {"yi": "i", "wu": "u"}


def _foreign_syllable(syllable: str) -> str:
    """A pinyin syllable spelt as the foreign sound its character transcribes
    (:data:`_FOREIGN_SPELLING`).

    >>> [_foreign_syllable(s) for s in ("luo", "bei", "sang", "xi", "yi", "ma")]
    ['lo', 'be', 'san', 'si', 'i', 'ma']
    """
    if syllable in _FOREIGN_ALONE:
        return _FOREIGN_ALONE[syllable]
    for final, value in _FOREIGN_SPELLING:
        if syllable.endswith(final):
            syllable = syllable[: -len(final)] + value
            break
    initial = syllable[:1]
    return _FOREIGN_INITIAL.get(initial, initial) + syllable[1:] if initial else syllable


@functools.cache
def _transcription_tables() -> tuple[Mapping[str, str], Mapping[str, str], frozenset[str], Mapping[str, str]]:
    """The tables of ``han_transcription``: bare consonants, syllables, the other letters of
    a transcription, and the traditional forms with their simplified ones."""
    section = _table("han_transcription")
    letters = frozenset(str(section["letters"]).replace(" ", ""))
    return section["consonants"], section["syllables"], letters, section["traditional"]  # type: ignore[return-value]


def _transcribed(word: str) -> str | None:
    """A Han word read as the transcription of a foreign name, or None when it does not
    read as one: it has none of the characters the transcription writes for a bare
    consonant, and not all of its characters are the transcription's letters.

    Chinese writes a foreign name syllable by syllable with a fixed set of characters, a
    consonant with no vowel after it with a character of its own (斯 s, 特 t, 尔 r), which
    pinyin reads with a vowel (斯 si). Read with those values, the name comes closer to its
    Latin spelling: 斯特拉斯堡, pinyin *sitelasibao*, reads *stlasbao* (Strasbourg). The
    traditional forms of the characters (爾 for 尔) are read as the simplified ones.

    >>> _transcribed("斯特拉斯堡"), _transcribed("北京"), _transcribed("蒙巴薩")
    ('stlasbao', None, 'monbasa')
    """
    bare, syllables, letters, traditional = _transcription_tables()
    simple = "".join(traditional.get(c, c) for c in word)
    if len(word) < 2 or not (
        any(c in bare for c in simple) or all(c in letters or c in syllables for c in simple)
    ):
        return None
    sounds = _chinese_syllables(word)
    if len(sounds) != len(word):
        return None
    out = [bare.get(c) or syllables.get(c) or _foreign_syllable(s) for c, s in zip(simple, sounds)]
    return "".join(out)


def _japanese(word: str) -> str | None:
    reader = _kakasi()
    if reader is None:
        return None
    return _LONG_VOWELS.sub("", _kana_read(word, reader).lower().replace(" ", ""))


@functools.cache
def _kana_digraphs() -> tuple[Mapping[str, str], Any]:
    """The table ``kana_digraphs`` and a pattern of its keys, longest first, with a
    sokuon (ッ) before one and a long-vowel mark (ー) after one."""
    table = _table("kana_digraphs")
    keys = "|".join(sorted(table, key=len, reverse=True))
    return table, regex.compile(rf"(ッ?)({keys})ー?")


def _kana_read(word: str, reader: Callable[[str], str]) -> str:
    """``word`` read by ``reader``, the kana of ``kana_digraphs`` with their Hepburn values
    (a sokuon before one doubles its consonant; a long-vowel mark after one is not
    written); "" if ``reader`` has no reading for a part of it.

    >>> _kana_read("ティラナ", lambda kana: {"ラナ": "rana"}.get(kana, ""))
    'tirana'
    """
    table, pattern = _kana_digraphs()
    out: list[str] = []
    end = 0
    for found in pattern.finditer(word):
        before = word[end : found.start()]
        if before:
            out.append(reader(before))
            if not out[-1]:
                return ""
        value = table[found.group(2)]
        out.append(value[0] + value if found.group(1) else value)
        end = found.end()
    if end < len(word):
        out.append(reader(word[end:]))
        if not out[-1]:
            return ""
    return "".join(out)


# The administrative words Chinese and Japanese write after a place's name (市 city, 县 and
# 縣 county, 区 and 區 district, 省 province; Japanese 県 prefecture), with their Japanese
# readings: a reading keeps them as a word of their own, as the Latin names write them
# (Hiroshima-shi), which canonym's lexicon knows as place designators.
_CJK_DESIGNATORS = {"市": "shi", "县": "", "縣": "", "区": "ku", "區": "ku", "省": "", "県": "ken"}
# Vowels Japanese adds to the consonants of a foreign name (u after most, o after t and d):
# dropped where they are sure to be added, the katakana spelling of a foreign word comes
# closer to it: at the end (クリスマス, kurisumasu: kurisumas), after a doubled consonant
# (ッ) and in an s-cluster that starts a word (スキー, sukī: ski). Elsewhere a u may be a
# vowel of the name (ムラカミ, Murakami), and it stays.
_EPENTHETIC = lazy_pattern(
    globals(),
    "_EPENTHETIC",
    r"(?<=[bfgklmprsz]|sh|ch|ts)u$|(?<=[td])o$|(?<=kk|pp|tt|ss)u|(?<=^s)u(?=[kmnptw])",
)
_DOUBLED = lazy_pattern(globals(), "_DOUBLED", r"([bcdfgkmprstz])\1")
_LONG_KANA = lazy_pattern(globals(), "_LONG_KANA", r"([aie])\1")


def _designated(word: str, reader: Callable[[str], str]) -> str | None:
    """``word`` read as a place name and its designator, two words; None if it has none."""
    if len(word) < 3 or word[-1] not in _CJK_DESIGNATORS:
        return None
    name, designator = reader(word[:-1]), reader(word[-1])
    return f"{name} {designator}" if name and designator else None


def _cjk_forms(words: list[str], lang: str | None) -> list[list[str]]:
    """Han and kana words: pinyin written as names are (習近平: Xi Jinping; 南京市: Nanjing
    Shi), the Japanese Hepburn reading where pykakasi is installed (東京: Tokyo), and
    katakana without the vowels Japanese adds to foreign names."""
    chinese: list[str] = []
    surname_first: list[str] = []
    places: list[str] = []
    for word in words:
        syllables = _chinese_syllables(word)
        chinese.append("".join(syllables))
        surname_first.append(
            " ".join([syllables[0], "".join(syllables[1:])]) if len(syllables) > 1 else "".join(syllables)
        )
        places.append(_designated(word, lambda w: "".join(_chinese_syllables(w))) or chinese[-1])
    japanese = [_japanese(w) or c for w, c in zip(words, chinese)]
    japanese_places = [
        _designated(w, lambda part: _CJK_DESIGNATORS.get(part) or _japanese(part) or "") or j
        for w, j in zip(words, japanese)
    ]
    kana = any(_script(w) in ("Hiragana", "Katakana") for w in words)
    if kana:
        # Japanese has one liquid, which Hepburn writes r; foreign names written in
        # katakana had an l as often (リマ: Lima), so both readings are looked up.
        japanese = [_LONG_KANA.sub(r"\1", w) for w in japanese]
        liquid = [w.replace("r", "l") for w in japanese]
        bare = [_DOUBLED.sub(r"\1", _EPENTHETIC.sub("", w)) for w in liquid]
        return [japanese, liquid, bare, [w.replace("l", "r") for w in bare]]
    designated = places != chinese
    ordered = _han_order(
        places=places,
        chinese=chinese,
        surname_first=surname_first,
        japanese=japanese,
        japanese_places=japanese_places,
        designated=designated,
        lang=lang,
    )
    foreign = [_transcribed(w) or c for w, c in zip(words, chinese)]
    if foreign != chinese:
        ordered.insert(2, foreign)  # after the pinyin readings: a foreign name's transcription
    return ordered


def _han_order(
    *,
    places: list[str],
    chinese: list[str],
    surname_first: list[str],
    japanese: list[str],
    japanese_places: list[str],
    designated: bool,
    lang: str | None,
) -> list[list[str]]:
    """The readings of Han words in the order a language hint and a designator give."""
    if lang == "ja":
        return (
            [japanese_places, japanese, chinese, surname_first]
            if designated
            else [japanese, chinese, surname_first]
        )
    if designated:
        return [places, chinese, surname_first, japanese_places]
    return [chinese, surname_first, japanese]


# -- Greek, Georgian, Armenian -------------------------------------------------------------

_GREEK_VOWELS = "αεηιοωυ"
_GREEK_VOICELESS = "θκξπστφχψ"
# Digraphs of ELOT 743: at the start of a word, in the middle.
_GREEK_DIGRAPHS = {"ου": ("ou", "ou"), "μπ": ("b", "mp"), "ντ": ("d", "nt"), "γγ": ("ng", "ng"),
                   "γκ": ("g", "gk"), "γξ": ("nx", "nx"), "γχ": ("nch", "nch")}  # fmt: skip


# The letter pairs as Modern Greek says them, as the names of other languages written in
# Greek mean them (Ομπάμα: Obama).
_GREEK_SAID = {"ου": "u", "μπ": "b", "ντ": "d", "γκ": "g", "ει": "i", "οι": "i", "αι": "e"}


def _greek_word(word: str, system: str) -> str:
    """One Greek word in ELOT 743 (``elot``), as Modern Greek says it (``phonetic``), or
    Latinised as English keeps many names (``classical``: η e, υ y, ου ou, β b)."""
    elot = _table("greek", "elot")
    own = _table("greek", system) if system != "elot" else elot
    # Accents go; a dialytika (ϊ, ϋ) says the vowel is not part of a digraph.
    marked = unicodedata.normalize("NFD", word.lower())
    letters: list[tuple[str, bool]] = []
    for char in marked:
        if char == "\u0308" and letters:
            letters[-1] = (letters[-1][0], True)
        elif not unicodedata.combining(char):
            letters.append((char, False))
    out: list[str] = []
    k = 0
    while k < len(letters):
        char = letters[k][0]
        nxt, nxt_apart = letters[k + 1] if k + 1 < len(letters) else ("", False)
        pair = char + nxt
        if pair in _GREEK_DIGRAPHS and not nxt_apart and (system == "elot" or pair not in _GREEK_SAID):
            out.append(_GREEK_DIGRAPHS[pair][0 if k == 0 else 1])
            k += 2
            continue
        if char in "αεη" and nxt == "υ" and not nxt_apart and system == "elot":
            after = letters[k + 2][0] if k + 2 < len(letters) else ""
            voiceless = not after or after in _GREEK_VOICELESS
            out.append(elot[char] + ("f" if voiceless else "v"))
            k += 2
            continue
        if system == "phonetic" and pair in _GREEK_SAID:
            out.append(_GREEK_SAID[pair])
            k += 2
            continue
        if char == "υ" and system != "elot" and out and out[-1][-1:] in ("a", "e", "o"):
            out.append("u")  # the second letter of αυ, ευ, ου: Latinised u
        else:
            out.append(own.get(char, elot.get(char, char)))
        k += 1
    return "".join(out)


def _greek_forms(words: list[str], _lang: str | None) -> list[list[str]]:
    return [[_greek_word(w, system) for w in words] for system in ("elot", "phonetic", "classical")]


def _table_word(word: str, section: str, system: str, base: str) -> str:
    """A word letter by letter in ``system``, a letter it lacks taking its ``base`` value."""
    table, own = _table(section, base), _table(section, system)
    return "".join(own.get(c, table.get(c, c)) for c in word.lower())


def _georgian_forms(words: list[str], _lang: str | None) -> list[list[str]]:
    return [[_table_word(w, "georgian", s, "national") for w in words] for s in ("national", "russian")]


def _armenian_word(word: str, system: str) -> str:
    """One Armenian word in BGN/PCGN (eastern) or with Western Armenian's stops."""
    text = word.lower().replace("ու", "u").replace("և", "ev")
    out: list[str] = []
    for k, char in enumerate(text):
        first = k == 0
        if char == "ե" and (first or text[k - 1] in "աեէըիոօu"):
            out.append("ye")  # ե is ye at the start and after a vowel (Երևան: Yerevan)
        elif char == "ո" and first:
            out.append("vo")
        elif char == "e" and first and text.startswith("ev"):
            out.append("ye")  # և first is yev
        else:
            out.append(_table_word(char, "armenian", system, "eastern"))
    return "".join(out)


def _armenian_forms(words: list[str], _lang: str | None) -> list[list[str]]:
    return [[_armenian_word(w, system) for w in words] for system in ("eastern", "western")]


# -- Scripts read letter by letter ---------------------------------------------------------


def _by_word(reader: Callable[[str], tuple[str, ...]]) -> Callable[[list[str], str | None], list[list[str]]]:
    """A script's reader from one that gives each word's forms, best first: reading r of
    the name takes each word's r-th form (or its last, when it has fewer)."""

    def read(words: list[str], _lang: str | None) -> list[list[str]]:
        forms = [reader(w) or (w,) for w in words]
        count = max(len(f) for f in forms)
        return [[f[min(r, len(f) - 1)] for f in forms] for r in range(count)]

    return read


# -- Assembling -----------------------------------------------------------------------

_READERS: dict[str, Callable[[list[str], str | None], list[list[str]]]] = {
    "Hangul": _hangul_forms,
    "Hebrew": lambda words, _lang: _hebrew_forms(words),
    "Arabic": lambda words, _lang: _arabic_forms(words),
    "Cyrillic": _cyrillic_forms,
    "Han": _cjk_forms,
    "Hiragana": _cjk_forms,
    "Katakana": _cjk_forms,
    **{script: _by_word(brahmic_readings) for script in BRAHMIC_SCRIPTS},
    "Ethiopic": _by_word(ethiopic_readings),
    "Thai": _by_word(thai_lao_readings),
    "Lao": _by_word(thai_lao_readings),
    "Myanmar": _by_word(myanmar_readings),
    "Khmer": _by_word(khmer_readings),
    "Cherokee": _by_word(cherokee_readings),
    "Nko": _by_word(nko_readings),
    "Adlam": _by_word(adlam_readings),
    "Greek": _greek_forms,
    "Georgian": _georgian_forms,
    "Armenian": _armenian_forms,
    "Syriac": _syriac_forms,
    "Sinhala": _by_word(sinhala_readings),
    "Tibetan": _by_word(tibetan_readings),
}
# Scripts whose first reading replaces unidecode's in the normalised form of a name.
# Cyrillic, Han and kana keep unidecode's reading there (close to BGN/PCGN, pinyin and
# Hepburn, and the registries' names in them are indexed in it, with or without the
# optional libraries); their other readings are looked up too.
PRIMARY_SCRIPTS = frozenset(
    {"Hangul", "Hebrew", "Arabic", *BRAHMIC_SCRIPTS, "Ethiopic", "Thai", "Lao", "Myanmar", "Khmer",
     "Cherokee", "Nko", "Adlam"}
)  # fmt: skip


def romanizations(text: str, lang: str | None = None) -> tuple[str, ...]:
    """Latin forms of ``text``, best first: the readings its script's names are written in.

    Words in Hangul, Hebrew, Arabic (and Persian) and Cyrillic script are romanised, each
    reading giving one form of the whole name; other words are left as they are (later
    normalisation folds them with unidecode). ``lang`` (ISO 639-1) puts that language's
    conventions first; an unknown code is a ValueError. Text with no such word is returned
    alone.

    >>> romanizations("문재인")[:2]
    ('moon jaein', 'moon jae-in')
    >>> romanizations("스티븐 스필버그")[0]
    'stibn spilbeg'
    >>> romanizations("אהוד אולמרט")
    ('ehod olmrt', 'ahod olamarat')
    >>> romanizations("Зюганов")
    ('zyuganov', 'sjuganow', 'ziouganov', 'zjuganov')
    >>> romanizations("José Jerí")
    ('José Jerí',)
    """
    lang = check_language(lang)
    if text.isascii():
        return (text,)
    # The zero-width space separates words in Khmer, Thai, Lao and Burmese text.
    original, text = text, _words_joined(text.replace("\u200b", " "))
    found = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
    by_script: dict[str, list[int]] = {}
    for k, (_, _, word) in enumerate(found):
        script = _script(word)
        if script in _READERS:
            by_script.setdefault(script, []).append(k)
    if not by_script:
        return (original,)
    # Each script's readings, per word: reading r of the name uses reading r of every
    # script (or that script's last reading when it has fewer).
    readings: dict[int, list[str]] = {}
    count = 1
    for script, positions in by_script.items():
        forms = _READERS[script]([found[k][2] for k in positions], lang)
        count = max(count, len(forms))
        for reading in forms:
            for k, value in zip(positions, reading):
                readings.setdefault(k, []).append(value)
    out: list[str] = []
    for r in range(min(count, _MAX_FORMS)):
        pieces: list[str] = []
        end = 0
        for k, (start, stop, _) in enumerate(found):
            pieces.append(text[end:start])
            options = readings.get(k)
            pieces.append(found[k][2] if options is None else options[min(r, len(options) - 1)])
            end = stop
        pieces.append(text[end:])
        form = "".join(pieces)
        if form not in out:
            out.append(form)
    return tuple(out)


# -- Comparing a syllabary's readings ------------------------------------------------------
#
# The Cherokee syllabary writes a foreign name with what it has: six vowels for all the
# name's vowels, one series of stops for t and d, k and g (and kw for b and p), l for r, the
# w-syllables for v and f, s for z, and a syllable for every consonant, since it has no sign
# for a consonant alone. A consonant the name says without a vowel is given the syllable of
# its series (the vowel a reading then guesses; Unicode CLDR's Cherokee country names write
# Malta ᎹᎵᏔ ma-li-ta, Jordan ᏦᏓᏂ jo-da-ni), except an r after a vowel, which English, the
# language most names reach Cherokee through, does not say outside the US, and which is then
# left out (Portugal ᏉᏥᎦᎳ bo-ji-ga-la; the r of Horton, ho-do-ni), and an r after a
# consonant, which CLDR's names either write with a syllable of its own or leave out, since
# no syllable begins with two consonants. So a reading that differs
# from the name only in those ways is nearer to it than its letters are: each such
# difference costs half an edit.

_SYLLABARY_VOWELS = frozenset("aeiouy")
_SYLLABARY_UNWRITTEN = frozenset("r")
# Letters the syllabary writes alike (its one series for a voiced and a voiceless stop; l
# for r; w, kw for v, f, b; ts for j and the c of ch).
_SYLLABARY_ALIKE = frozenset(
    frozenset(pair) for pair in ("kg", "td", "pb", "sz", "lr", "bv", "bw", "vw", "fw", "fv", "jc")
)
SYLLABARY_FLOOR = 0.8
"""The least :func:`syllabary_similarity` at which :func:`syllabary_rule` pairs two words."""
SYLLABARY_CAP = 0.95
"""The most :func:`syllabary_rule` gives: a reading is never the name itself (a
transliteration key's equality gives 0.95 too)."""


def _unwritten(word: str, k: int) -> bool:
    """Whether the letter at ``k`` of ``word`` is one the syllabary may leave out
    (:data:`_SYLLABARY_UNWRITTEN`): before another consonant or at the end, or after a
    consonant (a cluster's second)."""
    if word[k] not in _SYLLABARY_UNWRITTEN:
        return False
    after = word[k + 1] if k + 1 < len(word) else ""
    before = word[k - 1] if k else ""
    return after not in _SYLLABARY_VOWELS or (before != "" and before not in _SYLLABARY_VOWELS)


def _syllabary_distance(reading: str, name: str) -> float:
    """The edit distance from ``reading`` to ``name`` in the syllabary's own differences (a
    vowel for another, a vowel more or less, letters it writes alike, an r it leaves out:
    :func:`_unwritten`), half an edit each; infinite where the two differ in
    any other way."""
    n, m = len(reading), len(name)
    drop = [0.5 if c in _SYLLABARY_VOWELS or _unwritten(name, j) else math.inf for j, c in enumerate(name)]
    extra = [0.5 if c in _SYLLABARY_VOWELS else math.inf for c in reading]
    row = [0.0]
    for j in range(m):
        row.append(row[j] + drop[j])
    for i in range(n):
        x = reading[i]
        last, row = row, [row[0] + extra[i]]
        for j in range(m):
            y = name[j]
            if x == y:
                change = 0.0
            elif (x in _SYLLABARY_VOWELS and y in _SYLLABARY_VOWELS) or frozenset((x, y)) in _SYLLABARY_ALIKE:
                change = 0.5
            else:
                change = math.inf
            row.append(min(last[j] + change, last[j + 1] + extra[i], row[j] + drop[j]))
    return row[m]


def syllabary_similarity(reading: str, name: str) -> float:
    """How near a syllabary ``reading`` of a word is to a ``name``'s word (both normalised),
    in [0, 1], where they differ only in the syllabary's own ways (see the section's
    comment): one minus their distance in those differences, half an edit each, over the
    longer length; of the words as written or of their transliteration keys
    (:func:`canonym.phonetic.translit_key`), the nearer. 0 where both differ otherwise.

    >>> syllabary_similarity("hoton", "horton")  # the r before t left out: half an edit of 6
    0.9166666666666666
    >>> syllabary_similarity("hoton", "dover")  # h for d is no difference of the syllabary's
    0.0
    """
    if not reading or not name:
        return 0.0
    near = _syllabary_distance(reading, name) / max(len(reading), len(name))
    q_key, a_key = translit_key(reading), translit_key(name)
    if q_key and a_key:
        near = min(near, _syllabary_distance(q_key, a_key) / max(len(q_key), len(a_key)))
    return max(0.0, 1.0 - near) if near < math.inf else 0.0


def syllabary_rule(reading: str, name: str, found: tuple[float, str]) -> tuple[float, str]:
    """The similarity of a syllabary ``reading`` of a word and a ``name``'s word: ``found``
    (what :func:`canonym.similarity.word_similarity`'s rules give without a source language)
    or, where :func:`syllabary_similarity` is higher and at least :data:`SYLLABARY_FLOOR`,
    that (at most :data:`SYLLABARY_CAP`) with the rule ``syllabary``. Words equal, or equal
    in their transliteration keys, and words of fewer than three letters, keep ``found``.

    >>> syllabary_rule("hoton", "horton", (0.83, "spelling"))
    (0.9166666666666666, 'syllabary')
    >>> syllabary_rule("paris", "paris", (1.0, "exact"))
    (1.0, 'exact')
    """
    if found[1] in ("exact", "transliteration") or min(len(reading), len(name)) < 3:
        return found
    near = syllabary_similarity(reading, name)
    if near >= SYLLABARY_FLOOR and near > found[0]:
        return min(near, SYLLABARY_CAP), "syllabary"
    return found


def ordered_runs(form: str) -> tuple[tuple[int, ...], ...]:
    """Positions of the words of a romanised ``form`` that must pair in their order: the
    syllables of a hyphenated Korean given name (*jae-in* is not *in-jae*).

    >>> ordered_runs("moon jae-in"), ordered_runs("moon jaein")
    (((1, 2),), ())
    """
    runs: list[tuple[int, ...]] = []
    position = 0
    for token in form.split():
        parts = [p for p in token.split("-") if p]
        if len(parts) > 1:
            runs.append(tuple(range(position, position + len(parts))))
        position += len(parts)
    return tuple(runs)


def primary_romanization(text: str) -> str:
    """The form :mod:`canonym.normalize` folds ``text`` to: the first reading of the words
    in :data:`PRIMARY_SCRIPTS`, anyascii's reading of words unidecode has none for (N'Ko,
    Adlam, Ol Chiki, Deseret, ...) where anyascii is installed, the others unchanged.

    >>> primary_romanization("박지성"), primary_romanization("Зюганов 김")
    ('park jisong', 'Зюганов kim')
    """
    if text.isascii():
        return text
    text = _words_joined(text)
    found = list(_WORD.finditer(text))
    groups: dict[str, list[int]] = {}
    values: dict[int, str] = {}
    for k, m in enumerate(found):
        script = _script(m.group())
        if script in PRIMARY_SCRIPTS:
            groups.setdefault(script, []).append(k)
        elif script == "Other" and not unidecode(m.group()).strip() and _anyascii() is not None:
            values[k] = _anyascii()(m.group())  # type: ignore[misc]  # (checked just above)
    if not groups and not values:
        return text
    for script, positions in groups.items():
        first = _READERS[script]([found[k].group() for k in positions], None)[0]
        values.update(zip(positions, first))
    pieces: list[str] = []
    end = 0
    for k, m in enumerate(found):
        pieces.append(text[end : m.start()])
        pieces.append(values.get(k, m.group()))
        end = m.end()
    pieces.append(text[end:])
    return "".join(pieces)


# Scripts written without spaces between words, grouped as their text mixes them: Japanese
# writes one run in Han, hiragana and katakana. A name inside such a run has no space to
# mark where it begins (see canonym.text).
UNSPACED = {
    "Han": "Han",
    "Hiragana": "Han",
    "Katakana": "Han",
    "Thai": "Thai",
    "Lao": "Lao",
    "Khmer": "Khmer",
    "Myanmar": "Myanmar",
}
_UNSPACED_RE = lazy_pattern(
    globals(),
    "_UNSPACED_RE",
    r"\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|\p{Script=Thai}"
    r"|\p{Script=Lao}|\p{Script=Khmer}|\p{Script=Myanmar}",
)


def char_script(char: str) -> str | None:
    """The script group of a letter written without spaces between words, or None.

    >>> char_script("利"), char_script("ル"), char_script("ล"), char_script("L")
    ('Han', 'Han', 'Thai', None)
    """
    if char in "\u30fc\uff70":  # the long-vowel mark of kana, a Common-script letter
        return "Han"
    if not _UNSPACED_RE.match(char):
        return None
    for name in ("Han", "Hiragana", "Katakana", "Thai", "Lao", "Khmer", "Myanmar"):
        if regex.match(rf"\p{{Script={name}}}", char):
            return UNSPACED[name]
    return None  # pragma: no cover - the pattern above lists the same scripts


def unspaced_script(name: str) -> str | None:
    """The script group of a name all of whose letters are in one script written without
    spaces (Han with kana, Thai, Lao, Khmer, Myanmar), or None.

    >>> unspaced_script("利马"), unspaced_script("ペルー"), unspaced_script("Lima 利马")
    ('Han', 'Han', None)
    """
    groups = {char_script(c) for c in name if c.isalpha()}
    if len(groups) != 1:
        return None
    return groups.pop()


# Clitics written as one word with the name they stand before or after. Hebrew: the
# conjunction ו, the article ה and the prepositions ב ל מ כ, the relative ש, stacking up
# to three ("ובמ..."). Arabic: the conjunctions و ف and the prepositions ب ل ك (ل before
# the article ال is written لل). The article itself stays: a name that has it keeps it
# (الإكوادور), and one that has not takes it only as a nisba adjective (التشيلي,
# "Chilean"), which is not a mention of the country. Korean: the postpositions.
_ARABIC_CONJUNCTION = "وف"
_ARABIC_PREPOSITION = "بلك"
_KOREAN_PARTICLES = tuple(
    sorted(
        (
            "은",
            "는",
            "이",
            "가",
            "을",
            "를",
            "의",
            "에",
            "에서",
            "와",
            "과",
            "도",
            "로",
            "으로",
            "에게",
            "께서",
            "까지",
            "부터",
            "만",
            "처럼",
            "보다",
            "이다",
            "에는",
            "에서는",
            "과의",
            "와의",
        ),
        key=len,
        reverse=True,
    )
)


def clitic_splits(word: str) -> tuple[tuple[int, int, str], ...]:
    """The ways ``word`` may be a name with clitics attached, fewest letters removed first:
    ``(start, end, form)``, where ``word[start:end]`` is the name as written and ``form``
    what to look it up as (they differ only where Arabic ل + ال contracts to لل).

    >>> clitic_splits("ובפרו")
    ((1, 5, 'בפרו'), (2, 5, 'פרו'))
    >>> [f for _, _, f in clitic_splits("وللأمم")]
    ['للأمم', 'لأمم', 'الأمم']
    >>> clitic_splits("페루의")
    ((0, 2, '페루'),)
    """
    script = _script(word)
    out: list[tuple[int, int, str]] = []
    if script == "Hebrew":
        # The order they stack in: the conjunction, the relative, then one preposition or
        # the article (a preposition absorbs the article: ב + ה is written ב).
        n = 0
        for letters in ("ו", "ש", "הבלמכ"):
            if len(word) - n > 2 and word[n] in letters:
                n += 1
                out.append((n, len(word), word[n:]))
    elif script == "Arabic":
        i = 0
        if word[:1] and word[0] in _ARABIC_CONJUNCTION and len(word) > 3:
            i = 1
            out.append((i, len(word), word[i:]))
        if word[i : i + 2] == "لل" and len(word) - i > 4:
            out.append((i + 1, len(word), word[i + 1 :]))
            out.append((i + 1, len(word), "ال" + word[i + 2 :]))
            return tuple(out)
        if word[i : i + 1] and word[i] in _ARABIC_PREPOSITION and len(word) - i > 3:
            i += 1
            out.append((i, len(word), word[i:]))
    elif script == "Hangul":
        for particle in _KOREAN_PARTICLES:
            if word.endswith(particle) and len(word) > len(particle):
                out.append((0, len(word) - len(particle), word[: -len(particle)]))
                break
    return tuple(out)


# Russian and Ukrainian case endings of nouns and surnames, longest first, with the
# nominative endings their stem may take back (Лиме -> Лима, Захаровой -> Захарова).
_CYRILLIC_ENDINGS = (
    ("ами", ("", "а")),
    ("ями", ("я",)),
    ("ого", ("", "ий", "ый")),
    ("его", ("ий",)),
    ("ому", ("", "ий", "ый")),
    ("ові", ("",)),
    ("еві", ("",)),
    ("ом", ("",)),
    ("ем", ("", "ь", "й")),
    ("ым", ("", "ый")),
    ("им", ("ий",)),
    ("ой", ("а", "")),
    ("ей", ("я", "а", "ь")),
    ("ою", ("а",)),
    ("ею", ("я",)),
    ("ов", ("",)),
    ("ев", ("",)),
    ("ам", ("а", "")),
    ("ах", ("а", "")),
    ("ую", ("ая", "а")),
    ("а", ("", "ь")),
    ("я", ("ь", "й")),
    ("у", ("", "а")),
    ("ю", ("ь", "я", "й")),
    ("е", ("а", "", "я")),
    ("ы", ("а", "")),
    ("и", ("я", "ь", "а")),
    ("і", ("а", "")),
)
_CYRILLIC_CASED = lazy_pattern(globals(), "_CYRILLIC_CASED", r"\p{Script=Cyrillic}+")


def cyrillic_stems(word: str) -> tuple[str, ...]:
    """Nominative forms a Russian or Ukrainian word with a case ending may have, most
    likely first (a stem of three letters at least); none for other words.

    >>> cyrillic_stems("Кастом")
    ('Каст',)
    >>> cyrillic_stems("Лиме")[:2]
    ('Лима', 'Лим')
    >>> cyrillic_stems("Lima")
    ()
    """
    if word.isascii() or not _CYRILLIC_CASED.fullmatch(word):
        return ()  # (an ASCII word holds no Cyrillic letter: the test spares the pattern)
    lower = word.lower()
    for ending, nominatives in _CYRILLIC_ENDINGS:
        if lower.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            return tuple(dict.fromkeys(stem + n for n in nominatives))
    return ()
