"""The review store: editors' decisions on findings, in SQLite (WAL mode).

One row per finding fingerprint holds its current status and a version counter; every
change is also appended to ``history``, which triggers keep append-only, so no decision
is ever lost. Writers check the version they were shown (optimistic concurrency): a
decision made on a stale page is refused with :class:`StaleVersion`, not applied.

The schema is versioned with ``PRAGMA user_version`` and migrated when a store opens.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from pipeline.corpus import article_file, display_path, raw_path_of
from pipeline.findings import REVIEW_STATES, Finding
from pipeline.review.errors import (
    DecisionError,
    ReviewErrors,
    StaleVersion,
    StoreLocked,
    StoreSchemaError,
    StoreUnavailable,
    UnknownFinding,
)

__all__ = [
    "ACTIONS",
    "DISMISS_REASONS",
    "SCHEMA_VERSION",
    "V1_SCHEMA",
    "HistoryEntry",
    "ReviewRecord",
    "ReviewStore",
    "StaleVersion",
    "StoreLocked",
    "apply_reviews",
]

T = TypeVar("T")

SCHEMA_VERSION = 2

#: What an editor does -> the status it leads to.
ACTIONS: dict[str, str] = {
    "confirm": "confirmed",
    "dismiss": "dismissed",
    "reopen": "open",
}

#: Why a finding is a false alarm, in the order the page offers them (keys 1-6).
DISMISS_REASONS: dict[str, str] = {
    "different_subject": "Not a conflict: different subject",
    "different_period": "Not a conflict: different period",
    "update_over_time": "Update over time",
    "compatible_values": "Compatible values (rounding or bounds)",
    "extraction_error": "Extraction error (wrong value or span read)",
    "other": "Other (say why in the note)",
}

MAX_EDITOR_CHARS = 80
MAX_NOTE_CHARS = 2000
SYSTEM_EDITOR = "crosscheck"

#: The first prototype's schema (user_version 1): decisions only, overwritten in place.
V1_SCHEMA = """
CREATE TABLE reviews (
    fingerprint TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    editor TEXT,
    decided_at TEXT,
    note TEXT
);
PRAGMA user_version = 1;
"""

_V2_TABLES = """
CREATE TABLE findings (
    fingerprint TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'confirmed', 'dismissed')),
    version INTEGER NOT NULL DEFAULT 1,
    reason TEXT,
    note TEXT,
    updated_by TEXT,
    updated_at TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    snapshot TEXT
);
CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    fingerprint TEXT NOT NULL REFERENCES findings(fingerprint),
    version INTEGER NOT NULL,
    at TEXT NOT NULL,
    editor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    note TEXT
);
CREATE INDEX history_by_finding ON history(fingerprint, id);
CREATE TRIGGER history_no_update BEFORE UPDATE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER history_no_delete BEFORE DELETE ON history
BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings
BEGIN SELECT RAISE(ABORT, 'findings are never deleted'); END;
"""


def utc_now() -> str:
    """The current time, ISO 8601 in UTC to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """The current review state of one finding."""

    fingerprint: str
    status: str
    version: int
    reason: str | None
    note: str | None
    updated_by: str | None
    updated_at: str | None
    first_seen: str
    last_seen: str
    snapshot: dict[str, Any] | None = field(default=None, compare=False)

    @property
    def reason_label(self) -> str | None:
        return DISMISS_REASONS.get(self.reason or "", self.reason)


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One appended change: who, when, from what to what, and why."""

    id: int
    fingerprint: str
    version: int
    at: str
    editor: str
    action: str
    from_status: str | None
    to_status: str
    reason: str | None
    note: str | None

    @property
    def reason_label(self) -> str | None:
        return DISMISS_REASONS.get(self.reason or "", self.reason)


def _is_locked(err: sqlite3.OperationalError) -> bool:
    text = str(err).lower()
    return "locked" in text or "busy" in text


def _unavailable(path: Path, doing: str, err: BaseException) -> StoreUnavailable:
    """A coded error for a store that cannot be used, saying why in plain words."""
    text = str(err).lower()
    if isinstance(err, IsADirectoryError) or path.is_dir():
        reason = "the path is a folder, not a database file"
    elif isinstance(err, OSError):
        reason = err.strerror or str(err)
    elif "disk is full" in text or "disk full" in text:
        reason = "the disk is full"
    elif (
        "readonly" in text or "read-only" in text or not os.access(path.parent, os.W_OK)
    ):
        reason = f"it is read-only: {err}"
    else:
        reason = str(err)
    return StoreUnavailable(
        ReviewErrors.E057.format(path=path, doing=doing, reason=reason)
    )


def _record(row: sqlite3.Row) -> ReviewRecord:
    snapshot = json.loads(row["snapshot"]) if row["snapshot"] else None
    return ReviewRecord(
        fingerprint=row["fingerprint"],
        status=row["status"],
        version=row["version"],
        reason=row["reason"],
        note=row["note"],
        updated_by=row["updated_by"],
        updated_at=row["updated_at"],
        first_seen=row["first_seen"],
        last_seen=row["last_seen"],
        snapshot=snapshot,
    )


def _entry(row: sqlite3.Row) -> HistoryEntry:
    return HistoryEntry(**{k: row[k] for k in row.keys()})


def finding_snapshot(
    finding: Finding | Mapping[str, Any],
    articles: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The finding as a dict, with the paths of the articles its evidence cites."""
    data = dict(finding.to_dict() if isinstance(finding, Finding) else finding)
    data.pop("review", None)
    if articles:
        cited = {e["article"] for e in data.get("evidence", [])}
        data["articles"] = {
            a: dict(articles[a]) for a in sorted(cited) if a in articles
        }
    return data


