"""How long a one-off `canonym resolve NAME` takes, against importing its dependencies.

    python benchmarks/startup.py

Runs each command 10 times (after one warm-up run, which also fills canonym's index
cache) and prints the median wall times and their ratio. The baseline is a bare
`python -c "import rapidfuzz, jellyfish, regex, unidecode, yaml"` with the same interpreter.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

RUNS = 10


def median_time(cmd: list[str]) -> float:
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    exe = shutil.which("canonym")
    canonym = [exe] if exe else [sys.executable, "-m", "canonym"]
    bare = median_time([sys.executable, "-c", "import rapidfuzz, jellyfish, regex, unidecode, yaml"])
    ours = median_time([*canonym, "resolve", "José Gehry"])
    print(f"bare import of the dependencies: {bare * 1000:.0f} ms")
    print(f"canonym resolve 'José Gehry':    {ours * 1000:.0f} ms  ({ours / bare:.1f}x the bare import)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
