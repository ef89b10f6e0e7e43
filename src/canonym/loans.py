"""The forms a foreign name may have had before a language's loan phonology reshaped it.

A language borrows a foreign name in its own sounds and letters. Where its syllables are
simple it breaks consonant clusters and closes no syllable: the Māori Bible writes Bethlehem
Peterehema, with vowels inserted; where it lacks a sound it writes its nearest one: Māori
has no b, d, g, l or s (p, t, k, r and h stand for them), Somali no p or v (b and f),
Tupi-Guarani languages and Kaingang no l (r). Languages without vowel hiatus put a glide
between two vowels (Tagalog Nuweba Esiha for Nueva Ecija), and many put a vowel before an
initial s and consonant (Spanish Escandinavia, Escocia). This module undoes those changes by
rule: :func:`loan_forms` gives a name's possible source forms, each with the rule that made
it. Like the bare forms of :mod:`canonym.inflection`, they are weaker evidence than the name
as written, so the resolver tries them only when the name as written finds no confident
answer (or, beside a confident one, when the name carries a letter that only a loan
language writes so: :func:`loan_marked`), and a match through one carries the contribution
``inflection``.

The rules and the grammars they come from:

- ``loan:glide`` a w written between u or o and a vowel, a y between i or e and a vowel,
  is the glide of a language that avoids vowel hiatus in loans (Tagalog: P. Schachter and
  F. Otanes, *Tagalog Reference Grammar*, 1972; Swahili: E. C. Polomé, *Swahili Language
  Handbook*, 1967; also Yoruba, Somali, Nheengatu); dropped.
- ``loan:epenthesis`` an i or u between two consonants after a vowel, or after a final
  consonant, is the vowel that languages of open syllables insert into a borrowed cluster
  (Polynesian, Tupi-Guarani, Bantu, Yoruba, Japanese: T. J. Vance, *The Sounds of
  Japanese*, CUP 2008, on loanwords); dropped. So is a copy of the next vowel between a
  word-initial stop or f and r or l (Somali Faransiis, France: C. Uffmann, *Vowel
  Epenthesis in Loanword Adaptation*, 2007).
- ``loan:prothesis`` (``es``, ``pt``, ``gl``, ``ca``, ``sc``, ``tr``, ``so``, ``fa``) an i
  or e before a word-initial s and consonant is the vowel these languages, which start no
  word so, put before it (Spanish: R. Penny, *A History of the Spanish Language*, CUP 2002);
  dropped.
- ``loan:long`` (``so``, ``ha``, ``ak``) a doubled vowel letter is one long vowel
  (Somali: J. Saeed, *Somali*, Benjamins 1999, ch. 2); written single.

The glide and the epenthetic vowel are tried in every language and without one; an initial
Es- or a doubled vowel is as often part of a name (Esbjerg, Aachen), so those two rules
apply only in their languages.

- ``loan:mi`` (also ``to``, ``sm``, ``haw``) Polynesian loan phonology: every syllable open,
  so a vowel after each final consonant; p, t, k also stand for b, d, g, r for l, h for s and
  sh, wh (Māori) for f (R. Harlow, *Māori: A Linguistic Introduction*, CUP 2007, §3.6 on
  loanwords; C. M. Churchward, *Tongan Grammar*, 1953). Without a language, a name whose
  letters are all Māori ones and which marks a long vowel with a macron is read so.
- ``loan:so`` Somali: p is written b and v f (Saeed 1999, ch. 2); b and f are also read p, v.
  Unasked, a name with a doubled vowel letter written in the Somali alphabet's letters
  alone (no p, v or z) is read so too: its long vowels single, the glide y or w that ends
  its diphthongs (ay, ey, aw, ow) read i or u, a prothetic i dropped, then f read v, b p.
- ``loan:tupi`` Tupi-Guarani (Nheengatu, Guarani) and Kaingang write a nasal vowel with a
  tilde where the source has a vowel and a nasal consonant, and r for l (Nheengatu: E. de
  A. Navarro, *Curso de Língua Geral*, 2011; Kaingang: U. Wiesemann, *Dicionário
  Kaingang-Português*, 2002); a nasal vowel before p or b is the source's vowel and m
  (these languages hear a source's mp, mb so); Nheengatu x is English sh; Kaingang writes
  a foreign initial b as m (its voiced stops are nasals). Without a language, a tilde on e, i, u or
  y says the name is so written, and so does one on a or o before a consonant or at the
  end of a word of two syllables or more: Portuguese writes ã and õ only before a vowel
  (São, mães, põe), before a final s or at the end of a word (irmã, Grã-Bretanha), and
  Vietnamese writes them in words of one syllable (Lãng). A final ã is Portuguese too
  (irmã), but a Portuguese name that the registry holds is confident as written, and the
  loan forms are tried only where nothing is.
- ``loan:kgp`` Kaingang, further: it has no voiced stops as phonemes, its nasals m, n are
  said [b], [d] before an oral vowel, so a foreign b, d is written m, n in any position,
  and after a nasal vowel they are said [mb], [nd], so a foreign mb, nd is written m, n
  there (U. Wiesemann, *Die phonologische und grammatische Struktur der Kaingang-Sprache*,
  Mouton 1972, on the nasal consonants), and m before r too (the cluster mr is Kaingang's
  [mbr]); its y is the central vowel (ỹ nasal), the nearest it has to a foreign a
  (Wiesemann 2002, the alphabet); and its syllables close only with a nasal, a glide or r
  (Wiesemann 1972), so a foreign syllable-final s is written with its nearest one, the
  palatal nasal nh, and the glides that close a syllable, j and v ([j], [w]), are a foreign
  i or u after a vowel. Asked (``kgp``), or unasked on a name with a Tupi tilde, an nh
  before a consonant inside a word (Portuguese writes nh only before a vowel, Vietnamese
  only at the end of a syllable, which it writes as a word), or one written in Kaingang's
  letters alone (none of b, c, d, l, q, w, x, z, nor Portuguese's ã and õ) with a word of
  five letters or more (shorter ones, read with four substitutions, meet other names by
  chance), five forms (the most reshaped first, and second every rule but the epenthetic
  vowel's, since an i or u between consonants may be the source's own). Unasked, the
  Kaingang and the Tupi-Guarani forms alternate, so that neither crowds the other out.
  Nheengatu has no o: a final u after a consonant is read o (Portuguese sapato, its
  sapatu).
- ``loan:kwa`` (``yo``, ``ak``, ``tw``, ``ee``, ``gaa``, ``blo``, ``kbp``) the Kwa and Gur
  languages of West Africa, and Yoruba (Volta-Niger; Kwa in older classifications), write
  their open-mid vowels with the Africa Alphabet's ɛ, ɔ (Akan, Ewe, Ga, Kabiye) or with a
  dot below (Yoruba ẹ, ọ; ṣ is sh), the tones with accents, a long vowel doubled, and close
  a borrowed syllable with a vowel (Yoruba bọ́ọ̀lù, ball: R. C. Abraham, *Dictionary of
  Modern Yoruba*, 1958; Akan: F. A. Dolphyne, *The Akan (Twi-Fante)
  Language*, 1988); read e, o without tones, the long vowels single, then the final and
  the medial epenthetic i or u dropped (as ``loan:epenthesis``). Yoruba writes ìlú, town,
  before a city's name: dropped. Kabiye and other Gur alphabets of Togo add ɩ, ʊ (read
  i, u); the Africa Alphabet's schwa ǝ, which some of these alphabets write, is dropped in
  a word with another vowel. Unasked, ɔ or an ɛ not beside another vowel
  (Kabyle and Tarifit write ɛ for their pharyngeal consonant, often beside a vowel:
  taɛrabt) marks a name so written (:func:`loan_marked`), and so does a dotted ẹ or ọ
  unless the name is Vietnamese (its heavy tone is a dot below: Ngọc).
- ``loan:nl`` Dutch and Afrikaans write the vowel u as oe (G. Booij, *The Phonology of
  Dutch*, OUP 1995, ch. 1); also unasked where nothing else is confident.
- ``loan:sq`` Albanian xh is English j (Newmark et al. 1982, the alphabet); unasked: no
  other orthography writes xh.
- ``loan:ca`` Catalan x and ix before a vowel are English sh, tx ch (*Gramàtica de la
  llengua catalana*, IEC 2016, the spelling of /ʃ/ and /tʃ/).

Pure functions over the text; no I/O.
"""

