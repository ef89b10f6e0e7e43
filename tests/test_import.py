"""`canonym import`: registry files built from CSV/TSV, Wikidata JSON and GeoNames tables."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canonym import Entity, Registry, Resolver
from canonym.cli import main
from canonym.importers import from_table, write_registry
from canonym.registry import name_problem

DATA = Path(__file__).resolve().parent / "data"


def run_import(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str) -> tuple[Registry, str]:
    out = tmp_path / "imported.yaml"
    assert main(["import", *argv, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert main(["check", str(out)]) == 0  # the file is a valid registry
    capsys.readouterr()
    return Registry.from_files([out]), err


def test_csv_with_types_aliases_and_repeated_ids(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    registry, err = run_import(capsys, tmp_path, "csv", str(DATA / "people.csv"))
    assert [e.id for e in registry.entities] == ["boric", "jara", "iom", "tacna"]
    boric = registry.by_id["boric"]
    assert boric.type == "person"
    assert boric.aliases == ("Gabriel Boric Font", "Boric")  # the second row added one
    assert boric.description == "President of Chile, 2022-2026"
    iom = registry.by_id["iom"]
    assert iom.type == "organization"
    assert iom.aliases == ("IOM", "OIM", "Organización Internacional para las Migraciones")
    assert registry.by_id["tacna"].type == "place" and registry.by_id["tacna"].aliases == ()
    assert err == f"canonym: imported 4 entities from {DATA / 'people.csv'}\n"


def test_imported_registry_resolves_variants(tmp_path: Path) -> None:
    path = tmp_path / "people.yaml"
    with path.open("w", encoding="utf-8") as out:
        write_registry(from_table(DATA.joinpath("people.csv").read_text("utf-8").splitlines()), out)
    resolver = Resolver.from_files([path], cache=False)
    match = resolver.resolve("Janet Jara")
    assert match is not None and match.entity.id == "jara"


def test_tsv_without_ids_takes_them_from_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    registry, _ = run_import(capsys, tmp_path, "tsv", str(DATA / "places.tsv"), "--type", "place")
    assert [(e.id, e.canonical, e.type) for e in registry.entities] == [
        ("la-yarada-los-palos", "La Yarada-Los Palos", "place"),
        ("chacalluta", "Chacalluta", "place"),
        ("palca", "Palca", "place"),
    ]


def test_wikidata_dump_types_languages_and_skipped_items(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    registry, err = run_import(capsys, tmp_path, "wikidata", str(DATA / "wikidata.json"))
    assert [(e.id, e.canonical, e.type) for e in registry.entities] == [
        ("Q900000001", "José Jerí", "person"),
        ("Q900000002", "Arica", "place"),
        ("Q900000003", "Peruvian National Police", "organization"),
    ]
    assert registry.by_id["Q900000001"].aliases == ("Хосе Хери", "José Enrique Jerí Oré")
    assert registry.by_id["Q900000001"].description == "President of Peru"
    assert "left out 1 item of no class canonym knows the type of (give --type): Q900000004" in err
    # The first listed language with a label gives the canonical name; only listed languages count.
    registry, _ = run_import(
        capsys,
        tmp_path,
        "wikidata",
        str(DATA / "wikidata.json"),
        "--languages",
        "es,en",
        "--type",
        "organization",
    )
    police = registry.by_id["Q900000003"]
    assert (police.canonical, police.aliases) == (
        "Policía Nacional del Perú",
        ("Peruvian National Police", "PNP"),
    )
    assert registry.by_id["Q900000001"].aliases == ("José Enrique Jerí Oré",)  # no Russian label now
    assert registry.by_id["Q900000004"].type == "organization"  # no "instance of": takes --type


def test_geonames_keeps_names_and_drops_codes_and_links(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    registry, _ = run_import(capsys, tmp_path, "geonames", str(DATA / "geonames.txt"))
    lima = registry.by_id["geonames:900000011"]
    assert (lima.canonical, lima.type) == ("Lima", "place")
    # LIM and TCQ are the airports' IATA codes, not names of the cities.
    assert lima.aliases == ("Ciudad de los Reyes", "Лима", "ليما")
    assert lima.description == "GeoNames PPLC PE"
    assert registry.by_id["geonames:900000012"].aliases == ("Takna", "Такна")


@pytest.mark.parametrize(
    ("fmt", "content", "expected"),
    [
        ("csv", b"id,title\nx,Y\n", "in.txt:1: no column 'name' in the header (id, title)"),
        (
            "csv",
            b"id,name,type\na,Alpha,person\nb,Beta,planet\n",
            "in.txt:3: column 'type': unknown type 'planet'",
        ),
        (
            "csv",
            b"id,name\na,Alpha\n",
            "in.txt:1: no column 'type' in the header: give every row's type with --type TYPE, or the column "
            "with --type-column",
        ),
        ("csv", b"id,name,type\na,,person\n", "in.txt:2: column 'name': no name"),
        ("csv", b"id,name,type\na,Jer\xed,person\n", "in.txt:2: not UTF-8 text (byte 6 of the line)"),
        ("csv", b"", "in.txt: the file is empty"),
        ("wikidata", b'[\n{"id": "Q1", "labels": {}},\n{"id": "Q2", oops},\n]\n', "in.txt:3: not valid JSON"),
        ("wikidata", b"[\n[1, 2]\n]\n", "in.txt:2: not a Wikidata item"),
        ("geonames", b"12\tLima\tLima\tx\n\nLima\tLima\n", "in.txt:3: expected tab-separated geonameid"),
    ],
)
def test_bad_sources_give_one_line_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, fmt: str, content: bytes, expected: str
) -> None:
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    assert main(["import", fmt, str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith(f"canonym: error: {tmp_path / expected}")


def test_missing_source_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["import", "csv", str(tmp_path / "absent.csv")]) == 2
    assert "absent.csv: cannot be read" in capsys.readouterr().err


NAMES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=20
).filter(lambda s: s.strip() == s and name_problem(s) is None)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            NAMES, NAMES, st.sampled_from(["person", "place", "organization"]), st.lists(NAMES, max_size=3)
        ),
        max_size=5,
        unique_by=lambda t: t[0],
    )
)
def test_written_registries_load_back_unchanged(rows: list[tuple[str, str, str, list[str]]]) -> None:
    entities = [
        Entity(id=i, canonical=c, type=t, aliases=tuple(dict.fromkeys(a for a in aliases if a != c)))  # type: ignore[arg-type]
        for i, c, t, aliases in rows
    ]
    out = io.StringIO()
    assert write_registry(entities, out) == len(entities)
    loaded = Registry.from_text(out.getvalue(), "<written>")
    assert loaded.entities == tuple(entities)


# --- compressed input, delimiters, Wikidata filters, errors that name their option ----------


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress], ids=["gz", "bz2"])
def test_compressed_sources_read_as_they_are(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, compress: Callable[[bytes], bytes]
) -> None:
    plain, _ = run_import(capsys, tmp_path, "csv", str(DATA / "people.csv"))
    packed = tmp_path / "people.csv.packed"  # recognised by its first bytes, not its name
    packed.write_bytes(compress((DATA / "people.csv").read_bytes()))
    unpacked, err = run_import(capsys, tmp_path, "csv", str(packed))
    assert unpacked.entities == plain.entities
    assert err == f"canonym: imported 4 entities from {packed}\n"
    dump = compress((DATA / "wikidata.json").read_bytes())
    monkeypatch = pytest.MonkeyPatch()
    with monkeypatch.context() as patch:
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(dump)))
        registry, _ = run_import(capsys, tmp_path, "wikidata", "-")
    assert [e.id for e in registry.entities] == ["Q900000001", "Q900000002", "Q900000003"]


def test_a_truncated_archive_is_one_line_naming_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    packed = tmp_path / "people.csv.gz"
    packed.write_bytes(gzip.compress((DATA / "people.csv").read_bytes())[:-12])
    assert main(["import", "csv", str(packed)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"canonym: error: {packed}: ") and "gzip" in err


def test_an_xz_file_says_to_decompress_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    packed = tmp_path / "dump.json.xz"
    packed.write_bytes(b"\xfd7zXZ\x00\x00\x04\xe6\xd6\xb4F")
    assert main(["import", "wikidata", str(packed)]) == 2
    err = capsys.readouterr().err
    assert "xz" in err and ".gz" in err and err.count("\n") == 1


def test_csv_delimiter(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "semicolons.csv"
    source.write_text("id;name;type;aliases\nbm;Bois-le-Duc;place;'s-Hertogenbosch|Den Bosch\n", "utf-8")
    registry, _ = run_import(capsys, tmp_path, "csv", str(source), "--delimiter", ";")
    assert [(e.id, e.canonical, e.aliases) for e in registry.entities] == [
        ("bm", "Bois-le-Duc", ("'s-Hertogenbosch", "Den Bosch"))
    ]
    assert main(["import", "csv", str(source)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--delimiter ';'" in err


def _item(qid: str, label: str, classes: list[str], sitelinks: int) -> str:
    claims = [
        {"mainsnak": {"datavalue": {"value": {"id": c}, "type": "wikibase-entityid"}, "property": "P31"}}
        for c in classes
    ]
    links = {f"wiki{i}": {"site": f"wiki{i}", "title": label} for i in range(sitelinks)}
    return json.dumps(
        {
            "id": qid,
            "labels": {"en": {"language": "en", "value": label}},
            "claims": {"P31": claims},
            "sitelinks": links,
        }
    )


def test_wikidata_class_and_sitelink_filters(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "dump.jsonl"
    source.write_text(
        "\n".join(
            [
                _item("Q101", "Ada Lovelace", ["Q5"], 90),
                _item("Q102", "Lovelace Crater", ["Q55818"], 40),
                _item("Q103", "Ann Example", ["Q5"], 2),
                _item("Q104", "Port Town", ["Q515"], 50),
            ]
        ),
        "utf-8",
    )
    registry, err = run_import(capsys, tmp_path, "wikidata", str(source), "--class", "Q5")
    assert [e.id for e in registry.entities] == ["Q101", "Q103"]
    assert "left out 2 items not of the classes asked for (--class)" in err
    registry, err = run_import(capsys, tmp_path, "wikidata", str(source), "--min-sitelinks", "40")
    assert [e.id for e in registry.entities] == ["Q101", "Q104"]  # Q102's class has no type, and no --type
    assert "left out 1 item with fewer than 40 sitelinks (--min-sitelinks)" in err
    registry, _ = run_import(
        capsys, tmp_path, "wikidata", str(source), "--class", "Q5,Q515", "--min-sitelinks", "10"
    )
    assert [e.id for e in registry.entities] == ["Q101", "Q104"]
    registry, _ = run_import(capsys, tmp_path, "wikidata", str(source), "--class", "q5")
    assert [e.id for e in registry.entities] == ["Q101", "Q103"]
    assert main(["import", "wikidata", str(source), "--class", "human"]) == 2
    assert "--class HUMAN: a Wikidata class is an item id such as Q5" in capsys.readouterr().err
    # A class canonym has no type for needs one given.
    assert main(["import", "wikidata", str(source), "--class", "Q55818"]) == 2
    err = capsys.readouterr().err
    assert "--class Q55818" in err and "--type" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["--name-column", "title"], "--name-column"),
        (["--prominence", "population"], "--prominence"),
        (["--id-column", "key"], "--id-column"),
    ],
)
def test_a_missing_column_names_the_option_that_chose_it(
    capsys: pytest.CaptureFixture[str], argv: list[str], option: str
) -> None:
    assert main(["import", "csv", str(DATA / "people.csv"), *argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and option in err
    assert "(id, name, type, aliases, description)" in err


def test_items_left_out_say_which_option_would_keep_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    registry, err = run_import(capsys, tmp_path, "wikidata", str(DATA / "wikidata.json"), "--languages", "ru")
    assert [e.id for e in registry.entities] == ["Q900000001"]  # the only item with a Russian label
    assert err.endswith("left out 3 items with no label in --languages: Q900000002, Q900000003, Q900000004\n")
