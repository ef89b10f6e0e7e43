"""`canonym import wikidata` fills `roles` from "position held" (P39) statements.

The dump below is written by hand in the layout of Wikidata's JSON dumps. Its ids
(Q910000xxx) are placeholders, not Wikidata's: only the classes Q5 (human), Q515 (city)
and Q6256 (country) are real ids, those canonym's importer knows. The people, offices and
dates are genuine (checked by hand against the public record), except where a comment
says a statement is broken on purpose (a dump error the importer must count, not import).
"""

from __future__ import annotations

import datetime
import io
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from canonym import Registry, Resolver
from canonym.cli import main
from canonym.importers import from_wikidata, write_registry
from canonym.models import Role

PERU, CHILE, GERMANY, UK = "Q910000001", "Q910000002", "Q910000003", "Q910000004"
LIMA = "Q910000005"  # not in the dump: a jurisdiction the import does not know
PUBLIC_OFFICE = "Q910000015"
PRESIDENT_OF_PERU, PRESIDENT_OF_CHILE = "Q910000020", "Q910000021"
CHANCELLOR_OF_GERMANY, VICE_PRESIDENT_OF_PERU = "Q910000022", "Q910000023"
PRESIDENT_OF_CONGRESS, MONARCH_OF_UK = "Q910000024", "Q910000025"
FOREIGN_MINISTER_OF_PERU, MAYOR_OF_LIMA = "Q910000026", "Q910000027"
DEPUTY_OF_CHILE = "Q910000028"  # not in the dump: a position item the import never sees
JERI, BOLUARTE, CASTILLO = "Q910000030", "Q910000031", "Q910000032"
BORIC, PINERA, BACHELET = "Q910000033", "Q910000034", "Q910000035"
SCHOLZ, MERZ, ELIZABETH = "Q910000036", "Q910000037", "Q910000038"
DE_ZELA, CASTANEDA = "Q910000039", "Q910000040"


def snak(prop: str, value: str) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {"value": {"entity-type": "item", "id": value}, "type": "wikibase-entityid"},
    }


def time(prop: str, day: str, precision: int = 11) -> dict[str, Any]:
    return {
        "snaktype": "value",
        "property": prop,
        "datavalue": {"value": {"time": f"+{day}T00:00:00Z", "precision": precision}, "type": "time"},
    }


def claim(prop: str, value: str, *qualifiers: dict[str, Any], rank: str = "normal") -> dict[str, Any]:
    out: dict[str, Any] = {"mainsnak": snak(prop, value), "type": "statement", "rank": rank}
    if qualifiers:
        out["qualifiers"] = {}
        for q in qualifiers:
            out["qualifiers"].setdefault(q["property"], []).append(q)
    return out


def held(
    position: str, start: str | None = None, end: str | None = None, precision: int = 11
) -> dict[str, Any]:
    qualifiers = [time("P580", start, precision)] if start else []
    qualifiers += [time("P582", end, precision)] if end else []
    return claim("P39", position, *qualifiers)


def item(qid: str, labels: dict[str, str], **claims: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "item",
        "id": qid,
        "labels": {lang: {"language": lang, "value": value} for lang, value in labels.items()},
        "claims": claims,
    }


def person(qid: str, name: str, *statements: dict[str, Any], died: str | None = None) -> dict[str, Any]:
    claims: dict[str, list[dict[str, Any]]] = {"P31": [claim("P31", "Q5")], "P39": list(statements)}
    if died:
        claims["P570"] = [{"mainsnak": time("P570", died), "type": "statement", "rank": "normal"}]
    return item(qid, {"en": name}, **claims)


def country(qid: str, labels: dict[str, str]) -> dict[str, Any]:
    return item(qid, labels, P31=[claim("P31", "Q6256")])


