"""Unknown is explained, and titles left by translation are restored (#14)."""

from __future__ import annotations

import io

import pytest

from canonym import Resolver
from canonym.cli import main
from canonym.unknown import why_unknown

DAY = "2025-11-28"


def test_a_resolved_name_needs_no_explanation(resolver: Resolver) -> None:
    assert why_unknown(resolver, "José Gehry") is None


def test_below_threshold_names_the_best_candidate_and_what_pulled_it_down(resolver: Resolver) -> None:
    why = why_unknown(resolver, "Torres")
    assert why is not None
    assert why.startswith("Luis Torres 0.")
    assert "< 0.82" in why
    assert "common surname" in why


@pytest.mark.parametrize(
    ("query", "date", "words"),
    [
        ("the Austrian Chancellor", DAY, "not a place of the registry"),
        ("the Chilean president", "2026-06-01", "no registry person holds president in chile on 2026-06-01"),
        ("the former Peruvian president", DAY, "past or future"),
        ("the Chilean presidential candidate", DAY, "many hold"),
    ],
)
def test_a_role_says_why_it_names_nobody(resolver: Resolver, query: str, date: str, words: str) -> None:
    why = why_unknown(resolver, query, date=date)
    assert why is not None and words in why, why


def test_no_candidate_at_all(resolver: Resolver) -> None:
    assert why_unknown(resolver, "Ngrrk") == "no registry name shares a word or key with it"


def test_cli_resolve_explain_shows_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "Torres", "José Gehry"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Torres\t(unknown: Luis Torres 0.")
    assert lines[0].endswith(")")
    assert lines[1].startswith("José Gehry\tJosé Jerí [jose-jeri, person]")


# --- titles as translation artifacts ------------------------------------------------


def test_rewrite_with_titles_restores_the_usual_title(resolver: Resolver) -> None:
    doc = resolver.annotate("Peruvian Chancellor Hugo de Zella met Janet Jara.", date=DAY)
    assert doc.rewrite() == "Peruvian Chancellor Hugo de Zela met Jeannette Jara."
    assert doc.rewrite(titles=True) == "Peruvian Foreign Minister Hugo de Zela met Jeannette Jara."
    first = doc.mentions[0].as_dict(evidence=True)
    assert first["evidence"]["usual_title"] == "Peruvian Foreign Minister"
    assert "usual_title" not in doc.mentions[0].as_dict()


def test_rewrite_with_titles_in_a_role_mention(resolver: Resolver) -> None:
    doc = resolver.annotate("On Friday the Peruvian Chancellor spoke.", date=DAY)
    assert doc.rewrite(titles=True) == "On Friday the Peruvian Foreign Minister spoke."
    assert doc.rewrite() == "On Friday the Peruvian Chancellor spoke."


def test_a_real_chancellor_keeps_the_title(resolver: Resolver) -> None:
    # Not a foreign minister: no registry role agrees, so nothing is restored.
    text = "German Chancellor Friedrich Merz met Janet Jara."
    doc = resolver.annotate(text, date=DAY)
    assert doc.rewrite(titles=True) == "German Chancellor Friedrich Merz met Jeannette Jara."


def test_cli_normalize_rewrite_titles(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Peruvian Chancellor Hugo de Zella spoke."))
    assert main(["normalize", "--rewrite", "--titles", "--date", DAY, "-"]) == 0
    assert capsys.readouterr().out == "Peruvian Foreign Minister Hugo de Zela spoke."


def test_cli_resolve_says_why_by_default_and_brief_drops_it(capsys: pytest.CaptureFixture[str]) -> None:
    # The respelt surname alone: its best candidate is the person, short of the threshold.
    assert main(["resolve", "Cast"]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("Cast\t(unknown: José Antonio Kast 0.")
    assert line.endswith(" < 0.82)")
    assert main(["resolve", "--brief", "Cast"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "Cast\t(unknown)"
