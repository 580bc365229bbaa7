"""Run one command as a subprocess and measure it: wall time and peak resident memory.

Each command runs in a session of its own, under ``/usr/bin/time -f %M``, which reports the peak
RSS of the command (of its largest process). ``os.wait4`` alone would not do: a child's
``ru_maxrss`` counts the memory of the harness it was forked from, before ``exec``. Without
``/usr/bin/time`` that is the fallback, and the numbers say so. A command that passes its time
limit is killed, with its whole process group, and reported as such.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from benchmarks import loadclient

TIME = Path("/usr/bin/time")


def timed_args(args: list[str], report: Path) -> list[str]:
    """``args`` under ``/usr/bin/time``, which writes the peak RSS (KB) to ``report``."""
    if not TIME.is_file():
        return args
    return [str(TIME), "-f", "%M", "-o", str(report), *args]


def peak_rss_mb(report: Path, fallback_kb: int) -> float:
    """The peak RSS ``/usr/bin/time`` wrote (its last line), else the ``wait4`` figure."""
    try:
        lines = report.read_text(encoding="utf-8").split()
        report.unlink()
        return int(lines[-1]) / 1024
    except (OSError, ValueError, IndexError):
        return fallback_kb / 1024


@dataclass
class Measured:
    seconds: float
    rss_mb: float
    returncode: int
    killed: bool = False
    error: str = ""  # the tail of stderr when the command failed

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.killed


def _kill(proc: subprocess.Popen[bytes], sig: int = signal.SIGKILL) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def _tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " / ".join(text[-lines:])[-400:]


def measure(
    args: list[str], env: dict[str, str], cwd: Path, log: Path, limit: float, stdout: Path | None
) -> Measured:
    """Run ``args`` to the end (or kill it after ``limit`` s); its stderr goes to ``log``."""
    log.parent.mkdir(parents=True, exist_ok=True)
    rss = log.with_suffix(".rss")
    out = stdout.open("wb") if stdout else open(os.devnull, "wb")  # noqa: SIM115
    with out, log.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            timed_args(args, rss), stdout=out, stderr=err, env=env, cwd=cwd, start_new_session=True
        )
        timer = threading.Timer(limit, _kill, (proc,))
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
    killed = seconds >= limit and proc.returncode < 0
    failed = proc.returncode != 0 and not killed
    return Measured(
        seconds,
        peak_rss_mb(rss, usage.ru_maxrss),
        proc.returncode,
        killed,
        _tail(log) if failed else "",
    )


@dataclass
class Served:
    qps: float
    rss_mb: float
    ready_seconds: float
    answered: int
    errors: int
    error: str = ""


def serve(
    args: list[str],
    env: dict[str, str],
    cwd: Path,
    log: Path,
    endpoint: str,
    query: str,
    clients: int,
    seconds: float,
    ready_limit: float,
    check: Callable[[bytes], str] | None = None,
    same: bool = False,
) -> Served:
    """Start a server, wait until it answers, load it with ``clients`` for ``seconds``, stop it.

    ``check`` looks at one answer to ``query`` before the load and returns a problem, or "".
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    rss = log.with_suffix(".rss")
    with log.open("wb") as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            timed_args(args, rss),
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
            cwd=cwd,
            start_new_session=True,
        )
        try:
            ready = loadclient.wait_ready(
                endpoint, start + ready_limit, alive=lambda: proc.poll() is None
            )
            ready_seconds = time.monotonic() - start
            problem = "" if ready else f"not ready after {ready_seconds:.0f} s"
            load = None
            if ready:
                status, body = loadclient.ask(endpoint, query, timeout=max(30.0, seconds))
                problem = f"HTTP {status}" if status != 200 else (check(body) if check else "")
            if ready and not problem:
                load = loadclient.run_load(endpoint, query, clients, seconds, same=same)
                if load.errors:
                    problem = f"{load.errors} errors, first: {load.first_error}"
        finally:
            # SIGINT: /usr/bin/time ignores it and waits for the server, which stops
            _kill(proc, signal.SIGINT)
            stopper = threading.Timer(15, _kill, (proc,))
            stopper.start()
            try:
                rss_mb = peak_rss_mb(rss, os.wait4(proc.pid, 0)[2].ru_maxrss)
            except ChildProcessError:  # already reaped by poll(): it died early
                rss_mb = 0.0
            finally:
                stopper.cancel()
    if problem and not load:
        problem = f"{problem}; {_tail(log)}"
    return Served(
        load.qps if load else 0.0,
        rss_mb,
        ready_seconds,
        load.answered if load else 0,
        load.errors if load else 0,
        problem,
    )