def office(
    qid: str, labels: dict[str, str], subclass_of: str, jurisdiction: str | None = None
) -> dict[str, Any]:
    claims = {"P31": [claim("P31", PUBLIC_OFFICE)], "P279": [claim("P279", subclass_of)]}
    if jurisdiction:
        claims["P1001"] = [claim("P1001", jurisdiction)]
    return item(qid, labels, **claims)


# People come before the positions they held, as they may in a dump: the importer must
# read the whole dump before it can name their offices.
DUMP = [
    # José Jerí: President of the Congress from 26 July 2025, President of Peru from 10
    # October 2025, when Congress removed Dina Boluarte.
    person(
        JERI,
        "José Jerí",
        held(PRESIDENT_OF_CONGRESS, "2025-07-26", "2025-10-10"),
        held(PRESIDENT_OF_PERU, "2025-10-10"),
    ),
    # Dina Boluarte: First Vice President from 28 July 2021; President from 7 December
    # 2022 (Castillo's removal) to 10 October 2025.
    person(
        BOLUARTE,
        "Dina Boluarte",
        held(VICE_PRESIDENT_OF_PERU, "2021-07-28", "2022-12-07"),
        held(PRESIDENT_OF_PERU, "2022-12-07", "2025-10-10"),
    ),
    # Pedro Castillo: President from 28 July 2021 to 7 December 2022. The second statement
    # is broken on purpose: its end is before its start.
    person(
        CASTILLO,
        "Pedro Castillo",
        held(PRESIDENT_OF_PERU, "2021-07-28", "2022-12-07"),
        held(PRESIDENT_OF_PERU, "2022-12-07", "2021-07-28"),
    ),
    # Gabriel Boric: deputy 2014-2022 (a position item left out of this dump), President
    # of Chile from 11 March 2022 (no end in the dump: in office).
    person(
        BORIC,
        "Gabriel Boric",
        held(DEPUTY_OF_CHILE, "2014-03-11", "2022-03-11"),
        held(PRESIDENT_OF_CHILE, "2022-03-11"),
    ),
    # Sebastián Piñera: President 2010-2014 and 2018-2022; died 6 February 2024.
    person(
        PINERA,
        "Sebastián Piñera",
        held(PRESIDENT_OF_CHILE, "2010-03-11", "2014-03-11"),
        held(PRESIDENT_OF_CHILE, "2018-03-11", "2022-03-11"),
        died="2024-02-06",
    ),
    # Michelle Bachelet: President 2006-2010 (given to the year only, as Wikidata gives
    # some dates) and 2014-2018; the third statement is broken on purpose: a decade.
    person(
        BACHELET,
        "Michelle Bachelet",
        held(PRESIDENT_OF_CHILE, "2006-00-00", "2010-00-00", precision=9),
        held(PRESIDENT_OF_CHILE, "2014-03-11", "2018-03-11"),
        held(PRESIDENT_OF_CHILE, "2010-00-00", precision=8),
    ),
    # Olaf Scholz: Chancellor from 8 December 2021 to 6 May 2025; Friedrich Merz from 6 May 2025.
    person(SCHOLZ, "Olaf Scholz", held(CHANCELLOR_OF_GERMANY, "2021-12-08", "2025-05-06")),
    person(MERZ, "Friedrich Merz", held(CHANCELLOR_OF_GERMANY, "2025-05-06")),
    # Elizabeth II: Queen from 6 February 1952 until her death on 8 September 2022 (the
    # statement gives no end: her death ends it).
    person(ELIZABETH, "Elizabeth II", held(MONARCH_OF_UK, "1952-02-06"), died="2022-09-08"),
    # Hugo de Zela: Foreign Minister of Peru (from October 2025): no start in this dump.
    person(DE_ZELA, "Hugo de Zela", held(FOREIGN_MINISTER_OF_PERU)),
    # Luis Castañeda Lossio: Mayor of Lima 2015-2018 (Lima is not in this dump).
    person(CASTANEDA, "Luis Castañeda Lossio", held(MAYOR_OF_LIMA, "2015-01-01", "2018-12-31")),
    country(PERU, {"en": "Peru", "es": "Perú"}),
    country(CHILE, {"en": "Chile", "es": "Chile"}),
    country(GERMANY, {"en": "Germany", "de": "Deutschland"}),
    country(UK, {"en": "United Kingdom"}),
    # Generic offices, one above the other ("subclass of", P279).
    item(PUBLIC_OFFICE, {"en": "public office"}),
    office("Q910000010", {"en": "president", "es": "presidente"}, "Q910000012"),
    office("Q910000011", {"en": "head of government", "es": "jefe de gobierno"}, PUBLIC_OFFICE),
    office("Q910000012", {"en": "head of state", "es": "jefe de Estado"}, PUBLIC_OFFICE),
    office("Q910000013", {"en": "monarch", "de": "Monarch"}, "Q910000012"),
    office("Q910000014", {"en": "minister", "es": "ministro"}, PUBLIC_OFFICE),
    office("Q910000016", {"en": "vice president", "es": "vicepresidente"}, PUBLIC_OFFICE),
    office("Q910000017", {"en": "minister of foreign affairs"}, "Q910000014"),
    office("Q910000018", {"en": "mayor", "es": "alcalde"}, PUBLIC_OFFICE),
    # The positions.
    office(PRESIDENT_OF_PERU, {"en": "President of Peru", "es": "presidente del Perú"}, "Q910000010", PERU),
    office(
        PRESIDENT_OF_CHILE, {"en": "President of Chile", "es": "presidente de Chile"}, "Q910000010", CHILE
    ),
    # "Chancellor" alone is also what translation makes of the Spanish canciller: the class
    # above (head of government) settles it.
    office(CHANCELLOR_OF_GERMANY, {"en": "Chancellor of Germany"}, "Q910000011", GERMANY),
    office(
        VICE_PRESIDENT_OF_PERU,
        {"en": "First Vice President of Peru", "es": "primer vicepresidente del Perú"},
        "Q910000016",
        PERU,
    ),
    # A presiding officer is a "president", but not of Peru: its labels say so.
    office(
        PRESIDENT_OF_CONGRESS,
        {
            "en": "President of the Congress of the Republic of Peru",
            "es": "presidente del Congreso de la República del Perú",
        },
        "Q910000010",
        PERU,
    ),
    office(MONARCH_OF_UK, {"en": "Monarch of the United Kingdom"}, "Q910000013", UK),
    office(
        FOREIGN_MINISTER_OF_PERU,
        {"en": "Minister of Foreign Affairs of Peru", "es": "ministro de Relaciones Exteriores del Perú"},
        "Q910000017",
        PERU,
    ),
    office(MAYOR_OF_LIMA, {"en": "Mayor of Lima", "es": "alcalde de Lima"}, "Q910000018", LIMA),
]


