"""TimeML harness: our temporal expressions scored as TempEval-3 Task A scores them,
on any folder of TimeML documents (TempEval-3 platinum, AQUAINT, TimeBank).

Each ``.tml`` file gives a document creation time (the DCT TIMEX3 with
``functionInDocument="CREATION_TIME"``) and the article text with every temporal
expression tagged inline. The tags are stripped, keeping the character span, type and
``value`` of every TIMEX3; our extractor runs on the plain text with the DCT as the
article's date, and the predictions are scored:

- strict span P/R/F1: the predicted span equals the gold span;
- relaxed span P/R/F1: the spans overlap (each prediction matches at most one gold
  expression and the other way round);
- value P/R/F1: a relaxed match whose normalised value equals the gold ``value``
  string exactly (so value F1 = relaxed F1 x the share of matches with the right
  value). Values are compared as written, as the TempEval-3 scorer does: "2000-W7"
  is not "2000-W07" and "199X" is not "199".

Scores are given over all expressions (types ignored, as TE3 scores spans and values),
per TIMEX3 type (gold and predicted of that type) and, for comparison with the date
claims, for ``find_dates`` alone.

Run ``python -m pipeline.quality.timeml DIR|NAME ... [--json OUT] [--errors]``: each
argument is a folder of ``.tml`` files or the name of a folder under
``shared/benchmarks`` (``te3-platinum``, ``aquaint``), found under
``$CROSSCHECK_BENCHMARKS`` or walking up from the working directory (then from this
file). ``python -m pipeline.quality.te3`` scores TE3 platinum alone, as before.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pipeline.errors import CrosscheckError
from pipeline.quality import write_json

TIMEX_TYPES = ("DATE", "TIME", "DURATION", "SET")
# Where the shared benchmarks live: $CROSSCHECK_BENCHMARKS, else shared/benchmarks
# found walking up from the working directory or this file.
BENCHMARKS_ENV = "CROSSCHECK_BENCHMARKS"
BENCHMARKS_SUBPATH = Path("shared") / "benchmarks"
# The TimeML sets this repository is measured on (README, Quality).
KNOWN_SETS = ("te3-platinum", "aquaint")
# Components after the date extractor add nothing the harness reads.
_UNUSED_PIPES = ("cc_ranks", "cc_quantities", "cc_claims")

E_NO_DIR = (
    "[Q001] TimeML benchmark {name!r} not found: give its folder, set ${env} (a "
    "folder holding {name}/), or run from inside a checkout next to "
    "shared/benchmarks/{name}"
)
E_NOT_DIR = "[Q002] {path}: not a folder"
E_NO_FILES = "[Q003] {path}: no .tml files; expected TimeML documents (TE3, AQUAINT)"
E_NO_DCT = "[Q004] {path}: no document creation time (DCT TIMEX3 with a date value)"
E_NO_TEXT = "[Q005] {path}: no <TEXT> element"


@dataclass(frozen=True, slots=True)
class Timex:
    """One temporal expression: character span in the plain text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tid: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class TimemlDocument:
    name: str
    dct: dt.date
    text: str
    timexes: tuple[Timex, ...]


# ------------------------------------------------------------------ reading TimeML

_TAG = re.compile(r"<(/?)([A-Za-z][\w.-]*)([^>]*?)(/?)>")
_ATTR = re.compile(r'([\w:-]+)\s*=\s*"([^"]*)"')
_DCT = re.compile(r"<TIMEX3\b([^>]*functionInDocument=\"CREATION_TIME\"[^>]*)>")
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def parse_tml(markup: str, name: str = "") -> TimemlDocument:
    """The plain text of a TimeML document's TEXT element and its TIMEX3 spans.

    Args:
        markup: the ``.tml`` file's content.
        name: document name used in errors and reports.

    Returns:
        the document with its DCT, plain text and gold timexes (DCT excluded).

    Raises:
        CrosscheckError: no DCT date or no TEXT element.
    """
    dct_match = _DCT.search(markup)
    dct_value = _attrs(dct_match[1]).get("value", "") if dct_match else ""
    if not re.match(r"\d{4}-\d{2}-\d{2}", dct_value):
        raise CrosscheckError(E_NO_DCT.format(path=name))
    dct = dt.date.fromisoformat(dct_value[:10])
    body = _TEXT.search(markup)
    if body is None:
        raise CrosscheckError(E_NO_TEXT.format(path=name))
    raw = body[1]
    pieces: list[str] = []
    length = 0
    open_timexes: list[tuple[int, dict[str, str]]] = []
    timexes: list[Timex] = []
    pos = 0
    for tag in _TAG.finditer(raw):
        chunk = html.unescape(raw[pos : tag.start()])
        pieces.append(chunk)
        length += len(chunk)
        pos = tag.end()
        if tag[2] != "TIMEX3" or tag[4]:
            continue
        if not tag[1]:
            open_timexes.append((length, _attrs(tag[3])))
        elif open_timexes:
            start, attrs = open_timexes.pop()
            timexes.append(
                Timex(
                    start=start,
                    end=length,
                    text="",  # filled below, once the text is joined
                    type=attrs.get("type", "DATE"),
                    value=attrs.get("value", ""),
                    tid=attrs.get("tid"),
                )
            )
    pieces.append(html.unescape(raw[pos:]))
    text = "".join(pieces)
    gold = tuple(
        sorted(
            (
                Timex(t.start, t.end, text[t.start : t.end], t.type, t.value, t.tid)
                for t in timexes
            ),
            key=lambda t: (t.start, t.end),
        )
    )
    return TimemlDocument(name=name, dct=dct, text=text, timexes=gold)


