"""A small hand-made report (no spaCy needed): two articles about one earthquake that
disagree on the toll, a placeholder, and an article carrying script payloads."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

with warnings.catch_warnings():  # "use httpx2": not ours to change here
    warnings.filterwarnings("ignore", message=".*httpx2", category=UserWarning)
    from fastapi.testclient import TestClient

from pipeline.findings import Evidence, Finding
from pipeline.review.app import create_app

BASE_URL = "http://127.0.0.1:8765"
ORIGIN = {"Origin": BASE_URL}

WIRE = (
    "QUAKE WIRE\n"
    "ANKARA, March 4 (Wire) -- More than 1,400 people died in the earthquake on "
    "Monday, officials said.\n"
    "Rescue teams from 12 countries are searching the rubble.\n"
)
LOCAL = (
    "Local Herald\n\n"
    "The earthquake killed 1,200 people, the governor said on Tuesday.\n\n"
    "The mayor promised [TK] new shelters.\n\n"
    "A reader wrote <script>window.__pwned=1</script> and "
    '"><img src=x onerror=window.__pwned=2> in the comments on Friday.\n'
)


def span(article: str, text: str, words: str, value: str | None = None) -> Evidence:
    start = text.index(words)
    return Evidence(article, start, start + len(words), words, value)


@dataclass
class Corpus:
    """Paths and findings of the hand-made report."""

    root: Path
    report: Path
    texts: dict[str, str]
    toll: Finding
    placeholder: Finding
    dateline: Finding

    @property
    def findings(self) -> list[Finding]:
        return [self.toll, self.placeholder, self.dateline]

    def write(self, findings: list[Finding] | None = None) -> None:
        """(Re)write findings.json, as ``crosscheck run`` would."""
        findings = self.findings if findings is None else findings
        document = {
            "schema": "crosscheck.findings/1",
            "articles": [
                {
                    "id": "quake_wire",
                    "path": "articles/quake_wire.txt",
                    "encoding": "utf-8",
                    "published": "2025-03-04",
                    "dateline": None,
                    "headline": "QUAKE WIRE",
                },
                {
                    "id": "quake_local",
                    "path": "articles/quake_local.txt",
                    "encoding": "utf-8",
                    "published": "2025-03-05",
                    "dateline": None,
                    "headline": "Local Herald",
                },
            ],
            "errors": [],
            "findings": [f.to_dict() for f in findings],
        }
        (self.report / "findings.json").write_text(
            json.dumps(document, indent=2), encoding="utf-8"
        )


def _claim(article: str, text: str, words: str, **fields: object) -> dict:
    start = text.index(words)
    base = {
        "article": article,
        "start": start,
        "end": start + len(words),
        "text": words,
        "type": "count",
        "value": None,
        "low": None,
        "high": None,
        "unit": None,
        "change": "=",
        "subject": None,
        "measure": None,
        "period": None,
        "subject_key": None,
        "measure_key": None,
    }
    base.update(fields)
    return base


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    """Articles under tmp_path/articles and a report under tmp_path/report."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "quake_wire.txt").write_text(WIRE, encoding="utf-8")
    (articles / "quake_local.txt").write_text(LOCAL, encoding="utf-8")
    report = tmp_path / "report"
    report.mkdir()
    toll = Finding(
        kind="number",
        rule="value_mismatch",
        scope="across",
        severity="high",
        confidence=0.7,
        message="The deaths of earthquake for 2025-03-03 are given as incompatible "
        "values: 'More than 1,400' (quake_wire); '1,200' (quake_local).",
        evidence=(
            span("quake_wire", WIRE, "More than 1,400", "> 1400"),
            span("quake_local", LOCAL, "1,200", "1200"),
        ),
    )
    placeholder = Finding(
        kind="placeholder",
        rule="placeholder",
        scope="within",
        severity="medium",
        confidence=0.95,
        message="Unfilled placeholder '[TK]' left in the copy.",
        evidence=(span("quake_local", LOCAL, "[TK]"),),
    )
    dateline = Finding(
        kind="date",
        rule="weekday_mismatch",
        scope="within",
        severity="low",
        confidence=0.6,
        message="'Friday' does not fall on the date given.",
        evidence=(span("quake_local", LOCAL, "Friday", "2025-03-07"),),
    )
    claims = [
        _claim(
            "quake_wire",
            WIRE,
            "More than 1,400",
            value=1400,
            low=1400,
            change=">",
            subject_key="earthquake",
            measure_key="deaths",
            period="2025-03-03",
        ),
        _claim(
            "quake_local",
            LOCAL,
            "1,200",
            value=1200,
            low=1200,
            high=1200,
            subject_key="earthquake",
            measure_key="deaths",
            period="2025-03-03",
        ),
        _claim(
            "quake_wire",
            WIRE,
            "12 countries",
            value=12,
            low=12,
            high=12,
            subject_key="rescue",
            measure_key="country",
        ),
    ]
    (report / "claims.jsonl").write_text(
        "".join(json.dumps(c) + "\n" for c in claims), encoding="utf-8"
    )
    c = Corpus(
        tmp_path,
        report,
        {"quake_wire": WIRE, "quake_local": LOCAL},
        toll,
        placeholder,
        dateline,
    )
    c.write()
    return c


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "review.sqlite3"


@pytest.fixture
def client(corpus: Corpus, db_path: Path) -> TestClient:
    app = create_app(corpus.report, db_path, base_dir=corpus.root)
    return TestClient(app, base_url=BASE_URL)


_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_VERSION = re.compile(r'name="version" value="(\d+)"')


@pytest.fixture
def form_of() -> Callable[[TestClient, str], dict[str, str]]:
    """The hidden fields of a finding's decision form, as the page renders them."""

    def read(client: TestClient, fingerprint: str) -> dict[str, str]:
        page = client.get(f"/finding/{fingerprint}")
        assert page.status_code == 200, page.text
        csrf, version = _CSRF.search(page.text), _VERSION.search(page.text)
        assert csrf and version
        return {"csrf": csrf.group(1), "version": version.group(1)}

    return read


@pytest.fixture
def decide(
    form_of: Callable[[TestClient, str], dict[str, str]],
) -> Callable[..., object]:
    """POST a decision from the finding's own form (same origin, valid token)."""

    def post(client: TestClient, fingerprint: str, action: str, **fields: str):
        data = {**form_of(client, fingerprint), "action": action, "editor": "Ann Lee"}
        data.update(fields)
        return client.post(
            f"/finding/{fingerprint}/decision",
            data=data,
            headers=ORIGIN,
            follow_redirects=False,
        )

    return post
