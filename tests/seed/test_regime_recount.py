"""A recount of the UN Treaty Collection tables of the 1949 Convention, the
1926 Slavery Convention and the 1956 Supplementary Convention, read here with
plain `csv`, independently of the importers: the engine's bound set and
`boundCount` on several dates equal a count of each table by the
instrument's rule, written here from its articles."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, timedelta

import pytest

from tests.conftest import ROOT, Runner
from tests.seed.test_depositary_recount import actor_of, fold_key
from tkgraph.domain.binding import Status, assessments_for_instrument
from tkgraph.domain.network import LinkKind
from tkgraph.model.indexes import STATED_RELATIONS, inverse_relation
from tkgraph.service.snapshot import Snapshot

UNTC = ROOT / "data" / "untc"

# instrument, table, days after deposit, general entry into force, complete, dates
CASES = [
    # 1949 Convention art. 24: the ninetieth day after deposit; in force 1951-07-25.
    ("traffic-persons-convention-1949", "treaties_7-11-a.csv", 90, date(1951, 7, 25), True,
     [date(1960, 1, 1), date(1980, 1, 1), date(2000, 1, 1), date(2013, 7, 1)]),
    # 1956 Supplementary Convention art. 13(2): on the day of deposit; in force 1957-04-30.
    ("supplementary-slavery-convention-1956", "treaties_18-4.csv", 0, date(1957, 4, 30), True,
     [date(1960, 1, 1), date(1990, 1, 1), date(2013, 7, 1)]),
    # 1926 Slavery Convention art. 12: on the day of deposit; in force 1927-03-09. The
    # UNTC table lists only the actions since the UN took it over (partial).
    ("slavery-convention-1926", "treaties_18-3.csv", 0, date(1927, 3, 9), False,
     [date(1960, 1, 1), date(1990, 1, 1), date(2013, 7, 1)]),
]  # fmt: skip


def read_consents(file: str) -> dict[str, date]:
    """Participant -> day of deposit, for the rows with a consent."""
    with (UNTC / file).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    found = {}
    for cells in rows[1:]:
        name = re.sub(r"\s*\d+(\s*,\s*\d+)*$", "", cells[0].strip())
        consent = cells[-1].strip()
        if consent:
            found[name] = datetime.strptime(" ".join(consent.split()[:3]), "%d %b %Y").date()
    return found


@pytest.mark.parametrize(("slug", "file", "days", "general", "complete", "dates"), CASES)
def test_bound_sets_equal_a_recount_of_the_untc_table(
    real: Snapshot,
    gql_real: Runner,
    slug: str,
    file: str,
    days: int,
    general: date,
    complete: bool,
    dates: list[date],
) -> None:
    names = actor_of(real)
    consents = {names[fold_key(n)]: day for n, day in read_consents(file).items()}
    iri = f"https://w3id.org/tkgraph/id/instrument/{slug}"
    for day in dates:
        expected = {
            actor
            for actor, deposit in consents.items()
            if max(deposit + timedelta(days=days), general) <= day
        }
        found = {
            a.actor
            for a in assessments_for_instrument(real.model, iri, day)
            if a.status is Status.BOUND and not a.derived
        }
        if not complete:
            # Only the table's own participants: the League-era parties come from other lists.
            found &= set(consents)
        assert found == expected, (day, sorted(found - expected), sorted(expected - found))
        if complete:
            result = gql_real.execute(
                f'{{ instrument(id: "instrument:{slug}") {{ boundCount(asOf: "{day.isoformat()}") }} }}'
            )
            assert result.errors is None, result.errors
            assert result.data is not None
            assert result.data["instrument"]["boundCount"] == len(expected), day


@pytest.mark.parametrize("code", ["FR", "DE", "DK", "ES", "GB", "IT", "CH"])
def test_the_1904_agreements_original_parties_are_bound_in_1910_with_sources(
    gql_real: Runner, code: str
) -> None:
    result = gql_real.execute(
        f"""{{ binding(actor: "state:{code}", instrument: "instrument:white-slave-traffic-agreement-1904",
                       asOf: "1910-01-01") {{
              status boundFrom premises {{ role node {{ sources {{ address }} }} }} }} }}"""
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    found = result.data["binding"]
    # Ratifications deposited at Paris on 18 January 1905; in force 18 July 1905.
    assert (found["status"], found["boundFrom"]) == ("BOUND", "1905-07-18")
    participation = next(p for p in found["premises"] if p["role"] == "participation")
    assert participation["node"]["sources"]


def superseded_by_the_1949_convention(
    gql_real: Runner, actor: str, slug: str, as_of: str
) -> dict[str, str]:
    """The actor's BOUND binding to an earlier instrument names the 1949 Convention
    as the one governing between parties (art. 28); its supersession is returned."""
    result = gql_real.execute(
        f"""{{ binding(actor: "{actor}", instrument: "instrument:{slug}", asOf: "{as_of}") {{
              status supersession {{ by {{ id }} since basis reason }} }} }}"""
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    found = result.data["binding"]
    assert found["status"] == "BOUND"
    supersession: dict[str, str] = found["supersession"]
    assert supersession["by"]["id"] == "instrument:traffic-persons-convention-1949"  # type: ignore[index]
    assert supersession["basis"] == "art. 28"
    return supersession


def test_a_party_to_the_1904_agreement_and_the_1949_convention_is_told_which_governs(
    gql_real: Runner,
) -> None:
    supersession = superseded_by_the_1949_convention(
        gql_real, "state:FR", "white-slave-traffic-agreement-1904", "1970-01-01"
    )
    # France acceded to the 1949 Convention on 19 November 1960 (UNTC VII-11-a):
    # in force for it on the ninetieth day after.
    assert supersession["since"] == "1961-02-17"


def test_every_stated_instrument_relation_is_one_link_and_named_from_both_sides(
    real: Snapshot,
) -> None:
    """An amended text states that it is "asAmendedBy" its protocol: a name that
    ends in "By" like the inverses, yet stated, so it must be a link and its
    inverse must be a name of its own."""
    stated = {
        (iri, relation, other)
        for iri, related in real.model.related_instruments.items()
        for relation, other in related
        if relation in STATED_RELATIONS
    }
    links = {
        (link.source, link.relation, link.target)
        for node_links in real.network.links_by_node.values()
        for link in node_links
        if link.kind is LinkKind.INSTRUMENT_RELATION
    }
    assert links == stated
    assert any(relation == "asAmendedBy" for _, relation, _ in stated)
    inverses = {inverse_relation(r) for r in STATED_RELATIONS}
    assert not inverses & set(STATED_RELATIONS)
    for iri, relation, other in stated:
        assert (inverse_relation(relation), iri) in real.model.related_instruments[other]