from __future__ import annotations

import functools
import unicodedata

import regex

__all__ = ["LOAN_LANGUAGES", "loan_forms", "loan_marked"]

_V = "aeiouáéíóúàèìòùâêîôûāēīōū"
_C = "bcdfghjklmnpqrstvwxzñçMN"  # M, N: Kaingang's nasals kept as nasals (see _KAINGANG_STEPS)

_Rule = tuple[regex.Pattern[str], str]


def _rules(*pairs: tuple[str, str]) -> tuple[_Rule, ...]:
    return tuple((regex.compile(pattern), replacement) for pattern, replacement in pairs)


_GLIDE = _rules((rf"(?<=[uoúóù])w(?=[{_V}])", ""), (rf"(?<=[ieíéì])y(?=[{_V}])", ""))
_PROTHESIS = _rules((rf"^[ie](?=s[{_C}])", ""))
_LONG = _rules((rf"([{_V}])\1", r"\1"))
_EPENTHESIS = _rules(
    (rf"(?<=[{_V}][{_C}])[iuɨ](?=[{_C}][{_V}])", ""),  # between consonants, after a syllable's vowel
    (rf"(?<=[{_V}][{_C}])[iu]$", ""),  # after a final consonant
)
# A word-initial stop or f and r or l, broken by a copy of the vowel that follows them (Somali
# Faransiis, France; Samoan, Tupi-Guarani, Shona: C. Uffmann, *Vowel Epenthesis in Loanword
# Adaptation*, Niemeyer 2007, on the copy vowel): the copy dropped.
_ECHO = _rules((r"(?<=^[bcdfgkpt])([aeiou])(?=[rl]\1)", ""))
_POLYNESIAN_STEPS = (
    _rules((rf"(?<=[{_C}][{_V}]*?[{_C}])[aeiou]$", "")),  # the vowel after a final consonant
    _EPENTHESIS,
    _rules(("wh", "f"), ("r", "l")),
    _rules(("p", "b"), ("t", "d"), ("k", "g")),
    _rules(("h", "s")),
)
_SOMALI = (_rules(("f", "v")), _rules(("b", "p")))
# Somali writes the second part of a diphthong y or w (ay, ey, oy, aw, ow: Saeed 1999, ch. 2)
_SOMALI_GLIDES = _rules((rf"(?<=[{_V}])y(?![{_V}])", "i"), (rf"(?<=[{_V}])w(?![{_V}])", "u"))
_SOMALI_LETTERS = frozenset("abcdefghijklmnoqrstuwxy")
_SOMALI_LONG = regex.compile(r"(aa|ee|ii|oo|uu)")


