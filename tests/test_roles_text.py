"""Roles in running text and dates everywhere (#14): annotate(date=), role mentions
(via "role") with offsets, and the --date / --date-field options of the command line.

Every expected offset below was counted by hand on the sentence it belongs to.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from canonym import Resolver
from canonym.cli import main

DAY = "2025-11-28"


def _roles(doc: object) -> list[tuple[int, int, str, str]]:
    return [(m.start, m.end, m.text, m.entity.id) for m in doc.mentions if m.via == "role"]  # type: ignore[attr-defined]


# --- annotate(date=) ---------------------------------------------------------------


def test_a_role_mention_in_text_resolves_to_the_holder_on_the_date(resolver: Resolver) -> None:
    doc = resolver.annotate("Peru's interim president spoke on Friday.", date=DAY)
    # "Peru's interim president" is characters 0 to 24.
    assert _roles(doc) == [(0, 24, "Peru's interim president", "jose-jeri")]
    # The place inside the phrase is part of the role mention, not a mention of its own.
    assert [m.via for m in doc.mentions] == ["role"]
    (m,) = doc.mentions
    assert m.match is not None and m.match.evidence.role is not None
    assert m.match.evidence.role.office == "president"


def test_without_a_date_no_role_is_linked_in_text(resolver: Resolver) -> None:
    doc = resolver.annotate("Peru's interim president spoke on Friday.")
    assert _roles(doc) == []


def test_role_phrase_offsets_leave_the_article_out(resolver: Resolver) -> None:
    text = "On Monday the regional governor of Tacna asked for troops."
    doc = resolver.annotate(text, date=DAY)
    # "regional governor of Tacna": characters 14 to 40.
    assert _roles(doc) == [(14, 40, "regional governor of Tacna", "luis-torres")]
    assert text[14:40] == "regional governor of Tacna"


def test_a_demonym_role_phrase_resolves(resolver: Resolver) -> None:
    text = "The measure was announced by the Chilean Security Minister on Sunday."
    doc = resolver.annotate(text, date=DAY)
    # "Chilean Security Minister": characters 33 to 58.
    assert _roles(doc) == [(33, 58, "Chilean Security Minister", "luis-cordero")]


def test_a_title_before_a_name_is_not_a_role_mention(resolver: Resolver) -> None:
    doc = resolver.annotate("Peruvian Chancellor Hugo de Zella met reporters.", date=DAY)
    assert [(m.text, m.entity.id, m.via) for m in doc.mentions] == [("Hugo de Zella", "hugo-de-zela", "name")]


def test_a_role_without_place_takes_the_place_the_same_office_was_last_given(resolver: Resolver) -> None:
    text = "Interior Minister Vicente Tiburcio visited Tacna. Later the minister of the interior said more."
    doc = resolver.annotate(text, date=DAY)
    start = text.index("minister of the interior")
    assert _roles(doc) == [(start, start + 24, "minister of the interior", "vicente-tiburcio")]


def test_a_placeless_role_takes_the_place_the_text_is_about(resolver: Resolver) -> None:
    text = "Peru closed its southern border. Troops left Lima for Peru's south. The Chancellor spoke."
    doc = resolver.annotate(text, date=DAY)
    start = text.index("Chancellor")
    assert _roles(doc) == [(start, start + 10, "Chancellor", "hugo-de-zela")]
    # Two places named as often: the text is about neither.
    even = resolver.annotate("Peru and Chile met in Lima. The Chancellor spoke.", date=DAY)
    assert _roles(even) == []


def test_a_placeless_role_with_nothing_before_it_names_nobody(resolver: Resolver) -> None:
    doc = resolver.annotate("The Chancellor said the talks went well.", date=DAY)
    assert _roles(doc) == []


@pytest.mark.parametrize(
    "text",
    [
        "Argentina's president called the Austrian Chancellor.",  # holders not in the registry
        "The former Peruvian president was in Lima.",  # a past holder
        "Peru's president of the Chamber of Deputies spoke.",  # another office: of + a name
        "He met the Peruvian general in Tacna.",  # many generals
    ],
)
def test_roles_with_no_single_known_holder_are_not_linked(resolver: Resolver, text: str) -> None:
    assert _roles(resolver.annotate(text, date=DAY)) == []


def test_rewrite_leaves_a_role_mention_as_written(resolver: Resolver) -> None:
    text = "Peru's interim president met Janet Jara."
    doc = resolver.annotate(text, date=DAY)
    assert doc.rewrite() == "Peru's interim president met Jeannette Jara."


def test_the_date_decides_in_text_too(resolver: Resolver) -> None:
    text = "The Chilean president spoke."
    assert _roles(resolver.annotate(text, date="2025-11-28"))[0][3] == "gabriel-boric"
    assert _roles(resolver.annotate(text, date="2026-06-01")) == []


def test_annotate_refuses_a_bad_date(resolver: Resolver) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        resolver.annotate("Lima.", date="28/11/2025")


def test_annotate_many_passes_the_date_on(resolver: Resolver) -> None:
    docs = resolver.annotate_many(["Peru's president spoke.", "Lima."], date=DAY)
    assert _roles(docs[0]) == [(0, 16, "Peru's president", "jose-jeri")]


def test_a_date_changes_title_evidence_in_text(resolver: Resolver) -> None:
    # Boric was president on 2025-11-28, not on 2026-06-01: the title agrees on the first
    # day only, and the span's own confidence says so.
    on = resolver.annotate("President Boric spoke.", date="2025-11-28").mentions
    off = resolver.annotate("President Boric spoke.", date="2026-06-01").mentions
    assert on and on[0].match is not None and "title" in on[0].match.evidence.contributions
    assert not off or off[0].match is None or "title" not in off[0].match.evidence.contributions


# --- the command line --------------------------------------------------------------


def test_cli_resolve_takes_a_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "--date", DAY, "the Peruvian Chancellor"]) == 0
    out = capsys.readouterr().out
    assert "Hugo de Zela [hugo-de-zela, person]" in out
    assert main(["resolve", "--date", "2026-06-01", "the Chilean president"]) == 0
    assert "(unknown" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["resolve", "explain", "normalize"])
def test_cli_bad_date_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str], command: str) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--date", "28/11/2025", "Lima"])
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert "--date" in err and "YYYY-MM-DD" in err


def test_cli_normalize_takes_a_date(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("Peru's president spoke."))
    assert main(["normalize", "--date", DAY, "-"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [(m["text"], m["id"], m["via"]) for m in doc["mentions"]] == [
        ("Peru's president", "jose-jeri", "role")
    ]


def test_cli_jsonl_date_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": "The Chilean president spoke.", "day": "2025-11-28"}),
        json.dumps({"text": "The Chilean president spoke.", "day": "2026-06-01"}),
        json.dumps({"text": "The Chilean president spoke.", "day": "last week"}),
        json.dumps({"text": "The Chilean president spoke."}),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["normalize", "--jsonl", "--date-field", "day", str(path)]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [m["id"] for m in out[0]["mentions"]] == ["gabriel-boric"]
    assert [m["via"] for m in out[1]["mentions"]] == []
    assert out[2]["error"].startswith("line 3: field 'day': ")
    assert "YYYY-MM-DD" in out[2]["error"]
    # A record without the field is annotated without a date: no role is linked.
    assert out[3]["mentions"] == []


def test_cli_jsonl_date_field_falls_back_on_date(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"text": "The Chilean president spoke."}) + "\n", encoding="utf-8")
    assert main(["normalize", "--jsonl", "--date-field", "day", "--date", DAY, str(path)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [m["id"] for m in out["mentions"]] == ["gabriel-boric"]
