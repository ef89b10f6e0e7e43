"""The candidate index's pruning of trigram hits keeps every record that can reach the pool."""

from __future__ import annotations

import gc
import pickle
from collections import Counter
from random import Random

import pytest
from hypothesis import given
from hypothesis import strategies as st

import canonym.index
from canonym import Registry, index
from canonym.index import CandidateIndex
from canonym.lexicon import default_lexicon
from canonym.names import analyze


@given(st.integers(0, 3 * index._POOL), st.integers(1, 12), st.randoms(use_true_random=False))
def test_pool_count_is_the_largest_count_that_keeps_a_full_pool(records: int, most: int, rng: Random) -> None:
    shared = Counter({rid: rng.randint(1, most) for rid in range(records)})
    least = index._pool_count(shared)
    at_least = sum(1 for c in shared.values() if c >= least)
    # Enough records are kept to fill the pool (or all of them are) ...
    assert at_least >= min(index._POOL, len(shared))
    # ... and no higher count would do: so every record left out scores below the pool's
    # worst, and pruning cannot change which records make the pool.
    if least > 1:
        assert sum(1 for c in shared.values() if c >= least + 1) < index._POOL


def test_a_large_index_is_frozen_out_of_the_garbage_collector(monkeypatch: pytest.MonkeyPatch) -> None:
    # Full collections walked every object of a large index on every pass (half the query
    # time at a million names); once built or loaded, a large index is frozen out of them.
    registry = Registry.from_texts(
        [("version: 1\nentities:\n  - {id: a, canonical: Marco Rossi, type: person}\n", "r")]
    )
    gc.unfreeze()
    try:
        CandidateIndex(registry, default_lexicon())
        assert gc.get_freeze_count() == 0  # a small index leaves the collector alone
        monkeypatch.setattr(canonym.index, "FREEZE_FROM", 1)
        index = CandidateIndex(registry, default_lexicon())
        assert gc.get_freeze_count() > 0
        gc.unfreeze()
        copy = pickle.loads(pickle.dumps(index))  # as the disk cache loads it
        assert gc.get_freeze_count() > 0
        assert copy.lookup(analyze("Marco Rosi", default_lexicon()), 8) == index.lookup(
            analyze("Marco Rosi", default_lexicon()), 8
        )
    finally:
        gc.unfreeze()
