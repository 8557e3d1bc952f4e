"""Run every benchmark (bench/bench_*.py: bench_cases, case management at
national scale; bench_intake, the tip line under load), print one table, write
bench/results/latest.json. Expects DATABASE_URL to point at PostgreSQL (the
Makefile starts a throwaway cluster)."""

from __future__ import annotations

import importlib
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from harness import Figure, print_table  # noqa: E402


def main() -> int:
    figures: list[Figure] = []
    for path in sorted(HERE.glob("bench_*.py")):
        module = importlib.import_module(path.stem)
        print(f"… {path.stem}", flush=True)
        figures.extend(module.run())
    print()
    print_table(figures)
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "figures": [f.row() for f in figures],
    }, indent=1))
    print(f"\nwritten to {out.relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
