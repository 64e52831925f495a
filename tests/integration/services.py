"""Runs services as real HTTP servers (uvicorn) in this test process, on free ports."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any

import httpx
import uvicorn

from mtf.kernel.auth import ALL_PERMISSIONS, issue_access_token
from mtf.kernel.service_keys import ServiceKeys
from mtf.kernel.settings import Settings


def settings_json(settings: Settings) -> str:
    """These settings for a child process (the keys as their environment variables)."""
    raw = dataclasses.asdict(replace(settings, service_keys=ServiceKeys(), clock_override=None))
    raw["service_keys"] = settings.service_keys.env()
    return json.dumps(raw)


def settings_from_json(text: str) -> Settings:
    raw = json.loads(text)
    raw["service_keys"] = ServiceKeys.from_env(raw["service_keys"])
    return Settings(**{f.name: raw[f.name] for f in dataclasses.fields(Settings) if f.name in raw})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_services(settings: Settings, names: tuple[str, ...]) -> Iterator[Settings]:
    ports = {name: free_port() for name in names}
    urls = dict(settings.service_urls)
    urls.update({name: f"http://127.0.0.1:{port}" for name, port in ports.items()})
    settings = replace(settings, service_urls=urls)
    servers = []
    apps: list[Any] = []
    for name in names:
        module = __import__(f"mtf.{name}.app", fromlist=["create_app"])
        apps.append(module.create_app(settings))
        config = uvicorn.Config(
            apps[-1],
            host="127.0.0.1",
            port=ports[name],
            log_config=None,
            access_log=False,
            proxy_headers=False,  # as `mtf serve` runs them: the gateway decides the client
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
    for name in names:
        deadline = time.monotonic() + 20
        while True:
            try:
                if httpx.get(f"{urls[name]}/health/live", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not start")
            time.sleep(0.05)
    try:
        yield settings
    finally:
        for server, _ in servers:
            server.should_exit = True
        for _, thread in servers:
            thread.join(timeout=10)
        for app in apps:  # give the connections back: PostgreSQL allows 100 in all
            store = app.state.get("event_store")
            if store is not None:
                store.close()
            engine = app.state.get("engine")  # the gateway has none
            if engine is not None:
                engine.dispose()


def operator_headers(
    settings: Settings, permissions: list[str] | None = None, *, ttl_seconds: int = 900
) -> dict[str, str]:
    """An operator's (the administrator's, unless `permissions` say less) bearer header for
    services running with these settings."""
    token = issue_access_token(
        settings.jwt_secret,
        subject="op",
        username="admin",
        permissions=list(ALL_PERMISSIONS) if permissions is None else permissions,
        ttl_seconds=ttl_seconds,
    )
    return {"Authorization": f"Bearer {token}"}


@dataclass
class ServiceEnv:
    """Running services and an operator's headers, with small HTTP helpers."""

    settings: Settings
    headers: dict[str, str]

    def url(self, service: str, path: str) -> str:
        return self.settings.service_urls[service] + path

    def get(self, service: str, path: str, **params: Any) -> Any:
        r = httpx.get(self.url(service, path), params=params, headers=self.headers, timeout=30)
        r.raise_for_status()
        return r.json()

    def post(self, service: str, path: str, body: Any = None, **headers: str) -> httpx.Response:
        return httpx.post(
            self.url(service, path), json=body, headers={**self.headers, **headers}, timeout=60
        )
