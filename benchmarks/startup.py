"""How long a one-off `canonym resolve NAME` takes, against importing its dependencies.

    python benchmarks/startup.py

Runs each command 10 times (after one warm-up run, which also fills canonym's index
cache) and prints the median wall times and their ratio. The baseline is a bare
`python -c "import rapidfuzz, jellyfish, regex, unidecode, yaml"` with the same interpreter.

Both run as an installed program does: with Python's bytecode cache (pip compiles a package's
modules when it installs it). Where PYTHONDONTWRITEBYTECODE is set (as on this project's
development machines), every run would compile canonym's source anew; that figure, which no
installed copy pays, is printed too.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time

RUNS = 10


def median_time(cmd: list[str], env: dict[str, str]) -> float:
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    exe = shutil.which("canonym")
    canonym = [exe] if exe else [sys.executable, "-m", "canonym"]
    installed = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    bare = median_time(
        [sys.executable, "-c", "import rapidfuzz, jellyfish, regex, unidecode, yaml"], installed
    )
    ours = median_time([*canonym, "resolve", "José Gehry"], installed)
    print(f"bare import of the dependencies: {bare * 1000:.0f} ms")
    print(f"canonym resolve 'José Gehry':    {ours * 1000:.0f} ms  ({ours / bare:.1f}x the bare import)")
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        uncached = median_time([*canonym, "resolve", "José Gehry"], dict(os.environ))
        print(
            f"  without bytecode cache (PYTHONDONTWRITEBYTECODE is set here): {uncached * 1000:.0f} ms "
            f"({uncached / bare:.1f}x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
