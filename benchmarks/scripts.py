"""Names in other scripts: person names in Hebrew and Korean, places in non-Latin scripts, by script.

    python benchmarks/scripts.py            # all three sets; gazetteer extractOne on 1,000 queries
    python benchmarks/scripts.py --quick    # gazetteer on 1,500 queries, extractOne on 300 of them

Measured as issue 13 asks, each through the CLI (`canonym resolve --json --aliases FILE`, all
queries on stdin, one process, default thresholds) next to `rapidfuzz.process.extractOne` (WRatio,
cutoff 85) over the same registry's unidecode-folded names in the same run:

1. benchmarks/data/persons_he_ko_dev/: people's Wikidata labels in Hebrew and Korean against a
   10,000-person registry of their English names (CC0; steveash/NETransliteration-COLING2018 and
   Wikidata), by language and by source (Korean written with spaces or in one block), without a
   language hint and with `--lang he` / `--lang ko` for each language's queries;
2. benchmarks/data/queries_places_dev_nonlatin.jsonl against the evaluation registry, by script;
3. benchmarks/data/gazetteer_dev/ against GeoNames cities15000, by script (see gazetteer.py).

Printed for each group: right, wrong entity and unknown (shares of its positives), negatives
accepted, and queries per CPU-second. The machine is shared: speed figures are noisy, the
quality figures are exact.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gazetteer as gz
from evalrun import ExtractOne, Run, Tally, bench_folder, cli_resolve, script_of, table, tally

DATA = Path(__file__).resolve().parent / "data"
PERSONS = DATA / "persons_he_ko_dev"
PLACES_REGISTRY = DATA / "registry.yaml"
PLACES_NONLATIN = DATA / "queries_places_dev_nonlatin.jsonl"
LANGS = ("he", "ko")


@dataclass(frozen=True)
class Query:
    text: str
    expect: str | None
    group: str  # language and source, or script


def person_queries() -> list[Query]:
    """persons_he_ko_dev's queries, grouped as "he", "ko spaced" and "ko unspaced"."""
    out = []
    with (PERSONS / "queries.jsonl").open(encoding="utf-8") as handle:
        for r in map(json.loads, handle):
            kind = "" if r["lang"] == "he" else " unspaced" if "unspaced" in r["source"] else " spaced"
            out.append(Query(r["query"], r["expected"], r["lang"] + kind))
    return out


def place_queries() -> list[Query]:
    with PLACES_NONLATIN.open(encoding="utf-8") as handle:
        return [Query(r["query"], r["expect"], script_of(r["query"])) for r in map(json.loads, handle)]


def registry_names(path: Path) -> list[tuple[str, str]]:
    """(entity id, name) for every canonical name and alias of a registry file."""
    loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return [(e["id"], n) for e in loaded["entities"] for n in (e["canonical"], *e.get("aliases", []))]


def warm_load(registry: Path, cache: Path) -> Run:
    """A one-query run after the index is built: the cost of starting and loading, to subtract."""
    cli_resolve(["x"], [registry], cache)
    return cli_resolve(["x"], [registry], cache)


def per_cpu_second(run: Run, load: Run, count: int) -> float:
    """Queries per CPU-second of a CLI run, less the CPU of starting and loading the index."""
    return count / max(run.cpu - load.cpu, 1e-9)


def group_rows(
    label: str,
    queries: Sequence[Query],
    got: Sequence[str | None],
    groups: Sequence[tuple[str, Callable[[Query], bool]]],
    qps: str,
) -> tuple[list[list[str]], dict[str, Tally]]:
    rows, tallies = [], {}
    for name, keep in groups:
        t = tally((q.expect, a) for q, a in zip(queries, got) if keep(q))
        tallies[name] = t
        rows.append(
            [name, label, f"{t.positives}/{t.negatives}", *t.cells(), qps if name == groups[0][0] else ""]
        )
    return rows, tallies


HEADER = [
    "queries",
    "method",
    "pos/neg",
    "right",
    "wrong entity",
    "unknown",
    "neg. accepted",
    "queries/CPU-s",
]


