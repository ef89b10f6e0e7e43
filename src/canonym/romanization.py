"""Wade-Giles to pinyin: the older romanisation of Chinese names, rewritten in the newer.

Chinese place names reach English news in Wade-Giles (*Hang-chou-shih*, *Hsien-yang*,
*Ch'ing-tao*) or in pinyin (*Hangzhou Shi*, *Xianyang*, *Qingdao*), which disagree on most
initials. A word is rewritten only when it is two or more hyphen-joined syllables that are
all valid Wade-Giles syllables, or one syllable with an aspiration apostrophe (*Ch'i*), so
ordinary hyphenated names (*Santa-Rosa*, *Jean-Paul*, *Il-gyu*) are left alone. The
syllables are joined as pinyin writes them, and the administrative suffixes (*shih*,
*hsien*, *chen*, *hsiang*) are kept as separate words.
"""

from __future__ import annotations

import unicodedata

import regex

from canonym.patterns import lazy_pattern

__all__ = [
    "adlam_readings",
    "brahmic_readings",
    "cherokee_readings",
    "ethiopic_readings",
    "khmer_readings",
    "myanmar_readings",
    "nko_readings",
    "sinhala_readings",
    "thai_lao_readings",
    "tibetan_readings",
    "wade_giles_to_pinyin",
]

# Initials, longest first, with their pinyin before i/ü (palatal) and elsewhere.
_INITIALS: tuple[tuple[str, str, str], ...] = (
    ("ch'", "q", "ch"),
    ("ts'", "c", "c"),
    ("tz'", "c", "c"),
    ("ch", "j", "zh"),
    ("hs", "x", "x"),
    ("ts", "z", "z"),
    ("tz", "z", "z"),
    ("ss", "s", "s"),
    ("sz", "s", "s"),
    ("sh", "sh", "sh"),
    ("k'", "k", "k"),
    ("p'", "p", "p"),
    ("t'", "t", "t"),
    ("k", "g", "g"),
    ("p", "b", "b"),
    ("t", "d", "d"),
    ("j", "r", "r"),
    ("m", "m", "m"),
    ("f", "f", "f"),
    ("n", "n", "n"),
    ("l", "l", "l"),
    ("h", "h", "h"),
    ("s", "s", "s"),
    ("w", "w", "w"),
    ("y", "y", "y"),
    ("", "", ""),
)
# Finals and their pinyin spelling.
_FINALS: dict[str, str] = {
    "a": "a",
    "ai": "ai",
    "an": "an",
    "ang": "ang",
    "ao": "ao",
    "e": "e",
    "ei": "ei",
    "en": "en",
    "eng": "eng",
    "erh": "er",
    "i": "i",
    "ia": "ia",
    "iang": "iang",
    "iao": "iao",
    "ieh": "ie",
    "ien": "ian",
    "in": "in",
    "ing": "ing",
    "iu": "iu",
    "iung": "iong",
    "o": "o",
    "ou": "ou",
    "u": "u",
    "ua": "ua",
    "uai": "uai",
    "uan": "uan",
    "uang": "uang",
    "ui": "ui",
    "un": "un",
    "ung": "ong",
    "uo": "uo",
    "ü": "u",
    "üan": "uan",
    "üeh": "ue",
    "ueh": "ue",
    "ün": "un",
    "ih": "i",
    "ŭ": "i",
    "ih'": "i",
    "eh": "e",
    "ieng": "ing",
    "uei": "ui",
}
# After these pinyin initials, Wade-Giles "o" is pinyin "e" (ko, k'o, ho -> ge, ke, he).
_O_AS_E = frozenset({"g", "k", "h"})
_DESIGNATOR_PINYIN = {"shih": "shi", "hsien": "xian", "chen": "zhen", "hsiang": "xiang"}
_WORD = lazy_pattern(globals(), "_WORD", r"[a-zü'ŭ]+(?:-[a-zü'ŭ]+)*")


def _syllable(text: str) -> str | None:
    """The pinyin of one Wade-Giles syllable, or None when it is not one."""
    for initial, palatal, plain in _INITIALS:
        if not text.startswith(initial):
            continue
        final = text[len(initial) :]
        if final not in _FINALS:
            continue
        pinyin_final = _FINALS[final]
        palatal_final = final.startswith(("i", "ü")) and final not in ("ih", "ih'")
        head = palatal if palatal_final else plain
        if final == "o" and head in _O_AS_E:
            pinyin_final = "e"
        if initial == "y" and final in ("en", "eh"):
            pinyin_final = {"en": "an", "eh": "e"}[final]
        if initial == "" and final == "i":
            return "yi"
        return head + pinyin_final
    return None


def _word(word: str) -> str:
    parts = word.split("-")
    aspirated = any("'" in p for p in parts)
    if len(parts) < 2 and not aspirated:
        return word
    converted = [_syllable(p) for p in parts]
    if any(c is None for c in converted):
        return word
    out: list[str] = []
    body: list[str] = []
    for part, pinyin in zip(parts, converted):
        if part in _DESIGNATOR_PINYIN and body:
            out.append("".join(body))
            body = []
            out.append(_DESIGNATOR_PINYIN[part])
        else:
            body.append(pinyin or "")
    if body:
        out.append("".join(body))
    return " ".join(out)


def wade_giles_to_pinyin(text: str) -> str:
    """Rewrite the Wade-Giles words of a lower-case name in pinyin; leave the rest.

    >>> wade_giles_to_pinyin("hang-chou-shih")
    'hangzhou shi'
    >>> wade_giles_to_pinyin("hsien-yang"), wade_giles_to_pinyin("ch'ing-tao")
    ('xianyang', 'qingdao')
    >>> wade_giles_to_pinyin("santa-rosa"), wade_giles_to_pinyin("il-gyu"), wade_giles_to_pinyin("kast")
    ('santa-rosa', 'il-gyu', 'kast')
    """
    if "-" not in text and "'" not in text:
        return text
    return _WORD.sub(lambda m: _word(m.group()), text)


# -- Brahmic abugidas -----------------------------------------------------------------------
#
# The scripts of India and their kin (Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil,
# Telugu, Kannada, Malayalam, Chakma) share one design, which Unicode names alike in each: a
# consonant letter carries the inherent vowel a, a vowel sign replaces it, the virama removes
# it. Letters are read from their Unicode names (DEVANAGARI LETTER KHA: kh); the inherent vowel
# is written where it is spoken.

_BRAHMIC_SCRIPTS = frozenset(
    {"DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "TAMIL", "TELUGU", "KANNADA",
     "MALAYALAM", "CHAKMA"}
)  # fmt: skip
# North Indian languages leave the inherent vowel unsaid at the end of a word and between two
# consonants that have vowels on their other side (schwa deletion); Dravidian ones say it.
_SCHWA_DELETING = frozenset({"DEVANAGARI", "BENGALI", "GURMUKHI", "GUJARATI", "ORIYA", "CHAKMA"})
# Consonants by the part of their Unicode name before the inherent vowel; the retroflexes as the
# dentals and c as ch, as Hunterian romanisation and most names' customary spellings write them.
_BRAHMIC_CONSONANTS = {
    "K": "k", "KH": "kh", "G": "g", "GH": "gh", "NG": "ng", "C": "ch", "CH": "chh", "J": "j",
    "JH": "jh", "NY": "ny", "TT": "t", "TTH": "th", "DD": "d", "DDH": "dh", "NN": "n", "T": "t",
    "TH": "th", "D": "d", "DH": "dh", "N": "n", "NNN": "n", "P": "p", "PH": "ph", "B": "b",
    "BH": "bh", "M": "m", "Y": "y", "YY": "y", "R": "r", "RR": "rr", "L": "l", "LL": "l",
    "LLL": "zh", "V": "v", "W": "w", "SH": "sh", "SS": "sh", "S": "s", "H": "h", "Q": "q",
    "KHH": "kh", "GHH": "gh", "Z": "z", "DDDH": "r", "RH": "rh", "F": "f", "RRR": "r",
    "VA": "v", "YYA": "y", "JJ": "j",
}  # fmt: skip
# Vowels (independent letters and vowel signs) by name, length dropped as names are spelt.
_BRAHMIC_VOWELS = {
    "A": "a", "AA": "a", "I": "i", "II": "i", "U": "u", "UU": "u", "E": "e", "EE": "e",
    "AI": "ai", "O": "o", "OO": "o", "AU": "au", "VOCALIC R": "ri", "VOCALIC RR": "ri",
    "VOCALIC L": "li", "VOCALIC LL": "li", "CANDRA E": "e", "CANDRA O": "o", "SHORT E": "e",
    "SHORT O": "o", "OE": "e", "OOE": "e", "AW": "au", "UE": "u", "UUE": "u", "OI": "oi",
    "PRISHTHAMATRA E": "e", "CANDRA A": "a",
}  # fmt: skip
# A nukta turns a consonant into one Indian alphabets lack (क़: q, ज़: z, फ़: f, ड़: r).
_NUKTA = {"k": "q", "g": "gh", "j": "z", "ph": "f", "d": "r", "dh": "rh", "y": "y", "kh": "kh"}
# Tamil writes k, t, p, ch both voiceless and voiced: voiced between vowels and after a nasal.
_TAMIL_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "s"}
_TAMIL_INITIAL_VOICED = {"k": "g", "t": "d", "p": "b"}
_VOICELESS = frozenset({"k", "t", "p", "s", "sh", "ch", "h"})
_GRANTHA = lazy_pattern(globals(), "_GRANTHA", r"[\u0b9c\u0bb7\u0bb8\u0bb9\u0bb6]")
_DRAVIDIAN = frozenset({"TAMIL", "TELUGU", "KANNADA", "MALAYALAM"})
_ENUNCIATIVE = lazy_pattern(globals(), "_ENUNCIATIVE", r"(?<=[^aeiou])u$")
_DRAVIDIAN_LOAN = lazy_pattern(globals(), "_DRAVIDIAN_LOAN", r"(?<=a)v$")
_LABIALS = ("p", "b", "m")
_JA = lazy_pattern(globals(), "_JA", r"j(?!h)")
_JA_AS_Z = frozenset({"DEVANAGARI", "ORIYA", "TELUGU", "KANNADA"})
# Chakma, like the Chittagonian it is close to, says ca as s and ja as z (Grierson, *Linguistic
# Survey of India* V.1, 1903, on Chakma: "the letter ch is often pronounced as s"), and has no
# letter of its own for z: a form with both.
_CHAKMA_CA = lazy_pattern(globals(), "_CHAKMA_CA", r"ch(?!h)")
_GLIDE = lazy_pattern(globals(), "_GLIDE", r"(?<=[ie])y(?=[aeiou])|(?<=[aou])y(?=[ie])|(?<=[ou])v(?=[aeiou])")
# A vowel letter and a candra vowel sign -> the candra vowel letters they draw, in Gujarati
# (ઍ ઑ) and in Devanagari (ॲ ऑ), whose ॲ (Marathi's, the vowel of English *cat*) Unicode names
# CANDRA A where Gujarati's ઍ is CANDRA E.
_CANDRA_LETTERS = {
    ("LETTER A", "CANDRA E"): ("CANDRA E", "CANDRA A"),
    ("LETTER AA", "CANDRA E"): ("CANDRA O", "CANDRA O"),
    ("LETTER A", "CANDRA O"): ("CANDRA O", "CANDRA O"),
}
_INHERENT = "\0"  # the inherent vowel, until it is decided whether it is said