class ReviewStore:
    """Decisions on findings, kept in a SQLite file created when missing.

    Args:
        path: the database file (its folder is created when missing).
        timeout: seconds SQLite itself waits on a lock before each retry.
        attempts: how many times a locked operation is tried before giving up.
        backoff: first pause between attempts, doubled after each one.

    Raises:
        StoreSchemaError: the file is not a review database, or a newer one.
        StoreLocked: the database stayed locked through every attempt.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        timeout: float = 1.0,
        attempts: int = 5,
        backoff: float = 0.1,
    ) -> None:
        self.path = Path(path)
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.backoff = backoff
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise _unavailable(self.path, "created", err) from err
        if self.path.is_dir():
            raise _unavailable(self.path, "opened", IsADirectoryError(self.path))
        self._retry(self._set_wal)
        self._retry(self._migrate)

    # ------------------------------------------------------------------ plumbing

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=self.timeout, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def _retry(self, operation: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``operation`` on a fresh connection; retry while the file is locked."""
        started = time.monotonic()
        delay = self.backoff
        for attempt in range(1, self.attempts + 1):
            try:
                with closing(self._connect()) as conn:
                    return operation(conn)
            except sqlite3.OperationalError as err:
                if not _is_locked(err):  # read-only, a full disk, cannot open
                    raise _unavailable(self.path, "opened or updated", err) from err
                if attempt == self.attempts:
                    raise StoreLocked(
                        ReviewErrors.E050.format(
                            path=self.path,
                            attempts=self.attempts,
                            seconds=time.monotonic() - started,
                        )
                    ) from err
                time.sleep(delay)
                delay *= 2
            except sqlite3.DatabaseError as err:
                if type(err) is not sqlite3.DatabaseError:  # integrity errors etc.
                    raise
                raise StoreSchemaError(
                    ReviewErrors.E051.format(path=self.path, reason=err)
                ) from err
            except OSError as err:
                raise _unavailable(self.path, "opened or updated", err) from err
        raise AssertionError("unreachable")  # pragma: no cover

    def _write(self, operation: Callable[[sqlite3.Connection], T]) -> T:
        """Run ``operation`` in one IMMEDIATE transaction, with retries."""

        def transaction(conn: sqlite3.Connection) -> T:
            conn.execute("BEGIN IMMEDIATE")
            try:
                out = operation(conn)
            except BaseException:
                _rollback(conn)
                raise
            conn.execute("COMMIT")
            return out

        return self._retry(transaction)

    @staticmethod
    def _set_wal(conn: sqlite3.Connection) -> None:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a read-only medium
            raise sqlite3.OperationalError(f"cannot switch to WAL mode (got {mode})")

    def _migrate(self, conn: sqlite3.Connection) -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            found = conn.execute("PRAGMA user_version").fetchone()[0]
            tables = {
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table'"
                )
            }
            if found > SCHEMA_VERSION:
                raise StoreSchemaError(
                    ReviewErrors.E052.format(
                        path=self.path, found=found, expected=SCHEMA_VERSION
                    )
                )
            if found == 0:
                if tables - {"sqlite_sequence"}:
                    raise StoreSchemaError(
                        ReviewErrors.E051.format(
                            path=self.path,
                            reason=f"it holds tables {', '.join(sorted(tables))}",
                        )
                    )
                _run_script(conn, _V2_TABLES)
            elif found == 1:
                _migrate_v1_to_v2(conn)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        except BaseException:
            _rollback(conn)
            raise
        conn.execute("COMMIT")

    # ------------------------------------------------------------------ reading

    @property
    def schema_version(self) -> int:
        return self._retry(lambda c: c.execute("PRAGMA user_version").fetchone()[0])

    @property
    def journal_mode(self) -> str:
        return self._retry(lambda c: c.execute("PRAGMA journal_mode").fetchone()[0])

    def get(self, fingerprint: str) -> ReviewRecord | None:
        """The current record of one finding, or None when it was never registered."""
        row = self._retry(
            lambda c: c.execute(
                "SELECT * FROM findings WHERE fingerprint = ?", (fingerprint,)
            ).fetchone()
        )
        return _record(row) if row else None

    def records(
        self, fingerprints: Iterable[str] | None = None
    ) -> dict[str, ReviewRecord]:
        """Current records by fingerprint (all of them, or only those asked for)."""
        rows = self._retry(lambda c: c.execute("SELECT * FROM findings").fetchall())
        wanted = set(fingerprints) if fingerprints is not None else None
        return {
            r["fingerprint"]: _record(r)
            for r in rows
            if wanted is None or r["fingerprint"] in wanted
        }

    def history(self, fingerprint: str | None = None) -> list[HistoryEntry]:
        """Appended changes, oldest first (of one finding, or of all)."""
        if fingerprint is None:
            query, args = "SELECT * FROM history ORDER BY id", ()
        else:
            query = "SELECT * FROM history WHERE fingerprint = ? ORDER BY id"
            args = (fingerprint,)
        rows = self._retry(lambda c: c.execute(query, args).fetchall())
        return [_entry(r) for r in rows]

    def counts(self) -> dict[str, int]:
        """How many findings have each status."""
        rows = self._retry(
            lambda c: c.execute(
                "SELECT status, COUNT(*) FROM findings GROUP BY status"
            ).fetchall()
        )
        out = dict.fromkeys(REVIEW_STATES, 0)
        out.update({r[0]: r[1] for r in rows})
        return out

    # ------------------------------------------------------------------ writing

    def register(
        self,
        findings: Iterable[Finding | Mapping[str, Any]],
        articles: Mapping[str, Mapping[str, Any]] | None = None,
    ) -> int:
        """Add every finding not seen before (status open); refresh the others'
        snapshot and last-seen time. Returns how many were new.

        Args:
            findings: Finding objects or findings.json dicts (their ``id`` is used).
            articles: article id -> {"path", "published", ...}, kept in the snapshot
                so ``review export`` can find the texts of findings no longer reported.
        """
        now = utc_now()
        snapshots: dict[str, dict[str, Any]] = {}
        for f in findings:
            fp = f.id if isinstance(f, Finding) else str(f["id"])
            snapshots[fp] = finding_snapshot(f, articles)

        def insert(conn: sqlite3.Connection) -> int:
            known = {
                r[0]: r[1]
                for r in conn.execute(
                    "SELECT fingerprint, snapshot FROM findings"
                ).fetchall()
            }
            rows = {}
            for fp, snapshot in snapshots.items():
                old = json.loads(known[fp]) if known.get(fp) else {}
                if "articles" not in snapshot and "articles" in old:
                    snapshot = {**snapshot, "articles": old["articles"]}  # keep paths
                rows[fp] = json.dumps(snapshot, ensure_ascii=False)
            new = [fp for fp in rows if fp not in known]
            conn.executemany(
                "INSERT INTO findings (fingerprint, first_seen, last_seen, snapshot) "
                "VALUES (?, ?, ?, ?)",
                [(fp, now, now, rows[fp]) for fp in new],
            )
            conn.executemany(
                "INSERT INTO history (fingerprint, version, at, editor, action, "
                "to_status) VALUES (?, 1, ?, ?, 'registered', 'open')",
                [(fp, now, SYSTEM_EDITOR) for fp in new],
            )
            conn.executemany(
                "UPDATE findings SET last_seen = ?, snapshot = ? WHERE fingerprint = ?",
                [(now, rows[fp], fp) for fp in rows if fp in known],
            )
            return len(new)

        return self._write(insert) if snapshots else 0

    def decide(
        self,
        fingerprint: str,
        action: str,
        *,
        editor: str,
        expected_version: int,
        reason: str | None = None,
        note: str | None = None,
        history_action: str | None = None,
    ) -> ReviewRecord:
        """Record a decision made on the page showing ``expected_version``.

        Args:
            action: ``confirm``, ``dismiss`` or ``reopen``.
            editor: who decides (required).
            expected_version: the version the editor saw; another one is refused.
            reason: for ``dismiss``, a key of :data:`DISMISS_REASONS`.
            note: free text (required when the reason is ``other``).
            history_action: what the history records as done, when it is not the
                action itself (``undo``: the earlier state put back).

        Returns:
            The new record.

        Raises:
            DecisionError: bad action, missing name, reason or note.
            UnknownFinding: no such fingerprint registered.
            StaleVersion: the finding changed since ``expected_version``.
            StoreLocked: the database stayed locked.
        """
        status = ACTIONS.get(action)
        if status is None:
            raise DecisionError(
                f"unknown action '{action}'; expected one of {', '.join(ACTIONS)}"
            )
        editor = " ".join((editor or "").split())
        if not editor:
            raise DecisionError("enter your name before deciding")
        if len(editor) > MAX_EDITOR_CHARS:
            raise DecisionError(
                f"the name is longer than {MAX_EDITOR_CHARS} characters"
            )
        note = (note or "").strip() or None
        if note and len(note) > MAX_NOTE_CHARS:
            raise DecisionError(f"the note is longer than {MAX_NOTE_CHARS} characters")
        if action == "dismiss":
            if reason not in DISMISS_REASONS:
                raise DecisionError(
                    "choose why the finding is a false alarm: "
                    + "; ".join(DISMISS_REASONS.values())
                )
            if reason == "other" and not note:
                raise DecisionError("say in the note why the finding is dismissed")
        else:
            reason = None
        now = utc_now()

        def apply(conn: sqlite3.Connection) -> ReviewRecord:
            row = conn.execute(
                "SELECT * FROM findings WHERE fingerprint = ?", (fingerprint,)
            ).fetchone()
            if row is None:
                raise UnknownFinding(f"no finding {fingerprint} in {self.path}")
            current = _record(row)
            if current.version != expected_version:
                raise StaleVersion(fingerprint, expected_version, current)
            new_version = current.version + 1
            changed = conn.execute(
                "UPDATE findings SET status = ?, version = ?, reason = ?, note = ?, "
                "updated_by = ?, updated_at = ? WHERE fingerprint = ? AND version = ?",
                (
                    status,
                    new_version,
                    reason,
                    note,
                    editor,
                    now,
                    fingerprint,
                    expected_version,
                ),
            ).rowcount
            if changed != 1:  # pragma: no cover - the IMMEDIATE lock prevents it
                raise StaleVersion(fingerprint, expected_version, current)
            conn.execute(
                "INSERT INTO history (fingerprint, version, at, editor, action, "
                "from_status, to_status, reason, note) VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    fingerprint,
                    new_version,
                    now,
                    editor,
                    history_action or action,
                    current.status,
                    status,
                    reason,
                    note,
                ),
            )
            return _record(
                conn.execute(
                    "SELECT * FROM findings WHERE fingerprint = ?", (fingerprint,)
                ).fetchone()
            )

        return self._write(apply)


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo the open transaction, if SQLite has not already (it rolls back by itself
    on some errors, a full disk among them); the error under way is what counts."""
    if conn.in_transaction:
        try:
            conn.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # closing the connection rolls back what is left


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run semicolon-separated statements inside the open transaction.

    ``executescript`` would COMMIT first; triggers hold ``;`` inside BEGIN...END.
    """
    statement = ""
    for line in script.strip().splitlines():
        statement += line + "\n"
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


