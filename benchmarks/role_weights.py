"""How the hand-set title weights (canonym.roles.TITLE_AGREES, TITLE_CONTRADICTS) move the
role golden sets: the seed articles on their dates (tests/golden/seed_mentions.json and
seed_roles.json) and the news paragraphs written for #14 (tests/golden/news_roles.json).

This is a sensitivity check, not a calibration: these sets were written together with the
weights, and no evaluation set has titled names of people with roles. It answers which
range of weights gives the same decisions, and how many mentions a title decides at all.

    python benchmarks/role_weights.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import canonym.roles
from canonym import Registry, Resolver

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
AGREES = (0.0, 0.5, 1.0, 1.5, 2.0, 3.0)
CONTRADICTS = (0.0, -1.0, -2.0, -3.0, -4.0)

Span = tuple[int, int, str | None]


def _spans(text: str, items: list[dict[str, Any]]) -> list[Span]:
    """Offsets of each expected surface, searched in order as a whole word (as the golden
    tests do)."""
    out, position = [], 0
    for item in items:
        found = re.compile(rf"(?<!\w){re.escape(item['text'])}(?!\w)").search(text, position)
        if found is None:
            raise SystemExit(f"golden surface not found: {item}")
        out.append((found.start(), found.end(), item["id"]))
        position = found.end()
    return out


def _documents() -> list[tuple[str, str, set[Span]]]:
    """(text, date, expected mentions) of every seed article and news paragraph."""
    names = json.loads((GOLDEN / "seed_mentions.json").read_text("utf-8"))["documents"]
    roles = json.loads((GOLDEN / "seed_roles.json").read_text("utf-8"))["documents"]
    docs = []
    for name, items in names.items():
        text = (ROOT / "seeds" / name).read_text("utf-8")
        named = [(s, e, i) for s, e, i in _spans(text, roles[name]["mentions"]) if i is not None]
        want = {
            (s, e, i)
            for s, e, i in _spans(text, items)
            if not any(rs <= s and e <= re_ for rs, re_, _ in named)
        }
        docs.append((text, roles[name]["date"], want | set(named)))
    for case in json.loads((GOLDEN / "news_roles.json").read_text("utf-8"))["cases"]:
        want = {(m["start"], m["end"], m["id"]) for m in case["mentions"]}
        docs.append((case["text"], case["date"], want))
    return docs


def measure(docs: list[tuple[str, str, set[Span]]]) -> tuple[int, int, int, int]:
    """Mentions right, found, expected, and found with a title contribution."""
    resolver = Resolver(Registry.default())  # a new one: its memos hold scores
    right = found = expected = titled = 0
    for text, date, want in docs:
        mentions = resolver.annotate(text, date=date).mentions
        got = {(m.start, m.end, m.entity.id) for m in mentions}
        right += len(want & got)
        found += len(got)
        expected += len(want)
        titled += sum(m.match is not None and "title" in m.match.evidence.contributions for m in mentions)
    return right, found, expected, titled


def main() -> int:
    docs = _documents()
    print("agrees contradicts  right found expected  precision recall  titled")
    for agrees in AGREES:
        for contradicts in CONTRADICTS:
            canonym.roles.TITLE_AGREES, canonym.roles.TITLE_CONTRADICTS = agrees, contradicts
            right, found, expected, titled = measure(docs)
            print(
                f"{agrees:6.1f} {contradicts:11.1f}  {right:5d} {found:5d} {expected:8d}"
                f"  {right / max(found, 1):9.3f} {right / expected:6.3f}  {titled:6d}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
