# cython: annotation_typing=True
"""Loops of the look-up and the scoring that only pay compiled: typed for Cython, never run as Python.

:mod:`canonym.index` (a look-up's record scores, the bisection of its postings),
:mod:`canonym.model` (a model's terms), :mod:`canonym.similarity` (the rules of a word
pair's similarity) and :mod:`canonym.features` (the pairing of words and the joining of
compounds) use these where the module was compiled (see
setup.py) and their own pure-Python code otherwise, which stays the reference;
``tests/test_core_compiled.py`` checks on every evaluation query that both give the same
candidates, answers and scores. Imported uncompiled, this module raises
ImportError, so that the pure-Python path stays the reference.
"""

import cython

if not cython.compiled:
    raise ImportError("canonym._kernels runs compiled only")

import builtins
import sys
from types import MappingProxyType

from cython.cimports.cpython.object import PyObject_GenericSetAttr, PyTypeObject
from cython.cimports.cpython.ref import Py_INCREF, Py_XDECREF, PyObject
from cython.cimports.cpython.unicode import (
    PyUnicode_1BYTE_DATA,
    PyUnicode_1BYTE_KIND,
    PyUnicode_4BYTE_KIND,
    PyUnicode_DATA,
    PyUnicode_FromKindAndData,
    PyUnicode_KIND,
)
from cython.cimports.libc.math import INFINITY, copysign, log
from cython.cimports.libc.stdlib import calloc, free, malloc
from cython.cimports.libc.string import memcmp, memcpy, memset

_PLAIN_SUM: cython.bint = sys.version_info < (3, 12)
"""Whether the built-in ``sum`` adds floats left to right, without compensation."""


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _kth_largest(a: cython.p_double, n: cython.Py_ssize_t, k: cython.Py_ssize_t) -> cython.double:
    """The value at position ``k`` (from 0) of ``a[:n]`` sorted largest first; reorders ``a``."""
    lo: cython.Py_ssize_t = 0
    hi: cython.Py_ssize_t = n - 1
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    pivot: cython.double
    swap: cython.double
    while lo < hi:
        pivot = a[(lo + hi) // 2]
        i = lo
        j = hi
        while i <= j:
            while a[i] > pivot:
                i += 1
            while a[j] < pivot:
                j -= 1
            if i <= j:
                swap = a[i]
                a[i] = a[j]
                a[j] = swap
                i += 1
                j -= 1
        if k <= j:
            hi = j
        elif k >= i:
            lo = i
        else:
            break
    return a[k]


@cython.cfunc
@cython.inline
def _before(
    key: cython.p_double, rid: cython.p_int, i: cython.Py_ssize_t, j: cython.Py_ssize_t
) -> cython.bint:
    """Whether pair ``i`` sorts before pair ``j``: as the tuples (key, rid) do."""
    return key[i] < key[j] or (key[i] == key[j] and rid[i] < rid[j])


@cython.cfunc
@cython.inline
def _swap(key: cython.p_double, rid: cython.p_int, i: cython.Py_ssize_t, j: cython.Py_ssize_t) -> cython.void:
    k: cython.double = key[i]
    r: cython.int = rid[i]
    key[i] = key[j]
    rid[i] = rid[j]
    key[j] = k
    rid[j] = r


@cython.cfunc
def _sort_pairs(key: cython.p_double, rid: cython.p_int, n: cython.Py_ssize_t) -> cython.void:
    """Sort the pairs (``key[i]``, ``rid[i]``) in place, as Python sorts such tuples (the
    record numbers are distinct, so the order is total and any sort gives the same):
    a quicksort, insertion sort for short runs."""
    lo: cython.Py_ssize_t = 0
    hi: cython.Py_ssize_t = n - 1
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    while hi - lo > 12:
        # The median of three as the pivot, kept at hi.
        mid: cython.Py_ssize_t = lo + (hi - lo) // 2
        if _before(key, rid, mid, lo):
            _swap(key, rid, mid, lo)
        if _before(key, rid, hi, lo):
            _swap(key, rid, hi, lo)
        if _before(key, rid, mid, hi):
            _swap(key, rid, mid, hi)
        j = lo
        for i in range(lo, hi):
            if _before(key, rid, i, hi):
                _swap(key, rid, i, j)
                j += 1
        _swap(key, rid, j, hi)
        # The shorter side recursively, the longer in this loop.
        if j - lo < hi - j:
            _sort_pairs(key + lo, rid + lo, j - lo)
            lo = j + 1
        else:
            _sort_pairs(key + j + 1, rid + j + 1, hi - j)
            hi = j - 1
    for i in range(lo + 1, hi + 1):
        j = i
        while j > lo and _before(key, rid, j, j - 1):
            _swap(key, rid, j, j - 1)
            j -= 1


@cython.cfunc
def _pairs_list(key: cython.p_double, rid: cython.p_int, n: cython.Py_ssize_t) -> list:
    """The pairs as a list of (key, rid) tuples."""
    out: list = []
    i: cython.Py_ssize_t
    for i in range(n):
        out.append((key[i], rid[i]))
    return out


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _insert(sorted_: cython.p_double, n: cython.Py_ssize_t, value: cython.double) -> cython.void:
    """Put ``value`` into ``sorted_[:n + 1]``, ascending, over its last place."""
    i: cython.Py_ssize_t = n
    while i > 0 and sorted_[i - 1] > value:
        sorted_[i] = sorted_[i - 1]
        i -= 1
    sorted_[i] = value


@cython.cclass
class JoinedKeys:
    """The index's joined keys (``CandidateIndex._joined``, each record's content words'
    keys run together), kept beside that list as one array of one byte a letter: an ASCII
    letter as itself, any other as 0x80 (which no letter of a bit-parallel pattern is), so
    that :meth:`Scores.ranked` reads a pooled record's key with no Python string."""

    joined: list
    data: cython.p_uchar
    start: cython.p_uint
    size: cython.Py_ssize_t

    def __cinit__(self) -> None:
        self.data = cython.NULL
        self.start = cython.NULL

    def __init__(self, joined: list) -> None:
        count: cython.Py_ssize_t = len(joined)
        total: cython.Py_ssize_t = 0
        r: cython.Py_ssize_t
        for r in range(count):
            total += len(cython.cast(str, joined[r], typecheck=True))
        if total >= 0xFFFFFFFF:
            raise OverflowError("more letters in the joined keys than 32-bit offsets reach")
        free(self.data)
        free(self.start)
        self.data = cython.cast(cython.p_uchar, malloc(max(total, 1)))
        self.start = cython.cast(cython.p_uint, malloc((count + 1) * cython.sizeof(cython.uint)))
        if self.data == cython.NULL or self.start == cython.NULL:  # noqa: PLR1714 (C pointers)
            raise MemoryError
        self.joined = joined
        size: cython.Py_ssize_t = 0
        c: cython.Py_UCS4
        for r in range(count):
            self.start[r] = cython.cast(cython.uint, size)
            for c in cython.cast(str, joined[r]):
                self.data[size] = c if c < 128 else 0x80
                size += 1
        self.start[count] = cython.cast(cython.uint, size)
        self.size = size + 4 * (count + 1)

    def __dealloc__(self) -> None:
        free(self.data)
        free(self.start)

    def __len__(self) -> cython.Py_ssize_t:
        return len(self.joined)

    @property
    def nbytes(self) -> int:
        """The bytes of the two arrays (the letters and where each record's begin)."""
        return self.size

    @cython.cfunc
    @cython.exceptval(check=False)
    def _ratio(self, masks: cython.p_ulonglong, length: cython.Py_ssize_t, rid: cython.int) -> cython.double:
        """``_Pattern.ratio`` of a bit-parallel pattern (its ``masks``, 256 of them, and
        ``length``) and record ``rid``'s key."""
        begin: cython.Py_ssize_t = self.start[rid]
        size: cython.Py_ssize_t = self.start[rid + 1] - begin
        most: cython.Py_ssize_t = length + size
        if most == 0:
            return 100.0
        letters: cython.p_uchar = self.data + begin
        v: cython.ulonglong = ~cython.cast(cython.ulonglong, 0)
        u: cython.ulonglong
        i: cython.Py_ssize_t
        for i in range(size):
            u = v & masks[letters[i]]
            v = (v + u) | (v - u)
        if length < 64:
            v |= ~cython.cast(cython.ulonglong, 0) << length
        distance: cython.Py_ssize_t = most - 2 * _ones(~v)
        return (1.0 - cython.cast(cython.double, distance) / cython.cast(cython.double, most)) * 100.0


@cython.cclass
class Scores:
    """The records a look-up has scored so far and their scores, in C arrays over every
    record of the index (``canonym.index._Scores`` is the reference, a dictionary).

    One per look-up at a time: the index keeps a few and lends one to each look-up."""

    size: cython.Py_ssize_t
    score: cython.p_double
    hit: cython.p_double
    scored: cython.p_char
    seen: cython.p_int
    touched: cython.p_int
    count: cython.Py_ssize_t
    word: cython.p_int
    stamp: cython.int
    shared: cython.p_ushort

    def __cinit__(self, size: cython.Py_ssize_t) -> None:
        n: cython.Py_ssize_t = max(size, 1)
        self.size = size
        self.score = cython.cast(cython.p_double, malloc(n * cython.sizeof(cython.double)))
        self.hit = cython.cast(cython.p_double, malloc(n * cython.sizeof(cython.double)))
        self.scored = cython.cast(cython.p_char, calloc(n, cython.sizeof(cython.char)))
        self.seen = cython.cast(cython.p_int, calloc(n, cython.sizeof(cython.int)))
        self.touched = cython.cast(cython.p_int, malloc(n * cython.sizeof(cython.int)))
        self.word = cython.cast(cython.p_int, malloc(n * cython.sizeof(cython.int)))
        # Each record's count of shared trigrams, zero between look-ups (see _trigrams).
        self.shared = cython.cast(cython.p_ushort, calloc(n, cython.sizeof(cython.ushort)))
        self.count = 0
        self.stamp = 0
        if (
            self.score == cython.NULL  # noqa: PLR1714 (C pointers)
            or self.hit == cython.NULL
            or self.scored == cython.NULL
            or self.seen == cython.NULL
            or self.touched == cython.NULL
            or self.word == cython.NULL
            or self.shared == cython.NULL
        ):
            raise MemoryError

    def __dealloc__(self) -> None:
        free(self.score)
        free(self.hit)
        free(self.scored)
        free(self.seen)
        free(self.touched)
        free(self.word)
        free(self.shared)

    @cython.cfunc
    @cython.exceptval(check=False)
    def _next_stamp(self) -> cython.int:
        if self.stamp >= 2_000_000_000:
            memset(self.seen, 0, max(self.size, 1) * cython.sizeof(cython.int))
            self.stamp = 0
        self.stamp += 1
        return self.stamp

    def clear(self) -> None:
        """Forget every score (only the records scored are touched)."""
        i: cython.Py_ssize_t
        for i in range(self.count):
            self.scored[self.touched[i]] = 0
        self.count = 0

    def __len__(self) -> cython.Py_ssize_t:
        return self.count

    @cython.cfunc
    @cython.exceptval(check=False)
    def _distinct(self, postings: cython.p_int, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
        """How many different records ``postings[:n]`` hold."""
        stamp: cython.int = self._next_stamp()
        out: cython.Py_ssize_t = 0
        i: cython.Py_ssize_t
        rid: cython.int
        for i in range(n):
            rid = postings[i]
            if self.seen[rid] != stamp:
                self.seen[rid] = stamp
                out += 1
        return out

    def distinct(self, view: object) -> cython.Py_ssize_t:
        """How many different records the postings ``view`` hold."""
        postings: cython.int[:] = view
        if postings.shape[0] == 0:
            return 0
        return self._distinct(cython.address(postings[0]), postings.shape[0])

    @cython.cfunc
    @cython.exceptval(check=False)
    def _group(
        self,
        postings: cython.p_int,
        n: cython.Py_ssize_t,
        value: cython.double,
        stamp: cython.int,
        m: cython.Py_ssize_t,
    ) -> cython.Py_ssize_t:
        """One group of a word's hits (see :meth:`add`): each record of ``postings[:n]`` hit
        with ``value``, the records new to this word (``stamp``) listed after the ``m``
        already hit; how many are listed now."""
        i: cython.Py_ssize_t
        rid: cython.int
        for i in range(n):
            rid = postings[i]
            if self.seen[rid] != stamp:
                self.seen[rid] = stamp
                self.word[m] = rid
                m += 1
            self.hit[rid] = value
        return m

    @cython.cfunc
    @cython.exceptval(check=False)
    def _commit(self, m: cython.Py_ssize_t) -> cython.void:
        """Add each of the ``m`` records a word hit its hit's value."""
        i: cython.Py_ssize_t
        rid: cython.int
        for i in range(m):
            rid = self.word[i]
            if self.scored[rid]:
                self.score[rid] = self.score[rid] + self.hit[rid]
            else:
                self.scored[rid] = 1
                self.score[rid] = self.hit[rid]
                self.touched[self.count] = rid
                self.count += 1

    def add(self, groups: list) -> None:
        """One query word's hits: ``groups`` of (postings, value), a later group's value
        replacing an earlier one's for the same record; each record hit adds its value."""
        stamp: cython.int = self._next_stamp()
        m: cython.Py_ssize_t = 0
        postings: cython.int[:]
        for view, number in groups:
            postings = view
            if postings.shape[0]:
                m = self._group(cython.address(postings[0]), postings.shape[0], number, stamp, m)
        self._commit(m)

    @cython.cfunc
    @cython.exceptval(check=False)
    def _at_least(self, postings: cython.p_int, n: cython.Py_ssize_t, floor: cython.double) -> cython.void:
        i: cython.Py_ssize_t
        rid: cython.int
        for i in range(n):
            rid = postings[i]
            if not self.scored[rid]:
                self.scored[rid] = 1
                self.score[rid] = 0.0
                self.touched[self.count] = rid
                self.count += 1
            if floor > self.score[rid]:  # noqa: PLR1730 (C doubles, as max() of Python floats keeps the first of equals)
                self.score[rid] = floor

    def at_least(self, view: object, floor: cython.double) -> None:
        """Raise the records of ``view`` to ``floor`` (unscored ones count 0)."""
        postings: cython.int[:] = view
        if postings.shape[0]:
            self._at_least(cython.address(postings[0]), postings.shape[0], floor)

    @cython.cfunc
    @cython.exceptval(check=False)
    def _best(self) -> cython.double:
        out: cython.double = -INFINITY
        i: cython.Py_ssize_t
        for i in range(self.count):
            out = max(out, self.score[self.touched[i]])
        return out

    def best(self) -> float:
        """The highest score (-inf when none)."""
        return self._best()

    @cython.cfunc
    @cython.exceptval(check=False)
    def _trigrams(
        self,
        found: cython.pointer(cython.p_int),
        lengths: cython.p_Py_ssize_t,
        grams: cython.Py_ssize_t,
        share: cython.double,
        pool: cython.Py_ssize_t,
    ) -> cython.int:
        """:meth:`trigrams` over ``grams`` postings ``found[g][:lengths[g]]``; -1 when out
        of memory (nothing is then added)."""
        total: cython.Py_ssize_t = 0
        g: cython.Py_ssize_t
        for g in range(grams):
            total += lengths[g]
        counts: cython.p_ushort = self.shared
        hit: cython.p_int = cython.cast(cython.p_int, malloc(max(total, 1) * cython.sizeof(cython.int)))
        if hit == cython.NULL:
            return -1
        distinct: cython.Py_ssize_t = 0
        i: cython.Py_ssize_t
        k: cython.int
        c: cython.int
        rid: cython.int
        value: cython.double
        postings: cython.p_int
        for g in range(grams):
            postings = found[g]
            for i in range(lengths[g]):
                rid = postings[i]
                c = counts[rid]
                if c == 0:
                    hit[distinct] = rid
                    distinct += 1
                counts[rid] = c + 1
        # The histogram of the counts, read from the largest: the fewest shared that
        # still puts a record among the pool's best. A record is at most once in a key's
        # postings, so it shares at most ``grams`` (the table grows for postings made
        # otherwise).
        most: cython.Py_ssize_t = grams
        records_with: cython.p_int = cython.cast(cython.p_int, calloc(most + 1, cython.sizeof(cython.int)))
        grown: cython.p_int
        if records_with != cython.NULL:
            for i in range(distinct):
                c = counts[hit[i]]
                if c > most:
                    grown = cython.cast(cython.p_int, calloc(c + 1, cython.sizeof(cython.int)))
                    if grown != cython.NULL:
                        memcpy(grown, records_with, (most + 1) * cython.sizeof(cython.int))
                    free(records_with)
                    records_with = grown
                    most = c
                    if grown == cython.NULL:
                        break
                records_with[c] += 1
        if records_with == cython.NULL:
            for i in range(distinct):
                counts[hit[i]] = 0
            free(hit)
            return -1
        least: cython.int = 1
        kept: cython.Py_ssize_t = 0
        for c in range(most, 0, -1):
            kept += records_with[c]
            if records_with[c] and kept >= pool:
                least = c
                break
        for i in range(distinct):
            rid = hit[i]
            c = counts[rid]
            counts[rid] = 0
            if c >= least or self.scored[rid]:
                if not self.scored[rid]:
                    self.scored[rid] = 1
                    self.score[rid] = 0.0
                    self.touched[self.count] = rid
                    self.count += 1
                value = self.score[rid]
                for k in range(c):  # noqa: B007 (a typed counter)
                    value += share
                self.score[rid] = value
        free(hit)
        free(records_with)
        return 0

    def trigrams(self, found: list, share: cython.double, pool: cython.Py_ssize_t) -> None:
        """Add ``share`` once for each of the trigram postings ``found`` (views of record
        numbers) that holds a record, for the records that can still reach the ``pool``
        best (as many records hold at least as many as they do; see
        ``canonym.index._pool_count``) and for those already scored."""
        grams: cython.Py_ssize_t = len(found)
        pointers: cython.pointer(cython.p_int) = cython.cast(
            cython.pointer(cython.p_int), malloc(max(grams, 1) * cython.sizeof(cython.p_int))
        )
        lengths: cython.p_Py_ssize_t = cython.cast(
            cython.p_Py_ssize_t, malloc(max(grams, 1) * cython.sizeof(cython.Py_ssize_t))
        )
        postings: cython.int[:]
        g: cython.Py_ssize_t
        try:
            if pointers == cython.NULL or lengths == cython.NULL:  # noqa: PLR1714 (C pointers)
                raise MemoryError
            for g in range(grams):
                postings = found[g]
                lengths[g] = postings.shape[0]
                pointers[g] = cython.address(postings[0]) if postings.shape[0] else cython.NULL
            if self._trigrams(pointers, lengths, grams, share, pool) < 0:
                raise MemoryError
        finally:
            free(pointers)
            free(lengths)

    def __contains__(self, rid: cython.int) -> bool:
        return 0 <= rid < self.size and self.scored[rid] != 0

    @cython.cfunc
    def _select(
        self, size: cython.Py_ssize_t, key: cython.p_double, kept: cython.p_int, ordered: cython.bint
    ) -> cython.Py_ssize_t:
        """The ``size`` best records into ``key`` (their -score) and ``kept`` (each as long as
        the records scored), sorted best first, ties to the lower record, where ``ordered``
        (else in no order); how many."""
        n: cython.Py_ssize_t = self.count
        i: cython.Py_ssize_t
        rid: cython.int
        floor: cython.double = -INFINITY
        cut: cython.double = INFINITY
        if n > size:
            # The pool's floor is its size-th best score; of the records tied at the
            # floor, only the lowest that still fit are kept (the rest would be cut).
            values: cython.p_double = cython.cast(cython.p_double, malloc(n * cython.sizeof(cython.double)))
            if values == cython.NULL:
                raise MemoryError
            for i in range(n):
                values[i] = self.score[self.touched[i]]
            floor = _kth_largest(values, n, size - 1)
            above: cython.Py_ssize_t = 0
            tied: cython.Py_ssize_t = 0
            for i in range(n):
                rid = self.touched[i]
                if self.score[rid] > floor:
                    above += 1
                elif self.score[rid] == floor:
                    values[tied] = -cython.cast(cython.double, rid)
                    tied += 1
            if tied > size - above:
                cut = -_kth_largest(values, tied, size - above - 1)
            free(values)
        m: cython.Py_ssize_t = 0
        for i in range(n):
            rid = self.touched[i]
            if self.score[rid] > floor or (self.score[rid] == floor and rid <= cut):
                key[m] = -self.score[rid]
                kept[m] = rid
                m += 1
        if ordered:
            _sort_pairs(key, kept, m)
        return min(m, size)

    def pool(self, size: cython.Py_ssize_t) -> list:
        """The ``size`` best records as (-score, record) pairs, best first, ties to the
        lower record."""
        n: cython.Py_ssize_t = self.count
        key: cython.p_double = cython.cast(cython.p_double, malloc(max(n, 1) * cython.sizeof(cython.double)))
        kept: cython.p_int = cython.cast(cython.p_int, malloc(max(n, 1) * cython.sizeof(cython.int)))
        if key == cython.NULL or kept == cython.NULL:  # noqa: PLR1714 (C pointers)
            free(key)
            free(kept)
            raise MemoryError
        try:
            return _pairs_list(key, kept, self._select(size, key, kept, True))
        finally:
            free(key)
            free(kept)

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def ranked(
        self,
        size: cython.Py_ssize_t,
        keys: JoinedKeys,
        whole: str,
        total: cython.double,
        limit: cython.Py_ssize_t,
    ) -> list:
        """The pool (:meth:`pool`) re-ranked by the whole-key similarity of each record's key
        (``keys``, the index's joined keys) to ``whole``, as ``canonym.index._reranked``
        orders rapidfuzz's ``fuzz.ratio`` of them (computed here, the same to the last bit:
        :func:`indel_ratio`): (key, record) pairs, best first, only as many as the ``limit``
        best and the records tied with the last of them (all that
        ``CandidateIndex._nearest_first`` reads).

        A record's key is its score over ``total`` less its similarity over 100, and the
        similarity is at most that of a key as long as the record's holding ``whole`` or
        held by it (100 less the difference of their lengths over their sum, times 100): a
        record whose score over ``total`` less that over 100 is above the ``limit``
        lowest keys worked out so far can neither be among the ``limit`` best nor tie
        with the last, and its similarity is not worked out. Only the records
        whose keys are at most the ``limit``-th lowest are sorted."""
        n: cython.Py_ssize_t = self.count
        if keys.data == cython.NULL:
            raise ValueError("JoinedKeys made without its keys")
        records: cython.Py_ssize_t = len(keys.joined)
        # No more than the scored records can be kept: a larger limit keeps them all.
        limit = min(limit, max(n, 1))
        key: cython.p_double = cython.cast(cython.p_double, malloc(max(n, 1) * cython.sizeof(cython.double)))
        kept: cython.p_int = cython.cast(cython.p_int, malloc(max(n, 1) * cython.sizeof(cython.int)))
        best: cython.p_double = cython.cast(
            cython.p_double, malloc(max(limit, 1) * cython.sizeof(cython.double))
        )
        if key == cython.NULL or kept == cython.NULL or best == cython.NULL:  # noqa: PLR1714 (C pointers)
            free(key)
            free(kept)
            free(best)
            raise MemoryError
        query: _Pattern = _Pattern(whole)
        masks = cython.declare(cython.ulonglong[256])
        i: cython.Py_ssize_t
        m: cython.Py_ssize_t
        j: cython.Py_ssize_t
        found: cython.Py_ssize_t = 0  # keys worked out, the ``found`` lowest in ``best``, ascending
        span: cython.Py_ssize_t
        most: cython.Py_ssize_t
        gap: cython.Py_ssize_t
        rid: cython.int
        share: cython.double
        value: cython.double
        similarity: cython.double
        try:
            if limit <= 0:
                return []
            if query.parallel:
                memcpy(masks, query.masks, 128 * cython.sizeof(cython.ulonglong))
                memset(cython.address(masks[128]), 0, 128 * cython.sizeof(cython.ulonglong))
            m = self._select(size, key, kept, False)
            j = 0
            for i in range(m):
                share = key[i] / total
                rid = kept[i]
                if rid >= records:
                    raise IndexError(f"record {rid} has no joined key ({records} keys)")
                if found == limit:
                    # No similarity exceeds that of two keys of these lengths, one holding
                    # the other (the same arithmetic, so the bound holds to the last bit).
                    span = keys.start[rid + 1] - keys.start[rid]
                    most = query.length + span
                    gap = query.length - span if query.length > span else span - query.length
                    similarity = 100.0
                    if most:
                        similarity = (
                            1.0 - cython.cast(cython.double, gap) / cython.cast(cython.double, most)
                        ) * 100.0
                    if share - similarity / 100.0 > best[limit - 1]:
                        continue  # above the limit's key, whatever its similarity
                if query.parallel:
                    similarity = keys._ratio(masks, query.length, rid)
                else:
                    similarity = query.ratio(cython.cast(str, keys.joined[rid]))
                value = share - similarity / 100.0
                key[j] = value
                kept[j] = rid
                j += 1
                if found < limit or value < best[limit - 1]:
                    _insert(best, min(found, limit - 1), value)
                    found = min(found + 1, limit)
            m = 0
            for i in range(j):  # the ``limit`` best and those tied with the last
                if found < limit or key[i] <= best[limit - 1]:
                    key[m] = key[i]
                    kept[m] = kept[i]
                    m += 1
            _sort_pairs(key, kept, m)
            return _pairs_list(key, kept, m)
        finally:
            free(key)
            free(kept)
            free(best)


@cython.cclass
class Records:
    """The alias records of an index by number, as ``CandidateIndex.records_for`` (the
    reference) hands them out: each made once and kept in the index's own dictionary of
    records made lately, emptied when full; made bare (``object.__new__`` and the fields
    set in order) where the record class's ``__init__`` does no more
    (:func:`_plain_dataclass`), else by calling it."""

    kind: type
    fields: object
    entity: cython.int[:]
    names: list
    forms: object
    form: object
    made: dict

    def __init__(  # noqa: PLR0917 (the index's arrays, in the order a record holds them)
        self, kind: type, entity: object, names: list, forms: object, form: object, made: dict
    ) -> None:
        """``kind``: the record class (fields entity, name, form); ``entity`` and ``names``:
        each record's entity and name; ``forms``: each record's analysed name, or None, and
        then ``form``, a function of a record's number that gives it; ``made``: the
        records kept."""
        self.kind = kind
        self.fields = _plain_dataclass(kind, ("entity", "name", "form"))
        self.entity = entity
        self.names = names
        self.forms = forms
        self.form = form
        self.made = made

    def of(self, ids: object, size: cython.Py_ssize_t) -> list:
        """The records numbered ``ids``, those not kept made and kept (the kept ones
        forgotten first when ``size`` are kept)."""
        made: dict = self.made
        out: list = []
        fields: tuple
        rid: cython.Py_ssize_t
        # ``object.__new__(kind)`` calls the class's own ``tp_new`` with no arguments: the
        # record class's is object's (a dataclass defines no ``__new__``).
        new = cython.cast(cython.pointer(PyTypeObject), self.kind).tp_new
        empty: tuple = ()
        for i in ids:
            record = made.get(i)
            if record is None:
                if len(made) >= size:
                    made.clear()
                rid = i
                entity = self.entity[rid]
                name = self.names[rid]
                form = self.form(rid) if self.forms is None else self.forms[rid]
                if self.fields is None:
                    record = self.kind(entity, name, form)
                else:
                    fields = self.fields
                    record = new(self.kind, cython.cast(cython.pointer(PyObject), empty), cython.NULL)
                    PyObject_GenericSetAttr(record, fields[0], entity)
                    PyObject_GenericSetAttr(record, fields[1], name)
                    PyObject_GenericSetAttr(record, fields[2], form)
                made[i] = record
            out.append(record)
        return out


# A look-up's posting keys hashed and found in C (``CandidateIndex._rank``): BLAKE2b of
# each key as ``canonym.index._key_hash`` computes it with hashlib, the postings found
# through a directory of the sorted hashes, and the words' hits, the whole-key floor and
# the trigram shares scored in one pass, with no Python string or view made per key.

_SIGMA = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
    (14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3),
    (11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4),
    (7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8),
    (9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13),
    (2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9),
    (12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11),
    (13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10),
    (6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5),
    (10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0),
)
"""BLAKE2b's message schedule (RFC 7693, section 2.7); rounds 10 and 11 repeat rows 0 and 1."""

_IV = (
    0x6A09E667F3BCC908,
    0xBB67AE8584CAA73B,
    0x3C6EF372FE94F82B,
    0xA54FF53A5F1D36F1,
    0x510E527FADE682D1,
    0x9B05688C2B3E6C1F,
    0x1F83D9ABFB41BD6B,
    0x5BE0CD19137E2179,
)


_MEMO_KEY = cython.declare(cython.Py_ssize_t, 48)
"""The longest key (in UTF-8 bytes) whose postings :class:`PostingTable` keeps."""


@cython.cfunc
@cython.exceptval(check=False)
@cython.inline
def _rotr(x: cython.ulonglong, n: cython.int) -> cython.ulonglong:
    return (x >> n) | (x << (64 - n))


@cython.cfunc
@cython.exceptval(check=False)
@cython.inline
def _mix(  # noqa: PLR0917 (RFC 7693's G: the work vector, four positions, two message words)
    v: cython.p_ulonglong,
    a: cython.int,
    b: cython.int,
    c: cython.int,
    d: cython.int,
    x: cython.ulonglong,
    y: cython.ulonglong,
) -> cython.void:
    v[a] = v[a] + v[b] + x
    v[d] = _rotr(v[d] ^ v[a], 32)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 24)
    v[a] = v[a] + v[b] + y
    v[d] = _rotr(v[d] ^ v[a], 16)
    v[c] = v[c] + v[d]
    v[b] = _rotr(v[b] ^ v[c], 63)


