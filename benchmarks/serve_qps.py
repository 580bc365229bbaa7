"""Queries per second of ``pledgegraph serve`` next to ``oxigraph serve-read-only`` on the same
data, at N concurrent clients (default 20), printed as a table::

    python3 benchmarks/serve_qps.py [--clients 20] [--seconds 10] [--workers N] [PATHS...]

Both servers are started here on 127.0.0.1 and free ports: ours with ``--store oxigraph``
(the project's data plus PATHS), Oxigraph's on a folder this script fills with the same quads
(``oxigraph load``). The load generator is one asyncio process holding ``--clients`` keep-alive
connections, each sending the next request as soon as its answer is read; answers are checked
(status 200 and the expected body) so a fast error never counts. The machine is shared: numbers
from a busy box are noisy, so each server runs ``--rounds`` times, alternating, and the best
round is kept. Nothing is written outside a temporary folder.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

import click

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.support_server import Server, running_server  # noqa: E402

QUERIES = {
    "count": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/pledgegraph/ontology#Commitment> }"
    ),
    "labels": (
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
        "ORDER BY ?s LIMIT 50"
    ),
}


async def _client(
    host: str, port: int, requests: Iterator[bytes], stop: float, counts: list[int]
) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < stop:
            writer.write(next(requests))
            status = await reader.readline()
            length, chunked = 0, False
            while (line := await reader.readline()) not in (b"\r\n", b""):
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"content-length":
                    length = int(value)
                chunked |= name == b"transfer-encoding" and b"chunked" in value.lower()
            if not chunked:
                await reader.readexactly(length)
            while chunked and (size := int((await reader.readline()).split(b";")[0], 16)):
                await reader.readexactly(size + 2)
            if chunked:
                await reader.readline()  # the blank line after the last chunk
            counts[0 if status.split()[1] == b"200" else 1] += 1
    finally:
        writer.close()


def _requests(host: str, path: str, query: str, distinct: bool) -> Iterator[bytes]:
    """The same GET again and again; or, ``distinct``, each with its own comment appended,
    so that no answer can come from a cache."""
    for i in itertools.count():
        text = f"{query}\n# {i}" if distinct else query
        yield (
            f"GET {path}?query={quote(text)} HTTP/1.1\r\nHost: {host}\r\n"
            "Accept: application/sparql-results+json\r\n\r\n"
        ).encode()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid``, its threads and its descendants (fronts, query workers)."""
    pids = [pid]
    for each in pids:  # grows as children are found
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{each}/task").iterdir():
                pids += [int(c) for c in (task / "children").read_text().split()]
    ticks = 0
    for each in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


async def _load(
    url: str, path: str, query: str, clients: int, seconds: float, distinct: bool
) -> tuple[float, int]:
    host = url.removeprefix("http://")
    name, port = host.split(":")
    requests = _requests(host, path, query, distinct)
    counts = [0, 0]
    started = time.monotonic()
    stop = started + seconds
    await asyncio.gather(
        *(_client(name, int(port), requests, stop, counts) for _ in range(clients))
    )
    return counts[0] / (time.monotonic() - started), counts[1]


def qps(
    server: Server, path: str, query: str, clients: int, seconds: float, distinct: bool
) -> tuple[float, float, int]:
    """(answers per second with status 200, server CPU ms per answer, other answers)."""
    before = cpu_seconds(server.pid)
    rate, errors = asyncio.run(_load(server.url, path, query, clients, seconds, distinct))
    used = cpu_seconds(server.pid) - before
    return rate, 1000 * used / max(rate * seconds, 1), errors


def oxigraph_folder(paths: Sequence[str], folder: Path) -> None:
    """Fill an Oxigraph folder with the quads ``pledgegraph serve --store oxigraph`` holds."""
    from pledgegraph.formats import rdf_format
    from pledgegraph.store import open_store

    store = open_store("oxigraph", [Path(p) for p in paths])
    dump = folder.parent / "all.nq"
    dump.write_bytes(store.serialize(rdf_format("nquads")))
    subprocess.run(
        ["oxigraph", "load", "--location", str(folder), "--file", str(dump)],
        check=True,
        capture_output=True,
    )


@click.command()
@click.option("--clients", default=20, show_default=True, help="Concurrent connections.")
@click.option("--seconds", default=8.0, show_default=True, help="Length of one round.")
@click.option("--rounds", default=2, show_default=True, help="Rounds per server; best kept.")
@click.option("--workers", default=None, type=int, help="--workers of pledgegraph serve.")
@click.option("--query", "names", default="count,labels", show_default=True)
@click.option(
    "--src",
    default=str(ROOT / "src"),
    show_default=True,
    help="The package to serve (another checkout's src/, to compare versions).",
)
@click.argument("paths", nargs=-1)
def main(
    clients: int,
    seconds: float,
    rounds: int,
    workers: int | None,
    names: str,
    src: str,
    paths: tuple[str],
) -> None:
    extra = os.environ.get("PYTHONPATH")
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([src, *([extra] if extra else [])]),
        "PLEDGEGRAPH_ROOT": str(ROOT),  # this checkout's data, whichever package serves it
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "ox"
        oxigraph_folder(paths, folder)

        def ours(port: int) -> list[str]:
            extra = ["--workers", str(workers)] if workers else []
            return [sys.executable, "-m", "pledgegraph", "serve", "--store", "oxigraph",
                    "--port", str(port), *extra, *paths]  # fmt: skip

        def theirs(port: int) -> list[str]:
            return ["oxigraph", "serve-read-only", "--location", str(folder),
                    "--bind", f"127.0.0.1:{port}", "--union-default-graph"]  # fmt: skip

        rows = []
        with (
            running_server(ours, "/sparql", env=env, cwd=tmp) as us,
            running_server(theirs, "/query?query=ASK%7B%7D") as them,
        ):
            for name in names.split(","):
                for distinct in (False, True):
                    best: dict[str, tuple[float, float, int]] = {}
                    for _ in range(rounds):
                        for label, server, path in (
                            ("oxigraph", them, "/query"),
                            ("ours", us, "/sparql"),
                        ):
                            got = qps(server, path, QUERIES[name], clients, seconds, distinct)
                            best[label] = max(best.get(label, got), got)
                    rows.append(
                        (name + (" (distinct)" if distinct else ""), best["ours"], best["oxigraph"])
                    )
    print_table(rows, clients)


HEADER = ("query", "ours q/s", "oxigraph q/s", "ratio", "ours CPU ms/q", "oxigraph CPU ms/q")


def print_table(
    rows: list[tuple[str, tuple[float, float, int], tuple[float, float, int]]], clients: int
) -> None:
    machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    print(
        f"pledgegraph serve vs oxigraph serve-read-only, {clients} clients; {machine}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("(distinct: every request a different query text, so no answer comes from a cache)")
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "|".join("-" * (len(h) + 1) + ":" for h in HEADER) + "|")
    for name, (mine, my_cpu, my_errors), (their, their_cpu, their_errors) in rows:
        ratio = mine / their if their else float("nan")
        cells = (
            name,
            f"{mine:.0f}",
            f"{their:.0f}",
            f"{ratio:.2f}",
            f"{my_cpu:.2f}",
            f"{their_cpu:.2f}",
        )
        note = f" {my_errors}/{their_errors} errors" if my_errors or their_errors else ""
        print("| " + " | ".join(cells) + " |" + note)


if __name__ == "__main__":
    if shutil.which("oxigraph") is None:
        sys.exit("benchmarks/serve_qps.py: the oxigraph server binary is not on PATH")
    main()
