"""A CLI that guides: `check` summaries, usage errors for options that would be ignored,
counts in words, and progress on a terminal with the right final count."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from canonym.cli import main

Write = Callable[..., Path]

GOOD = "version: 1\nentities:\n  - id: a\n    canonical: Ana Bel\n    type: person\n"
BAD = "version: 1\nentities:\n  - id: a\n    canonical: Bo\n    type: persn\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as stop:
        main(list(argv))
    out, err = capsys.readouterr()
    assert stop.value.code == 2 and out == ""
    assert "Traceback" not in err
    return err


# --- check -----------------------------------------------------------------------------


def test_check_goes_on_after_a_bad_file_and_exits_1(
    capsys: pytest.CaptureFixture[str], write_registry: Write
) -> None:
    bad = write_registry(BAD, "bad.yaml")
    good = write_registry(GOOD, "good.yaml")
    code, out, err = run(capsys, "check", str(bad), str(good))
    assert code == 1
    assert f"{good}: ok, 1 entity, 1 name\n" in out
    assert (
        err == f"canonym: error: {bad}:5: type: unknown type 'persn' (expected person, place, organization)\n"
    )
    assert out.splitlines()[-1] == "checked 2 files: 1 ok, 1 failed"


def test_check_quiet_says_it_by_the_exit_status_only(
    capsys: pytest.CaptureFixture[str], write_registry: Write
) -> None:
    good = write_registry(GOOD, "good.yaml")
    assert run(capsys, "check", "--quiet", str(good)) == (0, "", "")
    bad = write_registry(BAD, "bad.yaml")
    code, out, err = run(capsys, "check", "-q", str(good), str(bad))
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "persn" in err  # what is wrong still goes to stderr


def test_check_json_has_one_object_per_file(
    capsys: pytest.CaptureFixture[str], write_registry: Write
) -> None:
    shared = (
        "version: 1\nentities:\n"
        "  - id: a\n    canonical: Georgia\n    type: place\n"
        "  - id: b\n    canonical: Georgia Country\n    type: place\n    aliases: [Georgia]\n"
        "  - id: c\n    canonical: The\n    type: place\n"
    )
    good = write_registry(shared, "good.yaml")
    missing = good.parent / "missing.yaml"
    code, out, _ = run(capsys, "check", "--json", str(good), str(missing))
    first, second = (json.loads(line) for line in out.splitlines())
    assert code == 1
    assert first == {
        "file": str(good),
        "ok": True,
        "entities": 3,
        "names": 4,
        "shared": {"georgia": ["a", "b"]},
        "only_titles": [{"id": "c", "canonical": "The"}],
    }
    assert second["file"] == str(missing) and second["ok"] is False
    assert second["error"] == f"{missing}: no such file"


def test_check_summarises_many_shared_names_in_one_line(
    capsys: pytest.CaptureFixture[str], write_registry: Write
) -> None:
    entries = "".join(
        f"  - id: p{i}\n    canonical: Town {word}\n    type: place\n"
        f"  - id: q{i}\n    canonical: Village {word}\n    type: place\n    aliases: [Town {word}]\n"
        for i, word in enumerate(["Alder", "Birch", "Cedar", "Dogwood", "Elm", "Fir", "Gum", "Hazel"])
    )
    path = write_registry("version: 1\nentities:\n" + entries)
    code, out, _ = run(capsys, "check", str(path))
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == f"{path}: ok, 16 entities, 24 names"
    assert len(lines) == 2
    assert lines[1].startswith(
        f"{path}: note: 8 names are names of several entities, e.g. 'town alder' (p0, q0)"
    )
    assert lines[1].endswith("(all of them: --json)")


def test_check_refuses_names_that_fold_to_nothing(
    capsys: pytest.CaptureFixture[str], write_registry: Write
) -> None:
    alias = write_registry(GOOD + "    aliases: ['\u30fc']\n", "alias.yaml")
    canonical = write_registry(GOOD.replace("Ana Bel", "'\u02bc'"), "canonical.yaml")
    code, out, err = run(capsys, "check", str(alias), str(canonical))
    assert code == 1
    assert out.splitlines()[-1] == "checked 2 files: 0 ok, 2 failed"
    assert err.count("folds to nothing") == 2


def test_check_reads_standard_input_as_dash() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "canonym", "check", "-"],
        input=GOOD.encode(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "<stdin>: ok, 1 entity, 1 name\n"


# --- usage errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["normalize", "--rewrite", "--evidence"], "--evidence"),
        (["normalize", "--mark", "--evidence"], "--evidence"),
        (["normalize", "--jsonl", "--evidence"], "--evidence"),
        (["normalize", "--field", "body"], "--field"),
        (["normalize", "--rewrite", "--workers", "2"], "--workers"),
    ],
)
def test_options_that_would_be_ignored_are_usage_errors(
    capsys: pytest.CaptureFixture[str], argv: list[str], named: str
) -> None:
    err = usage_error(capsys, *argv)
    assert named in err.splitlines()[-1]


def test_a_bad_workers_count_names_workers(capsys: pytest.CaptureFixture[str]) -> None:
    err = usage_error(capsys, "normalize", "--jsonl", "--workers", "0")
    assert "--workers must be" in err and "--top" not in err


def test_one_entity_is_singular(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "one.csv"
    source.write_text("id,name,type\nx,Ana Bel,person\n", encoding="utf-8")
    code, _, err = run(capsys, "import", "csv", str(source))
    assert code == 0
    assert err == f"canonym: imported 1 entity from {source}\n"


def test_normalize_jsonl_with_bad_records_says_so_in_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = ['{"text": "Lima"}', "not json", '{"text": "Kast"}', "[1]", '{"id": 5}']
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines) + "\n"))
    code, out, err = run(capsys, "normalize", "--jsonl")
    assert code == 1 and len(out.splitlines()) == 5
    assert err == 'canonym: 3 of 5 records not usable, first at line 2 (each has an "error" field)\n'


# --- progress ----------------------------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def slow_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """A clock that moves a second each time it is read: every step looks long."""
    now = [time.monotonic()]

    def tick() -> float:
        now[0] += 1.0
        return now[0]

    monkeypatch.setattr(time, "monotonic", tick)


@pytest.mark.usefixtures("slow_clock")
def test_progress_of_a_jsonl_stream_ends_on_the_right_count(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    records = 1234
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "Lima"}\n' * records))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["normalize", "--jsonl"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == records
    shown = terminal.getvalue()
    last = shown.rstrip("\n").rsplit("\r", 1)[-1]
    assert shown.endswith("\n")
    assert last.startswith("canonym: 1,234 records in ")


@pytest.mark.usefixtures("slow_clock")
def test_progress_of_a_resolve_stream_counts_names(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Lima\nKast\n" * 300))
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["resolve"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 600
    assert terminal.getvalue().rstrip("\n").rsplit("\r", 1)[-1].startswith("canonym: 600 names in ")


def test_no_progress_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO('{"text": "Lima"}\n' * 50))
    code, _, err = run(capsys, "normalize", "--jsonl")
    assert code == 0 and err == ""


# --- titles in look-ups --------------------------------------------------------------------

PERSON = "version: 1\nentities:\n  - id: mq\n    canonical: Marta Quintero Lobo\n    type: person\n"


@pytest.mark.parametrize(
    ("title", "ignored"),
    [
        ("Pres.", ["pres"]),
        ("Gov.", ["gov"]),
        ("Präsident", ["prasident"]),
        ("Präsidentin", ["prasidentin"]),
        ("Bürgermeisterin", ["burgermeisterin"]),
        ("ex-President", ["ex", "president"]),
        ("U.S. President", ["us", "president"]),
        ("UK Prime Minister", ["uk", "prime", "minister"]),
    ],
)
def test_titles_before_a_name_are_left_out_of_a_lookup(
    capsys: pytest.CaptureFixture[str], write_registry: Write, title: str, ignored: list[str]
) -> None:
    path = str(write_registry(PERSON))
    code, out, _ = run(
        capsys, "explain", "--json", "--registry", path, "--top", "1", f"{title} Marta Quintero Lobo"
    )
    (best,) = json.loads(out)["candidates"]
    assert code == 0
    assert best["id"] == "mq"
    assert best["evidence"]["ignored"] == ignored
    _, out, _ = run(capsys, "resolve", "--json", "--registry", path, "Marta Quintero Lobo")
    assert best["score"] == json.loads(out)["match"]["score"]  # the title costs nothing


def test_a_prefix_of_titles_is_no_title_on_its_own() -> None:
    from canonym.lexicon import default_lexicon  # noqa: PLC0415
    from canonym.names import analyze  # noqa: PLC0415

    lexicon = default_lexicon()
    assert analyze("US Steel", lexicon).titles == ()
    assert analyze("UN Plaza", lexicon).titles == ()
    assert analyze("U.S. Marshal Service", lexicon).titles == ()


@pytest.mark.usefixtures("slow_clock")
def test_progress_of_a_file_says_how_much_of_it_is_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    line = '{"text": "Lima"}\n'  # 17 bytes
    source = tmp_path / "in.jsonl"
    source.write_text(line * 600, encoding="utf-8")  # 10,200 bytes: 10.0 KiB
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["normalize", "--jsonl", str(source)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 600
    drawn = [d for d in terminal.getvalue().split("\r") if d.startswith("canonym: ") and "records" in d]
    assert any("% of 10.0 KiB)" in d for d in drawn[:-1])
    assert "(100% of 10.0 KiB)" in drawn[-2]  # the last running line, after every record was read
