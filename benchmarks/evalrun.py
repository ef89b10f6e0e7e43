"""What the evaluation benchmarks share: running the CLI, the extractOne baseline, tallies, scripts.

canonym is measured as a user runs it: `canonym resolve --json --aliases FILE`, every query on
standard input, one process. The baseline is `rapidfuzz.process.extractOne` with `fuzz.WRatio`
and a cutoff of 85 over unidecode-folded names processed by `utils.default_process`, the way
the shared evaluation READMEs define it; the names are folded once, before the clock starts,
which only flatters the baseline's speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process, utils
from unidecode import unidecode

import canonym

Answer = tuple[str | None, float]  # entity id answered (None: unknown) and its confidence


@dataclass(frozen=True)
class Run:
    """One CLI process: its answers, wall seconds and CPU seconds (user + system)."""

    answers: list[Answer]
    wall: float
    cpu: float


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def code_digest(*extra: str) -> str:
    """A digest of canonym's installed code and data (and of ``extra``): cached imports and
    indexes are reused only while none of them has changed."""
    digest = hashlib.sha256("\0".join(extra).encode())
    package = Path(canonym.__file__).resolve().parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def bench_folder(name: str, base: Path | None = None, *extra: str) -> Path:
    """A folder for one benchmark's cached files, keyed on the code (default: the temp folder)."""
    folder = (base or Path(tempfile.gettempdir()) / "canonym-bench") / f"{name}-{code_digest(*extra)}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def canonym_command() -> list[str]:
    """The `canonym` of this interpreter's environment (not whichever is first on PATH)."""
    exe = Path(sys.executable).with_name("canonym")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "canonym"]


def cli_resolve(
    texts: Sequence[str],
    registries: Sequence[Path],
    cache_dir: Path,
    *,
    lang: str | None = None,
    threshold: float | None = None,
) -> Run:
    """Each text's answer from one `canonym resolve --json` process, with its wall and CPU time.

    ``threshold`` None keeps the model's own thresholds (what a user gets); 0 returns the best
    candidate of every query with its confidence.
    """
    cmd = [*canonym_command(), "resolve", "--json"]
    for registry in registries:
        cmd += ["--aliases", str(registry)]
    if lang is not None:
        cmd += ["--lang", lang]
    if threshold is not None:
        cmd += ["--threshold", str(threshold)]
    stdin = "".join(t.replace("\n", " ").replace("\r", " ") + "\n" for t in texts)
    env = {**os.environ, "CANONYM_CACHE_DIR": str(cache_dir)}
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    answers: list[Answer] = []
    for line in done.stdout.splitlines():
        match = json.loads(line)["match"]
        answers.append((None, 0.0) if match is None else (match["id"], float(match["score"])))
    if len(answers) != len(texts):
        raise SystemExit(f"canonym wrote {len(answers)} lines for {len(texts)} queries")
    return Run(answers, elapsed, cpu)


class ExtractOne:
    """The naive baseline: the best registry name by WRatio, accepted at 85 or more."""

    def __init__(self, names: Iterable[tuple[str, str]], cutoff: float = 85.0) -> None:
        """``names``: (entity id, name) pairs; each entity keeps each folded form once."""
        seen: set[tuple[str, str]] = set()
        self.choices: list[str] = []
        self.ids: list[str] = []
        for entity, name in names:
            folded = utils.default_process(unidecode(name))
            if folded and (entity, folded) not in seen:
                seen.add((entity, folded))
                self.choices.append(folded)
                self.ids.append(entity)
        self.cutoff = cutoff

    def answer(self, text: str) -> str | None:
        query = utils.default_process(unidecode(text))
        if not query:
            return None
        hit = process.extractOne(
            query, self.choices, scorer=fuzz.WRatio, processor=None, score_cutoff=self.cutoff
        )
        return None if hit is None else self.ids[hit[2]]

    def run(self, texts: Sequence[str]) -> tuple[list[str | None], float]:
        """Answers and CPU seconds (process time, so other users of the machine count less)."""
        start = time.process_time()
        out = [self.answer(t) for t in texts]
        return out, time.process_time() - start


@dataclass(frozen=True)
class Tally:
    """Counts of one method's answers on one group of queries."""

    positives: int = 0
    right: int = 0
    wrong: int = 0  # a positive answered with another entity
    negatives: int = 0
    accepted: int = 0  # a negative given any answer

    def add(self, expect: str | None, answer: str | None) -> Tally:
        if expect is None:
            return Tally(
                self.positives,
                self.right,
                self.wrong,
                self.negatives + 1,
                self.accepted + (answer is not None),
            )
        return Tally(
            self.positives + 1,
            self.right + (answer == expect),
            self.wrong + (answer is not None and answer != expect),
            self.negatives,
            self.accepted,
        )

    @property
    def right_rate(self) -> float | None:
        return self.right / self.positives if self.positives else None

    @property
    def wrong_rate(self) -> float | None:
        return self.wrong / self.positives if self.positives else None

    @property
    def unknown_rate(self) -> float | None:
        return (self.positives - self.right - self.wrong) / self.positives if self.positives else None

    @property
    def accepted_rate(self) -> float | None:
        return self.accepted / self.negatives if self.negatives else None

    def cells(self) -> list[str]:
        """right, wrong entity, unknown (of positives) and negatives accepted, as table cells."""
        return [
            rate(self.right_rate),
            rate(self.wrong_rate),
            rate(self.unknown_rate),
            rate(self.accepted_rate) + (f" ({self.accepted}/{self.negatives})" if self.negatives else ""),
        ]

    def summary(self) -> dict[str, float | int | None]:
        return {
            "positives": self.positives,
            "right": self.right_rate,
            "wrong_entity": self.wrong_rate,
            "unknown": self.unknown_rate,
            "negatives": self.negatives,
            "negatives_accepted": self.accepted_rate,
        }


def tally(pairs: Iterable[tuple[str | None, str | None]]) -> Tally:
    """Tally (expected, answered) pairs.

    >>> t = tally([("a", "a"), ("a", "b"), ("a", None), (None, "c"), (None, None)])
    >>> (t.right, t.wrong, t.positives, t.accepted, t.negatives)
    (1, 1, 3, 1, 2)
    """
    out = Tally()
    for expect, answer in pairs:
        out = out.add(expect, answer)
    return out


def rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


# The first word of a letter's Unicode name, for the scripts whose names do not start with
# their script (CJK ideographs are Han; kana are Japanese scripts of their own).
_SCRIPT_WORD = {"CJK": "Han", "HIRAGANA": "Hiragana", "KATAKANA": "Katakana", "HANGUL": "Hangul"}


def script_of(text: str) -> str:
    """The script of most of ``text``'s letters, from the Unicode character names.

    >>> script_of("Москва"), script_of("東京"), script_of("Köln"), script_of("서울 시")
    ('Cyrillic', 'Han', 'Latin', 'Hangul')
    """
    counts: Counter[str] = Counter()
    for char in text:
        if unicodedata.category(char)[0] != "L":
            continue
        word = unicodedata.name(char, "UNKNOWN").split()[0]
        counts[_SCRIPT_WORD.get(word, word.title())] += 1
    return counts.most_common(1)[0][0] if counts else "none"


def table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
