"""Collection rules for the doctests outside tests/: skip those of an extra that is not installed."""

from __future__ import annotations

import importlib.util

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
