"""Fold a name to the plain form canonym compares: ASCII, lower case, words split by spaces.

Every step is a pure ``str -> str`` function kept in :data:`STEPS`, in the order they run.
:func:`explain_normalization` records the steps that actually changed the text, and
:func:`apply_steps` replays such a record, so an explanation can always be checked.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

import regex
from unidecode import unidecode

from canonym.romanization import wade_giles_to_pinyin
from canonym.scripts import primary_romanization

__all__ = ["STEPS", "apply_steps", "explain_normalization", "normalize_text", "suspicious_characters"]

# Format (Cf: zero-width, joiners, bidi controls), surrogate (Cs), private-use (Co) and
# unassigned (Cn) code points carry no letters of a name and vanish; control characters
# (Cc: NUL, tab, line ends, ...) separate words.
_INVISIBLE = regex.compile(r"[\p{Cf}\p{Cs}\p{Co}\p{Cn}]+")
_CONTROL = regex.compile(r"\p{Cc}+")
# Scripts whose letters look alike ("a" and Cyrillic "а"): one word mixing them is a
# homoglyph spoof, never a spelling. Bidi overrides and isolates make a name display in
# an order other than the one it is matched in.
_LOOKALIKE_SCRIPTS = {
    name: regex.compile(rf"\p{{Script={name}}}") for name in ("Latin", "Cyrillic", "Greek", "Armenian")
}
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_BIDI_OVERRIDE = regex.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Apostrophes and quote-like marks inside a word join its parts ("O'Brien", "Qur'an");
# any other character that is not a letter or digit separates words.
_JOINERS = regex.compile(r"['`\u00b4\u02b9\u02bb\u02bc\u02be\u02bf\u2018\u2019]+")
_SEPARATORS = regex.compile(r"[^a-z0-9 ]+")
# Dotted initialisms written without spaces ("S.A.", "U.N.", "C.V.") are one word: "sa".
# Initials with spaces ("J. A. Kast") stay separate words.
_INITIALISM = regex.compile(r"(?<![\p{L}\p{N}])\p{L}(?:\.\p{L})+\.?(?![\p{L}\p{N}])")


def _nfkc(text: str) -> str:
    if text.isascii():
        return text  # every ASCII character is its own NFKC form
    return unicodedata.normalize("NFKC", text)


def _strip_invisible(text: str) -> str:
    if text.isascii() and text.isprintable():
        return text  # ASCII holds no Cf, Cs, Co or Cn, and its Cc are what it cannot print
    return _CONTROL.sub(" ", _INVISIBLE.sub("", text))


def _join_initialisms(text: str) -> str:
    if "." not in text:
        return text
    return _INITIALISM.sub(lambda m: m.group().replace(".", ""), text)


# Latin letters of living orthographies that unidecode turns into punctuation or nothing,
# which split a word in two ("Gəncə" came out "g nc"). The schwa of Azerbaijani (and of the
# Latin alphabets of Tatar and Chechen) is written ä by BGN/PCGN and a in English (Gəncə,
# Ganja); the turned e of the Pan-Nigerian alphabet is an e. Click letters (ǃ ǀ ǁ ǂ, in
# Khoekhoe and San names: ǁKaras, ǃKhuiseb) and glottal stops (ʔ, Ɂ in Dene and Salish
# orthographies) are not written in English or in any romanisation: they are dropped, as
# an apostrophe inside a word is.
_LATIN_LETTERS = str.maketrans({"ə": "a", "Ə": "A", "ǝ": "e", "Ǝ": "E"} | dict.fromkeys("ǀǁǂǃʔɁɂ", ""))


def _transliterate(text: str) -> str:
    # Hangul, Hebrew and Arabic script words take the first of the readings their names are
    # written in (canonym.scripts); unidecode maps what is left to ASCII (Cyrillic, Greek,
    # Chinese as pinyin syllables). Both are no-ops on ASCII text, so the check saves time.
    return text if text.isascii() else unidecode(primary_romanization(text.translate(_LATIN_LETTERS)))


def _casefold(text: str) -> str:
    return text.lower()


_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 ")
_PLAIN_CASED = _PLAIN | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _strip_punctuation(text: str) -> str:
    if _PLAIN.issuperset(text):
        return text  # nothing to join or separate (the usual text, once folded)
    return _SEPARATORS.sub(" ", _JOINERS.sub("", text))


def _collapse_spaces(text: str) -> str:
    return " ".join(text.split())


STEPS: dict[str, Callable[[str], str]] = {
    "nfkc": _nfkc,
    "strip_invisible": _strip_invisible,
    "join_initialisms": _join_initialisms,
    "transliterate": _transliterate,
    "casefold": _casefold,
    "wade_giles": wade_giles_to_pinyin,
    "strip_punctuation": _strip_punctuation,
    "collapse_spaces": _collapse_spaces,
}
"""The normalisation steps, by name, in the order :func:`normalize_text` applies them."""


def explain_normalization(text: str) -> tuple[str, tuple[str, ...]]:
    """Normalise ``text`` and name the steps that changed it.

    >>> explain_normalization("Jerí, José")
    ('jeri jose', ('transliterate', 'casefold', 'strip_punctuation', 'collapse_spaces'))
    """
    if _PLAIN_CASED.issuperset(text):
        # ASCII letters, digits and spaces: only lower-casing and spacing can change them
        # (every other step returns such text as it is), so those two are all that runs.
        lowered = text.lower()
        collapsed = " ".join(lowered.split())
        if lowered == text:
            return collapsed, () if collapsed == text else ("collapse_spaces",)
        return collapsed, ("casefold",) if collapsed == lowered else ("casefold", "collapse_spaces")
    return _every_step(text)


def _every_step(text: str) -> tuple[str, tuple[str, ...]]:
    """:func:`explain_normalization` by the full rule: every step in turn, each named where
    it changed the text."""
    applied: list[str] = []
    for name, step in STEPS.items():
        folded = step(text)
        if folded != text:
            applied.append(name)
            text = folded
    return text, tuple(applied)


def normalize_text(text: str) -> str:
    """Fold ``text`` to ASCII lower-case words separated by single spaces.

    The result is what canonym compares: the same for "JOSÉ  Jerí", "jose jeri" and
    the transliteration of "Хосе Хери" differs from them only in letters.

    >>> normalize_text("  JOSÉ\u200b  Jerí ")
    'jose jeri'
    >>> normalize_text("La Yarada–Los Palos")
    'la yarada los palos'
    """
    return explain_normalization(text)[0]


def suspicious_characters(text: str) -> tuple[str, ...]:
    """Why ``text`` looks crafted to deceive a reader, or ``()``.

    Normalisation folds such text like any other (a Cyrillic "а" becomes "a"), so a spoof
    never scores above the honest spelling; these reasons let the resolver lower its
    confidence too. ``mixed_script:WORD`` is a word mixing Latin, Cyrillic, Greek or
    Armenian letters; ``bidi_override`` is a directional override or isolate (U+202A to
    U+202E, U+2066 to U+2069).

    >>> suspicious_characters("Kast"), suspicious_characters("Хосе Хери")
    ((), ())
    >>> suspicious_characters("José K\u0430st")
    ('mixed_script:Kаst',)
    """
    if text.isascii():
        return ()
    reasons = ["bidi_override"] if _BIDI_OVERRIDE.search(text) else []
    for word in _WORD.findall(text):
        if not word.isascii() and sum(1 for p in _LOOKALIKE_SCRIPTS.values() if p.search(word)) > 1:
            reasons.append(f"mixed_script:{word}")
    return tuple(reasons)


def apply_steps(text: str, steps: Iterable[str]) -> str:
    """Replay named normalisation steps, as recorded by :func:`explain_normalization`.

    >>> apply_steps("Jerí, José", ["transliterate", "casefold", "strip_punctuation", "collapse_spaces"])
    'jeri jose'
    """
    for name in steps:
        text = STEPS[name](text)
    return text
