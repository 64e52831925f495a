"""A lean open-loop HTTP/1.1 load generator (asyncio streams, keep-alive connections).

A general-purpose Python HTTP client costs more CPU per request than the server under
test; on a 2-core machine that would measure the client. This one only writes a fixed
request and reads the status line, headers and Content-Length body."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0
    elapsed_s: float = 0.0


async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    for line in lines[1:]:
        if line[:15].lower() == b"content-length:":
            length = int(line[15:].strip())
    if length:
        await reader.readexactly(length)
    return status


async def fixed_rate(
    url: str,
    *,
    rate: float,
    seconds: float,
    headers: dict[str, str],
    method: str = "GET",
    body: bytes = b"",
    connections: int = 32,
) -> Result:
    parts = urlsplit(url)
    host, port = parts.hostname or "localhost", parts.port or 80
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"{method} {target} HTTP/1.1", f"Host: {host}:{port}", "Connection: keep-alive"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    request = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(connections):
        pool.put_nowait(await asyncio.open_connection(host, port))
    result = Result()

    async def one(scheduled: float) -> None:
        reader, writer = await pool.get()
        try:
            writer.write(request)
            status = await _read_response(reader)
            result.statuses[status] = result.statuses.get(status, 0) + 1
            result.latencies_ms.append((time.perf_counter() - scheduled) * 1000)
            pool.put_nowait((reader, writer))
        except (OSError, asyncio.IncompleteReadError, ValueError):
            result.errors += 1
            writer.close()
            pool.put_nowait(await asyncio.open_connection(host, port))

    total = int(rate * seconds)
    interval = 1.0 / rate
    start = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    for i in range(total):
        scheduled = start + i * interval
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    result.elapsed_s = time.perf_counter() - start
    while not pool.empty():
        _, writer = pool.get_nowait()
        writer.close()
    return result
