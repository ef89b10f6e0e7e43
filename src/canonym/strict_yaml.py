"""The one YAML reader behind every file canonym reads: registries, the lexicon, the given names.

YAML 1.1 loaders type a plain scalar by its look: ``no``, ``on``, ``yes`` and ``off`` become
booleans, ``1e3`` a number, ``2024-01-01`` a date. Names and words are text (Portuguese
*no*, English *on*), so this reader types every scalar as text; only an empty plain scalar
(``aliases:`` with nothing after it) is nothing, and an explicit tag (``!!bool``) keeps its
meaning. Anchors and aliases (``&a``, ``*a``) are refused, because they allow exponential
"billion laughs" expansion and no file of canonym's needs them, and so are duplicate keys,
which plain loaders silently resolve to the last value.

>>> load_yaml("words: [no, on, yes, 1e3]\\nnone:\\n", "<doc>")
{'words': ['no', 'on', 'yes', '1e3'], 'none': None}
"""

from __future__ import annotations

from typing import Any, cast

import yaml

__all__ = ["ANCHORS", "StrictLoader", "YamlError", "compose", "line_at", "load_yaml", "yaml_error"]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG = "tag:yaml.org,2002:str"
NULL_TAG = "tag:yaml.org,2002:null"
ANCHORS = "YAML anchors and aliases (&, *) are not allowed"
# Nesting a whole document read by load_yaml may have; the lexicon needs three levels.
_MAX_LEVELS = 32


class YamlError(ValueError):
    """A YAML file that cannot be used: ``str(error)`` is ``FILE:LINE: FIELD: what is wrong``."""

    def __init__(self, source: str, line: int | None, field: str | None, message: str) -> None:
        self.source = source
        self.line = line
        self.field = field
        # One line whatever the cause: parser messages can span several.
        self.message = message = " ".join(message.split())
        where = source if line is None else f"{source}:{line}"
        what = message if field is None else f"{field}: {message}"
        super().__init__(f"{where}: {what}")


class StrictLoader(_BaseLoader):  # type: ignore[misc]
    """libyaml's parser (when PyYAML has it) with every untagged scalar typed as text."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode:
            return NULL_TAG if implicit[0] and value == "" else STR_TAG
        return super().resolve(kind, value, implicit)


def line_at(text: str, position: int) -> int:
    """The 1-based line of ``text`` at character ``position``."""
    return text.count("\n", 0, position) + 1


def yaml_error(exc: yaml.YAMLError, text: str, source: str) -> YamlError:
    """The one-line :class:`YamlError` for a parser error met while reading ``text``."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        line = None if mark is None else mark.line + 1
        return YamlError(source, line, None, f"not valid YAML: {exc.problem or exc.context}")
    if isinstance(exc, yaml.reader.ReaderError):
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "\0")
        problem = f"not valid YAML: {exc.reason} (U+{char:04X})"
        return YamlError(source, line_at(text, exc.position), None, problem)
    return YamlError(source, None, None, f"not valid YAML: {exc}")


def compose(loader: Any, levels: int) -> yaml.Node:
    """The next node of the event stream, with at most ``levels`` levels of collections
    inside it (deeper ones come back empty; callers that care refuse them).

    An anchored node keeps its anchor in ``node.anchor`` and a YAML alias becomes an empty
    node carrying the alias's name there, so that readers refuse both, naming the field;
    nothing is ever expanded.
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
        if levels <= 0:
            setattr(node, "truncated", True)  # noqa: B010 (a marker only readers look for)
    else:
        items = [] if levels <= 0 else _compose_items(loader, levels - 1, yaml.MappingEndEvent)
        end = _skip(loader) if levels <= 0 else loader.get_event()
        pairs = list(zip(items[::2], items[1::2]))
        node = yaml.MappingNode("tag:yaml.org,2002:map", pairs, start_mark, end.end_mark)
        if levels <= 0:
            setattr(node, "truncated", True)  # noqa: B010
    if anchor:
        setattr(node, "anchor", anchor)  # noqa: B010 (nodes have no such field; readers look for it)
    return node


def _compose_items(loader: Any, levels: int, end: type) -> list[yaml.Node]:
    items = []
    while not loader.check_event(end):
        items.append(compose(loader, levels))
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


def _value(node: yaml.Node, source: str, field: str) -> Any:
    line = int(node.start_mark.line) + 1
    if getattr(node, "anchor", None):
        raise YamlError(source, line, field, ANCHORS)
    if getattr(node, "truncated", False):
        raise YamlError(source, line, field, f"nested more than {_MAX_LEVELS} levels deep")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = _value(key_node, source, field)
            if not isinstance(key, str):
                raise YamlError(source, line, field, "a key must be text")
            if key in out:
                raise YamlError(source, int(key_node.start_mark.line) + 1, key, "duplicate key")
            out[key] = _value(value_node, source, key)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_value(item, source, field) for item in node.value]
    if node.tag == NULL_TAG and node.value == "":
        return None
    if node.tag != STR_TAG:
        raise YamlError(source, line, field, f"expected text, found the tagged value {node.value!r}")
    return str(node.value)


def load_yaml(text: str, source: str) -> Any:
    """The single document in ``text`` as plain values: dicts, lists, strings and None.

    >>> load_yaml("a: &x [1]\\nb: *x\\n", "f.yaml")
    Traceback (most recent call last):
    ...
    canonym.strict_yaml.YamlError: f.yaml:1: a: YAML anchors and aliases (&, *) are not allowed
    """
    loader = StrictLoader(text)
    try:
        loader.get_event()  # the stream's start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # the document's start
        root = compose(loader, _MAX_LEVELS)
        loader.get_event()  # the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            extra = loader.get_event()
            raise YamlError(
                source, extra.start_mark.line + 1, None, "not valid YAML: expected a single document"
            )
        return _value(root, source, "top level")
    except yaml.YAMLError as exc:
        raise yaml_error(exc, text, source) from None
    finally:
        loader.dispose()
