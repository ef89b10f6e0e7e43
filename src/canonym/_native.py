"""Which modules run compiled, and the switch back to the pure-Python reference.

The hot modules (the index look-up and the comparison: see ``COMPILED`` in setup.py) are
compiled by Cython from their own ``.py`` source when canonym is installed on a machine
with a C compiler; Python imports the compiled module where both lie side by side. Setting
the environment variable ``CANONYM_PURE=1`` before canonym is first imported loads every
module of canonym from its ``.py`` source instead: the reference path, which the compiled
one must match answer for answer (``tests/test_core_compiled.py``).

A compiled module is used only while its ``.py`` source is the one it was compiled from
(setup.py records each source's SHA-256 in ``_compiled.json`` beside the extensions): after
an edit to the source of an editable install, that module runs from its source, with one
line on stderr saying to rebuild, instead of silently running the old code.

>>> isinstance(compiled_modules(), tuple)
True
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["PURE_ENV", "RECORD", "compiled_modules", "install", "source_digest"]

PURE_ENV = "CANONYM_PURE"
"""The environment variable that selects the pure-Python modules (any value but "" or "0")."""
_PACKAGE = Path(__file__).resolve().parent
RECORD = "_compiled.json"
"""The file beside the compiled modules naming the SHA-256 of the source each was built from."""


def source_digest(source: bytes) -> str:
    """The digest recorded for a module's source at build time and checked at import.

    >>> source_digest(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(source).hexdigest()


def pure_requested() -> bool:
    """Whether :data:`PURE_ENV` asks for the pure-Python modules."""
    return os.environ.get(PURE_ENV, "") not in ("", "0")


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds canonym's submodules (all, or only ``names``) in their ``.py`` source, ahead
    of compiled ones."""

    def __init__(self, names: frozenset[str] | None = None) -> None:
        self.names = names

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,  # noqa: ARG002 (the finder's protocol)
        target: ModuleType | None = None,  # noqa: ARG002
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.partition(".")
        if package != "canonym" or not name or "." in name:
            return None
        if self.names is not None and name not in self.names:
            return None
        source = _PACKAGE / f"{name}.py"
        if not source.is_file():
            return None
        loader = importlib.machinery.SourceFileLoader(fullname, str(source))
        return importlib.util.spec_from_file_location(fullname, source, loader=loader)


def _built() -> list[str]:
    """The modules that lie here compiled (an extension file beside their source)."""
    return [
        path.stem
        for path in _PACKAGE.glob("*.py")
        if any(
            (_PACKAGE / f"{path.stem}{suffix}").is_file() for suffix in importlib.machinery.EXTENSION_SUFFIXES
        )
    ]


def stale_modules() -> frozenset[str]:
    """The compiled modules whose ``.py`` source is not the one they were built from (or
    that no build record vouches for): they are loaded from source.

    >>> isinstance(stale_modules(), frozenset)
    True
    """
    built = _built()
    if not built:
        return frozenset()
    try:
        record = json.loads((_PACKAGE / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}
    return frozenset(
        name for name in built if record.get(name) != source_digest((_PACKAGE / f"{name}.py").read_bytes())
    )


def install() -> None:
    """Load canonym's modules from source from now on, if :data:`PURE_ENV` asks for it,
    and those whose source changed since they were compiled in any case (done when this
    module is imported, which ``canonym/__init__.py`` does first)."""
    if any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        return
    if pure_requested():
        sys.meta_path.insert(0, _SourceFirst())
        return
    stale = stale_modules()
    if stale:
        print(
            f"canonym: {', '.join(sorted(stale))} changed since compiled; running from source "
            "(rebuild with: pip install -e .)",
            file=sys.stderr,
        )
        sys.meta_path.insert(0, _SourceFirst(stale))


install()


def compiled_modules() -> tuple[str, ...]:
    """The modules of canonym imported so far that run compiled (sorted short names): empty
    under ``CANONYM_PURE=1``, or where no compiler built them."""
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    return tuple(
        sorted(
            name.partition(".")[2]
            for name, module in list(sys.modules.items())
            if name.startswith("canonym.") and str(getattr(module, "__file__", "") or "").endswith(suffixes)
        )
    )
