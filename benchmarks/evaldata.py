"""Shared loading and metrics for the quality benchmark and the calibration script.

The evaluation data in benchmarks/data/ is copied unchanged from the project's shared
evaluation set (see benchmarks/data/README.md for sources and licences). It is read here
for measuring and calibrating only; nothing from it enters the registry or the code.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
REGISTRY = DATA / "registry.yaml"
SETS = {
    "persons+orgs": DATA / "queries_ofac.jsonl",
    "places": DATA / "queries_places_dev.jsonl",
    "places (non-Latin)": DATA / "queries_places_dev_nonlatin.jsonl",
}


@dataclass(frozen=True)
class Query:
    text: str
    expect: str | None
    source: str


def load_queries(path: Path) -> list[Query]:
    with path.open(encoding="utf-8") as handle:
        return [Query(r["query"], r["expect"], r["source"]) for r in map(json.loads, handle)]


@dataclass(frozen=True)
class Outcome:
    """One answer to one query: the entity id given (or None) and its confidence."""

    expect: str | None
    answer: str | None
    confidence: float


@dataclass(frozen=True)
class Metrics:
    right: float  # share of positives answered with the expected entity
    negatives_accepted: float  # share of negatives given any answer
    ece: float | None  # expected calibration error over accepted answers (10 bins)
    accepted: int
    positives: int
    negatives: int


def metrics(outcomes: Sequence[Outcome], threshold: float = 0.0) -> Metrics:
    positives = [o for o in outcomes if o.expect is not None]
    negatives = [o for o in outcomes if o.expect is None]
    accepted = [o for o in outcomes if o.answer is not None and o.confidence >= threshold]
    right = sum(1 for o in positives if o.answer == o.expect and o.confidence >= threshold)
    wrong_neg = sum(1 for o in negatives if o.answer is not None and o.confidence >= threshold)
    return Metrics(
        right=right / max(1, len(positives)),
        negatives_accepted=wrong_neg / max(1, len(negatives)),
        ece=expected_calibration_error(accepted) if accepted else None,
        accepted=len(accepted),
        positives=len(positives),
        negatives=len(negatives),
    )


def expected_calibration_error(accepted: Iterable[Outcome], bins: int = 10) -> float:
    """Weighted mean |accuracy - confidence| over equal-width confidence bins."""
    buckets: list[list[Outcome]] = [[] for _ in range(bins)]
    items = list(accepted)
    for o in items:
        buckets[min(bins - 1, int(o.confidence * bins))].append(o)
    total = 0.0
    for bucket in buckets:
        if bucket:
            acc = sum(1 for o in bucket if o.answer == o.expect) / len(bucket)
            conf = sum(o.confidence for o in bucket) / len(bucket)
            total += len(bucket) * abs(acc - conf)
    return total / max(1, len(items))