def _tupi_steps(nheengatu: bool) -> tuple[tuple[_Rule, ...], ...]:
    # Nheengatu has no o, so a source's final o is written u; Guarani and Kaingang have o.
    final_o = [(rf"(?<=[{_C}])u$", "o")] if nheengatu else []
    return (
        _rules(
            (r"([aeiouy])\u0303(?=[aeiouy])", r"\1"),
            (r"([aeiouy])\u0303(?=[pb])", r"\1m"),  # the source's m before a stop
            (r"([aeiouy])\u0303(?![mnbp])", r"\1n"),
            (r"([aeiouy])\u0303", r"\1"),
            ("x", "sh"),
            *final_o,
            *((pattern.pattern, replacement) for pattern, replacement in _GLIDE),
        ),
        _EPENTHESIS,
        _rules(("r", "l")),
        _rules(("^m", "b")),  # Kaingang: a voiced stop is written as its nasal
    )


_TUPI_STEPS = _tupi_steps(nheengatu=False)
_NHEENGATU_STEPS = _tupi_steps(nheengatu=True)
_KAINGANG_STEPS = (
    _rules(
        # m, n before a nasal vowel are said [m], [n]: the source's own (kept from the
        # rule below that reads them b, d before an oral vowel; lower case again in add)
        (r"m(?=[aeiouy]\u0303)", "M"),
        (r"n(?=[aeiouy]\u0303)", "N"),
        # j and v closing a syllable are the glides [j], [w]: a foreign i, u after a vowel
        (r"(?<=[aeiouy]\u0303?)j(?![aeiouy])", "i"),
        (r"(?<=[aeiouy]\u0303?)v(?![aeiouy])", "u"),
        (r"([aeiouy])\u0303(?=[iu])", r"\1"),
        # m, n between a nasal and an oral vowel are said [mb], [nd]: a foreign mb, nd
        (r"([aeiouy]\u0303)m(?=[aeiouy](?!\u0303))", r"\1mb"),
        (r"([aeiouy]\u0303)n(?=[aeiouy](?!\u0303))", r"\1nd"),
        (r"y\u0303?", "a"),  # y, ỹ: the central vowel, the nearest to a foreign a
        (r"([aeiou])\u0303(?=[mnbpMN])", r"\1"),
        (r"([aeiou])\u0303", r"\1n"),
        (rf"(?<=[{_V}])nh(?![{_V}])", "s"),  # a syllable closed with nh: a foreign s
        ("x", "sh"),
    ),
    _EPENTHESIS,
    _rules(("r", "l")),
    # nasals before oral vowels (and m before r, a foreign br): b, d
    _rules((rf"m(?=[{_V}rl])", "b"), (rf"n(?=[{_V}])", "d")),
)
_DUTCH = _rules((r"oe(?!$)", "u"), ("sj", "sh"), ("tj", "ch"))
_ALBANIAN = _rules(("xh", "j"))
_CATALAN = _rules((rf"ix(?=[{_V}])", "sh"), (rf"(?<![{_C}])x(?=[{_V}])", "sh"), ("tx", "ch"))

