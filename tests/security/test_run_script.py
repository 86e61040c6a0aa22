"""Findings 6, 9, 10 and 11 of the security review (issue 12): `make run`'s
script (scripts/run.sh) started as a user would, with its state in a temporary
directory: loopback only, the API token in an owner-only file and nowhere else
(also a token that starts with "-"), telemetry off, owner-only files; and a short
start output (issue 14) that names the addresses, with the known warnings in the log file."""

import os
import signal
import stat
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import trained_model
from tests.security.test_server_security import _listening_addresses
from vidensassistent.settings import ROOT
from vidensassistent.tooling.servers import free_port

# A token argparse would take for an option when given as "--auth-token -…".
DASH_TOKEN = "-Xy9_" + "k" * 40


def _get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def _processes_in_group(pgid):
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getpgid(int(entry.name)) == pgid:
                found.append(int(entry.name))
        except (ProcessLookupError, PermissionError):
            continue
    return found


@pytest.fixture(scope="module")
def started(tmp_path_factory):
    state = tmp_path_factory.mktemp("run-state")
    state.chmod(0o755)
    token_file = state / "api-token"
    token_file.write_text(DASH_TOKEN + "\n")
    token_file.chmod(0o644)  # as an editor would leave it; run.sh must tighten it
    ports = {"RASA_PORT": free_port(), "ACTIONS_PORT": free_port(), "WEB_PORT": free_port()}
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "RASA_AUTH_TOKEN",
            "ACTION_SERVER_TOKEN",
            "DB_URL",
            "REDIS_URL",
            "RASA_TELEMETRY_ENABLED",
            "LISTEN_ADDRESS",
            "ACTIONS_LISTEN_ADDRESS",
        )
    }
    env.update({k: str(v) for k, v in ports.items()})
    env.update({"STATE_DIR": str(state), "MODEL": str(trained_model()), "TF_CPP_MIN_LOG_LEVEL": "2"})
    out = state / "run.out"
    with open(out, "w") as handle:
        process = subprocess.Popen(
            [str(ROOT / "scripts" / "run.sh")],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{ports['RASA_PORT']}"
    try:
        deadline = time.time() + 300
        while _get(url + "/") != 200:
            if process.poll() is not None or time.time() > deadline:
                raise RuntimeError("run.sh did not start:\n" + out.read_text()[-3000:])
            time.sleep(1)
        while _get(f"http://127.0.0.1:{ports['ACTIONS_PORT']}/health") != 200:
            if time.time() > deadline:
                raise RuntimeError("no action server:\n" + out.read_text()[-3000:])
            time.sleep(1)
        yield {"state": state, "ports": ports, "url": url, "pgid": process.pid, "out": out}
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_token_starting_with_a_dash_works(started):
    url = started["url"]
    assert _get(f"{url}/status") == 401
    assert _get(f"{url}/status?token={DASH_TOKEN}") == 200


def test_the_token_is_in_an_owner_only_file_and_nowhere_else(started):
    state = started["state"]
    assert stat.S_IMODE((state / "api-token").stat().st_mode) == 0o600
    for pid in _processes_in_group(started["pgid"]):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        assert DASH_TOKEN.encode() not in cmdline, cmdline
    shown = started["out"].read_text() + "".join(p.read_text() for p in state.glob("*.log"))
    assert DASH_TOKEN not in shown
    assert str(state / "api-token") in started["out"].read_text()  # where to find it


def test_every_server_listens_on_loopback_only(started):
    for name, port in started["ports"].items():
        addresses = _listening_addresses(port)
        if name == "WEB_PORT" and not addresses:
            continue  # the demo page needs `make web`; without it nothing listens
        assert addresses == {"0100007F"}, (name, addresses)


def test_telemetry_is_off_in_every_server(started):
    environments = []
    for pid in _processes_in_group(started["pgid"]):
        try:
            if b"vidensassistent.integration.serve" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue  # run.sh itself (a shell's own environ is the one it started with)
            environments.append(Path(f"/proc/{pid}/environ").read_bytes().split(b"\0"))
        except OSError:
            continue
    assert len(environments) == 2  # the Rasa server and the action server
    assert all(b"RASA_TELEMETRY_ENABLED=false" in env for env in environments)


def test_logs_database_and_token_are_readable_by_the_owner_only(started):
    state = started["state"]
    # One conversation, so the tracker store has written.
    import json

    request = urllib.request.Request(
        f"{started['url']}/webhooks/rest/webhook",
        data=json.dumps({"sender": "sec-run", "message": "hej"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200
    files = [state / "tracker.db", state / "actions.log", state / "api-token"]
    for path in files:
        assert path.exists(), path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, (path, oct(path.stat().st_mode))


def test_the_start_output_is_short_and_names_the_addresses(started):
    deadline = time.time() + 30
    while "up and running" not in started["out"].read_text() and time.time() < deadline:
        time.sleep(0.5)
    shown = started["out"].read_text()
    lines = [line for line in shown.splitlines() if line.strip()]
    rasa, web = started["ports"]["RASA_PORT"], started["ports"]["WEB_PORT"]
    assert f"POST http://localhost:{rasa}/webhooks/rest/webhook" in shown
    assert f"http://localhost:{rasa}/socket.io" in shown
    assert f"http://localhost:{web}/" in shown
    assert "Rasa server is up and running" in shown
    # Before issue 14 ~20 library deprecation warnings (40+ lines) came first.
    assert "Warning" not in shown, shown
    assert len(lines) <= 20, shown
    # ... they are kept in the Rasa server's log file, readable by the owner only.
    log = started["state"] / "rasa.log"
    assert "DeprecationWarning" in log.read_text()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
