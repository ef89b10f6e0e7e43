"""Registries shaped like real gazetteers (#12): every name of an entity is compared.

The Kyiv entity below holds the city's genuine names, in many languages and scripts, as
GeoNames lists them (geonames.org, CC BY 4.0) and as the languages' own Wikipedias spell
them; its neighbours are genuine names of other cities whose keys come close to some of
them.
"""

from __future__ import annotations

import io
import math
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import canonym.index
import canonym.progress
from canonym.index import CandidateIndex
from canonym.lexicon import default_lexicon
from canonym.models import Entity
from canonym.names import analyze
from canonym.registry import Registry
from canonym.resolve import Resolver
from canonym.similarity import word_similarity

KYIV_NAMES = (
    "Kyiv", "Kiev", "Kiew", "Kijów", "Kyjev", "Kijev", "Kijevas", "Kijiva", "Kiiev", "Kiova",
    "Kiovia", "Chiovia", "Kænugarður", "Kaenugardur", "Kíev", "Kîev", "Kiëf", "Kief", "Kievi",
    "Kiyev", "Kiyiw", "Kyjiw", "Kyjiv", "Kijiv", "Kijivo", "Kyèv", "Kyev", "Kiiv", "Kyiw", "Kijew",
    "Kijow", "Kijůw", "Küyiv", "Kueyiv", "Kʻiew", "Cív", "Civ", "Chijv", "Kíjó", "Kijo", "Kiebo",
    "Kieu", "Ki ép", "Ki ep", "Keju", "Kijv", "Kjiv", "Kyiiv", "Kijuw", "Kijeva", "Kievom", "Kievu",
    "Київ", "Киев", "Кіеў", "Кијев", "Кыив", "Кыйив", "Кейӳ", "Киевом", "Киеву", "Кꙑѥвъ",
    "Κίεβο", "Կիև", "Քիեւ", "კიევი", "קייב", "קיעוו", "كييف", "کیف", "کی‌یف", "کیێڤ", "كىيېۋ",
    "कीव", "क्यीव", "কিয়েভ", "கீவ்", "കീവ്", "เคียฟ", "ཀིབ།", "ကီးယက်မြို့", "ኪየቭ", "キーウ",
    "キエフ", "基輔", "基辅", "키예프", "키이우", "ji fu", "kheiyf", "kiu", "kiv", "kiva", "kiyebha",
    "kiyepeu", "kyf", "kyiva", "kyyf", "qyyb", "Kiev osh", "Киев ош",
)  # fmt: skip
NEIGHBOURS = (
    Entity("kirov", "Kirov", "place", ("Киров", "Kirow", "キーロフ")),
    Entity("kiel", "Kiel", "place", ("Kil", "Киль", "キール")),
    Entity("kherson", "Kherson", "place", ("Херсон", "Cherson", "Chersoń")),
    Entity("chisinau", "Chișinău", "place", ("Chisinau", "Kishinev", "Кишинёв", "KIV")),
    Entity("kovel", "Kovel", "place", ("Ковель", "Kowel")),
    Entity("kiev-oblast-town", "Kyivska", "place", ("Kievskaya",)),
)
LEXICON = default_lexicon()


def _fold(name: str) -> str:
    return analyze(name, LEXICON).normalized


def _resolver(*entities: Entity) -> Resolver:
    return Resolver(Registry(tuple(entities)))


def test_the_kyiv_shape_has_over_a_hundred_names_in_many_scripts() -> None:
    # The first word of a letter's Unicode name is its script (LATIN, CYRILLIC, ...).
    scripts = {unicodedata.name(c).split()[0] for name in KYIV_NAMES for c in name if c.isalpha()}
    assert len(set(KYIV_NAMES)) >= 100
    assert len(scripts) >= 15, scripts


def test_every_name_of_a_many_named_entity_answers_through_itself() -> None:
    kyiv = Entity("kyiv", "Kyiv", "place", KYIV_NAMES[1:])
    resolver = _resolver(kyiv, *NEIGHBOURS)
    for name in KYIV_NAMES:
        if not analyze(name, LEXICON).words:
            continue
        found = resolver.candidates(name, limit=3)
        assert found and _fold(found[0].alias) == _fold(name), (name, found[0].alias)
        shared = any(_fold(name) in map(_fold, e.names) for e in NEIGHBOURS)  # KIV is Chișinău's too
        mine = [m for m in found if m.entity.id == "kyiv"]
        assert mine and _fold(mine[0].alias) == _fold(name), name
        assert shared or found[0].entity.id == "kyiv", name


