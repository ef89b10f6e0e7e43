"""Build registry files from common sources: CSV/TSV tables, Wikidata JSON, GeoNames tables.

Each reader takes the lines of one source and yields :class:`~canonym.models.Entity`
values; rows that name the same id are merged (a table with one row per alias works).
:func:`write_registry` writes entities as a registry file that :class:`~canonym.Registry`
loads. A problem with the input is an :class:`ImportError_` naming the file, the line and
the column (a control character or line break inside a name is one); names that a registry
may not hold (see :func:`~canonym.registry.name_problem`: no letter or digit, folded to
nothing, only titles or function words) and, in GeoNames tables, airport and station codes
are left out, so that whatever is written loads back.

>>> rows = ["id,name,type,aliases", "jj,José Jerí,person,José Enrique Jerí Oré|J. Jerí"]
>>> [entity] = from_table(rows, source="people.csv")
>>> entity.canonical, entity.aliases
('José Jerí', ('José Enrique Jerí Oré', 'J. Jerí'))
"""

from __future__ import annotations

import calendar
import csv
import dataclasses
import datetime
import json
import math
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, TextIO

from canonym.models import ENTITY_TYPES, Entity, EntityType, Role
from canonym.normalize import normalize_text
from canonym.patterns import lazy_pattern
from canonym.registry import line_problem, name_problem
from canonym.roles import Vocabulary, parse_role, vocabulary

if TYPE_CHECKING:
    from canonym.registry import Registry

__all__ = [
    "FORMATS",
    "MAX_LINE_BYTES",
    "ROLE_SKIP_REASONS",
    "ImportError_",
    "binary_lines",
    "from_geonames",
    "from_table",
    "from_wikidata",
    "utf8_lines",
    "write_registry",
]

FORMATS = ("csv", "tsv", "wikidata", "geonames")
MAX_LINE_BYTES = 1 << 28
"""The longest input line an importer reads (256 MiB; Wikidata's largest items take a few MB)."""
# GeoNames lists airport and station codes (IATA's three letters, ICAO's four) among a
# place's alternate names, written in capitals: codes, not names anyone writes in text.
_GEONAMES_CODE = lazy_pattern(globals(), "_GEONAMES_CODE", r"[A-Z]{3,4}")

# Labels that tables and NER tools use for the three entity types.
_TYPE_NAMES: dict[str, EntityType] = {
    **{t: t for t in ENTITY_TYPES},
    "per": "person",
    "people": "person",
    "human": "person",
    "loc": "place",
    "location": "place",
    "gpe": "place",
    "city": "place",
    "country": "place",
    "org": "organization",
    "organisation": "organization",
    "company": "organization",
}

# Wikidata classes ("instance of", P31) that settle an item's type. Items of other classes
# take the --type default, or are left out without one.
WIKIDATA_CLASSES: dict[str, EntityType] = {
    "Q5": "person",
    **dict.fromkeys(
        [
            "Q515",  # city
            "Q1549591",  # big city
            "Q5119",  # capital
            "Q6256",  # country
            "Q3624078",  # sovereign state
            "Q486972",  # human settlement
            "Q532",  # village
            "Q3957",  # town
            "Q10864048",  # first-level administrative division
            "Q82794",  # geographic region
            "Q5107",  # continent
            "Q23442",  # island
            "Q8502",  # mountain
            "Q4022",  # river
        ],
        "place",
    ),
    **dict.fromkeys(
        [
            "Q43229",  # organization
            "Q4830453",  # business
            "Q783794",  # company
            "Q7278",  # political party
            "Q484652",  # international organization
            "Q327333",  # government agency
            "Q11032",  # newspaper
            "Q1002697",  # periodical
            "Q1616075",  # television station
            "Q14350",  # radio station
            "Q17149090",  # armed forces
            "Q732717",  # law enforcement agency
        ],
        "organization",
    ),
}


class ImportError_(ValueError):
    """Input that cannot be imported: ``str(error)`` is ``FILE:LINE: what is wrong``."""

    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source, self.line, self.message = source, line, message
        where = source if line is None else f"{source}:{line}"
        super().__init__(f"{where}: {' '.join(message.split())}")


