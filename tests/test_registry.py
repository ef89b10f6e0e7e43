from __future__ import annotations

import dataclasses
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from canonym import Registry, RegistryError
from canonym.registry import DEFAULT_SOURCE, name_problem
from canonym.strict_yaml import StrictLoader

ROOT = Path(__file__).resolve().parents[1]
GOOD = """\
version: 1
entities:
  - id: jose-jeri
    canonical: José Jerí
    type: person
    aliases: [José Enrique Jerí Oré]
    context: [Peru]
  - id: lima
    canonical: Lima
    type: place
"""

Write = Callable[..., Path]


def test_bundled_registry_is_the_top_level_file() -> None:
    installed = resources.files("canonym").joinpath("data/aliases.yaml").read_bytes()
    assert installed == (ROOT / "data" / "aliases.yaml").read_bytes()


def test_bundled_registry_holds_every_entity_the_seeds_name() -> None:
    canonical = {e.canonical for e in Registry.default().entities}
    required = {
        "José Jerí",
        "José Antonio Kast",
        "Jeannette Jara",
        "Hugo de Zela",
        "Luis Cordero",
        "Vicente Tiburcio",
        "Gabriel Boric",
        "Arturo Valverde",
        "Luis Torres",
        "Nicolás Maduro",
        "Donald Trump",
        "Peru",
        "Chile",
        "Venezuela",
        "Bolivia",
        "Colombia",
        "Ecuador",
        "Tacna",
        "Arica",
        "Chacalluta",
        "Santa Rosa",
        "Palca",
        "La Yarada-Los Palos",
        "Santiago",
        "Lima",
        "South America",
        "Caribbean",
        "International Organization for Migration",
        "Peruvian National Police",
        "Peruvian Armed Forces",
        "United Nations",
        "OECD",
        "Radio Tacna",
        "Canal N",
        "RPP Noticias",
        "The Clinic",
        "The New York Times",
    }
    assert required <= canonical


def test_load_good_file(write_registry: Write) -> None:
    reg = Registry.from_files([write_registry(GOOD)])
    assert len(reg) == 2
    jeri = reg.get("jose-jeri")
    assert jeri is not None
    assert jeri.aliases == ("José Enrique Jerí Oré",)
    assert jeri.names == ("José Jerí", "José Enrique Jerí Oré")
    assert jeri.context == ("Peru",)
    assert reg.get("nobody") is None


def test_registry_is_immutable(write_registry: Write) -> None:
    reg = Registry.from_files([write_registry(GOOD)])
    with pytest.raises(dataclasses.FrozenInstanceError):
        reg.entities = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        reg.entities[0].canonical = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        reg.by_id["x"] = reg.entities[0]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "line", "field", "message"),
    [
        ("version: 1\nentities:\n  - canonical: Ana\n    type: person\n", 3, "id", "missing"),
        (
            "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: person\n"
            "  - id: a\n    canonical: B\n"
            "    type: person\n",
            6,
            "id",
            "duplicate id 'a'",
        ),
        (
            "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: persn\n",
            5,
            "type",
            "unknown type 'persn'",
        ),
        (
            "version: 1\nentities:\n  - id: a\n    canonical: ''\n    type: person\n",
            4,
            "canonical",
            "must not be empty",
        ),
        (
            "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: person\n    aliases: Bee\n",
            6,
            "aliases",
            "expected a list",
        ),
        (
            "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: person\n    aliases: [[x]]\n",
            6,
            "aliases",
            "expected text",
        ),
        (
            "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: person\n    alias: [B]\n",
            6,
            "alias",
            "unknown field",
        ),
        (
            "version: 1\nentities:\n  - id: a\n    id: b\n    canonical: Ana\n    type: person\n",
            4,
            "id",
            "duplicate key",
        ),
        ("version: 2\nentities: []\n", 1, "version", "unsupported version"),
        ("version: 1\n", 1, "entities", "missing"),
        ("version: 1\nentities:\n  - id: a\n    canonical: Ana\n", 3, "type", "missing for new id 'a'"),
        ("version: 1\nentities:\n  - id: a\n    canonical: [A\n", 5, None, "not valid YAML"),
        ("a: &x [1]\nb: *x\n", 1, None, None),
        # Deeper than an entity can be: read as the wrong kind of value, not descended into.
        (
            "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: person\n"
            "    aliases:\n      - [[[[x]]]]\n",
            7,
            "aliases",
            "expected text, found a list",
        ),
        ("version: 1\nentities: []\n---\nversion: 1\n", 3, None, "expected a single document"),
        ("version: 1\nentities:\n  - &e {id: a, canonical: Ana, type: person}\n", 3, "entity", "anchors"),
        ("version: 1\nversion: 1\nentities: []\n", 2, "version", "duplicate key"),
        (
            "version: 1\nentities:\n  - id: a\n    canonical: !!bool NO\n    type: place\n",
            4,
            "canonical",
            "true/false",
        ),
    ],
)
def test_bad_files_name_file_line_and_field(
    write_registry: Write, text: str, line: int, field: str | None, message: str | None
) -> None:
    path = write_registry(text)
    with pytest.raises(RegistryError) as info:
        Registry.from_files([path])
    error = info.value
    assert error.source == str(path)
    if message is not None:
        assert error.line == line
        assert error.field == field
        assert message in error.message
    assert "\n" not in str(error)
    assert str(error).startswith(f"{path}:")


