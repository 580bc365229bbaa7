"""Query workers: every query runs on Oxigraph in a forked process that can be killed.

A Python thread cannot be stopped, so a time limit that really stops the work needs a process.
``QueryPool`` forks ``size`` workers (default: one per core) that share the loaded Oxigraph
store copy-on-write. A ``Job`` goes to an idle worker over a pipe; the event loop waits for the
answer without a thread (``loop.add_reader``). A worker that overruns the limit is killed,
reaped and replaced at once, and its caller gets a 503; other workers are not touched.

Oxigraph parses the query, evaluates it and writes the answer in the asked format once: no
rdflib term on the way. The RDF dataset of the protocol (``default-graph-uri`` /
``named-graph-uri``) is Oxigraph's own dataset argument; without one the default graph is the
union of the named graphs.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import multiprocessing
import os
import signal
import sys
import traceback
from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox
from rdflib.term import Identifier

from pledgegraph.formats import GRAPH_FORMATS, RESULT_FORMATS, lookup, rdf_format
from pledgegraph.store import OxigraphStore, Store, substitute
from pledgegraph.store.terms import to_oxigraph


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    code: str = ""

    @property
    def ok(self) -> bool:
        return self.status == 200


@dataclass(frozen=True)
class Job:
    """One query: its text, engine-bound parameters, answer format and RDF dataset."""

    text: str
    fmt: str
    bindings: dict[str, Identifier] = field(default_factory=dict)
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    from_clauses: bool = False  # the query names its own dataset (FROM / FROM NAMED)


def native_store(store: Store) -> tuple[ox.Store, dict[str, str]]:
    """The Oxigraph store to query and the prefixes to write Turtle with: the store itself
    when it is Oxigraph, else an in-memory copy of its quads (made once, at start-up)."""
    if isinstance(store, OxigraphStore):
        return store.native, dict(store.prefixes)
    copy = ox.Store()
    copy.load(store.serialize(rdf_format("nquads")), format=ox.RdfFormat.N_QUADS)
    prefixes = {p: str(n) for p, n in store.dataset().namespaces() if p}
    return copy, prefixes


# ---------------------------------------------------------------- in the worker


def _run(store: ox.Store, job: Job) -> Any:
    kwargs: dict[str, Any] = {}
    if job.default_graphs or job.named_graphs:
        # the protocol's dataset: only named-graph-uri given means an empty default graph
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    elif not job.from_clauses:
        kwargs["use_default_graph_as_union"] = True
    if job.bindings:
        subs = {ox.Variable(k): to_oxigraph(v) for k, v in job.bindings.items()}
        try:
            return store.query(job.text, substitutions=subs, **kwargs)  # type: ignore[arg-type]
        except RuntimeError as err:  # Oxigraph substitutes projected variables only
            if "projection" not in str(err):
                raise
            return store.query(substitute(job.text, job.bindings), **kwargs)
    return store.query(job.text, **kwargs)


def _too_large(size: int, max_rows: int) -> Answer:
    message = f"the result has {size} rows or triples, over this endpoint's cap of {max_rows}"
    return Answer(400, (message + "; add a LIMIT").encode(), "result-too-large")


def execute(store: ox.Store, prefixes: dict[str, str], job: Job, max_rows: int) -> Answer:
    """Run ``job`` and write its answer once, in ``job.fmt``."""
    try:
        result = _run(store, job)
        if isinstance(result, ox.QueryBoolean | ox.QuerySolutions):
            fmt = lookup(job.fmt, RESULT_FORMATS)
            assert fmt is not None and fmt.ox_results is not None, job.fmt
            body = result.serialize(format=fmt.ox_results)
            assert body is not None
            # a row takes at least one byte: only a long answer needs counting
            if len(body) > max_rows and isinstance(result, ox.QuerySolutions):
                parsed = ox.parse_query_results(body, format=fmt.ox_results)
                assert isinstance(parsed, ox.QuerySolutions)
                size = sum(1 for _ in parsed)
                if size > max_rows:
                    return _too_large(size, max_rows)
            return Answer(200, body)
        graph_format = lookup(job.fmt, GRAPH_FORMATS)
        assert graph_format is not None and graph_format.ox_rdf is not None, job.fmt
        triples = []
        for triple in result:
            triples.append(triple)
            if len(triples) > max_rows:
                return _too_large(len(triples) + sum(1 for _ in result), max_rows)
        written = ox.serialize(triples, format=graph_format.ox_rdf, prefixes=prefixes)
        assert written is not None
        return Answer(200, written)
    except SyntaxError as err:
        return Answer(400, _syntax_message(err).encode(), "syntax-error")
    except (OSError, ValueError, TypeError, RuntimeError) as err:
        return Answer(400, f"{type(err).__name__}: {err}".encode(), "query-error")


def _syntax_message(err: SyntaxError) -> str:
    import re

    text = str(err.msg or err)
    where = re.match(r"error at (\d+):(\d+): (.*)", text, re.S)
    return f"line {where[1]}, column {where[2]}: {where[3]}" if where else text


# Descriptors a worker must not keep: the server's listening sockets (``serving`` adds them). A
# forked worker that kept one would hold the port, unanswered, if the server died first.
NOT_FOR_WORKERS: list[int] = []


def _worker_loop(conn: Connection, store: ox.Store, prefixes: dict[str, str], rows: int) -> None:
    for fd in NOT_FOR_WORKERS:
        with contextlib.suppress(OSError):
            os.close(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        try:
            answer = execute(store, prefixes, job, rows)
        except Exception:
            traceback.print_exc(file=sys.stderr)
            answer = Answer(500, b"internal server error; see the server log", "internal-error")
        conn.send(answer)


# ---------------------------------------------------------------- in the server


class Worker:
    """One forked process holding the store, driven over a pipe."""

    def __init__(self, store: ox.Store, prefixes: dict[str, str], max_rows: int) -> None:
        self.store, self.prefixes, self.max_rows = store, prefixes, max_rows
        self.started = math.inf  # when its current query began (loop time); inf when idle
        context = multiprocessing.get_context("fork")  # the child shares the loaded store
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_loop, args=(child, store, prefixes, max_rows), daemon=True
        )
        self.process.start()
        child.close()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    async def call(self, job: Job, timeout: float) -> Answer | None:
        """The answer, or None when the worker overran ``timeout`` (stop it then)."""
        loop = asyncio.get_running_loop()
        self.started = loop.time()
        ready: asyncio.Future[None] = loop.create_future()
        fd = self.conn.fileno()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        loop.add_reader(fd, readable)
        try:
            self.conn.send(job)
            await asyncio.wait_for(ready, timeout)
            # uvloop's add_reader makes the pipe non-blocking; an answer larger than the pipe's
            # buffer then fails half-read with EAGAIN: read it whole, in blocking mode (the
            # worker is writing it now)
            loop.remove_reader(fd)
            os.set_blocking(fd, True)
            answer: Answer = self.conn.recv()
            return answer
        except TimeoutError:
            return None
        except (EOFError, OSError):
            self.process.kill()  # it died or its pipe broke: the pool replaces it
            return Answer(500, b"the query worker died; it has been restarted", "internal-error")
        finally:
            loop.remove_reader(fd)
            self.started = math.inf  # idle: never "stuck"


PATIENCE = 0.2  # seconds a query waits for a busy pool before an extra worker is forked


class AnswerCache:
    """The latest answers by job, each at most ``largest`` bytes, ``budget`` bytes in all. The
    data is read-only, so the same job always has the same answer (a timeout is never kept)."""

    def __init__(self, budget: int = 16_000_000, largest: int = 262_144) -> None:
        self.budget, self.largest = budget, largest
        self._answers: OrderedDict[tuple[object, ...], Answer] = OrderedDict()
        self._size = 0

    @staticmethod
    def key(job: Job) -> tuple[object, ...]:
        bound = tuple(sorted((k, type(v).__name__, v.n3()) for k, v in job.bindings.items()))
        return (job.text, job.fmt, bound, job.default_graphs, job.named_graphs, job.from_clauses)

    def get(self, key: tuple[object, ...]) -> Answer | None:
        answer = self._answers.get(key)
        if answer is not None:
            self._answers.move_to_end(key)
        return answer

    def put(self, key: tuple[object, ...], answer: Answer) -> None:
        if answer.status in (200, 400) and len(answer.body) <= self.largest:
            if key not in self._answers:
                self._size += len(answer.body)
            self._answers[key] = answer
            while self._size > self.budget:
                self._size -= len(self._answers.popitem(last=False)[1].body)


class QueryPool:
    """``size`` workers; a request waits for an idle one, then for its answer. Answers are
    kept in an ``AnswerCache``: a repeated query does not reach a worker."""

    def __init__(self, store: Store, size: int, timeout: float, max_rows: int) -> None:
        self.source, self.size, self.timeout, self.max_rows = store, size, timeout, max_rows
        self.cache = AnswerCache()
        self._idle: asyncio.Queue[Worker] | None = None
        self._workers: set[Worker] = set()
        self._native: tuple[ox.Store, dict[str, str]] | None = None

    def _spawn(self) -> Worker:
        if self._native is None:
            self._native = native_store(self.source)
        worker = Worker(*self._native, self.max_rows)
        self._workers.add(worker)
        return worker

    def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(self._spawn())

    def close(self) -> None:
        for worker in self._workers:
            worker.stop()
        self._workers.clear()

    @property
    def prefixes(self) -> dict[str, str]:
        """The prefixes graph answers are written with."""
        if self._native is None:
            self._native = native_store(self.source)
        return self._native[1]

    def pids(self) -> list[int]:
        return [w.process.pid for w in self._workers if w.process.pid is not None]

    async def run(self, job: Job) -> Answer:
        key = self.cache.key(job)
        if (kept := self.cache.get(key)) is not None:
            return kept
        answer = await self._run(job)
        self.cache.put(key, answer)
        return answer

    async def _take(self) -> Worker | None:
        """An idle worker. When every worker has been on its query for over ``PATIENCE``
        seconds (runaways, not a queue of quick ones), an extra one is forked, up to ``size``
        extras (two at least): a simple query does not wait behind runaways. None past three
        time limits."""
        assert self._idle is not None
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout * 3
        while True:
            try:
                return await asyncio.wait_for(self._idle.get(), timeout=PATIENCE)
            except TimeoutError:
                now = loop.time()
                if now > deadline:
                    return None
                stuck = all(now - w.started > PATIENCE for w in self._workers)
                # at least two extras: with one worker per front process, two runaways that
                # reach the same front would otherwise hold every worker it may have
                if stuck and len(self._workers) < self.size + max(self.size, 2):
                    return self._spawn()

    async def _run(self, job: Job) -> Answer:
        if self._idle is None:
            self.start()
        assert self._idle is not None
        worker = await self._take()
        if worker is None:
            return Answer(503, b"the endpoint is busy; try again shortly", "busy")
        answer = None
        try:
            answer = await worker.call(job, self.timeout)
        finally:
            if answer is None or not worker.process.is_alive():  # overran, died or cancelled
                worker.stop()
                self._workers.discard(worker)
                if len(self._workers) < self.size or self._idle.empty():
                    self._idle.put_nowait(self._spawn())
            elif len(self._workers) > self.size:  # an extra worker: not kept once done
                worker.stop()
                self._workers.discard(worker)
            else:
                self._idle.put_nowait(worker)
        if answer is None:
            message = f"the query ran longer than {self.timeout:g} s and was stopped"
            return Answer(503, message.encode(), "timeout")
        return answer


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
