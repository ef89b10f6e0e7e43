"""Short forms, honestly (#14): a surname alone is weighed by how many people bear it."""

from __future__ import annotations

from pathlib import Path

import pytest

from canonym import Registry, Resolver
from canonym.surnames import frequency, surname_log_odds

ROOT = Path(__file__).resolve().parents[1]


def test_the_table_knows_common_and_rare_surnames() -> None:
    # Torres, García, Kim and Singh are among the most common surnames; Kast is rare.
    for common in ("torres", "garcia", "kim", "singh", "smith"):
        assert frequency(common) > 30, common
    assert frequency("kast") < 1
    assert frequency("qqqxz") is None


def test_a_common_surname_lowers_and_a_rare_one_raises() -> None:
    assert surname_log_odds("torres") < -1
    assert surname_log_odds("smith") < surname_log_odds("torres")
    assert 0 < surname_log_odds("kast") <= surname_log_odds("tiburcio")
    # A word the list does not hold may be no surname at all: it changes nothing.
    assert surname_log_odds("qqqxz") == 0.0


def test_a_rare_distinctive_surname_alone_resolves(resolver: Resolver) -> None:
    m = resolver.resolve("Kast")
    assert m is not None and m.entity.id == "jose-antonio-kast"
    assert m.evidence.contributions["surname_frequency"] > 0


@pytest.mark.parametrize("query", ["Torres", "Cordero"])
def test_a_common_surname_alone_stays_unknown(resolver: Resolver, query: str) -> None:
    (m,) = resolver.candidates(query, limit=1)
    assert m.evidence.contributions["surname_frequency"] < 0
    assert resolver.resolve(query) is None


def test_a_respelt_surname_is_not_raised_by_rarity(resolver: Resolver) -> None:
    (m,) = resolver.candidates("Gehry", limit=1)
    assert m.evidence.contributions.get("surname_frequency", 0.0) <= 0


def test_full_names_and_given_names_get_no_surname_term(resolver: Resolver) -> None:
    for query in ("José Antonio Kast", "Antonio"):
        for m in resolver.candidates(query, limit=3):
            assert "surname_frequency" not in m.evidence.contributions, (query, m.entity.id)


def test_namesakes_stay_rejected(resolver: Resolver) -> None:
    assert resolver.resolve("Felipe Kast") is None


def test_a_surname_two_registry_people_bear_is_not_raised() -> None:
    text = (
        "version: 1\nentities:\n"
        "  - {id: a, canonical: Ana Zapiola, type: person}\n"
        "  - {id: b, canonical: Bruno Zapiola, type: person}\n"
        "  - {id: c, canonical: Carla Urquiza, type: person}\n"
    )
    r = Resolver(Registry.from_text(text, "z.yaml"))
    for m in r.candidates("Zapiola", limit=2):
        assert m.evidence.contributions.get("surname_frequency", 0.0) <= 0
    (alone,) = r.candidates("Urquiza", limit=1)
    assert alone.evidence.contributions["surname_frequency"] > 0


def test_the_table_says_where_it_comes_from() -> None:
    head = (ROOT / "src" / "canonym" / "data" / "surnames.tsv").read_text("utf-8").splitlines()[:6]
    assert any("Census" in line and "2010" in line for line in head)
    assert any("tools/build_surnames.py" in line for line in head)
    readme = (ROOT / "src" / "canonym" / "data" / "README.md").read_text("utf-8")
    assert "surnames.tsv" in readme and "public domain" in readme