def test_yaml_alias_bomb_is_refused_quickly(write_registry: Write) -> None:
    # Twenty levels of four-fold references would expand to 4**20 strings if followed;
    # the loader refuses the first reference instead of following any.
    levels = "".join(f"  l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 21))
    bomb = (
        "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: person\n"
        "    context: [&w word, *w, *w]\n"
    )
    with pytest.raises(RegistryError, match="anchors and aliases") as info:
        Registry.from_files([write_registry(bomb)])
    assert (info.value.field, info.value.line) == ("context", 6)
    with pytest.raises(RegistryError):
        Registry.from_files([write_registry("bombs:\n  l0: &l0 [x]\n" + levels, "bomb2.yaml")])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"   \n", "the file is empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (b"just text", "expected a mapping"),
    ],
)
def test_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(content)
    with pytest.raises(RegistryError, match=message):
        Registry.from_files([path])


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="no such file"):
        Registry.from_files([tmp_path / "absent.yaml"])
    with pytest.raises(RegistryError, match="is a directory"):
        Registry.from_files([tmp_path])


def test_later_files_add_aliases(write_registry: Write) -> None:
    first = write_registry(GOOD, "a.yaml")
    second = write_registry(
        "version: 1\nentities:\n  - id: lima\n    aliases: [Ciudad de los Reyes]\n", "b.yaml"
    )
    reg = Registry.from_files([first, second])
    lima = reg.get("lima")
    assert lima is not None
    assert lima.aliases == ("Ciudad de los Reyes",)
    assert reg.sources == (str(first), str(second))


def test_later_file_may_not_change_canonical_or_type(write_registry: Write) -> None:
    first = write_registry(GOOD, "a.yaml")
    second = write_registry("version: 1\nentities:\n  - id: lima\n    type: person\n", "b.yaml")
    with pytest.raises(RegistryError, match="conflicts with 'place'") as info:
        Registry.from_files([first, second])
    assert info.value.source == str(second)
    assert info.value.line == 3


def test_shared_alias_is_reported_as_ambiguous(write_registry: Write) -> None:
    text = (
        GOOD + "  - id: santa-rosa-pe\n    canonical: Santa Rosa\n    type: place\n"
        "  - id: santa-rosa-ar\n    canonical: Santa Rosa\n    type: place\n"
    )
    reg = Registry.from_files([write_registry(text)])
    assert reg.ambiguous == {"santa rosa": ("santa-rosa-pe", "santa-rosa-ar")}


def test_merged_builds_a_new_registry(write_registry: Write) -> None:
    base = Registry.default()
    extra = Registry.from_files(
        [
            write_registry(
                "version: 1\nentities:\n  - id: lima\n    canonical: Lima\n    type: place\n"
                "    aliases: [Rímac]\n"
            )
        ]
    )
    merged = base.merged(extra)
    lima = merged.get("lima")
    assert lima is not None and "Rímac" in lima.aliases
    original = base.get("lima")
    assert original is not None and "Rímac" not in original.aliases
    assert len(merged) == len(base)


def test_default_source_is_named() -> None:
    assert Registry.default().sources == (DEFAULT_SOURCE,)


@given(st.text(min_size=1, max_size=12))
def test_strict_loader_types_every_scalar_as_text(value: str) -> None:
    # Names are text whatever they look like ("12", "NO" for Norway, "on", "Oré"); only
    # an empty plain scalar is nothing.
    loader = StrictLoader("")
    try:
        for implicit in ((True, False), (False, True)):
            assert loader.resolve(yaml.ScalarNode, value, implicit) == "tag:yaml.org,2002:str"
        assert loader.resolve(yaml.ScalarNode, "", (True, False)) == "tag:yaml.org,2002:null"
    finally:
        loader.dispose()


def test_names_yaml_would_read_as_booleans_stay_names() -> None:
    text = "version: 1\nentities:\n  - {id: no, canonical: NO, type: place, aliases: [Norway, on]}\n"
    with pytest.raises(RegistryError, match="'on' is only titles or function words"):
        Registry.from_text(text)
    registry = Registry.from_text(text.replace(", on]", "]"))
    assert registry.entities[0].id == "no" and registry.entities[0].canonical == "NO"


def test_names_that_look_like_other_types_are_read_as_yaml_reads_them(write_registry: Write) -> None:
    text = (
        "version: 1\nentities:\n"
        "  - {id: a, canonical: Norway, type: place, aliases: [Norge, '1984', 2001 Odyssey]}\n"
        "  - {id: b, canonical: '~', type: place}\n"
    )
    with pytest.raises(RegistryError, match="has no letters") as info:
        Registry.from_files([write_registry(text)])
    assert info.value.line == 4
    registry = Registry.from_files([write_registry(text.rsplit("  - {id: b", 1)[0])])
    assert registry.entities[0].aliases == ("Norge", "1984", "2001 Odyssey")


_NAME = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=15).filter(
    lambda s: name_problem(s) is None and s.strip() == s
)


@given(
    st.lists(
        st.tuples(_NAME, st.sampled_from(["person", "place", "organization"]), st.lists(_NAME, max_size=3)),
        min_size=1,
        max_size=5,
    ),
    st.booleans(),
)
def test_any_registry_yaml_writes_is_read_back_as_written(
    entries: list[tuple[str, str, list[str]]], flow: bool
) -> None:
    # The reader composes YAML from the parser's events itself: whatever style and quoting
    # PyYAML's writer picks ('1984', "NO", flow or block lists), the values come back.
    data = {
        "version": 1,
        "entities": [
            {"id": f"e{i}", "canonical": name, "type": kind, "aliases": aliases}
            for i, (name, kind, aliases) in enumerate(entries)
        ],
    }
    registry = Registry.from_text(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow))
    for entity, (name, kind, aliases) in zip(registry.entities, entries):
        assert (entity.canonical, entity.type) == (name, kind)
        assert entity.aliases == tuple(a for a in dict.fromkeys(aliases) if a != name)
