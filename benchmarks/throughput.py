"""Text-pipeline throughput on corpora built from the seed articles, against baselines.

    python benchmarks/throughput.py              # 4 MB seed corpus, 0.3 MB diverse corpus
    python benchmarks/throughput.py --mb 1 --diverse-mb 0.1
    python benchmarks/throughput.py --quick      # 0.5 MB and 0.05 MB
    python benchmarks/throughput.py --quick --screen   # only the text layer's screens, in process
    python benchmarks/throughput.py --in-process       # the diverse corpus annotated in process

Two corpora, both from the five seed articles' paragraphs shuffled into new documents.

The seed corpus (the old figure, kept for comparison): 99.5 % of its name runs repeat, since
only the bundled registry's forty-one entities occur in it, so it mostly measures the tokenizer.

The corpus (seeded, so every run is the same) is made of the five seed articles' paragraphs,
shuffled into new documents, with names respelled as translations respell them: each name of
the bundled registry that occurs is, with probability 0.3, replaced by a variant (c/k, v/b,
doubled letters, vowel shifts, an added or dropped h, or the seeds' own respellings are left
as they are). Every planted variant is recorded with its entity.

The diverse corpus: every name of the bundled registry that occurs is replaced, with
probability 0.8, by a name of the same type drawn from the evaluation data in benchmarks/data/
(measurement data, read at run time): a canonical name or alias of a random evaluation-registry
entity (40 %), a query variant of one (45 %: the spellings the registry does not list), or a
negative query (15 %: a real name that is not in the registry). Names then vary as in a real
feed. It is annotated against the 13,328-entity evaluation registry and against the bundled one.

Measured in one run, on the seed corpus:
- canonym through its CLI (`canonym normalize --jsonl`), one process and two workers:
  MB/s, documents/s, and how many planted variants it links to the right entity;
- exact matching of every registry name with pyahocorasick (case-insensitive): fast but blind
  to variants;
- a naive pass that sends every capitalised span to `rapidfuzz.process.extractOne` over all
  registry names (WRatio, cutoff 85), on a sample of documents.
and on the diverse corpus: canonym (one process) against each registry in MB/s and mentions/s,
with the planted names linked to the right entity and the planted negatives linked to anything;
beside it the exact matcher (pyahocorasick, whole words, case-insensitive) over the same
registry's names, and the ratio. The machine is shared: speed figures are noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import regex
from rapidfuzz import fuzz, process, utils

from canonym import Registry, Resolver
from canonym import text as text_layer

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(__file__).resolve().parent / "data"
EVAL_REGISTRY = EVAL / "registry.yaml"
EVAL_QUERIES = (EVAL / "queries_ofac.jsonl", EVAL / "queries_places_dev.jsonl")
NEGATIVE_TYPE = {"ofac_person_neg": "person", "ofac_org_neg": "organization", "geonames_city_neg": "place"}
CHANGES = [
    ("c", "k"),
    ("k", "c"),
    ("v", "b"),
    ("z", "s"),
    ("s", "z"),
    ("o", "u"),
    ("u", "o"),
    ("e", "i"),
    ("i", "e"),
    ("ll", "l"),
    ("l", "ll"),
    ("j", "g"),
    ("é", "e"),
    ("í", "i"),
    ("a", "ah"),
]
CAPITALISED = regex.compile(r"\p{Lu}[\p{L}\p{M}'’-]*(?:\s+(?:de|la|del|los)?\s*\p{Lu}[\p{L}\p{M}'’-]*)*")


def respell(name: str, rng: random.Random) -> str:
    options = [c for c in CHANGES if c[0] in name.lower() and len(name) > 4]
    if not options:
        return name
    old, new = rng.choice(options)
    lower = name.lower()
    at = lower.index(old)
    piece = new.upper() if name[at].isupper() and len(new) == 1 else new
    return name[:at] + piece + name[at + len(old) :]


def build_corpus(megabytes: float, rng: random.Random) -> tuple[list[str], list[tuple[int, str, str]]]:
    registry = Registry.default()
    names = sorted(
        ((n, e.id) for e in registry.entities for n in e.names if len(n) > 4),
        key=lambda t: -len(t[0]),
    )
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n")
        if len(p.strip()) > 80
    ]
    # Whole names only: "Chile" inside "Chilean" is an adjective, not a mention.
    pattern = regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(n) for n, _ in names) + r")(?!\w)")
    ids = dict(names)
    docs: list[str] = []
    planted: list[tuple[int, str, str]] = []
    size = 0
    while size < megabytes * 1_000_000:
        text = "\n\n".join(rng.sample(paragraphs, rng.randint(3, 8)))

        def swap(m: regex.Match[str], doc: int = len(docs)) -> str:
            surface = m.group()
            if rng.random() < 0.3:
                variant = respell(surface, rng)
                if variant != surface:
                    planted.append((doc, variant, ids[surface]))
                    return variant
            return surface

        text = pattern.sub(swap, text)
        docs.append(text)
        size += len(text.encode("utf-8"))
    return docs, planted


@dataclass(frozen=True)
class Pools:
    """Names to plant, by entity type: registry names, query variants, negatives (id None)."""

    exact: dict[str, list[tuple[str, str]]]
    variants: dict[str, list[tuple[str, str]]]
    negatives: dict[str, list[str]]


def eval_pools() -> Pools:
    registry = Registry.from_files([EVAL_REGISTRY])
    types = {e.id: e.type for e in registry.entities}
    exact: dict[str, list[tuple[str, str]]] = {}
    for e in registry.entities:
        exact.setdefault(e.type, []).extend((n, e.id) for n in e.names)
    variants: dict[str, list[tuple[str, str]]] = {}
    negatives: dict[str, list[str]] = {}
    for path in EVAL_QUERIES:
        with path.open(encoding="utf-8") as handle:
            for r in map(json.loads, handle):
                if r["expect"] is None:
                    negatives.setdefault(NEGATIVE_TYPE[r["source"]], []).append(r["query"])
                elif r["expect"] in types:
                    variants.setdefault(types[r["expect"]], []).append((r["query"], r["expect"]))
    return Pools(exact, variants, negatives)


def build_diverse_corpus(
    megabytes: float, rng: random.Random, pools: Pools
) -> tuple[list[str], list[tuple[int, str, str | None]]]:
    """Seed paragraphs whose bundled-registry names are mostly replaced by evaluation names;
    returns the documents and each planted (document, surface, expected id or None)."""
    bundled = Registry.default()
    names = sorted(
        ((n, e.type) for e in bundled.entities for n in e.names if len(n) > 2), key=lambda t: -len(t[0])
    )
    kinds = dict(names)
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n")
        if len(p.strip()) > 80
    ]
    pattern = regex.compile(r"(?<!\w)(?:" + "|".join(regex.escape(n) for n, _ in names) + r")(?!\w)")
    docs: list[str] = []
    planted: list[tuple[int, str, str | None]] = []
    size = 0
    while size < megabytes * 1_000_000:
        text = "\n\n".join(rng.sample(paragraphs, rng.randint(3, 8)))

        def swap(m: regex.Match[str], doc: int = len(docs)) -> str:
            kind = kinds[m.group()]
            draw = rng.random()
            if draw >= 0.8:
                return m.group()
            if draw < 0.32 or not pools.variants.get(kind):
                surface, entity = rng.choice(pools.exact[kind])
            elif draw < 0.68:
                surface, entity = rng.choice(pools.variants[kind])
            else:
                surface, entity = rng.choice(pools.negatives[kind]), None
            surface = " ".join(surface.split())  # one line: a name never spans a paragraph break
            planted.append((doc, surface, entity))
            return surface

        docs.append(pattern.sub(swap, text))
        size += len(docs[-1].encode("utf-8"))
    return docs, planted


def run_cli(
    docs: list[str], workers: int, registry: Path | None = None
) -> tuple[float, list[list[dict[str, object]]]]:
    """Wall seconds of one `canonym normalize --jsonl` process over ``docs``, and its mentions."""
    elapsed, _, mentions = run_cli_timed(docs, workers, registry)
    return elapsed, mentions


def run_cli_timed(
    docs: list[str], workers: int, registry: Path | None = None
) -> tuple[float, float, list[list[dict[str, object]]]]:
    """Wall and CPU seconds (the process and its workers) of one CLI run, and its mentions."""
    # This interpreter's canonym, not whichever another environment put first on PATH.
    exe = Path(sys.executable).with_name("canonym")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "canonym"]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "corpus.jsonl"
        source.write_text(
            "".join(json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8"
        )
        aliases = [] if registry is None else ["--aliases", str(registry)]
        cpu = children_cpu()
        start = time.perf_counter()
        done = subprocess.run(
            [*cmd, "normalize", "--jsonl", "--workers", str(workers), *aliases, str(source)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ},
        )
        elapsed = time.perf_counter() - start
        cpu = children_cpu() - cpu
    return elapsed, cpu, [json.loads(line)["mentions"] for line in done.stdout.splitlines()]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def variants_found(planted: list[tuple[int, str, str]], mentions: list[list[dict[str, object]]]) -> int:
    found = 0
    for doc, surface, entity in planted:
        if any(m["id"] == entity and surface in str(m["text"]) for m in mentions[doc]):
            found += 1
    return found


def exact_matcher(registry: Registry) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for entity in registry.entities:
        for name in entity.names:
            automaton.add_word(name.lower(), (entity.id, name))
    automaton.make_automaton()
    return automaton


def exact_whole_words(automaton: ahocorasick.Automaton, docs: list[str]) -> list[list[dict[str, object]]]:
    """Every registry name found as a whole word (case-insensitive), as mentions."""
    out: list[list[dict[str, object]]] = []
    for doc in docs:
        lowered = doc.lower()
        found: list[dict[str, object]] = []
        for end, (entity, name) in automaton.iter(lowered):
            start = end - len(name) + 1
            if (start == 0 or not lowered[start - 1].isalnum()) and (
                end + 1 == len(lowered) or not lowered[end + 1].isalnum()
            ):
                found.append({"id": entity, "text": doc[start : end + 1]})
        out.append(found)
    return out


def planted_scores(
    planted: list[tuple[int, str, str | None]], mentions: list[list[dict[str, object]]]
) -> tuple[str, str]:
    """Planted names linked to their entity, and planted negatives linked to anything."""
    positives = [p for p in planted if p[2] is not None]
    negatives = [p for p in planted if p[2] is None]
    right = sum(
        1 for doc, s, e in positives if any(m["id"] == e and s in str(m["text"]) for m in mentions[doc])
    )
    wrong = sum(
        1 for doc, s, _ in negatives if any(s in str(m["text"]) or str(m["text"]) in s for m in mentions[doc])
    )
    return f"{right}/{len(positives)}", f"{wrong}/{len(negatives)}"


def diverse(megabytes: float, rng: random.Random) -> None:
    """The diverse corpus against the evaluation registry and the bundled one, next to exact matching."""
    docs, planted = build_diverse_corpus(megabytes, rng, eval_pools())
    size = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    runs = sorted({(d, s) for d, s, _ in planted})
    print(
        f"\ndiverse corpus: {len(docs)} documents, {size:.2f} MB, {len(planted)} planted names "
        f"({len(runs)} distinct in their documents; {sum(1 for p in planted if p[2] is None)} negatives)\n"
    )
    header = (
        "| registry | method | MB/s | MB/CPU-s | mentions/s | mentions | planted names linked "
        "| negatives linked |"
    )
    print(header)
    print("|---|---|---|---|---|---|---|---|")
    for label, path, registry in (
        ("evaluation (13,328 entities)", EVAL_REGISTRY, Registry.from_files([EVAL_REGISTRY])),
        ("bundled", None, Registry.default()),
    ):
        run_cli_timed([""], 1, path)  # builds the index if it is not cached yet
        load_wall, load_cpu, _ = run_cli_timed([""], 1, path)  # start and index load, subtracted below
        elapsed, cpu, mentions = run_cli_timed(docs, 1, path)
        wall, cpu = max(elapsed - load_wall, 1e-9), max(cpu - load_cpu, 1e-9)
        count = sum(map(len, mentions))
        right, wrong = planted_scores(planted, mentions)
        print(
            f"| {label} | canonym normalize --jsonl (CLI, less {load_wall:.1f} s start and load) | "
            f"{size / wall:.3f} | {size / cpu:.3f} | {count / wall:.0f} | {count} | {right} | {wrong} |"
        )
        automaton = exact_matcher(registry)
        cpu_start, start = time.process_time(), time.perf_counter()
        exact = exact_whole_words(automaton, docs)
        exact_wall, exact_cpu = time.perf_counter() - start, time.process_time() - cpu_start
        count = sum(map(len, exact))
        right, wrong = planted_scores(planted, exact)
        print(
            f"| {label} | pyahocorasick exact names, whole words | {size / exact_wall:.2f} | "
            f"{size / max(exact_cpu, 1e-9):.2f} | {count / exact_wall:.0f} | {count} | {right} | {wrong} |"
        )
        print(
            f"| {label} | canonym / exact (per CPU-second) | | {exact_cpu / cpu:.5f} "
            f"(1/{cpu / max(exact_cpu, 1e-9):.0f}) | | | | |"
        )


def screen_check(docs: list[str], resolver: Resolver, label: str, size: float) -> None:
    """Annotate ``docs`` in process with the text layer's screens off and on: the
    function-word screen (``canonym.text._screened``, with ``Resolver.has_alias``) and the
    resolver's (``Resolver.span_candidates``: no comparison for a span no looked-up alias
    explains). The mentions must be identical; prints the distinct spans looked up and
    compared and the CPU of each pass (fresh span memo each pass, alternated twice, the
    faster of each kept)."""
    asked: set[str] = set()
    compared: set[str] = set()
    counts: dict[bool, tuple[int, int]] = {}
    cpu: dict[bool, float] = {}
    views: dict[bool, list[list[tuple[object, ...]]]] = {}
    for screen in (False, True, False, True):
        fresh = Resolver._assemble(resolver.registry, resolver.index, resolver.model)
        memo, ranked = fresh.candidates_cached, fresh._ranked

        def recording(surface: str, *args: object, memo: object = memo) -> object:
            asked.add(surface)
            return memo(surface, *args)  # type: ignore[operator]

        def ranking(name: str, *args: object, ranked: object = ranked, **kwargs: object) -> object:
            compared.add(name)
            return ranked(name, *args, **kwargs)  # type: ignore[operator]

        fresh.candidates_cached = recording  # type: ignore[method-assign]
        fresh._ranked = ranking  # type: ignore[method-assign]
        if screen:
            spans = fresh.span_candidates

            def screened(surface: str, *args: object, spans: object = spans) -> object:
                asked.add(surface)
                return spans(surface, *args)  # type: ignore[operator]

            fresh.span_candidates = screened  # type: ignore[method-assign]
        else:
            fresh.span_candidates = None  # type: ignore[assignment,method-assign]
            fresh.has_alias = None  # type: ignore[assignment,method-assign]
        asked.clear()
        compared.clear()
        text_layer.SCREEN = screen
        start = time.process_time()
        views[screen] = [
            [(m.start, m.end, m.entity.id, m.score, m.via, m.title) for m in fresh.annotate(d).mentions]
            for d in docs
        ]
        cpu[screen] = min(cpu.get(screen, float("inf")), time.process_time() - start)
        counts[screen] = (len(asked), len(compared))
    text_layer.SCREEN = True
    same = "identical" if views[False] == views[True] else "DIFFERENT"
    (asked_off, compared_off), (asked_on, compared_on) = counts[False], counts[True]
    print(
        f"| {label} | {same} | {asked_off} | {asked_on} | {compared_on} "
        f"| {1 - compared_on / max(1, compared_off):.1%} "
        f"| {size / cpu[False]:.3f} | {size / cpu[True]:.3f} | {cpu[False] / cpu[True]:.2f} |"
    )


def screen_checks(seed_docs: list[str], megabytes: float) -> None:
    """:func:`screen_check` on the diverse corpus (both registries) and the seed corpus."""
    docs, _ = build_diverse_corpus(megabytes, random.Random(20261128), eval_pools())
    size = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    seed_size = sum(len(d.encode("utf-8")) for d in seed_docs) / 1_000_000
    print(
        "\nThe text layer's screens, in process (mentions with them and without; distinct spans "
        "looked up and compared)\n"
    )
    print(
        "| corpus, registry | mentions | spans compared, off | looked up, on | compared, on | spared "
        "| MB/CPU-s off | on | on/off |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    evaluation = Resolver.from_files([EVAL_REGISTRY])
    screen_check(docs, evaluation, f"diverse ({size:.2f} MB), evaluation", size)
    screen_check(docs, Resolver.default(), f"diverse ({size:.2f} MB), bundled", size)
    screen_check(seed_docs, Resolver.default(), f"seed ({seed_size:.2f} MB), bundled", seed_size)


def in_process(megabytes: float) -> None:
    """The diverse corpus annotated against the evaluation registry by one resolver in this
    process (no CLI, no JSON): MB per CPU-second over the whole corpus, and over what
    follows its first 0.05 MB, by which the first-use tables and the word memos are warm."""
    docs, _ = build_diverse_corpus(megabytes, random.Random(20251130), eval_pools())
    resolver = Resolver.from_files([EVAL_REGISTRY])
    resolver.resolve("warm up")
    sizes = [len(d.encode("utf-8")) / 1_000_000 for d in docs]
    times = []
    for doc in docs:
        start = time.process_time()
        resolver.annotate(doc)
        times.append(time.process_time() - start)
    warm, done = 0, 0.0
    while warm < len(docs) and done < 0.05:
        done += sizes[warm]
        warm += 1
    print("\n| diverse corpus, evaluation registry, in process | MB | MB/CPU-s |")
    print("|---|---|---|")
    print(f"| every document | {sum(sizes):.2f} | {sum(sizes) / sum(times):.3f} |")
    rest = sum(sizes[warm:])
    if rest:
        print(f"| after the first {done:.2f} MB | {rest:.2f} | {rest / sum(times[warm:]):.3f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="seed corpus size in MB (default 4)")
    parser.add_argument(
        "--diverse-mb", type=float, default=0.3, help="diverse corpus size in MB (default 0.3)"
    )
    parser.add_argument("--quick", action="store_true", help="0.5 MB seed corpus, 0.05 MB diverse corpus")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="only the diverse corpus annotated in this process (whole, and once the caches are warm)",
    )
    parser.add_argument(
        "--screen",
        action="store_true",
        help="only check the text layer's screens in process (same mentions, spans spared, CPU)",
    )
    args = parser.parse_args()
    if args.quick:
        args.mb, args.diverse_mb = 0.5, 0.05
    if args.in_process:
        in_process(args.diverse_mb)
        return 0
    rng = random.Random(20251130)
    docs, planted = build_corpus(args.mb, rng)
    if args.screen:
        screen_checks(docs, args.diverse_mb)
        return 0
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    print(f"corpus: {len(docs)} documents, {megabytes:.1f} MB, {len(planted)} planted variants\n")
    print("| method | MB/s | MB/CPU-s | documents/s | mentions/s | planted variants linked |")
    print("|---|---|---|---|---|---|")
    for workers in (1, 2):
        elapsed, cpu, mentions = run_cli_timed(docs, workers)
        print(
            f"| canonym normalize --jsonl --workers {workers} (CLI, incl. start) "
            f"| {megabytes / elapsed:.2f} | {megabytes / cpu:.2f} | {len(docs) / elapsed:.0f} | "
            f"{sum(map(len, mentions)) / elapsed:.0f} | "
            f"{variants_found(planted, mentions)}/{len(planted)} |"
        )

    registry = Registry.default()
    automaton = ahocorasick.Automaton()
    for entity in registry.entities:
        for name in entity.names:
            automaton.add_word(name.lower(), (entity.id, name))
    automaton.make_automaton()
    start, cpu_start = time.perf_counter(), time.process_time()
    exact: list[list[dict[str, object]]] = []
    for doc in docs:
        lowered = doc.lower()
        exact.append(
            [
                {"id": value[0], "text": doc[end - len(value[1]) + 1 : end + 1]}
                for end, value in automaton.iter(lowered)
            ]
        )
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    print(
        f"| pyahocorasick exact names | {megabytes / elapsed:.2f} | {megabytes / max(cpu, 1e-9):.2f} "
        f"| {len(docs) / elapsed:.0f} | "
        f"{sum(map(len, exact)) / elapsed:.0f} | {variants_found(planted, exact)}/{len(planted)} |"
    )

    names = [n for e in registry.entities for n in e.names]
    sample = docs[: max(1, len(docs) // 20)]
    start, cpu_start = time.perf_counter(), time.process_time()
    for doc in sample:
        for m in CAPITALISED.finditer(doc):
            process.extractOne(
                m.group(), names, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=85
            )
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    sample_mb = sum(len(d.encode("utf-8")) for d in sample) / 1_000_000
    print(
        f"| capitalised spans -> extractOne WRatio (sample of {len(sample)} documents) | "
        f"{sample_mb / elapsed:.2f} | {sample_mb / max(cpu, 1e-9):.2f} | "
        f"{len(sample) / elapsed:.0f} | n/a | n/a |"
    )
    diverse(args.diverse_mb, random.Random(20261128))
    print("\nSpeed figures are noisy (the machine is shared by other work); the counts are exact.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
