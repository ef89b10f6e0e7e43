"""Every evaluation set in one command: one table of headline figures, saved and compared.

    python benchmarks/all.py --json out.json                     # measure (about 10-20 minutes)
    python benchmarks/all.py --json new.json --compare benchmarks/results/baseline-cae811e.json
    python benchmarks/all.py --quick --json q.json               # samples: compare only with --quick
    python benchmarks/all.py --load new.json --compare old.json  # compare two saved results

The instrument for the project rule "every change to resolution is measured on every evaluation
set; a drop of more than 0.01 anywhere is a defect". It measures canonym only (the rapidfuzz
baselines and the speed figures are in the per-set benchmarks), through the same routes as they do:

- persons+orgs, places, places (non-Latin): `canonym resolve --json` against the evaluation
  registry, default thresholds, scored with evaldata.metrics (quality.py's right, negatives
  accepted and ECE), plus the share answered with a wrong entity;
- small registries: small_registries.py's groups of ten queries against registries of 50 and 500
  entities (and 3,000 without --quick), default thresholds;
- gazetteer: gazetteer.py's headline (GeoNames cities15000 imported with the CLI);
- persons_he_ko: scripts.py's headline, without and with --lang;
- seeds: tests/golden/seed_variants.json resolved to the right entity, and the seed articles'
  hand-checked mentions (tests/golden/seed_mentions.json) found and right, as tests/test_golden.py
  and tests/test_annotate.py count them.

With --compare OLD.json it prints every figure that moved and flags each that got worse by more
than 0.01 (right, precision and recall falling; wrong entity, negatives accepted and ECE rising),
and exits with status 1 if any did.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gazetteer
import scripts
import small_registries
from canonym import Registry, Resolver
from evaldata import REGISTRY, SETS, Outcome, load_queries, metrics
from evalrun import bench_folder, cli_resolve, rate, table

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
TOLERANCE = 0.01
LOWER_IS_BETTER = ("wrong_entity", "negatives_accepted", "ece")
COLUMNS = ("right", "wrong_entity", "negatives_accepted", "ece", "precision")

Figures = dict[str, float | None]


def evaluation_sets(cache: Path) -> Figures:
    """persons+orgs, places and non-Latin places through the CLI, default thresholds."""
    groups = {name: load_queries(path) for name, path in SETS.items()}
    flat = [q for qs in groups.values() for q in qs]
    answers = iter(cli_resolve([q.text for q in flat], [REGISTRY], cache).answers)
    out: Figures = {}
    for name, queries in groups.items():
        outcomes = [Outcome(q.expect, *next(answers)) for q in queries]
        m = metrics(outcomes)
        wrong = sum(1 for o in outcomes if o.expect is not None and o.answer not in (None, o.expect))
        out[f"{name}: right"] = m.right
        out[f"{name}: wrong_entity"] = wrong / max(1, m.positives)
        out[f"{name}: negatives_accepted"] = m.negatives_accepted
        out[f"{name}: ece"] = m.ece
    return out


def small(sizes: Sequence[int]) -> Figures:
    """small_registries.py's figures at the default thresholds, per size and query set."""
    full = Registry.from_files([REGISTRY])
    resolver = Resolver(full)
    thresholds = resolver.thresholds
    confusable = small_registries.confusables(resolver)
    out: Figures = {}
    for size in sizes:
        for group, typed in small_registries.answers(size, full, confusable, seed=5).items():
            judged = [
                o
                if o.answer is not None and o.confidence >= thresholds[kind]
                else Outcome(o.expect, None, 0.0)
                for o, kind in typed
            ]
            m = metrics(judged)
            out[f"small {size}, {group}: right"] = m.right
            out[f"small {size}, {group}: negatives_accepted"] = m.negatives_accepted
    return out


def expected_mentions(text: str, items: list[dict[str, str]]) -> set[tuple[int, int, str]]:
    """Offsets of each expected surface, searched in order as a whole word (as test_annotate does)."""
    out, position = set(), 0
    for item in items:
        found = re.compile(rf"(?<!\w){re.escape(item['text'])}(?!\w)").search(text, position)
        if found is None:
            raise SystemExit(f"{GOLDEN / 'seed_mentions.json'}: {item['text']!r} not found in order")
        out.add((found.start(), found.end(), item["id"]))
        position = found.end()
    return out


def seeds() -> Figures:
    """Seed variants resolved right; seed mentions right / found (precision), right / expected (recall)."""
    resolver = Resolver.default()
    variants = json.loads((GOLDEN / "seed_variants.json").read_text(encoding="utf-8"))
    hits = 0
    for case in variants:
        match = resolver.resolve(case["input"])
        hits += match is not None and match.entity.id == case["expected"]
    documents = json.loads((GOLDEN / "seed_mentions.json").read_text(encoding="utf-8"))["documents"]
    right = found = expected = 0
    for name, items in documents.items():
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        want = expected_mentions(text, items)
        got = {(m.start, m.end, m.entity.id) for m in resolver.annotate(text).mentions}
        right, found, expected = right + len(want & got), found + len(got), expected + len(want)
    return {
        "seed variants: right": hits / len(variants),
        "seed mentions: right": right / expected,
        "seed mentions: precision": right / found if found else None,
    }


