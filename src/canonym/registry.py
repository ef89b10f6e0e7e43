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

import functools
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, cast

import yaml

from canonym.models import ENTITY_TYPES, Entity, EntityType
from canonym.normalize import normalize_text

__all__ = ["DEFAULT_SOURCE", "Registry", "RegistryError", "read_registry_file"]

DEFAULT_SOURCE = "canonym:data/aliases.yaml"
_ENTITY_FIELDS = ("id", "canonical", "type", "aliases", "description", "context", "prominence")
_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
# First characters of the plain scalars that YAML's implicit resolvers could type as
# something other than text (numbers, booleans, null, dates, ...).
_TYPED_FIRST = frozenset(k for k in _BaseLoader.yaml_implicit_resolvers if k)
_ANY_FIRST = None in _BaseLoader.yaml_implicit_resolvers
# Levels of nesting an entity entry may have: the entity's mapping, a list field, its items.
# Deeper collections are skipped unread and reported as the wrong kind of value.
_ENTITY_LEVELS = 2
_ANCHORS = "YAML anchors and aliases (&, *) are not allowed"


class _Loader(_BaseLoader):  # type: ignore[misc]
    """libyaml's parser (when PyYAML has it), with a quicker implicit-tag check.

    PyYAML's resolver runs Python code for every scalar; a plain scalar whose first
    character no resolver claims is always text, and most names are such scalars.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        plain = kind is yaml.ScalarNode and implicit[0] and value and not _ANY_FIRST
        if plain and value[0] not in _TYPED_FIRST:
            return _STR_TAG
        return super().resolve(kind, value, implicit)


class RegistryError(ValueError):
    """A registry file that cannot be used, with where and why.

    ``str(error)`` is one line: ``FILE:LINE: FIELD: what is wrong``.
    """

    def __init__(self, source: str, line: int | None, field: str | None, message: str) -> None:
        self.source = source
        self.line = line
        self.field = field
        # One line whatever the cause: parser messages can span several.
        self.message = message = " ".join(message.split())
        where = source if line is None else f"{source}:{line}"
        what = message if field is None else f"{field}: {message}"
        super().__init__(f"{where}: {what}")


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
            raise self.fail(node, field, _ANCHORS)

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
        return value

    def strings(self, node: yaml.Node, field: str) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null":
            return ()
        out = []
        for item in self.sequence(node, field):
            value = self.string(item, field, allow_empty=False)
            if not _has_letters(value):
                raise self.fail(item, field, f"{value!r} has no letters or digits")
            out.append(value)
        return tuple(out)


def _has_letters(text: str) -> bool:
    return any(c.isalnum() for c in text)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    tag = str(node.tag).rsplit(":", 1)[-1]
    return {"null": "nothing", "bool": "true/false", "str": "text"}.get(tag, tag)


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def _parse(text: str, source: str) -> list[_Entry]:
    """Parse one registry file's text into entries, checking every field."""
    if not text.strip():
        raise RegistryError(source, None, None, "the file is empty")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        # Only text handed over from Python can hold a lone surrogate; files are decoded.
        problem = f"not valid Unicode text (lone surrogate {text[exc.start]!r})"
        raise RegistryError(source, _line_at(text, exc.start), None, problem) from None
    loader = _Loader(text)
    try:
        return _read(loader, _Reader(source))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        raise RegistryError(source, line, None, f"not valid YAML: {exc.problem or exc.context}") from None
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        problem = f"not valid YAML: {exc.reason} (U+{char:04X})"
        raise RegistryError(source, _line_at(text, exc.position), None, problem) from None
    except yaml.YAMLError as exc:
        raise RegistryError(source, None, None, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _read(loader: Any, reader: _Reader) -> list[_Entry]:
    """The entries of a registry document, read from the parser's events."""
    loader.get_event()  # the stream's start
    if loader.check_event(yaml.StreamEndEvent):
        raise RegistryError(reader.source, None, None, "the file is empty")
    loader.get_event()  # the document's start
    if not loader.check_event(yaml.MappingStartEvent):
        reader.mapping(_compose(loader, 0), "top level")  # raises: not a mapping
    start = loader.get_event()
    root = yaml.MappingNode("", [], start.start_mark, start.end_mark)
    if start.anchor:
        raise reader.fail(root, "top level", _ANCHORS)
    keys: set[str] = set()
    entries: list[_Entry] | None = None
    while not loader.check_event(yaml.MappingEndEvent):
        key_node = _compose(loader, 0)
        key = reader.string(key_node, "top level", allow_empty=False)
        if key in keys:
            raise reader.fail(key_node, key, "duplicate key")
        keys.add(key)
        if key == "version":
            node = _compose(loader, 0)
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
        reader.sequence(_compose(loader, 0), "entities")  # raises: not a list
    start = loader.get_event()
    if start.anchor:
        raise reader.fail(yaml.SequenceNode("", [], start.start_mark, start.end_mark), "entities", _ANCHORS)
    entries = []
    seen_ids: dict[str, int] = {}
    while not loader.check_event(yaml.SequenceEndEvent):
        item = _compose(loader, _ENTITY_LEVELS)
        fields = reader.mapping(item, "entity")
        entry = _check_entity(reader, item, fields)
        entity_id = entry["id"]
        if entity_id in seen_ids:
            raise reader.fail(item, "id", f"duplicate id {entity_id!r} (first at line {seen_ids[entity_id]})")
        seen_ids[entity_id] = _line(item)
        entries.append(_Entry(MappingProxyType(entry), reader.source, _line(item)))
    loader.get_event()
    return entries


def _compose(loader: Any, levels: int) -> yaml.Node:
    """The next node of the event stream, with at most ``levels`` levels of collections
    inside it (deeper ones come back empty: they are the wrong kind of value anyway).

    An anchored node keeps its anchor in ``node.anchor`` and a YAML alias becomes an empty
    node carrying the alias's name there, so that the reader refuses both, naming the
    field; nothing is ever expanded.
    """
    event = loader.get_event()
    # libyaml's marks are typed apart from PyYAML's but serve nodes the same way.
    anchor, start_mark, end_mark = event.anchor, cast(Any, event.start_mark), cast(Any, event.end_mark)
    node: yaml.Node
    if isinstance(event, yaml.AliasEvent):
        node = yaml.ScalarNode("!alias", "", start_mark, end_mark)
    elif isinstance(event, yaml.ScalarEvent):
        tag = event.tag
        if tag is None or tag == "!":
            tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        node = yaml.ScalarNode(tag, event.value, start_mark, end_mark, style=event.style)
    elif isinstance(event, yaml.SequenceStartEvent):
        items = [] if levels <= 0 else _compose_items(loader, levels - 1, yaml.SequenceEndEvent)
        end = _skip(loader) if levels <= 0 else loader.get_event()
        node = yaml.SequenceNode("tag:yaml.org,2002:seq", items, start_mark, end.end_mark)
    else:
        items = [] if levels <= 0 else _compose_items(loader, levels - 1, yaml.MappingEndEvent)
        end = _skip(loader) if levels <= 0 else loader.get_event()
        pairs = list(zip(items[::2], items[1::2]))
        node = yaml.MappingNode("tag:yaml.org,2002:map", pairs, start_mark, end.end_mark)
    if anchor:
        setattr(node, "anchor", anchor)  # noqa: B010 (nodes have no such field; the reader looks for it)
    return node


def _compose_items(loader: Any, levels: int, end: type) -> list[yaml.Node]:
    items = []
    while not loader.check_event(end):
        items.append(_compose(loader, levels))
    return items


def _skip(loader: Any) -> Any:
    """Consume the rest of a collection whose start was just read; its end event."""
    depth = 1
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            if depth == 0:
                return event


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
    if "canonical" in out and not _has_letters(out["canonical"]):
        raise reader.fail(fields["canonical"], "canonical", f"{out['canonical']!r} has no letters or digits")
    if "type" in fields:
        kind = reader.string(fields["type"], "type")
        if kind not in ENTITY_TYPES:
            raise reader.fail(
                fields["type"], "type", f"unknown type {kind!r} (expected {', '.join(ENTITY_TYPES)})"
            )
        out["type"] = kind
    for name in ("aliases", "context"):
        if name in fields:
            out[name] = reader.strings(fields[name], name)
    if "prominence" in fields:  # gazetteer (#12): the namesakes' prior, see docs/registry.md
        out["prominence"] = _prominence(reader, fields["prominence"])
    return out


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
            }
            continue
        for name in ("canonical", "type"):
            if name in fields and fields[name] != known[name]:
                raise RegistryError(
                    entry.source,
                    entry.line,
                    name,
                    f"{fields[name]!r} conflicts with {known[name]!r} given earlier for id {fields['id']!r}",
                )
        known["aliases"].extend(fields.get("aliases", ()))
        known["context"].extend(fields.get("context", ()))
        if fields.get("description"):
            known["description"] = fields["description"]
        if "prominence" in fields:
            known["prominence"] = fields["prominence"]
    return tuple(
        Entity(
            id=f["id"],
            canonical=f["canonical"],
            type=_entity_type(f["type"]),
            aliases=tuple(a for a in dict.fromkeys(f["aliases"]) if a != f["canonical"]),
            description=f.get("description", ""),
            context=tuple(dict.fromkeys(f["context"])),
            prominence=f.get("prominence"),
        )
        for f in merged.values()
    )


