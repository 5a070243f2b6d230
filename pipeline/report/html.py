"""report.html: self-contained (inline CSS, no scripts, no outside resources), every
article word escaped by Jinja2's autoescape. Findings are grouped by story, each
story's articles named once by their headlines."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from pipeline.evaluate import score_text
from pipeline.report.context import report_view

_env = Environment(
    loader=PackageLoader("pipeline", "report/templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["score"] = score_text


def render_html(result, eval_section: dict | None = None) -> str:
    return _env.get_template("report.html.j2").render(
        view=report_view(result),
        errors=result.errors,
        n_claims=len(result.claims),
        eval=eval_section,
    )
