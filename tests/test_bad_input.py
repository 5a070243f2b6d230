"""Bad input mixed into a batch of good articles: each bad file is one clear line in
the run's errors and on stderr, every good article is still checked with the same
findings as on its own, and the exit code is 0 (2 only when nothing was readable)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.corpus import load_corpus
from tests.conftest import SEEDS

LISBON = (
    "LISBON, May 3 (Reuters) - Café owners in Lisbon said prices rose 3 percent in"
    " April, the city's tourism board reported on Friday.\n"
)
CHINESE = (
    "发布时间: 2023/10/8 15:37:00\n\n"
    "中国知识产权报社 报道：今年专利申请增长了百分之八。\n"
)
MIXED = (
    "Москва заявила, что 12 человек пострадали. مرحبا بالعالم ١٢٣ \n"
    "Emoji 🎉🎉 and combining a\u0301\u0301\u0301 marks, joiner\u200bwidth, RTL \u202e"
    "txet\u202c.\n"
    "Ελληνικά 3,5 εκατ. 😀\n"
)


def _write_bad_batch(root: Path) -> tuple[Path, list[Path], dict[str, str | None]]:
    """The seeds plus one file of every bad kind. Returns the folder, the extra paths
    named on the command line and, per file name, the error code it must produce
    (None: it must be read, with no error)."""
    batch = root / "batch"
    shutil.copytree(SEEDS, batch)
    expected: dict[str, str | None] = {}

    def put(name: str, data: bytes, code: str | None) -> Path:
        path = batch / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[name] = code
        return path

    put("empty.txt", b"", "E003")
    put("blank.txt", b"  \n\t\r\n   \n", "E004")
    put("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E005")
    put("archive.txt", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "E005")
    put("latin1.txt", LISBON.replace("Reuters", "Lusa").encode("cp1252"), None)
    put("utf16.txt", LISBON.replace("Lisbon", "Porto").encode("utf-16"), None)
    put("bom.txt", b"\xef\xbb\xbf" + LISBON.replace("Café", "Bakery").encode(), None)
    broken = "Ünïcödé: the café sold 40 pastéis de nata ".encode() + b"\xff\xfe\xc3("
    put("broken.txt", broken + b" on Friday.", "E014")  # read, but text lost
    put(
        "page.html",
        (
            b"<!doctype html><html><head><script>alert('1 2 3')</script></head><body>"
            b"<nav>Home</nav><article><p>FARO, May 2 (Lusa) - Tourist numbers in Faro"
            b" rose 7 percent.</p></article></body></html>"
        ),
        None,
    )
    put("chinese.txt", CHINESE.encode(), None)
    put("mixed.txt", MIXED.encode(), None)
    # a 4 MB article of one line with no sentence break: refused, not crashed
    put("oneline.txt", b"word " * 800_000, "E015")
    # 50 MB, sparse: refused by its size before any of it is read
    huge = batch / "huge.txt"
    with open(huge, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    expected["huge.txt"] = "E006"
    records = [
        json.dumps({"id": "rec-good", "text": "SINTRA, May 4 (Lusa) - A fair opened."}),
        "this line is not JSON",
        json.dumps({"id": "rec-notext", "body": "no text field"}),
    ]
    put("records.jsonl", ("\n".join(records) + "\n").encode(), "E007 E008")
    seed = next(SEEDS.glob("000_*.txt"))
    put(f"dupes/{seed.name}", b"Another article with a taken id.", "E009")
    # symbolic links: a loop of two files, and a folder that links back to the batch
    (batch / "loop-a.txt").symlink_to(batch / "loop-b.txt")
    (batch / "loop-b.txt").symlink_to(batch / "loop-a.txt")
    expected["loop-a.txt"] = expected["loop-b.txt"] = "E017"
    (batch / "nest").mkdir()
    (batch / "nest" / "back").symlink_to(batch)
    expected["nest/back"] = "E017"
    # named on the command line: a real PNG and zip by suffix, and a missing path
    extra_dir = root / "extra"
    extra_dir.mkdir()
    png = extra_dir / "chart.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    archive = extra_dir / "bundle.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)
    missing = root / "missing.txt"
    return batch, [png, archive, missing], expected


def _codes_by_file(errors: list[dict], roots: list[Path]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for e in errors:
        name = e["path"]
        for root in roots:
            if name.startswith(str(root) + os.sep):
                name = name[len(str(root)) + 1 :]
        out.setdefault(name, []).append(e["reason"][1:5])
    return out


def _signature(findings: list[dict]) -> list[tuple]:
    return sorted(
        (
            f["id"],
            f["rule"],
            tuple(
                (e["article"], e["start"], e["end"], e["text"]) for e in f["evidence"]
            ),
        )
        for f in findings
    )


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    batch, extra, expected = _write_bad_batch(root)
    out = root / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(batch),
            *map(str, extra),
            "--out",
            str(out),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    document = (
        json.loads((out / "findings.json").read_text("utf-8"))
        if proc.returncode == 0
        else None
    )
    return proc, document, batch, root, expected


def test_bad_batch_exits_zero_and_writes_the_report(bad_run):
    proc, document, *_ = bad_run
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr
    assert document["schema"] == "crosscheck.findings/1"


def test_every_bad_file_gets_its_error_and_nothing_else_does(bad_run):
    proc, document, batch, root, expected = bad_run
    codes = _codes_by_file(document["errors"], [batch, root / "extra", root])
    want = {name: code.split() for name, code in expected.items() if code}
    want.update(
        {"chart.png": ["E005"], "bundle.zip": ["E005"], "missing.txt": ["E001"]}
    )
    assert codes == want


def test_every_error_is_one_line_on_stderr(bad_run):
    proc, document, *_ = bad_run
    lines = [line for line in proc.stderr.splitlines() if line.startswith("error: ")]
    assert sorted(lines) == sorted(f"error: {e['reason']}" for e in document["errors"])
    for e in document["errors"]:
        assert "\n" not in e["reason"] and e["path"] in e["reason"]


def test_good_articles_and_decodable_files_are_all_checked(bad_run):
    proc, document, batch, root, expected = bad_run
    ids = {a["id"] for a in document["articles"]}
    seeds = {p.stem for p in SEEDS.glob("*.txt")}
    readable = {
        Path(name).stem for name, code in expected.items() if code in (None, "E014")
    }
    assert ids == seeds | readable | {"rec-good"}
    by_id = {a["id"]: a for a in document["articles"]}
    assert by_id["latin1"]["encoding"] == "cp1252" and by_id["latin1"]["notes"]
    assert by_id["utf16"]["encoding"] == "utf-16-le"
    assert by_id["bom"]["encoding"] == "utf-8"
    assert by_id["broken"]["encoding"] == "utf-8" and by_id["broken"]["notes"]
    assert by_id["page"]["format"] == "html"
    assert all(
        by_id[s]["notes"] == [] and by_id[s]["encoding"] == "utf-8" for s in seeds
    )


def test_good_articles_give_the_same_findings_as_alone(bad_run, seeds_result):
    proc, document, *_ = bad_run
    seeds = {p.stem for p in SEEDS.glob("*.txt")}
    alone = _signature([f.to_dict() for f in seeds_result.findings])
    mixed = document["findings"]
    touching_seeds = [f for f in mixed if {e["article"] for e in f["evidence"]} & seeds]
    # no finding ties a seed to one of the odd files
    assert all({e["article"] for e in f["evidence"]} <= seeds for f in touching_seeds)
    assert _signature(touching_seeds) == alone


def test_non_english_and_mixed_script_text_gives_no_claims(bad_run):
    proc, document, batch, *_ = bad_run
    claims = [
        json.loads(line)
        for line in (batch.parent / "out" / "claims.jsonl")
        .read_text("utf-8")
        .splitlines()
    ]
    assert not [c for c in claims if c["article"] == "chinese"]
    # the Cyrillic/Arabic and Greek lines hold no claims (their numbers included)
    lines = MIXED.splitlines(keepends=True)
    foreign = [(0, len(lines[0])), (len(lines[0]) + len(lines[1]), len(MIXED))]
    mixed = [c for c in claims if c["article"] == "mixed"]
    assert not [c for c in mixed if any(a <= c["start"] < b for a, b in foreign)]


def test_nothing_readable_exits_two(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipeline",
            "run",
            str(tmp_path),
            str(tmp_path / "nope.txt"),
            "--out",
            str(tmp_path / "out"),
            "--no-cache",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2
    assert "E011" in proc.stderr and "Traceback" not in proc.stderr
    assert sum(line.startswith("error: ") for line in proc.stderr.splitlines()) == 4


# ------------------------------------------------------------ permissions


def _deny_reads_of(monkeypatch, *names: str) -> None:
    """Simulate unreadable files and folders (chmod 000 does not stop root)."""
    real_open = open
    real_iterdir = Path.iterdir

    def deny_open(file, *args, **kwargs):
        if Path(file).name in names:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def deny_iterdir(self):
        if self.name in names:
            raise PermissionError(13, "Permission denied", str(self))
        return real_iterdir(self)

    monkeypatch.setattr("pipeline.corpus.open", deny_open, raising=False)
    monkeypatch.setattr(Path, "iterdir", deny_iterdir)


def _folder_with_locked_parts(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text("LISBON, May 3 (Reuters) - Fine.")
    (tmp_path / "locked.txt").write_text("Secret.")
    (tmp_path / "locked-dir").mkdir()
    (tmp_path / "locked-dir" / "inside.txt").write_text("Unreachable.")
    return tmp_path


def _assert_locked_parts_reported(corpus, tmp_path: Path) -> None:
    assert [a.id for a in corpus.articles] == ["good"]
    paths = sorted(Path(e.path).name for e in corpus.errors)
    assert paths == ["locked-dir", "locked.txt"]
    assert all(
        "E002" in e.reason and "Permission denied" in e.reason for e in corpus.errors
    )


def test_unreadable_file_and_folder_are_errors_simulated(tmp_path, monkeypatch):
    folder = _folder_with_locked_parts(tmp_path)
    _deny_reads_of(monkeypatch, "locked.txt", "locked-dir")
    _assert_locked_parts_reported(load_corpus([folder]), tmp_path)


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0,
    reason="running as root (as in CI): chmod 000 does not stop root from reading;"
    " test_unreadable_file_and_folder_are_errors_simulated covers this case",
)
def test_unreadable_file_and_folder_are_errors_with_chmod(tmp_path):
    folder = _folder_with_locked_parts(tmp_path)
    os.chmod(folder / "locked.txt", 0)
    os.chmod(folder / "locked-dir", 0)
    try:
        _assert_locked_parts_reported(load_corpus([folder]), tmp_path)
    finally:
        os.chmod(folder / "locked-dir", 0o755)
        os.chmod(folder / "locked.txt", 0o644)


def test_extract_from_stdin_survives_surrogate_escapes():
    record = '{"id": "\\ud800", "text": "Sales rose 5 percent."}\n'
    proc = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "-"],
        input=record,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr
