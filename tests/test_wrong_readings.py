"""Wrong entities on real registries (#12, #13): a name read alike through two romanisations.

A query in one script and a registry name in another script, neither of them Latin, meet only
when both are romanised and the two readings coincide. Each romanisation drops what its script
wrote (vowel length, doubled consonants, which of several letters a sound was), so two readings
that coincide are weaker evidence than a reading that equals a name the registry writes in
Latin letters, or a name written as the query is. The registries here are hand-made: Lima is
Лима in Russian, Λίμα in Greek and Լիմա in Armenian.
"""

from __future__ import annotations

import pytest

from canonym.models import Entity
from canonym.registry import Registry
from canonym.resolve import ONE_READING_LOG_ODDS, TWO_READINGS_LOG_ODDS, Resolver


def _score(query: str, *names: str) -> float:
    """The best candidate's confidence for ``query`` against one place named ``names``."""
    resolver = Resolver(Registry((Entity("lima", names[0], "place", names[1:]),)))
    found = resolver.candidates(query, limit=1)
    assert found, (query, names)
    return found[0].score


@pytest.mark.parametrize("query", ["Λίμα", "Լիմա"])
def test_two_readings_that_coincide_are_weaker_than_one(query: str) -> None:
    through_cyrillic = _score(query, "Лима")
    assert through_cyrillic < _score(query, "Lima")
    assert through_cyrillic < _score(query, query)


def test_the_weakening_is_named_in_the_evidence() -> None:
    resolver = Resolver(Registry((Entity("lima", "Лима", "place"),)))
    match = resolver.candidates("Λίμα", limit=1)[0]
    assert match.evidence.contributions.get("two_readings") == TWO_READINGS_LOG_ODDS


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Лима", ("Лима",)),  # written as the query is
        ("Lima", ("Лима",)),  # a Latin query: one reading, of the name
        ("Λίμα", ("Lima",)),  # one reading, of the query
        ("Λίμα", ("Лима", "Λίμα")),  # the entity also has the name as written
        ("Λίμα", ("Лима", "Lima")),  # ... or in Latin letters
    ],
)
def test_one_reading_or_none_is_not_weakened(query: str, names: tuple[str, ...]) -> None:
    resolver = Resolver(Registry((Entity("lima", names[0], "place", names[1:]),)))
    match = resolver.candidates(query, limit=1)[0]
    assert "two_readings" not in match.evidence.contributions


def test_an_entity_read_once_comes_before_one_read_twice() -> None:
    # Two places whose names read alike: one listed in Latin letters, one only in Cyrillic.
    resolver = Resolver(Registry((Entity("a-cyrillic", "Лима", "place"), Entity("b-latin", "Lima", "place"))))
    found = resolver.candidates("Λίμα", limit=2)
    assert [m.entity.id for m in found] == ["b-latin", "a-cyrillic"]


def test_a_latin_query_equal_only_to_a_reading_of_a_name_is_weaker() -> None:
    # The index reads Лима as lima; a Latin query equal to that reading meets the name
    # through one romanisation, weaker than a name the registry writes in Latin letters.
    through_cyrillic = _score("Lima", "Лима")
    assert through_cyrillic < _score("Lima", "Lima")
    resolver = Resolver(Registry((Entity("lima", "Лима", "place"),)))
    match = resolver.candidates("Lima", limit=1)[0]
    assert match.evidence.contributions.get("one_reading") == ONE_READING_LOG_ODDS


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("Lima", ("Lima",)),  # written as the query is
        ("Lima", ("Лима", "Lima")),  # the entity also has the name in Latin letters
        ("Λίμα", ("Lima",)),  # a query in another script that reads as a Latin name
    ],
)
def test_a_latin_name_or_a_read_query_is_not_weakened(query: str, names: tuple[str, ...]) -> None:
    resolver = Resolver(Registry((Entity("lima", names[0], "place", names[1:]),)))
    match = resolver.candidates(query, limit=1)[0]
    assert "one_reading" not in match.evidence.contributions
