"""The gold set: loading and validating hand-labelled articles, claims, findings and
traps (format in gold/README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.claims import CHANGES, CLAIM_TYPES
from pipeline.findings import KINDS

SCHEMA = "crosscheck.gold/1"
KNOWN_UNITS_RE = re.compile(
    r"^(?:[A-Z]{3}(?: per [A-Z]{3})?|percent|percentage point|per .+|[a-z][a-z .\-/²³]*)$"
)


@dataclass(frozen=True, slots=True)
class GoldSpan:
    article: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {
            "article": self.article,
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class GoldFinding:
    id: str
    kind: str
    slots: tuple[tuple[GoldSpan, ...], ...]
    rule: str | None = None
    scope: str | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Trap:
    id: str
    kind: str
    spans: tuple[GoldSpan, ...]
    note: str = ""


@dataclass
class GoldArticle:
    id: str
    path: Path
    published: str | None = None


@dataclass
class GoldFile:
    path: Path
    story: str
    articles: list[GoldArticle] = field(default_factory=list)
    claims: list[dict] = field(default_factory=list)
    findings: list[GoldFinding] = field(default_factory=list)
    traps: list[Trap] = field(default_factory=list)


@dataclass
class GoldSet:
    name: str
    files: list[GoldFile] = field(default_factory=list)

    @property
    def articles(self) -> list[GoldArticle]:
        return [a for f in self.files for a in f.articles]

    @property
    def claims(self) -> list[dict]:
        return [c for f in self.files for c in f.claims]

    @property
    def findings(self) -> list[GoldFinding]:
        return [g for f in self.files for g in f.findings]

    @property
    def traps(self) -> list[Trap]:
        return [t for f in self.files for t in f.traps]


def _span(data: dict) -> GoldSpan:
    return GoldSpan(
        data["article"], int(data["start"]), int(data["end"]), data.get("text", "")
    )


def load_gold_file(path: Path) -> GoldFile:
    data = json.loads(path.read_text("utf-8"))
    gold = GoldFile(path=path, story=data.get("story", path.parent.name))
    for a in data.get("articles", []):
        gold.articles.append(
            GoldArticle(
                a["id"], (path.parent / a["path"]).resolve(), a.get("published")
            )
        )
    gold.claims = list(data.get("claims", []))
    for f in data.get("findings", []):
        gold.findings.append(
            GoldFinding(
                id=f["id"],
                kind=f["kind"],
                slots=tuple(tuple(_span(s) for s in slot) for slot in f["slots"]),
                rule=f.get("rule"),
                scope=f.get("scope"),
                note=f.get("note", ""),
            )
        )
    for t in data.get("traps", []):
        gold.traps.append(
            Trap(
                t["id"],
                t["kind"],
                tuple(_span(s) for s in t["spans"]),
                t.get("note", ""),
            )
        )
    return gold


def gold_sets(root: str | Path) -> list[GoldSet]:
    """The sets under ``root``: each folder directly under it holding gold.json files
    (or ``root`` itself when gold.json files sit in it or a story folder of it)."""
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(root)
    if (root / "gold.json").exists():
        return [GoldSet(root.name, [load_gold_file(root / "gold.json")])]
    sets = []
    for child in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(child.rglob("gold.json"))
        if files:
            sets.append(GoldSet(child.name, [load_gold_file(f) for f in files]))
    return sets


def load_thresholds(root: str | Path) -> dict:
    path = Path(root) / "thresholds.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


# --------------------------------------------------------------------------- validation


def _line_of(raw: str, needle: str, start: int = 0) -> int:
    pos = raw.find(needle, start)
    return raw.count("\n", 0, pos) + 1 if pos >= 0 else 1


def check_gold(root: str | Path) -> list[str]:
    """Validate every gold.json under ``root``; returns coded error lines (empty: valid)."""
    root = Path(root)
    errors: list[str] = []
    files = [root] if root.is_file() else sorted(root.rglob("gold.json"))
    if not files:
        return [f"[G001] {root}: no gold.json files found"]
    seen_ids: dict[str, str] = {}
    for path in files:
        raw = path.read_text("utf-8")
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as err:
            errors.append(f"[G002] {path}:{err.lineno}: not valid JSON ({err.msg})")
            continue
        if data.get("schema") != SCHEMA:
            errors.append(
                f"[G003] {path}:1: schema is {data.get('schema')!r}; expected {SCHEMA!r}"
            )
        texts: dict[str, str] = {}
        for a in data.get("articles", []):
            line = _line_of(raw, f'"{a.get("id")}"')
            apath = path.parent / a.get("path", "")
            if not apath.is_file():
                errors.append(
                    f"[G004] {path}:{line}: article {a.get('id')!r}: file {apath} not found"
                )
                continue
            texts[a["id"]] = apath.read_bytes().decode("utf-8")
        cursor = 0

        def check_span(
            span: dict, where: str, line: int, path=path, texts=texts
        ) -> None:
            art = span.get("article")
            if art not in texts:
                errors.append(f"[G005] {path}:{line}: {where}: unknown article {art!r}")
                return
            s, e = span.get("start"), span.get("end")
            if not (
                isinstance(s, int)
                and isinstance(e, int)
                and 0 <= s < e <= len(texts[art])
            ):
                errors.append(
                    f"[G006] {path}:{line}: {where}: offsets {s}-{e} outside the article"
                )
                return
            if texts[art][s:e] != span.get("text"):
                errors.append(
                    f"[G007] {path}:{line}: {where}: text {span.get('text')!r} does not match the "
                    f"article's {texts[art][s:e]!r} at {s}-{e}"
                )
            if e - s > 120:
                errors.append(
                    f"[G008] {path}:{line}: {where}: span longer than 120 characters"
                )

        for i, c in enumerate(data.get("claims", [])):
            line = _line_of(raw, f'"start": {c.get("start")}', cursor)
            cursor = raw.find(f'"start": {c.get("start")}', cursor) + 1 or cursor
            check_span(c, f"claims[{i}]", line)
            if c.get("type") not in CLAIM_TYPES:
                errors.append(
                    f"[G009] {path}:{line}: claims[{i}] has unknown type {c.get('type')!r}; "
                    f"expected one of {', '.join(CLAIM_TYPES)}"
                )
            if c.get("change") not in CHANGES:
                errors.append(
                    f"[G010] {path}:{line}: claims[{i}] has unknown change {c.get('change')!r}"
                )
            unit = c.get("unit")
            if unit is not None and not KNOWN_UNITS_RE.match(str(unit)):
                errors.append(
                    f"[G011] {path}:{line}: claims[{i}] has unknown unit {unit!r}"
                )
        for key, items in (
            ("findings", data.get("findings", [])),
            ("traps", data.get("traps", [])),
        ):
            for i, item in enumerate(items):
                line = _line_of(raw, f'"{item.get("id")}"')
                ident = item.get("id")
                if ident in seen_ids:
                    errors.append(
                        f"[G012] {path}:{line}: id {ident!r} already used in {seen_ids[ident]}"
                    )
                seen_ids[ident] = str(path)
                if item.get("kind") not in KINDS:
                    errors.append(
                        f"[G013] {path}:{line}: {key}[{i}] has unknown kind {item.get('kind')!r}"
                    )
                if key == "findings":
                    slots = item.get("slots") or []
                    if not slots or any(not slot for slot in slots):
                        errors.append(
                            f"[G014] {path}:{line}: {key}[{i}] has an empty slot list or slot"
                        )
                    for j, slot in enumerate(slots):
                        for k, span in enumerate(slot):
                            check_span(span, f"{key}[{i}].slots[{j}][{k}]", line)
                else:
                    if not item.get("spans"):
                        errors.append(f"[G014] {path}:{line}: {key}[{i}] has no spans")
                    for k, span in enumerate(item.get("spans") or []):
                        check_span(span, f"{key}[{i}].spans[{k}]", line)
    return errors