def binary_lines(handle: BinaryIO, source: str, limit: int = MAX_LINE_BYTES) -> Iterator[bytes]:
    """The lines of a binary stream, each at most ``limit`` bytes: a longer line, or a NUL
    byte (no text file holds one: ``/dev/zero``), is an error naming it, found after
    reading at most a megabyte past it."""
    number = 0
    while True:
        piece = handle.readline(1 << 20)
        if not piece:
            return
        number += 1
        parts, size = [piece], len(piece)
        while True:
            if b"\0" in piece:
                raise ImportError_(source, number, "not text (a NUL byte)")
            if piece.endswith(b"\n"):
                break
            piece = handle.readline(1 << 20)
            if not piece:
                break
            size += len(piece)
            if size > limit:
                raise ImportError_(source, number, f"a line longer than {limit >> 20} MiB")
            parts.append(piece)
        yield b"".join(parts)


def utf8_lines(raw_lines: Iterable[bytes], source: str) -> Iterator[str]:
    """Decode lines of bytes strictly: a line that is not UTF-8 is an error naming it
    (a byte order mark at the start is dropped)."""
    for number, raw in enumerate(raw_lines, 1):
        try:
            text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise ImportError_(source, number, f"not UTF-8 text (byte {exc.start + 1} of the line)") from None
        yield text


def _usable(name: str) -> bool:
    return name_problem(name) is None


def _usable_canonical(name: str) -> bool:
    return name_problem(name, canonical=True) is None


def _one_line(value: str, source: str, line: int | None, field: str) -> str:
    """``value``, or an error if it holds a control character or line break."""
    problem = line_problem(value)
    if problem:
        raise ImportError_(source, line, f"{field}: {problem}")
    return value


class _Merger:
    """Collects entities by id, in first-seen order; a repeated id adds names."""

    def __init__(self) -> None:
        self._by_id: dict[str, dict[str, Any]] = {}

    def add(
        self,
        entity_id: str,
        canonical: str,
        kind: EntityType,
        names: Iterable[str] = (),
        description: str = "",
        *,
        prominence: float | None = None,
    ) -> None:
        known = self._by_id.get(entity_id)
        if known is None:
            known = self._by_id[entity_id] = {
                "canonical": canonical,
                "type": kind,
                "names": {},
                "description": description,
                "prominence": prominence,
            }
        known["names"].update(dict.fromkeys(n for n in (canonical, *names) if _usable(n)))
        known["description"] = known["description"] or description
        if known["prominence"] is None:
            known["prominence"] = prominence

    def entities(self) -> Iterator[Entity]:
        for entity_id, f in self._by_id.items():
            yield Entity(
                id=entity_id,
                canonical=f["canonical"],
                type=f["type"],
                aliases=tuple(n for n in f["names"] if n != f["canonical"]),
                description=f["description"],
                prominence=f["prominence"],
            )


def _entity_type(value: str, source: str, line: int, column: str) -> EntityType:
    kind = _TYPE_NAMES.get(value.strip().lower())
    if kind is None:
        raise ImportError_(
            source, line, f"column {column!r}: unknown type {value!r} (expected {', '.join(ENTITY_TYPES)})"
        )
    return kind


