"""Warta behind the edge it ships (`warta edge-config nginx`) against nginx serving the same bytes
as a static file, the physical limit on this machine, in one run.

It starts everything itself: a Warta site on SQLite (`warta serve`), nginx with the generated
configuration in front of it, and a second nginx that serves the article page's bytes, exactly
as the edge sends them (brotli), from a file: with the headers Warta's answer carries (the
same bytes on the wire), bare, and with Debian's defaults. wrk loads each in turn,
alternating, and the script prints requests per second and the ratios, then the time from a
publish (by another process, as the worker or a second app server) to the new story on the
home page, the section page and the tag page through the edge.

    .venv/bin/python bench/edge.py
    .venv/bin/python bench/edge.py --duration 5 --rounds 1   # quicker

Needs Debian's nginx and wrk (make test-deps installs nginx; `apt-get install wrk`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from email.message import Message
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers import free_port, warta_command, warta_env, warta_server  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
# What every static server here shares.
STATIC_PRELUDE = """
{load}{user}worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
"""
# The file servers: no module loaded, as the strict baseline.
FILE_SERVERS = """
    # Each answers the article's own address, so nginx reads the same request as the edge's.
    # An address ending in "/" is never a file to nginx: a static site served by nginx reaches
    # it through try_files (or index), and so do these.
    server {{
        listen 127.0.0.1:{port_stock};
        # As Debian's nginx serves a file.
        location = {path} {{
            root {prefix};
            try_files /article.br =404;
            default_type "text/html; charset=utf-8";
            add_header Content-Encoding br;
            add_header Vary Accept-Encoding;
        }}
    }}
    server {{
        listen 127.0.0.1:{port_tuned};
        # nginx at its fastest for one small file: kept open, sent with its headers in one
        # write (sendfile's corking costs two system calls a request more).
        location = {path} {{
            root {prefix};
            try_files /article.br =404;
            sendfile off;
            open_file_cache max=1000 inactive=60s;
            default_type "text/html; charset=utf-8";
            add_header Content-Encoding br;
            add_header Vary Accept-Encoding;
        }}
    }}
    server {{
        listen 127.0.0.1:{port_same};
        # The same, with the headers Warta's answer carries: the same bytes on the wire.
        location = {path} {{
            root {prefix};
            try_files /article.br =404;
            sendfile off;
            open_file_cache max=1000 inactive=60s;
            default_type "text/html; charset=utf-8";
            add_header Content-Encoding br;
            add_header Vary Accept-Encoding;
{headers}        }}
    }}
    server {{
        listen 127.0.0.1:{port_short};
        # The same bytes and headers at a short address, with no try_files (sessions 11-15's
        # baseline): nginx parses a shorter request line and opens the file once.
        location = /article {{
            alias {prefix}/article.br;
            sendfile off;
            open_file_cache max=1000 inactive=60s;
            default_type "text/html; charset=utf-8";
            add_header Content-Encoding br;
            add_header Vary Accept-Encoding;
{headers}        }}
    }}
}}
"""
# In an nginx of its own, which loads the brotli_static module.
SITE_SERVER = """
    server {{
        listen 127.0.0.1:{port_site};
        # As a static site is served: the page at its own address (index.html), its
        # precompressed copies beside it, nginx choosing the one the reader accepts.
        location / {{
            root {prefix}/site;
            try_files ${{uri}}index.html =404;
            brotli_static on;
            gzip_static on;
            gzip_vary on;
            sendfile off;
            open_file_cache max=1000 inactive=60s;
            types {{ }}
            default_type "text/html; charset=utf-8";
{headers}        }}
    }}
}}
"""


def get(url: str, **headers: str) -> tuple[bytes, Message]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - loopback only
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.read(), response.headers


def wrk(url: str, seconds: int, connections: int) -> tuple[float, float]:
    """Requests per second, and the median latency in milliseconds."""
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            "Accept-Encoding: br",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    median = re.search(r"50%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[median.group(2)]
    return rate, float(median.group(1)) * scale


# What nginx itself writes for a file, or no page needs: the rest of a kept page's headers are
# added to the static copy.
OWN_HEADERS = {
    "server",
    "date",
    "content-type",
    "content-length",
    "connection",
    "content-encoding",
    "vary",
    "last-modified",
    "accept-ranges",
    "etag",
    "x-cache",
}


def page_headers(headers: Message) -> str:
    """add_header lines for the headers of Warta's answer that a static file lacks."""
    lines = []
    for name, value in headers.items():
        if name.lower() not in OWN_HEADERS:
            lines.append(
                f"            add_header {name} '{value}';\n"
                if '"' in value
                else f'            add_header {name} "{value}";\n'
            )
    return "".join(lines)