@cython.cfunc
def _utf8_of(key: str, size: cython.p_Py_ssize_t) -> cython.p_uchar:
    """``key``'s UTF-8 bytes in a new buffer, which the caller frees; their number in
    ``size[0]``."""
    n: cython.Py_ssize_t = len(key)
    letters: cython.p_Py_UCS4 = cython.cast(cython.p_Py_UCS4, malloc((n + 1) * cython.sizeof(cython.Py_UCS4)))
    buffer: cython.p_uchar = cython.cast(cython.p_uchar, malloc(4 * n + 1))
    if letters == cython.NULL or buffer == cython.NULL:  # noqa: PLR1714 (C pointers)
        free(letters)
        free(buffer)
        raise MemoryError
    _letters(key, letters)
    size[0] = _utf8(letters, n, -1, buffer, 0)
    free(letters)
    return buffer


@cython.cclass
class PostingTable:
    """The postings of an index (its sorted key hashes and their records), found by key in
    C: BLAKE2b of the key's UTF-8 bytes with an 8-byte digest, as hashlib computes it, its
    low bits dropped as the index drops them, then the run of equal hashes, through a
    directory of where each leading-bit prefix of the hashes begins (a bisection of a few
    hashes after it, not of all). ``canonym.index.CandidateIndex._posted`` and its
    ``_variants`` are the reference (hashlib, ``bisect`` and ``functools.lru_cache``).

    :meth:`score` scores one look-up's words, their whole key and its trigrams as
    ``CandidateIndex._rank`` does before its pool is ranked."""

    hashes: cython.ulonglong[:]
    rids: cython.int[:]
    n: cython.Py_ssize_t
    shift: cython.int
    low: cython.int  # the hashes' bits below the directory's prefix
    directory: cython.p_uint
    sigma: cython.uchar[160]
    iv: cython.ulonglong[8]
    little: cython.bint  # whether this machine stores integers little-endian, as BLAKE2b reads them
    # Where the postings of keys asked lately lie: one slot per hash of the key's bytes
    # (FNV-1a), the last key of up to _MEMO_KEY bytes to fall in it, compared in full.
    memo_mask: cython.Py_ssize_t
    memo_fnv: cython.p_ulonglong
    memo_key: cython.p_uchar
    memo_size: cython.p_uchar
    memo_low: cython.p_Py_ssize_t
    memo_high: cython.p_Py_ssize_t
    # The words' hashes, sorted, and their document frequencies (``CandidateIndex._rarity``).
    word_data: bytes
    count_data: bytes
    words: cython.Py_ssize_t
    word_hashes: cython.p_ulonglong
    word_counts: cython.p_int
    # The look-up's constants, from canonym.index.
    min_deletion: cython.Py_ssize_t
    max_deletion: cython.Py_ssize_t
    enough: cython.Py_ssize_t
    common: cython.Py_ssize_t
    common_gram: cython.Py_ssize_t
    pool: cython.Py_ssize_t
    stem: cython.double
    near: cython.double
    coarse: cython.double
    exact: cython.double

    def __cinit__(self) -> None:
        self.directory = cython.NULL
        self.memo_fnv = cython.NULL
        self.memo_key = cython.NULL
        self.memo_size = cython.NULL
        self.memo_low = cython.NULL
        self.memo_high = cython.NULL

    def __init__(  # noqa: PLR0917 (the index's arrays and constants)
        self, hashes: object, rids: object, shift: cython.int, frequencies: tuple, sizes: tuple, kinds: tuple
    ) -> None:
        """``hashes`` and ``rids``: the index's views; ``shift``: the low bits its hashes
        dropped; ``frequencies``: its words' hashes and counts (two ``bytes``); ``sizes``:
        its shortest and longest key with neighbours, its ``_ENOUGH``, ``_COMMON``,
        ``_COMMON_GRAM`` and ``_POOL``; ``kinds``: what a stem, a neighbour, a coarse key and
        an exact key count (``_STEM``, ``_NEAR``, ``_COARSE``, ``_EXACT``)."""
        self.hashes = hashes
        self.rids = rids
        self.n = self.hashes.shape[0]
        self.word_data, self.count_data = frequencies
        self.words = len(self.word_data) // 8
        if len(self.count_data) != 4 * self.words:
            raise ValueError("the words' hashes and counts differ in number")
        self.word_hashes = cython.cast(cython.p_ulonglong, cython.cast(cython.p_const_char, self.word_data))
        self.word_counts = cython.cast(cython.p_int, cython.cast(cython.p_const_char, self.count_data))
        one: cython.ulonglong = 1
        self.little = cython.cast(cython.p_uchar, cython.address(one))[0] == 1
        self.shift = shift
        self.min_deletion, self.max_deletion, self.enough, self.common, self.common_gram, self.pool = sizes
        self.stem, self.near, self.coarse, self.exact = kinds
        i: cython.Py_ssize_t
        r: cython.Py_ssize_t
        for r in range(10):
            for i in range(16):
                self.sigma[r * 16 + i] = _SIGMA[r][i]
        for i in range(8):
            self.iv[i] = _IV[i]
        # About eight hashes a prefix; none past 2^32 hashes (plain bisection then).
        bits: cython.int = 64 - shift
        prefix: cython.int = 0
        if self.n < 0xFFFFFFFF:
            prefix = min(bits, max(0, int(self.n).bit_length() - 3))
        self.low = bits - prefix
        slots: cython.Py_ssize_t = (cython.cast(cython.Py_ssize_t, 1) << prefix) + 1
        free(self.directory)
        self.directory = cython.cast(cython.p_uint, malloc(slots * cython.sizeof(cython.uint)))
        if self.directory == cython.NULL:
            raise MemoryError
        self._fill(slots)
        # About one slot for 16 postings, at most 65,536 (4.8 MB).
        memo: cython.Py_ssize_t = 256
        while memo < 65536 and memo * 16 < self.n:
            memo *= 2
        self.memo_mask = memo - 1
        self.memo_fnv = cython.cast(cython.p_ulonglong, calloc(memo, cython.sizeof(cython.ulonglong)))
        self.memo_key = cython.cast(cython.p_uchar, malloc(memo * _MEMO_KEY))
        self.memo_size = cython.cast(cython.p_uchar, calloc(memo, 1))
        self.memo_low = cython.cast(cython.p_Py_ssize_t, malloc(memo * cython.sizeof(cython.Py_ssize_t)))
        self.memo_high = cython.cast(cython.p_Py_ssize_t, malloc(memo * cython.sizeof(cython.Py_ssize_t)))
        if (
            self.memo_fnv == cython.NULL  # noqa: PLR1714 (C pointers)
            or self.memo_key == cython.NULL
            or self.memo_size == cython.NULL
            or self.memo_low == cython.NULL
            or self.memo_high == cython.NULL
        ):
            raise MemoryError

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def _fill(self, slots: cython.Py_ssize_t) -> cython.void:
        i: cython.Py_ssize_t = 0
        b: cython.Py_ssize_t
        for b in range(slots):
            if b == slots - 1:  # past the last prefix: the end
                i = self.n
            while i < self.n and cython.cast(cython.Py_ssize_t, self.hashes[i] >> self.low) < b:
                i += 1
            self.directory[b] = cython.cast(cython.uint, i)

    def __dealloc__(self) -> None:
        free(self.directory)
        free(self.memo_fnv)
        free(self.memo_key)
        free(self.memo_size)
        free(self.memo_low)
        free(self.memo_high)

    @cython.cfunc
    @cython.cdivision(True)
    @cython.exceptval(check=False)
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def _compress(
        self, h: cython.p_ulonglong, block: cython.p_uchar, t: cython.ulonglong, last: cython.bint
    ) -> cython.void:
        m = cython.declare(cython.ulonglong[16])
        v = cython.declare(cython.ulonglong[16])
        i: cython.int
        j: cython.int
        r: cython.int
        s: cython.p_uchar
        if self.little:
            memcpy(m, block, 128)
        else:
            for i in range(16):
                m[i] = 0
                for j in range(8):
                    m[i] |= cython.cast(cython.ulonglong, block[i * 8 + j]) << (8 * j)
        for i in range(8):
            v[i] = h[i]
            v[i + 8] = self.iv[i]
        v[12] ^= t
        if last:
            v[14] = ~v[14]
        for r in range(12):
            s = cython.address(self.sigma[(r % 10) * 16])
            _mix(v, 0, 4, 8, 12, m[s[0]], m[s[1]])
            _mix(v, 1, 5, 9, 13, m[s[2]], m[s[3]])
            _mix(v, 2, 6, 10, 14, m[s[4]], m[s[5]])
            _mix(v, 3, 7, 11, 15, m[s[6]], m[s[7]])
            _mix(v, 0, 5, 10, 15, m[s[8]], m[s[9]])
            _mix(v, 1, 6, 11, 12, m[s[10]], m[s[11]])
            _mix(v, 2, 7, 8, 13, m[s[12]], m[s[13]])
            _mix(v, 3, 4, 9, 14, m[s[14]], m[s[15]])
        for i in range(8):
            h[i] ^= v[i] ^ v[i + 8]

    @cython.cfunc
    @cython.exceptval(check=False)
    def _blake(self, data: cython.p_uchar, n: cython.Py_ssize_t) -> cython.ulonglong:
        """The first 8 bytes, little-endian, of BLAKE2b with an 8-byte digest of ``data[:n]``."""
        h = cython.declare(cython.ulonglong[8])
        block = cython.declare(cython.uchar[128])
        i: cython.Py_ssize_t
        for i in range(8):
            h[i] = self.iv[i]
        h[0] ^= 0x01010008  # digest length 8, no key, fan-out and depth 1
        at: cython.Py_ssize_t = 0
        while n - at > 128:
            self._compress(h, data + at, at + 128, False)
            at += 128
        memset(block, 0, 128)
        for i in range(n - at):
            block[i] = data[at + i]
        self._compress(h, block, n, True)
        return h[0]

    @cython.cfunc
    @cython.cdivision(True)
    @cython.exceptval(check=False)
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def _find(self, code: cython.ulonglong, found: cython.p_Py_ssize_t) -> cython.void:
        """``found[0]``, ``found[1]``: where the hashes equal to ``code`` begin and end."""
        prefix: cython.Py_ssize_t = cython.cast(cython.Py_ssize_t, code >> self.low)
        lo: cython.Py_ssize_t = self.directory[prefix]
        hi: cython.Py_ssize_t = self.directory[prefix + 1]
        end: cython.Py_ssize_t = hi
        mid: cython.Py_ssize_t
        while lo < hi:
            mid = (lo + hi) // 2
            if self.hashes[mid] < code:
                lo = mid + 1
            else:
                hi = mid
        found[0] = lo
        hi = end
        while lo < hi:
            mid = (lo + hi) // 2
            if code < self.hashes[mid]:
                hi = mid
            else:
                lo = mid + 1
        found[1] = lo

    def key_hash(self, key: str) -> int:
        """The 64-bit hash of ``key`` (``canonym.index._key_hash``), computed in C."""
        return self._hash(key, 0)

    def find(self, key: str) -> tuple:
        """(low, high): where the postings of ``key`` begin and end in the index's arrays."""
        found = cython.declare(cython.Py_ssize_t[2])
        self._find(self._hash(key, self.shift), found)
        return found[0], found[1]

    @cython.cfunc
    def _postings_of(self, key: str, found: cython.p_Py_ssize_t) -> cython.p_int:
        """The postings of ``key`` (a whole posting key, its mark first), from the memo
        where it was asked lately: a pointer to the first, their number in ``found[0]``."""
        size: cython.Py_ssize_t = 0
        buffer: cython.p_uchar = _utf8_of(key, cython.address(size))
        where = cython.declare(cython.Py_ssize_t[2])
        self._range(buffer, size, where)
        free(buffer)
        return self._rids_in(where, found)

    def named(self, key: str, whole: str, joined: list) -> list:
        """The records posted under ``key`` (``CandidateIndex.exact``'s, "n" and a
        normalised name) whose joined key (``joined``, the index's) is ``whole``, lowest
        first."""
        count: cython.Py_ssize_t = 0
        found: cython.p_int = self._postings_of(key, cython.address(count))
        out: list = []
        i: cython.Py_ssize_t
        rid: cython.int
        for i in range(count):
            rid = found[i]
            if cython.cast(str, joined[rid]) == whole:
                out.append(rid)
        out.sort()
        return out

    def rarest(self, keys: list, few: cython.Py_ssize_t) -> object:
        """The records posted under the word key ("k" and the key) of the rarest of
        ``keys`` (the first of the rarest), each once, lowest first; None where it has more
        than ``few`` postings (``CandidateIndex._holding``)."""
        count: cython.Py_ssize_t = 0
        least: cython.Py_ssize_t = -1
        found: cython.p_int
        rarest: cython.p_int = cython.NULL
        for key in keys:
            found = self._postings_of("k" + cython.cast(str, key), cython.address(count))
            if least < 0 or count < least:
                least = count
                rarest = found
        if least > few:
            return None
        out: set = set()
        i: cython.Py_ssize_t
        for i in range(least):
            out.add(rarest[i])
        return sorted(out)

    @cython.cfunc
    def _hash(self, key: str, shift: cython.int) -> cython.ulonglong:
        size: cython.Py_ssize_t = 0
        buffer: cython.p_uchar = _utf8_of(key, cython.address(size))
        out: cython.ulonglong = self._blake(buffer, size) >> shift
        free(buffer)
        return out

    @cython.cfunc
    @cython.exceptval(check=False)
    def _posted(  # noqa: PLR0917 (a key: its mark, its letters, the one left out; a buffer; the count)
        self,
        mark: cython.uchar,
        letters: cython.p_Py_UCS4,
        n: cython.Py_ssize_t,
        skip: cython.Py_ssize_t,
        buffer: cython.p_uchar,
        found: cython.p_Py_ssize_t,
    ) -> cython.p_int:
        """The postings of the key ``mark`` + ``letters[:n]`` without ``letters[skip]`` (none
        left out where ``skip`` is negative): a pointer to the first, their number in
        ``found[0]``; ``buffer`` holds the key's bytes meanwhile."""
        where = cython.declare(cython.Py_ssize_t[2])
        buffer[0] = mark
        size: cython.Py_ssize_t = _utf8(letters, n, skip, buffer, 1)
        self._range(buffer, size, where)
        return self._rids_in(where, found)

    @cython.cfunc
    @cython.inline
    @cython.exceptval(check=False)
    def _rids_in(self, where: cython.p_Py_ssize_t, found: cython.p_Py_ssize_t) -> cython.p_int:
        """The postings from ``where[0]`` to ``where[1]``: a pointer to the first (NULL where
        there are none), their number in ``found[0]``."""
        found[0] = where[1] - where[0]
        if found[0] == 0:
            return cython.NULL
        return cython.address(self.rids[where[0]])

    @cython.cfunc
    @cython.exceptval(check=False)
    def _range(self, key: cython.p_uchar, size: cython.Py_ssize_t, where: cython.p_Py_ssize_t) -> cython.void:
        """``where[0]``, ``where[1]``: the postings of the key ``key[:size]`` (its UTF-8
        bytes), from the memo where that key was the last asked of its slot."""
        fnv: cython.ulonglong = 0xCBF29CE4
        prime: cython.ulonglong = 0x100000001B3
        i: cython.Py_ssize_t
        fnv = (fnv << 32) | 0x84222325  # FNV-1a's offset basis, 0xCBF29CE484222325
        for i in range(size):
            fnv = (fnv ^ key[i]) * prime
        fnv |= 1  # 0 marks an empty slot
        slot: cython.Py_ssize_t = cython.cast(
            cython.Py_ssize_t, (fnv ^ (fnv >> 29)) & cython.cast(cython.ulonglong, self.memo_mask)
        )
        if (
            self.memo_fnv[slot] == fnv
            and self.memo_size[slot] == size
            and memcmp(self.memo_key + slot * _MEMO_KEY, key, size) == 0
        ):
            where[0] = self.memo_low[slot]
            where[1] = self.memo_high[slot]
            return
        self._find(self._blake(key, size) >> self.shift, where)
        if size <= _MEMO_KEY:
            self.memo_fnv[slot] = fnv
            self.memo_size[slot] = cython.cast(cython.uchar, size)
            memcpy(self.memo_key + slot * _MEMO_KEY, key, size)
            self.memo_low[slot] = where[0]
            self.memo_high[slot] = where[1]

    def resembles(self, key: str, coarse: str) -> bool:
        """Whether any of the word keys ``CandidateIndex.resembles`` asks of ``key`` and
        ``coarse`` holds a record: the exact and coarse keys, the one-edit neighbours and
        the stems without two or three letters (the first found ends the search)."""
        n: cython.Py_ssize_t = len(key)
        m: cython.Py_ssize_t = len(coarse)
        letters: cython.p_Py_UCS4 = cython.cast(
            cython.p_Py_UCS4, malloc((max(n, m) + 1) * cython.sizeof(cython.Py_UCS4))
        )
        buffer: cython.p_uchar = cython.cast(cython.p_uchar, malloc(4 * max(n, m) + 2))
        if letters == cython.NULL or buffer == cython.NULL:  # noqa: PLR1714 (C pointers)
            free(letters)
            free(buffer)
            raise MemoryError
        count: cython.Py_ssize_t = 0
        i: cython.Py_ssize_t
        try:
            _letters(coarse, letters)
            self._posted(0x63, letters, m, -1, buffer, cython.address(count))  # c
            if count:
                return True
            _letters(key, letters)
            self._posted(0x6B, letters, n, -1, buffer, cython.address(count))  # k
            if count:
                return True
            if self.min_deletion - 1 <= n <= self.max_deletion:
                self._posted(0x64, letters, n, -1, buffer, cython.address(count))  # d
                if count:
                    return True
                for i in range(n):
                    if i and letters[i] == letters[i - 1]:
                        continue  # the same deletion as the letter before's
                    self._posted(0x6B, letters, n, i, buffer, cython.address(count))  # k
                    if count:
                        return True
                    self._posted(0x64, letters, n, i, buffer, cython.address(count))  # d
                    if count:
                        return True
            for i in (2, 3):
                if n - i >= self.min_deletion:
                    self._posted(0x6B, letters, n - i, -1, buffer, cython.address(count))  # k
                    if count:
                        return True
            return False
        finally:
            free(letters)
            free(buffer)

    def frequency(self, word: str) -> cython.int:
        """How many entities have a name with ``word`` (0 for a word none has): the count
        of its hash among the index's words, found by bisection in C."""
        code: cython.ulonglong = self._hash(word, 0)
        lo: cython.Py_ssize_t = 0
        hi: cython.Py_ssize_t = self.words
        mid: cython.Py_ssize_t
        while lo < hi:
            mid = (lo + hi) // 2
            if self.word_hashes[mid] < code:
                lo = mid + 1
            else:
                hi = mid
        if lo < self.words and self.word_hashes[lo] == code:
            return self.word_counts[lo]
        return 0

    @cython.boundscheck(False)
    @cython.wraparound(False)
    def score(self, scores: Scores, keys: list, coarse: list, weights: list) -> float:
        """Score the look-up of a name's words (their ``keys``, ``coarse`` keys and rarity
        ``weights``) into ``scores`` as ``CandidateIndex._rank`` does before its pool: each
        word's exact key, its stems, one-edit neighbours and coarse key where the exact key
        is rare, a very common word skipped beside rarer ones, the whole key's floor, and
        the whole key's trigrams when no record reaches 0.6 of the words' total weight.
        Returns that total."""
        words: cython.Py_ssize_t = len(keys)
        length: cython.Py_ssize_t = 0
        longest: cython.Py_ssize_t = 0
        j: cython.Py_ssize_t
        for j in range(words):
            length += len(keys[j])
            longest = max(longest, len(keys[j]), len(coarse[j]))
        # The keys' letters one after the other, between a ^ and a $ (the trigrams' padding).
        text: cython.p_Py_UCS4 = cython.cast(
            cython.p_Py_UCS4, malloc((length + 2) * cython.sizeof(cython.Py_UCS4))
        )
        starts: cython.p_Py_ssize_t = cython.cast(
            cython.p_Py_ssize_t, malloc((words + 1) * cython.sizeof(cython.Py_ssize_t))
        )
        exact: cython.pointer(cython.p_int) = cython.cast(
            cython.pointer(cython.p_int), malloc((words + 1) * cython.sizeof(cython.p_int))
        )
        exacts: cython.p_Py_ssize_t = cython.cast(
            cython.p_Py_ssize_t, malloc((words + 1) * cython.sizeof(cython.Py_ssize_t))
        )
        grams: cython.pointer(cython.p_int) = cython.cast(
            cython.pointer(cython.p_int), malloc((length + 1) * cython.sizeof(cython.p_int))
        )
        sizes: cython.p_Py_ssize_t = cython.cast(
            cython.p_Py_ssize_t, malloc((length + 1) * cython.sizeof(cython.Py_ssize_t))
        )
        buffer: cython.p_uchar = cython.cast(cython.p_uchar, malloc(4 * (max(length, longest) + 2) + 1))
        small: cython.p_Py_UCS4 = cython.cast(
            cython.p_Py_UCS4, malloc((longest + 1) * cython.sizeof(cython.Py_UCS4))
        )
        try:
            if (
                text == cython.NULL  # noqa: PLR1714 (C pointers)
                or starts == cython.NULL
                or exact == cython.NULL
                or exacts == cython.NULL
                or grams == cython.NULL
                or sizes == cython.NULL
                or buffer == cython.NULL
                or small == cython.NULL
            ):
                raise MemoryError
            text[0] = 0x5E  # ^
            starts[0] = 1
            for j in range(words):
                starts[j + 1] = starts[j] + _letters(keys[j], text + starts[j])
            text[length + 1] = 0x24  # $
            return self._score(
                scores, words, text, starts, coarse, weights, exact, exacts, grams, sizes, buffer, small
            )
        finally:
            free(text)
            free(starts)
            free(exact)
            free(exacts)
            free(grams)
            free(sizes)
            free(buffer)
            free(small)

    @cython.cfunc
    def _score(  # noqa: PLR0917 (the look-up's words and the buffers score() made for them)
        self,
        scores: Scores,
        words: cython.Py_ssize_t,
        text: cython.p_Py_UCS4,
        starts: cython.p_Py_ssize_t,
        coarse: list,
        weights: list,
        exact: cython.pointer(cython.p_int),
        exacts: cython.p_Py_ssize_t,
        grams: cython.pointer(cython.p_int),
        sizes: cython.p_Py_ssize_t,
        buffer: cython.p_uchar,
        small: cython.p_Py_UCS4,
    ) -> cython.double:
        j: cython.Py_ssize_t
        i: cython.Py_ssize_t
        n: cython.Py_ssize_t
        count: cython.Py_ssize_t = 0
        found: cython.p_int
        key: cython.p_Py_UCS4
        every_common: cython.bint = True
        for j in range(words):
            exact[j] = self._posted(
                0x6B, text + starts[j], starts[j + 1] - starts[j], -1, buffer, exacts + j
            )  # k
            if exacts[j] <= self.common:
                every_common = False
        total: cython.double = 0.0
        w: cython.double
        stamp: cython.int
        m: cython.Py_ssize_t
        for j in range(words):
            w = weights[j]
            total += w
            if exacts[j] > self.common and not every_common:
                continue  # a very common word adds little to rarer ones and costs much
            m = 0
            if exacts[j] < self.enough or scores._distinct(exact[j], exacts[j]) < self.enough:
                stamp = scores._next_stamp()
                key = text + starts[j]
                n = starts[j + 1] - starts[j]
                # Weakest kind first, each record keeping its strongest: stems, one-edit
                # neighbours, the coarse key, then the exact key.
                for i in (2, 3):
                    if n - i >= self.min_deletion:
                        found = self._posted(0x6B, key, n - i, -1, buffer, cython.address(count))  # k
                        if 0 < count <= self.common:
                            m = scores._group(found, count, self.stem * w, stamp, m)
                if self.min_deletion - 1 <= n <= self.max_deletion:
                    found = self._posted(0x64, key, n, -1, buffer, cython.address(count))  # d
                    if 0 < count <= self.common:
                        m = scores._group(found, count, self.near * w, stamp, m)
                    for i in range(n):
                        if i and key[i] == key[i - 1]:
                            continue  # the same deletion as the letter before's
                        found = self._posted(0x6B, key, n, i, buffer, cython.address(count))  # k
                        if 0 < count <= self.common:
                            m = scores._group(found, count, self.near * w, stamp, m)
                        found = self._posted(0x64, key, n, i, buffer, cython.address(count))  # d
                        if 0 < count <= self.common:
                            m = scores._group(found, count, self.near * w, stamp, m)
                n = _letters(coarse[j], small)
                found = self._posted(0x63, small, n, -1, buffer, cython.address(count))  # c
                if 0 < count <= self.common:
                    m = scores._group(found, count, self.coarse * w, stamp, m)
            else:
                stamp = scores._next_stamp()
            m = scores._group(exact[j], exacts[j], self.exact * w, stamp, m)
            scores._commit(m)
        n = starts[words] - 1  # the whole key's letters
        found = self._posted(0x6B, text + 1, n, -1, buffer, cython.address(count))  # k
        scores._at_least(found, count, total)
        if scores._best() < 0.6 * total:
            g: cython.Py_ssize_t = 0
            for i in range(n):  # the trigrams of ^whole$, none of an empty key
                found = self._posted(0x74, text + i, 3, -1, buffer, cython.address(count))  # t
                if count <= self.common_gram:
                    grams[g] = found
                    sizes[g] = count
                    g += 1
            if scores._trigrams(grams, sizes, g, total / max(1, n), self.pool) < 0:
                raise MemoryError
        return total


