"""The review web app: a queue of a run's findings, a page per finding with its
evidence in context, and the editors' decisions recorded in the review store.

Article text is untrusted: Jinja2 escapes everything, a Content-Security-Policy allows
only this app's own script and styles, state changes are POSTs carrying a per-session
CSRF token and an Origin (or Referer) of this very host, and errors render as a plain
page, never a traceback.
"""

from __future__ import annotations

import hmac
import logging
import os
import re
import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, unquote, unquote_to_bytes, urlencode, urlsplit

from fastapi import FastAPI, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException

from pipeline.findings import REVIEW_STATES, SEVERITIES
from pipeline.review.chart import (
    CHART_KINDS,
    TIMELINE_KINDS,
    ArticleMeta,
    build_chart,
    build_timeline,
)
from pipeline.review.data import (
    Mark,
    Report,
    ReportFinding,
    ReportSource,
    evidence_columns,
    evidence_title,
    locate,
    paragraphs,
    segments,
)
from pipeline.review.errors import (
    DecisionError,
    ReportError,
    ReviewError,
    StaleVersion,
    StoreLocked,
    UnknownFinding,
)
from pipeline.review.store import DISMISS_REASONS, ReviewRecord, ReviewStore

log = logging.getLogger(__name__)

# No page of the app may be framed (clickjacking), post a form elsewhere, move its
# relative links with a <base>, or load plugins; scripts and styles are its own.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
)
# The largest form the app sends: a decision with a note of MAX_NOTE_CHARS (2,000)
# characters of up to 4 bytes, each percent-encoded (3 characters a byte), and the
# other fields; a larger body is refused unread.
MAX_FORM_BYTES = 64 * 1024
FORM_TYPE = "application/x-www-form-urlencoded"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
CSRF_COOKIE = "cc_csrf"
EDITOR_COOKIE = "cc_editor"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STATUS_TABS = (
    ("open", "Open"),
    ("confirmed", "Confirmed"),
    ("dismissed", "Dismissed"),
    ("all", "All"),
)
SORTS = (
    ("severity", "severity"),
    ("confidence", "confidence"),
    ("story", "story"),
)
#: A search is at most this long (the query string is untrusted).
MAX_QUERY_CHARS = 200
#: Browsers whose last decision can be undone, at most (the oldest is forgotten).
MAX_UNDO_SESSIONS = 500
#: The state an undo restores -> the action that restores it.
RESTORE_ACTION = {"open": "reopen", "confirmed": "confirm", "dismissed": "dismiss"}
_TOKEN_RE = re.compile(r"^[A-Za-z0-9_-]{32,128}$")

