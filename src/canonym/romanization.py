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

from canonym.patterns import lazy_pattern

__all__ = ["wade_giles_to_pinyin"]

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