def test_many_names_never_lower_the_confidence_of_an_exact_name() -> None:
    many = _resolver(Entity("kyiv", "Kyiv", "place", KYIV_NAMES[1:]), *NEIGHBOURS)
    for name in ("Kyiv", "Kiev", "Kijów", "Київ", "Киев", "Κίεβο", "キーウ"):
        alone = _resolver(Entity("kyiv", name, "place"), *NEIGHBOURS).candidates(name, limit=1)[0]
        found = many.candidates(name, limit=1)[0]
        assert found.entity.id == "kyiv"
        assert found.score >= alone.score - 1e-9, (name, found.score, alone.score)
        assert many.resolve(name) is not None, name


def test_an_exact_name_is_found_however_many_names_share_its_keys() -> None:
    # Wien, Vienne, Vinh, Bienne, Wiene...: one key, many places; the query's own name wins.
    vienna = Entity("vienna", "Vienna", "place", ("Wien", "Vienne", "Viena", "Bécs", "Вена"))
    others = [
        Entity("vinh", "Vinh", "place", ("Vin",)),
        Entity("biel", "Biel", "place", ("Bienne",)),
        Entity("wiehe", "Wiehe", "place"),
        Entity("vienne", "Vienne-en-Val", "place", ("Vienne",)),
        *(Entity(f"vin-{i}", f"Vinh {suffix}", "place") for i, suffix in enumerate("ABCDEFGHIJ")),
        *(Entity(f"wien-{i}", f"Wiener {suffix}", "place") for i, suffix in enumerate("ABCDEFGHIJ")),
    ]
    resolver = _resolver(vienna, *others)
    found = resolver.candidates("Wien", limit=3)
    assert found[0].entity.id == "vienna"
    assert found[0].alias == "Wien"
    assert resolver.resolve("Wien") is not None


# Genuine place names to build random registries from.
PLACES = (
    "Lima", "Lisboa", "Lyon", "Linz", "Leeds", "Lille", "Liège", "Lublin", "Luanda", "Lusaka",
    "Paris", "Perth", "Porto", "Poznań", "Praha", "Pune", "Quito", "Rabat", "Riga", "Roma",
    "Sana", "Seoul", "Sofia", "Split", "Tartu", "Tunis", "Turku", "Vaduz", "Varna", "Wien",
    "San José", "San Juan", "Santa Fe", "Santa Ana", "Port Louis", "Port Moresby", "Abu Dhabi",
    "Москва", "Київ", "Αθήνα", "東京", "القاهرة", "תל אביב",
)  # fmt: skip
SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def _registries(draw: st.DrawFn) -> tuple[list[Entity], int, str, list[str]]:
    count = draw(st.integers(2, 6))
    entities = []
    for i in range(count):
        names = draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=4, unique=True))
        entities.append(Entity(f"e{i}", names[0], "place", tuple(names[1:])))
    target = draw(st.integers(0, count - 1))
    query = draw(st.sampled_from(entities[target].names))
    extra = draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=12, unique=True))
    return entities, target, query, extra


@SLOW
@given(_registries())
def test_adding_names_never_lowers_an_exact_match_nor_lets_another_name_outrank_it(
    case: tuple[list[Entity], int, str, list[str]],
) -> None:
    entities, target, query, extra = case
    before = {m.entity.id: m for m in _resolver(*entities).candidates(query, limit=10)}
    grown = list(entities)
    old = grown[target]
    grown[target] = Entity(old.id, old.canonical, old.type, (*old.aliases, *extra))
    after = _resolver(*grown).candidates(query, limit=10)
    mine = {m.entity.id: m for m in after}
    assert old.id in before and old.id in mine
    assert mine[old.id].score >= before[old.id].score - 1e-9
    # The best answer is always matched through a name equal to the query.
    assert _fold(after[0].alias) == _fold(query)


