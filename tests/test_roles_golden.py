"""Hand-checked role, title and surname mentions (#14): the seed articles on their dates
(tests/golden/seed_roles.json) and paragraphs written for the purpose
(tests/golden/news_roles.json). Precision and recall are measured over every mention."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_annotate import expected_mentions  # the same search of hand-checked surfaces in order

from canonym import Resolver

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
SEEDS = ROOT / "seeds"
NEWS = json.loads((GOLDEN / "news_roles.json").read_text(encoding="utf-8"))["cases"]
SEED_ROLES = json.loads((GOLDEN / "seed_roles.json").read_text(encoding="utf-8"))["documents"]
SEED_NAMES = json.loads((GOLDEN / "seed_mentions.json").read_text(encoding="utf-8"))["documents"]

Span = tuple[int, int, str]


def seed_expected(name: str) -> tuple[set[Span], list[tuple[int, int]]]:
    """The seed's expected mentions on its date: its names (seed_mentions.json) less the
    places inside a role phrase that names someone, plus those role mentions; and the
    spans of the role phrases that must name nobody."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    roles = expected_mentions(text, SEED_ROLES[name]["mentions"])
    named = [(s, e, i) for s, e, i in roles if i is not None]
    names = {
        (s, e, i)
        for s, e, i in expected_mentions(text, SEED_NAMES[name])
        if not any(rs <= s and e <= re_ for rs, re_, _ in named)
    }
    return names | {(s, e, i) for s, e, i in named}, [(s, e) for s, e, i in roles if i is None]


def _got(resolver: Resolver, text: str, date: str) -> set[Span]:
    return {(m.start, m.end, m.entity.id) for m in resolver.annotate(text, date=date).mentions}


def scores(pairs: list[tuple[set[Span], set[Span]]]) -> tuple[int, int, int]:
    right = sum(len(want & got) for want, got in pairs)
    return right, sum(len(got) for _, got in pairs), sum(len(want) for want, _ in pairs)


def test_news_paragraph_offsets_are_their_surfaces() -> None:
    for case in NEWS:
        for m in case["mentions"]:
            assert case["text"][m["start"] : m["end"]] == m["text"], (case["label"], m)


def test_news_paragraphs_precision_and_recall(resolver: Resolver) -> None:
    pairs = [
        (
            {(m["start"], m["end"], m["id"]) for m in case["mentions"]},
            _got(resolver, case["text"], case["date"]),
        )
        for case in NEWS
    ]
    right, found, expected = scores(pairs)
    assert right / found >= 0.95, (right, found, expected)
    assert right / expected >= 0.90, (right, found, expected)


@pytest.mark.parametrize("label", [c["label"] for c in NEWS if not c["mentions"]])
def test_news_traps_link_nothing(resolver: Resolver, label: str) -> None:
    (case,) = [c for c in NEWS if c["label"] == label]
    assert _got(resolver, case["text"], case["date"]) == set()


def test_seed_articles_on_their_dates(resolver: Resolver) -> None:
    pairs = []
    for name in SEED_NAMES:
        text = (SEEDS / name).read_text(encoding="utf-8")
        want, nobody = seed_expected(name)
        got = _got(resolver, text, SEED_ROLES[name]["date"])
        pairs.append((want, got))
        # A role phrase that names nobody the registry holds links nothing (a place named
        # inside it is still a mention of the place).
        assert not [g for g in got - want if any(s < g[1] and g[0] < e for s, e in nobody)], name
    right, found, expected = scores(pairs)
    assert right == found, (right, found, expected)  # no false link
    assert right / expected >= 0.97, (right, found, expected)
