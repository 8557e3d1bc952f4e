"""Serve Sentinelle on http://127.0.0.1:8000 together with the background task
worker. Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BIND = os.environ.get("BIND", "127.0.0.1:8000")
WORKERS = os.environ.get("WEB_CONCURRENCY", "2")
# The access log never names the client (no address, user agent or referrer), so that
# nothing identifies a worker who reports anonymously; and it writes the path without
# its query string (%(U)s, not the request line %(r)s), where the words staff type into
# a search or a filter travel.
ACCESS_LOG_FORMAT = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


def gunicorn_command(bind: str, workers: str) -> list[str]:
    return [str(BIN / "gunicorn"), "sentinelle.wsgi", "--bind", bind, "--workers", workers,
            "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT, "--graceful-timeout", "5"]


def main() -> int:
    web = subprocess.Popen(gunicorn_command(BIND, WORKERS), cwd=ROOT)
    worker = subprocess.Popen([sys.executable, "manage.py", "db_worker"], cwd=ROOT)
    children = [web, worker]
    print(f"Sentinelle is on http://{BIND}/ (task worker running). Ctrl-C stops both.", flush=True)

    def stop(*_args: object) -> None:
        for child in children:
            if child.poll() is None:
                child.terminate()

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    finally:
        stop()
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main())
