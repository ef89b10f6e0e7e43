"""Fit canonym's scoring model on the development evaluation data and write model.json.

    python benchmarks/calibrate.py                      # fit, report nested held-out figures
    python benchmarks/calibrate.py --rows /tmp/rows.pkl # ... keep the candidates for next time
    python benchmarks/calibrate.py --write              # ... and write src/canonym/data/model.json
    python benchmarks/calibrate.py --criteria hard soft # ... and compare threshold criteria

Two logistic regressions (L2-regularised, fitted by Newton's method):

- the rank model orders the candidate entities of a query: one row per candidate, label
  "this candidate is the expected entity";
- the confidence model scores a candidate: one row per query (its rank winner), label "the
  winner is right", with the candidate's margin over the best other as an extra feature.
  canonym answers with the most confident candidate, and this script judges its answers
  the same way.

Every feature comes from canonym.features, the functions the resolver uses. Only
aggregate feature values are learnt (a few dozen weights); no query text is stored.

The honest estimate of quality on unseen queries is nested: the queries are split in two
halves by entity, and on each half the whole procedure (fit, choose the default thresholds
on the half's own cross-validated answers) runs before the other half is answered; see
docs/quality.md. The thresholds are chosen by one function, choose_thresholds, for the
shipped model and inside every training half, by the criterion CRITERION names.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry, Resolver
from canonym.features import FEATURES, decision_features
from canonym.model import model_from_json
from evaldata import REGISTRY, SETS, Metrics, Outcome, load_queries, metrics
from small_registries import grouped_registries

MODEL = Path(__file__).resolve().parents[1] / "src" / "canonym" / "data" / "model.json"
# Hand-checked cases from the seed articles (tests/golden/README.md): the default thresholds
# must keep every one of them, so that the garbled spellings of the seeds resolve and their
# near-misses and namesakes do not. They bound the thresholds; they are not fitted on.
GOLDEN = Path(__file__).resolve().parents[1] / "tests" / "golden"
GOLDEN_FILES = ("seed_variants.json", "forms.json", "negative.json")
# The direction each feature's effect must have, whatever the data say: +1, more of it is
# never worse (coverage, similarity); -1, more of it is never better (substituted words,
# edit distance); 0, free. With these constraints a name spelt further from an alias can
# never score above one spelt closer, and a namesake's conflicting given name can only
# lower a score (the evaluation data's noisy "other identity" aliases cannot teach otherwise).
DIRECTION = {
    "query_coverage": 1,
    "alias_coverage": 1,
    "whole_name": 1,
    "weakest_pair": 1,
    "matched_words": 1,
    "exact": 1,
    "rarity": 1,
    "margin": 1,
    "substitution": -1,
    "first_word_conflict": -1,
    "unmatched_words": -1,
    "key_distance": -1,
    "initial_mismatch": -1,
    "ambiguous": -1,
    "unexplained": -1,
}
_CONTINUOUS = (
    "query_coverage",
    "alias_coverage",
    "whole_name",
    "weakest_pair",
    "substitution",
    "unmatched_words",
    "matched_words",
    "key_distance",
    "rarity",
    "short",
    "margin",
    "known_names",
)
# Each continuous feature gets one ramp per segment, so its effect may bend at the knots.
_SEGMENTS = ((0.0, 0.25), (0.25, 0.5), (0.5, 0.75), (0.75, 1.0))


def _terms(features: tuple[str, ...], interactions: tuple[str, ...]) -> tuple[str, ...]:
    """Ramps for the continuous features, the others as they are, then some products."""
    out: list[str] = []
    for f in features:
        if f in _CONTINUOUS:
            out.extend(f"{f}@{lo}:{hi}" for lo, hi in _SEGMENTS)
        else:
            out.append(f)
    return (*out, *interactions)


def sign_of(term: str) -> int:
    """The sign a term's weight must have (0: free), from its features' directions."""
    signs = {DIRECTION.get(part.split("@")[0], 0) for part in term.split("*")} - {0}
    return signs.pop() if len(signs) == 1 else 0


RANK_FEATURES = _terms(
    tuple(f for f in FEATURES if f not in ("margin", "ambiguous", "single_word", "short")),
    (),
)
CONF_FEATURES = _terms(
    FEATURES,
    (
        "substitution*single_word",
        "query_coverage*place",
        "alias_coverage*place",
        "whole_name*place",
        "key_distance*place",
        "margin*place",
        "unmatched_words*organization",
        "query_coverage*organization",
        "alias_coverage*organization",
        "substitution*organization",
        "weakest_pair*organization",
        "margin*organization",
        "known_names*place",
        "single_word*place",
        "key_distance*single_word",
        "first_word_conflict*organization",
        "first_word_conflict*place",
    ),
)
CANDIDATES = 8
# The confidence model also learns from the same queries answered against small registries
# (SMALL entities, made per group of queries by benchmarks/small_registries.py): with few
# rival entities, a namesake's margin is large, and a model that only saw a 13,000-entity
# registry trusts the margin too much there.
SMALL = 50
SMALL_SEED = 5
THRESHOLD = 0.5
# The most negatives a default threshold may let through on held-out queries: the
# product's stated tolerance for false links, stricter for people and organisations.
TOLERANCE = {"persons+orgs": 0.05, "places": 0.10}
# The share of variants the product aims to get right at those tolerances.
RECALL_TARGET = {"persons+orgs": 0.65, "places": 0.60}
# The family of the model: the features and the form of the terms. A change to either is a
# new family; a refit within it changes only the digest after it (see model_version).
MODEL_FAMILY = "logistic-v1"
GRID = tuple(round(0.5 + 0.01 * i, 2) for i in range(46))


@dataclass
class QueryRows:
    group: str
    expect: str | None
    ids: list[str]
    features: list[dict[str, float]]
    text: str = ""
    rank_x: np.ndarray | None = None  # the rank terms of the candidates, computed once

    def rank_terms(self) -> np.ndarray:
        if self.rank_x is None:
            self.rank_x = matrix(self.features, RANK_FEATURES)
        return self.rank_x


def collect(resolver: Resolver) -> list[QueryRows]:
    rows = []
    for group, path in SETS.items():
        for q in load_queries(path):
            found = resolver.candidates(q.text, limit=CANDIDATES)
            rows.append(
                QueryRows(
                    group,
                    q.expect,
                    [m.entity.id for m in found],
                    [dict(m.evidence.features) for m in found],
                    q.text,
                )
            )
    return rows


def collect_small(full: Registry, rows: list[QueryRows]) -> list[QueryRows]:
    """The ``rows`` of :func:`collect` again, each query answered against a small registry
    made for its group (with the entity ``rows`` ranks first for each query); in the same
    order, so folds match."""
    texts = [q.text for path in SETS.values() for q in load_queries(path)]
    confusable = {text: row.ids[0] for text, row in zip(texts, rows) if row.ids}
    found_in: dict[tuple[str, int], QueryRows] = {}
    for group, chunk, registry in grouped_registries(SMALL, full, confusable, SMALL_SEED):
        small = Resolver(registry)
        for i, q in chunk:
            found = small.candidates(q.text, limit=CANDIDATES)
            found_in[group, i] = QueryRows(
                group,
                q.expect,
                [m.entity.id for m in found],
                [dict(m.evidence.features) for m in found],
                q.text,
            )
    return [found_in[group, i] for group, path in SETS.items() for i in range(len(load_queries(path)))]


def _newton(xb: np.ndarray, y: np.ndarray, reg: np.ndarray) -> np.ndarray:
    w = np.zeros(xb.shape[1])
    for _ in range(100):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return w


def fit_logistic(x: np.ndarray, y: np.ndarray, terms: tuple[str, ...], l2: float = 1.0) -> np.ndarray:
    """Weights (bias first) of an L2-regularised logistic regression whose term weights
    keep the signs :func:`sign_of` requires: a term fitted with the wrong sign is fixed at 0
    and the rest refitted, until none is wrong (an active-set method)."""
    xb = np.hstack([np.ones((len(x), 1)), x])
    signs = np.array([0, *(sign_of(t) for t in terms)])
    free = np.ones(xb.shape[1], dtype=bool)
    while True:
        reg = np.full(int(free.sum()), l2)
        reg[0] = 1e-6
        w = np.zeros(xb.shape[1])
        w[free] = _newton(xb[:, free], y, reg)
        wrong = free & (signs * w < 0)
        if not wrong.any():
            return w
        free &= ~wrong


def matrix(feats: list[dict[str, float]], names: tuple[str, ...]) -> np.ndarray:
    """One row per feature dict, one column per term: :func:`canonym.model.term_value`,
    computed with the same operations in the same order, a column at a time."""
    values = np.array([[f.get(name, 0.0) for name in FEATURES] for f in feats], dtype=float).reshape(
        -1, len(FEATURES)
    )
    column = {name: values[:, j] for j, name in enumerate(FEATURES)}
    out = np.empty((len(feats), len(names)))
    for k, term in enumerate(names):
        value = np.ones(len(feats))
        for part in term.split("*"):
            name, _, span = part.partition("@")
            x = column[name]
            if span:
                lo, _, hi = span.partition(":")
                x = np.maximum(0.0, x - float(lo))
                if hi:
                    x = np.minimum(x, float(hi) - float(lo))
            value = value * x
        out[:, k] = value
    return out


def candidate_features(q: QueryRows, rank_w: np.ndarray) -> tuple[list[dict[str, float]], list[int]]:
    """Each candidate's confidence features as the resolver computes them (its margin is
    its rank lead over the best other candidate), and the candidates' rank order."""
    logits = rank_w[0] + q.rank_terms() @ rank_w[1:]
    order = [int(i) for i in np.argsort(-logits, kind="stable")]
    out = []
    for i, feats in enumerate(q.features):
        others = [j for j in order[:2] if j != i]  # the best candidate other than this one
        out.append(
            # The decision features come from the function the resolver uses
            # (canonym.features); whether the name is shared is a fact of the registry,
            # which the resolver recorded.
            decision_features(
                feats,
                rank_gap=float(logits[i] - logits[others[0]]) if others else None,
                shared_name=feats["ambiguous"] == 1.0,
            )
        )
    return out, order


