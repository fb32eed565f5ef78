"""A recount of the depositaries' own 2023 tables (data/depositary-2023), read
here with plain `csv`, independently of the importers: every row's consent kind
and date are in the data as the table gives them, and on several dates per
instrument, the table's own coverage date among them, the engine's bound set
and `boundCount` equal a count of the table by the instrument's rule.

The rules are written here from the instruments' articles (and their general
entries into force), not read from the seed, so that a rule entered wrongly
in the data would show as a difference.
"""

from __future__ import annotations

import calendar
import csv
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import ROOT, Runner
from tkgraph.domain.binding import Status, assessments_for_instrument
from tkgraph.service.snapshot import Snapshot

TABLES = ROOT / "data" / "depositary-2023"
_KINDS = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
}


@dataclass(frozen=True)
class Rule:
    """When an instrument enters into force for a party: days or months after
    deposit (or registration), optionally on the first day of the following
    month, never before the instrument's own entry into force."""

    general: date
    days: int = 0
    months: int = 0
    first_of_next_month: bool = False
    months_after_denunciation: int | None = None


def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def in_force_for(rule: Rule, deposit: date) -> date:
    day = add_months(deposit, rule.months) + timedelta(days=rule.days)
    if rule.first_of_next_month:
        day = add_months(day.replace(day=1), 1)
    return max(day, rule.general)


# instrument, table, layout, rule (article), dates to recount besides the coverage date
INSTRUMENTS = [
    # TIP Protocol art. 17(2); in force 2003-12-25.
    ("tip-protocol", "untc_XVIII-12-a.csv", "untc", Rule(date(2003, 12, 25), days=30),
     [date(2003, 12, 25), date(2010, 1, 1), date(2014, 9, 30), date(2020, 7, 1)]),
    # CEDAW art. 27(2); in force 1981-09-03.
    ("cedaw", "untc_IV-8.csv", "untc", Rule(date(1981, 9, 3), days=30),
     [date(1981, 9, 3), date(1990, 1, 1), date(2000, 1, 1), date(2015, 4, 1)]),
    # CRC art. 49(2); in force 1990-09-02.
    ("crc", "untc_IV-11.csv", "untc", Rule(date(1990, 9, 2), days=30),
     [date(1990, 9, 2), date(1991, 1, 1), date(1995, 6, 1), date(2015, 9, 1)]),
    # CRC-OPSC art. 14(2); in force 2002-01-18.
    ("crc-opsc", "untc_IV-11-c.csv", "untc", Rule(date(2002, 1, 18), months=1),
     [date(2002, 1, 18), date(2008, 1, 1), date(2016, 3, 15), date(2022, 1, 1)]),
    # ICMW art. 87(2); in force 2003-07-01.
    ("icmw", "untc_IV-13.csv", "untc", Rule(date(2003, 7, 1), months=3, first_of_next_month=True),
     [date(2003, 7, 1), date(2005, 1, 1), date(2012, 6, 1), date(2020, 1, 1)]),
    # ILO C029 art. 28(3); in force 1932-05-01.
    ("ilo-c029", "normlex_C029.csv", "normlex", Rule(date(1932, 5, 1), months=12),
     [date(1932, 5, 1), date(1960, 1, 1), date(1993, 6, 1), date(2022, 1, 1)]),
    # ILO P029 art. 8; in force 2016-11-09.
    ("ilo-p029", "normlex_P029.csv", "normlex", Rule(date(2016, 11, 9), months=12),
     [date(2016, 11, 9), date(2019, 1, 1), date(2021, 6, 1), date(2023, 1, 1)]),
    # ILO C105 art. 4(3), denunciation art. 5(1); in force 1959-01-17.
    ("ilo-c105", "normlex_C105.csv", "normlex",
     Rule(date(1959, 1, 17), months=12, months_after_denunciation=12),
     [date(1959, 1, 17), date(1979, 12, 31), date(1991, 1, 10), date(2010, 1, 1)]),
    # ILO C182 art. 10(3); in force 2000-11-19.
    ("ilo-c182", "normlex_C182.csv", "normlex", Rule(date(2000, 11, 19), months=12),
     [date(2000, 11, 19), date(2002, 1, 1), date(2010, 1, 1), date(2020, 1, 1)]),
]  # fmt: skip


