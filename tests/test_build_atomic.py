"""The output folder changes as a set: a build interrupted (SIGTERM, Ctrl-C) while writing
leaves the old files whole and no temporary file behind; a folder holding files a build does
not write is refused."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from pledgegraph.build import BUILD_FILES
from pledgegraph.cli import cli

from .conftest import ROOT

OLD = {name: f"old {name}\n".encode() for name in sorted(BUILD_FILES)}


def old_set(out: Path) -> None:
    out.mkdir(parents=True)
    for name, data in OLD.items():
        (out / name).write_bytes(data)


def leftovers(parent: Path, out: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(f".{out.name}"))


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    result = CliRunner().invoke(
        cli,
        ["synth", "--agreements", "3", "--out", str(folder)],
        env={"PLEDGEGRAPH_ROOT": str(ROOT)},
    )
    assert result.exit_code == 0, result.output
    return folder


def wait_for_staging(process: subprocess.Popen[bytes], parent: Path, out: Path) -> bool:
    """Wait until the build has begun to write its new set (a file in the staging folder)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        for staging in parent.glob(f".{out.name}.new-*"):
            if any(staging.iterdir()):
                return True
        time.sleep(0.002)
    return False


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_while_writing_leaves_the_old_set(tmp_path: Path, synth: Path, sig) -> None:
    out = tmp_path / "dist"
    old_set(out)
    env = {**os.environ, "PLEDGEGRAPH_ROOT": str(ROOT)}
    command = [sys.executable, "-m", "pledgegraph", "build", "--out", str(out), str(synth)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert wait_for_staging(process, tmp_path, out), process.communicate()
        process.send_signal(sig)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert b"Traceback" not in stderr, stderr.decode()
    assert {p.name: p.read_bytes() for p in out.iterdir()} == OLD
    assert leftovers(tmp_path, out) == []


def test_a_build_replaces_the_whole_set(tmp_path: Path) -> None:
    out = tmp_path / "dist"
    old_set(out)
    result = CliRunner().invoke(
        cli, ["build", "--out", str(out)], env={"PLEDGEGRAPH_ROOT": str(ROOT)}
    )
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == BUILD_FILES
    assert all((out / name).read_bytes() != data for name, data in OLD.items())
    assert leftovers(tmp_path, out) == []


def test_a_folder_with_other_files_is_refused_untouched(tmp_path: Path) -> None:
    out = tmp_path / "home"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = CliRunner().invoke(
        cli, ["build", "--out", str(out)], env={"PLEDGEGRAPH_ROOT": str(ROOT)}
    )
    assert result.exit_code != 0
    assert "notes.txt" in result.output
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert leftovers(tmp_path, out) == []
