"""Cooperation activities (agreements, programmes, joint operations), who took
part in them, and the dated, sourced figures reported on them."""

from __future__ import annotations

from datetime import date
from typing import Self

import strawberry

from tkgraph.api.context import Info, get_context
from tkgraph.api.types import actors, instruments
from tkgraph.api.types.fields import from_record, related
from tkgraph.api.types.nodes import Node
from tkgraph.api.types.refs import ActorRef, InstrumentRef
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


@strawberry.type(description="A dated, sourced number.")
class Figure(Node):
    record: strawberry.Private[r.FigureRecord]
    measure: str | None = strawberry.field(
        description="arrests, victimsIdentified, partyCount, budget ..."
    )
    value: float | None
    count: int | None = strawberry.field(
        description="The value as an integer when it is a whole number (party counts, arrests ...); null otherwise."
    )
    unit: str | None
    as_of: date | None = strawberry.field(
        description="The date the source gives for the figure; when it gives only a month or a year, the first day of it (see asOfLatest)."
    )
    as_of_latest: date | None = strawberry.field(
        description="When the source dates the figure to a month or a year only: the last day of it; null when asOf is the day."
    )

    @classmethod
    def from_record(cls, rec: r.FigureRecord) -> Self:
        value = rec.value
        return from_record(
            cls, rec, count=int(value) if value is not None and value.is_integer() else None
        )


@strawberry.type(description="A cooperation agreement, programme or joint operation.")
class Activity(Node):
    record: strawberry.Private[r.ActivityRecord]
    kind: str = strawberry.field(description="CooperationAgreement, Programme or JointOperation.")
    short_name: str | None
    start_date: date | None
    end_date: date | None
    summary: str | None

    @classmethod
    def from_record(cls, rec: r.ActivityRecord) -> Self:
        return from_record(cls, rec, start_date=rec.start, end_date=rec.end)

    @strawberry.field(description="Parties to an agreement.")
    def parties(self, info: Info) -> list[ActorRef]:
        return actors.actors(get_context(info).model, self.record.parties)

    @strawberry.field(description="Who took part and in what role.")
    def involvements(self, info: Info, role: str | None = None) -> list[Involvement]:
        model = get_context(info).model
        found = [
            model.involvements[i] for i in model.involvements_by_activity.get(self.record.iri, [])
        ]
        return [Involvement.from_record(i) for i in found if role is None or role in i.roles]

    @strawberry.field(description="Reported outcomes and other figures, each dated and sourced.")
    def figures(self, info: Info, measure: str | None = None) -> list[Figure]:
        return figures_of(get_context(info).model, self.record.iri, measure)

    @strawberry.field
    def implements(self, info: Info) -> list[InstrumentRef]:
        model = get_context(info).model
        return [
            instruments.Instrument.from_record(model.instruments[i])
            for i in self.record.implements
            if i in model.instruments
        ]

    @strawberry.field(
        description="The programme this activity was run under, or the programme it is a phase of."
    )
    def programme(self, info: Info) -> list[Activity]:
        model = get_context(info).model
        return [
            Activity.from_record(model.activities[a])
            for a in self.record.part_of_programme + self.record.phase_of
            if a in model.activities
        ]


@strawberry.type(description="An actor's role in an activity.")
class Involvement(Node):
    record: strawberry.Private[r.InvolvementRecord]
    actor: ActorRef | None = related(
        r.InvolvementRecord, lambda model, rec: actors.actor(model, rec.actor)
    )
    activity: Activity | None = related(
        r.InvolvementRecord, lambda model, rec: activity(model, rec.activity)
    )
    roles: list[str] = strawberry.field(
        description="coordinator, lead, coLead, participantRole, supporter, implementer, funder, partner, beneficiaryCountry."
    )


def activity(model: ReadModel, iri: str) -> Activity | None:
    rec = model.activities.get(iri)
    return Activity.from_record(rec) if rec else None


def figures_of(model: ReadModel, iri: str, measure: str | None) -> list[Figure]:
    found = [model.figures[f] for f in model.figures_by_subject.get(iri, [])]
    found = [f for f in found if measure is None or f.measure == measure]
    found.sort(key=lambda f: (f.as_of or date.min, f.iri), reverse=True)
    return [Figure.from_record(f) for f in found]
