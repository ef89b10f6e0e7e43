"""The prominence prior (#12): registries say how well known an entity is, importers fill
it, and the resolver ranks namesakes by it with a confidence that says what it leaves to
doubt. Populations are GeoNames' (geonames.org, CC BY 4.0)."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import pytest

from canonym import Registry, RegistryError, Resolver
from canonym.cli import main
from canonym.model import sigmoid
from canonym.models import Entity, Match
from canonym.prior import apply_share, candidate_shares, exclusive_scores

Write = Callable[..., Path]

PARIS = Entity("paris-fr", "Paris", "place", ("Parigi", "París", "Париж"), prominence=2_138_551)
PARIS_TX = Entity("paris-tx", "Paris", "place", ("Paris, Texas",), prominence=24_171)
LONDON = Entity("london", "London", "place", ("Londres", "Londra", "Лондон"), prominence=8_961_989)
LONDON_ON = Entity("london-on", "London", "place", ("London, Ontario",), prominence=346_765)
LIMA = Entity("lima", "Lima", "place", ("Ciudad de los Reyes", "Лима"), prominence=7_737_002)
LIMA_OH = Entity("lima-oh", "Lima", "place", ("Lima, Ohio",), prominence=38_355)
# An obscure place with a name one letter away from the capital's.
LIMAY = Entity("limay", "Limay", "place", ("Lemay",), prominence=15_000)


def _resolver(*entities: Entity) -> Resolver:
    return Resolver(Registry(tuple(entities)))


def _bare(entity: Entity) -> Entity:
    return Entity(entity.id, entity.canonical, entity.type, entity.aliases)


def test_the_prominent_namesake_ranks_first_with_a_confidence_below_certainty() -> None:
    resolver = _resolver(PARIS_TX, PARIS, LONDON_ON, LONDON, LIMA_OH, LIMA)
    for name, big, small in (
        ("Paris", PARIS, PARIS_TX),
        ("London", LONDON, LONDON_ON),
        ("Lima", LIMA, LIMA_OH),
    ):
        found = resolver.candidates(name, limit=2)
        assert [m.entity.id for m in found] == [big.id, small.id], name
        assert resolver.resolve(name) is not None, name
        share = ((big.prominence or 0) + 1) * len(big.names)
        share /= share + ((small.prominence or 0) + 1) * len(small.names)
        # The prior leaves 1 - share to doubt: the odds are at most the share's.
        assert found[0].score < 1.0
        assert found[0].score / (1 - found[0].score) <= share / (1 - share) * 1e6
        # The query is a name of both: the confidence is the model's times the share.
        assert found[0].score == pytest.approx(_before_prior(found[0]) * share)
        assert found[0].score <= share
        assert found[1].score <= 1.0 - found[0].score
        assert sum(m.score for m in found) <= 1.0


def test_without_prominence_namesakes_are_unknown_and_their_confidences_add_up_to_at_most_one() -> None:
    resolver = _resolver(*(_bare(e) for e in (PARIS_TX, PARIS, LONDON_ON, LONDON)))
    for name, ids in (("Paris", {"paris-fr", "paris-tx"}), ("London", {"london", "london-on"})):
        assert resolver.resolve(name) is None
        found = resolver.candidates(name, limit=5)
        assert {m.entity.id for m in found[:2]} == ids
        assert all(m.score <= 0.5 for m in found)
        assert sum(m.score for m in found) <= 1.0


def test_a_registry_without_prominence_answers_as_before() -> None:
    # Names that no other entity shares: the prior has nothing to do.
    bare = _resolver(*(_bare(e) for e in (PARIS, LONDON, LIMA, LIMAY)))
    for name in ("Parigi", "Londres", "Лима", "Limay", "Lemay", "Londra"):
        mine = bare.candidates(name, limit=1)[0]
        assert "prominence" not in mine.evidence.contributions
        assert "namesakes" not in mine.evidence.contributions


def test_one_entity_without_prominence_turns_the_prior_off() -> None:
    resolver = _resolver(PARIS, _bare(PARIS_TX))
    found = resolver.candidates("Paris", limit=2)
    assert resolver.resolve("Paris") is None
    assert all("prominence" not in m.evidence.contributions for m in found)


def test_a_fuzzy_name_of_an_obscure_place_never_beats_an_exact_name_of_a_prominent_one() -> None:
    # "Lemay" is an exact name of the small place; "Lima" the capital's.
    resolver = _resolver(LIMAY, LIMA)
    assert resolver.candidates("Lima", limit=1)[0].entity.id == "lima"
    assert resolver.candidates("Lemay", limit=1)[0].entity.id == "limay"


def test_exact_namesakes_beat_a_fuzzy_alias_and_stay_unknown_without_prominence() -> None:
    # Several places called San Antonio; one of them also has a variant spelling as alias.
    texas = Entity("san-antonio-tx", "San Antonio", "place", ("San Antoniyo",))
    chile = Entity("san-antonio-cl", "San Antonio", "place")
    ibiza = Entity("sant-antoni", "Sant Antoni de Portmany", "place", ("San Antonio",))
    resolver = _resolver(texas, chile, ibiza)
    found = resolver.candidates("San Antonio", limit=3)
    assert all(m.alias == "San Antonio" for m in found)
    assert resolver.resolve("San Antonio") is None
    assert sum(m.score for m in found) <= 1.0


def test_registry_files_carry_prominence(write_registry: Write) -> None:
    path = write_registry(
        "entities:\n"
        "  - {id: a, canonical: Alpha, type: place, prominence: 1200}\n"
        "  - {id: b, canonical: Beta, type: place, prominence: 2.5e3}\n"
        "  - {id: c, canonical: Gamma, type: place}\n"
    )
    registry = Registry.from_files([path])
    assert [e.prominence for e in registry.entities] == [1200.0, 2500.0, None]
    assert registry.by_id["a"].as_dict()["prominence"] == 1200.0
    assert "prominence" not in registry.by_id["c"].as_dict()


@pytest.mark.parametrize("value", ["-3", "many", "[1]", "nan", "inf", "''"])
def test_bad_prominence_names_file_line_and_field(write_registry: Write, value: str) -> None:
    path = write_registry(
        f"entities:\n  - id: a\n    canonical: Alpha\n    type: place\n    prominence: {value}\n"
    )
    with pytest.raises(RegistryError) as info:
        Registry.from_files([path])
    assert str(info.value).startswith(f"{path}:5: prominence: ")
    assert "\n" not in str(info.value)


def _imported(capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str) -> Registry:
    out = tmp_path / "imported.yaml"
    assert main(["import", *argv, "-o", str(out)]) == 0
    capsys.readouterr()
    return Registry.from_files([out])


def test_geonames_population_is_the_prominence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # GeoNames' 19 columns; the population is the 15th.
    rows = [
        ["3936456", "Lima", "Lima", "Лима", "-12.04", "-77.03", "P", "PPLC", "PE", "", "15", "", "", "",
         "7737002", "", "161", "America/Lima", "2024-01-01"],
        ["4515843", "Lima", "Lima", "", "40.74", "-84.11", "P", "PPLA2", "US", "", "OH", "", "", "",
         "", "", "", "America/New_York", "2024-01-01"],
    ]  # fmt: skip
    source = tmp_path / "cities.txt"
    source.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    registry = _imported(capsys, tmp_path, "geonames", str(source))
    assert registry.by_id["geonames:3936456"].prominence == 7_737_002
    assert registry.by_id["geonames:4515843"].prominence is None
    assert "prominence: 7737002" in (tmp_path / "imported.yaml").read_text(encoding="utf-8")


def test_csv_prominence_column(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        'id,name,type,pop\nlima,Lima,place,"7,737,002"\nlima-oh,Lima,place,\n', encoding="utf-8"
    )
    registry = _imported(capsys, tmp_path, "csv", str(source), "--prominence", "pop")
    assert registry.by_id["lima"].prominence == 7_737_002
    assert registry.by_id["lima-oh"].prominence is None


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("id,name,type\na,Alpha,place\n", "in.csv:1: no column 'pop' in the header"),
        (
            "id,name,type,pop\na,Alpha,place,lots\n",
            "in.csv:2: column 'pop': 'lots' is not a number of at least 0",
        ),
    ],
)
def test_bad_csv_prominence_gives_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, expected: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(content, encoding="utf-8")
    assert main(["import", "csv", str(source), "--prominence", "pop"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"canonym: error: {tmp_path / expected}")


def test_wikidata_sitelinks_are_the_prominence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    item = {
        "id": "Q2887",
        "labels": {"en": {"language": "en", "value": "Santiago"}},
        "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": "Q515"}}}}]},
        "sitelinks": {"enwiki": {"title": "Santiago"}, "eswiki": {"title": "Santiago de Chile"}},
    }
    plain = {**item, "id": "Q1"}
    del plain["sitelinks"]
    source = tmp_path / "dump.json"
    source.write_text("[\n" + json.dumps(item) + ",\n" + json.dumps(plain) + "\n]\n", encoding="utf-8")
    registry = _imported(capsys, tmp_path, "wikidata", str(source), "--type", "place")
    assert registry.by_id["Q2887"].prominence == 2
    assert registry.by_id["Q1"].prominence is None


def test_shares_and_their_effect() -> None:
    assert candidate_shares([]) is None
    assert candidate_shares([1, None]) is None
    shares = candidate_shares([0, 0, 2])
    assert shares == pytest.approx((0.2, 0.2, 0.6))
    # Odds times share: 0.8 (odds 4) with share 0.25 gives odds 1.
    assert apply_share(0.8, 0.25, informed=True)[0] == pytest.approx(0.5)
    assert apply_share(0.8, 0.25, informed=False) == (0.25, pytest.approx(math.log(1 / 3) - math.log(4)))
    assert exclusive_scores([0.9, 0.9, 0.9]) == pytest.approx([0.9, 0.1, 0.0])
    assert exclusive_scores([]) == []


def test_a_poor_match_to_a_big_city_does_not_dilute_an_exact_name() -> None:
    # New York was New Amsterdam: it comes up for "Amsterdam", twelve times as populous.
    amsterdam = Entity("amsterdam", "Amsterdam", "place", ("Амстердам",), prominence=741_636)
    names = ("New Amsterdam", "New York")
    new_york = Entity("new-york", "New York City", "place", names, prominence=8_804_190)
    resolver = _resolver(amsterdam, new_york)
    found = resolver.candidates("Amsterdam", limit=2)
    assert [m.entity.id for m in found] == ["amsterdam", "new-york"]
    assert "prominence" not in found[0].evidence.contributions  # the only entity with that name
    assert resolver.resolve("Amsterdam") is not None


# Two equally prominent namesakes, one named in one language, the other in four.
_SPRINGFIELDS = (
    Entity("springfield-1", "Springfield", "place", prominence=150_000),
    Entity(
        "springfield-2", "Springfield", "place", ("Спрингфилд", "スプリングフィールド", "斯普林菲尔德"),
        prominence=150_000,
    ),
)  # fmt: skip


def test_of_equally_prominent_namesakes_the_one_named_in_more_languages_comes_first() -> None:
    # A name in many languages is a place written about in many languages: the prior is
    # prominence times the number of names (the analogue of Wikidata's sitelinks count).
    found = _resolver(*_SPRINGFIELDS).candidates("Springfield", limit=2)
    assert [m.entity.id for m in found] == ["springfield-2", "springfield-1"]
    # Shares 4/5 and 1/5: four names against one, the same prominence.
    assert found[0].score == pytest.approx(_before_prior(found[0]) * 4 / 5)


def test_shares_weigh_prominence_by_the_number_of_names() -> None:
    assert candidate_shares([0, 0, 2], [1, 1, 1]) == pytest.approx((0.2, 0.2, 0.6))
    assert candidate_shares([9, 9], [3, 1]) == pytest.approx((0.75, 0.25))
    assert candidate_shares([1, 3], [2, 1]) == pytest.approx((0.5, 0.5))


def test_equally_prominent_namesakes_are_unknown_and_all_shown() -> None:
    # Two places with the same name, the same prominence and as many names: nothing
    # separates them, so neither may be answered (#12: shared names are honest).
    one = Entity("springfield-a", "Springfield", "place", ("Спрингфилд",), prominence=150_000)
    two = Entity("springfield-b", "Springfield", "place", ("スプリングフィールド",), prominence=150_000)
    resolver = _resolver(one, two)
    assert resolver.resolve("Springfield") is None
    found = resolver.candidates("Springfield", limit=5)
    assert {m.entity.id for m in found} == {"springfield-a", "springfield-b"}
    assert all(m.score <= 0.5 for m in found)
    assert sum(m.score for m in found) <= 1.0


def test_a_namesakes_confidence_is_at_most_its_share() -> None:
    # The query is exactly the name of both; the name evidence is the same for each, so the
    # probability that it means one of them is at most that one's share of the prior: the
    # chance the name is meant at all times the chance it means this bearer of it.
    found = _resolver(*_SPRINGFIELDS).candidates("Springfield", limit=2)
    assert [m.entity.id for m in found] == ["springfield-2", "springfield-1"]
    assert found[0].score <= 4 / 5
    assert found[1].score <= 1 / 5
    assert found[0].score == pytest.approx(_before_prior(found[0]) * 4 / 5)


def _before_prior(match: Match) -> float:
    """The model's confidence in ``match`` before the prior: its terms but the prior's."""
    terms = match.evidence.contributions
    return sigmoid(math.fsum(v for k, v in terms.items() if k != "prominence"))


def test_a_name_written_as_the_query_comes_before_one_that_only_reads_alike() -> None:
    # "Тур" is the Russian name of Tours; "Tur", another place's Latin name, reads the same
    # once the Cyrillic is romanised. Whatever the prominence (made up here, ten million),
    # the entity that lists the query as written comes first (#12: romanisation drops what
    # a script wrote, so a name that only reads alike is weaker evidence).
    el_tor = Entity("el-tor", "El Tor", "place", ("Tur",), prominence=10_000_000)
    tours = Entity("tours", "Tours", "place", ("Тур",), prominence=136_000)
    found = _resolver(el_tor, tours).candidates("Тур", limit=2)
    assert [m.entity.id for m in found] == ["tours", "el-tor"]
    assert found[0].alias == "Тур"
    assert found[0].score > 0.5 > found[1].score


def test_the_evidence_names_the_alias_written_as_the_query() -> None:
    # Both names normalise alike; the index keeps one of them per entity, and the match
    # must name the one the query wrote.
    tours = Entity("tours", "Tours", "place", ("Tur", "Тур"))
    match = _resolver(tours).resolve("Тур")
    assert match is not None
    assert match.alias == "Тур"
    assert match.evidence.alias == "Тур"


def test_a_big_city_matched_far_worse_does_not_take_the_prior_from_a_close_match() -> None:
    # A misspelt name of a small town (Santa Rosalía, Baja California Sur) that comes loosely
    # close to two world cities through the first word. The model ranks the cities far below
    # the town (by more than LOOSE_RANK_MARGIN), so by Bayes' rule their prominence counts
    # only times their likelihood ratio: the town keeps most of its prior and is the answer.
    # Populations rounded from GeoNames.
    town = Entity("santa-rosalia", "Santa Rosalía", "place", (), prominence=12_000)
    petersburg = Entity("petersburg", "San Petersburgo", "place", ("Sankt Petersburg",), prominence=5_400_000)
    santiago = Entity("santiago", "Santiago de Chile", "place", (), prominence=6_300_000)
    resolver = _resolver(town, petersburg, santiago)
    for query in ("Santa Rosalya", "Santa Rozalia"):
        found = resolver.candidates(query, limit=2)
        assert found[0].entity.id == "santa-rosalia", query
        # The prior still costs the town something (the cities are far more prominent) ...
        assert found[0].score < _before_prior(found[0])
        # ... but not a factor of a hundred in odds, as sharing its prior equally with them did.
        assert found[0].evidence.contributions["prominence"] > -math.log(100)
        match = resolver.resolve(query)
        assert match is not None and match.entity.id == "santa-rosalia", query
        # A city matched far worse gains nothing from it.
        assert all(m.score < 0.05 for m in found[1:])
