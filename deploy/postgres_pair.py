"""A PostgreSQL primary and a replica streaming from it, on loopback ports, in one folder.

deploy/cluster.py starts it for `make cluster --replica`, and tests/cluster/test_replica.py
drives it. A newsroom's own replica is set up the same way (docs/operations.md): the primary
allows replication connections, `pg_basebackup -R` copies it and writes the replica's
connection settings, and the copy, started, replays what the primary writes.

The machine's PostgreSQL binaries are used (Debian's postgresql package); PostgreSQL refuses to
run as root, so when root starts the pair its servers run as the postgres account.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from deploy.ports import free_port


def postgres_bin() -> Path | None:
    """The folder of initdb and pg_ctl: WARTA_PG_BIN, pg_config's answer, or Debian's newest."""
    if os.environ.get("WARTA_PG_BIN"):
        return Path(os.environ["WARTA_PG_BIN"])
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        folder = Path(found.stdout.strip())
        if (folder / "initdb").exists():
            return folder
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3])
    )
    return versions[-1].parent if versions else None


@dataclass
class PostgresPair:
    """Start with `start()`, stop with `stop()` (or use it as a context manager)."""

    folder: Path | None = None
    # Tests trade durability for speed; a newsroom's servers keep fsync on.
    fast: bool = False
    ports: dict[str, int] = field(default_factory=dict)

    def url(self, which: str, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.ports[which]}/{database}"

    @property
    def primary_url(self) -> str:
        return self.url("primary")

    @property
    def replica_url(self) -> str:
        return self.url("replica")

    def _run(self, *command: str | Path) -> None:
        as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        done = subprocess.run(
            [*as_postgres, *map(str, command)], capture_output=True, text=True, timeout=120
        )
        if done.returncode != 0:
            raise RuntimeError(f"{command[0]} failed:\n{done.stdout}{done.stderr}")

    def _data(self, which: str) -> Path:
        assert self.folder is not None
        return self.folder / which

    def _start(self, which: str) -> None:
        options = [
            f"-p {self.ports[which]}",
            "-c listen_addresses=127.0.0.1",
            f"-k {self._data(which)}",
        ]
        if self.fast:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            self.bin / "pg_ctl",
            *("-D", self._data(which), "-l", self.folder / f"{which}.log"),  # type: ignore[operator]
            *("-o", " ".join(options), "-w", "start"),
        )

    def start(self) -> PostgresPair:
        found = postgres_bin()
        if found is None:
            raise RuntimeError("PostgreSQL's server binaries are not installed (initdb, pg_ctl)")
        self.bin = found
        if self.folder is None:
            # Readable by the postgres account, which the folders of pytest's tmp_path are not.
            self.folder = Path(tempfile.mkdtemp(prefix="warta-postgres-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        self.ports = {"primary": free_port(), "replica": free_port()}
        try:
            # initdb's pg_hba.conf with trust lets loopback connect, replication included.
            self._run(
                self.bin / "initdb",
                *("-D", self._data("primary"), "-U", "postgres", "--auth=trust"),
                *("--encoding=UTF8", "--locale=C.UTF-8"),
            )
            self._start("primary")
            self._run(
                self.bin / "pg_basebackup",
                *("-h", "127.0.0.1", "-p", str(self.ports["primary"]), "-U", "postgres"),
                *("-D", self._data("replica"), "-R", "-X", "stream", "-c", "fast"),
            )
            self._start("replica")
        except BaseException:
            self.stop()
            raise
        return self

    def stop_server(self, which: str) -> None:
        if (self._data(which) / "postmaster.pid").exists():
            self._run(self.bin / "pg_ctl", "-D", self._data(which), "-m", "fast", "-w", "stop")

    def start_server(self, which: str) -> None:
        self._start(which)

    def stop(self) -> None:
        if self.folder is None or not self.folder.exists():
            return
        for which in ("replica", "primary"):
            try:
                self.stop_server(which)
            except RuntimeError as error:  # stopping goes on; the folder is removed below
                print(error)  # noqa: T201
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> PostgresPair:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
