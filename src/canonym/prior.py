"""The prominence prior: which of several candidates a query most likely means, before
the names are compared.

A name alone cannot tell Paris, France from Paris, Texas, or London from London, Ontario:
the query is as close to one as to the other. What can is how often each is meant, and a
registry's ``prominence`` (population for places, Wikidata sitelinks for people and
organisations, see docs/registry.md) stands for that. When every candidate of a query has a
prominence, the prior of candidate *e* is its share of the prominence of the candidates
that match as well as it does (those matched through a name equal to the query, else all
the others: a poor match to a big city must not dilute an exact name of a smaller one),

    share(e) = (prominence(e) + 1) / sum over those candidates of (prominence + 1),

the probability that a mention picked at random means *e* if mentions follow prominence
(the +1 keeps an entity of prominence 0 possible). It enters by Bayes' rule, in log-odds:
the resolver ranks the candidates by the model's rank plus ``log share`` (a name equal to
the query still comes before any other) and gives each the confidence whose odds are the
model's odds times the share (:func:`apply_share`). Fitted freely on either half of the
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

import math
from collections.abc import Sequence

from canonym.model import logit, sigmoid

__all__ = ["apply_share", "candidate_shares", "exclusive_scores", "namesake_cap"]


def candidate_shares(prominences: Sequence[float | None]) -> tuple[float, ...] | None:
    """Each candidate's share of the candidates' prominence (each plus 1), or None when
    any of them has none (or there are none).

    >>> candidate_shares([3, 1, 0])
    (0.5714285714285714, 0.2857142857142857, 0.14285714285714285)
    """
    if not prominences or any(p is None for p in prominences):
        return None
    weights = [max(0.0, float(p or 0.0)) + 1.0 for p in prominences]
    total = math.fsum(weights)
    return tuple(w / total for w in weights)


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
