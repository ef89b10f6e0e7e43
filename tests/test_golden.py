"""Golden cases (tests/golden/*.json, schema in tests/golden/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import canonym

GOLDEN = Path(__file__).parent / "golden"
FILES = ("seed_variants", "forms", "negative", "known-failures")


def _cases() -> list[Any]:
    params = []
    for name in FILES:
        for case in json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8")):
            marks = (
                [pytest.mark.xfail(strict=True, reason=case["source"])] if case["expect"] == "fail" else []
            )
            params.append(pytest.param(case, id=f"{name}:{case['label']}", marks=marks))
    return params


def test_labels_are_unique() -> None:
    labels = [c.id for c in _cases()]
    assert len(labels) == len(set(labels))


@pytest.mark.parametrize("case", _cases())
def test_golden(case: dict[str, Any], resolver: canonym.Resolver) -> None:
    match = resolver.resolve(case["input"])
    got = None if match is None else match.entity.id
    if case["expect"] == "top":
        best = resolver.candidates(case["input"], limit=1)
        assert best, "no candidate at all"
        assert best[0].entity.id == case["expected"]
        assert got in (None, case["expected"])
    else:
        assert got == case["expected"]


def test_seed_spellings_are_not_in_the_registry(resolver: canonym.Resolver) -> None:
    # The seeds test the algorithm, not a lookup table: no garbled spelling may be an alias.
    names = {canonym.normalize_text(n) for e in resolver.registry.entities for n in e.names}
    garbled = [
        "José Geri",
        "José Gehry",
        "Gehry",
        "José Antonio Cast",
        "Cast",
        "Janet Jara",
        "Janet",
        "Hugo de Zella",
        "Zella",
        "Chacallota",
        "La Yarda-Los Palos",
        "Yarda",
    ]
    assert not names & {canonym.normalize_text(g) for g in garbled}
