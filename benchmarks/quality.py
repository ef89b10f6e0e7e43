"""Resolution quality and speed on the evaluation data, next to rapidfuzz baselines.

    python benchmarks/quality.py            # everything (the baselines take a few minutes)
    python benchmarks/quality.py --quick    # baselines on a sample of 300 queries per set

canonym runs through its command line (`canonym resolve --aliases registry.yaml --json`,
all queries on stdin), so its queries/s count the process start and the registry load:
once with the index cache cold (built from the YAML) and once warm (loaded from the
cache). The baselines are `rapidfuzz.process.extractOne` over every registry name, with
`fuzz.WRatio` and with `fuzz.token_sort_ratio`, both on unidecode-folded, lower-cased
text with `utils.default_process`, accepting at a score of 85, measured in this process.

Reported per query set: share of positives answered with the expected entity ("right"),
share of negatives given any answer ("neg. accepted"), expected calibration error over
accepted answers (10 equal-width bins), queries/s; then canonym's threshold sweep.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from unidecode import unidecode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry, Resolver
from evaldata import REGISTRY, SETS, Outcome, Query, load_queries, metrics

ROOT = Path(__file__).resolve().parents[1]
SEEDS_GOLDEN = ROOT / "tests" / "golden" / "seed_variants.json"
SWEEP = (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def canonym_cli(queries: list[Query], cache_dir: str) -> tuple[list[tuple[str | None, float]], float]:
    """Top answer and score per query from the CLI, and the wall time of the run."""
    exe = shutil.which("canonym") or ""
    cmd = [exe] if exe else [sys.executable, "-m", "canonym"]
    cmd += ["resolve", "--aliases", str(REGISTRY), "--json", "--threshold", "0"]
    stdin = "".join(q.text.replace("\n", " ") + "\n" for q in queries)
    env = {**os.environ, "CANONYM_CACHE_DIR": cache_dir}
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, check=True, env=env)
    elapsed = time.perf_counter() - start
    answers = []
    for line in done.stdout.splitlines():
        match = json.loads(line)["match"]
        answers.append((None, 0.0) if match is None else (match["id"], float(match["score"])))
    if len(answers) != len(queries):
        raise SystemExit(f"canonym wrote {len(answers)} lines for {len(queries)} queries")
    return answers, elapsed


def baseline(
    queries: list[Query], names: list[str], ids: list[str], scorer: object
) -> tuple[list[Outcome], float]:
    folded = [unidecode(n) for n in names]
    start = time.perf_counter()
    out = []
    for q in queries:
        hit = process.extractOne(
            unidecode(q.text), folded, scorer=scorer, processor=utils.default_process, score_cutoff=85
        )
        out.append(Outcome(q.expect, None if hit is None else ids[hit[2]], 1.0))
    return out, len(queries) / (time.perf_counter() - start)


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="run the baselines on 300 queries per set")
    args = parser.parse_args()

    registry = Registry.from_files([REGISTRY])
    names = [n for e in registry.entities for n in e.names]
    ids = [e.id for e in registry.entities for _ in e.names]
    types = {e.id: e.type for e in registry.entities}
    thresholds = Resolver.default().model.thresholds
    print(f"registry: {len(registry)} entities, {len(names)} names; default thresholds {dict(thresholds)}\n")

    all_queries = {group: load_queries(path) for group, path in SETS.items()}
    flat = [q for qs in all_queries.values() for q in qs]
    with tempfile.TemporaryDirectory() as cache:
        answers_cold, cold = canonym_cli(flat, cache)
        answers, warm = canonym_cli(flat, cache)
    assert answers == answers_cold, "cached and freshly built indexes disagree"
    per_query = dict(zip(map(id, flat), answers))

    rows = []
    sweep_rows = []
    for group, queries in all_queries.items():
        scored = [per_query[id(q)] for q in queries]
        outcomes = [
            Outcome(q.expect, a, s)
            if a is not None and s >= thresholds[types[a]]
            else Outcome(q.expect, None, 0.0)
            for q, (a, s) in zip(queries, scored)
        ]
        raw = [Outcome(q.expect, a, s) for q, (a, s) in zip(queries, scored)]
        m = metrics(outcomes)
        rows.append(
            (
                group,
                "canonym (defaults)",
                m.right,
                m.negatives_accepted,
                m.ece,
                f"{len(flat) / cold:.0f} cold / {len(flat) / warm:.0f} warm",
            )
        )
        sweep_rows.append((group, [metrics(raw, t) for t in SWEEP]))
        sample = queries
        if args.quick and len(queries) > 300:
            sample = random.Random(0).sample(queries, 300)
        for label, scorer in (
            ("extractOne WRatio >= 85", fuzz.WRatio),
            ("extractOne token_sort_ratio >= 85", fuzz.token_sort_ratio),
        ):
            outs, qps = baseline(sample, names, ids, scorer)
            b = metrics(outs)
            rows.append(
                (
                    group,
                    label + (" (sample)" if sample is not queries else ""),
                    b.right,
                    b.negatives_accepted,
                    None,
                    f"{qps:.0f}",
                )
            )

    print("| query set | method | right | neg. accepted | ECE | queries/s |")
    print("|---|---|---|---|---|---|")
    for group, label, right, neg, ece, qps in rows:
        print(f"| {group} | {label} | {right:.3f} | {neg:.3f} | {fmt(ece)} | {qps} |")
    wratio = [float(r[5]) for r in rows if r[1].startswith("extractOne WRatio")]
    print(
        f"\ncanonym CLI, all {len(flat)} queries in one process: {cold:.2f} s cold, {warm:.2f} s warm "
        f"({len(flat) / cold:.0f} and {len(flat) / warm:.0f} queries/s including start and load)"
    )
    slowest = min(wratio)
    print(
        f"speed-up over WRatio (slowest set, {slowest:.0f} queries/s): "
        f"{len(flat) / cold / slowest:.1f}x cold, {len(flat) / warm / slowest:.1f}x warm"
    )
    overall = metrics(
        [
            Outcome(q.expect, *per_query[id(q)])
            for q in flat
            if per_query[id(q)][0] is not None
            and per_query[id(q)][1] >= thresholds[types[per_query[id(q)][0]]]
        ]
    )
    print(f"ECE over all accepted answers: {fmt(overall.ece)} ({overall.accepted} answers)")

    print("\nThreshold sweep (one threshold for every type): right / neg. accepted / ECE")
    print("| threshold | " + " | ".join(g for g, _ in sweep_rows) + " |")
    print("|---|" + "---|" * len(sweep_rows))
    for i, t in enumerate(SWEEP):
        cells = [
            f"{ms[i].right:.3f} / {ms[i].negatives_accepted:.3f} / {fmt(ms[i].ece)}" for _, ms in sweep_rows
        ]
        print(f"| {t:.2f} | " + " | ".join(cells) + " |")

    golden = json.loads(SEEDS_GOLDEN.read_text(encoding="utf-8"))
    resolver = Resolver.default()
    hits = sum(
        1 for case in golden if (m := resolver.resolve(case["input"])) and m.entity.id == case["expected"]
    )
    print(
        f"\nseed variants (tests/golden/seed_variants.json): {hits}/{len(golden)} resolved to the "
        "right entity"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
