"""The queue's new flows through FastAPI's TestClient: search, sorting, bulk decisions,
undo, progress for the whole run, and the report served beside the app."""

from __future__ import annotations

import re

from pipeline.review.store import ReviewStore

ORIGIN = {"Origin": "http://127.0.0.1:8765"}


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr data-href="[^"]*" data-id="([0-9a-f]+)"', page)


def _queue_form(client, query: str = "") -> dict[str, object]:
    page = client.get("/" + query).text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page)
    picks = dict(re.findall(r'name="ids" value="([0-9a-f]+):(\d+)"', page))
    assert csrf
    return {"csrf": csrf.group(1), "versions": picks}


def _bulk(client, ids: list[str], action: str, **fields: str):
    form = _queue_form(client, "?status=all")
    data = {
        "csrf": form["csrf"],
        "action": action,
        "editor": "Ann Lee",
        "ids": [f"{i}:{form['versions'][i]}" for i in ids],
        "status": "all",
        **fields,
    }
    return client.post("/bulk", data=data, headers=ORIGIN, follow_redirects=False)


def _undo(client, back: str = "/"):
    page = client.get(back).text
    csrf = re.search(
        r'id="undo-form">\s*<input type="hidden" name="csrf" value="([^"]+)"', page
    )
    assert csrf, "no Undo button on the page"
    return client.post(
        "/undo",
        data={"csrf": csrf.group(1), "back": back},
        headers=ORIGIN,
        follow_redirects=False,
    )


def test_search_finds_words_of_the_message_and_of_the_article_text(client, corpus):
    # in the message of the toll finding
    assert _rows(client.get("/?q=incompatible").text) == [corpus.toll.id]
    # only in an article's text: the rescue teams are in quake_wire, cited by the toll
    assert _rows(client.get("/?q=RESCUE+teams").text) == [corpus.toll.id]
    # every word must be found
    assert _rows(client.get("/?q=rescue+nowhere").text) == []
    page = client.get("/?q=shelters").text  # quake_local: toll, placeholder, weekday
    assert set(_rows(page)) == {
        corpus.toll.id,
        corpus.placeholder.id,
        corpus.dateline.id,
    }
    assert 'value="shelters"' in page  # the box keeps the search


def test_queue_sorts_by_confidence_and_by_story(client, corpus):
    by_confidence = _rows(client.get("/?sort=confidence").text)
    assert by_confidence == [corpus.placeholder.id, corpus.toll.id, corpus.dateline.id]
    assert _rows(client.get("/?sort=story").text)[0] == corpus.toll.id
    assert _rows(client.get("/?sort=nonsense").text) == _rows(client.get("/").text)


def test_progress_counts_the_whole_run_not_the_view(client, corpus, decide):
    assert "0 of 3 reviewed" in client.get("/").text
    decide(client, corpus.toll.id, "confirm")
    decide(client, corpus.placeholder.id, "dismiss", reason="extraction_error")
    assert "2 of 3 reviewed" in client.get("/").text
    assert "2 of 3 reviewed" in client.get("/?kind=date").text
    assert "2 of 3 reviewed" in client.get(f"/finding/{corpus.dateline.id}").text


def test_bulk_dismiss_records_one_reason_for_every_selected_finding(
    client, corpus, db_path
):
    response = _bulk(
        client,
        [corpus.toll.id, corpus.dateline.id],
        "dismiss",
        reason="different_period",
        note="two different days",
    )
    assert response.status_code == 303
    page = client.get(response.headers["location"]).text
    assert "Dismissed 2 findings." in page
    records = ReviewStore(db_path).records()
    for fid in (corpus.toll.id, corpus.dateline.id):
        assert records[fid].status == "dismissed"
        assert (records[fid].reason, records[fid].note) == (
            "different_period",
            "two different days",
        )
        assert records[fid].updated_by == "Ann Lee"
    assert records[corpus.placeholder.id].status == "open"


def test_bulk_dismiss_without_a_reason_records_nothing(client, corpus, db_path):
    response = _bulk(client, [corpus.toll.id], "dismiss")
    assert response.status_code == 422
    assert "choose why" in response.text
    assert ReviewStore(db_path).records()[corpus.toll.id].status == "open"


def test_bulk_leaves_a_finding_someone_changed_meanwhile(
    client, corpus, db_path, decide
):
    form = _queue_form(client, "?status=all")
    decide(client, corpus.toll.id, "confirm")  # another editor, after the page loaded
    data = {
        "csrf": form["csrf"],
        "action": "dismiss",
        "reason": "update_over_time",
        "editor": "Bo",
        "ids": [
            f"{i}:{form['versions'][i]}"
            for i in (corpus.toll.id, corpus.placeholder.id)
        ],
    }
    response = client.post("/bulk", data=data, headers=ORIGIN, follow_redirects=False)
    page = client.get(response.headers["location"]).text
    assert "Dismissed 1 finding." in page and "1 had changed" in page
    records = ReviewStore(db_path).records()
    assert records[corpus.toll.id].status == "confirmed"  # not overwritten
    assert records[corpus.placeholder.id].status == "dismissed"


