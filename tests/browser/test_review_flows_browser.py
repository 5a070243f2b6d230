"""The editors' new flows in Chromium, asserted on what a person sees: search, a bulk
dismissal with one reason and its undo, the links between report.html and the app,
the report's story view, and the decision panel on an 800 px window."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.filterwarnings("ignore:Classifier dependencies:UserWarning"),
]


def _shown_ids(page) -> list[str]:
    return page.locator("#queue tr[data-id]").evaluate_all(
        "rows => rows.map(r => r.dataset.id)"
    )


def test_search_narrows_the_queue_to_findings_whose_text_matches(
    batch, serve, open_tab, tmp_path
):
    rank = batch.finding("ranking_size_mismatch")
    with serve(batch.report, tmp_path / "review.sqlite3") as base:
        tab = open_tab()
        page = tab.page
        page.goto(base + "/")
        assert len(_shown_ids(page)) >= 4
        page.keyboard.press("/")  # the search key
        assert page.evaluate("document.activeElement.id") == "search"
        # words of an article the rank finding cites, not of any message
        page.keyboard.type("Zhongguancun Forum")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert _shown_ids(page) == [rank["id"]]
        expect(page.locator("#search")).to_have_value("Zhongguancun Forum")
        page.locator("#clear-filters").click()
        assert len(_shown_ids(page)) >= 4
        assert tab.errors == []


def test_bulk_dismiss_with_one_reason_then_undo_with_one_key(
    batch, serve, open_tab, tmp_path
):
    with serve(batch.report, tmp_path / "review.sqlite3") as base:
        tab = open_tab()
        page = tab.page
        page.goto(base + "/")
        first, second = _shown_ids(page)[:2]
        total = len(_shown_ids(page))
        expect(page.locator("#progress-text")).to_have_text(f"0 of {total} reviewed")
        page.locator(f"tr[data-id='{first}'] input[name=ids]").check()
        page.locator(f"tr[data-id='{second}'] input[name=ids]").check()
        expect(page.locator("#selected-count")).to_have_text("2 selected")
        page.locator("#bulk-dismiss").click()  # no name, no reason yet: refused here
        expect(page.locator("#bulk-hint")).to_contain_text("Enter your name")
        page.fill("#bulk-editor", "Cy Editor")
        page.locator("#bulk-dismiss").click()
        expect(page.locator("#bulk-hint")).to_contain_text("Choose why")
        page.select_option("#bulk-reason", "different_subject")
        with page.expect_navigation():
            page.locator("#bulk-dismiss").click()
        expect(page.locator(".flash")).to_have_text("Dismissed 2 findings.")
        expect(page.locator("#progress-text")).to_have_text(f"2 of {total} reviewed")
        assert first not in _shown_ids(page) and second not in _shown_ids(page)
        expect(page.locator(".undo-bar")).to_contain_text("dismissed 2 findings")

        page.goto(base + "/?status=dismissed")
        row = page.locator(f"tr[data-id='{first}']")
        expect(row.locator(".status")).to_have_text("dismissed")
        expect(row).to_contain_text("Not a conflict: different subject")
        expect(row).to_contain_text("Cy Editor")

        with page.expect_navigation():
            page.keyboard.press("z")  # undo, from any page
        expect(page.locator(".flash")).to_have_text(
            "Undone: 2 findings put back as before."
        )
        page.goto(base + "/")
        assert {first, second} <= set(_shown_ids(page))
        expect(page.locator("#progress-text")).to_have_text(f"0 of {total} reviewed")
        expect(page.locator(".undo-bar")).to_have_count(0)
        assert tab.errors == []


def test_a_single_decision_is_undone_with_z_on_the_next_finding(
    batch, serve, open_tab, tmp_path
):
    with serve(batch.report, tmp_path / "review.sqlite3") as base:
        tab = open_tab()
        page = tab.page
        page.goto(base + "/")
        first = _shown_ids(page)[0]
        page.goto(f"{base}/finding/{first}")
        page.fill("#editor", "Di")
        page.keyboard.press("Escape")
        with page.expect_navigation():
            page.keyboard.press("c")
        assert f"/finding/{first}" not in page.url  # moved on to the next finding
        expect(page.locator(".undo-bar")).to_contain_text("confirmed 1 finding")
        with page.expect_navigation():
            page.keyboard.press("z")
        assert f"/finding/{first}" in page.url  # back on the finding put back
        expect(page.locator("#current-status")).to_have_text("open")
        expect(page.locator(".flash")).to_contain_text("Undone: 1 finding")
        expect(page.locator(".history")).to_contain_text("(undo)")
        assert tab.errors == []


def test_report_and_app_link_to_each_other(batch, serve, open_tab, tmp_path):
    db = tmp_path / "review.sqlite3"
    batch.db, saved_db = db, batch.db
    try:
        with serve(batch.report, db) as base:
            document = batch.run(review_url=base)  # crosscheck run --db --review-url
            rank = next(
                f for f in document["findings"] if f["rule"] == "ranking_size_mismatch"
            )
            tab = open_tab()
            page = tab.page
            page.goto((batch.report / "report.html").as_uri())
            expect(page.locator("#progress")).to_contain_text("reviewed")
            link = page.locator(f"#f-{rank['id']} a.review-link")
            expect(link).to_have_text("Review it in the app →")
            with page.expect_navigation():
                link.click()
            assert page.url == f"{base}/finding/{rank['id']}"
            expect(page.locator("h1.message")).to_contain_text("Top 24")
            with page.expect_navigation():
                page.locator("#in-report").click()
            assert page.url == f"{base}/report#f-{rank['id']}"
            expect(page.locator(f"#f-{rank['id']}")).to_be_visible()
            expect(page.locator(f"#f-{rank['id']}")).to_be_in_viewport()
            page.goto(base + "/")
            with page.expect_navigation():
                page.locator("#report-link").click()
            expect(page.locator("header.top h1")).to_have_text("crosscheck report")
            assert tab.errors == []
    finally:
        batch.db = saved_db


def test_the_report_groups_findings_by_story_and_names_articles_once(batch, open_tab):
    tab = open_tab()
    page = tab.page
    page.goto((batch.report / "report.html").as_uri())
    stories = page.locator("section.story")
    assert stories.count() >= 1
    for n in range(stories.count()):
        story = stories.nth(n)
        names = story.locator(".story-articles li .id").all_inner_texts()
        assert len(names) == len(set(names))  # each article listed once
        # every finding of the story cites only the story's articles
        cited = story.locator(".finding .article .id").all_inner_texts()
        assert set(cited) <= set(names)
    # headlines, not only ids, name the articles
    expect(page.locator(".story-articles").first).to_contain_text(
        "Shenzhen-Hong Kong-Guangzhou sci-tech cluster continues to rank 2nd globally"
    )
    # the table of every article is folded away
    table = page.locator("details#articles table")
    expect(table).to_be_hidden()
    page.locator("details#articles summary").click()
    expect(table).to_be_visible()
    assert tab.errors == []


def test_at_800_px_the_decision_panel_stays_beside_the_evidence(
    batch, serve, open_tab, tmp_path
):
    rank = batch.finding("ranking_size_mismatch")
    with serve(batch.report, tmp_path / "review.sqlite3") as base:
        tab = open_tab(width=800, height=900)
        page = tab.page
        page.goto(f"{base}/finding/{rank['id']}")
        panel = page.locator("aside.decide form")
        evidence = page.locator("section.evidence")
        expect(panel).to_be_in_viewport()
        box, ev = panel.bounding_box(), evidence.bounding_box()
        assert box is not None and ev is not None
        assert box["x"] >= ev["x"] + ev["width"]  # beside, not 2,000 px below
        assert box["y"] < 400
        page.locator("section.chart").scroll_into_view_if_needed()
        assert page.evaluate("window.scrollY") > 500
        expect(page.locator("#confirm-button")).to_be_in_viewport()
        expect(page.locator("#dismiss-button")).to_be_in_viewport()
        assert page.evaluate("document.documentElement.scrollWidth") <= 800
        assert tab.errors == []
        assert re.search(r"\d+ of \d+ reviewed", page.locator("#progress").inner_text())
