"""Another site on the network, played by a small HTTP server on 127.0.0.2.

Outgoing fetches refuse loopback addresses, so tests allow this one address alone
(WARTA_FETCH_ALLOW_NETWORKS) and keep 127.0.0.1 as the "private" address a hostile URL points
at. Each route is a function of the request; the server records what it was asked.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

HOST = "127.0.0.2"


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    # Sent in pieces with a pause between them: a slow server.
    drip: float = 0.0
    # Endless: the body is sent again and again until the client hangs up.
    endless: bool = False


@dataclass
class Asked:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Route = Callable[[Asked], Answer]


class Origin:
    def __init__(self) -> None:
        self.routes: dict[str, Route | Answer] = {}
        self.asked: list[Asked] = []
        self.server = ThreadingHTTPServer((HOST, 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://{HOST}:{self.server.server_port}"

    def __setitem__(self, path: str, answer: Route | Answer) -> None:
        self.routes[path] = answer

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        origin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                asked = Asked(
                    self.command,
                    self.path,
                    {k.lower(): v for k, v in self.headers.items()},
                    self.rfile.read(length),
                )
                origin.asked.append(asked)
                route = origin.routes.get(self.path.split("?")[0])
                answer = (
                    Answer(404, b"not here")
                    if route is None
                    else route
                    if isinstance(route, Answer)
                    else route(asked)
                )
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                if not answer.endless:
                    self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                try:
                    if answer.endless:
                        while True:
                            self.wfile.write(answer.body)
                    elif answer.drip:
                        for byte in answer.body:
                            self.wfile.write(bytes([byte]))
                            self.wfile.flush()
                            time.sleep(answer.drip)
                    else:
                        self.wfile.write(answer.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_HEAD = _answer

        return Handler


@pytest.fixture
def origin(settings) -> Iterator[Origin]:
    settings.WARTA_FETCH_ALLOW_NETWORKS = [f"{HOST}/32"]
    server = Origin()
    thread = threading.Thread(target=server.server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()
