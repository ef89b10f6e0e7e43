"""Find the spans of running text that may be names: candidate mentions, with offsets.

A candidate is a run of capitalised words (or acronyms) joined by spaces, by hyphens or
dashes, and by the lower-case particles names carry ("Hugo de Zela", "La Yarada-Los
Palos", "José Antonio Kast"). Title words and nationality words before a name are part of
the run; the resolver reports them and the mention's span leaves them out. A trailing
possessive ("Peru's") is not part of the span. Offsets index the original string, so
``text[start:end]`` is always the surface form.

Scripts without capitals (Arabic, Hebrew, Hangul, Han, kana, Thai...) give no such runs:
:func:`caseless_runs` returns their words, or the pieces of a script written without
spaces, for the text layer to search for names.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

import regex

from canonym.lexicon import Lexicon

__all__ = ["INVISIBLE", "Run", "Token", "candidate_runs", "caseless_runs", "tokenize"]

# Invisible characters that may stand inside a word without ending it: the soft hyphen (a
# hyphenation point), zero-width space, non-joiner and joiner, word joiner and zero-width
# no-break space. Copied text carries them; a word holding one is still one word, and its
# span covers them (normalisation drops them before a name is compared).
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# A word's inner part: letters, marks and digits, and invisible characters between them.
# (Written as an unrolled loop, "parts, then (invisibles, parts) repeated": the two sets
# are disjoint, so it matches in one pass without backtracking.)
_INNER = rf"[\p{{L}}\p{{M}}\p{{N}}]*(?:[{INVISIBLE}]+[\p{{L}}\p{{M}}\p{{N}}]+)*"
_AFTER_APOSTROPHE = rf"['’][\p{{L}}\p{{M}}]+(?:[{INVISIBLE}]+[\p{{L}}\p{{M}}]+)*"
# A word: letters (with combining marks), digits, inner apostrophes and dots of initials.
_WORD = regex.compile(rf"[\p{{L}}\p{{N}}]{_INNER}(?:{_AFTER_APOSTROPHE})*\.?")
# The words that decide whether a line is a headline: four letters or more.
_LONG_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]{3,}")
_HEADLINE_PROBE = 200
_POSSESSIVE = regex.compile(r"['’]s?$")
_POSSESSIVE_ENDS = ("'", "’", "'s", "’s")
_TAIL = regex.compile(r"(?r)[^\p{L}\p{M}\p{N}]*\Z")  # searched from the end: linear in the tail
# What may stand between two words of one name: spaces (no line break: headlines and lines
# are separate), or a dash with spaces around it. The gap tests and the backward scan of
# particle chains read the same two sets.
_SPACES = " \t\u00a0"
_DASHES = "-‐‑–—"


def _name_gap(gap: str) -> bool:
    """Whether ``gap`` is spaces only (or nothing)."""
    return not gap.strip(_SPACES)


def _dash_gap(gap: str) -> bool:
    """Whether ``gap`` is one dash, with spaces around it or not."""
    rest = gap.strip(_SPACES)
    return len(rest) == 1 and rest in _DASHES


def _initial_gap(gap: str) -> bool:
    """Whether ``gap`` is the dot of an initial, with spaces after it or not."""
    return gap.rstrip(_SPACES) == "."


class Token(NamedTuple):
    """One word of the text: its offsets, its text and how it is written (a named tuple:
    a long text has hundreds of thousands, and a tuple is quick to make)."""

    start: int
    end: int
    text: str
    capitalised: bool
    sentence_start: bool
    headline: bool = False
    unspaced: bool = False  # a run of a script written without spaces (see caseless_runs)


@dataclass(frozen=True)
class Run:
    """Consecutive name words: tokens, and where a dash separated them (a possible split
    between two names: "Chacalluta–Santa Rosa")."""

    tokens: tuple[Token, ...]
    dash_before: tuple[bool, ...]

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end


def _is_capitalised(word: str) -> bool:
    first = word[0]
    return first.isupper() or (first.isdigit() and any(c.isupper() for c in word))


def tokenize(text: str, keep_lower: frozenset[str] | None = None) -> list[Token]:
    """The words of ``text`` with their offsets.

    With ``keep_lower``, lower-case words are kept only if they are in it (the particles a
    name can contain) and only where they, and any such words after them, lead by spaces or
    a dash to a capitalised word ("de la" in "Hugo de la Torre", not "the" in "the war"):
    elsewhere they cannot join a name. The others can only separate names, which the gaps
    between the kept words show as well, and skipping them makes long texts much faster to
    scan.

    >>> [t.text for t in tokenize("Peru's president, José Jerí, met Kast.")]
    ['Peru', 'president', 'José', 'Jerí', 'met', 'Kast']
    >>> [t.text for t in tokenize("Hugo de Zela met the press.", frozenset({"de"}))]
    ['Hugo', 'de', 'Zela']
    """
    tokens: list[Token] = []
    previous_end = 0
    previous_initial = False
    headline_spans = _headline_spans(text)
    headline_starts = [lo for lo, _ in headline_spans]
    words = (
        ((m.start(), m.end(), m.group()) for m in _WORD.finditer(text))
        if keep_lower is None
        else _kept_words(text, keep_lower)
    )
    for start, stop, found in words:
        word, end = found, stop
        if word[-1] == ".":
            word, end = word[:-1], end - 1  # the dot of an initial or a full stop: never in a span
        first = word[0]
        capitalised = first.isupper() or (first.isdigit() and _is_capitalised(word))
        gap_start, was_initial = previous_end, previous_initial
        previous_end, previous_initial = end, capitalised and len(word) == 1
        if not capitalised and keep_lower is not None and word.lower() not in keep_lower:
            continue
        if word.endswith(_POSSESSIVE_ENDS):
            possessive = _POSSESSIVE.search(word)
            if possessive and possessive.start() > 0:
                word, end = word[: possessive.start()], start + possessive.start()
                previous_end = end
        if gap_start == 0:
            sentence_start = True
        elif start - gap_start == 1 and text[gap_start] == " ":
            sentence_start = False  # the usual gap: one space
        else:
            gap = text[gap_start:start]
            after_initial = was_initial and _initial_gap(gap)
            sentence_start = _ends_sentence(gap) and not after_initial
        headline = False
        if headline_starts:
            # The headline lines are sorted and disjoint: the one that could hold this word
            # is the last to start at or before it.
            line = bisect.bisect_right(headline_starts, start) - 1
            headline = line >= 0 and start < headline_spans[line][1]
        tokens.append(Token(start, end, word, capitalised, sentence_start, headline))
    return tokens


def _kept_words(text: str, keep_lower: frozenset[str]) -> list[tuple[int, int, str]]:
    """(start, end, word) of every word starting with a capital or a digit, each preceded
    by the listed lower-case words joined to it, in order.

    Capitalised words are found in one pass that skips every other word whole; before each,
    the chain of listed words that leads to it is read backwards from it, once. (A look-ahead
    from every listed word would read a long chain once per word, and the regex module's
    backward repetition is quadratic too: both were measured on "Kast de de … Peru".)
    """
    capitals = _capitals_pattern()
    longest = max(map(len, keep_lower), default=0)
    previous = 0
    out: list[tuple[int, int, str]] = []
    for m in capitals.finditer(text):
        start = m.start()
        out += _chain_before(text, previous, start, keep_lower, longest)
        previous = m.end()
        out.append((start, previous, m.group()))
    return out


def _chain_before(
    text: str, low: int, position: int, keep_lower: frozenset[str], longest: int
) -> list[tuple[int, int, str]]:
    """The listed lower-case words that lead to ``position`` (not before ``low``), each
    joined to the next by spaces or by a dash: (start, end, word), in order."""
    chain: list[tuple[int, int, str]] = []
    while True:
        end = position
        while end > low and text[end - 1] in _SPACES:
            end -= 1
        if end > low and text[end - 1] in _DASHES:
            end -= 1
            while end > low and text[end - 1] in _SPACES:
                end -= 1
        start = end
        while start > low and end - start <= longest and _is_word_character(text[start - 1]):
            start -= 1
        word = text[start:end]
        if (
            not word
            or (start > low and _is_word_character(text[start - 1]))
            or word[0].isupper()
            or word.lower() not in keep_lower
        ):
            chain.reverse()
            return chain
        chain.append((start, end, word))
        position = start


def _is_word_character(char: str) -> bool:
    """A letter, a combining mark, a digit or an invisible character: what the word
    patterns call a word's part (an invisible one only between the others)."""
    return char.isalnum() or char in INVISIBLE or unicodedata.category(char)[0] == "M"


