"""Collection rules for the doctests outside tests/: skip those of an extra that is not installed."""

from __future__ import annotations

import importlib.util
import os

# The compiled core (setup.py) puts an extension module beside each compiled .py file: the
# doctests of the .py are then collected from the module Python imports, the compiled one
# (same source, same docstrings), which pytest would otherwise refuse as a different file.
os.environ.setdefault("PY_IGNORE_IMPORTMISMATCH", "1")

# The spaCy component, the pandas accessor and the page that shows them import their
# library; without the extra (`pip install -e ".[test]"` has both) they are not collected.
collect_ignore = [
    path
    for path, module in [
        ("src/canonym/spacy.py", "spacy"),
        ("src/canonym/pandas.py", "pandas"),
        ("docs/ecosystem.md", "spacy"),
        ("docs/ecosystem.md", "pandas"),
    ]
    if importlib.util.find_spec(module) is None
]
# Typed for Cython and never run uncompiled: importing the source raises ImportError.
collect_ignore.append("src/canonym/_kernels.py")
