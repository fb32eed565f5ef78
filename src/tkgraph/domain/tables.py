"""The tables researchers download and the series the charts draw.

Each function returns plain rows (lists of dicts with the same keys in the
same order), computed with the same engine as the GraphQL API, so a CSV, the
atlas and a `binding` query never disagree. Rendering (CSV, JSON) is
tabular.py's job; serving them is downloads.py's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tkgraph.domain import binding as b
from tkgraph.domain import cooperation as co
from tkgraph.domain import rosters
from tkgraph.domain.coverage import coverage_of
from tkgraph.domain.network import Network
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.vocab import id_for_iri

Row = dict[str, object]


def _full_label(model: ReadModel, iri: str) -> str:
    # tables name actors in full (rdfs:label), not by the short display label
    node = model.nodes.get(iri)
    return (node.label if node else None) or id_for_iri(iri)


def _sources(model: ReadModel, iris: Iterable[str]) -> tuple[str, str]:
    """Titles and addresses of the sources of some records, each list joined by ' | '."""
    seen: dict[str, None] = {}
    for iri in iris:
        node = model.nodes.get(iri)
        for source in node.sources if node else ():
            seen.setdefault(source)
    titles, addresses = [], []
    for source in seen:
        record = model.sources.get(source)
        titles.append((record.title if record else None) or id_for_iri(source))
        addresses.append((record.address if record else None) or "")
    return " | ".join(titles), " | ".join(a for a in addresses if a)


def states(model: ReadModel) -> list[str]:
    """Every state in the data, by label."""
    found = [iri for iri, a in model.actors.items() if a.kind == "State"]
    return sorted(found, key=lambda iri: _full_label(model, iri).casefold())


def assessment_row(model: ReadModel, a: b.Assessment) -> Row:
    actor = model.actors.get(a.actor)
    titles, addresses = _sources(model, [p.iri for p in a.premises])
    return {
        "actor": id_for_iri(a.actor),
        "actor_label": _full_label(model, a.actor),
        "iso2": actor.iso2 if actor else None,
        "iso3": actor.iso3 if actor else None,
        "wikidata": actor.wikidata if actor else None,
        "instrument": id_for_iri(a.instrument),
        "as_of": a.as_of.isoformat(),
        "status": a.status.name,
        "rule": a.rule.value,
        "derived": a.derived,
        "bound_from": a.bound_from.isoformat() if a.bound_from else None,
        "bound_until": a.bound_until.isoformat() if a.bound_until else None,
        "known_until": a.known_until.isoformat() if a.known_until else None,
        "carried_forward": a.carried_forward,
        "last_known_status": a.last_known.status.name if a.last_known else None,
        "basis": a.reason,
        "source_titles": titles,
        "source_addresses": addresses,
    }


def bindings(model: ReadModel, instrument: str, as_of: date, *, all_states: bool) -> list[Row]:
    """The status of every actor with a record (and, with all_states, of every state)."""
    actors = b.candidate_actors(model, instrument)
    if all_states:
        actors = list(dict.fromkeys([*actors, *states(model)]))
    rows = [assessment_row(model, b.assess(model, actor, instrument, as_of)) for actor in actors]
    rows.sort(key=lambda row: str(row["actor_label"]).casefold())
    return rows


# A matrix is one assessment per cell: the GraphQL bindingMatrix and the
# matrix download answer at most this many.
MAX_MATRIX_CELLS = 10_000


def matrix(model: ReadModel, actors: list[str], instruments: list[str], as_of: date) -> list[Row]:
    """One row per (actor, instrument): the binding matrix in long form."""
    return [
        assessment_row(model, b.assess(model, actor, instrument, as_of))
        for actor in actors
        for instrument in instruments
    ]


def participations(model: ReadModel, instrument: str) -> list[Row]:
    """The participation records of an instrument as the sources give them."""
    rows: list[Row] = []
    for iri in model.participations_by_instrument.get(instrument, []):
        p = model.participations[iri]
        actor = model.actors.get(p.participant)
        titles, addresses = _sources(model, [iri])
        rows.append({
            "participation": id_for_iri(iri),
            "actor": id_for_iri(p.participant),
            "actor_label": _full_label(model, p.participant),
            "iso2": actor.iso2 if actor else None,
            "iso3": actor.iso3 if actor else None,
            "signature_date": _iso(p.signature_date),
            "consent_kind": p.consent_kind,
            "consent_date": _iso(p.consent_date),
            "entry_into_force_given": _iso(p.entry_into_force_given),
            "denunciation_date": _iso(p.denunciation_date),
            "denunciation_effective": _iso(p.denunciation_effective),
            "verification": p.verification or "verified",
            "note": p.note,
            "source_titles": titles,
            "source_addresses": addresses,
        })  # fmt: skip
    rows.sort(key=lambda row: str(row["actor_label"]).casefold())
    return rows


def cooperation_edges(
    model: ReadModel, net: Network, actor: str, window: co.Window | None = None
) -> list[Row]:
    """One row per piece of evidence that `actor` cooperates with a partner."""
    rows: list[Row] = []
    for found in co.cooperation_of(model, net, actor, window=window or co.Window()):
        for e in found.evidence:
            titles, addresses = _sources(model, [e.via, *e.records])
            rows.append({
                "actor": id_for_iri(actor),
                "actor_label": _full_label(model, actor),
                "partner": id_for_iri(found.partner),
                "partner_label": _full_label(model, found.partner),
                "evidence_kind": e.kind.name,
                "via": id_for_iri(e.via),
                "via_label": _full_label(model, e.via),
                "actor_roles": " | ".join(e.roles),
                "partner_roles": " | ".join(e.partner_roles),
                "start_date": _iso(e.start),
                "end_date": _iso(e.end),
                "source_titles": titles,
                "source_addresses": addresses,
            })  # fmt: skip
    return rows


def members(model: ReadModel, organization: str, as_of: date) -> list[Row]:
    """Whether each state (and each actor with a membership record) is a member
    of an organisation on `as_of`, as domain/rosters.py answers: a state
    without a record is NOT_MEMBER only inside a complete roster's coverage,
    UNKNOWN otherwise; a year-only date is UNKNOWN inside its year; a
    suspended member is a MEMBER with the date and source of its suspension.
    """
    rows: list[Row] = []
    for answer in rosters.member_answers(model, organization, as_of, every_state=True):
        m = answer.membership
        actor = model.actors.get(answer.actor)
        titles, addresses = _sources(model, [m.iri] if m else [])
        suspension = answer.suspension
        s_titles, _ = _sources(model, [suspension.iri] if suspension else [])
        rows.append({
            "actor": id_for_iri(answer.actor),
            "actor_label": _full_label(model, answer.actor),
            "iso2": actor.iso2 if actor else None,
            "iso3": actor.iso3 if actor else None,
            "organization": id_for_iri(organization),
            "as_of": as_of.isoformat(),
            "status": answer.status.value,
            "basis": answer.reason,
            "start_date": str(m.start) if m and m.start else None,
            "end_date": str(m.end) if m and m.end else None,
            "suspended_since": str(suspension.start) if suspension and suspension.start else None,
            "suspension_source_titles": s_titles,
            "verification": (m.verification or "verified") if m else None,
            "source_titles": titles,
            "source_addresses": addresses,
        })  # fmt: skip
    rows.sort(key=lambda row: str(row["actor_label"]).casefold())
    return rows


def roster_meta(model: ReadModel, organization: str, day: date) -> dict[str, object]:
    """What the membership data cover for one organisation on one day, for a table's meta."""
    coverage = rosters.roster_coverage(model, organization)
    warning = coverage.warning(day)
    return {
        "complete": coverage.covers(day),
        "coverageDate": _iso(coverage.coverage_date),
        "warning": None if warning is None else {
            "code": warning.code.name, "coverageDate": _iso(warning.coverage_date),
            "message": warning.message,
        },
    }  # fmt: skip


