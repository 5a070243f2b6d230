"""The review store: decisions, append-only history, migration, concurrency, locks."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from pipeline.review.errors import DecisionError, StoreSchemaError, UnknownFinding
from pipeline.review.store import (
    SCHEMA_VERSION,
    V1_SCHEMA,
    ReviewStore,
    StaleVersion,
    StoreLocked,
    apply_reviews,
)


def test_new_database_is_created_in_wal_mode_at_the_current_schema(db_path: Path):
    store = ReviewStore(db_path)
    assert db_path.is_file()
    assert store.journal_mode == "wal"
    assert store.schema_version == SCHEMA_VERSION


def test_register_adds_unseen_findings_as_open_only_once(corpus, db_path: Path):
    store = ReviewStore(db_path)
    assert store.register(corpus.findings) == 3
    assert store.register(corpus.findings) == 0
    records = store.records()
    assert set(records) == {f.id for f in corpus.findings}
    assert {r.status for r in records.values()} == {"open"}
    assert {r.version for r in records.values()} == {1}
    assert records[corpus.toll.id].snapshot["evidence"][0]["text"] == "More than 1,400"


def test_decision_sets_status_editor_reason_and_bumps_the_version(corpus, db_path):
    store = ReviewStore(db_path)
    store.register(corpus.findings)
    record = store.decide(
        corpus.toll.id,
        "dismiss",
        editor="  Ann   Lee ",
        expected_version=1,
        reason="different_period",
        note="x",
    )
    assert (record.status, record.version) == ("dismissed", 2)
    assert (record.updated_by, record.reason, record.note) == (
        "Ann Lee",
        "different_period",
        "x",
    )
    assert record.updated_at and record.updated_at.endswith("+00:00")
    record = store.decide(corpus.toll.id, "reopen", editor="Bo", expected_version=2)
    assert (record.status, record.version, record.reason) == ("open", 3, None)


def test_history_keeps_every_change_in_order(corpus, db_path: Path):
    store = ReviewStore(db_path)
    store.register(corpus.findings)
    fp = corpus.toll.id
    store.decide(fp, "confirm", editor="Ann", expected_version=1)
    store.decide(fp, "reopen", editor="Bo", expected_version=2)
    store.decide(
        fp,
        "dismiss",
        editor="Cy",
        expected_version=3,
        reason="other",
        note="a later update",
    )
    steps = [
        (h.editor, h.from_status, h.to_status, h.version) for h in store.history(fp)
    ]
    assert steps == [
        ("crosscheck", None, "open", 1),
        ("Ann", "open", "confirmed", 2),
        ("Bo", "confirmed", "open", 3),
        ("Cy", "open", "dismissed", 4),
    ]
    assert store.history(fp)[-1].note == "a later update"


def test_history_rows_cannot_be_changed_or_deleted(corpus, db_path: Path):
    store = ReviewStore(db_path)
    store.register(corpus.findings)
    store.decide(corpus.toll.id, "confirm", editor="Ann", expected_version=1)
    with sqlite3.connect(db_path) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE history SET editor = 'Mallory'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM history")
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
            conn.execute("DELETE FROM findings")
    assert [h.editor for h in store.history(corpus.toll.id)] == ["crosscheck", "Ann"]


def test_stale_version_is_refused_and_changes_nothing(corpus, db_path: Path):
    store = ReviewStore(db_path)
    store.register(corpus.findings)
    fp = corpus.toll.id
    store.decide(fp, "confirm", editor="Ann", expected_version=1)
    with pytest.raises(StaleVersion) as caught:
        store.decide(
            fp, "dismiss", editor="Bo", expected_version=1, reason="different_subject"
        )
    assert caught.value.current.updated_by == "Ann"
    record = store.get(fp)
    assert (record.status, record.version, record.updated_by) == ("confirmed", 2, "Ann")
    assert len(store.history(fp)) == 2


def test_two_editors_deciding_on_the_same_version_at_once_one_wins(corpus, db_path):
    ReviewStore(db_path).register(corpus.findings)
    fp = corpus.toll.id
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def editor(n: int) -> None:
        store = ReviewStore(db_path)
        barrier.wait()
        try:
            store.decide(fp, "confirm", editor=f"editor {n}", expected_version=1)
            outcomes.append("applied")
        except StaleVersion:
            outcomes.append("refused")

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["applied"] + ["refused"] * 7
    store = ReviewStore(db_path)
    assert store.get(fp).version == 2
    assert len(store.history(fp)) == 2


@pytest.mark.parametrize(
    ("action", "fields", "message"),
    [
        ("dismiss", {"reason": None}, "choose why"),
        ("dismiss", {"reason": "because"}, "choose why"),
        ("dismiss", {"reason": "other"}, "note"),
        ("confirm", {"editor": "   "}, "name"),
        ("approve", {}, "unknown action"),
    ],
)
def test_incomplete_decisions_are_refused(corpus, db_path, action, fields, message):
    store = ReviewStore(db_path)
    store.register(corpus.findings)
    kwargs = {"editor": "Ann", "expected_version": 1, **fields}
    with pytest.raises(DecisionError, match=message):
        store.decide(corpus.toll.id, action, **kwargs)
    assert store.get(corpus.toll.id).version == 1


def test_deciding_on_an_unknown_finding_is_refused(db_path: Path):
    with pytest.raises(UnknownFinding):
        ReviewStore(db_path).decide(
            "feedfacefeedface", "confirm", editor="Ann", expected_version=1
        )


def _hold_lock(db_path: Path, seconds: float) -> threading.Thread:
    """Take the write lock from another connection and keep it ``seconds``."""
    held = threading.Event()

    def hold() -> None:
        conn = sqlite3.connect(db_path, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        held.set()
        time.sleep(seconds)
        conn.execute("COMMIT")
        conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    held.wait()
    return thread


def test_locked_database_is_retried_until_it_frees(corpus, db_path: Path):
    store = ReviewStore(db_path, timeout=0.05, attempts=8, backoff=0.05)
    store.register(corpus.findings)
    holder = _hold_lock(db_path, 0.3)
    started = time.monotonic()
    record = store.decide(corpus.toll.id, "confirm", editor="Ann", expected_version=1)
    holder.join()
    assert record.status == "confirmed"
    assert time.monotonic() - started >= 0.2  # it waited for the lock, then wrote


def test_locked_database_is_reported_clearly_after_the_retries(corpus, db_path):
    store = ReviewStore(db_path, timeout=0.02, attempts=3, backoff=0.02)
    store.register(corpus.findings)
    holder = _hold_lock(db_path, 0.4)
    try:
        with pytest.raises(StoreLocked) as caught:
            store.decide(corpus.toll.id, "confirm", editor="Ann", expected_version=1)
    finally:
        holder.join()
    message = str(caught.value)
    assert "[E050]" in message and str(db_path) in message
    assert "3 attempts" in message
    assert store.get(corpus.toll.id).status == "open"


def _v1_database(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.executescript(V1_SCHEMA)
        conn.executemany(
            "INSERT INTO reviews VALUES (?, ?, ?, ?, ?)",
            [
                (
                    "aaaa000000000001",
                    "confirmed",
                    "Ann",
                    "2024-05-01T10:00:00+00:00",
                    "wrong toll",
                ),
                ("aaaa000000000002", "dismissed", None, None, None),
                ("aaaa000000000003", "open", None, None, None),
            ],
        )
    conn.close()


def test_v1_database_is_migrated_keeping_every_decision(db_path: Path):
    _v1_database(db_path)
    store = ReviewStore(db_path)
    assert store.schema_version == SCHEMA_VERSION
    records = store.records()
    assert {fp: (r.status, r.version) for fp, r in records.items()} == {
        "aaaa000000000001": ("confirmed", 1),
        "aaaa000000000002": ("dismissed", 1),
        "aaaa000000000003": ("open", 1),
    }
    first = records["aaaa000000000001"]
    assert (first.updated_by, first.updated_at, first.note) == (
        "Ann",
        "2024-05-01T10:00:00+00:00",
        "wrong toll",
    )
    history = store.history("aaaa000000000001")
    assert [(h.action, h.to_status, h.editor) for h in history] == [
        ("migrated", "confirmed", "Ann")
    ]
    with sqlite3.connect(db_path) as conn:  # the v1 rows are kept, not dropped
        assert conn.execute("SELECT COUNT(*) FROM reviews_v1").fetchone()[0] == 3
    conn.close()
    # the migrated store takes new decisions with the version counter
    after = store.decide("aaaa000000000002", "reopen", editor="Bo", expected_version=1)
    assert (after.status, after.version) == ("open", 2)
    assert ReviewStore(db_path).schema_version == SCHEMA_VERSION  # migrates once


def test_database_from_a_newer_crosscheck_is_refused(db_path: Path):
    ReviewStore(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreSchemaError, match="E052"):
        ReviewStore(db_path)


def test_files_that_are_not_review_databases_are_refused(tmp_path: Path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.close()
    with pytest.raises(StoreSchemaError, match="E051"):
        ReviewStore(other)
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreSchemaError, match="E051"):
        ReviewStore(garbage)


def test_apply_reviews_creates_the_database_and_sets_each_status(corpus, db_path):
    findings = corpus.findings
    first = apply_reviews(findings, db_path)
    assert db_path.is_file()
    assert [f.review for f in first] == ["open", "open", "open"]
    store = ReviewStore(db_path)
    store.decide(
        corpus.toll.id,
        "dismiss",
        editor="Ann",
        expected_version=1,
        reason="update_over_time",
    )
    store.decide(corpus.placeholder.id, "confirm", editor="Ann", expected_version=1)
    again = apply_reviews(list(reversed(findings)), db_path)
    assert [(f.id, f.review) for f in again] == [
        (corpus.dateline.id, "open"),
        (corpus.placeholder.id, "confirmed"),
        (corpus.toll.id, "dismissed"),
    ]
    assert [f.with_review("open") for f in again] == list(reversed(findings))


def test_apply_reviews_records_article_paths_for_export(corpus, db_path, monkeypatch):
    monkeypatch.chdir(corpus.root)
    articles = [
        {
            "id": "quake_wire",
            "path": "articles/quake_wire.txt",
            "published": "2025-03-04",
        }
    ]
    apply_reviews([corpus.toll], db_path, articles=articles)
    snapshot = ReviewStore(db_path).get(corpus.toll.id).snapshot
    assert snapshot["articles"]["quake_wire"]["path"] == str(
        (corpus.root / "articles" / "quake_wire.txt").resolve()
    )


def test_a_run_without_article_paths_keeps_the_paths_already_known(corpus, db_path):
    articles = [{"id": "quake_wire", "path": "/news/quake_wire.txt"}]
    apply_reviews([corpus.toll], db_path, articles=articles)
    apply_reviews([corpus.toll], db_path)
    snapshot = ReviewStore(db_path).get(corpus.toll.id).snapshot
    assert snapshot["articles"]["quake_wire"]["path"] == "/news/quake_wire.txt"
