"""Streams and worker processes under hostile input: nothing lost, nothing changed, nothing
hung (docs/reliability.md, "Streams" and "Worker processes")."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from canonym import Registry, Resolver, cli
from canonym.batch import run_many
from canonym.cli import main
from canonym.pipeline import annotate_records

POSIX = pytest.mark.skipif(os.name != "posix", reason="signals, fork and /proc")


def run_cli(
    args: list[str], stdin: bytes = b"", *, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "canonym", *args],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def jsonl(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lines: list[str], *args: str):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(line + "\n" for line in lines)))
    code = main(["normalize", "--jsonl", *args])
    out, err = capsys.readouterr()
    return code, out.split("\n"), err


# --- One bad record does not end the stream ----------------------------------------------


DEEP = "[" * 1000 + "]" * 1000
HUGE = '{"n": ' + "7" * 5000 + ', "text": "Lima"}'


@pytest.mark.parametrize("workers", ["1", "2"])
def test_a_record_too_deep_or_too_long_to_read_gets_its_error_and_the_stream_goes_on(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, workers: str
) -> None:
    good = [json.dumps({"n": n, "text": f"José Gehry ({n})"}) for n in range(600)]
    lines = good[:]
    lines[10], lines[300] = DEEP, HUGE  # both in the first batch of 256 and in a later one
    lines[11] = '{"deep": ' + DEEP + ', "text": "Lima"}'
    code, out, err = jsonl(capsys, monkeypatch, lines, "--workers", workers)
    assert code == 1
    assert err == 'canonym: 3 of 600 records not usable, first at line 11 (each has an "error" field)\n'
    assert out[-1] == "" and len(out) - 1 == len(lines)  # one line per record, none torn
    records = [json.loads(line) for line in out[:-1]]
    assert records[10]["error"] == "line 11: not usable JSON (nested too deeply)"
    assert records[10]["input"] == DEEP
    assert records[11]["error"] == "line 12: not usable JSON (nested too deeply)"
    assert records[300]["error"].startswith("line 301: not usable JSON (Exceeds the limit (4300 digits)")
    for n, record in enumerate(records):
        if n not in (10, 11, 300):
            assert record["n"] == n and record["mentions"][0]["id"] == "jose-jeri", n


# --- Pass-through fields leave as they came ----------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        '{"big": 1e400, "text": "Lima"}',
        '{"pi": 3.14159265358979323846264338327950288, "zero": -0, "neg": -0.0, "text": "Lima"}',
        '{"s": "\\ud800 lone", "text": "Lima \\udfff", "e": "\\u00e9\\/"}',
        '{"k": 1, "k": 2, "text": "Lima"}',
        '{ "text" : "Lima" ,\t"spaced" :[ 1 , 2 ] }  ',
        '{"x": NaN, "y": -Infinity, "text": "Lima"}',
    ],
)
def test_fields_other_than_mentions_leave_byte_for_byte(line: str) -> None:
    (outcome,) = annotate_records([line])
    assert outcome.ok
    body = line.rstrip()[:-1].rstrip()  # everything up to the closing brace
    assert outcome.line.startswith(body + ', "mentions": [')
    assert outcome.line.endswith(line[len(body) :])  # the closing brace and what followed it
    assert [m["id"] for m in json.loads(outcome.line)["mentions"]] == ["lima"]
    outcome.line.encode("utf-8")  # valid UTF-8 even when the text held a lone surrogate


def test_an_existing_mentions_or_error_member_is_replaced_and_nothing_else_moves() -> None:
    line = '{"mentions": "old", "a": [1e400], "mentions": 0, "text": "Lima", "b": -0}'
    (outcome,) = annotate_records([line])
    assert outcome.line.startswith('{"a": [1e400], "text": "Lima", "b": -0, "mentions": [{')
    (outcome,) = annotate_records(['{"a": 1.10, "error": "x"}'])
    assert outcome.line == '{"a": 1.10, "error": "line 1: field \'text\' is missing"}'
    (outcome,) = annotate_records(["{ }"])
    assert outcome.line == '{"error": "line 1: field \'text\' is missing" }'


# --- Worker pools -----------------------------------------------------------------------


def one_person(id_: str) -> Resolver:
    return Resolver(
        Registry.from_text(
            f"version: 1\nentities:\n  - id: {id_}\n    canonical: Marco Rossi\n    type: person\n", "<test>"
        )
    )


@POSIX
def test_two_threads_with_two_resolvers_and_workers_each_get_their_own_answers() -> None:
    # Distinct spellings of one name, so that each batch has several chunks of work.
    names = ["Marco Rossi" + " " * k for k in range(400)]
    resolvers = {"first": one_person("first"), "second": one_person("second")}
    for _ in range(6):
        barrier = threading.Barrier(2)
        answers: dict[str, set[str | None]] = {}

        def work(
            key: str, barrier: threading.Barrier = barrier, answers: dict[str, set[str | None]] = answers
        ) -> None:
            barrier.wait()
            found = resolvers[key].resolve_many(names, workers=2)
            answers[key] = {m and m.entity.id for m in found}

        threads = [threading.Thread(target=work, args=(key,)) for key in resolvers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert answers == {"first": {"first"}, "second": {"second"}}


def test_run_many_takes_a_function_not_a_method_name() -> None:
    resolver = one_person("mr")
    lengths = run_many(resolver, lambda r, name: (r is resolver, len(name)), ["ab", "abc", "ab"])
    assert lengths == [(True, 2), (True, 3), (True, 2)]


@POSIX
@pytest.mark.parametrize("stdin", [b"", b'{"text": "Lima"}\n' * 600])
def test_a_bad_registry_with_workers_is_one_line_and_exit_2(tmp_path: Path, stdin: bytes) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("version: 1\nentities:\n  - id: a\n    canonical: A\n    type: persn\n", encoding="utf-8")
    proc = run_cli(["normalize", "--jsonl", "--workers", "2", "--aliases", str(bad)], stdin, timeout=60)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert (
        proc.stderr.decode()
        == f"canonym: error: {bad}:5: type: unknown type 'persn' (expected person, place, organization)\n"
    )


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@POSIX
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_worker_that_dies_stops_the_stream_with_its_own_status() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "canonym", "normalize", "--jsonl", "--workers", "2"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # so that a hung run can be ended, workers and all
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.extend(iter(proc.stdout.read1, b"")), daemon=True)  # type: ignore[union-attr]
    reader.start()
    try:
        proc.stdin.write(b'{"text": "Jos\xc3\xa9 Gehry met Kast."}\n' * 600)
        proc.stdin.flush()
        workers: list[int] = []
        for _ in range(600):  # the workers start with the first batch
            workers = children(proc.pid)
            if len(workers) >= 2:
                break
            time.sleep(0.1)
        os.kill(workers[0], signal.SIGKILL)
        time.sleep(1)  # the pool may now be idle, waiting for input: it must notice on the next batch
        with contextlib.suppress(BrokenPipeError):
            proc.stdin.write(b'{"text": "Lima"}\n' * 2000)  # more work, which the dead worker cannot do
            proc.stdin.close()
        assert proc.wait(timeout=60) == 3
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    reader.join(timeout=60)
    out = b"".join(chunks)
    written = out.count(b"\n")
    assert out == b"" or out.endswith(b"\n")
    err = proc.stderr.read().decode()
    assert err.startswith("canonym: stopped: a worker process stopped before answering (")
    assert err.endswith(f": {written} records written; no output for input record {written + 1} onward\n")
    assert err.count("\n") == 1


# --- Signals ----------------------------------------------------------------------------


@POSIX
@pytest.mark.parametrize(("number", "name"), [(signal.SIGTERM, "SIGTERM"), (signal.SIGHUP, "SIGHUP")])
def test_sigterm_and_sighup_stop_after_a_whole_line_like_ctrl_c(number: int, name: str) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "canonym", "resolve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    watchdog = threading.Timer(120, proc.kill)  # a child that never answers fails the test, not the run
    watchdog.start()
    try:
        proc.stdin.write("José Gehry\n".encode() * 20)
        proc.stdin.flush()
        answers = [proc.stdout.readline() for _ in range(20)]  # it now waits for line 21
        proc.send_signal(number)
        assert proc.wait(timeout=60) == 128 + number
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
    assert all(a.decode().startswith("José Gehry\tJosé Jerí") for a in answers)
    assert proc.stdout.read() == b""
    assert proc.stderr.read().decode() == (
        f"canonym: stopped by {name}: 20 records written; no output for input record 21 onward\n"
    )


@POSIX
@pytest.mark.parametrize("unbuffered", ["", "1"])
def test_a_signal_during_a_line_longer_than_the_pipe_never_tears_it(unbuffered: str) -> None:
    env = (
        {**os.environ, "PYTHONUNBUFFERED": unbuffered}
        if unbuffered
        else {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "canonym", "resolve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    long_name = "x" * 1_000_000  # not a name (too long): echoed at once, 1 MB on a 64 KiB pipe
    watchdog = threading.Timer(120, proc.kill)  # a child that never stops fails the test, not the run
    watchdog.start()
    try:
        proc.stdin.write(b"Lima\n" + long_name.encode() + b"\nKast\n")
        proc.stdin.flush()
        time.sleep(3)  # the long line now fills the pipe: canonym is blocked writing it
        proc.send_signal(signal.SIGINT)
        out = proc.stdout.read()
        assert proc.wait(timeout=60) == 130
    finally:
        watchdog.cancel()
        if proc.poll() is None:
            proc.kill()
    lines = out.split(b"\n")
    assert lines[-1] == b""  # ends with a whole line
    assert lines[0].startswith(b"Lima\t")
    written = len(lines) - 1
    assert (
        written >= 2
        and lines[1]
        == long_name.encode() + b"\t(unknown: longer than 1,000 characters: not looked up as a name)"
    )
    assert proc.stderr.read().decode() == (
        f"canonym: interrupted: {written} records written; no output for input record {written + 1} onward\n"
    )


# --- Output and input that fail ---------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["resolve", "Lima"], ["normalize", "--jsonl"], ["normalize", "--rewrite"]])
def test_a_full_disk_is_one_line_and_its_own_exit_status(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "canonym", *args],
            input=b'{"text": "Lima"}\n',
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    assert proc.returncode == 3
    assert proc.stderr.decode() == (
        "canonym: cannot write the output (No space left on device): 0 records written; "
        "no output for input record 1 onward\n"
    )


@POSIX
@pytest.mark.parametrize(
    ("redirect", "args", "message"),
    [
        ("<&-", "resolve", cli.STDIN_CLOSED_TEXT),
        ("<&-", "normalize --jsonl", cli.STDIN_CLOSED_TEXT),
        ("<&-", "normalize", cli.STDIN_CLOSED_TEXT),
        (">&-", "resolve Lima", cli.STDOUT_CLOSED_TEXT),
    ],
)
def test_a_closed_stdin_or_stdout_is_one_line_and_exit_2(redirect: str, args: str, message: str) -> None:
    proc = subprocess.run(
        f"exec {sys.executable} -m canonym {args} {redirect}",
        shell=True,
        capture_output=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.decode() == f"canonym: error: {message}\n"


# --- Line ends and offsets --------------------------------------------------------------


TEXT = "José Geri met Janet Jara.\r\nGeri left for Lima.\r\n\r\nA lone CR\rthen Kast.\r\n"


def test_rewrite_keeps_every_line_end_as_it_is(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(TEXT.encode())
    for proc in (
        run_cli(["normalize", "--rewrite", str(source)]),
        run_cli(["normalize", "--rewrite"], TEXT.encode()),
    ):
        assert proc.returncode == 0, proc.stderr
        expected = TEXT.replace("José Geri", "José Jerí").replace("Janet Jara", "Jeannette Jara")
        expected = expected.replace("Geri left", "José Jerí left")
        # A rare surname alone is linked by name (canonym.surnames, #14).
        expected = expected.replace("then Kast", "then José Antonio Kast")
        assert proc.stdout == expected.encode()


def test_offsets_are_into_the_text_as_it_is_in_the_file(tmp_path: Path) -> None:
    source = tmp_path / "in.txt"
    source.write_bytes(TEXT.encode())
    for proc in (run_cli(["normalize", str(source)]), run_cli(["normalize"], TEXT.encode())):
        record = json.loads(proc.stdout)
        assert record["text"] == TEXT
        assert [TEXT[m["start"] : m["end"]] for m in record["mentions"]] == [
            m["text"] for m in record["mentions"]
        ]
        assert {m["text"] for m in record["mentions"]} >= {"Lima", "Janet Jara"}
        lima = next(m for m in record["mentions"] if m["text"] == "Lima")
        assert lima["start"] == TEXT.index("Lima")


# --- Text output stays one line per record, its columns in place -----------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Kast\tLima", r"Kast\tLima"),
        ("José\nGehry", r"José\nGehry"),
        ("Lima\r", r"Lima\r"),
        ("Kast\u2028Lima", r"Kast\u2028Lima"),
        ("a\\tb", r"a\\tb"),
        ("Li\x1bma", r"Li\x1bma"),
        ("Lima\x85", r"Lima\x85"),
    ],
)
def test_text_output_escapes_what_would_break_its_lines_or_columns(
    capsys: pytest.CaptureFixture[str], name: str, shown: str
) -> None:
    assert main(["resolve", "--top", "2", name, "Lima"]) == 0
    lines = capsys.readouterr().out.split("\n")
    assert len(lines) == 3 and lines[2] == ""  # two records, two lines
    assert [len(line.split("\t")) for line in lines[:2]] == [3, 3]
    assert lines[0].split("\t")[0] == shown
    assert lines[1].startswith("Lima\tLima [lima, place]")


# --- Repeated names in a stream ---------------------------------------------------------


def test_a_resolve_stream_answers_a_repeated_name_once(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    original = Resolver.candidates

    def counted(self: Resolver, name: str, **options: object) -> object:
        calls.append(name)
        return original(self, name, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Resolver, "candidates", counted)
    monkeypatch.setattr(sys, "stdin", io.StringIO("José Gehry\n" * 2000 + "Lima\n" + "José Gehry\n"))
    assert main(["resolve"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2002 and out[2000].startswith("Lima\tLima") and out[2001] == out[0]
    assert calls == ["José Gehry", "Lima"]


def test_the_stream_cache_is_bounded_and_answers_stay_right(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "STREAM_CACHE", 2)
    names = ["José Gehry", "Lima", "Kast", "Peru"] * 50
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(n + "\n" for n in names)))
    assert main(["resolve"]) == 0
    expected = capsys.readouterr().out
    assert main(["resolve", *names]) == 0  # from arguments: the same answers, line for line
    assert capsys.readouterr().out == expected
    assert len(expected.splitlines()) == len(names)


# --- A stream of many lines (the 100,000-line check is in benchmarks/hostile.py) --------


def test_a_stream_of_hostile_lines_gets_exactly_one_answer_per_line() -> None:
    kinds = [b"Kast", b"", b"Jos\xe9 Gehry", b"\xff\xfe", b"Lima\r", b"x" * 1300, b"\x00", b"a\tb"]
    lines = [kinds[(n * 7 + n // 3) % len(kinds)] for n in range(5000)]
    proc = run_cli(["resolve", "--json"], b"\n".join(lines))
    assert proc.returncode == 0
    out = proc.stdout.decode().split("\n")
    assert out[-1] == "" and len(out) - 1 == len(lines)
    expected = [line.decode("utf-8", "replace").rstrip("\r") for line in lines]
    assert [json.loads(o)["query"] for o in out[:-1]] == expected
