"""Fresh screenshots of report.html, the review queue and a finding page of each kind,
taken in Debian's Chromium from a real run over the seeds and the gold stories.

    python -m tests.browser.screenshots docs/      (or: make screenshots)

Two decisions are recorded first (one confirmed, one dismissed with a note), so the
pictures show statuses, the dismissed section and the progress as an editor sees them.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from pipeline.report import write_reports
from pipeline.review.store import ReviewStore, apply_reviews
from pipeline.run import run_paths
from tests.browser.conftest import CHROMIUM_ARGS, serving

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ["seeds", "gold/dev", "gold/dev-test"]
#: finding page shots: file name -> the rule of the finding shown (the first found)
FINDING_SHOTS = {
    "review-finding-date.png": "weekday_mismatch",
    "review-finding-dateline.png": "dateline_before_event",
    "review-finding-number.png": "growth_mismatch",
    "review-finding-conversion.png": "conversion_mismatch",
    "review-finding-rank.png": "rank_mismatch",
    "review-finding-count.png": "count_list_mismatch",
    "review-finding-placeholder.png": "placeholder",
}
WIDTH, HEIGHT = 1400, 1000


def _run(report: Path, db: Path, review_url: str):
    result = run_paths(CORPUS)
    result.findings = apply_reviews(result.findings, db, articles=result.articles)
    result.reviews = ReviewStore(db).records(f.id for f in result.findings)
    result.review_url = review_url
    write_reports(result, report)
    return result


def _decide(result, db: Path) -> None:
    store = ReviewStore(db)
    by_rule = {}
    for f in result.findings:
        by_rule.setdefault(f.rule, f)
    store.decide(
        by_rule["placeholder"].id, "confirm", editor="Ann Editor", expected_version=1
    )
    store.decide(
        by_rule["count_list_mismatch"].id,
        "dismiss",
        editor="Bo Editor",
        expected_version=1,
        reason="extraction_error",
        note="the list goes on in the next sentence",
    )


def _shot(
    page: Page, path: Path, *, full: bool = False, max_height: int = 2400
) -> None:
    height = page.evaluate("document.documentElement.scrollHeight")
    if full and height > max_height:
        page.screenshot(
            path=str(path),
            clip={"x": 0, "y": 0, "width": WIDTH, "height": max_height},
            full_page=True,
        )
    else:
        page.screenshot(path=str(path), full_page=full)
    print(f"wrote {path}")


def main(out_dir: str) -> None:
    out = Path(out_dir).resolve()
    out.mkdir(parents=True, exist_ok=True)
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit("chromium is not installed: apt-get install -y chromium")
    with tempfile.TemporaryDirectory() as tmp:
        report, db = Path(tmp) / "reports", Path(tmp) / "review.sqlite3"
        # the app reads findings.json at start: write a first report, then re-run
        # with the app's address so report.html links to it
        _run(report, db, "http://127.0.0.1:8765")
        with serving(report, db) as base:
            result = _run(report, db, base)
            _decide(result, db)
            result = _run(report, db, base)
            ids = {}
            for f in result.findings:
                ids.setdefault(f.rule, f.id)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, headless=True, args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
                page.goto((report / "report.html").as_uri())
                _shot(page, out / "report.png", full=True)
                page.goto(base + "/?status=all")
                _shot(page, out / "review-queue.png", full=True, max_height=1600)
                for name, rule in FINDING_SHOTS.items():
                    page.goto(f"{base}/finding/{ids[rule]}?status=all")
                    _shot(page, out / name, full=True, max_height=1900)
                narrow = browser.new_page(viewport={"width": 800, "height": 900})
                narrow.goto(f"{base}/finding/{ids['growth_mismatch']}")
                narrow.locator("section.chart").scroll_into_view_if_needed()
                _shot(narrow, out / "review-800px.png")
                browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
