"""How the default thresholds behave on registries smaller than the evaluation registry.

    python benchmarks/small_registries.py                 # 50, 500 and 3,000 entities
    python benchmarks/small_registries.py --sizes 40

The model is calibrated on a 13,328-entity registry, where a near-namesake usually has a
rival entity that lowers its margin. Most users' registries are smaller (the bundled one has
about forty entities). This benchmark measures what that changes: the evaluation queries are
split into groups of ten, and each group is answered against a registry of its own, made of
the entities its queries expect, the entity the full registry ranks first for each of its
queries (so that a namesake still meets the person it could be taken for) and random others
up to the size asked. It prints, per size, the share of variants right, of negatives
accepted and the expected calibration error at the default thresholds, and the one
threshold that would keep each query set's negatives within the product's tolerance.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry, Resolver
from evaldata import REGISTRY, SETS, Outcome, Query, load_queries, metrics

GROUP = 10
TOLERANCE = {"persons+orgs": 0.05, "places": 0.10}
SWEEP = tuple(round(0.5 + 0.01 * i, 2) for i in range(50))


def confusables(full_resolver: Resolver) -> dict[str, str]:
    """Each evaluation query's best candidate entity in the full registry."""
    out = {}
    for path in SETS.values():
        for q in load_queries(path):
            best = full_resolver.candidates(q.text, limit=1)
            if best:
                out[q.text] = best[0].entity.id
    return out


def grouped_registries(
    size: int, full: Registry, confusable: dict[str, str], seed: int
) -> Iterator[tuple[str, list[tuple[int, Query]], Registry]]:
    """Groups of :data:`GROUP` queries of each set (with their positions in the set), each
    with a registry of ``size`` entities made for it: the entities its queries expect, the
    ones ``confusable`` names for them, and random others."""
    rng = random.Random(seed)
    by_id = full.by_id
    for group, path in SETS.items():
        queries = list(enumerate(load_queries(path)))
        rng.shuffle(queries)
        for start in range(0, len(queries), GROUP):
            chunk = queries[start : start + GROUP]
            keep = {q.expect for _, q in chunk if q.expect}
            keep.update(confusable[q.text] for _, q in chunk if q.text in confusable)
            others = [e for e in rng.sample(full.entities, size + len(keep)) if e.id not in keep]
            chosen = [by_id[i] for i in sorted(keep)] + others[: max(0, size - len(keep))]
            yield group, chunk, Registry(tuple(chosen))


def answers(
    size: int, full: Registry, confusable: dict[str, str], seed: int
) -> dict[str, list[tuple[Outcome, str]]]:
    """Each query's best candidate (at any confidence) against a registry of ``size``
    entities made for its group of queries, with the candidate's entity type."""
    out: dict[str, list[tuple[Outcome, str]]] = {}
    for group, chunk, registry in grouped_registries(size, full, confusable, seed):
        resolver = Resolver(registry)
        for _, q in chunk:
            found = resolver.candidates(q.text, limit=1)
            item = (
                (Outcome(q.expect, found[0].entity.id, found[0].score), found[0].entity.type)
                if found
                else (Outcome(q.expect, None, 0.0), "person")
            )
            out.setdefault(group, []).append(item)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 3000])
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    full = Registry.from_files([REGISTRY])
    full_resolver = Resolver(full)
    thresholds = full_resolver.thresholds
    confusable = confusables(full_resolver)
    print(f"default thresholds {dict(thresholds)}; queries answered in groups of {GROUP}")
    print("| entities | query set | right | neg. accepted | ECE | threshold for the tolerance |")
    print("|---|---|---|---|---|---|")
    for size in args.sizes:
        for group, typed in answers(size, full, confusable, args.seed).items():
            judged = [
                o
                if o.answer is not None and o.confidence >= thresholds[kind]
                else Outcome(o.expect, None, 0.0)
                for o, kind in typed
            ]
            m = metrics(judged)
            raw = [o for o, _ in typed]
            within = next(
                (t for t in SWEEP if metrics(raw, t).negatives_accepted <= TOLERANCE.get(group, 1.0)), None
            )
            needed = (
                "n/a"
                if group not in TOLERANCE or within is None
                else f"{within:.2f} ({metrics(raw, within).right:.3f} right)"
            )
            ece = "n/a" if m.ece is None else f"{m.ece:.3f}"
            print(
                f"| {size} | {group} | {m.right:.3f} | {m.negatives_accepted:.3f} | {ece} | {needed} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
