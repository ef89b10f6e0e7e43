"""The prominence prior: which of several candidates a query most likely means, before
the names are compared.

A name alone cannot tell Paris, France from Paris, Texas, or London from London, Ontario:
the query is as close to one as to the other. What can is how often each is meant, and a
registry's ``prominence`` (population for places, Wikidata sitelinks for people and
organisations, see docs/registry.md) stands for that, and so does the number of names the
registry gives an entity: a place named in many languages is written about in many
languages (for a gazetteer the count is what sitelinks are for Wikidata: GeoNames lists
hundreds of names for Vienna and a handful for a town of the same size). When every
candidate of a query has a prominence, its weight is

    weight(e) = (prominence(e) + 1) * names(e) * agreeing(e)

(the +1 keeps an entity of prominence 0 possible; agreeing(e), at least 1, is how many of
*e*'s names in Latin letters or in the query's script are spelt close to the query: one odd
alias of a city that a query comes close to is weaker evidence than several of its names,
in several languages, agreeing with it; see :func:`canonym.resolve.agreeing_names`), and
the prior of candidate *e* is its
share of the weight of the candidates that match as well as it does (those matched
through a name written as the query is, those through a name that reads as it does once
romanised, else all the others: a poor match to a big city must not dilute an exact name
of a smaller one),

    share(e) = weight(e) / sum over those candidates of weight,

the probability that a mention picked at random means *e* if mentions follow the
weights. Measured on the gazetteer development queries split in two halves by time zone,
the names factor is right more often and wrong less often on both halves (0.731 -> 0.741
and 0.778 -> 0.785 right, 0.064 -> 0.061 and 0.054 -> 0.053 wrong entity); it has no
parameter to fit. The agreeing factor, likewise (its closeness is the comparison's own
close word pair, 0.75, not fitted), took the development half from 0.816 to 0.821 right and
0.035 to 0.034 wrong entity, and the held-out half from 0.844 to 0.851 right and 0.033 to
0.030 wrong entity; the factor in place of names(e) did worse than names(e) alone (0.808
right, 0.041 wrong on the development half): the count of names says how well known a place
is, the agreeing ones which of its names the query is. It enters by Bayes' rule, in log-odds:
the resolver ranks the candidates by the model's rank plus ``log share`` (a name equal to
the query still comes before any other) and gives each the confidence whose odds are the
model's odds times the share (:func:`apply_share`), except that candidates matched through
a name equal to the query, the name's bearers, get the model's confidence times the share
(:func:`share_of_name`): the name is the same evidence for each. Fitted freely on either half of the
gazetteer development queries, a logistic recalibration gave ``log share`` a weight of 1.01
and 1.35: the share enters with weight 1, as Bayes' rule has it, and nothing here is tuned.

Without prominence for every candidate there is no prior and the resolver behaves as
before, except where the name a candidate matched belongs to *k* entities: nothing then
separates them, so the confidence of each is at most ``1 / k`` (:func:`namesake_cap`), and
a name shared by two entities never reaches the default thresholds. Finally the
confidences of the candidates of one query are made to add up to at most 1
(:func:`exclusive_scores`), since at most one of them is right.

>>> [round(s, 3) for s in candidate_shares([2_138_551, 24_171])]
[0.989, 0.011]
>>> candidate_shares([2_138_551, None]) is None
True
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence

from canonym.model import logit, sigmoid

__all__ = [
    "apply_share",
    "candidate_shares",
    "exclusive_scores",
    "loose_shares",
    "namesake_cap",
    "prior_weight",
    "rival_share",
    "share_of_name",
    "share_of_shared_name",
]


def candidate_shares(
    prominences: Sequence[float | None],
    name_counts: Sequence[int] | None = None,
    agreeing: Sequence[int] | None = None,
) -> tuple[float, ...] | None:
    """Each candidate's share of the candidates' weight, prominence plus 1 times its number
    of names (``name_counts``, default 1 each) times the number of its names that agree
    with the query (``agreeing``, default 1 each), or None when any of them has no
    prominence (or there are none).

    >>> candidate_shares([3, 1, 0])
    (0.5714285714285714, 0.2857142857142857, 0.14285714285714285)
    >>> candidate_shares([3, 3], [3, 1])
    (0.75, 0.25)
    >>> candidate_shares([3, 3], [3, 3], [1, 2])
    (0.3333333333333333, 0.6666666666666666)
    """
    if not prominences or any(p is None for p in prominences):
        return None
    counts = name_counts or [1] * len(prominences)
    agree = agreeing or [1] * len(prominences)
    weights = [prior_weight(p or 0.0, n, a) for p, n, a in zip(prominences, counts, agree, strict=True)]
    total = math.fsum(weights)
    return tuple(w / total for w in weights)


def loose_shares(
    prominences: Sequence[float],
    ranks: Sequence[float],
    margin: float,
    name_counts: Sequence[int],
    agreeing: Sequence[int],
) -> tuple[float, ...]:
    """Each candidate's share of the prior (weights as :func:`candidate_shares`'s) where the
    candidates' ``ranks`` (the rank model's log-odds) tell them apart beyond ``margin``.

    By Bayes' rule a candidate's posterior is its prior weight times the likelihood of the
    query given it, over the same sum for every candidate. Sharing the prior evenly, as
    :func:`candidate_shares` does, takes their likelihoods as equal: right for candidates
    whose ranks are close, since differences that small are not to be trusted, but not for
    one ranked far below, which then takes the prior away from a close match. So each
    candidate shares with those ranked at most ``margin`` below it at their full weight, and
    with those ranked further below at their weight times their likelihood ratio beyond the
    margin, e to the (their rank minus its rank plus the margin); with every one ranked above
    it, in full. Within the margin of the best, the shares are :func:`candidate_shares`'s.

    >>> loose_shares([0, 0], [5.0, 0.0], 4.0, [1, 1], [1, 1])  # 1 / (1 + e^-1), 1 / 2
    (0.7310585786300049, 0.5)
    """
    weights = [prior_weight(p, n, a) for p, n, a in zip(prominences, name_counts, agreeing, strict=True)]
    # Best rank first: the candidates within the margin of one are a prefix of this order,
    # those beyond it the rest, whose weights times e^(rank - best) are summed from the end.
    order = sorted(range(len(ranks)), key=lambda i: -ranks[i])
    falls = [-ranks[i] for i in order]
    best = ranks[order[0]]
    within_sums = list(itertools.accumulate(weights[i] for i in order))
    tail = itertools.accumulate(weights[i] * math.exp(ranks[i] - best) for i in reversed(order))
    beyond_sums = [*reversed(list(tail)), 0.0]
    shares = []
    for weight, rank in zip(weights, ranks, strict=True):
        within = bisect.bisect_right(falls, margin - rank)
        beyond = beyond_sums[within] * math.exp(best - rank + margin) if beyond_sums[within] else 0.0
        shares.append(weight / (within_sums[within - 1] + beyond))
    return tuple(shares)


def prior_weight(prominence: float, names: int = 1, agreeing: int = 1) -> float:
    """A candidate's weight in the prior: prominence plus 1, times its number of names, times
    the number of them that agree with the query (each at least 1).

    >>> prior_weight(3), prior_weight(3, 2, 5), prior_weight(-1, 0, 0)
    (4.0, 40.0, 1.0)
    """
    return (max(0.0, float(prominence)) + 1.0) * max(1, names) * max(1, agreeing)


def rival_share(named: Sequence[tuple[float, float]], rivals: Sequence[tuple[float, float]]) -> float:
    """The probability that a query means one of the candidates ``named`` (those that bear a
    name equal to it) rather than one of the ``rivals`` (candidates it comes close to through
    several of their names), each given as (model log-odds before the prior, prior weight):
    by Bayes' rule, each candidate's odds times its weight, summed by side.

    The model's odds say how well a candidate's name matches, the weight how often the
    candidate is meant: an exact name of a village against several spellings of a capital
    one letter away leaves the village a small part; against a capital whose names are far
    from the query (low odds), nearly all.

    >>> round(rival_share([(4.0, 1.0)], [(1.0, 50.0)]), 3)  # e^4 against 50 e
    0.287
    >>> round(rival_share([(4.0, 1.0)], [(-4.0, 50.0)]), 3)
    0.984
    >>> rival_share([(4.0, 1.0)], [])
    1.0
    """
    if not rivals:
        return 1.0
    # Relative to the largest log-odds, so that no exponent overflows.
    top = max(odds for odds, _ in (*named, *rivals))
    mine = math.fsum(math.exp(odds - top) * weight for odds, weight in named)
    theirs = math.fsum(math.exp(odds - top) * weight for odds, weight in rivals)
    return mine / (mine + theirs) if mine + theirs > 0 else 0.0


def namesake_cap(entities_sharing: int) -> float:
    """The most a candidate can be trusted when ``entities_sharing`` entities have the
    name it matched and nothing else tells them apart.

    >>> namesake_cap(4)
    0.25
    """
    return 1.0 / max(1, entities_sharing)


def apply_share(score: float, share: float, informed: bool) -> tuple[float, float]:
    """A candidate's confidence once its prior is known, and the change of log-odds.

    With a prominence prior (``informed``) the odds of ``score`` are multiplied by the
    candidate's ``share``; without one, ``share`` is the namesake cap and bounds ``score``.

    >>> round(apply_share(0.9, 0.5, informed=True)[0], 3), apply_share(0.9, 0.5, informed=False)[0]
    (0.818, 0.5)
    >>> apply_share(0.3, 0.5, informed=False)
    (0.3, 0.0)
    """
    if informed:
        change = math.log(share) if share > 0 else -math.inf
        new = sigmoid(logit(score) + change) if share > 0 else 0.0
    else:
        new = min(score, share)
    if new == score:
        return score, 0.0
    return new, logit(new) - logit(score)


def share_of_name(score: float, share: float) -> tuple[float, float]:
    """The confidence of one of several candidates that the query names equally (each has
    a name equal to it), and the change of log-odds.

    The name is the same evidence for every one of them, so the probability that the query
    means this one is the probability that it means a bearer of the name at all (``score``,
    the model's confidence in the match) times this one's ``share`` of the prior among the
    bearers: at most the share, and two equally prominent namesakes stay at most 1/2 each.
    (Multiplying the odds instead, as :func:`apply_share` does for candidates that match
    differently, let a namesake of share 1/2 reach 0.9.)

    >>> round(share_of_name(0.9, 0.5)[0], 3), share_of_name(0.9, 1.0)
    (0.45, (0.9, 0.0))
    """
    new = score * share
    if new == score:
        return score, 0.0
    return new, logit(new) - logit(score)


def share_of_shared_name(score: float, share: float, name_share: float) -> tuple[float, float]:
    """The confidence of a candidate that the query comes close to through a name other
    candidates bear too, and the change of log-odds.

    The comparison is the same for every bearer of that name, so, as for a name equal to the
    query (:func:`share_of_name`), the prior splits its evidence: the odds that the query
    means a bearer of the name at all are the model's odds times the bearers' summed
    ``name_share`` among the candidates (:func:`apply_share`: the name competes with the
    other names the query comes close to), and this one gets its part of that, ``share``
    over ``name_share``. Multiplying this candidate's odds by its own share instead let the
    more prominent of two namesakes keep most of the confidence, more than a query equal to
    their name would give it.

    >>> round(share_of_shared_name(0.9, 0.6, 1.0)[0], 3), round(apply_share(0.9, 0.6, True)[0], 3)
    (0.54, 0.844)
    >>> round(share_of_shared_name(0.9, 0.3, 0.5)[0], 3)  # 0.9 -> odds 9 * 0.5 -> 0.818, * 0.3 / 0.5
    0.491
    """
    bearers, _ = apply_share(score, name_share, informed=True)
    new, _ = share_of_name(bearers, share / name_share if name_share > 0 else 0.0)
    if new == score:
        return score, 0.0
    return new, logit(new) - logit(score)


def exclusive_scores(scores: Sequence[float]) -> list[float]:
    """Confidences of one query's candidates, best first, capped so that they add up to
    at most 1: each is at most what the ones before it leave (the first is unchanged).

    >>> exclusive_scores([0.7, 0.6, 0.2])
    [0.7, 0.30000000000000004, 0.0]
    """
    out: list[float] = []
    left = 1.0
    for score in scores:
        kept = max(0.0, min(score, left))
        out.append(kept)
        left -= kept
    return out
