"""What the human-readable reports show: findings by severity, each evidence span in
its sentence, with the article's words around it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.findings import SEVERITIES, SEVERITY_ORDER, Finding


@dataclass(frozen=True)
class Snippet:
    article: str
    before: str
    words: str
    after: str
    start: int
    end: int
    value: str | None


_ABBREV_END = re.compile(
    r"\b(?:[A-Z]|No|Sept?|Aug|Jan|Feb|Mar|Apr|Jun|Jul|Oct|Nov|Dec|U\.S|Mr|Ms|Mrs|Dr|St|Gen|Gov)\.$"
)


def _sentence_end_at(text: str, i: int) -> bool:
    """True when text[i] ends a sentence (a full stop not closing an abbreviation)."""
    if text[i] == "\n":
        return True
    if text[i] not in ".!?":
        return False
    if i + 1 < len(text) and not text[i + 1].isspace():
        return False
    return not _ABBREV_END.search(text[max(0, i - 5) : i + 1])


def sentence_around(
    text: str, start: int, end: int, limit: int = 220
) -> tuple[int, int]:
    """Bounds of the sentence holding [start, end), at most ``limit`` characters a side."""
    a = start
    while a > 0 and start - a < limit and not _sentence_end_at(text, a - 1):
        a -= 1
    b = end
    while b < len(text) and b - end < limit:
        b += 1
        if _sentence_end_at(text, b - 1):
            break
    return a, b


def snippets(finding: Finding, texts: dict[str, str]) -> list[Snippet]:
    out = []
    for e in finding.evidence:
        text = texts.get(e.article, "")
        a, b = sentence_around(text, e.start, e.end)
        before, after = text[a : e.start].lstrip(), text[e.end : b].rstrip()
        if a > 0 and not _sentence_end_at(text, a - 1):
            # cut mid-sentence: start at a word and say so
            before = "…" + before.split(" ", 1)[1] if " " in before else "…" + before
        if b < len(text) and not _sentence_end_at(text, b - 1):
            after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
        out.append(
            Snippet(
                e.article, before, text[e.start : e.end], after, e.start, e.end, e.value
            )
        )
    return out


def grouped(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    return [(s, [f for f in findings if f.severity == s]) for s in SEVERITIES]


def by_article(snips: list[Snippet]) -> list[tuple[str, list[Snippet]]]:
    order: list[str] = []
    groups: dict[str, list[Snippet]] = {}
    for s in snips:
        if s.article not in groups:
            order.append(s.article)
            groups[s.article] = []
        groups[s.article].append(s)
    return [(a, groups[a]) for a in order]


# ------------------------------------------------------------------ articles, stories

#: How much of an article's first sentence names it when it has no headline.
LEDE_CHARS = 70


def lede(article) -> str:
    """The opening words of the body (after the header lines and the dateline), cut
    at a word near LEDE_CHARS characters: what names an article without a headline."""
    start = article.header_end or 0
    if article.dateline is not None and article.dateline.end > start:
        start = article.dateline.end
    return lede_text(article.text or "", start)


def lede_text(text: str, start: int = 0) -> str:
    """The first sentence of ``text`` from ``start``, cut near LEDE_CHARS characters."""
    body = " ".join(text[start : start + 4 * LEDE_CHARS].split())
    for n, ch in enumerate(body):
        if ch in ".!?" and (n + 1 == len(body) or body[n + 1] == " ") and n > 20:
            body = body[: n + 1]
            break
    if len(body) <= LEDE_CHARS:
        return body
    cut = body.rfind(" ", 0, LEDE_CHARS)
    return body[: cut if cut > 20 else LEDE_CHARS].rstrip(" ,;:") + "…"


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as the reports name it: its headline, else its opening words."""

    id: str
    title: str
    is_headline: bool
    path: str
    published: str | None
    dateline: str | None
    dateline_date: str | None


def article_view(article) -> ArticleView:
    headline = getattr(article, "headline", None)
    dateline = article.dateline
    return ArticleView(
        id=article.id,
        title=headline or lede(article) or article.id,
        is_headline=bool(headline),
        path=article.path,
        published=article.published,
        dateline=dateline.text if dateline else None,
        dateline_date=dateline.date if dateline else None,
    )


@dataclass(frozen=True, slots=True)
class Story:
    """Articles the run compares with each other, and what names them."""

    id: str
    label: str
    given: bool
    articles: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "articles": list(self.articles),
            "label": self.label,
            "given": self.given,
        }


def stories_of(result) -> list[Story]:
    """The run's stories in the order of their first article, each labelled with the
    first headline among its articles (else the first article's opening words).

    ``result.stories`` maps article id -> story id (an article missing there is a story
    of its own); ``result.given_stories`` (a set of story ids, optional) says which
    stories the input gave rather than the grouping found.
    """
    assignment = getattr(result, "stories", None) or {}
    given = getattr(result, "given_stories", None) or set()
    members: dict[str, list] = {}
    for article in result.articles:
        members.setdefault(assignment.get(article.id, article.id), []).append(article)
    out = []
    for story_id, articles in members.items():
        headed = next((a for a in articles if getattr(a, "headline", None)), None)
        label = headed.headline if headed else article_view(articles[0]).title
        out.append(
            Story(
                id=str(story_id),
                label=label,
                given=story_id in given,
                articles=tuple(a.id for a in articles),
            )
        )
    return out


