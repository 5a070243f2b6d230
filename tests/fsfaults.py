"""File-system faults for tests: a small full disk (a tmpfs of a given size) and a
read-only folder (a read-only bind mount).

Both need root and a kernel that allows the mount. Where the mount is refused, the
helpers say so (they yield None) and the tests inject the same fault at the write
layer instead, so a fault test is never skipped.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    done = subprocess.run(["mount", *args], capture_output=True, timeout=30)
    return done.returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, timeout=30)


@contextlib.contextmanager
def small_disk(path: Path, size: int) -> Iterator[Path | None]:
    """A tmpfs of ``size`` bytes mounted on ``path``; None when mounting is refused."""
    path.mkdir(parents=True, exist_ok=True)
    if not _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)):
        yield None
        return
    try:
        yield path
    finally:
        _umount(path)


def fill(path: Path, leave: int = 0) -> None:
    """Fill the file system of ``path`` until at most ``leave`` bytes are free."""
    free = shutil.disk_usage(path).free - leave
    with open(path / "filler", "wb") as fh:
        chunk = b"\0" * 4096
        try:
            while free > 0:
                fh.write(chunk[: min(len(chunk), free)])
                free -= len(chunk)
            fh.flush()
        except OSError:
            pass


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[Path | None]:
    """``path`` (a folder) made read-only by a read-only bind mount, which holds for
    root too; for another user, by its mode. None when neither is possible."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(mode)
        return
    if not _mount("--bind", str(path), str(path)):
        yield None
        return
    try:
        if not _mount("-o", "remount,ro,bind", str(path)):
            yield None
            return
        yield path
    finally:
        _umount(path)
