"""Build time and query speed on a large synthetic registry, against rapidfuzz.

    python benchmarks/scale.py                    # 100,000 entities, 500 queries
    python benchmarks/scale.py --entities 20000   # smaller

The registry is generated (seeded, so every run is the same): person names made of
syllables in the style of several languages, two or three words each, with an alias for a
third of them. Queries are variants made with the spelling changes transliteration makes
(c/k, v/b, doubled letters, vowel shifts, an added or dropped h, words swapped), plus as
many names that are not in the registry. canonym and `rapidfuzz.process.extractOne`
(`fuzz.WRatio`, `utils.default_process`, cutoff 85) answer the same queries in this
process; the ratio of their speeds is printed with both accuracies.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

sys.path.insert(0, str(Path(__file__).resolve().parent))
from canonym import Registry, Resolver
from canonym.index import CandidateIndex
from canonym.lexicon import default_lexicon
from evaldata import Outcome, metrics

ONSETS = [
    "b",
    "c",
    "d",
    "f",
    "g",
    "h",
    "j",
    "k",
    "l",
    "m",
    "n",
    "p",
    "r",
    "s",
    "t",
    "v",
    "z",
    "ch",
    "sh",
    "kh",
]
VOWELS = ["a", "e", "i", "o", "u", "ou", "ia", "ei"]
CODAS = ["", "", "", "n", "r", "s", "l", "m", "t", "k"]
CHANGES = [
    ("c", "k"),
    ("k", "c"),
    ("v", "b"),
    ("b", "v"),
    ("o", "u"),
    ("u", "o"),
    ("e", "i"),
    ("i", "e"),
    ("s", "z"),
    ("z", "s"),
    ("kh", "h"),
    ("sh", "ch"),
    ("ou", "u"),
    ("ll", "l"),
]


def word(rng: random.Random) -> str:
    parts = [
        rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(rng.choice((2, 2, 3)))
    ]
    return "".join(parts).capitalize()


def name(rng: random.Random) -> str:
    return " ".join(word(rng) for _ in range(rng.choice((2, 2, 3))))


def variant(text: str, rng: random.Random) -> str:
    out = text.lower()
    for _ in range(rng.choice((1, 2))):
        options = [c for c in CHANGES if c[0] in out]
        if options:
            old, new = rng.choice(options)
            out = out.replace(old, new, 1)
    if rng.random() < 0.2:
        words = out.split()
        out = " ".join(words[1:] + words[:1])
    return out.title()


def registry_yaml(count: int, rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    lines = ["version: 1", "entities:"]
    names = []
    seen: set[str] = set()
    while len(names) < count:
        canonical = name(rng)
        if canonical in seen:
            continue
        seen.add(canonical)
        entity_id = f"e{len(names)}"
        lines += [f"  - id: {entity_id}", f"    canonical: {canonical}", "    type: person"]
        if rng.random() < 0.33:
            lines.append(f"    aliases: [{name(rng)}]")
        names.append((entity_id, canonical))
    return "\n".join(lines) + "\n", names


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(20251130)
    text, names = registry_yaml(args.entities, rng)
    known = {n for _, n in names}
    queries = [(variant(n, rng), i) for i, n in rng.sample(names, args.queries // 2)]
    while len(queries) < args.queries:
        candidate = name(rng)
        if candidate not in known:
            queries.append((candidate, None))

    start = time.perf_counter()
    registry = Registry.from_text(text, "synthetic.yaml")
    parsed = time.perf_counter()
    index = CandidateIndex(registry, default_lexicon())
    built = time.perf_counter()
    resolver = Resolver._assemble(registry, index, Resolver.default().model)
    all_names = [n for e in registry.entities for n in e.names]
    all_ids = [e.id for e in registry.entities for _ in e.names]
    print(
        f"{len(registry)} entities, {len(all_names)} names: parsed in {parsed - start:.1f} s, "
        f"index built in {built - parsed:.1f} s"
    )

    start = time.perf_counter()
    ours = []
    for q, expect in queries:
        m = resolver.resolve(q)
        ours.append(Outcome(expect, None if m is None else m.entity.id, 1.0))
    ours_qps = len(queries) / (time.perf_counter() - start)

    start = time.perf_counter()
    theirs = []
    for q, expect in queries:
        hit = process.extractOne(
            q, all_names, scorer=fuzz.WRatio, processor=utils.default_process, score_cutoff=85
        )
        theirs.append(Outcome(expect, None if hit is None else all_ids[hit[2]], 1.0))
    theirs_qps = len(queries) / (time.perf_counter() - start)

    a, b = metrics(ours), metrics(theirs)
    print("| method | right | neg. accepted | queries/s |")
    print("|---|---|---|---|")
    print(f"| canonym | {a.right:.3f} | {a.negatives_accepted:.3f} | {ours_qps:.0f} |")
    print(f"| extractOne WRatio >= 85 | {b.right:.3f} | {b.negatives_accepted:.3f} | {theirs_qps:.1f} |")
    print(f"canonym answers {ours_qps / theirs_qps:.0f}x faster than extractOne over all names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