@SLOW
@given(_registries())
def test_names_added_to_another_entity_never_outrank_an_exact_name(
    case: tuple[list[Entity], int, str, list[str]],
) -> None:
    entities, target, query, extra = case
    other = (target + 1) % len(entities)
    grown = list(entities)
    old = grown[other]
    kept = tuple(n for n in extra if _fold(n) != _fold(query))
    grown[other] = Entity(old.id, old.canonical, old.type, (*old.aliases, *kept))
    after = _resolver(*grown).candidates(query, limit=10)
    assert after and _fold(after[0].alias) == _fold(query)
    assert any(m.entity.id == entities[target].id for m in after)


@SLOW
@given(_registries())
def test_candidate_confidences_add_up_to_at_most_one(case: tuple[list[Entity], int, str, list[str]]) -> None:
    entities, _, query, _ = case
    found = _resolver(*entities).candidates(query, limit=10)
    assert sum(m.score for m in found) <= 1.0 + 1e-9


class _Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.mark.parametrize("tty", [True, False])
def test_a_long_build_shows_progress_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch, tty: bool) -> None:
    clock = iter(range(0, 10_000_000, 2))  # every reading two seconds on: a slow build
    monkeypatch.setattr(canonym.progress.time, "monotonic", lambda: float(next(clock)))
    stderr = _Terminal(tty)
    monkeypatch.setattr(sys, "stderr", stderr)
    entities = [Entity(f"e{i}", f"Place {i}", "place") for i in range(600)]
    CandidateIndex(Registry(tuple(entities)), LEXICON)
    shown = stderr.getvalue()
    if tty:
        assert "indexing 256 of 600 entities" in shown
        assert shown.endswith("indexed 600 entities in 10 s, 60 entities/s\x1b[K\n")
    else:
        assert shown == ""


@pytest.mark.parametrize("kind", ["person", "place", "organization"])
def test_the_exact_name_count_stops_where_the_models_weights_still_rise(kind: str) -> None:
    # If a refitted model changes where the known_names effect turns down, this fails and
    # _EXACT_KNOWN_NAMES must move with it.
    from canonym.resolve import _EXACT_KNOWN_NAMES  # noqa: PLC0415 (a private constant)
    from canonym.scoring import default_model  # noqa: PLC0415

    model = default_model()
    for part in (model.rank, model.confidence):
        values = []
        for names in range(1, _EXACT_KNOWN_NAMES + 1):
            features = {"known_names": math.log(names) / math.log(20), kind: 1.0}
            values.append(sum(v for k, v in part.contributions(features).items() if "known_names" in k))
        assert values == sorted(values), (kind, values)


# The word for "city" in several languages, as it stands before or after a city's name
# (German Stadt, Italian città, Polish miasto, Finnish kaupunki, Welsh dinas, Yoruba ìlú,
# Basque hiria, Maori tāonenui): a place word, which a name may carry or drop.
CITY_WORDS = ("Stadt", "Città", "Miasto", "Kaupunki", "Dinas", "Ìlú", "Hiria", "Tāonenui")


@pytest.mark.parametrize("word", CITY_WORDS)
def test_the_word_for_city_is_a_place_word_in_many_languages(word: str) -> None:
    form = analyze(f"{word} Talvero", default_lexicon())
    assert form.roles == ("filler", "word")


@pytest.mark.parametrize("suffix", ["varos", "stadt", "kaupunki"])
def test_a_city_word_written_onto_the_name_matches_the_name_without_it(suffix: str) -> None:
    assert word_similarity("talvero" + suffix, "talvero", default_lexicon())[1] == "suffix"


def test_of_many_names_with_the_same_words_the_nearest_to_the_query_is_compared() -> None:
    # Four names of one city whose content word is the same once the place word is set
    # aside: a look-up of one record returns the one written most like the query, not the
    # one that sorts first.
    city = Entity("geonames:1", "Talvero", "place", ("Talvero Cidade", "Talvero Ciudad", "Talvero Stadt"))
    index = CandidateIndex(Registry((city,)), default_lexicon())
    form = analyze("Talvero Stad", index.lexicon)
    found = index.records_for(index.lookup(form, 1))
    # The look-up's own best comes after the names equal to the query (none here) and
    # before the names holding all the query's words, which follow it.
    assert [r.name for r in found][len(index.exact(form))] == "Talvero Stadt"