Decision = tuple[int, dict[str, float], float]


def decide_all(
    queries: Sequence[QueryRows], rank_w: np.ndarray, conf_w: np.ndarray | None = None
) -> list[Decision | None]:
    """Each query's answer (candidate index), its confidence features and confidence: with
    ``conf_w``, the most confident candidate, as the resolver answers (ties go to the better
    ranked); without, the rank model's winner (what the confidence model is fitted on)."""
    tables = [candidate_features(q, rank_w) if q.ids else None for q in queries]
    if conf_w is None:
        return [None if t is None else (t[1][0], t[0][t[1][0]], 0.0) for t in tables]
    flat = [f for t in tables if t is not None for f in t[0]]
    z = conf_w[0] + matrix(flat, CONF_FEATURES) @ conf_w[1:]
    conf = 1 / (1 + np.exp(-z))
    out: list[Decision | None] = []
    at = 0
    for t in tables:
        if t is None:
            out.append(None)
            continue
        feats, order = t
        mine = conf[at : at + len(feats)]
        at += len(feats)
        best = max(order, key=lambda i: mine[i])  # the first of the best in rank order
        out.append((best, feats[best], float(mine[best])))
    return out


def fit(queries: Sequence[QueryRows], small: Sequence[QueryRows] = ()) -> tuple[np.ndarray, np.ndarray]:
    """The rank model, fitted on ``queries``; the confidence model, on the winners of
    ``queries`` and of ``small`` (the same queries against small registries)."""
    labels = np.array([float(i == q.expect) for q in queries for i in q.ids])
    x = np.vstack([q.rank_terms() for q in queries if q.ids])
    rank_w = fit_logistic(x, labels, RANK_FEATURES)
    both = [*queries, *small]
    conf_rows, conf_labels = [], []
    for q, decided in zip(both, decide_all(both, rank_w)):
        if decided is not None:
            best, f, _ = decided
            conf_rows.append(f)
            conf_labels.append(float(q.ids[best] == q.expect))
    conf_w = fit_logistic(matrix(conf_rows, CONF_FEATURES), np.array(conf_labels), CONF_FEATURES)
    return rank_w, conf_w


