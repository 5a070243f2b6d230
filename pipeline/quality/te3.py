"""TempEval-3 platinum, scored by the TimeML harness (:mod:`pipeline.quality.timeml`).

Run ``python -m pipeline.quality.te3 [DIR] [--json OUT] [--errors]``; DIR defaults to
``$CROSSCHECK_TE3`` or the first ``shared/benchmarks/te3-platinum`` found walking up
from the working directory (then from this file). Any other TimeML folder:
``python -m pipeline.quality.timeml DIR``.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline.errors import CrosscheckError
from pipeline.quality.timeml import (  # noqa: F401 - the harness's names, kept here
    TIMEX_TYPES,
    Scores,
    TimemlDocument,
    TimemlReport,
    Timex,
    format_errors,
    format_table,
    load_corpus,
    parse_tml,
    predict_documents,
    run_cli,
    score_corpus,
    score_document,
)
from pipeline.quality.timeml import evaluate as _evaluate
from pipeline.quality.timeml import find_benchmark_dir as _find

ENV_VAR = "CROSSCHECK_TE3"
NAME = "te3-platinum"
Te3Document = TimemlDocument
Te3Report = TimemlReport


def find_benchmark_dir(start: str | os.PathLike | None = None) -> Path:
    """The TE3 platinum folder: ``$CROSSCHECK_TE3``, else the shared benchmarks'."""
    return _find(NAME, start, env=ENV_VAR)


def evaluate(directory: str | os.PathLike | None = None, nlp=None) -> TimemlReport:
    """TE3 platinum (or ``directory``) scored; see :func:`timeml.evaluate`."""
    return _evaluate(directory or find_benchmark_dir(), nlp)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.quality.te3",
        description="Score crosscheck's temporal expressions on TempEval-3 platinum.",
    )
    parser.add_argument("directory", nargs="?", help="folder of .tml files")
    parser.add_argument("--json", dest="json_out", help="write the full report here")
    parser.add_argument(
        "--errors", action="store_true", help="list misses, extras and wrong values"
    )
    args = parser.parse_args(argv)
    try:
        folder = args.directory or str(find_benchmark_dir())
    except CrosscheckError as err:
        print(err, file=sys.stderr)
        return 2
    return run_cli([folder], args.json_out, args.errors, nested=False)


if __name__ == "__main__":
    sys.exit(main())
