"""Arabic-script words that write their short vowels (harakat), as vocalised Arabic and
Kashmiri do (issue 13).

The words are names chosen by hand from grammars of Arabic (Wright, *A Grammar of the Arabic
Language*, vol. 1, §§5-14: fatha a, kasra i, damma u, sukun no vowel, shadda a doubled
consonant) and from the Kashmiri orthography's description; none comes from an evaluation set.
"""

from __future__ import annotations

import pytest

from canonym.scripts import romanizations


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("مَكْتَب", "maktab"),  # fatha, sukun on kaf, fatha: no vowel guessed between k and t
        ("عَبْد", "abd"),  # an ain with its fatha, and a sukun: no vowel between b and d
        ("مُحَمَّد", "muhammad"),  # damma, and shadda doubling the mim
        ("سُلْطَان", "sultan"),
        ("وَزِير", "wazir"),  # a waw with a fatha is the consonant w
        ("كَرِيم", "karim"),  # a yeh after a kasra writes the long i
    ],
)
def test_written_short_vowels_are_read_in_the_first_form(name: str, form: str) -> None:
    assert romanizations(name)[0] == form


def test_a_partly_vocalised_word_keeps_its_written_vowels_and_guesses_the_rest() -> None:
    # لِبنان, Lubnan/Libnan (Lebanon) with only the kasra written: the first form keeps the i
    # and guesses the unwritten vowels; the sparse form reads the bare letters as before (a
    # written vowel may be a schwa the Latin spelling writes otherwise).
    forms = romanizations("لِبنان")
    assert forms[0] == "libanan"
    assert "lebnan" in forms


def test_a_mark_on_a_long_vowel_letter_adds_no_vowel() -> None:
    # Kashmiri writes long u as waw with an inverted damma (U+0657) and long i as yeh with a
    # subscript alef (U+0656): the mark says which vowel the letter is, not a second vowel.
    assert romanizations("نوٗر")[0] == "nur"
    assert romanizations("دیٖن")[0] == "din"
    # ...and a yeh before a long vowel letter is the consonant y, kasra or not (لِیوٗن, Lyon).
    assert romanizations("لِیوٗن")[0] == "liyun"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("زياد", "ziad"),  # Ziad: the vowel i, then the long a, not the long i alone
        ("كينيا", "kinia"),  # Kenya
        ("جوان", "juan"),  # Juan: waw then alef, u and a
        ("ميونخ", "miunkh"),  # Munich: a yeh before a waw that writes u
    ],
)
def test_a_waw_or_yeh_before_an_alef_keeps_the_alef(name: str, form: str) -> None:
    # A weak letter followed by alef is a consonant carrying a vowel or a vowel in hiatus
    # before the long a (Wright, Arabic Grammar, vol. 1, §§3-7): the alef's a is read.
    assert form in romanizations(name)


def test_arabic_tsh_is_also_read_ch() -> None:
    # تشيلي, Chile in Arabic: Arabic writes the foreign ch as ت + ش.
    forms = romanizations("تشيلي")
    assert "chili" in forms
    assert forms[0] != "chili"


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("سَامِي", "sami"),  # kasra, then the yeh that lengthens it, at the word's end
        ("ذُو", "dhu"),  # damma, then a final waw (Wright §7: the word "possessor of")
        ("هُدَى", "huda"),  # fatha, then a final alef maqsura
    ],
)
def test_a_final_long_vowel_after_its_short_vowel_is_read_once(name: str, form: str) -> None:
    assert romanizations(name)[0] == form
