"""Why the referrer policy is "same-origin": what a real Chromium sends with a
form under each policy (Django's CSRF check over HTTPS needs the Origin)."""

from __future__ import annotations

import http.server
import threading
from typing import Any

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.browser


def test_chromium_posts_origin_null_under_no_referrer_and_the_origin_under_same_origin(browser: Browser) -> None:
    """A real Chromium posting a form from a page served with each policy (a tiny
    server of its own: the browser's behaviour is what is tested here)."""
    seen: list[tuple[str | None, str | None]] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Referrer-Policy", self.path.strip("/"))
            self.end_headers()
            self.wfile.write(b'<form method="post" action="/post"><button id="send">Send</button></form>')

        def do_POST(self) -> None:
            seen.append((self.headers.get("Origin"), self.headers.get("Referer")))
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"ok")

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_port}"
    try:
        for policy in ("no-referrer", "same-origin"):
            page = browser.new_page()
            page.goto(f"{origin}/{policy}")
            page.click("#send")
            page.wait_for_load_state()
            page.close()
    finally:
        server.shutdown()
    assert seen == [("null", None), (origin, f"{origin}/same-origin")]
