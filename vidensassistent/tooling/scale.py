"""Scale-out on loopback: PostgreSQL + Redis + nginx + several Rasa replicas.

Starts, from Debian's packages, a PostgreSQL server (tracker store) and a Redis
server (RedisLockStore), one action server, `replicas` Rasa servers sharing both
(DB_URL, REDIS_URL; the project's own endpoints.yml and credentials.yml), and
nginx balancing between them. Runs the load test through nginx, SIGKILLs one
replica once a quarter of the minimum turns are done and starts it again; the
conversations go on until the replica is back and every conversation has had
more turns after that. Then checks in PostgreSQL that every acknowledged turn was
stored, and in nginx's log that the restarted replica served turns again.

Everything listens on 127.0.0.1 only, and everything is stopped at the end.
"""
from __future__ import annotations

import asyncio
import json
import os
import secrets
import shutil
import signal
import socket
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional

from vidensassistent.tooling.load import LoadConfig, LoadResult, run_load, verify
from vidensassistent.tooling.servers import (
    DEFAULT_MODEL,
    ROOT,
    ManagedProcess,
    action_server,
    free_port,
    rasa_server,
    server_env,
    write_endpoints,
)

APT_HINT = "install the Debian packages in .ci/apt-packages.txt (postgresql redis-server nginx)"


@dataclass
class ScaleConfig:
    replicas: int = 2
    conversations: int = 20
    turns: int = 8
    turns_after_restart: int = 6
    think_time: float = 0.3
    kill_at_fraction: float = 0.25
    # False: plain scaled-out load test, no replica killed (for throughput figures).
    kill: bool = True
    # Locks held by a killed replica expire after this many seconds (Rasa's default: 60).
    lock_lifetime: int = 20
    retries: int = 4
    max_duration: float = 420.0
    workdir: Path = ROOT / "build" / "scale"
    model: Path = DEFAULT_MODEL


@dataclass
class ScaleReport:
    load: Optional[LoadResult] = None
    killed_replica: str = ""
    killed_at_turn: int = 0
    restart_seconds: float = 0.0
    upstream_counts: Dict[str, int] = field(default_factory=dict)
    served_after_restart: int = 0
    socketio_ok: Optional[bool] = None
    kill: bool = True

    def summary(self) -> Dict[str, Any]:
        return {
            "load": self.load.summary() if self.load else None,
            "killed_replica": self.killed_replica,
            "killed_at_turn": self.killed_at_turn,
            "restart_seconds": round(self.restart_seconds, 1),
            "requests_per_replica": self.upstream_counts,
            "restarted_replica_requests_after_restart": self.served_after_restart,
            "socketio_through_nginx": self.socketio_ok,
        }

    def failures(self) -> List[str]:
        """Why the scale test failed, in Danish as the rest of its output (empty: it passed)."""
        load = self.load
        reasons = []
        if not (load and load.verified):
            reasons.append("turene blev ikke tjekket mod tracker store")
        else:
            # A duplicate is a turn stored twice: a retried request the server had already
            # processed. The user would see the conversation answered twice, so it fails.
            for count, what in ((load.lost, "tabt"), (load.failed_turns, "fejlet"),
                                (load.duplicates, "gemt to gange")):
                if count:
                    reasons.append(f"ture {what}: {count}")
        if self.kill and self.served_after_restart <= 0:
            reasons.append("den genstartede replika besvarede intet")
        if not self.socketio_ok:
            reasons.append("socket.io gennem nginx fejlede")
        return reasons

    @property
    def passed(self) -> bool:
        return not self.failures()


def _binary(name: str, *candidates: str) -> str:
    for candidate in candidates:
        if candidate and Path(candidate).exists():
            return candidate
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found: {APT_HINT}")
    return found