@cython.cfunc
@cython.exceptval(check=False)
def _letters(text: str, out: cython.p_Py_UCS4) -> cython.Py_ssize_t:
    """Copy the code points of ``text`` to ``out``; how many."""
    n: cython.Py_ssize_t = 0
    c: cython.Py_UCS4
    for c in text:
        out[n] = c
        n += 1
    return n


@cython.cfunc
@cython.exceptval(check=False)
def _utf8(
    letters: cython.p_Py_UCS4,
    n: cython.Py_ssize_t,
    skip: cython.Py_ssize_t,
    buffer: cython.p_uchar,
    size: cython.Py_ssize_t,
) -> cython.Py_ssize_t:
    """Write ``letters[:n]`` without ``letters[skip]`` to ``buffer`` from ``size`` on, in
    UTF-8 (as ``str.encode`` does; a lone surrogate, which it refuses, written as its
    three bytes); where they end."""
    i: cython.Py_ssize_t
    c: cython.uint
    for i in range(n):
        if i == skip:
            continue
        c = letters[i]
        if c < 0x80:
            buffer[size] = c
            size += 1
        elif c < 0x800:
            buffer[size] = 0xC0 | (c >> 6)
            buffer[size + 1] = 0x80 | (c & 0x3F)
            size += 2
        elif c < 0x10000:
            buffer[size] = 0xE0 | (c >> 12)
            buffer[size + 1] = 0x80 | ((c >> 6) & 0x3F)
            buffer[size + 2] = 0x80 | (c & 0x3F)
            size += 3
        else:
            buffer[size] = 0xF0 | (c >> 18)
            buffer[size + 1] = 0x80 | ((c >> 12) & 0x3F)
            buffer[size + 2] = 0x80 | ((c >> 6) & 0x3F)
            buffer[size + 3] = 0x80 | (c & 0x3F)
            size += 4
    return size


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
    @cython.inline
    @cython.exceptval(check=False)
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

    def summed(self, bias: object, features: object, extra: tuple) -> float:
        """``sum([*contributions(bias, features).values(), *extra])``: before Python 3.12
        ``sum`` adds floats left to right from the int 0, as done here without making the
        contributions; from 3.12 on it compensates its rounding, and is asked itself."""
        if not _PLAIN_SUM:
            return builtins.sum([*self.contributions(bias, features).values(), *extra])
        x: cython.p_double = cython.cast(
            cython.p_double, malloc(max(len(self.names), 1) * cython.sizeof(cython.double))
        )
        if x == cython.NULL:
            raise MemoryError
        total: cython.double = 0.0
        value: cython.double
        t: cython.Py_ssize_t
        try:
            self._read(features, x)
            total += cython.cast(cython.double, bias)
            for t in range(self.count):
                value = self._term(t, x)
                if value != 0.0:  # the terms contributions() leaves out
                    total += value
        finally:
            free(x)
        for item in extra:
            total += cython.cast(cython.double, item)
        return total

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


