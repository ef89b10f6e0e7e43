"""An on-disk cache of built resolvers, keyed by the content of everything they depend on.

Building the candidate index of a large registry takes seconds; loading a pickled one
takes a fraction of that. The key is a SHA-256 of the registry files' bytes, the bundled
lexicon and model, and canonym's own indexing code, so any change rebuilds. Entries are
written to a temporary file and renamed into place, so two processes building the same
entry at once never leave a torn file, and a cache entry that cannot be read is simply
rebuilt.

The cache lives in ``$CANONYM_CACHE_DIR``, else ``$XDG_CACHE_HOME/canonym``, else
``~/.cache/canonym``; ``CANONYM_CACHE_DIR=off`` turns it off.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from importlib import resources
from pathlib import Path
from typing import TypeVar

__all__ = ["cache_dir", "cached", "content_key"]

T = TypeVar("T")
_FORMAT = b"canonym-cache-1"
# Files whose content changes what an index holds or how a match is scored.
_DEPENDENCIES = (
    "data/lexicon.yaml",
    "data/given_names.yaml",
    "data/model.json",
    "data/scripts.yaml",
    "scripts.py",
    "normalize.py",
    "phonetic.py",
    "names.py",
    "index.py",
    "registry.py",
    "models.py",
    "lexicon.py",
)


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    configured = os.environ.get("CANONYM_CACHE_DIR")
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "canonym"


def content_key(blobs: Iterable[bytes]) -> str:
    """SHA-256 of canonym's own dependencies and the given blobs (e.g. registry files)."""
    digest = hashlib.sha256(_FORMAT)
    package = resources.files("canonym")
    for name in _DEPENDENCIES:
        digest.update(name.encode())
        digest.update(package.joinpath(name).read_bytes())
    for blob in blobs:
        digest.update(len(blob).to_bytes(8, "little"))
        digest.update(blob)
    return digest.hexdigest()


def cached(key: str, build: Callable[[], T]) -> T:
    """The value cached under ``key``, or ``build()``'s result, cached for next time.

    Any problem with the cache (no folder, no permission, a corrupt entry) falls back to
    building: the cache can make canonym faster, never wrong.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{key}.pickle"
    try:
        stored = path.open("rb")
    except OSError:
        pass
    else:
        # Unpickled from the file as it is read: reading it whole first would hold the
        # pickle and what it builds in memory at once (hundreds of MB for a large registry).
        with stored:
            try:
                gc.disable()  # unpickling many small objects is much faster without GC passes
                value: T = pickle.load(stored)
            except Exception:
                pass
            else:
                return value
            finally:
                gc.enable()
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
    return value
