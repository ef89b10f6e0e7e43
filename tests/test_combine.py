"""Combining registries: entities of several registries that are one real entity (``same_as``)
become one entity; entities that only share a name stay namesakes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from canonym import Registry, RegistryError, Resolver
from canonym.registry import bundled_path

# Written for these tests: Lima, Peru as a user might enter it, with GeoNames' id of the
# city (3936456, the id the bundled world registry gives it), and Lima, Ohio, a different
# city of the same name.
LIMA_PERU = """\
version: 1
entities:
  - id: my-lima
    canonical: Lima
    type: place
    aliases: [Ciudad de los Reyes]
    same_as: ["geonames:3936456"]
"""
LIMA_OHIO = """\
version: 1
entities:
  - id: lima-ohio
    canonical: Lima
    type: place
    description: City in Allen County, Ohio
"""


@pytest.fixture(scope="module")
def world_then_story() -> Resolver:
    return Resolver.from_registries(["world", "story"])


def test_later_registry_absorbs_the_same_entity_of_an_earlier_one(world_then_story: Resolver) -> None:
    registry = world_then_story.registry
    # The story's Lima, Peru, Chile and United Nations are the world's: one entity each, the
    # story's (the later registry) keeping its id and canonical name.
    assert registry.get("geonames:3936456") is registry.get("lima")
    lima = registry.get("lima")
    assert lima is not None and lima.id == "lima" and lima.canonical == "Lima"
    assert "Λίμα" in lima.names  # a world name (Greek) the story does not give
    assert "lima" not in {i for ids in registry.ambiguous.values() for i in ids if i != "lima"}
    assert "lima" not in registry.ambiguous
    assert not any(
        e.id in ("geonames:3936456", "iso3166:PE", "org:united-nations") for e in registry.entities
    )
    # The world's population of Lima stays its prominence (the story gives none).
    assert lima.prominence == 7737002


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Lima", "lima"),
        ("Peru", "peru"),
        ("Santiago", "santiago"),
        ("the United Nations", "united-nations"),
        ("Λίμα", "lima"),
        ("Allemagne", "iso3166:DE"),
    ],
)
def test_world_and_story_together_resolve_what_each_resolves_alone(
    world_then_story: Resolver, name: str, expected: str
) -> None:
    match = world_then_story.resolve(name)
    assert match is not None and match.entity.id == expected


def test_the_order_of_registries_decides_which_id_stays() -> None:
    resolver = Resolver.from_registries(["story", "world"])
    lima = resolver.resolve("Lima")
    assert lima is not None and lima.entity.id == "geonames:3936456"
    assert resolver.registry.get("lima") is lima.entity
    # A role's place follows its entity to the id that stays.
    chancellor = resolver.resolve("the Peruvian Chancellor", date="2025-11-28")
    assert chancellor is not None and chancellor.entity.id == "hugo-de-zela"
    assert {r.where for r in chancellor.entity.roles} == {"iso3166:PE"}


def test_namesakes_of_different_registries_stay_namesakes(write_registry: Callable[..., Path]) -> None:
    # Lima, Ohio and Lima, Peru share a name and a type; nothing says they are one.
    registry = Registry.from_files([bundled_path("world"), write_registry(LIMA_OHIO)])
    assert set(registry.ambiguous["lima"]) == {"geonames:3936456", "lima-ohio"}


def test_same_as_names_the_entity_of_another_registry(write_registry: Callable[..., Path]) -> None:
    registry = Registry.from_files([bundled_path("world"), write_registry(LIMA_PERU)])
    lima = registry.get("geonames:3936456")
    assert lima is not None and lima.id == "my-lima"
    assert "Ciudad de los Reyes" in lima.names and "Лима" in lima.names
    assert "lima" not in registry.ambiguous
    # Lima, Ohio beside them is still a namesake of the merged Lima.
    paths = [
        bundled_path("world"),
        write_registry(LIMA_PERU, "peru.yaml"),
        write_registry(LIMA_OHIO, "ohio.yaml"),
    ]
    assert set(Registry.from_files(paths).ambiguous["lima"]) == {"my-lima", "lima-ohio"}


def test_a_shared_external_id_makes_one_entity() -> None:
    head = "version: 1\nentities:\n"
    first = head + "  - {id: a, canonical: Vienna, type: place, aliases: [Wien], same_as: [wikidata:Q1741]}\n"
    second = head + (
        "  - {id: b, canonical: Vienna, type: place, aliases: [Vienne], same_as: [wikidata:Q1741],"
        " prominence: 3}\n"
    )
    registry = Registry.from_texts([(first, "one.yaml"), (second, "two.yaml")])
    assert [e.id for e in registry.entities] == ["b"]
    (entity,) = registry.entities
    assert set(entity.names) == {"Vienna", "Wien", "Vienne"}
    assert set(entity.same_as) == {"wikidata:Q1741", "a"}
    assert entity.prominence == 3
    assert registry.get("a") is entity and registry.get("wikidata:Q1741") is entity
    # Built registries merge the same way.
    merged = Registry.from_text(first, "one.yaml").merged(Registry.from_text(second, "two.yaml"))
    assert [e.id for e in merged.entities] == ["b"]


def test_same_as_chains_merge_transitively() -> None:
    text = """\
version: 1
entities:
  - {id: a, canonical: Wien, type: place, same_as: [geonames:2761369]}
  - {id: b, canonical: Vienna, type: place, same_as: [wikidata:Q1741]}
  - {id: c, canonical: Vienne, type: place, same_as: [geonames:2761369, wikidata:Q1741]}
  - {id: d, canonical: Vienne, type: place, description: the French town}