@cython.cfunc
@cython.inline
def _vowel(c: cython.Py_UCS4) -> cython.bint:
    """c in [aeiouy]."""
    return c == "a" or c == "e" or c == "i" or c == "o" or c == "u" or c == "y"  # noqa: PLR1714 (C chars)


@cython.cfunc
@cython.inline
def _front(c: cython.Py_UCS4) -> cython.bint:
    """c in [eiy]."""
    return c == "e" or c == "i" or c == "y"  # noqa: PLR1714 (C chars)


@cython.cfunc
@cython.inline
def _kh_consonant(c: cython.Py_UCS4) -> cython.bint:
    """c in [bcdfgjklmnpqrstvxz]."""
    return c != "h" and c != "w" and c != "y" and "b" <= c <= "z" and not _vowel(c)  # noqa: PLR1714 (C chars)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _collapse(a: cython.p_Py_UCS4, n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """Runs of one character to one (``regex`` ``(.)\\1+``: a newline is no ``.``), in place."""
    m: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t
    for i in range(n):
        if m > 0 and a[i] == a[m - 1] and a[i] != "\n":
            continue
        a[m] = a[i]
        m += 1
    return m


@cython.cclass
class Transliterator:
    """:func:`canonym.phonetic.translit_key` and :func:`~canonym.phonetic.coarse_key` in
    one pass a rule over a C buffer, the same rules in the same order as the regular
    expressions there (which stay the reference): the silent final e, kh after a consonant,
    soft c and g and consonant w, the multi-letter spellings (``sequences``, in the order
    the regular expression tries them), the sounded h, the letter table ``letters`` (a
    ``str.maketrans`` table of ASCII letters) and the runs of one letter."""

    seq_from: list
    seq_to: list
    table: list
    # The same in C: the spellings' letters one after another, where each starts, how long
    # it is and the letter it becomes; the letter table as up to two letters per code.
    seq_count: cython.Py_ssize_t
    seq_chars: cython.p_Py_UCS4
    seq_start: cython.p_int
    seq_len: cython.p_int
    seq_out: cython.p_Py_UCS4
    # The spellings by their first letter (an ASCII code): ``seq_order[first[c]:first[c + 1]]``
    # are those that start with ``c``, in the order tried (only they can match there).
    first: cython.int[129]
    seq_order: cython.p_int
    table_len: cython.int[128]
    table_chars: cython.Py_UCS4[256]

    def __init__(self, sequences: tuple, letters: dict) -> None:
        self.seq_from = [s for s, _ in sequences]
        self.seq_to = [t for _, t in sequences]
        if any(len(t) != 1 for t in self.seq_to) or any(len(s) < 2 for s in self.seq_from):
            raise ValueError("each spelling must be two letters or more and map to one")
        if any(not 0 < ord(s[0]) < 128 for s in self.seq_from):
            raise ValueError("each spelling starts with an ASCII letter")
        self.table = [chr(c) for c in range(128)]
        for code, out in letters.items():
            if not 0 <= code < 128 or len(out) > 2:
                raise ValueError("the letter table maps ASCII letters to at most two letters")
            self.table[code] = out
        count: cython.Py_ssize_t = len(self.seq_from)
        chars: cython.Py_ssize_t = sum([len(spelling) for spelling in self.seq_from])
        free(self.seq_chars)
        free(self.seq_start)
        free(self.seq_len)
        free(self.seq_out)
        free(self.seq_order)
        self.seq_chars = cython.cast(cython.p_Py_UCS4, malloc(max(chars, 1) * cython.sizeof(cython.Py_UCS4)))
        self.seq_start = cython.cast(cython.p_int, malloc(max(count, 1) * cython.sizeof(cython.int)))
        self.seq_len = cython.cast(cython.p_int, malloc(max(count, 1) * cython.sizeof(cython.int)))
        self.seq_out = cython.cast(cython.p_Py_UCS4, malloc(max(count, 1) * cython.sizeof(cython.Py_UCS4)))
        self.seq_order = cython.cast(cython.p_int, malloc(max(count, 1) * cython.sizeof(cython.int)))
        if (
            self.seq_chars == cython.NULL  # noqa: PLR1714 (C pointers)
            or self.seq_start == cython.NULL
            or self.seq_len == cython.NULL
            or self.seq_out == cython.NULL
            or self.seq_order == cython.NULL
        ):
            raise MemoryError
        self.seq_count = count
        at: cython.int = 0
        n: cython.Py_ssize_t
        k: cython.Py_ssize_t
        seq: str
        for n in range(count):
            seq = self.seq_from[n]
            self.seq_start[n] = at
            self.seq_len[n] = len(seq)
            self.seq_out[n] = cython.cast(str, self.seq_to[n])[0]
            for k in range(len(seq)):
                self.seq_chars[at] = seq[k]
                at += 1
        # Grouped by first letter, each group in the order given.
        at = 0
        for n in range(128):
            self.first[n] = at
            for k in range(count):
                if ord(self.seq_from[k][0]) == n:
                    self.seq_order[at] = cython.cast(cython.int, k)
                    at += 1
        self.first[128] = at
        out: str
        for n in range(128):
            out = self.table[n]
            self.table_len[n] = len(out)
            for k in range(len(out)):
                self.table_chars[2 * n + k] = out[k]

    def __dealloc__(self) -> None:
        free(self.seq_chars)
        free(self.seq_start)
        free(self.seq_len)
        free(self.seq_out)
        free(self.seq_order)

    @cython.ccall
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def key(self, word: str) -> str:
        """The transliteration key of ``word``."""
        n: cython.Py_ssize_t = len(word)
        size: cython.Py_ssize_t = 2 * n + 2
        # Two buffers on the stack for a word of up to 64 letters (each letter becomes at
        # most two), else from the heap.
        stack_a = cython.declare(cython.Py_UCS4[130])
        stack_b = cython.declare(cython.Py_UCS4[130])
        heap: cython.bint = n > 64
        a: cython.p_Py_UCS4 = stack_a
        b: cython.p_Py_UCS4 = stack_b
        if heap:
            a = cython.cast(cython.p_Py_UCS4, malloc(size * cython.sizeof(cython.Py_UCS4)))
            b = cython.cast(cython.p_Py_UCS4, malloc(size * cython.sizeof(cython.Py_UCS4)))
            if a == cython.NULL or b == cython.NULL:  # noqa: PLR1714 (C pointers)
                free(a)
                free(b)
                raise MemoryError
        # (The passes swap the two buffers: both are freed in the end, whichever is which.)
        first_a: cython.p_Py_UCS4 = a
        first_b: cython.p_Py_UCS4 = b
        i: cython.Py_ssize_t
        m: cython.Py_ssize_t
        k: cython.Py_ssize_t
        s: cython.Py_ssize_t
        g: cython.Py_ssize_t
        length: cython.Py_ssize_t
        c: cython.Py_UCS4
        nxt: cython.Py_UCS4
        swap: cython.p_Py_UCS4
        start: cython.int
        code: cython.Py_ssize_t
        try:
            for i in range(n):
                a[i] = word[i]
            # A silent final e.
            if n > 3 and a[n - 1] == "e" and not _vowel(a[n - 2]):
                n -= 1
            # kh after a consonant: h (the lookbehind reads the text before this rule).
            m = 0
            i = 0
            while i < n:
                if a[i] == "k" and i + 1 < n and a[i + 1] == "h" and i > 0 and _kh_consonant(a[i - 1]):
                    b[m] = "h"
                    i += 2
                else:
                    b[m] = a[i]
                    i += 1
                m += 1
            n = m
            swap = a
            a = b
            b = swap
            # Soft c, soft g, consonant w (none of them changes what the others look at).
            for i in range(n):
                c = a[i]
                nxt = a[i + 1] if i + 1 < n else 0
                if c == "c" and _front(nxt):
                    a[i] = "s"
                elif c == "g" and _front(nxt):
                    a[i] = "j"
                elif c == "w" and _vowel(nxt):
                    a[i] = "b"
            # The multi-letter spellings, leftmost first, the first that matches in order
            # (of those that start with the letter there).
            m = 0
            i = 0
            while i < n:
                length = 0
                c = a[i]
                if c < 128:
                    code = cython.cast(cython.Py_ssize_t, c)
                    for g in range(self.first[code], self.first[code + 1]):
                        s = self.seq_order[g]
                        start = self.seq_start[s]
                        if self.seq_len[s] > n - i:
                            continue
                        for k in range(1, self.seq_len[s]):
                            if self.seq_chars[start + k] != a[i + k]:
                                break
                        else:
                            length = self.seq_len[s]
                            b[m] = self.seq_out[s]
                            break
                if length:
                    i += length
                else:
                    b[m] = a[i]
                    i += 1
                m += 1
            n = m
            swap = a
            a = b
            b = swap
            # A sounded h: first or after a vowel, before a vowel.
            for i in range(n):
                if a[i] == "h" and i + 1 < n and _vowel(a[i + 1]) and (i == 0 or _vowel(a[i - 1])):
                    a[i] = "j"
            # The letter table.
            m = 0
            for i in range(n):
                c = a[i]
                if c < 128:
                    code = cython.cast(cython.Py_ssize_t, c)
                    for k in range(self.table_len[code]):
                        b[m] = self.table_chars[2 * code + k]
                        m += 1
                else:
                    b[m] = c
                    m += 1
            n = _collapse(b, m)
            return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, b, n)
        finally:
            if heap:
                free(first_a)
                free(first_b)

    @cython.ccall
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def coarse(self, key: str) -> str:
        """``key`` (a transliteration key) without the vowels [aiu] after its first
        letter, runs of one letter made one."""
        n: cython.Py_ssize_t = len(key)
        if n <= 1:
            return key
        stack = cython.declare(cython.Py_UCS4[130])
        heap: cython.bint = n > 130
        a: cython.p_Py_UCS4 = stack
        if heap:
            a = cython.cast(cython.p_Py_UCS4, malloc(n * cython.sizeof(cython.Py_UCS4)))
            if a == cython.NULL:
                raise MemoryError
        m: cython.Py_ssize_t = 1
        i: cython.Py_ssize_t
        c: cython.Py_UCS4
        try:
            a[0] = key[0]
            for i in range(1, n):
                c = key[i]
                if c != "a" and c != "i" and c != "u":  # noqa: PLR1714 (C chars)
                    a[m] = c
                    m += 1
            m = _collapse(a, m)
            return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, a, m)
        finally:
            if heap:
                free(a)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _edit_similarity(s1: str, s2: str) -> cython.double:
    """rapidfuzz's ``Levenshtein.normalized_similarity(s1, s2)``: see :func:`normalized_similarity`."""
    longer: cython.Py_ssize_t = max(len(s1), len(s2))
    if longer == 0:
        return 1.0
    distance: cython.Py_ssize_t = _edit_distance(s1, s2)
    return 1.0 - cython.cast(cython.double, distance) / cython.cast(cython.double, longer)


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(-1)
def _edit_distance(s1: str, s2: str) -> cython.Py_ssize_t:
    """rapidfuzz's ``Levenshtein.distance(s1, s2)`` (unit weights): bit-parallel where the
    shorter string has at most 64 code points (:func:`_edit_distance_bits`), else by the
    dynamic programme (:func:`_edit_distance_dp`). Both give the distance itself."""
    n1: cython.Py_ssize_t = len(s1)
    n2: cython.Py_ssize_t = len(s2)
    one_byte: cython.bint = (
        PyUnicode_KIND(s1) == PyUnicode_1BYTE_KIND and PyUnicode_KIND(s2) == PyUnicode_1BYTE_KIND
    )
    if n1 <= n2:
        if n1 <= 64:
            if one_byte:
                return _edit_distance_bytes(PyUnicode_1BYTE_DATA(s1), n1, PyUnicode_1BYTE_DATA(s2), n2)
            return _edit_distance_bits(s1, s2)
    elif n2 <= 64:
        if one_byte:
            return _edit_distance_bytes(PyUnicode_1BYTE_DATA(s2), n2, PyUnicode_1BYTE_DATA(s1), n1)
        return _edit_distance_bits(s2, s1)
    return _edit_distance_dp(s1, s2)


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _myers_step(x: cython.ulonglong, last: cython.ulonglong, v: cython.p_ulonglong) -> cython.int:
    """One letter of Myers' bit-parallel edit distance, whose letter masks give ``x``: the
    vertical deltas ``v`` (positive, negative) are updated and the change of the distance
    in the last row returned."""
    d0: cython.ulonglong = (((x & v[0]) + v[0]) ^ v[0]) | x | v[1]
    hp: cython.ulonglong = v[1] | ~(d0 | v[0])
    hn: cython.ulonglong = d0 & v[0]
    change: cython.int = 0
    if hp & last:
        change += 1
    if hn & last:
        change -= 1
    hp = (hp << 1) | 1
    hn = hn << 1
    v[0] = hn | ~(d0 | hp)
    v[1] = hp & d0
    return change


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(check=False)
def _edit_distance_bytes(
    pattern: cython.p_uchar, m: cython.Py_ssize_t, text: cython.p_uchar, n: cython.Py_ssize_t
) -> cython.Py_ssize_t:
    """:func:`_edit_distance_bits` of two strings of one byte a letter (Latin-1: the words
    of names, nearly always), read from their buffers, every letter's mask in one table."""
    if m == 0:
        return n
    masks = cython.declare(cython.ulonglong[256])
    i: cython.Py_ssize_t
    for i in range(n):
        masks[text[i]] = 0
    for i in range(m):
        masks[pattern[i]] = 0
    for i in range(m):
        masks[pattern[i]] |= cython.cast(cython.ulonglong, 1) << i
    v = cython.declare(cython.ulonglong[2])  # the vertical deltas, positive and negative
    v[0] = ~cython.cast(cython.ulonglong, 0)
    v[1] = 0
    last: cython.ulonglong = cython.cast(cython.ulonglong, 1) << (m - 1)
    distance: cython.Py_ssize_t = m
    x: cython.ulonglong
    for i in range(n):
        x = masks[text[i]]
        distance += _myers_step(x, last, v)
    return distance


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(-1)
def _edit_distance_bits(pattern: str, text: str) -> cython.Py_ssize_t:
    """The Levenshtein distance of ``pattern`` (at most 64 code points) and ``text`` by
    Hyyro's bit-parallel method (rapidfuzz's own for short strings): a column of the
    dynamic programme held as bit vectors of its vertical differences, one step a letter of
    ``text``. ASCII letters' masks sit in a table indexed by code (only the entries of the
    two strings' letters are written, so none is read unset); the few others are looked up
    in a list of (letter, mask)."""
    m: cython.Py_ssize_t = len(pattern)
    n: cython.Py_ssize_t = len(text)
    if m == 0:
        return n
    masks = cython.declare(cython.ulonglong[128])
    other = cython.declare(cython.Py_UCS4[64])
    other_masks = cython.declare(cython.ulonglong[64])
    n_other: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    c: cython.Py_UCS4
    bit: cython.ulonglong
    for c in text:
        if c < 128:
            masks[c] = 0
    for c in pattern:
        if c < 128:
            masks[c] = 0
    for i in range(m):
        c = pattern[i]
        bit = cython.cast(cython.ulonglong, 1) << i
        if c < 128:
            masks[c] |= bit
        else:
            for k in range(n_other):
                if other[k] == c:
                    other_masks[k] |= bit
                    break
            else:
                other[n_other] = c
                other_masks[n_other] = bit
                n_other += 1
    v = cython.declare(cython.ulonglong[2])  # the vertical deltas, positive and negative
    v[0] = ~cython.cast(cython.ulonglong, 0)
    v[1] = 0
    last: cython.ulonglong = cython.cast(cython.ulonglong, 1) << (m - 1)
    distance: cython.Py_ssize_t = m
    x: cython.ulonglong
    for c in text:
        if c < 128:
            x = masks[c]
        else:
            x = 0
            for k in range(n_other):
                if other[k] == c:
                    x = other_masks[k]
                    break
        distance += _myers_step(x, last, v)
    return distance


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(-1)
def _edit_distance_dp(s1: str, s2: str) -> cython.Py_ssize_t:
    """rapidfuzz's ``Levenshtein.distance(s1, s2)`` (unit weights), by the dynamic programme
    over code points."""
    n1: cython.Py_ssize_t = len(s1)
    n2: cython.Py_ssize_t = len(s2)
    stack: cython.Py_ssize_t[65]
    letters: cython.Py_UCS4[64]
    row: cython.p_Py_ssize_t = stack  # noqa: F821 (a C array, declared above)
    second: cython.p_Py_UCS4 = letters  # noqa: F821 (the letters of s2, read once)
    if n2 + 1 > 65:
        row = cython.cast(cython.p_Py_ssize_t, malloc((n2 + 1) * cython.sizeof(cython.Py_ssize_t)))
        second = cython.cast(cython.p_Py_UCS4, malloc(n2 * cython.sizeof(cython.Py_UCS4)))
        if row == cython.NULL or second == cython.NULL:  # noqa: PLR1714 (C pointers)
            free(row)
            free(second)
            raise MemoryError
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    diagonal: cython.Py_ssize_t
    above: cython.Py_ssize_t
    best: cython.Py_ssize_t
    c: cython.Py_UCS4
    for j in range(n2):
        second[j] = s2[j]
    for j in range(n2 + 1):
        row[j] = j
    for i in range(1, n1 + 1):
        c = s1[i - 1]
        diagonal = row[0]
        row[0] = i
        for j in range(1, n2 + 1):
            above = row[j]
            best = diagonal if c == second[j - 1] else diagonal + 1
            best = min(best, above + 1)
            best = min(best, row[j - 1] + 1)
            row[j] = best
            diagonal = above
    distance: cython.Py_ssize_t = row[n2]
    if row != stack:  # noqa: F821
        free(row)
        free(second)
    return distance


