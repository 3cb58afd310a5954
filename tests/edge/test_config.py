"""`warta edge-config nginx` writes a configuration Debian's nginx accepts, in both forms: the
site file a newsroom drops into /etc/nginx/sites-enabled/ (here with TLS and two app servers)
and the standalone nginx.conf the tests and the bench run."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def nginx_accepts(main: Path, prefix: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NGINX, "-t", "-p", str(prefix), "-e", str(prefix / "error.log"), "-c", str(main)],
        capture_output=True,
        text=True,
    )


@pytest.fixture
def nginx():
    if not Path(NGINX).exists():
        pytest.skip("nginx is not installed (make test-deps installs Debian's nginx)")


def test_the_site_file_with_tls_and_two_app_servers(nginx, tmp_path, settings):
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")]
        + ["-subj", "/CN=warta.example.id"],
        check=True,
        capture_output=True,
    )
    site = tmp_path / "warta.conf"
    call_command(
        "edge_config",
        "nginx",
        *("--listen", "443", "--server-name", "warta.example.id"),
        *("--certificate", str(tmp_path / "cert.pem")),
        *("--certificate-key", str(tmp_path / "key.pem")),
        *("--upstream", "10.0.0.11:8000", "--upstream", "10.0.0.12:8000"),
        *("--cache-dir", str(tmp_path / "cache"), "-o", str(site)),
    )
    text = site.read_text()
    assert "server 10.0.0.11:8000" in text and "server 10.0.0.12:8000" in text
    assert "return 301 https://$host$request_uri;" in text
    assert f"client_max_body_size {settings.WARTA_MEDIA_MAX_UPLOAD_MB + 1}m;" in text
    assert "/originals" not in text
    module = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
    main = tmp_path / "nginx.conf"
    main.write_text(
        (f"load_module {module};\n" if module.exists() else "")
        + f"pid {tmp_path}/nginx.pid;\nevents {{}}\n"
        + f"http {{\ninclude /etc/nginx/mime.types;\ninclude {site};\n}}\n"
    )
    checked = nginx_accepts(main, tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_the_standalone_file(nginx, tmp_path):
    conf = tmp_path / "nginx.conf"
    call_command(
        "edge_config",
        "nginx",
        *("--listen", "127.0.0.1:8080", "--standalone", str(tmp_path), "-o", str(conf)),
        *("--cache-dir", str(tmp_path / "cache")),
    )
    checked = nginx_accepts(conf, tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_the_standalone_file_with_the_lane(nginx, tmp_path, settings):
    settings.WARTA_EDGE_URLS = ["http://127.0.0.1:8080"]
    conf = tmp_path / "nginx.conf"
    call_command(
        "edge_config",
        "nginx",
        *("--listen", "127.0.0.1:8080", "--standalone", str(tmp_path), "-o", str(conf)),
        *("--cache-dir", str(tmp_path / "cache"), "--lane", str(tmp_path / "lane")),
    )
    text = conf.read_text()
    assert f"root {tmp_path / 'lane' / 'pages'};" in text
    assert "try_files $warta_lane_gate${uri}index.html @warta;" in text
    assert 'add_header X-Frame-Options "DENY";' in text
    checked = nginx_accepts(conf, tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_the_lane_without_brotli_sends_gzip(nginx, tmp_path, settings):
    """Without Debian's brotli module nginx would refuse brotli_static: the lane's pages then
    go out gzip to every browser that takes it."""
    settings.WARTA_EDGE_URLS = ["http://127.0.0.1:8080"]
    conf = tmp_path / "nginx.conf"
    call_command(
        "edge_config",
        "nginx",
        *("--listen", "127.0.0.1:8080", "--standalone", str(tmp_path), "-o", str(conf)),
        *("--cache-dir", str(tmp_path / "cache"), "--lane", str(tmp_path / "lane")),
        "--no-brotli",
    )
    text = conf.read_text()
    assert "brotli_static" not in text and "load_module" not in text
    assert "gzip_static on;" in text.split("location / {")[1]
    checked = nginx_accepts(conf, tmp_path)
    assert checked.returncode == 0, checked.stderr


def test_no_lane_unless_asked(tmp_path, settings):
    settings.WARTA_EDGE_LANE = ""
    conf = tmp_path / "nginx.conf"
    call_command("edge_config", "nginx", "-o", str(conf))
    text = conf.read_text()
    assert "warta_lane" not in text and "location @warta" not in text


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--certificate", "/etc/ssl/warta.pem"], "go together"),
        (["--upstream", "app-server"], "--upstream must look like HOST:PORT"),
        (["--listen", "port-delapan"], "--listen must look like HOST:PORT"),
    ],
)
def test_mistakes_are_told_plainly(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("edge_config", "nginx", *arguments)


def test_the_secret_must_suit_nginx(settings):
    settings.WARTA_EDGE_SECRET = "pendek"
    with pytest.raises(CommandError, match="16 to 40 letters and digits"):
        call_command("edge_config", "nginx")


def test_the_command_is_spelled_as_operators_type_it():
    import os
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "warta", "edge-config", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ},
    )
    assert done.returncode == 0
    assert "nginx" in done.stdout and "--upstream" in done.stdout
