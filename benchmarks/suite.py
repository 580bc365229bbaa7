"""The benchmark: every command at every size, beside the engine limit, in one run.

For each size: write ``synth`` data, then time ``build``, ``validate``, ``query NAME`` (a few
canned queries), ``export -f FORMAT`` and ``serve`` under concurrent load, each beside the
engine doing the same work (``engine.py``, ``oxigraph serve-read-only``). ``query`` and ``serve``
read an on-disk Oxigraph store prepared (untimed) with the project's own ``open_store``.
A command whose run, scaled linearly from the previous size, would pass the time limit is skipped
at that size, and one that passes the limit is killed; the table says which.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import harness
from benchmarks.report import Row

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ENGINE = HERE / "engine.py"
PREPARE = (
    "import sys; from pledgegraph.store import open_store; "
    "open_store('oxigraph:' + sys.argv[1], sys.argv[2:])"
)
# Queries for the serve load: one the engine answers at once (the endpoint's own cost shows),
# and a top-k over every pledge (the query's cost shows). Or name a canned query.
SERVE_QUERIES = {
    "ten-agreements": (
        "PREFIX pledge: <https://w3id.org/pledgegraph/ontology#>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?agreement ?label WHERE { ?agreement a pledge:Agreement ; rdfs:label ?label } "
        "LIMIT 10"
    ),
    "largest-10": (ROOT / "queries" / "largest-pledges.rq").read_text(encoding="utf-8")
    + "LIMIT 10\n",
}
LIST_FILES = (
    "import sys; from pledgegraph.project import Project; "
    "print('\\n'.join(str(p) for p in Project.at().files_with(sys.argv[1:])))"
)


@dataclass
class Settings:
    sizes: list[int]
    commands: list[str]  # build, validate, query, export, serve
    queries: list[str]
    formats: list[str]
    store: str  # --store for build, export and viz; "oxigraph:DIR" means a fresh folder per run
    serve_queries: list[str]
    clients: int = 20
    serve_seconds: float = 10.0
    limit: float = 300.0
    repeat: int = 1
    seed: int = 0
    same_query: bool = False  # serve: the identical text every time (answer caches may serve it)
    query_on: str = "both"  # query: on "paths" (files loaded), on the "store", or "both"


@dataclass
class Suite:
    settings: Settings
    work: Path  # scratch: data, stores, outputs (deleted afterwards unless kept)
    logs: Path
    progress: Callable[[str], None] = print
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last: dict[str, tuple[int, float]] = field(default_factory=dict)  # command: (size, s)

    # --- environment -------------------------------------------------------------------------

    def env(self) -> dict[str, str]:
        env = dict(os.environ, PLEDGEGRAPH_ROOT=str(ROOT))
        env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
        return env

    def ours(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "pledgegraph", *args]

    def run(self, args: list[str], log: str, stdout: Path | None = None) -> harness.Measured:
        return harness.measure(
            args, self.env(), self.work, self.logs / f"{log}.log", self.settings.limit, stdout
        )

    # --- skipping ----------------------------------------------------------------------------

    def skip(self, row: Row) -> bool:
        """Skip ``row`` if its command, scaled from the last size, would pass the limit."""
        before = self.last.get(row.command)
        if before is None:
            return False
        size, seconds = before
        if seconds < 0:
            row.note = f"skipped: killed after {self.settings.limit:.0f} s at {size:,}"
            return True
        predicted = seconds * row.size / size
        if predicted > self.settings.limit:
            row.note = f"skipped: predicted {predicted:.0f} s > limit {self.settings.limit:.0f} s"
            return True
        return False

    def timed(self, row: Row, args: list[str], log: str, stdout: Path | None = None) -> bool:
        """Time ours ``repeat`` times into ``row``; False if it failed or was killed."""
        for _ in range(self.settings.repeat):
            got = self.run(args, log, stdout)
            if got.killed:
                row.note = f"killed after {self.settings.limit:.0f} s"
                self.last[row.command] = (row.size, -1.0)
                return False
            if not got.ok:
                row.note = f"failed (exit {got.returncode}): {got.error}"
                return False
            row.times.append(got.seconds)
            row.ours_rss = max(row.ours_rss or 0.0, got.rss_mb)
        row.ours = statistics.median(row.times)
        self.last[row.command] = (row.size, row.ours)
        self.progress(f"    ours {row.ours:.2f} s, peak RSS {row.ours_rss:.0f} MB")
        return True

    def engine(self, row: Row, args: list[str], log: str) -> dict[str, int]:
        """Time the engine script once into ``row``; return what it printed (JSON)."""
        out = self.logs / f"{log}.json"
        got = self.run([sys.executable, str(ENGINE), *args], log, out)
        if not got.ok:
            row.note = (row.note + "; " if row.note else "") + f"engine failed: {got.error}"
            return {}
        row.engine, row.engine_rss = got.seconds, got.rss_mb
        self.progress(f"    engine {got.seconds:.2f} s, peak RSS {got.rss_mb:.0f} MB")
        text = out.read_text(encoding="utf-8").strip()
        return json.loads(text) if text else {}

    # --- one size ----------------------------------------------------------------------------

    def size(self, size: int) -> None:
        from pledgegraph import synth  # this checkout's package (run.py puts src/ first)

        s = self.settings
        agreements = synth.agreements_for(size, s.seed, ROOT)
        data = self.work / f"synth-{size}"
        self.progress(f"{size:,}: synth --agreements {agreements}")
        made = self.run(
            self.ours(
                "synth", "--agreements", str(agreements), "--seed", str(s.seed), "-o", str(data)
            ),
            f"{size}-synth",
        )
        if not made.ok:
            self.notes.append(f"{size:,}: synth failed: {made.error}")
            return
        files = self.work / f"files-{size}.txt"
        listed = self.run([sys.executable, "-c", LIST_FILES, str(data)], f"{size}-files", files)
        if not listed.ok:
            self.notes.append(f"{size:,}: listing the files failed: {listed.error}")
            return
        triples: dict[str, int] = {}
        for command in s.commands:
            getattr(self, f"do_{command}")(size, data, files, triples)
        for row in self.rows:
            if row.size == size and row.triples is None:
                row.triples = triples.get("count")
        shutil.rmtree(self.work / f"out-{size}", ignore_errors=True)

    def spec(self, name: str) -> str:
        """The --store to pass: ``oxigraph:DIR`` becomes a fresh folder of the work folder."""
        if self.settings.store != "oxigraph:DIR":
            return self.settings.store
        folder = self.work / f"store-{name}"
        shutil.rmtree(folder, ignore_errors=True)
        return f"oxigraph:{folder}"

    def row(self, command: str, size: int, unit: str = "s") -> Row:
        row = Row(command, size, unit)
        self.rows.append(row)
        self.progress(f"{size:,}: {command}")
        return row

    def do_build(self, size: int, data: Path, files: Path, triples: dict[str, int]) -> None:
        row = self.row(f"build --store {self.settings.store}", size)
        out = self.work / f"out-{size}"
        if not self.skip(row):
            args = [
                "build",
                "--store",
                self.spec(f"{size}-build"),
                "--out",
                str(out / "ours"),
                str(data),
            ]
            self.timed(row, self.ours(*args), f"{size}-build")
        said = self.engine(row, ["build", str(files), str(out / "engine")], f"{size}-build-engine")
        triples.setdefault("count", said.get("triples", 0))

    def do_validate(self, size: int, data: Path, files: Path, triples: dict[str, int]) -> None:
        row = self.row("validate", size)
        if not self.skip(row):
            self.timed(row, self.ours("validate", str(data)), f"{size}-validate")
        checks = ROOT / "queries" / "checks"
        said = self.engine(row, ["validate", str(files), str(checks)], f"{size}-validate-engine")
        triples.setdefault("count", said.get("triples", 0))

    def do_export(self, size: int, data: Path, files: Path, triples: dict[str, int]) -> None:
        out = self.work / f"out-{size}"
        out.mkdir(parents=True, exist_ok=True)
        for fmt in self.settings.formats:
            row = self.row(f"export --store {self.settings.store} -f {fmt}", size)
            if not self.skip(row):
                args = ["export", "--store", self.spec(f"{size}-export-{fmt}"), "-f", fmt]
                args += ["-o", str(out / f"ours.{fmt}"), str(data)]
                self.timed(row, self.ours(*args), f"{size}-export-{fmt}")
            said = self.engine(
                row,
                ["export", str(files), fmt, str(out / f"engine.{fmt}")],
                f"{size}-export-{fmt}-engine",
            )
            triples.setdefault("count", said.get("triples", 0))

    def do_page(self, size: int, data: Path, files: Path, triples: dict[str, int]) -> None:
        """``viz`` writes the page (timed as a command); Chromium draws it (timed by the page)."""
        from benchmarks.page import draw_times

        row = self.row(f"viz --store {self.settings.store}", size)
        html = self.work / f"out-{size}" / "page.html"
        html.parent.mkdir(parents=True, exist_ok=True)
        drawn = self.row("page drawn in Chromium", size)
        if self.skip(row):
            drawn.note = "skipped: no page"
            return
        args = ["viz", "--store", self.spec(f"{size}-viz"), "-o", str(html), str(data)]
        if not self.timed(row, self.ours(*args), f"{size}-viz"):
            drawn.note = "skipped: no page"
            return
        try:
            drawn.times = draw_times(html.read_bytes(), self.settings.repeat, self.settings.limit)
            drawn.ours = statistics.median(drawn.times)
        except Exception as err:  # no Playwright, no Chromium, or the page never drew
            drawn.note = f"not drawn: {type(err).__name__}: {err}"[:300]

    def store(self, size: int, data: Path) -> Path | None:
        """The on-disk store ``query`` and ``serve`` read, loaded once by ``open_store``."""
        db = self.work / f"db-{size}"
        if db.exists():
            return db
        got = self.run([sys.executable, "-c", PREPARE, str(db), str(data)], f"{size}-store")
        if not got.ok:
            self.notes.append(f"{size:,}: preparing the on-disk store failed: {got.error}")
            return None
        self.notes.append(
            f"{size:,}: on-disk store for query and serve loaded in {got.seconds:.1f} s"
        )
        return db

    def do_query(self, size: int, data: Path, files: Path, triples: dict[str, int]) -> None:
        from benchmarks.answers import count_rows

        out = self.work / f"out-{size}"
        out.mkdir(parents=True, exist_ok=True)
        if self.settings.queries and self.settings.query_on != "store":
            self.query_files(size, data, files, self.settings.queries[0])
        if self.settings.query_on == "paths":
            return
        db = self.store(size, data)
        for name in self.settings.queries:
            row = self.row(f"query {name} --store oxigraph:DB", size)
            if db is None:
                row.note = "skipped: no store"
                continue
            ours, engine = out / f"ours-{name}.json", out / f"engine-{name}.json"
            if not self.skip(row):
                args = ["query", name, "--store", f"oxigraph:{db}", "-f", "json", "-o", str(ours)]
                self.timed(row, self.ours(*args), f"{size}-query-{name}")
            text = ROOT / "queries" / f"{name}.rq"
            self.engine(
                row, ["query", str(db), str(text), str(engine)], f"{size}-query-{name}-engine"
            )
            if row.ours is not None and row.engine is not None:
                a, b = count_rows(ours), count_rows(engine)
                if a != b:
                    row.note = f"different answers: ours {a} rows, engine {b}"

    def query_files(self, size: int, data: Path, files: Path, name: str) -> None:
        """``query NAME PATHS``: the files loaded in memory, then the query."""
        from benchmarks.answers import count_rows

        row = self.row(f"query {name} PATHS", size)
        out = self.work / f"out-{size}"
        with_reconciled = self.reconciled_files(size, data, files)
        if with_reconciled is None:
            row.note = "skipped: no store to read the reconciled graph from"
            return
        ours, engine = out / f"ours-{name}-paths.json", out / f"engine-{name}-paths.json"
        if not self.skip(row):
            args = ["query", name, str(data), "-f", "json", "-o", str(ours)]
            self.timed(row, self.ours(*args), f"{size}-query-{name}-paths")
        text = ROOT / "queries" / f"{name}.rq"
        args = ["query-files", str(with_reconciled), str(text), str(engine)]
        self.engine(row, args, f"{size}-query-{name}-paths-engine")
        if row.ours is not None and row.engine is not None:
            a, b = count_rows(ours), count_rows(engine)
            if a != b:
                row.note = f"different answers: ours {a} rows, engine {b}"

    def reconciled_files(self, size: int, data: Path, files: Path) -> Path | None:
        """FILES plus the reconciled graph as our store holds it, for the engine to load: the
        engine has no reconcile stage, and without its values its answers would differ."""
        import pyoxigraph as ox

        from pledgegraph.reconcile import RECONCILED

        db = self.store(size, data)
        if db is None:
            return None
        reconciled = self.work / f"reconciled-{size}.nt"
        store = ox.Store.read_only(str(db))
        store.dump(
            str(reconciled), ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(RECONCILED))
        )
        del store
        listed = self.work / f"files-{size}-reconciled.txt"
        listed.write_text(files.read_text(encoding="utf-8") + f"\n{reconciled}\n", "utf-8")
        return listed

    def do_serve(self, size: int, data: Path, files: Path, triples: dict[str, int]) -> None:
        db = self.store(size, data)
        for name in self.settings.serve_queries:
            self.serve_one(size, db, name)

    def serve_one(self, size: int, db: Path | None, name: str) -> None:
        from benchmarks.answers import check_select

        s = self.settings
        same = ", same text" if s.same_query else ""
        row = self.row(f"serve: {name}, {s.clients} clients{same}", size, "q/s")
        if db is None:
            row.note = "skipped: no store"
            return
        query = SERVE_QUERIES.get(name) or (ROOT / "queries" / f"{name}.rq").read_text("utf-8")
        port = free_port()
        ours = harness.serve(
            self.ours("serve", "--store", f"oxigraph:{db}", "--port", str(port)),
            self.env(), self.work, self.logs / f"{size}-serve.log",
            f"http://127.0.0.1:{port}/sparql", query, s.clients, s.serve_seconds, s.limit,
            check_select, s.same_query,
        )  # fmt: skip
        port = free_port()
        oxigraph = oxigraph_binary()
        engine = harness.serve(
            [oxigraph, "serve-read-only", "--location", str(db), "--union-default-graph",
             "--bind", f"127.0.0.1:{port}"],
            self.env(), self.work, self.logs / f"{size}-serve-engine.log",
            f"http://127.0.0.1:{port}/query", query, s.clients, s.serve_seconds, s.limit,
            check_select, s.same_query,
        )  # fmt: skip
        row.ours, row.ours_rss = (ours.qps, ours.rss_mb) if not ours.error else (None, None)
        row.engine, row.engine_rss = (
            (engine.qps, engine.rss_mb) if not engine.error else (None, None)
        )
        self.progress(f"    ours {ours.qps:.1f} q/s, oxigraph {engine.qps:.1f} q/s")
        problems = [f"{who}: {got.error}" for who, got in (("ours", ours), ("engine", engine))]
        row.note = "; ".join(p for p in problems if not p.endswith(": "))[:300]
        self.notes.append(
            f"{size:,}: serve {name}: ready after {ours.ready_seconds:.1f} s (ours), "
            f"{engine.ready_seconds:.1f} s (oxigraph); "
            f"answered {ours.answered} and {engine.answered}"
        )


def oxigraph_binary() -> str:
    """The ``oxigraph`` server beside this Python (not a pyenv shim, which would be timed too)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph") or "oxigraph"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