_GENERIC: tuple[tuple[str, tuple[_Rule, ...], frozenset[str] | None], ...] = (
    ("loan:glide", _GLIDE, None),
    ("loan:epenthesis", (*_ECHO, *_EPENTHESIS), None),
    ("loan:prothesis", _PROTHESIS, frozenset(["es", "pt", "gl", "ca", "sc", "tr", "so", "fa"])),
    ("loan:long", _LONG, frozenset(["so", "ha", "ak"])),
)
"""Rules of many languages: each with the languages it applies to when one is given (None:
every language, and also without one)."""
_POLYNESIAN = ("mi", "to", "sm", "haw")
_KWA = ("yo", "ak", "tw", "ee", "gaa", "blo", "kbp")
# The open-mid vowels: the Africa Alphabet's ɛ, ɔ, Yoruba's ẹ, ọ (dot below); Yoruba ṣ is sh.
# Kabiye and other Gur alphabets of Togo add the lax close vowels ɩ, ʊ (Kabiye: K. Lébikaza,
# *Grammaire kabiyè*, 1999); the Africa Alphabet also has the schwa ǝ.
_KWA_LETTERS = str.maketrans(
    {"ɛ": "e", "ɔ": "o", "ẹ": "e", "ọ": "o", "ṣ": "sh", "ɩ": "i", "ʊ": "u", "ǝ": "ə"}
)
# A schwa in a word with another vowel is the vowel these languages put into a borrowed
# cluster or after a final consonant (a foreign sk said s-ǝ-k-ǝ): dropped.
_KWA_SCHWA = _rules((r"ə(?=\p{L}*[aeiou])|(?<=[aeiou]\p{L}*)ə", ""))
# The Africa Alphabet's open vowels mark a name as Kwa or Gur; Yoruba's dotted ẹ, ọ only where
# the name is not Vietnamese (see _looks_vietnamese).
_AFRICA_OPEN = regex.compile(r"ɔ|(?<![aeiouəɔ])ɛ(?![aeiouəɔ])|ɛɛ")
_DOTTED_OPEN = regex.compile(r"[ẹọ]")
# Quốc ngữ's marks that no Kwa or Gur orthography writes beside a dotted ẹ or ọ: the horn (ơ,
# ư), the breve (ă), the circumflex (â, ê, ô; also stacked with a tone: ồ, ệ), the hook above
# (ả) and the tilde tone (ã), and đ (L. C. Thompson, *A Vietnamese Grammar*, 1965, ch. 1).
_VIETNAMESE_MARKS = regex.compile("[\u031b\u0306\u0302\u0309\u0303đ]")
_VIETNAMESE_TONES = regex.compile("[\u0300\u0301\u0303\u0309\u0323]")
# A Vietnamese syllable, which it writes as a word (Thompson 1965, ch. 1): an onset of its
# alphabet, at most three vowel letters (y only last, after u or first), and a final c, ch,
# m, n, ng, nh, p or t or none.
_VIETNAMESE_SYLLABLE = regex.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(?:(?:[aeiou]\p{M}*){1,3}(?:y\p{M}*)?|u\p{M}*y\p{M}*(?:[aeiou]\p{M}*)?|y\p{M}*(?:[aeiou]\p{M}*){0,2})"
    r"(?:ch|ng|nh|[cmnpt])?"
)
_KWA_TOWN = ("ìlú",)  # Yoruba ìlú, town (R. C. Abraham, *Dictionary of Modern Yoruba*, 1958)
_TUPI = ("gn", "yrl", "kgp")
LOAN_LANGUAGES = frozenset([*_POLYNESIAN, *_TUPI, *_KWA, "so", "nl", "af", "sq", "ca"])
"""The languages whose loan phonology or spelling this module knows (ISO 639-1 where there is one)."""

