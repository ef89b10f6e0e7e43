"""Dump the top candidates of every evaluation query, to prove a change leaves answers alone.

    python benchmarks/answers.py > /tmp/before.tsv     # on the old code
    python benchmarks/answers.py > /tmp/after.tsv      # on the new code
    diff /tmp/before.tsv /tmp/after.tsv                # empty: answers identical

One line per query (every set in benchmarks/evaldata.py, in order): the set, the query's
position, then the top ``--top`` candidates as ``id:score`` with scores in full. On standard
error, each set's figures at the default thresholds as benchmarks/quality.py computes them
(its "canonym (defaults)" rows), for a quick before/after comparison.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry, Resolver
from evaldata import REGISTRY, SETS, Outcome, load_queries, metrics


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=3, help="candidates per query (default 3)")
    args = parser.parse_args()
    resolver = Resolver(Registry.from_files([REGISTRY]))
    for group, path in SETS.items():
        outcomes = []
        for i, q in enumerate(load_queries(path)):
            found = resolver.candidates(q.text, limit=args.top)
            cells = "\t".join(f"{m.entity.id}:{m.score!r}" for m in found)
            print(f"{group}\t{i}\t{cells}")
            if found and resolver.accepts(found[0]):
                outcomes.append(Outcome(q.expect, found[0].entity.id, found[0].score))
            else:
                outcomes.append(Outcome(q.expect, None, 0.0))
        m = metrics(outcomes)
        ece = "n/a" if m.ece is None else f"{m.ece:.3f}"
        print(
            f"{group}: right {m.right:.3f}, negatives accepted {m.negatives_accepted:.3f}, ECE {ece}",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