def typed_outcomes(
    queries: Sequence[QueryRows], rank_w: np.ndarray, conf_w: np.ndarray
) -> dict[str, list[tuple[Outcome, bool]]]:
    """Per query set, each query's answer and whether the answer is a place (the runtime
    judges an answer by the threshold of its own type)."""
    out: dict[str, list[tuple[Outcome, bool]]] = {}
    for q, decided in zip(queries, decide_all(queries, rank_w, conf_w)):
        if decided is None:
            item = (Outcome(q.expect, None, 0.0), False)
        else:
            best, f, confidence = decided
            item = (Outcome(q.expect, q.ids[best], confidence), f.get("place", 0.0) == 1.0)
        out.setdefault(q.group, []).append(item)
    return out


def outcomes(queries: list[QueryRows], rank_w: np.ndarray, conf_w: np.ndarray) -> dict[str, list[Outcome]]:
    return {g: [o for o, _ in items] for g, items in typed_outcomes(queries, rank_w, conf_w).items()}


def judged(items: list[tuple[Outcome, bool]], others: float, places: float) -> list[Outcome]:
    """Outcomes with answers below their type's threshold turned into abstentions."""
    return [
        o
        if o.answer is not None and o.confidence >= (places if is_place else others)
        else Outcome(o.expect, None, 0.0)
        for o, is_place in items
    ]


@dataclass(frozen=True)
class Golden:
    """One hand-checked case answered by the default registry: what it must resolve to, and
    the best candidate's entity id, whether it is a place, and its confidence."""

    label: str
    expected: str | None
    answer: str | None
    is_place: bool
    confidence: float

    def holds(self, others: float, places: float) -> bool:
        accepted = self.answer is not None and self.confidence >= (places if self.is_place else others)
        return (self.answer if accepted else None) == self.expected