def _entity_type(value: str) -> EntityType:
    for kind in ENTITY_TYPES:
        if kind == value:
            return kind
    raise ValueError(value)  # unreachable: types are checked while parsing


def read_registry_file(path: str | os.PathLike[str]) -> str:
    """The text of a registry file, or a :class:`RegistryError` saying why it cannot be read."""
    source = os.fspath(path)
    target = Path(source)
    if not target.exists():
        raise RegistryError(source, None, None, "no such file")
    if target.is_dir():
        raise RegistryError(source, None, None, "is a directory, not a registry file")
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise RegistryError(source, None, None, f"cannot be read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError(source, line, None, f"not UTF-8 text (byte {exc.start})") from None


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
            for name in {normalize_text(n) for n in entity.names}:
                owners.setdefault(name, []).append(entity.id)
        return MappingProxyType({k: tuple(v) for k, v in owners.items() if len(v) > 1})

    def __len__(self) -> int:
        return len(self.entities)

    def __getstate__(self) -> dict[str, Any]:
        # Derived look-ups are rebuilt on demand rather than pickled.
        return {"entities": self.entities, "sources": self.sources}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def get(self, entity_id: str) -> Entity | None:
        """The entity with this id, or None."""
        return self.by_id.get(entity_id)

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
            _Entry(MappingProxyType(e.as_dict()), source, 0)
            for reg in (self, other)
            for e, source in zip(reg.entities, [",".join(reg.sources)] * len(reg.entities))
        ]
        return Registry(_merge(entries), self.sources + other.sources)


@functools.cache
def _default_registry() -> Registry:
    text = resources.files("canonym").joinpath("data/aliases.yaml").read_text("utf-8")
    return Registry.from_text(text, DEFAULT_SOURCE)
