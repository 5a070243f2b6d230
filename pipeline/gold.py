"""The gold set: loading and validating hand-labelled articles, claims, findings and
traps (format in gold/README.md)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.claims import CHANGES, CLAIM_TYPES
from pipeline.corpus import Article, load_file
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
    # Labelled in this repository after the set was shipped (gold/README.md, "Labels
    # added to a copy"): scored with the others, and also left out for the figures
    # "as shipped"; ``reason`` says why the item was added.
    added: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Trap:
    id: str
    kind: str
    spans: tuple[GoldSpan, ...]
    note: str = ""
    added: bool = False
    reason: str = ""


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
    # A benchmark set is too large for every eval (gold/README.md): `crosscheck
    # eval --gold gold` runs it only when named with --set, or with --all.
    benchmark: bool = False
    parent: str | None = None  # for a slice: the set it is cut from

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
                added=bool(f.get("added", False)),
                reason=f.get("reason", ""),
            )
        )
    for t in data.get("traps", []):
        gold.traps.append(
            Trap(
                t["id"],
                t["kind"],
                tuple(_span(s) for s in t["spans"]),
                t.get("note", ""),
                added=bool(t.get("added", False)),
                reason=t.get("reason", ""),
            )
        )
    return gold


SLICE_FILE = "slice.json"
SLICE_SUFFIX = "-slice"


def slice_of(gold_set: GoldSet, article_ids: set[str], name: str) -> GoldSet:
    """The part of ``gold_set`` about these articles: their articles, and the claims,
    findings and traps whose every span lies in them."""

    def inside(spans) -> bool:
        return all(s.article in article_ids for s in spans)

    files = []
    for gold_file in gold_set.files:
        articles = [a for a in gold_file.articles if a.id in article_ids]
        if not articles:
            continue
        files.append(
            GoldFile(
                path=gold_file.path,
                story=gold_file.story,
                articles=articles,
                claims=[c for c in gold_file.claims if c["article"] in article_ids],
                findings=[
                    g
                    for g in gold_file.findings
                    if inside(s for slot in g.slots for s in slot)
                ],
                traps=[t for t in gold_file.traps if inside(t.spans)],
            )
        )
    return GoldSet(name, files, parent=gold_set.name)


def _load_set(folder: Path, benchmark: bool) -> list[GoldSet]:
    """A set folder's set, and its slice (``slice.json``: a list of article ids)
    when it has one, as a set of its own that is never a benchmark set."""
    files = sorted(folder.rglob("gold.json"))
    if not files:
        return []
    gold_set = GoldSet(folder.name, [load_gold_file(f) for f in files], benchmark)
    out = [gold_set]
    slice_path = folder / SLICE_FILE
    if slice_path.is_file():
        ids = set(json.loads(slice_path.read_text("utf-8"))["articles"])
        out.append(slice_of(gold_set, ids, folder.name + SLICE_SUFFIX))
    return out


def gold_sets(root: str | Path) -> list[GoldSet]:
    """The sets under ``root``: each folder directly under it holding gold.json files
    (or ``root`` itself when gold.json files sit in it or a story folder of it), and
    the slice of each set that has a ``slice.json``, named ``<set>-slice``. Sets
    named in ``thresholds.json``'s ``benchmark_sets`` are marked ``benchmark``."""
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(root)
    if (root / "gold.json").exists():
        return _load_set(root, benchmark=False)
    benchmarks = set(load_thresholds(root).get("benchmark_sets", {}))
    sets = []
    for child in sorted(p for p in root.iterdir() if p.is_dir()):
        sets.extend(_load_set(child, benchmark=child.name in benchmarks))
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
        try:
            raw = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            errors.append(f"[G015] {path}: cannot read as UTF-8 JSON ({err})")
            continue
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
            # through the loader a run uses, so offsets are checked against the text
            # the pipeline reads (a Latin-1 file decodes as it does in a run)
            loaded = [x for x in load_file(apath) if isinstance(x, Article)]
            if not loaded:
                reasons = "; ".join(x.reason for x in load_file(apath))
                errors.append(
                    f"[G016] {path}:{line}: article {a.get('id')!r}: {reasons}"
                )
                continue
            texts[a["id"]] = loaded[0].text
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
                if item.get("added") and not str(item.get("reason", "")).strip():
                    errors.append(
                        f"[G017] {path}:{line}: {key}[{i}] is marked added but gives "
                        f"no reason; say why it was labelled"
                    )
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
    errors.extend(_check_slices(root, files))
    return errors


def _check_slices(root: Path, files: list[Path]) -> list[str]:
    """Each slice.json next to these gold files names articles of its set."""
    errors = []
    folders = {f.parent for f in files} | ({root} if root.is_dir() else set())
    for folder in sorted(folders):
        slice_path = folder / SLICE_FILE
        if not slice_path.is_file():
            continue
        try:
            ids = json.loads(slice_path.read_text("utf-8"))["articles"]
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError) as err:
            errors.append(
                f'[G018] {slice_path}: expected {{"articles": [ids]}} ({err})'
            )
            continue
        known = {
            a.get("id")
            for f in folder.rglob("gold.json")
            for a in json.loads(f.read_text("utf-8")).get("articles", [])
        }
        for ident in ids:
            if ident not in known:
                errors.append(
                    f"[G018] {slice_path}: article {ident!r} is not in the set"
                )
    return errors
