"""Benchmark harness: how the cost of each stage grows with the size of the graph, per store.

Not part of the package: it needs Playwright and Chromium (a test dependency) to time the page.
``benchmarks/run.py`` is its command line.

For each size, synthetic data (``synth``) is written to a folder; for each store and each group
of operations a fresh subprocess loads the data and times the operations, so the peak resident
memory of that group (``os.wait4`` rusage of the child) is its own. The groups:

    load       open the store and load every file
    validate   materialise the rdflib graph (Oxigraph) and run the SHACL shapes
    queries    every canned query (``queries/*.rq``), parameters at a middle choice
    export     Turtle, N-Triples, JSON-LD
    network    the networkx graph (if ``pledgegraph.network`` exists)
    page       the HTML page of the whole graph (if ``pledgegraph.viz`` exists)

Each operation runs ``repeat`` times (fewer if the repeats would pass the budget); the result
keeps every time, so median, min and max are honest. A group whose predicted time (from the
previous size, scaled linearly) exceeds the budget is skipped, and says so; a child that runs
past its time limit is killed and reported as such.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

GROUPS = ("load", "validate", "queries", "export", "network", "page")
SRC = Path(__file__).resolve().parent.parent / "src"  # the package this checkout holds
EXPORTS = ("turtle", "nt", "jsonld")


@dataclass
class Cell:
    """One operation on one store at one size."""

    size: int
    store: str
    op: str
    group: str
    times: list[float] = field(default_factory=list)
    rss_mb: float | None = None
    triples: int | None = None
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None


@dataclass
class Run:
    sizes: list[int]
    stores: list[str]
    repeat: int
    budget: float
    cells: list[Cell] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    aggregates: set[str] = field(default_factory=set)
    started: str = ""
    seconds: float = 0.0

    def cell(self, size: int, store: str, op: str) -> Cell | None:
        for c in self.cells:
            if (c.size, c.store, c.op) == (size, store, op):
                return c
        return None

    def ops(self) -> list[str]:
        seen: list[str] = []
        for c in self.cells:
            if c.op not in seen:
                seen.append(c.op)
        return seen


# --- the child: runs one group in a fresh process ---------------------------------------------


def _timed(
    fn: Callable[[], Any], repeat: int, budget: float, first: float | None = None
) -> tuple[list[float], Any]:
    """Run ``fn`` until it has ``repeat`` times (``first`` counts as one, measured by the
    caller), or fewer if another run would pass ``budget`` seconds; always at least one."""
    times: list[float] = [first] if first is not None else []
    value = None
    while len(times) < repeat:
        if times and sum(times) + times[-1] > budget:
            break
        value = None  # let the previous result go before the next run (peak RSS)
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return times, value


def run_group(spec: str, data: Path, group: str, repeat: int, budget: float) -> dict[str, Any]:
    """Time the operations of ``group`` on a freshly loaded ``spec`` store (in this process)."""
    from pledgegraph.store import open_store

    results: dict[str, Any] = {"ops": {}, "notes": []}
    start = time.perf_counter()
    store = open_store(spec, [data])
    results["load_seconds"] = time.perf_counter() - start
    if group == "load":
        results["triples"] = _count(store)
        _reset_peak_rss()
        del store  # one store alive at a time, so peak RSS is one load's
        load = lambda: open_store(spec, [data])  # noqa: E731
        times, _ = _timed(load, repeat, budget, first=results["load_seconds"])
        results["ops"]["load"] = times
        return results
    results["triples"] = _count(store)
    _reset_peak_rss()
    if group == "validate":
        from pledgegraph.validate import validate

        if spec != "memory":
            start = time.perf_counter()
            store.dataset()
            results["ops"]["materialise rdflib graph"] = [time.perf_counter() - start]
        times, report = _timed(lambda: validate(store.dataset()), repeat, budget)
        results["ops"]["validate (SHACL)"] = times
        if not report.conforms:
            results["notes"].append(f"validate: {report.summary()}")
    elif group == "queries":
        from pledgegraph import query as canned
        from pledgegraph.store import query_form

        found = canned.discover()
        budget = budget / max(1, len(found))  # the group's budget, shared by its queries
        for q in found:
            values = {}
            for param in q.params:
                options = canned.choices(store, param)
                if options:
                    values[param.name] = options[len(options) // 2][0]
            if len(values) < len(q.params):
                results["notes"].append(f"query {q.name}: no value for a parameter; skipped")
                continue
            # query -> SPARQL JSON results (N-Triples for a graph), written by the store
            fmt = "nt" if query_form(q.text) in ("ConstructQuery", "DescribeQuery") else "json"
            run = lambda q=q, v=values, f=fmt: canned.run_serialized(store, q, v, f)  # noqa: E731
            times, answer = _timed(run, repeat, budget)
            results["ops"][f"query {q.name}"] = times
            if fmt == "json":
                n = len(json.loads(answer).get("results", {}).get("bindings", [None]))
            else:
                n = answer.count(b"\n")
            if n == 0:
                results["notes"].append(f"query {q.name}: returned no rows")
    elif group == "export":
        from pledgegraph.formats import rdf_format

        budget = budget / len(EXPORTS)
        for name in EXPORTS:
            fmt = rdf_format(name)
            # [0]: drop the last output before the next format runs (peak RSS)
            times = _timed(lambda fmt=fmt: store.serialize(fmt), repeat, budget)[0]
            results["ops"][f"export {name}"] = times
    elif group in ("network", "page"):
        try:
            from pledgegraph import viz
            from pledgegraph.network import network
        except ImportError:
            results["notes"].append(f"{group}: pledgegraph.network or viz not available")
            return results
        if spec != "memory":
            start = time.perf_counter()
            store.dataset()
            results["ops"]["materialise rdflib graph"] = [time.perf_counter() - start]
        if group == "network":
            times, _ = _timed(lambda: network(store), repeat, budget)
            results["ops"]["network (networkx)"] = times
        else:
            times, html = _timed(lambda: viz.page(store), repeat, budget)
            results["ops"]["page (HTML)"] = times
            try:
                results["ops"]["page draw (Chromium)"] = draw_times(html, repeat, budget)
            except Exception as err:  # no Playwright or no Chromium: say so, keep the rest
                results["notes"].append(f"page draw: {type(err).__name__}: {err}"[:300])
    return results


CHROMIUM = "/usr/bin/chromium"


def draw_times(html: bytes, repeat: int, budget: float) -> list[float]:
    """Seconds from navigation to the first drawing of the settled page in headless Chromium.

    The page sets ``window.pledgegraph.drawn`` (``performance.now()``, which counts from the
    start of navigation) in vis-network's first ``afterDrawing`` once the layout is settled.
    One fresh tab per run; the browser starts once, outside the timing.
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="pledgegraph-draw-") as tmp:
        path = Path(tmp) / "network.html"
        path.write_bytes(html)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM,
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            try:
                times: list[float] = []
                while len(times) < repeat and not (times and sum(times) + times[-1] > budget):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    page.goto(path.as_uri(), wait_until="commit")
                    deadline = time.monotonic() + max(budget, 60.0)
                    # page.wait_for_function evaluates with eval(), which the page's CSP forbids
                    while not page.evaluate("!!(window.pledgegraph && window.pledgegraph.drawn)"):
                        if time.monotonic() > deadline:
                            raise TimeoutError("the page did not draw")
                        time.sleep(0.02)
                    times.append(page.evaluate("window.pledgegraph.drawn") / 1000)
                    page.close()
                return times
            finally:
                browser.close()


