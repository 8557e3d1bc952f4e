"""Screenshots of the national dashboard, at 1366 and 1920 pixels wide, in French
and in English, for docs/screenshots/ (linked from README.md).

Run it against the demo data (`make run` loads them into var/sentinelle.sqlite3,
or set DATABASE_URL):

    .venv/bin/python scripts/dashboard_screenshots.py

It signs a demo national analyst in (a server-side session, as the sign-in pages
leave it), serves Sentinelle with gunicorn on a free loopback port (or uses
--base-url), opens the dashboard in Chromium with each width and language, waits
for the charts and writes one PNG of the whole page each. It also prints each
page's height in pixels (with --heights-only, nothing else)."""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WIDTHS = {1366: 768, 1920: 1080}
LANGUAGES = ("fr", "en")
PATH = "/{language}/staff/dashboard/"


def analyst_session() -> str:
    """A signed-in session of the first demo national analyst."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sentinelle.settings")
    import django

    django.setup()
    from sentinelle.accounts.models import User
    from sentinelle.test import signed_in_session

    for user in User.objects.filter(is_active=True).order_by("email"):
        if user.has_perm("dashboard.manage_targets") and user.has_perm("dashboard.view_all_regions"):
            return signed_in_session(user)
    raise SystemExit("No national analyst in this database: load the demo data first (make run).")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve() -> tuple[subprocess.Popen[bytes], str]:
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True)
    port = free_port()
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "sentinelle.wsgi", "--bind",
                               f"127.0.0.1:{port}", "--workers", "2", "--timeout", "120"], cwd=ROOT,
                              env={**os.environ, "ALLOWED_HOSTS": "127.0.0.1"})
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/fr/statistics/", timeout=2)  # noqa: S310 (our own server)
            break
        except OSError:
            time.sleep(0.2)
    return server, base


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", help="a server already running on these data (else one is started)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--heights-only", action="store_true", help="print the page heights, write no file")
    parser.add_argument("--query", default="", help="filters to add to the address, e.g. fiscal_year=2024")
    args = parser.parse_args()
    session = analyst_session()
    server, base = (None, args.base_url.rstrip("/")) if args.base_url else serve()
    from playwright.sync_api import sync_playwright

    out = Path(args.out)
    if not args.heights_only:
        out.mkdir(parents=True, exist_ok=True)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for width, height in WIDTHS.items():
                for language in LANGUAGES:
                    context = browser.new_context(viewport={"width": width, "height": height}, locale=language)
                    context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
                    page = context.new_page()
                    url = base + PATH.format(language=language) + (f"?{args.query}" if args.query else "")
                    page.goto(url, wait_until="networkidle", timeout=120_000)
                    if page.locator("table[data-chart]").count():
                        page.locator("canvas[data-chart-for]").first.wait_for(timeout=30_000)
                    page_height = page.evaluate("document.documentElement.scrollHeight")
                    print(f"{width}x{height} {language}: page {page_height} px tall", flush=True)
                    if not args.heights_only:
                        page.screenshot(path=str(out / f"dashboard-{language}-{width}.png"), full_page=True)
                    context.close()
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
