"""The default-threshold chooser of benchmarks/calibrate.py, on small hand-made answers
(made-up ids, no evaluation data); every expected value is worked out in the comments."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import calibrate
from calibrate import GRID, Criterion, Golden, _Judged, _wilson_upper, choose_thresholds
from evaldata import Outcome

Answers = dict[str, list[tuple[Outcome, bool]]]


def places(negatives: list[float | None], positives: int = 10) -> Answers:
    """Ten negatives (None: no answer) and ``positives`` variants answered right at 0.9,
    every answer a place."""
    items = [
        (Outcome(None, None if c is None else f"other-{i}", c or 0.0), True) for i, c in enumerate(negatives)
    ]
    items += [(Outcome(f"place-{i}", f"place-{i}", 0.9), True) for i in range(positives)]
    return {"places": items}


def sigmoid(x: float) -> float:
    return 1 / (1 + math.exp(-x))


def test_the_hard_count_takes_the_lowest_threshold_within_the_tolerance() -> None:
    # 10 negatives, tolerance 0.10: at most one may pass. Answered at 0.55 ... 0.75, so the
    # lowest place threshold that lets only the 0.75 one through is 0.71; every variant is
    # right at any threshold up to 0.9, and no answer is a person, so the first threshold is
    # the lowest of the grid.
    answers = places([0.55, 0.60, 0.65, 0.70, 0.75, None, None, None, None, None])
    assert choose_thresholds(answers, answers, (), Criterion()) == (0.50, 0.71)


def test_the_wilson_bound_is_the_score_interval_upper_end() -> None:
    # p = 0.1, n = 100, z = 1: (0.1 + 1/200 + sqrt(0.09/100 + 1/40000)) / (1 + 1/100)
    # = (0.105 + 0.0304138) / 1.01 = 0.134073
    assert float(_wilson_upper(np.array(0.1), 100, 1.0)) == pytest.approx(0.134073, abs=1e-6)


def test_the_tail_estimate_is_the_fitted_exponential() -> None:
    # Three negatives of ten reach 0.3, their logits 1, 2 and 3 above logit(0.3): mean
    # excess 2. At a place threshold of 0.5 (logit 0), 0.847 above logit(0.3), the estimate
    # is 3/10 * exp(-0.8473 / 2) = 0.3 * 0.65465 = 0.19640, where the hard count says 0.3.
    base = math.log(0.3 / 0.7)
    answers = places([sigmoid(base + e) for e in (1, 2, 3)] + [None] * 7)
    judged = _Judged.of(answers["places"])
    _, hard = judged.rates(Criterion())
    _, tail = judged.rates(Criterion(tail=0.3))
    at = GRID.index(0.5)
    assert hard[0, at] == pytest.approx(0.3)
    assert tail[0, at] == pytest.approx(0.19640, abs=1e-4)
    # It falls with the threshold, where the hard count stays flat between two negatives.
    assert tail[0, GRID.index(0.6)] < tail[0, at]


def test_a_bagged_choice_keeps_the_golden_cases() -> None:
    # No negative is ever answered, so every resample would choose the lowest thresholds,
    # but a place near miss scored 0.69 must stay unanswered: the place threshold must be
    # above 0.69, the lowest such on the grid being 0.70.
    answers = places([None] * 10)
    near_miss = Golden("a near miss", None, "somewhere", True, 0.69)
    chosen = choose_thresholds(answers, answers, [near_miss], Criterion(bags=11))
    assert chosen == (0.50, 0.70)
    assert near_miss.holds(*chosen)


def test_the_held_out_and_shipped_answers_must_be_the_same_queries() -> None:
    answers = places([None] * 10)
    shuffled = {"places": answers["places"][::-1]}
    with pytest.raises(ValueError, match="places"):
        choose_thresholds(answers, shuffled, (), Criterion())


def test_the_shipped_criterion_is_one_of_those_compared() -> None:
    assert calibrate.CRITERION in calibrate.CRITERIA
