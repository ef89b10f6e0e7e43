"""An on-disk cache of built resolvers, keyed by everything that shapes them.

Building the candidate index of a large registry takes seconds; loading a pickled one
takes a fraction of that. The key is a SHA-256 of the registry files' bytes, canonym's
version, every module and data file of the package (except the few listed in
:data:`NOT_INDEX_INPUTS`, which never touch an index), the versions of the libraries that
fold and key names (unidecode, regex, jellyfish, rapidfuzz, PyYAML, numpy), Python's
version and its Unicode database's: any change makes a new entry. Entries are written to a
temporary file and renamed into place, so two processes building the same entry at once
never leave a torn file, and an entry that cannot be read, or holds something else than
the entry for its key, is rebuilt.

The cache lives in ``$CANONYM_CACHE_DIR``, else ``$XDG_CACHE_HOME/canonym``, else
``~/.cache/canonym``; ``CANONYM_CACHE_DIR=off`` turns it off.

Entries are pickles, and a pickle is code: whoever can write to the folder could run code
in every canonym process. So the folder is created private (mode 0700), and a folder that
belongs to another user or that group or others may write to is not used at all (one
warning, then canonym builds without a cache). The cache is bounded: entries unused for
:data:`MAX_AGE_DAYS` days go, and the least recently used go while the entries take more
than :data:`MAX_BYTES` (``$CANONYM_CACHE_MAX_MB`` changes it). A temporary file left by a
build that was killed is removed once it is an hour old.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import importlib.util
import os
import pickle
import stat
import sys
import tempfile
import time
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TypeVar, cast

__all__ = [
    "MAX_AGE_DAYS",
    "MAX_BYTES",
    "NOT_INDEX_INPUTS",
    "CacheInfo",
    "cache_dir",
    "cache_info",
    "cached",
    "clear_cache",
    "content_key",
    "key_files",
]

T = TypeVar("T")
_FORMAT = b"canonym-cache-2"
MAX_BYTES = 2 << 30
"""Default bound on the cache's size (2 GiB: a few registries of a million aliases)."""
MAX_AGE_DAYS = 30
"""Entries not used for this many days are removed."""
_STALE_TEMP_SECONDS = 3600
# Modules that never touch what a cache entry holds (a registry and its candidate index):
# leaving them out of the key spares a rebuild when only they change. Every other module
# and data file of the package is in the key, so a new module is in it unless listed here.
NOT_INDEX_INPUTS = frozenset(
    {
        "__main__.py",  # the `python -m canonym` entry point
        "cli.py",  # the command line: parses arguments, prints answers
        "cache.py",  # this file: its format is _FORMAT, which is in the key
        "batch.py",  # runs resolvers in worker processes
        "pipeline.py",  # JSON Lines streams and worker set-up
        "dask.py",  # the Dask adapter
        # The bundled registries: an index of one is keyed by the registry's own text
        # (content_key's blobs), like any registry file, so hashing them again into every
        # key only cost each process the reading of 1.6 MB.
        "data/aliases.yaml",
        "data/world.yaml",
    }
)
# Libraries whose behaviour shapes the folded names and keys an index holds.
_LIBRARIES = ("unidecode", "regex", "jellyfish", "rapidfuzz", "PyYAML", "numpy")
_MODULES = {"PyYAML": "yaml"}  # distributions whose module has another name
_ENTRY_SUFFIX = ".pickle"
_TEMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class CacheInfo:
    """Where the cache is and what it holds (see ``canonym cache``)."""

    folder: Path | None
    usable: bool
    problem: str
    entries: int
    bytes: int
    max_bytes: int


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    configured = os.environ.get("CANONYM_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "canonym"


def _max_bytes() -> int:
    configured = os.environ.get("CANONYM_CACHE_MAX_MB", "").strip()
    try:
        return max(0, int(configured)) << 20 if configured else MAX_BYTES
    except ValueError:
        return MAX_BYTES


def key_files() -> tuple[str, ...]:
    """The package files in the cache key: every module and data file, bar
    :data:`NOT_INDEX_INPUTS`, as paths inside the package.

    >>> "romanization.py" in key_files() and "data/lexicon.yaml" in key_files()
    True
    >>> "cli.py" in key_files()
    False
    """
    package = resources.files("canonym")
    modules = [e.name for e in package.iterdir() if e.name.endswith(".py") and e.name not in NOT_INDEX_INPUTS]
    data = [
        f"data/{e.name}"
        for e in package.joinpath("data").iterdir()
        if e.is_file() and f"data/{e.name}" not in NOT_INDEX_INPUTS
    ]
    return tuple(sorted(modules) + sorted(data))


def _version(distribution: str) -> str:
    # A module's own __version__ is read in microseconds; unidecode and jellyfish have
    # none, and their version is read from the name of the .dist-info folder beside them.
    # importlib.metadata, the fallback, costs a tenth of a one-off look-up to import.
    module = sys.modules.get(_MODULES.get(distribution, distribution))
    version = getattr(module, "__version__", None)
    if isinstance(version, str):
        return version
    if module is not None:
        where = getattr(module, "__file__", None)
    else:  # not imported (numpy, in a process that builds no index): found, not imported
        spec = importlib.util.find_spec(_MODULES.get(distribution, distribution))
        where = spec.origin if spec is not None else None
    version = _dist_info_version(distribution, where)
    if version:
        return version
    from importlib import metadata  # noqa: PLC0415

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "none"


def _dist_info_version(distribution: str, module_file: str | None) -> str | None:
    """The version in the one ``NAME-VERSION.dist-info`` folder beside a package (the
    name written with ``_`` for ``-``, compared case-blind), or None when there is not
    exactly one.

    >>> import unidecode, importlib.metadata
    >>> _dist_info_version("unidecode", unidecode.__file__) == importlib.metadata.version("unidecode")
    True
    """
    if not module_file:
        return None
    folder = os.path.dirname(os.path.dirname(module_file))
    prefix = distribution.lower().replace("-", "_") + "-"
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    found = [
        name[len(prefix) : -len(".dist-info")]
        for name in names
        if name.endswith(".dist-info") and name.lower().startswith(prefix)
    ]
    return found[0] if len(found) == 1 else None


@functools.cache
def _base_digest() -> hashlib._Hash:
    """The digest of everything in a key that does not change while a process runs."""
    digest = hashlib.sha256(_FORMAT)
    facts = [
        f"canonym={_version('canonym')}",
        *(f"{name}={_version(name)}" for name in _LIBRARIES),
        f"python={sys.version}",
        f"unicode={unicodedata.unidata_version}",
    ]
    digest.update("\n".join(facts).encode())
    package = resources.files("canonym")
    for name in key_files():
        data = package.joinpath(name).read_bytes()
        digest.update(f"\n{name} {len(data)}\n".encode())
        digest.update(data)
    return digest


def content_key(blobs: Iterable[bytes]) -> str:
    """SHA-256 of canonym's own dependencies and the given blobs (e.g. registry files)."""
    digest = _base_digest().copy()
    for blob in blobs:
        digest.update(len(blob).to_bytes(8, "little"))
        digest.update(blob)
    return digest.hexdigest()


@functools.cache
def _warn_once(folder: str, problem: str) -> None:
    warnings.warn(f"canonym: not using the cache folder {folder}: {problem}", RuntimeWarning, stacklevel=4)


def _folder_problem(folder: Path) -> str:
    """Why ``folder`` must not hold code canonym runs, or "" when it may."""
    try:
        info = folder.stat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if not stat.S_ISDIR(info.st_mode):
        return "not a folder"
    if hasattr(os, "getuid"):  # POSIX: who may write there
        if info.st_uid != os.getuid():
            return "it belongs to another user (anyone who can write there can run code in canonym)"
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
            return "group or others may write to it (make it private: chmod 700)"
    return ""


def _private_folder() -> Path | None:
    """The cache folder, created private if need be, or None when it is off or unsafe."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    problem = _folder_problem(folder)
    if problem:
        _warn_once(str(folder), problem)
        return None
    return folder


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The garbage collector paused while many small objects that live as long as the
    process are made (an index unpickled, a reader's tables loaded): the collector would
    otherwise walk them again and again while they are made. Left as it was found (a
    caller that disabled it keeps it so).

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


FULL_COLLECTION_SPACING = 100
"""How many collections of the middle generation :func:`full_collections_spaced` lets
pass between two full ones (the collector's own default is 10)."""


@contextlib.contextmanager
def full_collections_spaced() -> Iterator[None]:
    """The collector's full collections spaced out while a long stream of documents is
    annotated, its thresholds left as they were found afterwards.

    A stream keeps the resolver's bounded caches (matches of the spans seen, analysed
    forms, alias records: tens of thousands of objects) alive from document to document,
    and by default the collector walks all of them again once ten collections of its middle
    generation have passed and they have grown by a quarter: on the diverse corpus of
    ``benchmarks/throughput.py`` (evaluation registry) that was 6 % of the CPU of 0.3 MB
    and 3 % of 1.2 MB. Annotating makes no reference cycles, so the full collections find
    nothing to free; spaced out, one still comes after every
    :data:`FULL_COLLECTION_SPACING` collections of the middle generation (about every
    thousand documents), so memory stays bounded should a cycle be made.

    >>> with full_collections_spaced():
    ...     gc.get_threshold()[2] == FULL_COLLECTION_SPACING
    True
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], max(thresholds[2], FULL_COLLECTION_SPACING))
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


@contextlib.contextmanager
def loaded_for_good() -> Iterator[None]:
    """:func:`collector_paused` while tables that live as long as the process are loaded
    (a reader's hundreds of thousands of entries), and then everything alive frozen out of
    the collector (:func:`gc.freeze`, as a large index is: see ``canonym.index.FREEZE_FROM``):
    otherwise every full collection after the load walks the tables again.

    >>> with loaded_for_good():
    ...     table = {n: [str(n)] for n in range(3)}
    >>> any(o is table for o in gc.get_objects())
    False
    """
    with collector_paused():
        yield
    # Cycles already garbage are collected first: frozen, they would never be freed.
    gc.collect()
    gc.freeze()


def _load(path: Path, key: str) -> tuple[bool, object]:
    try:
        stored = path.open("rb")
    except OSError:
        return False, None
    # Unpickled from the file as it is read: reading it whole first would hold the pickle
    # and what it builds in memory at once (hundreds of MB for a large registry).
    with stored, collector_paused():  # unpickling many small objects is much faster so
        try:
            entry = pickle.load(stored)
        except Exception:
            return False, None
    # An entry is (format, key, value); anything else (an older format, a file put there
    # by hand) is rebuilt rather than handed on.
    if not (isinstance(entry, tuple) and len(entry) == 3 and entry[0] == _FORMAT and entry[1] == key):
        return False, None
    with contextlib.suppress(OSError):
        os.utime(path)  # the last use, for the least-recently-used bound
    return True, entry[2]


def cached(key: str, build: Callable[[], T]) -> T:
    """The value cached under ``key``, or ``build()``'s result, cached for next time.

    Any problem with the cache (no folder, no permission, an unsafe folder, a corrupt
    entry) falls back to building: the cache can make canonym faster, never wrong.
    """
    folder = _private_folder()
    if folder is None:
        return build()
    path = folder / f"{key}{_ENTRY_SUFFIX}"
    found, stored = _load(path, key)
    if found:
        _tidy(folder, keep=path)
        return cast(T, stored)
    value = build()
    try:
        handle, temp = tempfile.mkstemp(dir=folder, prefix=_TEMP_PREFIX, suffix=_ENTRY_SUFFIX)
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump((_FORMAT, key, value), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError):
        pass
    _tidy(folder, keep=path)
    return value


def _files(folder: Path) -> list[tuple[Path, os.stat_result]]:
    """canonym's files in the folder (entries and temporary files) with their status."""
    out = []
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for name in names:
        if name.endswith(_ENTRY_SUFFIX):
            path = folder / name
            try:
                out.append((path, path.lstat()))
            except OSError:
                continue
    return out


def _tidy(folder: Path, *, keep: Path) -> None:
    """Remove stale temporary files, entries unused for too long, and the least recently
    used entries while the cache is over its size bound (never ``keep``, just used)."""
    now = time.time()
    entries = []
    for path, info in _files(folder):
        age = now - info.st_mtime
        if path.name.startswith(_TEMP_PREFIX):
            stale = age > _STALE_TEMP_SECONDS
        elif path != keep and age > MAX_AGE_DAYS * 86400:
            stale = True
        else:
            stale = False
            entries.append((info.st_mtime, info.st_size, path))
        if stale:
            path.unlink(missing_ok=True)
    total = sum(size for _, size, _ in entries)
    limit = _max_bytes()
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        if path != keep:
            path.unlink(missing_ok=True)
            total -= size


def cache_info() -> CacheInfo:
    """Where the cache is, whether canonym uses it, and how many entries and bytes it holds."""
    folder = cache_dir()
    if folder is None:
        return CacheInfo(None, False, "turned off (CANONYM_CACHE_DIR=off)", 0, 0, _max_bytes())
    problem = _folder_problem(folder) if folder.exists() else ""
    entries = [(p, i) for p, i in _files(folder) if not p.name.startswith(_TEMP_PREFIX)]
    size = sum(i.st_size for _, i in entries)
    return CacheInfo(folder, not problem, problem, len(entries), size, _max_bytes())


def clear_cache() -> tuple[int, int]:
    """Remove every entry and temporary file; how many files and bytes went."""
    folder = cache_dir()
    if folder is None or not folder.exists() or _folder_problem(folder):
        return 0, 0  # an unsafe folder is left to its owner
    count = size = 0
    for path, info in _files(folder):
        try:
            path.unlink()
        except OSError:
            continue
        count += 1
        size += info.st_size
    return count, size
