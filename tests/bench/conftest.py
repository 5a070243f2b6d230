"""Shared helpers for the benchmarks (issue 6): timing with CPU time and load
alongside wall time, one table of figures per session, printed at the end.

The benchmarks run only under ``make bench`` (``--benchmark-enable --benchmark-only``);
the default test run passes ``--benchmark-skip``.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:
    sys.path.insert(0, str(BENCH))  # so the bench modules can `import corpus`

CPUS = os.cpu_count() or 1


@dataclass(frozen=True)
class Timing:
    """One measured call. ``cpu`` counts this process and the worker processes it
    reaped during the call; ``load`` is the 1-minute load average just before it, so
    a figure taken on a busy machine can be recognised as such."""

    wall: float
    cpu: float
    load: float
    own_cpu: float = 0.0  # of ``cpu``: this process alone

    @property
    def busy(self) -> bool:
        """The machine had less than a spare core when the call began: wall-clock
        ratios (parallel speed-ups above all) are not to be trusted."""
        return self.load > CPUS - 0.5


def _cpu_seconds() -> tuple[float, float]:
    """(this process, reaped children) user + system seconds."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, kids.ru_utime + kids.ru_stime


def timed(fn, *args, **kwargs):
    """Call ``fn`` and return ``(its result, Timing)``."""
    load = os.getloadavg()[0]
    own, kids = _cpu_seconds()
    started = time.perf_counter()
    result = fn(*args, **kwargs)
    wall = time.perf_counter() - started
    own_after, kids_after = _cpu_seconds()
    return result, Timing(
        wall=wall,
        cpu=own_after - own + kids_after - kids,
        load=load,
        own_cpu=own_after - own,
    )


class Figures:
    """Figures of one benchmark session, keyed by name, printed at its end."""

    timed = staticmethod(timed)

    def __init__(self) -> None:
        self.rows: dict[str, str] = {}
        self.cache: dict[str, object] = {}

    def once(self, key: str, fn):
        """``fn()``, measured at most once per session (so a ratio test run alone
        still has both sides, and a full run measures each side once)."""
        if key not in self.cache:
            self.cache[key] = fn()
        return self.cache[key]

    def add(self, name: str, text: str) -> None:
        self.rows[name] = text


_FIGURES = Figures()


@pytest.fixture(scope="session")
def bench_figures() -> Figures:
    return _FIGURES


def pytest_terminal_summary(terminalreporter) -> None:
    if not _FIGURES.rows:
        return
    terminalreporter.section("crosscheck benchmark figures")
    width = max(len(k) for k in _FIGURES.rows)
    for name, text in _FIGURES.rows.items():
        terminalreporter.write_line(f"{name:<{width}}  {text}")
    terminalreporter.write_line(
        f"(machine: {CPUS} CPUs; load = 1-minute load average before the call)"
    )
