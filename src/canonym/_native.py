"""Which modules run compiled, and the switch back to the pure-Python reference.

The hot modules (the index look-up and the comparison: see ``COMPILED`` in setup.py) are
compiled by Cython from their own ``.py`` source when canonym is installed on a machine
with a C compiler; Python imports the compiled module where both lie side by side. Setting
the environment variable ``CANONYM_PURE=1`` before canonym is first imported loads every
module of canonym from its ``.py`` source instead: the reference path, which the compiled
one must match answer for answer (``tests/test_core_compiled.py``).

>>> isinstance(compiled_modules(), tuple)
True
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["PURE_ENV", "compiled_modules", "install"]

PURE_ENV = "CANONYM_PURE"
"""The environment variable that selects the pure-Python modules (any value but "" or "0")."""
_PACKAGE = Path(__file__).resolve().parent


def pure_requested() -> bool:
    """Whether :data:`PURE_ENV` asks for the pure-Python modules."""
    return os.environ.get(PURE_ENV, "") not in ("", "0")


class _SourceFirst(importlib.abc.MetaPathFinder):
    """Finds canonym's submodules in their ``.py`` source, ahead of compiled ones."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,  # noqa: ARG002 (the finder's protocol)
        target: ModuleType | None = None,  # noqa: ARG002
    ) -> importlib.machinery.ModuleSpec | None:
        package, _, name = fullname.partition(".")
        if package != "canonym" or not name or "." in name:
            return None
        source = _PACKAGE / f"{name}.py"
        if not source.is_file():
            return None
        loader = importlib.machinery.SourceFileLoader(fullname, str(source))
        return importlib.util.spec_from_file_location(fullname, source, loader=loader)


def install() -> None:
    """Load canonym's modules from source from now on, if :data:`PURE_ENV` asks for it
    (done when this module is imported, which ``canonym/__init__.py`` does first)."""
    if pure_requested() and not any(isinstance(f, _SourceFirst) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFirst())


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
