# cython: annotation_typing=True
"""Loops of the candidate look-up that only pay compiled: typed for Cython, never run as Python.

:mod:`canonym.index` uses these where the module was compiled (see setup.py) and its own
pure-Python code otherwise; ``tests/test_core_compiled.py`` checks on every evaluation
query that both give the same candidates. Imported uncompiled, this module raises
ImportError, so that the pure-Python path stays the reference.
"""

import cython

if not cython.compiled:
    raise ImportError("canonym._kernels runs compiled only")

from cython.cimports.libc.stdlib import calloc, free, malloc


@cython.boundscheck(False)
@cython.wraparound(False)
def shared_counts(found: list, size: cython.Py_ssize_t, scored: object, pool: cython.Py_ssize_t) -> dict:
    """How many of the posting lists ``found`` hold each record, for the records that can
    still reach the ``pool`` best (as many records hold at least as many as they do; see
    ``canonym.index._pool_count``) and for those already in ``scored``.

    ``found`` holds views of 32-bit record numbers below ``size``.
    """
    counts: cython.p_ushort = cython.cast(cython.p_ushort, calloc(size, cython.sizeof(cython.ushort)))
    total: cython.Py_ssize_t = 0
    postings: cython.int[:]
    for view in found:
        total += len(view)
    touched: cython.p_int = cython.cast(cython.p_int, malloc(max(total, 1) * cython.sizeof(cython.int)))
    if counts == cython.NULL or touched == cython.NULL:  # noqa: PLR1714 (C pointers)
        free(counts)
        free(touched)
        raise MemoryError
    distinct: cython.Py_ssize_t = 0
    most: cython.int = 0
    i: cython.Py_ssize_t
    rid: cython.int
    out: dict = {}
    try:
        for view in found:
            postings = view
            for i in range(postings.shape[0]):
                rid = postings[i]
                if counts[rid] == 0:
                    touched[distinct] = rid
                    distinct += 1
                counts[rid] += 1
                most = max(most, counts[rid])
        # The histogram of the counts, read from the largest: the fewest shared that still
        # puts a record among the pool's best.
        records_with: cython.p_int = cython.cast(cython.p_int, calloc(most + 1, cython.sizeof(cython.int)))
        if records_with == cython.NULL:
            raise MemoryError
        for i in range(distinct):
            records_with[counts[touched[i]]] += 1
        least: cython.int = 1
        kept: cython.Py_ssize_t = 0
        c: cython.int
        for c in range(most, 0, -1):
            kept += records_with[c]
            if records_with[c] and kept >= pool:
                least = c
                break
        free(records_with)
        for i in range(distinct):
            rid = touched[i]
            if counts[rid] >= least or rid in scored:
                out[rid] = counts[rid]
    finally:
        free(counts)
        free(touched)
    return out
