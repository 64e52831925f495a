"""How a service tells the worker that one of its periodic jobs may wait.

A job is a callable the service declares in `build_jobs`; it answers how much it did. By
default a job runs right after the feeds (projections and followers) in every worker pass;
one marked `@background` (e.g. archiving PDFs) runs after the other jobs, and never twice
without every feed having had its turn in between (see `mtf.platform.worker`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

NORMAL = "normal"
BACKGROUND = "background"

J = TypeVar("J", bound=Callable[[], object])


def background(job: J) -> J:
    """Mark a job as background work."""
    job.priority = BACKGROUND  # type: ignore[attr-defined]
    return job


def priority_of(job: object) -> str:
    return str(getattr(job, "priority", NORMAL))
