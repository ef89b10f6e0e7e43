"""Han words read as the transcription of a foreign name (Xinhua's tables)."""

from __future__ import annotations

import pytest

from canonym.scripts import romanizations

pytest.importorskip("pypinyin")


@pytest.mark.parametrize(
    ("name", "form"),
    [
        # Traditional forms of the bare-consonant characters: 爾 is 尔, a bare r (Brussels).
        ("布魯塞爾", "bluser"),
        # A word of transcription letters alone, with no bare consonant, is read as one too:
        # x writes a foreign s (辛 xin: sin; Cincinnati) ...
        ("辛辛那提", "sinsinnati"),
        # ... 蒙 writes mon, and the traditional 薩 is 萨 (Mombasa).
        ("蒙巴薩", "monbasa"),
        # -uo writes a foreign o (诺 nuo: no; Norfolk), -ng a foreign -n (桑 sang: san),
        # -ei a foreign e (給 gei: ge; Zanzibar).
        ("诺福克", "nofuk"),
        ("桑給巴爾", "sangebar"),
    ],
)
def test_a_transcription_is_read_with_the_values_its_characters_write(name: str, form: str) -> None:
    assert form in romanizations(name)


def test_a_chinese_name_gets_no_transcription_reading() -> None:
    # 郑州 (Zhengzhou) has characters that are no transcription letters: pinyin only.
    assert "zhenzhou" not in romanizations("郑州")
    assert romanizations("郑州")[:2] == ("zhengzhou", "zheng zhou")


@pytest.mark.parametrize(
    ("name", "form"),
    [
        # The loanword kana (外来語の表記, 1991) in Hepburn: ティ ti, not tei (Tirana) ...
        ("ティラナ", "tirana"),
        # ... シェ she (Sheffield), ウォ wo (Walter), ツィ tsi (Venezia), and a sokuon
        # before one doubles its consonant (ピッツァ, pizza).
        ("シェフィールド", "shefirudo"),
        ("ウォルター", "woruta"),
        ("ヴェネツィア", "venetsia"),
        ("ピッツァ", "pittsa"),
    ],
)
def test_katakana_for_foreign_sounds_are_read_in_hepburn(name: str, form: str) -> None:
    pytest.importorskip("pykakasi")
    assert form in romanizations(name)
