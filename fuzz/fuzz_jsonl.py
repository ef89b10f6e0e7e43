"""Coverage-guided fuzzing of the JSON Lines pipeline (``canonym normalize --jsonl``) with atheris.

    python -m pip install -e ".[fuzz]"
    python fuzz/fuzz_jsonl.py fuzz/corpus-jsonl -max_total_time=600 -max_len=4096

The input is split into lines exactly as the command line splits standard input (UTF-8
with bad bytes replaced; ``\\n``, ``\\r\\n`` and a lone ``\\r`` end a line). The first byte
picks how: the rest of the input as raw bytes, or records built from it (a text field, a
field holding one of the JSON values that a re-serialising pipeline would change, nesting,
long numbers, duplicate keys, lone surrogate escapes). Invariants checked on every run:

- one outcome per input line, in order, each one line of valid UTF-8 and valid JSON;
- a usable record comes out as its own line with ``"mentions": [...]`` spliced in before
  the closing brace: every byte before it is the input's (pass-through fields unchanged);
- every mention's offsets cut its own text out of the record's text field, in order,
  without overlap;
- a line that is not a usable record says why in ``error``, naming its line number.

A crash is saved by libFuzzer as ``crash-*``: add it to tests/test_streams.py.
"""

from __future__ import annotations

import io
import json
import sys

import atheris

with atheris.instrument_imports():
    from canonym import Resolver
    from canonym.cli import _lines
    from canonym.pipeline import annotate_records

RESOLVER = Resolver.default()
WHITESPACE = " \t\n\r"
# Values whose text a pipeline that parses and re-serialises records would change.
FRAGILE = [
    "1e400",
    "-0",
    "-0.0",
    "3.141592653589793238462643383279",
    "1.10",
    '"\\ud800"',
    '"\\udfff x"',
    '"\\u00e9\\/"',
    "NaN",
    "-Infinity",
    "[" * 40 + "]" * 40,
    "9" * 5000,
    '{"k": 1, "k": 2}',
    "true",
    "null",
    '""',
]
NAMES = ["José Gehry", "Janet Jara", "Kast", "Lima", "Chacallota", "Peru", "ООН", "東京"]


def as_lines(data: bytes) -> list[str]:
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="replace", newline="")
    return list(_lines(stream))


def records(provider: atheris.FuzzedDataProvider) -> bytes:
    """JSON Lines built from the fuzzer's choices: mostly objects with a text field."""
    out: list[str] = []
    for _ in range(provider.ConsumeIntInRange(1, 6)):
        members: list[str] = []
        for _ in range(provider.ConsumeIntInRange(0, 3)):
            value = FRAGILE[provider.ConsumeIntInRange(0, len(FRAGILE) - 1)]
            members.append(f'"f{provider.ConsumeIntInRange(0, 3)}": {value}')
        text = provider.ConsumeUnicodeNoSurrogates(provider.ConsumeIntInRange(0, 200))
        if provider.ConsumeBool():
            text = f"{text} {NAMES[provider.ConsumeIntInRange(0, len(NAMES) - 1)]} {text[:20]}"
        field = json.dumps(text, ensure_ascii=provider.ConsumeBool())
        members.insert(provider.ConsumeIntInRange(0, len(members)), f'"text": {field}')
        if provider.ConsumeBool():
            members.append('"mentions": 1')  # the pipeline's own field, already there
        separator = [", ", ",", " , ", ",\t"][provider.ConsumeIntInRange(0, 3)]
        line = "{" + separator.join(members) + "}"
        if provider.ConsumeBool():
            line = line[: provider.ConsumeIntInRange(0, len(line))]  # cut short: not JSON
        out.append(line)
    ends = ["\n", "\r\n", "\r"]
    return "".join(line + ends[provider.ConsumeIntInRange(0, 2)] for line in out).encode(
        "utf-8", "surrogatepass"
    )


def check(data: bytes) -> None:
    lines = as_lines(data)
    outcomes = list(annotate_records(lines, resolver=RESOLVER))
    assert len(outcomes) == len(lines), (len(outcomes), len(lines))
    for number, (line, outcome) in enumerate(zip(lines, outcomes), 1):
        out = outcome.line
        assert not {"\n", "\r"} & set(out), out
        out.encode("utf-8")  # valid UTF-8: no lone surrogate reaches the output
        record = json.loads(out)
        assert isinstance(record, dict)
        if not outcome.ok:
            assert record["error"].startswith(f"line {number}: "), record
            continue
        body = line.rstrip(WHITESPACE)[:-1].rstrip(WHITESPACE)
        if "mentions" not in json.loads(line):
            assert out.startswith(body + ', "mentions": ['), (line, out)
            assert out.endswith(line[len(body) :]), (line, out)
        text = json.loads(line)["text"]
        last = 0
        for mention in record["mentions"]:
            assert last <= mention["start"] < mention["end"] <= len(text), mention
            assert text[mention["start"] : mention["end"]] == mention["text"], mention
            last = mention["end"]


def test_one_input(data: bytes) -> None:
    if not data:
        return
    if data[0] & 1:
        check(data[1:])
    else:
        check(records(atheris.FuzzedDataProvider(data[1:])))


def main() -> None:
    (outcome,) = annotate_records(['{"text": "José Gehry"}'], resolver=RESOLVER)
    assert outcome.ok  # the harness runs against a working build
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
