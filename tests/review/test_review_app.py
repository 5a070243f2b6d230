"""The review app through FastAPI's TestClient: pages, decisions and their guards."""

from __future__ import annotations

import html
import re
import sqlite3
import threading
import time

from fastapi.testclient import TestClient

from pipeline.findings import Evidence, Finding
from pipeline.review.app import CSP, create_app
from pipeline.review.store import ReviewStore

BASE_URL = "http://127.0.0.1:8765"  # as the client fixture
ORIGIN = {"Origin": BASE_URL}


def _rows(page: str) -> list[str]:
    return re.findall(r'<tr data-href="[^"]*" data-id="([0-9a-f]+)"', page)


def _no_traceback(page: str) -> None:
    assert "Traceback" not in page
    assert 'File "' not in page
    assert "Error" in page  # the plain error page, not an empty body


def test_queue_answers_200_with_every_open_finding_by_severity(client, corpus):
    page = client.get("/")
    assert page.status_code == 200
    assert _rows(page.text) == [
        corpus.toll.id,
        corpus.placeholder.id,
        corpus.dateline.id,
    ]  # high, medium, low
    assert "open 3" in page.text and "confirmed 0" in page.text


def test_queue_counts_findings_per_status(client, corpus, decide):
    decide(client, corpus.toll.id, "confirm")
    decide(client, corpus.placeholder.id, "dismiss", reason="extraction_error")
    page = client.get("/").text
    tabs = dict(
        re.findall(
            r'data-status="(\w+)"[^>]*>\w+ <span class="count">(\d+)</span>', page
        )
    )
    assert tabs == {"open": "1", "confirmed": "1", "dismissed": "1", "all": "3"}


def test_queue_filters_by_kind_severity_article_and_status(client, corpus, decide):
    assert _rows(client.get("/?kind=number").text) == [corpus.toll.id]
    assert _rows(client.get("/?severity=low").text) == [corpus.dateline.id]
    assert _rows(client.get("/?article=quake_wire").text) == [corpus.toll.id]
    assert _rows(client.get("/?article=quake_local&kind=placeholder").text) == [
        corpus.placeholder.id
    ]
    decide(client, corpus.toll.id, "confirm")
    assert _rows(client.get("/").text) == [corpus.placeholder.id, corpus.dateline.id]
    assert _rows(client.get("/?status=confirmed").text) == [corpus.toll.id]
    assert len(_rows(client.get("/?status=all").text)) == 3
    assert _rows(client.get("/?status=dismissed").text) == []


def test_finding_page_highlights_each_span_in_its_paragraph(client, corpus):
    page = client.get(f"/finding/{corpus.toll.id}").text
    assert '<div class="columns side-by-side">' in page
    assert re.search(r"<mark[^>]*>More than 1,400</mark>", page)
    assert re.search(r"<mark[^>]*>1,200</mark>", page)
    # the paragraph around each span, not the whole article
    assert "died in the earthquake on Monday" in page
    assert "Rescue teams" not in page


def test_finding_page_shows_values_rule_and_links_to_the_articles(client, corpus):
    page = client.get(f"/finding/{corpus.toll.id}").text
    assert "value_mismatch" in page and "cannot both be true" in page  # the rule
    assert "&gt; 1400" in page and "<td>1200</td>" in page  # normalised values
    assert f'href="/article/quake_wire?f={corpus.toll.id}#e1"' in page
    assert f'href="/article/quake_local?f={corpus.toll.id}#e2"' in page


def test_number_finding_has_an_inline_svg_chart_marking_the_conflict(client, corpus):
    page = client.get(f"/finding/{corpus.toll.id}").text
    chart = page[
        page.index('<section class="chart"') : page.index(
            "</section>", page.index("chart")
        )
    ]
    assert "<svg" in chart and "<script" not in chart
    assert chart.count('<g class="point conflict">') == 2
    assert "earthquake" in chart and "deaths" in chart
    assert "12 countries" not in chart  # another subject and measure


def test_placeholder_finding_has_no_chart(client, corpus):
    page = client.get(f"/finding/{corpus.placeholder.id}").text
    assert '<section class="chart"' not in page


def test_finding_page_shows_the_evidence_when_the_article_file_is_gone(client, corpus):
    (corpus.root / "articles" / "quake_local.txt").unlink()
    page = client.get(f"/finding/{corpus.toll.id}")
    assert page.status_code == 200
    assert "not available (file not found)" in page.text
    assert re.search(r"<mark>1,200</mark>", page.text)
    assert "died in the earthquake" in page.text  # the other article still reads


def test_finding_page_finds_spans_moved_by_a_later_edit(client, corpus):
    path = corpus.root / "articles" / "quake_local.txt"
    path.write_text(
        "EDITOR'S NOTE: updated.\n" + corpus.texts["quake_local"], encoding="utf-8"
    )
    page = client.get(f"/finding/{corpus.toll.id}").text
    assert re.search(r"<mark[^>]*>1,200</mark>", page)
    assert "Evidence 2 moved" in page


