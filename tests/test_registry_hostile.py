"""Hostile registries and importer input: each case is one line on stderr, never a
traceback, a partial file or a registry that `canonym check` then refuses (issue 16)."""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canonym import Entity, Registry, RegistryError, Resolver, normalize_text
from canonym import registry as registry_module
from canonym.cli import main
from canonym.importers import ImportError_, binary_lines, from_geonames, from_table, from_wikidata
from canonym.index import CandidateIndex
from canonym.lexicon import default_lexicon
from canonym.registry import folds_to_nothing, read_registry_file
from canonym.strict_yaml import YamlError, load_yaml

Write = Callable[..., Path]
HEADER = "version: 1\nentities:\n"


def entry(name: str, aliases: str = "[]", eid: str = "x") -> str:
    return f"  - id: {eid}\n    canonical: {name}\n    type: place\n    aliases: {aliases}\n"


def one_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    # check exits 1 for a file it checked and found not valid; a command that needs the file, 2.
    assert main(argv) == (1 if argv[0] == "check" else 2)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("canonym: error: "), err
    return err


# 1. Control characters and line separators -------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (entry('"Li\\nma"'), 4, "canonical"),
        (entry("Lima", '["Ciudad\\tde los Reyes"]'), 6, "aliases"),
        (entry("Lima", '["Ciudad\\u2028de los Reyes"]'), 6, "aliases"),
        (entry("Lima", eid='"li\\rma"'), 3, "id"),
        (entry("Lima", '["Li\\u0085ma"]'), 6, "aliases"),
    ],
)
def test_control_characters_in_names_and_ids_are_refused(
    capsys: pytest.CaptureFixture[str], write_registry: Write, text: str, line: int, field: str
) -> None:
    path = write_registry(HEADER + text)
    with pytest.raises(RegistryError) as info:
        Registry.from_files([path])
    assert (info.value.line, info.value.field) == (line, field)
    assert "one line of text" in info.value.message
    err = one_error(capsys, ["check", str(path)])
    assert f"{path}:{line}: {field}:" in err


def test_a_line_break_in_a_csv_cell_is_refused_naming_the_row_and_column(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "people.csv"
    source.write_text('id,name,type\na,Ann,person\nb,"Bo\nb",person\n', encoding="utf-8")
    err = one_error(capsys, ["import", "csv", str(source)])
    assert f"{source}:3: column 'name': contains a control character or line break (U+000A)" in err


def test_a_line_break_in_a_wikidata_label_is_refused() -> None:
    item = {"id": "Q1", "labels": {"en": {"value": "Li\u2028ma"}}, "claims": {}}
    with pytest.raises(ImportError_, match=r"<w>:1: labels.en: contains a control character.*U\+2028"):
        from_wikidata([json.dumps(item)], source="<w>", default_type="place")


def test_a_control_character_in_a_geonames_name_is_refused() -> None:
    with pytest.raises(ImportError_, match=r"<g>:1: column 'name': contains a control"):
        from_geonames(["1\tLi\x0bma\tLima\tLimа\t0\t0\tP\tPPLC\tPE\n"], source="<g>")
    # Among the alternate names, where GeoNames holds some mojibake, such names are dropped.
    [lima] = from_geonames(["1\tLima\tLima\tLi\x9fma,Лима\t0\t0\tP\tPPLC\tPE\n"], source="<g>")
    assert lima.aliases == ("Лима",)


# 2. Size limit, devices, symbolic link loops -------------------------------------------


def test_dev_zero_is_an_error_after_a_bounded_read(capsys: pytest.CaptureFixture[str]) -> None:
    err = one_error(capsys, ["check", "/dev/zero"])
    assert "/dev/zero:1: not valid YAML" in err


def test_a_stream_past_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(registry_module, "MAX_FILE_BYTES", 1 << 20)
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    def feed() -> None:  # more than the limit, without a NUL; the reader stops early
        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as out:
            out.write(b"#" * (3 << 20))

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        with pytest.raises(RegistryError, match="larger than the 1 MiB a registry file may have"):
            read_registry_file(fifo)
    finally:
        writer.join()


def test_a_file_past_the_size_limit_is_refused_unread(
    monkeypatch: pytest.MonkeyPatch, write_registry: Write
) -> None:
    path = write_registry(HEADER + entry("Lima") * 2000)
    monkeypatch.setattr(registry_module, "MAX_FILE_BYTES", 1000)
    with pytest.raises(RegistryError, match="larger than the 0 MiB"):
        Registry.from_files([path])


def test_a_symbolic_link_loop_is_not_reported_as_missing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop.yaml")
    err = one_error(capsys, ["check", str(loop)])
    assert "no such file" not in err
    assert "symbolic links" in err
    missing = tmp_path / "absent.yaml"
    assert "no such file" in one_error(capsys, ["check", str(missing)])


# 3. Importer crashes that must be one-line errors ---------------------------------------


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "Q1", "claims": {"P31": 5}}', "claims.P31: expected a list"),
        (
            '{"id": "Q1", "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": ["Q5"]}}}}]}}',
            "claims.P31: expected a class id",
        ),
        ("[" * 100_000 + "]" * 100_000, "not a Wikidata item"),
        ('{"id": "Q1", "n": ' + "1" * 5000 + "}", "not valid JSON"),
        ('{"id": "Q1", "labels": {"en": {"value": "Lima\\ud800"}}}', "labels.en: contains a lone surrogate"),
        ('{"id": "Q1", "descriptions": {"en": {"value": "\\udfff"}}}', "descriptions.en: contains a lone"),
        ('{"id": "", "labels": {"en": {"value": "Lima"}}}', "id: must not be empty"),
        ('{"id": " \\n", "labels": {"en": {"value": "Lima"}}}', "id: must not be empty"),
    ],
)
def test_hostile_wikidata_items_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, message: str
) -> None:
    source = tmp_path / "in.json"
    source.write_text(line + "\n", encoding="utf-8")
    err = one_error(capsys, ["import", "wikidata", "--type", "place", str(source)])
    assert f"{source}:1: {message}" in err


