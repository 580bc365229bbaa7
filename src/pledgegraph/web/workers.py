"""Query workers: each SPARQL query runs in a forked process that can be killed.

A Python thread cannot be stopped, so a time limit that "really stops the work" needs a process.
``QueryPool`` keeps a few workers forked from the server with the loaded store (copy-on-write,
no reloading); a worker that overruns the limit is killed, reaped and replaced at once, and the
caller gets a 503 ``Answer``. Workers return bytes already in the wanted format.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import signal
import sys
import traceback
from collections.abc import Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection

from rdflib.term import Identifier

from pledgegraph.errors import QueryError, ResultTooLarge
from pledgegraph.store import Store


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    code: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200


def _execute(
    store: Store, text: str, bindings: Mapping[str, Identifier], fmt: str, max_rows: int
) -> Answer:
    try:
        # the store writes the answer (Oxigraph natively, without rdflib terms)
        return Answer(200, store.query_serialized(text, bindings, fmt, max_rows))
    except ResultTooLarge as err:
        message = (
            f"the result has {err.size} rows or triples, over this endpoint's cap of {max_rows}"
        )
        return Answer(400, (message + "; add a LIMIT").encode(), "result-too-large")
    except QueryError as err:
        return Answer(400, str(err).encode(), "query-error")


def _worker_loop(conn: Connection, store: Store, max_rows: int) -> None:
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM never fetches from the web
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    while True:
        try:
            text, bindings, fmt = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            answer = _execute(store, text, bindings, fmt, max_rows)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            answer = Answer(500, b"internal server error; see the server log", "internal-error")
        conn.send(answer)


class Worker:
    """One forked process holding the store, driven over a pipe."""

    def __init__(self, store: Store, max_rows: int) -> None:
        self.store, self.max_rows = store, max_rows
        self._start()

    def _start(self) -> None:
        context = multiprocessing.get_context("fork")  # the child shares the loaded store
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_loop, args=(child, self.store, self.max_rows), daemon=True
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def call(self, job: tuple[str, Mapping[str, Identifier], str], timeout: float) -> Answer:
        """Run ``job``; past ``timeout`` seconds kill the process, start a fresh one, 503."""
        try:
            self.conn.send(job)
            if self.conn.poll(timeout):
                answer: Answer = self.conn.recv()
                return answer
        except (EOFError, OSError):
            self.stop()
            self._start()
            return Answer(500, b"the query worker died; it has been restarted", "internal-error")
        self.stop()
        self._start()
        message = f"the query ran longer than {timeout:g} s and was stopped"
        return Answer(503, message.encode(), "timeout")


class QueryPool:
    """A few workers; a request waits for a free one, then for its answer."""

    def __init__(self, store: Store, size: int, timeout: float, max_rows: int) -> None:
        self.store, self.size, self.timeout, self.max_rows = store, size, timeout, max_rows
        self._idle: asyncio.Queue[Worker] | None = None
        self._workers: list[Worker] = []

    def start(self) -> None:
        self._workers = [Worker(self.store, self.max_rows) for _ in range(self.size)]
        self._idle = asyncio.Queue()
        for worker in self._workers:
            self._idle.put_nowait(worker)

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()

    async def run(self, text: str, bindings: Mapping[str, Identifier], fmt: str) -> Answer:
        if self._idle is None:
            self.start()
        assert self._idle is not None
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=self.timeout * 3)
        except TimeoutError:
            return Answer(503, b"the endpoint is busy; try again shortly", "busy")
        try:
            loop = asyncio.get_running_loop()
            return await loop.run_in_executor(
                None, worker.call, (text, dict(bindings), fmt), self.timeout
            )
        finally:
            self._idle.put_nowait(worker)
