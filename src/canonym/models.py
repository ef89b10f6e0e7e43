"""The immutable values canonym hands out: entities, matches and the evidence behind them."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

__all__ = ["ENTITY_TYPES", "Entity", "EntityType", "Evidence", "Match", "Role", "TokenPair", "init_only_sets"]

EntityType = Literal["person", "place", "organization"]
ENTITY_TYPES: tuple[EntityType, ...] = ("person", "place", "organization")


@dataclass(frozen=True)
class Role:
    """An office a person holds or held: what (an office of data/roles.yaml), where (the id
    of a registry entity, usually a place) and when (``start``/``end``, each a day or
    unknown; ``end`` is the last day in office).

    >>> Role("president", "peru", datetime.date(2025, 10, 10)).held_on(datetime.date(2025, 11, 28))
    True
    """

    office: str
    where: str
    start: datetime.date | None = None
    end: datetime.date | None = None

    def held_on(self, day: datetime.date) -> bool:
        """Whether the office is held on ``day``; an unknown bound does not exclude it."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view, in registry-file field names (unknown dates left out)."""
        out: dict[str, Any] = {"office": self.office, "where": self.where}
        if self.start is not None:
            out["from"] = self.start.isoformat()
        if self.end is not None:
            out["to"] = self.end.isoformat()
        return out


