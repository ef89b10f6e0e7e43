"""Wrong entities on real registries (#12, #13): an exact alias of a small place against a
well-known place that several of its names spell a letter from the query.

A gazetteer lists dozens of spellings per city, some of them of one language only, and a
name equal to the query puts its entity ahead of every entity reached inexactly. Where a
far better-known place comes within a letter of the query by several of its names, Bayes'
rule (model odds times prior weight) decides between them instead
(:meth:`canonym.resolve.Resolver._with_rivals`). The registries are hand-made, with
invented place names.
"""

from __future__ import annotations

from canonym.models import Entity
from canonym.prior import rival_share
from canonym.registry import Registry
from canonym.resolve import Resolver

# An invented capital, written a letter or two apart in several languages, and a village
# whose one listed foreign spelling is the query itself.
_CAPITAL_NAMES = ("Tarvenna", "Tarvena", "Tarwenna", "Tarvenne", "Tarvénna", "Tarbenna")
_QUERY = "Tarvenno"


def _capital(*names: str, prominence: float = 2_000_000) -> Entity:
    return Entity("a-capital", names[0], "place", names[1:], prominence=prominence)


def _village(prominence: float | None = 3_000) -> Entity:
    return Entity("b-village", "Ostrik", "place", ("Ostrick", _QUERY), prominence=prominence)


def test_several_names_of_a_well_known_place_outweigh_one_exact_alias_of_a_village() -> None:
    resolver = Resolver(Registry((_capital(*_CAPITAL_NAMES), _village())))
    found = resolver.candidates(_QUERY, limit=2)
    assert [m.entity.id for m in found] == ["a-capital", "b-village"]
    assert "rival" in found[1].evidence.contributions


def test_the_village_keeps_part_of_the_confidence() -> None:
    # The exact alias is evidence too: the village's confidence falls, it does not vanish,
    # and the two together stay within 1.
    alone = Resolver(Registry((_village(),))).candidates(_QUERY, limit=1)[0].score
    found = Resolver(Registry((_capital(*_CAPITAL_NAMES), _village()))).candidates(_QUERY, limit=2)
    village = next(m for m in found if m.entity.id == "b-village")
    assert 0 < village.score < alone
    assert village.evidence.contributions["rival"] < 0
    assert sum(m.score for m in found) <= 1.0 + 1e-9


def test_one_odd_alias_of_a_well_known_place_is_no_rival() -> None:
    # The capital comes close to the query through one name only: the exact alias stands.
    capital = _capital("Kolmgard", "Kolmgardo", "Kolmhrad", "Tarvenna")
    found = Resolver(Registry((capital, _village()))).candidates(_QUERY, limit=2)
    assert found[0].entity.id == "b-village"
    assert "rival" not in found[0].evidence.contributions


def test_without_prominence_an_exact_alias_comes_first() -> None:
    # No prior, no rivals: the tiers decide as before.
    capital = _capital(*_CAPITAL_NAMES, prominence=None)  # type: ignore[arg-type]
    found = Resolver(Registry((capital, _village(None)))).candidates(_QUERY, limit=2)
    assert found[0].entity.id == "b-village"


def test_rival_share_is_bayes_rule() -> None:
    # Odds e^2 at weight 1 against odds e^0 at weight 1 and e^0 at weight 2: e^2 / (e^2 + 3).
    share = rival_share([(2.0, 1.0)], [(0.0, 1.0), (0.0, 2.0)])
    assert abs(share - 7.389056 / (7.389056 + 3.0)) < 1e-6