def persons(cache: Path) -> tuple[list[list[str]], dict[str, dict[str, Tally]]]:
    """Rows for persons_he_ko_dev: canonym without and with --lang, and extractOne."""
    queries = person_queries()
    registry = PERSONS / "registry.yaml"
    texts = [q.text for q in queries]
    load = warm_load(registry, cache)
    plain = cli_resolve(texts, [registry], cache)
    hinted: list[str | None] = [None] * len(queries)
    hinted_cpu = 0.0
    for lang in LANGS:
        positions = [i for i, q in enumerate(queries) if q.group.startswith(lang)]
        run = cli_resolve([texts[i] for i in positions], [registry], cache, lang=lang)
        hinted_cpu += run.cpu - load.cpu
        for i, (answer, _) in zip(positions, run.answers):
            hinted[i] = answer
    base = ExtractOne(registry_names(registry))
    base_got, base_cpu = base.run(texts)
    groups: list[tuple[str, Callable[[Query], bool]]] = [
        ("all", lambda _: True),
        ("he", lambda q: q.group == "he"),
        ("ko", lambda q: q.group.startswith("ko")),
        ("ko spaced", lambda q: q.group == "ko spaced"),
        ("ko unspaced", lambda q: q.group == "ko unspaced"),
    ]
    rows: list[list[str]] = []
    out: dict[str, dict[str, Tally]] = {}
    for label, got, qps in (
        ("canonym", [a for a, _ in plain.answers], f"{per_cpu_second(plain, load, len(texts)):.0f}"),
        ("canonym --lang", hinted, f"{len(texts) / max(hinted_cpu, 1e-9):.0f}"),
        ("extractOne", base_got, f"{len(texts) / base_cpu:.1f}"),
    ):
        more, tallies = group_rows(label, queries, got, groups, qps)
        rows += more
        out[label] = tallies
    rows.sort(key=lambda r: [g for g, _ in groups].index(r[0]))
    return rows, out


def places(cache: Path) -> tuple[list[list[str]], dict[str, dict[str, Tally]]]:
    """Rows for the non-Latin place queries against the evaluation registry, by script."""
    queries = place_queries()
    texts = [q.text for q in queries]
    load = warm_load(PLACES_REGISTRY, cache)
    run = cli_resolve(texts, [PLACES_REGISTRY], cache)
    base_got, base_cpu = ExtractOne(registry_names(PLACES_REGISTRY)).run(texts)
    scripts = [s for s, _ in Counter(q.group for q in queries).most_common()]
    groups: list[tuple[str, Callable[[Query], bool]]] = [("all", lambda _: True)]
    groups += [(s, lambda q, s=s: q.group == s) for s in scripts]  # type: ignore[misc]
    rows: list[list[str]] = []
    out: dict[str, dict[str, Tally]] = {}
    for label, got, qps in (
        ("canonym", [a for a, _ in run.answers], f"{per_cpu_second(run, load, len(texts)):.0f}"),
        ("extractOne", base_got, f"{len(texts) / base_cpu:.1f}"),
    ):
        more, tallies = group_rows(label, queries, got, groups, qps)
        rows += more
        out[label] = tallies
    rows.sort(key=lambda r: [g for g, _ in groups].index(r[0]))
    return rows, out


# The gazetteer's queries split in two by time zone (each city's queries stay together): the
# readings of scripts are developed on the first half and reported on both.
HALVES = {"all, development half (time zones)": 0, "all, other half": 1}


def split_half(zone: str | None) -> int:
    """0 or 1: the half of the time-zone split a query belongs to (sha1 of "split2:" + zone,
    negatives, which have no zone, in the half of the empty zone).

    >>> split_half("Europe/Vienna") in (0, 1)
    True
    """
    return int(hashlib.sha1(f"split2:{zone or ''}".encode()).hexdigest(), 16) % 2


