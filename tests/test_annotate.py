"""The text pipeline: mentions with offsets, document context, rewriting."""

from __future__ import annotations

import importlib
import json
import pickle
import re
from pathlib import Path
from typing import Any

import pytest

import canonym
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


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "!!! ???", "a" * 1000, "ÉÉÉ ÑÑÑ"])
def test_texts_without_names_have_no_mentions(resolver: Resolver, text: str) -> None:
    assert resolver.annotate(text).mentions == ()


@pytest.mark.parametrize(
    ("text", "surface", "entity"),
    [
        ("Lima", "Lima", "lima"),
        ("  José Gehry  ", "José Gehry", "jose-jeri"),
        ("\n\nJanet Jara\n\n", "Janet Jara", "jeannette-jara"),
        ("!!! Lima ???", "Lima", "lima"),
        ("«Lima»", "Lima", "lima"),
        ("ÉÉÉ, Lima, ÑÑÑ", "Lima", "lima"),
        ("a" * 1000 + " Lima", "Lima", "lima"),
        ("LIMA", "LIMA", "lima"),
    ],
)
def test_odd_texts_keep_their_offsets(resolver: Resolver, text: str, surface: str, entity: str) -> None:
    # Each text holds exactly one name, at a known place: the mention is there, and its
    # offsets index the original string however odd the rest of it is.
    (m,) = resolver.annotate(text).mentions
    start = text.index(surface)
    assert (m.start, m.end, m.text, m.entity.id) == (start, start + len(surface), surface, entity)


def test_a_misspelt_adjective_before_a_title_does_not_hide_the_name(resolver: Resolver) -> None:
    doc = resolver.annotate("Chilian Security Minister Lues Cordero spoke.")
    assert [(m.text, m.entity.id, m.title) for m in doc.mentions] == [
        ("Lues Cordero", "luis-cordero", "Security Minister")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A function word capitalised where a sentence starts is not the Cyrillic ООН.
        "On the whole, the talks resumed after a short break in the afternoon.",
        # "Us" is a pronoun; the initialism is written US.
        "Us and them, said the singer to the crowd that had waited for hours.",
        # "Lemma" resembles only a romanisation of Lima's Chinese name, not "Lima".
        "Lemma three of the proof follows from the previous one, as the author notes.",
    ],
)
def test_words_of_the_language_are_not_names(resolver: Resolver, text: str) -> None:
    assert resolver.annotate(text).mentions == ()


def test_initialisms_and_other_scripts_still_link(resolver: Resolver) -> None:
    doc = resolver.annotate("Officials of the US and the UN met their counterparts in Лима on Friday.")
    assert [(m.text, m.entity.id) for m in doc.mentions] == [
        ("US", "united-states"),
        ("UN", "united-nations"),
        ("Лима", "lima"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # A known name followed by a capitalised word that names nothing is part of a
        # longer name: a stadium, a writer, an airline, a street, a person.
        "The match was played at the Santiago Bernabéu on a cold and rainy evening.",
        "The novelist Lima Barreto wrote about the suburbs of his city.",
        "She flew with Caribbean Airlines to reach the island before the storm.",
        "He lived on Arica Street for years before moving to the coast.",
        "The coach Colombia Jones spoke to the press after the game ended.",
    ],
)
def test_a_name_followed_by_an_unknown_word_is_not_linked(resolver: Resolver, text: str) -> None:
    assert resolver.annotate(text).mentions == ()


def test_a_title_after_a_place_does_not_hide_it(resolver: Resolver) -> None:
    doc = resolver.annotate("Lima Mayor Renzo Reggiardo spoke to the press on Monday about the crisis.")
    assert [(m.text, m.entity.id) for m in doc.mentions] == [("Lima", "lima")]


@pytest.mark.parametrize(
    ("text", "rewritten"),
    [
        (
            "The International Organization for Migration (IOM) said it would help.",
            "The International Organization for Migration (IOM) said it would help.",
        ),
        (
            "The IOM (International Organization for Migration) said it would help.",
            "The IOM (International Organization for Migration) said it would help.",
        ),
        ("The IOM said it would help.", "The International Organization for Migration said it would help."),
    ],
)
def test_rewrite_does_not_double_a_spelled_out_acronym(resolver: Resolver, text: str, rewritten: str) -> None:
    doc = resolver.annotate(text)
    assert {m.entity.id for m in doc.mentions} == {"iom"}
    assert doc.rewrite() == rewritten


def test_results_are_values(resolver: Resolver) -> None:
    text = "José Gehry met Janet Jara in Lima."
    first = resolver.annotate(text)
    evidence = first.mentions[0].match.evidence  # type: ignore[union-attr]
    before = first.as_dict(evidence=True)
    with pytest.raises(TypeError):
        evidence.features["exact"] = 0.0  # type: ignore[index]
    with pytest.raises(TypeError):
        evidence.contributions["bias"] = 10.0  # type: ignore[index]
    # A later call hands out the same memoised matches: they read as before.
    assert resolver.annotate(text).as_dict(evidence=True) == before
    assert pickle.loads(pickle.dumps(first)).as_dict(evidence=True) == before


def test_the_module_level_api_annotates() -> None:
    doc = canonym.annotate("José Gehry met Janet Jara in Lima.")
    assert isinstance(doc, canonym.Annotated)
    assert all(isinstance(m, canonym.Mention) for m in doc.mentions)
    assert [m.entity.id for m in doc.mentions] == ["jose-jeri", "jeannette-jara", "lima"]


def test_the_text_layer_uses_the_resolver_through_its_interface(resolver: Resolver) -> None:
    module = importlib.import_module("canonym.text")
    assert isinstance(resolver, module.TextResolver)
    source = (Path(module.__file__).parent / "text.py").read_text(encoding="utf-8")  # also when compiled
    # No private member of the resolver or its index, and no import of the resolver.
    assert not re.search(r"resolver\.(_|index\b)", source)
    assert "canonym.resolve" not in source
