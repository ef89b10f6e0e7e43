"""Batch APIs against a plain loop, and what shipping a resolver to a worker costs.

    python benchmarks/batch.py

Measured in one run (the loop is the baseline of each row; an untimed pass first warms the
word-level caches for all three):
- ``resolve_many`` on the evaluation queries (every name distinct) and on the names of a
  news stream (capitalised spans of the seed articles in shuffled documents, repeating as
  names do), with one process and with two workers;
- ``annotate_many`` on 600 documents built from the seed articles, a fifth of them
  repeated (wire stories run in several outlets), with one process and with two workers;
- pickling a resolver (bytes, seconds to dump and to load), as `multiprocessing`, Dask and
  Spark do to send it to a worker.
"""

from __future__ import annotations

import pickle
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Resolver
from evaldata import REGISTRY, SETS, load_queries

ROOT = Path(__file__).resolve().parents[1]
CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]*(?:\s+(?:de|la|del|los)?\s*\p{Lu}[\p{L}\p{M}'’-]*)*")


def seconds(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def documents(count: int, rng: random.Random) -> list[str]:
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text("utf-8").split("\n\n")
        if p.strip()
    ]
    fresh = ["\n\n".join(rng.sample(paragraphs, 6)) for _ in range(count * 4 // 5)]
    return fresh + rng.sample(fresh, count - len(fresh))


def row(label: str, items: int, loop: float, one: float, two: float) -> None:
    print(
        f"| {label} | {items:,} | {items / loop:,.0f} | {items / one:,.0f} ({loop / one:.1f}x) "
        f"| {items / two:,.0f} ({loop / two:.1f}x) |"
    )


def main() -> int:
    rng = random.Random(7)
    evaluation = Resolver.from_files([REGISTRY])
    default = Resolver.default()
    queries = [q.text for q in load_queries(SETS["persons+orgs"])][:3000]
    docs = documents(600, rng)
    stream = [m.group() for doc in docs for m in CAPITALISED.finditer(doc)][:20000]

    print("| batch | items | loop items/s | one process items/s | two workers items/s |")
    print("|---|---|---|---|---|")
    for label, resolver, names in (
        ("resolve_many, evaluation queries (distinct)", evaluation, queries),
        (f"resolve_many, names in running text ({len(set(stream)):,} distinct)", default, stream),
    ):
        # An untimed pass first: the word-level caches are then equally warm for all three.
        [resolver.resolve(x) for x in names]
        loop = seconds(lambda r=resolver, n=names: [r.resolve(x) for x in n])
        one = seconds(lambda r=resolver, n=names: r.resolve_many(n))
        two = seconds(lambda r=resolver, n=names: r.resolve_many(n, workers=2))
        row(label, len(names), loop, one, two)

    # Each measurement gets a resolver with a cold span memo, as a new process would.
    def fresh() -> Resolver:
        return Resolver._assemble(default.registry, default.index, default.model)

    [fresh().annotate(d) for d in docs]  # untimed: warms the word-level caches, not the span memo
    cold = fresh()
    loop = seconds(lambda: [cold.annotate(d) for d in docs])
    cold = fresh()
    one = seconds(lambda: cold.annotate_many(docs))
    cold = fresh()
    two = seconds(lambda: cold.annotate_many(docs, workers=2))
    row(f"annotate_many, documents ({len(set(docs))} distinct)", len(docs), loop, one, two)

    print("\n| resolver | pickle bytes | dump s | load s |")
    print("|---|---|---|---|")
    for label, resolver in (("bundled registry", default), ("evaluation registry, 37,933 names", evaluation)):
        data = pickle.dumps(resolver, protocol=pickle.HIGHEST_PROTOCOL)
        dump = seconds(lambda r=resolver: pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
        load = seconds(lambda d=data: pickle.loads(d))
        print(f"| {label} | {len(data):,} | {dump:.3f} | {load:.3f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