# ------------------------------------------------------------------ review state


@dataclass(frozen=True, slots=True)
class ReviewNote:
    """Who decided on a finding, when, and why, as the reports say it."""

    status: str
    editor: str | None = None
    at: str | None = None
    reason: str | None = None
    note: str | None = None

    @property
    def when(self) -> str:
        return self.at[:10] if self.at else ""

    @property
    def summary(self) -> str:
        """'Dismissed by Ann on 2025-03-04: Update over time (the toll rose).'"""
        if self.status == "open":
            return "Open, not reviewed yet"
        head = self.status.capitalize()
        if self.editor:
            head += f" by {self.editor}"
        if self.when:
            head += f" on {self.when}"
        why = self.reason or ""
        if self.note:
            why = f"{why} ({self.note})" if why else self.note
        return head + (f": {why}" if why else "")


def review_notes(result) -> dict[str, ReviewNote]:
    """finding id -> its review note, from ``result.reviews`` (finding id -> a review
    record with status, updated_by, updated_at, reason_label and note), which
    ``crosscheck run --db`` sets; findings without one get their bare status."""
    records = getattr(result, "reviews", None) or {}
    notes = {}
    for f in result.findings:
        r = records.get(f.id)
        if r is None:
            notes[f.id] = ReviewNote(f.review)
            continue
        notes[f.id] = ReviewNote(
            status=f.review,
            editor=getattr(r, "updated_by", None),
            at=getattr(r, "updated_at", None),
            reason=getattr(r, "reason_label", None),
            note=getattr(r, "note", None),
        )
    return notes


def review_link(result, finding_id: str) -> str | None:
    """The finding's page in the review app, when the run used ``--db``
    (``result.review_url``, the app's address)."""
    base = getattr(result, "review_url", None)
    if not base:
        return None
    from urllib.parse import quote

    return f"{base.rstrip('/')}/finding/{quote(finding_id)}"


def story_of_finding(finding: Finding, assignment: dict[str, str]) -> str:
    first = finding.evidence[0].article if finding.evidence else ""
    return assignment.get(first, first)


# ------------------------------------------------------------------ the report's view


@dataclass(frozen=True, slots=True)
class FindingView:
    """A finding with its quoted evidence by article, its review state and its page
    in the review app."""

    finding: Finding
    columns: list[tuple[ArticleView, list[Snippet]]]
    review: ReviewNote
    link: str | None


@dataclass(frozen=True, slots=True)
class StoryView:
    story: Story
    articles: list[ArticleView]
    findings: list[FindingView]

    @property
    def severities(self) -> list[tuple[str, int]]:
        counts = [
            (s, sum(f.finding.severity == s for f in self.findings)) for s in SEVERITIES
        ]
        return [(s, n) for s, n in counts if n]


@dataclass(frozen=True, slots=True)
class ReportView:
    """What report.html and report.md show, in the order they show it."""

    stories: list[StoryView]  # stories with findings to review, worst first
    quiet: list[StoryView]  # stories with none
    dismissed: list[FindingView]
    articles: list[ArticleView]
    n_stories: int
    shown: int
    severities: list[tuple[str, int]]
    reviewed: int
    total: int
    review_url: str | None

    @property
    def quiet_articles(self) -> int:
        return sum(len(b.articles) for b in self.quiet)


def report_view(result) -> ReportView:
    """Group the run's findings by story, each story's articles listed once."""
    texts = result.texts
    views = {a.id: article_view(a) for a in result.articles}
    notes = review_notes(result)
    stories = stories_of(result)
    assignment = {a: s.id for s in stories for a in s.articles}

    def view(f: Finding) -> FindingView:
        columns = [
            (views.get(a) or _unknown_article(a), snips)
            for a, snips in by_article(snippets(f, texts))
        ]
        return FindingView(f, columns, notes[f.id], review_link(result, f.id))

    shown = [f for f in result.findings if f.review != "dismissed"]
    by_story: dict[str, list[Finding]] = {}
    for f in shown:
        by_story.setdefault(story_of_finding(f, assignment), []).append(f)
    with_findings, quiet = [], []
    for position, s in enumerate(stories):
        found = sorted(
            by_story.get(s.id, []), key=lambda f: SEVERITY_ORDER.get(f.severity, 9)
        )
        block = StoryView(s, [views[a] for a in s.articles], [view(f) for f in found])
        (with_findings if found else quiet).append((position, block))
    with_findings.sort(
        key=lambda pb: (
            min(SEVERITY_ORDER.get(f.finding.severity, 9) for f in pb[1].findings),
            -len(pb[1].findings),
            pb[0],
        )
    )
    reviewed = sum(f.review in ("confirmed", "dismissed") for f in result.findings)
    return ReportView(
        stories=[b for _, b in with_findings],
        quiet=[b for _, b in quiet],
        dismissed=[view(f) for f in result.findings if f.review == "dismissed"],
        articles=list(views.values()),
        n_stories=len(stories),
        shown=len(shown),
        severities=[
            (s, n)
            for s, n in ((s, sum(f.severity == s for f in shown)) for s in SEVERITIES)
            if n
        ],
        reviewed=reviewed,
        total=len(result.findings),
        review_url=getattr(result, "review_url", None),
    )


def _unknown_article(article_id: str) -> ArticleView:
    return ArticleView(article_id, article_id, False, "", None, None, None)
