"""How time and memory grow with hostile input sizes: each size against half of it, in one run.

    python benchmarks/hostile.py                      # documents up to 50 MB, registries to 200k names
    python benchmarks/hostile.py --max-mb 8           # quicker
    python benchmarks/hostile.py --max-names 1000000  # a registry of a million names too

The baseline of every row is the same operation at half the size, measured in the same run:
a ratio near 2 per doubling is linear growth, near 4 quadratic (flagged). Four parts:

1. Adversarial strings for every regular expression on the text path (normalisation,
   tokenising, Wade-Giles, transliteration keys, whole documents of initials, dashes and
   apostrophes): catastrophic backtracking would show as a ratio far above 2.
2. One "name" of 1 KB to 1 MB through ``resolve``: bounded by ``MAX_NAME_CHARS``.
3. Documents of 1 MB up to ``--max-mb`` built from the seed articles, through
   ``canonym normalize --json FILE`` in a child process: seconds and peak memory (RSS).
4. JSON Lines streams of 25,000 to 100,000 records through ``canonym normalize --jsonl``:
   seconds and peak memory, which must not grow with the stream.
5. Synthetic registries (the generator of ``scale.py``) from 25,000 names up to
   ``--max-names``: parse and index time, and peak memory, in a child process each.
6. Name streams through ``canonym resolve --json``: 100,000 lines of hostile kinds (each
   must get exactly its own answer line, in order: checked, not only timed; the test suite
   runs 15,000), and 50,000 lines of one name, which the stream answers once.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Resolver
from canonym.mentions import tokenize
from canonym.normalize import normalize_text
from canonym.phonetic import translit_key
from canonym.romanization import wade_giles_to_pinyin
from scale import registry_yaml

ROOT = Path(__file__).resolve().parents[1]
SUPERLINEAR = 3.0  # a doubling ratio above this is reported


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def flag(ratio: float) -> str:
    return "  <-- superlinear" if ratio > SUPERLINEAR else ""


def growth(before: tuple[int, float], after: tuple[int, float]) -> str:
    """Time ratio, scaled to a doubling of the size, so that linear reads 2.00."""
    ratio = 2 * (after[1] / before[1]) / (after[0] / before[0])
    return f"{ratio:.2f}{flag(ratio)}"


# Runs a script or module and reports its own peak memory at exit. VmHWM belongs to the
# process's address space since exec; ru_maxrss would also count the benchmark's own size,
# which Linux carries over from the parent at fork and exec.
PEAK = """
import atexit, runpy, sys
def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            sys.stderr.write("\\npeak-kib " + line.split()[1] + "\\n")
atexit.register(peak)
target, sys.argv = sys.argv[1], sys.argv[1:]
if target == "-m":
    sys.argv = sys.argv[1:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    runpy.run_path(target, run_name="__main__")
"""


def child(args: list[str], stdin_path: str | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) and standard output of ``python ARGS`` in a child."""
    env = {**os.environ, "CANONYM_CACHE_DIR": "off"}
    with (
        open(stdin_path or os.devnull, "rb") as stdin,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        start = time.perf_counter()
        command = [sys.executable, "-c", PEAK, *args]
        done = subprocess.run(command, stdin=stdin, stdout=out, stderr=err, env=env, check=False)
        elapsed = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        text, errors = out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace")
    if done.returncode not in (0, 1) or "peak-kib" not in errors:
        raise SystemExit(f"python {' '.join(args)} failed ({done.returncode}): {errors[-500:]}")
    return elapsed, int(errors.rsplit("peak-kib ", 1)[1].split()[0]) / 1024, text


def doublings(first: int, last: int) -> list[int]:
    """first, 2 first, 4 first, ... below last, then last."""
    sizes = []
    while first < last:
        sizes.append(first)
        first *= 2
    return [*sizes, last]


def patterns(resolver: Resolver) -> None:
    print("## 1. Adversarial strings (seconds at n, 2n, 4n characters; ratio per doubling)\n")
    print("| input | n | t(n) | t(2n) | t(4n) | ratio |")
    print("|---|---|---|---|---|---|")
    cases: list[tuple[str, Callable[[str], object], Callable[[int], str]]] = [
        ("normalize: initials a.a.a…aa", normalize_text, lambda n: "a." * (n // 2) + "aa"),
        ("normalize: apostrophes", normalize_text, lambda n: "a'" * (n // 2)),
        ("normalize: invisible marks", normalize_text, lambda n: "a\u200b\u0301" * (n // 3)),
        ("tokenize: initials A.A.A…", tokenize, lambda n: "A." * (n // 2) + "AA"),
        ("tokenize: apostrophes A'a'a…", tokenize, lambda n: "A" + "'a" * (n // 2) + "'"),
        ("tokenize: spaces then x", tokenize, lambda n: " " * n + "x"),
        ("wade-giles: a-a-a…'", wade_giles_to_pinyin, lambda n: "a-" * (n // 2) + "'"),
        ("transliteration key: haha…", translit_key, lambda n: "ha" * (n // 2)),
        ("annotate: A A A …", resolver.annotate, lambda n: "A " * (n // 2)),
        ("annotate: A-A-A …", resolver.annotate, lambda n: "A-" * (n // 2)),
        ("annotate: Kast de de … Peru", resolver.annotate, lambda n: "Kast " + "de " * (n // 3) + "Peru"),
        ("annotate: one long word", resolver.annotate, lambda n: "X" + "ab" * (n // 2)),
    ]
    n = 50_000
    for label, function, make in cases:
        times = [timed(functools.partial(function, make(size))) for size in (n, 2 * n, 4 * n)]
        ratio = (times[2] / max(times[1], 1e-9) + times[1] / max(times[0], 1e-9)) / 2
        row = " | ".join(f"{t:.4f}" for t in times)
        print(f"| {label} | {n:,} | {row} | {ratio:.2f}{flag(ratio)} |")


def names(resolver: Resolver) -> None:
    print("\n## 2. One huge name through resolve\n")
    print("| characters | seconds |")
    print("|---|---|")
    rng = random.Random(2)
    for size in (1_000, 10_000, 100_000, 1_000_000):
        text = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz   ") for _ in range(size))
        print(f"| {size:,} | {timed(lambda t=text: resolver.resolve(t)):.4f} |")


def seed_text(size: int, rng: random.Random) -> str:
    paragraphs = [
        p.strip()
        for path in sorted((ROOT / "seeds").glob("*.txt"))
        for p in path.read_text("utf-8").split("\n\n")
        if p.strip()
    ]
    out: list[str] = []
    total = 0
    while total < size:
        paragraph = rng.choice(paragraphs)
        out.append(paragraph)
        total += len(paragraph.encode()) + 2
    return "\n\n".join(out)


def documents(max_mb: int, folder: Path) -> None:
    print("\n## 3. One document through `canonym normalize --json FILE`\n")
    print("| MB | seconds | MB/s | time ratio per doubling | peak RSS MiB |")
    print("|---|---|---|---|---|")
    rng = random.Random(3)
    previous: tuple[int, float] | None = None
    for size in doublings(1, max_mb):
        path = folder / f"doc-{size}.txt"
        path.write_text(seed_text(size * 1_000_000, rng), encoding="utf-8")
        seconds, rss, _ = child(["-m", "canonym", "normalize", "--json", str(path)])
        ratio = "" if previous is None else growth(previous, (size, seconds))
        print(f"| {size} | {seconds:.1f} | {size / seconds:.2f} | {ratio} | {rss:.0f} |")
        previous = (size, seconds)
    print()


def streams(folder: Path) -> None:
    print("## 4. JSON Lines streams through `canonym normalize --jsonl`\n")
    print("| records | seconds | time ratio per doubling | peak RSS MiB |")
    print("|---|---|---|---|")
    rng = random.Random(4)
    texts = [p for p in seed_text(400_000, rng).split("\n\n") if p]
    previous: tuple[int, float] | None = None
    for count in (25_000, 50_000, 100_000):
        path = folder / f"stream-{count}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for n in range(count):
                out.write(json.dumps({"n": n, "text": texts[n % len(texts)][:300]}) + "\n")
        seconds, rss, _ = child(["-m", "canonym", "normalize", "--jsonl"], str(path))
        ratio = "" if previous is None else growth(previous, (count, seconds))
        print(f"| {count:,} | {seconds:.1f} | {ratio} | {rss:.0f} |")
        previous = (count, seconds)


HOSTILE_LINES = [b"Kast", b"", b"Jos\xe9 Gehry", b"\xff\xfe", b"Lima\r", b"x" * 300, b"\x00", b"a\tb"]


def name_streams(folder: Path) -> None:
    print("\n## 6. Name streams through `canonym resolve --json`\n")
    print("| stream | lines | seconds | lines/s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    rng = random.Random(5)
    hostile = [rng.choice(HOSTILE_LINES) for _ in range(100_000)] + [b"Lima"]
    same = [b"Jos\xc3\xa9 Gehry"] * 50_000
    for label, lines in (("hostile kinds", hostile), ("one name repeated", same)):
        path = folder / "names.txt"
        path.write_bytes(b"\n".join(lines))
        seconds, rss, out = child(["-m", "canonym", "resolve", "--json"], str(path))
        answers = out.split("\n")
        expected = [line.decode("utf-8", "replace").rstrip("\r") for line in lines]
        if answers[-1] != "" or [json.loads(a)["query"] for a in answers[:-1]] != expected:
            raise SystemExit(f"{label}: the answers are not one line per input line, in order")
        print(f"| {label} | {len(lines):,} | {seconds:.1f} | {len(lines) / seconds:,.0f} | {rss:.0f} |")


REGISTRY_CHILD = """
import sys, time
sys.path.insert(0, {bench!r})
from canonym import Registry
from canonym.index import CandidateIndex
from canonym.lexicon import default_lexicon
text = open({path!r}, encoding="utf-8").read()
start = time.perf_counter()
registry = Registry.from_text(text, "synthetic.yaml")
parsed = time.perf_counter()
CandidateIndex(registry, default_lexicon())
print(parsed - start, time.perf_counter() - parsed)
"""


def registries(max_names: int, folder: Path) -> None:
    print("\n## 5. Synthetic registries: parse and index in a child process\n")
    print("| names | parse s | index s | time ratio per doubling | peak RSS MiB |")
    print("|---|---|---|---|---|")
    previous: tuple[int, float] | None = None
    for size in doublings(25_000, max_names):
        # registry_yaml counts entities; a third of them carry one alias.
        text, _ = registry_yaml(round(size / 1.33), random.Random(size))
        path = folder / f"registry-{size}.yaml"
        path.write_text(text, encoding="utf-8")
        script = folder / "registry_child.py"
        script.write_text(REGISTRY_CHILD.format(bench=str(Path(__file__).resolve().parent), path=str(path)))
        _, rss, out = child([str(script)])
        parse, index = (float(x) for x in out.split())
        ratio = "" if previous is None else growth(previous, (size, parse + index))
        print(f"| {size:,} | {parse:.1f} | {index:.1f} | {ratio} | {rss:.0f} |")
        previous = (size, parse + index)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=int, default=50, help="largest document, in MB (default 50)")
    parser.add_argument("--max-names", type=int, default=200_000, help="largest registry (default 200,000)")
    args = parser.parse_args()
    resolver = Resolver.default()
    patterns(resolver)
    names(resolver)
    with tempfile.TemporaryDirectory() as tmp:
        documents(args.max_mb, Path(tmp))
        streams(Path(tmp))
        name_streams(Path(tmp))
        registries(args.max_names, Path(tmp))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
