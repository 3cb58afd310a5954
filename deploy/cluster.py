"""A whole Warta cluster on one machine, on loopback ports: what a newsroom runs on several.

    make cluster                          # start it with the demo newsroom; Ctrl+C stops it
    .venv/bin/python deploy/cluster.py --help

It uses the machine's PostgreSQL (a database of its own, dropped at the end) and Redis (keys
under a prefix of its own), and starts an S3-compatible object store for the photos (moto's
server mode; in production AWS S3, Cloudflare R2 or MinIO), three app servers (`warta serve`,
each with its own data folder: nothing is shared but the database, the cache and the bucket),
two workers (`warta worker`), and nginx in front as load balancer and edge, configured by
`warta edge-config nginx`. Each process logs to <folder>/logs/. tests/cluster drives it.

With --replica, it starts a PostgreSQL primary and a replica streaming from it instead of
using the machine's server (deploy/postgres_pair.py), and the app servers' reader pages read
the replica (warta/replica.py).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from deploy.ports import free_port
from deploy.postgres_pair import PostgresPair

ROOT = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BUCKET = "warta-media"
# docs/operations.md gives the same policy: renditions are public, originals are not.
PUBLIC_RENDITIONS = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "RenditionsArePublic",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/renditions/*",
        }
    ],
}


def answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=2)  # noqa: S310 - loopback only
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True


def wait_for(url: str, what: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not answers(url):
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer at {url} within {seconds:.0f} s")
        time.sleep(0.2)


@dataclass
class Cluster:
    """Start with `start()`, stop with `stop()` (or use it as a context manager)."""

    folder: Path
    apps: int = 3
    workers: int = 2
    postgres: str = "postgres://postgres@127.0.0.1:5432/postgres"
    redis: str = "redis://127.0.0.1:6379/14"
    # How often the workers look for due articles (the default, 15 s, suits production).
    interval: float = 1.0
    # A PostgreSQL primary and a streaming replica of the cluster's own (deploy/postgres_pair)
    # instead of the machine's server: reader pages read the replica (warta/replica.py).
    replica: bool = False
    name: str = field(default_factory=lambda: f"warta_cluster_{secrets.token_hex(4)}")
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def url(self) -> str:
        """The edge: where readers and the desk come in."""
        return f"http://127.0.0.1:{self.ports['edge']}"

    def app_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.ports[f'app{number}']}"

    @property
    def database_url(self) -> str:
        parts = urlsplit(self.postgres)
        return urlunsplit(parts._replace(path=f"/{self.name}"))

    @property
    def s3_url(self) -> str:
        return f"http://127.0.0.1:{self.ports['s3']}"

    def env(self, data: Path) -> dict[str, str]:
        env = {
            **os.environ,
            "WARTA_DATA_DIR": str(data),
            "WARTA_DEBUG": "false",
            "WARTA_SECRET_KEY": self.secret_key,
            "WARTA_SITE_URL": self.url,
            "WARTA_DATABASE_URL": self.database_url,
            "WARTA_REDIS_URL": self.redis,
            "WARTA_CACHE_PREFIX": self.name,
            "WARTA_EDGE_URLS": self.url,
            "WARTA_TRUSTED_PROXIES": "127.0.0.1",
            "WARTA_MEDIA_STORAGE": "s3",
            "WARTA_MEDIA_S3_BUCKET": BUCKET,
            "WARTA_MEDIA_S3_ENDPOINT": self.s3_url,
            "WARTA_MEDIA_S3_REGION": "us-east-1",
            "WARTA_MEDIA_S3_ACCESS_KEY": "warta",
            "WARTA_MEDIA_S3_SECRET_KEY": self.secret_key[:40],
            "WARTA_MEDIA_URL": f"{self.s3_url}/{BUCKET}",
        }
        if self.replica:
            env["WARTA_REPLICA_DATABASE_URL"] = self.pair.url("replica", self.name)
        return env

    def warta(self, *args: str, data: Path | None = None, timeout: float = 600) -> str:
        """`warta <args>` as a process of the cluster (the first app server's folder)."""
        done = subprocess.run(
            [sys.executable, "-m", "warta", *args],
            env=self.env(data or self.folder / "app1"),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise RuntimeError(f"warta {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def _spawn(self, name: str, command: list[str], env: dict[str, str]) -> None:
        # Each in a process group of its own: an app server is granian and the worker it forks,
        # and stopping or killing the server must stop both (a killed main alone left its worker
        # serving on the port).
        log = (self.folder / "logs" / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

    @staticmethod
    def _signal(process: subprocess.Popen, number: signal.Signals) -> None:
        try:
            os.killpg(process.pid, number)
        except ProcessLookupError:
            pass

    # The parts, in the order start() starts them.

    def _database(self) -> None:
        import psycopg

        if self.replica:
            # In a folder of /tmp of its own, which the postgres account can reach.
            self.pair = PostgresPair(fast=True).start()
            self.postgres = self.pair.primary_url

        with psycopg.connect(self.postgres, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{self.name}"')

    def _object_store(self) -> None:
        import boto3

        self._spawn(
            "s3",
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.ports["s3"])],
            dict(os.environ),
        )
        wait_for(self.s3_url, "the object store")
        client = boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id="warta",
            aws_secret_access_key=self.secret_key[:40],
            region_name="us-east-1",
        )
        client.create_bucket(Bucket=BUCKET)
        client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_RENDITIONS))

    def start_app(self, number: int, *, wait: bool = True) -> None:
        data = self.folder / f"app{number}"
        port = self.ports[f"app{number}"]
        self._spawn(
            f"app{number}",
            [sys.executable, "-m", "warta", "serve", "--addr", f"127.0.0.1:{port}"],
            self.env(data),
        )
        if wait:
            wait_for(self.app_url(number) + "/robots.txt", f"app server {number}")

    def stop_app(self, number: int, *, kill: bool = False) -> None:
        """Stop one app server, or with `kill` end it at once, as a machine that dies would."""
        process = self.processes.pop(f"app{number}")
        self._signal(process, signal.SIGKILL if kill else signal.SIGTERM)
        process.wait(timeout=20)

    def _workers(self) -> None:
        for number in range(1, self.workers + 1):
            data = self.folder / f"worker{number}"
            command = [sys.executable, "-m", "warta", "worker", "--interval", str(self.interval)]
            self._spawn(f"worker{number}", command, self.env(data))

    def _edge(self) -> None:
        prefix = self.folder / "nginx"
        prefix.mkdir(exist_ok=True)
        conf = self.folder / "nginx.conf"
        upstreams = [
            argument
            for number in range(1, self.apps + 1)
            for argument in ("--upstream", f"127.0.0.1:{self.ports[f'app{number}']}")
        ]
        self.warta(
            *("edge-config", "nginx", "--listen", f"127.0.0.1:{self.ports['edge']}"),
            *upstreams,
            *("--standalone", str(prefix), "--cache-dir", str(prefix / "cache"), "-o", str(conf)),
        )
        self.nginx = [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)]
        subprocess.run(self.nginx, check=True)
        wait_for(self.url + "/robots.txt", "nginx")

    def start(self, *, demo: bool = False) -> Cluster:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / "logs").mkdir(exist_ok=True)
        self.secret_key = secrets.token_urlsafe(50)
        for name in ["edge", "s3", *(f"app{n}" for n in range(1, self.apps + 1))]:
            self.ports[name] = free_port()
        try:
            self._database()
            self._object_store()
            self.warta("demo", "--no-serve") if demo else self.warta("migrate", "-v0")
            for number in range(1, self.apps + 1):
                self.start_app(number, wait=False)
            for number in range(1, self.apps + 1):
                wait_for(self.app_url(number) + "/robots.txt", f"app server {number}")
            self._workers()
            self._edge()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if getattr(self, "nginx", None):
            subprocess.run([*self.nginx, "-s", "stop"], check=False, capture_output=True)
            self.nginx = []
        for process in self.processes.values():
            self._signal(process, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self._signal(process, signal.SIGKILL)
            self._signal(process, signal.SIGKILL)  # whatever of its group is left
        self.processes.clear()
        self._forget()

    def _forget(self) -> None:
        """Drop the cluster's database and its keys in Redis."""
        try:
            import psycopg

            with psycopg.connect(self.postgres, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        except Exception as error:  # noqa: BLE001 - stopping goes on; the database is named
            print(f"could not drop database {self.name}: {error}", file=sys.stderr)  # noqa: T201
        try:
            import redis

            client = redis.Redis.from_url(self.redis)
            for key in client.scan_iter(match=f"{self.name}:*", count=1000):
                client.delete(key)
        except Exception as error:  # noqa: BLE001
            print(f"could not clear Redis keys {self.name}:*: {error}", file=sys.stderr)  # noqa: T201
        if getattr(self, "pair", None):
            self.pair.stop()

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", default="var/cluster", help="logs and data (var/cluster)")
    parser.add_argument("--apps", type=int, default=3, help="app servers (3)")
    parser.add_argument("--workers", type=int, default=2, help="workers (2)")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("PG_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL the cluster may create its database in",
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14", help="Redis to use")
    parser.add_argument("--no-demo", action="store_true", help="start empty, without demo news")
    parser.add_argument(
        "--replica",
        action="store_true",
        help="a PostgreSQL primary and a streaming replica of its own, for the reader pages",
    )
    args = parser.parse_args()
    folder = Path(args.folder).resolve()
    if folder.exists():
        shutil.rmtree(folder)
    cluster = Cluster(
        folder,
        apps=args.apps,
        workers=args.workers,
        postgres=args.postgres,
        redis=args.redis,
        replica=args.replica,
    )
    write = sys.stdout.write
    write("Starting PostgreSQL database, object store, app servers, workers and nginx...\n")
    cluster.start(demo=not args.no_demo)
    write(f"Warta cluster: {cluster.url}/ (nginx, the edge in front of every app server)\n")
    for number in range(1, cluster.apps + 1):
        write(f"  app server {number}: {cluster.app_url(number)}/\n")
    write(f"  workers: {cluster.workers}; object store: {cluster.s3_url}/{BUCKET}\n")
    write(f"  database: {cluster.database_url}; Redis: {cluster.redis} ({cluster.name}:*)\n")
    if cluster.replica:
        write(f"  replica for reader pages: {cluster.pair.url('replica', cluster.name)}\n")
    write(f"  logs: {folder / 'logs'}; stop with Ctrl+C\n")
    if not args.no_demo:
        write(f"  staff accounts: {folder / 'app1' / 'demo-accounts.json'}\n")
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping:
            time.sleep(0.5)
            dead = [
                name for name, process in cluster.processes.items() if process.poll() is not None
            ]
            if dead:
                write(f"stopped on its own: {', '.join(dead)} (see the logs); stopping the rest\n")
                break
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
        write("Cluster stopped; its database and cache keys are gone.\n")


if __name__ == "__main__":
    main()
