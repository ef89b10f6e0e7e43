"""Shared fixtures: the bundled resolver and small registries written for a test."""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

import pytest

import canonym

ROOT = Path(__file__).resolve().parents[1]

# A test run started in the background of a script (`cmd &`) or under nohup ignores SIGINT
# or SIGHUP, and every canonym process the tests start inherits that: it then rightly goes
# on when the signal tests send Ctrl-C or a hang-up, and they fail or wait for ever. The
# tests' children get the signals' usual meaning, as from a terminal.
for _number in (signal.SIGINT, getattr(signal, "SIGHUP", None)):
    if _number is not None and signal.getsignal(_number) is signal.SIG_IGN:
        signal.signal(_number, signal.default_int_handler if _number == signal.SIGINT else signal.SIG_DFL)


@pytest.fixture(scope="session")
def resolver() -> canonym.Resolver:
    return canonym.Resolver.default()


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests never read or write the user's index cache.
    monkeypatch.setenv("CANONYM_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture
def write_registry(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(text: str, name: str = "registry.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
