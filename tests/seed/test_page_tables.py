"""The tables of data/tables/ against the generated seed files and the API.

Every check reads the tables with the csv and tomllib modules alone (no
importer code) and is parametrized over data/tables/*.toml, so a table added
later is covered without touching this file:

- each row has its participation node with its dates at the precision the
  table gives (YYYY -> xsd:gYear ...), or, where another seed file keeps a
  different value, a tk:alternativeValue naming the row's value;
- the generated list carries the table's completeness, date, extended list and
  checked-against count;
- ``boundCount`` and the BOUND set of the API equal an independent recount
  (entry-into-force rule read from the instrument file) at several dates up to
  the table's date; a partial table without a base list only has to be
  contained in the API's set;
- the participants with consent of every complete list equal the party count
  it is checked against.
"""

from __future__ import annotations

import calendar
import csv
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rdflib import Graph, Literal, URIRef

from tests.conftest import ROOT, Runner
from tests.seed.test_depositary_recount import DEPOSITARY_TABLES, read_table
from tkgraph.rdf.vocab import RDF, RDFS, TK, XSD, iri_for

SEED = ROOT / "seed"
TABLES = ROOT / "data" / "tables"
UNTC = ROOT / "data" / "untc"
SIDECARS = sorted(TABLES.glob("*.toml"))
IDS = [p.stem for p in SIDECARS]
FLAGS = {
    "": "ratification",
    "a": "accession",
    "A": "acceptance",
    "AA": "approval",
    "d": "succession",
}
DATE_COLUMNS = {
    "signature_date": TK.signatureDate,
    "consent_date": TK.consentDate,
    "entry_into_force": TK.entryIntoForceForParticipant,
    "denunciation_date": TK.denunciationDate,
    "denunciation_effective": TK.denunciationEffectiveDate,
}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# --------------------------------------------------------------------------
# Reading, independently of the importer
# --------------------------------------------------------------------------


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"\s*-\s*", "-", " ".join(text.split()))  # NORMLEX: "Guinea - Bissau"
    return text.casefold().removeprefix("the ")


@pytest.fixture(scope="module")
def state_codes() -> dict[str, str]:
    """Folded name -> ISO2 (or organisation slug), from seed/actors."""
    graph = Graph()
    for path in sorted((SEED / "actors").glob("*.ttl")):
        graph.parse(path, format="turtle")
    codes: dict[str, str] = {}
    for prop in (RDFS.label, TK.altName):
        for actor, name in graph.subject_objects(prop):
            codes[fold(str(name))] = str(actor).rpartition("/")[2]
    return codes


def sidecar(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def table_rows(path: Path) -> list[dict[str, str]]:
    with path.with_suffix(".csv").open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(handle)]


def slug_of(meta: dict[str, Any]) -> str:
    return str(meta["instrument"]).removeprefix("instrument:")


def code_of(row: dict[str, str], codes: dict[str, str]) -> str:
    return row["iso2"] or codes[fold(row["participant"])]


def generated(path: Path, meta: dict[str, Any]) -> Graph:
    return Graph().parse(SEED / "instruments" / f"{slug_of(meta)}.{path.stem}.ttl")


