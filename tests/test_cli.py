from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from canonym.cli import main

Write = Callable[..., Path]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_resolve_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "resolve", "José Gehry", "Lionel Messi")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("José Gehry\tJosé Jerí [jose-jeri, person] ")
    assert lines[1].startswith("Lionel Messi\t(unknown: nothing close (the nearest, ")
    code, out, err = run(capsys, "resolve", "--brief", "Lionel Messi")
    assert out == "Lionel Messi\t(unknown)\n"


def test_resolve_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "resolve", "--json", "--top", "2", "Janet Jara")
    record = json.loads(out)
    assert code == 0
    assert record["query"] == "Janet Jara"
    assert record["match"]["id"] == "jeannette-jara"
    assert {"id", "canonical", "type", "score"} <= set(record["match"])
    assert len(record["candidates"]) == 2


def test_resolve_reads_stdin_one_answer_per_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("José Geri\n\nLionel Messi\r\nChacallota"))
    code, out, _ = run(capsys, "resolve", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [r["query"] for r in records] == ["José Geri", "", "Lionel Messi", "Chacallota"]
    assert [r["match"] and r["match"]["id"] for r in records] == ["jose-jeri", None, None, "chacalluta"]


def test_threshold_option(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "resolve", "--threshold", "0", "--json", "Kast")
    assert json.loads(out)["match"]["id"] == "jose-antonio-kast"
    _, out, _ = run(capsys, "resolve", "--threshold", "1", "--json", "Kast")
    assert json.loads(out)["match"] is None


@pytest.mark.parametrize(
    "argv", [["resolve", "--threshold", "2", "x"], ["resolve", "--top", "0", "x"], ["nope"], []]
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "explain", "José Gehry")
    assert code == 0
    assert "gehry ~ jeri" in " ".join(out.split())
    assert "transliteration" in out
    assert "José Jerí [jose-jeri, person]" in out
    code, out, _ = run(capsys, "explain", "--json", "José Gehry")
    record = json.loads(out)
    assert record["candidates"][0]["evidence"]["pairs"][0]["how"] in {"exact", "transliteration"}


def test_explain_names_the_rule_of_a_derived_form(
    capsys: pytest.CaptureFixture[str], write_registry: Write
) -> None:
    # Hanojus is Lithuanian for Hanoi: compared through its bare form, and the explanation says so.
    path = write_registry("version: 1\nentities:\n  - id: hanoi\n    canonical: Hanoi\n    type: place\n")
    code, out, _ = run(capsys, "explain", "--registry", str(path), "--lang", "lt", "Hanojus")
    assert code == 0
    assert "compared as 'hanoi', the query's form by rule ending:lt" in out
    code, out, _ = run(capsys, "explain", "--registry", str(path), "Hanoi")
    assert "by rule" not in out


def test_check_good_and_bad(capsys: pytest.CaptureFixture[str], write_registry: Write) -> None:
    good = write_registry(
        "version: 1\nentities:\n  - id: a\n    canonical: A B\n    type: person\n", "good.yaml"
    )
    code, out, _ = run(capsys, "check", str(good))
    assert code == 0 and "ok, 1 entity, 1 name" in out
    bad = write_registry("version: 1\nentities:\n  - id: a\n    canonical: Bo\n    type: persn\n", "bad.yaml")
    code, out, err = run(capsys, "check", str(bad))
    assert code == 1  # checked, and not valid (2 is for a usage error)
    assert out == ""
    assert (
        err == f"canonym: error: {bad}:5: type: unknown type 'persn' (expected person, place, organization)\n"
    )


def test_bad_aliases_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "resolve", "--aliases", str(tmp_path / "missing.yaml"), "Kast")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no such file" in err


def test_custom_registry(capsys: pytest.CaptureFixture[str], write_registry: Write) -> None:
    path = write_registry("version: 1\nentities:\n  - id: mr\n    canonical: Marco Rossi\n    type: person\n")
    _, out, _ = run(capsys, "resolve", "--aliases", str(path), "--json", "Marko Rossi")
    assert json.loads(out)["match"]["id"] == "mr"


def test_subprocess_pipe_and_head() -> None:
    # A real pipe: one line per input line, and a reader that closes early gets no traceback.
    names = "José Gehry\n" * 3000
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from canonym.cli import main; sys.exit(main(['resolve']))"],
        input=names.encode(),
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0
    assert proc.stdout.decode().count("\n") == 3000
    shell = subprocess.run(
        f"{sys.executable} -m canonym resolve | head -n 1",
        input=names.encode(),
        capture_output=True,
        shell=True,
        check=False,
        timeout=120,
    )
    assert shell.stdout.decode().startswith("José Gehry\tJosé Jerí")
    assert b"Traceback" not in shell.stderr