def from_table(
    lines: Iterable[str],
    *,
    source: str = "<table>",
    delimiter: str = ",",
    id_column: str | None = None,
    name_column: str = "name",
    type_column: str = "type",
    default_type: str | None = None,
    aliases_column: str = "aliases",
    alias_separator: str = "|",
    description_column: str = "description",
    prominence_column: str | None = None,
) -> list[Entity]:
    """Entities from a CSV or TSV table with a header row.

    ``name_column`` is required. ``id_column`` must be in the header when given; without
    it, the ``id`` column is used if there is one, else an entity's id is its name folded
    to lower-case ASCII words joined by hyphens. Without a
    ``type_column``, every row takes ``default_type``. ``aliases_column`` holds several
    names separated by ``alias_separator``. Rows with the same id are merged. A
    ``prominence_column`` (a number of at least 0, or empty) fills :attr:`Entity.prominence`.
    """
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ImportError_(source, None, "the file is empty") from None
    except csv.Error as exc:
        raise ImportError_(source, 1, f"not a readable table: {exc}") from None
    columns = {name: i for i, name in enumerate(header)}
    missing = f"in the header ({', '.join(header)})"
    if name_column not in columns:
        other = _other_delimiter(header, delimiter)
        fix = (
            f"is it {other!r}-separated? give --delimiter {other!r}"
            if other
            else "name the column of canonical names with --name-column"
        )
        raise ImportError_(source, 1, f"no column {name_column!r} {missing}: {fix}")
    if id_column is not None and id_column not in columns:
        raise ImportError_(
            source,
            1,
            f"no column {id_column!r} {missing}: fix --id-column, or leave it out to make ids from names",
        )
    if prominence_column is not None and prominence_column not in columns:
        raise ImportError_(source, 1, f"no column {prominence_column!r} {missing}: fix --prominence")
    if type_column not in columns and default_type is None:
        raise ImportError_(
            source,
            1,
            f"no column {type_column!r} in the header: give every row's type with --type TYPE, "
            "or the column with --type-column",
        )
    id_column = id_column or "id"
    fixed = None if default_type is None else _entity_type(default_type, source, 1, "--type")
    merger = _Merger()
    # A quoted cell may hold line breaks, so a row can span lines: errors name its first.
    line = reader.line_num + 1
    try:
        for row in reader:
            next_line = reader.line_num + 1
            if not any(cell.strip() for cell in row):
                line = next_line
                continue

            def cell(column: str, row: list[str] = row, line: int = line) -> str:
                index = columns.get(column)
                value = row[index].strip() if index is not None and index < len(row) else ""
                # Descriptions are free text; the writer escapes their line breaks.
                return (
                    value
                    if column == description_column
                    else _one_line(value, source, line, f"column {column!r}")
                )

            name = cell(name_column)
            if not name:
                raise ImportError_(source, line, f"column {name_column!r}: no name")
            problem = name_problem(name, canonical=True)
            if problem:
                raise ImportError_(source, line, f"column {name_column!r}: {problem}")
            entity_id = cell(id_column) if id_column in columns else normalize_text(name).replace(" ", "-")
            if not entity_id:
                raise ImportError_(source, line, f"column {id_column!r}: no id")
            raw_type = cell(type_column)
            kind = _entity_type(raw_type, source, line, type_column) if raw_type else fixed
            if kind is None:
                raise ImportError_(source, line, f"column {type_column!r}: no type and no default type")
            aliases = cell(aliases_column).split(alias_separator) if alias_separator else []
            prominence = None
            if prominence_column is not None and cell(prominence_column):
                prominence = _number(cell(prominence_column), source, line, prominence_column)
            names = [a.strip() for a in aliases]
            merger.add(entity_id, name, kind, names, cell(description_column), prominence=prominence)
            line = next_line
    except csv.Error as exc:
        raise ImportError_(source, reader.line_num, f"not a readable table: {exc}") from None
    return list(merger.entities())


def _other_delimiter(header: list[str], delimiter: str) -> str | None:
    """The delimiter a one-column header seems to be split by instead of ``delimiter``."""
    if len(header) != 1:
        return None
    return next((d for d in (";", "\t", "|", ",", ":") if d != delimiter and d in header[0]), None)


def _number(text: str, source: str, line: int, column: str) -> float:
    """A prominence cell: a finite number of at least 0 (digits grouped with commas or
    underscores are read too), else an error naming the line and column."""
    try:
        value = float(text.replace(",", "").replace("_", ""))
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise ImportError_(source, line, f"column {column!r}: {text!r} is not a number of at least 0")
    return value