def load_corpus(directory: str | os.PathLike) -> list[TimemlDocument]:
    """Every ``.tml`` document in ``directory``, sorted by file name."""
    folder = Path(directory)
    if not folder.is_dir():
        raise CrosscheckError(E_NOT_DIR.format(path=folder))
    paths = sorted(folder.glob("*.tml"))
    if not paths:
        raise CrosscheckError(E_NO_FILES.format(path=folder))
    return [parse_tml(p.read_text("utf-8"), p.stem) for p in paths]


def find_benchmark_dir(
    name: str = "te3-platinum",
    start: str | os.PathLike | None = None,
    env: str | None = None,
) -> Path:
    """The folder of the named benchmark: ``$env`` (the folder itself) when given
    and set, else ``$CROSSCHECK_BENCHMARKS/name``, else the first
    ``shared/benchmarks/name`` walking up from ``start`` (default: the working
    directory), then from this file's location.

    Raises:
        CrosscheckError: nothing found.
    """
    if env and os.environ.get(env):
        return Path(os.environ[env])
    shared = os.environ.get(BENCHMARKS_ENV)
    if shared and (Path(shared) / name).is_dir():
        return Path(shared) / name
    origins = [Path(start) if start else Path.cwd(), Path(__file__).resolve()]
    for origin in origins:
        origin = origin.resolve()
        for folder in (origin, *origin.parents):
            candidate = folder / BENCHMARKS_SUBPATH / name
            if candidate.is_dir():
                return candidate
    raise CrosscheckError(E_NO_DIR.format(name=name, env=env or BENCHMARKS_ENV))


def resolve_set(argument: str) -> Path:
    """A folder given on the command line, or the name of a shared benchmark."""
    folder = Path(argument)
    if folder.is_dir() or os.sep in argument or argument in (".", ".."):
        return folder
    return find_benchmark_dir(argument)


# ------------------------------------------------------------------ predicting


def predict_documents(
    documents: Sequence[TimemlDocument], nlp=None, *, only_dates: bool = False
) -> list[list[Timex]]:
    """Our timexes for each document, from the project's spaCy pipeline.

    Args:
        documents: parsed TE3 documents.
        nlp: a Language from ``build_nlp``; built when not given.
        only_dates: score ``find_dates`` alone (date claims), every mention typed DATE.

    Returns:
        one list of predicted timexes per document.
    """
    from pipeline.nlp.dates import find_timexes, timex_value
    from pipeline.nlp.pipeline import build_nlp

    nlp = nlp or build_nlp()
    disable = [name for name in _UNUSED_PIPES if name in nlp.pipe_names]
    docs = []
    for document in documents:
        doc = nlp.make_doc(document.text)
        doc._.cc_base_date = document.dct.isoformat()
        docs.append(doc)
    predictions = []
    with nlp.select_pipes(disable=disable):
        for document, doc in zip(documents, nlp.pipe(docs), strict=True):
            dates = list(doc._.cc_dates or [])
            if only_dates:
                mentions = [dict(d, type="DATE", value=timex_value(d)) for d in dates]
            else:
                entities = [
                    (e.start_char, e.end_char, e.label_)
                    for e in doc.ents
                    if e.label_ in ("DATE", "TIME")
                ]
                mentions = find_timexes(
                    document.text, document.dct, entities=entities, dates=dates
                )
            predictions.append(
                [
                    Timex(m["start"], m["end"], m["text"], m["type"], str(m["value"]))
                    for m in mentions
                ]
            )
    return predictions


