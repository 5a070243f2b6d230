"""Quality harnesses: extraction and checks scored against public benchmarks
(TempEval-3 and TimeML sets, NewsQuant, RTE numeric pairs)."""

from __future__ import annotations

import json
from pathlib import Path


def write_json(path: str, data: object) -> None:
    """A harness's full report as JSON (``--json``), its folder made if missing."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2) + "\n", "utf-8")
