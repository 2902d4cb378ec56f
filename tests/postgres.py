"""A throwaway PostgreSQL server for the office tests, from the Debian `postgresql` package on the machine.

`initdb` and `pg_ctl` put a cluster in a temporary folder, listening on 127.0.0.1 at a free port with
password (SCRAM) sign-in only; as root it runs as the `postgres` system user (the package's) or `nobody`,
since PostgreSQL refuses to run as root. The program reaches it as an ordinary role, `redi`, whose password
is in a libpq password file (PGPASSFILE), as an office would set it up. REDI_DESKTOP_TEST_POSTGRES may name
an existing server instead (a superuser URL, e.g. postgresql://postgres@db:5432/postgres; its password in
PGPASSFILE or PGPASSWORD): then only test databases are created and dropped there.

fsync is off: the tests kill clients, never the server, and the cluster is thrown away after the run.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

ROLE, ROLE_PASSWORD = "redi", "synthetic-office-role-password"
SUPERUSER, SUPER_PASSWORD = "pgadmin", "synthetic-superuser-password"


def bin_dir() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name)
                   if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _runner() -> list[str]:
    """How to run the server's programs: as ourselves, or as an unprivileged system user when root."""
    if os.geteuid() != 0:
        return []
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return ["runuser", "-u", name, "--"]
    raise RuntimeError("no unprivileged system user to run PostgreSQL as")


@dataclass
class Server:
    host: str
    port: int
    folder: Path | None  # the cluster's temporary folder (None: an existing server)
    passfile: Path
    superuser: str = SUPERUSER
    admin_db: str = "postgres"

    def url(self, database: str, user: str = ROLE) -> str:
        return f"postgresql://{user}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.superuser, dbname=self.admin_db,
                             passfile=str(self.passfile), autocommit=True) as con:
            con.execute(sql)

    def query(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(host=self.host, port=self.port, user=self.superuser, dbname=self.admin_db,
                             passfile=str(self.passfile), autocommit=True) as con:
            return con.execute(sql).fetchall()

    def new_database(self) -> str:
        name = "t_" + uuid.uuid4().hex[:12]
        self.admin(f"CREATE DATABASE {name} OWNER {ROLE}")
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def data_folder(self) -> Path | None:
        return self.folder / "data" if self.folder else None

    def stop(self) -> None:
        if self.folder is None:
            return
        subprocess.run([*_runner(), str(bin_dir() / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate",
                        "stop"], capture_output=True, timeout=60)
        shutil.rmtree(self.folder, ignore_errors=True)


def _passfile(folder: Path, host: str, port: int, lines: list[tuple[str, str]]) -> Path:
    path = folder / "pgpass"
    path.write_text("".join(f"{host}:{port}:*:{u}:{p}\n" for u, p in lines), encoding="utf-8")
    path.chmod(0o600)  # libpq ignores a password file others can read
    return path


def start() -> Server:
    existing = os.environ.get("REDI_DESKTOP_TEST_POSTGRES")
    if existing:
        from urllib.parse import urlsplit

        parts = urlsplit(existing)
        passfile = Path(os.environ.get("PGPASSFILE") or Path.home() / ".pgpass")
        server = Server(parts.hostname or "127.0.0.1", parts.port or 5432, None, passfile,
                        superuser=parts.username or "postgres", admin_db=parts.path.lstrip("/") or "postgres")
        server.admin(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN "
                     f"CREATE ROLE {ROLE} LOGIN PASSWORD '{ROLE_PASSWORD}'; END IF; END $$")
        return server
    binaries = bin_dir()
    if binaries is None:
        raise RuntimeError("PostgreSQL is not installed (the Debian package postgresql): run make test, whose "
                           "set-up installs it")
    folder = Path(tempfile.mkdtemp(prefix="redi-pg-"))
    folder.chmod(0o755)
    run_as = _runner()
    data, sockets = folder / "data", folder / "sockets"
    sockets.mkdir()
    pwfile = folder / "superuser-password"
    pwfile.write_text(SUPER_PASSWORD + "\n", encoding="utf-8")
    if run_as:
        user = run_as[2]
        for p in (sockets, pwfile):
            shutil.chown(p, user)
        data.mkdir()
        shutil.chown(data, user)
    port, host = _free_port(), "127.0.0.1"
    subprocess.run([*run_as, str(binaries / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=scram-sha-256",
                    f"--pwfile={pwfile}", "-E", "UTF8", "--locale=C", "--no-instructions"], check=True,
                   capture_output=True, timeout=180)
    pwfile.unlink()
    options = (f"-p {port} -k {sockets} -c listen_addresses={host} -c fsync=off -c full_page_writes=off "
               "-c synchronous_commit=off -c max_connections=60")
    subprocess.run([*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(sockets / "log"),
                    "-w", "-t", "60", "start"], check=True, capture_output=True, timeout=120)
    passfile = _passfile(folder, host, port, [(SUPERUSER, SUPER_PASSWORD), (ROLE, ROLE_PASSWORD)])
    server = Server(host, port, folder, passfile)
    server.admin(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{ROLE_PASSWORD}'")
    return server