#: Instrument -> its table and layout (the page-table recount merges them too).
DEPOSITARY_TABLES = {slug: (file, layout) for slug, file, layout, _, _ in INSTRUMENTS}


@dataclass(frozen=True)
class Row:
    name: str
    consent: date | None
    kind: str | None
    entry_into_force: date | None  # stated by NORMLEX for a pending ratification
    denounced: date | None


def _day(text: str) -> date:
    return datetime.strptime(text, "%d %b %Y").date()


def read_table(file: str, layout: str) -> list[Row]:
    with (TABLES / file).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        next(reader)
        rows = []
        for cells in reader:
            name = re.sub(r"\s*\d+(\s*,\s*\d+)*$", "", cells[0].strip())  # "Ukraine 6, 7"
            if layout == "untc":
                consent_cell = cells[2].strip()
                if not consent_cell:
                    rows.append(Row(name, None, None, None, None))
                    continue
                parts = consent_cell.split(" ")  # "15 Aug 2014 a": day, month, year, flag
                date_text, flag = " ".join(parts[:3]), " ".join(parts[3:])
                rows.append(Row(name, _day(date_text), _KINDS[flag], None, None))
            else:
                note = cells[3].strip()
                stated = re.search(r"enter into force for .+ on (\d+ \w+ \d{4})", note)
                denounced = re.search(r"Denounced on (\d+ \w+ \d{4})", note)
                rows.append(
                    Row(
                        name,
                        _day(cells[1].strip()),
                        "ratification",
                        _day(stated[1]) if stated else None,
                        _day(denounced[1]) if denounced else None,
                    )
                )
    return rows


def newest_event(rows: list[Row]) -> date:
    return max(d for row in rows for d in (row.consent, row.denounced) if d is not None)


def bound_on(rows: list[Row], rule: Rule, day: date) -> set[str]:
    """Names bound on ``day``: consent in force by then, no denunciation in effect."""
    bound = set()
    for row in rows:
        if row.consent is None or row.consent > day:
            continue
        starts = row.entry_into_force or in_force_for(rule, row.consent)
        if starts > day:
            continue
        months = rule.months_after_denunciation
        left = add_months(row.denounced, months) if row.denounced and months else None
        if left is not None and left <= day:
            continue
        bound.add(row.name)
    return bound


def fold_key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).replace("\u2019", "'")
    return re.sub(r"\s*-\s*", "-", " ".join(text.split())).casefold().removeprefix("the ")


def actor_of(real: Snapshot) -> dict[str, str]:
    """Every name of every actor in the data -> its id."""
    found: dict[str, str] = {}
    for actor in real.model.actors.values():
        for name in (actor.label, *actor.alt_names):
            if name:
                found[fold_key(name)] = actor.iri
    return found


@pytest.mark.parametrize(("slug", "file", "layout", "rule", "dates"), INSTRUMENTS)
def test_every_row_is_in_the_data_as_the_depositary_gives_it(
    real: Snapshot, slug: str, file: str, layout: str, rule: Rule, dates: list[date]
) -> None:
    model = real.model
    names = actor_of(real)
    instrument = f"https://w3id.org/tkgraph/id/instrument/{slug}"
    rows = read_table(file, layout)
    assert rows
    for row in rows:
        actor = names.get(fold_key(row.name))
        assert actor is not None, f"{row.name} ({file}) names no actor"
        record = model.participations[model.participation_by_pair[(actor, instrument)]]
        assert record.consent_date == row.consent, (row.name, record.consent_date)
        if row.consent is not None:
            assert record.consent_kind == row.kind, (row.name, record.consent_kind)
        if row.entry_into_force is not None:
            assert record.entry_into_force_given == row.entry_into_force, row.name
        assert record.denunciation_date == row.denounced, row.name


