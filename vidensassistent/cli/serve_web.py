"""Serve the built chat widget and the demo intranet pages (build/web) on localhost.

The pages' `{{RASA_URL}}` placeholder is replaced with the Rasa server address, so they
talk to whatever port `make run` started Rasa on. Every page is sent with the strict
Content-Security-Policy that web/README.md recommends (no 'unsafe-inline', connections to
Rasa only, framing only by the origins in --frame-ancestors), so the demo shows the widget
working under it.

    python vidensassistent/cli/serve_web.py --port 8080 --rasa-url http://localhost:5005 build/web
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
from pathlib import Path
from typing import ClassVar, List
from urllib.parse import urlsplit

# Pages not built by web/ that bring their own inline <style> (rendered by vidensassistent/cli/about.py).
OWN_STYLE_PAGES = {"om.html"}


def content_security_policy(rasa_url: str, frame_ancestors: List[str], inline_style: bool = False) -> str:
    """The CSP of web/README.md: scripts and styles from this server only, sockets to Rasa."""
    rasa = urlsplit(rasa_url)
    socket = f"{'wss' if rasa.scheme == 'https' else 'ws'}://{rasa.netloc}"
    style = "'self' 'unsafe-inline'" if inline_style else "'self'"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            f"style-src {style}",
            "img-src 'self' data:",
            f"connect-src 'self' {rasa.scheme}://{rasa.netloc} {socket}",
            "frame-src 'self'",
            f"frame-ancestors {' '.join(frame_ancestors)}",
            "base-uri 'none'",
            "form-action 'self'",
        ]
    )


class Handler(http.server.SimpleHTTPRequestHandler):
    rasa_url = "http://localhost:5005"
    frame_ancestors: ClassVar[List[str]] = ["'self'"]
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
    }

    def end_headers(self) -> None:
        # Always fetch the newest build while developing.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        name = "index.html" if path == "/" else path.lstrip("/")
        file = Path(self.directory, name)
        if "/" not in name and name.endswith(".html") and file.is_file():
            page = file.read_text(encoding="utf-8")
            body = page.replace("{{RASA_URL}}", self.rasa_url).encode("utf-8")
            csp = content_security_policy(self.rasa_url, self.frame_ancestors, name in OWN_STYLE_PAGES)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Content-Security-Policy", csp)
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
    parser.add_argument(
        "--frame-ancestors",
        nargs="*",
        default=[],
        help="origins besides this server that may show the pages in an iframe (the intranet)",
    )
    args = parser.parse_args(argv)
    if not (args.directory / "vidensassistent.js").exists():
        parser.error(f"{args.directory}/vidensassistent.js is missing; build it with `make web`")
    handler = functools.partial(
        type(
            "ConfiguredHandler",
            (Handler,),
            {
                "rasa_url": args.rasa_url,
                "frame_ancestors": ["'self'", *args.frame_ancestors],
            },
        ),
        directory=str(args.directory),
    )
    with http.server.ThreadingHTTPServer((args.bind, args.port), handler) as server:
        print(f"web: serving {args.directory} on http://{args.bind}:{args.port}/", flush=True)
        server.serve_forever()


if __name__ == "__main__":
    main()
