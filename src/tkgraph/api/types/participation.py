"""Participation records (signature, consent) of actors in instruments, the
participant lists they were read from, and what those lists cover."""

from __future__ import annotations

from datetime import date
from typing import Self, TypedDict

import strawberry

from tkgraph.api.context import Info, get_context
from tkgraph.api.coverage_types import note_assessment
from tkgraph.api.types import activities, actors, bindings, instruments
from tkgraph.api.types.fields import from_record, related
from tkgraph.api.types.nodes import Node, Source
from tkgraph.api.types.refs import ActorRef, BindingRef, FigureRef, InstrumentRef, StatementRef
from tkgraph.domain import binding as b
from tkgraph.domain import coverage as cv
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


@strawberry.type(
    description="One participant's record in one instrument. Signing alone does not bind."
)
class Participation(Node):
    record: strawberry.Private[r.ParticipationRecord]
    participant: ActorRef | None = related(
        r.ParticipationRecord, lambda model, rec: actors.actor(model, rec.participant)
    )
    instrument: InstrumentRef | None = related(
        r.ParticipationRecord, lambda model, rec: instruments.instrument(model, rec.instrument)
    )
    signature_date: date | None
    consent_kind: str | None = strawberry.field(
        description="ratification, accession, acceptance, approval or succession; null if only signed."
    )
    consent_date: date | None = strawberry.field(
        description="Date of deposit of the instrument of consent."
    )
    entry_into_force: date | None = related(
        r.ParticipationRecord,
        lambda model, rec: b.entry_into_force_for(model, rec)[0],
        "Entry into force for this participant: given in the data, or computed from the instrument's rule.",
    )
    entry_into_force_basis: b.EntryIntoForceBasis = related(
        r.ParticipationRecord, lambda model, rec: b.entry_into_force_for(model, rec)[1]
    )
    denunciation_effective_date: date | None

    @classmethod
    def from_record(cls, rec: r.ParticipationRecord) -> Self:
        return from_record(cls, rec, denunciation_effective_date=rec.denunciation_effective)

    @strawberry.field(description="Reservations and declarations made in this participation.")
    def statements(self, info: Info) -> list[StatementRef]:
        model = get_context(info).model
        return [
            instruments.Statement.from_record(model.statements[s])
            for s in model.statements_by_participation.get(self.record.iri, [])
        ]

    @strawberry.field(
        description="The oldest participation table this record was imported from (sourceTables: all of them)."
    )
    def source_table(self, info: Info) -> Source | None:
        tables = self.source_tables(info)
        return tables[0] if tables else None

    @strawberry.field(
        description="Every participation table this record was imported from, oldest first: a newer table that updates the record adds its own."
    )
    def source_tables(self, info: Info) -> list[Source]:
        model = get_context(info).model
        found = [model.sources[t] for t in self.record.source_tables if t in model.sources]
        return [Source.from_record(rec) for rec in sorted(found, key=lambda s: s.as_of or date.min)]

    @strawberry.field(description="Legal status on asOf (default today), with its basis.")
    def status(self, info: Info, as_of: date | None = None) -> BindingRef:
        context = get_context(info)
        a = b.assess(
            context.model, self.record.participant, self.record.instrument, context.day(as_of)
        )
        return bindings.Binding.from_assessment(note_assessment(context, a))

    @strawberry.field(
        description="Values other sources give where they disagree with this record (the record keeps the depositary's value), and the record's note."
    )
    def alternative_values(self) -> list[str]:
        return list(self.record.alternative_values)

    @strawberry.field(description="The participant lists that hold this record.")
    def in_lists(self, info: Info) -> list[ParticipantList]:
        model = get_context(info).model
        return [
            ParticipantList.from_record(model.participant_lists[pl])
            for pl in self.record.in_lists
            if pl in model.participant_lists
        ]

    @strawberry.field(
        description="Dates the sources give to the year or month only: the first and last possible day of each (signatureDate / consentDate then hold the first possible day)."
    )
    def imprecise_dates(self) -> list[DateWindow]:
        return [
            DateWindow(field=_camel(name), earliest=getattr(self.record, name), latest=last)
            for name, last in self.record.date_windows
        ]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@strawberry.type(description="A date known to the year or month only.")
class DateWindow:
    field: str = strawberry.field(description="signatureDate or consentDate")
    earliest: date
    latest: date


@strawberry.type(
    description="The participants of one instrument as read from one or more sources, as of one date; complete when it lists every participant that day."
)
class ParticipantList(Node):
    record: strawberry.Private[r.ParticipantListRecord]
    instrument: InstrumentRef | None = related(
        r.ParticipantListRecord, lambda model, rec: instruments.instrument(model, rec.instrument)
    )
    as_of: date | None
    complete: bool = strawberry.field(
        description="true: lists every participant on asOf; false: some only."
    )

    @strawberry.field(description="The dated party counts the list was checked against.")
    def checked_against(self, info: Info) -> list[FigureRef]:
        model = get_context(info).model
        return [
            activities.Figure.from_record(model.figures[f])
            for f in self.record.checked_against
            if f in model.figures
        ]


class _DataCoverageFields(TypedDict):
    coverage: cv.Coverage
    as_of: date
    complete: bool
    coverage_date: date | None


@strawberry.type(description="What the participation data of an instrument cover, for one date.")
class DataCoverage:
    coverage: strawberry.Private[cv.Coverage]
    as_of: date = strawberry.field(description="The date asked about.")
    complete: bool = strawberry.field(
        description="true when the data know every participant on asOf: a complete list covers it "
        "(or the instrument binds the members of an organisation: the membership data decide)."
    )
    coverage_date: date | None = strawberry.field(
        description="The as-of date of the newest complete list of participants; null if the data hold none."
    )

    @staticmethod
    def fields_of(coverage: cv.Coverage, day: date) -> _DataCoverageFields:
        return {
            "coverage": coverage,
            "as_of": day,
            "complete": coverage.membership_based or coverage.covers(day),
            "coverage_date": coverage.coverage_date,
        }

    @strawberry.field
    def newest_complete_list(self) -> ParticipantList | None:
        found = self.coverage.newest_complete
        return ParticipantList.from_record(found) if found else None

    @strawberry.field(description="Every participant list of the instrument, newest first.")
    def lists(self) -> list[ParticipantList]:
        return [ParticipantList.from_record(pl) for pl in self.coverage.lists]

    @strawberry.field(
        description="The newest dated party count the sources give (with its sources), for comparison."
    )
    def newest_party_count(self) -> FigureRef | None:
        found = self.coverage.newest_party_count
        return activities.Figure.from_record(found) if found else None


@strawberry.type(
    description="Counts of the statuses on a date, over the actors the data hold a record for (or "
    "bind through membership), with what the data cover. When complete is false, actors "
    "without a record may take part too."
)
class CoverageSummary(DataCoverage):
    bound: int
    unknown: int = strawberry.field(description="Statuses the data cannot tell on asOf.")
    not_participating: int
    carried_forward: int = strawberry.field(
        description="Bound ones whose status is carried forward past the data (knownUntil before asOf)."
    )


def participation(model: ReadModel, iri: str | None) -> Participation | None:
    rec = model.participations.get(iri) if iri else None
    return Participation.from_record(rec) if rec else None