def normalized_similarity(s1: str, s2: str) -> cython.double:
    """rapidfuzz's ``Levenshtein.normalized_similarity(s1, s2)`` (unit weights, no
    processor, no cutoff), the same arithmetic: 1 - distance / the longer length, 1 for two
    empty strings. The dynamic programme over code points is quicker than the call into
    rapidfuzz for the short words of names (``canonym.similarity`` uses it compiled)."""
    return _edit_similarity(s1, s2)


@cython.cfunc
@cython.inline
def _unvoiced(c: cython.Py_UCS4) -> cython.Py_UCS4:
    """c with g, d, b made k, t, p (``similarity._UNVOICE``)."""
    if c == "g":
        return "k"
    if c == "d":
        return "t"
    if c == "b":
        return "p"
    return c


@cython.cfunc
@cython.inline
def _mp_vowel(c: cython.Py_UCS4) -> cython.bint:
    """c in [aeiou] (the metaphone's vowels: y is none)."""
    return c == "a" or c == "e" or c == "i" or c == "o" or c == "u"  # noqa: PLR1714


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(check=False)
def _metaphone(word: str, out: cython.p_Py_UCS4) -> cython.Py_ssize_t:
    """jellyfish's ``metaphone(word)`` written into ``out`` (room for 130 letters), its
    length; -1 (nothing written) for a word of more than 64 letters or with a letter
    outside [a-z], which the caller hands to jellyfish itself. The rules are Lawrence
    Philips's as jellyfish applies them (to the word upper-cased, which leaves [a-z] as
    they are but for the case): a leading kn, gn, pn, wr or ae loses its first letter; a
    letter written twice counts once (but c); then one rule a letter, reading the two
    letters after it (``0`` past the end). A test holds it equal to jellyfish on every word
    of up to four letters and on random longer ones."""
    n: cython.Py_ssize_t = len(word)
    if n > 64:
        return -1
    v = cython.declare(cython.Py_UCS4[66])
    i: cython.Py_ssize_t
    c: cython.Py_UCS4
    if PyUnicode_KIND(word) != PyUnicode_1BYTE_KIND:
        return -1  # a letter past U+00FF: none of [a-z]
    letters: cython.p_uchar = PyUnicode_1BYTE_DATA(word)
    for i in range(n):
        c = letters[i]
        if c < "a" or c > "z":
            return -1
        v[i] = c
    v[n] = 0
    v[n + 1] = 0
    start: cython.Py_ssize_t = 0
    if n >= 2 and (
        (v[1] == "n" and (v[0] == "k" or v[0] == "g" or v[0] == "p"))
        or (v[0] == "w" and v[1] == "r")
        or (v[0] == "a" and v[1] == "e")
    ):
        start = 1
    p: cython.p_Py_UCS4 = v + start  # the word from here, i its positions
    n -= start
    m: cython.Py_ssize_t = 0
    ch: cython.Py_UCS4
    nx: cython.Py_UCS4
    nn: cython.Py_UCS4
    i = 0
    while i < n:
        ch = p[i]
        nx = p[i + 1] if i + 1 < n else 0
        nn = p[i + 2] if i + 2 < n else 0
        if ch == nx and ch != "c":
            i += 1
            continue
        if _mp_vowel(ch):
            if i == 0:
                out[m] = cython.cast(cython.Py_UCS4, cython.cast(cython.int, ch) - 32)
                m += 1
        elif ch == "b":
            if i == 0 or p[i - 1] != "m" or nx != 0:
                out[m] = "B"
                m += 1
        elif ch == "c":
            if (nx == "i" and nn == "a") or nx == "h":
                i += 1
                out[m] = "X"
            elif _front(nx):
                i += 1
                out[m] = "S"
            else:
                out[m] = "K"
            m += 1
        elif ch == "d":
            if nx == "g" and _front(nn):
                i += 2
                out[m] = "J"
            else:
                out[m] = "T"
            m += 1
        elif (
            ch == "f" or ch == "j" or ch == "l" or ch == "m" or ch == "n" or ch == "r"  # noqa: PLR1714 (C chars)
        ):
            out[m] = cython.cast(cython.Py_UCS4, cython.cast(cython.int, ch) - 32)
            m += 1
        elif ch == "g":
            if _front(nx):
                out[m] = "J"
                m += 1
            elif (nx == "h" and not _mp_vowel(nn)) or (nx == "n" and nn == 0):
                i += 1
            else:
                out[m] = "K"
                m += 1
        elif ch == "h":
            if i == 0 or _mp_vowel(nx) or not _mp_vowel(p[i - 1]):
                out[m] = "H"
                m += 1
        elif ch == "k":
            if i == 0 or p[i - 1] != "c":
                out[m] = "K"
                m += 1
        elif ch == "p":
            if nx == "h":
                i += 1
                out[m] = "F"
            else:
                out[m] = "P"
            m += 1
        elif ch == "q":
            out[m] = "K"
            m += 1
        elif ch == "s":
            if nx == "h":
                i += 1
                out[m] = "X"
            elif nx == "i" and (nn == "o" or nn == "a"):  # noqa: PLR1714 (C chars)
                i += 2
                out[m] = "X"
            else:
                out[m] = "S"
            m += 1
        elif ch == "t":
            if nx == "i" and (nn == "o" or nn == "a"):  # noqa: PLR1714 (C chars)
                out[m] = "X"
                m += 1
            elif nx == "h":
                i += 1
                out[m] = "0"
                m += 1
            elif nx != "c" or nn != "h":
                out[m] = "T"
                m += 1
        elif ch == "v":
            out[m] = "F"
            m += 1
        elif ch == "w":
            if i == 0 and nx == "h":
                i += 1
                out[m] = "W"
                m += 1
            elif _mp_vowel(nx):
                out[m] = "W"
                m += 1
        elif ch == "x":
            if i == 0:
                if nx == "h" or (nx == "i" and (nn == "o" or nn == "a")):  # noqa: PLR1714
                    out[m] = "X"
                else:
                    out[m] = "S"
                m += 1
            else:
                out[m] = "K"
                out[m + 1] = "S"
                m += 2
        elif ch == "y":
            if _mp_vowel(nx):
                out[m] = "Y"
                m += 1
        elif ch == "z":
            out[m] = "S"
            m += 1
        i += 1
    return m


def metaphone_code(word: str) -> str:
    """jellyfish's ``metaphone(word)``, worked out in C where ``word`` is at most 64 letters
    of [a-z] (:func:`_metaphone`), else by jellyfish."""
    out = cython.declare(cython.Py_UCS4[130])
    m: cython.Py_ssize_t = _metaphone(word, out)
    if m < 0:
        import jellyfish  # noqa: PLC0415 (loaded already: canonym.phonetic imports it)

        return jellyfish.metaphone(word)
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, m)


_MEMO: cython.Py_ssize_t = 1 << 16
# How the source language enters the word rules (WordRules.kind).
_PLAIN = cython.declare(cython.int, 0)
_ABJAD = cython.declare(cython.int, 1)
_SYLLABIC = cython.declare(cython.int, 2)
"""Words a table of ``WordRules`` keeps before it starts again."""
_EXACT: tuple = (1.0, "exact")
"""``word_similarity`` of a word and itself."""


# Odd 64-bit constants that mix a word pair's hashes (the golden ratio's, splitmix64's).
_GOLDEN = cython.declare(cython.ulonglong, 0x9E3779B97F4A7C15)
_SPREAD = cython.declare(cython.ulonglong, 0xBF58476D1CE4E5B9)


# One word pair's answer kept by WordRules: the pair's code (its words' hashes mixed, the
# kind of language in bits 1-2, bit 0 set: 0 marks an empty slot), the two words and the
# answer (each a reference the table owns).
_Kept = cython.struct(
    code=cython.ulonglong,
    q=cython.pointer(PyObject),
    a=cython.pointer(PyObject),
    answer=cython.pointer(PyObject),
)


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _equal(a: str, b: str) -> cython.bint:
    """``a == b`` for two strings, without a three-way comparison: the same length, the
    same kind (a string is stored in the narrowest kind that holds its letters, so equal
    strings share it, as CPython's own equality assumes) and the same bytes."""
    if a is b:
        return True
    n: cython.Py_ssize_t = len(a)
    if n != len(b) or PyUnicode_KIND(a) != PyUnicode_KIND(b):
        return False
    return memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), n * PyUnicode_KIND(a)) == 0


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _same_word(kept: cython.pointer(PyObject), word: str) -> cython.bint:
    """Whether the word a slot holds is ``word`` (the same object, or an equal string)."""
    if kept == cython.cast(cython.pointer(PyObject), word):
        return True
    other: str = cython.cast(str, cython.cast(object, kept))
    return _equal(other, word)


