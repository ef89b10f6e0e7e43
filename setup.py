"""Build the compiled core: the hot pure-Python modules compiled by Cython, from the same source.

Everything else about the package is declared in pyproject.toml. The modules named in
``COMPILED`` are compiled as they are written (Cython reads the ``.py`` files); nothing is
compiled from a second source, so the pure-Python modules stay the reference by
construction. Where Cython or a C compiler is missing, or the build of an extension fails,
the install goes on with the pure-Python modules (see docs/performance.md), and
``CANONYM_PURE=1`` selects them at run time even where the compiled ones are installed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

COMPILED = (
    "index", "similarity", "features", "model", "names", "phonetic", "resolve", "prior", "_kernels",
    "text", "mentions", "normalize",
)  # fmt: skip
"""The modules of src/canonym compiled by Cython: the per-query look-up and comparison, the
text layer's spans and words (``text``, ``mentions``, ``normalize``), and ``_kernels``, the
typed loops that only exist compiled (the others have no second source)."""


class OptionalBuildExt(build_ext):
    """build_ext that leaves a module pure Python where its extension cannot be built."""

    def finalize_options(self) -> None:
        super().finalize_options()
        if not self.parallel:
            self.parallel = os.cpu_count() or 1  # the modules compile independently of each other

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # no compiler: fall back to pure Python
            self._skip(error)
        self._record()

    def _record(self) -> None:
        """Write beside the extensions the SHA-256 of the source each was compiled from:
        canonym._native runs a module from source once its source no longer matches."""
        record: dict[str, str] = {}
        folder: Path | None = None
        for ext in self.extensions:
            built = Path(self.get_ext_fullpath(ext.name))
            if built.is_file():
                folder = built.parent
                name = ext.name.rpartition(".")[2]
                record[name] = hashlib.sha256(Path("src/canonym", f"{name}.py").read_bytes()).hexdigest()
        if folder is not None:
            (folder / "_compiled.json").write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")

    def build_extension(self, ext: Extension) -> None:
        try:
            super().build_extension(ext)
        except Exception as error:
            self._skip(error, ext.name)

    def _skip(self, error: Exception, name: str = "the compiled core") -> None:
        _report(error, name)


def _report(error: Exception, name: str) -> None:
    """Say on stderr that ``name`` stays pure Python (or fail, with CANONYM_REQUIRE_COMPILED)."""
    if os.environ.get("CANONYM_REQUIRE_COMPILED"):
        raise error
    print(f"canonym: {name} not compiled ({error}); the pure-Python module is used", file=sys.stderr)


def _extensions() -> list[Extension]:
    if os.environ.get("CANONYM_PURE_BUILD"):
        return []
    try:
        from Cython.Build import cythonize  # noqa: PLC0415 (optional: no Cython, no compiled core)
    except ImportError:
        return []
    directives = {
        "language_level": 3,
        # Type hints stay hints: the compiled module behaves as the Python one does (an
        # ``int`` hint would otherwise reject a bool, a ``float`` one round an int).
        # canonym/_kernels.py, written for C types, turns them on for itself.
        "annotation_typing": False,
        "binding": True,  # functions keep their signatures and docstrings (doctests)
        "embedsignature": True,
        # The doctests are collected from the functions themselves, not a second time from
        # a ``__test__`` dictionary of their docstrings.
        "autotestdict": False,
    }
    out: list[Extension] = []
    for module in COMPILED:
        # One module at a time: Python that Cython cannot compile leaves that module pure
        # Python, and the install goes on.
        try:
            out.extend(
                cythonize(
                    [Extension(f"canonym.{module}", [f"src/canonym/{module}.py"])],
                    compiler_directives=directives,
                    quiet=True,
                )
            )
        except Exception as error:
            _report(error, f"canonym.{module}")
    return out


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
