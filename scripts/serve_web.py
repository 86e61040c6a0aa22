"""Serve the built chat widget and the demo intranet page (build/web) on localhost.

The demo page's `{{RASA_URL}}` placeholder is replaced with the Rasa server address,
so the page talks to whatever port `make run` started Rasa on.

    python scripts/serve_web.py --port 8080 --rasa-url http://localhost:5005 build/web
"""
from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path
from typing import ClassVar


class Handler(http.server.SimpleHTTPRequestHandler):
    rasa_url = "http://localhost:5005"
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
    }

    def end_headers(self) -> None:
        # Always fetch the newest build while developing.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] in ("/", "/index.html"):
            page = Path(self.directory, "index.html").read_text(encoding="utf-8")
            body = page.replace("{{RASA_URL}}", self.rasa_url).encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:
        sys.stderr.write("web: " + format % args + "\n")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    args = parser.parse_args(argv)
    if not (args.directory / "vidensassistent.js").exists():
        parser.error(f"{args.directory}/vidensassistent.js is missing; build it with `make web`")
    handler = functools.partial(
        type("ConfiguredHandler", (Handler,), {"rasa_url": args.rasa_url}),
        directory=str(args.directory),
    )
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"web: serving {args.directory} on http://{args.bind}:{args.port}/", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
