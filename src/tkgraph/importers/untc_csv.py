"""Read UN Treaty Collection (UNTC) participation tables and declarations texts.

A UNTC participation table, as copied from a status page (or scraped by
``zmjones/untreaties``), has the columns ``Participant``, ``Signature`` and
one consent column whose dates look like ``12 Dec 2000`` and may end with a
flag: `` a`` accession, `` A`` acceptance, `` AA`` approval, `` d``
succession, `` s`` definitive signature (consent by signature alone), none
ratification. A signature may end with `` d`` (succession to signature). A
table of an instrument that was never signed (the League-era treaties that
the UN took over, listing only successions and accessions) has no Signature
column; the table of an instrument as amended (the 1921 Convention as amended
by the 1947 Protocol ...) has two consent columns: becoming party through the
amending protocol (definitive signature, acceptance or succession to the
protocol by a party to the original; `` P`` "participation"), and accession
or succession to the amended text itself. Participant names may carry trailing footnote numbers
(``China 2``). The separator is whatever the copy used (comma, semicolon or
tab); trailing columns that a copying tool added and left empty (``nan``) are
ignored, but one with a value is an error: nothing is dropped silently.

This module only parses: it neither matches names nor builds graphs, and
raises :class:`~tkgraph.errors.DataError` (with file:line) on a bad cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal as TypingLiteral

from tkgraph.errors import DataError
from tkgraph.importers.names import normalize_name

__all__ = [
    "ConsentKind",
    "DepositaryRow",
    "UntcRow",
    "clean",
    "parse_consent",
    "parse_signature",
    "read_delimited",
    "read_text",
    "read_untc_declarations",
    "read_untc_table",
    "strip_footnotes",
]

ConsentKind = TypingLiteral[
    "ratification",
    "accession",
    "acceptance",
    "approval",
    "succession",
    "definitive signature",
    "participation through the amending protocol",
]

#: UNTC flag after a consent date -> consent kind.
_FLAGS: dict[str, ConsentKind] = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
    "s": "definitive signature",
}


@dataclass(frozen=True)
class DepositaryRow:
    """One participant row of a depositary's status table (UNTC or NORMLEX)."""

    participant_name: str
    signature: date | None
    consent: date | None
    # "ratification" | "accession" | "acceptance" | "approval" | "succession", or None
    consent_kind: str | None
    # Stated by the depositary (NORMLEX: "will enter into force for X on D").
    entry_into_force: date | None = None
    # The day a denunciation was registered (NORMLEX: "Denounced on D").
    denunciation: date | None = None
    # The table's line, for messages.
    line: int | None = field(default=None, compare=False)


#: The name the UNTC reader and its tests have always used.
UntcRow = DepositaryRow


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "sept",
}  # fmt: skip
_DATE = re.compile(r"(?P<day>\d{1,2}) (?P<month>[A-Za-z]{3,9})\.? (?P<year>\d{4})")
_CONSENT = re.compile(_DATE.pattern + r"(?: (?P<flag>AA|A|a|d|s))?")
_SIGNATURE = re.compile(_DATE.pattern + r"(?: d)?")
_FOOTNOTES = re.compile(r"\s*\d+(?:\s*,\s*\d+)*$")

_DATE_HINT = (
    "UNTC dates look like '12 Dec 2000'; a consent date may end with ' a', ' A', ' AA' "
    "or ' d'. Fix the cell or the table."
)


def clean(cell: str) -> str:
    """Collapse runs of whitespace (including no-break spaces) to one space."""
    return " ".join(cell.split())


def strip_footnotes(name: str) -> str:
    """``"France 3"`` or ``"France3, 4"`` -> ``"France"``."""
    return _FOOTNOTES.sub("", clean(name))


