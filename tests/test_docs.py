"""The documentation stays true: every subcommand is documented and has help text."""

from __future__ import annotations

import argparse
import itertools
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from canonym.cli import _parser

ROOT = Path(__file__).resolve().parents[1]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    for action in _parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no subcommands")


def test_every_subcommand_is_documented_with_help() -> None:
    cli_doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, parser in _subcommands().items():
        assert f"## `{name}`" in cli_doc, name
        assert parser.description, name
        for action in parser._actions:
            if action.option_strings and action.dest != "help":
                assert action.help, f"{name} {action.option_strings}"
                assert any(opt in cli_doc for opt in action.option_strings), f"{name} {action.option_strings}"


def test_readme_opens_with_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```sh", 1)[1].split("```", 1)[0].strip().splitlines()
    assert block[0] == 'python -m pip install . && canonym resolve "José Gehry"'
    assert block[1] == 'python -m pip install -e ".[test]" && python -m pytest'


# --- the shell examples of README.md and docs/ ---------------------------------------------

_FILE_ARGUMENT = re.compile(r"\.(ya?ml|csv|tsv|txt|json|jsonl|gz|bz2)$")
_BROKEN = "version: 1\nentities:\n  - id: a\n    canonical: Ana\n    type: persn\n"


def _shell_examples() -> list[tuple[str, str, list[str]]]:
    """``(where, command, expected output lines)`` of every ``$ canonym ...`` line of a
    ``sh`` block in README.md and docs/ that shows its output."""
    out = []
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        blocks = path.read_text(encoding="utf-8").split("```sh\n")[1:]
        for block in blocks:
            lines = block.split("```", 1)[0].splitlines()
            for i, line in enumerate(lines):
                if not line.startswith("$ canonym "):
                    continue
                expected = list(itertools.takewhile(lambda text: not text.startswith("$ "), lines[i + 1 :]))
                if expected:
                    out.append((f"{path.name}:{line[2:]}", line[2:], expected))
    return out


@pytest.mark.parametrize(("where", "command", "expected"), _shell_examples(), ids=lambda v: str(v)[:60])
def test_shell_examples_print_what_the_docs_show(
    where: str, command: str, expected: list[str], tmp_path: Path
) -> None:
    # Run in a folder holding the repository's src/ and the broken.yaml of docs/cli.md.
    (tmp_path / "src").symlink_to(ROOT / "src")
    (tmp_path / "broken.yaml").write_text(_BROKEN, encoding="utf-8")
    args = shlex.split(command, comments=True)
    if any(a in ("|", ">", "<") for a in args) or args[1] == "cache":
        pytest.skip("a pipe, a redirection or the user's own cache folder")
    if any(_FILE_ARGUMENT.search(a) and not (tmp_path / a).exists() for a in args):
        pytest.skip("names a file of the reader's")
    done = subprocess.run(
        [sys.executable, "-m", "canonym", *args[1:]],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=600,
        check=False,
    )
    actual = [line for line in done.stdout.splitlines() if "running from source" not in line]
    # Each line shown must be printed, in that order ("..." stands for anything); the docs
    # may leave lines out.
    position = 0
    for line in expected:
        pattern = re.compile(".*".join(re.escape(part) for part in line.split("...")))
        while position < len(actual) and not pattern.fullmatch(actual[position]):
            position += 1
        assert position < len(actual), f"{where}: {line!r} not in {actual!r}"
        position += 1
