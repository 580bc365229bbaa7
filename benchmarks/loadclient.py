"""A small concurrent SPARQL client: N threads, each with one keep-alive connection, sending a
query for a fixed time; counts answered queries per second.

By default every request differs (a comment with a counter ends the query), so no cache of
answers can stand in for the engine; ``same=True`` sends the identical text every time.

Each thread sends ``GET ENDPOINT?query=…`` with ``Accept: application/sparql-results+json`` and
reads the whole body. An answer counts if its status is 200; anything else (an error status, a
dropped connection) counts as an error and the thread reconnects. Only answers completed within
the measured window count.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from dataclasses import dataclass

ACCEPT = "application/sparql-results+json"


@dataclass
class Load:
    clients: int
    seconds: float
    answered: int
    errors: int
    first_error: str = ""

    @property
    def qps(self) -> float:
        return self.answered / self.seconds if self.seconds > 0 else 0.0


def _connect(url: urllib.parse.SplitResult, timeout: float) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port or 80, timeout=timeout)


def ask(endpoint: str, query: str, timeout: float = 10.0) -> tuple[int, bytes]:
    """One query: (status, body)."""
    url = urllib.parse.urlsplit(endpoint)
    conn = _connect(url, timeout)
    try:
        conn.request("GET", _target(url, query), headers={"Accept": ACCEPT})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _target(url: urllib.parse.SplitResult, query: str) -> str:
    return f"{url.path or '/'}?{urllib.parse.urlencode({'query': query})}"


def wait_ready(endpoint: str, deadline: float, alive: object = None) -> bool:
    """Poll ``endpoint`` with an ASK until it answers 200 or ``deadline`` (monotonic) passes."""
    while time.monotonic() < deadline:
        if callable(alive) and not alive():
            return False
        try:
            status, _ = ask(endpoint, "ASK { }", timeout=2.0)
            if status == 200:
                return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


def run_load(
    endpoint: str,
    query: str,
    clients: int = 20,
    seconds: float = 10.0,
    warmup: float = 1.0,
    same: bool = False,
) -> Load:
    """``clients`` threads send ``query`` for ``warmup`` + ``seconds``; count the answers
    completed in the last ``seconds``."""
    url = urllib.parse.urlsplit(endpoint)
    lock = threading.Lock()
    counts = {"answered": 0, "errors": 0}
    first_error: list[str] = []
    start = time.monotonic()
    begin, end = start + warmup, start + warmup + seconds

    def worker(number: int) -> None:
        conn = _connect(url, timeout=max(30.0, seconds))
        sent_count = 0
        while True:
            sent = time.monotonic()
            if sent >= end:
                break
            sent_count += 1
            text = query if same else f"{query}\n# client {number} request {sent_count}\n"
            target = _target(url, text)
            try:
                conn.request("GET", target, headers={"Accept": ACCEPT})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                note = f"HTTP {response.status}"
            except (OSError, http.client.HTTPException) as err:
                ok, note = False, f"{type(err).__name__}: {err}"
                conn.close()
                conn = _connect(url, timeout=max(30.0, seconds))
            done = time.monotonic()
            if begin <= done <= end:
                with lock:
                    counts["answered" if ok else "errors"] += 1
                    if not ok and not first_error:
                        first_error.append(note)
        conn.close()

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=warmup + seconds + 60)
    return Load(clients, seconds, counts["answered"], counts["errors"], "".join(first_error))