@pytest.mark.parametrize(("slug", "file", "layout", "rule", "dates"), INSTRUMENTS)
def test_bound_sets_equal_a_recount_of_the_table(
    real: Snapshot,
    gql_real: Runner,
    slug: str,
    file: str,
    layout: str,
    rule: Rule,
    dates: list[date],
) -> None:
    rows = read_table(file, layout)
    names = actor_of(real)
    coverage_date = newest_event(rows)
    instrument = f"instrument:{slug}"
    iri = f"https://w3id.org/tkgraph/id/instrument/{slug}"
    for day in [*dates, coverage_date]:
        assert day <= coverage_date, "recount only where the table is complete"
        expected = {names[fold_key(n)] for n in bound_on(rows, rule, day)}
        found = {
            a.actor
            for a in assessments_for_instrument(real.model, iri, day)
            if a.status is Status.BOUND and not a.derived
        }
        assert found == expected, (day, sorted(found - expected), sorted(expected - found))
        result = gql_real.execute(
            f"""{{ instrument(id: "{instrument}") {{
                  boundCount(asOf: "{day.isoformat()}")
                  coverage(asOf: "{day.isoformat()}") {{ complete coverageDate }} }} }}"""
        )
        assert result.errors is None, result.errors
        assert result.data is not None
        answer = result.data["instrument"]
        assert answer["boundCount"] == len(expected), day
        assert answer["coverage"]["complete"] is True, day
    # The list is complete as of the table's newest event, not later.
    assert coverage_date.isoformat() <= answer["coverage"]["coverageDate"]


ISSUE_CASES = [
    # actor, instrument, date, status, bound from (issue: no party turned into a non-party)
    ("state:DE", "ilo-c105", "2023-06-01", "BOUND", "1960-06-22"),
    ("state:JP", "ilo-c105", "2023-06-01", "CONSENTED_NOT_IN_FORCE", None),
    ("state:JP", "ilo-c105", "2024-01-01", "BOUND", "2023-07-19"),
    ("state:MY", "ilo-c105", "2023-06-01", "NO_LONGER_BOUND", "1959-10-13"),
    ("state:SG", "ilo-c105", "2023-06-01", "NO_LONGER_BOUND", "1966-10-25"),
    ("state:BT", "tip-protocol", "2024-01-01", "BOUND", "2023-03-22"),
    ("state:ER", "tip-protocol", "2020-01-01", "BOUND", "2014-10-25"),
    ("state:AO", "tip-protocol", "2015-01-01", "BOUND", "2014-10-19"),
]


@pytest.mark.parametrize(("actor", "slug", "day", "status", "bound_from"), ISSUE_CASES)
def test_the_issue_cases(
    gql_real: Runner, actor: str, slug: str, day: str, status: str, bound_from: str | None
) -> None:
    result = gql_real.execute(
        f"""{{ binding(actor: "{actor}", instrument: "instrument:{slug}", asOf: "{day}") {{
              status boundFrom premises {{ node {{ sources {{ address }} }} }} }} }}"""
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    found = result.data["binding"]
    assert (found["status"], found["boundFrom"]) == (status, bound_from)
    addresses = {s["address"] for p in found["premises"] if p["node"] for s in p["node"]["sources"]}
    assert addresses, "the answer names its sources"


def test_no_record_with_an_entry_into_force_is_not_participating_after_it(real: Snapshot) -> None:
    from tkgraph.domain.binding import assess

    model = real.model
    checked = 0
    for record in model.participations.values():
        start = record.entry_into_force_given
        if start is None:
            continue
        for day in (start, start + timedelta(days=400), date(2026, 1, 1)):
            if day < start:
                continue
            a = assess(model, record.participant, record.instrument, day)
            assert a.status is not Status.NOT_PARTICIPATING, (record.iri, day, a.rule)
            checked += 1
    assert checked > 100