def dump_lines(items: list[dict[str, Any]] = DUMP) -> list[str]:
    return ["[", *(json.dumps(i, ensure_ascii=False) + "," for i in items[:-1]), json.dumps(items[-1]), "]"]


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


EXPECTED_ROLES = {
    JERI: (Role("president", PERU, day("2025-10-10")),),
    BOLUARTE: (Role("president", PERU, day("2022-12-07"), day("2025-10-10")),),
    CASTILLO: (Role("president", PERU, day("2021-07-28"), day("2022-12-07")),),
    BORIC: (Role("president", CHILE, day("2022-03-11")),),
    PINERA: (
        Role("president", CHILE, day("2010-03-11"), day("2014-03-11")),
        Role("president", CHILE, day("2018-03-11"), day("2022-03-11")),
    ),
    # A year stands for all of it: first day of the first year, last day of the last.
    BACHELET: (
        Role("president", CHILE, day("2006-01-01"), day("2010-12-31")),
        Role("president", CHILE, day("2014-03-11"), day("2018-03-11")),
    ),
    SCHOLZ: (Role("head-of-government", GERMANY, day("2021-12-08"), day("2025-05-06")),),
    MERZ: (Role("head-of-government", GERMANY, day("2025-05-06")),),
    ELIZABETH: (Role("head-of-state", UK, day("1952-02-06"), day("2022-09-08")),),
}