_env = Environment(
    loader=PackageLoader("pipeline.review", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _when(at: str | None) -> str:
    """'2025-03-04T10:21:07+00:00' -> '2025-03-04 10:21 UTC'."""
    if not at:
        return ""
    return f"{at[:10]} {at[11:16]} UTC" if len(at) >= 16 else at


_env.filters["when"] = _when


@dataclass(frozen=True, slots=True)
class Filters:
    """The queue's filters, carried from page to page in the query string."""

    kind: str = ""
    severity: str = ""
    article: str = ""
    status: str = "open"
    q: str = ""  # words to search for in messages, cited words and article texts
    sort: str = "severity"

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Filters:
        status = str(data.get("status") or "open")
        if status not in (*REVIEW_STATES, "all"):
            status = "open"
        sort = str(data.get("sort") or "severity")
        return cls(
            kind=str(data.get("kind") or ""),
            severity=str(data.get("severity") or ""),
            article=str(data.get("article") or ""),
            status=status,
            q=" ".join(str(data.get("q") or "").split())[:MAX_QUERY_CHARS],
            sort=sort if sort in dict(SORTS) else "severity",
        )

    @property
    def narrowed(self) -> bool:
        return bool(self.kind or self.severity or self.article or self.q)

    def params(self, **changes: str) -> dict[str, str]:
        values = {
            "kind": self.kind,
            "severity": self.severity,
            "article": self.article,
            "status": self.status,
            "q": self.q,
            "sort": self.sort,
        }
        values.update(changes)
        defaults = {"status": "open", "sort": "severity"}
        return {k: v for k, v in values.items() if v and defaults.get(k) != v}

    def query(self, **changes: str) -> str:
        params = self.params(**changes)
        return f"?{urlencode(params)}" if params else ""

    def hidden(self) -> list[tuple[str, str]]:
        return list(self.params().items())

    def matches(
        self,
        item: ReportFinding,
        status: str,
        *,
        any_status: bool = False,
        hits: set[str] | None = None,
    ) -> bool:
        """Whether the queue shows ``item``; ``hits`` are the ids the search found
        (None: no search)."""
        f = item.finding
        return (
            (not self.kind or f.kind == self.kind)
            and (not self.severity or f.severity == self.severity)
            and (not self.article or self.article in item.articles)
            and (hits is None or item.id in hits)
            and (any_status or self.status == "all" or status == self.status)
        )


def search_hits(report: Report, source: ReportSource, query: str) -> set[str] | None:
    """The findings whose message, rule, cited words, cited articles' headlines or
    texts hold every word of ``query`` (any case); None when there is no query."""
    words = query.casefold().split()
    if not words:
        return None
    texts: dict[str, str] = {}

    def text_of(article_id: str) -> str:
        if article_id not in texts:
            article = source.article(article_id)
            parts = [article_id, report.headline(article_id) or ""]
            if article is not None and article.text:
                parts.append(article.text)
            texts[article_id] = "\n".join(parts).casefold()
        return texts[article_id]

    hits = set()
    for item in report.findings:
        f = item.finding
        own = " ".join(
            [f.message, f.rule, f.kind, *(e.text for e in f.evidence)]
        ).casefold()
        if all(w in own or any(w in text_of(a) for a in item.articles) for w in words):
            hits.add(item.id)
    return hits


def order_findings(
    report: Report, items: list[ReportFinding], sort: str
) -> list[ReportFinding]:
    """The queue's order: by severity (the report's), by confidence (highest first),
    or by story (the stories with the most severe findings first, each story's
    findings together in severity order)."""
    position = {item.id: n for n, item in enumerate(report.findings)}
    if sort == "confidence":
        return sorted(items, key=lambda i: (-i.finding.confidence, position[i.id]))
    if sort == "story":
        story_rank: dict[str, tuple[int, str]] = {}
        for item in items:
            story = report.story(item)
            key = story.id if story else ""
            rank = (position[item.id], story.label if story else "")
            story_rank[key] = min(story_rank.get(key, rank), rank)

        def story_key(item: ReportFinding) -> tuple:
            story = report.story(item)
            return (story_rank[story.id if story else ""], position[item.id])

        return sorted(items, key=story_key)
    return sorted(items, key=lambda i: position[i.id])


@dataclass(frozen=True, slots=True)
class UndoStep:
    """One finding a decision changed: the version it left and the state before."""

    fingerprint: str
    version: int
    status: str
    reason: str | None
    note: str | None


@dataclass(frozen=True, slots=True)
class UndoBatch:
    """The last decision made in one browser (one finding, or a bulk selection)."""

    steps: tuple[UndoStep, ...]
    what: str  # "dismissed 3 findings", shown beside the Undo button


class ReviewService:
    """The report folder and the store, kept in step: every finding the report
    holds is registered in the store as soon as the report is (re)read."""

    def __init__(
        self,
        report_dir: str | os.PathLike[str],
        db_path: str | os.PathLike[str],
        base_dir: str | os.PathLike[str] | None = None,
        store_options: Mapping[str, Any] | None = None,
    ) -> None:
        self.source = ReportSource(report_dir, base_dir)
        self.store = ReviewStore(db_path, **dict(store_options or {}))
        self._undo: OrderedDict[str, UndoBatch] = OrderedDict()
        self._undo_lock = threading.Lock()
        self.report()

    def remember(self, session: str, batch: UndoBatch) -> None:
        """Keep ``batch`` as the decision the browser ``session`` can undo."""
        if not batch.steps:
            return
        with self._undo_lock:
            self._undo[session] = batch
            self._undo.move_to_end(session)
            while len(self._undo) > MAX_UNDO_SESSIONS:
                self._undo.popitem(last=False)

    def last_decision(self, session: str) -> UndoBatch | None:
        with self._undo_lock:
            return self._undo.get(session)

    def forget_decision(self, session: str) -> UndoBatch | None:
        with self._undo_lock:
            return self._undo.pop(session, None)

    def report(self) -> Report:
        report, fresh = self.source.report()
        if fresh:
            try:
                self.store.register(
                    [{**i.finding.to_dict(), "id": i.id} for i in report.findings],
                    self.source.article_paths(),
                )
            except BaseException:
                self.source.forget()  # register again on the next request
                raise
        return report

    def statuses(
        self, report: Report
    ) -> tuple[dict[str, ReviewRecord], dict[str, str]]:
        records = self.store.records()
        return records, {
            i.id: records[i.id].status if i.id in records else "open"
            for i in report.findings
        }


def _same_origin(request: Request) -> bool:
    """True when the request's Origin (else Referer) names this very host."""
    host = request.headers.get("host", "").lower()
    origin = request.headers.get("origin")
    source = origin if origin else request.headers.get("referer")
    if not source or not host or source == "null":
        return False
    parts = urlsplit(source)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host


async def _refuse_form(request: Request) -> tuple[int, str, str] | None:
    """Why a POST's form is refused (status, heading, message), or None.

    Only URL-encoded UTF-8 forms of at most MAX_FORM_BYTES are read: a body in
    another encoding would be stored as mojibake (the form parser replaces what it
    cannot decode), so it is refused before anything is recorded."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != FORM_TYPE:
        return (
            415,
            "The form was not understood",
            f"Decisions are sent as {FORM_TYPE}; nothing was recorded.",
        )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_FORM_BYTES:
        return (413, "The form is too large", "Nothing was recorded.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return (413, "The form is too large", "Nothing was recorded.")
    request._body = body  # what the endpoint's form parser reads
    try:
        body.decode("ascii")
        for pair in body.split(b"&"):
            for part in pair.split(b"=", 1):
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return (
            400,
            "The form was not sent as UTF-8",
            "Its text could not be read as UTF-8, so it would have been stored "
            "garbled; nothing was recorded. Send the form again from the app's page.",
        )
    return None


class HeadAsGet:
    """Answers HEAD as GET without the body (FastAPI routes answer GET only)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: dict) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def _hostname(host_header: str) -> str:
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def create_app(
    report_dir: str | os.PathLike[str] = "reports",
    db_path: str | os.PathLike[str] | None = None,
    *,
    base_dir: str | os.PathLike[str] | None = None,
    allowed_hosts: set[str] | frozenset[str] | None = LOOPBACK_HOSTS,
    store_options: Mapping[str, Any] | None = None,
) -> FastAPI:
    """Build the review app for one report folder.

    Args:
        report_dir: the folder holding findings.json (and claims.jsonl).
        db_path: the review database, created when missing (default
            ``report_dir/review.sqlite3``).
        base_dir: what relative article paths are relative to (default: the
            current directory).
        allowed_hosts: host names the app answers to (a guard against DNS
            rebinding); None answers to any.
        store_options: keyword arguments for :class:`ReviewStore`.

    Raises:
        ReportError: findings.json is missing or unreadable.
        StoreLocked, StoreSchemaError: the database cannot be opened.
    """
    report_dir = Path(report_dir)
    service = ReviewService(
        report_dir, db_path or report_dir / "review.sqlite3", base_dir, store_options
    )
    report_label = str(report_dir)
    app = FastAPI(
        title="crosscheck review",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        debug=False,
    )
    app.state.service = service
    app.mount(
        "/static", StaticFiles(packages=[("pipeline.review", "static")]), name="static"
    )

    # ------------------------------------------------------------- rendering

    def csrf_token(request: Request) -> tuple[str, bool]:
        token = request.cookies.get(CSRF_COOKIE, "")
        if _TOKEN_RE.match(token):
            return token, False
        return secrets.token_urlsafe(32), True

    def render(
        request: Request, name: str, context: dict[str, Any], status_code: int = 200
    ) -> HTMLResponse:
        token, new = csrf_token(request)
        html = _env.get_template(name).render(
            report_label=report_label,
            csrf=token,
            undo=None if new else service.last_decision(token),
            here=request.url.path
            + (f"?{request.url.query}" if request.url.query else ""),
            has_report=(report_dir / "report.html").is_file(),
            **context,
        )
        response = HTMLResponse(html, status_code=status_code)
        if new:
            response.set_cookie(
                CSRF_COOKIE, token, httponly=True, samesite="strict", path="/"
            )
        response.headers.update(SECURITY_HEADERS)
        return response

    def error_page(
        request: Request, status_code: int, heading: str, message: str, **extra: Any
    ) -> HTMLResponse:
        links = extra.pop("links", None) or [("/", "Back to the queue")]
        return render(
            request,
            "error.html.j2",
            {
                "status_code": status_code,
                "heading": heading,
                "message": message,
                "links": links,
                **extra,
            },
            status_code=status_code,
        )

    # ------------------------------------------------------------- guards

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        host = _hostname(request.headers.get("host", ""))
        if allowed_hosts is not None and host not in allowed_hosts:
            return error_page(
                request,
                400,
                "Unknown host",
                "This review app answers only on its own address "
                f"({', '.join(sorted(allowed_hosts))}).",
            )
        if request.method not in SAFE_METHODS and not _same_origin(request):
            return error_page(
                request,
                403,
                "Request refused",
                "The request did not come from a page of this review "
                "app (its Origin or Referer names another site, or "
                "none). Open the finding here and decide again.",
            )
        if request.method == "POST":
            refused = await _refuse_form(request)
            if refused is not None:
                return error_page(request, *refused)
        response: Response = await call_next(request)
        for key, value in SECURITY_HEADERS.items():
            response.headers.setdefault(key, value)
        return response

    app.add_middleware(HeadAsGet)  # outermost: the guard sees HEAD as GET

    def check_csrf(request: Request, token: str) -> None:
        cookie = request.cookies.get(CSRF_COOKIE, "")
        if (
            not cookie
            or not token
            or not hmac.compare_digest(cookie.encode("utf-8"), token.encode("utf-8"))
        ):
            raise StarletteHTTPException(
                403,
                "The form's security token is missing or does not match this browser "
                "session (the page may be old, or the form came from another site). "
                "Open the finding again and repeat the decision.",
            )

    # ------------------------------------------------------------- error pages

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headings = {
            403: "Request refused",
            404: "Not found",
            405: "Method not allowed",
            409: "Conflict",
        }
        detail = exc.detail if isinstance(exc.detail, str) else ""
        if exc.status_code == 404 and detail in ("", "Not Found"):
            detail = "There is no page at this address."
        return error_page(
            request,
            exc.status_code,
            headings.get(exc.status_code, "Request failed"),
            detail,
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(
        request: Request, exc: RequestValidationError
    ) -> Response:
        details = [
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: "
            f"{e.get('msg', 'invalid')}"
            for e in exc.errors()
        ]
        return error_page(
            request,
            422,
            "The request is incomplete",
            "Some fields were missing or malformed; nothing was recorded.",
            details=details,
        )

    @app.exception_handler(StoreLocked)
    async def locked(request: Request, exc: StoreLocked) -> Response:
        return error_page(request, 503, "The review database is busy", str(exc))

    @app.exception_handler(ReportError)
    async def report_error(request: Request, exc: ReportError) -> Response:
        return error_page(request, 503, "The report cannot be read", str(exc))

    @app.exception_handler(ReviewError)
    async def review_error(request: Request, exc: ReviewError) -> Response:
        return error_page(
            request, 500, "The review store refused the request", str(exc)
        )

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        log.error(
            "review app: %s on %s %s",
            type(exc).__name__,
            request.method,
            request.url.path,
        )
        return error_page(
            request,
            500,
            "Something went wrong",
            "The review app hit an unexpected error; nothing about "
            "the request is shown here. If you were deciding, reload "
            "the finding to see whether the decision was saved; the "
            "server log has the details.",
        )

    # ------------------------------------------------------------- pages

    def flash_for(
        report: Report,
        records: dict[str, ReviewRecord],
        saved: str | None,
        filters: Filters,
    ) -> dict[str, str] | None:
        if not saved or saved not in report.by_id or saved not in records:
            return None
        item, record = report.by_id[saved], records[saved]
        message = item.finding.message
        short = message if len(message) <= 90 else message[:87].rstrip() + "…"
        return {
            "message": f"Saved: “{short}” is now {record.status}.",
            "href": f"/finding/{quote(saved)}{filters.query()}",
        }

    def progress(statuses: dict[str, str]) -> dict[str, int]:
        """'n of N reviewed' for the whole run, whatever the view shows."""
        totals = Counter(statuses.values())
        reviewed = totals.get("confirmed", 0) + totals.get("dismissed", 0)
        total = len(statuses)
        return {
            "reviewed": reviewed,
            "total": total,
            "percent": round(100 * reviewed / total) if total else 100,
        }

    def visible(
        report: Report, statuses: dict[str, str], filters: Filters
    ) -> list[ReportFinding]:
        """The findings the queue shows for ``filters``, in its order."""
        hits = search_hits(report, service.source, filters.q)
        shown = [
            i for i in report.findings if filters.matches(i, statuses[i.id], hits=hits)
        ]
        return order_findings(report, shown, filters.sort)

    def article_names(report: Report, ids: set[str]) -> dict[str, str]:
        """article id -> its headline, else “its opening words” in quotes."""
        out = {}
        for a in sorted(ids):
            article = service.source.article(a)
            if article is None:
                out[a] = a
            else:
                out[a] = article.headline or f"“{article.name}”"
        return out

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        """The findings of the run, filtered, searched and sorted."""
        filters = Filters.from_mapping(request.query_params)
        report = service.report()
        records, statuses = service.statuses(report)
        hits = search_hits(report, service.source, filters.q)
        narrowed = [
            i
            for i in report.findings
            if filters.matches(i, statuses[i.id], any_status=True, hits=hits)
        ]
        counts = Counter(statuses[i.id] for i in narrowed)
        tabs = [
            (
                key,
                label,
                len(narrowed) if key == "all" else counts.get(key, 0),
                "/" + filters.query(status=key),
                filters.status == key,
            )
            for key, label in STATUS_TABS
        ]
        shown = order_findings(
            report,
            [i for i in narrowed if filters.matches(i, statuses[i.id])],
            filters.sort,
        )
        all_names = article_names(report, set(report.cited_articles))
        names = all_names
        rows = [
            {
                "item": i,
                "record": records.get(i.id) or _unregistered(i.id),
                "href": f"/finding/{quote(i.id)}{filters.query()}",
                "story": report.story(i),
                "names": [(a, names.get(a, a)) for a in i.articles],
            }
            for i in shown
        ]
        totals = Counter(statuses.values())
        return render(
            request,
            "queue.html.j2",
            {
                "filters": filters,
                "queue_query": filters.query(),
                "tabs": tabs,
                "rows": rows,
                "total": len(report.findings),
                "totals": {s: totals.get(s, 0) for s in REVIEW_STATES},
                "progress": progress(statuses),
                "n_articles": len(report.articles),
                "n_stories": len(report.stories),
                "sorts": SORTS,
                "sort_links": [
                    (key, label, "/" + filters.query(sort=key), filters.sort == key)
                    for key, label in SORTS
                ],
                "reasons": list(DISMISS_REASONS.items()),
                "editor": unquote(request.cookies.get(EDITOR_COOKIE, ""))[:80],
                "options": {
                    "kinds": report.kinds,
                    "severities": list(SEVERITIES),
                    "articles": [
                        (a, all_names.get(a, a)) for a in report.cited_articles
                    ],
                },
                "flash": flash_for(
                    report, records, request.query_params.get("saved"), filters
                )
                or bulk_flash(request.query_params),
            },
        )

    def neighbours(
        report: Report, statuses: dict[str, str], current: str, filters: Filters
    ) -> tuple[ReportFinding | None, ReportFinding | None, int, int]:
        shown = visible(report, statuses, filters)
        ids = [i.id for i in shown]
        if current in ids:
            pos = ids.index(current)
            before, after = shown[:pos], shown[pos + 1 :]
            return (
                before[-1] if before else None,
                after[0] if after else None,
                pos + 1,
                len(shown),
            )
        # decided out of the view: the neighbours are those around its place in the
        # full order, among the ones still shown
        order = order_findings(report, list(report.findings), filters.sort)
        place = [i.id for i in order].index(current)
        rank = {i.id: n for n, i in enumerate(order)}
        before = [i for i in shown if rank[i.id] < place]
        after = [i for i in shown if rank[i.id] > place]
        return (
            before[-1] if before else None,
            after[0] if after else None,
            0,
            len(shown),
        )

    def article_meta(report: Report) -> dict[str, ArticleMeta]:
        out = {}
        for a, info in report.articles.items():
            article = service.source.article(a)
            dateline = info.get("dateline") or {}
            out[a] = ArticleMeta(
                name=article.name if article is not None else a,
                published=info.get("published"),
                undated=not info.get("published") and not dateline.get("date"),
                text=article.text if article is not None else None,
            )
        return out

    def finding_chart(
        report: Report, item: ReportFinding
    ) -> tuple[Any, Any, str | None]:
        """(chart, timeline, a note when a chart was expected but cannot be drawn)."""
        kind = item.finding.kind
        if kind not in CHART_KINDS and kind not in TIMELINE_KINDS:
            return None, None, None
        claims = service.source.claims()
        meta = article_meta(report)
        if kind in TIMELINE_KINDS:
            timeline = build_timeline(item.finding, claims, meta)
            return None, timeline, None if timeline else "No timeline: no cited day."
        chart = build_chart(item.finding, claims, meta)
        if chart is not None:
            return chart, None, None
        if claims is None:
            return None, None, "No chart: claims.jsonl is missing from the report."
        return None, None, "No chart: the cited values are not numbers the run read."

    @app.get("/finding/{fingerprint}", response_class=HTMLResponse)
    def finding_page(request: Request, fingerprint: str) -> Response:
        """One finding: evidence in context, values, chart, history, decision form."""
        filters = Filters.from_mapping(request.query_params)
        report = service.report()
        item = report.by_id.get(fingerprint)
        if item is None:
            raise StarletteHTTPException(
                404,
                f"No finding {fingerprint} in this report. It may have gone in a "
                "later run; the queue lists the current ones.",
            )
        records, statuses = service.statuses(report)
        record = records.get(fingerprint) or _unregistered(fingerprint)
        prev, nxt, position, count = neighbours(report, statuses, fingerprint, filters)
        q = filters.query()
        chart, timeline, chart_note = finding_chart(report, item)
        editor = unquote(request.cookies.get(EDITOR_COOKIE, ""))[:80]
        return render(
            request,
            "finding.html.j2",
            {
                "item": item,
                "record": record,
                "filters": filters,
                "queue_query": q,
                "nav": {
                    "queue_href": "/" + q,
                    "prev": f"/finding/{quote(prev.id)}{q}" if prev else None,
                    "next": f"/finding/{quote(nxt.id)}{q}" if nxt else None,
                    "position": position,
                    "count": count,
                },
                "columns": evidence_columns(item, service.source),
                "chart": chart,
                "timeline": timeline,
                "chart_note": chart_note,
                "progress": progress(statuses),
                "story": report.story(item),
                "history": list(reversed(service.store.history(fingerprint))),
                "reasons": list(DISMISS_REASONS.items()),
                "editor": editor,
                "flash": flash_for(
                    report, records, request.query_params.get("saved"), filters
                )
                or bulk_flash(request.query_params),
            },
        )

    @app.post("/finding/{fingerprint}/decision")
    def decide(
        request: Request,
        fingerprint: str,
        action: Annotated[str, Form()],
        version: Annotated[int, Form()],
        csrf: Annotated[str, Form()] = "",
        editor: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        kind: Annotated[str, Form()] = "",
        severity: Annotated[str, Form()] = "",
        article: Annotated[str, Form()] = "",
        status: Annotated[str, Form()] = "",
    ) -> Response:
        """Record confirm / dismiss / reopen made on the page showing ``version``."""
        check_csrf(request, csrf)
        filters = Filters.from_mapping(
            {"kind": kind, "severity": severity, "article": article, "status": status}
        )
        report = service.report()
        if fingerprint not in report.by_id:
            raise StarletteHTTPException(
                404, f"No finding {fingerprint} in this report; nothing was recorded."
            )
        _, statuses = service.statuses(report)
        _, nxt, _, _ = neighbours(report, statuses, fingerprint, filters)
        finding_href = f"/finding/{quote(fingerprint)}{filters.query()}"
        attempted = {
            "action": action,
            "reason": DISMISS_REASONS.get(reason, ""),
            "editor": editor,
            "note": note,
            "version": version,
        }
        before = service.store.get(fingerprint)
        try:
            after = service.store.decide(
                fingerprint,
                action,
                editor=editor,
                expected_version=version,
                reason=reason or None,
                note=note,
            )
        except StaleVersion as err:
            current = err.current if isinstance(err.current, ReviewRecord) else None
            return error_page(
                request,
                409,
                "Someone else decided first",
                f"This finding changed after you opened it: you saw version {version}, "
                f"it is now at version {getattr(current, 'version', '?')}. Your "
                "decision was not applied, so nothing was overwritten. Look at the "
                "finding again and decide with its current state in view.",
                current=current,
                attempted=attempted,
                links=[
                    (finding_href, "Open the finding again"),
                    ("/" + filters.query(), "Back to the queue"),
                ],
            )
        except UnknownFinding as err:
            raise StarletteHTTPException(404, str(err)) from err
        except DecisionError as err:
            return error_page(
                request,
                422,
                "The decision was not recorded",
                f"{err}.",
                attempted=attempted,
                links=[(finding_href, "Back to the finding")],
            )
        remember_decision(request, [(before, after)], f"{after.status} 1 finding")
        params = {**filters.params(), "saved": fingerprint}
        target = f"/finding/{quote(nxt.id)}" if nxt else "/"
        response = RedirectResponse(f"{target}?{urlencode(params)}", status_code=303)
        response.set_cookie(
            EDITOR_COOKIE,
            quote(" ".join(editor.split())[:80]),
            max_age=365 * 24 * 3600,
            samesite="strict",
            path="/",
        )
        return response

    # ------------------------------------------------------------- undo, bulk

    def remember_decision(
        request: Request,
        changes: list[tuple[ReviewRecord | None, ReviewRecord]],
        what: str,
    ) -> None:
        """Keep what ``changes`` replaced, so this browser can undo them in one go."""
        session = request.cookies.get(CSRF_COOKIE, "")
        steps = tuple(
            UndoStep(
                after.fingerprint,
                after.version,
                before.status if before else "open",
                before.reason if before else None,
                before.note if before else None,
            )
            for before, after in changes
        )
        service.remember(session, UndoBatch(steps, what))

    def bulk_flash(params: Mapping[str, str]) -> dict[str, str] | None:
        """The message after a bulk decision or an undo (counts in the query string)."""

        def count(key: str) -> int:
            value = str(params.get(key, ""))
            return int(value) if value.isdigit() else 0

        done, stale, undone = count("done"), count("stale"), count("undone")
        if not (done or stale or undone or "done" in params or "undone" in params):
            return None
        if "undone" in params:
            text = f"Undone: {undone} finding{'' if undone == 1 else 's'} put back as before."
        else:
            action = {"confirm": "Confirmed", "dismiss": "Dismissed"}.get(
                str(params.get("action", "")), "Decided"
            )
            text = f"{action} {done} finding{'' if done == 1 else 's'}."
        if stale:
            one = stale == 1
            text += (
                f" {stale} had changed since the page was loaded (another editor, or "
                f"a later decision) and {'was' if one else 'were'} left as "
                f"{'it is' if one else 'they are'}."
            )
        return {"message": text, "href": ""}

    @app.post("/bulk")
    def bulk_decide(
        request: Request,
        action: Annotated[str, Form()],
        ids: Annotated[list[str], Form()],
        csrf: Annotated[str, Form()] = "",
        editor: Annotated[str, Form()] = "",
        reason: Annotated[str, Form()] = "",
        note: Annotated[str, Form()] = "",
        kind: Annotated[str, Form()] = "",
        severity: Annotated[str, Form()] = "",
        article: Annotated[str, Form()] = "",
        status: Annotated[str, Form()] = "",
        q: Annotated[str, Form()] = "",
        sort: Annotated[str, Form()] = "",
    ) -> Response:
        """Confirm or dismiss (with one reason) every selected finding; each is
        decided on the version the queue showed, so none overwrites a newer one."""
        check_csrf(request, csrf)
        filters = Filters.from_mapping(
            {"kind": kind, "severity": severity, "article": article,
             "status": status, "q": q, "sort": sort}
        )  # fmt: skip
        queue_href = "/" + filters.query()
        if action not in ("confirm", "dismiss"):
            return error_page(
                request, 422, "The decision was not recorded",
                f"A selection can be confirmed or dismissed, not '{action}'.",
                links=[(queue_href, "Back to the queue")],
            )  # fmt: skip
        report = service.report()
        wanted: list[tuple[str, int]] = []
        for raw in ids:
            fingerprint, _, version = raw.partition(":")
            if fingerprint in report.by_id and version.isdigit():
                wanted.append((fingerprint, int(version)))
        if not wanted:
            return error_page(
                request, 422, "Nothing was selected",
                "Tick the findings to decide on first; nothing was recorded.",
                links=[(queue_href, "Back to the queue")],
            )  # fmt: skip
        changes: list[tuple[ReviewRecord | None, ReviewRecord]] = []
        stale = 0
        for fingerprint, version in wanted:
            before = service.store.get(fingerprint)
            try:
                after = service.store.decide(
                    fingerprint,
                    action,
                    editor=editor,
                    expected_version=version,
                    reason=reason or None,
                    note=note,
                )
            except (StaleVersion, UnknownFinding):
                stale += 1
                continue
            except DecisionError as err:
                if changes:  # pragma: no cover - the same fields passed for the first
                    break
                return error_page(
                    request, 422, "The decision was not recorded", f"{err}.",
                    attempted={"action": action, "reason": DISMISS_REASONS.get(reason, ""),
                               "editor": editor, "note": note, "version": version},
                    links=[(queue_href, "Back to the queue")],
                )  # fmt: skip
            changes.append((before, after))
        verb = "confirmed" if action == "confirm" else "dismissed"
        remember_decision(
            request,
            changes,
            f"{verb} {len(changes)} finding{'' if len(changes) == 1 else 's'}",
        )
        params = {**filters.params(), "done": str(len(changes)), "action": action}
        if stale:
            params["stale"] = str(stale)
        response = RedirectResponse(f"/?{urlencode(params)}", status_code=303)
        response.set_cookie(
            EDITOR_COOKIE,
            quote(" ".join(editor.split())[:80]),
            max_age=365 * 24 * 3600,
            samesite="strict",
            path="/",
        )
        return response

    @app.post("/undo")
    def undo_last(
        request: Request,
        csrf: Annotated[str, Form()] = "",
        editor: Annotated[str, Form()] = "",
        back: Annotated[str, Form()] = "/",
    ) -> Response:
        """Put back what this browser's last decision changed (one finding or a
        selection), where nobody has changed it since."""
        check_csrf(request, csrf)
        session = request.cookies.get(CSRF_COOKIE, "")
        batch = service.forget_decision(session)
        target = back if back.startswith("/") and not back.startswith("//") else "/"
        if batch is None:
            return error_page(
                request, 409, "Nothing to undo",
                "This browser has no decision left to undo (it was undone already, "
                "or the review app restarted since).",
                links=[(target, "Back")],
            )  # fmt: skip
        name = " ".join(
            (editor or unquote(request.cookies.get(EDITOR_COOKIE, ""))).split()
        )
        undone = stale = 0
        for step in batch.steps:
            current = service.store.get(step.fingerprint)
            if current is None or current.version != step.version:
                stale += 1
                continue
            try:
                service.store.decide(
                    step.fingerprint,
                    RESTORE_ACTION[step.status],
                    editor=name or current.updated_by or "unknown",
                    expected_version=step.version,
                    reason=step.reason,
                    note=step.note,
                    history_action="undo",
                )
            except (StaleVersion, DecisionError, UnknownFinding):
                stale += 1
                continue
            undone += 1
        path, _, query = target.partition("?")
        if len(batch.steps) == 1:  # back to the finding that was put back
            path = f"/finding/{quote(batch.steps[0].fingerprint)}"
        params = [
            (k, v)
            for k, v in _query_pairs(query)
            if k not in ("saved", "done", "stale", "undone", "action")
        ]
        params += [("undone", str(undone))] + ([("stale", str(stale))] if stale else [])
        return RedirectResponse(f"{path}?{urlencode(params)}", status_code=303)

    @app.get("/report", response_class=HTMLResponse)
    def report_file(request: Request) -> Response:
        """The run's report.html, so the app and the report link to each other."""
        path = report_dir / "report.html"
        try:
            html = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise StarletteHTTPException(
                404,
                f"No readable report.html in {report_dir} ({getattr(err, 'strerror', None) or err}); "
                "'crosscheck run ARTICLES --out FOLDER' writes it.",
            ) from err
        return HTMLResponse(html, headers=SECURITY_HEADERS)

    @app.get("/article/{article_id}", response_class=HTMLResponse)
    def article_page(request: Request, article_id: str, f: str = "") -> Response:
        """A whole article, every cited span marked; the chosen finding's in yellow."""
        report = service.report()
        article = service.source.article(article_id)
        if article is None:
            raise StarletteHTTPException(
                404, f"No article {article_id} in this report."
            )
        current = report.by_id.get(f)
        marks: list[Mark] = []
        orphans: list[dict[str, str]] = []
        citing = [i for i in report.findings if article_id in i.articles]
        for item in citing:
            is_current = current is not None and item.id == current.id
            for n, ev in enumerate(item.finding.evidence, start=1):
                if ev.article != article_id:
                    continue
                title = (
                    f"{item.finding.kind} · {item.finding.rule} · "
                    + evidence_title(n, ev)
                )
                found = locate(article.text, ev) if article.text is not None else None
                if found is None:
                    orphans.append({"text": ev.text, "title": title})
                    continue
                marks.append(
                    Mark(
                        found[0],
                        found[1],
                        str(n),
                        title,
                        is_current,
                        href=f"/finding/{quote(item.id)}",
                        anchor=f"e{n}" if is_current else None,
                    )
                )
        # the current finding's marks first, so overlapping segments link to it
        marks.sort(key=lambda m: (not m.current, m.start))
        paras = []
        if article.text is not None:
            paras = [
                segments(article.text, a, b, marks) for a, b in paragraphs(article.text)
            ]
        return render(
            request,
            "article.html.j2",
            {
                "article": article,
                "current": current,
                "paragraphs": paras,
                "orphan_marks": orphans,
                "n_findings": len(citing),
            },
        )

    return app


def _query_pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=False)


def _unregistered(fingerprint: str) -> ReviewRecord:
    """A stand-in record for a finding the store has not registered (yet)."""
    return ReviewRecord(fingerprint, "open", 0, None, None, None, None, "", "")


__all__ = ["CSP", "Filters", "ReviewService", "create_app"]
