"""The benchmark harness at a tiny size: that it measures every command, not how fast they are."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import report, targets
from benchmarks.suite import Settings, Suite

ROOT = Path(__file__).resolve().parent.parent
SKIP_DIRS = {".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}
NUMBER = re.compile(r"^(\d[\d,]*(?:\.\d+)?) (s|q/s)$")


def snapshot(root: Path) -> dict[str, int]:
    """Every file of the checkout with its modification time (caches left out)."""
    files = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for name in names:
            path = Path(folder, name)
            files[str(path.relative_to(root))] = path.stat().st_mtime_ns
    return files


def bench(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    env.pop("PLEDGEGRAPH_ROOT", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), *args],
        capture_output=True, text=True, env=env, cwd=cwd, timeout=600,
    )  # fmt: skip


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = tmp_path_factory.mktemp("bench") / "results"
    before = snapshot(ROOT)
    done = bench(
        "-o", str(out), "--sizes", "1e3", "--queries", "largest-pledges", "--formats", "nt",
        "--serve-queries", "ten-agreements", "--serve-seconds", "1", "--clients", "4",
        cwd=out.parent,
    )  # fmt: skip
    assert snapshot(ROOT) == before, "the benchmark wrote into the checkout"
    return done, out


def table_rows(stdout: str) -> list[list[str]]:
    lines = [line for line in stdout.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in line.strip("|").split(" | ")] for line in lines]


@pytest.mark.slow
@pytest.mark.browser
def test_every_command_is_timed_beside_the_engine(
    tiny: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, _out = tiny
    assert done.returncode == 0, done.stderr
    assert report.HEADER in done.stdout
    rows = table_rows(done.stdout)
    commands = [row[0].strip("`") for row in rows]
    assert commands == [
        "build --store oxigraph",
        "validate",
        "query largest-pledges PATHS",
        "query largest-pledges --store oxigraph:DB",
        "export --store oxigraph -f nt",
        "serve: ten-agreements, 4 clients",
        "viz --store oxigraph",
        "page drawn in Chromium",
    ]
    for row in rows[:-2]:
        command, size, triples, ours, engine, ratio, rss, engine_rss, _target, verdict = row
        assert size == "1,000"
        assert int(triples.replace(",", "")) > 1000  # synthetic plus the project's own
        got, want = NUMBER.match(ours), NUMBER.match(engine)
        assert got and want, (command, ours, engine, verdict)
        assert float(got[1].replace(",", "")) > 0 and float(want[1].replace(",", "")) > 0
        assert float(ratio) > 0
        assert 10 < float(rss) < 8192 and 1 < float(engine_rss) < 8192
    for row in rows[-2:]:  # no engine beside the page
        assert NUMBER.match(row[3]) and row[4] == "—", row
    by_command = dict(zip(commands, rows, strict=True))
    assert by_command["query largest-pledges --store oxigraph:DB"][8] == "≤ 1.2x engine"
    assert by_command["query largest-pledges --store oxigraph:DB"][9].startswith(
        ("met", "missed by")
    )
    assert by_command["serve: ten-agreements, 4 clients"][8] == "≥ 0.8x engine"
    assert "different answers" not in done.stdout  # ours and the engine's rows agree


@pytest.mark.slow
@pytest.mark.browser
def test_results_folder_holds_the_report_and_the_machine(
    tiny: tuple[subprocess.CompletedProcess[str], Path],
) -> None:
    done, out = tiny
    assert sorted(p.name for p in out.iterdir()) == ["logs", "results.json", "results.md"]
    text = (out / "results.md").read_text()
    for fact in ("- cores: ", "- RAM: ", "- CPU: ", "- Python: ", "- pyoxigraph: ", "- commit: "):
        assert fact in text
    printed = "\n".join(line for line in done.stdout.splitlines() if line.startswith("|"))
    assert printed in text
    again = bench("-o", str(out), "--sizes", "1e3", cwd=out.parent)
    assert again.returncode == 2 and "exists" in again.stderr  # never over earlier results


def test_targets_say_by_how_much() -> None:
    build = [t for t in targets.TARGETS if t.command == "build" and t.size == 10**6]
    assert {t.measure for t in build} == {"seconds", "rss_mb"}
    seconds = next(t for t in build if t.measure == "seconds")
    assert targets.judge(seconds, 24.0) == "met (24 s)"
    assert targets.judge(seconds, 45.0) == "missed by 15 s (1.5x off)"
    serve = next(t for t in targets.TARGETS if t.command == "serve")
    assert targets.judge(serve, 0.4) == "missed by 0.4x (2x off)"
    assert targets.targets_for("serve: ten-agreements, 20 clients", 10**4) == [serve]
    assert targets.targets_for("validate", 10**5) == []


def test_table_cells() -> None:
    row = report.Row("query largest-pledges", 10_000, ours=2.4, engine=1.2, ours_rss=120.0)
    (line,) = table_rows(report.table([row]))
    assert line[3:6] == ["2.400 s", "1.200 s", "2.00"]
    assert line[8] == "≤ 1.2x engine" and line[9].startswith("missed by 0.8x")
    skipped = report.Row("validate", 10**6, note="skipped: predicted 900 s > limit 300 s")
    (line,) = table_rows(report.table([skipped]))
    assert line[3] == "—" and line[9] == "skipped: predicted 900 s > limit 300 s"


def test_a_command_predicted_past_the_limit_is_skipped(tmp_path: Path) -> None:
    settings = Settings([10**4, 10**5], ["validate"], [], [], "oxigraph", [], limit=300)
    suite = Suite(settings, tmp_path, tmp_path, progress=lambda line: None)
    suite.last["validate"] = (10**4, 40.0)
    row = report.Row("validate", 10**5)
    assert suite.skip(row) and row.note == "skipped: predicted 400 s > limit 300 s"
    suite.last["validate"] = (10**4, -1.0)  # killed at the smaller size
    assert suite.skip(row) and row.note.startswith("skipped: killed after 300 s")
    suite.last["validate"] = (10**4, 20.0)
    assert not suite.skip(report.Row("validate", 10**5))


def test_parse_sizes() -> None:
    from benchmarks.run import parse_sizes

    assert parse_sizes("1e4, 1e5,250") == [10_000, 100_000, 250]