@cython.cclass
class WordRules:
    """:func:`canonym.similarity.word_similarity`'s rules in C types, in the same order
    with the same arithmetic; ``similarity._word_similarity`` is the reference (a
    hypothesis test holds the two equal). It is built from the lexicon's tables, the key
    functions of :mod:`canonym.phonetic` (or the transliteration kernel that computes them
    in C) and the metaphone, and the syllabary's rule of :mod:`canonym.scripts`. The pairing of
    words calls :meth:`pair` from C, with the keys the analysed names already hold, and
    keeps every pair's answer, as ``word_similarity``'s cache does."""

    given: object
    # ``given`` as a dictionary read in C (itself, or a copy of the lexicon's read-only
    # view, which nothing changes once the lexicon is built), or None for another mapping.
    given_table: dict
    suffixes: frozenset
    abjad: frozenset
    key: object
    coarse: object
    metaphone: object
    # ``key`` and ``coarse`` computed in C, where the transliteration kernel is given:
    # ``translit.key(word)`` is ``key(word)`` and ``translit.coarse(key(word))`` is
    # ``coarse(word)`` (phonetic.translit_key and coarse_key, compiled, are those calls).
    translit: Transliterator
    # The keys and coarse keys of the words seen, and the metaphone codes of those the C
    # metaphone does not read (other letters than a-z, or longer than 64), read by a
    # dictionary look-up in C rather than a call through functools' cache each time (each
    # table emptied at _MEMO words).
    keys: dict
    coarse_keys: dict
    codes: dict
    # The answers of word pairs, (similarity, rule), by the two words and how the language
    # enters the rules (outside the abjad languages, in them, a syllabary's readings): an
    # open-addressing hash table in C (linear probing) of ``kept_size`` slots (a power of
    # two, doubled while it is more than half full and smaller than twice ``memo``), emptied
    # at ``memo`` pairs (``paired``).
    kept: cython.pointer(_Kept)
    kept_size: cython.Py_ssize_t
    paired: cython.Py_ssize_t
    memo: cython.Py_ssize_t
    # The syllabaries' languages and the rule their readings are compared by
    # (``scripts.syllabary_rule``, in Python).
    syllabary: frozenset
    syllabic: object
    # Whether ``metaphone`` is jellyfish's (``phonetic.metaphone`` is): then two words'
    # codes are worked out and compared in C (:func:`_metaphone`), no string made or kept.
    c_codes: cython.bint

    def __init__(  # noqa: PLR0917 (the tables, in the order the rules read them)
        self,
        given: object,
        suffixes: frozenset,
        abjad: frozenset,
        key: object,
        coarse: object,
        metaphone: object,
        memo: cython.Py_ssize_t,
        syllabary: frozenset = frozenset(),
        syllabic: object = None,
        translit: Transliterator = None,
    ) -> None:
        self.given = given
        self.given_table = (
            given if type(given) is dict else dict(given) if type(given) is MappingProxyType else None
        )
        self.translit = translit
        self.suffixes = suffixes
        self.abjad = abjad
        self.key = key
        self.coarse = coarse
        self.metaphone = metaphone
        import jellyfish  # noqa: PLC0415 (once, when the rules are built)

        from canonym.phonetic import metaphone as jellyfish_code  # noqa: PLC0415 (it imports this module)

        # (phonetic.metaphone is jellyfish's code; a test holds the C codes equal to it.)
        self.c_codes = metaphone is jellyfish.metaphone or metaphone is jellyfish_code
        self.keys = {}
        self.coarse_keys = {}
        self.codes = {}
        self._forget()
        free(self.kept)
        self.kept_size = 1024
        self.kept = cython.cast(cython.pointer(_Kept), calloc(self.kept_size, cython.sizeof(_Kept)))
        if self.kept == cython.NULL:
            raise MemoryError
        self.paired = 0
        self.memo = min(max(memo, 1), 1 << 40)  # 2 * memo, the table's bound, must not overflow
        self.syllabary = syllabary
        self.syllabic = syllabic

    def __dealloc__(self) -> None:
        self._forget()
        free(self.kept)

    @cython.cfunc
    def _memo(self, table: dict, function: object, word: str) -> str:
        """``function(word)`` (a pure function), kept in ``table``."""
        found = table.get(word)
        if found is None:
            found = function(word)
            if len(table) >= _MEMO:
                table.clear()
            table[word] = found
        return found

    @cython.cfunc
    def _key_of(self, word: str) -> str:
        """``key(word)``, kept; computed in C where the transliteration kernel is given
        (the words of a compound's joined run are new more often than not)."""
        if self.translit is None:
            return self._memo(self.keys, self.key, word)
        found = self.keys.get(word)
        if found is None:
            found = self.translit.key(word)
            if len(self.keys) >= _MEMO:
                self.keys.clear()
            self.keys[word] = found
        return found

    @cython.cfunc
    def _coarse_of(self, word: str) -> str:
        """``coarse(word)``, kept; from the word's key in C where the kernel is given."""
        if self.translit is None:
            return self._memo(self.coarse_keys, self.coarse, word)
        found = self.coarse_keys.get(word)
        if found is None:
            found = self.translit.coarse(self._key_of(word))
            if len(self.coarse_keys) >= _MEMO:
                self.coarse_keys.clear()
            self.coarse_keys[word] = found
        return found

    def similarity(self, q_word: str, a_word: str, source_lang: object) -> tuple:
        """(similarity, rule) of two normalised words, as ``word_similarity`` gives them."""
        kind: cython.int = self.kind(source_lang)
        if kind == _SYLLABIC:
            return self.pair(q_word, a_word, None, None, None, None, kind)
        return self._rules(q_word, a_word, None, None, None, None, kind == _ABJAD)

    @cython.cfunc
    def kind(self, source_lang: object) -> cython.int:
        """How ``source_lang`` enters the rules: written in a syllabary (:data:`_SYLLABIC`),
        in an abjad (:data:`_ABJAD`) or neither (:data:`_PLAIN`)."""
        if source_lang in self.syllabary:
            return _SYLLABIC
        return _ABJAD if source_lang in self.abjad else _PLAIN

    @cython.cfunc
    def _forget(self) -> cython.void:
        """Empty the table of word pairs' answers (its references let go)."""
        k: cython.Py_ssize_t
        slot: cython.pointer(_Kept)
        if self.kept == cython.NULL:
            return
        # Let go only once the table is empty: the last reference to an answer may run
        # Python code (a __del__) that pairs words again.
        held: list = []
        for k in range(self.kept_size):
            slot = self.kept + k
            if slot.code != 0:
                held.append(cython.cast(object, slot.q))
                held.append(cython.cast(object, slot.a))
                held.append(cython.cast(object, slot.answer))
                Py_XDECREF(slot.q)
                Py_XDECREF(slot.a)
                Py_XDECREF(slot.answer)
        memset(self.kept, 0, self.kept_size * cython.sizeof(_Kept))
        self.paired = 0
        del held

    @cython.cfunc
    @cython.exceptval(check=False)
    def _slot(self, q_word: str, a_word: str, code: cython.ulonglong) -> cython.pointer(_Kept):
        """The slot holding the pair's answer, or the empty slot where it goes."""
        mask: cython.ulonglong = cython.cast(cython.ulonglong, self.kept_size - 1)
        at: cython.ulonglong = (code >> 3) & mask
        slot: cython.pointer(_Kept)
        while True:
            slot = self.kept + at
            if slot.code == 0 or (
                slot.code == code and _same_word(slot.q, q_word) and _same_word(slot.a, a_word)
            ):
                return slot
            at = (at + 1) & mask

    @cython.cfunc
    def _grow(self) -> cython.void:
        """Double the table, its entries moved (no reference taken or let go)."""
        old: cython.pointer(_Kept) = self.kept
        size: cython.Py_ssize_t = self.kept_size
        grown: cython.pointer(_Kept) = cython.cast(
            cython.pointer(_Kept), calloc(2 * size, cython.sizeof(_Kept))
        )
        if grown == cython.NULL:
            raise MemoryError
        mask: cython.ulonglong = cython.cast(cython.ulonglong, 2 * size - 1)
        k: cython.Py_ssize_t
        at: cython.ulonglong
        for k in range(size):
            if old[k].code != 0:
                at = (old[k].code >> 3) & mask
                while grown[at].code != 0:
                    at = (at + 1) & mask
                grown[at] = old[k]
        self.kept = grown
        self.kept_size = 2 * size
        free(old)

    @cython.cfunc
    def pair(  # noqa: PLR0917 (two words, their keys and coarse keys, the language)
        self,
        q_word: str,
        a_word: str,
        q_key: object,
        a_key: object,
        q_coarse: object,
        a_coarse: object,
        kind: cython.int,
    ) -> tuple:
        """:meth:`similarity` of two words, kept for the next time the same two meet
        (``kind``: how the source language enters the rules, :meth:`kind`; a syllabary's
        reading takes the rules without a language, then the syllabary's, ``syllabic``). The
        keys and coarse keys are the words' own (``phonetic.translit_key`` and ``coarse_key``
        of them), or None to work them out."""
        if _equal(q_word, a_word):
            return _EXACT
        return self._pair(q_word, a_word, hash(q_word), hash(a_word), q_key, a_key, q_coarse, a_coarse, kind)

    @cython.cfunc
    def _pair(  # noqa: PLR0917 (two different words, their hashes, keys and coarse keys, the language)
        self,
        q_word: str,
        a_word: str,
        q_hash: cython.Py_hash_t,
        a_hash: cython.Py_hash_t,
        q_key: object,
        a_key: object,
        q_coarse: object,
        a_coarse: object,
        kind: cython.int,
    ) -> tuple:
        """:meth:`pair` of two words that differ, their hashes given (worked out once a
        word by :func:`pair_words`)."""
        code: cython.ulonglong = cython.cast(cython.ulonglong, q_hash) * _GOLDEN
        code ^= cython.cast(cython.ulonglong, a_hash) + _GOLDEN + (code << 6) + (code >> 2)
        code ^= code >> 29
        code *= _SPREAD
        code ^= code >> 32
        code = (code << 3) | (cython.cast(cython.ulonglong, kind) << 1) | 1
        slot: cython.pointer(_Kept) = self._slot(q_word, a_word, code)
        if slot.code != 0:
            return cython.cast(tuple, cython.cast(object, slot.answer))
        result: tuple = self._rules(q_word, a_word, q_key, a_key, q_coarse, a_coarse, kind == _ABJAD)
        if kind == _SYLLABIC:
            result = self.syllabic(q_word, a_word, result)
        # The slot found again: the rules may call Python code (the syllabary's rule, a
        # metaphone), which could have changed the table meanwhile.
        if self.paired >= self.memo:
            self._forget()
        elif 2 * (self.paired + 1) > self.kept_size and self.kept_size < 2 * self.memo:
            self._grow()
        slot = self._slot(q_word, a_word, code)
        if slot.code != 0:
            return result
        Py_INCREF(q_word)
        Py_INCREF(a_word)
        Py_INCREF(result)
        slot.q = cython.cast(cython.pointer(PyObject), q_word)
        slot.a = cython.cast(cython.pointer(PyObject), a_word)
        slot.answer = cython.cast(cython.pointer(PyObject), result)
        slot.code = code
        self.paired += 1
        return result

    @cython.cfunc
    @cython.exceptval(-1)
    def _same_codes(self, q_word: str, a_word: str) -> cython.int:
        """Whether the two words' metaphone codes are equal: compared in C where
        ``c_codes`` and both words are short words of [a-z], else the codes asked of
        ``metaphone`` (kept in ``codes``)."""
        q_code = cython.declare(cython.Py_UCS4[130])
        a_code = cython.declare(cython.Py_UCS4[130])
        nq: cython.Py_ssize_t
        na: cython.Py_ssize_t
        if self.c_codes:
            nq = _metaphone(q_word, q_code)
            if nq >= 0:
                na = _metaphone(a_word, a_code)
                if na >= 0:
                    return nq == na and memcmp(q_code, a_code, nq * cython.sizeof(cython.Py_UCS4)) == 0
        codes: dict = self.codes
        return self._memo(codes, self.metaphone, q_word) == self._memo(codes, self.metaphone, a_word)

    @cython.cfunc
    def _rules(  # noqa: PLR0917 (two words, their keys and coarse keys, the language)
        self,
        q_word: str,
        a_word: str,
        q_key: object,
        a_key: object,
        q_coarse: object,
        a_coarse: object,
        abjad: cython.bint,
    ) -> tuple:
        """The rules, in ``similarity._word_similarity``'s order; a key or coarse key given
        as None is worked out (and kept)."""
        if _equal(q_word, a_word):
            return _EXACT
        nq: cython.Py_ssize_t = len(q_word)
        na: cython.Py_ssize_t = len(a_word)
        if nq == 1 or na == 1:
            return (0.8 if q_word[0] == a_word[0] else 0.0), "initial"
        qk: str = self._key_of(q_word) if q_key is None else q_key
        ak: str = self._key_of(a_word) if a_key is None else a_key
        kq: cython.Py_ssize_t = len(qk)
        ka: cython.Py_ssize_t = len(ak)
        if _equal(qk, ak):
            return (0.95 if kq >= 4 else 0.9), "transliteration"
        given: dict = self.given_table
        groups = given.get(q_word) if given is not None else self.given.get(q_word)
        if groups is not None and not groups.isdisjoint(
            given.get(a_word, ()) if given is not None else self.given.get(a_word, ())
        ):
            return 0.9, "given_name"
        i: cython.Py_ssize_t
        if kq >= 3 and kq == ka:
            for i in range(kq):
                if _unvoiced(qk[i]) != _unvoiced(ak[i]):
                    break
            else:
                return 0.85, "voicing"
        shorter: str = q_word
        longer: str = a_word
        ns: cython.Py_ssize_t = nq
        if nq > na:
            shorter, longer, ns = a_word, q_word, na
        for i in range(ns):
            if shorter[i] != longer[i]:
                break
        else:
            if longer[ns:] in self.suffixes:
                return 0.9, "suffix"
        spelling: cython.double = _edit_similarity(qk, ak)
        spelling = max(spelling, _edit_similarity(q_word, a_word))
        qc: str = self._coarse_of(q_word) if q_coarse is None else q_coarse
        ac: str = self._coarse_of(a_word) if a_coarse is None else a_coarse
        floor: cython.double
        if _equal(qc, ac) and len(qc) >= 3 and abs(kq - ka) <= 2:
            floor = 0.5 if abjad else 0.6
            if spelling >= floor:
                floor = 0.85 if abjad else 0.8
                return (spelling if spelling >= floor else floor), "vowels"
        if min(nq, na) >= 3 and spelling < 0.78 and self._same_codes(q_word, a_word):
            return 0.78, "metaphone"
        return (spelling if spelling <= 0.9 else 0.9), "spelling"


@cython.ccall
def pair_words(  # noqa: PLR0917 (features._pair_words's arguments and its constants)
    query: object,
    alias: object,
    rules: WordRules,
    source_lang: object,
    least: cython.double,
    link: object,
) -> list:
    """``canonym.features._pair_words`` over C arrays: every word pair's similarity
    (``rules.pair``, ``word_similarity``'s rules with the names' own keys), the pairs above
    ``least`` sorted most similar first, ties to the earlier words (a stable sort of pairs
    made in that order), then taken greedily one to one, each as ``link((i,), (j,),
    similarity, rule)``, or as the plain tuple of those where ``link`` is None (as
    :class:`Comparer` calls it from C: the links never leave it)."""
    return _pairs(
        query.words,
        alias.words,
        query.keys,
        alias.keys,
        query.coarse,
        alias.coarse,
        rules,
        rules.kind(source_lang),
        least,
        link,
    )


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
def _pairs(  # noqa: PLR0917 (two names' words, keys and coarse keys; the rules, the language, the constants)
    q_words: tuple,
    a_words: tuple,
    q_keys: tuple,
    a_keys: tuple,
    q_coarse: tuple,
    a_coarse: tuple,
    rules: WordRules,
    kind: cython.int,
    least: cython.double,
    link: object,
) -> list:
    """:func:`pair_words` of two names given by their words, keys and coarse keys, the
    language as ``rules.kind`` gives it (a caller that reads them once passes them on)."""
    nq: cython.Py_ssize_t = len(q_words)
    na: cython.Py_ssize_t = len(a_words)
    out: list = []
    if nq == 0 or na == 0:
        return out
    # (The keys and coarse keys are read by position: one of each a word.)
    if len(q_keys) != nq or len(q_coarse) != nq or len(a_keys) != na or len(a_coarse) != na:
        raise ValueError("a name holds one key and one coarse key a word")
    lone_letter: cython.bint = (nq == 1 and len(q_words[0]) == 1) or (na == 1 and len(a_words[0]) == 1)
    size: cython.Py_ssize_t = nq * na
    # One block: each pair's similarity, its place and its place in the order (size each),
    # each alias word's hash (na), and whether a word is taken (nq + na chars, last).
    block: cython.p_char = cython.cast(
        cython.p_char,
        malloc(
            size * (cython.sizeof(cython.double) + 2 * cython.sizeof(cython.int))
            + na * cython.sizeof(cython.Py_hash_t)
            + nq
            + na
        ),
    )
    if block == cython.NULL:
        raise MemoryError
    sims: cython.p_double = cython.cast(cython.p_double, block)
    a_hash: cython.pointer(cython.Py_hash_t) = cython.cast(cython.pointer(cython.Py_hash_t), sims + size)
    at: cython.p_int = cython.cast(cython.p_int, a_hash + na)
    index: cython.p_int = at + size
    used: cython.p_char = cython.cast(cython.p_char, index + size)
    memset(used, 0, nq + na)
    found: list = []  # the (similarity, rule) pairs kept, in the order made
    n: cython.Py_ssize_t = 0
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    k: cython.Py_ssize_t
    sim: cython.double
    swap_sim: cython.double
    swap_at: cython.int
    result: tuple
    qw: str
    aw: str
    q_hash: cython.Py_hash_t
    try:
        # Each word's hash, worked out once: words of different hashes differ.
        for j in range(na):
            a_hash[j] = hash(a_words[j])
        for i in range(nq):
            qw = q_words[i]
            q_hash = hash(qw)
            for j in range(na):
                aw = a_words[j]
                if q_hash == a_hash[j] and _equal(qw, aw):
                    result = _EXACT
                else:
                    result = rules._pair(
                        qw, aw, q_hash, a_hash[j], q_keys[i], a_keys[j], q_coarse[i], a_coarse[j], kind
                    )
                sim = result[0]
                if sim > least and not (lone_letter and result[1] == "initial"):
                    sims[n] = sim
                    at[n] = cython.cast(cython.int, i * na + j)
                    found.append(result)
                    n += 1
        # Insertion sort, most similar first; stable, so equals keep the order (i, j).
        for k in range(n):
            index[k] = cython.cast(cython.int, k)
        for k in range(1, n):
            swap_sim = sims[k]
            swap_at = index[k]
            i = k
            while i > 0 and sims[i - 1] < swap_sim:
                sims[i] = sims[i - 1]
                index[i] = index[i - 1]
                i -= 1
            sims[i] = swap_sim
            index[i] = swap_at
        for k in range(n):
            i = at[index[k]] // na
            j = at[index[k]] % na
            if not used[i] and not used[nq + j]:
                used[i] = 1
                used[nq + j] = 1
                result = found[index[k]]
                if link is None:
                    out.append(((i,), (j,), result[0], result[1]))
                else:
                    out.append(link((i,), (j,), result[0], result[1]))
    finally:
        free(block)
    return out


