"""The documentation stays true: every subcommand is documented and has help text."""

from __future__ import annotations

import argparse
from pathlib import Path

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