@functools.cache
def _capitals_pattern() -> regex.Pattern[str]:
    """Words that start with a capital or a digit; any other word is consumed whole and
    skipped (``(*SKIP)(*FAIL)``), so a match is only tried where a word starts."""
    return regex.compile(
        rf"[\p{{Lu}}\p{{Lt}}\p{{N}}]{_INNER}(?:{_AFTER_APOSTROPHE})*\.?"
        rf"|[\p{{L}}\p{{M}}\p{{N}}]{_INNER}(*SKIP)(*FAIL)"
    )


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the lines written in title case ("Peru Declares State of Emergency") or
    in capitals (a wire feed, a shouted paragraph), where a capital letter says nothing
    about a word being a name: three in four of their longer words are capitalised, which
    no line of prose comes near.

    >>> _headline_spans("Peru Declares State of Emergency\\nThe state of emergency was declared.")
    [(0, 32)]
    """
    out = []
    position = 0
    for line in text.split("\n"):
        # A line of prose shows itself in its first words: only a line whose start reads
        # as a headline is counted whole.
        if _title_case(line[:_HEADLINE_PROBE]) and (len(line) <= _HEADLINE_PROBE or _title_case(line)):
            out.append((position, position + len(line)))
        position += len(line) + 1
    return out


def _title_case(line: str) -> bool:
    words = _LONG_WORD.findall(line)
    return len(words) >= 3 and sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words)


def _ends_sentence(gap: str) -> bool:
    """Whether a gap between kept words ends a sentence. Only what follows the gap's last
    word counts: the gap may hold skipped lower-case words, and a line break before them
    does not make the next word a sentence's first."""
    tail = _TAIL.search(gap)
    after = gap if tail is None else tail.group()
    stripped = after.strip(" \t\u00a0\"'“”‘’«»()[]")
    return stripped.endswith((".", "!", "?", ":", ";", "•")) or "\n" in after