def coverage_meta(model: ReadModel, instrument: str, day: date) -> dict[str, object]:
    """What the data cover for one instrument on one day, for a table's meta."""
    coverage = coverage_of(model, instrument)
    warning = coverage.warning(day)
    count = coverage.newest_party_count
    return {
        "complete": coverage.membership_based or coverage.covers(day),
        "coverageDate": _iso(coverage.coverage_date),
        "warning": None if warning is None else {
            "code": warning.code.name, "coverageDate": _iso(warning.coverage_date),
            "message": warning.message,
        },
        "newestPartyCount": None if count is None or count.value is None else {
            "value": int(count.value), "asOf": _iso(count.as_of), "label": count.label,
        },
    }  # fmt: skip


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True)
class Timeline:
    """Bound parties over time and consents per year, for one instrument."""

    instrument: str
    points: list[tuple[date, int]]  # (day, number bound that day), ascending
    consents_per_year: list[tuple[int, int]]  # (year, consents deposited that year)


def timeline(model: ReadModel, instrument: str, until: date) -> Timeline:
    """The number bound on every day the number can change, up to `until`.

    The days are those on which a consent takes effect or a denunciation ends
    one, as the engine computes them (bound_from / bound_until of each actor
    on `until`), plus 1 January of each year; each point is the engine's
    count of that day (`boundCount`), looked up in the instrument's timeline.
    """
    actors = b.candidate_actors(model, instrument)
    days: set[date] = {until}
    consents: Counter[int] = Counter()
    for iri in model.participations_by_instrument.get(instrument, []):
        p = model.participations[iri]
        if p.consent_date is not None:
            consents[p.consent_date.year] += 1
    for actor in actors:
        a = b.assess(model, actor, instrument, until)
        for day in (a.bound_from, a.bound_until, a.entry_into_force):
            if day is not None and day <= until:
                days.add(day)
    if len(days) > 1 or consents:
        first = min([*days, *(date(y, 1, 1) for y in consents)])
        days.update(date(y, 1, 1) for y in range(first.year, until.year + 1))
    points = [
        (day, b.bound_count(model, instrument, day))
        for day in sorted(d for d in days if d <= until)
    ]
    return Timeline(instrument, points, sorted(consents.items()))