def test_invalid_utf8_on_stdin_keeps_the_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "canonym", "resolve", "--json"],
        input=b"Jos\xe9 Gehry\nKast\n",
        capture_output=True,
        check=False,
        timeout=60,
    )
    lines = proc.stdout.decode().splitlines()
    assert proc.returncode == 0 and len(lines) == 2
    assert json.loads(lines[0])["query"] == "Jos\ufffd Gehry"


def test_normalize_text_modes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Peruvian President José Geri met Janet Jara. Geri left.\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    code, out, _ = run(capsys, "normalize", "--rewrite")
    assert code == 0
    assert out == "Peruvian President José Jerí met Jeannette Jara. José Jerí left.\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    _, out, _ = run(capsys, "normalize", "--mark")
    assert out.startswith("Peruvian President [José Geri](jose-jeri) met [Janet Jara](jeannette-jara).")
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    _, out, _ = run(capsys, "normalize")
    record = json.loads(out)
    assert record["text"] == text
    for m in record["mentions"]:
        assert text[m["start"] : m["end"]] == m["text"]


def test_normalize_jsonl_keeps_every_line_in_order(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = [
        '{"id": 1, "body": "José Gehry spoke."}',
        "not json",
        '{"id": 3}',
        "",
        "[1, 2]",
        '{"id": 6, "body": "Lima"}',
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(lines)))
    code, out, _ = run(capsys, "normalize", "--jsonl", "--field", "body")
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # some lines failed
    assert len(records) == len(lines)
    assert records[0]["id"] == 1 and records[0]["mentions"][0]["id"] == "jose-jeri"
    assert records[1] == {
        "error": "line 2: not valid JSON (Expecting value at column 1)",
        "input": "not json",
    }
    assert records[2] == {"id": 3, "error": "line 3: field 'body' is missing"}
    assert "error" in records[3] and "error" in records[4]
    assert records[5]["mentions"][0]["id"] == "lima"


def test_normalize_jsonl_with_workers_matches_one_process(tmp_path: Path) -> None:
    texts = [
        "José Gehry met Janet Jara.",
        "Chacallota-Santa Rosa",
        "nothing here",
        "Kast spoke in Chile.",
    ] * 300
    source = tmp_path / "in.jsonl"
    source.write_text(
        "".join(json.dumps({"n": i, "text": t}) + "\n" for i, t in enumerate(texts)), encoding="utf-8"
    )
    outputs = []
    for workers in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "canonym", "normalize", "--jsonl", "--workers", workers, str(source)],
            capture_output=True,
            check=False,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]
    assert [json.loads(line)["n"] for line in outputs[1].splitlines()] == list(range(len(texts)))


def test_normalize_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = run(capsys, "normalize", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""
    assert err.startswith("canonym: error: ") and err.count("\n") == 1


def test_answers_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    # Set iteration order changes with PYTHONHASHSEED; the answers must not.
    queries = (Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "queries_ofac.jsonl").read_text(
        encoding="utf-8"
    )
    names = "".join(json.loads(line)["query"] + "\n" for line in queries.splitlines()[:300])
    registry = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "registry.yaml"
    outputs = []
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "canonym", "resolve", "--json", "--top", "3", "--aliases", str(registry)],
            input=names.encode(),
            capture_output=True,
            check=False,
            timeout=300,
            env={**os.environ, "PYTHONHASHSEED": seed, "CANONYM_CACHE_DIR": str(tmp_path / seed)},
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(proc.stdout)
    assert outputs[0] == outputs[1]


def test_an_unknown_language_code_is_a_one_line_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["resolve", "--lang", "xx", "Kast"])
    out, err = capsys.readouterr()
    assert stop.value.code == 2
    assert out == ""
    assert "unknown language code 'xx'" in err
    assert "Traceback" not in err


def test_lang_takes_a_three_letter_code_with_rules_or_a_tag(capsys: pytest.CaptureFixture[str]) -> None:
    for code in ("haw", "es-PE"):
        assert main(["resolve", "--lang", code, "José Jerí"]) == 0
        out, err = capsys.readouterr()
        assert "José Jerí" in out, err
