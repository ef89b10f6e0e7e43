"""Text-pipeline throughput on a corpus built from the seed articles, against baselines.

    python benchmarks/throughput.py              # about 4 MB of text
    python benchmarks/throughput.py --mb 1       # smaller

The corpus (seeded, so every run is the same) is made of the five seed articles' paragraphs,
shuffled into new documents, with names respelled as translations respell them: each name of
the bundled registry that occurs is, with probability 0.3, replaced by a variant (c/k, v/b,
doubled letters, vowel shifts, an added or dropped h, or the seeds' own respellings are left
as they are). Every planted variant is recorded with its entity.

Measured in one run, on the same corpus:
- canonym through its CLI (`canonym normalize --jsonl`), one process and two workers:
  MB/s, documents/s, and how many planted variants it links to the right entity;
- exact matching of every registry name with pyahocorasick (case-insensitive): fast but blind
  to variants;
- a naive pass that sends every capitalised span to `rapidfuzz.process.extractOne` over all
  registry names (WRatio, cutoff 85), on a sample of documents.
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

import ahocorasick
import regex
from rapidfuzz import fuzz, process, utils

from canonym import Registry

ROOT = Path(__file__).resolve().parents[1]
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


def run_cli(docs: list[str], workers: int) -> tuple[float, list[list[dict[str, object]]]]:
    exe = shutil.which("canonym")
    cmd = [exe] if exe else [sys.executable, "-m", "canonym"]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "corpus.jsonl"
        source.write_text(
            "".join(json.dumps({"text": d}, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8"
        )
        start = time.perf_counter()
        done = subprocess.run(
            [*cmd, "normalize", "--jsonl", "--workers", str(workers), str(source)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ},
        )
        elapsed = time.perf_counter() - start
    return elapsed, [json.loads(line)["mentions"] for line in done.stdout.splitlines()]


def variants_found(planted: list[tuple[int, str, str]], mentions: list[list[dict[str, object]]]) -> int:
    found = 0
    for doc, surface, entity in planted:
        if any(m["id"] == entity and surface in str(m["text"]) for m in mentions[doc]):
            found += 1
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=4.0, help="corpus size in MB (default 4)")
    args = parser.parse_args()
    rng = random.Random(20251130)
    docs, planted = build_corpus(args.mb, rng)
    megabytes = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
    print(f"corpus: {len(docs)} documents, {megabytes:.1f} MB, {len(planted)} planted variants\n")
    print("| method | MB/s | documents/s | planted variants linked |")
    print("|---|---|---|---|")
    for workers in (1, 2):
        elapsed, mentions = run_cli(docs, workers)
        print(
            f"| canonym normalize --jsonl --workers {workers} (CLI, incl. start) "
            f"| {megabytes / elapsed:.2f} | "
            f"{len(docs) / elapsed:.0f} | {variants_found(planted, mentions)}/{len(planted)} |"
        )

    registry = Registry.default()
    automaton = ahocorasick.Automaton()
    for entity in registry.entities:
        for name in entity.names:
            automaton.add_word(name.lower(), (entity.id, name))
    automaton.make_automaton()
    start = time.perf_counter()
    exact: list[list[dict[str, object]]] = []
    for doc in docs:
        lowered = doc.lower()
        exact.append(
            [
                {"id": value[0], "text": doc[end - len(value[1]) + 1 : end + 1]}
                for end, value in automaton.iter(lowered)
            ]
        )
    elapsed = time.perf_counter() - start
    print(
        f"| pyahocorasick exact names | {megabytes / elapsed:.2f} | {len(docs) / elapsed:.0f} | "
        f"{variants_found(planted, exact)}/{len(planted)} |"
    )

    names = [n for e in registry.entities for n in e.names]
    sample = docs[: max(1, len(docs) // 20)]
    start = time.perf_counter()
    for doc in sample:
        for m in CAPITALISED.finditer(doc):
            process.extractOne(
                m.group(), names, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=85
            )
    elapsed = time.perf_counter() - start
    sample_mb = sum(len(d.encode("utf-8")) for d in sample) / 1_000_000
    print(
        f"| capitalised spans -> extractOne WRatio (sample of {len(sample)} documents) | "
        f"{sample_mb / elapsed:.2f} | {len(sample) / elapsed:.0f} | n/a |"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