def candidate_runs(text: str, tokens: list[Token], lexicon: Lexicon) -> list[Run]:
    """Runs of capitalised tokens, joined by spaces, dashes and name particles.

    >>> from canonym.lexicon import default_lexicon
    >>> text = "Minister Hugo de Zela met them at the Chacalluta–Santa Rosa crossing."
    >>> [" ".join(t.text for t in r.tokens) for r in candidate_runs(text, tokenize(text), default_lexicon())]
    ['Minister Hugo de Zela', 'Chacalluta Santa Rosa']
    """
    runs: list[Run] = []
    current: list[Token] = []
    dashes: list[bool] = []
    pending: list[Token] = []  # lower-case particles waiting for a capitalised word
    pending_dash = False

    def close() -> None:
        if current:
            runs.append(Run(tuple(current), tuple(dashes)))
        current.clear()
        dashes.clear()

    for i, token in enumerate(tokens):
        previous = tokens[i - 1] if i else None
        if previous is not None and token.start - previous.end == 1 and text[previous.end] == " ":
            # The usual gap, one space: it joins names, and is no dash and no initial's dot.
            after_initial, is_dash, name_gap = False, False, True
        else:
            gap = "" if previous is None else text[previous.end : token.start]
            after_initial = previous is not None and len(previous.text) == 1 and _initial_gap(gap)
            is_dash = _dash_gap(gap)
            name_gap = _name_gap(gap)
        is_dash = is_dash and bool(current)
        joined = bool(current) and (is_dash or name_gap or after_initial)
        if token.capitalised:
            if current and joined and not pending_gap_broken(pending, text, tokens, i):
                current.extend(pending)
                dashes.extend([False] * len(pending))
                current.append(token)
                dashes.append(is_dash or pending_dash)
            else:
                close()
                if pending and not current and not pending_gap_broken(pending, text, tokens, i):
                    # Particles just before a name may belong to it: "de Zela said".
                    current.extend(pending)
                    dashes.extend([False] * len(pending))
                current.append(token)
                dashes.append(False)
            pending.clear()
            pending_dash = False
            continue
        word = token.text.lower()
        if current and not joined:
            # The run ended before this word: close it first, so that the word may lead the
            # next one ("Kast said de Zela" names de Zela).
            close()
            pending.clear()
            pending_dash = False
        leading = not current and word not in lexicon.function_words
        if word in lexicon.particles and ((current and joined) or leading):
            if not current and pending and pending_gap_broken(pending, text, tokens, i):
                # Particles cut off from this one by a comma lead nowhere: they do not
                # count against the two a name may carry ("de de, de De").
                pending.clear()
                pending_dash = False
            if len(pending) < 2:
                pending.append(token)
                pending_dash = pending_dash or is_dash
                continue
        close()
        pending.clear()
        pending_dash = False
    close()
    return runs


