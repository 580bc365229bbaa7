"""A real Virtuoso 7 (Debian's ``virtuoso-opensource``) for the tests: its own database and
virtuoso.ini in a temporary folder, on 127.0.0.1 and free ports, with SPARQL Update granted
to the anonymous SPARQL user (as an administrator does to let a client push)."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .support_server import free_port, running_server

INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1
DirsAllowed = ., {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}
ServerThreads = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""

GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


def isql(sql_port: int, statements: str, wait: float = 20.0) -> None:
    """Run SQL as the administrator (a fresh database's dba/dba), retrying while it starts."""
    binary = shutil.which("isql-vt") or shutil.which("isql")
    assert binary, "isql-vt (Debian package virtuoso-opensource) is not on PATH"
    deadline = time.monotonic() + wait
    while True:
        done = subprocess.run(
            [binary, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec={statements}"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        if done.returncode == 0 and "Error" not in done.stdout + done.stderr:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"isql failed: {done.stdout}{done.stderr}")
        time.sleep(0.5)


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[str]:
    """Virtuoso on 127.0.0.1 with its own database in ``folder``; yields its ``/sparql`` URL."""
    binary = shutil.which("virtuoso-t")
    assert binary, "virtuoso-t is missing: apt-get install virtuoso-opensource"
    folder.mkdir(parents=True, exist_ok=True)
    sql_port = free_port()

    def command(http_port: int) -> list[str]:
        ini = folder / "virtuoso.ini"
        ini.write_text(INI.format(dir=folder, sql_port=sql_port, http_port=http_port))
        return [binary, "-f", "-c", str(ini)]

    with running_server(command, "/sparql?query=ASK%7B%7D", cwd=str(folder), wait=60) as server:
        isql(sql_port, GRANTS)
        yield server.url + "/sparql"