_MAORI_LETTERS = frozenset("aeiouāēīōūhkmnprtwg -")
_MACRONS = frozenset("āēīōū")
_TUPI_TILDE = regex.compile(r"[eiuy]\u0303")
# ã or õ before a consonant (not a final s, nor z: Portuguese irmãs, irmãzinha) or word-final
_TUPI_NASAL_AO = regex.compile(r"[ao]\u0303(?=[bcdfghjklmnpqrtvwx]|s\p{L}|$)")
_VOWEL_GROUP = regex.compile(r"[aeiouy]+")
_WORD_BREAK = regex.compile(r"[\s\-]+")
_WORD = regex.compile(r"[\p{L}\p{M}]+")
_CODA_NH = regex.compile(rf"nh(?=[{_C}])")
_KAINGANG_FORMS = 5
_LONG_WORD = 5
_KAINGANG_LETTERS = frozenset("aeéioóuyẽĩũỹfghjkmnprstv")
_MAX_FORMS = 6


def _apply(rules: tuple[_Rule, ...], word: str) -> str:
    for pattern, replacement in rules:
        word = pattern.sub(replacement, word)
    return word


def _per_word(rules: tuple[_Rule, ...], text: str) -> str:
    return " ".join(_apply(rules, word) for word in text.split())


def _cumulative(steps: tuple[tuple[_Rule, ...], ...], text: str) -> list[str]:
    """``text`` after the first step, the first two, ... (each step on every word)."""
    out = []
    for count in range(1, len(steps) + 1):
        rules = tuple(rule for step in steps[:count] for rule in step)
        out.append(_per_word(rules, text))
    return out


def _looks_maori(lower: str) -> bool:
    letters = set(lower)
    return bool(letters & _MACRONS) and letters <= _MAORI_LETTERS and "g" not in lower.replace("ng", "")


def _looks_kaingang(lower: str) -> bool:
    """Written in Kaingang's letters only (no b, c, d, l, q, w, x, z), with a word of
    :data:`_LONG_WORD` letters or more."""
    letters = {ch for ch in unicodedata.normalize("NFC", lower) if ch.isalpha()}
    return letters <= _KAINGANG_LETTERS and any(
        sum(ch.isalpha() for ch in word) >= _LONG_WORD for word in lower.split()
    )


