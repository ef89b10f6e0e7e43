"""Hostile running text: invisible characters inside words, and text that is all capitals
or all names, whose cost must stay within a constant of prose's."""

from __future__ import annotations

import copy
import importlib
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from canonym import Resolver
from canonym.lexicon import Lexicon
from canonym.mentions import tokenize
from canonym.models import Match
from canonym.resolve import MEMO_ENTRIES

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
annotate_module = importlib.import_module("canonym.text")
# Soft hyphen, zero-width space, non-joiner, joiner, word joiner, zero-width no-break space.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"


@pytest.mark.parametrize("mark", list(INVISIBLE), ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_an_invisible_character_stays_inside_the_word(resolver: Resolver, mark: str) -> None:
    text = f"José Antonio Ka{mark}st met Jean{mark}nette Jara in Li{mark}ma."
    doc = resolver.annotate(text)
    assert [(m.text, m.entity.id) for m in doc.mentions] == [
        (f"José Antonio Ka{mark}st", "jose-antonio-kast"),
        (f"Jean{mark}nette Jara", "jeannette-jara"),
        (f"Li{mark}ma", "lima"),
    ]
    for m in doc.mentions:
        assert text[m.start : m.end] == m.text
    assert doc.rewrite() == "José Antonio Kast met Jeannette Jara in Lima."


def test_invisible_characters_around_a_word_are_not_part_of_it() -> None:
    text = "\u200bKast\u200b met\u00ad Jara"
    assert [t.text for t in tokenize(text)] == ["Kast", "met", "Jara"]


class Counting:
    """A resolver for the text layer that counts the spans it is asked to look up; with
    ``everything_resembles`` it behaves as a registry so large that every word resembles
    some name (so only the budget bounds the work)."""

    def __init__(self, resolver: Resolver, *, everything_resembles: bool = False) -> None:
        self._resolver = fresh(resolver)
        self._all = everything_resembles
        self.looked_up: list[str] = []

    @property
    def lexicon(self) -> Lexicon:
        return self._resolver.lexicon

    def accepts(self, match: Match, threshold: float | None = None) -> bool:
        return self._resolver.accepts(match, threshold)

    def candidates_cached(self, surface: str, source_lang: str | None = None) -> tuple[Match, ...]:
        self.looked_up.append(surface)
        return self._resolver.candidates_cached(surface, source_lang)

    def word_weight(self, word: str) -> float:
        return self._resolver.word_weight(word)

    def resembles(self, word: str) -> bool:
        return self._all or self._resolver.resembles(word)

    def names_in_script(self, script: str) -> frozenset[str]:
        return self._resolver.names_in_script(script)


def fresh(resolver: Resolver) -> Resolver:
    """The same registry and index, with empty per-process memos."""
    out = copy.copy(resolver)
    for memo in ("_memo", "_resembles"):
        out.__dict__.pop(memo, None)
    return out


def resolutions(resolver: Resolver, text: str) -> int:
    """How many names ``annotate`` resolves from scratch for ``text`` (memo misses)."""
    counted = fresh(resolver)
    calls = 0
    original = counted.candidates

    def candidates(name: str, **options: object) -> list[Match]:
        nonlocal calls
        calls += 1
        return original(name, **options)  # type: ignore[arg-type]

    counted.candidates = candidates  # type: ignore[method-assign]
    counted.annotate(text)
    return calls


def random_words(count: int, seed: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        yield "".join(
            rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(4, 10))
        ).capitalize()


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_capitals_cost_a_small_constant_times_prose(
    resolver: Resolver, seed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Resolutions are what text costs (each about a millisecond). The same article in
    # capitals (title case needs as many) once needed 11 to 26 times the resolutions of
    # the article as written; bounded, it needs at most 10 times. The prose is counted
    # without the screen (canonym.text._screened), which spares it about a third of its
    # look-ups (its "The", "Peruvian") but capitals only a tenth: the bound is on what
    # capitals cost, which the screen only lowers.
    text = seed.read_text(encoding="utf-8")
    capitals = resolutions(resolver, text.upper())
    monkeypatch.setattr(annotate_module, "SCREEN", False)
    assert capitals <= 10 * resolutions(resolver, text)


def test_distinct_capitalised_words_that_resemble_nothing_are_not_resolved(resolver: Resolver) -> None:
    # 2,000 made-up capitalised words in one run: six spans to try at each word (12,000
    # resolutions before); words that resemble no word of the registry are never resolved.
    words = list(random_words(2000, seed=7))
    assert resolutions(resolver, " ".join(words)) <= len(words) // 4


def test_a_document_looks_up_a_bounded_number_of_longer_spans(resolver: Resolver) -> None:
    # Where every word resembles some name (a very large registry), the spans of two
    # words or more that one document looks up stay within its budget.
    text = " ".join(random_words(800, seed=11))
    counting = Counting(resolver, everything_resembles=True)
    annotate_module.annotate(text, counting)
    longer = {s for s in counting.looked_up if " " in s}
    assert 0 < len(longer) <= annotate_module._BUDGET_BASE + len(text) // annotate_module._BUDGET_CHARS
    # Single words are still all looked up: the budget never hides a one-word name.
    assert {s for s in counting.looked_up if " " not in s} == set(text.split())


def test_the_budget_leaves_capitals_whole(resolver: Resolver) -> None:
    # The seed articles in capitals look up the most longer spans of any text of theirs
    # (prose a tenth as many): all stay within the budget.
    for seed in SEEDS:
        text = seed.read_text(encoding="utf-8").upper()
        counting = Counting(resolver)
        annotate_module.annotate(text, counting)
        longer = {s for s in counting.looked_up if " " in s}
        assert len(longer) < annotate_module._BUDGET_BASE + len(text) // annotate_module._BUDGET_CHARS


def test_the_span_memo_is_bounded(resolver: Resolver) -> None:
    # About 15 KB an entry: 65,536 entries (before) could hold a gigabyte.
    memo = fresh(resolver)
    memo.candidates_cached("Lima")
    maxsize = memo._memo.cache_info().maxsize  # type: ignore[attr-defined]
    assert maxsize is not None
    assert maxsize == MEMO_ENTRIES <= 1 << 12
