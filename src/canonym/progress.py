"""How far a long step has come, on standard error and only on a terminal.

One line, redrawn in place: nothing for the first second (short steps stay silent), then
at most twice a second, with the total and share when the size is known and the rate.
When the step ends, the line is redrawn once more with the final count, so the last thing
on the terminal is the true total (``canonym: 3,000 records in 4 s, 750 records/s``).

A progress library was measured and not used: importing tqdm 4.70 took 217 ms over a bare
interpreter here, more than all of canonym's dependencies together (166 ms; medians of 10),
which alone would break the start-up budget of benchmarks/startup.py if imported up front,
for what these few lines do.

>>> with Progress("records", enabled=False) as progress:
...     for _ in range(3):
...         progress.advance()
>>> progress.count
3
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import TextIO

__all__ = ["Progress"]

DELAY = 1.0
"""Seconds a step runs before its progress is first shown."""
INTERVAL = 0.5
"""Least seconds between two redraws."""


def _number(value: float, unit: str) -> str:
    return f"{value / 2**20:,.1f}" if unit == "bytes" else f"{value:,.0f}"


def _amount(value: float, unit: str) -> str:
    return f"{_number(value, unit)} {'MiB' if unit == 'bytes' else unit}"


class Progress:
    """Count the items of one step and show the count on a terminal.

    ``unit`` names the items (``records``, ``entities``, ``bytes``); ``total``, when known,
    adds "of TOTAL (share)". ``enabled`` defaults to: standard error is a terminal. ``verb``
    is what the line says while the step runs (``indexing``), ``done`` what the final line
    says before the count (``indexed``). ``size``, the bytes of an input whose items are
    counted (a file of records), adds the share of it read so far: add to :attr:`read`.
    """

    def __init__(
        self,
        unit: str,
        total: float | None = None,
        *,
        verb: str = "",
        done: str = "",
        size: int | None = None,
        enabled: bool | None = None,
        stream: TextIO | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = bool(self.stream is not None and self.stream.isatty()) if enabled is None else enabled
        self.unit, self.total, self.verb, self.done, self.size = unit, total, verb, done, size
        self.read = 0
        self.count: float = 0
        self.drawn = False
        self.start = self._shown = time.monotonic()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close(final=kind is None)

    def advance(self, amount: float = 1) -> None:
        """Count ``amount`` more items; redraw if it is time."""
        self.count += amount
        if self.enabled:
            now = time.monotonic()
            if now - self.start >= DELAY and now - self._shown >= INTERVAL:
                self._shown = now
                self._draw(self._running(now))

    def set(self, count: float) -> None:
        """Set the count (a position in a file, a number of items done) and redraw if it is time."""
        self.advance(count - self.count)

    def step(self, what: str) -> None:
        """Say which later part of the step runs now (after the counted part), if shown."""
        if self.drawn:
            self._draw(f"{self.verb} {_amount(self.count, self.unit)}: {what}...".strip())

    def close(self, *, final: bool = True) -> None:
        """End the line with the final count, if anything was shown; ``final=False`` (the
        step stopped early, and says so itself) ends it as it is."""
        if self.drawn and not final:
            self.stream.write("\n")
            self.drawn = False
        if self.drawn:
            elapsed = max(time.monotonic() - self.start, 1e-9)
            rate = "" if self.unit == "bytes" else f", {self.count / elapsed:,.0f} {self.unit}/s"
            self._draw(f"{self.done} {_amount(self.count, self.unit)} in {elapsed:,.0f} s{rate}".strip())
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def _running(self, now: float) -> str:
        done = _amount(self.count, self.unit)
        if self.total:
            share = min(self.count / self.total, 1.0)
            done = f"{_number(self.count, self.unit)} of {_amount(self.total, self.unit)} ({share:.0%})"
        if self.size:
            size = f"{self.size / 2**20:,.1f} MiB" if self.size >= 2**20 else f"{self.size / 2**10:,.1f} KiB"
            done = f"{done} ({min(self.read / self.size, 1.0):.0%} of {size})"
        rate = (
            "" if self.unit == "bytes" else f", {self.count / max(now - self.start, 1e-9):,.0f} {self.unit}/s"
        )
        return f"{self.verb} {done}{rate}".strip()

    def _draw(self, text: str) -> None:
        self.drawn = True
        self.stream.write(f"\rcanonym: {text}\x1b[K")
        self.stream.flush()
