"""report.html: self-contained (inline CSS, no scripts, no outside resources), every
article word escaped by Jinja2's autoescape."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline.report.context import by_article, grouped, snippets

_env = Environment(
    loader=PackageLoader("pipeline", "report/templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(result, eval_section: dict | None = None) -> str:
    texts = result.texts
    shown = [f for f in result.findings if f.review != "dismissed"]
    dismissed = [f for f in result.findings if f.review == "dismissed"]
    groups = [
        (severity, [(f, by_article(snippets(f, texts))) for f in findings])
        for severity, findings in grouped(shown)
    ]
    return _env.get_template("report.html.j2").render(
        groups=groups,
        dismissed=[(f, by_article(snippets(f, texts))) for f in dismissed],
        articles=result.articles,
        errors=result.errors,
        n_claims=len(result.claims),
        n_shown=len(shown),
        eval=eval_section,
    )
