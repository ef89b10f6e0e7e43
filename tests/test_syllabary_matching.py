"""Matching readings of a syllabary (Cherokee) against names: the syllabary's own losses
(vowels, voicing, an r it leaves out after a vowel) cost half an edit.

The Cherokee spellings here are made up for the tests (Horton as Ꮀ-Ꮩ-Ꮒ ho-do-ni, the r
before t left out, the final n written with its i-syllable); none is a benchmark query.
"""

from __future__ import annotations

import pytest

from canonym import scripts
from canonym.lexicon import default_lexicon
from canonym.models import Entity
from canonym.registry import Registry
from canonym.resolve import Resolver
from canonym.similarity import word_similarity


def test_a_name_in_the_cherokee_syllabary_implies_its_comparison() -> None:
    assert scripts.implied_language("ᎰᏙᏂ") == "chr"
    assert scripts.implied_language("Horton") is None


def test_a_liquid_left_out_before_a_consonant_costs_half_an_edit() -> None:
    # hoton -> horton: the r before t is one the syllabary does not write, half an edit
    # of six letters (by hand: 1 - 0.5 / 6).
    sim, rule = word_similarity("hoton", "horton", default_lexicon(), "chr")
    assert rule == "syllabary"
    assert sim == pytest.approx(1 - 0.5 / 6)
    # Without the syllabary's language the same pair is only a spelling a letter apart.
    assert word_similarity("hoton", "horton", default_lexicon())[0] < sim


def test_only_an_r_goes_unwritten_and_w_writes_both_f_and_v() -> None:
    # The syllabary writes an n, l or m before a consonant with a syllable of its own
    # (Jordan jo-da-ni): leaving one out is no difference of the syllabary's.
    assert scripts.syllabary_similarity("hoton", "honton") == 0.0
    # An r after a consonant may go unwritten too (no syllable begins with two consonants):
    # half an edit of six (1 - 0.5 / 6).
    assert scripts.syllabary_similarity("koton", "kroton") == pytest.approx(1 - 0.5 / 6)
    # f and v are both written with the w-syllables: alike, half an edit of six (1 - 0.5 / 6).
    assert scripts.syllabary_similarity("falton", "valton") == pytest.approx(1 - 0.5 / 6)


def test_a_cherokee_spelling_is_compared_by_the_syllabary_whatever_the_language() -> None:
    assert scripts.comparison_language("ᎰᏙᏂ", "en") == "chr"
    assert scripts.comparison_language("Horton", "en") == "en"
    assert scripts.comparison_language("Horton", None) is None


def test_differences_beyond_the_syllabary_s_keep_the_other_rules() -> None:
    # hodan -> horton: the r (0.5), d for t (0.5) and a for o (0.5): 1 - 1.5 / 6 = 0.75,
    # below the floor, so what the other rules found stands.
    assert scripts.syllabary_similarity("hodan", "horton") == pytest.approx(0.75)
    assert scripts.syllabary_rule("hodan", "horton", (0.5, "spelling")) == (0.5, "spelling")
    # A consonant for another that the syllabary does not write alike (s for r) is no
    # difference of the syllabary's: its rule does not apply.
    assert scripts.syllabary_similarity("hoston", "horton") == 0.0
    assert scripts.syllabary_rule("hoston", "horton", (0.83, "spelling")) == (0.83, "spelling")
    # Equal words, and short ones, keep their answer.
    assert scripts.syllabary_rule("horton", "horton", (1.0, "exact")) == (1.0, "exact")
    assert scripts.syllabary_rule("ho", "hor", (0.6, "spelling")) == (0.6, "spelling")


@pytest.fixture(scope="module")
def towns() -> Resolver:
    names = ("Horton", "Lorton", "Kirton", "Garston", "Dover")
    return Resolver(Registry(tuple(Entity(n.lower(), n, "place") for n in names)))


def test_a_cherokee_spelling_that_leaves_out_a_liquid_resolves(towns: Resolver) -> None:
    match = towns.resolve("ᎰᏙᏂ")  # ho-do-ni: Horton
    assert match is not None
    assert match.entity.id == "horton"
    assert match.evidence.pairs[0].how == "syllabary"


def test_a_language_hint_does_not_turn_the_syllabary_s_comparison_off(towns: Resolver) -> None:
    match = towns.resolve("ᎰᏙᏂ", source_lang="en")
    assert match is not None
    assert match.entity.id == "horton"


def test_a_weaker_cherokee_likeness_is_not_confident(towns: Resolver) -> None:
    # ho-da-ni: the r left out, and a for o: no more than a guess at Horton.
    assert towns.resolve("ᎰᏓᏂ") is None
    # si-do-ni: no town's name.
    assert towns.resolve("ᏏᏙᏂ") is None
