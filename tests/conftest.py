"""Shared fixtures: the bundled resolver and small registries written for a test."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import canonym

ROOT = Path(__file__).resolve().parents[1]


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
