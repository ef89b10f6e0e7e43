"""Mentions in running text without capital letters, or with case endings (issue #13):
hand-checked news paragraphs in Arabic, Hebrew, Russian, Chinese, Japanese and Korean
(tests/golden/mentions_scripts.json, schema in tests/golden/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from canonym import Resolver
from canonym.mentions import caseless_runs
from canonym.scripts import clitic_splits, cyrillic_stems, unspaced_script

GOLDEN = json.loads((Path(__file__).parent / "golden" / "mentions_scripts.json").read_text(encoding="utf-8"))
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.85


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.default()


def _found(resolver: Resolver, text: str) -> set[tuple[int, int, str]]:
    return {(m.start, m.end, m.entity.id) for m in resolver.annotate(text).mentions}


def test_golden_offsets_are_the_surfaces() -> None:
    for case in GOLDEN:
        for m in case["mentions"]:
            assert case["text"][m["start"] : m["end"]] == m["text"], case["label"]


def test_precision_and_recall_over_the_paragraphs(resolver: Resolver) -> None:
    right = found = expected = 0
    by_lang: dict[str, list[int]] = {}
    for case in GOLDEN:
        gold = {(m["start"], m["end"], m["id"]) for m in case["mentions"]}
        got = _found(resolver, case["text"])
        hits = len(gold & got)
        right, found, expected = right + hits, found + len(got), expected + len(gold)
        row = by_lang.setdefault(case["lang"], [0, 0, 0])
        row[0], row[1], row[2] = row[0] + hits, row[1] + len(got), row[2] + len(gold)
    precision = right / found if found else 0.0
    recall = right / expected
    for lang, (h, f, e) in sorted(by_lang.items()):
        print(f"{lang}: precision {h / f if f else 0:.3f} recall {h / e:.3f} ({h}/{e}, {f} found)")
    print(f"all: precision {precision:.3f} recall {recall:.3f} ({right}/{expected}, {found} found)")
    assert precision >= PRECISION_FLOOR
    assert recall >= RECALL_FLOOR


@pytest.mark.parametrize("lang", ["ar", "he", "ru", "zh", "ja", "ko"])
def test_every_language_finds_mentions(resolver: Resolver, lang: str) -> None:
    cases = [c for c in GOLDEN if c["lang"] == lang]
    assert cases
    for case in cases:
        gold = {(m["start"], m["end"], m["id"]) for m in case["mentions"]}
        assert gold & _found(resolver, case["text"]), case["label"]


def test_russian_rewrite_leaves_no_case_ending(resolver: Resolver) -> None:
    text = "Чили поздравила с победой Хосе Антонио Каста, а Перу встретилась с Хосе Антонио Кастом."
    assert resolver.annotate(text).rewrite() == (
        "Chile поздравила с победой José Antonio Kast, а Peru встретилась с José Antonio Kast."
    )


def test_clitics_are_left_out_of_the_span(resolver: Resolver) -> None:
    # Hebrew ל ("to"), Arabic و ("and"), Korean 에서 ("in"): the span is the name alone.
    for text, surface, entity in [
        ("הוא טס ללימה אתמול.", "לימה", "lima"),
        ("زار كاراكاس وليما.", "ليما", "lima"),
        ("그는 리마에서 연설했다.", "리마", "lima"),
    ]:
        mentions = resolver.annotate(text).mentions
        assert [(m.text, m.entity.id) for m in mentions] == [(surface, entity)]
        assert text[mentions[0].start : mentions[0].end] == surface


def test_names_not_in_the_registry_are_not_linked(resolver: Resolver) -> None:
    # Netanyahu, Putin, Yoon Suk-yeol, Kishida Fumio: none is in the bundled registry.
    for text in [
        "בנימין נתניהו נאם בכנסת.",
        "普京在莫斯科发表讲话。",
        "윤석열 전 대통령이 말했다.",
        "岸田文雄氏は述べた。",
    ]:
        assert resolver.annotate(text).mentions == ()


def test_latin_text_reads_no_caseless_run() -> None:
    assert caseless_runs("José Antonio Kast met Jeannette Jara in Lima.") == []


def test_clitic_splits() -> None:
    assert clitic_splits("ובלימה") == ((1, 6, "בלימה"), (2, 6, "לימה"))
    assert [form for _, _, form in clitic_splits("للولايات")] == ["لولايات", "الولايات"]
    assert clitic_splits("칠레의") == ((0, 2, "칠레"),)
    # The Arabic article stays: a name without it takes it only as an adjective.
    assert all(form != "تشيلي" for _, _, form in clitic_splits("التشيلي"))


def test_cyrillic_stems() -> None:
    assert cyrillic_stems("Кастом") == ("Каст",)
    assert "Лима" in cyrillic_stems("Лиме")
    assert "Захарова" in cyrillic_stems("Захаровой")
    assert cyrillic_stems("Кон") == ()  # a stem needs three letters


def test_unspaced_script_groups_japanese() -> None:
    assert unspaced_script("東京") == unspaced_script("トウキョウ") == "Han"
    assert unspaced_script("กรุงเทพ") == "Thai"
    assert unspaced_script("서울") is None


def test_katakana_liquid_is_read_as_l_too(resolver: Resolver) -> None:
    # Japanese writes one liquid, r in Hepburn: リマ is Lima, チリ is Chile.
    assert [(m.text, m.entity.id) for m in resolver.annotate("チリとリマ").mentions] == [
        ("チリ", "chile"),
        ("リマ", "lima"),
    ]


def test_a_letter_or_short_word_is_not_an_initial_or_initialism(resolver: Resolver) -> None:
    # Arabic ج alone resembles the J. of Donald J. Trump, نت ("net") the initialism NYT:
    # these scripts write neither initials nor initialisms so.
    assert resolver.annotate("ج نت").mentions == ()


def test_mentions_never_overlap_where_a_capital_runs_into_a_caseless_letter(resolver: Resolver) -> None:
    # Found by fuzz/fuzz_jsonl.py: a capital Cyrillic letter run into a half-width katakana
    # letter was read as a capitalised word and again as caseless text.
    text = "\u9103\uff7b abc \u052e\uff7b"
    mentions = resolver.annotate(text).mentions
    ends = [0]
    for m in mentions:
        assert ends[-1] <= m.start < m.end <= len(text), mentions
        ends.append(m.end)


def test_caseless_text_does_not_link_through_an_initialism_in_another_script(resolver: Resolver) -> None:
    # One kana (sa) resembles the Russian initialism США; an initialism in any cased
    # script is spelt letter by letter, so no word of caseless text stands for it.
    assert resolver.annotate("\uff7b").mentions == ()
