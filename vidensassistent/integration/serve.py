"""Start the Rasa server or the action server with safe defaults.

    python -m vidensassistent.integration.serve rasa [rasa run options …]
    python -m vidensassistent.integration.serve actions --port 5055

Used by scripts/run.sh and vidensassistent/tooling/servers.py instead of `rasa run` and
`rasa run actions`, so every way of starting the assistant gets the same:

- listens on 127.0.0.1 unless LISTEN_ADDRESS (Rasa) or ACTIONS_LISTEN_ADDRESS
  (action server) says otherwise, e.g. 0.0.0.0 in a container behind nginx;
- the HTTP API token comes from RASA_AUTH_TOKEN or the file named by
  RASA_AUTH_TOKEN_FILE and is handed to Rasa inside this process: it never
  appears on a command line (`ps`, /proc/*/cmdline) and may start with "-";
- the action server answers only requests that carry the shared secret
  ACTION_SERVER_TOKEN in the X-Action-Token header (the Rasa server adds it,
  vidensassistent.integration.action_auth); /health stays open for readiness checks;
- the action server's error replies say nothing about the request or the
  exception (rasa_sdk echoes both), and it logs one line, not a traceback;
- Rasa telemetry is off and files are created readable by their owner only;
- every change to Rasa's code is installed (vidensassistent.integration.rasa_patches),
  or the server refuses to start on a Rasa version they were not tested with;
- with `--log-file` (as `make run` gives it), warnings known to be noise go to that file
  only, not to the terminal (vidensassistent.integration.known_warnings).
"""

from __future__ import annotations

import hmac
import logging
import os
import sys
from typing import List, Optional, Sequence, Text

from vidensassistent.settings import env, take

ACTION_TOKEN_HEADER = "X-Action-Token"
# Largest request the action server reads: a long conversation's tracker is a
# few MB; rasa_sdk's default is Sanic's 100 MB.
ACTIONS_MAX_BODY_BYTES = 16 * 1024 * 1024

logger = logging.getLogger("vidensassistent.integration.serve")


def _common_setup() -> None:
    os.umask(0o077)  # tracker.db, logs and anything else created: owner only
    os.environ["RASA_TELEMETRY_ENABLED"] = "false"


def read_api_token() -> Optional[Text]:
    token = take("RASA_AUTH_TOKEN")
    path = env("RASA_AUTH_TOKEN_FILE")
    if not token and path:
        with open(path, encoding="utf-8") as handle:
            token = handle.read().strip()
    return token or None


def rasa_arguments(args: Sequence[Text], token: Optional[Text]) -> List[Text]:
    """`rasa run` arguments with the listen address and the API token added."""
    args = list(args)
    if not any(a in ("-i", "--interface") or a.startswith("--interface=") for a in args):
        args += ["--interface", env("LISTEN_ADDRESS")]
    if token:
        # "--auth-token=…" in one word: argparse would take a token starting with "-"
        # for an option otherwise.
        args += ["--enable-api", f"--auth-token={token}"]
    return args


def option_value(args: Sequence[Text], option: Text) -> Optional[Text]:
    """The value of `option` in `args` ("--x v" or "--x=v"), or None."""
    args = list(args)
    for index, arg in enumerate(args):
        if arg == option and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(option + "="):
            return arg[len(option) + 1 :]
    return None


def run_rasa(args: Sequence[Text]) -> None:
    _common_setup()
    log_file = option_value(args, "--log-file")
    if log_file:
        # Before anything imports Rasa: most of the known noise comes with the imports.
        from vidensassistent.integration.known_warnings import route_warnings

        route_warnings(log_file)
    token = read_api_token()
    from rasa.__main__ import main

    from vidensassistent.integration import rasa_patches

    rasa_patches.install()  # fails loudly on an untested Rasa version

    # Only this process's copy of argv changes; /proc/<pid>/cmdline keeps the
    # original command line, which has no token.
    sys.argv = ["rasa", "run", *rasa_arguments(args, token)]
    main()


def create_action_app(token: Text, package: Text = "actions"):  # type: ignore[no-untyped-def]
    from rasa_sdk.endpoint import create_app
    from sanic import response
    from sanic.exceptions import SanicException

    # No CORS origins: browsers never call the action server.
    app = create_app(package, cors_origins="")
    app.config.REQUEST_MAX_SIZE = ACTIONS_MAX_BODY_BYTES
    expected = token.encode("utf-8")

    @app.middleware("request")
    async def require_token(request):  # type: ignore[no-untyped-def]
        if request.path == "/health":
            return None
        given = (request.headers.get(ACTION_TOKEN_HEADER) or "").encode("utf-8")
        if not hmac.compare_digest(given, expected):
            return response.json({"error": "unauthorized"}, status=401)
        return None

    # Registered after rasa_sdk's handler for Exception, so it replaces it.
    @app.exception(Exception)
    async def quiet_errors(request, exception):  # type: ignore[no-untyped-def]
        if isinstance(exception, SanicException):
            status = getattr(exception, "status_code", 500) or 500
            return response.json({"error": "request refused"}, status=status)
        logger.error(
            "Action server: %s while handling %s.",
            type(exception).__name__,
            request.path,
            exc_info=logger.isEnabledFor(logging.DEBUG),
        )
        return response.json({"error": "internal error"}, status=500)

    return app


def run_actions(args: Sequence[Text]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Start the action server (loopback, token).")
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--actions", default="actions")
    options = parser.parse_args(list(args))
    _common_setup()
    token = env("ACTION_SERVER_TOKEN")
    if not token:
        sys.exit("ACTION_SERVER_TOKEN is not set: the action server refuses to start without it.")

    from rasa_sdk import utils

    utils.configure_colored_logging(logging.INFO)
    utils.update_sanic_log_level()
    app = create_action_app(token, options.actions)
    host = env("ACTIONS_LISTEN_ADDRESS")
    logger.info("Action server on http://%s:%s", host, options.port)
    app.run(host, options.port, workers=1, access_log=False)


def main(argv: Optional[Sequence[Text]] = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("rasa", "actions"):
        sys.exit("usage: python -m vidensassistent.integration.serve rasa|actions [options]")
    (run_rasa if argv[0] == "rasa" else run_actions)(argv[1:])


if __name__ == "__main__":
    main()
