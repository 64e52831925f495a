"""`mtf rebuild`: replay a service's events into its read models from zero, and check (or
rebuild) the write-side ledgers against the events: collections' settlements (payment
events), billing's billed days and invoice credits (invoice and credit-note events). For operators and
auditors: the views are only ever a function of the event history."""

from __future__ import annotations

import importlib
from typing import Any

from mtf.kernel.errors import DomainError
from mtf.kernel.settings import SERVICES, Settings


def rebuild(settings: Settings, services: tuple[str, ...], *, check_only: bool) -> dict[str, Any]:
    report: dict[str, Any] = {}
    for service in services or SERVICES:
        module: Any = importlib.import_module(f"mtf.{service}.app")
        projectors = (
            module.build_projectors(settings) if hasattr(module, "build_projectors") else []
        )
        entry: dict[str, Any] = {}
        if not check_only:
            for projector in projectors:
                entry[projector.projection.name] = {"events_replayed": projector.rebuild()}
            # feeds whose effects live in the replayed views are followed again from the start
            # (now if the services answer, else by the worker once they do)
            for follower in getattr(module, "build_followers", lambda _s: [])(settings):
                try:
                    entry[follower.name] = {"events_followed": follower.catch_up()}
                except DomainError as exc:
                    entry[follower.name] = {"deferred_to_the_worker": exc.detail}
        if service == "collections":
            from mtf.collections.adapters.postgres.settlements import check_or_rebuild_settlements

            [projector] = projectors
            differences = check_or_rebuild_settlements(
                projector.engine, projector, rebuild=not check_only
            )
            entry["settlements"] = {
                "differences": [{k: str(v) for k, v in d.items()} for d in differences],
                "rebuilt": not check_only,
            }
        if service == "billing":
            from mtf.billing.adapters.postgres.ledgers import check_or_rebuild_ledgers

            [projector] = projectors
            found = check_or_rebuild_ledgers(projector.engine, projector, rebuild=not check_only)
            entry["ledgers"] = {
                "differences": [{k: str(v) for k, v in d.items()} for d in found],
                "rebuilt": not check_only,
            }
        report[service] = entry
    return report
