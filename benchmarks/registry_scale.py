"""Registries of 10,000, 100,000 and 1,000,000 aliases: build, load, memory and queries/s,
against rapidfuzz's extractOne and cdist on the same registry, in one run; plots the growth.

    python benchmarks/registry_scale.py                   # 10k, 100k, 1M aliases (about 10 minutes)
    python benchmarks/registry_scale.py --sizes 10000 100000

Registries are generated as in ``scale.py`` (seeded). For each size, in fresh processes:
- **build**: a process with an empty index cache, from start until its first answer
  (import, parse, index, write the compiled index to the cache), and its peak memory (the
  process's own VmHWM);
- **load**: a new process with the cache warm: seconds until the first answer, and peak memory;
- **queries/s** of that warm process over the queries (respelled registry names and names
  not in it), with the share right and the share of negatives accepted.
The baselines answer the same queries in this process over every name of the registry:
`process.extractOne` (`fuzz.WRatio`, `utils.default_process`, cutoff 85) and `process.cdist`
(the same scorer on all cores, queries in blocks, best column per row), on a sample of the
queries at the larger sizes. Writes ``docs/registry-scale.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry
from evaldata import Outcome, metrics
from scale import name, registry_yaml, variant

ROOT = Path(__file__).resolve().parents[1]
PLOT = ROOT / "docs" / "registry-scale.png"

CHILD = """
import json, sys, time
start = time.perf_counter()
from canonym import Resolver
resolver = Resolver.from_files([sys.argv[1]])
first = resolver.resolve(sys.argv[2])
ready = time.perf_counter() - start
queries = json.loads(open(sys.argv[3], encoding="utf-8").read())
t = time.perf_counter()
answers = [None if (m := resolver.resolve(q)) is None else m.entity.id for q in queries]
rate = len(queries) / (time.perf_counter() - t)
peak = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"ready": ready, "rate": rate, "peak_mib": peak / 1024, "answers": answers}))
"""


def child(registry: Path, first: str, queries: Path, cache: str) -> dict[str, object]:
    env = {**os.environ, "CANONYM_CACHE_DIR": cache}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(registry), first, str(queries)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def baselines(
    queries: list[tuple[str, str | None]], names: list[str], ids: list[str], sample: int
) -> tuple[float, float, list[Outcome]]:
    """queries/s of extractOne and of cdist on a sample, and extractOne's outcomes on it."""
    chosen = queries[:sample]
    start = time.perf_counter()
    outcomes = []
    for text, expect in chosen:
        hit = process.extractOne(
            text, names, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=85
        )
        outcomes.append(Outcome(expect, None if hit is None else ids[hit[2]], 1.0))
    extract_rate = len(chosen) / (time.perf_counter() - start)
    processed = [utils.default_process(n) for n in names]
    start = time.perf_counter()
    for block in range(0, len(chosen), 20):
        texts = [utils.default_process(t) for t, _ in chosen[block : block + 20]]
        matrix = process.cdist(texts, processed, scorer=fuzz.WRatio, dtype=np.uint8, workers=-1)
        matrix.argmax(axis=1)
    cdist_rate = len(chosen) / (time.perf_counter() - start)
    return extract_rate, cdist_rate, outcomes


def plot(rows: list[dict[str, float]]) -> None:
    import matplotlib  # noqa: PLC0415 (only the plot needs it)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    sizes = [r["aliases"] for r in rows]
    figure, axes = plt.subplots(1, 3, figsize=(13, 4))
    axes[0].plot(sizes, [r["build_s"] for r in rows], "o-", label="build (parse, index, cache)")
    axes[0].plot(sizes, [r["load_s"] for r in rows], "o-", label="load from cache, first answer")
    axes[0].set_ylabel("seconds")
    axes[1].plot(sizes, [r["build_mib"] for r in rows], "o-", label="building")
    axes[1].plot(sizes, [r["load_mib"] for r in rows], "o-", label="loaded and answering")
    axes[1].axhline(2048, color="grey", linestyle=":", label="2 GiB")
    axes[1].set_ylabel("peak memory (MiB)")
    axes[2].plot(sizes, [r["canonym_qps"] for r in rows], "o-", label="canonym")
    axes[2].plot(sizes, [r["extract_qps"] for r in rows], "o-", label="extractOne WRatio")
    axes[2].plot(sizes, [r["cdist_qps"] for r in rows], "o-", label="cdist WRatio, 2 cores")
    axes[2].set_ylabel("queries/s")
    for axis in axes:
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_xlabel("aliases in the registry")
        axis.legend(fontsize=8)
        axis.grid(True, which="both", alpha=0.3)
    figure.suptitle("canonym: growth with registry size (benchmarks/registry_scale.py)")
    figure.tight_layout()
    figure.savefig(PLOT, dpi=110)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    rows = []
    print(
        "| aliases | build s | build MiB | load s | loaded MiB | canonym q/s | right | neg. accepted "
        "| extractOne q/s | right | neg. accepted | cdist q/s | canonym vs extractOne |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        rng = random.Random(size)
        text, entries = registry_yaml(round(size / 1.33), rng)
        known = {n for _, n in entries}
        queries: list[tuple[str, str | None]] = [
            (variant(n, rng), i) for i, n in rng.sample(entries, args.queries // 2)
        ]
        while len(queries) < args.queries:
            candidate = name(rng)
            if candidate not in known:
                queries.append((candidate, None))
        rng.shuffle(queries)
        with tempfile.TemporaryDirectory() as tmp:
            registry = Path(tmp) / "registry.yaml"
            registry.write_text(text, encoding="utf-8")
            query_file = Path(tmp) / "queries.json"
            query_file.write_text(json.dumps([q for q, _ in queries]), encoding="utf-8")
            cache = str(Path(tmp) / "cache")
            built = child(registry, queries[0][0], query_file, cache)
            build_s = float(built["ready"])  # type: ignore[arg-type]
            loaded = child(registry, queries[0][0], query_file, cache)
        answers: list[str | None] = loaded["answers"]  # type: ignore[assignment]
        ours = metrics([Outcome(e, a, 1.0) for (_, e), a in zip(queries, answers)])
        parsed = Registry.from_text(text)
        names = [n for e in parsed.entities for n in e.names]
        ids = [e.id for e in parsed.entities for _ in e.names]
        sample = args.queries if size <= 100_000 else 40
        extract_qps, cdist_qps, theirs_outcomes = baselines(queries, names, ids, sample)
        theirs = metrics(theirs_outcomes)
        row = {
            "aliases": float(len(names)),
            "build_s": build_s,
            "build_mib": float(built["peak_mib"]),  # type: ignore[arg-type]
            "load_s": float(loaded["ready"]),  # type: ignore[arg-type]
            "load_mib": float(loaded["peak_mib"]),  # type: ignore[arg-type]
            "canonym_qps": float(loaded["rate"]),  # type: ignore[arg-type]
            "extract_qps": extract_qps,
            "cdist_qps": cdist_qps,
        }
        rows.append(row)
        print(
            f"| {len(names):,} | {build_s:.1f} | {row['build_mib']:.0f} | {row['load_s']:.2f} "
            f"| {row['load_mib']:.0f} | {row['canonym_qps']:.0f} | {ours.right:.3f} "
            f"| {ours.negatives_accepted:.3f} | {extract_qps:.1f} | {theirs.right:.3f} "
            f"| {theirs.negatives_accepted:.3f} | {cdist_qps:.1f} "
            f"| {row['canonym_qps'] / extract_qps:.0f}x |",
            flush=True,
        )
    plot(rows)
    print(f"\nplot: {PLOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
