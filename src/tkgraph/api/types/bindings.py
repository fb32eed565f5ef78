"""Answers of the binding engine: the legal status of an actor in an instrument
or one provision on a date, the records it rests on, and what supersedes it."""

from __future__ import annotations

from datetime import date

import strawberry

from tkgraph.api.context import Info, get_context
from tkgraph.api.types import actors, instruments, membership, participation
from tkgraph.api.types.fields import computed, related
from tkgraph.api.types.nodes import Node, node_for
from tkgraph.api.types.refs import (
    ActorRef,
    DataCoverageRef,
    InstrumentRef,
    MembershipRef,
    ParticipationRef,
    ProvisionRef,
    StatementRef,
)
from tkgraph.domain import binding as b
from tkgraph.domain import coverage as cv
from tkgraph.domain import supersession as sup


@strawberry.type(description="A record an answer rests on, and what it contributes.")
class Premise:
    premise: strawberry.Private[b.Premise]
    role: str = strawberry.field(
        description="participation, membership, instrument, entry-into-force-rule, opt-out, reservation"
    )
    statement: str

    @classmethod
    def from_premise(cls, premise: b.Premise) -> Premise:
        return cls(premise=premise, role=premise.role, statement=premise.statement)

    @strawberry.field
    def node(self, info: Info) -> Node | None:
        return node_for(get_context(info).model, self.premise.iri)


@strawberry.type(
    description="The legal status of an actor in an instrument on a date, with its basis."
)
class Binding:
    record: strawberry.Private[b.Assessment]
    actor: ActorRef | None = related(b.Assessment, lambda model, a: actors.actor(model, a.actor))
    instrument: InstrumentRef | None = related(
        b.Assessment, lambda model, a: instruments.instrument(model, a.instrument)
    )
    as_of: date
    status: b.Status
    derived: bool = strawberry.field(
        description="true when bound through membership (EU law), not by its own consent."
    )
    rule: str = strawberry.field(
        description="Stable id of the rule applied, e.g. 'consent-and-entry-into-force', 'membership-derived'."
    )
    # The explanation (reason, premises) is read from the assessment only when selected.
    reason: str = computed(b.Assessment, lambda a: a.reason)
    bound_from: date | None
    bound_until: date | None
    entry_into_force: date | None = strawberry.field(
        description="Entry into force for this participant (or from when membership makes it apply)."
    )
    entry_into_force_basis: b.EntryIntoForceBasis
    premises: list[Premise] = computed(
        b.Assessment,
        lambda a: [Premise.from_premise(p) for p in a.premises],
        "The records the answer rests on (participation, membership, rule ...), each with its sources.",
    )
    participation: ParticipationRef | None = related(
        b.Assessment, lambda model, a: participation.participation(model, a.participation)
    )
    membership: MembershipRef | None = related(
        b.Assessment, lambda model, a: membership.membership(model, a.membership)
    )
    known_until: date | None = strawberry.field(
        description="The newest date on which the data show this actor's state in the instrument (its lists, sources, or the instrument's newest complete list)."
    )
    carried_forward: bool = strawberry.field(
        description="true when BOUND is carried forward past knownUntil: a party stays bound until it denounces, and a later denunciation would not be in the data."
    )

    @classmethod
    def from_assessment(cls, a: b.Assessment) -> Binding:
        return cls(
            record=a,
            as_of=a.as_of,
            status=a.status,
            derived=a.derived,
            rule=a.rule.value,
            bound_from=a.bound_from,
            bound_until=a.bound_until,
            entry_into_force=a.entry_into_force,
            entry_into_force_basis=a.entry_into_force_basis,
            known_until=a.known_until,
            carried_forward=a.carried_forward,
        )

    @strawberry.field(
        description="When BOUND by an instrument that a later one supersedes between parties to both "
        "(the 1921 Convention and the 1949 Convention): which governs between them, since when and why."
    )
    def supersession(self, info: Info) -> Supersession | None:
        model = get_context(info).model
        found = sup.supersession_of(model, self.record)
        if found is None:
            return None
        return Supersession(
            record=found, since=found.since, basis=found.basis, reason=found.reason(model)
        )

    @strawberry.field(
        description="When status is UNKNOWN because asOf is past the data: the status the data last show, and its date."
    )
    def last_known(self) -> LastKnownStatus | None:
        found = self.record.last_known
        return LastKnownStatus(status=found.status, as_of=found.as_of) if found else None

    @strawberry.field(description="What the participation data of the instrument cover on asOf.")
    def coverage(self, info: Info) -> DataCoverageRef:
        coverage = cv.coverage_of(get_context(info).model, self.record.instrument)
        data = participation.DataCoverage
        return data(**data.fields_of(coverage, self.record.as_of))


@strawberry.type(
    description="Whether an actor is bound by one provision on a date (reservations included)."
)
class ProvisionBinding:
    record: strawberry.Private[b.ProvisionAssessment]
    provision: ProvisionRef = related(
        b.ProvisionAssessment,
        lambda model, a: instruments.Provision.from_record(model.provisions[a.provision]),
    )
    bound: bool

    @classmethod
    def from_assessment(cls, a: b.ProvisionAssessment) -> ProvisionBinding:
        return cls(record=a, bound=a.bound)

    @strawberry.field
    def reason(self) -> str:
        return self.record.reason

    @strawberry.field(description="The reservation that excludes the provision, if any.")
    def reservation(self, info: Info) -> StatementRef | None:
        rec = get_context(info).model.statements.get(self.record.reservation or "")
        return instruments.Statement.from_record(rec) if rec else None

    @strawberry.field(description="Status in the instrument the provision belongs to.")
    def instrument_binding(self) -> Binding:
        return Binding.from_assessment(self.record.instrument_assessment)


@strawberry.type(
    description="Between parties to both, a later instrument governs (1949 Convention, art. 28): "
    "the earlier still binds towards states bound only by it."
)
class Supersession:
    record: strawberry.Private[sup.Supersession]
    by: InstrumentRef | None = related(
        sup.Supersession, lambda model, s: instruments.instrument(model, s.by)
    )
    since: date | None = strawberry.field(
        description="The day both instruments bind the actor; null if a day is unknown."
    )
    basis: str | None = strawberry.field(
        description="The later instrument's article, e.g. 'art. 28'."
    )
    reason: str


@strawberry.type(description="The status the data last show, when a later one cannot be known.")
class LastKnownStatus:
    status: b.Status
    as_of: date | None
