"""Find the spans of running text that may be names: candidate mentions, with offsets.

A candidate is a run of capitalised words (or acronyms) joined by spaces, by hyphens or
dashes, and by the lower-case particles names carry ("Hugo de Zela", "La Yarada-Los
Palos", "José Antonio Kast"). Title words and nationality words before a name are part of
the run; the resolver reports them and the mention's span leaves them out. A trailing
possessive ("Peru's") is not part of the span. Offsets index the original string, so
``text[start:end]`` is always the surface form.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

import regex

from canonym.lexicon import Lexicon

__all__ = ["Run", "Token", "candidate_runs", "tokenize"]

# A word: letters (with combining marks), digits, inner apostrophes and dots of initials.
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’][\p{L}\p{M}]+)*\.?")
_POSSESSIVE = regex.compile(r"['’]s?$")
_JOIN_NAME = regex.compile(r"^[ \t\u00a0]*\Z")  # no line break: headlines and lines are separate
_INITIAL_GAP = regex.compile(r"^\.[ \t\u00a0]*\Z")
_JOIN_DASH = regex.compile(r"^[ \t\u00a0]*[-‐‑–—][ \t\u00a0]*\Z")


@dataclass(frozen=True)
class Token:
    """One word of the text: its offsets, its text and how it is written."""

    start: int
    end: int
    text: str
    capitalised: bool
    sentence_start: bool
    headline: bool = False


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
    name can contain): the others can only separate names, which the gaps between the kept
    words show as well, and skipping them makes long texts much faster to scan.

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
    finder = _WORD if keep_lower is None else _keep_pattern(keep_lower)
    for m in finder.finditer(text):
        word = m.group()
        start, end = m.start(), m.end()
        if word.endswith("."):
            word, end = word[:-1], end - 1  # the dot of an initial or a full stop: never in a span
        capitalised = _is_capitalised(word)
        gap_start, was_initial = previous_end, previous_initial
        previous_end, previous_initial = end, capitalised and len(word) == 1
        if not capitalised and keep_lower is not None and word.lower() not in keep_lower:
            continue
        possessive = _POSSESSIVE.search(word)
        if possessive and possessive.start() > 0:
            word, end = word[: possessive.start()], start + possessive.start()
            previous_end = end
        gap = text[gap_start:start]
        after_initial = was_initial and _INITIAL_GAP.match(gap) is not None
        sentence_start = gap_start == 0 or (_ends_sentence(gap) and not after_initial)
        # The headline lines are sorted and disjoint: the one that could hold this word is
        # the last to start at or before it.
        line = bisect.bisect_right(headline_starts, start) - 1
        headline = line >= 0 and start < headline_spans[line][1]
        tokens.append(Token(start, end, word, capitalised, sentence_start, headline))
    return tokens


@functools.lru_cache(maxsize=8)
def _keep_pattern(keep_lower: frozenset[str]) -> regex.Pattern[str]:
    """Words that start with a capital or a digit, and the given lower-case words: the
    regex engine skips every other word without a Python step."""
    listed = "|".join(regex.escape(w) for w in sorted(keep_lower, key=len, reverse=True))
    boundary = r"(?<![\p{L}\p{M}\p{N}])"
    return regex.compile(
        rf"{boundary}(?:[\p{{Lu}}\p{{Lt}}\p{{N}}][\p{{L}}\p{{M}}\p{{N}}]*(?:['’][\p{{L}}\p{{M}}]+)*\.?"
        rf"|(?i:{listed})(?![\p{{L}}\p{{M}}\p{{N}}]))"
    )


def _headline_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the lines written in title case ("Peru Declares State of Emergency"),
    where a capital letter says nothing about a word being a name. Only short lines can be
    headlines."""
    out = []
    position = 0
    for line in text.split("\n"):
        if len(line) <= 200:
            words = [w for w in _WORD.findall(line) if len(w) > 3]
            if len(words) >= 3 and sum(1 for w in words if w[0].isupper()) >= 0.75 * len(words):
                out.append((position, position + len(line)))
        position += len(line) + 1
    return out


def _ends_sentence(gap: str) -> bool:
    stripped = gap.strip(" \t\u00a0\"'“”‘’«»()[]")
    return stripped.endswith((".", "!", "?", ":", ";", "•")) or "\n" in gap


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
        gap = text[tokens[i - 1].end : token.start] if i else ""
        after_initial = i > 0 and len(tokens[i - 1].text) == 1 and _INITIAL_GAP.match(gap) is not None
        is_dash = bool(current) and _JOIN_DASH.match(gap) is not None
        joined = bool(current) and (is_dash or _JOIN_NAME.match(gap) is not None or after_initial)
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
        leading = not current and word not in lexicon.function_words
        if word in lexicon.particles and len(pending) < 2 and ((current and joined) or leading):
            if not current and pending and pending_gap_broken(pending, text, tokens, i):
                pending.clear()
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
    return _JOIN_NAME.match(gap) is None and _JOIN_DASH.match(gap) is None