def _to_date(m: re.Match[str], where: str, cell: str) -> date:
    month_word = m["month"].lower()
    if len(month_word) > 3 and month_word not in _MONTH_NAMES:
        raise DataError(f"{where}: unknown month in date {cell!r}.", _DATE_HINT)
    month = _MONTHS.get(month_word[:3])
    if month is None:
        raise DataError(f"{where}: unknown month in date {cell!r}.", _DATE_HINT)
    try:
        return date(int(m["year"]), month, int(m["day"]))
    except ValueError as e:
        raise DataError(f"{where}: impossible date {cell!r} ({e}).", _DATE_HINT) from None


def parse_signature(cell: str, where: str) -> date | None:
    """A signature cell: empty, a date, or a date flagged `` d`` (succession to
    signature, which counts as a signature)."""
    text = clean(cell)
    if not text:
        return None
    m = _SIGNATURE.fullmatch(text)
    if m is None:
        raise DataError(f"{where}: malformed signature date {cell!r}.", _DATE_HINT)
    return _to_date(m, where, cell)


def parse_consent(cell: str, where: str) -> tuple[date | None, ConsentKind | None]:
    """A consent cell: empty, or a date with an optional consent-kind flag."""
    text = clean(cell)
    if not text:
        return None, None
    m = _CONSENT.fullmatch(text)
    if m is None:
        raise DataError(f"{where}: malformed consent date {cell!r}.", _DATE_HINT)
    return _to_date(m, where, cell), _FLAGS[m["flag"] or ""]


def read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise DataError(
            f"Cannot read {what} '{path}': {e.strerror or e}.", "Check the path."
        ) from None
    except UnicodeDecodeError as e:
        raise DataError(
            f"{what.capitalize()} '{path}' is not UTF-8 ({e.reason} at byte {e.start}).",
            "Save the file as UTF-8.",
        ) from None


#: Cells that a copying tool writes for "no value".
_EMPTY = frozenset({"", "nan", "none", "null"})