# ------------------------------------------------------------------ scoring


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Counts for one slice (all expressions, or one type) and the figures from them."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    value: int = 0
    misses: list[dict] = field(default_factory=list)
    false_positives: list[dict] = field(default_factory=list)
    value_errors: list[dict] = field(default_factory=list)

    def _prf(self, hits: int) -> tuple[float, float, float]:
        p = hits / self.predicted if self.predicted else 0.0
        r = hits / self.gold if self.gold else 0.0
        return p, r, _f1(p, r)

    @property
    def strict_prf(self) -> tuple[float, float, float]:
        return self._prf(self.strict)

    @property
    def relaxed_prf(self) -> tuple[float, float, float]:
        return self._prf(self.relaxed)

    @property
    def value_prf(self) -> tuple[float, float, float]:
        return self._prf(self.value)

    def add(self, other: Scores) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.strict += other.strict
        self.relaxed += other.relaxed
        self.value += other.value
        self.misses += other.misses
        self.false_positives += other.false_positives
        self.value_errors += other.value_errors

    def to_dict(self, errors: bool = True) -> dict:
        out: dict = {"gold": self.gold, "predicted": self.predicted}
        for name in ("strict", "relaxed", "value"):
            p, r, f = getattr(self, f"{name}_prf")
            out[name] = {
                "matches": getattr(self, name),
                "precision": round(100 * p, 2),
                "recall": round(100 * r, 2),
                "f1": round(100 * f, 2),
            }
        out["value_accuracy"] = (
            round(100 * self.value / self.relaxed, 2) if self.relaxed else 0.0
        )
        if errors:
            out["misses"] = self.misses
            out["false_positives"] = self.false_positives
            out["value_errors"] = self.value_errors
        return out


def _overlap(a: Timex, b: Timex) -> int:
    return min(a.end, b.end) - max(a.start, b.start)


