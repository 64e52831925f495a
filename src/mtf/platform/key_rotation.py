"""`mtf keys`: new key pairs, and the rotation of every kind of key with an overlap
(docs/operations/key-rotation.md).

- `next KIND`: the environment lines that start a rotation — a new value becomes current and
  the current one becomes `*_PREVIOUS` (still accepted), printed for a secrets store or
  written into an env file (`--env-file .mtf/secrets.env`, what the launcher reads).
- `rotate pii`: re-wraps every client's data key under the current master key (resumable).
- `finish KIND`: the lines that end the overlap (the `*_PREVIOUS` ones go); for `pii` it
  refuses while a data key is still wrapped by another master key.

The JWT secret, the PII master key and each service's Ed25519 pair rotate this way; the CIN
hash key does not (it keys lookups: changing it needs `mtf rebuild customer`), and a webhook
subscription's secret rotates through the API (`POST .../rotate-secret`)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mtf.kernel.service_keys import (
    SERVICE_NAMES,
    ServiceKeys,
    previous_public_name,
    private_name,
    public_name,
)
from mtf.kernel.settings import Settings

KINDS = ("jwt", "pii", "service")
SECRET_NAMES = {"jwt": "MTF_JWT_SECRET", "pii": "MTF_PII_KEY"}


class RotationRefused(RuntimeError):
    """The step asked for would lose something (said why, nothing changed)."""


def new_secret() -> str:
    return secrets.token_urlsafe(48)


def next_lines(
    kind: str, env: Mapping[str, str], services: tuple[str, ...] = ()
) -> dict[str, str | None]:
    """The variables that start a rotation of `kind` (None: unset it)."""
    if kind in SECRET_NAMES:
        name = SECRET_NAMES[kind]
        current = env.get(name, "").strip()
        if not current:
            raise RotationRefused(f"{name} is not set: there is nothing to rotate")
        if env.get(f"{name}_PREVIOUS", "").strip():
            raise RotationRefused(
                f"{name}_PREVIOUS is still set: a rotation is under way; end it first "
                f"(`mtf keys finish {kind}`) so that no value still in use is dropped"
            )
        return {name: new_secret(), f"{name}_PREVIOUS": current}
    if kind == "service":
        names = services or SERVICE_NAMES
        unknown = [s for s in names if s not in SERVICE_NAMES]
        if unknown:
            raise RotationRefused(
                f"not a service: {', '.join(unknown)} (one of {', '.join(SERVICE_NAMES)})"
            )
        lines: dict[str, str | None] = {}
        for name in names:
            current = env.get(public_name(name), "").strip()
            if not current:
                raise RotationRefused(f"{public_name(name)} is not set: nothing to rotate")
            if env.get(previous_public_name(name), "").strip():
                raise RotationRefused(
                    f"{previous_public_name(name)} is still set: end that rotation first "
                    f"(`mtf keys finish service {name}`)"
                )
            fresh = ServiceKeys.generate((name,)).env()
            lines[public_name(name)] = fresh[public_name(name)]
            lines[previous_public_name(name)] = current
            lines[private_name(name)] = fresh[private_name(name)]
        return lines
    raise RotationRefused(f"{kind!r} is not one of {', '.join(KINDS)}")


def finish_lines(
    kind: str, env: Mapping[str, str], services: tuple[str, ...] = ()
) -> dict[str, str | None]:
    """The variables that end the overlap of a rotation of `kind`."""
    if kind in SECRET_NAMES:
        return {f"{SECRET_NAMES[kind]}_PREVIOUS": None}
    if kind == "service":
        return {previous_public_name(n): None for n in (services or SERVICE_NAMES)}
    raise RotationRefused(f"{kind!r} is not one of {', '.join(KINDS)}")


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if path.exists():
        for raw in path.read_text().splitlines():
            line = raw.strip()
            if line and not line.startswith("#") and "=" in line:
                key, _, value = line.partition("=")
                values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def write_env_file(path: Path, changes: Mapping[str, str | None]) -> None:
    """Set (or, for None, remove) these variables in an env file, in place; the other lines
    stay as they are. Written to a temporary file then renamed (never half written), 0600."""
    lines = path.read_text().splitlines() if path.exists() else []
    out: list[str] = []
    done: set[str] = set()
    for raw in lines:
        key = (
            raw.split("=", 1)[0].strip() if "=" in raw and not raw.lstrip().startswith("#") else ""
        )
        if key in changes:
            if key not in done and changes[key] is not None:
                out.append(f"{key}={changes[key]}")
            done.add(key)
            continue
        out.append(raw)
    out += [f"{k}={v}" for k, v in changes.items() if k not in done and v is not None]
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text("\n".join(out) + "\n")
    if os.name != "nt":
        tmp.chmod(0o600)
    tmp.replace(path)


def apply_lines(
    changes: Mapping[str, str | None], env_file: Path | None, say: Callable[[str], None] = print
) -> None:
    """Write the changes into `env_file`, or print them for a secrets store."""
    if env_file is not None:
        write_env_file(env_file, changes)
        for key, value in changes.items():
            say(f"{env_file}: {'set' if value is not None else 'removed'} {key}")
        return
    for key, value in changes.items():
        say(f"{key}={value}" if value is not None else f"# remove {key}")


def _vault(settings: Settings) -> Any:
    from mtf.customer.adapters.postgres.vault import SqlPersonalDataVault
    from mtf.kernel.crypto import MasterKey
    from mtf.kernel.db import make_engine

    engine = make_engine(settings.database_url_for("customer"), "customer", pool_size=1)
    return SqlPersonalDataVault(engine, MasterKey(settings.pii_key, settings.pii_key_previous))


def pii_status(settings: Settings) -> dict[str, Any]:
    """Data keys per master key, and which ids the environment's keys have."""
    vault = _vault(settings)
    try:
        by_key = vault.key_census()
    finally:
        vault.engine.dispose()
    current = vault.master.key_id
    return {
        "current_key": current,
        "previous_key": vault.master.previous_id,
        "by_key": by_key,
        "remaining": sum(n for k, n in by_key.items() if k != current),
    }


def rotate_pii(
    settings: Settings,
    *,
    batch_size: int = 500,
    max_batches: int | None = None,
    progress: Callable[[dict[str, Any]], None] = lambda _: None,
) -> dict[str, Any]:
    """`mtf keys rotate pii`: re-wrap every data key not yet under MTF_PII_KEY (those under
    MTF_PII_KEY_PREVIOUS, and those stored before the key ids were kept)."""
    vault = _vault(settings)
    try:
        report = vault.rewrap_all(
            batch_size=batch_size,
            max_batches=max_batches,
            progress=lambda r: progress(r.as_dict()),
        )
    finally:
        vault.engine.dispose()
    result: dict[str, Any] = report.as_dict()
    result["previous_key"] = vault.master.previous_id
    return result


def finish_pii(settings: Settings) -> None:
    """Refuse to end a PII rotation while a data key is not under the current master key:
    dropping MTF_PII_KEY_PREVIOUS then would make those clients unreadable."""
    status = pii_status(settings)
    if status["remaining"]:
        raise RotationRefused(
            f"{status['remaining']} data keys are not wrapped by the current master key "
            f"({status['by_key']}): run `mtf keys rotate pii` to the end first"
        )