def _migrate_v1_to_v2(conn: sqlite3.Connection) -> None:
    """v1 kept one overwritable row per decision; v2 adds the version counter and the
    append-only history. Each v1 decision becomes the first history entry of its
    finding; the v1 table is kept, renamed, as the record of what was migrated."""
    _run_script(conn, _V2_TABLES)
    now = utc_now()
    rows = conn.execute(
        "SELECT fingerprint, status, editor, decided_at, note FROM reviews"
    ).fetchall()
    for r in rows:
        status = r["status"] if r["status"] in REVIEW_STATES else "open"
        at = r["decided_at"] or now
        editor = r["editor"] or "unknown (v1)"
        decided = status != "open"
        conn.execute(
            "INSERT INTO findings (fingerprint, status, version, note, updated_by, "
            "updated_at, first_seen, last_seen) VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
            (
                r["fingerprint"],
                status,
                r["note"],
                editor if decided else None,
                at if decided else None,
                at,
                at,
            ),
        )
        conn.execute(
            "INSERT INTO history (fingerprint, version, at, editor, action, "
            "from_status, to_status, note) VALUES (?, 1, ?, ?, 'migrated', NULL, ?, ?)",
            (r["fingerprint"], at, editor, status, r["note"]),
        )
    conn.execute("ALTER TABLE reviews RENAME TO reviews_v1")


