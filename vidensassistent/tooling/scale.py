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
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

from vidensassistent.tooling.load import LoadConfig, LoadResult, run_load, verify
from vidensassistent.tooling.scale_infra import Infrastructure
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

Log = Callable[[str], None]


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
            for count, what in (
                (load.lost, "tabt"),
                (load.failed_turns, "fejlet"),
                (load.duplicates, "gemt to gange"),
            ):
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


def _start_servers(
    config: ScaleConfig, infra: Infrastructure, log: Log, started: List[ManagedProcess]
) -> Tuple[ManagedProcess, List[ManagedProcess], List[int]]:
    """The action server and the Rasa replicas on PostgreSQL + Redis; (actions, replicas, ports).

    Each process goes into `started` when it is started (not yet ready), so that the
    caller stops it whatever fails later.
    """
    env = server_env(
        {
            "DB_URL": infra.db_url,
            "REDIS_URL": infra.redis_url,
            "TICKET_LOCK_LIFETIME": str(config.lock_lifetime),
        }
    )
    actions_port = free_port()
    actions = action_server(actions_port, config.workdir, env)
    started.append(actions)
    actions.start(wait=False)
    endpoints = write_endpoints(config.workdir / "endpoints.yml", f"http://127.0.0.1:{actions_port}/webhook")
    ports = [free_port() for _ in range(config.replicas)]
    log(f"Starter action-server og {config.replicas} Rasa-replikaer ({', '.join(map(str, ports))}) …")
    replicas = [
        rasa_server(config.model, port, endpoints, config.workdir, env, name=f"rasa-{i + 1}")
        for i, port in enumerate(ports)
    ]
    for replica in replicas:
        started.append(replica)
        replica.start(wait=False)
    return actions, replicas, ports


def _wait_ready(processes: List[ManagedProcess]) -> None:
    for process in processes:
        process.wait_ready()


class _KillAndRestart:
    """Kills `victim` once `kill_at` turns are done, starts it again, then sets `back`."""

    def __init__(
        self, victim: ManagedProcess, address: str, kill_at: int, report: ScaleReport, log: Log
    ) -> None:
        self.victim, self.address, self.kill_at, self.report, self.log = victim, address, kill_at, report, log
        self.turns = 0
        self.reached = asyncio.Event()
        self.back = asyncio.Event()
        self.restarted_at = float("inf")  # wall-clock time, as in nginx's log

    def on_turn(self) -> None:
        self.turns += 1
        if self.turns >= self.kill_at:
            self.reached.set()

    async def run(self) -> None:
        await self.reached.wait()
        self.report.killed_at_turn = self.turns
        self.log(f"Tur {self.turns}: dræber replika {self.address} (SIGKILL) …")
        self.victim.kill()
        await asyncio.sleep(2)
        started = time.monotonic()
        await asyncio.get_running_loop().run_in_executor(None, self.victim.start)
        self.report.restart_seconds = time.monotonic() - started
        self.restarted_at = time.time()
        self.log(
            f"Replika {self.address} kører igen efter {self.report.restart_seconds:.0f} s "
            f"(tur {self.turns}); samtalerne fortsætter …"
        )
        self.back.set()


async def _load_with_chaos(load_config: LoadConfig, chaos: Optional[_KillAndRestart]) -> LoadResult:
    if chaos is None:
        return await run_load(load_config)
    chaos_task = asyncio.create_task(chaos.run())
    result = await run_load(load_config, keep_going=chaos.back, on_turn=chaos.on_turn)
    if not chaos_task.done():
        chaos_task.cancel()
    return result


def _load_config(config: ScaleConfig, url: str) -> LoadConfig:
    return LoadConfig(
        url,
        conversations=config.conversations,
        turns=config.turns,
        retries=config.retries,
        retry_delay=1.0,
        think_time=config.think_time,
        max_duration=config.max_duration,
        turns_after_event=config.turns_after_restart if config.kill else 0,
    )


def _measure(
    config: ScaleConfig, infra: Infrastructure, replicas: List[ManagedProcess], ports: List[int], log: Log
) -> ScaleReport:
    """The load through nginx (killing the last replica if `config.kill`), checked."""
    report = ScaleReport(kill=config.kill)
    victim_address = f"127.0.0.1:{ports[-1]}"
    chaos = None
    if config.kill:
        kill_at = int(config.kill_at_fraction * config.conversations * config.turns)
        chaos = _KillAndRestart(replicas[-1], victim_address, kill_at, report, log)
        report.killed_replica = victim_address
    log(f"Belastning gennem nginx: {config.conversations} samtaler, mindst {config.turns} ture hver …")
    report.load = asyncio.run(_load_with_chaos(_load_config(config, infra.nginx_url), chaos))
    verify(report.load, infra.db_url)
    report.upstream_counts, report.served_after_restart = _count_upstreams(
        infra.nginx_log, chaos.restarted_at if chaos else float("inf"), victim_address
    )
    report.socketio_ok = asyncio.run(_socketio_check(infra.nginx_url))
    return report


def run_scale_test(config: ScaleConfig, log: Log = print) -> ScaleReport:
    if not config.model.exists():
        raise RuntimeError(f"no trained model at {config.model}; run `make train` first")
    shutil.rmtree(config.workdir, ignore_errors=True)
    config.workdir.mkdir(parents=True)
    infra = Infrastructure(config.workdir)
    processes: List[ManagedProcess] = []
    report = ScaleReport(kill=config.kill)
    try:
        log("Starter PostgreSQL og Redis …")
        infra.start_postgres()
        infra.start_redis()
        actions, replicas, ports = _start_servers(config, infra, log, processes)
        _wait_ready([actions, *replicas])
        infra.start_nginx(ports)
        log(f"nginx på {infra.nginx_url} → {len(ports)} replikaer")
        report = _measure(config, infra, replicas, ports, log)
    finally:
        for process in processes:
            process.stop()
        infra.stop()
    (config.workdir / "report.json").write_text(json.dumps(report.summary(), indent=2))
    return report
