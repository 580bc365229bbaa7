"""The benchmark harness at a tiny size: correctness of the harness, not speed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import bench
from pledgegraph import query as canned

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def run() -> bench.Run:
    return bench.bench(
        [1500], ["memory", "oxigraph"], repeat=2, budget=60, root=ROOT,
        groups=("load", "queries", "export"),
    )  # fmt: skip


def test_every_operation_is_timed_on_both_stores(run: bench.Run) -> None:
    queries = [f"query {q.name}" for q in canned.discover(ROOT / "queries")]
    expected = ["load", *queries, "export turtle", "export nt", "export jsonld"]
    for store in ("memory", "oxigraph"):
        for op in expected:
            cell = run.cell(1500, store, op)
            assert cell is not None, (store, op)
            assert 1 <= len(cell.times) <= 2
            assert all(t > 0 for t in cell.times)
            assert cell.rss_mb and 30 < cell.rss_mb < 4096
            assert cell.triples and cell.triples >= 1400  # project data plus synthetic data


def test_both_stores_counted_the_same_triples(run: bench.Run) -> None:
    counts = {c.store: c.triples for c in run.cells}
    assert counts["memory"] == counts["oxigraph"]


def test_table_and_report(run: bench.Run) -> None:
    table = bench.table(run)
    assert "| size | operation | memory median (min-max)" in table
    assert "memory / oxigraph" in table
    rows = [line for line in table.splitlines() if line.startswith("| 1,500")]
    assert len(rows) == len({c.op for c in run.cells})
    report = bench.report(run, why="Because.")
    assert "## Machine" in report and "CPU:" in report and "pyoxigraph" in report
    assert "## Targets" in report and "## Why" in report
    targets = bench.check_targets(run)
    assert any(line.startswith("- oxigraph load at 1,500: met") for line in targets)


def test_a_group_over_budget_is_skipped_and_says_so() -> None:
    run = bench.bench(
        [1200, 1600], ["oxigraph"], repeat=3, budget=1e-6, root=ROOT, groups=("load",)
    )
    first = run.cell(1200, "oxigraph", "load")
    assert first is not None and len(first.times) == 1  # at least one run, then the budget
    skipped = run.cell(1600, "oxigraph", "(load)")
    assert skipped is not None and not skipped.times
    assert skipped.note.startswith("skipped: one run predicted")
    assert any("1,600 oxigraph load: skipped" in n for n in run.notes)
    assert "skipped" in bench.table(run)


def test_parse_sizes() -> None:
    assert bench.parse_sizes("1e4, 1e5,250") == [10_000, 100_000, 250]


def test_bench_command_writes_the_report(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), PLEDGEGRAPH_ROOT=str(ROOT))
    out = tmp_path / "results.md"
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "1300",
         "--stores", "oxigraph", "--repeat", "1", "--groups", "load,export",
         "--out", str(out)],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "| 1,300" in result.stdout
    text = out.read_text()
    assert text.startswith("# PledgeGraph benchmark results")
    assert "export turtle" in text