@dataclass(frozen=True)
class Entity:
    """One real person, place or organisation and the genuine names it goes by."""

    id: str
    canonical: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    description: str = ""
    context: tuple[str, ...] = ()
    roles: tuple[Role, ...] = ()
    prominence: float | None = None
    """How well known the entity is, any positive scale shared by the registry (population
    for places, Wikidata sitelinks for people and organisations): the prior that ranks
    namesakes (see :mod:`canonym.prior`). None when unknown."""
    same_as: tuple[str, ...] = ()
    """Other ids of this entity: ids it has in other registries (``geonames:3936456``) or
    external ones (a Wikidata item as ``wikidata:Q...``). Registries combined make one entity of the entities
    that share any id (see docs/registry.md#several-registries)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by every alias, without repeats."""
        return tuple(dict.fromkeys((self.canonical, *self.aliases)))

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view, in registry-file field names."""
        return {
            "id": self.id,
            "canonical": self.canonical,
            "type": self.type,
            "aliases": list(self.aliases),
            "description": self.description,
            "context": list(self.context),
            **({"roles": [r.as_dict() for r in self.roles]} if self.roles else {}),
            **({} if self.prominence is None else {"prominence": self.prominence}),
            **({"same_as": list(self.same_as)} if self.same_as else {}),
        }


@dataclass(frozen=True)
class TokenPair:
    """How one word of the query was matched to one word of the alias.

    ``how`` names the rule that gave ``similarity``: ``exact``, ``transliteration``
    (equal transliteration keys), ``vowels`` (equal once vowels are ignored),
    ``given_name`` (cognates such as Janet/Jeannette), ``initial``, ``suffix`` (a place
    suffix such as -shi) or ``spelling`` (edit similarity of the keys).
    """

    query: str
    alias: str
    similarity: float
    how: str


def read_only(mapping: Mapping[str, float]) -> Mapping[str, float]:
    """A read-only view of a copy of ``mapping``, as :class:`Evidence` keeps its features
    and contributions: a copy, so that the caller's dict (which it may go on changing) is
    not shared.

    >>> terms = {"bias": -3.0}
    >>> view = read_only(terms)
    >>> terms["bias"] = 0.0
    >>> view["bias"], type(view).__name__
    (-3.0, 'mappingproxy')
    """
    return MappingProxyType(dict(mapping))


_PLAIN_MODULES = frozenset({"canonym.models", "canonym.features", "canonym.index"})


def init_only_sets(cls: object, example: Mapping[str, object], post_init: object = None) -> bool:
    """Whether ``cls(**example)`` does no more than set ``example``'s fields in that order,
    so that ``object.__new__(cls)`` with its attributes set to them is the same object (the
    resolver, the compiled comparison and the compiled index make matches, evidence, token
    pairs, comparisons and alias records so: a frozen dataclass's ``__init__`` is
    interpreted Python, several times the cost).

    ``cls`` must be a dataclass of canonym's own (of another module, its ``__init__`` or
    ``__setattr__`` may check or convert its fields, which no example can rule out), without
    slots, whose fields are ``example``'s keys in order and whose ``__init__`` takes exactly
    them; with no ``__post_init__`` but ``post_init``, whose work the caller then does itself
    (``example`` holds the fields as it leaves them); and ``example`` made both ways must
    give the same attributes, in the same order, of the same types and values.

    >>> @dataclass(frozen=True)
    ... class Pair:
    ...     a: int
    ...     b: tuple[int, ...]
    >>> @dataclass(frozen=True)
    ... class Listed(Pair):
    ...     def __post_init__(self):
    ...         object.__setattr__(self, "b", list(self.b))
    >>> init_only_sets(Pair, {"a": 1, "b": (2,)}), init_only_sets(Listed, {"a": 1, "b": (2,)})
    (True, False)
    >>> init_only_sets(Listed, {"a": 1, "b": [2]}, Listed.__post_init__)  # the caller lists b
    True
    >>> init_only_sets(Pair, {"b": (2,), "a": 1}), init_only_sets(Pair, {"a": 1})
    (False, False)
    """
    import dataclasses  # noqa: PLC0415 (once, where a caller decides)
    import inspect  # noqa: PLC0415

    if not isinstance(cls, type) or not dataclasses.is_dataclass(cls) or cls.__module__ not in _PLAIN_MODULES:
        return False
    names = list(example)
    if (
        [f.name for f in dataclasses.fields(cls)] != names
        or not cls.__dataclass_params__.init  # type: ignore[attr-defined]
        or list(inspect.signature(cls.__init__).parameters) != ["self", *names]
        or getattr(cls, "__post_init__", None) is not post_init
        or "__slots__" in vars(cls)
    ):
        return False
    called = cls(**example)
    made = object.__new__(cls)
    vars(made).update(example)
    mine, theirs = vars(made), vars(called)
    return (
        type(called) is cls
        and list(theirs) == list(mine)
        and all(type(theirs[k]) is type(mine[k]) and theirs[k] == mine[k] for k in mine)
    )


@dataclass(frozen=True)
class Evidence:
    """Why a match got its score: what was compared, how, and what each part added.

    ``features`` are the measured quantities in [0, 1] and ``contributions`` their share of
    the score's log-odds (weight x value, plus the ``bias``), so
    ``sigmoid(sum(contributions.values()))`` is the score before rounding.

    Both are read-only views of a private dict (a copy of the caller's, or one the resolver
    made for this match alone): a memoised match is handed to every caller that asks for
    the same name, so no caller may change what the next one sees.

    >>> ev = Evidence("kast", (), "Kast", "kast", (), (), (), (), {"exact": 1.0}, {"bias": -3.0})
    >>> ev.features["exact"] = 0.0
    Traceback (most recent call last):
    TypeError: 'mappingproxy' object does not support item assignment
    """

    query_normalized: str
    normalization: tuple[str, ...]
    alias: str
    alias_normalized: str
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_alias: tuple[str, ...]
    ignored: tuple[str, ...]
    features: Mapping[str, float] = field(hash=False)
    contributions: Mapping[str, float] = field(hash=False)
    runner_up: str | None = None
    suspicious: tuple[str, ...] = ()
    model_version: str = ""
    """The version of the scoring model that gave the score (see :mod:`canonym.model`)."""
    role: Role | None = None
    """The office held on the date asked about, when the query named a role instead of a
    name, or a title before the name agreed with it."""
    derived_by: str | None = None
    """The rule that made the form compared from the query, when it was not the query as
    written: an ending stripped or a mutation undone (``ending:lt``, ``mutation:ga``, see
    :mod:`canonym.inflection`) or a loan phonology undone (``loan:mi``, see
    :mod:`canonym.loans`). ``query_normalized`` is then that form."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "features", read_only(self.features))
        object.__setattr__(self, "contributions", read_only(self.contributions))

    def __getstate__(self) -> dict[str, Any]:
        # A mapping proxy cannot be pickled (worker processes send matches back): plain
        # dicts travel, and __setstate__ wraps them again.
        state = dict(self.__dict__)
        state["features"] = dict(self.features)
        state["contributions"] = dict(self.contributions)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            wrapped = read_only(value) if name in ("features", "contributions") else value
            object.__setattr__(self, name, wrapped)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view."""
        return {
            "query_normalized": self.query_normalized,
            "normalization": list(self.normalization),
            "alias": self.alias,
            "alias_normalized": self.alias_normalized,
            "pairs": [
                {"query": p.query, "alias": p.alias, "similarity": round(p.similarity, 3), "how": p.how}
                for p in self.pairs
            ],
            "unmatched_query": list(self.unmatched_query),
            "unmatched_alias": list(self.unmatched_alias),
            "ignored": list(self.ignored),
            "features": {k: round(v, 4) for k, v in self.features.items()},
            "contributions": {k: round(v, 4) for k, v in self.contributions.items()},
            "runner_up": self.runner_up,
            "suspicious": list(self.suspicious),
            "model_version": self.model_version,
            **({"role": self.role.as_dict()} if self.role is not None else {}),
            **({"derived_by": self.derived_by} if self.derived_by is not None else {}),
        }


@dataclass(frozen=True)
class Match:
    """A resolved mention: the entity, a calibrated confidence and the evidence for it.

    ``score`` is a probability: of all matches scored about 0.8, about 80 % are right.
    """

    query: str
    entity: Entity
    score: float
    alias: str
    evidence: Evidence = field(repr=False, compare=False)

    def __repr__(self) -> str:
        return (
            f"Match({self.query!r} -> {self.entity.canonical!r} [{self.entity.id}], "
            f"score={self.score:.3f}, alias={self.alias!r})"
        )

    def as_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """A JSON-ready view; ``evidence=True`` includes the full evidence."""
        out: dict[str, Any] = {
            "id": self.entity.id,
            "canonical": self.entity.canonical,
            "type": self.entity.type,
            "score": round(self.score, 4),
            "alias": self.alias,
            "model": self.evidence.model_version,
        }
        if self.evidence.suspicious:
            out["suspicious"] = list(self.evidence.suspicious)
        if self.evidence.role is not None:
            out["role"] = self.evidence.role.as_dict()
            if "role" in self.evidence.features:  # named by the role alone, not by name
                out["via"] = "role"
        if evidence:
            out["evidence"] = self.evidence.as_dict()
        return out
