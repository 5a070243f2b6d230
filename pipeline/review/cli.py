"""``crosscheck review`` (serve the review app) and ``crosscheck review export``
(decisions back to gold). Wired into the main app with
``app.add_typer(review_app, name="review")``."""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path
from typing import Annotated

import typer

from pipeline.review.errors import ReviewError, ReviewErrors

review_app = typer.Typer(
    add_completion=False,
    help="Review findings in the browser and export the decisions to gold.",
    pretty_exceptions_enable=False,
)

EXIT_USAGE = 2
#: Where 'crosscheck review' listens unless told otherwise, and so what report.html
#: links to after 'crosscheck run --db'.
DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 8765
DEFAULT_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"

ReportOption = Annotated[
    Path,
    typer.Option(
        "--report",
        help="Report folder holding findings.json (from 'crosscheck run --out').",
        show_default=True,
    ),
]
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        help="Review database, created when missing (default: REPORT/review.sqlite3).",
    ),
]


def _fail(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _check_port(host: str, port: int) -> None:
    """Fail with one line when the address cannot be bound (uvicorn would only log)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as err:
            _fail(
                ReviewErrors.E056.format(
                    host=host, port=port, reason=err.strerror or err
                )
            )


@review_app.callback(invoke_without_command=True)
def review(
    ctx: typer.Context,
    report: ReportOption = Path("reports"),
    db: DbOption = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            help="Address to listen on; "
            "keep the loopback default unless every "
            "machine that can reach it is trusted.",
        ),
    ] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = DEFAULT_PORT,
) -> None:
    """Serve the review app for REPORT/findings.json on http://HOST:PORT/."""
    if ctx.invoked_subcommand is not None:
        return
    import uvicorn

    from pipeline.review.app import LOOPBACK_HOSTS, create_app

    db_path = db or report / "review.sqlite3"
    allowed = set(LOOPBACK_HOSTS) | {host}
    if host in ("0.0.0.0", "::", ""):
        allowed_hosts = None
        typer.echo(
            f"warning: listening on every interface ({host or 'all'}): anyone "
            "who can reach this machine can record decisions",
            err=True,
        )
    else:
        allowed_hosts = allowed
        if not _is_loopback(host):
            typer.echo(
                f"warning: listening on {host}, not loopback: anyone who can "
                "reach it can record decisions",
                err=True,
            )
    try:
        app = create_app(report, db_path, allowed_hosts=allowed_hosts)
    except ReviewError as err:
        _fail(str(err))
    _check_port(host, port)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(
        f"crosscheck review: http://{shown}:{port}/  (report {report}, also at "
        f"http://{shown}:{port}/report; decisions in {db_path}; Ctrl+C to stop)",
        err=True,
    )
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


#: Where ``review export`` writes by default, inside the report folder: a gold set of
#: its own, never one that ``crosscheck eval --gold gold/`` already scores.
EXPORT_FOLDER = "review-gold"


@review_app.command("export")
def export(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Folder for the exported gold set (OUT/gold.json, merged with what "
            "is there); default REPORT/review-gold. Score it with "
            "'crosscheck eval --gold OUT'.",
        ),
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold",
            help="Add the decisions to this gold folder instead, as its 'review' "
            "set (GOLD/review/gold.json): every later 'crosscheck eval --gold GOLD' "
            "scores them with the other sets.",
        ),
    ] = None,
    db: DbOption = None,
    report: ReportOption = Path("reports"),
) -> None:
    """Write confirmed findings as gold findings and dismissed ones as traps."""
    from pipeline.review.export import export_gold

    if out is not None and gold is not None:
        _fail(
            "give --out (a gold set of its own) or --gold (into a gold folder), not both"
        )
    target = gold / "review" if gold is not None else out or report / EXPORT_FOLDER
    db_path = db or report / "review.sqlite3"
    if not db_path.is_file():
        _fail(
            f"{db_path}: no review database here; pass --db (decisions are "
            "recorded by 'crosscheck review' or 'crosscheck run --db')"
        )
    try:
        summary = export_gold(target, db_path, report)
    except ReviewError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"cannot write {target / 'gold.json'}: {err.strerror or err}")
    for line in summary.skipped:
        typer.echo(f"skipped {line}", err=True)
    typer.echo(
        f"wrote {summary.line()}" if summary.written else summary.line(), err=True
    )
    if summary.written:
        scored = gold if gold is not None else target
        typer.echo(
            f"score the run against it: crosscheck eval --gold {scored}", err=True
        )