def _looks_somali(lower: str) -> bool:
    """A doubled vowel letter, and only letters of the Somali alphabet (no p, v, z)."""
    letters = {ch for ch in lower if ch.isalpha()}
    return bool(_SOMALI_LONG.search(lower)) and letters <= _SOMALI_LETTERS


def _looks_tupi(decomposed: str) -> bool:
    """A tilde on e, i, u or y, or on a or o before a consonant or at the end of a word of
    two syllables or more. Portuguese writes the tilde on a and o only, and only before a
    vowel (São, mães, põe), a final s or at the end of a word (irmã, Grã-Bretanha), so
    ã and õ before a consonant are not Portuguese; a final one may be, and is read so
    only because loan forms wait for an unconfident answer (a Portuguese name the registry
    holds is confident as written). A word of one syllable may be Vietnamese (Lãng, Hãn)."""
    if _TUPI_TILDE.search(decomposed):
        return True
    return any(
        _TUPI_NASAL_AO.search(word) and len(_VOWEL_GROUP.findall(word)) >= 2
        for word in _WORD_BREAK.split(decomposed)
    )


def _looks_vietnamese(lower: str) -> bool:
    """A mark only Vietnamese writes (:data:`_VIETNAMESE_MARKS`), or every word one
    Vietnamese syllable with at most one tone mark. Vietnamese writes its heavy tone with a
    dot below (Ngọc, jade), as Yoruba writes its open e and o; but most Yoruba words have
    more than one syllable, with more than one mark (its mid tone goes unmarked), and
    Nigerian Pidgin closes syllables with consonant clusters: neither is a Vietnamese
    word."""
    decomposed = unicodedata.normalize("NFD", lower)
    if _VIETNAMESE_MARKS.search(decomposed):
        return True
    words = _WORD.findall(decomposed)
    return bool(words) and all(
        _VIETNAMESE_SYLLABLE.fullmatch(word) and len(_VIETNAMESE_TONES.findall(word)) <= 1 for word in words
    )


def _looks_kwa(lower: str) -> bool:
    """An Africa Alphabet open vowel (ɔ, or an ɛ not beside another vowel: Kabyle and Tarifit
    write ɛ for their pharyngeal consonant, often beside a vowel), or a dotted ẹ or ọ in a
    name that is not Vietnamese (:func:`_looks_vietnamese`)."""
    if _AFRICA_OPEN.search(lower):
        return True
    return bool(_DOTTED_OPEN.search(lower)) and not _looks_vietnamese(lower)


@functools.lru_cache(maxsize=1 << 14)
def loan_marked(text: str) -> bool:
    """Whether ``text`` carries a letter that only a loan language's orthography writes so:
    a Tupi or Kaingang tilde (:func:`_looks_tupi`), a Kaingang nh closing a syllable,
    Māori's letters with a macron, or a Kwa open vowel (ɔ, ẹ, ọ, an ɛ not beside a vowel).
    Such a name is read in that language's loan phonology even when it is close to a name
    as written: a close match that ignores the marker ignores what the name says of its source.

    >>> loan_marked("Kãpã"), loan_marked("São Bento"), loan_marked("Dortmund")
    (True, False, False)
    """
    lower = unicodedata.normalize("NFC", text).lower()
    decomposed = unicodedata.normalize("NFD", lower)
    return (
        _looks_tupi(decomposed)
        or bool(_CODA_NH.search(decomposed))
        or _looks_maori(lower)
        or _looks_kwa(lower)
    )