def _brahmic_units(word: str) -> tuple[str, list[tuple[str, str]]] | None:
    """The script of ``word`` and its letters as ("C", consonant), ("V", vowel) and ("N",
    nasal) units, the inherent vowel as ("V", _INHERENT); None if it is not Brahmic."""
    units: list[tuple[str, str]] = []
    script = ""
    double_next = aytham = False
    last = ""  # the name of the last character of the script read (a joiner is not one)
    for char in word:
        name = unicodedata.name(char, "")
        head, _, rest = name.partition(" ")
        if head not in _BRAHMIC_SCRIPTS:
            if char.isalpha():
                return None
            continue
        previous, last = last, rest
        script = script or head
        for prefix in ("SIGN ", "LETTER "):
            if rest.startswith(prefix) and rest[len(prefix) :] in ("VIRAMA", "AL-LAKUNA"):
                rest = "VIRAMA"
        if rest in ("VIRAMA", "MAAYYAA", "SIGN VIRAMA"):
            if units and units[-1] == ("V", _INHERENT):
                units.pop()
        elif rest.startswith("VOWEL SIGN ") or (script == "MALAYALAM" and rest == "AU LENGTH MARK"):
            # Malayalam's reformed spelling writes au with the length mark alone (ൗ).
            vowel = rest[len("VOWEL SIGN ") :] if rest.startswith("VOWEL SIGN ") else "AU"
            value = "o" if script == "CHAKMA" and vowel == "A" else _BRAHMIC_VOWELS.get(vowel, "")
            if units and units[-1] == ("V", _INHERENT):
                units[-1] = ("V", value)
            elif units and (previous, vowel) in _CANDRA_LETTERS:
                # A vowel letter with a candra sign is one letter, typed so for want of its own
                # key (Marathi अ + ॅ for ॲ, आ + ॅ or अ + ॉ for ऑ): read as that letter.
                letters = _CANDRA_LETTERS[previous, vowel]
                units[-1] = ("V", _BRAHMIC_VOWELS[letters[script == "DEVANAGARI"]])
            elif value:
                units.append(("V", value))
        elif rest in ("SIGN ANUSVARA", "SIGN CANDRABINDU", "TIPPI", "SIGN BINDI"):
            units.append(("N", "n"))
        elif rest == "SIGN VISARGA" and script == "TAMIL":
            aytham = True  # ஃ: see below
        elif rest == "SIGN VISARGA":
            units.append(("C", "h"))
        elif rest == "SIGN NUKTA":
            k = len(units) - 2 if units and units[-1] == ("V", _INHERENT) else len(units) - 1
            if k >= 0 and units[k][0] == "C":
                units[k] = ("C", _NUKTA.get(units[k][1], units[k][1]))
        elif rest == "ADDAK":
            double_next = True  # Gurmukhi's gemination mark: the next consonant is doubled
        elif rest.startswith("LETTER CHILLU "):
            # Malayalam's consonants without a vowel, named without one (CHILLU N).
            units.append(("C", _BRAHMIC_CONSONANTS.get(rest.split()[-1], "")))
        elif rest == "LETTER KHANDA TA":
            units.append(("C", "t"))
        elif rest.startswith("LETTER RA WITH "):
            # Assamese: ৰ (RA WITH MIDDLE DIAGONAL) is its r, ৱ (WITH LOWER DIAGONAL) its w.
            units.extend([("C", "r" if "MIDDLE" in rest else "w"), ("V", _INHERENT)])
        elif rest.startswith("VOWEL ") and rest[len("VOWEL ") :] in _BRAHMIC_VOWELS:
            # Gujarati's ઍ and ઑ, which Unicode names VOWEL CANDRA E and O, not LETTER.
            units.append(("V", _BRAHMIC_VOWELS[rest[len("VOWEL ") :]]))
        elif rest.startswith("LETTER "):
            letter = rest[len("LETTER ") :]
            if letter in _BRAHMIC_VOWELS or (script == "CHAKMA" and letter in ("AA", "I", "U", "E")):
                units.append(("V", _BRAHMIC_VOWELS[letter]))
                continue
            base = letter[:-2] if script == "CHAKMA" and letter.endswith("AA") else letter[:-1]
            consonant = _BRAHMIC_CONSONANTS.get(base)
            if consonant is None:
                continue
            value = consonant
            if aytham:
                # Tamil writes the f and z of other languages with the aytham before ப and
                # ஜ (ஃபிஜி Fiji); before any other letter it is an h.
                value = {"p": "f", "j": "z"}.get(consonant, consonant)
                if value == consonant:
                    units.append(("C", "h"))
                aytham = False
            if double_next:
                units.append(("C", value))
                double_next = False
            units.extend([("C", value), ("V", _INHERENT)])
    return (script, units) if script and units else None


def _is_vowel(unit: tuple[str, str]) -> bool:
    return unit[0] == "V"


