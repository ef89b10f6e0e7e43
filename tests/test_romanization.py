from __future__ import annotations

import pytest

from canonym import normalize_text
from canonym.romanization import wade_giles_to_pinyin


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"),
    [
        ("hsien-yang", "xianyang"),
        ("ch'ing-tao", "qingdao"),
        ("su-chou-shih", "suzhou shi"),
        ("ch'ang-sha-hsien", "changsha xian"),
        ("t'ien-an-men", "tiananmen"),
        ("chin-hua", "jinhua"),
        ("k'ai-feng", "kaifeng"),
        ("ch'i", "qi"),
    ],
)
def test_wade_giles_becomes_pinyin(wade_giles: str, pinyin: str) -> None:
    assert wade_giles_to_pinyin(wade_giles) == pinyin


@pytest.mark.parametrize(
    "text", ["santa-rosa", "la yarada-los palos", "il-gyu", "jean-paul", "abu-dhabi", "o'brien", "kast", ""]
)
def test_other_names_are_left_alone(text: str) -> None:
    assert wade_giles_to_pinyin(text) == text


def test_normalisation_applies_it_to_both_spellings() -> None:
    assert normalize_text("Ch'ang-sha-shih") == normalize_text("Changsha Shi") == "changsha shi"