@functools.lru_cache(maxsize=1 << 14)
def loan_forms(text: str, lang: str | None = None) -> tuple[tuple[str, str], ...]:
    """The forms ``text`` may have had before a language's loan phonology or spelling
    reshaped it, each with its rule (``loan:<rule>``); at most six, never ``text`` itself.
    The result is lower case (the resolver folds case).

    >>> loan_forms("Nuweba Esiha")[0]  # Tagalog: Nueva Ecija
    ('nueba esiha', 'loan:glide')
    >>> loan_forms("Escocia", "es")  # Spanish: Scotland
    (('scocia', 'loan:prothesis'),)
    >>> loan_forms("Peterehema", "mi")[:3]  # the Māori Bible's Bethlehem
    (('peterehem', 'loan:mi'), ('petelehem', 'loan:mi'), ('bedelehem', 'loan:mi'))
    >>> loan_forms("Dortmund")
    ()
    """
    lower = unicodedata.normalize("NFC", text).lower()
    if not any(ch.isalpha() for ch in lower):
        return ()
    decomposed = unicodedata.normalize("NFD", lower)
    out: list[tuple[str, str]] = []

    def add(form: str, rule: str) -> None:
        form = unicodedata.normalize("NFC", form).lower()
        if form and form != lower and all(form != o for o, _ in out):
            out.append((form, rule))

    if lang in _POLYNESIAN or (lang is None and _looks_maori(lower)):
        plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        for form in _cumulative(_POLYNESIAN_STEPS, plain):
            add(form, "loan:mi")
    tupi = lang in _TUPI or (lang is None and _looks_tupi(decomposed))
    if lang == "kgp" or (lang is None and (tupi or _CODA_NH.search(decomposed) or _looks_kaingang(lower))):
        # Most reshaped first, and every rule but the epenthetic vowel's (which may also
        # be the source's own vowel) second.
        kaingang = _cumulative(_KAINGANG_STEPS, decomposed)[::-1]
        every_but_epenthesis = _cumulative(_KAINGANG_STEPS[:1] + _KAINGANG_STEPS[2:], decomposed)[-1]
        kgp = [(form, "loan:kgp") for form in [kaingang[0], every_but_epenthesis, *kaingang[1:]]]
    else:
        kgp = []
    steps = _NHEENGATU_STEPS if lang in (None, "yrl") else _TUPI_STEPS
    tupi_forms = [(form, "loan:tupi") for form in _cumulative(steps, decomposed)] if tupi else []
    if lang is None and kgp and tupi_forms:
        # Unasked, the letters may be Kaingang or Tupi-Guarani: each language's most
        # likely forms first, in turn.
        for pair in zip(kgp, tupi_forms):
            for form, rule in pair:
                add(form, rule)
    for form, rule in [*kgp[:_KAINGANG_FORMS], *tupi_forms]:
        add(form, rule)
    if lang == "so":
        for rules in _SOMALI:
            add(_per_word(rules, _per_word(_LONG, lower)), "loan:so")
    elif lang is None and _looks_somali(lower):
        # Unasked: long vowels single, diphthongs' glides as vowels, no prothetic i;
        # then f read v, b read p.
        plain = _per_word((*_LONG, *_SOMALI_GLIDES, *_PROTHESIS), lower)
        add(plain, "loan:so")
        for rules in _SOMALI:
            add(_per_word(rules, plain), "loan:so")
    if lang in _KWA or (lang is None and _looks_kwa(lower)):
        words = lower.split()
        if len(words) > 1 and words[0] in _KWA_TOWN:
            words = words[1:]
        letters = unicodedata.normalize("NFD", " ".join(words).translate(_KWA_LETTERS))
        plain = "".join(ch for ch in letters if not unicodedata.combining(ch))
        for form in _cumulative((_KWA_SCHWA, _LONG, _EPENTHESIS[1:], _EPENTHESIS[:1]), plain):
            add(form, "loan:kwa")
    if lang in ("nl", "af") or (lang is None and "oe" in lower):
        add(_per_word(_DUTCH, lower), "loan:nl")
    if lang == "sq" or "xh" in lower:
        add(_per_word(_ALBANIAN, lower), "loan:sq")
    if lang == "ca":
        add(_per_word(_CATALAN, lower), "loan:ca")
    generic = [
        (rule, rules)
        for rule, rules, languages in _GENERIC
        if (lang is None and languages is None) or (lang is not None and lang in (languages or (lang,)))
    ]
    changed = [(rule, _per_word(rules, lower)) for rule, rules in generic]
    for rule, form in changed:
        add(form, rule)
    applied = [rule for rule, form in changed if form != lower]
    if len(applied) > 1:
        add(_per_word(tuple(r for _, rules in generic for r in rules), lower), applied[0])
    return tuple(out[:_MAX_FORMS])
