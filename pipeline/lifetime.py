"""Worker processes end when the run that started them dies.

A run killed with SIGKILL gets no chance to stop its workers: spaCy's ``nlp.pipe``
workers (``--workers N``) would wait forever on their queues, holding a model's
memory each. So each worker asks the kernel to kill it when its parent dies
(``prctl(PR_SET_PDEATHSIG)`` on Linux); where that is not available, a daemon thread
polls the parent's process id and exits when it changes.

- ``--workers N``: :func:`workers_die_with_parent` is held around the pool; every
  process forked meanwhile (spaCy's workers) arms itself right after the fork.
- ``--dask local``: this module is the workers' preload (``dask_setup``), so each
  worker process arms itself as it starts.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator

PR_SET_PDEATHSIG = 1  # linux/prctl.h
#: How often the fallback watchdog looks at its parent (seconds): a dead run's
#: workers are gone within this.
WATCHDOG_SECONDS = 1.0

_guarded_parent: int | None = None  # the pid whose forks arm themselves
_hook_installed = False


def _prctl_deathsig(sig: int) -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        # the process's own symbols (dlopen(NULL)) hold libc's prctl: no
        # ctypes.util.find_library, which runs "ldconfig -p" in a subprocess in
        # every freshly forked worker
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while True:
        time.sleep(WATCHDOG_SECONDS)
        if os.getppid() != parent:
            os._exit(1)


def die_with_parent(parent: int | None = None, sig: int = signal.SIGKILL) -> str:
    """Make this process end when its parent process dies.

    Args:
        parent: the parent's pid as the parent knew it before starting this process;
            when the parent already died before this call, the process exits now.
        sig: the signal the kernel sends on the parent's death.

    Returns:
        how: ``"prctl"`` or ``"watchdog"``.
    """
    parent = os.getppid() if parent is None else parent
    how = "prctl" if _prctl_deathsig(sig) else "watchdog"
    if how == "watchdog":
        threading.Thread(
            target=_watch, args=(parent,), name="crosscheck-parent", daemon=True
        ).start()
    if os.getppid() != parent:  # died between the fork and the line above
        os._exit(1)
    return how


def _after_fork_in_child() -> None:
    parent = _guarded_parent
    if parent is not None:
        # the child's own forks are not spaCy workers of this run
        globals()["_guarded_parent"] = None
        die_with_parent(parent)


@contextlib.contextmanager
def workers_die_with_parent() -> Iterator[None]:
    """While held, every process this one forks ends when this one dies."""
    global _guarded_parent, _hook_installed
    if not _hook_installed:
        os.register_at_fork(after_in_child=_after_fork_in_child)
        _hook_installed = True
    previous = _guarded_parent
    _guarded_parent = os.getpid()
    try:
        yield
    finally:
        _guarded_parent = previous


def dask_setup(worker=None) -> None:
    """dask.distributed preload hook: the worker process ends with its parent."""
    die_with_parent()
