"""Cold start of the whole stack with ./launch_all.sh on an already-installed checkout:
from the command to 'ready' (services, gateway, worker up; migrations; smoke checks).
Target (docs/performance.md): under 20 s.

    .venv/bin/python bench/cold_start.py --runs 3
"""

from __future__ import annotations

import argparse
import subprocess
import time

from bench.common import ROOT


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    timings = []
    for _ in range(args.runs):
        subprocess.run(
            [str(ROOT / "launch_all.sh"), "stop"], cwd=ROOT, check=True, capture_output=True
        )
        started = time.perf_counter()
        done = subprocess.run(
            [str(ROOT / "launch_all.sh")], cwd=ROOT, capture_output=True, text=True
        )
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            raise SystemExit(done.stdout + done.stderr)
        timings.append(elapsed)
        print(f"  run: {elapsed:.2f} s")
    print(
        f"cold start (stop, then ./launch_all.sh until ready): best {min(timings):.2f} s, worst {max(timings):.2f} s"
    )
    print(f"  target < 20 s: {'MET' if max(timings) < 20 else 'MISSED'}")


if __name__ == "__main__":
    main()