def apply_reviews(
    findings: list[Finding],
    db_path: str | os.PathLike[str],
    *,
    articles: Iterable[Any] | None = None,
) -> list[Finding]:
    """Register the run's findings in the review database and set their review status.

    Creates the database when missing; findings never seen are registered as open.

    Args:
        findings: the findings of a run.
        db_path: the review database.
        articles: optional Article objects or dicts (``id``, ``path``, ``published``),
            so that ``review export`` finds the texts later.

    Returns:
        The findings, in the same order, each with ``review`` set from the store.

    Raises:
        ReviewError: the store is locked, damaged, read-only or on a full disk
            (:class:`StoreLocked`, :class:`StoreSchemaError`,
            :class:`StoreUnavailable`); what was under way was rolled back.
    """
    try:
        store = ReviewStore(db_path)
        store.register(findings, articles=_article_paths(articles))
        records = store.records(f.id for f in findings)
    except (sqlite3.Error, OSError, ValueError) as err:  # a row it cannot read
        raise _unavailable(Path(db_path), "read", err) from err
    return [
        f.with_review(records[f.id].status if f.id in records else "open")
        for f in findings
    ]


def _article_paths(
    articles: Iterable[Any] | None, base: Path | None = None
) -> dict[str, dict[str, Any]] | None:
    """article id -> {"path": absolute path, "published": ...}, and "path_raw"
    (the name on disk, percent-encoded) when the path is not fit to show as it is
    (see ``corpus.display_path``): the store keeps valid text only."""
    if articles is None:
        return None
    base = base or Path.cwd()
    out: dict[str, dict[str, Any]] = {}
    for a in articles:
        data = a if isinstance(a, Mapping) else a.to_dict()
        path = article_file(data)  # the name on disk (path_raw), not its display
        if path is None:
            continue
        full = (Path(path) if Path(path).is_absolute() else base / path).resolve()
        entry = {"path": display_path(full), "published": data.get("published")}
        raw = raw_path_of(full)
        if raw is not None:
            entry["path_raw"] = raw
        out[str(data["id"])] = entry
    return out
