"""A gateway in front of an echo upstream: every service URL points at a tiny ASGI app that
answers what it received (raw path, query, headers), and a secret on the routes a caller must
never reach through the gateway (`/metrics`, `/internal/*`, `/health/*`)."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from mtf.kernel.settings import SERVICES, Settings
from tests.integration.services import free_port

UPSTREAM_SECRET = "upstream-only-9f3c"


async def echo_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    path = scope["path"]
    if path.startswith(("/metrics", "/internal", "/health", "/schema")):
        payload: dict[str, Any] = {"secret": UPSTREAM_SECRET, "path": path}
    else:
        payload = {
            "echo": True,
            "raw_path": scope.get("raw_path", b"").decode("latin-1"),
            "query": scope.get("query_string", b"").decode("latin-1"),
            "headers": {k.decode(): v.decode("latin-1") for k, v in scope["headers"]},
            "body_length": len(body),
        }
    data = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"application/json")],
        }
    )
    await send({"type": "http.response.body", "body": data})


@contextmanager
def serving(app: Any) -> Iterator[str]:
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_config=None,
            access_log=False,
            proxy_headers=False,  # as `mtf serve` runs it: the gateway decides
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not start")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def gateway_over_echo(settings: Settings, dist: Path, **overrides: Any) -> Iterator[str]:
    """The gateway's base URL; its services are all the echo app."""
    from mtf.gateway.app import create_app

    with serving(echo_app) as upstream:
        urls = {name: upstream for name in SERVICES}
        gateway_settings = replace(
            settings, service_urls=urls, frontend_dist=str(dist), **overrides
        )
        with serving(create_app(gateway_settings)) as base:
            yield base


def raw_request(
    base: str, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""
) -> tuple[int, dict[str, str], bytes]:
    """A request whose path is sent byte for byte (httpx would normalise dot-segments)."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        if "Content-Length" not in (headers or {}) and (body or method in ("POST", "PUT", "PATCH")):
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        response = conn.getresponse()
        return (
            response.status,
            {k.lower(): v for k, v in response.getheaders()},
            response.read(),
        )
    finally:
        conn.close()


def get(base: str, path: str, **headers: str) -> httpx.Response:
    return httpx.get(base + path, headers=headers, timeout=30)
