"""The editors' review app and its SQLite store of decisions.

Importing this package is cheap: the web app (FastAPI, uvicorn) is only imported by
``pipeline.review.app`` and ``pipeline.review.cli``.
"""

from __future__ import annotations

from pipeline.review.store import (
    DISMISS_REASONS,
    ReviewStore,
    StaleVersion,
    StoreLocked,
    apply_reviews,
)

__all__ = [
    "DISMISS_REASONS",
    "ReviewStore",
    "StaleVersion",
    "StoreLocked",
    "apply_reviews",
]
