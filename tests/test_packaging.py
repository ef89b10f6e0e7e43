"""What the wheel ships: every data file the package reads must be declared as package data.

A file left out installs nowhere but in a checkout, so an editable install (and this suite)
passes while `pip install .` fails at run time; this test reads pyproject.toml's globs instead.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "canonym"


def test_every_data_file_is_declared_as_package_data() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["canonym"]
    files = [p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "data").iterdir() if p.is_file()]
    assert "data/surnames.tsv" in files  # the file whose omission this test was written for
    missing = [f for f in files if not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert missing == []
