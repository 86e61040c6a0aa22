"""Start the real action server and Rasa server for tests and benchmarks."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Text

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early; see {log}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout}s; see {log}")


class RasaServers:
    """Handle to a running action server + Rasa server pair."""

    def __init__(self, rasa_port: int, actions_port: int, workdir: Path):
        self.rasa_port = rasa_port
        self.actions_port = actions_port
        self.workdir = workdir
        self.url = f"http://127.0.0.1:{rasa_port}"

    def send(self, sender: Text, message: Text, timeout: float = 30) -> List[Dict]:
        """One user turn over the REST channel; returns the bot's messages."""
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        request = urllib.request.Request(
            f"{self.url}/webhooks/rest/webhook",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read().decode("utf-8"))


@contextlib.contextmanager
def running_servers(
    model: Path,
    workdir: Path,
    extra_env: Optional[Dict[str, str]] = None,
) -> Iterator[RasaServers]:
    """Start both servers on free ports with an SQLite tracker store in `workdir`."""
    workdir.mkdir(parents=True, exist_ok=True)
    rasa_port, actions_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(
        f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"
        f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {workdir / 'tracker.db'}\n",
        encoding="utf-8",
    )
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **(extra_env or {})}
    actions_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    processes: List[subprocess.Popen] = []
    try:
        with open(actions_log, "w") as out:
            processes.append(
                subprocess.Popen(
                    [str(BIN / "rasa"), "run", "actions", "--port", str(actions_port),
                     "--actions", "actions.actions"],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                )
            )
        with open(rasa_log, "w") as out:
            processes.append(
                subprocess.Popen(
                    [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints",
                     str(endpoints), "--credentials", str(ROOT / "credentials.yml"),
                     "--port", str(rasa_port)],
                    cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                )
            )
        _wait_for(f"http://127.0.0.1:{actions_port}/health", processes[0], actions_log)
        _wait_for(f"http://127.0.0.1:{rasa_port}/", processes[1], rasa_log)
        yield RasaServers(rasa_port, actions_port, workdir)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
