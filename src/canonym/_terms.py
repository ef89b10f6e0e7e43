# cython: annotation_typing=True
"""A logistic model's terms evaluated in C: typed for Cython, never run as Python.

:class:`canonym.model.LogisticModel` uses :class:`Terms` where this module was compiled
(see setup.py) and its own pure-Python loop otherwise, which stays the reference: the log-odds
and the contributions come out of one pass over C doubles, without a Python float per term,
with the same operations in the same order as the reference (the terms added left to right
from 0.0, then the bias added, as ``bias + sum(values)`` does), so they are equal, not
merely close. ``tests/test_core_compiled.py`` checks it on every evaluation query. Imported
uncompiled, this module raises ImportError, so that the pure-Python path stays the reference.
"""

import cython

if not cython.compiled:
    raise ImportError("canonym._terms runs compiled only")

from types import MappingProxyType

from cython.cimports.libc.stdlib import free, malloc


@cython.cclass
class Terms:
    """The terms of a logistic model, parsed as ``LogisticModel._compiled`` holds them:
    ``((term, weight, ((feature, low, high), ...)), ...)``. Each feature is read once, not
    once a term; a missing feature is 0."""

    terms: list
    names: list
    count: cython.Py_ssize_t
    weight: cython.p_double
    start: cython.p_int
    feature: cython.p_int
    lo: cython.p_double
    hi: cython.p_double
    has_lo: cython.p_char
    has_hi: cython.p_char

    def __cinit__(self, compiled: tuple) -> None:
        factors: cython.Py_ssize_t = 0
        for _, _, parts in compiled:
            factors += len(parts)
        self.count = len(compiled)
        self.terms = [term for term, _, _ in compiled]
        self.names = []
        self.weight = cython.cast(cython.p_double, malloc(max(self.count, 1) * cython.sizeof(cython.double)))
        self.start = cython.cast(cython.p_int, malloc((self.count + 1) * cython.sizeof(cython.int)))
        self.feature = cython.cast(cython.p_int, malloc(max(factors, 1) * cython.sizeof(cython.int)))
        self.lo = cython.cast(cython.p_double, malloc(max(factors, 1) * cython.sizeof(cython.double)))
        self.hi = cython.cast(cython.p_double, malloc(max(factors, 1) * cython.sizeof(cython.double)))
        self.has_lo = cython.cast(cython.p_char, malloc(max(factors, 1) * cython.sizeof(cython.char)))
        self.has_hi = cython.cast(cython.p_char, malloc(max(factors, 1) * cython.sizeof(cython.char)))
        if (
            self.weight == cython.NULL  # noqa: PLR1714 (C pointers)
            or self.start == cython.NULL
            or self.feature == cython.NULL
            or self.lo == cython.NULL
            or self.hi == cython.NULL
            or self.has_lo == cython.NULL
            or self.has_hi == cython.NULL
        ):
            raise MemoryError
        position: dict = {}
        t: cython.Py_ssize_t = 0
        f: cython.Py_ssize_t = 0
        for _, w, parts in compiled:
            self.weight[t] = w
            self.start[t] = f
            for name, lo, hi in parts:
                if name not in position:
                    position[name] = len(self.names)
                    self.names.append(name)
                self.feature[f] = position[name]
                self.has_lo[f] = lo is not None
                self.lo[f] = 0.0 if lo is None else lo
                self.has_hi[f] = hi is not None
                self.hi[f] = 0.0 if hi is None else hi
                f += 1
            t += 1
        self.start[t] = f

    def __dealloc__(self) -> None:
        free(self.weight)
        free(self.start)
        free(self.feature)
        free(self.lo)
        free(self.hi)
        free(self.has_lo)
        free(self.has_hi)

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def _read(self, features: object, x: cython.p_double) -> cython.int:
        """Each feature of :attr:`names` into ``x`` (0 where missing)."""
        n: cython.Py_ssize_t = len(self.names)
        k: cython.Py_ssize_t
        table: dict
        if type(features) is MappingProxyType:
            features = features.copy()  # the mapping behind it: a dict's copy, read in C
        if type(features) is dict:
            table = features
            for k in range(n):
                x[k] = table.get(self.names[k], 0.0)
        else:
            get = features.get
            for k in range(n):
                x[k] = get(self.names[k], 0.0)
        return 0

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def _term(self, t: cython.Py_ssize_t, x: cython.p_double) -> cython.double:
        """Term ``t``'s contribution: the loop of ``LogisticModel._values``."""
        value: cython.double = self.weight[t]
        v: cython.double
        f: cython.Py_ssize_t
        for f in range(self.start[t], self.start[t + 1]):
            v = x[self.feature[f]]
            if self.has_lo[f]:
                v -= self.lo[f]
                if v <= 0.0:
                    return 0.0
                if self.has_hi[f] and v > self.hi[f] - self.lo[f]:
                    v = self.hi[f] - self.lo[f]
            value *= v
        return value

    def values(self, features: object) -> list:
        """Each term's contribution for ``features`` (a mapping), in the model's order."""
        x: cython.p_double = cython.cast(
            cython.p_double, malloc(max(len(self.names), 1) * cython.sizeof(cython.double))
        )
        if x == cython.NULL:
            raise MemoryError
        out: list = []
        t: cython.Py_ssize_t
        try:
            self._read(features, x)
            for t in range(self.count):
                out.append(self._term(t, x))
        finally:
            free(x)
        return out

    def logit(self, bias: cython.double, features: object) -> float:
        """``bias + sum(values(features))``, added in the same order."""
        x: cython.p_double = cython.cast(
            cython.p_double, malloc(max(len(self.names), 1) * cython.sizeof(cython.double))
        )
        if x == cython.NULL:
            raise MemoryError
        total: cython.double = 0.0
        t: cython.Py_ssize_t
        try:
            self._read(features, x)
            for t in range(self.count):
                total += self._term(t, x)
        finally:
            free(x)
        return bias + total

    def contributions(self, bias: object, features: object) -> dict:
        """``{"bias": bias}`` and each term that adds something, in the model's order."""
        x: cython.p_double = cython.cast(
            cython.p_double, malloc(max(len(self.names), 1) * cython.sizeof(cython.double))
        )
        if x == cython.NULL:
            raise MemoryError
        out: dict = {"bias": bias}
        t: cython.Py_ssize_t
        value: cython.double
        try:
            self._read(features, x)
            for t in range(self.count):
                value = self._term(t, x)
                if value != 0.0:
                    out[self.terms[t]] = value
        finally:
            free(x)
        return out