def read_delimited(
    path: Path, what: str, hint: str
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the non-empty rows (with their line numbers) of a table
    whose separator is a tab, a semicolon or a comma (the first of them that the
    header holds: UNTC's consent header has commas inside a semicolon-separated
    copy). Trailing columns that a copying tool added and left empty are cut
    off; a row with more cells than the header names is an error."""
    text = read_text(path, what)
    first = text.splitlines()[0] if text.strip() else ""
    if not first.strip():
        raise DataError(f"{what.capitalize()} '{path}' is empty.", "Use a non-empty table.")
    separator = next((sep for sep in ("\t", ";") if sep in first), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader)
        for cells in reader:
            if any(clean(cell) for cell in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as e:
        raise DataError(f"{path}:{reader.line_num}: {e}.", hint) from None
    width = len(header)
    while width > 1 and _is_added_column(
        header[width - 1], [cells for _, cells in rows], width - 1
    ):
        width -= 1
    for line, cells in rows:
        if len(cells) > width and any(clean(c).casefold() not in _EMPTY for c in cells[width:]):
            raise DataError(
                f"{path}:{line}: {len(cells)} cells, but the header names {width} columns.",
                hint,
            )
    trimmed = [(line, cells[:width]) for line, cells in rows]
    header = header[:width]
    return header, trimmed


def _is_added_column(name: str, rows: list[list[str]], index: int) -> bool:
    """A trailing column that a copying tool added: unnamed or named like UNICEF's
    ETL's ``ATTR_ENDPOINT``, and empty (or ``nan``) in every row."""
    named = clean(name)
    if named and not named.upper().startswith("ATTR_"):
        return False
    return all(clean(cells[index]).casefold() in _EMPTY for cells in rows if len(cells) > index)


@dataclass(frozen=True)
class _Columns:
    participant: int
    signature: int | None  # None: the instrument was never signed (or not by these)
    consent: int
    # The amended version's first column: party through the amending protocol.
    via_protocol: int | None = None


def _is_via_protocol(name: str) -> bool:
    text = name.casefold()
    return "as amended" not in text and ("protocol" in text or "participation" in text)


def _header_columns(header: list[str], path: Path) -> _Columns:
    cols = [clean(c).casefold() for c in header]
    signature = [i for i, c in enumerate(cols) if c.startswith("signature")]
    others = [i for i, c in enumerate(cols) if c != "participant" and i not in signature]
    via = [i for i in others if _is_via_protocol(cols[i])] if len(others) == 2 else []
    if "participant" not in cols or len(signature) > 1 or len(others) - len(via) != 1:
        raise DataError(
            f"{path}:1: expected the columns Participant, Signature (if the instrument was "
            f"signed) and a consent column; found {header!r}.",
            "Copy the whole status table of the UNTC page (Participant, Signature, "
            "Ratification, Accession(a) ...), or use a zmjones/untreaties treaties/*.csv file.",
        )
    (consent,) = set(others) - set(via)
    return _Columns(
        cols.index("participant"),
        signature[0] if signature else None,
        consent,
        via[0] if via else None,
    )


_VIA_PROTOCOL = re.compile(_DATE.pattern + r"(?: P)?")


def _consent_of(cells: list[str], columns: _Columns, where: str) -> tuple[date | None, str | None]:
    consent, kind = parse_consent(cells[columns.consent], where)
    if columns.via_protocol is None or not clean(cells[columns.via_protocol]):
        return consent, kind
    text = clean(cells[columns.via_protocol])
    m = _VIA_PROTOCOL.fullmatch(text)
    if m is None:
        raise DataError(f"{where}: malformed date {text!r}.", _DATE_HINT)
    if consent is not None:
        raise DataError(
            f"{where}: a party both through the protocol and by {kind}.",
            "Keep the row as the UNTC page gives it; one of the two columns is wrong.",
        )
    return _to_date(m, where, text), "participation through the amending protocol"


def read_untc_table(path: Path) -> list[DepositaryRow]:
    """Parse a UNTC participation table; raise DataError (with file:line) on a bad row."""
    hint = "Fix the table: one row per participant, cells separated as in the header."
    header, body = read_delimited(path, "UNTC table", hint)
    columns = _header_columns(header, path)
    rows: list[DepositaryRow] = []
    for line, cells in body:
        where = f"{path}:{line}"
        if len(cells) != len(header):
            raise DataError(
                f"{where}: expected {len(header)} cells, found {len(cells)}: {cells!r}.",
                "Quote cells that contain the separator.",
            )
        name = strip_footnotes(cells[columns.participant])
        if not name:
            raise DataError(f"{where}: the participant name is empty.", "Fill in the name.")
        signature = (
            None if columns.signature is None else parse_signature(cells[columns.signature], where)
        )
        consent, kind = _consent_of(cells, columns, where)
        if signature is None and consent is None:
            raise DataError(
                f"{where}: {name!r} has neither a signature nor a consent date.",
                "Remove the row or fill in its dates.",
            )
        rows.append(DepositaryRow(name, signature, consent, kind, line=line))
    return rows


def read_untc_declarations(path: Path) -> list[tuple[str, str]]:
    """Parse a declarations text: ``#Country`` heading lines, each followed by the
    text of its reservations and declarations. Returns ``(name, text)`` pairs in
    file order; ``text`` is ``""`` for a heading without text."""
    found: list[tuple[str, list[str]]] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(read_text(path, "declarations file").splitlines(), 1):
        if line.startswith("#"):
            name = strip_footnotes(line[1:])
            if not name:
                raise DataError(f"{path}:{number}: empty '#' heading.", "Write '#Country'.")
            key = normalize_name(name)
            if key in seen:
                raise DataError(
                    f"{path}:{number}: heading {name!r} repeats line {seen[key]}.",
                    "Merge the two texts under one heading.",
                )
            seen[key] = number
            found.append((name, []))
        elif line.strip():
            if not found:
                raise DataError(
                    f"{path}:{number}: text before the first '#Country' heading.",
                    "Start the file with a '#Country' heading.",
                )
            found[-1][1].append(line.strip())
    return [(name, "\n".join(lines)) for name, lines in found]
