"""The README stays in step with the code: its set-up commands, and the commands it names."""

from __future__ import annotations

import re

from pledgegraph.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def fenced_blocks(text: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", text, re.S)


def test_exactly_two_set_up_commands() -> None:
    setup = README[README.index("## Set up") : README.index("## What `dist/` holds")]
    commands = [block.strip() for block in fenced_blocks(setup)]
    assert commands == ["python3 -m pip install -e . && pledgegraph build", "scripts/test"]
    assert (ROOT / "scripts" / "test").stat().st_mode & 0o111
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_and_every_named_command_exists() -> None:
    named = set(re.findall(r"^pledgegraph ([a-z-]+)", "\n".join(fenced_blocks(README)), re.M))
    named |= set(re.findall(r"&& pledgegraph ([a-z-]+)", README))
    assert named <= set(cli.commands), named - set(cli.commands)
    assert set(cli.commands) <= named, set(cli.commands) - named


def test_linked_docs_exist() -> None:
    for target in re.findall(r"\]\(([^)#]+)\)", README):
        assert (ROOT / target).exists(), target
