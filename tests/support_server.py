"""Start a real server as a subprocess on 127.0.0.1 and a free port, wait until it answers,
and stop it afterwards. Its stderr goes to a temporary file (a pipe nobody reads could fill up
and block the server) and is shown if it dies."""

from __future__ import annotations

import socket
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class Server:
    url: str
    pid: int


@contextmanager
def running_server(
    command: Callable[[int], Sequence[str]],
    ready_path: str,
    *,
    env: dict[str, str] | None = None,
    cwd: str | None = None,
    wait: float = 60.0,
) -> Iterator[Server]:
    """Run ``command(port)`` until ``GET ready_path`` answers 2xx; yield the server; stop it."""
    port = free_port()
    with tempfile.TemporaryFile() as stderr:
        proc = subprocess.Popen(
            list(command(port)), cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + wait
            while True:
                if proc.poll() is not None:
                    stderr.seek(0)
                    raise RuntimeError(
                        f"server died (exit {proc.returncode}):\n{stderr.read().decode()}"
                    )
                try:
                    if httpx.get(url + ready_path, timeout=2).is_success:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"server did not answer {ready_path} within {wait:.0f} s")
                time.sleep(0.2)
            yield Server(url, proc.pid)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
