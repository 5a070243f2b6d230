"""Coded messages and exceptions of the review app and its store.

The codes follow ``pipeline.errors.Errors`` (E050-E059 are reserved for review).
"""

from __future__ import annotations

from pipeline.errors import CrosscheckError


class ReviewErrors:
    E050 = (
        "[E050] {path}: the review database stayed locked after {attempts} attempts "
        "over {seconds:.1f} s; another process is writing to it. Close other "
        "'crosscheck review' or 'crosscheck run --db' processes, or try again"
    )
    E051 = (
        "[E051] {path}: not a crosscheck review database ({reason}); pass another "
        "--db path"
    )
    E052 = (
        "[E052] {path}: schema version {found} is newer than this crosscheck "
        "understands (up to {expected}); upgrade crosscheck"
    )
    E053 = (
        "[E053] {path}: findings.json not found; run 'crosscheck run ARTICLES --out "
        "{folder}' first"
    )
    E054 = "[E054] {path}: cannot read findings.json ({reason})"
    E055 = "[E055] {path}: cannot read the existing gold file ({reason}); not replaced"
    E056 = "[E056] cannot listen on {host}:{port} ({reason}); pick another --port"
    E057 = (
        "[E057] {path}: the review database cannot be {doing} ({reason}); nothing in"
        " it was changed"
    )


class ReviewError(CrosscheckError):
    """A review-side error the user can act on."""


class StoreLocked(ReviewError):
    """The database stayed locked through every retry."""


class StoreSchemaError(ReviewError):
    """The file is not a review database, or a newer one."""


class StoreUnavailable(ReviewError):
    """The database cannot be opened, read or written (read-only, full disk, a
    folder in its place); the transaction under way was rolled back."""


class StaleVersion(ReviewError):
    """A decision was made on a version of the finding that is no longer current."""

    def __init__(self, fingerprint: str, expected: int, current: object) -> None:
        self.fingerprint = fingerprint
        self.expected = expected
        self.current = current
        super().__init__(
            f"finding {fingerprint} is at version {getattr(current, 'version', '?')}, "
            f"not {expected}: someone decided on it after you opened it"
        )


class DecisionError(ReviewError, ValueError):
    """A decision that cannot be recorded as given (no name, no reason, ...)."""


class UnknownFinding(ReviewError, KeyError):
    """No finding with this fingerprint is registered."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class ReportError(ReviewError):
    """The report folder cannot be read."""
