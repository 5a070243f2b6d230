"""Hardening of the review app: a CSP that forbids framing, posting elsewhere and
<base>; HEAD answered as GET without a body; a form that is not UTF-8 (or not a
URL-encoded form, or too large) refused before anything is recorded."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from pipeline.review.app import MAX_FORM_BYTES
from pipeline.review.store import ReviewStore
from tests.review.conftest import ORIGIN


def _directives(header: str) -> dict[str, str]:
    out = {}
    for part in header.split(";"):
        name, _, value = part.strip().partition(" ")
        out[name] = value
    return out


@pytest.mark.parametrize("path", ["/", "/finding/{fp}", "/nowhere"])
def test_every_page_forbids_framing_foreign_forms_and_base(client, corpus, path):
    response = client.get(path.format(fp=corpus.toll.id))
    csp = _directives(response.headers["content-security-policy"])
    assert csp["frame-ancestors"] == "'none'"
    assert csp["form-action"] == "'self'"
    assert csp["base-uri"] == "'none'"
    assert csp["script-src"] == "'self'"


@pytest.mark.parametrize("path", ["/", "/finding/{fp}", "/article/quake_wire"])
def test_head_answers_like_get_without_a_body(client, corpus, path):
    path = path.format(fp=corpus.toll.id)
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert "frame-ancestors 'none'" in head.headers["content-security-policy"]


def test_head_of_a_missing_page_is_404(client):
    assert client.head("/finding/nope").status_code == 404


def _raw_form(form: dict[str, str], **raw: bytes) -> bytes:
    """A URL-encoded body; ``raw`` values go in as given (already encoded)."""
    parts = [f"{k}={quote(v)}".encode() for k, v in form.items()]
    parts += [k.encode() + b"=" + v for k, v in raw.items()]
    return b"&".join(parts)


@pytest.mark.parametrize(
    "field, value",
    [("editor", b"Jos%E9"), ("note", b"na%EFve+%FF"), ("editor", b"caf\xe9")],
    ids=["Latin-1 escape", "invalid bytes", "raw byte"],
)
def test_a_form_that_is_not_utf8_is_refused_and_nothing_is_recorded(
    client, corpus, form_of, db_path, field, value
):
    fp = corpus.toll.id
    form = {**form_of(client, fp), "action": "dismiss", "reason": "other"}
    form.update({"editor": "Ann", "note": "fine"})
    del form[field]
    response = client.post(
        f"/finding/{fp}/decision",
        content=_raw_form(form, **{field: value}),
        headers={**ORIGIN, "content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 400
    assert "not sent as UTF-8" in response.text
    record = ReviewStore(db_path).get(fp)
    assert record.status == "open" and record.version == 1


def test_a_utf8_form_with_accents_is_recorded_as_written(
    client, corpus, form_of, db_path
):
    fp = corpus.toll.id
    form = {**form_of(client, fp), "action": "dismiss", "reason": "other"}
    form.update({"editor": "José Müller", "note": "naïve — 東京"})
    response = client.post(
        f"/finding/{fp}/decision",
        content=_raw_form(form),
        headers={**ORIGIN, "content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    record = ReviewStore(db_path).get(fp)
    assert (record.updated_by, record.note) == ("José Müller", "naïve — 東京")


def test_a_multipart_or_oversized_form_is_refused(client, corpus, form_of, db_path):
    fp = corpus.toll.id
    form = {**form_of(client, fp), "action": "confirm", "editor": "Ann"}
    multipart = client.post(
        f"/finding/{fp}/decision",
        data=form,
        files={"note": ("note.txt", b"x")},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert multipart.status_code == 415
    big = client.post(
        f"/finding/{fp}/decision",
        content=_raw_form({**form, "note": "x" * (MAX_FORM_BYTES + 1)}),
        headers={**ORIGIN, "content-type": "application/x-www-form-urlencoded"},
        follow_redirects=False,
    )
    assert big.status_code == 413
    assert ReviewStore(db_path).get(fp).version == 1
