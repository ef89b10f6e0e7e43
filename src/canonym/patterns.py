"""Regular expressions compiled on first use rather than when their module is imported.

Compiling a pattern with ``regex`` takes about a millisecond; canonym's modules hold dozens,
most of which a one-off look-up never runs. :func:`lazy_pattern` stands in for a module
constant until the pattern is first used, compiles it then and puts the compiled pattern
in the constant's place, so every later use is a plain global look-up.

>>> _DIGITS = lazy_pattern(globals(), "_DIGITS", r"\\d+")
>>> _DIGITS.findall("12 of 345")
['12', '345']
>>> type(_DIGITS).__name__
'Pattern'
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, cast

import regex

__all__ = ["lazy_pattern"]


class _Lazy:
    """A pattern's source, compiled (and put in ``namespace[name]``) when first used."""

    __slots__ = ("_compiled", "_flags", "_name", "_namespace", "_source")

    def __init__(self, namespace: MutableMapping[str, Any], name: str, source: str, flags: int) -> None:
        self._namespace, self._name, self._source, self._flags = namespace, name, source, flags
        self._compiled: regex.Pattern[str] | None = None

    def __getattr__(self, attribute: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = regex.compile(self._source, self._flags)
            if self._namespace.get(self._name) is self:
                self._namespace[self._name] = compiled
        return getattr(compiled, attribute)


def lazy_pattern(
    namespace: MutableMapping[str, Any], name: str, source: str, flags: int = 0
) -> regex.Pattern[str]:
    """A stand-in for ``regex.compile(source, flags)`` held as ``namespace[name]`` (a
    module's ``globals()``): it compiles the pattern when first used and replaces itself."""
    return cast("regex.Pattern[str]", _Lazy(namespace, name, source, flags))
