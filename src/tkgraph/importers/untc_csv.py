"""Read UN Treaty Collection (UNTC) participation tables and declarations texts.

A UNTC participation table (as scraped by ``zmjones/untreaties``) is a CSV
file with the columns ``Participant``, ``Signature`` and one consent column
whose dates look like ``12 Dec 2000`` and may end with a flag: `` a``
accession, `` A`` acceptance, `` AA`` approval, `` d`` succession, none
ratification. Participant names may carry trailing footnote digits.

This module only parses: it neither matches names nor builds graphs, and
raises :class:`~tkgraph.errors.DataError` (with file:line) on a bad cell.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal as TypingLiteral

from tkgraph.errors import DataError
from tkgraph.importers.names import normalize_name

__all__ = [
    "ConsentKind",
    "UntcRow",
    "clean",
    "parse_consent",
    "parse_signature",
    "read_text",
    "read_untc_declarations",
    "read_untc_table",
    "strip_footnotes",
]

ConsentKind = TypingLiteral["ratification", "accession", "acceptance", "approval", "succession"]

#: UNTC flag after a consent date -> consent kind.
_FLAGS: dict[str, ConsentKind] = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
}


@dataclass(frozen=True)
class UntcRow:
    """One participant row of a UNTC participation table."""

    participant_name: str
    signature: date | None
    consent: date | None
    # "ratification" | "accession" | "acceptance" | "approval" | "succession", or None
    consent_kind: str | None


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = {
    "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "sept",
}  # fmt: skip
_DATE = re.compile(r"(?P<day>\d{1,2}) (?P<month>[A-Za-z]{3,9})\.? (?P<year>\d{4})")
_CONSENT = re.compile(_DATE.pattern + r"(?: (?P<flag>AA|A|a|d))?")
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
    """A signature cell: empty or a plain date."""
    text = clean(cell)
    if not text:
        return None
    m = _DATE.fullmatch(text)
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


def _header_columns(header: list[str], path: Path) -> tuple[int, int, int]:
    cols = [clean(c).casefold() for c in header]
    if len(cols) != 3 or "participant" not in cols or "signature" not in cols:
        raise DataError(
            f"{path}:1: expected the columns Participant, Signature and a consent column; "
            f"found {header!r}.",
            "Use a UNTC participation table (the format of zmjones/untreaties treaties/*.csv).",
        )
    p, s = cols.index("participant"), cols.index("signature")
    (c,) = {0, 1, 2} - {p, s}
    return p, s, c


def read_untc_table(path: Path) -> list[UntcRow]:
    """Parse a UNTC participation table; raise DataError (with file:line) on a bad row."""
    reader = csv.reader(io.StringIO(read_text(path, "UNTC table"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"UNTC table '{path}' is empty.", "Use a non-empty table.") from None
    except csv.Error as e:
        raise DataError(f"{path}:1: {e}.", "Fix the CSV header.") from None
    p, s, c = _header_columns(header, path)
    rows: list[UntcRow] = []
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            raise DataError(f"{path}:{reader.line_num}: {e}.", "Fix the CSV quoting.") from None
        where = f"{path}:{reader.line_num}"
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != 3:
            raise DataError(
                f"{where}: expected 3 cells, found {len(cells)}: {cells!r}.",
                "Quote cells that contain commas.",
            )
        name = strip_footnotes(cells[p])
        if not name:
            raise DataError(f"{where}: the participant name is empty.", "Fill in the name.")
        signature = parse_signature(cells[s], where)
        consent, kind = parse_consent(cells[c], where)
        if signature is None and consent is None:
            raise DataError(
                f"{where}: {name!r} has neither a signature nor a consent date.",
                "Remove the row or fill in its dates.",
            )
        rows.append(UntcRow(name, signature, consent, kind))
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