def ask(port: int, path: str, count: int) -> None:
    """`count` requests for `path` on one kept-alive connection, as wrk sends them, each answer
    read whole."""
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Encoding: br\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
        pending = b""
        for _ in range(count):
            connection.sendall(request)
            while True:
                end = pending.find(b"\r\n\r\n")
                if end >= 0:
                    length = int(re.search(rb"Content-Length: (\d+)", pending[:end]).group(1))
                    if len(pending) >= end + 4 + length:
                        assert pending.startswith(b"HTTP/1.1 200"), pending[:end]
                        pending = pending[end + 4 + length :]
                        break
                chunk = connection.recv(65536)
                if not chunk:
                    raise SystemExit(f"nginx closed the connection asking for {path}")
                pending += chunk


def instructions(conf: Path, port: int, prefix: Path, path: str) -> float:
    """User-space instructions one nginx process spends per request, counted by valgrind's
    callgrind: unlike requests per second, the same figure whatever else the machine does.
    Two runs of different lengths, so that starting and stopping cancel out."""
    single = conf.read_text().replace(
        "worker_processes auto;", "worker_processes 1;\ndaemon off;\nmaster_process off;"
    )
    counted = prefix / "counted.conf"
    counted.write_text(single)
    totals = []
    for count in (500, 2500):
        out = prefix / f"callgrind.{count}"
        process = subprocess.Popen(
            [
                *("valgrind", "--tool=callgrind", f"--callgrind-out-file={out}"),
                *(NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(counted)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.time() > deadline or process.poll() is not None:
                    raise SystemExit(f"nginx under valgrind did not start ({prefix})") from None
                time.sleep(0.2)
        ask(port, path, count)
        process.send_signal(signal.SIGQUIT)
        process.wait(timeout=120)
        totals.append(int(re.search(r"^summary: (\d+)", out.read_text(), re.M).group(1)))
    return (totals[1] - totals[0]) / 2000


def edge_config(
    env: dict, port: int, upstream: str, prefix: Path, conf: Path, lane: Path | None
) -> None:
    warta_command(
        env,
        *("edge-config", "nginx", "--listen", f"127.0.0.1:{port}", "--upstream", upstream),
        *("--standalone", str(prefix), "--cache-dir", str(prefix / "cache"), "-o", str(conf)),
        *(("--lane", str(lane)) if lane else ("--lane", "")),
    )


def from_file(url: str) -> tuple[bytes, Message]:
    """The page once the edge sends it from the file Warta wrote (nginx dates a file it sends;
    Warta's answers carry no date), and a second more, so every nginx worker holds it."""
    deadline = time.time() + 10
    while time.time() < deadline:
        body, headers = get(url, **{"Accept-Encoding": "br"})
        if "Last-Modified" in headers:
            time.sleep(1.1)
            return get(url, **{"Accept-Encoding": "br"})
        time.sleep(0.1)
    raise SystemExit(f"the edge never sent {url} from its file")


def start_nginx(conf: Path, prefix: Path) -> list[str]:
    command = [NGINX, "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(conf)]
    subprocess.run(command, check=True)
    return command


def publish_to_visible(env: dict, base: str, pages: list[str]) -> dict[str, float]:
    """Seconds from the commit of a publish (in another process) until no request to each page
    gets it without the story: when the last request that did not show it began. (A request
    begun later showed it; nginx may trust a file it holds until its clock's next second, so a
    request can only be judged by when it began.)"""
    headline = f"Tanggul darurat rampung, pengukuran {int(time.time())}"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "warta",
            "shell",
            "-c",
            f"from tests.edge import newsroom; newsroom.publish({headline!r})",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    stale: dict[str, float] = {}
    shown: set[str] = set()
    deadline = time.time() + 120
    while len(shown) < len(pages) and time.time() < deadline:
        for page in pages:
            if page in shown:
                continue
            began = time.time()
            if headline in get(base + page)[0].decode():
                shown.add(page)
            else:
                stale[page] = began
        time.sleep(0.02)
    output, _ = process.communicate(timeout=120)
    committed = json.loads(output.strip().splitlines()[-1])["committed"]
    return {page: max(0.0, stale.get(page, committed) - committed) for page in shown}


def static_config(
    prefix: Path, ports: dict[str, int], article: str, headers: Message, lane: Path
) -> tuple[Path, Path]:
    """The static servers, in two nginx: the article's bytes as a file (article.br), and as a
    static site keeps the page (site/<address>/index.html with the .br and .gz copies Warta
    wrote, which needs the brotli_static module). Returns their configurations."""
    page = lane / "pages" / article.strip("/")
    (prefix / "article.br").write_bytes((page / "index.html.br").read_bytes())
    site_prefix = prefix / "site-nginx"
    site_prefix.mkdir()
    shutil.copytree(page, site_prefix / "site" / article.strip("/"))
    values = {
        **{f"port_{name}": number for name, number in ports.items()},
        "path": article,
        "user": "user root;\n" if os.geteuid() == 0 else "",
        "headers": page_headers(headers),
    }
    files, site = prefix / "static.conf", site_prefix / "site.conf"
    files.write_text((STATIC_PRELUDE + FILE_SERVERS).format(prefix=prefix, load="", **values))
    load = f"load_module {BROTLI_MODULE};\n" if BROTLI_MODULE.exists() else ""
    site.write_text((STATIC_PRELUDE + SITE_SERVER).format(prefix=site_prefix, load=load, **values))
    return files, site


STATIC_PORTS = ("stock", "tuned", "same", "site", "short")


def count_instructions(
    env: dict, upstream: str, root: Path, article: str, headers: Message
) -> None:
    """The lane and the same file, each in one nginx process of its own under callgrind."""
    lane_prefix, file_prefix = root / "count-lane", root / "count-file"
    lane_port = free_port()
    lane_prefix.mkdir()
    lane_conf = root / "count-lane.conf"
    edge_config(env, lane_port, upstream, lane_prefix, lane_conf, root / "lane")
    file_prefix.mkdir()
    ports = {name: free_port() for name in STATIC_PORTS}
    file_conf, site_conf = static_config(file_prefix, ports, article, headers, root / "lane")
    same = instructions(file_conf, ports["same"], file_prefix, article)
    site = instructions(site_conf, ports["site"], site_conf.parent, article)
    lane = instructions(lane_conf, lane_port, lane_prefix, article)
    print(
        f"instructions per request (callgrind, one nginx process): the same file {same:,.0f}, "
        f"as a static site {site:,.0f}, the lane {lane:,.0f}; the file / the lane: "
        f"{same / lane:.2f}; the static site / the lane: {site / lane:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument(
        "--no-count",
        dest="count",
        action="store_false",
        help="skip counting nginx's instructions per request with valgrind",
    )
    args = parser.parse_args()
    for tool in ("wrk", NGINX):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed")
    root = Path(tempfile.mkdtemp(prefix="warta-bench-edge-"))
    data, edge_prefix, static_prefix = root / "data", root / "edge", root / "static"
    cache_prefix = root / "edge-cache"
    for prefix in (edge_prefix, static_prefix, cache_prefix):
        prefix.mkdir()
    port, cache_port = free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    extra = {
        "WARTA_EDGE_URLS": base,
        "WARTA_EDGE_LANE": str(root / "lane"),
        "WARTA_TRUSTED_PROXIES": "127.0.0.1",
        "WARTA_SITE_URL": base,
    }
    stops = []
    with warta_server(data, env=extra) as origin:
        env = warta_env(data, base, extra)
        upstream = origin.removeprefix("http://")
        conf = root / "edge.conf"
        edge_config(env, port, upstream, edge_prefix, conf, root / "lane")
        stops.append(start_nginx(conf, edge_prefix))
        # The same edge without the lane: nginx's own cache answers every hit.
        cache_conf = root / "edge-cache.conf"
        edge_config(env, cache_port, upstream, cache_prefix, cache_conf, None)
        stops.append(start_nginx(cache_conf, cache_prefix))
        try:
            article = json.loads(
                warta_command(
                    env,
                    "shell",
                    "-c",
                    "from tests.edge import newsroom; newsroom.setup(paragraphs=14)",
                )
                .strip()
                .splitlines()[-1]
            )["articles"][0]
            body, headers = from_file(base + article)
            assert headers.get("X-Cache") == "HIT" and headers.get("Content-Encoding") == "br", (
                headers
            )
            cached = f"http://127.0.0.1:{cache_port}{article}"
            get(cached, **{"Accept-Encoding": "br"})
            time.sleep(0.2)  # nginx keeps its copy once the answer has gone out
            again, cache_headers = get(cached, **{"Accept-Encoding": "br"})
            assert cache_headers.get("X-Cache") == "HIT" and again == body, cache_headers
            ports = {name: free_port() for name in STATIC_PORTS}
            static_conf, site_conf = static_config(
                static_prefix, ports, article, headers, root / "lane"
            )
            stops.append(start_nginx(static_conf, static_prefix))
            stops.append(start_nginx(site_conf, site_conf.parent))
            time.sleep(0.5)
            static, tuned, same_file, site = (
                f"http://127.0.0.1:{ports[name]}{article}"
                for name in ("stock", "tuned", "same", "site")
            )
            short = f"http://127.0.0.1:{ports['short']}/article"
            for url in (static, tuned, same_file, short, site):
                same, _ = get(url, **{"Accept-Encoding": "br"})
                assert same == body
            cases = {
                "nginx static, the same bytes and headers": same_file,
                "nginx static, the same bytes, bare": tuned,
                "nginx static, Debian's defaults (sendfile)": static,
                "Warta behind its edge, a kept article (the lane)": base + article,
                "the same edge without the lane (nginx's cache)": cached,
                "nginx static, same bytes and headers at /article": short,
                "nginx static, as a static site (index.html, .br)": site,
            }
            rates: dict[str, list[float]] = {name: [] for name in cases}
            medians: dict[str, list[float]] = {name: [] for name in cases}
            for _ in range(args.rounds):
                for name, url in cases.items():
                    rate, _median = wrk(url, args.duration, args.connections)
                    rates[name].append(rate)
                    medians[name].append(wrk(url, 3, 1)[1])
            print(
                f"article page, {len(body):,} bytes brotli; wrk -t2 -c{args.connections}, "
                f"{args.duration} s x {args.rounds} rounds, alternating; medians of rounds"
            )
            print(f"{'case':48} {'requests/s':>12} {'p50 at 1 conn':>14}  rounds")
            for name in cases:
                print(
                    f"{name:48} {statistics.median(rates[name]):12,.0f} "
                    f"{statistics.median(medians[name]):11.3f} ms  "
                    f"{min(rates[name]):,.0f}-{max(rates[name]):,.0f}"
                )
            # Each round's ratio, the lane to the same file measured just before it: the
            # machine's load changes between rounds more than between neighbours.
            lane_name, same_name = list(cases)[3], list(cases)[0]
            each = [
                lane / same for lane, same in zip(rates[lane_name], rates[same_name], strict=True)
            ]
            print(
                "the lane / the same file, round by round: " + ", ".join(f"{r:.2f}" for r in each)
            )
            same, bare, stock, edge, cache, at_short, as_site = (
                statistics.median(rates[name]) for name in cases
            )
            print(
                f"ratio, Warta's edge to nginx static with the same headers: {edge / same:.2f} "
                f"(goal: at least 0.90); to the bare file: {edge / bare:.2f}; "
                f"to Debian's defaults: {edge / stock:.2f}; without the lane: "
                f"{cache / same:.2f} of the same file; to the file at a short address without "
                f"try_files: {edge / at_short:.2f}; to the page as a static site keeps it: "
                f"{edge / as_site:.2f}"
            )
            if args.count and shutil.which("valgrind"):
                count_instructions(env, upstream, root, article, headers)
            pages = ["/", "/nasional/", "/tag/banjir-rob/"]
            for page in pages:
                get(base + page)
            delays = publish_to_visible(env, base, pages)
            shown = ", ".join(f"{page} {delay:.2f} s" for page, delay in delays.items())
            print(f"publish to visible through the edge: {shown} (goal: at most 1 s)")
        finally:
            for command in stops:
                subprocess.run([*command, "-s", "stop"], check=False)


if __name__ == "__main__":
    main()
