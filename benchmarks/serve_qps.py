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
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

import click

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.support_server import running_server  # noqa: E402

QUERIES = {
    "count": (
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/pledgegraph/ontology#Commitment> }"
    ),
    "labels": (
        "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } "
        "ORDER BY ?s LIMIT 50"
    ),
}


async def _client(host: str, port: int, request: bytes, stop: float, counts: list[int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    try:
        while time.monotonic() < stop:
            writer.write(request)
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


async def _load_at(
    url: str, path: str, query: str, clients: int, seconds: float
) -> tuple[float, int]:
    host, port = url.removeprefix("http://").split(":")
    request = (
        f"GET {path}?query={quote(query)} HTTP/1.1\r\nHost: {host}:{port}\r\n"
        "Accept: application/sparql-results+json\r\n\r\n"
    ).encode()
    counts = [0, 0]
    started = time.monotonic()
    stop = started + seconds
    await asyncio.gather(*(_client(host, int(port), request, stop, counts) for _ in range(clients)))
    return counts[0] / (time.monotonic() - started), counts[1]


def qps(url: str, path: str, query: str, clients: int, seconds: float) -> tuple[float, int]:
    """(answers per second with status 200, number of other answers)."""
    return asyncio.run(_load_at(url, path, query, clients, seconds))


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
@click.argument("paths", nargs=-1)
def main(
    clients: int, seconds: float, rounds: int, workers: int | None, names: str, paths: tuple[str]
) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
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
                best = {"ours": (0.0, 0), "oxigraph": (0.0, 0)}
                for _ in range(rounds):
                    for label, server in (("oxigraph", them), ("ours", us)):
                        path = "/sparql" if label == "ours" else "/query"
                        result = qps(server.url, path, QUERIES[name], clients, seconds)
                        best[label] = max(best[label], result)
                rows.append((name, best["ours"], best["oxigraph"]))
    cpu = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
    print(f"pledgegraph serve vs oxigraph serve-read-only: {clients} clients, {cpu}")
    print(f"{'query':<8} {'ours q/s':>10} {'oxigraph q/s':>13} {'ratio':>6}  errors (ours/theirs)")
    for name, (mine, my_errors), (their, their_errors) in rows:
        ratio = mine / their if their else float("nan")
        print(f"{name:<8} {mine:>10.0f} {their:>13.0f} {ratio:>6.2f}  {my_errors}/{their_errors}")


if __name__ == "__main__":
    if shutil.which("oxigraph") is None:
        sys.exit("benchmarks/serve_qps.py: the oxigraph server binary is not on PATH")
    main()
