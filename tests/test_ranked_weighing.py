"""What the resolver weighs after the comparison: titles and surnames are weighed on two
candidates more than asked for, before the list is cut, and only then capped to add up
to at most 1 (canonym.resolve.Resolver._ranked)."""

from __future__ import annotations

import dataclasses
import datetime
import pickle
from types import MappingProxyType
from typing import Any

import pytest

from canonym import Registry, Resolver
from canonym.model import logit, sigmoid
from canonym.prior import exclusive_scores
from canonym.roles import TITLE_AGREES
from canonym.surnames import surname_log_odds

DAY = datetime.date(2025, 11, 28)

# Two people of one rare surname (the census list holds it, below the reference frequency),
# one of them mayor of a made-up town on DAY.
TOWN = """\
version: 1
entities:
  - id: camelot
    canonical: Camelot
    type: place
  - id: ann-urquiza
    canonical: Ann Urquiza
    type: person
  - id: bea-urquiza
    canonical: Bea Urquiza
    type: person
    roles:
      - {office: mayor, where: camelot, from: 2023-01-01}
"""


@pytest.fixture(scope="module")
def town() -> Resolver:
    return Resolver(Registry.from_text(TOWN, "town.yaml"))


def test_the_surname_is_rare_enough_to_raise() -> None:
    # Otherwise the next test could not tell a raised surname from one left alone.
    assert surname_log_odds("urquiza") > 0


def test_a_bearer_of_the_surname_past_the_limit_still_keeps_it_from_raising(town: Resolver) -> None:
    # Both people bear the surname exactly: it says nothing of which one is meant, even
    # where only one of them is asked for.
    for limit in (1, 2):
        found = town.candidates("Urquiza", limit=limit)
        assert len(found) == limit
        for match in found:
            assert match.evidence.contributions.get("surname_frequency", 0.0) <= 0.0


def test_a_title_lifts_a_candidate_from_past_the_limit(town: Resolver) -> None:
    # Without the title Ann comes first; the mayor's title agrees with Bea's office on DAY
    # and puts her first even when one is asked for.
    untitled = town.candidates("Urquiza", limit=2)
    assert [m.entity.id for m in untitled] == ["ann-urquiza", "bea-urquiza"]
    assert untitled[0].score > untitled[1].score
    (best,) = town.candidates("Mayor Urquiza", limit=1, date=DAY)
    assert best.entity.id == "bea-urquiza"
    assert best.evidence.contributions["title"] == TITLE_AGREES
    assert best.evidence.role is not None and best.evidence.role.office == "mayor"


def test_the_list_is_capped_after_the_title_and_its_terms_keep_their_order(town: Resolver) -> None:
    # Ann is named in full; Bea's title agrees with her office but cannot lift her name.
    first, second = town.candidates("Mayor Ann Urquiza", limit=2, date=DAY)
    assert first.entity.id == "ann-urquiza" and second.entity.id == "bea-urquiza"
    # Bea's terms: the decision's own, then the title, then the cap, in the order added.
    terms = dict(second.evidence.contributions)
    assert list(terms)[-2:] == ["title", "exclusive"]
    assert terms["title"] == TITLE_AGREES and terms["exclusive"] < 0
    titled = sigmoid(sum(v for k, v in terms.items() if k != "exclusive"))
    # The cap came after the title: what Ann's confidence leaves of 1, below the titled one.
    assert first.score + titled > 1.0
    assert second.score == pytest.approx(1.0 - first.score, abs=1e-12)
    assert second.score == exclusive_scores([first.score, titled])[1]
    assert logit(second.score) == pytest.approx(sum(terms.values()))
    assert "exclusive" not in first.evidence.contributions


def _remade(value: Any) -> Any:
    """``value`` (a dataclass instance) made again by calling its class on its fields."""
    return type(value)(**{f.name: getattr(value, f.name) for f in dataclasses.fields(value)})


@pytest.mark.parametrize("query", ["Mayor Ann Urquiza", "Urquiza", "Bea Urqiza"])
def test_matches_are_the_objects_their_classes_make(town: Resolver, query: str) -> None:
    # The resolver makes its matches and their evidence without calling the dataclasses'
    # __init__ (canonym.resolve._made_bare): each must be what calling the class makes,
    # attribute for attribute, in the same order, of the same types, and pickle alike.
    for match in town.candidates(query, limit=3, date=DAY):
        for made in (match, match.evidence):
            called = _remade(made)
            assert list(vars(made)) == list(vars(called))
            for name, value in vars(called).items():
                assert type(vars(made)[name]) is type(value) and vars(made)[name] == value, name
        remade = _remade(match.evidence)
        assert match.evidence == remade and hash(match.evidence) == hash(remade)
        again = pickle.loads(pickle.dumps(match))
        assert again == match and again.evidence == match.evidence
        assert type(again.evidence.features) is MappingProxyType


def test_the_evidence_a_match_keeps_is_its_own(town: Resolver) -> None:
    # A match's features and contributions are read-only copies: not the decision's dicts.
    match = town.candidates("Urquiza", limit=1)[0]
    with pytest.raises(TypeError):
        match.evidence.contributions["bias"] = 0.0  # type: ignore[index]
    assert town.candidates("Urquiza", limit=1)[0].evidence == match.evidence
