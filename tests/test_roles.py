"""Roles: the office vocabulary, roles in registry files, and role mentions in resolve()."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

import canonym
from canonym import Registry, RegistryError, Resolver, Role
from canonym.roles import ROLE_CONFIDENCE, load_vocabulary, parse_role, resolve_role, vocabulary

ROOT = Path(__file__).resolve().parents[1]
DAY = datetime.date(2025, 11, 28)
LANGUAGES = ("en", "es", "pt", "fr", "de", "it")

# A made-up country whose mayors of one city change over time, to test dates apart from
# the bundled facts.
TOWN = """\
version: 1
entities:
  - id: avalon
    canonical: Avalon
    type: place
  - id: camelot
    canonical: Camelot
    type: place
  - id: ann-first
    canonical: Ann First
    type: person
    roles:
      - {office: mayor, where: camelot, from: 2019-01-01, to: 2022-12-31}
  - id: bea-second
    canonical: Bea Second
    type: person
    roles:
      - {office: mayor, where: camelot, from: 2023-01-01}
      - {office: foreign-minister, where: avalon, to: 2018-06-30}
"""


@pytest.fixture(scope="module")
def town() -> Registry:
    return Registry.from_text(TOWN, "town.yaml")


# --- the vocabulary ---------------------------------------------------------------


def test_every_office_has_titles_in_the_languages_news_is_translated_from() -> None:
    for office in vocabulary().offices.values():
        missing = [lang for lang in LANGUAGES if not office.titles.get(lang)]
        assert not missing, (office.id, missing)


@pytest.mark.parametrize("title", ["canciller", "chanceler", "Chancellor", "head of diplomacy"])
def test_false_friends_of_translation_name_the_foreign_minister(title: str) -> None:
    phrase = parse_role(f"the Peruvian {title}", frozenset())
    assert phrase is not None
    assert "foreign-minister" in phrase.offices


def test_chancellor_is_also_a_head_of_government() -> None:
    phrase = parse_role("the Chancellor", frozenset())
    assert phrase is not None
    assert set(phrase.offices) == {"foreign-minister", "head-of-government"}


def test_word_order_and_function_words_do_not_matter() -> None:
    a = parse_role("minister of the interior", frozenset())
    b = parse_role("Interior Minister", frozenset())
    assert a is not None and a == b and a.offices == ("interior-minister",)


def test_a_word_left_over_means_no_role_phrase() -> None:
    assert parse_role("the Ruritanian Chancellor", frozenset()) is None
    assert parse_role("President Arturo Valverde", frozenset()) is None


# --- role mentions in the bundled registry ----------------------------------------


@pytest.mark.parametrize(
    ("query", "expected", "office"),
    [
        ("the Peruvian Chancellor", "hugo-de-zela", "foreign-minister"),
        ("the head of Peruvian diplomacy", "hugo-de-zela", "foreign-minister"),
        ("canciller del Perú", "hugo-de-zela", "foreign-minister"),
        ("Peru's interim president", "jose-jeri", "president"),
        ("Peru’s president", "jose-jeri", "president"),
        ("le président péruvien", "jose-jeri", "president"),
        ("the head of state of Peru", "jose-jeri", "president"),
        ("the regional governor of Tacna", "luis-torres", "regional-governor"),
        ("the governor of the Tacna region", "luis-torres", "regional-governor"),
        ("Chilean Security Minister", "luis-cordero", "security-minister"),
        ("ministro de Seguridad Pública de Chile", "luis-cordero", "security-minister"),
        ("Peruvian Interior Minister", "vicente-tiburcio", "interior-minister"),
        ("der chilenische Präsident", "gabriel-boric", "president"),
    ],
)
def test_role_mentions_resolve_to_the_holder(query: str, expected: str, office: str) -> None:
    found = resolve_role(query, Registry.default(), DAY)
    assert found is not None, query
    entity, role = found
    assert (entity.id, role.office) == (expected, office)


@pytest.mark.parametrize(
    "query",
    [
        "Argentina's president",  # holder not in the registry
        "the Austrian Chancellor",  # nor here
        "the governor of Chile's Arica region",  # a governor, but not the one of Tacna
        "the Chancellor",  # no place: whose?
        "the former Peruvian president",  # a past holder
        "Peru's next president",  # a future one
        "the Peruvian general",  # one general among many
        "the Chilean presidential candidate",  # two candidates
        "the mayor of Lima",  # an office the registry has no holder for
        "the Peruvian Security Minister",  # Cordero holds that office in Chile, not Peru
    ],
)
def test_unknown_or_ambiguous_roles_resolve_to_nothing(query: str) -> None:
    assert resolve_role(query, Registry.default(), DAY) is None


def test_the_date_decides_who_holds_an_office() -> None:
    reg = Registry.default()
    assert resolve_role("the Chilean president", reg, "2025-11-28") is not None
    # Boric's term ended when his successor was sworn in on 11 March 2026.
    assert resolve_role("the Chilean president", reg, "2026-06-01") is None
    # Jerí became president on 10 October 2025.
    assert resolve_role("Peru's president", reg, "2025-10-01") is None


def test_dates_pick_the_holder_of_the_day(town: Registry) -> None:
    assert resolve_role("the mayor of Camelot", town, "2020-05-01")[0].id == "ann-first"  # type: ignore[index]
    assert resolve_role("the mayor of Camelot", town, "2022-12-31")[0].id == "ann-first"  # type: ignore[index]
    assert resolve_role("the mayor of Camelot", town, "2023-01-01")[0].id == "bea-second"  # type: ignore[index]
    assert resolve_role("the mayor of Camelot", town, "2018-01-01") is None
    # No `from`: held on any day up to `to`.
    assert resolve_role("Avalon's foreign minister", town, "2010-01-01")[0].id == "bea-second"  # type: ignore[index]
    assert resolve_role("Avalon's foreign minister", town, "2018-07-01") is None


def test_bad_date_is_a_clear_error(town: Registry) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        resolve_role("the mayor of Camelot", town, "28/11/2025")


# --- the resolver ----------------------------------------------------------------


def test_resolve_names_the_role_in_the_evidence(resolver: Resolver) -> None:
    m = resolver.resolve("the Peruvian Chancellor", date=DAY)
    assert m is not None
    assert m.entity.id == "hugo-de-zela"
    assert m.score == ROLE_CONFIDENCE
    assert m.evidence.role == Role("foreign-minister", "peru")
    out = m.as_dict(evidence=True)
    assert out["via"] == "role"
    assert out["role"] == {"office": "foreign-minister", "where": "peru"}
    assert out["evidence"]["role"] == {"office": "foreign-minister", "where": "peru"}


def test_resolve_takes_iso_dates_and_the_package_function_passes_them_on(resolver: Resolver) -> None:
    assert resolver.resolve("the Chilean president", date="2025-11-28") is not None
    assert resolver.resolve("the Chilean president", date="2026-06-01") is None
    m = canonym.resolve("Chilean Security Minister", date="2025-11-28")
    assert m is not None and m.entity.id == "luis-cordero"


def test_role_match_respects_an_explicit_threshold(resolver: Resolver) -> None:
    assert resolver.resolve("the Peruvian Chancellor", date=DAY, threshold=0.99) is None


def test_a_role_with_no_known_holder_is_not_matched_by_name(resolver: Resolver) -> None:
    assert resolver.resolve("the Austrian Chancellor", date=DAY) is None
    assert resolver.resolve("Argentina's president", date=DAY) is None


def test_candidates_show_the_role_match(resolver: Resolver) -> None:
    found = resolver.candidates("the regional governor of Tacna", date=DAY)
    assert [m.entity.id for m in found] == ["luis-torres"]


def test_names_still_resolve_by_name(resolver: Resolver) -> None:
    m = resolver.resolve("José Gehry", date=DAY)
    assert m is not None and m.entity.id == "jose-jeri" and m.evidence.role is None


# --- roles in registry files -----------------------------------------------------


def test_roles_are_loaded_onto_entities(town: Registry) -> None:
    bea = town.get("bea-second")
    assert bea is not None
    assert bea.roles == (
        Role("mayor", "camelot", datetime.date(2023, 1, 1)),
        Role("foreign-minister", "avalon", None, datetime.date(2018, 6, 30)),
    )
    assert bea.as_dict()["roles"][1] == {"office": "foreign-minister", "where": "avalon", "to": "2018-06-30"}


def test_bundled_people_have_roles_on_known_places() -> None:
    reg = Registry.default()
    jeri = reg.get("jose-jeri")
    assert jeri is not None
    assert Role("president", "peru", datetime.date(2025, 10, 10)) in jeri.roles
    for entity in reg.entities:
        for role in entity.roles:
            assert entity.type == "person"
            assert role.office in vocabulary().offices
            assert reg.get(role.where) is not None


def test_merged_registries_keep_roles(town: Registry) -> None:
    merged = Registry.default().merged(town)
    assert merged.get("ann-first").roles == town.get("ann-first").roles  # type: ignore[union-attr]
    assert merged.get("jose-jeri").roles == Registry.default().get("jose-jeri").roles  # type: ignore[union-attr]


def test_a_later_file_may_give_the_place_a_role_names() -> None:
    people = (
        "version: 1\nentities:\n"
        "  - {id: p, canonical: P Q, type: person, roles: [{office: mayor, where: x}]}\n"
    )
    places = "version: 1\nentities:\n  - {id: x, canonical: Xanadu, type: place}\n"
    reg = Registry.from_texts([(people, "people.yaml"), (places, "places.yaml")])
    assert reg.get("p").roles == (Role("mayor", "x"),)  # type: ignore[union-attr]


HEAD = (
    "version: 1\nentities:\n  - {id: x, canonical: Xanadu, type: place}\n"
    "  - id: p\n    canonical: P Q\n    type: person\n"
)


@pytest.mark.parametrize(
    ("roles", "line", "field", "message"),
    [
        ("    roles:\n      - {office: emperor, where: x}\n", 8, "roles.office", "unknown office 'emperor'"),
        (
            "    roles:\n      - {office: mayor, where: atlantis}\n",
            8,
            "roles.where",
            "unknown entity id 'atlantis'",
        ),
        (
            "    roles:\n      - {office: mayor, where: x, from: 2024-01-01, to: 2023-01-01}\n",
            8,
            "roles.to",
            "2023-01-01 is before from (2024-01-01)",
        ),
        ("    roles:\n      - {office: mayor, where: x, from: last year}\n", 8, "roles.from", "YYYY-MM-DD"),
        (
            "    roles:\n      - {office: mayor, where: x, since: 2024-01-01}\n",
            8,
            "roles.since",
            "unknown field",
        ),
        ("    roles:\n      - {office: mayor}\n", 8, "roles.where", "missing"),
        ("    roles: mayor\n", 7, "roles", "expected a list"),
        ("    roles:\n      - mayor\n", 8, "roles", "expected a mapping"),
    ],
)
def test_bad_roles_are_one_line_errors(roles: str, line: int, field: str, message: str) -> None:
    with pytest.raises(RegistryError) as info:
        Registry.from_text(HEAD + roles, "bad.yaml")
    error = info.value
    assert (error.source, error.line, error.field) == ("bad.yaml", line, field)
    assert message in error.message
    assert "\n" not in str(error)
    assert str(error).startswith(f"bad.yaml:{line}: {field}: ")


def test_docs_describe_roles() -> None:
    text = (ROOT / "docs" / "registry.md").read_text("utf-8")
    assert "## Roles" in text
    for office in vocabulary().offices:
        assert f"`{office}`" in text, office


# --- titles as evidence ------------------------------------------------------------


def _best(resolver: Resolver, query: str, date: str = "2025-11-28") -> canonym.Match:
    found = resolver.candidates(query, limit=1, date=date)
    assert found, query
    return found[0]


def test_a_title_that_agrees_raises_the_confidence(resolver: Resolver) -> None:
    bare = _best(resolver, "Jerí")
    titled = _best(resolver, "President Jerí")
    assert titled.entity.id == "jose-jeri"
    assert titled.evidence.contributions["title"] > 0
    assert titled.evidence.role is not None and titled.evidence.role.office == "president"
    assert titled.score > bare.score
    assert resolver.resolve("President Jerí", date="2025-11-28") is not None
    assert "via" not in titled.as_dict()  # found by name; the title only agreed


@pytest.mark.parametrize("query", ["General Cordero", "Governor Tiburcio", "Argentine President Jerí"])
def test_a_title_that_contradicts_lowers_the_confidence(resolver: Resolver, query: str) -> None:
    m = _best(resolver, query)
    assert m.evidence.contributions["title"] < 0
    assert m.evidence.role is None
    assert resolver.resolve(query, date="2025-11-28") is None


@pytest.mark.parametrize(
    ("query", "date"),
    [
        ("Mayor Jerí", "2025-09-01"),  # no office known for him that day
        ("President Boric", "2026-06-01"),  # an office held on another day
        ("Sr. Jerí", "2025-11-28"),  # a title that names no office
    ],
)
def test_a_title_with_nothing_to_check_changes_nothing(resolver: Resolver, query: str, date: str) -> None:
    assert "title" not in _best(resolver, query, date).evidence.contributions


def test_title_evidence_is_dated(resolver: Resolver) -> None:
    assert _best(resolver, "President Boric", "2025-11-28").evidence.contributions["title"] > 0
    assert _best(resolver, "President Jerí", "2025-11-28").evidence.contributions["title"] > 0


def test_a_bad_date_fails_for_any_query(resolver: Resolver) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        resolver.resolve("José Gehry", date="November 28")


def test_the_vocabulary_is_read_by_the_strict_reader() -> None:
    # Plain YAML reads the title "no" as False and "on" as True; the strict reader keeps
    # every scalar as text, as for registries and the lexicon.
    text = "version: 1\noffices:\n  mayor:\n    unique: false\n    titles: {en: [mayor, 'on'], es: [no]}\n"
    vocabulary = load_vocabulary(text, "v.yaml")
    assert vocabulary.titles[("no",)] == ("mayor",)
    assert vocabulary.offices["mayor"].unique is False