def test_position_held_statements_become_roles() -> None:
    counts: dict[str, int] = {}
    entities = from_wikidata(dump_lines(), roles_left_out=counts)
    roles = {e.id: e.roles for e in entities if e.roles}
    assert roles == EXPECTED_ROLES
    assert counts == {
        "roles": 11,
        "position": 1,  # Boric's deputy seat: not in the dump
        "office": 2,  # Jerí in the Congress, Boluarte as vice president: no office of the vocabulary
        "place": 1,  # Castañeda: Lima is not imported
        "start": 1,  # de Zela: no start time
        "dates": 2,  # Castillo's end before start, Bachelet's decade
    }


def test_imported_roles_resolve_role_mentions_at_a_date(tmp_path: Path) -> None:
    path = tmp_path / "imported.yaml"
    assert main(["import", "wikidata", str(write(tmp_path, dump_lines())), "-o", str(path)]) == 0
    resolver = Resolver(Registry.from_files([path]))

    def who(query: str, date: str) -> str | None:
        match = resolver.resolve(query, date=date)
        return None if match is None else match.entity.id

    assert who("the president of Peru", "2025-11-28") == JERI
    assert who("Peru's president", "2023-06-01") == BOLUARTE
    assert who("the Peruvian president", "2022-01-15") == CASTILLO
    assert who("the president of Peru", "2025-10-10") is None  # handover day: two holders
    assert who("the president of Peru", "2020-01-01") is None  # Vizcarra: not in the dump
    assert who("Peru's vice president", "2022-01-15") is None  # not imported as an office
    assert who("the Chilean president", "2024-06-01") == BORIC
    assert who("the Chilean president", "2012-06-01") == PINERA
    assert who("the Chilean president", "2010-06-01") is None  # Bachelet's 2010 is a whole year
    assert who("the German Chancellor", "2025-11-28") == MERZ
    assert who("the German Chancellor", "2023-01-01") == SCHOLZ
    assert who("the Austrian Chancellor", "2025-11-28") is None
    assert who("the British head of state", "2000-01-01") == ELIZABETH
    assert who("the British head of state", "2023-01-01") is None  # after her death
    match = resolver.resolve("the president of Peru", date="2025-11-28")
    assert match is not None and match.evidence.role == Role("president", PERU, day("2025-10-10"))


def write(tmp_path: Path, lines: list[str]) -> Path:
    source = tmp_path / "dump.json"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source


