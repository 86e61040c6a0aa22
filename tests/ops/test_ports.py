"""A port from free_port() stays ours until the server we start binds it."""

import socket
import subprocess
import sys
import urllib.request

import pytest

from vidensassistent.tooling.servers import _wait_for, free_port, release_port


def test_a_handed_out_port_cannot_be_taken_by_anyone_else():
    port = free_port()
    try:
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port))
        assert port not in {free_port() for _ in range(200)}
    finally:
        release_port(port)


def test_the_server_started_on_a_held_port_binds_it_and_answers(tmp_path):
    port = free_port()
    log = tmp_path / "http.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
            cwd=tmp_path,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", server, log, timeout=30)
        assert urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).status == 200
    finally:
        server.terminate()
        server.wait()
        release_port(port)
