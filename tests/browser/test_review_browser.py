"""The review app in Chromium: keyboard decisions that survive a re-run, stale forms
refused, the chart drawn offline, and hostile article text that never runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Request, expect

pytestmark = [
    pytest.mark.browser,
    # quantulum3 notes its optional classifier is missing: the pipeline's business
    pytest.mark.filterwarnings("ignore:Classifier dependencies:UserWarning"),
]

SEED_000 = "000_f2a77b96212fab26"


def test_keyboard_decisions_are_kept_and_a_rerun_hides_the_dismissed(
    batch, serve, open_tab
):
    dateline = batch.finding("dateline_before_event")
    placeholder = batch.finding("placeholder", SEED_000)
    with serve(batch.report, batch.db) as base:
        tab = open_tab()
        page = tab.page
        page.goto(base + "/")
        rows = page.locator("#queue tr[data-id]")
        ids = rows.evaluate_all("rows => rows.map(r => r.dataset.id)")
        assert ids[:2] == [dateline["id"], placeholder["id"]]

        page.keyboard.press("j")
        expect(page.locator("#queue tr.selected")).to_have_attribute(
            "data-id", dateline["id"]
        )
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert f"/finding/{dateline['id']}" in page.url
        expect(page.locator(".decide .keys")).to_contain_text("dismiss, then")

        page.keyboard.press("c")  # no name yet: asks for it, sends nothing
        expect(page.locator("#hint")).to_contain_text("Enter your name")
        assert page.evaluate("document.activeElement.id") == "editor"
        page.keyboard.type("Ann Editor")
        page.keyboard.press("Escape")
        page.keyboard.press("d")
        expect(page.locator("#dismiss-box")).to_have_class(re.compile(r"\bactive\b"))
        with page.expect_navigation():
            page.keyboard.press("2")  # not a conflict: different period
        assert f"/finding/{placeholder['id']}" in page.url  # on to the next one
        expect(page.locator(".flash")).to_contain_text("is now dismissed")
        expect(page.locator("#editor")).to_have_value("Ann Editor")  # remembered
        with page.expect_navigation():
            page.keyboard.press("c")

        page.goto(base + "/?status=all")
        page.reload()
        dismissed_row = page.locator(f"tr[data-id='{dateline['id']}']")
        confirmed_row = page.locator(f"tr[data-id='{placeholder['id']}']")
        expect(dismissed_row).to_have_attribute("data-status", "dismissed")
        expect(dismissed_row).to_contain_text("Ann Editor")
        expect(dismissed_row).to_contain_text("different period")
        expect(confirmed_row).to_have_attribute("data-status", "confirmed")
        assert tab.errors == []

        # an edit elsewhere in the article, then `crosscheck run --db` again
        article = batch.corpus / f"{SEED_000}.txt"
        text = article.read_text("utf-8")
        body = text.rstrip("\n")
        article.write_text(
            body + " The ministry gave no further details." + text[len(body) :],
            encoding="utf-8",
        )
        document = batch.run()
        reviews = {f["id"]: f["review"] for f in document["findings"]}
        assert reviews[dateline["id"]] == "dismissed"
        assert reviews[placeholder["id"]] == "confirmed"

        html = (batch.report / "report.html").read_text("utf-8")
        shown, dismissed = html.split('<details id="dismissed">')
        assert f'id="f-{dateline["id"]}"' not in shown
        assert f'id="f-{dateline["id"]}"' in dismissed
        page.goto((batch.report / "report.html").as_uri())
        section = page.locator(f"#f-{dateline['id']}")
        expect(section).to_have_count(1)
        expect(section).to_be_hidden()  # collapsed
        assert page.locator("details#dismissed").evaluate("d => d.open") is False
        page.locator("details#dismissed summary").click()
        expect(section).to_be_visible()


def test_a_stale_decision_from_a_second_editor_is_refused(
    batch, serve, open_tab, tmp_path
):
    rank = batch.finding("ranking_size_mismatch")
    with serve(batch.report, tmp_path / "review.sqlite3") as base:
        ann, bo = open_tab(), open_tab()
        for tab, name in ((ann, "Ann"), (bo, "Bo")):
            tab.page.goto(f"{base}/finding/{rank['id']}")
            tab.page.fill("#editor", name)
            tab.page.keyboard.press("Escape")
        with ann.page.expect_navigation():
            ann.page.keyboard.press("c")
        bo.page.keyboard.press("d")
        with bo.page.expect_navigation() as refused:
            bo.page.keyboard.press("1")
        assert refused.value.status == 409
        expect(bo.page.locator("h1")).to_have_text("Someone else decided first")
        expect(bo.page.locator(".current-state")).to_contain_text("confirmed by Ann")
        bo.page.get_by_role("link", name="Open the finding again").click()
        expect(bo.page.locator("#current-status")).to_have_text("confirmed")
        assert ann.errors == []
        assert [e for e in bo.errors if "status of 409" not in e] == []


def test_rank_finding_draws_its_chart_offline_and_j_k_move(
    batch, serve, open_tab, tmp_path
):
    rank = batch.finding("ranking_size_mismatch")
    with serve(batch.report, tmp_path / "review.sqlite3") as base:
        tab = open_tab()
        page = tab.page
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        page.goto(f"{base}/finding/{rank['id']}?status=all")
        plot = page.locator("section.chart svg.plot").first
        box = plot.bounding_box()
        assert box is not None and box["width"] > 300 and box["height"] > 150
        assert page.locator("section.chart g.point.conflict").count() == 3
        marks = page.locator(".evidence mark").all_inner_texts()
        assert marks == [
            "Top 24 Science and Technology Clusters",
            "24 of the world's top 100",
            "24 of the top 100",
        ]
        assert all(url.startswith(base) for url in requested), requested

        with page.expect_navigation():
            page.keyboard.press("k")
        previous = page.url
        assert rank["id"] not in previous
        with page.expect_navigation():
            page.keyboard.press("j")
        assert f"/finding/{rank['id']}" in page.url
        assert tab.errors == []


def _check_nothing_ran(tab) -> None:
    page = tab.page
    assert page.evaluate("typeof window.__pwned") == "undefined"
    text = page.locator("main").inner_text()
    assert "<script>window.__pwned=1</script>" in text
    assert '"><img src=x onerror="window.__pwned=2">' in text
    assert page.locator("main img").count() == 0
    assert page.evaluate("document.scripts.length") == 1  # only review.js


def test_script_in_an_article_is_shown_never_run(
    batch, serve, open_tab, tmp_path: Path
):
    hostile = batch.finding("placeholder", batch.hostile_id)
    with serve(batch.report, tmp_path / "review.sqlite3") as base:
        tab = open_tab()
        failed: list[Request] = []
        tab.page.on("requestfailed", lambda request: failed.append(request))
        for url in (
            f"/finding/{hostile['id']}",
            f"/article/{batch.hostile_id}?f={hostile['id']}",
        ):
            tab.page.goto(base + url)
            tab.page.wait_for_load_state("load")
            _check_nothing_ran(tab)
        assert [r.url for r in failed] == []  # the injected <img src=x> never loaded
        assert tab.errors == []  # not even a CSP violation: nothing tried to run