"""
    registry = Registry.from_text(text, "vienna.yaml")
    assert [e.id for e in registry.entities] == ["c", "d"]
    assert set(registry.get("c").names) == {"Wien", "Vienna", "Vienne"}  # type: ignore[union-attr]
    assert registry.ambiguous["vienne"] == ("c", "d")


def test_same_as_between_different_types_is_an_error() -> None:
    text = (
        "version: 1\nentities:\n"
        "  - {id: a, canonical: Georgia, type: place}\n"
        "  - {id: b, canonical: Georgia, type: person, same_as: [a]}\n"
    )
    with pytest.raises(RegistryError) as caught:
        Registry.from_text(text, "g.yaml")
    assert str(caught.value) == ("g.yaml:4: same_as: 'b' (person) cannot be the same entity as 'a' (place)")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("same_as: wikidata:Q1", "g.yaml:3: same_as: expected a list, found text"),
        ("same_as: ['']", "g.yaml:3: same_as: must not be empty"),
        ("same_as: [a]", "g.yaml:3: same_as: 'a' is the entity's own id"),
    ],
)
def test_bad_same_as_is_an_error(value: str, message: str) -> None:
    text = f"version: 1\nentities:\n  - {{id: a, canonical: Ana, type: person, {value}}}\n"
    with pytest.raises(RegistryError) as caught:
        Registry.from_text(text, "g.yaml")
    assert str(caught.value) == message


def test_same_as_alone_changes_nothing() -> None:
    # An id no entity of the combination has is an external id: nothing to merge.
    registry = Registry.from_text(LIMA_PERU, "peru.yaml")
    assert [e.id for e in registry.entities] == ["my-lima"]
    assert registry.entities[0].same_as == ("geonames:3936456",)
    assert registry.entities[0].as_dict()["same_as"] == ["geonames:3936456"]


# --- the prominence prior of registries combined -------------------------------------------

PLACES = """\
version: 1
entities:
  - {id: aldona, canonical: Aldona, type: place, prominence: 1000}
  - {id: aldana, canonical: Aldana, type: place, prominence: 1000}
"""
PEOPLE = """\
version: 1
entities:
  - {id: ana-aldin, canonical: Ana Aldin, type: person}
"""


def _confidence(resolver: Resolver, query: str, entity_id: str) -> float:
    return next(m.score for m in resolver.candidates(query, limit=10) if m.entity.id == entity_id)


@pytest.mark.parametrize("query", ["Aldena", "Aldin", "Aldona"])
def test_adding_a_registry_never_raises_another_registrys_candidate(query: str) -> None:
    # Places with a prominence, people without: combined, the places keep the prior they
    # have alone (before, one candidate without prominence switched it off for all, and
    # "Aldena" rose from 0.08 to 0.15). The other registry's words change the words'
    # rarity a little, hence the small tolerance.
    alone = Resolver(Registry.from_text(PLACES, "places.yaml"))
    both = Resolver(Registry.from_texts([(PLACES, "places.yaml"), (PEOPLE, "people.yaml")]))
    for entity_id in ("aldona", "aldana"):
        assert _confidence(both, query, entity_id) <= _confidence(alone, query, entity_id) + 0.005


def test_a_lone_surname_does_not_reach_a_far_off_alias_through_a_combination(
    world_then_story: Resolver,
) -> None:
    # A surname alone that is one letter or two from one of a country's hundreds of CLDR
    # names is no more likely to mean the country with the story's people beside it than
    # against the world registry alone, where it is unknown.
    assert Resolver.bundled("world").resolve("Geri") is None
    assert world_then_story.resolve("Geri") is None
    doc = world_then_story.annotate(
        "Peru's president José Jerí spoke in Lima. Geri said the border stays closed."
    )
    assert [(m.text, m.entity.id, m.via) for m in doc.mentions][-1] == ("Geri", "jose-jeri", "document")


def test_a_surname_alone_is_the_person_the_document_names_not_a_place_named_more_often(
    world_then_story: Resolver,
) -> None:
    # "Jerí" alone is one word of José Jerí, named in full before, and one or two letters
    # from Hiri, one of Chile's names; Chile is named more often. The short form of a name
    # the document gives in full is what a reader takes it for.
    text = (
        "Peru's president José Jerí met Chile's Gabriel Boric in Lima. "
        "Jerí said the border with Chile stays closed."
    )
    found = [(m.text, m.entity.id) for m in world_then_story.annotate(text).mentions]
    assert ("Jerí", "jose-jeri") in found and ("Jerí", "chile") not in found


def test_a_later_file_repeating_an_id_may_rename_the_entity() -> None:
    # Two GeoNames snapshots of different years give Kyiv the same id (geonames:703448)
    # under the names of their day: the later file's name is the canonical one, the earlier
    # stays an alias (before: an error stopped the load).
    older = (
        "version: 1\nentities:\n  - {id: 'geonames:703448', canonical: Kiev, type: place, aliases: [Київ]}\n"
    )
    newer = "version: 1\nentities:\n  - {id: 'geonames:703448', canonical: Kyiv, type: place}\n"
    registry = Registry.from_texts([(older, "old.yaml"), (newer, "new.yaml")])
    (city,) = registry.entities
    assert city.canonical == "Kyiv"
    assert set(city.names) == {"Kyiv", "Kiev", "Київ"}
