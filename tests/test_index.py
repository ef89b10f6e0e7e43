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
from canonym.models import Entity
from canonym.names import analyze
from canonym.scripts import first_script


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


def test_the_alias_records_handed_out_again_are_the_records_and_few(monkeypatch: pytest.MonkeyPatch) -> None:
    entities = "".join(
        f"  - {{id: p{n}, canonical: {name}, type: person}}\n"
        for n, name in enumerate(["Marco Rossi", "Giulia Bianchi", "Marco Bianchi", "Giulia Rossi", "Rossi"])
    )
    found = CandidateIndex(
        Registry.from_texts([("version: 1\nentities:\n" + entities, "r")]), default_lexicon()
    )
    monkeypatch.setattr(canonym.index, "_RECORD_CACHE", 3)
    everyone = range(len(found))
    made = [index.AliasRecord(found._entity[r], found._names[r], found._form(r)) for r in everyone]
    for _ in range(2):
        assert found.records_for(everyone) == made
        assert len(found._records) <= 3  # the kept records start again when full
    last = found.records_for([len(found) - 1])[0]
    assert found.records_for([len(found) - 1])[0] is last


TOWNS = ["Kaş", "Kars", "Kashi", "Kati", "Kosti", "Kota", "Kasos", "Kastav", "Kasli", "Kasba"]


def test_a_surname_alone_reaches_the_full_name_among_short_place_names() -> None:
    # Genuine towns whose one-word names are a letter from "Kast" (Kaş, Kars, Kashi, Kati,
    # Kosti): by whole-name similarity each is nearer the query than "José Antonio Kast",
    # and there are more of them than the look-up's limit. The person's name holds the
    # query's word whole, which few names do, so it is compared all the same.
    lines = ["version: 1", "entities:", "  - {id: kast, canonical: José Antonio Kast, type: person}"]
    lines += [f"  - {{id: t{i}, canonical: {town}, type: place}}" for i, town in enumerate(TOWNS)]
    registry = Registry.from_texts([("\n".join(lines) + "\n", "r")])
    found = CandidateIndex(registry, default_lexicon())
    form = analyze("Kast", default_lexicon())
    named = [registry.entities[r.entity].id for r in found.records_for(found.lookup(form, 3))]
    assert "kast" in named


def test_a_word_many_names_hold_is_not_forced_in() -> None:
    # Ten people named Kast: the word decides nothing among them, and the look-up keeps
    # its limit instead of comparing every holder.
    givens = ["Ana", "Luis", "Juan", "Pedro", "Maria", "Rosa", "Pablo", "Miguel", "Carlos", "Elena"]
    lines = ["version: 1", "entities:"]
    lines += [f"  - {{id: p{i}, canonical: {g} Kast, type: person}}" for i, g in enumerate(givens)]
    lines += [f"  - {{id: t{i}, canonical: {town}, type: place}}" for i, town in enumerate(TOWNS)]
    registry = Registry.from_texts([("\n".join(lines) + "\n", "r")])
    found = CandidateIndex(registry, default_lexicon())
    assert len(found.lookup(analyze("Kast", default_lexicon()), 3)) == 3


def test_the_spellings_folded_at_build_are_kept_with_the_index() -> None:
    registry = Registry((Entity("rome", "Roma", "place", ("Rome", "Рим", "ROMA", "Roma Capitale")),))
    built = pickle.loads(pickle.dumps(CandidateIndex(registry, default_lexicon())))  # as the disk cache
    assert built.spellings(0) == {"Latin": ("roma", "rome", "roma capitale"), "Cyrillic": ("rim",)}


_NAME_TEXT = st.text(
    st.characters(categories=("Lu", "Ll", "Lo", "Nd", "Zs", "Pd", "Mn")), min_size=1, max_size=12
)


@given(st.lists(st.lists(_NAME_TEXT, min_size=1, max_size=6), min_size=1, max_size=4))
def test_each_entity_keeps_every_name_spelt_once_shortest_first(entities: list[list[str]]) -> None:
    # Every name's spelling is kept, once, under the script of the first name spelt so,
    # the shortest first within a script, and no other entity's.
    registry = Registry(
        tuple(Entity(f"e{i}", names[0], "place", tuple(names[1:])) for i, names in enumerate(entities))
    )
    built = CandidateIndex(registry, default_lexicon())
    for number, entity in enumerate(registry.entities):
        found = built.spellings(number)
        expected: dict[str, str] = {}
        for name in entity.names:
            expected.setdefault(index.spelling(name), first_script(name))
        assert {s: w for w, group in found.items() for s in group} == expected
        assert sum(len(group) for group in found.values()) == len(expected)
        assert all([len(s) for s in group] == sorted(len(s) for s in group) for group in found.values())


def _nearest_first_as_before(
    found: CandidateIndex, form: object, ranked: list[tuple[float, int]], limit: int
) -> list[int]:
    """CandidateIndex._nearest_first as it read when it walked every run of equal keys."""
    from rapidfuzz import fuzz  # noqa: PLC0415

    out: list[int] = []
    at = 0
    while at < len(ranked) and len(out) < limit:
        end = at + 1
        while end < len(ranked) and ranked[end][0] == ranked[at][0]:
            end += 1
        tied = [rid for _, rid in ranked[at:end]]
        if len(tied) > 1 and end > limit:
            near = {rid: fuzz.ratio(form.normalized, found._form(rid).normalized) for rid in tied}  # type: ignore[attr-defined]
            tied.sort(key=lambda rid: (-near[rid], rid))
        out.extend(tied[: limit - len(out)])
        at = end
    return out


@given(
    keys=st.lists(st.sampled_from([-1.5, -1.0, -0.5]), max_size=25),
    limit=st.integers(-1, 12),
    rng=st.randoms(use_true_random=False),
    query=st.sampled_from(["zorvel", "mirt anska", "plovdan", "quabe"]),
)
def test_only_the_run_of_equal_keys_across_the_limit_is_ordered_by_the_whole_name(
    keys: list[float], limit: int, rng: Random, query: str
) -> None:
    found = canonym.Resolver.default().index
    form = analyze(query, found.lexicon)
    ranked = sorted(zip(keys, rng.sample(range(len(found)), len(keys))))
    assert found._nearest_first(form, ranked, limit) == _nearest_first_as_before(found, form, ranked, limit)


def test_the_index_counts_each_entitys_names_once_and_keeps_the_count_when_pickled() -> None:
    # The resolver weighs each candidate by its entity's number of names (repeats counted
    # once, as Entity.names lists them); the index counts them when it is built.
    registry = Registry(
        (
            Entity("ana", "Ana Ruiz", "person", ("Ana Ruiz", "Anita Ruiz", "Anita Ruiz")),
            Entity("lugo", "Lugo", "place"),
            Entity("acme", "Acme Ltd", "organization", ("ACME", "Acme Limited")),
        )
    )
    built = CandidateIndex(registry, default_lexicon())
    assert built.name_counts == (2, 1, 3)
    assert pickle.loads(pickle.dumps(built)).name_counts == (2, 1, 3)
