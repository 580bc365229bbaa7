"""The facts of the machine a benchmark ran on, so its numbers can be read later."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _run(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return done.stdout.strip() if done.returncode == 0 else "unknown"


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def machine(root: Path) -> dict[str, str]:
    """Cores, RAM, CPU model, OS, Python, library versions, the checkout's commit, the time."""
    ram_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    commit = _run(["git", "rev-parse", "--short=12", "HEAD"], root)
    dirty = _run(["git", "status", "--porcelain", "--untracked-files=no"], root)
    oxigraph = shutil.which("oxigraph")
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": str(os.cpu_count()),
        "RAM": f"{int(ram_kb) / 2**20:.1f} GiB" if ram_kb.isdigit() else "unknown",
        "CPU": _first("/proc/cpuinfo", "model name"),
        "OS": platform.platform(),
        "Python": sys.version.split()[0],
        "pyoxigraph": _version("pyoxigraph"),
        "rdflib": _version("rdflib"),
        "pyshacl": _version("pyshacl"),
        "oxigraph server": _run([oxigraph, "--version"], root) if oxigraph else "not found",
        "commit": commit + (" (with uncommitted changes)" if dirty not in ("", "unknown") else ""),
        "load average at start": load_average(),
    }
