"""No evaluation query in the package: rules stand on linguistic knowledge, not on test data.

The evaluation sets (benchmarks/data/**/*.jsonl) are for measuring and calibrating only.
This test fails when a query string of one of them appears in the package's code or data
(src/canonym/*.py, src/canonym/data/*), e.g. as the example that justifies a rule.

A query that is also a name of the bundled registry (canonical or alias) is a genuine name
the registry may hold ("Lima"), and is not checked; nor are queries shorter than five letters
once folded, which are too short to tell an example from an ordinary word. A few single
words that are queries and also ordinary vocabulary are allowed by name in ``ALLOWED``,
each with the reason.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "canonym"
EVAL = ROOT / "benchmarks" / "data"
MIN_LETTERS = 5
ALLOWED = {
    # Spanish/Portuguese for "bay": a place word in lexicon.yaml's list of generic place
    # words, next to "bay", "lago" and "rio".
    "bahia": "ordinary word",
}


def fold(text: str) -> str:
    """Case, accents and punctuation folded away: words joined by one space.

    >>> fold("  Bahía-Blanca, S.A. ")
    'bahia blanca s a'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", bare))


@cache
def registry_names() -> frozenset[str]:
    raw = yaml.safe_load((PACKAGE / "data" / "aliases.yaml").read_text(encoding="utf-8"))
    return frozenset(
        fold(name) for e in raw["entities"] for name in (e["canonical"], *(e.get("aliases") or ()))
    )


@cache
def eval_queries() -> dict[str, str]:
    """Folded query -> the query as written, for every query worth checking."""
    out: dict[str, str] = {}
    for path in sorted(EVAL.rglob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                query = json.loads(line).get("query")
                if not isinstance(query, str):
                    continue
                folded = fold(query)
                if len(folded.replace(" ", "")) < MIN_LETTERS or folded in ALLOWED:
                    continue
                if folded not in registry_names():
                    out.setdefault(folded, query)
    return out


def package_files() -> list[Path]:
    files = sorted(PACKAGE.glob("*.py")) + sorted(p for p in (PACKAGE / "data").iterdir() if p.is_file())
    # The bundled registry holds genuine names, which registry_names() already exempts.
    return [p for p in files if p.name != "aliases.yaml"]


def found_in(text: str) -> list[str]:
    """The evaluation queries that occur in ``text`` as whole words."""
    folded = f" {fold(text)} "
    words = set(folded.split())
    return sorted(
        query
        for key, query in eval_queries().items()
        if all(w in words for w in key.split()) and f" {key} " in folded
    )


def test_the_evaluation_sets_are_read() -> None:
    # A test that reads nothing would pass for ever.
    assert len(eval_queries()) > 1000


def test_a_planted_query_is_found() -> None:
    key, query = next(iter(eval_queries().items()))
    assert found_in(f"# as in {query.upper()}, a rule") == [query]
    assert found_in(f"# as in x{key.replace(' ', '')}x") == []


@pytest.mark.parametrize("path", package_files(), ids=lambda p: p.name)
def test_no_evaluation_query_in_the_package(path: Path) -> None:
    assert found_in(path.read_text(encoding="utf-8")) == []
