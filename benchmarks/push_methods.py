"""Time `pledgegraph push` against a real Oxigraph server and a real Virtuoso 7::

    python3 benchmarks/push_methods.py --agreements 2,20,180

For each size: synthetic agreements on top of the project's data, loaded in the Oxigraph store;
then a first push (everything staged and switched in), a re-push of the same data (checksums
only: nothing sent), and a push after one agreement file changed. Each server is started the
way the tests start it (``tests/support_scale.py``, ``tests/support_virtuoso.py``): 127.0.0.1,
free ports, its own folder. Prints a Markdown table of wall-clock seconds (noisy on a shared
machine: run it on a quiet one).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import click

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]  # this checkout's package and test helpers

from pledgegraph import synth  # noqa: E402
from pledgegraph.push import push  # noqa: E402
from pledgegraph.store import RemoteStore, Store, open_store  # noqa: E402
from tests.support_scale import oxigraph_server  # noqa: E402
from tests.support_virtuoso import virtuoso_server  # noqa: E402


@contextmanager
def oxigraph_query(folder: Path) -> Iterator[str]:
    with oxigraph_server(folder) as base:
        yield base + "/query"


SERVERS: dict[str, Callable[[Path], AbstractContextManager[str]]] = {
    "Oxigraph server": oxigraph_query,
    "Virtuoso 7": virtuoso_server,
}


def timed(store: Store, remote: RemoteStore) -> float:
    start = time.perf_counter()
    push(store, remote)
    return time.perf_counter() - start


CHANGE = """
<https://w3id.org/pledgegraph/id/country/synth-bench> <http://www.w3.org/2000/01/rdf-schema#label>
    "Bench (synthetic)" .
"""


@click.command()
@click.option("--agreements", default="2,20,180", show_default=True, help="Sizes, comma-separated.")
def main(agreements: str) -> None:
    rows = [
        "| store | triples | first push | re-push (unchanged) | one file changed |",
        "|---|---:|---:|---:|---:|",
    ]
    for count in [int(n) for n in agreements.split(",")]:
        with tempfile.TemporaryDirectory() as tmp:
            data = Path(tmp) / "synth"
            synth.write(synth.synthesise(count, seed=1, root=ROOT), data)
            store = open_store("oxigraph", [data], root=ROOT)
            changed_file = sorted((data / "agreements").glob("*.ttl"))[0]
            changed_file.write_text(changed_file.read_text() + CHANGE)
            changed = open_store("oxigraph", [data], root=ROOT)
            for name, server in SERVERS.items():
                with server(Path(tmp) / name.split()[0].lower()) as url:
                    remote = RemoteStore(url, root=ROOT, timeout=600)
                    first = timed(store, remote)
                    again = timed(store, remote)
                    one = timed(changed, remote)
                    triples = remote.union_count(list(remote.graph_names()))
                rows.append(
                    f"| {name} | {triples:,} | {first:.1f} s | {again:.1f} s | {one:.1f} s |"
                )
                click.echo(rows[-1], err=True)
    click.echo("\n".join(rows))


if __name__ == "__main__":
    main()
