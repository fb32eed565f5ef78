"""Read ILO NORMLEX ratification tables ("Ratifications of C029 ...").

A NORMLEX table, as copied from the instrument's ratification page, has the
columns ``Country``, ``Date`` (the day the ratification was registered),
``Status`` (``In Force`` or ``Not in force``) and ``Note``. A ratification
that is not yet in force says when it will be ("The Convention will enter into
force for China on 12 Aug 2023."); a denounced one says when it was denounced
("Denounced on 10 Jan 1990"): when a denunciation takes effect follows from the
instrument's rule (tk:monthsAfterDenunciation), not from the table. ILO
conventions are not signed, so a row is always a ratification.

This module only parses: a note it does not understand is an error (with
file:line), so that no fact is dropped silently.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from tkgraph.errors import DataError
from tkgraph.importers.untc_csv import DepositaryRow, clean, parse_signature, read_delimited

__all__ = ["read_normlex_table"]

_COLUMNS = ("country", "date", "status", "note")
_DAY = r"\d{1,2} [A-Za-z]{3,9}\.? \d{4}"
_WILL_ENTER = re.compile(
    rf"The (?:Convention|Protocol|instrument) will enter into force for (?P<who>.+?) on "
    rf"(?P<day>{_DAY})\.?",
    re.IGNORECASE,
)
_DENOUNCED = re.compile(rf"Denounced on (?P<day>{_DAY})\.?", re.IGNORECASE)
_HINT = (
    "Copy the NORMLEX ratification table as the page gives it: Country, Date, Status, "
    "Note; a note is empty, 'Denounced on 10 Jan 1990' or 'The Convention will enter "
    "into force for X on 12 Aug 2023.'"
)


def _day(text: str, where: str) -> date:
    found = parse_signature(text, where)  # a plain UNTC-style day: '12 Aug 2023'
    assert found is not None
    return found


def _row(cells: list[str], line: int, where: str) -> DepositaryRow:
    name, registered, status, note = (clean(c) for c in cells)
    if not name:
        raise DataError(f"{where}: the country is empty.", "Fill in the name.")
    if not registered:
        raise DataError(f"{where}: {name!r} has no date of registration.", _HINT)
    consent = _day(registered, f"{where} Date")
    in_force = status.casefold() == "in force"
    if not in_force and status.casefold() != "not in force":
        raise DataError(
            f"{where}: status {status!r}.", "NORMLEX writes 'In Force' or 'Not in force'."
        )
    note = "" if note.casefold() == "nan" else note
    entry_into_force = denunciation = None
    if m := _WILL_ENTER.fullmatch(note):
        entry_into_force = _day(m["day"], f"{where} Note")
    elif m := _DENOUNCED.fullmatch(note):
        denunciation = _day(m["day"], f"{where} Note")
    elif note:
        raise DataError(f"{where}: a note this importer does not understand: {note!r}.", _HINT)
    if not in_force and entry_into_force is None and denunciation is None:
        raise DataError(
            f"{where}: {name!r} is 'Not in force' but the note says neither when it will "
            "enter into force nor when it was denounced.",
            _HINT,
        )
    if in_force and (entry_into_force is not None or denunciation is not None):
        raise DataError(f"{where}: {name!r} is 'In Force' but the note says otherwise.", _HINT)
    return DepositaryRow(
        name,
        None,
        consent,
        "ratification",
        entry_into_force=entry_into_force,
        denunciation=denunciation,
        line=line,
    )


def read_normlex_table(path: Path) -> list[DepositaryRow]:
    """Parse a NORMLEX ratification table; raise DataError (with file:line) on a bad row."""
    header, body = read_delimited(path, "NORMLEX table", _HINT)
    if tuple(clean(c).casefold() for c in header) != _COLUMNS:
        raise DataError(
            f"{path}:1: expected the columns Country, Date, Status, Note; found {header!r}.",
            _HINT,
        )
    rows = []
    for line, cells in body:
        where = f"{path}:{line}"
        if len(cells) != len(_COLUMNS):
            raise DataError(f"{where}: expected 4 cells, found {len(cells)}: {cells!r}.", _HINT)
        rows.append(_row(cells, line, where))
    return rows
