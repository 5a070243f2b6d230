"""RTE numeric contradictions harness: real pairs of short news texts, each one story.

``shared/benchmarks/rte-numeric-dev/rte/<pair>/`` holds a passage ``<id>_t.txt``, a
statement ``<id>_h.txt`` and a ``gold.json``: a contradiction pair has a gold finding
(the two incompatible values), an entailment pair has only traps (its texts cut into
pieces, so any finding citing both texts violates one). Two runs are scored:

- **given stories**: each pair is run as its own batch (the pair is the story), and
  the report gives the recall on the contradictions (target at least 0.6) and the
  share of entailment pairs touched by any finding at all (target at most 5%);
- **found stories**: every text in one flat batch, stories found automatically; a
  finding citing texts of two different pairs compares unrelated stories (target 0),
  and the report says how large the largest story grew.

Run ``python -m pipeline.quality.rte [DIR] [--json OUT]``; DIR defaults to
``$CROSSCHECK_RTE`` or the first ``shared/benchmarks/rte-numeric-dev`` found walking
up from the working directory (then from this file).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import CrosscheckError
from pipeline.quality import write_json

ENV_VAR = "CROSSCHECK_RTE"
BENCHMARK_SUBPATH = Path("shared") / "benchmarks" / "rte-numeric-dev"
# The targets of issue 13 for this set.
TARGET_RECALL = 0.6
TARGET_TOUCHED = 0.05
TARGET_CROSS_PAIR = 0

E_NO_DIR = (
    "[Q006] RTE benchmark folder not found: give DIR, set ${env}, or run from inside "
    "a checkout next to shared/benchmarks/rte-numeric-dev"
)
E_NO_PAIRS = "[Q007] {path}: no pair folders with gold.json under rte/"


def find_benchmark_dir(start: str | os.PathLike | None = None) -> Path:
    """``$CROSSCHECK_RTE``, else the first ``shared/benchmarks/rte-numeric-dev``
    walking up from ``start`` (default: the working directory), then from this
    file's location.

    Raises:
        CrosscheckError: nothing found.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    for origin in (Path(start) if start else Path.cwd(), Path(__file__).resolve()):
        for folder in (origin.resolve(), *origin.resolve().parents):
            if (folder / BENCHMARK_SUBPATH).is_dir():
                return folder / BENCHMARK_SUBPATH
    raise CrosscheckError(E_NO_DIR.replace("${env}", ENV_VAR))


def _pairs(directory: Path):
    from pipeline.gold import gold_sets

    root = directory / "rte" if (directory / "rte").is_dir() else directory
    pairs = [s for s in gold_sets(root) if s.parent is None]
    if not pairs:
        raise CrosscheckError(E_NO_PAIRS.format(path=root))
    return pairs


def _finding_row(f) -> dict:
    return {
        "rule": f.rule,
        "message": f.message,
        "evidence": [e.to_dict() for e in f.evidence],
    }


def evaluate(directory: str | os.PathLike | None = None, model=None) -> dict:
    """Both runs over the benchmark; returns the report (see the module doc)."""
    from pipeline.corpus import load_corpus
    from pipeline.evaluate import score_findings
    from pipeline.run import RunOptions, process

    root = Path(directory) if directory else find_benchmark_dir()
    pairs = _pairs(root)
    started = time.perf_counter()
    contradictions = caught = entailments = touched = 0
    missed, touching = [], []
    for pair in pairs:
        corpus = load_corpus([str(a.path) for a in pair.articles])
        # the pair is the story, given as a folder (run --stories folders)
        result = process(corpus, model, RunOptions(model=model, stories="folders"))
        scores = score_findings(result.findings, pair.findings, pair.traps)
        if pair.findings:
            contradictions += len(pair.findings)
            caught += scores["matched"]
            if scores["matched"] < len(pair.findings):
                missed.append(pair.name)
        else:
            entailments += 1
            if result.findings:
                touched += 1
                touching.append(
                    {
                        "pair": pair.name,
                        "findings": [_finding_row(f) for f in result.findings],
                    }
                )
    given_seconds = time.perf_counter() - started

    started = time.perf_counter()
    pair_of = {a.id: pair.name for pair in pairs for a in pair.articles}
    corpus = load_corpus([str(a.path) for pair in pairs for a in pair.articles])
    flat = process(corpus, model)
    cross = [
        {
            "pairs": sorted({pair_of.get(e.article) for e in f.evidence}),
            **_finding_row(f),
        }
        for f in flat.findings
        if len({pair_of.get(e.article) for e in f.evidence}) > 1
    ]
    sizes = Counter(flat.stories.values())
    recall = caught / contradictions if contradictions else 1.0
    share = touched / entailments if entailments else 0.0
    return {
        "pairs": len(pairs),
        "given_stories": {
            "contradictions": contradictions,
            "caught": caught,
            "recall": round(recall, 4),
            "entailment_pairs": entailments,
            "touched": touched,
            "touched_share": round(share, 4),
            "missed": missed,
            "touching": touching,
            "seconds": round(given_seconds, 1),
        },
        "found_stories": {
            "texts": len(flat.articles),
            "findings": len(flat.findings),
            "cross_pair_findings": len(cross),
            "cross_pair": cross,
            "stories": len(sizes),
            "largest_story": max(sizes.values(), default=0),
            "seconds": round(time.perf_counter() - started, 1),
        },
        "targets": {
            "recall": TARGET_RECALL,
            "touched_share": TARGET_TOUCHED,
            "cross_pair_findings": TARGET_CROSS_PAIR,
            "met": recall >= TARGET_RECALL
            and share <= TARGET_TOUCHED
            and len(cross) <= TARGET_CROSS_PAIR,
        },
    }


def format_report(report: dict) -> str:
    g, f = report["given_stories"], report["found_stories"]
    return "\n".join(
        [
            f"RTE numeric contradictions: {report['pairs']} pairs",
            f"given stories (each pair its own batch): recall {g['recall']:.3f} "
            f"({g['caught']} of {g['contradictions']}; target >= {TARGET_RECALL}), "
            f"entailment pairs touched {g['touched_share']:.1%} ({g['touched']} of "
            f"{g['entailment_pairs']}; target <= {TARGET_TOUCHED:.0%})",
            f"found stories (one flat batch): {f['cross_pair_findings']} findings cite "
            f"two pairs (target {TARGET_CROSS_PAIR}); {f['findings']} findings; "
            f"{f['stories']} stories, the largest {f['largest_story']} of {f['texts']} texts",
            "targets met" if report["targets"]["met"] else "targets NOT met",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.quality.rte",
        description="Score crosscheck on the numeric contradictions of the RTE dev sets.",
    )
    parser.add_argument("directory", nargs="?", help="the rte-numeric-dev folder")
    parser.add_argument("--json", dest="json_out", help="write the full report here")
    args = parser.parse_args(argv)
    try:
        report = evaluate(args.directory)
    except CrosscheckError as err:
        print(err, file=sys.stderr)
        return 2
    print(format_report(report))
    if args.json_out:
        write_json(args.json_out, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
