"""The on-disk index cache: private, bounded, keyed by everything that shapes an index, and
never trusted beyond what it can check (issues 11 and 16)."""

from __future__ import annotations

import ast
import os
import pickle
import stat
import time
from importlib import resources
from pathlib import Path

import pytest

from canonym import Resolver
from canonym import cache as cache_module
from canonym.cache import NOT_INDEX_INPUTS, cache_info, cached, clear_cache, content_key, key_files
from canonym.cli import main

PACKAGE = Path(str(resources.files("canonym")))
# What a cache entry holds is a registry and its candidate index, built with the lexicon.
CACHED_MODULES = ("registry.py", "index.py", "lexicon.py")


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("CANONYM_CACHE_DIR", str(path))
    monkeypatch.delenv("CANONYM_CACHE_MAX_MB", raising=False)
    return path


def counting_build(value: object = "built") -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


# 6. A private folder, refused when others could write to it ------------------------------


def test_the_cache_folder_is_created_private(folder: Path) -> None:
    old = os.umask(0o022)
    try:
        assert cached("k", lambda: 1) == 1
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_folder_others_may_write_to_is_not_used(folder: Path) -> None:
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    (folder / "k.pickle").write_bytes(pickle.dumps((b"canonym-cache-2", "k", "planted")))
    calls, build = counting_build()
    cache_module._warn_once.cache_clear()
    with pytest.warns(RuntimeWarning, match="group or others may write to it"):
        assert cached("k", build) == "built"
    assert cached("k", build) == "built"  # warned once only (pytest would fail on a second)
    assert len(calls) == 2
    assert not any(p.name.startswith(".tmp-") for p in folder.iterdir())


