"""Browser end-to-end test of the chat widget (`make test-web`).

Starts the real action server and Rasa server (CORS allowed for the demo page's
origin only), serves the built widget and demo page (build/web) with
vidensassistent/cli/serve_web.py, then runs the Playwright test in web/test/ with Node's test
runner against Debian's headless Chromium. The pages are served with a strict CSP
(no 'unsafe-inline'). Output: build/web-test/ (screenshots such as panel.png,
reading-flow.png, phone-quiz-1.png, offline.png, iframe.png; axe-*.json, server logs).

    .venv/bin/python -m tests.web.run_e2e
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from vidensassistent.settings import ROOT, env
from vidensassistent.tooling.servers import free_port, running_servers

MODEL = Path(env("VIDEN_MODEL"))  # models/vidensassistent.tar.gz unless set
WEB_BUILD = ROOT / "build" / "web"
OUT = ROOT / "build" / "web-test"
CHROMIUM = env("CHROMIUM")


def _wait_http(url: str, process: subprocess.Popen, timeout: float = 20) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"web server exited early (code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout}s")


def main() -> int:
    for needed, hint in (
        (MODEL, "run `make train`"),
        (WEB_BUILD / "vidensassistent.js", "run `make web`"),
        (WEB_BUILD / "om.html", "run `make web`"),
        (Path(CHROMIUM), "install Debian's chromium (.ci/apt-packages.txt)"),
    ):
        if not needed.exists():
            print(f"test-web: {needed} is missing; {hint}", file=sys.stderr)
            return 2
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)

    web_port = free_port()
    page_origin = f"http://127.0.0.1:{web_port}"
    started = time.time()
    # Only the demo page's origin may call Rasa from a browser (not "*").
    with running_servers(MODEL, OUT / "servers", extra_args=["--cors", page_origin]) as bot:
        print(f"test-web: servers ready in {time.time() - started:.1f}s", flush=True)
        with open(OUT / "web.log", "w") as log:
            web = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "vidensassistent.cli.serve_web",
                    str(WEB_BUILD),
                    "--port",
                    str(web_port),
                    "--rasa-url",
                    bot.url,
                ],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        try:
            _wait_http(f"{page_origin}/", web)
            env = {
                **os.environ,
                "PAGE_URL": f"{page_origin}/",
                "RASA_URL": bot.url,
                "OUT_DIR": str(OUT),
                "CHROMIUM": CHROMIUM,
                # "Slet samtalen" is checked in the tracker store the servers use.
                "TRACKER_DB": str(bot.tracker_db),
                "PYTHON": sys.executable,
                "ABOUT_FILE": str(ROOT / "data" / "about.yml"),
            }
            result = subprocess.run(
                [
                    "node",
                    "--test",
                    "--test-reporter=spec",
                    "test/widget.e2e.test.mjs",
                    "test/privacy.e2e.test.mjs",
                ],
                cwd=ROOT / "web",
                env=env,
            )
        finally:
            web.terminate()
            web.wait(timeout=10)
    print(f"test-web: finished in {time.time() - started:.1f}s; output in {OUT}", flush=True)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
