"""Fit canonym's scoring model on the development evaluation data and write model.json.

    python benchmarks/calibrate.py            # fit, report 2-fold cross-validated figures
    python benchmarks/calibrate.py --write    # ... and write src/canonym/data/model.json

Two logistic regressions (L2-regularised, fitted by Newton's method):

- the rank model orders the candidate entities of a query: one row per candidate, label
  "this candidate is the expected entity";
- the confidence model scores the winner: one row per query, label "the winner is right",
  with the winner's margin over the runner-up as an extra feature. Because it is fitted on
  exactly the decision it scores, its output is a calibrated probability on data like this.

Only aggregate feature values are learnt (a dozen weights); no query text is stored.
The cross-validated figures (fit on one half of the queries, measured on the other) are
the honest estimate of quality on unseen queries; see docs/quality.md.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry, Resolver
from canonym.features import FEATURES, decision_features
from canonym.model import model_from_json, term_value
from evaldata import REGISTRY, SETS, Outcome, load_queries, metrics
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


def collect(resolver: Resolver) -> list[QueryRows]:
    rows = []
    for group, path in SETS.items():
        for q in load_queries(path):
            found = resolver.candidates(q.text, limit=CANDIDATES)
            rows.append(
                QueryRows(
                    group, q.expect, [m.entity.id for m in found], [dict(m.evidence.features) for m in found]
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
                group, q.expect, [m.entity.id for m in found], [dict(m.evidence.features) for m in found]
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
    return np.array([[term_value(n, f) for n in names] for f in feats], dtype=float).reshape(-1, len(names))


def candidate_features(q: QueryRows, rank_w: np.ndarray) -> tuple[list[dict[str, float]], list[int]]:
    """Each candidate's confidence features as the resolver computes them (its margin is
    its rank lead over the best other candidate), and the candidates' rank order."""
    logits = rank_w[0] + matrix(q.features, RANK_FEATURES) @ rank_w[1:]
    order = [int(i) for i in np.argsort(-logits, kind="stable")]
    out = []
    for i, feats in enumerate(q.features):
        other = order[1] if order[0] == i else order[0]
        out.append(
            # The decision features come from the function the resolver uses
            # (canonym.features); whether the name is shared is a fact of the registry,
            # which the resolver recorded.
            decision_features(
                feats,
                rank_gap=None if len(order) == 1 else float(logits[i] - logits[other]),
                shared_name=feats["ambiguous"] == 1.0,
            )
        )
    return out, order


def decide(
    q: QueryRows, rank_w: np.ndarray, conf_w: np.ndarray | None = None
) -> tuple[int, dict[str, float], float] | None:
    """The answer to ``q`` and its confidence features and confidence: with ``conf_w``, the
    most confident candidate, as the resolver answers (ties go to the better ranked);
    without, the rank model's winner (what the confidence model is fitted on)."""
    if not q.ids:
        return None
    feats, order = candidate_features(q, rank_w)
    if conf_w is None:
        return order[0], feats[order[0]], 0.0
    z = conf_w[0] + matrix(feats, CONF_FEATURES) @ conf_w[1:]
    conf = 1 / (1 + np.exp(-z))
    best = max(order, key=lambda i: conf[i])  # the first of the best in rank order
    return best, feats[best], float(conf[best])


def fit(queries: list[QueryRows], small: Sequence[QueryRows] = ()) -> tuple[np.ndarray, np.ndarray]:
    """The rank model, fitted on ``queries``; the confidence model, on the winners of
    ``queries`` and of ``small`` (the same queries against small registries)."""
    feats = [f for q in queries for f in q.features]
    labels = np.array([float(i == q.expect) for q in queries for i in q.ids])
    rank_w = fit_logistic(matrix(feats, RANK_FEATURES), labels, RANK_FEATURES)
    conf_rows, conf_labels = [], []
    for q in [*queries, *small]:
        decided = decide(q, rank_w)
        if decided is not None:
            best, f, _ = decided
            conf_rows.append(f)
            conf_labels.append(float(q.ids[best] == q.expect))
    conf_w = fit_logistic(matrix(conf_rows, CONF_FEATURES), np.array(conf_labels), CONF_FEATURES)
    return rank_w, conf_w


def typed_outcomes(
    queries: list[QueryRows], rank_w: np.ndarray, conf_w: np.ndarray
) -> dict[str, list[tuple[Outcome, bool]]]:
    """Per query set, each query's answer and whether the answer is a place (the runtime
    judges an answer by the threshold of its own type)."""
    out: dict[str, list[tuple[Outcome, bool]]] = {}
    for q in queries:
        decided = decide(q, rank_w, conf_w)
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


