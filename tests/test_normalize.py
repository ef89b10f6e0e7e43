from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from canonym import normalize
from canonym.normalize import STEPS, apply_steps, explain_normalization, normalize_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("José Jerí", "jose jeri"),
        ("  JOSÉ \t JERÍ  ", "jose jeri"),
        ("Jerí, José", "jeri jose"),
        ("La Yarada–Los Palos", "la yarada los palos"),
        ("La Yarada-Los Palos", "la yarada los palos"),
        ("O'Brien", "obrien"),
        ("S.A. de C.V.", "sa de cv"),
        ("U.N.", "un"),
        ("J. A. Kast", "j a kast"),
        ("Хосе Хери", "khose kheri"),
        ("Ｋａｓｔ", "kast"),
        ("Jos\u0065\u0301", "jose"),  # NFD: e + combining acute
        ("Ka\u200bst", "kast"),  # zero-width space inside a word
        ("\u202eKast", "kast"),  # bidi override
        ("Kast\x00Rist", "kast rist"),  # control characters separate words
        ("", ""),
        ("!!!", ""),
    ],
)
def test_normalize_text(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


def test_nfc_and_nfd_agree() -> None:
    name = "José Jerí Oré"
    assert normalize_text(unicodedata.normalize("NFD", name)) == normalize_text(
        unicodedata.normalize("NFC", name)
    )


def test_explanation_names_only_steps_that_changed_the_text() -> None:
    assert explain_normalization("jose jeri") == ("jose jeri", ())
    folded, steps = explain_normalization("JOSÉ")
    assert folded == "jose"
    assert steps == ("transliterate", "casefold")


def test_steps_replay_to_the_same_result() -> None:
    text = "  Presidente JOSÉ\u200b Jerí, (Perú) "
    folded, steps = explain_normalization(text)
    assert apply_steps(text, steps) == folded


def test_steps_are_all_named_and_run_in_order() -> None:
    assert next(iter(STEPS)) == "nfkc"
    assert list(STEPS)[-1] == "collapse_spaces"


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        # Azerbaijani schwa: BGN/PCGN writes it ä, English a (Gəncə, Ganja; Şəki, Shaki).
        ("Gəncə", "ganca"),
        ("ŞƏKİ", "saki"),
        # Khoekhoe click letters are not written in English: ǁKaras Region, Karas.
        ("ǁKaras", "karas"),
        ("ǃKhuiseb", "khuiseb"),
    ],
)
def test_latin_letters_unidecode_breaks_stay_letters(name: str, folded: str) -> None:
    # unidecode turns these letters into "@", "|" or "!", which split the word in two.
    assert normalize_text(name) == folded


# ASCII (printable or not), and a few characters each step acts on: invisible and control
# characters, compatibility forms, initials' dots, joiners, separators, capitals.
_STEP_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(max_codepoint=0x7F),
        st.sampled_from("\u200b\u00ad\ufeff\u2066ｆＡ²ﬁé’`´. -–"),
    ),
    max_size=12,
)


@given(text=_STEP_TEXT)
@settings(max_examples=3000, deadline=None)
def test_the_steps_shortcuts_change_nothing(text: str) -> None:
    # Each step returns text it cannot change at once; the full rule must agree.
    assert normalize._nfkc(text) == unicodedata.normalize("NFKC", text)
    assert normalize._strip_invisible(text) == normalize._CONTROL.sub(" ", normalize._INVISIBLE.sub("", text))
    assert normalize._join_initialisms(text) == normalize._INITIALISM.sub(
        lambda m: m.group().replace(".", ""), text
    )
    assert normalize._strip_punctuation(text) == normalize._SEPARATORS.sub(
        " ", normalize._JOINERS.sub("", text)
    )


@given(text=st.text(alphabet=st.sampled_from("aZq09 AJ"), max_size=12) | _STEP_TEXT)
@settings(max_examples=3000, deadline=None)
def test_the_shortcut_for_plain_ascii_names_the_steps_every_step_would(text: str) -> None:
    # Letters, digits and spaces are only lower-cased and collapsed: the shortcut must
    # give the text and the steps that running every step gives, spaces and capitals alike.
    assert explain_normalization(text) == normalize._every_step(text)


def test_the_shortcut_names_casefold_and_collapse_where_each_changed_the_text() -> None:
    assert explain_normalization("Ab  9") == ("ab 9", ("casefold", "collapse_spaces"))
    assert explain_normalization("ab  9") == ("ab 9", ("collapse_spaces",))
    assert explain_normalization("Ab 9") == ("ab 9", ("casefold",))
    assert explain_normalization("") == ("", ())
