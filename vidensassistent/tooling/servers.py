"""Start the real action server and Rasa server for tests and benchmarks.

`running_servers()` starts a pair on free ports with the project's own
endpoints.yml (tracker store in an SQLite file in `workdir`) and credentials.yml.
The handle can stop, kill, pause and restart either server, for tests of
restarts and of an action server that is down or slow; `ManagedProcess`,
`action_server()` and `rasa_server()` start single servers (scale-out test).
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence, Text

import yaml

from vidensassistent.settings import ROOT

BIN = Path(sys.executable).parent
# The model `make train` writes (Makefile MODEL).
DEFAULT_MODEL = ROOT / "models" / "vidensassistent.tar.gz"

# Settings of the shell that must not leak into a test server (it would use the
# developer's PostgreSQL/Redis instead of the test's own store).
_STORE_ENV = ("DB_URL", "REDIS_URL")
# Shared secret between the Rasa server and the action server (vidensassistent.integration.serve),
# one per test run unless the caller's environment sets it.
_ACTION_SERVER_TOKEN = secrets.token_hex(32)


# Ports handed out by free_port(), each still bound by a socket of ours.
_HELD_PORTS: Dict[int, socket.socket] = {}


def free_port() -> int:
    """A free loopback port that stays reserved until release_port() (or this process ends).

    Closing the probe socket and starting the server later is a race: another test, server
    or client can take the port in between. So the probe socket stays bound (SO_REUSEADDR,
    never listening): no other bind, ephemeral or explicit, gets the port, while the server
    we start still binds it, because it sets SO_REUSEADDR too (Sanic for Rasa and the action
    server, http.server, nginx, Redis and PostgreSQL all do) and ours does not listen.
    """
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    _HELD_PORTS[port] = sock
    return port


def release_port(port: int) -> None:
    """Give up the reservation of a port from free_port() (once its server is gone)."""
    sock = _HELD_PORTS.pop(port, None)
    if sock is not None:
        sock.close()


def _url_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def _wait_for(
    url: str,
    process: subprocess.Popen,
    log: Path,
    timeout: float = 240,
    ready: Optional[Callable[[], bool]] = None,
) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early; see {log}:\n{log.read_text()[-3000:]}")
        if (ready or (lambda: _url_answers(url)))():
            return
        time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout}s; see {log}")


def server_env(extra_env: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _STORE_ENV}
    env["TF_CPP_MIN_LOG_LEVEL"] = "2"
    # One math thread per server, as scripts/run.sh does: OpenMP/OpenBLAS threads
    # spinning on both cores made a server 3-5x slower when anything else ran.
    env.setdefault("OMP_NUM_THREADS", "1")
    env.setdefault("ACTION_SERVER_TOKEN", _ACTION_SERVER_TOKEN)
    env["RASA_TELEMETRY_ENABLED"] = "false"
    env.update(extra_env or {})
    return env


class ManagedProcess:
    """One server process: start, wait until ready, stop, kill, pause, resume."""

    def __init__(
        self,
        args: Sequence[str],
        log: Path,
        ready_url: str,
        env: Optional[Dict[str, str]] = None,
        ready: Optional[Callable[[], bool]] = None,
        stop_signal: int = signal.SIGTERM,
        **popen_kwargs: Any,
    ) -> None:
        """`ready` replaces the HTTP check of `ready_url` (e.g. for a database);
        `popen_kwargs` go to subprocess.Popen (e.g. user=, group=)."""
        self.args = list(args)
        self.log = log
        self.ready_url = ready_url
        self.env = env if env is not None else server_env()
        self.ready = ready
        self.stop_signal = stop_signal
        self.popen_kwargs = popen_kwargs
        self.process: Optional[subprocess.Popen] = None

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def pid(self) -> Optional[int]:
        return self.process.pid if self.process else None

    def start(self, wait: bool = True, timeout: float = 240) -> "ManagedProcess":
        if self.running:
            raise RuntimeError(f"already running: {self.args}")
        # Logs may hold conversation ids and errors: readable by the owner only.
        with open(os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a") as out:
            self.process = subprocess.Popen(
                self.args,
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                **self.popen_kwargs,
            )
        if wait:
            self.wait_ready(timeout)
        return self

    def wait_ready(self, timeout: float = 240) -> None:
        assert self.process is not None
        _wait_for(self.ready_url, self.process, self.log, timeout, self.ready)

    def stop(self, timeout: float = 20) -> None:
        """SIGTERM (or `stop_signal`), then SIGKILL if still running after `timeout` s."""
        if not self.running:
            return
        assert self.process is not None
        self.resume()
        self.process.send_signal(self.stop_signal)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """SIGKILL: a crash, no clean-up."""
        if self.running:
            assert self.process is not None
            self.process.kill()
            self.process.wait()

    def pause(self) -> None:
        """SIGSTOP: the port stays open but nothing answers (a hung server)."""
        if self.running:
            assert self.process is not None
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.running:
            assert self.process is not None
            self.process.send_signal(signal.SIGCONT)


def action_server(port: int, workdir: Path, env: Optional[Dict[str, str]] = None) -> ManagedProcess:
    return ManagedProcess(
        [str(BIN / "python"), "-m", "vidensassistent.integration.serve", "actions", "--port", str(port)],
        workdir / "actions.log",
        f"http://127.0.0.1:{port}/health",
        env,
    )


def rasa_server(
    model: Path,
    port: int,
    endpoints: Path,
    workdir: Path,
    env: Optional[Dict[str, str]] = None,
    extra_args: Sequence[str] = (),
    name: str = "rasa",
) -> ManagedProcess:
    return ManagedProcess(
        [
            str(BIN / "python"),
            "-m",
            "vidensassistent.integration.serve",
            "rasa",
            "--model",
            str(model),
            "--endpoints",
            str(endpoints),
            "--credentials",
            str(ROOT / "credentials.yml"),
            "--port",
            str(port),
            *extra_args,
        ],
        workdir / f"{name}.log",
        f"http://127.0.0.1:{port}/",
        env,
    )


def write_endpoints(path: Path, actions_url: str, sqlite_file: Optional[Path] = None) -> Path:
    """The project's endpoints.yml with the test's action server and SQLite file."""
    with open(ROOT / "endpoints.yml", encoding="utf-8") as handle:
        config: Dict[str, Any] = yaml.safe_load(handle)
    config["action_endpoint"] = {"url": actions_url}
    if sqlite_file is not None:
        config["tracker_store"]["db"] = str(sqlite_file)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


class RasaServers:
    """Handle to a running action server + Rasa server pair."""

    def __init__(
        self,
        rasa_port: int,
        actions_port: int,
        workdir: Path,
        rasa: Optional[ManagedProcess] = None,
        actions: Optional[ManagedProcess] = None,
        auth_token: Optional[str] = None,
    ):
        self.rasa_port = rasa_port
        self.actions_port = actions_port
        self.workdir = workdir
        self.url = f"http://127.0.0.1:{rasa_port}"
        self.rasa = rasa
        self.actions = actions
        self.auth_token = auth_token
        self.tracker_db = workdir / "tracker.db"

    def tracker_bytes(self) -> bytes:
        """The SQLite tracker store as on disk: the file and its write-ahead log (-wal),
        freed pages included, for checks that a text is (or is no longer) stored."""
        files = sorted(self.tracker_db.parent.glob(self.tracker_db.name + "*"))
        return b"".join(path.read_bytes() for path in files)

    @property
    def rasa_pid(self) -> int:
        assert self.rasa is not None and self.rasa.pid is not None
        return self.rasa.pid

    def send(self, sender: Text, message: Text, timeout: float = 30) -> List[Dict]:
        """One user turn over the REST channel; returns the bot's messages."""
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        status, reply = self.post("/webhooks/rest/webhook", body, timeout=timeout)
        if status != 200:
            raise AssertionError(f"HTTP {status}: {reply}")
        return reply

    def post(
        self,
        path: str,
        body: bytes,
        content_type: Optional[str] = "application/json",
        timeout: float = 30,
        headers: Optional[Dict[str, str]] = None,
    ) -> tuple:
        """Raw POST; returns (status, parsed JSON or text) without raising on 4xx/5xx."""
        all_headers = dict(headers or {})
        if content_type:
            all_headers["Content-Type"] = content_type
        request = urllib.request.Request(f"{self.url}{path}", data=body, headers=all_headers)
        return self._open(request, timeout)

    def get(self, path: str, token: Optional[str] = None, timeout: float = 30) -> tuple:
        """GET; `token` is sent the way `--auth-token` expects it (?token=...)."""
        if token:
            path += ("&" if "?" in path else "?") + urllib.parse.urlencode({"token": token})
        return self._open(urllib.request.Request(f"{self.url}{path}"), timeout)

    @staticmethod
    def _open(request: urllib.request.Request, timeout: float) -> tuple:
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        text = raw.decode("utf-8", errors="replace")
        try:
            return status, json.loads(text)
        except ValueError:
            return status, text

    def restart_rasa(self, kill: bool = False) -> None:
        """Stop (or kill) the Rasa server and start it again on the same port and store."""
        assert self.rasa is not None
        self.rasa.kill() if kill else self.rasa.stop()
        self.rasa.start()

    def stop_actions(self) -> None:
        assert self.actions is not None
        self.actions.stop()

    def start_actions(self) -> None:
        assert self.actions is not None
        self.actions.start()


