"""Properties of the prominence prior (canonym.prior) that hold for any input (hypothesis):
shares are a distribution, a query's confidences add up to at most 1, a name's bearers never
get more than their share, and Bayes' rule moves the odds the way the weights say."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canonym.model import logit
from canonym.prior import (
    apply_share,
    candidate_shares,
    exclusive_scores,
    rival_share,
    share_of_name,
    share_of_shared_name,
)

FAST = settings(max_examples=200, deadline=None)
PROMINENCE = st.floats(min_value=0, max_value=1e9, allow_nan=False)
NAMES = st.integers(min_value=1, max_value=500)
AGREEING = st.integers(min_value=1, max_value=50)
SCORE = st.floats(min_value=1e-6, max_value=1 - 1e-6, allow_nan=False)
SHARE = st.floats(min_value=1e-9, max_value=1.0, allow_nan=False)
ODDS = st.floats(min_value=-30, max_value=30, allow_nan=False)
WEIGHT = st.floats(min_value=1e-3, max_value=1e9, allow_nan=False)
CANDIDATE = st.tuples(PROMINENCE, NAMES, AGREEING)


@FAST
@given(st.lists(CANDIDATE, min_size=1, max_size=12))
def test_shares_are_a_distribution_ordered_as_the_weights(candidates: list[tuple[float, int, int]]) -> None:
    prominences, names, agreeing = (list(column) for column in zip(*candidates, strict=True))
    shares = candidate_shares(prominences, names, agreeing)
    assert shares is not None
    assert math.fsum(shares) == pytest.approx(1.0)
    assert all(0.0 < s <= 1.0 for s in shares)
    weights = [(p + 1) * n * a for p, n, a in candidates]
    for i in range(len(shares)):
        for j in range(len(shares)):
            if weights[i] > weights[j] * (1 + 1e-9):
                assert shares[i] >= shares[j]


@FAST
@given(st.lists(st.one_of(st.none(), PROMINENCE), min_size=1, max_size=6))
def test_one_candidate_without_prominence_means_no_prior(prominences: list[float | None]) -> None:
    shares = candidate_shares(prominences)
    assert (shares is None) == (None in prominences)


@FAST
@given(st.lists(st.floats(min_value=0.0, max_value=1.0, allow_nan=False), max_size=10))
def test_a_querys_confidences_add_up_to_at_most_one(scores: list[float]) -> None:
    capped = exclusive_scores(scores)
    assert math.fsum(capped) <= 1.0 + 1e-9
    assert all(0.0 <= c <= s for c, s in zip(capped, scores, strict=True))
    if scores:
        assert capped[0] == scores[0]


@FAST
@given(SCORE, SHARE)
def test_a_bearer_of_the_name_gets_at_most_its_share(score: float, share: float) -> None:
    new, change = share_of_name(score, share)
    assert new <= share + 1e-12
    assert new <= score + 1e-12
    assert change <= 0.0
    if new == score:  # a whole share leaves the score as it is (a near-whole one may round to it)
        assert change == 0.0


@FAST
@given(SCORE, SHARE, SHARE)
def test_the_odds_move_by_the_log_of_the_share(score: float, share: float, other: float) -> None:
    new, change = apply_share(score, share, informed=True)
    if 1e-12 < new < 1.0 - 1e-12 and new != score:  # logit keeps a hair inside (0, 1)
        assert change == pytest.approx(math.log(share), abs=1e-6)
        assert logit(new) - logit(score) == pytest.approx(math.log(share), abs=1e-6)
    assert new <= score + 1e-12  # a share is at most 1: the prior only lowers the odds
    # A larger share never gives a lower confidence.
    low, high = sorted((share, other))
    assert apply_share(score, low, informed=True)[0] <= apply_share(score, high, informed=True)[0] + 1e-12


@FAST
@given(SCORE, SHARE, SHARE)
def test_a_shared_inexact_name_gives_at_most_the_model_confidence(score: float, a: float, b: float) -> None:
    share, name_share = sorted((a, b))  # one bearer's share is part of the bearers' share
    new, _ = share_of_shared_name(score, share, name_share)
    assert 0.0 <= new <= score + 1e-12
    assert new <= share / name_share + 1e-12


@FAST
@given(
    st.lists(st.tuples(ODDS, WEIGHT), min_size=1, max_size=5),
    st.lists(st.tuples(ODDS, WEIGHT), max_size=5),
    st.floats(min_value=1.0, max_value=1e3, allow_nan=False),
)
def test_rivals_take_a_part_that_grows_with_their_evidence(
    named: list[tuple[float, float]], rivals: list[tuple[float, float]], factor: float
) -> None:
    share = rival_share(named, rivals)
    assert 0.0 <= share <= 1.0
    if not rivals:
        assert share == 1.0
        return
    # More weight or better odds on the named side never lowers its part; on the rivals' side,
    # never raises it.
    heavier = [(odds, weight * factor) for odds, weight in named]
    assert rival_share(heavier, rivals) >= share - 1e-9
    stronger = [(odds, weight * factor) for odds, weight in rivals]
    assert rival_share(named, stronger) <= share + 1e-9