def golden_answers(model: dict[str, object]) -> list[Golden]:
    """The golden cases that must resolve with the default thresholds, answered with
    ``model`` on the bundled registry."""
    default = Resolver.default()
    resolver = Resolver._assemble(default.registry, default.index, model_from_json(json.dumps(model)))
    out = []
    for name in GOLDEN_FILES:
        for case in json.loads((GOLDEN / name).read_text(encoding="utf-8")):
            if case["expect"] != "pass":
                continue
            found = resolver.candidates(case["input"], limit=1)
            best = found[0] if found else None
            out.append(
                Golden(
                    case["label"],
                    case["expected"],
                    None if best is None else best.entity.id,
                    best is not None and best.entity.type == "place",
                    0.0 if best is None else best.score,
                )
            )
    return out


@dataclass(frozen=True)
class Criterion:
    """How a pair of default thresholds is judged against the tolerance of false accepts.

    ``smooth`` > 0 counts a negative as accepted by a logistic step of that width around its
    threshold instead of a hard one; ``z`` > 0 requires the Wilson upper bound of the share
    of negatives accepted, ``z`` standard errors up, to keep the tolerance instead of the
    share itself; ``bags`` > 0 makes the choice on that many bootstrap resamples of the
    answers (positives and negatives resampled apart, the same queries for the held-out and
    the shipped model's answers) and takes the median of each threshold; ``tail`` > 0
    estimates the share of negatives accepted at a threshold from a fitted tail instead of
    counting them: of the negatives answered with a confidence of at least ``tail``, the
    excess of the confidence's logit over ``tail``'s is taken to be exponential (the
    peaks-over-threshold model of a distribution's upper tail), its mean fitted on all of
    them, so that the estimate rests on every high-scoring negative and not only on the few
    beyond the threshold."""

    smooth: float = 0.0
    z: float = 0.0
    bags: int = 0
    tail: float = 0.0

    def describe(self) -> str:
        if self.tail:
            parts = [f"exponential tail of the logits above {self.tail}"]
        else:
            parts = [f"soft count (width {self.smooth})" if self.smooth else "hard count"]
        if self.z:
            parts.append(f"Wilson upper bound at z = {self.z}")
        if self.bags:
            parts.append(f"median of {self.bags} bootstrap choices")
        return ", ".join(parts)


# The criteria --criteria can compare in the nested estimate (docs/quality.md).
CRITERIA = {
    "hard": Criterion(),
    "soft": Criterion(smooth=0.05),
    "wilson": Criterion(z=1.0),
    "bagged": Criterion(bags=101),
    "bagged-soft": Criterion(smooth=0.05, bags=101),
    "tail": Criterion(tail=0.3),
    "tail-bagged": Criterion(tail=0.3, bags=101),
}
# The criterion the shipped thresholds are chosen by: over 20 training halves it moves the
# places threshold least (sd 0.043 against 0.058 for the hard count) for the same held-out
# figures (docs/quality.md).
CRITERION = "tail-bagged"
BAG_SEED = 11


