"""The command line: files written, exit codes 0/1/2, nothing written on failure, byte-identical
rebuilds, syntax errors at the right line and column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pledgegraph.cli import cli

from .conftest import FIXTURES, ROOT

BAD_SYNTAX = FIXTURES / "cli" / "bad-syntax.ttl"
VIOLATING = FIXTURES / "cli" / "violating.ttl"
EXTRA = FIXTURES / "cli" / "extra-company.ttl"
BUILT = ["pledgegraph.ttl", "pledgegraph.jsonld", "pledgegraph.nt", "network.html"]


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1761609600")
    return CliRunner()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("dist")
    result = CliRunner().invoke(
        cli,
        ["build", "--out", str(out)],
        env={"PLEDGEGRAPH_ROOT": str(ROOT), "SOURCE_DATE_EPOCH": "1761609600"},
    )
    assert result.exit_code == 0, result.output
    return out, result.stdout


def test_build_writes_the_files_and_a_summary(built: tuple[Path, str]) -> None:
    out, stdout = built
    for name in BUILT:
        assert (out / name).stat().st_size > 0, name
    assert "467 billion" in stdout
    assert "itemised $513.45 billion = stated $156.45 billion + caps $357 billion" in stdout
    assert "14 monetary, 5 policy, 6 components" in stdout


def test_rebuild_is_byte_identical(
    built: tuple[Path, str], runner: CliRunner, tmp_path: Path
) -> None:
    first, _ = built
    result = runner.invoke(cli, ["build", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(p.name for p in first.iterdir())
    for name in written:
        assert (tmp_path / name).read_bytes() == (first / name).read_bytes(), name


def test_build_takes_the_users_own_files(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["build", str(EXTRA), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "Example Extra Corp." in (tmp_path / "pledgegraph.ttl").read_text(encoding="utf-8")


def test_validate_conforms_with_exit_0(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violation(s)" in result.stderr


def test_validate_reports_violations_with_exit_1(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(VIOLATING)])
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if ": violation: " in line]
    assert len(lines) == 3, result.stdout
    assert all(line.startswith("tests/fixtures/cli/violating.ttl: violation: ") for line in lines)
    assert any("Unsupported pledge" in line and "evidence" in line for line in lines)
    assert any("schema:currency" in line and '"usd"' in line for line in lines)


def test_syntax_error_has_line_and_column_and_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", str(BAD_SYNTAX)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{BAD_SYNTAX}:6:5: error: ")
    assert "ex:" in result.stderr
    assert result.stdout == ""


def test_usage_error_exit_2(runner: CliRunner) -> None:
    assert runner.invoke(cli, ["validate", "--no-such-option"]).exit_code == 2
    assert runner.invoke(cli, ["no-such-command"]).exit_code == 2


def test_missing_path_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "nope.ttl")])
    assert result.exit_code == 2
    assert "nope.ttl: error: no such file or folder" in result.stderr


@pytest.mark.parametrize("bad", [VIOLATING, BAD_SYNTAX], ids=["violating", "syntax"])
def test_failed_build_writes_nothing(runner: CliRunner, tmp_path: Path, bad: Path) -> None:
    out = tmp_path / "dist"
    out.mkdir()
    (out / "pledgegraph.ttl").write_text("old build\n")
    result = runner.invoke(cli, ["build", str(bad), "--out", str(out)])
    assert result.exit_code in (1, 2)
    assert sorted(p.name for p in out.iterdir()) == ["pledgegraph.ttl"]
    assert (out / "pledgegraph.ttl").read_text() == "old build\n"


def test_every_command_has_help() -> None:
    assert isinstance(cli, click.Group)
    for name, command in cli.commands.items():
        assert command.help and command.help.strip(), f"{name} has no help text"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name} {param.opts} has no help text"


def test_python_dash_m_works() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pledgegraph", "--version"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "pledgegraph, version" in result.stdout