def test_the_summary_counts_roles_and_statements_left_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "imported.yaml"
    assert main(["import", "wikidata", str(write(tmp_path, dump_lines())), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "canonym: imported 11 roles from position-held (P39) statements\n" in err
    assert "canonym: left out 1 position-held statement whose position item is not in the dump\n" in err
    assert "left out 2 position-held statements whose position is no office of canonym's vocabulary" in err
    assert "left out 1 position-held statement whose jurisdiction is not imported (see --places)" in err
    assert "left out 1 position-held statement with no start time (P580)" in err
    assert "left out 2 position-held statements with a date that is not a day" in err
    assert main(["check", str(out)]) == 0  # every role's place is in the import


def test_class_filter_keeps_the_positions_it_needs() -> None:
    # Only people are imported, but the position items are still read: with the
    # countries imported too, every role is found; without them, none has a place.
    counts: dict[str, int] = {}
    entities = from_wikidata(dump_lines(), classes=["Q5", "Q6256"], roles_left_out=counts)
    assert {e.id: e.roles for e in entities if e.roles} == EXPECTED_ROLES
    assert counts["roles"] == 11
    counts = {}
    entities = from_wikidata(dump_lines(), classes=["Q5"], roles_left_out=counts)
    assert all(e.type == "person" and not e.roles for e in entities)
    # All 18 statements but the one with no start, the two with bad dates and the one
    # whose position item is not in the dump.
    assert counts["roles"] == 0 and counts["place"] == 18 - 1 - 2 - 1


def test_places_of_another_registry(tmp_path: Path) -> None:
    # People alone, with the bundled registry's places: "President of Peru" names its
    # place `peru`, and the import loads together with that registry.
    bundled = resources.files("canonym").joinpath("data/aliases.yaml")
    places = Registry.from_texts([(bundled.read_text("utf-8"), "aliases.yaml")])
    counts: dict[str, int] = {}
    entities = from_wikidata(dump_lines(), classes=["Q5"], places=places, roles_left_out=counts)
    roles = {e.id: e.roles for e in entities if e.roles}
    assert roles[BOLUARTE] == (Role("president", "peru", day("2022-12-07"), day("2025-10-10")),)
    assert roles[PINERA][0] == Role("president", "chile", day("2010-03-11"), day("2014-03-11"))
    assert GERMANY not in roles and SCHOLZ not in roles  # Germany is not a place of that registry
    out = tmp_path / "people.yaml"
    bundled_path = tmp_path / "aliases.yaml"
    bundled_path.write_text(bundled.read_text("utf-8"), encoding="utf-8")
    assert (
        main(
            [
                "import",
                "wikidata",
                str(write(tmp_path, dump_lines())),
                "--class",
                "Q5",
                "--places",
                str(bundled_path),
                "-o",
                str(out),
            ]
        )
        == 0
    )
    resolver = Resolver(Registry.from_files([bundled_path, out]))
    match = resolver.resolve("Peru's president", date="2023-06-01")
    assert match is not None and match.entity.id == BOLUARTE


def test_a_deprecated_or_valueless_statement_gives_no_role() -> None:
    dump = [
        person(
            BORIC,
            "Gabriel Boric",
            claim("P39", PRESIDENT_OF_CHILE, time("P580", "2022-03-11"), rank="deprecated"),
        ),
        country(CHILE, {"en": "Chile"}),
        office(PRESIDENT_OF_CHILE, {"en": "President of Chile"}, "Q910000010", CHILE),
    ]
    entities = from_wikidata(dump_lines(dump))
    assert all(not e.roles for e in entities)


def test_the_written_registry_loads_back_with_the_same_roles() -> None:
    entities = from_wikidata(dump_lines())
    out = io.StringIO()
    write_registry(entities, out)
    loaded = Registry.from_text(out.getvalue(), "imported.yaml")
    assert [(e.id, e.roles) for e in loaded.entities] == [(e.id, e.roles) for e in entities]


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        ({"snaktype": "somevalue", "property": "P580"}, "start"),  # "unknown value"
        ({"snaktype": "novalue", "property": "P580"}, "start"),
        (time("P580", "2022-13-45"), "dates"),  # no such day
        (time("P580", "2022-00-00", precision=10), "dates"),  # a month, but month 0
        (
            {
                "snaktype": "value",
                "property": "P580",
                "datavalue": {"value": {"time": "+2022-03-11T00:00:00Z", "precision": "11"}},
            },
            "dates",
        ),
        ({"snaktype": "value", "property": "P580", "datavalue": {"value": "2022-03-11"}}, "dates"),
        (
            {
                "snaktype": "value",
                "property": "P580",
                "datavalue": {"value": {"time": "-0044-03-15T00:00:00Z", "precision": 11}},
            },
            "dates",
        ),
        (
            {
                "snaktype": "value",
                "property": "P580",
                "datavalue": {"value": {"time": "+12022-03-11T00:00:00Z", "precision": 11}},
            },
            "dates",
        ),
    ],
)
def test_unreadable_start_times_are_counted_not_imported(start: dict[str, Any], reason: str) -> None:
    dump = [
        person(BORIC, "Gabriel Boric", claim("P39", PRESIDENT_OF_CHILE, start)),
        country(CHILE, {"en": "Chile"}),
        office(PRESIDENT_OF_CHILE, {"en": "President of Chile"}, "Q910000010", CHILE),
    ]
    counts: dict[str, int] = {}
    entities = from_wikidata(dump_lines(dump), roles_left_out=counts)
    assert all(not e.roles for e in entities)
    assert counts[reason] == 1 and counts["roles"] == 0


