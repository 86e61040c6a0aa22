"""PostgreSQL, Redis and nginx from Debian's packages, on loopback, for `make test-scale`.

`Infrastructure` starts and stops them in a work directory; NGINX_CONF is the load
balancer's configuration (sticky socket.io, retry on a dead replica), also an example
for running several replicas in production.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import tempfile
from pathlib import Path
from typing import Any, Dict, List, Optional

from vidensassistent.tooling.servers import ManagedProcess, free_port

APT_HINT = "install the Debian packages in .ci/apt-packages.txt (postgresql redis-server nginx)"


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


def _postgres_ready(psycopg2: Any, port: int, password: str) -> bool:
    try:
        psycopg2.connect(
            host="127.0.0.1", port=port, user="rasa", password=password, dbname="postgres", connect_timeout=2
        ).close()
        return True
    except psycopg2.OperationalError:
        return False


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

    def _initdb(self, pg_bin: Path, run_as: Dict[str, Any]) -> Path:
        """A new cluster in pg_dir/data, user rasa with the password in pwfile."""
        data = self.pg_dir / "data"
        initdb = ManagedProcess(
            [
                str(pg_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "rasa",
                "--pwfile",
                str(self.pg_dir / "pwfile"),
                "--auth-host=scram-sha-256",
                "--auth-local=trust",
                "-E",
                "UTF8",
                "--no-locale",
            ],
            self.workdir / "postgres.log",
            "",
            env=dict(os.environ),
            **run_as,
        )
        initdb.start(wait=False)
        assert initdb.process is not None
        if initdb.process.wait(timeout=120) != 0:
            raise RuntimeError(f"initdb failed; see {initdb.log}")
        return data

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
        data = self._initdb(pg_bin, run_as)
        port = free_port()
        self.db_url = f"postgresql://rasa:{password}@127.0.0.1:{port}/rasa"

        def ready() -> bool:
            return _postgres_ready(psycopg2, port, password)

        postgres = ManagedProcess(
            [
                str(pg_bin / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.pg_dir}",
                "-c",
                "max_connections=100",
            ],
            self.workdir / "postgres.log",
            "",
            env=dict(os.environ),
            ready=ready,
            stop_signal=signal.SIGINT,
            **run_as,  # SIGINT: PostgreSQL's fast shutdown
        )
        self.processes.append(postgres.start(timeout=60))
        connection = psycopg2.connect(
            host="127.0.0.1", port=port, user="rasa", password=password, dbname="postgres"
        )
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
            [
                _binary("redis-server", "/usr/bin/redis-server"),
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            self.workdir / "redis.log",
            "",
            env=dict(os.environ),
            ready=ready,
        )
        self.processes.append(server.start(timeout=60))

    def start_nginx(self, replica_ports: List[int]) -> None:
        port = free_port()
        self.nginx_url = f"http://127.0.0.1:{port}"
        temp = self.workdir / "nginx-temp"
        temp.mkdir(exist_ok=True)
        temp.chmod(0o777)  # nginx workers run as nobody when started by root
        servers = "\n".join(f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports)
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                workdir=self.workdir,
                temp=temp,
                port=port,
                servers=servers,
                log=self.nginx_log,
            )
        )
        nginx = ManagedProcess(
            [
                _binary("nginx", "/usr/sbin/nginx"),
                "-p",
                str(self.workdir),
                "-c",
                str(conf),
                "-e",
                str(self.workdir / "nginx-error.log"),
                "-g",
                "daemon off;",
            ],
            self.workdir / "nginx.log",
            f"{self.nginx_url}/nginx-health",
            env=dict(os.environ),
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
