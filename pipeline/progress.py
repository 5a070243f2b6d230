"""Progress for long runs: a rich bar (articles per second, time left) on a terminal,
plain periodic log lines when not, and nothing at all when asked to be quiet."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(
        self, total: int, *, enabled: bool = True, stream=None, every: float = 10.0
    ):
        self.total = total
        self.done = 0
        self.words = 0
        self.stream = stream or sys.stderr
        self.enabled = enabled and total > 0
        self.every = every
        self.started = time.perf_counter()
        self._last_log = self.started
        self._bar = None
        self._task = None
        if self.enabled and getattr(self.stream, "isatty", lambda: False)():
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("[bold]extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:.1f} articles/s"),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task("extract", total=total, rate=0.0)

    @property
    def rate(self) -> float:
        elapsed = time.perf_counter() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def advance(self, words: int = 0) -> None:
        self.done += 1
        self.words += words
        if not self.enabled:
            return
        if self._bar is not None:
            self._bar.update(self._task, advance=1, rate=self.rate)
            return
        now = time.perf_counter()
        if now - self._last_log >= self.every or self.done == self.total:
            self._last_log = now
            left = (self.total - self.done) / self.rate if self.rate else 0.0
            print(
                f"progress: {self.done}/{self.total} articles, {self.rate:.1f} articles/s, "
                f"about {left:.0f} s left",
                file=self.stream,
                flush=True,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
