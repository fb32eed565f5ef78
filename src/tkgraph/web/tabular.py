"""Rows as CSV or JSON text, safe to open in a spreadsheet.

A cell that starts with '=', '+', '-', '@', a tab or a carriage return is
read as a formula by Excel, LibreOffice and Google Sheets (CSV injection), so
such text cells get a leading apostrophe. Dates and numbers never start with
those characters here, except negative numbers, which are written as numbers
(not strings) and left alone.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

Row = dict[str, object]


def spreadsheet_safe(value: object) -> object:
    """The cell as written to CSV: None -> '', booleans as true/false, risky text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_csv(rows: Sequence[Row], columns: Sequence[str]) -> str:
    """RFC 4180 CSV with a header row; every row has exactly `columns`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([spreadsheet_safe(row.get(c)) for c in columns])
    return out.getvalue()


def to_json(rows: Sequence[Row], meta: dict[str, object]) -> str:
    """{"meta": {...}, "rows": [...]}: the same rows, typed, with what they describe."""
    return json.dumps({"meta": meta, "rows": list(rows)}, ensure_ascii=False)
