"""Chromium through Playwright, the review app served by uvicorn in a thread, and a
real pipeline run over the seeds plus one hostile article.

Playwright's own browser download does not work here: Debian's ``chromium`` is
required, and its absence fails the tests rather than skipping them.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

from pipeline.report import write_reports
from pipeline.review.app import create_app
from pipeline.review.store import ReviewStore, apply_reviews
from pipeline.run import run_paths

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOSTILE_ID = "zz_comments"
HOSTILE = (
    "CITY, May 2 (Wire) -- The council approved the budget on Thursday.\n\n"
    "The council will spend [TK] on the new bridge; a reader replied "
    "<script>window.__pwned=1</script> and another "
    '"><img src=x onerror="window.__pwned=2"> under the story.\n\n'
    "Work starts in June.\n"
)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless. Fails (never skips) when it is not installed."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "chromium is not installed (apt-get install -y chromium, or "
            "`make browser-deps`): the browser tests need it",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Batch:
    """A corpus folder, its report folder and its review database."""

    corpus: Path
    report: Path
    db: Path
    hostile_id: str = HOSTILE_ID

    def run(self, review_url: str | None = None) -> dict[str, Any]:
        """Run the pipeline as ``crosscheck run CORPUS --out REPORT --db DB
        [--review-url URL]`` would."""
        result = run_paths([str(self.corpus)])
        result.findings = apply_reviews(
            result.findings, self.db, articles=result.articles
        )
        result.reviews = ReviewStore(self.db).records(f.id for f in result.findings)
        result.review_url = review_url
        write_reports(result, self.report)
        return json.loads((self.report / "findings.json").read_text("utf-8"))

    def finding(self, rule: str, article: str | None = None) -> dict[str, Any]:
        document = json.loads((self.report / "findings.json").read_text("utf-8"))
        found = [
            f
            for f in document["findings"]
            if f["rule"] == rule
            and (article is None or f["evidence"][0]["article"] == article)
        ]
        assert found, f"no {rule} finding in the run"
        return found[0]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    """The seeds plus a hostile article, run once per module."""
    root = tmp_path_factory.mktemp("batch")
    corpus = root / "corpus"
    corpus.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, corpus / seed.name)
    (corpus / f"{HOSTILE_ID}.txt").write_text(HOSTILE, encoding="utf-8")
    b = Batch(corpus, root / "report", root / "review.sqlite3")
    b.run()
    return b


@contextmanager
def serving(report: Path, db: Path) -> Iterator[str]:
    """Serve the review app on a free loopback port; yields its base URL."""
    app = create_app(report, db)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the review app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def serve() -> Any:
    """``with serve(report, db) as base_url:`` runs the app for the block."""
    return serving


@dataclass
class Tab:
    """A page plus every console error and uncaught exception it produced."""

    page: Page
    errors: list[str]


@pytest.fixture
def open_tab(browser: Browser) -> Iterator[Any]:
    """Open pages in fresh browser contexts (separate cookies: separate editors)."""
    contexts = []

    def open_(width: int = 1400, height: int = 900) -> Tab:
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        errors: list[str] = []

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                errors.append(message.text)

        page.on("console", on_console)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        return Tab(page, errors)

    yield open_
    for context in contexts:
        context.close()
