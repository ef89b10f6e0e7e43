"""Wrong entities on real registries (#12, #13): a one-word query that no name of the
candidate is spelt like.

The comparison finds words alike by their sound keys (b and v, o and u, s and z), which is
how a name written in another language's letters is found at all. A gazetteer writes a city
in dozens of spellings; when none of them, nor any of their words, keeps more than half the
query's letters, the likeness rests on the keys alone and is weak evidence. The registries
here are hand-made, with invented place names.
"""

from __future__ import annotations

import pytest

from canonym.models import Entity
from canonym.registry import Registry
from canonym.resolve import SPELT_APART_LOG_ODDS, SPELT_APART_NAMES, Resolver, agreeing_names, spelt_apart

# Ten spellings of an invented place, each three letters or more from Vadolo of six or
# seven: a registry that writes a place in many ways (SPELT_APART_NAMES).
_APART = (
    "Badulu", "Bhadulu", "Baduluu", "Badhulu", "Baddulu",
    "Badullu", "Bhaddulu", "Batulu", "Pattulu", "Paddulu",
)  # fmt: skip


def _place(*names: str) -> Resolver:
    return Resolver(Registry((Entity("p", names[0], "place", names[1:]),)))


def test_a_query_spelt_apart_from_every_name_is_not_accepted() -> None:
    # Vadolo and Badulu share their keys; three of six letters differ (v/b, o/u, o/u).
    resolver = _place(*_APART)
    assert resolver.resolve("Vadolo") is None
    match = resolver.candidates("Vadolo", limit=1)[0]
    assert match.evidence.contributions.get("spelt_apart") == SPELT_APART_LOG_ODDS


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Vadolo", (*_APART, "Vadulo")),  # another name keeps five of six letters
        ("Vadolo", (*_APART, "San Vadulo")),  # ... one word of another name does
        ("Vadolo", _APART[:2]),  # two names: the registry may just not list the spelling
        ("Vadolo", ("Vadolo",)),  # the name itself
    ],
)
def test_a_name_spelt_near_the_query_is_not_weakened(query: str, names: tuple[str, ...]) -> None:
    match = _place(*names).candidates(query, limit=1)[0]
    assert "spelt_apart" not in match.evidence.contributions


def test_the_place_spelt_near_comes_before_the_one_spelt_apart() -> None:
    apart = Entity("a-apart", _APART[0], "place", _APART[1:])
    resolver = Resolver(Registry((apart, Entity("b-near", "Vadulo", "place"))))
    assert [m.entity.id for m in resolver.candidates("Vadolo", limit=2)] == ["b-near", "a-apart"]


def test_the_spellings_are_many() -> None:
    assert len(_APART) >= SPELT_APART_NAMES


def test_spelt_apart_is_half_the_letters_or_more() -> None:
    assert spelt_apart("abcd", ["abxy"])  # similarity 0.5
    assert not spelt_apart("abcd", ["abxy", "abcx"])  # 0.75
    assert spelt_apart("abcd", [])


def _agreeing_score(*names: str) -> float:
    """The confidence in place B for the query Tarnove, where a more populous place A has
    one odd alias close to it and B has the four ``names``."""
    a = Entity("a-odd-alias", "Ostrogard", "place", ("Ostrogardo", "Ostrohrad", "Tarnova"), prominence=2000)
    b = Entity("b", names[0], "place", names[1:], prominence=1000)
    found = Resolver(Registry((a, b))).candidates("Tarnove", limit=2)
    return next(m.score for m in found if m.entity.id == "b")


def test_names_that_agree_with_the_query_count_in_the_prior() -> None:
    # Same prominence and number of names; three of B's names come close to the query
    # in one registry, one in the other.
    agreeing = _agreeing_score("Zeltberg", "Tarnovo", "Tarnowe", "Tarnov")
    lone = _agreeing_score("Zeltberg", "Kolmberg", "Kolmbergo", "Tarnov")
    assert agreeing > lone


def test_agreeing_names_are_those_spelt_as_close_as_a_close_word_pair() -> None:
    assert agreeing_names("tarnove", ["tarnovo", "tarnowe", "tarnov", "zeltberg"]) == 3
    assert agreeing_names("tarnove", ["zeltberg"]) == 1  # the name the query reached
