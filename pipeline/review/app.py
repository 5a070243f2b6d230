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
from collections import Counter
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
from pipeline.review.chart import CHART_KINDS, build_chart
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

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Filters:
        status = str(data.get("status") or "open")
        if status not in (*REVIEW_STATES, "all"):
            status = "open"
        return cls(
            kind=str(data.get("kind") or ""),
            severity=str(data.get("severity") or ""),
            article=str(data.get("article") or ""),
            status=status,
        )

    @property
    def narrowed(self) -> bool:
        return bool(self.kind or self.severity or self.article)

    def params(self, **changes: str) -> dict[str, str]:
        values = {
            "kind": self.kind,
            "severity": self.severity,
            "article": self.article,
            "status": self.status,
        }
        values.update(changes)
        return {
            k: v for k, v in values.items() if v and not (k == "status" and v == "open")
        }

    def query(self, **changes: str) -> str:
        params = self.params(**changes)
        return f"?{urlencode(params)}" if params else ""

    def hidden(self) -> list[tuple[str, str]]:
        return list(self.params().items())

    def matches(
        self, item: ReportFinding, status: str, *, any_status: bool = False
    ) -> bool:
        f = item.finding
        return (
            (not self.kind or f.kind == self.kind)
            and (not self.severity or f.severity == self.severity)
            and (not self.article or self.article in item.articles)
            and (any_status or self.status == "all" or status == self.status)
        )


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
        self.report()

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
            report_label=report_label, csrf=token, **context
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

    @app.get("/", response_class=HTMLResponse)
    def queue(request: Request) -> Response:
        """The findings of the run, filtered and sorted by severity."""
        filters = Filters.from_mapping(request.query_params)
        report = service.report()
        records, statuses = service.statuses(report)
        narrowed = [
            i
            for i in report.findings
            if filters.matches(i, statuses[i.id], any_status=True)
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
        rows = [
            {
                "item": i,
                "record": records.get(i.id) or _unregistered(i.id),
                "href": f"/finding/{quote(i.id)}{filters.query()}",
            }
            for i in narrowed
            if filters.matches(i, statuses[i.id])
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
                "n_articles": len(report.articles),
                "options": {
                    "kinds": report.kinds,
                    "severities": list(SEVERITIES),
                    "articles": report.cited_articles,
                },
                "flash": flash_for(
                    report, records, request.query_params.get("saved"), filters
                ),
            },
        )

    def neighbours(
        report: Report, statuses: dict[str, str], current: str, filters: Filters
    ) -> tuple[ReportFinding | None, ReportFinding | None, int, int]:
        order = report.findings
        pos = next(n for n, i in enumerate(order) if i.id == current)
        visible = [n for n, i in enumerate(order) if filters.matches(i, statuses[i.id])]
        before = [n for n in visible if n < pos]
        after = [n for n in visible if n > pos]
        position = visible.index(pos) + 1 if pos in visible else 0
        return (
            order[before[-1]] if before else None,
            order[after[0]] if after else None,
            position,
            len(visible),
        )

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
        chart = chart_note = None
        if item.finding.kind in CHART_KINDS:
            claims = service.source.claims()
            published = {
                k: v.get("published") or (v.get("dateline") or {}).get("date")
                for k, v in report.articles.items()
            }
            chart = build_chart(item.finding, claims, published)
            if chart is None:
                chart_note = (
                    "No chart: claims.jsonl is missing from the report."
                    if claims is None
                    else "No chart: no other value in the batch shares this "
                    "subject and measure."
                )
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
                "chart_note": chart_note,
                "history": list(reversed(service.store.history(fingerprint))),
                "reasons": list(DISMISS_REASONS.items()),
                "editor": editor,
                "flash": flash_for(
                    report, records, request.query_params.get("saved"), filters
                ),
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
        try:
            service.store.decide(
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


def _unregistered(fingerprint: str) -> ReviewRecord:
    """A stand-in record for a finding the store has not registered (yet)."""
    return ReviewRecord(fingerprint, "open", 0, None, None, None, None, "", "")


__all__ = ["CSP", "Filters", "ReviewService", "create_app"]