def typed(cell: str) -> Literal:
    if re.fullmatch(r"\d{4}", cell):
        return Literal(cell, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", cell):
        return Literal(cell, datatype=XSD.gYearMonth)
    return Literal(date.fromisoformat(cell))


def window(cell: str) -> tuple[date, date]:
    """The first and last day a YYYY / YYYY-MM / YYYY-MM-DD cell can mean."""
    if len(cell) == 4:
        return date(int(cell), 1, 1), date(int(cell), 12, 31)
    if len(cell) == 7:
        year, month = int(cell[:4]), int(cell[5:])
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date.fromisoformat(cell)
    return day, day


# --------------------------------------------------------------------------
# The entry-into-force rule, read from the hand-written instrument file
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    general: date | None
    days: int
    months: int
    first_of_next_month: bool
    not_before_general: bool
    known: bool = True  # False: the instrument has no rule (entry into force unknown)
    denunciation_months: int = 0  # a denunciation takes effect this long after it (0: no rule)

    @staticmethod
    def _plus_months(day: date, months: int) -> date:
        month = day.month - 1 + months
        year, month = day.year + month // 12, month % 12 + 1
        return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

    def denunciation_effective(self, notified: date) -> date | None:
        return (
            self._plus_months(notified, self.denunciation_months)
            if self.denunciation_months
            else None
        )

    def in_force(self, deposit: date) -> date:
        day = deposit + timedelta(days=self.days)
        if self.months:
            month = day.month - 1 + self.months
            year, month = day.year + month // 12, month % 12 + 1
            day = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
        if self.first_of_next_month:
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        if self.not_before_general and self.general is not None:
            day = max(day, self.general)
        return day


def rule_of(slug: str) -> Rule:
    graph = Graph().parse(SEED / "instruments" / f"{slug}.ttl")
    instrument = iri_for("instrument", slug)
    rule = graph.value(instrument, TK.entryIntoForceRule)
    general = graph.value(instrument, TK.entryIntoForceDate)

    def number(prop: URIRef) -> int:
        value = graph.value(rule, prop)
        return int(str(value)) if value is not None else 0

    def flag(prop: URIRef) -> bool:
        return str(graph.value(rule, prop)).lower() == "true"

    return Rule(
        date.fromisoformat(str(general)) if general is not None else None,
        number(TK.daysAfterDeposit),
        number(TK.monthsAfterDeposit),
        flag(TK.firstDayOfFollowingMonth),
        flag(TK.notBeforeGeneralEntryIntoForce),
        known=rule is not None,
        denunciation_months=number(TK.monthsAfterDenunciation),
    )


# --------------------------------------------------------------------------
# Recount
# --------------------------------------------------------------------------


@dataclass
class Record:
    consent: tuple[date, date] | None = None
    in_force: tuple[date, date] | None = None  # stated by the source
    left: tuple[date, date] | None = None  # denunciation effective


def untc_file(slug: str) -> Path:
    """data/untc/treaties_<chapter>-<rest>.csv of the instrument's UNTC reference."""
    graph = Graph().parse(SEED / "instruments" / f"{slug}.ttl")
    reference = str(graph.value(iri_for("instrument", slug), TK.untcReference))
    numeral, _, rest = reference.partition("-")
    values = [ROMAN[c] for c in numeral]
    chapter = sum(
        -v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values)
    )
    return UNTC / f"treaties_{chapter}-{rest}.csv"


def base_records(slug: str, codes: dict[str, str]) -> dict[str, Record]:
    """The UNTC table a table of changes extends (list:<slug>.untc)."""
    records: dict[str, Record] = {}
    with untc_file(slug).open(encoding="utf-8", newline="") as handle:
        for name, _signature, consent in list(csv.reader(handle))[1:]:
            code = codes[fold(re.sub(r"[\d\s,]+$", "", name.strip()))]
            record = records.setdefault(code, Record())
            if consent.strip():
                day = datetime.strptime(" ".join(consent.split()[:3]), "%d %b %Y").date()
                record.consent = (day, day)
    return records


def recount(
    path: Path, codes: dict[str, str], rule: Rule | None = None
) -> tuple[dict[str, Record], date | None]:
    """Participant -> what the table (over its base list, if any) says; and the
    date of the base list."""
    meta = sidecar(path)
    slug = slug_of(meta)
    base_date = None
    records: dict[str, Record] = {}
    if "extends" in meta:
        assert meta["extends"] == f"list:{slug}.untc", "recount knows UNTC base lists only"
        records = base_records(slug, codes)
        base_date = (
            Graph()
            .parse(SEED / "instruments" / f"{slug}.untc.ttl")
            .value(iri_for("list", f"{slug}.untc"), TK.asOfDate)
        )
    if slug in DEPOSITARY_TABLES:
        # The depositary's own 2023 table: its days win over this table's rows,
        # and it lists every participant up to its newest event.
        file, layout = DEPOSITARY_TABLES[slug]
        rows = read_table(file, layout)
        for row in rows:
            code = codes[fold(row.name)]
            record = records.setdefault(code, Record())
            record.consent = (row.consent, row.consent) if row.consent else None
            if row.entry_into_force:
                record.in_force = (row.entry_into_force, row.entry_into_force)
            if row.denounced and rule is not None and rule.denunciation_months:
                effective = rule.denunciation_effective(row.denounced)
                assert effective is not None
                record.left = (effective, effective)
        newest = max(d for row in rows for d in (row.consent, row.denounced) if d)
        base_date = max(filter(None, [newest, _as_date(base_date)]))
    for row in table_rows(path):
        record = records.setdefault(code_of(row, codes), Record())
        if row["consent_date"] and record.consent is None:  # the base (depositary) wins
            record.consent = window(row["consent_date"])
        if row["entry_into_force"]:
            record.in_force = window(row["entry_into_force"])
        if row["denunciation_effective"]:
            record.left = window(row["denunciation_effective"])
        elif row["denunciation_date"] and rule is not None and rule.denunciation_months:
            # effective by the instrument's rule, over the window of the notice
            notified = window(row["denunciation_date"])
            first, last = (rule.denunciation_effective(d) for d in notified)
            assert first is not None and last is not None
            record.left = (first, last)
    return records, _as_date(base_date)


