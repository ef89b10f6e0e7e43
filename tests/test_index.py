"""The candidate index's pruning of trigram hits keeps every record that can reach the pool."""

from __future__ import annotations

from collections import Counter
from random import Random

from hypothesis import given
from hypothesis import strategies as st

from canonym import index


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