def test_undo_puts_back_the_last_decision_and_keeps_the_history(
    client, corpus, db_path, decide
):
    decide(client, corpus.toll.id, "dismiss", reason="other", note="first look")
    decide(client, corpus.toll.id, "confirm")
    response = _undo(client, f"/finding/{corpus.toll.id}")
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/finding/{corpus.toll.id}")
    record = ReviewStore(db_path).records()[corpus.toll.id]
    assert (record.status, record.reason, record.note) == (
        "dismissed",
        "other",
        "first look",
    )
    history = ReviewStore(db_path).history(corpus.toll.id)
    assert [h.action for h in history][-1] == "undo"
    page = client.get(response.headers["location"]).text
    assert "Undone: 1 finding put back as before." in page
    assert 'id="undo-form"' not in page  # nothing more to undo


def test_undo_of_a_bulk_decision_puts_back_every_finding(client, corpus, db_path):
    _bulk(client, [corpus.toll.id, corpus.placeholder.id], "confirm")
    response = _undo(client, "/?status=all")
    assert response.status_code == 303
    records = ReviewStore(db_path).records()
    assert records[corpus.toll.id].status == "open"
    assert records[corpus.placeholder.id].status == "open"


def test_undo_skips_a_finding_changed_by_someone_else_since(
    client, corpus, db_path, decide
):
    decide(client, corpus.toll.id, "confirm")
    page = client.get("/").text
    csrf = re.search(
        r'id="undo-form">\s*<input type="hidden" name="csrf" value="([^"]+)"', page
    )
    store = ReviewStore(db_path)
    store.decide(
        corpus.toll.id,
        "dismiss",
        editor="Bo",
        expected_version=2,
        reason="other",
        note="no",
    )
    response = client.post(
        "/undo",
        data={"csrf": csrf.group(1), "back": "/"},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert "stale=1" in response.headers["location"]
    assert store.records()[corpus.toll.id].status == "dismissed"  # Bo's decision stands


def test_undo_with_nothing_to_undo_says_so(client, corpus):
    page = client.get("/").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    response = client.post("/undo", data={"csrf": csrf, "back": "/"}, headers=ORIGIN)
    assert response.status_code == 409
    assert "Nothing to undo" in response.text


def test_queue_rows_show_status_reason_and_note(client, corpus, decide):
    decide(
        client,
        corpus.toll.id,
        "dismiss",
        reason="other",
        note="the governor corrected it",
    )
    page = client.get("/?status=dismissed").text
    row = page[page.index(f'data-id="{corpus.toll.id}"') :]
    row = row[: row.index("</tr>")]
    assert '<span class="status dismissed">dismissed</span>' in row
    assert "Other (say why in the note)" in row
    assert "the governor corrected it" in row


def test_confirm_is_disabled_on_a_confirmed_finding(client, corpus, decide):
    decide(client, corpus.toll.id, "confirm")
    page = client.get(f"/finding/{corpus.toll.id}").text
    assert re.search(r'id="confirm-button"[^>]*disabled', page)
    other = client.get(f"/finding/{corpus.placeholder.id}").text
    assert not re.search(r'id="confirm-button"[^>]*disabled', other)


def test_the_app_serves_the_report_and_links_each_finding_to_it(client, corpus):
    assert 'id="report-link"' not in client.get("/").text  # no report.html yet
    (corpus.report / "report.html").write_text(
        "<!doctype html><title>r</title><p>the report</p>", encoding="utf-8"
    )
    page = client.get(f"/finding/{corpus.toll.id}").text
    assert f'href="/report#f-{corpus.toll.id}"' in page
    report = client.get("/report")
    assert report.status_code == 200 and "the report" in report.text
    assert "Content-Security-Policy" in report.headers


def test_a_date_finding_gets_a_timeline(client, corpus):
    page = client.get(f"/finding/{corpus.dateline.id}").text
    assert '<section class="chart timeline"' in page
    assert 'data-date="2025-03-07"' in page


def test_articles_are_named_by_their_headlines(client, corpus):
    page = client.get("/").text
    assert "QUAKE WIRE" in page and "Local Herald" in page
    finding = client.get(f"/finding/{corpus.toll.id}").text
    assert ">QUAKE WIRE</a>" in finding