def test_a_failed_import_leaves_the_output_file_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "in.json"
    good = '{"id": "Q1", "labels": {"en": {"value": "Lima"}}}'
    bad = '{"id": "Q2", "labels": {"en": {"value": "Tacna\\ud800"}}}'
    source.write_text(good + "\n" + bad + "\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    out.write_text("before\n", encoding="utf-8")
    one_error(capsys, ["import", "wikidata", "--type", "place", str(source), "-o", str(out)])
    assert out.read_text(encoding="utf-8") == "before\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.yaml"]
    source.write_text(good + "\n", encoding="utf-8")
    assert main(["import", "wikidata", "--type", "place", str(source), "-o", str(out)]) == 0
    assert Registry.from_files([out]).entities[0].canonical == "Lima"


def test_a_write_that_fails_midway_leaves_no_partial_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_midway(_entities: object, out: io.TextIOBase) -> int:
        out.write("version: 1\nentities:\n")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("canonym.cli.write_registry", fail_midway)
    source = tmp_path / "in.csv"
    source.write_text("id,name,type\na,Ann,person\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    err = one_error(capsys, ["import", "csv", str(source), "-o", str(out)])
    assert "out.yaml: cannot be written: No space left on device" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_an_output_through_a_symbolic_link_writes_the_file_it_names(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name,type\na,Ann,person\n", encoding="utf-8")
    real, link = tmp_path / "real.yaml", tmp_path / "link.yaml"
    real.write_text("old\n", encoding="utf-8")
    real.chmod(0o640)
    link.symlink_to(real)
    assert main(["import", "csv", str(source), "-o", str(link)]) == 0
    assert link.is_symlink()
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert Registry.from_files([real]).entities[0].canonical == "Ann"


def test_an_unwritable_output_is_a_one_line_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("id,name,type\na,Ann,person\n", encoding="utf-8")
    err = one_error(capsys, ["import", "csv", str(source), "-o", str(tmp_path / "no" / "such" / "out.yaml")])
    assert "out.yaml: cannot be written" in err
    err = one_error(capsys, ["import", "csv", str(source), "-o", str(tmp_path)])
    assert "cannot be written" in err


def test_an_imported_registry_always_passes_check(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Names a registry refuses never reach the written file: an id derived from a name
    # that folds to nothing, aliases that are only titles, or fold to nothing.
    source = tmp_path / "in.csv"
    source.write_text("name,type,aliases\nAnn,person,Mr.|\u02bc|\u30fc|Annie|The\n", encoding="utf-8")
    out = tmp_path / "out.yaml"
    assert main(["import", "csv", str(source), "-o", str(out)]) == 0
    capsys.readouterr()
    [ann] = Registry.from_files([out]).entities
    assert ann.aliases == ("Annie",)
    source.write_text("name,type\n\u30fc\u30fc,person\n", encoding="utf-8")
    err = one_error(capsys, ["import", "csv", str(source), "-o", str(out)])
    assert "column 'name': 'ーー' folds to nothing" in err


def test_an_endless_line_is_refused_after_a_bounded_read() -> None:
    with pytest.raises(ImportError_, match="<s>:2: a line longer than 1 MiB"):
        list(binary_lines(io.BytesIO(b"ok\n" + b"x" * (5 << 20)), "<s>", limit=1 << 20))
    with pytest.raises(ImportError_, match="<s>:1: not text"):
        list(binary_lines(io.BytesIO(b"\0" * (5 << 20)), "<s>"))


def test_import_from_dev_zero_is_a_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert "/dev/zero:1: not text" in one_error(capsys, ["import", "geonames", "/dev/zero"])


# 4. Names that fold to nothing, names that are only titles -------------------------------


# ʼ, ー, and two cuneiform signs: a script that neither unidecode nor anyascii reads (N'Ko was
# such a script until canonym.scripts read it through anyascii).
@pytest.mark.parametrize("name", ["\u02bc", "\u30fc", "\U00012000\U00012001"])
def test_an_alias_that_folds_to_nothing_is_refused(write_registry: Write, name: str) -> None:
    assert folds_to_nothing(name)
    path = write_registry(HEADER + entry("Lima", f'["{name}"]'))
    with pytest.raises(RegistryError, match="folds to nothing") as info:
        Registry.from_files([path])
    assert (info.value.line, info.value.field) == (6, "aliases")


def test_a_canonical_that_folds_to_nothing_needs_an_alias_that_does_not(write_registry: Write) -> None:
    signs = "\U00012000\U00012001"  # cuneiform: no reading in unidecode or anyascii
    with pytest.raises(RegistryError, match="folds to nothing") as info:
        Registry.from_files([write_registry(HEADER + entry(signs))])
    assert info.value.field == "canonical"
    registry = Registry.from_files([write_registry(HEADER + entry(signs, "[Ninurta]"), "b.yaml")])
    assert registry.entities[0].canonical == signs


@pytest.mark.parametrize("alias", ["the", "The", "President", "Mr.", "La", "Mr. President"])
def test_an_alias_of_only_titles_or_function_words_is_refused(write_registry: Write, alias: str) -> None:
    path = write_registry(HEADER + entry("Lima", f'["{alias}"]'))
    with pytest.raises(RegistryError, match="only titles or function words") as info:
        Registry.from_files([path])
    assert (info.value.line, info.value.field) == (6, "aliases")


@pytest.mark.parametrize("alias", ["US", "LA", "The Hague", "President Kruger", "No Kum-ok"])
def test_acronyms_and_names_with_a_title_in_them_load(write_registry: Write, alias: str) -> None:
    registry = Registry.from_files([write_registry(HEADER + entry("Lima", f'["{alias}"]'))])
    assert registry.entities[0].aliases == (alias,)


def test_a_canonical_name_of_only_function_words_loads_and_check_notes_it(
    capsys: pytest.CaptureFixture[str], write_registry: Write
) -> None:
    # Of is a town in Turkey, Tô one in West Africa: their names are their names.
    path = write_registry(HEADER + entry("Of", "[Of İlçesi]", "of") + entry("Tô", "[]", "to"))
    assert [e.canonical for e in Registry.from_files([path]).entities] == ["Of", "Tô"]
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: note: 'Of' (of) is only titles or function words" in out
    assert f"{path}: note: 'Tô' (to) is only titles or function words" in out
    [town] = from_geonames(["2354340\tTô\t\tTo,Tô,TOO\t11.4\t-2.2\tP\tPPL\tBF\n"])
    assert (town.canonical, town.aliases) == ("Tô", ())


def test_the_bundled_and_evaluation_registries_still_load() -> None:
    root = Path(__file__).resolve().parents[1]
    assert len(Registry.default()) > 0
    assert len(Registry.from_files([root / "benchmarks" / "data" / "registry.yaml"])) > 10_000


def test_the_index_never_posts_a_name_that_folds_to_nothing() -> None:
    # A registry built in Python skips the loader's checks; the index and the shared-name
    # notes still leave such names out.
    entities = tuple(
        Entity(id=f"e{i}", canonical=f"Place {i}", type="place", aliases=("\u02bc", "\u30fc"))
        for i in range(3)
    )
    registry = Registry(entities)
    assert "" not in registry.ambiguous
    index = CandidateIndex(registry, default_lexicon())
    assert len(index) == 3
    assert Resolver(registry).resolve("\u02bc") is None


# 5. Junk aliases at import ---------------------------------------------------------------


def test_geonames_drops_airport_codes_and_names_that_fold_to_nothing() -> None:
    row = "2778067\tGraz\tGraz\tGRZ,LOWG,Grätz,Gradec,\u02bc,\u30fc,Grac\t47.1\t15.4\tP\tPPLA\tAT\n"
    [graz] = from_geonames([row])
    assert graz.canonical == "Graz"
    assert graz.aliases == ("Grätz", "Gradec", "Grac")


def test_geonames_takes_an_alternate_name_when_the_name_cannot_be_one() -> None:
    [place] = from_geonames(["7\t\u30fc\t\tKasama\t0\t0\tP\tPPL\tJP\n"])
    assert place.canonical == "Kasama"
    with pytest.raises(ImportError_, match="<geonames>:1: column 'name': no name"):
        from_geonames(["7\t\u30fc\t\tKEV\t0\t0\tP\tPPL\tJP\n"])


def test_wikidata_skips_labels_that_fold_to_nothing_for_the_canonical_name() -> None:
    item = {"id": "Q1", "labels": {"nqo": {"value": "\u30fc"}, "en": {"value": "Lima"}}}
    [lima] = from_wikidata([json.dumps(item)], default_type="place")
    assert (lima.canonical, lima.aliases) == ("Lima", ())


def test_csv_aliases_that_are_junk_are_dropped_and_the_name_checked() -> None:
    [ann] = from_table(["id,name,type,aliases", "a,Ann,person,Mrs.|Annie"])
    assert ann.aliases == ("Annie",)


# 8. One strict YAML reader ---------------------------------------------------------------


@pytest.mark.parametrize("word", ["no", "on", "yes", "off", "y", "null", "1e3"])
def test_a_lexicon_word_that_yaml_reads_as_another_type_stays_a_word(word: str) -> None:
    assert load_yaml(f"words: [{word}]\n", "<lexicon>") == {"words": [word]}


def test_the_bundled_lexicon_keeps_no_and_on_as_function_words() -> None:
    words = default_lexicon().function_words
    assert {"no", "on"} <= words
    assert not {"true", "false"} & words


def test_the_strict_reader_refuses_duplicate_keys_and_anchors() -> None:
    with pytest.raises(YamlError, match="<x>:2: a: duplicate key"):
        load_yaml("a: [x]\na: [y]\n", "<x>")
    with pytest.raises(YamlError, match="anchors"):
        load_yaml("a: &r [x]\nb: *r\n", "<x>")
    with pytest.raises(YamlError, match="nested more than"):
        load_yaml("a: " + "[" * 50 + "]" * 50 + "\n", "<x>")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="AaZz09 -.'`,&ʼーßé\u200b", max_size=12))
def test_the_quick_fold_is_the_normaliser(name: str) -> None:
    # The registry folds plain names itself, for speed; it must agree with normalize_text.
    assert registry_module._folded(name) == normalize_text(name)
    registry_module._folded.cache_clear()