def score_document(
    gold: Iterable[Timex], predicted: Iterable[Timex], name: str = ""
) -> Scores:
    """Strict, relaxed and value matches between one document's gold and predictions.

    Matching is one-to-one: overlapping pairs are taken greedily, exact spans first,
    then pairs whose values agree, then by overlap length.
    """
    gold, predicted = list(gold), list(predicted)
    scores = Scores(gold=len(gold), predicted=len(predicted))
    gold_spans = {(g.start, g.end) for g in gold}
    pred_spans = {(p.start, p.end) for p in predicted}
    scores.strict = len(gold_spans & pred_spans)
    pairs = [(g, p) for g in gold for p in predicted if _overlap(g, p) > 0]
    pairs.sort(
        key=lambda gp: (
            (gp[0].start, gp[0].end) != (gp[1].start, gp[1].end),
            gp[0].value != gp[1].value,
            -_overlap(*gp),
            gp[0].start,
        )
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for g, p in pairs:
        if id(g) in used_gold or id(p) in used_pred:
            continue
        used_gold.add(id(g))
        used_pred.add(id(p))
        scores.relaxed += 1
        if g.value == p.value:
            scores.value += 1
        else:
            scores.value_errors.append(
                {"doc": name, "gold": g.to_dict(), "predicted": p.to_dict()}
            )
    scores.misses = [
        {"doc": name, **g.to_dict()} for g in gold if id(g) not in used_gold
    ]
    scores.false_positives = [
        {"doc": name, **p.to_dict()} for p in predicted if id(p) not in used_pred
    ]
    return scores


def score_corpus(
    documents: Sequence[TimemlDocument], predictions: Sequence[Sequence[Timex]]
) -> dict[str, Scores]:
    """Scores over all expressions (``ALL``) and per TIMEX3 type."""
    totals = {key: Scores() for key in ("ALL", *TIMEX_TYPES)}
    for document, predicted in zip(documents, predictions, strict=True):
        totals["ALL"].add(score_document(document.timexes, predicted, document.name))
        for kind in TIMEX_TYPES:
            totals[kind].add(
                score_document(
                    [t for t in document.timexes if t.type == kind],
                    [t for t in predicted if t.type == kind],
                    document.name,
                )
            )
    return totals


@dataclass
class TimemlReport:
    """Scores of one TimeML set."""

    name: str  # the set's folder name: te3-platinum, aquaint, ...
    directory: str
    documents: int
    seconds: float
    scores: dict[str, Scores]
    dates_only: Scores

    def to_dict(self, errors: bool = True) -> dict:
        return {
            "benchmark": self.name,
            "directory": self.directory,
            "documents": self.documents,
            "seconds": round(self.seconds, 2),
            "scores": {k: s.to_dict(errors) for k, s in self.scores.items()},
            "find_dates": self.dates_only.to_dict(errors),
        }


def evaluate(directory: str | os.PathLike | None = None, nlp=None) -> TimemlReport:
    """Run the extractor over a folder of TimeML documents and score it.

    Args:
        directory: the benchmark folder (default: TE3 platinum,
            ``find_benchmark_dir()``).
        nlp: a Language from ``build_nlp`` (built when not given).

    Returns:
        scores over all expressions, per type, and for ``find_dates`` alone.

    Raises:
        CrosscheckError: no such folder, no ``.tml`` files, or a document without a
            creation time or text.
    """
    folder = Path(directory) if directory else find_benchmark_dir()
    documents = load_corpus(folder)
    started = time.perf_counter()
    predictions = predict_documents(documents, nlp)
    seconds = time.perf_counter() - started
    scores = score_corpus(documents, predictions)
    dates_only = score_corpus(
        documents, predict_documents(documents, nlp, only_dates=True)
    )["ALL"]
    return TimemlReport(
        folder.resolve().name, str(folder), len(documents), seconds, scores, dates_only
    )


# ------------------------------------------------------------------ CLI


def format_table(report: TimemlReport) -> str:
    header = (
        f"{'slice':<12}{'gold':>5}{'pred':>6}  {'strict F1':>9}  "
        f"{'relaxed P':>9}{'R':>7}{'F1':>7}  {'value P':>8}{'R':>7}{'F1':>7}"
        f"{'acc':>7}"
    )
    lines = [
        f"{report.name}: {report.documents} documents, {report.directory}",
        header,
        "-" * len(header),
    ]
    rows = [*report.scores.items(), ("find_dates", report.dates_only)]
    for name, s in rows:
        sp, rp, vp = s.strict_prf, s.relaxed_prf, s.value_prf
        acc = 100 * s.value / s.relaxed if s.relaxed else 0.0
        lines.append(
            f"{name:<12}{s.gold:>5}{s.predicted:>6}  {100 * sp[2]:>9.1f}  "
            f"{100 * rp[0]:>9.1f}{100 * rp[1]:>7.1f}{100 * rp[2]:>7.1f}  "
            f"{100 * vp[0]:>8.1f}{100 * vp[1]:>7.1f}{100 * vp[2]:>7.1f}{acc:>7.1f}"
        )
    lines.append(
        "find_dates: date mentions alone, scored against all gold expressions "
        f"(extraction took {report.seconds:.1f} s)"
    )
    return "\n".join(lines)


def format_errors(scores: Scores) -> str:
    lines = []
    for e in scores.misses:
        lines.append(
            f"MISS   {e['doc']:<34} {e['type']:<8} {e['text']!r} = {e['value']}"
        )
    for e in scores.false_positives:
        lines.append(
            f"EXTRA  {e['doc']:<34} {e['type']:<8} {e['text']!r} = {e['value']}"
        )
    for e in scores.value_errors:
        g, p = e["gold"], e["predicted"]
        lines.append(
            f"VALUE  {e['doc']:<34} {g['type']:<8} {g['text']!r} = {g['value']}"
            f"  got {p['text']!r} = {p['value']}"
        )
    return "\n".join(lines)


def run_cli(
    sets: Sequence[str],
    json_out: str | None = None,
    errors: bool = False,
    nested: bool = True,
) -> int:
    """Score each set, print its table (and errors), write the JSON report.

    Args:
        sets: folders or names of shared benchmarks.
        json_out: where to write the reports (a dict keyed by set name when
            ``nested``, else the one set's report).
        errors: print every miss, extra and wrong value.

    Returns:
        the exit code: 0, or 2 when a set could not be read.
    """
    reports = {}
    nlp = None
    try:
        for argument in sets:
            folder = resolve_set(argument)
            if nlp is None:
                from pipeline.nlp.pipeline import build_nlp

                load_corpus(folder)  # a bad folder fails before the model loads
                nlp = build_nlp()
            report = evaluate(folder, nlp)
            reports[report.name] = report
            print(format_table(report))
            if errors:
                print(format_errors(report.scores["ALL"]))
    except CrosscheckError as err:
        print(err, file=sys.stderr)
        return 2
    if json_out:
        if nested:
            write_json(json_out, {k: r.to_dict() for k, r in reports.items()})
        else:
            write_json(json_out, next(iter(reports.values())).to_dict())
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.quality.timeml",
        description="Score crosscheck's temporal expressions on TimeML documents.",
    )
    parser.add_argument(
        "sets",
        nargs="*",
        default=list(KNOWN_SETS),
        help="folders of .tml files or names of shared benchmarks "
        f"(default: {' '.join(KNOWN_SETS)})",
    )
    parser.add_argument(
        "--json", dest="json_out", help="write the reports here (keyed by set name)"
    )
    parser.add_argument(
        "--errors", action="store_true", help="list misses, extras and wrong values"
    )
    args = parser.parse_args(argv)
    return run_cli(args.sets, args.json_out, args.errors)


if __name__ == "__main__":
    sys.exit(main())
