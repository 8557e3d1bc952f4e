"""The CPU cost of one report's final "Send" POST, in one process, without load.

Not part of `make bench` (its name does not start with `bench_`): a helper to see
where the server's time goes on the worker's report path. It migrates a database
of its own (SQLite in a temporary directory, or the PostgreSQL of DATABASE_URL),
walks a report through the real form with Django's test client (CSRF checked as
a browser's request is), then sends the final POST of `bench_intake` again and
again, each with a form nonce of its own, and prints the medians of the CPU time
(`time.process_time`), the wall time, and the number and duration of SQL queries
of one send. `--profile` adds a cProfile of the sends (CPU time, not wall time), sorted by
cumulative time; `--queries` lists the SQL of the last send.

    .venv/bin/python bench/profile_intake.py [--sends 60] [--profile]
    bash scripts/with_postgres.sh .venv/bin/python bench/profile_intake.py
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bench_intake


def _configure(var_dir: str) -> None:
    for name in ("RECEIPT_ARGON2_TIME_COST", "RECEIPT_ARGON2_MEMORY_KIB"):
        os.environ.pop(name, None)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="sentinelle.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        RECEIPT_PEPPER=secrets.token_hex(32),
        ALLOWED_HOSTS="testserver",
        SENTINELLE_VAR_DIR=var_dir,
        LOG_LEVEL="WARNING",
        REPORTS_PER_HOUR="1000000000",
    )


class _Queries:
    """Counts the SQL statements run and their time."""

    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.log: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            took = time.perf_counter() - start
            self.count += 1
            self.seconds += took
            self.log.append((took, sql))


def _walk(client: Any) -> list[tuple[str, str]]:
    """The review page's hidden fields, after every step filled in."""
    page = bench_intake._parse(client.get(bench_intake.REPORT_PATH).content.decode())
    for slug in ("about-you", "employer", "what-happened", "urgency"):
        answers = dict(bench_intake.ANSWERS[slug])
        if slug == "employer":
            answers["sector"] = [v for v in page.options.get("sector", []) if v][:1]
        fields = [*page.hidden, *((n, v) for n, values in answers.items() for v in values), ("next", "1")]
        response = client.post(bench_intake.REPORT_PATH, urllib.parse.urlencode(fields),
                               content_type="application/x-www-form-urlencoded")
        page = bench_intake._parse(response.content.decode())
        if page.errors:
            raise RuntimeError(f"the step {slug!r} was refused")
    if dict(page.hidden).get("step") != "review":
        raise RuntimeError("the form did not reach the review page")
    return page.hidden


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sends", type=int, default=60)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument("--dump", help="also write the profile to this file (for pstats)")
    parser.add_argument("--queries", action="store_true", help="print the SQL of the last send")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="sentinelle-profile-")
    try:
        _measure(args, var_dir)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


def _measure(args: argparse.Namespace, var_dir: str) -> None:
    _configure(var_dir)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", "--noinput", verbosity=0)
    call_command("createcachetable", verbosity=0)
    client = Client(enforce_csrf_checks=True, HTTP_ORIGIN="http://testserver")
    hidden = _walk(client)
    content_type = f"multipart/form-data; boundary={bench_intake.BOUNDARY}"

    def send() -> None:
        body = bench_intake.multipart(hidden, key=secrets.token_hex(16))
        response = client.post(bench_intake.REPORT_PATH, body, content_type=content_type)
        if response.status_code != 200 or b'id="receipt-code"' not in response.content:
            raise RuntimeError(f"the report was not acknowledged ({response.status_code})")

    # The receipt code's Argon2id hash (deliberate, the same cost every time) is
    # timed apart, so that the rest, which a change can cut, is not lost in its noise.
    from argon2 import PasswordHasher

    hashing = {"cpu": 0.0}
    real_hash = PasswordHasher.hash

    def timed_hash(self: PasswordHasher, password: str | bytes, *, salt: bytes | None = None) -> str:
        start = time.process_time()
        try:
            return real_hash(self, password, salt=salt)
        finally:
            hashing["cpu"] += time.process_time() - start

    PasswordHasher.hash = timed_hash  # type: ignore[method-assign]

    for _ in range(3):  # warm-up: first imports, caches, the first connection
        send()
    cpu, argon2, wall, counts, sql = [], [], [], [], []
    profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall
    for _ in range(args.sends):
        queries = _Queries()
        hashing["cpu"] = 0.0
        with connection.execute_wrapper(queries):
            c0, w0 = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            send()
            if profiler:
                profiler.disable()
            cpu.append(time.process_time() - c0)
            argon2.append(hashing["cpu"])
            wall.append(time.perf_counter() - w0)
        counts.append(queries.count)
        sql.append(queries.seconds)
    vendor = connection.vendor
    rest = [total - hashed for total, hashed in zip(cpu, argon2, strict=True)]
    print(f"{vendor}: {args.sends} sends; median CPU {1000 * statistics.median(cpu):.1f} ms "
          f"(min {1000 * min(cpu):.1f}), of which Argon2id {1000 * statistics.median(argon2):.1f} ms; "
          f"outside Argon2id {1000 * statistics.median(rest):.1f} ms (min {1000 * min(rest):.1f}); wall {1000 * statistics.median(wall):.1f} ms, "
          f"{statistics.median(counts):.0f} queries taking {1000 * statistics.median(sql):.1f} ms")
    if args.queries:
        for took, statement in queries.log:
            print(f"{1000 * took:6.2f} ms  {statement[:160]}")
    if profiler:
        if args.dump:
            profiler.dump_stats(args.dump)
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
