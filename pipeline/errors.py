"""Coded error messages, in the manner of spaCy's ``Errors`` class.

Each message says what was found, what was expected and, where it helps, how to fix it.
Input errors (E001-E023) go into the run's ``errors`` (file and reason) and on stderr;
the rest of the batch is still checked. Warnings (W001-W009) are faults the run works
around (a broken claim cache, a report folder without symbolic links): one line on
stderr each, never an exit code of their own.
"""

from __future__ import annotations

import re

# Characters a message must not carry as they are: C0 and C1 controls (terminal escape
# sequences), line and paragraph separators, lone surrogates, and the format
# characters that are invisible or reorder text (bidirectional overrides and
# isolates, zero-width characters, the byte-order mark, interlinear annotation).
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]"
)


class Errors:
    E001 = "[E001] {path}: file not found"
    E002 = "[E002] {path}: cannot read ({reason})"
    E003 = "[E003] {path}: file is empty"
    E004 = "[E004] {path}: file holds only whitespace"
    E005 = "[E005] {path}: looks binary ({reason}); expected a text article"
    E006 = "[E006] {path}: {size} bytes exceeds the size limit of {limit} bytes"
    E007 = "[E007] {path}: line {line} is not valid JSON ({reason})"
    E008 = "[E008] {path}: line {line} has no string 'text' field"
    E009 = "[E009] {path}: duplicate article id '{id}' (first seen in {first})"
    E010 = "[E010] {path}: not a file or folder"
    E011 = "[E011] no readable input among {count} path(s)"
    E012 = "[E012] cannot load spaCy model '{name}': {reason}"
    E013 = "[E013] {path}: extraction failed ({reason})"
    E014 = (
        "[E014] {path}: {count} byte(s) are not valid {encoding} and were replaced by"
        " U+FFFD (first at byte {first}); the rest of the article was checked"
    )
    E015 = (
        "[E015] {path}: {chars} characters is longer than the limit of {limit} for one"
        " article; split it into articles or raise the limit"
    )
    E016 = "[E016] {path}: HTML page holds no article text"
    E017 = "[E017] {path}: symbolic link loop; skipped"
    E018 = (
        "[E018] {path}: line {line} exceeds the size limit of {limit} bytes; that"
        " record was skipped"
    )
    E019 = (
        "[E019] {path}: {count} unpaired surrogate escape(s) in 'text' were replaced"
        " by U+FFFD; the rest of the article was checked"
    )
    E020 = "[E020] {path}: {where}: {reason}"
    E021 = "[E021] {path}:{line}: the record's 'text' is {what}; expected the article"
    E022 = "[E022] {path}: article id {id} {problem}; the article was skipped. {rule}"
    E023 = "[E023] cannot write reports into {path}: {reason}"


class Warnings:
    """One-line warnings: what went wrong and what the run did about it."""

    W001 = "[W001] {path}: the claim cache {problem}; {action}"
    W002 = "[W002] {path}: the claim cache {problem}; went on without a cache"
    W003 = (
        "[W003] {path}: symbolic links cannot be made here ({reason}), so the"
        " report files were replaced one by one ({file} last): a run stopped while"
        " writing them could leave files of two runs"
    )


class CrosscheckError(Exception):
    """An error the user can act on; the CLI prints it on one line."""


def one_line(text: str) -> str:
    """A message fit for one terminal line: line breaks, control and invisible
    format characters (a file name can hold terminal escape sequences or a
    right-to-left override) shown as escapes."""
    return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)
