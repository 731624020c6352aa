"""A throwaway PostgreSQL server for tests: initdb in a temp dir, listening on 127.0.0.1.

Uses Debian's postgresql package (``/usr/lib/postgresql/N/bin``). initdb refuses to run as
root, so as root the server runs as the ``postgres`` user. ``start()`` returns None, with the
reason in ``why``, where the binaries or that user are missing.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile


def _bindir() -> str | None:
    for d in [os.path.dirname(shutil.which("initdb") or "")] + sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if d and os.path.exists(os.path.join(d, "initdb")) and os.path.exists(os.path.join(d, "pg_ctl")):
            return d
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self) -> None:
        self.why = ""
        self.url: str | None = None
        self._dir: str | None = None
        self._as: list[str] = []
        self._bin = ""

    def start(self, *, durable: bool = False) -> "Server | None":
        """``durable``: fsync on (benchmarks beside SQLite's synchronous=FULL); tests run without."""
        self._bin = _bindir() or ""
        if not self._bin:
            self.why = "PostgreSQL server binaries (initdb, pg_ctl) are not installed (apt-get install postgresql)"
            return None
        self._dir = tempfile.mkdtemp(prefix="bw-pg-")
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                self.why = "running as root and there is no postgres user to run the server as"
                return None
            os.chown(self._dir, user.pw_uid, user.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        data, port = os.path.join(self._dir, "data"), _free_port()
        self._run([f"{self._bin}/initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                   "--locale=C.UTF-8", "--no-sync"])
        opts = f"-h 127.0.0.1 -p {port} -k {self._dir}{'' if durable else ' -F'} -c max_connections=200"
        self._run([f"{self._bin}/pg_ctl", "-D", data, "-o", opts, "-l", os.path.join(self._dir, "log"), "-w", "start"])
        self.url = f"postgresql://postgres@127.0.0.1:{port}/postgres"
        return self

    def _run(self, cmd: list[str]) -> None:
        p = subprocess.run(self._as + cmd, capture_output=True, text=True, timeout=120)
        if p.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {p.stdout}\n{p.stderr}")

    def database(self, name: str) -> str:
        """A fresh empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def clone(self, template: str, name: str) -> str:
        """A fresh copy of database ``template`` (nobody may be connected to it); its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
            c.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        if self._dir and self.url:
            try:
                self._run([f"{self._bin}/pg_ctl", "-D", os.path.join(self._dir, "data"), "-m", "immediate", "-w", "stop"])
            except (RuntimeError, subprocess.TimeoutExpired):
                pass
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None
