"""Coded error messages, in the manner of spaCy's ``Errors`` class.

Each message says what was found, what was expected and, where it helps, how to fix it.
"""

from __future__ import annotations


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
    E020 = "[E020] {path}: {where}: {reason}"


class CrosscheckError(Exception):
    """An error the user can act on; the CLI prints it on one line."""