def _as_date(value: object) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def windows(record: Record) -> list[tuple[date, date]]:
    return [w for w in (record.consent, record.in_force, record.left) if w is not None]


def bound(records: dict[str, Record], rule: Rule, day: date) -> tuple[set[str], set[str]]:
    """(certainly bound, possibly bound) on ``day``."""
    certain: set[str] = set()
    possible: set[str] = set()
    for code, record in records.items():
        if record.consent is None:
            continue
        first, last = record.in_force or (
            rule.in_force(record.consent[0]),
            rule.in_force(record.consent[1]),
        )
        gone_first, gone_last = record.left or (date.max, date.max)
        if first <= day and not gone_last <= day:
            possible.add(code)
        # Without a rule, the day it entered into force is unknown unless stated.
        if last <= day and not gone_first <= day and (rule.known or record.in_force):
            certain.add(code)
    return certain, possible


def check_dates(path: Path, records: dict[str, Record], base_date: date | None) -> list[date]:
    """A few dates from the first consent to the table's date (and the base's)."""
    meta = sidecar(path)
    as_of = date.fromisoformat(str(meta["as_of"]))
    starts = [r.consent[1] for r in records.values() if r.consent is not None]
    first = min(starts, default=as_of)
    step = max((as_of.year - first.year) // 4, 1)
    days = {date(year, 1, 1) for year in range(first.year + 1, as_of.year + 1, step)}
    days |= {as_of} | ({base_date} if base_date else set())
    return sorted(d for d in days if d <= as_of)


BOUND = """query($i: ID!, $d: Date, $after: String) { instrument(id: $i) {
  boundCount(asOf: $d, assertedOnly: true)
  bindings(asOf: $d, status: [BOUND], assertedOnly: true, first: 200, after: $after) {
    nodes { actor { id } } pageInfo { hasNextPage endCursor } } } }"""


def api_bound(gql: Runner, slug: str, day: date) -> tuple[int, set[str]]:
    ids: set[str] = set()
    after = None
    while True:
        found = gql(BOUND, i=f"instrument:{slug}", d=day.isoformat(), after=after)["instrument"]
        ids |= {b["actor"]["id"].partition(":")[2] for b in found["bindings"]["nodes"]}
        page = found["bindings"]["pageInfo"]
        if not page["hasNextPage"]:
            return found["boundCount"], ids
        after = page["endCursor"]


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------


def sidecars() -> Iterator[Any]:
    assert SIDECARS, "data/tables holds the bundled page tables"
    for path in SIDECARS:
        yield pytest.param(path, id=path.stem)


def counted_sidecars() -> Iterator[Any]:
    """The tables that can be recounted alone: complete, with a count, extending nothing."""
    for path in SIDECARS:
        meta = sidecar(path)
        if "checked_against" in meta and "extends" not in meta:
            yield pytest.param(path, id=path.stem)


@pytest.mark.parametrize("path", list(sidecars()))
def test_every_row_is_in_the_generated_file(path: Path, state_codes: dict[str, str]) -> None:
    meta = sidecar(path)
    graph = generated(path, meta)
    rows = table_rows(path)
    nodes = set(graph.subjects(RDF.type, TK.Participation))
    assert len(nodes) == len(rows)
    the_list = iri_for("list", f"{slug_of(meta)}.{path.stem}")
    for row in rows:
        node = iri_for("participation", f"{slug_of(meta)}.{code_of(row, state_codes)}")
        assert node in nodes, row["participant"]
        assert (node, TK.inList, the_list) in graph
        alternatives = " ".join(str(a) for a in graph.objects(node, TK.alternativeValue))
        for column, prop in DATE_COLUMNS.items():
            if not row[column]:
                continue
            values = set(graph.objects(node, prop))
            if values:
                assert values == {typed(row[column])}, (row["participant"], column)
            else:  # another file keeps another value: the row's is an alternative
                assert f"gives {row[column]} for" in alternatives, (row["participant"], column)
        if row["status"] == "unverified":
            assert (node, TK.verification, TK.unverified) in graph
            assert graph.value(node, TK.note) is not None


@pytest.mark.parametrize("path", list(sidecars()))
def test_the_list_says_what_the_sidecar_says(path: Path) -> None:
    meta = sidecar(path)
    graph = generated(path, meta)
    the_list = iri_for("list", f"{slug_of(meta)}.{path.stem}")
    assert (the_list, RDF.type, TK.ParticipantList) in graph
    assert graph.value(the_list, TK.listOf) == iri_for("instrument", slug_of(meta))
    assert str(graph.value(the_list, TK.asOfDate)) == str(meta["as_of"])
    expected = TK.complete if meta["completeness"] == "complete" else TK.partial
    assert graph.value(the_list, TK.completeness) == expected
    if "extends" in meta:
        kind, _, local = str(meta["extends"]).partition(":")
        assert graph.value(the_list, TK.extendsList) == iri_for(kind, local)
    if "checked_against" in meta:
        figure = graph.value(the_list, TK.checkedAgainst)
        assert int(str(graph.value(figure, TK.value))) == meta["checked_against"]["count"]
        assert str(graph.value(figure, TK.asOfDate)) == str(meta["checked_against"]["as_of"])


@pytest.mark.parametrize("path", list(counted_sidecars()))
def test_complete_table_rows_match_their_count(path: Path) -> None:
    """Plain recount of the CSV: consents on the count's day, less denunciations."""
    meta = sidecar(path)
    day = date.fromisoformat(str(meta["checked_against"]["as_of"]))
    consents = sum(
        1
        for row in table_rows(path)
        if row["consent_date"]
        and window(row["consent_date"])[1] <= day
        and not (row["denunciation_effective"] and window(row["denunciation_effective"])[0] <= day)
    )
    assert consents == meta["checked_against"]["count"]


@pytest.mark.parametrize("path", list(sidecars()))
def test_bound_sets_equal_an_independent_recount(
    path: Path, state_codes: dict[str, str], gql_real: Runner
) -> None:
    meta = sidecar(path)
    slug = slug_of(meta)
    rule = rule_of(slug)
    records, base_date = recount(path, state_codes, rule)
    census = meta["completeness"] == "complete" or base_date is not None
    for day in check_dates(path, records, base_date):
        certain, possible = bound(records, rule, day)
        count, ids = api_bound(gql_real, slug, day)
        assert count == len(ids), day
        if not census:
            # a partial table: every row certainly bound must be bound
            assert certain <= ids, (day, sorted(certain - ids))
            continue
        if certain != possible or (base_date is not None and day > base_date):
            # Past the base list's date only this table's rows are known, some
            # to the year: the engine must answer BOUND only where certain.
            assert certain <= ids <= possible, (day, sorted(certain ^ ids))
        else:
            assert ids == certain, (day, sorted(certain ^ ids))
            assert count == len(certain)


def checked_lists() -> Iterator[Any]:
    graph = Graph()
    for file in sorted((SEED / "instruments").glob("*.ttl")):
        graph.parse(file, format="turtle")
    found = sorted(
        (str(s).rpartition("/")[2], graph) for s in graph.subjects(TK.checkedAgainst, None)
    )
    for local, g in found:
        yield pytest.param(local, g, id=local)


@pytest.mark.parametrize(("local", "graph"), list(checked_lists()))
def test_participants_with_consent_equal_the_checked_count(local: str, graph: Graph) -> None:
    """For each complete list with a count: the participants with consent on the
    count's day (the list's rows and those of the list it extends) equal it."""
    the_list = iri_for("list", local)
    assert graph.value(the_list, TK.completeness) == TK.complete
    lists = {the_list, *graph.objects(the_list, TK.extendsList)}
    rows = {n for lst in lists for n in graph.subjects(TK.inList, lst)}
    for figure in graph.objects(the_list, TK.checkedAgainst):
        day = date.fromisoformat(str(graph.value(figure, TK.asOfDate)))
        consents = 0
        for node in rows:
            consent = graph.value(node, TK.consentDate)
            left = graph.value(node, TK.denunciationEffectiveDate)
            # a row states its participant as of the list's day: a consent kind
            # without a date was given by then
            undated = consent is None and graph.value(node, TK.consentKind) is not None
            if not undated and (consent is None or window(str(consent))[1] > day):
                continue
            if left is not None and window(str(left))[0] <= day:
                continue
            consents += 1
        assert consents == int(str(graph.value(figure, TK.value))), (local, str(figure))