def test_article_page_marks_every_cited_span_and_the_current_finding(client, corpus):
    page = client.get(f"/article/quake_local?f={corpus.toll.id}")
    assert page.status_code == 200
    assert re.search(r'class="mark current"[^>]*id="e2">1,200</a>', page.text)
    assert re.search(r'class="mark"[^>]*>\[TK\]</a>', page.text)
    assert "3 findings cite this article" in page.text


def test_confirm_dismiss_and_reopen_are_recorded_with_name_and_time(
    client, corpus, decide, db_path
):
    fp = corpus.toll.id
    response = decide(client, fp, "confirm")
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/finding/{corpus.placeholder.id}")
    assert f"saved={fp}" in response.headers["location"]
    assert "is now confirmed" in client.get(response.headers["location"]).text
    decide(client, fp, "reopen")
    decide(client, fp, "dismiss", reason="different_period", note="2024 vs 2025")
    store = ReviewStore(db_path)
    record = store.get(fp)
    assert (record.status, record.version, record.reason, record.note) == (
        "dismissed",
        4,
        "different_period",
        "2024 vs 2025",
    )
    assert [(h.to_status, h.editor) for h in store.history(fp)][1:] == [
        ("confirmed", "Ann Lee"),
        ("open", "Ann Lee"),
        ("dismissed", "Ann Lee"),
    ]
    page = client.get(f"/finding/{fp}").text
    assert "Not a conflict: different period" in page and "2024 vs 2025" in page
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", page)


def test_last_decision_goes_back_to_the_queue(client, corpus, decide):
    response = decide(client, corpus.dateline.id, "confirm")
    assert response.headers["location"].startswith("/?")


def test_editor_name_is_remembered_in_a_cookie(client, corpus, decide):
    decide(client, corpus.toll.id, "confirm", editor="Zoë Ngata")
    assert client.cookies.get("cc_editor") == "Zo%C3%AB%20Ngata"
    page = client.get(f"/finding/{corpus.placeholder.id}").text
    assert 'value="Zoë Ngata"' in page


def test_post_without_the_csrf_token_is_refused(client, corpus, form_of, db_path):
    form = form_of(client, corpus.toll.id)
    for token in ("", "x" * 43):
        response = client.post(
            f"/finding/{corpus.toll.id}/decision",
            data={
                "version": form["version"],
                "csrf": token,
                "action": "confirm",
                "editor": "Mallory",
            },
            headers=ORIGIN,
        )
        assert response.status_code == 403
        assert "security token" in response.text
    assert ReviewStore(db_path).get(corpus.toll.id).status == "open"


def test_post_without_the_session_cookie_is_refused(client, corpus, form_of):
    form = form_of(client, corpus.toll.id)
    client.cookies.clear()
    response = client.post(
        f"/finding/{corpus.toll.id}/decision",
        data={**form, "action": "confirm", "editor": "M"},
        headers=ORIGIN,
    )
    assert response.status_code == 403


def test_post_from_another_origin_is_refused(client, corpus, form_of, db_path):
    form = {**form_of(client, corpus.toll.id), "action": "confirm", "editor": "M"}
    url = f"/finding/{corpus.toll.id}/decision"
    for headers in (
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1:9999"},
        {"Origin": "null"},
        {"Referer": "http://evil.example/page"},
        {},
    ):
        response = client.post(url, data=form, headers=headers)
        assert response.status_code == 403, headers
        assert "did not come from a page of this review app" in response.text
    assert ReviewStore(db_path).get(corpus.toll.id).status == "open"
    same_site_referer = client.post(
        url,
        data=form,
        headers={"Referer": f"{BASE_URL}/finding/x"},
        follow_redirects=False,
    )
    assert same_site_referer.status_code == 303


def test_requests_for_another_host_name_are_refused(client):
    response = client.get("/", headers={"Host": "attacker.example:8765"})
    assert response.status_code == 400
    assert "answers only on its own address" in response.text


def test_stale_form_gets_a_409_page_and_the_first_decision_stands(
    client, corpus, form_of, db_path
):
    fp = corpus.toll.id
    seen_by_ann = form_of(client, fp)
    seen_by_bo = form_of(client, fp)
    url = f"/finding/{fp}/decision"
    first = client.post(
        url,
        data={**seen_by_ann, "action": "confirm", "editor": "Ann"},
        headers=ORIGIN,
        follow_redirects=False,
    )
    assert first.status_code == 303
    second = client.post(
        url,
        data={
            **seen_by_bo,
            "action": "dismiss",
            "editor": "Bo",
            "reason": "other",
            "note": "my careful note",
        },
        headers=ORIGIN,
    )
    assert second.status_code == 409
    assert "Someone else decided first" in second.text
    assert "confirmed" in second.text and "Ann" in second.text
    assert "my careful note" in second.text  # given back, not lost
    _no_traceback(second.text)
    record = ReviewStore(db_path).get(fp)
    assert (record.status, record.updated_by) == ("confirmed", "Ann")