def measure(quick: bool, base: Path | None) -> Figures:
    cache = bench_folder("all", base) / "index"
    figures: Figures = {}
    steps: tuple[tuple[str, Callable[[], Figures]], ...] = (
        ("persons+orgs, places, non-Latin places", lambda: evaluation_sets(cache)),
        ("small registries", lambda: small((50, 500) if quick else (50, 500, 3000))),
        (
            "gazetteer",
            lambda: {f"gazetteer: {k}": v for k, v in gazetteer.headline(base, quick=quick).items()},
        ),
        ("persons_he_ko", lambda: {f"persons_he_ko {k}": v for k, v in scripts.headline(base).items()}),
        ("seeds", seeds),
    )
    for label, step in steps:
        start = time.perf_counter()
        print(f"{label} ...", file=sys.stderr, flush=True)
        figures.update(step())
        print(f"{label}: {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return figures


def split(key: str) -> tuple[str, str]:
    """'places: right' -> ('places', 'right'); the metric is after the last colon."""
    name, _, metric = key.rpartition(": ")
    return name, metric


def compact(figures: Figures) -> str:
    """One row per evaluation set, one column per kind of figure; other figures get rows of their own."""
    rows: dict[str, dict[str, str]] = {}
    for key, value in figures.items():
        name, metric = split(key)
        if metric in COLUMNS:
            rows.setdefault(name, {})[metric] = rate(value)
        else:
            rows.setdefault(f"{name}: {metric}", {})["right"] = rate(value)
    header = ["evaluation set", "right", "wrong entity", "neg. accepted", "ECE", "precision"]
    return table(header, [[name, *(cells.get(c, "") for c in COLUMNS)] for name, cells in rows.items()])


def compare(new: Figures, old: Figures) -> list[str]:
    """Lines for every figure that moved; each worsening beyond the tolerance ends in DROP.

    >>> compare({"a: right": 0.80, "a: ece": 0.05}, {"a: right": 0.82, "a: ece": 0.05})
    ['a: right 0.820 -> 0.800 (-0.020) DROP']
    >>> compare({"a: negatives_accepted": 0.02}, {"a: negatives_accepted": 0.03})
    ['a: negatives_accepted 0.030 -> 0.020 (-0.010)']
    """
    lines = []
    for key in sorted(new.keys() | old.keys()):
        before, after = old.get(key), new.get(key)
        if before is None or after is None:
            if before != after:
                lines.append(f"{key} {rate(before)} -> {rate(after)}")
            continue
        delta = after - before
        if abs(delta) < 5e-4:
            continue
        worse = delta > TOLERANCE if split(key)[1] in LOWER_IS_BETTER else delta < -TOLERANCE
        lines.append(f"{key} {before:.3f} -> {after:.3f} ({delta:+.3f}){' DROP' if worse else ''}")
    return lines


def git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    ).stdout.strip()


def commit() -> str:
    """The checked-out commit, with "+changes" when src/ or data/ differ from it."""
    return git("rev-parse", "--short", "HEAD") + (
        "+changes" if git("status", "--porcelain", "src", "data") else ""
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="sample the gazetteer; small registries 50 and 500"
    )
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--compare", type=Path, help="figures written before: print what moved")
    parser.add_argument("--cache", type=Path, help="folder for cached imports and indexes")
    parser.add_argument(
        "--load", type=Path, help="figures written before: show (and compare) them, measure nothing"
    )
    args = parser.parse_args(argv)
    old = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    if old is not None and not args.load and old.get("quick") != args.quick:
        print(f"warning: {args.compare} was measured with quick={old.get('quick')}", file=sys.stderr)

    start = time.perf_counter()
    if args.load:
        record = json.loads(args.load.read_text(encoding="utf-8"))
        figures = record["figures"]
    else:
        figures = measure(args.quick, args.cache)
        record = {
            "commit": commit(),
            "code_commit": git(
                "log", "-1", "--format=%h", "--", "src", "data"
            ),  # last change to what is measured
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "quick": args.quick,
            "figures": figures,
        }
    print(f"\nheadline figures ({record['commit']}, {'quick' if record['quick'] else 'full'}, "
          f"{time.perf_counter() - start:.0f} s)\n")  # fmt: skip
    print(compact(figures))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if old is None:
        return 0
    lines = compare(figures, old["figures"])
    print(f"\nagainst {args.compare} ({old.get('commit')}): {len(lines)} figures moved")
    for line in lines:
        print(line)
    drops = [line for line in lines if line.endswith("DROP")]
    print(
        f"{len(drops)} drop(s) of more than {TOLERANCE}"
        + (": a defect unless named and argued" if drops else "")
    )
    return 1 if drops else 0


if __name__ == "__main__":
    raise SystemExit(main())