@contextlib.contextmanager
def running_servers(
    model: Path,
    workdir: Path,
    extra_env: Optional[Dict[str, str]] = None,
    extra_args: Sequence[str] = (),
    auth_token: Optional[str] = None,
) -> Iterator[RasaServers]:
    """Start both servers on free ports with an SQLite tracker store in `workdir`.

    `extra_env` reaches both servers (e.g. ACTION_TIMEOUT, or DB_URL for
    PostgreSQL); `auth_token` starts the HTTP API (`--enable-api`, token via the environment).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    rasa_port, actions_port = free_port(), free_port()
    endpoints = write_endpoints(
        workdir / "endpoints.yml",
        f"http://127.0.0.1:{actions_port}/webhook",
        workdir / "tracker.db",
    )
    env = server_env(extra_env)
    # vidensassistent.integration.serve turns the API on; the token stays off the command line.
    rasa_env = {**env, "RASA_AUTH_TOKEN": auth_token} if auth_token else env
    actions = action_server(actions_port, workdir, env)
    rasa = rasa_server(model, rasa_port, endpoints, workdir, rasa_env, list(extra_args))
    try:
        actions.start(wait=False)
        rasa.start(wait=False)
        actions.wait_ready()
        rasa.wait_ready()
        yield RasaServers(rasa_port, actions_port, workdir, rasa, actions, auth_token)
    finally:
        for process in (actions, rasa):
            process.resume()
            if process.running:
                process.process.terminate()  # type: ignore[union-attr]
        for process in (actions, rasa):
            process.stop()
        # Held until here, so a restart (restart_rasa) gets the same port back.
        release_port(rasa_port)
        release_port(actions_port)
