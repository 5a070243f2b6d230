"""Runs of ``crosscheck`` (or of the report writer) in processes of their own,
forked from one server that imported the package once, so that a test can start
dozens of them in seconds.

Each job is a forked child that runs exactly what the console script runs
(``pipeline.cli._main`` on the arguments), with its standard error in a file; an
exception that escaped it would be printed there as a traceback, as Python prints
it for the console script. A job can be killed with SIGKILL right after step K of
``write_reports`` (``kill_at``; -1: never).
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import ROOT

_SERVER = textwrap.dedent(
    """
    import json, os, signal, sys, traceback
    import pipeline.report as report
    from pipeline.cli import _main
    from tests.test_faults_report_set import _result

    for line in sys.stdin:
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            err = os.open(job["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(err, 2)
            sys.stderr = os.fdopen(2, "w", buffering=1)
            # the run's own output (its top findings) must not reach the protocol
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            sys.stdout = os.fdopen(1, "w", buffering=1)
            steps = []

            def hook(name):
                steps.append(name)
                if len(steps) == job["kill_at"]:
                    os.kill(os.getpid(), signal.SIGKILL)

            report.STEP_HOOK = hook
            try:
                if "argv" in job:
                    code = _main(job["argv"])
                else:
                    w = job["write"]
                    report.write_reports(_result(w["tag"], w["n"]), w["out"])
                    code = 0
            except BaseException:
                traceback.print_exc()
                code = 1
            with open(job["result"], "w") as fh:
                json.dump({"steps": steps, "code": code}, fh)
            sys.stderr.flush()
            os._exit(0)
        _, status = os.waitpid(pid, 0)
        killed = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        print(json.dumps({"signal": killed}), flush=True)
    """
)


@dataclass
class Outcome:
    """How a job ended: killed by a signal, or its exit code, steps and stderr."""

    signal: int | None
    code: int | None
    steps: list[str]
    stderr: str


class ForkServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.jobs = 0
        self.log = open(root / "server.log", "w")  # noqa: SIM115 (closed in close)
        self.server = subprocess.Popen(
            [sys.executable, "-c", _SERVER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            cwd=ROOT,
        )

    def _job(self, job: dict, kill_at: int) -> Outcome:
        self.jobs += 1
        result = self.root / f"job-{self.jobs}.json"
        stderr = self.root / f"job-{self.jobs}.err"
        job = {**job, "kill_at": kill_at, "result": str(result), "stderr": str(stderr)}
        self.server.stdin.write(json.dumps(job) + "\n")
        self.server.stdin.flush()
        line = self.server.stdout.readline()
        assert line, (self.root / "server.log").read_text()
        killed = json.loads(line)["signal"]
        done = json.loads(result.read_text()) if result.exists() else {}
        return Outcome(
            killed,
            done.get("code"),
            done.get("steps", []),
            stderr.read_text("utf-8", "replace") if stderr.exists() else "",
        )

    def crosscheck(self, *argv: str, kill_at: int = -1) -> Outcome:
        """``crosscheck ARGV...`` as the console script runs it."""
        return self._job({"argv": [str(a) for a in argv]}, kill_at)

    def write(self, out: Path, tag: str, n: int, kill_at: int = -1) -> Outcome:
        """``write_reports`` of ``test_faults_report_set._result(tag, n)``."""
        return self._job({"write": {"out": str(out), "tag": tag, "n": n}}, kill_at)

    def close(self) -> None:
        self.server.stdin.close()
        self.server.wait(timeout=60)
        self.log.close()
