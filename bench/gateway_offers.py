"""Gateway -> catalog `GET /api/v1/offers` at a fixed request rate (open loop).

Requests are sent on a fixed schedule whatever the latency (so slow answers cannot hide
behind a slower send rate); latency is measured from the scheduled send time.
Target (docs/performance.md): p99 under 25 ms at 300 requests/s on the 2-core machine.

    ./launch_all.sh && .venv/bin/python bench/gateway_offers.py --rate 300 --seconds 20
"""

from __future__ import annotations

import argparse
import asyncio

from bench.common import base_url, percentile, token
from bench.loadgen import fixed_rate


async def run(rate: float, seconds: float, limit: int) -> dict[str, float]:
    base = base_url()
    headers = {"Authorization": f"Bearer {token(base)}"}
    url = f"{base}/api/v1/offers?limit={limit}"
    await fixed_rate(url, rate=50, seconds=1, headers=headers)  # warm up
    result = await fixed_rate(url, rate=rate, seconds=seconds, headers=headers)
    latencies = sorted(result.latencies_ms)
    return {
        "requests": float(len(latencies) + result.errors),
        "achieved_rps": len(latencies) / result.elapsed_s,
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "max_ms": latencies[-1] if latencies else float("nan"),
        "non_200": float(sum(n for s, n in result.statuses.items() if s != 200)),
        "errors": float(result.errors),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--limit", type=int, default=50)
    args = parser.parse_args()
    result = asyncio.run(run(args.rate, args.seconds, args.limit))
    print(
        f"gateway GET /api/v1/offers?limit={args.limit} at {args.rate:.0f} req/s for {args.seconds:.0f} s"
    )
    for key, value in result.items():
        print(f"  {key:>13}: {value:.2f}")
    verdict = (
        "MET"
        if result["p99_ms"] < 25 and result["non_200"] == 0 and result["errors"] == 0
        else "MISSED"
    )
    print(f"  target p99 < 25 ms at 300 req/s: {verdict}")


if __name__ == "__main__":
    main()