def pending_gap_broken(pending: list[Token], text: str, tokens: list[Token], i: int) -> bool:
    """Whether the particles waiting to join a run are separated from the next word by
    anything but a space or dash (then the run ends before them)."""
    if not pending:
        return False
    gap = text[pending[-1].end : tokens[i].start]
    return not _name_gap(gap) and not _dash_gap(gap)


# A word of a script without letter case (Arabic, Hebrew, Hangul, Devanagari, Han, kana,
# Thai...): it starts with such a letter and goes on with letters, marks, the joiners, and
# the geresh or an apostrophe inside (Hebrew ג'וזה). Cased letters end it.
_CASELESS_WORD = regex.compile(
    r"\p{Lo}[\p{Lo}\p{Lm}\p{M}\u200c\u200d]*(?:['\u05f3\u05f4\u2019][\p{Lo}\p{Lm}\p{M}]+)*"
)
# The pieces of a run in a script without spaces: Han, katakana (with its long-vowel mark),
# hiragana, Thai, Lao, Khmer, Myanmar. Hiragana writes the particles and inflections of
# Japanese, not names: it only separates them.
_UNSPACED_PIECE = regex.compile(
    r"(?P<han>\p{Script=Han}+)|(?P<kana>[\p{Script=Katakana}\u30fc\uff70]+)|(?P<hira>\p{Script=Hiragana}+)"
    r"|(?P<other>[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+)"
)
# The dots that separate the words of a foreign name written in Chinese or Japanese
# (何塞·安东尼奥, ホセ・アントニオ).
_NAME_DOTS = "\u00b7\u30fb\u2027\uff65"


def caseless_runs(text: str) -> list[Run]:
    """Runs of words in scripts without letter case, where no capital marks a name: the
    words of Arabic, Hebrew, Korean or Devanagari text joined by single spaces, and the
    pieces of Chinese, Japanese or Thai text (a run of Han, of katakana, of Thai), which
    the text layer searches for names (``Token.unspaced``). Hiragana only separates pieces;
    a dot between the words of a transcribed name (ホセ・アントニオ) joins them. Offsets
    index ``text``; Latin and Cyrillic words are not read here (see :func:`tokenize`).

    >>> [[t.text for t in r.tokens] for r in caseless_runs("מחר ב-Lima: خوسيه كاست. ペルーのリマ")]
    [['מחר', 'ב'], ['خوسيه', 'كاست'], ['ペルー'], ['リマ']]
    """
    runs: list[Run] = []
    if text.isascii():
        return runs
    current: list[Token] = []

    def close() -> None:
        if current:
            runs.append(Run(tuple(current), (False,) * len(current)))
            current.clear()

    for m in _CASELESS_WORD.finditer(text):
        pieces: list[tuple[int, int, bool]] = []
        word = m.group()
        if _UNSPACED_PIECE.match(word):
            for piece in _UNSPACED_PIECE.finditer(word):
                if piece.lastgroup == "hira":
                    pieces.append((-1, -1, True))  # a separator
                    continue
                pieces.append((m.start() + piece.start(), m.start() + piece.end(), True))
        else:
            pieces.append((m.start(), m.end(), False))
        for start, end, unspaced in pieces:
            if start < 0:
                close()
                continue
            if current:
                gap = text[current[-1].end : start]
                joined = (
                    gap in _NAME_DOTS if unspaced or current[-1].unspaced else _name_gap(gap) and gap != ""
                )
                if not joined or (gap == "" and unspaced):
                    close()
            current.append(Token(start, end, text[start:end], False, True, False, unspaced))
    close()
    return runs
