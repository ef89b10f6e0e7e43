"""Readings of Khmer, Burmese and Lao names by the published romanisations and the customary
spellings of names in them, on hand-made syllables and on the spellings of Cambodian and
Burmese place names: each test names the rule it checks."""

from __future__ import annotations

from canonym.romanization import khmer_readings, myanmar_readings, thai_lao_readings


def test_khmer_long_u_sign_is_o_after_a_first_series_consonant() -> None:
    # ូ is /oː/ after a first-series consonant, /uː/ after a second-series one (UNGEGN: ou / u;
    # the Cambodian Geographic Department's table: au / ou, as in Tauch and Bou).
    assert khmer_readings("កូ")[0] == "ko"
    assert "pu" in khmer_readings("ពូ")


def test_khmer_series_shifters_set_the_vowel_values() -> None:
    # ៊ (triisap) moves a first-series consonant into the second series, ៉ (muusikatoan) a
    # second-series one into the first (Unicode core spec, ch. 16, Khmer): ស៊ូ is su, and
    # ម៉ា is ma in every reading, never the second series' mea.
    assert khmer_readings("ស៊ូ")[0] == "su"
    assert "mea" not in khmer_readings("ម៉ា")


def test_myanmar_closed_i_and_u_rhymes_as_customarily_spelt() -> None:
    # Before a final n, m, t or p, MLCTS i and u are said [eɪ] and [oʊ]: the customary spellings
    # write ein, eik, on, ok (Thein Sein, Pathein, Myeik, Meiktila; Yangon, Thaton).
    assert myanmar_readings("သိန်း")[0] == "thein"
    assert myanmar_readings("ပုသိမ်")[0] == "puthein"
    assert myanmar_readings("ကုန်")[0] == "kon"
    assert myanmar_readings("ကိတ်")[0] == "keik"
    assert "thaton" in myanmar_readings("သထုံ")
    # MLCTS itself keeps the letters' values.
    assert "thin" in myanmar_readings("သိန်း")


def test_myanmar_medial_r_is_said_y_in_burmese_words() -> None:
    # ြ (MLCTS r) is said y: Myanmar (မြန်မာ), Myeik (မြိတ်); a foreign name's reading keeps r.
    assert myanmar_readings("မြန်မာ")[0] == "myanma"
    assert "mran" in myanmar_readings("မြန်")


def test_lao_short_a_before_a_consonant_writes_a_foreign_cluster() -> None:
    # Lao spells a foreign cluster's first consonant with the short a ະ (ສະວີເດັນ: sa-wi-den,
    # Sweden; ສະກັອດແລນ: Scotland); the loan reading leaves it out, the others keep it.
    readings = thai_lao_readings("ສະວີເດັນ")
    assert "sviden" in readings  # ວ: v, as BGN/PCGN and the French-era spellings write it
    assert readings[0].startswith("sa")