def gazetteer_by_script(quick: bool, base: Path | None) -> list[list[str]]:
    """Rows for gazetteer_dev by script (gazetteer.py's import, CLI run and baseline)."""
    g = gz.prepare(base)
    all_queries = gz.load_queries()
    chosen = gz.sample(all_queries, 1500 if quick else 0)
    queries = [all_queries[i] for i in chosen]
    with gz.QUERIES.open(encoding="utf-8") as handle:
        zones = [json.loads(line).get("tz") for line in handle]
    halves = [split_half(zones[i]) for i in chosen]
    load = warm_load(g.registry, g.index_cache)
    run = gz.resolve(g, [q.text for q in queries])
    got = [a for a, _ in run.answers]
    picked = gz.sample(queries, 300 if quick else 1000)
    base_got, base_cpu = gz.baseline(g).run([queries[i].text for i in picked])
    theirs = dict(zip(picked, base_got))
    rows = []
    scripts = Counter(q.script for q in queries)
    full_counts = Counter(q.script for q in all_queries)  # the mark is for the whole set, not the sample
    names = ["all", *HALVES, *(s for s, _ in scripts.most_common())]
    for name in names:
        positions = [
            i for i, q in enumerate(queries) if name in ("all", q.script) or HALVES.get(name) == halves[i]
        ]
        mine = tally((queries[i].expect, got[i]) for i in positions)
        other = tally((queries[i].expect, theirs[i]) for i in positions if i in theirs)
        mark = " *" if full_counts.get(name, 0) >= gz.MANY else ""
        rows.append([name + mark, f"{mine.positives}/{mine.negatives}", *mine.cells(),
                     f"{other.positives}/{other.negatives}", *other.cells()])  # fmt: skip
    qps_mine = per_cpu_second(run, load, len(queries))
    qps_base = len(picked) / base_cpu
    rows.append(["queries/CPU-s", "", f"{qps_mine:.0f}", "", "", "", "", f"{qps_base:.1f}", "", "", ""])
    return rows


def headline(base: Path | None = None) -> dict[str, float | None]:
    """canonym's headline figures on persons_he_ko_dev and the non-Latin places, for all.py."""
    cache = bench_folder("scripts", base) / "index"
    queries = person_queries()
    texts = [q.text for q in queries]
    plain = [a for a, _ in cli_resolve(texts, [PERSONS / "registry.yaml"], cache).answers]
    hinted: list[str | None] = [None] * len(queries)
    for lang in LANGS:
        positions = [i for i, q in enumerate(queries) if q.group.startswith(lang)]
        run = cli_resolve([texts[i] for i in positions], [PERSONS / "registry.yaml"], cache, lang=lang)
        for i, (answer, _) in zip(positions, run.answers):
            hinted[i] = answer
    out: dict[str, float | None] = {}
    for suffix, got in (("", plain), (" --lang", hinted)):
        for name, keep in (
            ("all", lambda _: True),
            ("he", lambda q: q.group == "he"),
            ("ko spaced", lambda q: q.group == "ko spaced"),
            ("ko unspaced", lambda q: q.group == "ko unspaced"),
        ):
            t = tally((q.expect, a) for q, a in zip(queries, got) if keep(q))
            key = f"{name}{suffix}"
            out[f"{key}: right"] = t.right_rate
            out[f"{key}: wrong_entity"] = t.wrong_rate
            out[f"{key}: negatives_accepted"] = t.accepted_rate
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="sample the gazetteer (1,500; extractOne 300)")
    parser.add_argument("--cache", type=Path, help="folder for cached imports and indexes")
    args = parser.parse_args(argv)
    cache = bench_folder("scripts", args.cache) / "index"

    rows, _ = persons(cache)
    print("persons_he_ko_dev (Hebrew and Korean labels against English names; --lang: he or ko per query)\n")
    print(table(HEADER, rows))
    rows, _ = places(cache)
    print("\nnon-Latin place queries against the evaluation registry, by script\n")
    print(table(HEADER, rows))
    print("\ngazetteer_dev by script (* 100 queries or more; extractOne on a sample)\n", flush=True)
    header = ["script", "pos/neg", "right", "wrong entity", "unknown", "neg. accepted",
              "extractOne pos/neg", "right", "wrong entity", "unknown", "neg. accepted"]  # fmt: skip
    print(table(header, gazetteer_by_script(args.quick, args.cache)))
    print("\nSpeed figures are noisy (the machine is shared); the quality figures are exact.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