def test_a_folder_of_another_user_is_not_used(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir(mode=0o700)
    (folder / "k.pickle").write_bytes(pickle.dumps((b"canonym-cache-2", "k", "planted")))
    monkeypatch.setattr(os, "getuid", lambda: folder.stat().st_uid + 1)
    cache_module._warn_once.cache_clear()
    with pytest.warns(RuntimeWarning, match="belongs to another user"):
        assert cached("k", lambda: "built") == "built"


# 6. Entries that are not what they should be ---------------------------------------------


def test_a_valid_pickle_of_the_wrong_shape_is_rebuilt(folder: Path) -> None:
    registry = Path(folder.parent / "r.yaml")
    registry.write_text("version: 1\nentities:\n  - {id: lima, canonical: Lima, type: place}\n", "utf-8")
    key = content_key(part.encode("utf-8") for part in (registry.read_text("utf-8"), str(registry)))
    folder.mkdir(mode=0o700)
    (folder / f"{key}.pickle").write_bytes(pickle.dumps("not a resolver"))
    resolver = Resolver.from_files([registry])
    match = resolver.resolve("Lima")
    assert match is not None and match.entity.id == "lima"


def test_an_entry_stored_under_another_key_is_rebuilt(folder: Path) -> None:
    assert cached("a", lambda: "value of a") == "value of a"
    (folder / "a.pickle").replace(folder / "b.pickle")
    assert cached("b", lambda: "value of b") == "value of b"


def test_stale_temporary_files_are_removed(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    stale, fresh = folder / ".tmp-killed.pickle", folder / ".tmp-writing.pickle"
    stale.write_bytes(b"half")
    fresh.write_bytes(b"half")
    two_hours_ago = time.time() - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    cached("k", lambda: 1)
    assert not stale.exists()
    assert fresh.exists()


# 7. Bounded in size and age --------------------------------------------------------------


def test_the_least_recently_used_entries_go_past_the_size_bound(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(mode=0o700)
    now = time.time()
    for age, name in enumerate(["new", "mid", "old"]):
        path = folder / f"{name}.pickle"
        path.write_bytes(b"x" * ((1 << 20) - 4096))
        os.utime(path, (now - 60 * (age + 1), now - 60 * (age + 1)))
    monkeypatch.setenv("CANONYM_CACHE_MAX_MB", "2")
    cached("k", lambda: 1)  # about 100 bytes more: the oldest entry must go
    assert sorted(p.name for p in folder.iterdir()) == ["k.pickle", "mid.pickle", "new.pickle"]


def test_entries_unused_for_a_month_go(folder: Path) -> None:
    folder.mkdir(mode=0o700)
    old = folder / "old.pickle"
    old.write_bytes(b"x")
    long_ago = time.time() - (cache_module.MAX_AGE_DAYS + 1) * 86400
    os.utime(old, (long_ago, long_ago))
    cached("k", lambda: 1)
    assert not old.exists()


# 7. The key covers everything that shapes an index ---------------------------------------


def test_every_module_and_data_file_is_in_the_key_or_excluded_on_purpose() -> None:
    modules = {p.name for p in PACKAGE.glob("*.py")}
    data = {f"data/{p.name}" for p in (PACKAGE / "data").iterdir() if p.is_file()}
    keyed = set(key_files())
    assert "romanization.py" in keyed
    for name in sorted(modules | data):
        assert name in keyed or name in NOT_INDEX_INPUTS, name


def _imports(module: str) -> set[str]:
    tree = ast.parse((PACKAGE / module).read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("canonym."):
            found.add(node.module.split(".")[1] + ".py")
        elif isinstance(node, ast.ImportFrom) and node.module == "canonym":
            found.add("__init__.py")
    return found


def test_no_module_an_index_is_built_from_is_left_out_of_the_key() -> None:
    # Every module that the cached modules import, directly or not, shapes what is cached.
    seen: set[str] = set()
    todo = list(CACHED_MODULES)
    while todo:
        module = todo.pop()
        if module not in seen:
            seen.add(module)
            todo.extend(_imports(module))
    # cache.py stores what the others build (lexicon.py reads its lexicon through it); how
    # it stores is _FORMAT, which is in the key.
    seen.discard("cache.py")
    assert not seen & NOT_INDEX_INPUTS
    assert seen <= set(key_files())


def test_the_key_changes_with_the_libraries_and_the_unicode_database(monkeypatch: pytest.MonkeyPatch) -> None:
    cache_module._base_digest.cache_clear()
    before = content_key([b"registry"])
    monkeypatch.setattr(cache_module, "_version", lambda name: "9.9" if name == "unidecode" else "1.0")
    cache_module._base_digest.cache_clear()
    changed_library = content_key([b"registry"])
    monkeypatch.setattr(cache_module.unicodedata, "unidata_version", "99.0.0")
    cache_module._base_digest.cache_clear()
    changed_unicode = content_key([b"registry"])
    monkeypatch.undo()
    cache_module._base_digest.cache_clear()
    assert len({before, changed_library, changed_unicode}) == 3
    assert content_key([b"registry"]) == before


# 7. canonym cache -------------------------------------------------------------------------


def test_the_cache_command_shows_and_clears(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cached("k", lambda: "x" * 5000)
    (folder / ".tmp-left.pickle").write_bytes(b"half")
    assert main(["cache"]) == 0
    out = capsys.readouterr().out
    assert f"cache: {folder} (in use)" in out
    assert "1 entries" in out and "bound: 2048 MiB" in out
    assert main(["cache", "--clear"]) == 0
    assert "removed 2 files" in capsys.readouterr().out
    assert list(folder.iterdir()) == []
    assert cache_info().entries == 0


def test_the_cache_command_when_off(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CANONYM_CACHE_DIR", "off")
    assert main(["cache", "--clear"]) == 0
    assert capsys.readouterr().out == "cache: turned off (CANONYM_CACHE_DIR=off)\n"
    assert clear_cache() == (0, 0)


def test_a_stream_spaces_the_collectors_full_passes_and_leaves_its_thresholds_as_found(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import gc  # noqa: PLC0415
    import io  # noqa: PLC0415
    import sys  # noqa: PLC0415

    from canonym import pipeline  # noqa: PLC0415

    seen: list[tuple[int, int, int]] = []
    annotate_record = pipeline.annotate_record

    def recording(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return annotate_record(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "annotate_record", recording)
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "Lima"}\n{"text": "Peru"}\n'))
    before = gc.get_threshold()
    assert main(["normalize", "--jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2
    spaced = max(before[2], cache_module.FULL_COLLECTION_SPACING)
    assert seen == [(before[0], before[1], spaced)] * 2
    assert gc.get_threshold() == before
