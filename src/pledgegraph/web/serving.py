"""``run_server``: the app under uvicorn, in ``fronts`` processes sharing one listening socket.

One Python process parses HTTP on one core at most, so the server forks a front process per
core after the store is loaded (the children share it copy-on-write); each front has its own
pool of query workers (``workers`` in all, split between the fronts). The parent only waits:
SIGTERM or Ctrl-C stops every front, and if one front dies the others are stopped too, so the
server never runs half-alive. Each front closes connections whose request head has not arrived
within ``header_timeout`` seconds (``connections``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import traceback

from pledgegraph.errors import PledgeGraphError
from pledgegraph.store import Store
from pledgegraph.web.app import create_app
from pledgegraph.web.connections import protocol_with_header_timeout
from pledgegraph.web.workers import NOT_FOR_WORKERS, default_workers


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as err:
        sock.close()
        raise PledgeGraphError(f"cannot listen on {host}:{port}: {err.strerror}") from err
    sock.listen(2048)
    sock.set_inheritable(True)
    NOT_FOR_WORKERS.append(sock.fileno())
    return sock


def _serve(store: Store, sock: socket.socket, workers: int, options: dict[str, float]) -> None:
    import uvicorn

    app = create_app(
        store, timeout=options["timeout"], max_rows=int(options["max_rows"]), workers=workers
    )
    config = uvicorn.Config(app, log_level="warning", proxy_headers=False, server_header=False)
    config.load()
    config.http_protocol_class = protocol_with_header_timeout(
        config.http_protocol_class, options["header_timeout"]
    )
    uvicorn.Server(config).run(sockets=[sock])


def run_server(
    store: Store,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = 10.0,
    max_rows: int = 10_000,
    workers: int | None = None,
    header_timeout: float = 10.0,
    fronts: int | None = None,
) -> None:
    """Serve ``create_app(store)`` until interrupted (see the module's docstring)."""
    sock = _listen(host, port)
    total = workers or default_workers()
    fronts = max(1, min(fronts or default_workers(), total))
    options = {"timeout": timeout, "max_rows": max_rows, "header_timeout": header_timeout}
    if fronts == 1:
        _serve(store, sock, total, options)
        return
    children: list[int] = []
    for i in range(fronts):
        share = total // fronts + (1 if i < total % fronts else 0)
        pid = os.fork()
        if pid == 0:  # a front: serve until told to stop
            code = 0
            try:
                _serve(store, sock, share, options)
            except BaseException:
                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        children.append(pid)
    _supervise(children)


def _supervise(children: list[int]) -> None:
    """Wait for the fronts; on a signal, or when one exits, stop them all."""

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    code = 0
    try:
        _, status = os.wait()
        code = 1 if os.waitstatus_to_exitcode(status) else 0
        print("a server process stopped; stopping the others", file=sys.stderr)
    except KeyboardInterrupt:
        pass
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
    if code:
        sys.exit(code)