@cython.cfunc
def _mark(
    flags: cython.p_char, n: cython.Py_ssize_t, links: list, side: cython.int, close: cython.double
) -> cython.void:
    """Set ``flags[k]`` for each word ``k`` of one side (0: the query's, 1: the alias's) in
    a link at least ``close``."""
    k: cython.Py_ssize_t
    m: cython.Py_ssize_t
    lk: tuple
    run: tuple
    for k in range(n):
        flags[k] = 0
    for one in links:
        if not isinstance(one, tuple):  # a link: two runs, a similarity, a rule (a named tuple)
            raise TypeError(f"a link is a tuple, not {type(one).__name__}")
        lk = cython.cast(tuple, one)
        if cython.cast(cython.double, lk[2]) >= close:
            run = lk[side]
            for m in range(len(run)):
                k = run[m]
                flags[k] = 1


@cython.ccall
def join_compounds(  # noqa: PLR0917 (features._join_compounds's arguments and its constants)
    links: list,
    query: object,
    alias: object,
    rules: WordRules,
    source_lang: object,
    close: cython.double,
    link: object,
) -> list:
    """``canonym.features._join_compounds`` over C flags: a word of four letters or more
    left without a close partner (similarity ``close`` or more) matched to the run of two
    or three such words on the other side written apart that is most similar to it (the
    first of equals: words in order, runs of two before runs of three, each from the
    left), the query's words first, then the alias's, twice each; each match replaces the
    links of the words it takes with ``link(q, a, similarity, "compound")`` (a plain tuple
    where ``link`` is None). Called from C by :class:`Comparer`."""
    return _compounds(
        links,
        query.words,
        alias.words,
        query.keys,
        alias.keys,
        query.coarse,
        alias.coarse,
        rules,
        rules.kind(source_lang),
        close,
        link,
    )


@cython.cfunc
def _compounds(  # noqa: PLR0917 (the links; two names' words, keys and coarse keys; the rules, the language, the constants)
    links: list,
    q_words: tuple,
    a_words: tuple,
    q_keys: tuple,
    a_keys: tuple,
    q_coarse: tuple,
    a_coarse: tuple,
    rules: WordRules,
    kind: cython.int,
    close: cython.double,
    link: object,
) -> list:
    """:func:`join_compounds` of two names given by their words, keys and coarse keys, the
    language as ``rules.kind`` gives it."""
    nq: cython.Py_ssize_t = len(q_words)
    na: cython.Py_ssize_t = len(a_words)
    q_free: cython.Py_ssize_t = nq
    a_free: cython.Py_ssize_t = na
    lk: tuple
    for one in links:
        if not isinstance(one, tuple):  # a link: two runs, a similarity, a rule (a named tuple)
            raise TypeError(f"a link is a tuple, not {type(one).__name__}")
        lk = cython.cast(tuple, one)
        if cython.cast(cython.double, lk[2]) >= close:
            q_free -= len(lk[0])
            a_free -= len(lk[1])
    if min(q_free, a_free) < 1 or max(q_free, a_free) < 2:
        return links  # a compound needs a free word on one side and two on the other
    strong_one: cython.p_char = cython.cast(cython.p_char, malloc(max(nq, na) * cython.sizeof(cython.char)))
    strong_many: cython.p_char = cython.cast(cython.p_char, malloc(max(nq, na) * cython.sizeof(cython.char)))
    if strong_one == cython.NULL or strong_many == cython.NULL:  # noqa: PLR1714 (C pointers)
        free(strong_one)
        free(strong_many)
        raise MemoryError
    flip: cython.int
    n_one: cython.Py_ssize_t
    n_many: cython.Py_ssize_t
    side_one: cython.int
    side_many: cython.int
    attempt: cython.int
    i: cython.Py_ssize_t
    k: cython.Py_ssize_t
    size: cython.Py_ssize_t
    start: cython.Py_ssize_t
    free_words: cython.Py_ssize_t
    taken: cython.bint
    sim: cython.double
    best_sim: cython.double
    best_i: cython.Py_ssize_t
    best_start: cython.Py_ssize_t
    best_size: cython.Py_ssize_t
    best_value: object = None
    one_words: tuple
    one_keys: tuple
    one_coarse: tuple
    many_words: tuple
    kept: list
    runs: list
    try:
        for flip in range(2):
            one_words = a_words if flip else q_words
            one_keys = a_keys if flip else q_keys
            one_coarse = a_coarse if flip else q_coarse
            many_words = q_words if flip else a_words
            n_one = na if flip else nq
            n_many = nq if flip else na
            side_one = 1 if flip else 0
            side_many = 0 if flip else 1
            for attempt in range(2):  # noqa: B007 (a typed counter)
                _mark(strong_one, n_one, links, side_one, close)
                free_words = 0
                for i in range(n_one):
                    if not strong_one[i] and len(one_words[i]) >= 4:
                        free_words += 1
                if free_words == 0:
                    break  # no word to match to a run
                _mark(strong_many, n_many, links, side_many, close)
                # The runs free of close pairs: (start, size, the words joined).
                runs = []
                for size in range(2, 4):
                    for start in range(n_many - size + 1):
                        taken = False
                        for k in range(start, start + size):
                            if strong_many[k]:
                                taken = True
                        if not taken:
                            runs.append((start, size, "".join(many_words[start : start + size])))
                best_i = -1
                best_sim = 0.0
                best_start = 0
                best_size = 0
                for i in range(n_one):
                    if strong_one[i] or len(one_words[i]) < 4:
                        continue
                    word = one_words[i]
                    for start, size, joined in runs:
                        value = rules.pair(word, joined, one_keys[i], None, one_coarse[i], None, kind)[0]
                        sim = value
                        if sim >= close and (best_i < 0 or sim > best_sim):
                            best_i = i
                            best_sim = sim
                            best_start = start
                            best_size = size
                            best_value = value
                if best_i < 0:
                    break
                kept = []
                for one in links:
                    if not isinstance(one, tuple):  # (``link`` may make anything)
                        raise TypeError(f"a link is a tuple, not {type(one).__name__}")
                    lk = cython.cast(tuple, one)
                    taken = False
                    for k in lk[side_one]:
                        if k == best_i:
                            taken = True
                    for k in lk[side_many]:
                        if best_start <= k < best_start + best_size:
                            taken = True
                    if not taken:
                        kept.append(one)
                run = tuple(range(best_start, best_start + best_size))
                made = (
                    (run, (best_i,), best_value, "compound")
                    if flip
                    else ((best_i,), run, best_value, "compound")
                )
                kept.append(made if link is None else link(*made))
                links = kept
    finally:
        free(strong_one)
        free(strong_many)
    return links


@cython.cfunc
def _covers(links: list, roles: tuple, close: cython.double) -> cython.bint:
    """Whether every link is at least ``close`` and every query word but the titles
    (``roles``: the query's) is in one."""
    n: cython.Py_ssize_t = len(roles)
    k: cython.Py_ssize_t
    lk: tuple
    covered: cython.p_char = cython.cast(cython.p_char, calloc(max(n, 1), cython.sizeof(cython.char)))
    if covered == cython.NULL:
        raise MemoryError
    try:
        for one in links:
            if not isinstance(one, tuple):  # a link: two runs, a similarity, a rule
                raise TypeError(f"a link is a tuple, not {type(one).__name__}")
            lk = cython.cast(tuple, one)
            if cython.cast(cython.double, lk[2]) < close:
                return False
            for k in lk[0]:
                if 0 <= k < n:  # a word past the roles is never needed (nor in the array)
                    covered[k] = 1
        for k in range(n):  # noqa: SIM110 (a C loop over a C array)
            if not covered[k] and roles[k] != "title":
                return False
        return True
    finally:
        free(covered)


@cython.ccall
def explained(  # noqa: PLR0917 (features.explains's arguments and its constants)
    query: object,
    alias: object,
    rules: WordRules,
    source_lang: object,
    least: cython.double,
    close: cython.double,
) -> cython.bint:
    """``canonym.features._explained`` over plain tuples: whether the pairing of words
    (:func:`pair_words`), or where it leaves a query word without a close pair, the
    pairing with compounds joined (:func:`join_compounds`), pairs every query word but its
    titles, each pair at least ``close``."""
    q_words: tuple = query.words
    a_words: tuple = alias.words
    q_keys: tuple = query.keys
    a_keys: tuple = alias.keys
    q_coarse: tuple = query.coarse
    a_coarse: tuple = alias.coarse
    roles: tuple = query.roles
    kind: cython.int = rules.kind(source_lang)
    links: list = _pairs(q_words, a_words, q_keys, a_keys, q_coarse, a_coarse, rules, kind, least, None)
    if _covers(links, roles, close):
        return True
    # Compounds change the pairing only where a word has no close partner.
    links = _compounds(links, q_words, a_words, q_keys, a_keys, q_coarse, a_coarse, rules, kind, close, None)
    return _covers(links, roles, close)


@cython.cfunc
@cython.inline
def _least(a: cython.double, b: cython.double) -> cython.double:
    """Python's ``min(a, b)``: ``a`` unless ``b`` is smaller."""
    return b if b < a else a


@cython.cfunc
@cython.inline
def _most(a: cython.double, b: cython.double) -> cython.double:
    """Python's ``max(a, b)``: ``a`` unless ``b`` is larger."""
    return b if b > a else a


@cython.cfunc
@cython.inline
def _role_code(role: object) -> cython.char:
    """A word's role as a code: 0 a title, 1 a filler, 2 a (content) word, 3 any other."""
    if role == "word":
        return 2
    if role == "filler":
        return 1
    if role == "title":
        return 0
    return 3


@cython.cclass
class Weights:
    """A function of a word (``CandidateIndex.weight``, a word's rarity weight) with the
    value of each word it was asked for kept, read by :class:`Comparer` from C without a
    call; the table is emptied when it holds ``size`` words. Called from Python, it gives
    what ``function`` gives.

    (The reference is the function under ``functools.lru_cache``.)"""

    function: object
    known: dict
    size: cython.Py_ssize_t

    def __init__(self, function: object, size: cython.Py_ssize_t) -> None:
        self.function = function
        self.known = {}
        self.size = size

    @cython.cfunc
    def _value(self, word: str) -> object:
        found = self.known.get(word)
        if found is None:
            found = self.function(word)
            if len(self.known) >= self.size:
                self.known.clear()
            self.known[word] = found
        return found

    @cython.cfunc
    @cython.exceptval(-1.0, check=True)
    def of(self, word: str) -> cython.double:
        """The weight of ``word``, as a C double."""
        return self._value(word)

    def __call__(self, word: str) -> object:
        return self._value(word)


_COMPUTED: tuple = (
    "query_coverage",
    "alias_coverage",
    "whole_name",
    "weakest_pair",
    "substitution",
    "first_word_conflict",
    "unmatched_words",
    "matched_words",
    "initial_mismatch",
    "key_distance",
    "exact",
    "single_word",
    "short",
    "rarity",
    "place",
    "organization",
    "known_names",
    "unexplained",
)
"""The comparison features :class:`Comparer` measures, in the order it measures them."""


_object_new = object.__new__
_ONE: object = 1.0
"""The float a comparison feature at 1 is given (one object for all)."""


def _plain_dataclass(cls: object, names: tuple) -> tuple:
    """``names`` where ``cls`` is a dataclass of canonym's whose ``__init__`` does no more than
    set those fields in that order (``canonym.models.init_only_sets``, asked of one example):
    then ``object.__new__(cls)`` with each field set by ``object.__setattr__`` is the object
    ``cls(*values)`` makes; else None (the class is called)."""
    from canonym.models import init_only_sets  # noqa: PLC0415 (once, when a comparer is built)

    return names if init_only_sets(cls, dict(zip(names, ("a b", "c", 0.5, "rule")))) else None


@cython.cfunc
def _joined(words: tuple, run: tuple, sep: str) -> str:
    """The words of ``run`` (positions in ``words``) joined by ``sep``."""
    if len(run) == 1:
        return words[run[0]]
    return sep.join([words[k] for k in run])


