"""Single look-ups per CPU-second against the evaluation registry, beside rapidfuzz, in one run.

    python benchmarks/resolve_speed.py             # every evaluation query; baselines on 300
    python benchmarks/resolve_speed.py --quick     # 1,500 queries; baselines on 100
    CANONYM_PURE=1 python benchmarks/resolve_speed.py   # the pure-Python reference path

canonym resolves each query (`Resolver.resolve`, default thresholds) in this process, after
loading the 13,328-entity, 37,933-name evaluation registry and its index (not timed) and the
readers of Chinese and Japanese (`canonym.scripts.load_readers`, timed apart: a one-off of the
process, about half a CPU-second, which a loop would otherwise pay at its first Han name); the
first row counts the loop, the second the loop and the readers' load together. The
baselines search every name of the same registry for a sample of the same queries:
`rapidfuzz.process.extractOne` (WRatio, `utils.default_process`, cutoff 85), and
`process.cdist` (WRatio, 20 queries a block, one worker, so that both count one core).
All three are timed in CPU seconds of this process (`time.process_time`), which a shared
machine disturbs less than wall time; the ratios are the figures to compare across runs.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry, Resolver
from canonym._native import compiled_modules
from canonym.scripts import load_readers
from evaldata import REGISTRY, SETS, load_queries


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,500 queries; baselines on 100")
    parser.add_argument("--sample", type=int, default=None, help="queries for the baselines (default 300)")
    args = parser.parse_args()
    queries = [q.text for path in SETS.values() for q in load_queries(path)]
    sample = args.sample or (100 if args.quick else 300)
    if args.quick:
        queries = queries[::3]
    # Spread over every set: the sets differ in how costly their queries are.
    chosen = queries[:: max(1, len(queries) // sample)][:sample]

    resolver = Resolver.from_files([REGISTRY])
    resolver.resolve("warm up")
    start = time.process_time()
    readers = load_readers()
    load = time.process_time() - start
    start = time.process_time()
    for text in queries:
        resolver.resolve(text)
    loop = time.process_time() - start
    ours, with_load = len(queries) / loop, len(queries) / (loop + load)

    registry = Registry.from_files([REGISTRY])
    names = [n for e in registry.entities for n in e.names]
    del registry
    gc.collect()
    start = time.process_time()
    for text in chosen:
        process.extractOne(text, names, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=85)
    extract = len(chosen) / (time.process_time() - start)
    processed = [utils.default_process(n) for n in names]
    start = time.process_time()
    for block in range(0, len(chosen), 20):
        texts = [utils.default_process(t) for t in chosen[block : block + 20]]
        process.cdist(texts, processed, scorer=fuzz.WRatio, dtype=np.uint8, workers=1).argmax(axis=1)
    cdist = len(chosen) / (time.process_time() - start)

    modules = ", ".join(compiled_modules()) or "none (pure Python)"
    print(f"registry: {len(names):,} names; compiled modules: {modules}\n")
    print("| method | queries | queries per CPU-second | canonym vs. it | counting the readers' load |")
    print("|---|---|---|---|---|")
    print(f"| canonym `Resolver.resolve` | {len(queries):,} | {ours:.0f} | | |")
    print(
        f"| canonym, with the readers' one-off load ({', '.join(readers) or 'none'}: {load:.2f} CPU-s) "
        f"| {len(queries):,} | {with_load:.0f} | | |"
    )
    for label, rate in (("extractOne WRatio >= 85", extract), ("cdist WRatio, one worker", cdist)):
        print(f"| {label} | {len(chosen)} | {rate:.1f} | {ours / rate:.1f}x | {with_load / rate:.1f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