def _postgres_bin() -> Path:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), key=lambda p: p.parent.parent.name)
    if not versions:
        raise RuntimeError(f"PostgreSQL server not found: {APT_HINT}")
    return versions[-1].parent


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Infrastructure:
    """PostgreSQL, Redis and nginx processes for one run."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.processes: List[ManagedProcess] = []
        self.pg_dir: Optional[Path] = None
        self.db_url = ""
        self.redis_url = ""
        self.nginx_url = ""
        self.nginx_log = workdir / "nginx-access.log"

    def start_postgres(self) -> None:
        import psycopg2

        pg_bin = _postgres_bin()
        run_as: Dict[str, Any] = {}
        self.pg_dir = Path(tempfile.mkdtemp(prefix="vidensassistent-pg-"))
        password = secrets.token_hex(12)
        (self.pg_dir / "pwfile").write_text(password + "\n")
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            shutil.chown(self.pg_dir, "postgres", "postgres")
            shutil.chown(self.pg_dir / "pwfile", "postgres", "postgres")
            run_as = {"user": "postgres", "group": "postgres"}
        data = self.pg_dir / "data"
        initdb = ManagedProcess(
            [str(pg_bin / "initdb"), "-D", str(data), "-U", "rasa", "--pwfile", str(self.pg_dir / "pwfile"),
             "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-locale"],
            self.workdir / "postgres.log", "", env=dict(os.environ), **run_as,
        )
        initdb.start(wait=False)
        assert initdb.process is not None
        if initdb.process.wait(timeout=120) != 0:
            raise RuntimeError(f"initdb failed; see {initdb.log}")
        port = free_port()
        self.db_url = f"postgresql://rasa:{password}@127.0.0.1:{port}/rasa"

        def ready() -> bool:
            try:
                psycopg2.connect(host="127.0.0.1", port=port, user="rasa", password=password,
                                 dbname="postgres", connect_timeout=2).close()
                return True
            except psycopg2.OperationalError:
                return False

        postgres = ManagedProcess(
            [str(pg_bin / "postgres"), "-D", str(data), "-p", str(port), "-c", "listen_addresses=127.0.0.1",
             "-c", f"unix_socket_directories={self.pg_dir}", "-c", "max_connections=100"],
            self.workdir / "postgres.log", "", env=dict(os.environ), ready=ready,
            stop_signal=signal.SIGINT, **run_as,  # SIGINT: PostgreSQL's fast shutdown
        )
        self.processes.append(postgres.start(timeout=60))
        connection = psycopg2.connect(host="127.0.0.1", port=port, user="rasa", password=password,
                                      dbname="postgres")
        connection.autocommit = True
        connection.cursor().execute("CREATE DATABASE rasa")
        connection.close()

    def start_redis(self) -> None:
        import redis

        port = free_port()
        self.redis_url = f"redis://127.0.0.1:{port}/1"

        def ready() -> bool:
            try:
                return bool(redis.Redis(host="127.0.0.1", port=port, socket_timeout=2).ping())
            except redis.RedisError:
                return False

        server = ManagedProcess(
            [_binary("redis-server", "/usr/bin/redis-server"), "--port", str(port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.workdir)],
            self.workdir / "redis.log", "", env=dict(os.environ), ready=ready,
        )
        self.processes.append(server.start(timeout=60))

    def start_nginx(self, replica_ports: List[int]) -> None:
        port = free_port()
        self.nginx_url = f"http://127.0.0.1:{port}"
        temp = self.workdir / "nginx-temp"
        temp.mkdir(exist_ok=True)
        temp.chmod(0o777)  # nginx workers run as nobody when started by root
        servers = "\n".join(
            f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports
        )
        conf = self.workdir / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            workdir=self.workdir, temp=temp, port=port, servers=servers, log=self.nginx_log,
        ))
        nginx = ManagedProcess(
            [_binary("nginx", "/usr/sbin/nginx"), "-p", str(self.workdir), "-c", str(conf),
             "-e", str(self.workdir / "nginx-error.log"), "-g", "daemon off;"],
            self.workdir / "nginx.log", f"{self.nginx_url}/nginx-health", env=dict(os.environ),
            stop_signal=signal.SIGQUIT,  # graceful
        )
        self.processes.append(nginx.start(timeout=30))

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        if self.pg_dir:
            shutil.rmtree(self.pg_dir, ignore_errors=True)


NGINX_CONF = """\
worker_processes 1;
pid {workdir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
  log_format upstreams '$msec $status $upstream_addr $upstream_status $request_time $request_method $uri';
  access_log {log} upstreams;
  client_body_temp_path {temp}/body;
  proxy_temp_path {temp}/proxy;
  fastcgi_temp_path {temp}/fastcgi;
  uwsgi_temp_path {temp}/uwsgi;
  scgi_temp_path {temp}/scgi;
  client_max_body_size 64k;

  # REST: any replica (conversations live in PostgreSQL, locks in Redis). A request
  # that could not be delivered (replica down) goes to the next replica; one that
  # was delivered is never re-sent, so a turn is not processed twice.
  upstream rasa {{
{servers}
    keepalive 32;
  }}
  # socket.io keeps per-connection state in the replica: sticky by client address.
  upstream rasa_socketio {{
    ip_hash;
{servers}
  }}

  server {{
    listen 127.0.0.1:{port};
    location = /nginx-health {{ return 200 "ok"; }}
    location /socket.io/ {{
      proxy_pass http://rasa_socketio;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection "upgrade";
      proxy_set_header Host $host;
      proxy_read_timeout 120s;
    }}
    location / {{
      proxy_pass http://rasa;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_connect_timeout 2s;
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout http_502 http_503;
    }}
  }}
}}
"""


def _count_upstreams(log: Path, since: float, address: str) -> tuple:
    counts: Dict[str, int] = {}
    after = 0
    if not log.exists():
        return counts, after
    for line in log.read_text().splitlines():
        parts = line.split()
        if len(parts) < 7 or parts[6] != "/webhooks/rest/webhook":
            continue
        stamp, status, upstream = float(parts[0]), parts[1], parts[2].split(",")[-1].strip()
        if status == "200":
            counts[upstream] = counts.get(upstream, 0) + 1
            if stamp >= since and upstream == address:
                after += 1
    return counts, after


async def _socketio_check(url: str) -> bool:
    """One socket.io turn through nginx (websocket transport), as the widget does it."""
    from vidensassistent.tooling.sio import SocketIOClient

    client = SocketIOClient(url)
    try:
        await client.connect()
        session_id = await client.session_request("scale-sio-" + secrets.token_hex(6))
        await client.say("hej", session_id)
        reply = (await client.replies(1))[0]
        return bool(reply.get("text"))
    except Exception as error:
        print(f"socket.io through nginx failed: {type(error).__name__}: {error}")
        return False
    finally:
        await client.close()


def run_scale_test(config: ScaleConfig, log=print) -> ScaleReport:  # noqa: C901
    if not config.model.exists():
        raise RuntimeError(f"no trained model at {config.model}; run `make train` first")
    shutil.rmtree(config.workdir, ignore_errors=True)
    config.workdir.mkdir(parents=True)
    infra = Infrastructure(config.workdir)
    replicas: List[ManagedProcess] = []
    actions: Optional[ManagedProcess] = None
    report = ScaleReport()
    try:
        log("Starter PostgreSQL og Redis …")
        infra.start_postgres()
        infra.start_redis()
        env = server_env({
            "DB_URL": infra.db_url,
            "REDIS_URL": infra.redis_url,
            "TICKET_LOCK_LIFETIME": str(config.lock_lifetime),
        })
        actions_port = free_port()
        actions = action_server(actions_port, config.workdir, env)
        actions.start(wait=False)
        endpoints = write_endpoints(config.workdir / "endpoints.yml",
                                    f"http://127.0.0.1:{actions_port}/webhook")
        ports = [free_port() for _ in range(config.replicas)]
        log(f"Starter action-server og {config.replicas} Rasa-replikaer ({', '.join(map(str, ports))}) …")
        replicas = [
            rasa_server(config.model, port, endpoints, config.workdir, env, name=f"rasa-{i + 1}")
            for i, port in enumerate(ports)
        ]
        for replica in replicas:
            replica.start(wait=False)
        actions.wait_ready()
        for replica in replicas:
            replica.wait_ready()
        infra.start_nginx(ports)
        log(f"nginx på {infra.nginx_url} → {len(ports)} replikaer")

        victim = replicas[-1]
        victim_address = f"127.0.0.1:{ports[-1]}"
        load_config = LoadConfig(
            infra.nginx_url,
            conversations=config.conversations,
            turns=config.turns,
            retries=config.retries,
            retry_delay=1.0,
            think_time=config.think_time,
            max_duration=config.max_duration,
            turns_after_event=config.turns_after_restart if config.kill else 0,
        )
        kill_at = int(config.kill_at_fraction * config.conversations * config.turns)
        restart_done_at = [float("inf")]

        async def scenario() -> LoadResult:
            back = asyncio.Event()
            progress = {"turns": 0}
            reached = asyncio.Event()

            def on_turn() -> None:
                progress["turns"] += 1
                if progress["turns"] >= kill_at:
                    reached.set()

            async def chaos() -> None:
                await reached.wait()
                report.killed_at_turn = progress["turns"]
                log(f"Tur {progress['turns']}: dræber replika {victim_address} (SIGKILL) …")
                victim.kill()
                await asyncio.sleep(2)
                started = time.monotonic()
                await asyncio.get_running_loop().run_in_executor(None, victim.start)
                report.restart_seconds = time.monotonic() - started
                restart_done_at[0] = time.time()
                log(f"Replika {victim_address} kører igen efter {report.restart_seconds:.0f} s "
                    f"(tur {progress['turns']}); samtalerne fortsætter …")
                back.set()

            if not config.kill:
                return await run_load(load_config)
            chaos_task = asyncio.create_task(chaos())
            result = await run_load(load_config, keep_going=back, on_turn=on_turn)
            if not chaos_task.done():
                chaos_task.cancel()
            return result

        report.kill = config.kill
        report.killed_replica = victim_address if config.kill else ""
        log(f"Belastning gennem nginx: {config.conversations} samtaler, mindst {config.turns} ture hver …")
        report.load = asyncio.run(scenario())
        verify(report.load, infra.db_url)
        report.upstream_counts, report.served_after_restart = _count_upstreams(
            infra.nginx_log, restart_done_at[0], victim_address
        )
        report.socketio_ok = asyncio.run(_socketio_check(infra.nginx_url))
    finally:
        for process in replicas + ([actions] if actions else []):
            process.stop()
        infra.stop()
    (config.workdir / "report.json").write_text(json.dumps(report.summary(), indent=2))
    return report
