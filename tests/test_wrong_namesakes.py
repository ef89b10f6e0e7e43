"""Wrong entities on real registries (#12): a misspelt name that several entities share.

Where a query comes close to a name that several candidates bear (a misspelling of
Springfield, against two Springfields), the comparison is the same for each of them: the
name's evidence is one, and the prior can only split it, as it does for a query equal to the
shared name (canonym.prior.share_of_name). Multiplying each one's odds by its share instead
let the more prominent namesake keep most of the evidence's confidence, more than the name
spelt right gets. Springfield, Massachusetts (population about 155,000) and Springfield,
Illinois (about 114,000) are genuine namesakes.
"""

from __future__ import annotations

import pytest

from canonym.models import Entity
from canonym.registry import Registry
from canonym.resolve import Resolver

MASSACHUSETTS = Entity(
    "springfield-ma", "Springfield", "place", ("Springfield, Massachusetts",), prominence=155_929
)
ILLINOIS = Entity("springfield-il", "Springfield", "place", ("Springfield, Illinois",), prominence=114_394)
OTHER = Entity("worcester", "Worcester", "place", ("Worcester, Massachusetts",), prominence=206_518)


def _resolver() -> Resolver:
    return Resolver(Registry((MASSACHUSETTS, ILLINOIS, OTHER)))


@pytest.mark.parametrize("query", ["Springfeld", "Sprinfield", "Springfiled"])
def test_a_misspelt_shared_name_is_no_more_confident_than_the_name(query: str) -> None:
    resolver = _resolver()
    misspelt = resolver.candidates(query, limit=2)
    spelt = resolver.candidates("Springfield", limit=2)
    assert {m.entity.id for m in misspelt} == {"springfield-ma", "springfield-il"}
    assert misspelt[0].entity.id == spelt[0].entity.id == "springfield-ma"
    assert misspelt[0].score <= spelt[0].score


def test_the_prior_splits_a_misspelt_shared_name() -> None:
    # The two are matched through the same name, so each gets at most its share of the prior.
    found = _resolver().candidates("Springfeld", limit=2)
    weights = [((e.prominence or 0) + 1) * len(e.names) for e in (MASSACHUSETTS, ILLINOIS)]
    share = weights[0] / sum(weights)
    assert found[0].score <= share + 1e-9
    assert found[0].score < _resolver().thresholds["place"]


def test_a_misspelt_name_of_one_entity_is_not_split() -> None:
    # Worcester is the only bearer of the name the query comes close to: nothing to split.
    resolver = _resolver()
    found = resolver.candidates("Worcster", limit=1)
    assert found[0].entity.id == "worcester"
    assert "prominence" not in found[0].evidence.contributions or found[0].evidence.contributions[
        "prominence"
    ] == pytest.approx(0.0)