def choose_thresholds(
    held: dict[str, list[tuple[Outcome, bool]]],
    shipped: dict[str, list[tuple[Outcome, bool]]],
    golden: Sequence[Golden] = (),
) -> tuple[float, float]:
    """The (people and organisations, places) thresholds that keep both query sets within
    their tolerance of false accepts and come closest to both recall targets (on held-out
    answers), judging each answer by its own type's threshold as the runtime does.

    The tolerance must hold both for the held-out answers and for the answers of the model
    that ships (fitted on all the data), whose scores differ slightly: a pair that only one
    of them keeps within tolerance is too close to the edge to promise. Every ``golden`` case
    must hold as well."""
    best: tuple[tuple[float, float], float, float] | None = None
    for others in GRID:
        for places in GRID:
            if not all(case.holds(others, places) for case in golden):
                continue
            ms = {g: metrics(judged(items, others, places)) for g, items in held.items() if g in TOLERANCE}
            own = {
                g: metrics(judged(items, others, places)) for g, items in shipped.items() if g in TOLERANCE
            }
            if any(ms[g].negatives_accepted > TOLERANCE[g] for g in ms) or any(
                own[g].negatives_accepted > TOLERANCE[g] for g in own
            ):
                continue
            # Closest to both recall targets first, then the most variants right in all.
            score = (
                min(ms[g].right / RECALL_TARGET[g] for g in ms),
                sum(m.right * m.positives for m in ms.values()),
            )
            if best is None or score > best[0]:
                best = (score, others, places)
    if best is None:
        return GRID[-1], GRID[-1]
    return best[1], best[2]


def fold_of(q: QueryRows, i: int) -> int:
    key = f"{q.group}:{i}".encode()
    return hashlib.sha1(key).digest()[0] & 1


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="write src/canonym/data/model.json")
    args = parser.parse_args()
    full = Registry.from_files([REGISTRY])
    resolver = Resolver(full)
    queries = collect(resolver)
    small = collect_small(full, queries)
    folds = [[q for i, q in enumerate(queries) if fold_of(q, i) == k] for k in (0, 1)]
    small_folds = [[s for i, (q, s) in enumerate(zip(queries, small)) if fold_of(q, i) == k] for k in (0, 1)]
    held_typed: dict[str, list[tuple[Outcome, bool]]] = {}
    held_small: dict[str, list[tuple[Outcome, bool]]] = {}
    for k in (0, 1):
        rank_w, conf_w = fit(folds[1 - k], small_folds[1 - k])
        for group, typed in typed_outcomes(folds[k], rank_w, conf_w).items():
            held_typed.setdefault(group, []).extend(typed)
        for group, typed in typed_outcomes(small_folds[k], rank_w, conf_w).items():
            held_small.setdefault(group, []).extend(typed)
    held_out = {g: [o for o, _ in items] for g, items in held_typed.items()}
    report("2-fold cross-validated (fit on one half, measured on the other):", held_out)
    print("  threshold sweep (cross-validated): right / negatives accepted")
    for th in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        cells = []
        for group, items in held_out.items():
            m = metrics(items, th)
            cells.append(f"{group} {m.right:.3f}/{m.negatives_accepted:.3f}")
        print(f"    {th:.2f}  " + "   ".join(cells))
    # Rounded as model.json stores them, so that the shipped model's own answers below are
    # the ones canonym will give (an answer at a threshold's edge can flip otherwise).
    rank_w, conf_w = (np.round(w, 4) for w in fit(queries, small))
    golden = golden_answers(as_model(rank_w, conf_w, {"persons+orgs": 0.5, "places": 0.5}))
    shipped = typed_outcomes(queries, rank_w, conf_w)
    free = choose_thresholds(held_typed, shipped)
    others, places = choose_thresholds(held_typed, shipped, golden)
    if (others, places) != free:
        broken = [case.label for case in golden if not case.holds(*free)]
        print(
            f"  the golden cases move the thresholds from {free[0]:.2f}/{free[1]:.2f}"
            f" (that pair would break: {', '.join(broken)})"
        )
    thresholds = {"persons+orgs": others, "places": places}
    print(f"  default thresholds: people and organisations {others:.2f}, places {places:.2f}")
    for group in TOLERANCE:
        m = metrics(judged(held_typed[group], others, places))
        print(
            f"    held out, {group}: right {m.right:.3f}, negatives accepted {m.negatives_accepted:.3f}, "
            f"ECE {m.ece:.3f}"
        )
    for group in TOLERANCE:
        m = metrics(judged(held_small[group], others, places))
        print(
            f"    held out, {group} against {SMALL}-entity registries: right {m.right:.3f}, "
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