def _delete_schwas(units: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """North Indian schwa deletion: the inherent vowel of the last syllable, then, from the
    right, each one between a vowel-consonant and a consonant-vowel (V C _ C V)."""
    out = list(units)
    syllables = sum(1 for u in out if _is_vowel(u))
    if syllables > 1:
        for k in range(len(out) - 1, -1, -1):
            if out[k][0] == "N":
                continue
            if out[k] == ("V", _INHERENT):
                del out[k]
            break
    k = len(out) - 3
    while k >= 2:
        if (
            out[k] == ("V", _INHERENT)
            and out[k - 1][0] == "C"
            and _is_vowel(out[k - 2])
            and out[k + 1][0] == "C"
            and _is_vowel(out[k + 2])
        ):
            del out[k]
            k -= 2
        else:
            k -= 1
    return out


def _before_final_conjunct(units: list[tuple[str, str]]) -> bool:
    """Whether ``units`` end in a vowel, a consonant, the inherent vowel and two consonants
    (V C a C C): a foreign name's final cluster of three consonants, which the North Indian
    scripts write with the first consonant bare rather than stack three letters (पिनस्क for
    *Pinsk*, not पिन्स्क); the inherent vowel there is not said."""
    return (
        len(units) >= 5
        and units[-1][0] == "C"
        and units[-2][0] == "C"
        and units[-3] == ("V", _INHERENT)
        and units[-4][0] == "C"
        and _is_vowel(units[-5])
    )


def _spell_brahmic(script: str, units: list[tuple[str, str]], customary: bool, loan: bool = False) -> str:
    out: list[str] = []
    for k, (kind, value) in enumerate(units):
        before = units[k - 1] if k else ("", "")
        after = units[k + 1] if k + 1 < len(units) else ("", "")
        if kind == "V":
            out.append("a" if value == _INHERENT else value)
        elif kind == "N":
            if after[0] == "C" and after[1] in ("m", "n"):
                continue  # a nasal mark before a nasal consonant doubles it (ਅੰਮ੍ਰਿਤਸਰ: Amritsar)
            if script == "BENGALI":
                out.append("ng")  # ং is the velar nasal (বাংলা: Bangla)
            elif after[0] == "C" and after[1].startswith(_LABIALS):
                out.append("m")
            else:
                # At the end of a Dravidian word the anusvara is an m (തിരുവനന്തപുരം).
                out.append("m" if not after[0] and script not in _SCHWA_DELETING else "n")
        elif (
            customary
            and script == "BENGALI"
            and before[0] == "C"
            and (value == "y" or (value == "b" and before[1] != "m"))
        ):
            # The ya-phala and ba-phala after a consonant are not said as y and b: ্য writes a
            # vowel (ব্যানার্জি: Banarji, Banerjee), ্ব doubles the consonant (বিশ্ব: bishsho).
            continue
        elif customary and script == "TAMIL" and value in _TAMIL_VOICED:
            voiced = (before[0] == "V" or before[0] == "N" or before[1] in ("n", "m", "ng", "ny")) and (
                after[0] == "V"
            )
            geminate = before == (kind, value)
            # ``loan``: a foreign word's k, t, p is voiced before a vowel or a voiced consonant
            # (ஹார்பர், harbour: harbar), but not after a voiceless consonant (ஸ்டா: sta).
            voiced = voiced or (
                loan
                and value in _TAMIL_INITIAL_VOICED
                and after[0] in ("V", "C")
                and after[1] not in _VOICELESS
                and before[1] not in _VOICELESS
            )
            out.append(_TAMIL_VOICED[value] if voiced and not geminate else value)
        elif value == "rr":
            # ṟ: Malayalam writes t as ṟṟ (റ്റ) and nt as nṟ (ന്റ); elsewhere it is an r.
            malayalam_t = script == "MALAYALAM" and (
                before in (("C", "rr"), ("C", "n")) or after == ("C", "rr")
            )
            out.append("" if malayalam_t and after == ("C", "rr") else "t" if malayalam_t else "r")
        else:
            out.append(value)
    return "".join(out)


def brahmic_readings(word: str) -> tuple[str, ...]:
    """Latin forms of a word in a Brahmic script of India (Devanagari, Bengali, Gurmukhi,
    Gujarati, Oriya, Tamil, Telugu, Kannada, Malayalam, Chakma), best first; () for any
    other word.

    The first form says the inherent vowel as the language does (Hindi नागपुर: Nagpur, not
    Nagapura) and writes Tamil stops voiced where they are said so (மதுரை: Madurai); the
    others keep more of the inherent vowels and the letters as written.

    >>> brahmic_readings("नागपुर")
    ('nagpur', 'nagapur', 'nagapura')
    >>> brahmic_readings("மதுரை")[0], brahmic_readings("ਅੰਮ੍ਰਿਤਸਰ")[0]
    ('madurai', 'amritsar')
    >>> brahmic_readings("Lima")
    ()
    """
    parsed = _brahmic_units(word)
    if parsed is None:
        return ()
    script, units = parsed
    forms: list[str] = []
    if script in _SCHWA_DELETING:
        deleted = _delete_schwas(units)
        forms.append(_spell_brahmic(script, deleted, customary=True))
        if _before_final_conjunct(deleted):
            forms.append(_spell_brahmic(script, deleted[:-3] + deleted[-2:], customary=True))
        final_only = list(units)
        if len(final_only) > 2 and final_only[-1] == ("V", _INHERENT):
            final_only.pop()
        forms.append(_spell_brahmic(script, final_only, customary=True))
    else:
        forms.append(_spell_brahmic(script, units, customary=True))
    if script == "TAMIL" and units[0][0] == "C" and units[0][1] in _TAMIL_INITIAL_VOICED:
        # Tamil's one letter for k/g, t/d, p/b is voiceless at the start of a native word,
        # but names from other languages keep their voiced stop there (காந்தி Gandhi,
        # டெல்லி Delhi, பம்பாய் Bombay).
        first = forms[0]
        forms.insert(1, _TAMIL_INITIAL_VOICED[units[0][1]] + first[len(units[0][1]) :])
    if script == "TAMIL" and _GRANTHA.search(word):
        # The grantha letters (ஜ ஷ ஸ ஹ ஶ) write sounds of Sanskrit and of other languages
        # that Tamil lacks: the word is a loan. Tamil script has one letter for each voiceless
        # and voiced stop (the Unicode Standard, ch. 12, Tamil), so a loan's b, d, g are
        # written with the letters of p, t, k wherever they stand, not only where Tamil says
        # them voiced (between vowels, after a nasal): a form with them voiced before a vowel
        # or a voiced consonant, except after a voiceless one.
        loan = _spell_brahmic(script, units, customary=True, loan=True)
        if loan not in forms:
            forms.insert(1, loan)
    if script in _DRAVIDIAN:
        # Telugu, Kannada, Malayalam and Tamil end a foreign word that ends in a consonant
        # with the enunciative vowel u (Telugu బస్సు, bus), and write the diphthong au that
        # they lack as a long a and v (Tamil மக்காவு, a city on the Pearl River delta): a form without them.
        loan = _DRAVIDIAN_LOAN.sub("u", _ENUNCIATIVE.sub("", forms[0]))
        if loan != forms[0]:
            forms.append(loan)
    if script in _JA_AS_Z and _JA.search(forms[0]):
        # Oriya, Telugu and Kannada have no letter of their own for z and write it with ja
        # (Telugu జాకీర్, the name Zakir); Hindi writes it ज़, but the nukta is often left out
        # (the Central Hindi Directorate's standard spelling makes it optional in borrowed
        # words): ja may be a z.
        forms.append(_JA.sub("z", forms[0]))
    if script == "CHAKMA":
        forms.append(_JA.sub("z", _CHAKMA_CA.sub("s", forms[0])))
    glideless = _GLIDE.sub("", forms[0])
    if glideless != forms[0]:
        # Between two vowels the Indic scripts write a glide, y next to i and e, v after o
        # and u (Hindi मारियो, Telugu మరియా; Krishnamurti, *The Dravidian Languages*, 2003, on
        # hiatus): a foreign name's vowels in hiatus (Mario, Maria) read without it.
        forms.append(glideless)
    if script in ("DEVANAGARI", "GUJARATI") and "jh" in forms[0]:
        # Marathi and Gujarati write English and Persian z with jha (Marathi झेब्रा, Gujarati
        # ઝીલ), where Hindi writes ज़.
        forms.append(forms[0].replace("jh", "z"))
    forms.append(_spell_brahmic(script, units, customary=False))
    return tuple(dict.fromkeys(f for f in forms if f))


# -- Sinhala ---------------------------------------------------------------------------------
#
# Sinhala is a Brahmic abugida too, but Unicode names its letters in Sinhala grammar's terms
# (ALPAPRAANA KAYANNA, "unaspirated ka"), so its letters are listed here. The inherent vowel
# is said (as in the Dravidian scripts), the al-lakuna (්) removes it; the prenasalised
# letters (ඟ ඦ ඬ ඳ ඹ) are a nasal and a stop; ඇ and ැ write the vowel of English *cat*, which
# English spells a.

_SINHALA_CONSONANTS = dict(zip(
    "කඛගඝඞඟචඡජඣඤඥඦටඨඩඪණඬතථදධනඳපඵබභමඹයරලවශෂසහළෆ",
    ("k", "kh", "g", "gh", "ng", "ng", "ch", "chh", "j", "jh", "ny", "gny", "nj", "t", "th", "d",
     "dh", "n", "nd", "t", "th", "d", "dh", "n", "nd", "p", "ph", "b", "bh", "m", "mb", "y", "r",
     "l", "v", "sh", "sh", "s", "h", "l", "f"),
))  # fmt: skip
_SINHALA_VOWELS = dict(zip(
    "අආඇඈඉඊඋඌඍඎඑඒඓඔඕඖාැෑිීුූෘෙේෛොෝෞෲ",
    ("a", "a", "a", "a", "i", "i", "u", "u", "ri", "ri", "e", "e", "ai", "o", "o", "au", "a", "a",
     "a", "i", "i", "u", "u", "ru", "e", "e", "ai", "o", "o", "au", "ru"),
))  # fmt: skip
_SINHALA_INDEPENDENT = frozenset("අආඇඈඉඊඋඌඍඎඑඒඓඔඕඖ")


def sinhala_readings(word: str) -> tuple[str, ...]:
    """Latin forms of a Sinhala word, best first: every inherent vowel said, then with
    North Indian schwa deletion (foreign names often lose the vowels Sinhala writes
    there); () for any other word.

    >>> sinhala_readings("කොළඹ"), sinhala_readings("ලංකා")
    (('kolamba', 'kolamb'), ('lanka',))
    >>> sinhala_readings("Lima")
    ()
    """
    units: list[tuple[str, str]] = []
    for char in word:
        if char in _SINHALA_CONSONANTS:
            units.extend([("C", _SINHALA_CONSONANTS[char]), ("V", _INHERENT)])
        elif char in _SINHALA_INDEPENDENT:
            units.append(("V", _SINHALA_VOWELS[char]))
        elif char in _SINHALA_VOWELS and units:
            value = _SINHALA_VOWELS[char]
            if units[-1] == ("V", _INHERENT):
                units[-1] = ("V", value)
            else:
                units.append(("V", value))
        elif char == "\u0dca" and units and units[-1] == ("V", _INHERENT):
            units.pop()  # al-lakuna
        elif char in "\u0d81\u0d82":
            units.append(("N", "n"))
        elif char == "\u0d83":
            units.append(("C", "h"))
        elif char.isalpha() or not ("\u0d80" <= char <= "\u0dff" or char in "\u200c\u200d"):
            return ()
    if not units:
        return ()
    forms = (_spell_brahmic("SINHALA", units, customary=True),
             _spell_brahmic("SINHALA", _delete_schwas(units), customary=True))  # fmt: skip
    return tuple(dict.fromkeys(f for f in forms if f))


# -- Tibetan ---------------------------------------------------------------------------------
#
# Tibetan writes one syllable between two tshegs (་): a root consonant with the inherent vowel a
# or a vowel sign, letters stacked under it (subjoined), and letters before it (prefixes) and
# after it (suffixes). Foreign names are spelt one syllable per sound group, a root with its
# vowel and at most a final consonant (ཝར་ཤ་ཝ: war-sha-wa). The root is the letter that carries
# a vowel sign or a subjoined letter, else the first; a prefix (ག ད བ མ འ before two more
# letters) is not said in Lhasa Tibetan and is dropped in the first form. Unicode names the
# letters by their sound (TIBETAN LETTER KHA); aspirated Sanskrit letters (GHA, BHA) write
# the plain voiced stops of foreign names.

_TIBETAN_PLAIN = {"gh": "g", "dh": "d", "bh": "b", "ddh": "d", "dzh": "z", "tt": "t", "tth": "th",
                  "dd": "d", "nn": "n", "ss": "sh", "kss": "ksh", "rr": "r", "kk": "k", "ts": "ts",
                  "tsh": "ts", "-": "", "": ""}  # fmt: skip
_TIBETAN_PREFIXES = frozenset("གདབམའ")
# Vowel signs by name, length (written for Sanskrit) dropped.
_TIBETAN_VOWELS = {"aa": "a", "ii": "i", "uu": "u", "ee": "e", "oo": "o", "reversed i": "i",
                   "reversed ii": "i", "vocalic r": "ri", "vocalic l": "li"}  # fmt: skip


def _tibetan_letter(char: str) -> tuple[str, str] | None:
    """("base" or "sub" or "vowel", sound) of a Tibetan letter or vowel sign."""
    name = unicodedata.name(char, "")
    for prefix, kind in (("TIBETAN LETTER ", "base"), ("TIBETAN SUBJOINED LETTER ", "sub")):
        if name.startswith(prefix):
            sound = name[len(prefix) :].replace("FIXED-FORM ", "").lower()
            return kind, sound[:-1] if sound.endswith("a") else sound
    if name.startswith("TIBETAN VOWEL SIGN "):
        vowel = name[len("TIBETAN VOWEL SIGN ") :].lower()
        return "vowel", _TIBETAN_VOWELS.get(vowel, vowel)
    return None


def _tibetan_syllable(syllable: str, spoken: bool) -> str:
    letters: list[list[str]] = []  # [base sound, subjoined sounds, vowel or ""]
    for char in syllable:
        found = _tibetan_letter(char)
        if found is None:
            continue
        kind, sound = found
        if kind == "base" or not letters:
            letters.append([sound, "", ""])
        elif kind == "sub":
            letters[-1][1] += "w" if sound == "w" else "y" if sound == "y" else sound
        else:
            letters[-1][2] = sound
    if not letters:
        return ""
    marked = [k for k, (_, sub, vowel) in enumerate(letters) if sub or vowel]
    root = marked[0] if marked else 1 if len(letters) == 3 and syllable[0] in _TIBETAN_PREFIXES else 0
    out: list[str] = []
    for k, (letter, stacked, vowel) in enumerate(letters):
        base, sub = letter, stacked
        if spoken:
            base = _TIBETAN_PLAIN.get(base, base)
            if sub.startswith("h") and base in ("g", "d", "b", "dz"):
                sub = sub[1:]  # a subjoined h after a voiced stop writes Sanskrit's bh, dh, gh
        if k < root and spoken:
            continue
        if k == root:
            out.append(base + sub + (vowel or "a"))
        else:
            out.append(base + sub + vowel)
    return "".join(out)


def tibetan_readings(word: str) -> tuple[str, ...]:
    """Latin forms of a Tibetan word (its syllables joined): as said, then letter by letter;
    () for any other word.

    >>> tibetan_readings("ལྷ་ས"), tibetan_readings("བཀྲ་ཤིས")
    (('lhasa',), ('krashis', 'bkrashis'))
    >>> tibetan_readings("Lima")
    ()
    """
    if not word or not all(
        "\u0f00" <= c <= "\u0fff" for c in word if c.isalpha() or unicodedata.category(c) == "Mn"
    ):
        return ()
    syllables = [s for s in regex.split(r"[\u0f0b\u0f0c\s]+", word) if s]
    forms = ("".join(_tibetan_syllable(s, spoken) for s in syllables) for spoken in (True, False))
    return tuple(dict.fromkeys(f for f in forms if f))


# -- Ethiopic ---------------------------------------------------------------------------------
#
# Each Ethiopic letter is a consonant with one of seven vowels (its order); Unicode names them
# ETHIOPIC SYLLABLE <consonant><vowel>. The sixth order (named E, the vowel ə) is mostly
# unsaid: it closes a syllable (አዲስ, a-di-s: Addis) and is left out, as the
# customary spellings of Amharic and Tigrinya names leave it (Gonder, Mekele); the first
# order (named A, the vowel ä) is written a or e.

_ETHIOPIC_VOWELS = (("WAA", "wa"), ("WEE", "we"), ("WI", "wi"), ("WA", "wa"), ("WE", "we"),
                    ("AA", "a"), ("EE", "e"), ("OA", "wa"), ("A", "\0"), ("U", "u"), ("I", "i"),
                    ("E", ""), ("O", "o"))  # fmt: skip
_ETHIOPIC_CONSONANTS = {
    "GLOTTAL ": "", "PHARYNGEAL ": "", "H": "h", "L": "l", "HH": "h", "M": "m", "SZ": "s",
    "R": "r", "S": "s", "SH": "sh", "Q": "k", "QH": "k", "B": "b", "V": "v", "T": "t",
    "C": "ch", "X": "h", "N": "n", "NY": "ny", "K": "k", "KX": "kh", "W": "w", "Z": "z",
    "ZH": "zh", "Y": "y", "D": "d", "DD": "d", "J": "j", "G": "g", "GG": "g", "TH": "t",
    "CH": "ch", "PH": "p", "TS": "ts", "TZ": "ts", "F": "f", "P": "p", "": "",
}  # fmt: skip


def ethiopic_readings(word: str) -> tuple[str, ...]:
    """Latin forms of an Ethiopic word, best first (the first order as *a*, then as *e*);
    () for any other word.

    >>> ethiopic_readings("ጎንደር")
    ('gondar', 'gonder')
    >>> ethiopic_readings("Lima")
    ()
    """
    syllables: list[tuple[str, str]] = []
    for char in word:
        name = unicodedata.name(char, "")
        if not name.startswith("ETHIOPIC SYLLABLE "):
            if char.isalpha():
                return ()
            continue
        body = name[len("ETHIOPIC SYLLABLE ") :]
        for suffix, vowel in _ETHIOPIC_VOWELS:
            consonant = body[: -len(suffix)]
            if body.endswith(suffix) and consonant in _ETHIOPIC_CONSONANTS:
                syllables.append((_ETHIOPIC_CONSONANTS[consonant], vowel))
                break
    if not syllables:
        return ()
    forms = []
    # A foreign name's first consonant cluster is written with the sixth order on its first
    # consonant (ስታ s-ta: st), which an Amharic word would say with i: the third form
    # leaves that i out.
    for first_order, cluster in (("a", False), ("e", False), ("a", True)):
        text = []
        for k, (consonant, vowel) in enumerate(syllables):
            # A word does not begin with two consonants, and the vowel carrier አ has a vowel:
            # the sixth order's ə is said there (እስያ: Isya, Asia).
            initial = k == 0 and not (cluster and consonant and len(syllables) > 1 and syllables[1][0])
            said = "i" if vowel == "" and (initial or not consonant) else vowel
            text.append(consonant + (first_order if said == "\0" else said))
        forms.append("".join(text))
    return tuple(dict.fromkeys(forms))


# -- Thai and Lao -------------------------------------------------------------------------------
#
# Thai and Lao write the vowels e, ae, o, ai before the consonant they follow in speech (โตเกียว:
# t-o-k-ia-w, Tokyo), and mark letters that are not said with a cancellation sign (the s of
# เสาร์, sao, is written but silenced). The letters are read as the Royal Thai General
# System reads them (anyascii's values, long vowels written single as RTGS does) once the
# vowels are in spoken order and the silent letters gone.

_THAI_LAO = lazy_pattern(globals(), "_THAI_LAO", r"[\u0e00-\u0e7f\u0e80-\u0eff]")
_C = r"[\u0e01-\u0e2e\u0e81-\u0eae\u0edc-\u0edf]"  # the consonant letters
_THAI_LAO_CONSONANT = lazy_pattern(globals(), "_THAI_LAO_CONSONANT", _C)
_SILENT = lazy_pattern(globals(), "_SILENT", _C + r"[\u0e34\u0e38\u0eb4\u0eb8]?[\u0e4c\u0ecc]")
# A h before a sonorant is not said: it marks the syllable's tone (ใหม่: mai, ຫຼວງ: luang).
_TONE_H = lazy_pattern(globals(), "_TONE_H", r"[หຫ](?=[งญนมยรลวງຍນມຢຣລວ\u0ebc])")
_LEADING = "\u0e40\u0e41\u0e42\u0e43\u0e44\u0ec0\u0ec1\u0ec2\u0ec3\u0ec4"
# A vowel written before its consonant precedes the whole initial cluster (Unicode core spec,
# ch. 16, Thai: the prepended vowels are written before the consonant or cluster they follow
# in speech): เพลง phleng, ไกล klai. The clusters are a stop (k kh p ph t, and b d f in
# loans) with r or l after it (RTGS; ALA-LC Thai and Lao tables), here when no vowel sign
# or tone mark makes the r or l the start of a syllable of its own (เปรู: pe-ru).
_CLUSTER = r"[กขคปพผตบฟดກຂຄປພຜຕບຟດ][รลຣລ](?![\u0e30-\u0e3a\u0e47-\u0e4d\u0eb0-\u0ebc\u0ec8-\u0ecd])"
_THAI_LAO_CLUSTER = lazy_pattern(globals(), "_THAI_LAO_CLUSTER", _CLUSTER + "|" + _C + "\u0ebc")
# Vowels written around their consonant (เ-ีย: ia), rewritten as one Latin vowel after it.
# The initial they surround (Unicode core spec, ch. 16, as above): a consonant, with Lao's
# subscript l (ຼ) if it has one, or inside ia and uea, whose last letter leaves no other
# reading, a stop and r or l (เกรียง: kriang; เปลือก: plueak).
_SPLIT_INITIAL = "(" + _C + "\u0ebc?)"
_SPLIT_CLUSTER = r"([กขคปพผตบฟดກຂຄປພຜຕບຟດ][รลຣລ]|" + _C + "\u0ebc?)"
_THAI_LAO_SPLIT = (
    (lazy_pattern({}, "_", r"[เເ]" + _SPLIT_CLUSTER + r"[\u0e35\u0eb5][ยຍຢ]"), "ia"),
    (lazy_pattern({}, "_", r"[เເ]" + _SPLIT_CLUSTER + r"\u0e35?[\u0e37\u0eb7][อອ]"), "uea"),
    (lazy_pattern({}, "_", r"[เເ]" + _SPLIT_INITIAL + r"\u0ebb?[าາ]"), "ao"),
    (lazy_pattern({}, "_", r"[เເ]" + _SPLIT_INITIAL + r"[อອ]"), "oe"),
    (lazy_pattern({}, "_", r"[เເ]" + _SPLIT_INITIAL + r"[\u0e34\u0eb4\u0eb5]"), "oe"),
    (lazy_pattern({}, "_", r"(" + _C + r")\u0ebd"), "ia"),
    (lazy_pattern({}, "_", r"(" + _C + r")[\u0e31\u0ebb]?[วວ](?=" + _C + r")"), "ua"),
    # ัว and ົວ with nothing after: the open ua (Thai ตัว, tua; Lao ຕົວ, tua).
    (lazy_pattern({}, "_", r"(" + _C + r")[\u0e31\u0ebb][วວ](?![\u0e30-\u0e3a\u0e47\u0eb0-\u0ebc])"), "ua"),
    # เ-ว: the rhyme eo (Thai เลว, leo), where the w has no vowel of its own after it.
    (
        lazy_pattern(
            {},
            "_",
            r"[เເ](" + _C + r")[\u0e48-\u0e4b\u0ec8-\u0ecb]?[วວ](?![\u0e30-\u0e3a\u0e47\u0eb0-\u0ebc])",
        ),
        "eo",
    ),
)
# RTGS and the BGN/PCGN romanisation of Lao write a syllable-final stop as it is said,
# unreleased and voiceless: ด บ ດ ບ closing a syllable are t and p (Thai บาท, baht; สุด, sut).
_FINAL_STOP = lazy_pattern(
    globals(),
    "_FINAL_STOP",
    # After a vowel that leaves its syllable open to a final (not ะ ະ, which end it, nor ำ ຳ,
    # whose m closes it) or a tone mark; not before a vowel, a tone mark or the vowel carrier
    # อ ອ, which make the letter the next syllable's initial (หมู่บ้าน: mu-ban).
    r"(?<=[\u0e31\u0e32\u0e34-\u0e39\u0e47-\u0e4b\u0eb1\u0eb2\u0eb4-\u0eb9\u0ebb\u0ec8-\u0ecb])[ดบດບ]"
    r"(?![\u0e2d\u0e30-\u0e3a\u0e47-\u0e4c\u0ead\u0eb0-\u0ebc\u0ec8-\u0ecc])",
)


def thai_lao_readings(word: str) -> tuple[str, ...]:
    """Latin forms of a Thai or Lao word, best first; () for any other word.

    >>> thai_lao_readings("โตเกียว"), thai_lao_readings("เสาร์")
    (('tokiaw',), ('sao', 'saor'))
    >>> thai_lao_readings("Lima")
    ()
    """
    if not word or not all(_THAI_LAO.match(c) for c in word if c.isalpha()):
        return ()
    # Lao ຊ is s, which Lao romanisation (after French) writes x (Xayaboury): both are offered.
    # Then the name as a foreign name written in Thai or Lao: p t k (aspirated in English)
    # written with the aspirated letters are read plain, and the letters a cancellation
    # mark silences, which spell the source's consonants, are kept.
    # A foreign name's vowel of English *cat* is written แ ແ (RTGS ae), its j จ ຈ (RTGS ch):
    # แจ็ค, Jack; ແຄນາດາ, Canada. The loan readings give them as a and j.
    lao_s = word.replace("ຊ", "ສ")
    loan = _LOAN_AE.sub(lambda m: m.group(1) + ("า" if m.group(0) < "\u0e80" else "າ"), lao_s)
    loan = loan.translate(_THAI_LAO_PLAIN)
    forms = (
        _thai_lao_form(word),
        _thai_lao_form(lao_s),
        _thai_lao_form(loan, loan=True),
        _thai_lao_form(loan, keep_silent=True, loan=True),
    )
    return tuple(dict.fromkeys(f for f in forms if f))


_LOAN_AE = lazy_pattern(globals(), "_LOAN_AE", r"[แແ](" + _CLUSTER + "|" + _C + r")(?![ะະ])")
_LONE_SUBSCRIPT_L = lazy_pattern(globals(), "_LONE_SUBSCRIPT_L", r"(?<!" + _C + r")\u0ebc")
_THAI_LAO_PLAIN = str.maketrans(dict(zip("คขฆพผภทถธฐฑฒຄຂພຜທຖ", "กกกปปปตตตตตตກກປປຕຕ")))


def _thai_lao_form(word: str, keep_silent: bool = False, loan: bool = False) -> str:
    try:
        from anyascii import anyascii as letter_value  # noqa: PLC0415 (a dependency, imported where used)
    except ImportError:  # pragma: no cover - anyascii is a dependency of canonym
        return ""

    def anyascii(text: str) -> str:
        return "j" if loan and text in ("จ", "ຈ") else letter_value(text)

    # NFKC (which normalisation applies first) splits ำ and ຳ into nikhahit + aa: rejoin them.
    text = word.replace("\u0e4d\u0e32", "\u0e33").replace("\u0ecd\u0eb2", "\u0eb3")
    text = regex.sub(r"[\u0e4c\u0ecc]", "", text) if keep_silent else _SILENT.sub("", text)
    # ຼ: a subscript l, kept on its consonant (the cluster's second letter) and read l alone
    # where the tone-marking h it hung from is gone (ຫຼວງ: luang).
    text = _LONE_SUBSCRIPT_L.sub("ລ", _TONE_H.sub("", text))
    if not loan:  # a foreign name's final ด ດ may write its d: the loan readings keep it
        text = _FINAL_STOP.sub(lambda m: {"ด": "ต", "บ": "ป", "ດ": "ຕ", "ບ": "ປ"}[m.group()], text)
    pieces: list[str] = []
    k = 0
    while k < len(text):
        char = text[k]
        for pattern, vowel in _THAI_LAO_SPLIT:
            found = pattern.match(text, k)
            if found:
                pieces.append(("" if found.group(1) in "อອ" else anyascii(found.group(1))) + vowel)
                k = found.end()
                break
        else:
            if char in _LEADING and k + 1 < len(text) and _THAI_LAO_CONSONANT.match(text[k + 1]):
                cluster = _THAI_LAO_CLUSTER.match(text, k + 1)
                initial = cluster.group() if cluster else text[k + 1]
                consonant = "" if initial in "อອ" else "".join(map(anyascii, initial))
                pieces.append(consonant + anyascii(char))  # the vowel after its consonant(s)
                k += 1 + len(initial)
                if char in "ເແ" and text[k : k + 1] == "\u0eb1":
                    k += 1  # ເ-ັ, ແ-ັ: the short e and ae before a final (ເບັດ, bet)
                continue
            if char in "อອ":
                # O ang: a silent carrier of the vowel at the start of a syllable, o between consonants.
                carrier = (
                    k == 0
                    or k + 1 >= len(text)
                    or not _THAI_LAO_CONSONANT.match(text[k + 1])
                    # อ อ before a consonant: the carrier of a syllable, then its vowel o
                    or (
                        text[k + 1] in "อອ" and (k + 2 >= len(text) or _THAI_LAO_CONSONANT.match(text[k + 2]))
                    )
                )
                between = bool(pieces) and _THAI_LAO_CONSONANT.match(text[k - 1]) is not None
                pieces.append("o" if between and not carrier else "" if carrier else "o")
            elif (
                char in "วວ"
                and k
                and not _THAI_LAO_CONSONANT.match(text[k - 1])
                and (k + 1 >= len(text) or _THAI_LAO_CONSONANT.match(text[k + 1]) or text[k + 1] in _LEADING)
            ):
                pieces.append("o")  # w closing a syllable after a vowel: าว, າວ are ao
            elif char == "ຍ":
                # Lao nyo: ny before a vowel, the vowel i closing a syllable (ສະບາຍ, sabai: -bai).
                following = text[k + 1] if k + 1 < len(text) else ""
                pieces.append("i" if not following or _THAI_LAO_CONSONANT.match(following) else "ny")
            elif (
                loan
                and char in "ະ"
                and 0 < k < len(text) - 1
                and _THAI_LAO_CONSONANT.match(text[k - 1])
                and (_THAI_LAO_CONSONANT.match(text[k + 1]) or text[k + 1] in _LEADING)
            ):
                # Lao writes the first consonant of a foreign cluster with the short a (ສະວີເດັນ,
                # sa-wi-den: Sweden): the loan reading leaves that a out.
                pass
            else:
                pieces.append(anyascii(char).replace("ou", "u"))
            k += 1
    return "".join(pieces).replace("-", "")


# -- Cherokee ---------------------------------------------------------------------------------
#
# Each letter of the Cherokee syllabary is a syllable, named by its sound (CHEROKEE LETTER TSA).
# Cherokee has no b, p, r or j: names from other languages are written with its kw series for b
# and p, ts for j and ch, l for r, and a vowel after every consonant but s.

_CHEROKEE_LOAN = (("qu", "b"), ("ts", "j"), ("tl", "tl"), ("hn", "n"), ("nah", "n"))
# After s, English and most languages say p t k unaspirated, which Cherokee writes with its
# unaspirated series (Ꮣ da, Ꭶ ga, Ꮖ qua): a foreign st, sk, sp is written sd, sg, sb.
_CHEROKEE_AFTER_S = {"d": "t", "g": "k", "b": "p"}
# The d, g series are Cherokee's unaspirated t and k (and kw writes b and p): a foreign
# unaspirated t, k, p (Russian, Spanish, French ones) is written with them too.
_CHEROKEE_VOICELESS = str.maketrans({"d": "t", "g": "k", "b": "p", "j": "ch"})
# The w- and y-syllables with the added i after a vowel write the second half of a diphthong.
_CHEROKEE_GLIDES = {"w": "u", "y": "i"}
# Two vowels in a row (hiatus) are written with the glide of the first: a y-syllable after i,
# a w-syllable after u (Ꮉ-Ꮅ-Ꮿ ma-li-ya, Maria; Ꮇ-Ꮻ lu-wi, Louis).
_CHEROKEE_HIATUS = {"i": "y", "u": "w"}
# Cherokee has no labiodental fricative: a foreign v or f is written with the w-syllables (the
# labial it has), so a w before a vowel in a loan reading may be either.
_CHEROKEE_W_BEFORE_VOWEL = regex.compile(r"w(?=[aeiou])")


def _cherokee_syllables(word: str) -> list[tuple[str, str]] | None:
    """The syllables of a Cherokee word as (consonant, vowel); None for any other word."""
    syllables: list[tuple[str, str]] = []
    for char in word:
        name = unicodedata.name(char, "")
        for prefix in ("CHEROKEE LETTER ", "CHEROKEE SMALL LETTER "):
            if name.startswith(prefix):
                sound = name[len(prefix) :].lower()
                if sound == "s":
                    syllables.append(("s", ""))
                else:
                    vowel = sound[-1]
                    syllables.append((sound[:-1], vowel))
                break
        else:
            if char.isalpha():
                return None
    return syllables or None


def _cherokee_hiatus(syllables: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``syllables`` with the glide that writes a hiatus left out: a y-syllable after an
    i-syllable, a w-syllable after a u-syllable (before a vowel of another quality); a
    syllable yi or wu itself after a vowel is then the i or u of a run of vowels (a-yi-yu:
    *aiu*)."""
    out = list(syllables)
    for k in range(1, len(out)):
        consonant, vowel = out[k]
        before = out[k - 1][1]
        if consonant and consonant == _CHEROKEE_HIATUS.get(before) and vowel != before:
            out[k] = ("", vowel)
            if k > 1 and out[k - 1][0] == _CHEROKEE_HIATUS[before] and out[k - 2][1] not in ("", before):
                out[k - 1] = ("", before)
    return out


def _cherokee_loan(
    syllables: list[tuple[str, str]], drop: str, lateral: str = "tl", liquid: str = "l", lax: bool = False
) -> str:
    """A Cherokee spelling of a foreign name read back: the consonant series as the sounds
    Cherokee lacks are written with them, the l series as ``liquid`` (l or r), the tl
    series as ``lateral`` (tl, sh, f or th), and the vowel i that Cherokee writes after a
    consonant with no vowel of its own left out at the end of the word (``drop`` "final"),
    before another consonant after the first syllable ("medial") or in both places
    ("all"). Where it is left out after a vowel, the w- and y-syllables are the second
    half of a diphthong (da-wi: *dau*, ka-yi: *kai*; a w-syllable inside the word is a v
    or w; after u, wi is no diphthong and keeps its i). ``lax`` reads the
    vowels and consonants Cherokee lacks as its nearest ones write them (Cherokee has six
    vowels, a e i o u v, and no v or f: Montgomery-Anderson, *A Reference Grammar of
    Oklahoma Cherokee*, 2015): the e-syllables as the short i of English (*bit*), the
    w-syllables before a vowel as v."""
    out: list[str] = []
    for k, (consonant, vowel) in enumerate(syllables):
        spelt = consonant
        for sound, written in _CHEROKEE_LOAN:
            if consonant.startswith(sound):
                spelt = (lateral if sound == "tl" else written) + consonant[len(sound) :]
                break
        if consonant == "dl":
            spelt = lateral
        elif consonant == "l":
            spelt = liquid
        if out and out[-1].endswith("s") and spelt in _CHEROKEE_AFTER_S:
            spelt = _CHEROKEE_AFTER_S[spelt]
        said = "a" if vowel == "v" else vowel
        last = k == len(syllables) - 1
        if last and k and lateral != "tl" and consonant in ("tl", "dl") and drop in ("final", "all"):
            # A foreign name's final fricative (sh, f, th) has no vowel after it: the one its
            # tl-syllable writes is the syllabary's, whichever it is.
            said = ""
        before_consonant = not last and syllables[k + 1][0] != ""
        # wi after u is no diphthong (uwi: the name's ui or wi): its i stays.
        after_u = spelt == "w" and out and out[-1].endswith("u")
        if (
            said == "i"
            and spelt
            and drop != "none"
            and k
            and not after_u
            and ((last and drop != "medial") or (drop in ("all", "medial") and before_consonant))
        ):
            said = ""
            if spelt in _CHEROKEE_GLIDES and out and out[-1][-1:] in "aeiou" and (last or spelt == "y"):
                spelt = _CHEROKEE_GLIDES[spelt]
        if lax and said:
            said = "i" if said == "e" else said
            spelt = "v" if spelt == "w" else spelt
        out.append(spelt + said)
    return "".join(out)


def cherokee_readings(word: str) -> tuple[str, ...]:
    """Latin forms of a Cherokee word: the syllables as foreign names written in it are said
    (kw as b, ts as j, with l and with r, the tl series also as sh and f), without the
    vowel i Cherokee adds to a consonant that has none, then their own values; () for any
    other word.

    Foreign names are written in the syllabary with a vowel after every consonant but s,
    and the vowel written where the name has none is mostly i: a final consonant is
    spelt with the i-syllable of its series (Ꭹ gi, Ꮒ ni, Ꮧ di), a cluster with the first
    consonant's. The i the name does say is mostly kept in the first syllable; elsewhere
    the comparison of vowel-less keys (:func:`canonym.phonetic.coarse_key`) meets it.
    Cherokee has no r (l writes it), no sh, f or th (the lateral series tl, Ꮭ tla to Ꮲ
    tlv, is the nearest fricative-like sound it has and writes them in loans, as the
    Cherokee locale of Unicode CLDR does; the w-syllables write f and v too), and no
    diphthong au or ai (their second half is Ꮻ wi or Ᏹ yi).

    >>> cherokee_readings("ᏣᎳᎩ")
    ('jalagi', 'jalag', 'jarag', 'chalag', 'charak', 'tsalagi')
    >>> cherokee_readings("ᏝᎵ")[:4]
    ('tlali', 'tlal', 'tlar', 'shal')
    >>> cherokee_readings("Lima")
    ()
    """
    syllables = _cherokee_syllables(word)
    if syllables is None:
        return ()
    own = "".join(c.replace("qu", "kw") + ("a" if v == "v" else v) for c, v in syllables)
    full, every = _cherokee_loan(syllables, "none"), _cherokee_loan(syllables, "all")
    hiatus = _cherokee_hiatus(syllables)
    final = _cherokee_loan(syllables, "final")
    # Only the first few distinct readings of a word are looked up (scripts._MAX_FORMS):
    # their order was chosen on the development half of the gazetteer queries
    # (benchmarks/gazetteer.py --half 0); a reading that changes nothing in a word is
    # dropped and lets the next one in.
    # The l series as r and the tl series as th at once (English -rth: Ꭶ-Ꮅ-Ꮭ ga-li-tla,
    # *garth*, made up to show the rule). Its place, like the others', was chosen on the
    # development half: before sh where the word ends in a tl-syllable (the final fricative
    # then loses the syllable's vowel), after f elsewhere.
    th = _cherokee_loan(syllables, "all", "th", liquid="r")
    th_final = (th,) if syllables[-1][0] in ("tl", "dl") else ()
    forms = (
        full,
        _cherokee_loan(hiatus, "all"),
        _cherokee_loan(syllables, "all", lax=True),
        # Cherokee has no f either: the w-syllables write it as they write v (the lax reading
        # just before), ᏐᏩ so-wa, sofa. The w of a hiatus after u is a glide, no consonant of
        # the name, and is gone from ``hiatus``. (Put beside the v it pairs with: anywhere
        # before the e-as-a reading gave the same on the development half.)
        _CHEROKEE_W_BEFORE_VOWEL.sub("f", _cherokee_loan(hiatus, "all")),
        _cherokee_loan(syllables, "all", liquid="r"),
        *th_final,
        _cherokee_loan(syllables, "all", "sh"),
        # The ts series as ch alone (the d and g series voiced as written, the vowels said).
        final.replace("j", "ch"),
        # Cherokee has no z: the s-syllables write it (and the s English says z) too.
        regex.sub(r"(?<=[aeiou])s(?=[aeiou]|$)", "z", final),
        # Nor the vowel of English *cat*: its nearest, e, writes it (ᎨᎾᏓ ge-na-da, Canada).
        _cherokee_loan(_cherokee_hiatus([(c, "a" if v == "e" else v) for c, v in syllables]), "all"),
        # The foreign name's r and voiceless stops at once (ᎦᎳ ga-la, Kara).
        _cherokee_loan(hiatus, "all", liquid="r").translate(_CHEROKEE_VOICELESS),
        _cherokee_loan(syllables, "all", "f"),
        _cherokee_loan(syllables, "none", "f"),
        th,
        final,
        own,
        every,
        _cherokee_loan(hiatus, "final"),
        # A final i-syllable may write a final -y (English *Hadley*, ha-di-li).
        _cherokee_loan(syllables, "medial"),
    )
    return tuple(dict.fromkeys(forms))


# -- Myanmar (Burmese) ------------------------------------------------------------------------
#
# Burmese is a Brahmic abugida too, read here after MLCTS with the customary simplifications of
# Burmese names and of foreign names written in Burmese: the inherent vowel a, killed by the
# asat (်) or the virama; the medials y, r (said y, but writing r in foreign names), w, h; ဂျ
# (g with medial y) as j, as loanwords write it; tone marks dropped.

_MYANMAR_CONSONANTS = dict(zip(
    "ကခဂဃငစဆဇဈညဋဌဍဎဏတထဒဓနပဖဗဘမယရလဝသဟဠအဿ",
    ("k", "hk", "g", "g", "ng", "s", "hs", "z", "z", "ny", "t", "ht", "d", "d", "n", "t", "ht", "d",
     "d", "n", "p", "hp", "b", "b", "m", "y", "r", "l", "w", "th", "h", "l", "", "ss"),
))  # fmt: skip
_MYANMAR_VOWELS = {
    "\u102b": "a", "\u102c": "a", "\u102d": "i", "\u102e": "i", "\u102f": "u", "\u1030": "u",
    "\u1031": "e", "\u1032": "e", "\u1036": "n", "\u102d\u102f": "ui", "\u1031\u102c": "o",
    "\u1031\u102b": "o", "\u1021": "a", "\u1023": "i", "\u1024": "i", "\u1025": "u", "\u1026": "u",
    "\u1027": "e", "\u1029": "o", "\u102a": "o",
}  # fmt: skip
_MYANMAR_MEDIALS = {"\u103b": "y", "\u103c": "r", "\u103d": "w", "\u103e": "h"}
_MYANMAR_KILLERS = "\u103a\u1039"  # asat, virama
# Burmese syllables begin with one consonant (and medials): a foreign cluster is written with
# its first consonant as a syllable of its own, with the inherent a (ဘရာဇီး, ba-ra-zi: Brazil;
# စတ, sa-t: st). The loan reading joins s before a stop, and a stop before r or l unless a
# closed syllable comes before (a cluster of three is rare; မန္တလေး is man-ta-le), again.
# And Burmese has no open syllable ai: a foreign ai is written with the rhyme -uiṅ (ိုင်,
# aing: မွမ်ဘိုင်း, Mumbai), which the loan reading gives as ai.
_MYANMAR_STOPS = frozenset({"k", "g", "t", "d", "p", "b"})
_MYANMAR_CLUSTERS = frozenset({("s", "t"), ("s", "k"), ("s", "p"), ("s", "ht"), ("s", "hk"), ("s", "hp")})
_MYANMAR_TONES = "\u1037\u1038"  # dot below, visarga


def myanmar_readings(word: str) -> tuple[str, ...]:
    """Latin forms of a Burmese word, best first; () for any other word.

    >>> myanmar_readings("မန္တလေး"), myanmar_readings("ဂျပန်")
    (('mandale', 'mantale'), ('japan', 'gyapan'))
    >>> myanmar_readings("ရန်ကုန်")
    ('rangon', 'yankun', 'rankun')
    >>> myanmar_readings("Lima")
    ()
    """
    if not word or not all("\u1000" <= c <= "\u109f" for c in word if unicodedata.category(c)[0] in "LM"):
        return ()
    units: list[list[str]] = []  # [consonant, medials, vowel or None for the inherent a]
    k = 0
    while k < len(word):
        char = word[k]
        pair = word[k : k + 2]
        killed = k + 1 < len(word) and word[k + 1] in _MYANMAR_KILLERS
        if char in _MYANMAR_CONSONANTS and not (killed and units):
            units.append([_MYANMAR_CONSONANTS[char], "", ""])
            units[-1][2] = "\0"
        elif char in _MYANMAR_CONSONANTS:
            units.append([_MYANMAR_CONSONANTS[char], "", "-"])  # closes the syllable before
            k += 1  # the killer
        elif char in _MYANMAR_MEDIALS and units:
            units[-1][1] += _MYANMAR_MEDIALS[char]
        elif char == "\u1036" and units and units[-1][2] not in ("\0", "-", ""):
            units[-1][2] += "n"  # the anusvara after a vowel sign closes it with a nasal (ုံ: on)
        elif pair in _MYANMAR_VOWELS and units:
            units[-1][2] = _MYANMAR_VOWELS[pair]
            k += 1
        elif char in _MYANMAR_VOWELS:
            independent = char < "\u102b"  # a vowel letter, not a sign
            if not units or independent:
                units.append(["", "", _MYANMAR_VOWELS[char]])
            else:
                units[-1][2] = _MYANMAR_VOWELS[char]
        elif char in _MYANMAR_KILLERS and units and units[-1][2] == "\0":
            units[-1][2] = "-"  # after a vowel sign (ော်), the asat only marks the tone
        k += 1
    if not units:
        return ()
    forms = []
    # The customary reading, MLCTS, then the customary reading as a foreign name is written.
    for customary, loan in ((True, False), (False, False), (True, True)):
        out = []
        final_n = False  # the final ng of -aṅ, said n
        open_ai = False  # -uiṅ written for a foreign open ai: its ng is not the name's
        closed_rhyme = False  # -in, -im, -it, -ip, -un, -um, -ut, -up: their final as said
        for position, (letter, written_medials, vowel) in enumerate(units):
            consonant, medials = letter, written_medials
            if customary and consonant == "g" and medials.startswith("y"):
                consonant, medials = "j", medials[1:]  # ဂျ writes j
            elif customary and consonant == "k" and medials.startswith("y"):
                consonant, medials = "ch", medials[1:]  # ကျ is said ch
            if customary and not loan and medials.startswith("r"):
                # ြ is said y in Burmese words: Myanmar (မြန်မာ), Myeik, Taunggyi (ကြီး, gyi).
                medials = "y" + medials[1:]
            if customary:
                # Aspirates write the plain voiceless stops of other languages (ထ: t);
                # a stop after a nasal is voiced (မန္တလေး: Mandalay).
                # In a foreign name, ဖ (MLCTS hp) writes f, which Burmese lacks.
                plain = {"hk": "k", "ht": "t", "hp": "f" if loan else "p", "hs": "s"}
                consonant = plain.get(consonant, consonant)
                previous = units[position - 1] if position else ["", "", ""]
                # The voicing is Burmese sandhi: a foreign name keeps its consonant (Amsterdam).
                if previous[2] == "-" and previous[0] in ("n", "m", "ng") and not loan and vowel != "-":
                    consonant = {"k": "g", "t": "d", "p": "b", "s": "z"}.get(consonant, consonant)
            elif consonant == "r":
                consonant = "y"  # ရ is said y in Burmese words (ရန်ကုန်: Yangon)
            if customary and consonant == "r" and medials.startswith("h"):
                consonant, medials = "sh", medials[1:]  # ရှ is said sh
            sound = "a" if vowel == "\0" else "" if vowel == "-" else vowel
            following = units[position + 1] if position + 1 < len(units) else None
            final = following[0] if following and following[2] == "-" else None
            if vowel == "ui":
                sound = "o"  # MLCTS ui (ို) is said o
            if customary and final == "ng" and vowel in ("\0", "ui", "o"):
                # The rhymes written -aṅ, -uiṅ and -auṅ are said in, aing and aung
                # (ဘုရင့်နောင်: Bayinnaung; ကျိုင်းတုံ: Kyaingtong).
                sound = {"\0": "i", "ui": "ai", "o": "au"}[vowel]
                if vowel == "\0":
                    final_n = True
                open_ai = loan and vowel == "ui"
            elif customary and final == "k" and vowel == "\0" and not loan:
                sound = "e"  # -ak is said et (ဘက်: bet); a foreign name's ak is written so
            elif customary and final == "s" and vowel == "\0":
                sound = "i"  # -ac is said it (MLCTS ac: ချစ်, chit)
            elif customary and final == "k" and vowel == "ui":
                sound = "ai"  # -uik is said aik (MLCTS uik: ဗိုက်, baik)
            elif customary and not loan and final in ("n", "m", "t", "p") and vowel in ("i", "u"):
                # Closed i and u are said [eɪ] and [oʊ], the stops as a glottal stop: the
                # customary spellings write ein, eik, on, ok (Thein, Pathein, Myeik; Yangon).
                sound, closed_rhyme = {"i": "ei", "u": "o"}[vowel], True
            elif customary and not loan and vowel == "un":
                sound = "on"  # ုံ, u closed by the anusvara, is said [oʊɴ] too (Thaton)
            if closed_rhyme and vowel == "-" and consonant in ("n", "m", "t", "p"):
                consonant, closed_rhyme = "n" if consonant in ("n", "m") else "k", False
            if customary and vowel == "-" and consonant == "ng" and final_n:
                consonant, final_n = "n", False
            elif vowel == "-" and consonant == "ng" and open_ai:
                consonant, open_ai = "", False
            elif customary and vowel == "-" and consonant == "k" and following and following[2] == "-":
                consonant = ""  # -ak only writes the vowel e before the name's own final
            if customary and medials.endswith("w") and vowel == "\0" and following and following[2] == "-":
                medials, sound = medials[:-1], "u"  # w + a before a final is said u (MLCTS -wan: un)
            if sound == "n" and consonant:
                sound = "an"
            if loan and vowel == "\0" and not medials and following and following[2] != "-":
                closed_before = position > 0 and units[position - 1][2] == "-"
                if (consonant, following[0]) in _MYANMAR_CLUSTERS or (
                    consonant in _MYANMAR_STOPS and following[0] in ("r", "l") and not closed_before
                ):
                    sound = ""  # the first consonant of a foreign cluster (ဘရ: br)
            out.append(consonant + medials + sound)
        forms.append("".join(out))
    return tuple(dict.fromkeys(f for f in forms if f))


# -- Khmer ------------------------------------------------------------------------------------
#
# Khmer consonants belong to two series, which give the same vowel sign two values (ា: a after
# ក, ea after គ); UNGEGN's romanisation writes both. Foreign names are written to be read with
# the first series' values, with the series shifters ៉ ៊ and the clusters ហ្គ (g), ហ្វ (f) and
# ហ្ស (z) for sounds Khmer lacks; names taken from French write its nasal vowels (an, on, in)
# with a final ង, which the loan reading gives as n. A consonant with no vowel sign carries
# the inherent vowel unless it closes a syllable (after a vowel) or starts a cluster (before
# the subscript sign ្).

_KHMER_CONSONANTS = dict(zip(
    "កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវឝឞសហឡអ",
    ("k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th", "d", "th", "n", "t",
     "th", "t", "th", "n", "b", "ph", "p", "ph", "m", "y", "r", "l", "v", "s", "s", "s", "h", "l", ""),
))  # fmt: skip
_KHMER_SECOND_SERIES = frozenset("គឃងជឈញឌឍទធនពភមយរលវ")
# Vowel signs: the first series' value (as foreign names are read), the second series'.
_KHMER_VOWELS = {
    "ា": ("a", "ea"), "ិ": ("i", "i"), "ី": ("i", "i"), "ឹ": ("oe", "ue"), "ឺ": ("eu", "ueu"),
    "ុ": ("o", "u"), "ូ": ("o", "u"), "ួ": ("uo", "uo"), "ើ": ("aeu", "eu"), "ឿ": ("oea", "oea"),
    "ៀ": ("ie", "ie"), "េ": ("e", "e"), "ែ": ("ae", "eae"), "ៃ": ("ai", "ey"), "ោ": ("o", "o"),
    "ៅ": ("au", "ov"), "ំ": ("am", "um"), "ះ": ("ah", "eah"), "ៈ": ("a", "ea"), "\u17d0": ("a", "oa"),
    "ឥ": ("e", "e"), "ឦ": ("ei", "ei"), "ឧ": ("o", "o"), "ឩ": ("ou", "ou"), "ឪ": ("ov", "ov"),
    "ឯ": ("ae", "ae"), "ឰ": ("ai", "ai"), "ឱ": ("ao", "ao"), "ឲ": ("ao", "ao"), "ឳ": ("au", "au"),
}  # fmt: skip
_KHMER_COENG, _KHMER_SILENT, _KHMER_ROBAT, _KHMER_BANTOC = "\u17d2", "\u17cd", "\u17cc", "\u17cb"
# The series shifters (Unicode core spec, ch. 16, Khmer): ៉ (muusikatoan) moves a second-series
# consonant into the first series, ៊ (triisap) a first-series one into the second. Foreign
# names use them to choose the vowel they mean (ម៉ា ma, not mea; ស៊ី si, ស៊ូ su).
_KHMER_TO_FIRST, _KHMER_TO_SECOND = "\u17c9", "\u17ca"


def khmer_readings(word: str) -> tuple[str, ...]:
    """Latin forms of a Khmer word: with the first series' vowels, as foreign names written
    in Khmer are read, then with both series' values (UNGEGN), then as a loan; () for any
    other word.

    >>> khmer_readings("បាត់ដំបង"), khmer_readings("ភ្នំពេញ")
    (('batdambang', 'batdamban', 'batdambon'), ('phnampenh', 'phnumpenh', 'pnampenh'))
    >>> khmer_readings("Lima")
    ()
    """
    if not word or not all("\u1780" <= c <= "\u17ff" for c in word if unicodedata.category(c)[0] in "LM"):
        return ()
    silenced = regex.sub(r"[\u1780-\u17a2][\u17b6-\u17c5]?" + _KHMER_SILENT, "", word)
    # A silenced subscript leaves its sign ្ behind: the letter it hung from is then final.
    silenced = regex.sub(_KHMER_COENG + r"(?![\u1780-\u17a2])", "", silenced)
    forms = [_khmer_form(silenced, series, loan=False) for series in (False, True)]
    # A foreign name: the aspirated letters read as the plain stops they write (English p t
    # k are aspirated), ែ as e, and the letters the silencing sign marks, which spell the
    # source's consonants, kept.
    forms.append(_khmer_form(word, False, loan=True))
    # The vowel UNGEGN writes â (the first series' inherent vowel before a final consonant)
    # is the open [ɔ] of a foreign short o as well as an a: the French-era spellings write it
    # o (Kompong, UNGEGN Kâmpóng). The loan reading with it said o comes last.
    forms.append(_khmer_form(word, False, loan=True, closed_o=True))
    return tuple(dict.fromkeys(f for f in forms if f))


_KHMER_PLAIN = {"kh": "k", "ph": "p", "th": "t", "chh": "ch"}


def _khmer_form(word: str, series: bool, loan: bool, closed_o: bool = False) -> str:
    """One reading of a Khmer word: with the second series' vowels or not, as a loan or not,
    the first series' inherent vowel before a final consonant said o (``closed_o``) or a."""
    text = regex.sub("ហ[៉៊]?្គ", "g", word)
    text = regex.sub("ហ[៉៊]?្វ", "f", text).replace("ប៉", "p")
    text = regex.sub("ហ[៉៊]?្ស", "z", text)  # ហ្ស: z (ហ្សំប៊ី, Zambie)
    # units: [consonant, second series, vowel (None: none written), subscript]
    units: list[list[object]] = []
    shifted: set[int] = set()  # the units whose series a shifter sets
    for k, char in enumerate(text):
        if char in ("g", "f", "p", "z"):
            units.append([char, False, None, False])
        elif char in _KHMER_CONSONANTS:
            subscript = k > 0 and text[k - 1] == _KHMER_COENG
            units.append([_KHMER_CONSONANTS[char], char in _KHMER_SECOND_SERIES, None, subscript])
        elif char in (_KHMER_TO_FIRST, _KHMER_TO_SECOND) and units:
            units[-1][1] = char == _KHMER_TO_SECOND
            shifted.add(len(units) - 1)
        elif char == _KHMER_BANTOC and units:
            units[-1].append(True)  # the consonant before this one has a short a
        elif char in _KHMER_VOWELS and units and ("\u17b6" <= char <= "\u17c8" or char == "\u17d0"):
            target = units[-1]
            target[2] = f"{target[2]}\0{char}" if target[2] else char
        elif char in _KHMER_VOWELS:
            units.append(["", False, char, False])
        elif char == _KHMER_ROBAT and units:
            units[-1][0] = f"{units[-1][0]}r"
        elif char == _KHMER_SILENT and units:
            units[-1][2] = "\1"  # a silenced letter (only a loan's form keeps them): no vowel
    if not units:
        return ""
    if loan:
        units = [[_KHMER_PLAIN.get(str(u[0]), u[0]), *u[1:]] for u in units]
    out: list[str] = []
    open_syllable = False  # the syllable so far has a vowel and no final consonant yet
    for k, (consonant, second, vowel, *_) in enumerate(units):
        nxt = units[k + 1] if k + 1 < len(units) else None
        out.append(str(consonant))
        if vowel == "\1":
            continue
        if vowel:
            signs = str(vowel).split("\0")
            values = [("am", "oam")] if signs == ["ា", "ំ"] else [_KHMER_VOWELS[v] for v in signs]
            # The first reading gives every consonant the first series' values but those a
            # shifter moves into the second: a foreign name's writer chose that series.
            said_second = bool(second) and (series or k in shifted)
            spelt = "".join(v[1] if said_second else v[0] for v in values)
            # A foreign name's vowel of English *bird* and *burger* (ɜː, which English spells
            # with an r) is written ឺ (ប៊ឺហ្គឺ, burger): the loan reading gives it as er.
            out.append("e" if loan and spelt == "ae" else "er" if loan and signs == ["ឺ"] else spelt)
            # ំ and ះ end in a consonant, unless a final ង follows (ាំង: ang).
            nasal_final = nxt is not None and nxt[0] == "ng" and nxt[2] is None
            open_syllable = not any(v in ("ំ", "ះ") for v in signs) or nasal_final
            if signs[-1] == "ំ" and nasal_final:
                out[-1] = out[-1][:-1]
        elif nxt is not None and len(nxt) > 4 and not nxt[3]:
            out.append("o" if series and second else "a")  # the short a a bantoc says
            open_syllable = True
        elif nxt is not None and nxt[3]:
            continue  # the first consonant of a cluster
        elif open_syllable and consonant:
            open_syllable = False  # it closes the syllable before
            if loan and consonant == "ng":
                out[-1] = "n"  # a final ង writes the nasal vowel of a French name (លីយ៉ុង, Lyon)
            elif loan and consonant == "y" and units[k - 1][2] == "ុ":
                # Khmer has no front rounded vowel: French u [y] is written with its nearest,
                # the rhyme ុយ [uj] (ប៊ុយរ៉ូ, buy-ro: bureau). The loan reading gives it as u.
                out[-1] = ""
        else:
            after = units[k + 2] if k + 2 < len(units) else None
            closed = (
                nxt is not None and nxt[2] is None and len(nxt) == 4 and not (after is not None and after[3])
            )
            first = "o" if closed_o and closed and consonant else "a"
            out.append("o" if series and second else first)  # a syllable of its own
            open_syllable = True
    return "".join(out)


# -- N'Ko -------------------------------------------------------------------------------------
#
# N'Ko writes Manding languages with full vowel letters and tone marks (dropped here: names are
# not spelt with tones). A consonant written with no vowel letter after it has the vowel of the
# syllable after it: N'Ko writes two successive syllables with the same vowel once (ߓߊߙߊ ba-ra
# is spelt ߓߙߊ); the dagbasinna (ߑ) marks a consonant that truly has no vowel, and a consonant
# at the end of a word has none. The short-rising-tone dot (߭) on a consonant writes the sounds
# of other languages (ߖ߭ z, ߝ߭ v, ߛ߭ sh, ߞ߭ kh, ߜ߭ gh, ߕ߭ th, ߘ߭ dh: the Unicode Standard,
# chapter 19, N'Ko); the nasalisation mark (߲) is an n.

_NKO_VOWELS = dict(zip("ߊߋߌߍߎߏߐ", ("a", "e", "i", "e", "u", "o", "o")))
_NKO_CONSONANTS = dict(zip(
    "ߒߓߔߕߖߗߘߙߚߛߜߝߞߟߠߡߢߣߤߥߦߧ",
    ("n", "b", "p", "t", "j", "ch", "d", "r", "r", "s", "gb", "f", "k", "l", "n", "m", "ny", "n", "h", "w",
     "y", "ny"),
))  # fmt: skip
_NKO_DOTTED = dict(zip("ߖߝߛߞߜߕߘ", ("z", "v", "sh", "kh", "gh", "th", "dh")))
_NKO_DOT, _NKO_NASAL, _NKO_NO_VOWEL = "\u07ed", "\u07f2", "\u07d1"


def nko_readings(word: str) -> tuple[str, ...]:
    """Latin forms of an N'Ko word, best first: each unwritten vowel restored from the next
    syllable's, then the letters as written; () for any other word.

    >>> nko_readings("ߓߙߊ"), nko_readings("ߖ߭ߊߡ")
    (('bara', 'bra'), ('zam',))
    >>> nko_readings("Lima")
    ()
    """
    if not word or not all("\u07c0" <= c <= "\u07ff" for c in word if unicodedata.category(c)[0] in "LM"):
        return ()
    units: list[list[str]] = []  # [kind "C" or "V", sound, vowel status for a consonant]
    for k, char in enumerate(word):
        if char in _NKO_CONSONANTS:
            dotted = k + 1 < len(word) and word[k + 1] == _NKO_DOT
            units.append(
                ["C", _NKO_DOTTED.get(char, _NKO_CONSONANTS[char]) if dotted else _NKO_CONSONANTS[char]]
            )
            if char == "ߒ":
                units[-1].append("none")  # the syllabic n
        elif char in _NKO_VOWELS:
            units.append(["V", _NKO_VOWELS[char]])
        elif char == _NKO_NASAL and units:
            units.append(["C", "n", "none"])
        elif char == _NKO_NO_VOWEL and units and units[-1][0] == "C":
            units[-1].append("none")
    if not units:
        return ()
    restored: list[str] = []
    for k, unit in enumerate(units):
        restored.append(unit[1])
        after = units[k + 1] if k + 1 < len(units) else None
        if unit[0] == "C" and len(unit) == 2 and after is not None and after[0] == "C":
            vowel = next((u[1] for u in units[k + 1 :] if u[0] == "V"), "")
            restored.append(vowel)
    forms = ("".join(restored), "".join(u[1] for u in units))
    return tuple(dict.fromkeys(f for f in forms if f))


# -- Adlam ------------------------------------------------------------------------------------
#
# Adlam writes Fula (Pulaar, Fulfulde) letter for letter, its vowels included; the letters are
# read with anyascii's values, which are Fula's Latin orthography (chi c, kha x; the lengthener
# ignored, as names are spelt). A foreign name is written to Fula's syllables, which begin with
# one consonant (Arnott, *The Nominal and Verbal Systems of Fula*, 1970): an initial cluster
# takes a vowel after its s (si-portu, sport); and a borrowed noun takes a class suffix (Miyamoto,
# "Hausa in Fula", *Africa Kenkyu* 36, 1990), a final i or u after its last consonant (Arabic
# kitab, book: Fula kitaabu). The loan reading leaves both vowels out and writes c and x as
# English spells them, ch and kh.

_ADLAM = lazy_pattern(globals(), "_ADLAM", r"[\U0001e900-\U0001e95f]")
_ADLAM_SUFFIX = lazy_pattern(globals(), "_ADLAM_SUFFIX", r"(?<=.[aeiou].*[^aeiou])[iu]$")
_ADLAM_CLUSTER = lazy_pattern(globals(), "_ADLAM_CLUSTER", r"^s[iu](?=[ptkbdgmn])")


def adlam_readings(word: str) -> tuple[str, ...]:
    """Latin forms of an Adlam word: its letters, then as a foreign name written in Fula is
    read (see above); () for any other word.

    >>> adlam_readings("𞤅𞤭𞤨𞤮𞤪𞤼𞤵"), adlam_readings("Lima")
    (('siportu', 'sport'), ())
    """
    if not word or not all(_ADLAM.match(c) for c in word if unicodedata.category(c)[0] in "LM"):
        return ()
    try:
        from anyascii import anyascii  # noqa: PLC0415 (a dependency, imported where used)
    except ImportError:  # pragma: no cover - anyascii is a dependency of canonym
        return ()
    letters = anyascii(word).lower()
    loan = _ADLAM_SUFFIX.sub("", letters.replace("c", "ch").replace("x", "kh"))
    return tuple(dict.fromkeys(f for f in (letters, _ADLAM_CLUSTER.sub("s", loan)) if f))
