"""A service run as several processes (uvicorn workers) must not outlive its parent: if the
parent is killed (SIGKILL, OOM), orphaned workers would keep the port, so the supervisor's
restart could never bind it again and the service would run unsupervised. On Linux each
worker asks the kernel to kill it when its parent dies."""

from __future__ import annotations

import ctypes
import importlib
import os
import signal
import sys
from typing import Any

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int) -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent_pid:  # the parent died before the request took effect
        os._exit(1)


def create_worker_app() -> Any:
    """The uvicorn factory of one worker process of `mtf serve <service>`."""
    parent = os.environ.get("MTF_SERVE_PARENT")
    if parent:
        die_with_parent(int(parent))
    module: Any = importlib.import_module(f"mtf.{os.environ['MTF_SERVE_SERVICE']}.app")
    return module.create_app()