@dataclass(frozen=True)
class _Judged:
    """A query set's answers as arrays, to judge every pair of thresholds at once."""

    confidence: np.ndarray
    is_place: np.ndarray
    right: np.ndarray  # answered with the expected entity (positives only)
    negative: np.ndarray  # a negative that got an answer
    positive: np.ndarray  # a query that expects an entity

    @classmethod
    def of(cls, items: list[tuple[Outcome, bool]]) -> _Judged:
        answered = np.array([o.answer is not None for o, _ in items])
        positive = np.array([o.expect is not None for o, _ in items])
        return cls(
            np.array([o.confidence for o, _ in items]),
            np.array([p for _, p in items]),
            answered & positive & np.array([o.answer == o.expect for o, _ in items]),
            answered & ~positive,
            positive,
        )

    def rates(self, criterion: Criterion, weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Share of positives right and of negatives accepted (as ``criterion`` counts
        them) for every pair of thresholds in GRID x GRID (people and organisations, places),
        each answer judged by its own type's threshold; ``weight``: each query's count."""
        w = np.ones(len(self.confidence)) if weight is None else weight
        grid = np.array(GRID)[:, None]
        step = (self.confidence[None, :] >= grid).astype(float)  # GRID x answers
        if criterion.smooth > 0:
            # Clipped so that far-off answers do not overflow exp: they count 0 or 1.
            soft = 1 / (1 + np.exp(-np.clip((self.confidence[None, :] - grid) / criterion.smooth, -50, 50)))
        else:
            soft = step

        def by_type(accepted: np.ndarray, counted: np.ndarray) -> np.ndarray:
            # Answers that are not places meet the first threshold, places the second.
            other = accepted @ (w * counted * ~self.is_place)
            place = accepted @ (w * counted * self.is_place)
            out: np.ndarray = other[:, None] + place[None, :]
            return out

        positives = max(1.0, float(w[self.positive].sum()))
        negatives = max(1.0, float(w[~self.positive].sum()))
        right = by_type(step, self.right) / positives
        share = by_type(soft, self.negative) / negatives
        if criterion.tail > 0:
            share = self._tail_share(criterion.tail, w, negatives, share)
        if criterion.z > 0:
            share = _wilson_upper(share, negatives, criterion.z)
        return right, share

    def _tail_share(self, base: float, w: np.ndarray, negatives: float, counted: np.ndarray) -> np.ndarray:
        """Share of negatives accepted at every pair of thresholds from the exponential
        tail (see :class:`Criterion`); ``counted`` when no negative reaches ``base``."""
        above = self.negative & (self.confidence >= base) & (w > 0)
        if not above.any():
            return counted
        logit = np.log(np.clip(self.confidence, 1e-9, 1 - 1e-9) / np.clip(1 - self.confidence, 1e-9, 1))
        start = np.log(base / (1 - base))
        scale = float(np.average(logit[above] - start, weights=w[above]))
        if scale <= 0:
            return counted
        grid = np.array(GRID)
        beyond = np.exp(-(np.log(grid / (1 - grid)) - start) / scale)  # P(logit >= t | >= base)
        other = beyond * float(w[above & ~self.is_place].sum())
        place = beyond * float(w[above & self.is_place].sum())
        out: np.ndarray = (other[:, None] + place[None, :]) / negatives
        return out


def _wilson_upper(share: np.ndarray, n: float, z: float) -> np.ndarray:
    """The Wilson score interval's upper end for an observed share of ``n`` trials."""
    centre = share + z * z / (2 * n)
    spread = z * np.sqrt(np.maximum(share * (1 - share), 0.0) / n + z * z / (4 * n * n))
    out: np.ndarray = (centre + spread) / (1 + z * z / n)
    return out


def _best_pair(
    sets: dict[str, tuple[_Judged, _Judged]],
    allowed: np.ndarray,
    criterion: Criterion,
    weights: dict[str, np.ndarray] | None = None,
) -> tuple[int, int] | None:
    """Indices into GRID of the best pair (see :func:`choose_thresholds`), or None."""
    feasible = allowed.copy()
    ratio = np.full(allowed.shape, np.inf)
    total = np.zeros(allowed.shape)
    for g, (held, own) in sets.items():
        w = None if weights is None else weights[g]
        right, negatives = held.rates(criterion, w)
        _, own_negatives = own.rates(criterion, w)
        feasible &= (negatives <= TOLERANCE[g]) & (own_negatives <= TOLERANCE[g])
        ratio = np.minimum(ratio, right / RECALL_TARGET[g])
        total = total + right * (held.positive.sum() if w is None else w[held.positive].sum())
    if not feasible.any():
        return None
    # Closest to both recall targets first, then the most variants right in all; the first
    # such pair in GRID order (the lowest thresholds).
    best_ratio = ratio[feasible].max()
    tied = feasible & (ratio == best_ratio)
    best_total = total[tied].max()
    o, p = np.argwhere(tied & (total == best_total))[0]
    return int(o), int(p)


def _resample(judged: _Judged, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap counts of each query: positives and negatives resampled apart."""
    counts = np.zeros(len(judged.confidence))
    for group in (judged.positive, ~judged.positive):
        members = np.flatnonzero(group)
        if len(members):
            counts += np.bincount(rng.choice(members, len(members)), minlength=len(counts))
    return counts


def choose_thresholds(
    held: dict[str, list[tuple[Outcome, bool]]],
    shipped: dict[str, list[tuple[Outcome, bool]]],
    golden: Sequence[Golden] = (),
    criterion: Criterion = CRITERIA[CRITERION],
) -> tuple[float, float]:
    """The (people and organisations, places) thresholds that keep both query sets within
    their tolerance of false accepts and come closest to both recall targets (on held-out
    answers), judging each answer by its own type's threshold as the runtime does.

    The tolerance must hold both for the held-out answers and for the answers of the model
    that ships (fitted on all the data, the same queries in the same order), whose scores
    differ slightly: a pair that only one of them keeps within tolerance is too close to the
    edge to promise. Every ``golden`` case must hold as well. ``criterion`` says how the
    negatives accepted are counted and whether the choice is bagged (:class:`Criterion`);
    this is the one chooser for the shipped thresholds and for the nested estimate."""
    sets = {g: (_Judged.of(items), _Judged.of(shipped[g])) for g, items in held.items() if g in TOLERANCE}
    for g, (h, own) in sets.items():
        if not np.array_equal(h.positive, own.positive):
            raise ValueError(f"{g}: held-out and shipped answers are not the same queries")
    allowed = np.array([[all(case.holds(o, p) for case in golden) for p in GRID] for o in GRID], dtype=bool)
    if criterion.bags == 0:
        best = _best_pair(sets, allowed, criterion)
        return (GRID[-1], GRID[-1]) if best is None else (GRID[best[0]], GRID[best[1]])
    rng = np.random.default_rng(BAG_SEED)
    chosen = []
    for _ in range(criterion.bags):
        weights = {g: _resample(h, rng) for g, (h, _) in sets.items()}
        best = _best_pair(sets, allowed, criterion, weights)
        chosen.append((len(GRID) - 1, len(GRID) - 1) if best is None else best)
    # The median of an odd number of grid indices is a grid index; each threshold's golden
    # cases allow an interval of it, so the medians keep them.
    o, p = (int(np.median([c[i] for c in chosen])) for i in (0, 1))
    return GRID[o], GRID[p]


def resampled(
    held: dict[str, list[tuple[Outcome, bool]]],
    shipped: dict[str, list[tuple[Outcome, bool]]],
    rng: np.random.Generator,
) -> tuple[dict[str, list[tuple[Outcome, bool]]], dict[str, list[tuple[Outcome, bool]]]]:
    """A bootstrap resample of the queries (positives and negatives apart), the same
    queries for the held-out answers and the shipped model's."""
    new_held, new_shipped = {}, {}
    for g, items in held.items():
        counts = _resample(_Judged.of(items), rng).astype(int)
        picked = np.repeat(np.arange(len(items)), counts)
        new_held[g] = [items[i] for i in picked]
        new_shipped[g] = [shipped[g][i] for i in picked]
    return new_held, new_shipped


def choice_spread(
    held: dict[str, list[tuple[Outcome, bool]]],
    shipped: dict[str, list[tuple[Outcome, bool]]],
    golden: Sequence[Golden],
    criterion: Criterion,
    resamples: int,
) -> list[tuple[float, float]]:
    """The thresholds ``criterion`` chooses on bootstrap resamples of all the queries: how
    much the shipped choice would move with another sample of the same size."""
    rng = np.random.default_rng(BAG_SEED + 1)
    return [choose_thresholds(*resampled(held, shipped, rng), golden, criterion) for _ in range(resamples)]


def fold_of(q: QueryRows, salt: str = "") -> int:
    """The query's fold: by expected entity, so that no entity has queries on both sides
    (a negative, whose entity is not in the registry, by its text)."""
    # Not by query set: the places and the non-Latin places expect some of the same cities.
    key = f"{salt}{q.expect if q.expect is not None else 'negative:' + q.text}".encode()
    return hashlib.sha1(key).digest()[0] & 1


def split(
    queries: Sequence[QueryRows], small: Sequence[QueryRows], salt: str
) -> list[tuple[list[QueryRows], list[QueryRows]]]:
    """The two folds of ``queries`` and of their small-registry twins, split by entity."""
    return [
        (
            [q for q in queries if fold_of(q, salt) == k],
            [s for q, s in zip(queries, small) if fold_of(q, salt) == k],
        )
        for k in (0, 1)
    ]


def held_out(
    queries: Sequence[QueryRows], small: Sequence[QueryRows], salt: str
) -> tuple[dict[str, list[tuple[Outcome, bool]]], dict[str, list[tuple[Outcome, bool]]]]:
    """2-fold cross-validated answers (fit on one half, answer the other) on the full
    registry and on the small registries, per query set in the order of ``queries``."""
    answers: list[dict[str, list[tuple[Outcome, bool]]]] = []
    answers_small: list[dict[str, list[tuple[Outcome, bool]]]] = []
    folds = split(queries, small, salt)
    for k in (0, 1):
        rank_w, conf_w = fit(*folds[1 - k])
        answers.append(typed_outcomes(folds[k][0], rank_w, conf_w))
        answers_small.append(typed_outcomes(folds[k][1], rank_w, conf_w))

    Typed = dict[str, list[tuple[Outcome, bool]]]

    def in_order(per_fold: list[Typed]) -> Typed:
        taken = {(k, g): iter(items) for k, fold in enumerate(per_fold) for g, items in fold.items()}
        out: dict[str, list[tuple[Outcome, bool]]] = {}
        for q in queries:
            out.setdefault(q.group, []).append(next(taken[fold_of(q, salt), q.group]))
        return out

    return in_order(answers), in_order(answers_small)


@dataclass(frozen=True)
class NestedFold:
    """One outer fold of the nested procedure: the thresholds chosen inside its training
    half (per criterion) and the test half's answers."""

    thresholds: dict[str, tuple[float, float]]
    test: dict[str, list[tuple[Outcome, bool]]]
    test_small: dict[str, list[tuple[Outcome, bool]]]


def nested(
    queries: Sequence[QueryRows], small: Sequence[QueryRows], salt: str, criteria: Sequence[str]
) -> list[NestedFold]:
    """The whole calibration repeated inside each training half: fit the models on it,
    choose the thresholds on its own cross-validated answers (split by entity again) and on
    the fitted model's own answers, with the golden cases, then answer the test half."""
    out = []
    for k, (train, train_small) in enumerate(split(queries, small, salt)):
        test, test_small = split(queries, small, salt)[1 - k]
        rank_w, conf_w = (np.round(w, 4) for w in fit(train, train_small))
        inner, _ = held_out(train, train_small, salt + "inner")
        own = typed_outcomes(train, rank_w, conf_w)
        golden = golden_answers(as_model(rank_w, conf_w, {"persons+orgs": 0.5, "places": 0.5}))
        chosen = {c: choose_thresholds(inner, own, golden, CRITERIA[c]) for c in criteria}
        out.append(
            NestedFold(
                chosen, typed_outcomes(test, rank_w, conf_w), typed_outcomes(test_small, rank_w, conf_w)
            )
        )
    return out


def report(title: str, results: dict[str, list[Outcome]]) -> None:
    print(title)
    for group, items in results.items():
        m = metrics(items, THRESHOLD)
        ece = "n/a" if m.ece is None else f"{m.ece:.3f}"
        print(f"  {group:20s} right {m.right:.3f}  negatives accepted {m.negatives_accepted:.3f}  ECE {ece}")


def as_model(rank_w: np.ndarray, conf_w: np.ndarray, thresholds: dict[str, float]) -> dict[str, object]:
    def pack(w: np.ndarray, names: tuple[str, ...]) -> dict[str, object]:
        return {
            "bias": round(float(w[0]), 4),
            "weights": {n: round(float(v), 4) for n, v in zip(names, w[1:])},
        }

    fitted = {
        "thresholds": {
            "person": thresholds["persons+orgs"],
            "organization": thresholds["persons+orgs"],
            "place": thresholds["places"],
        },
        "rank": pack(rank_w, RANK_FEATURES),
        "confidence": pack(conf_w, CONF_FEATURES),
    }
    return {
        "comment": "Fitted by benchmarks/calibrate.py on benchmarks/data (see docs/quality.md); do not edit.",
        "version": model_version(fitted),
        **fitted,
    }


def model_version(fitted: dict[str, object]) -> str:
    """The model's version: the model family, then a digest of its weights and thresholds,
    so that any refit that changes an answer changes the version."""
    digest = hashlib.sha1(json.dumps(fitted, sort_keys=True).encode("utf-8")).hexdigest()[:8]
    return f"{MODEL_FAMILY}+{digest}"


def load_rows(path: Path | None) -> tuple[list[QueryRows], list[QueryRows]]:
    """The candidates of every query on the full and on the small registries: collected,
    or read from ``path`` when a previous run saved them there (they depend on the code and
    the data only; delete the file after changing either)."""
    if path is not None and path.exists():
        with path.open("rb") as handle:
            saved: tuple[list[QueryRows], list[QueryRows]] = pickle.load(handle)
        return saved
    full = Registry.from_files([REGISTRY])
    queries = collect(Resolver(full))
    small = collect_small(full, queries)
    if path is not None:
        with path.open("wb") as handle:
            pickle.dump((queries, small), handle)
    return queries, small


def pooled(folds: Sequence[NestedFold], criterion: str, small: bool = False) -> dict[str, Metrics]:
    """Each query set's figures over both test halves, each judged by the thresholds
    chosen without it."""
    out: dict[str, list[Outcome]] = {}
    for fold in folds:
        others, places = fold.thresholds[criterion]
        for group, items in (fold.test_small if small else fold.test).items():
            out.setdefault(group, []).extend(judged(items, others, places))
    return {g: metrics(items) for g, items in out.items() if g in TOLERANCE}


def report_nested(runs: dict[str, list[NestedFold]], criteria: Sequence[str]) -> None:
    """The nested held-out figures and how far the thresholds move, per criterion."""
    print("nested held-out (thresholds chosen inside each training half, split by entity):")
    for criterion in criteria:
        shipped = " (the shipped criterion)" if criterion == CRITERION else ""
        print(f"  criterion {criterion}: {CRITERIA[criterion].describe()}{shipped}")
        chosen = [fold.thresholds[criterion] for folds in runs.values() for fold in folds]
        for label, i in (("people and organisations", 0), ("places", 1)):
            values = sorted(t[i] for t in chosen)
            print(
                f"    {label} threshold over {len(values)} training halves: "
                f"{', '.join(f'{v:.2f}' for v in values)} (range {values[-1] - values[0]:.2f}, "
                f"sd {np.std(values, ddof=1):.3f})"
            )
        for registry, small in (("full registry", False), (f"{SMALL}-entity registries", True)):
            per_run = [pooled(folds, criterion, small) for folds in runs.values()]
            for group in TOLERANCE:
                ms = [run[group] for run in per_run]
                right = [m.right for m in ms]
                neg = [m.negatives_accepted for m in ms]
                ece = [m.ece or 0.0 for m in ms]
                print(
                    f"    {group}, {registry}: right {np.mean(right):.3f} "
                    f"({min(right):.3f}-{max(right):.3f}), negatives accepted {np.mean(neg):.3f} "
                    f"({min(neg):.3f}-{max(neg):.3f}), ECE {np.mean(ece):.3f}"
                )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write src/canonym/data/model.json")
    parser.add_argument(
        "--rows", type=Path, help="save the collected candidates here, or read them if the file exists"
    )
    parser.add_argument(
        "--splits", type=int, default=10, help="random splits by entity for the nested estimate (default 10)"
    )
    parser.add_argument(
        "--resamples",
        type=int,
        default=100,
        help="bootstrap resamples of all the queries, to measure how much the shipped choice moves",
    )
    parser.add_argument(
        "--criteria",
        nargs="*",
        choices=sorted(CRITERIA),
        default=[],
        help=f"also report the nested estimate with thresholds chosen by these criteria ({CRITERION} ships)",
    )
    args = parser.parse_args()
    queries, small = load_rows(args.rows)
    print(f"{len(queries)} queries; folds split by entity")

    criteria = tuple(dict.fromkeys((CRITERION, *args.criteria)))
    runs = {f"split{i}:": nested(queries, small, f"split{i}:", criteria) for i in range(args.splits)}
    report_nested(runs, criteria)

    held_typed, held_small = held_out(queries, small, "")
    held_outcomes = {g: [o for o, _ in items] for g, items in held_typed.items()}
    report("2-fold cross-validated (fit on one half, measured on the other):", held_outcomes)
    print("  threshold sweep (cross-validated): right / negatives accepted")
    for th in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        cells = []
        for group, items in held_outcomes.items():
            m = metrics(items, th)
            cells.append(f"{group} {m.right:.3f}/{m.negatives_accepted:.3f}")
        print(f"    {th:.2f}  " + "   ".join(cells))
    # Rounded as model.json stores them, so that the shipped model's own answers below are
    # the ones canonym will give (an answer at a threshold's edge can flip otherwise).
    rank_w, conf_w = (np.round(w, 4) for w in fit(queries, small))
    golden = golden_answers(as_model(rank_w, conf_w, {"persons+orgs": 0.5, "places": 0.5}))
    shipped = typed_outcomes(queries, rank_w, conf_w)
    free = choose_thresholds(held_typed, shipped, (), CRITERIA[CRITERION])
    others, places = choose_thresholds(held_typed, shipped, golden, CRITERIA[CRITERION])
    if (others, places) != free:
        broken = [case.label for case in golden if not case.holds(*free)]
        # A bagged choice can move without breaking a case: the cases bound some resamples.
        why = f"that pair would break: {', '.join(broken)}" if broken else "they bound some resamples"
        print(f"  the golden cases move the thresholds from {free[0]:.2f}/{free[1]:.2f} ({why})")
    thresholds = {"persons+orgs": others, "places": places}
    print(f"  default thresholds: people and organisations {others:.2f}, places {places:.2f}")
    for criterion in criteria if args.resamples else ():
        spread = choice_spread(held_typed, shipped, golden, CRITERIA[criterion], args.resamples)
        for label, i in (("people and organisations", 0), ("places", 1)):
            values = np.array([t[i] for t in spread])
            low, high = np.percentile(values, [5, 95])
            print(
                f"    criterion {criterion}, on {len(values)} resamples of all the queries, {label}: "
                f"5-95 % {low:.2f}-{high:.2f}, range {values.min():.2f}-{values.max():.2f}, "
                f"sd {values.std(ddof=1):.3f}"
            )
    for group in TOLERANCE:
        m = metrics(judged(held_typed[group], others, places))
        print(
            f"    cross-validated (thresholds chosen on these answers), {group}: right {m.right:.3f}, "
            f"negatives accepted {m.negatives_accepted:.3f}, ECE {m.ece:.3f}"
        )
    for group in TOLERANCE:
        m = metrics(judged(held_small[group], others, places))
        print(
            f"    cross-validated, {group} against {SMALL}-entity registries: right {m.right:.3f}, "
            f"negatives accepted {m.negatives_accepted:.3f}, ECE {m.ece:.3f}"
        )
    report("fitted on all (in-sample):", outcomes(queries, rank_w, conf_w))
    model = as_model(rank_w, conf_w, thresholds)
    print(json.dumps(model, indent=2))
    if args.write:
        MODEL.write_text(json.dumps(model, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
