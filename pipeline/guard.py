"""Time limits and failure accounting for calls into libraries we do not control.

dateparser and quantulum3 are called once per candidate phrase or sentence. Either can
raise on odd input or, rarely, run for a very long time; that must cost the one
sentence, not the article or the run. :func:`guarded` runs a call under a time limit,
turns any failure into a default value, counts it and remembers a one-line description
that a spaCy component can attach to its Doc (see :func:`collect`).

How the time limit works:

- In the main thread of a process, on a platform with ``SIGALRM`` (Linux, macOS), the
  call runs in place under ``signal.setitimer(ITIMER_REAL)``; the handler raises
  :class:`CallTimeout` inside the call. Cheap (a few microseconds a call), and the
  interrupted call really stops. A timer that was already armed (an outer guard, or
  the caller's own alarm) is honoured and re-armed afterwards with its remaining time.
- Elsewhere (worker threads, e.g. a web server or a Dask worker thread) signals
  cannot be used, so the call runs in a daemon thread and the caller waits at most
  ``seconds`` for it. On a timeout the thread is abandoned: it may go on using CPU
  until the call returns by itself, but the article goes on.

Neither way can interrupt C code that holds the GIL (a catastrophic backtrack in the
standard ``re`` module): the limit then applies only once control returns to Python.
Calls are not retried and results are not cached here; the callers cache.

Counts are per process. With ``nlp.pipe(n_process=…)`` or Dask, attach failures to
the Doc with :func:`collect` so that they travel back with it.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: Default time limit for one call, in seconds. A dateparser or quantulum3 call on a
#: sentence normally takes well under 50 ms; a second is a clear sign it is stuck.
DEFAULT_SECONDS = 2.0


class CallTimeout(Exception):
    """A guarded call ran past its time limit."""

    def __init__(self, name: str, seconds: float) -> None:
        super().__init__(f"{name} gave up after {seconds:g} s")
        self.name = name
        self.seconds = seconds


_lock = threading.Lock()
_counts: Counter[tuple[str, str]] = Counter()
_sinks: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "crosscheck_guard_sink", default=None
)


def _signals_usable() -> bool:
    return (
        hasattr(signal, "setitimer")
        and hasattr(signal, "SIGALRM")
        and threading.current_thread() is threading.main_thread()
    )


def _call_with_alarm(
    func: Callable[..., T], args: tuple, kwargs: dict, seconds: float, name: str
) -> T:
    token = object()
    armed = True
    started = time.monotonic()
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_delay, previous_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_deadline = started + previous_delay if previous_delay > 0 else None

    def on_alarm(signum, frame):
        if not armed:
            return  # a late alarm after the call finished: nothing to stop
        if outer_deadline is not None and time.monotonic() >= outer_deadline - 1e-3:
            # The outer timer's time is up, not ours: let its handler act.
            if callable(previous_handler):
                previous_handler(signum, frame)
                return
        raise _Expired(token)

    delay = seconds if outer_deadline is None else min(seconds, previous_delay)
    signal.signal(signal.SIGALRM, on_alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, max(delay, 1e-6))
            return func(*args, **kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            armed = False
    except _Expired as expired:
        if expired.token is not token:
            raise
        raise CallTimeout(name, seconds) from None
    finally:
        # None: a handler installed outside Python; the default is the closest
        signal.signal(
            signal.SIGALRM,
            signal.SIG_DFL if previous_handler is None else previous_handler,
        )
        if outer_deadline is not None:
            # Re-arm the outer timer with what is left; if it is due, fire it now.
            remaining = outer_deadline - time.monotonic()
            signal.setitimer(
                signal.ITIMER_REAL, max(remaining, 1e-6), previous_interval
            )


class _Expired(BaseException):
    """Raised by the alarm handler; a BaseException so that the ``except Exception``
    blocks inside dateparser or quantulum3 cannot swallow it."""

    def __init__(self, token: object) -> None:
        super().__init__()
        self.token = token


def _call_in_thread(
    func: Callable[..., T], args: tuple, kwargs: dict, seconds: float, name: str
) -> T:
    outcome: dict[str, Any] = {}
    context = contextvars.copy_context()

    def target() -> None:
        try:
            outcome["value"] = context.run(func, *args, **kwargs)
        except BaseException as err:  # handed back to the caller below
            outcome["error"] = err

    worker = threading.Thread(target=target, name=f"guard:{name}", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise CallTimeout(name, seconds)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def call_with_timeout(
    func: Callable[..., T],
    *args: Any,
    seconds: float = DEFAULT_SECONDS,
    name: str | None = None,
    **kwargs: Any,
) -> T:
    """Call ``func(*args, **kwargs)``, giving up after ``seconds``.

    Args:
        func: the call to make.
        seconds: the time limit (wall clock); 0 or less means no limit.
        name: what to call it in messages (default: the function's name).

    Returns:
        what ``func`` returns.

    Raises:
        CallTimeout: the call ran past ``seconds``.
        Exception: whatever ``func`` raised.
    """
    name = name or getattr(func, "__qualname__", None) or repr(func)
    if seconds is None or seconds <= 0:
        return func(*args, **kwargs)
    if _signals_usable():
        return _call_with_alarm(func, args, kwargs, seconds, name)
    return _call_in_thread(func, args, kwargs, seconds, name)


def _describe(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def guarded(
    name: str,
    func: Callable[..., T],
    *args: Any,
    seconds: float = DEFAULT_SECONDS,
    default: Any = None,
    **kwargs: Any,
) -> T | Any:
    """Call ``func`` under a time limit; on a timeout or an exception return
    ``default``, count the failure under ``name`` and report it to :func:`collect`.

    Args:
        name: the library or step, as reports should name it ("dateparser").
        func: the call to make; ``args``/``kwargs`` are passed on.
        seconds: the time limit (see :func:`call_with_timeout`).
        default: what to return when the call fails.

    Returns:
        what ``func`` returns, or ``default``.
    """
    try:
        return call_with_timeout(func, *args, seconds=seconds, name=name, **kwargs)
    except CallTimeout:
        kind, detail = "timeout", f"gave up after {seconds:g} s"
    except Exception as err:  # the library's own bug; costs this call only
        kind, detail = "error", f"raised {type(err).__name__}: {_describe(str(err))}"
    what = _describe(args[0]) if args else ""
    line = f"{name} {detail} on '{what}'; skipped" if what else f"{name} {detail}"
    log.debug("guarded call failed: %s", line)
    with _lock:
        _counts[(name, kind)] += 1
    sink = _sinks.get()
    if sink is not None:
        sink.append(line)
    return default


@contextlib.contextmanager
def collect() -> Iterator[list[str]]:
    """Collect the failures of guarded calls made inside the ``with`` block.

    A spaCy component wraps its work for one Doc in it and records what it collects
    on the Doc, so failures travel with the Doc across worker processes::

        with guard.collect() as failures:
            doc._.cc_dates = find_dates(...)
        for line in failures:
            record_failure(doc, "cc_dates", line)
    """
    lines: list[str] = []
    token = _sinks.set(lines)
    try:
        yield lines
    finally:
        _sinks.reset(token)


def failure_counts() -> dict[str, dict[str, int]]:
    """Failures counted in this process: ``{name: {"timeout": n, "error": n}}``."""
    with _lock:
        out: dict[str, dict[str, int]] = {}
        for (name, kind), n in sorted(_counts.items()):
            out.setdefault(name, {})[kind] = n
        return out


def reset_failure_counts() -> None:
    with _lock:
        _counts.clear()