@cython.cclass
class Comparer:
    """``canonym.features.compare`` over C arrays: the pairing of words and the joining of
    compounds (:func:`pair_words`, :func:`join_compounds`), the word roles and rarity
    weights, and every comparison feature, in the same order with the same arithmetic as
    the feature functions there (``features._compared`` is the reference; a hypothesis
    test holds the two equal). Built once from the constants of ``canonym.features`` and
    ``rules_of``, which gives a lexicon's :class:`WordRules`; it refuses (ValueError) a
    list of comparison features other than the one it computes."""

    rules_of: object
    lexicon_rules: tuple
    # The query's side of the whole-name features, worked out once for the comparisons
    # of one query with its candidates: (query, its core words sorted, those joined by
    # spaces, its keys but titles sorted and joined, its core joined; the last three as
    # ``_Pattern`` objects where ``c_ratio``). One tuple, replaced whole, which keeps the
    # query it was made from alive (so ``is`` finds it).
    last_query: tuple
    token_pair: object
    # Whether a ``token_pair`` is made as its dataclass ``__init__`` makes it (see
    # :func:`_plain_dataclass`): the object made bare, its fields set in order.
    pair_fields: tuple
    # The same of a comparison, where :meth:`comparison` makes one.
    comparison_type: object
    comparison_fields: tuple
    ratio: object
    # Whether ``ratio`` is rapidfuzz's ``fuzz.ratio``: then the query's three strings are
    # kept as bit-parallel patterns (``_Pattern``, the look-up's ratio in C, held equal to
    # ``fuzz.ratio`` to the last bit by a test) and each candidate's ratio is a C call.
    c_ratio: cython.bint
    names: tuple
    slots: list
    zeros: dict
    unexplained: frozenset
    least: cython.double
    close: cython.double
    log_many: cython.double

    def __init__(  # noqa: PLR0917 (features.compare's constants, in one place)
        self,
        rules_of: object,
        token_pair: object,
        ratio: object,
        names: tuple,
        comparison: tuple,
        unexplained: frozenset,
        least: cython.double,
        close: cython.double,
        log_many: cython.double,
        comparison_type: object,
    ) -> None:
        if tuple(comparison) != _COMPUTED:
            raise ValueError("the comparison features differ from those the compiled comparison computes")
        self.rules_of = rules_of
        self.lexicon_rules = (None, None)
        self.last_query = (None, None, None, None, None)
        self.token_pair = token_pair
        self.pair_fields = _plain_dataclass(token_pair, ("query", "alias", "similarity", "how"))
        self.comparison_type = comparison_type
        self.comparison_fields = _plain_dataclass(
            comparison_type, ("pairs", "unmatched_query", "unmatched_alias", "features")
        )
        self.ratio = ratio
        from rapidfuzz import fuzz  # noqa: PLC0415 (once, when a comparer is built)

        self.c_ratio = ratio is fuzz.ratio
        self.names = names
        self.slots = [_COMPUTED.index(name) if name in _COMPUTED else -1 for name in names]
        self.zeros = dict.fromkeys(names, 0.0)
        self.unexplained = unexplained
        self.least = least
        self.close = close
        self.log_many = log_many

    def comparison(  # noqa: PLR0917 (features.compare's arguments)
        self,
        query: object,
        alias: object,
        weight: object,
        lexicon: object,
        source_lang: object,
        entity_type: object,
        entity_names: object,
    ) -> object:
        """The ``comparison_type`` (``features.Comparison``) of :meth:`compare`'s parts,
        its features a read-only view; made bare, as the token pairs are, where its
        ``__init__`` only sets its fields (see :func:`_plain_dataclass`)."""
        made: tuple = self.compare(query, alias, weight, lexicon, source_lang, entity_type, entity_names)
        view = MappingProxyType(made[3])
        fields: tuple = self.comparison_fields
        if fields is None:
            return self.comparison_type(made[0], made[1], made[2], view)
        out = _object_new(self.comparison_type)
        PyObject_GenericSetAttr(out, fields[0], made[0])
        PyObject_GenericSetAttr(out, fields[1], made[1])
        PyObject_GenericSetAttr(out, fields[2], made[2])
        PyObject_GenericSetAttr(out, fields[3], view)
        return out

    @cython.ccall
    @cython.boundscheck(False)
    @cython.wraparound(False)
    def compare(  # noqa: PLR0917 (features.compare's arguments)
        self,
        query: object,
        alias: object,
        weight: object,
        lexicon: object,
        source_lang: object,
        entity_type: object,
        entity_names: object,
    ) -> tuple:
        """(pairs, unmatched query words, unmatched alias words, features) of ``query``
        and ``alias`` (analysed names), as ``features.compare`` makes them."""
        q_words: tuple = query.words
        a_words: tuple = alias.words
        q_role_names: tuple = query.roles
        a_role_names: tuple = alias.roles
        q_keys: tuple = query.keys
        a_keys: tuple = alias.keys
        q_coarse: tuple = query.coarse
        a_coarse: tuple = alias.coarse
        nq: cython.Py_ssize_t = len(q_words)
        na: cython.Py_ssize_t = len(a_words)
        # The rules of the lexicon, worked out when it is not the last one's (one tuple,
        # replaced whole, so that threads sharing a comparer never pair a lexicon with
        # another's rules).
        lexicon_rules: tuple = self.lexicon_rules
        if lexicon_rules[0] is not lexicon:
            lexicon_rules = (lexicon, self.rules_of(lexicon))
            self.lexicon_rules = lexicon_rules
        rules: WordRules = lexicon_rules[1]
        # An index's weights are read from C (any other function of a word is called).
        known: Weights = weight if isinstance(weight, Weights) else None
        # The links as plain tuples (they never leave this method).
        kind: cython.int = rules.kind(source_lang)
        links: list = _compounds(
            _pairs(q_words, a_words, q_keys, a_keys, q_coarse, a_coarse, rules, kind, self.least, None),
            q_words,
            a_words,
            q_keys,
            a_keys,
            q_coarse,
            a_coarse,
            rules,
            kind,
            self.close,
            None,
        )
        nl: cython.Py_ssize_t = len(links)
        close: cython.double = self.close
        least: cython.double = self.least
        # Doubles: the query's weights and pair similarities, the alias's weights, pair
        # similarities and raw weights, each link's similarity, the features. Chars: roles, whether a word
        # is paired, whether a link is a content link and a close one. Ints: the order in
        # which words were first paired (a dictionary's order), each link's first query word.
        dbl: cython.p_double = cython.cast(
            cython.p_double, malloc((2 * nq + 3 * na + nl + 18) * cython.sizeof(cython.double))
        )
        chars: cython.p_char = cython.cast(cython.p_char, calloc(2 * nq + 2 * na + 2 * nl + 1, 1))
        ints: cython.p_int = cython.cast(
            cython.p_int, malloc((nq + na + 2 * nl + 1) * cython.sizeof(cython.int))
        )
        if dbl == cython.NULL or chars == cython.NULL or ints == cython.NULL:  # noqa: PLR1714 (C pointers)
            free(dbl)
            free(chars)
            free(ints)
            raise MemoryError
        q_w: cython.p_double = dbl
        q_s: cython.p_double = dbl + nq
        a_w: cython.p_double = dbl + 2 * nq
        a_s: cython.p_double = a_w + na
        a_raw: cython.p_double = a_s + na
        l_sim: cython.p_double = a_raw + na
        values: cython.p_double = l_sim + nl  # the 18 features, in the order of _COMPUTED
        q_r: cython.p_char = chars
        a_r: cython.p_char = chars + nq
        q_has: cython.p_char = a_r + na
        a_has: cython.p_char = q_has + nq
        l_content: cython.p_char = a_has + na
        l_strong: cython.p_char = l_content + nl
        q_order: cython.p_int = ints
        a_order: cython.p_int = ints + nq
        l_first: cython.p_int = a_order + na
        l_order: cython.p_int = l_first + nl
        i: cython.Py_ssize_t
        j: cython.Py_ssize_t
        k: cython.Py_ssize_t
        m: cython.Py_ssize_t
        nqo: cython.Py_ssize_t = 0
        nao: cython.Py_ssize_t = 0
        x: cython.double
        total: cython.double
        found: cython.bint
        lk: tuple
        run_q: tuple
        run_a: tuple
        try:
            for i in range(nq):
                q_r[i] = _role_code(q_role_names[i])
            for j in range(na):
                a_r[j] = _role_code(a_role_names[j])
            # A word paired with a particle or legal form counts as one too, on both sides.
            for k in range(nl):
                lk = cython.cast(tuple, links[k])
                run_q = lk[0]
                run_a = lk[1]
                l_sim[k] = lk[2]
                l_first[k] = run_q[0] if len(run_q) else -1
                if len(run_q) != 1 or len(run_a) != 1:
                    continue
                i = run_q[0]
                j = run_a[0]
                if (q_r[i] == 1 or a_r[j] == 1) and q_r[i] != 0 and a_r[j] != 0:
                    q_r[i] = 1
                    a_r[j] = 1
            for i in range(nq):
                x = known.of(q_words[i]) if known is not None else weight(q_words[i])
                q_w[i] = 0.0 if q_r[i] == 0 else (0.15 * x if q_r[i] == 1 else x)
            for j in range(na):
                x = known.of(a_words[j]) if known is not None else weight(a_words[j])
                a_raw[j] = x
                a_w[j] = 0.0 if a_r[j] == 0 else (0.15 * x if a_r[j] == 1 else x)
            # The pair similarity of each paired word, in the order first paired; a link
            # is a content link when one of its query words is a content word.
            n_strong: cython.Py_ssize_t = 0
            for k in range(nl):
                lk = cython.cast(tuple, links[k])
                run_q = lk[0]
                run_a = lk[1]
                for i in run_q:
                    if not q_has[i]:
                        q_has[i] = 1
                        q_order[nqo] = i
                        nqo += 1
                    q_s[i] = l_sim[k]
                    if q_r[i] == 2:
                        l_content[k] = 1
                for j in run_a:
                    if not a_has[j]:
                        a_has[j] = 1
                        a_order[nao] = j
                        nao += 1
                    a_s[j] = l_sim[k]
                if l_content[k] and l_sim[k] >= close:
                    l_strong[k] = 1
                    n_strong += 1
            # query_coverage, alias_coverage
            total = 0.0
            for k in range(nqo):
                i = q_order[k]
                total += q_w[i] * _most(0.0, _least(1.0, (q_s[i] - least) / (1.0 - least)))
            x = 0.0
            for i in range(nq):
                x += q_w[i]
            values[0] = _least(1.0, total / (x if x != 0.0 else 1.0))
            total = 0.0
            for k in range(nao):
                j = a_order[k]
                total += a_w[j] * _most(0.0, _least(1.0, (a_s[j] - least) / (1.0 - least)))
            x = 0.0
            for j in range(na):
                x += a_w[j]
            values[1] = _least(1.0, total / (x if x != 0.0 else 1.0))
            # whole_name. rapidfuzz's token_sort_ratio is the ratio of the words sorted and
            # joined by spaces (it splits on whitespace, which no word of a name holds:
            # NameForm.words are str.split()'s), so the query's sorted words are joined once.
            # The core words (``NameForm.core``: the words that are not titles, role code 0;
            # the filler spreading above never makes a title nor unmakes one).
            last: tuple = self.last_query
            if last[0] is not query:
                q_sorted: list = [q_keys[i] for i in range(nq) if q_role_names[i] != "title"]
                q_sorted.sort()
                q_core: list = [q_words[i] for i in range(nq) if q_r[i] != 0]
                q_core_sorted: list = sorted(q_core)
                if self.c_ratio:
                    last = (
                        query,
                        q_core_sorted,
                        _Pattern(" ".join(q_core_sorted)),
                        _Pattern("".join(q_sorted)),
                        _Pattern("".join(q_core)),
                    )
                else:
                    last = (query, q_core_sorted, " ".join(q_core_sorted), "".join(q_sorted), "".join(q_core))
                self.last_query = last
            a_sorted: list = [a_keys[j] for j in range(na) if a_r[j] != 0]
            a_sorted.sort()
            a_core: list = [a_words[j] for j in range(na) if a_r[j] != 0]
            a_core_joined: str = "".join(a_core)
            a_core.sort()
            if self.c_ratio:
                x = cython.cast(_Pattern, last[2]).ratio(" ".join(a_core))
                x = _most(x, cython.cast(_Pattern, last[3]).ratio("".join(a_sorted)))
                x = _most(x, cython.cast(_Pattern, last[4]).ratio(a_core_joined))
            else:
                x = self.ratio(last[2], " ".join(a_core))
                x = _most(x, self.ratio(last[3], "".join(a_sorted)))
                x = _most(x, self.ratio(last[4], a_core_joined))
            values[2] = x / 100.0
            # weakest_pair
            found = False
            x = 0.0
            for k in range(nl):
                if l_content[k]:
                    x = _least(x, l_sim[k]) if found else l_sim[k]
                    found = True
            values[3] = x
            # substitution, first_word_conflict, unmatched_words
            q_loose: cython.double = 0.0
            a_loose: cython.double = 0.0
            q_first: cython.Py_ssize_t = -1
            a_first: cython.Py_ssize_t = -1
            n_qc: cython.Py_ssize_t = 0
            n_ac: cython.Py_ssize_t = 0
            unmatched: cython.Py_ssize_t = 0
            found = False
            for i in range(nq):
                if q_r[i] != 2:
                    continue
                n_qc += 1
                if q_first < 0:
                    q_first = i
                if (q_s[i] if q_has[i] else 0.0) < close:
                    unmatched += 1
                    q_loose = _most(q_loose, q_w[i]) if found else q_w[i]
                    found = True
            found = False
            for j in range(na):
                if a_r[j] != 2:
                    continue
                n_ac += 1
                if a_first < 0:
                    a_first = j
                if (a_s[j] if a_has[j] else 0.0) < close:
                    a_loose = _most(a_loose, a_w[j]) if found else a_w[j]
                    found = True
            values[4] = _least(q_loose, a_loose)
            values[5] = (
                1.0
                if n_qc >= 2
                and n_ac >= 2
                and (q_s[q_first] if q_has[q_first] else 0.0) < close
                and (a_s[a_first] if a_has[a_first] else 0.0) < close
                else 0.0
            )
            values[6] = cython.cast(cython.double, unmatched) / cython.cast(cython.double, max(1, n_qc))
            values[7] = cython.cast(cython.double, min(3, n_strong)) / 3.0
            # initial_mismatch, key_distance, short, rarity, unexplained: the close pairs
            mismatch: cython.bint = False
            distance: cython.Py_ssize_t = 0
            letters: cython.Py_ssize_t = 0
            unexplained: cython.Py_ssize_t = 0
            rarest: cython.double = 0.0
            found = False
            for k in range(nl):
                if not l_strong[k]:
                    continue
                lk = cython.cast(tuple, links[k])
                run_q = lk[0]
                run_a = lk[1]
                how = lk[3]
                if how != "initial":
                    qk: str = _joined(q_keys, run_q, "")
                    ak: str = _joined(a_keys, run_a, "")
                    if not mismatch and (
                        (len(qk) == 0) != (len(ak) == 0) or (len(qk) > 0 and qk[0] != ak[0])
                    ):
                        mismatch = True
                    distance = max(distance, _edit_distance(qk, ak))
                for i in run_q:
                    letters += len(q_words[i])
                for j in run_a:
                    rarest = _most(rarest, a_raw[j]) if found else a_raw[j]
                    found = True
                if how in self.unexplained:
                    unexplained += 1
            values[8] = 1.0 if mismatch else 0.0
            values[9] = cython.cast(cython.double, min(3, distance)) / 3.0
            values[10] = 1.0 if last[1] == a_core else 0.0  # (sorted core words, equal lengths first)
            values[11] = 1.0 if n_strong <= 1 else 0.0
            values[12] = _most(0.0, _least(1.0, cython.cast(cython.double, 12 - letters) / 11.0))
            values[13] = rarest
            values[14] = 1.0 if entity_type == "place" else 0.0
            values[15] = 1.0 if entity_type == "organization" else 0.0
            x = entity_names
            values[16] = _least(1.0, log(_most(1.0, x)) / self.log_many)
            values[17] = cython.cast(cython.double, unexplained) / cython.cast(
                cython.double, max(1, n_strong)
            )
            # Every name at 0.0, in order (a copy of a dictionary that holds them all, with
            # no resizing), then the features measured but those at 0.0 already (+0.0: the
            # copy's), a feature at 1.0 as one float object.
            measured: dict = self.zeros.copy()
            slots: list = self.slots
            names: tuple = self.names
            for k in range(len(names)):
                m = slots[k]
                if m < 0:
                    continue
                x = values[m]
                if x == 0.0 and copysign(1.0, x) > 0.0:
                    continue
                if x == 1.0:
                    measured[names[k]] = _ONE
                else:
                    measured[names[k]] = x
            # The pairs, by their first query word (links hold disjoint runs of query words).
            for k in range(nl):
                l_order[k] = cython.cast(cython.int, k)
            for k in range(1, nl):
                m = l_order[k]
                i = k
                while i > 0 and l_first[l_order[i - 1]] > l_first[m]:
                    l_order[i] = l_order[i - 1]
                    i -= 1
                l_order[i] = cython.cast(cython.int, m)
            ordered: list = links
            for k in range(1, nl):
                if l_first[l_order[k - 1]] == l_first[l_order[k]]:
                    ordered = sorted(links)  # never, for disjoint runs: as Python sorts them
                    break
            else:
                ordered = [links[l_order[k]] for k in range(nl)]
            pairs: list = []
            token_pair = self.token_pair
            fields: tuple = self.pair_fields
            for link in ordered:
                lk = cython.cast(tuple, link)
                if fields is None:
                    pairs.append(
                        token_pair(_joined(q_words, lk[0], " "), _joined(a_words, lk[1], " "), lk[2], lk[3])
                    )
                else:
                    made = _object_new(token_pair)
                    PyObject_GenericSetAttr(made, fields[0], _joined(q_words, lk[0], " "))
                    PyObject_GenericSetAttr(made, fields[1], _joined(a_words, lk[1], " "))
                    PyObject_GenericSetAttr(made, fields[2], lk[2])
                    PyObject_GenericSetAttr(made, fields[3], lk[3])
                    pairs.append(made)
            unmatched_query: list = [q_words[i] for i in range(nq) if not q_has[i] and q_r[i] != 0]
            unmatched_alias: list = [a_words[j] for j in range(na) if not a_has[j] and a_r[j] != 0]
            return tuple(pairs), tuple(unmatched_query), tuple(unmatched_alias), measured
        finally:
            free(dbl)
            free(chars)
            free(ints)


# The look-up's whole-key similarity (``CandidateIndex._rank``): rapidfuzz's ``fuzz.ratio``
# of the query's joined key and each pooled record's, in C.


@cython.cfunc
@cython.inline
def _ones(x: cython.ulonglong) -> cython.Py_ssize_t:
    """How many bits of ``x`` are set."""
    out: cython.Py_ssize_t = 0
    while x:
        x &= x - 1
        out += 1
    return out


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.exceptval(-1)
def _common_dp(a: str, b: str) -> cython.Py_ssize_t:
    """The length of the longest common subsequence of ``a`` and ``b`` (one row of the
    dynamic programme)."""
    n: cython.Py_ssize_t = len(a)
    m: cython.Py_ssize_t = len(b)
    row: cython.p_int = cython.cast(cython.p_int, calloc(m + 1, cython.sizeof(cython.int)))
    if row == cython.NULL:
        raise MemoryError
    i: cython.Py_ssize_t
    j: cython.Py_ssize_t
    diagonal: cython.int
    above: cython.int
    ca: cython.Py_UCS4
    for i in range(n):
        ca = a[i]
        diagonal = 0
        for j in range(m):
            above = row[j + 1]
            if ca == b[j]:
                row[j + 1] = diagonal + 1
            elif row[j] > above:
                row[j + 1] = row[j]
            diagonal = above
    out: cython.Py_ssize_t = row[m]
    free(row)
    return out


@cython.cclass
class _Pattern:
    """One string compared with many: its letters' bit masks for the bit-parallel longest
    common subsequence (Hyyrö's; rapidfuzz's own method), where it is at most 64 ASCII
    characters long, else the dynamic programme."""

    text: str
    length: cython.Py_ssize_t
    masks: cython.ulonglong[128]
    parallel: cython.bint

    def __init__(self, text: str) -> None:
        self.text = text
        self.length = len(text)
        i: cython.Py_ssize_t
        c: cython.Py_UCS4
        for i in range(128):
            self.masks[i] = 0
        self.parallel = self.length <= 64
        for i in range(self.length if self.parallel else 0):
            c = text[i]
            if c >= 128:
                self.parallel = False
                break
            self.masks[c] |= cython.cast(cython.ulonglong, 1) << i

    @cython.cfunc
    @cython.exceptval(-1)
    def common(self, other: str) -> cython.Py_ssize_t:
        """The length of the longest common subsequence of the pattern and ``other``."""
        if not self.parallel:
            return _common_dp(self.text, other)
        v: cython.ulonglong = ~cython.cast(cython.ulonglong, 0)
        u: cython.ulonglong
        c: cython.Py_UCS4
        for c in other:
            if c < 128:
                u = v & self.masks[c]
                v = (v + u) | (v - u)
        if self.length < 64:
            v |= ~cython.cast(cython.ulonglong, 0) << self.length
        return _ones(~v)  # 64 less the bits set (counting the unset ones loops fewer times)

    @cython.cfunc
    @cython.exceptval(-1.0)
    def ratio(self, other: str) -> cython.double:
        """``rapidfuzz.fuzz.ratio(pattern, other)``: 100 times one less the Indel distance
        (the characters that are not in a longest common subsequence) over both lengths,
        with rapidfuzz's operations in its order."""
        most: cython.Py_ssize_t = self.length + len(other)
        if most == 0:
            return 100.0
        distance: cython.Py_ssize_t = most - 2 * self.common(other)
        return (1.0 - cython.cast(cython.double, distance) / cython.cast(cython.double, most)) * 100.0


def indel_ratio(a: str, b: str) -> cython.double:
    """``rapidfuzz.fuzz.ratio(a, b)`` in C (tests/test_core_compiled.py holds them equal)."""
    return _Pattern(a).ratio(b)