def test_dismiss_without_a_reason_gets_a_422_page(client, corpus, decide, db_path):
    response = decide(client, corpus.toll.id, "dismiss")
    assert response.status_code == 422
    assert "choose why the finding is a false alarm" in response.text
    assert ReviewStore(db_path).get(corpus.toll.id).status == "open"


def test_malformed_form_gets_a_422_page_without_traceback(client, corpus, form_of):
    form = form_of(client, corpus.toll.id)
    response = client.post(
        f"/finding/{corpus.toll.id}/decision",
        data={"csrf": form["csrf"], "version": "seven"},
        headers=ORIGIN,
    )
    assert response.status_code == 422
    assert "version" in response.text and "action" in response.text
    _no_traceback(response.text)


def test_unknown_pages_get_a_plain_404(client):
    for url in ("/finding/0000000000000000", "/article/nobody", "/no/such/page"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Not found" in response.text
        _no_traceback(response.text)


def test_unexpected_errors_get_a_plain_500_page(corpus, db_path, monkeypatch):
    app = create_app(corpus.report, db_path, base_dir=corpus.root)

    def broken() -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    monkeypatch.setattr(app.state.service.store, "records", broken)
    client = TestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong" in response.text
    assert "secret internal detail" not in response.text
    _no_traceback(response.text)
    assert response.headers["content-security-policy"] == CSP


def test_locked_database_gets_a_clear_503_page(corpus, db_path, form_of):
    app = create_app(
        corpus.report,
        db_path,
        base_dir=corpus.root,
        store_options={"timeout": 0.02, "attempts": 2, "backoff": 0.02},
    )
    client = TestClient(app, base_url=BASE_URL)
    form = {**form_of(client, corpus.toll.id), "action": "confirm", "editor": "Ann"}
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")  # another writer holds the lock
    try:
        assert client.get("/").status_code == 200  # WAL: reading goes on
        response = client.post(
            f"/finding/{corpus.toll.id}/decision", data=form, headers=ORIGIN
        )
    finally:
        conn.execute("COMMIT")
        conn.close()
    assert response.status_code == 503
    assert "locked" in response.text and "[E050]" in response.text
    assert ReviewStore(db_path).get(corpus.toll.id).status == "open"


def test_script_in_an_article_is_shown_as_text(client, corpus):
    for url in (
        f"/finding/{corpus.dateline.id}",
        f"/article/quake_local?f={corpus.dateline.id}",
    ):
        page = client.get(url).text
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
        assert "<script>window" not in page
        assert "<img" not in page
        scripts = re.findall(r"<script[^>]*>", page)
        assert scripts == ['<script src="/static/review.js" defer>']
        assert html.unescape("&lt;img src=x onerror") in html.unescape(page)


def test_every_response_carries_the_content_security_policy(client, corpus):
    for url in (
        "/",
        f"/finding/{corpus.toll.id}",
        "/article/quake_wire",
        "/static/review.js",
        "/nowhere",
    ):
        response = client.get(url)
        assert response.headers["content-security-policy"] == CSP, url
        assert response.headers["x-content-type-options"] == "nosniff"


def test_state_changes_need_post(client, corpus):
    response = client.get(f"/finding/{corpus.toll.id}/decision")
    assert response.status_code == 405
    _no_traceback(response.text)


def test_a_new_run_is_picked_up_and_registered(client, corpus, db_path):
    assert len(_rows(client.get("/").text)) == 3
    extra = Finding(
        kind="count",
        rule="count_list_mismatch",
        scope="within",
        severity="high",
        confidence=0.5,
        message="Twelve, not 11.",
        evidence=(Evidence("quake_wire", 0, 5, "QUAKE"),),
    )
    time.sleep(0.01)
    corpus.write([*corpus.findings, extra])
    assert extra.id in _rows(client.get("/").text)
    assert ReviewStore(db_path).get(extra.id).status == "open"


def test_decisions_from_two_clients_at_once_are_all_kept(
    client, corpus, form_of, db_path
):
    ids = [f.id for f in corpus.findings]
    forms = {fp: form_of(client, fp) for fp in ids}
    codes: list[int] = []

    def post(fp: str) -> None:
        other = TestClient(client.app, base_url=BASE_URL, cookies=client.cookies)
        response = other.post(
            f"/finding/{fp}/decision",
            data={**forms[fp], "action": "confirm", "editor": fp},
            headers=ORIGIN,
            follow_redirects=False,
        )
        codes.append(response.status_code)

    threads = [threading.Thread(target=post, args=(fp,)) for fp in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [303, 303, 303]
    records = ReviewStore(db_path).records()
    assert {fp: records[fp].updated_by for fp in ids} == {fp: fp for fp in ids}


def test_findings_json_that_cannot_be_read_gives_a_clear_page(client, corpus):
    (corpus.report / "findings.json").write_text("{ not json", encoding="utf-8")
    response = client.get("/")
    assert response.status_code == 503
    assert "[E054]" in response.text
    _no_traceback(response.text)
