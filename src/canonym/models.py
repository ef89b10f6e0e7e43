"""The immutable values canonym hands out: entities, matches and the evidence behind them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["ENTITY_TYPES", "Entity", "EntityType", "Evidence", "Match", "TokenPair"]

EntityType = Literal["person", "place", "organization"]
ENTITY_TYPES: tuple[EntityType, ...] = ("person", "place", "organization")


@dataclass(frozen=True)
class Entity:
    """One real person, place or organisation and the genuine names it goes by."""

    id: str
    canonical: str
    type: EntityType
    aliases: tuple[str, ...] = ()
    description: str = ""
    context: tuple[str, ...] = ()
    prominence: float | None = None
    """How well known the entity is, any positive scale shared by the registry (population
    for places, Wikidata sitelinks for people and organisations): the prior that ranks
    namesakes (see :mod:`canonym.prior`). None when unknown."""

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
            **({} if self.prominence is None else {"prominence": self.prominence}),
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


@dataclass(frozen=True)
class Evidence:
    """Why a match got its score: what was compared, how, and what each part added.

    ``features`` are the measured quantities in [0, 1] and ``contributions`` their share of
    the score's log-odds (weight x value, plus the ``bias``), so
    ``sigmoid(sum(contributions.values()))`` is the score before rounding.
    """

    query_normalized: str
    normalization: tuple[str, ...]
    alias: str
    alias_normalized: str
    pairs: tuple[TokenPair, ...]
    unmatched_query: tuple[str, ...]
    unmatched_alias: tuple[str, ...]
    ignored: tuple[str, ...]
    features: dict[str, float] = field(hash=False)
    contributions: dict[str, float] = field(hash=False)
    runner_up: str | None = None
    suspicious: tuple[str, ...] = ()

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
        }
        if self.evidence.suspicious:
            out["suspicious"] = list(self.evidence.suspicious)
        if evidence:
            out["evidence"] = self.evidence.as_dict()
        return out