def _reset_peak_rss() -> None:
    """Start the peak RSS again from the current RSS (Linux >= 4.0; elsewhere a no-op).

    Counting the distinct triples of a 10^6 Oxigraph store (``len``) holds a set of them,
    about 230 MB, which is the harness's cost, not the measured operations'. The process's
    high-water mark, which ``wait4`` reports, starts again from here."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _count(store: Any) -> int:
    if hasattr(store, "__len__"):
        return len(store)
    return len(store.dataset())


def child_main(argv: Sequence[str]) -> None:
    """``python benchmarks/bench.py SPEC DATA GROUP REPEAT BUDGET OUT``: run one group."""
    spec, data, group, repeat, budget, out = argv
    result = run_group(spec, Path(data), group, int(repeat), float(budget))
    result["rss_kb_self"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    Path(out).write_text(json.dumps(result))


# --- the parent: sizes x stores x groups ------------------------------------------------------


def run_child(
    spec: str, data: Path, group: str, repeat: int, budget: float, limit: float, root: Path
) -> tuple[dict[str, Any] | None, float | None, str]:
    """Run one group in a subprocess; return (results, peak RSS in MB, note)."""
    with tempfile.TemporaryDirectory(prefix="pledgegraph-bench-") as tmp:
        out = Path(tmp) / "result.json"
        err = Path(tmp) / "stderr.txt"
        env = dict(os.environ, PLEDGEGRAPH_ROOT=str(root))
        env["PYTHONPATH"] = str(SRC) + os.pathsep + env.get("PYTHONPATH", "")
        args = [sys.executable, str(Path(__file__).resolve()), spec, str(data), group]
        with err.open("wb") as stderr:
            proc = subprocess.Popen(
                [*args, str(repeat), str(budget), str(out)],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                env=env,
            )
            deadline = time.monotonic() + limit
            while True:
                pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() > deadline:
                    proc.kill()
                    _, status, usage = os.wait4(proc.pid, 0)
                    proc.returncode = -9
                    return None, usage.ru_maxrss / 1024, f"killed after {limit:.0f} s"
                time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / 1024
        if proc.returncode != 0 or not out.exists():
            tail = err.read_text(errors="replace").strip().splitlines()[-1:] or ["no output"]
            return None, rss, f"failed (exit {proc.returncode}): {tail[0][:200]}"
        return json.loads(out.read_text()), rss, ""


def aggregate_queries() -> set[str]:
    """Names (as ops) of the canned queries that aggregate (GROUP BY, COUNT, SUM...)."""
    from pledgegraph import query as canned

    words = ("GROUP BY", "COUNT(", "SUM(", "AVG(", "MAX(", "MIN(")
    return {
        f"query {q.name}"
        for q in canned.discover()
        if any(w in q.text.upper().replace(" (", "(") for w in words)
    }


def bench(
    sizes: Sequence[int],
    stores: Sequence[str],
    repeat: int = 5,
    budget: float = 120.0,
    seed: int = 0,
    root: Path | None = None,
    groups: Sequence[str] = GROUPS,
    progress: Callable[[str], None] = lambda _: None,
) -> Run:
    """Run the benchmark. ``budget`` is the seconds one group may take at one size: a group
    whose single run (load plus one run of each operation), scaled linearly from the previous
    size, would take longer is skipped; repeats stop early rather than pass it."""
    from pledgegraph import synth
    from pledgegraph.project import Project

    root = Project.at(root).root
    run = Run(list(sizes), list(stores), repeat, budget)
    run.started = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    run.aggregates = aggregate_queries()
    began = time.monotonic()
    base = _project_triples(root)
    spent: dict[tuple[str, str], tuple[int, float]] = {}  # (store, group) -> (size, seconds)
    with tempfile.TemporaryDirectory(prefix="pledgegraph-synth-") as tmp:
        for size in sorted(sizes):
            data = Path(tmp) / f"size-{size}"
            n = synth.agreements_for(max(size - base, 1), seed, root)
            synth.write(synth.synthesise(n, seed, root), data)
            progress(f"size {size:,}: {n} synthetic agreements")
            for spec in stores:
                for group in groups:
                    before = spent.get((spec, group))
                    if before is not None:
                        predicted = before[1] * size / before[0]
                        if predicted > budget:
                            note = (
                                f"skipped: one run predicted to take {predicted:.0f} s "
                                f"(scaled from {before[0]:,}), over the {budget:.0f} s budget"
                            )
                            run.notes.append(f"{size:,} {spec} {group}: {note}")
                            run.cells.append(Cell(size, spec, f"({group})", group, note=note))
                            progress(f"  {spec} {group}: {note}")
                            continue
                    start = time.monotonic()
                    result, rss, note = run_child(
                        spec, data, group, repeat, budget, budget * 1.2 + 30, root
                    )
                    elapsed = time.monotonic() - start
                    if result is not None:  # the cost of one run of everything in the group
                        once = result["load_seconds"] + sum(min(t) for t in result["ops"].values())
                        spent[(spec, group)] = (size, once)
                    else:
                        spent[(spec, group)] = (size, elapsed)
                    if result is None:
                        run.cells.append(
                            Cell(size, spec, f"({group})", group, rss_mb=rss, note=note)
                        )
                        run.notes.append(f"{size:,} {spec} {group}: {note}")
                        progress(f"  {spec} {group}: {note}")
                        if note.startswith("killed"):
                            spent[(spec, group)] = (size, budget * 10)
                        continue
                    for op, times in result["ops"].items():
                        run.cells.append(
                            Cell(size, spec, op, group, times, rss, result.get("triples"))
                        )
                    run.notes += [f"{size:,} {spec}: {m}" for m in result["notes"]]
                    progress(f"  {spec} {group}: {elapsed:.1f} s, peak {rss:.0f} MB")
    run.seconds = time.monotonic() - began
    return run


def _project_triples(root: Path) -> int:
    from pledgegraph.load import load

    return len(load(root=root))


# --- reporting --------------------------------------------------------------------------------


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.2f} s"


def _describe(cell: Cell | None) -> str:
    if cell is None:
        return "-"
    if not cell.times:
        return cell.note or "-"
    spread = ""
    if len(cell.times) > 1:
        spread = f" ({_fmt(min(cell.times))}-{_fmt(max(cell.times))}, n={len(cell.times)})"
    return _fmt(cell.median) + spread


def table(run: Run) -> str:
    """The results as a Markdown table: one row per size and operation, stores side by side."""
    head = ["size", "operation"]
    for spec in run.stores:
        head += [f"{spec} median (min-max)", f"{spec} peak RSS"]
    if "memory" in run.stores and "oxigraph" in run.stores:
        head.append("memory / oxigraph")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for size in sorted(run.sizes):
        triples = next((c.triples for c in run.cells if c.size == size and c.triples), None)
        label = f"{size:,}" + (f" ({triples:,})" if triples else "")
        for op in run.ops():
            cells = {spec: run.cell(size, spec, op) for spec in run.stores}
            if not any(cells.values()):
                continue
            row = [label, op]
            for spec in run.stores:
                cell = cells[spec]
                rss = f"{cell.rss_mb:.0f} MB" if cell and cell.rss_mb else "-"
                row += [_describe(cell), rss]
            if "memory" in cells and "oxigraph" in cells:
                m, o = cells["memory"], cells["oxigraph"]
                ratio = m.median / o.median if m and o and m.median and o.median else None
                row.append(f"{ratio:.1f}x" if ratio else "-")
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


TARGETS = """\
Targets (Oxigraph at 10^6 triples unless said): load ≤ 3 s; every canned query ≤ 0.3 s median;
Turtle export ≤ 2 s; peak RSS ≤ 1 GB; aggregate queries ≥ 15x faster than memory; SHACL at
10^5 ≤ 3 s; the default page of 10^5 triples draws in ≤ 3 s in headless Chromium."""


def check_targets(run: Run) -> list[str]:
    """One line per target: met, missed (by how much), or not measured."""
    lines: list[str] = []
    big = 10**6 if 10**6 in run.sizes else max(run.sizes)

    def verdict(name: str, value: float | None, limit: float, unit: str = "s") -> None:
        if value is None:
            lines.append(f"- {name}: not measured")
        elif value <= limit:
            lines.append(f"- {name}: met ({value:.2f} {unit} ≤ {limit} {unit})")
        else:
            over = value / limit
            lines.append(f"- {name}: MISSED ({value:.2f} {unit} > {limit} {unit}, {over:.1f}x)")

    load = run.cell(big, "oxigraph", "load")
    verdict(f"oxigraph load at {big:,}", load.median if load else None, 3.0)
    queries = [
        c
        for c in run.cells
        if c.size == big and c.store == "oxigraph" and c.op.startswith("query ")
    ]
    if queries:
        worst = max(queries, key=lambda c: c.median or 0)
        verdict(f"slowest oxigraph query at {big:,} ({worst.op[6:]})", worst.median, 0.3)
    else:
        verdict(f"oxigraph queries at {big:,}", None, 0.3)
    turtle = run.cell(big, "oxigraph", "export turtle")
    verdict(f"oxigraph Turtle export at {big:,}", turtle.median if turtle else None, 2.0)
    rss = [
        c.rss_mb
        for c in run.cells
        if c.size == big
        and c.store == "oxigraph"
        and c.group in ("load", "queries", "export")
        and c.rss_mb
    ]
    verdict(
        f"oxigraph peak RSS at {big:,} (load, queries, export)",
        max(rss) if rss else None,
        1024,
        "MB",
    )
    for size in sorted(run.sizes):
        ratios = []
        for op in sorted(run.aggregates):
            m, o = run.cell(size, "memory", op), run.cell(size, "oxigraph", op)
            if m and o and m.median and o.median:
                ratios.append((m.median / o.median, op))
        if ratios:
            low, op = min(ratios)
            ok = "met" if low >= 15 else "MISSED"
            lines.append(
                f"- aggregates ≥ 15x at {size:,}: {ok} (lowest {low:.1f}x on {op[6:]}, "
                f"highest {max(ratios)[0]:.1f}x)"
            )
        elif size == big:
            lines.append(f"- aggregates ≥ 15x at {size:,}: not measured (a store was skipped)")
    shacl = {spec: run.cell(10**5, spec, "validate (SHACL)") for spec in run.stores}
    for spec, cell in shacl.items():
        verdict(f"SHACL at 100,000 ({spec})", cell.median if cell else None, 3.0)
    for spec in run.stores:
        draw = run.cell(10**5, spec, "page draw (Chromium)")
        if 10**5 in run.sizes:
            verdict(f"page draw at 100,000 ({spec})", draw.median if draw else None, 3.0)
    return lines


def machine_facts() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024**2:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for package in ("rdflib", "pyoxigraph", "pyshacl", "networkx", "pyvis"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    load = os.getloadavg()
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores{mem}",
        f"- OS: {platform.platform()}; Python {platform.python_version()}",
        f"- Libraries: {', '.join(versions)}",
        f"- Load average at the end: {load[0]:.1f}, {load[1]:.1f}, {load[2]:.1f} "
        "(the machine is shared; numbers are wall-clock)",
    ]


def report(run: Run, why: str = "") -> str:
    """``benchmarks/results.md``: machine facts, the table, the targets, notes."""
    sizes = ", ".join(f"{s:,}" for s in sorted(run.sizes))
    parts = [
        "# PledgeGraph benchmark results",
        "",
        f"Run {run.started} with `python3 benchmarks/run.py "
        f"--sizes {','.join(str(s) for s in run.sizes)} "
        f"--stores {','.join(run.stores)} --repeat {run.repeat} --budget {run.budget:.0f}` "
        f"({run.seconds / 60:.1f} min). Sizes are target triple counts ({sizes}); the actual count "
        "follows in brackets. Data: `pledgegraph synth`, seed 0, plus the project's own files.",
        "",
        "## Machine",
        "",
        *machine_facts(),
        "",
        "## Results",
        "",
        "Each group (load, validate, queries, export, network, page) ran in its own subprocess; "
        "peak RSS is that subprocess's maximum resident set (`os.wait4`). Times are medians of the "
        "repeats, with min-max and the number of runs.",
        "",
        table(run),
        "",
        "## Targets",
        "",
        TARGETS,
        "",
        *check_targets(run),
    ]
    if why:
        parts += ["", "## Why", "", why.strip()]
    if run.notes:
        parts += ["", "## Notes", "", *[f"- {n}" for n in run.notes]]
    return "\n".join(parts) + "\n"


def parse_sizes(text: str) -> list[int]:
    """``"1e4,1e5,1e6"`` -> ``[10000, 100000, 1000000]``."""
    sizes = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            sizes.append(int(float(part)))
        except ValueError:
            from pledgegraph.errors import PledgeGraphError

            raise PledgeGraphError(f"{part!r} is not a number like 1e5") from None
    return sizes


if __name__ == "__main__":
    child_main(sys.argv[1:])