def test_a_month_stands_for_all_of_it() -> None:
    dump = [
        person(BORIC, "Gabriel Boric", held(PRESIDENT_OF_CHILE, "2022-03-00", "2024-02-00", precision=10)),
        country(CHILE, {"en": "Chile"}),
        office(PRESIDENT_OF_CHILE, {"en": "President of Chile"}, "Q910000010", CHILE),
    ]
    [boric, _] = from_wikidata(dump_lines(dump))
    assert boric.roles == (Role("president", CHILE, day("2022-03-01"), day("2024-02-29")),)


def test_position_held_that_is_not_a_list_is_an_error_naming_the_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = person(BORIC, "Gabriel Boric")
    broken["claims"]["P39"] = {"mainsnak": "?"}
    source = write(tmp_path, dump_lines([country(CHILE, {"en": "Chile"}), broken]))
    assert main(["import", "wikidata", str(source)]) == 2
    assert (
        capsys.readouterr().err == f"canonym: error: {source}:3: claims.P39: expected a list of statements\n"
    )


def test_places_applies_to_wikidata_only(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "people.csv"
    table.write_text("id,name,type\nboric,Gabriel Boric,person\n", encoding="utf-8")
    assert main(["import", "csv", str(table), "--places", "world"]) == 2
    assert "--places applies to wikidata sources only, not csv" in capsys.readouterr().err


def test_a_generic_position_takes_the_place_of_its_statement() -> None:
    # "position held: mayor", with the jurisdiction as the statement's qualifier.
    lima = item(LIMA, {"en": "Lima"}, P31=[claim("P31", "Q515")])
    mayor = claim(
        "P39", "Q910000018", time("P580", "2015-01-01"), time("P582", "2018-12-31"), snak("P1001", LIMA)
    )
    dump = [person(CASTANEDA, "Luis Castañeda Lossio", mayor), lima, *DUMP[11:]]
    roles = {e.id: e.roles for e in from_wikidata(dump_lines(dump)) if e.roles}
    assert roles == {CASTANEDA: (Role("mayor", LIMA, day("2015-01-01"), day("2018-12-31")),)}


def test_a_position_without_jurisdiction_takes_the_place_its_label_names() -> None:
    no_jurisdiction = office(PRESIDENT_OF_PERU, {"en": "President of Peru"}, "Q910000010")
    dump = [person(CASTILLO, "Pedro Castillo", held(PRESIDENT_OF_PERU, "2021-07-28", "2022-12-07"))]
    dump += [country(PERU, {"en": "Peru", "es": "Perú"}), no_jurisdiction]
    [castillo, _] = from_wikidata(dump_lines(dump))
    assert castillo.roles == (Role("president", PERU, day("2021-07-28"), day("2022-12-07")),)


def test_places_imported_apart_keep_their_wikidata_ids(tmp_path: Path) -> None:
    # Countries imported to one file, people to another: a position's jurisdiction is an
    # id of the first, so the roles name it, and the two files load together.
    countries, people = tmp_path / "countries.yaml", tmp_path / "people.yaml"
    source = str(write(tmp_path, dump_lines()))
    assert main(["import", "wikidata", source, "--class", "Q6256", "-o", str(countries)]) == 0
    assert (
        main(["import", "wikidata", source, "--class", "Q5", "--places", str(countries), "-o", str(people)])
        == 0
    )
    registry = Registry.from_files([countries, people])
    assert {e.id: e.roles for e in registry.entities if e.roles} == EXPECTED_ROLES
