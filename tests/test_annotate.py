"""The text pipeline: mentions with offsets, document context, rewriting."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from canonym import Resolver

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = json.loads((ROOT / "tests" / "golden" / "seed_mentions.json").read_text(encoding="utf-8"))


def expected_mentions(text: str, items: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """Offsets of each expected surface, searched in order as a whole word ("Peru" is not
    the start of "Peruvian")."""
    out, position = [], 0
    for item in items:
        found = re.compile(rf"(?<!\w){re.escape(item['text'])}(?!\w)").search(text, position)
        assert found, item
        out.append((found.start(), found.end(), item["id"]))
        position = found.end()
    return out


def seed_scores(resolver: Resolver) -> tuple[int, int, int]:
    """Mentions right, found and expected over the five seeds."""
    right = found = expected = 0
    for name, items in GOLDEN["documents"].items():
        text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
        want = set(expected_mentions(text, items))
        got = {(m.start, m.end, m.entity.id) for m in resolver.annotate(text).mentions}
        right += len(want & got)
        found += len(got)
        expected += len(want)
    return right, found, expected


def test_seed_articles_precision_and_recall(resolver: Resolver) -> None:
    right, found, expected = seed_scores(resolver)
    # Every mention found is right (no false link), and at most one in fifty is missed.
    assert right == found
    assert right >= 0.98 * expected


@pytest.mark.parametrize("name", sorted(GOLDEN["documents"]))
def test_offsets_point_at_the_surface(resolver: Resolver, name: str) -> None:
    text = (ROOT / "seeds" / name).read_text(encoding="utf-8")
    for m in resolver.annotate(text).mentions:
        assert text[m.start : m.end] == m.text


def test_titles_stay_outside_the_span(resolver: Resolver) -> None:
    doc = resolver.annotate("Chilean Security Minister Luis Cordero spoke.")
    (m,) = doc.mentions
    assert (m.text, m.title, m.entity.id) == ("Luis Cordero", "Chilean Security Minister", "luis-cordero")


def test_dash_joined_names_split_or_stay_whole(resolver: Resolver) -> None:
    doc = resolver.annotate("They crossed at Chacallota-Santa Rosa, near La Yarda-Los Palos.")
    assert [(m.text, m.entity.id) for m in doc.mentions] == [
        ("Chacallota", "chacalluta"),
        ("Santa Rosa", "santa-rosa"),
        ("La Yarda-Los Palos", "la-yarada-los-palos"),
    ]


def test_short_form_links_through_the_document(resolver: Resolver) -> None:
    alone = resolver.annotate("Gehry wrote on Friday.")
    assert alone.mentions == ()
    doc = resolver.annotate("Peru's president, José Gehry, spoke. Gehry wrote on Friday.")
    assert [(m.text, m.entity.id, m.via) for m in doc.mentions][-1] == ("Gehry", "jose-jeri", "document")


def test_context_words_decide_a_short_form(resolver: Resolver) -> None:
    chile = resolver.annotate("In Chile's presidential election runoff, the far-right candidate Cast leads.")
    assert ("Cast", "jose-antonio-kast") in [(m.text, m.entity.id) for m in chile.mentions]
    film = resolver.annotate("The director praised the young actors; Cast and crew celebrated.")
    assert all(m.entity.id != "jose-antonio-kast" for m in film.mentions)


@pytest.mark.parametrize(
    "text",
    [
        "Voters cast their ballots on Sunday.",
        "The casting of the film took months.",
        "Cast your vote early.",
        "Felipe Kast spoke to reporters.",
        "Melania Trump visited the museum.",
        "Political Tensions Fuel Migration Crisis",
        "Chilean and Peruvian officials met.",
    ],
)
def test_no_false_links(resolver: Resolver, text: str) -> None:
    assert resolver.annotate(text).mentions == ()


def test_rewrite_and_mark(resolver: Resolver) -> None:
    doc = resolver.annotate("José Gehry met Janet Jara in Lima.")
    assert doc.rewrite() == "José Jerí met Jeannette Jara in Lima."
    assert doc.mark() == "[José Gehry](jose-jeri) met [Janet Jara](jeannette-jara) in [Lima](lima)."
    record = doc.as_dict()
    assert record["text"] == "José Gehry met Janet Jara in Lima."
    assert {"start", "end", "text", "id", "canonical", "type", "score"} <= set(record["mentions"][0])


def test_empty_and_odd_texts(resolver: Resolver) -> None:
    for text in ["", "   ", "\n\n", "!!! ???", "a" * 1000, "ÉÉÉ ÑÑÑ"]:
        doc = resolver.annotate(text)
        for m in doc.mentions:
            assert text[m.start : m.end] == m.text


def test_a_misspelt_adjective_before_a_title_does_not_hide_the_name(resolver: Resolver) -> None:
    doc = resolver.annotate("Chilian Security Minister Lues Cordero spoke.")
    assert [(m.text, m.entity.id, m.title) for m in doc.mentions] == [
        ("Lues Cordero", "luis-cordero", "Security Minister")
    ]