def _wikidata_records(
    lines: Iterable[str], source: str, needles: Sequence[str] = (), passed: list[int] | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Items of a Wikidata JSON dump (a JSON array with one item per line) or JSON Lines.

    With ``needles``, a line that holds none of them is passed over unparsed (and counted
    in ``passed[0]``): a cheap first filter of a dump of a hundred million items."""
    for number, raw in enumerate(lines, 1):
        text = raw.strip().rstrip(",")
        if text in ("", "[", "]"):
            continue
        if needles and not any(needle in text for needle in needles):
            if passed is not None:
                passed[0] += 1
            continue
        try:
            item = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportError_(source, number, f"not valid JSON ({exc.msg} at column {exc.colno})") from None
        except RecursionError:
            raise ImportError_(source, number, "not a Wikidata item (JSON nested too deeply)") from None
        except ValueError as exc:  # an integer of more digits than Python converts
            raise ImportError_(source, number, f"not valid JSON ({exc})") from None
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            raise ImportError_(source, number, "not a Wikidata item (a JSON object with an 'id')")
        item["id"] = _one_line(item["id"].strip(), source, number, "id")
        if not item["id"]:
            raise ImportError_(source, number, "id: must not be empty")
        yield number, item


def _texts(values: Any, languages: Sequence[str] | None, source: str, line: int, field: str) -> list[str]:
    """The ``value`` strings of a labels/aliases/descriptions map, in language order; a
    name that is not one line of text is an error naming its field (``labels.en``)."""
    if not isinstance(values, dict):
        return []
    order = list(values) if not languages else [lang for lang in languages if lang in values]
    out: list[str] = []
    for lang in order:
        entries = values[lang]
        for entry in entries if isinstance(entries, list) else [entries]:
            if isinstance(entry, dict) and isinstance(entry.get("value"), str):
                value = entry["value"].strip()
                if field == "descriptions":
                    # Free text: the writer escapes its line breaks, but no file can hold
                    # a lone surrogate.
                    bad = _SURROGATE.search(value)
                    if bad:
                        problem = f"contains a lone surrogate (U+{ord(bad.group()):04X})"
                        raise ImportError_(source, line, f"{field}.{lang}: {problem}")
                else:
                    _one_line(value, source, line, f"{field}.{lang}")
                out.append(value)
    return out


def _wikidata_classes(item: dict[str, Any], source: str, line: int) -> list[str]:
    """The classes an item is an instance of (P31), in the item's order."""
    claims = item.get("claims")
    statements = claims.get("P31", []) if isinstance(claims, dict) else []
    if not isinstance(statements, list):
        raise ImportError_(source, line, "claims.P31: expected a list of statements")
    classes = []
    for claim in statements:
        try:
            class_id = claim["mainsnak"]["datavalue"]["value"]["id"]
        except (KeyError, TypeError, IndexError):
            continue
        if not isinstance(class_id, str):
            problem = f"expected a class id such as Q5, found {class_id!r}"
            raise ImportError_(source, line, f"claims.P31: {problem}")
        classes.append(class_id)
    return classes


def _wikidata_type(classes: Iterable[str]) -> EntityType | None:
    return next((WIKIDATA_CLASSES[c] for c in classes if c in WIKIDATA_CLASSES), None)


def from_wikidata(
    lines: Iterable[str],
    *,
    source: str = "<wikidata>",
    languages: Sequence[str] | None = None,
    default_type: str | None = None,
    skipped: list[str] | None = None,
    classes: Sequence[str] | None = None,
    min_sitelinks: int = 0,
    left_out: dict[str, int] | None = None,
    places: Registry | None = None,
    roles_left_out: dict[str, int] | None = None,
) -> list[Entity]:
    """Entities from Wikidata items, one per line (the JSON dumps' layout, or JSON Lines).

    The canonical name is the label in the first of ``languages`` that has one (all
    languages, in the item's order, when ``languages`` is None); every label and alias in
    those languages becomes an alias. The type comes from "instance of" (P31) through
    :data:`WIKIDATA_CLASSES`, else ``default_type``; items with neither, or with no label,
    are left out and their ids appended to ``skipped``. The number of sitelinks (the
    Wikipedia and other wiki pages about the item) is its prominence, when the dump has them.

    Two filters make a full dump a usable registry: ``classes`` keeps the items that are an
    instance of one of them (``["Q5"]``: people), ``min_sitelinks`` those with at least that
    many sitelinks (an item without sitelinks in the dump has 0). ``left_out`` counts the
    items each filter left out, under ``"class"`` and ``"sitelinks"``, and those of ``skipped``
    by why: ``"label"`` (none in ``languages``) and ``"type"``. A class with no type in
    :data:`WIKIDATA_CLASSES` needs ``default_type``.

    "Position held" statements (P39) with a start time become the items' ``roles`` (see
    :func:`_wikidata_roles` and docs/registry.md): the office from the position item's
    labels (or those of the generic offices it is a subclass of), the place from its
    "applies to jurisdiction" (P1001), an entity of the import or of ``places`` (a registry
    the import will be loaded with). A statement that gives no role is counted in
    ``roles_left_out`` under one of :data:`ROLE_SKIP_REASONS`, and ``roles_left_out["roles"]``
    counts the roles imported. The position items are read whatever ``classes`` says.
    """
    fixed = None if default_type is None else _entity_type(default_type, source, 1, "--type")
    wanted = tuple(dict.fromkeys(classes or ()))
    untyped = [c for c in wanted if c not in WIKIDATA_CLASSES]
    if untyped and fixed is None:
        raise ImportError_(
            source,
            None,
            f"--class {untyped[0]}: canonym knows no type for this class: give its items' type with "
            f"--type ({', '.join(ENTITY_TYPES)})",
        )
    counts = left_out if left_out is not None else {}
    for reason in ("class", "sitelinks", "label", "type"):
        counts.setdefault(reason, 0)
    passed = [0]
    merger = _Merger()
    role_counts = roles_left_out if roles_left_out is not None else {}
    for reason in ("roles", *ROLE_SKIP_REASONS):
        role_counts.setdefault(reason, 0)
    held: list[_Held] = []
    positions: dict[str, _Position] = {}
    languages_of_titles = vocabulary().languages
    # A class's id appears quoted in the line of every item of that class, and a
    # property's in the line of every item with a statement of it: position items (with a
    # subclass-of or jurisdiction statement) are read whatever the classes asked for.
    needles = [f'"{c}"' for c in wanted]
    if needles:
        needles += ['"P279"', '"P1001"']
    for number, item in _wikidata_records(lines, source, needles, passed):
        position = _position(item, languages_of_titles)
        if position is not None:
            positions[sys.intern(item["id"])] = position
        instance_of = _wikidata_classes(item, source, number)
        if wanted and not any(c in wanted for c in instance_of):
            counts["class"] += 1
            continue
        sitelinks = _sitelinks(item)
        if min_sitelinks and (sitelinks or 0) < min_sitelinks:
            counts["sitelinks"] += 1
            continue
        labels = _texts(item.get("labels"), languages, source, number, "labels")
        labels = [n for n in labels if _usable_canonical(n)]
        aliases = _texts(item.get("aliases"), languages, source, number, "aliases")
        descriptions = _texts(item.get("descriptions"), languages, source, number, "descriptions")
        kind = _wikidata_type([c for c in instance_of if not wanted or c in wanted]) or fixed
        if not labels or kind is None:
            if skipped is not None:
                skipped.append(item["id"])
            counts["label" if not labels else "type"] += 1
            continue
        merger.add(
            item["id"],
            labels[0],
            kind,
            labels[1:] + aliases,
            descriptions[0] if descriptions else "",
            prominence=sitelinks,
        )
        held.extend(_held_positions(item, source, number, role_counts))
    counts["class"] += passed[0]
    entities = list(merger.entities())
    if not held:
        return entities
    roles = _wikidata_roles(held, positions, entities, places, role_counts)
    return [dataclasses.replace(e, roles=roles[e.id]) if e.id in roles else e for e in entities]


# --- roles from "position held" (P39) statements ------------------------------------------

ROLE_SKIP_REASONS = ("position", "office", "place", "start", "dates")
"""Why a "position held" (P39) statement of an imported item gave no role:

- ``position``: the position item is not in the dump, or has neither "subclass of" (P279)
  nor "applies to jurisdiction" (P1001);
- ``office``: no office of canonym's vocabulary fits the position (see :func:`_offices`);
- ``place``: its jurisdiction is not an entity of the import nor of the ``places`` registry;
- ``start``: no start time (P580);
- ``dates``: a start, end or death time that is not a day, month or year (coarser, or
  unreadable), or an end before the start.
"""
_MAX_OFFICE_DEPTH = 4
"""How many "subclass of" steps above a position whose labels name no title are searched
for a generic office that has one (*Monarch of the United Kingdom* -> *monarch* -> *head of
state*)."""
_WIKIDATA_TIME = lazy_pattern(globals(), "_WIKIDATA_TIME", r"\+0*(\d{1,4})-(\d\d)-(\d\d)T")
_Day = datetime.date | None | Literal[False]


@dataclass(frozen=True)
class _Position:
    """What the importer keeps of an item that may be a position: its labels in the
    vocabulary's languages that have a title word, the classes it is a subclass (P279) or
    instance (P31) of, and the jurisdictions it applies to (P1001)."""

    labels: tuple[str, ...]
    broader: tuple[str, ...]
    jurisdictions: tuple[str, ...]


@dataclass(frozen=True)
class _Held:
    """One "position held" statement of an imported item, with readable dates."""

    holder: str
    position: str
    start: datetime.date
    end: datetime.date | None
    jurisdictions: tuple[str, ...]


def _snak_item(snak: Any) -> str | None:
    """The item id a statement's value (or a qualifier) names, or None."""
    try:
        value = snak["datavalue"]["value"]["id"]
    except (KeyError, TypeError, IndexError):
        return None
    return sys.intern(value) if isinstance(value, str) and value else None


def _statements(claims: Mapping[str, Any], prop: str) -> list[dict[str, Any]]:
    """The statements of ``prop`` that are not deprecated (malformed ones left out)."""
    found = claims.get(prop)
    if not isinstance(found, list):
        return []
    return [c for c in found if isinstance(c, dict) and c.get("rank") != "deprecated"]


def _claim_items(claims: Mapping[str, Any], prop: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(i for c in _statements(claims, prop) if (i := _snak_item(c.get("mainsnak")))))


def _wikidata_day(snak: Any, last: bool) -> _Day:
    """The day a Wikidata time value says, None when there is none ("unknown value", or no
    qualifier), False when it cannot be read as a day, month or year.

    A month or a year stands for its first day, or with ``last`` its last, so that an office
    counts as held over the whole period the dump gives.

    >>> _wikidata_day({"datavalue": {"value": {"time": "+2025-10-10T00:00:00Z", "precision": 11}}}, False)
    datetime.date(2025, 10, 10)
    >>> _wikidata_day({"datavalue": {"value": {"time": "+2006-00-00T00:00:00Z", "precision": 9}}}, True)
    datetime.date(2006, 12, 31)
    """
    if not isinstance(snak, dict) or snak.get("snaktype", "value") != "value":
        return None
    try:
        value = snak["datavalue"]["value"]
        time, precision = value["time"], value["precision"]
    except (KeyError, TypeError):
        return False
    if not isinstance(time, str) or type(precision) is not int or precision < 9:
        return False
    found = _WIKIDATA_TIME.match(time)
    if found is None:
        return False
    year, month, day = (int(g) for g in found.groups())
    try:
        if precision >= 11:
            return datetime.date(year, month, day)
        if precision == 10:
            return datetime.date(year, month, calendar.monthrange(year, month)[1] if last else 1)
        return datetime.date(year, 12, 31) if last else datetime.date(year, 1, 1)
    except (ValueError, calendar.IllegalMonthError):
        return False


def _qualifier(qualifiers: Any, prop: str) -> Any:
    """The first snak of a statement's qualifier ``prop``, or None."""
    found = qualifiers.get(prop) if isinstance(qualifiers, dict) else None
    return found[0] if isinstance(found, list) and found else None


def _held_positions(item: dict[str, Any], source: str, line: int, counts: dict[str, int]) -> list[_Held]:
    """The "position held" (P39) statements of an imported item that have readable dates;
    the others are counted in ``counts`` by reason (``start``, ``dates``).

    An end left open is the date of death (P570), when the item has one: nobody holds an
    office after death."""
    claims = item.get("claims")
    if not isinstance(claims, dict) or "P39" not in claims:
        return []
    if not isinstance(claims["P39"], list):
        raise ImportError_(source, line, "claims.P39: expected a list of statements")
    death = next(
        (d for c in _statements(claims, "P570") if (d := _wikidata_day(c.get("mainsnak"), True))), None
    )
    out = []
    for claim in _statements(claims, "P39"):
        position = _snak_item(claim.get("mainsnak"))
        if position is None:
            continue  # "no value" or "unknown value": no position to name
        qualifiers = claim.get("qualifiers")
        start = _wikidata_day(_qualifier(qualifiers, "P580"), False)
        end = _wikidata_day(_qualifier(qualifiers, "P582"), True)
        if start is False or end is False:
            counts["dates"] += 1
            continue
        if start is None:
            counts["start"] += 1
            continue
        end = death if end is None else end
        if end is not None and end < start:
            counts["dates"] += 1
            continue
        found = qualifiers.get("P1001") if isinstance(qualifiers, dict) else None
        where = tuple(i for q in found if (i := _snak_item(q))) if isinstance(found, list) else ()
        out.append(_Held(item["id"], position, start, end, where))
    return out


def _position(item: dict[str, Any], languages: Sequence[str]) -> _Position | None:
    """What an item says as a position (see :class:`_Position`), or None when it has
    neither a "subclass of" (P279) nor an "applies to jurisdiction" (P1001) statement."""
    claims = item.get("claims")
    if not isinstance(claims, dict):
        return None
    subclass_of = _claim_items(claims, "P279")
    jurisdictions = _claim_items(claims, "P1001")
    if not subclass_of and not jurisdictions:
        return None
    title_words = vocabulary().title_words
    labels = item.get("labels")
    labels = labels if isinstance(labels, dict) else {}
    found: list[str] = []
    for lang in languages:
        entry = labels.get(lang)
        value = entry.get("value") if isinstance(entry, dict) else None
        if not isinstance(value, str) or line_problem(value) is not None:
            continue
        if not title_words.isdisjoint(normalize_text(value).split()):
            found.append(value)
    broader = tuple(dict.fromkeys((*subclass_of, *_claim_items(claims, "P31"))))
    return _Position(tuple(found), broader, jurisdictions)


def _wikidata_roles(
    held: Sequence[_Held],
    positions: Mapping[str, _Position],
    entities: Sequence[Entity],
    places: Registry | None,
    counts: dict[str, int],
) -> dict[str, tuple[Role, ...]]:
    """The roles of imported entities (by id) from their "position held" statements.

    The role's place is the statement's or else the position's jurisdiction (P1001), when it
    is an entity of the import or of ``places`` (one of them: two are none); else the place
    the position's label names (*President of Peru*) when exactly one place of the import,
    or else of ``places``, has that name. Its office is what :func:`_offices` finds. A
    statement with neither is counted in ``counts`` (``position``, ``office``, ``place``).
    """
    vocab = vocabulary()
    names: dict[str, tuple[str, ...]] = {}
    by_name: tuple[dict[str, set[str]], dict[str, set[str]]] = ({}, {})
    for table, group in zip(by_name, (entities, places.entities if places is not None else ())):
        for entity in group:
            names.setdefault(entity.id, entity.names)
            if entity.type == "place":
                for name in entity.names:
                    table.setdefault(normalize_text(name), set()).add(entity.id)
    known = _Known(
        positions, names, by_name, frozenset(tuple(name.split()) for table in by_name for name in table)
    )
    found: dict[str, dict[Role, None]] = {}
    memo: dict[tuple[str, tuple[str, ...]], str | tuple[str, str]] = {}
    for statement in held:
        position = positions.get(statement.position)
        if position is None:
            counts["position"] += 1
            continue
        key = (statement.position, statement.jurisdictions)
        if key not in memo:
            memo[key] = _position_role(statement, position, known, vocab)
        outcome = memo[key]
        if isinstance(outcome, str):
            counts[outcome] += 1
            continue
        office, where = outcome
        found.setdefault(statement.holder, {})[Role(office, where, statement.start, statement.end)] = None
        counts["roles"] += 1
    return {holder: tuple(roles) for holder, roles in found.items()}


@dataclass(frozen=True)
class _Known:
    """What an import knows when it names roles: the position items, the names of every
    entity of the import and of ``places`` by id, the ids of their places by normalised
    name (the import's, then ``places``'), and every place name as words."""

    positions: Mapping[str, _Position]
    names: Mapping[str, tuple[str, ...]]
    by_name: tuple[Mapping[str, set[str]], Mapping[str, set[str]]]
    every_place: frozenset[tuple[str, ...]]


def _position_role(
    statement: _Held, position: _Position, known: _Known, vocab: Vocabulary
) -> tuple[str, str] | str:
    """(office, where) of a held position, or the reason there is none (see
    :func:`_wikidata_roles`): the place is settled first, then the office."""
    where: str | None = None
    for candidates in (statement.jurisdictions, position.jurisdictions):
        found = [j for j in candidates if j in known.names]
        if found:
            where = found[0] if len(found) == 1 else ""
            break
    if where is None:
        # No jurisdiction the import knows: the place a label names (*President of Peru*).
        named = {
            place
            for label in position.labels
            if (phrase := parse_role(label, known.every_place, vocab)) is not None
            for place in phrase.places
        }
        for table in known.by_name:
            ids = {i for name in named for i in table.get(name, ())}
            if ids:
                where = next(iter(ids)) if len(ids) == 1 else ""
                break
    if not where:
        return "place"
    # The labels are read with the names of the role's place only, so that a word of a
    # label that merely happens to name some place is not taken for one.
    place_names = frozenset(tuple(normalize_text(n).split()) for n in known.names[where])
    offices = _offices(statement.position, known.positions, place_names, vocab, 0)
    if len(offices) != 1:
        return "office"
    return next(iter(offices)), where


def _offices(
    position_id: str,
    positions: Mapping[str, _Position],
    place_names: frozenset[tuple[str, ...]],
    vocab: Vocabulary,
    depth: int,
) -> frozenset[str]:
    """The offices of the vocabulary a position item can be (one when it is known).

    Each label with a title word is read as a role phrase (:func:`canonym.roles.parse_role`)
    with ``place_names``. The offices are those every label that reads whole allows (an
    office a label names, or a kind of one: *President of Peru* and *Head of State of Peru*
    are a president); a label left with a word the vocabulary does not account for (*Vice
    President of Peru*, *President of the Congress*) names another office, so if no label
    reads whole the position is none of the vocabulary's. An item with no title word in its
    labels is what the classes above it are (*Monarch of the United Kingdom* is a monarch,
    a kind of head of state); several offices (*Chancellor of Germany*: head of government,
    or the Latin American foreign minister) are narrowed by the classes above.
    """
    record = positions.get(position_id)
    if record is None or depth > _MAX_OFFICE_DEPTH:
        return frozenset()

    def above() -> frozenset[str]:
        return frozenset(
            o
            for b in record.broader
            if b != position_id
            for o in _offices(b, positions, frozenset(), vocab, depth + 1)
        )

    if not record.labels:
        return above()
    phrases = [
        p for p in (parse_role(label, place_names, vocab) for label in record.labels) if p and p.current
    ]
    if not phrases:
        return frozenset()
    # The offices every label names; else those every label allows (a label naming a
    # broader office allows its kinds: *president* and *head of state* are a president).
    allowed = frozenset.intersection(*(frozenset(p.offices) for p in phrases))
    if not allowed:
        named = {o for p in phrases for o in p.offices}
        allowed = frozenset(o for o in named if all(o in vocab.narrower(p.offices) for p in phrases))
    if len(allowed) > 1:
        broader = above()
        narrowed = frozenset(o for o in allowed if any(o in vocab.narrower((b,)) for b in broader))
        return narrowed or allowed
    return allowed


def _sitelinks(item: dict[str, Any]) -> float | None:
    """How many sitelinks a Wikidata item has, or None when the dump leaves them out."""
    links = item.get("sitelinks")
    return float(len(links)) if isinstance(links, dict) else None


def from_geonames(lines: Iterable[str], *, source: str = "<geonames>") -> list[Entity]:
    """Places from a GeoNames table (tab-separated: geonameid, name, asciiname,
    alternatenames, latitude, longitude, feature class, feature code, country code, ...).

    The id is ``geonames:ID``; the ASCII name and the comma-separated alternate names
    become aliases, except web addresses, airport and station codes (three or four capital
    ASCII letters, such as VIE) and names a registry may not hold (with a control character,
    without a letter, folded to nothing, only titles or function words). When the name column itself is such a
    name, the first alternate name that is not becomes the canonical name. The
    population (column 15), when given, is the place's prominence.
    """
    merger = _Merger()
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 4 or not fields[0].strip().isdigit():
            raise ImportError_(
                source, number, "expected tab-separated geonameid, name, asciiname, alternatenames, ..."
            )
        # The name columns must be one line of text; GeoNames' alternate names hold some
        # mojibake with control characters among hundreds of good names: those are dropped.
        for column, field in zip(("name", "asciiname"), fields[1:3]):
            _one_line(field, source, number, f"column {column!r}")
        alternates = [
            a
            for a in (a.strip() for a in [fields[1], fields[2], *fields[3].split(",")])
            if "://" not in a and not _GEONAMES_CODE.fullmatch(a) and _usable_canonical(a)
        ]
        if not alternates:
            raise ImportError_(source, number, "column 'name': no name that a registry can hold")
        name = fields[1].strip() if _usable_canonical(fields[1].strip()) else alternates[0]
        code, country = (fields[i].strip() if len(fields) > i else "" for i in (7, 8))
        description = " ".join(f for f in ("GeoNames", code, country) if f)
        population = fields[14].strip() if len(fields) > 14 else ""
        prominence = _number(population, source, number, "population") if population else None
        merger.add(
            f"geonames:{fields[0].strip()}", name, "place", alternates, description, prominence=prominence
        )
    return list(merger.entities())


# Characters JSON leaves as they are but YAML does not accept raw in a scalar: DEL and
# the C1 controls, the line and paragraph separators, the byte order mark and non-characters.
_SURROGATE = lazy_pattern(globals(), "_SURROGATE", r"\p{Cs}")
_NOT_YAML_PRINTABLE = lazy_pattern(
    globals(), "_NOT_YAML_PRINTABLE", r"[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]"
)


def _quote(text: str) -> str:
    # A JSON string with those characters escaped is a YAML double-quoted scalar.
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def write_registry(entities: Iterable[Entity], out: TextIO) -> int:
    """Write ``entities`` as a registry file (version 1); returns how many were written."""
    out.write("version: 1\nentities:\n")
    count = 0
    for entity in entities:
        out.write(f"  - id: {_quote(entity.id)}\n    canonical: {_quote(entity.canonical)}\n")
        out.write(f"    type: {entity.type}\n")
        if entity.aliases:
            out.write(f"    aliases: [{', '.join(_quote(a) for a in entity.aliases)}]\n")
        if entity.description:
            out.write(f"    description: {_quote(entity.description)}\n")
        if entity.roles:
            out.write("    roles:\n")
            for role in entity.roles:
                fields = [f"office: {_quote(role.office)}", f"where: {_quote(role.where)}"]
                fields += [
                    f"{name}: {day.isoformat()}"
                    for name, day in (("from", role.start), ("to", role.end))
                    if day
                ]
                out.write(f"      - {{{', '.join(fields)}}}\n")
        if entity.prominence is not None:
            value = entity.prominence
            out.write(f"    prominence: {int(value) if value.is_integer() else value!r}\n")
        count += 1
    if not count:
        out.write("  []\n")
    return count
