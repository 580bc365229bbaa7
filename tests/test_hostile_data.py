"""Hostile data files: each gets a clear message and a non-zero exit, never a traceback, a silent
skip or a silently rounded figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from pledgegraph.cli import cli

from .support_process import run_cli

ROOT = Path(__file__).resolve().parent.parent
AMOUNT = """@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/hostile/amount> a schema:MonetaryAmount ; schema:currency "USD" ;
    schema:value {value} .
"""


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    return CliRunner()


@pytest.mark.parametrize("brackets", ["[ ex:p ", "( "])
@pytest.mark.parametrize("command", [["validate", "--engine", "pyshacl"], ["build", "--out"]])
def test_deep_nesting_is_a_syntax_error_not_a_traceback(
    runner: CliRunner, tmp_path: Path, brackets: str, command: list[str]
) -> None:
    closing = " ]" if brackets.startswith("[") else " )"
    deep = tmp_path / "deep.ttl"
    deep.write_text(
        "@prefix ex: <https://example.org/> .\nex:a ex:p "
        + brackets * 5000
        + "ex:b"
        + closing * 5000
        + " .\n"
    )
    args = [*command, str(tmp_path / "dist")] if command[0] == "build" else command
    result = runner.invoke(cli, [*args, str(deep)])
    assert not isinstance(result.exception, RecursionError), result.exception
    assert "Traceback" not in result.stderr
    if command[0] == "build" and result.exit_code == 0:
        return  # Oxigraph, which builds, reads any depth: the file is valid Turtle
    # rdflib (which the pySHACL engine reads with) cannot: a syntax error where it gave up
    assert result.exit_code == 2, result.output
    assert re.match(rf"{re.escape(str(deep))}:2:\d+: error: .*nested", result.stderr)
    assert not (tmp_path / "dist").exists()


def test_a_symlink_loop_is_named_not_skipped(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "one.ttl").write_text("<https://example.org/a> <https://example.org/b> 1 .\n")
    (folder / "a.ttl").symlink_to("b.ttl")
    (folder / "b.ttl").symlink_to("a.ttl")
    result = runner.invoke(cli, ["validate", str(folder)])
    assert result.exit_code == 2, result.output
    assert re.search(r"data/[ab]\.ttl: error: symlink loop", result.stderr), result.stderr
    assert "conforms" not in result.stderr


def test_a_400_digit_amount_is_refused_not_rounded(runner: CliRunner, tmp_path: Path) -> None:
    huge = tmp_path / "huge.ttl"
    huge.write_text(AMOUNT.format(value="4" * 400 + ".0"))
    result = runner.invoke(cli, ["validate", str(huge)])
    assert result.exit_code == 1, result.output
    lines = [line for line in result.stdout.splitlines() if "hostile/amount" in line]
    assert len(lines) == 1, result.stdout
    assert "amount-precision-violation" in lines[0] and "402 characters long" in lines[0]
    fine = tmp_path / "fine.ttl"
    fine.write_text(AMOUNT.format(value="99999999999999999999.999999999999999999"))
    assert runner.invoke(cli, ["validate", str(fine)]).exit_code == 0


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_a_bad_value_is_printed_once_without_tracebacks(tmp_path: Path, engine: str) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(AMOUNT.format(value='"25 billion"^^xsd:decimal'))
    result = run_cli("validate", "--no-cache", "--engine", engine, str(bad))
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stdout.splitlines() if "hostile/amount" in line]
    assert len(lines) == 1, result.stdout
    assert '"25 billion"' in lines[0]
    assert result.stderr == "does not conform: 1 violation(s), 0 warning(s)\n"
