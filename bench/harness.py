"""Shared pieces of the benchmarks: a figure, a gunicorn server on a free loopback
port, and wrk runs that report throughput, latency percentiles and errors."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    target: str = ""
    passed: bool | None = None

    def row(self) -> dict[str, object]:
        return asdict(self)

    @property
    def verdict(self) -> str:
        return "" if self.passed is None else ("pass" if self.passed else "FAIL")


def print_table(figures: list[Figure]) -> None:
    """The figures, one a line, with their target and verdict (what `make bench` and each script print)."""
    width = max(len(f.name) for f in figures) if figures else 10
    print(f"{'figure':<{width}}  {'value':>12}  {'unit':<8}  {'target':<14}  result")
    for f in figures:
        print(f"{f.name:<{width}}  {f.value:>12.2f}  {f.unit:<8}  {f.target:<14}  {f.verdict}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env or os.environ.copy(),
        check=True, capture_output=True, text=True,
    )
    return result.stdout


_SERVERS: dict[str, subprocess.Popen[bytes]] = {}


def worker_rss_mib(base: str) -> list[float]:
    """The resident size of each worker of the gunicorn serving `base`, in MiB."""
    master = _SERVERS[base].pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        kib = int(re.search(r"^VmRSS:\s+(\d+) kB", status, re.M).group(1))  # type: ignore[union-attr]
        sizes.append(kib / 1024)
    return sizes


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _cpu_seconds(pid: int, *, ended_children: bool = False) -> float:
    """User and system CPU time of one process so far (0 when it is gone), with
    that of its children that have ended if asked."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = sum(int(value) for value in fields[11:15 if ended_children else 13])
    return ticks / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(base: str) -> float:
    """CPU time used so far by the workers of the gunicorn serving `base`."""
    return sum(_cpu_seconds(pid) for pid in _children(_SERVERS[base].pid))


def postgres_cpu_seconds() -> float | None:
    """CPU time used so far by the server processes of the PostgreSQL cluster
    `scripts/with_postgres.sh` started (PGDATA_DIR), or None when unknown."""
    data = os.environ.get("PGDATA_DIR", "")
    try:
        postmaster = int(Path(data, "postmaster.pid").read_text().split()[0]) if data else 0
        if not postmaster:
            return None
        return _cpu_seconds(postmaster, ended_children=True) + sum(_cpu_seconds(pid) for pid in _children(postmaster))
    except (OSError, ValueError, IndexError):
        return None


@contextmanager
def gunicorn(workers: int = 2, env: dict[str, str] | None = None) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [str(BIN / "gunicorn"), "sentinelle.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env or os.environ.copy(),
    )
    base = f"http://127.0.0.1:{port}"
    _SERVERS[base] = proc
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).read()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@dataclass
class LoadResult:
    requests: int
    seconds: float
    errors: int
    non_2xx: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    extra: dict[str, float]
    lists: dict[str, list[str]] = field(default_factory=dict)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


_DONE = """
done = function(summary, latency, requests)
  local extra = {}
  for _, t in ipairs(threads or {}) do
    for _, name in ipairs(counters or {}) do
      extra[name] = (extra[name] or 0) + (t:get(name) or 0)
    end
  end
  local parts = {}
  for k, v in pairs(extra) do table.insert(parts, string.format('"%s": %d', k, v)) end
  local lists = {}
  for _, name in ipairs(collect or {}) do
    local items = {}
    for _, t in ipairs(threads or {}) do
      for _, item in ipairs(t:get(name) or {}) do
        table.insert(items, '"' .. (string.gsub(tostring(item), '[^%w%-_.:]', '')) .. '"')
      end
    end
    table.insert(lists, string.format('"%s": [%s]', name, table.concat(items, ", ")))
  end
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d, "extra": {%s}, "lists": {%s}}\\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    table.concat(parts, ", "), table.concat(lists, ", ")))
end
"""


def wrk(url: str, *, seconds: int = 10, connections: int = 8, threads: int = 2, script: str = "") -> LoadResult:
    """Run wrk against `url` for a bounded time. `script` is Lua (request/response
    hooks); it may declare `counters = {...}` and keep per-thread counters that
    are added up at the end, and `collect = {...}`: per-thread lists of short
    tokens (letters, digits, - _ . :) joined into `LoadResult.lists`. Both need
    the script's `setup(thread)` to keep every thread in a global `threads`."""
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is missing: `make bench` installs it (scripts/install_system_deps.sh bench)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + "\n" + _DONE)
    try:
        out = subprocess.run(
            ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
             "-s", lua.name, url],
            check=True, capture_output=True, text=True, timeout=seconds + 60,
        ).stdout
    finally:
        os.unlink(lua.name)
    match = re.search(r"^RESULT (.*)$", out, re.M)
    if not match:
        raise RuntimeError(out)
    data = json.loads(match.group(1))
    return LoadResult(
        requests=data["requests"], seconds=data["duration_us"] / 1e6, errors=data["errors"],
        non_2xx=data["non_2xx"], p50_ms=data["p50"] / 1000, p95_ms=data["p95"] / 1000, p99_ms=data["p99"] / 1000,
        extra={k: float(v) for k, v in data["extra"].items()},
        lists={k: [str(item) for item in v] for k, v in data.get("lists", {}).items()},
    )
