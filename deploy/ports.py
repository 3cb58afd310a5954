"""A free loopback port, for the servers the cluster, the benchmarks and the tests start."""

import socket


def free_port() -> int:
    """A port nothing listens on now; the caller's server binds it next (a race no test here
    loses: the kernel does not hand the same ephemeral port out again at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
