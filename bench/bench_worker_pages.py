"""What a worker's phone downloads: the first page of the report form and the
follow-up page, loaded in Chromium over a simulated slow 3G connection.

For each page, in a fresh browser (nothing cached, as on a first visit): the bytes
that crossed the network (compressed, as sent: HTML, CSS, fonts, images, scripts),
the number of requests, and the time to the first contentful paint. The server is
gunicorn as in production (DEBUG off, static files by WhiteNoise), on a SQLite
database of its own.

Slow 3G is the profile of Chromium's developer tools: 400 ms of latency, 400 kbit/s
down and up."""

from __future__ import annotations

import secrets
import shutil
import tempfile
from pathlib import Path

import harness
from harness import Figure

TARGET_KB = 60.0
PAGES = [("first report page", "/fr/report/"), ("follow-up page", "/fr/follow-up/"),
         ("service points page", "/tl/help-in-person/?province=ON")]
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1000 / 8,
           "uploadThroughput": 400 * 1000 / 8}


def _load(browser: object, url: str) -> tuple[int, int, float]:
    """(bytes, requests, first contentful paint in ms) of one cold page load."""
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    sizes: dict[str, float] = {}
    cdp.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"],
                                                                         event["encodedDataLength"]))
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    paint = page.evaluate(
        "() => (performance.getEntriesByName('first-contentful-paint')[0] || {startTime: -1}).startTime")
    context.close()
    return int(sum(sizes.values())), len(sizes), float(paint)


def run() -> list[Figure]:
    from playwright.sync_api import sync_playwright

    var_dir = Path(tempfile.mkdtemp(prefix="sentinelle-bench-worker-"))
    figures: list[Figure] = []
    try:
        env = {**harness.os.environ, "DATABASE_URL": f"sqlite:///{var_dir / 'sentinelle.sqlite3'}",
               "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "RECEIPT_PEPPER": secrets.token_hex(32),
               "ALLOWED_HOSTS": "127.0.0.1", "SENTINELLE_VAR_DIR": str(var_dir), "LOG_LEVEL": "WARNING"}
        harness.manage("migrate", "--noinput", env=env)
        harness.manage("createcachetable", env=env)
        with harness.gunicorn(workers=1, env=env) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-background-networking"])
            try:
                for name, path in PAGES:
                    size, requests, paint = _load(browser, base + path)
                    kb = size / 1024
                    figures += [
                        Figure(f"worker {name}: bytes transferred, slow 3G", kb, "KB",
                               f"<= {TARGET_KB:.0f} KB", kb <= TARGET_KB),
                        Figure(f"worker {name}: requests", requests, "count"),
                        Figure(f"worker {name}: first contentful paint, slow 3G", paint, "ms"),
                    ]
            finally:
                browser.close()
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    return figures


if __name__ == "__main__":
    harness.print_table(run())
