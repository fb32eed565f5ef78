"""Instruments (treaties, protocols, EU acts, declarations, plans), their
provisions, entry-into-force rules, reservations and members' opt-outs."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Self

import strawberry

from tkgraph.api.context import Info, get_context
from tkgraph.api.coverage_types import note_assessment, note_coverage
from tkgraph.api.pagination import Connection, paginate
from tkgraph.api.types import activities, actors, bindings, participation
from tkgraph.api.types.enums import ObligationCategory
from tkgraph.api.types.fields import from_record, related
from tkgraph.api.types.nodes import Node, Source
from tkgraph.api.types.refs import (
    ActorRef,
    BindingRef,
    CoverageSummaryRef,
    FigureRef,
    ParticipantListRef,
    ParticipationRef,
)
from tkgraph.domain import binding as b
from tkgraph.domain import coverage as cv
from tkgraph.model import records as r
from tkgraph.model.indexes import STATED_RELATIONS
from tkgraph.model.readmodel import ReadModel

if TYPE_CHECKING:
    from tkgraph.api.rating_types import BindingWithRating

# The rating types (api/rating_types.py) import these; fields here name them lazily.
_RATINGS = "tkgraph.api.rating_types"


@strawberry.type
class Identifier:
    scheme: str = strawberry.field(description="untc, cets, ilo or celex.")
    value: str


@strawberry.type
class InstrumentRelation:
    relation: str = strawberry.field(
        description="As the instrument states it: supplements, amends, replaces, amendedVersionOf, "
        "asAmendedBy, consolidates, supersedesBetweenParties; seen from the other instrument: the "
        "name with By added (supplementsBy, supersedesBetweenPartiesBy ...), and hasAmendedText "
        "for asAmendedBy."
    )
    stated: bool = strawberry.field(
        description="true when this instrument states the relation (amends, supplements ...); "
        "false when the other one does (the inverse)."
    )
    instrument: Instrument


@strawberry.type(
    description="When an instrument enters into force for a participant that consents later."
)
class EntryIntoForceRule(Node):
    record: strawberry.Private[r.EntryIntoForceRuleRecord]
    days_after_deposit: int | None
    months_after_deposit: int | None
    not_before_general_entry_into_force: bool
    legal_basis: str | None

    @classmethod
    def from_record(cls, rec: r.EntryIntoForceRuleRecord) -> Self:
        return from_record(cls, rec, not_before_general_entry_into_force=rec.not_before_general)


@strawberry.type(description="A participation table an instrument's records were imported from.")
class SourceTable:
    source: Source
    participation_count: int
    consent_count: int
    signature_count: int


@strawberry.type(description="A treaty, protocol, EU act, declaration or plan of action.")
class Instrument(Node):
    record: strawberry.Private[r.InstrumentRecord]
    kind: str = strawberry.field(
        description="Most specific class: Convention, Protocol, EUDirective, EUFrameworkDecision, Declaration, PlanOfAction, Strategy, Resolution ..."
    )
    binding: bool | None = strawberry.field(
        description="true for treaties and EU law, false for declarations, plans, strategies."
    )
    short_name: str | None
    alt_names: list[str]
    identifiers: list[Identifier]
    adoption_date: date | None
    adoption_place: str | None
    opened_for_signature: date | None
    entry_into_force: date | None = strawberry.field(description="General entry into force.")
    transposition_deadline: date | None

    @classmethod
    def from_record(cls, rec: r.InstrumentRecord) -> Self:
        return from_record(
            cls, rec, identifiers=[Identifier(scheme=s, value=v) for s, v in rec.identifiers]
        )

    @strawberry.field
    def depositary(self, info: Info) -> ActorRef | None:
        depositary = self.record.depositary
        return actors.actor(get_context(info).model, depositary) if depositary else None

    @strawberry.field
    def adopted_by(self, info: Info) -> list[ActorRef]:
        return actors.actors(get_context(info).model, self.record.adopted_by)

    @strawberry.field(description="Organisations whose members the instrument binds (EU law).")
    def binds_members_of(self, info: Info) -> list[ActorRef]:
        return actors.actors(get_context(info).model, self.record.binds_members_of)

    @strawberry.field(description="Supplements, amends, replaces, and their inverses.")
    def relations(self, info: Info) -> list[InstrumentRelation]:
        model = get_context(info).model
        return [
            InstrumentRelation(
                relation=rel,
                stated=rel in STATED_RELATIONS,
                instrument=Instrument.from_record(model.instruments[other]),
            )
            for rel, other in model.related_instruments.get(self.record.iri, [])
            if other in model.instruments
        ]

    @strawberry.field
    def entry_into_force_rule(self, info: Info) -> EntryIntoForceRule | None:
        rule = get_context(info).model.rules.get(self.record.entry_into_force_rule or "")
        return EntryIntoForceRule.from_record(rule) if rule else None

    @strawberry.field
    def provisions(self, info: Info, category: ObligationCategory | None = None) -> list[Provision]:
        model = get_context(info).model
        found = [
            model.provisions[p] for p in model.provisions_by_instrument.get(self.record.iri, [])
        ]
        return [
            Provision.from_record(p)
            for p in found
            if category is None or category.value in p.categories
        ]

    @strawberry.field(
        description="Participation records as given in the data (signature, consent kind and date)."
    )
    def participations(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        consent_kind: str | None = None,
    ) -> Connection[ParticipationRef]:
        context = get_context(info)
        model = context.model
        found = [
            model.participations[p]
            for p in model.participations_by_instrument.get(self.record.iri, [])
        ]
        if consent_kind is not None:
            found = [p for p in found if p.consent_kind == consent_kind]
        return paginate(
            found, participation.Participation.from_record, first, after, context.page_sizes
        )

    @strawberry.field(
        description="Legal status on asOf (default today) of every participant, including members bound through membership."
    )
    def bindings(
        self,
        info: Info,
        as_of: date | None = None,
        status: list[b.Status] | None = None,
        asserted_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[BindingRef]:
        context = get_context(info)
        day = context.day(as_of)
        found = [
            a
            for a in b.assessments_for_instrument(context.model, self.record.iri, day)
            if (status is None or a.status in status) and not (asserted_only and a.derived)
        ]
        note_coverage(context, self.record.iri, day)
        return paginate(
            found,
            lambda a: bindings.Binding.from_assessment(note_assessment(context, a)),
            first,
            after,
            context.page_sizes,
        )

    @strawberry.field(
        description="Every state's status on asOf (default today) beside its rating in report `year` (default: the year of asOf)."
    )
    def bindings_with_assessment(
        self,
        info: Info,
        as_of: date | None = None,
        scheme: str = "tip-tiers",
        year: int | None = None,
    ) -> list[Annotated[BindingWithRating, strawberry.lazy(_RATINGS)]]:
        from tkgraph.api import rating_types

        return rating_types.bindings_with_rating(info, self.record.iri, as_of, scheme, year)

    @strawberry.field(
        description="Number of participants bound on asOf (default today), derived bindings included."
    )
    def bound_count(
        self, info: Info, as_of: date | None = None, asserted_only: bool = False
    ) -> int:
        context = get_context(info)
        day = context.day(as_of)
        note_coverage(context, self.record.iri, day)
        return b.bound_count(context.model, self.record.iri, day, asserted_only=asserted_only)

    @strawberry.field(
        description="boundCount with what it misses, on asOf (default today): bound, unknown and "
        "not-participating counts, whether the data are complete that day, the coverage date and "
        "the newest dated party count for comparison."
    )
    def coverage(
        self, info: Info, as_of: date | None = None, asserted_only: bool = False
    ) -> CoverageSummaryRef:
        context = get_context(info)
        day = context.day(as_of)
        counts: dict[b.Status, int] = {}
        carried = 0
        for a in b.assessments_for_instrument(context.model, self.record.iri, day):
            if asserted_only and a.derived:
                continue
            counts[a.status] = counts.get(a.status, 0) + 1
            carried += a.carried_forward
        coverage = note_coverage(context, self.record.iri, day)
        return participation.CoverageSummary(
            **participation.DataCoverage.fields_of(coverage, day),
            bound=counts.get(b.Status.BOUND, 0),
            unknown=counts.get(b.Status.UNKNOWN, 0),
            not_participating=counts.get(b.Status.NOT_PARTICIPATING, 0),
            carried_forward=carried,
        )

    @strawberry.field(description="The participant lists of the instrument, newest first.")
    def participant_lists(self, info: Info) -> list[ParticipantListRef]:
        lists = cv.coverage_of(get_context(info).model, self.record.iri).lists
        return [participation.ParticipantList.from_record(pl) for pl in lists]

    @strawberry.field(description="Opt-outs and opt-ins of members.")
    def member_positions(self, info: Info) -> list[MemberPosition]:
        model = get_context(info).model
        return [
            MemberPosition.from_record(model.positions[p])
            for p in model.positions_by_instrument.get(self.record.iri, [])
        ]

    @strawberry.field(description="Dated, sourced figures (party counts ...), newest first.")
    def figures(self, info: Info, measure: str | None = None) -> list[FigureRef]:
        return activities.figures_of(get_context(info).model, self.record.iri, measure)

    @strawberry.field(
        description='The tables the participation records were imported from, with their as-of dates and counts; compare with figures(measure: "partyCount") for newer counts.'
    )
    def source_tables(self, info: Info) -> list[SourceTable]:
        model = get_context(info).model
        tables: dict[str, list[r.ParticipationRecord]] = {}
        for p in model.participations_by_instrument.get(self.record.iri, []):
            rec = model.participations[p]
            for table in rec.source_tables:
                tables.setdefault(table, []).append(rec)
        return [
            _source_table(model.sources[t], rows)
            for t, rows in sorted(tables.items())
            if t in model.sources
        ]


def _source_table(source: r.SourceRecord, rows: list[r.ParticipationRecord]) -> SourceTable:
    """A table's counts as the table gave them: a record that a newer table
    updated counts its consent or signature here only if dated by the table's
    as-of date (a table without one counts every record)."""

    def by_then(day: date | None) -> bool:
        return day is not None and (source.as_of is None or day <= source.as_of)

    return SourceTable(
        source=Source.from_record(source),
        participation_count=len(rows),
        consent_count=sum(
            1
            for p in rows
            if p.consent_kind and (p.consent_date is None or by_then(p.consent_date))
        ),
        signature_count=sum(1 for p in rows if by_then(p.signature_date)),
    )


@strawberry.type(description="A reservation or declaration.")
class Statement(Node):
    record: strawberry.Private[r.StatementRecord]
    kind: str = strawberry.field(description="reservation or declaration")
    text: str | None

    @strawberry.field(description="Provisions the reservation excludes for its author.")
    def excludes(self, info: Info) -> list[Provision]:
        model = get_context(info).model
        return [
            Provision.from_record(model.provisions[p])
            for p in self.record.excludes
            if p in model.provisions
        ]

    @strawberry.field
    def participation(self, info: Info) -> ParticipationRef | None:
        return participation.participation(get_context(info).model, self.record.participation)


@strawberry.type(
    description="An article or paragraph of an instrument, with its obligation category."
)
class Provision(Node):
    record: strawberry.Private[r.ProvisionRecord]
    article: str | None
    categories: list[str]
    summary: str | None

    @strawberry.field
    def instrument(self, info: Info) -> Instrument | None:
        return instrument(get_context(info).model, self.record.instrument)


@strawberry.type(description="An opt-out (does not take part) or opt-in of a member.")
class MemberPosition(Node):
    record: strawberry.Private[r.PositionRecord]
    takes_part: bool
    actor: ActorRef | None = related(
        r.PositionRecord, lambda model, rec: actors.actor(model, rec.actor)
    )
    legal_basis: str | None


def instrument(model: ReadModel, iri: str) -> Instrument | None:
    rec = model.instruments.get(iri)
    return Instrument.from_record(rec) if rec else None
