"""GraphQL object types. Each wraps a read-model record; resolvers are dict
lookups in the request's snapshot (no SPARQL, no I/O), so a list of N items
costs N lookups and there is no N+1 query problem to batch away."""

from __future__ import annotations

from datetime import date
from enum import Enum

import strawberry

from tkgraph import binding as b
from tkgraph import coverage as cv
from tkgraph import records as r
from tkgraph.api.context import api_id, get_context
from tkgraph.api.coverage_types import note_assessment, note_coverage
from tkgraph.api.pagination import Connection, paginate
from tkgraph.readmodel import ReadModel

BindingStatus = strawberry.enum(
    b.Status,
    name="BindingStatus",
    description="Legal status of a participant in an instrument on a date.",
)
EntryIntoForceBasis = strawberry.enum(b.EntryIntoForceBasis, name="EntryIntoForceBasis")


@strawberry.enum(description="The 4 Ps.")
class ObligationCategory(Enum):
    PREVENTION = "prevention"
    PROTECTION = "protection"
    PROSECUTION = "prosecution"
    PARTNERSHIP = "partnership"


def _model(info: strawberry.Info) -> ReadModel:
    return get_context(info).model


def _as_of(info: strawberry.Info, as_of: date | None) -> date:
    return as_of if as_of is not None else get_context(info).today


def _page_args(info: strawberry.Info) -> tuple[int, int]:
    settings = get_context(info).settings
    return settings.default_page_size, settings.max_page_size


@strawberry.interface(
    description="Anything in the graph: it has a readable id, an IRI and sources."
)
class Node:
    record: strawberry.Private[r.NodeRecord]

    @strawberry.field(description="Stable readable id, e.g. 'state:FR', 'instrument:tip-protocol'.")
    def id(self) -> strawberry.ID:
        return api_id(self.record.iri)

    @strawberry.field(description="The node's IRI in the RDF graph.")
    def iri(self) -> str:
        return self.record.iri

    @strawberry.field
    def label(self) -> str | None:
        return self.record.label

    @strawberry.field(
        description="null when verified against its sources; else 'unverified' or 'inferredFact' (see note)."
    )
    def verification(self) -> str | None:
        return self.record.verification

    @strawberry.field
    def note(self) -> str | None:
        return self.record.note

    @strawberry.field(description="OWL classes of the node (tkgraph ontology local names).")
    def types(self) -> list[str]:
        return list(self.record.types)

    @strawberry.field(description="Documents the node's facts were taken from.")
    def sources(self, info: strawberry.Info) -> list[Source]:
        model = _model(info)
        return [Source(record=model.sources[s]) for s in self.record.sources if s in model.sources]

    @strawberry.field(description="The data files (named graphs) the node's triples come from.")
    def files(self, info: strawberry.Info) -> list[str]:
        return list(_model(info).graphs_by_subject.get(self.record.iri, ()))


@strawberry.type(description="A document a fact was read from.")
class Source(Node):
    record: strawberry.Private[r.SourceRecord]

    @strawberry.field
    def title(self) -> str | None:
        return self.record.title

    @strawberry.field(description="URL of the document.")
    def address(self) -> str | None:
        return self.record.address

    @strawberry.field(description="The date the source gives for its content.")
    def as_of(self) -> date | None:
        return self.record.as_of

    @strawberry.field(
        description="A mirror, encyclopaedia or news report rather than the organisation's own page."
    )
    def is_secondary(self) -> bool:
        return self.record.is_secondary


@strawberry.type(description="A state, organisation, agency or body.")
class Actor(Node):
    record: strawberry.Private[r.ActorRecord]

    @strawberry.field(
        description="Most specific class: State, InternationalOrganization, RegionalOrganization, REIO, Body, CoordinationBody, Organization."
    )
    def kind(self) -> str:
        return self.record.kind

    @strawberry.field
    def short_name(self) -> str | None:
        return self.record.short_name

    @strawberry.field
    def alt_names(self) -> list[str]:
        return list(self.record.alt_names)

    @strawberry.field
    def iso2(self) -> str | None:
        return self.record.iso2

    @strawberry.field
    def iso3(self) -> str | None:
        return self.record.iso3

    @strawberry.field
    def founding_date(self) -> date | None:
        return self.record.founding_date

    @strawberry.field
    def seat(self) -> str | None:
        return self.record.seat

    @strawberry.field(description="Organisations this one is part of (not membership).")
    def part_of(self, info: strawberry.Info) -> list[Actor]:
        return actors(_model(info), self.record.part_of)

    @strawberry.field(description="Agencies and bodies that are part of this organisation.")
    def parts(self, info: strawberry.Info) -> list[Actor]:
        return actors(_model(info), _model(info).parts_by_organization.get(self.record.iri, []))

    @strawberry.field(
        description="Organisations this actor is a member of; with asOf, only memberships in force that day."
    )
    def memberships(self, info: strawberry.Info, as_of: date | None = None) -> list[Membership]:
        model = _model(info)
        found = [model.memberships[m] for m in model.memberships_by_member.get(self.record.iri, [])]
        return [Membership(record=m) for m in found if as_of is None or membership_active(m, as_of)]

    @strawberry.field(
        description="Members of this organisation; with asOf, only those who were members that day."
    )
    def members(
        self,
        info: strawberry.Info,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Membership]:
        model = _model(info)
        found = [
            model.memberships[m] for m in model.memberships_by_organization.get(self.record.iri, [])
        ]
        chosen = [m for m in found if as_of is None or membership_active(m, as_of)]
        return paginate(chosen, lambda m: Membership(record=m), first, after, *_page_args(info))

    @strawberry.field(
        description="The actor's participation records (signature, consent) in instruments."
    )
    def participations(
        self, info: strawberry.Info, first: int | None = None, after: str | None = None
    ) -> Connection[Participation]:
        model = _model(info)
        found = [
            model.participations[p]
            for p in model.participations_by_participant.get(self.record.iri, [])
        ]
        return paginate(found, lambda p: Participation(record=p), first, after, *_page_args(info))

    @strawberry.field(
        description="Legal status in every instrument the actor has a record in or may be bound by through membership, on asOf (default today)."
    )
    def bindings(
        self,
        info: strawberry.Info,
        as_of: date | None = None,
        status: list[BindingStatus] | None = None,  # type: ignore[valid-type]
        asserted_only: bool = False,
    ) -> list[Binding]:
        model, day = _model(info), _as_of(info, as_of)
        result = []
        for instrument in b.candidate_instruments(model, self.record.iri):
            a = b.assess(model, self.record.iri, instrument, day)
            if (status is None or a.status in status) and not (asserted_only and a.derived):
                result.append(Binding(assessment=note_assessment(info, a)))
        return result

    @strawberry.field(
        description="Provisions that bind the actor on asOf, reservations taken into account."
    )
    def obligations(
        self,
        info: strawberry.Info,
        as_of: date | None = None,
        category: ObligationCategory | None = None,
        include_not_binding: bool = False,
    ) -> list[ProvisionBinding]:
        model, day = _model(info), _as_of(info, as_of)
        found = b.obligations_of(model, self.record.iri, day)
        for pa in found:
            note_assessment(info, pa.instrument_assessment)
        return [
            ProvisionBinding(assessment=pa)
            for pa in found
            if (pa.bound or include_not_binding)
            and (category is None or category.value in model.provisions[pa.provision].categories)
        ]


@strawberry.type(description="Membership of an actor in an organisation, with dates.")
class Membership(Node):
    record: strawberry.Private[r.MembershipRecord]

    @strawberry.field
    def member(self, info: strawberry.Info) -> Actor | None:
        return actor(_model(info), self.record.member)

    @strawberry.field
    def organization(self, info: strawberry.Info) -> Actor | None:
        return actor(_model(info), self.record.organization)

    @strawberry.field
    def start_date(self) -> date | None:
        return self.record.start

    @strawberry.field(description="Last day of membership; null if ongoing.")
    def end_date(self) -> date | None:
        return self.record.end

    @strawberry.field
    def active(self, info: strawberry.Info, as_of: date | None = None) -> bool:
        return membership_active(self.record, _as_of(info, as_of))


def membership_active(m: r.MembershipRecord, day: date) -> bool:
    return m.start is not None and m.start <= day and (m.end is None or day <= m.end)


@strawberry.type
class Identifier:
    scheme: str = strawberry.field(description="untc, cets, ilo or celex.")
    value: str


@strawberry.type
class InstrumentRelation:
    relation: str = strawberry.field(
        description="supplements, amends, replaces, or the inverse (supplementedBy ...)."
    )
    instrument: Instrument


@strawberry.type(
    description="When an instrument enters into force for a participant that consents later."
)
class EntryIntoForceRule(Node):
    record: strawberry.Private[r.EntryIntoForceRuleRecord]

    @strawberry.field
    def days_after_deposit(self) -> int | None:
        return self.record.days_after_deposit

    @strawberry.field
    def months_after_deposit(self) -> int | None:
        return self.record.months_after_deposit

    @strawberry.field
    def not_before_general_entry_into_force(self) -> bool:
        return self.record.not_before_general

    @strawberry.field
    def legal_basis(self) -> str | None:
        return self.record.legal_basis


@strawberry.type(description="A participation table an instrument's records were imported from.")
class SourceTable:
    source: Source
    participation_count: int
    consent_count: int
    signature_count: int


@strawberry.type(description="A treaty, protocol, EU act, declaration or plan of action.")
class Instrument(Node):
    record: strawberry.Private[r.InstrumentRecord]

    @strawberry.field(
        description="Most specific class: Convention, Protocol, EUDirective, EUFrameworkDecision, Declaration, PlanOfAction, Strategy, Resolution ..."
    )
    def kind(self) -> str:
        return self.record.kind

    @strawberry.field(
        description="true for treaties and EU law, false for declarations, plans, strategies."
    )
    def binding(self) -> bool | None:
        return self.record.binding

    @strawberry.field
    def short_name(self) -> str | None:
        return self.record.short_name

    @strawberry.field
    def alt_names(self) -> list[str]:
        return list(self.record.alt_names)

    @strawberry.field
    def identifiers(self) -> list[Identifier]:
        return [Identifier(scheme=s, value=v) for s, v in self.record.identifiers]

    @strawberry.field
    def adoption_date(self) -> date | None:
        return self.record.adoption_date

    @strawberry.field
    def adoption_place(self) -> str | None:
        return self.record.adoption_place

    @strawberry.field
    def opened_for_signature(self) -> date | None:
        return self.record.opened_for_signature

    @strawberry.field(description="General entry into force.")
    def entry_into_force(self) -> date | None:
        return self.record.entry_into_force

    @strawberry.field
    def transposition_deadline(self) -> date | None:
        return self.record.transposition_deadline

    @strawberry.field
    def depositary(self, info: strawberry.Info) -> Actor | None:
        return actor(_model(info), self.record.depositary) if self.record.depositary else None

    @strawberry.field
    def adopted_by(self, info: strawberry.Info) -> list[Actor]:
        return actors(_model(info), self.record.adopted_by)

    @strawberry.field(description="Organisations whose members the instrument binds (EU law).")
    def binds_members_of(self, info: strawberry.Info) -> list[Actor]:
        return actors(_model(info), self.record.binds_members_of)

    @strawberry.field(description="Supplements, amends, replaces, and their inverses.")
    def relations(self, info: strawberry.Info) -> list[InstrumentRelation]:
        model = _model(info)
        return [
            InstrumentRelation(relation=rel, instrument=Instrument(record=model.instruments[other]))
            for rel, other in model.related_instruments.get(self.record.iri, [])
            if other in model.instruments
        ]

    @strawberry.field
    def entry_into_force_rule(self, info: strawberry.Info) -> EntryIntoForceRule | None:
        rule = _model(info).rules.get(self.record.entry_into_force_rule or "")
        return EntryIntoForceRule(record=rule) if rule else None

    @strawberry.field
    def provisions(
        self, info: strawberry.Info, category: ObligationCategory | None = None
    ) -> list[Provision]:
        model = _model(info)
        found = [
            model.provisions[p] for p in model.provisions_by_instrument.get(self.record.iri, [])
        ]
        return [
            Provision(record=p) for p in found if category is None or category.value in p.categories
        ]

    @strawberry.field(
        description="Participation records as given in the data (signature, consent kind and date)."
    )
    def participations(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        consent_kind: str | None = None,
    ) -> Connection[Participation]:
        model = _model(info)
        found = [
            model.participations[p]
            for p in model.participations_by_instrument.get(self.record.iri, [])
        ]
        if consent_kind is not None:
            found = [p for p in found if p.consent_kind == consent_kind]
        return paginate(found, lambda p: Participation(record=p), first, after, *_page_args(info))

    @strawberry.field(
        description="Legal status on asOf (default today) of every participant, including members bound through membership."
    )
    def bindings(
        self,
        info: strawberry.Info,
        as_of: date | None = None,
        status: list[BindingStatus] | None = None,  # type: ignore[valid-type]
        asserted_only: bool = False,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Binding]:
        model, day = _model(info), _as_of(info, as_of)
        found = [
            a
            for a in b.assessments_for_instrument(model, self.record.iri, day)
            if (status is None or a.status in status) and not (asserted_only and a.derived)
        ]
        note_coverage(info, self.record.iri, day)
        return paginate(
            found,
            lambda a: Binding(assessment=note_assessment(info, a)),
            first,
            after,
            *_page_args(info),
        )

    @strawberry.field(
        description="Number of participants bound on asOf (default today), derived bindings included."
    )
    def bound_count(
        self, info: strawberry.Info, as_of: date | None = None, asserted_only: bool = False
    ) -> int:
        model, day = _model(info), _as_of(info, as_of)
        note_coverage(info, self.record.iri, day)
        return sum(
            1
            for a in b.assessments_for_instrument(model, self.record.iri, day)
            if a.status is b.Status.BOUND and not (asserted_only and a.derived)
        )

    @strawberry.field(
        description="boundCount with what it misses, on asOf (default today): bound, unknown and "
        "not-participating counts, whether the data are complete that day, the coverage date and "
        "the newest dated party count for comparison."
    )
    def coverage(
        self, info: strawberry.Info, as_of: date | None = None, asserted_only: bool = False
    ) -> CoverageSummary:
        model, day = _model(info), _as_of(info, as_of)
        counts: dict[b.Status | str, int] = {}
        for a in b.assessments_for_instrument(model, self.record.iri, day):
            if asserted_only and a.derived:
                continue
            counts[a.status] = counts.get(a.status, 0) + 1
            if a.carried_forward:
                counts[_CARRIED] = counts.get(_CARRIED, 0) + 1
        return CoverageSummary(
            coverage=note_coverage(info, self.record.iri, day),
            day=day,
            counts=counts,
        )

    @strawberry.field(description="The participant lists of the instrument, newest first.")
    def participant_lists(self, info: strawberry.Info) -> list[ParticipantList]:
        return [
            ParticipantList(record=pl) for pl in cv.coverage_of(_model(info), self.record.iri).lists
        ]

    @strawberry.field(description="Opt-outs and opt-ins of members.")
    def member_positions(self, info: strawberry.Info) -> list[MemberPosition]:
        model = _model(info)
        return [
            MemberPosition(record=model.positions[p])
            for p in model.positions_by_instrument.get(self.record.iri, [])
        ]

    @strawberry.field(description="Dated, sourced figures (party counts ...), newest first.")
    def figures(self, info: strawberry.Info, measure: str | None = None) -> list[Figure]:
        return figures_of(_model(info), self.record.iri, measure)

    @strawberry.field(
        description='The tables the participation records were imported from, with their as-of dates and counts; compare with figures(measure: "partyCount") for newer counts.'
    )
    def source_tables(self, info: strawberry.Info) -> list[SourceTable]:
        model = _model(info)
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
        source=Source(record=source),
        participation_count=len(rows),
        consent_count=sum(
            1
            for p in rows
            if p.consent_kind and (p.consent_date is None or by_then(p.consent_date))
        ),
        signature_count=sum(1 for p in rows if by_then(p.signature_date)),
    )


@strawberry.type(
    description="One participant's record in one instrument. Signing alone does not bind."
)
class Participation(Node):
    record: strawberry.Private[r.ParticipationRecord]

    @strawberry.field
    def participant(self, info: strawberry.Info) -> Actor | None:
        return actor(_model(info), self.record.participant)

    @strawberry.field
    def instrument(self, info: strawberry.Info) -> Instrument | None:
        rec = _model(info).instruments.get(self.record.instrument)
        return Instrument(record=rec) if rec else None

    @strawberry.field
    def signature_date(self) -> date | None:
        return self.record.signature_date

    @strawberry.field(
        description="ratification, accession, acceptance, approval or succession; null if only signed."
    )
    def consent_kind(self) -> str | None:
        return self.record.consent_kind

    @strawberry.field(description="Date of deposit of the instrument of consent.")
    def consent_date(self) -> date | None:
        return self.record.consent_date

    @strawberry.field(
        description="Entry into force for this participant: given in the data, or computed from the instrument's rule."
    )
    def entry_into_force(self, info: strawberry.Info) -> date | None:
        return b.entry_into_force_for(_model(info), self.record)[0]

    @strawberry.field
    def entry_into_force_basis(self, info: strawberry.Info) -> EntryIntoForceBasis:  # type: ignore[valid-type]
        return b.entry_into_force_for(_model(info), self.record)[1]

    @strawberry.field
    def denunciation_effective_date(self) -> date | None:
        return self.record.denunciation_effective

    @strawberry.field(description="Reservations and declarations made in this participation.")
    def statements(self, info: strawberry.Info) -> list[Statement]:
        model = _model(info)
        return [
            Statement(record=model.statements[s])
            for s in model.statements_by_participation.get(self.record.iri, [])
        ]

    @strawberry.field(
        description="The oldest participation table this record was imported from (sourceTables: all of them)."
    )
    def source_table(self, info: strawberry.Info) -> Source | None:
        tables = self.source_tables(info)
        return tables[0] if tables else None

    @strawberry.field(
        description="Every participation table this record was imported from, oldest first: a newer table that updates the record adds its own."
    )
    def source_tables(self, info: strawberry.Info) -> list[Source]:
        model = _model(info)
        found = [model.sources[t] for t in self.record.source_tables if t in model.sources]
        return [Source(record=rec) for rec in sorted(found, key=lambda s: s.as_of or date.min)]

    @strawberry.field(description="Legal status on asOf (default today), with its basis.")
    def status(self, info: strawberry.Info, as_of: date | None = None) -> Binding:
        a = b.assess(
            _model(info), self.record.participant, self.record.instrument, _as_of(info, as_of)
        )
        return Binding(assessment=note_assessment(info, a))

    @strawberry.field(
        description="Values other sources give where they disagree with this record (the record keeps the depositary's value), and the record's note."
    )
    def alternative_values(self) -> list[str]:
        return list(self.record.alternative_values)

    @strawberry.field(description="The participant lists that hold this record.")
    def in_lists(self, info: strawberry.Info) -> list[ParticipantList]:
        model = _model(info)
        return [
            ParticipantList(record=model.participant_lists[pl])
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

    @strawberry.field
    def instrument(self, info: strawberry.Info) -> Instrument | None:
        rec = _model(info).instruments.get(self.record.instrument)
        return Instrument(record=rec) if rec else None

    @strawberry.field
    def as_of(self) -> date | None:
        return self.record.as_of

    @strawberry.field(description="true: lists every participant on asOf; false: some only.")
    def complete(self) -> bool:
        return self.record.complete

    @strawberry.field(description="The dated party counts the list was checked against.")
    def checked_against(self, info: strawberry.Info) -> list[Figure]:
        model = _model(info)
        return [
            Figure(record=model.figures[f])
            for f in self.record.checked_against
            if f in model.figures
        ]


@strawberry.type(description="What the participation data of an instrument cover, for one date.")
class DataCoverage:
    coverage: strawberry.Private[cv.Coverage]
    day: strawberry.Private[date]

    @strawberry.field(description="The date asked about.")
    def as_of(self) -> date:
        return self.day

    @strawberry.field(
        description="true when the data know every participant on asOf: a complete list covers it "
        "(or the instrument binds the members of an organisation: the membership data decide)."
    )
    def complete(self) -> bool:
        return self.coverage.membership_based or self.coverage.covers(self.day)

    @strawberry.field(
        description="The as-of date of the newest complete list of participants; null if the data hold none."
    )
    def coverage_date(self) -> date | None:
        return self.coverage.coverage_date

    @strawberry.field
    def newest_complete_list(self) -> ParticipantList | None:
        found = self.coverage.newest_complete
        return ParticipantList(record=found) if found else None

    @strawberry.field(description="Every participant list of the instrument, newest first.")
    def lists(self) -> list[ParticipantList]:
        return [ParticipantList(record=pl) for pl in self.coverage.lists]

    @strawberry.field(
        description="The newest dated party count the sources give (with its sources), for comparison."
    )
    def newest_party_count(self) -> Figure | None:
        found = self.coverage.newest_party_count
        return Figure(record=found) if found else None


@strawberry.type(
    description="Counts of the statuses on a date, over the actors the data hold a record for (or "
    "bind through membership), with what the data cover. When complete is false, actors "
    "without a record may take part too."
)
class CoverageSummary(DataCoverage):
    counts: strawberry.Private[dict[b.Status | str, int]]

    @strawberry.field
    def bound(self) -> int:
        return self.counts.get(b.Status.BOUND, 0)

    @strawberry.field(description="Statuses the data cannot tell on asOf.")
    def unknown(self) -> int:
        return self.counts.get(b.Status.UNKNOWN, 0)

    @strawberry.field
    def not_participating(self) -> int:
        return self.counts.get(b.Status.NOT_PARTICIPATING, 0)

    @strawberry.field(
        description="Bound ones whose status is carried forward past the data (knownUntil before asOf)."
    )
    def carried_forward(self) -> int:
        return self.counts.get(_CARRIED, 0)


_CARRIED = "carried forward"


@strawberry.type(description="The status the data last show, when a later one cannot be known.")
class LastKnownStatus:
    last: strawberry.Private[b.LastKnown]

    @strawberry.field
    def status(self) -> BindingStatus:  # type: ignore[valid-type]
        return self.last.status

    @strawberry.field
    def as_of(self) -> date | None:
        return self.last.as_of


@strawberry.type(description="A reservation or declaration.")
class Statement(Node):
    record: strawberry.Private[r.StatementRecord]

    @strawberry.field(description="reservation or declaration")
    def kind(self) -> str:
        return self.record.kind

    @strawberry.field
    def text(self) -> str | None:
        return self.record.text

    @strawberry.field(description="Provisions the reservation excludes for its author.")
    def excludes(self, info: strawberry.Info) -> list[Provision]:
        model = _model(info)
        return [
            Provision(record=model.provisions[p])
            for p in self.record.excludes
            if p in model.provisions
        ]

    @strawberry.field
    def participation(self, info: strawberry.Info) -> Participation | None:
        rec = _model(info).participations.get(self.record.participation or "")
        return Participation(record=rec) if rec else None


@strawberry.type(
    description="An article or paragraph of an instrument, with its obligation category."
)
class Provision(Node):
    record: strawberry.Private[r.ProvisionRecord]

    @strawberry.field
    def article(self) -> str | None:
        return self.record.article

    @strawberry.field
    def categories(self) -> list[str]:
        return list(self.record.categories)

    @strawberry.field
    def summary(self) -> str | None:
        return self.record.summary

    @strawberry.field
    def instrument(self, info: strawberry.Info) -> Instrument | None:
        rec = _model(info).instruments.get(self.record.instrument)
        return Instrument(record=rec) if rec else None


@strawberry.type(description="An opt-out (does not take part) or opt-in of a member.")
class MemberPosition(Node):
    record: strawberry.Private[r.PositionRecord]

    @strawberry.field
    def takes_part(self) -> bool:
        return self.record.takes_part

    @strawberry.field
    def actor(self, info: strawberry.Info) -> Actor | None:
        return actor(_model(info), self.record.actor)

    @strawberry.field
    def legal_basis(self) -> str | None:
        return self.record.legal_basis


@strawberry.type(description="A dated, sourced number.")
class Figure(Node):
    record: strawberry.Private[r.FigureRecord]

    @strawberry.field(description="arrests, victimsIdentified, partyCount, budget ...")
    def measure(self) -> str | None:
        return self.record.measure

    @strawberry.field
    def value(self) -> float | None:
        return self.record.value

    @strawberry.field(
        description="The value as an integer when it is a whole number (party counts, arrests ...); null otherwise."
    )
    def count(self) -> int | None:
        value = self.record.value
        return int(value) if value is not None and value.is_integer() else None

    @strawberry.field
    def unit(self) -> str | None:
        return self.record.unit

    @strawberry.field(
        description="The date the source gives for the figure; when it gives only a month or a year, the first day of it (see asOfLatest)."
    )
    def as_of(self) -> date | None:
        return self.record.as_of

    @strawberry.field(
        description="When the source dates the figure to a month or a year only: the last day of it; null when asOf is the day."
    )
    def as_of_latest(self) -> date | None:
        return self.record.as_of_latest


@strawberry.type(description="A cooperation agreement, programme or joint operation.")
class Activity(Node):
    record: strawberry.Private[r.ActivityRecord]

    @strawberry.field(description="CooperationAgreement, Programme or JointOperation.")
    def kind(self) -> str:
        return self.record.kind

    @strawberry.field
    def short_name(self) -> str | None:
        return self.record.short_name

    @strawberry.field
    def start_date(self) -> date | None:
        return self.record.start

    @strawberry.field
    def end_date(self) -> date | None:
        return self.record.end

    @strawberry.field
    def summary(self) -> str | None:
        return self.record.summary

    @strawberry.field(description="Parties to an agreement.")
    def parties(self, info: strawberry.Info) -> list[Actor]:
        return actors(_model(info), self.record.parties)

    @strawberry.field(description="Who took part and in what role.")
    def involvements(self, info: strawberry.Info, role: str | None = None) -> list[Involvement]:
        model = _model(info)
        found = [
            model.involvements[i] for i in model.involvements_by_activity.get(self.record.iri, [])
        ]
        return [Involvement(record=i) for i in found if role is None or role in i.roles]

    @strawberry.field(description="Reported outcomes and other figures, each dated and sourced.")
    def figures(self, info: strawberry.Info, measure: str | None = None) -> list[Figure]:
        return figures_of(_model(info), self.record.iri, measure)

    @strawberry.field
    def implements(self, info: strawberry.Info) -> list[Instrument]:
        model = _model(info)
        return [
            Instrument(record=model.instruments[i])
            for i in self.record.implements
            if i in model.instruments
        ]

    @strawberry.field(
        description="The programme this activity was run under, or the programme it is a phase of."
    )
    def programme(self, info: strawberry.Info) -> list[Activity]:
        model = _model(info)
        return [
            Activity(record=model.activities[a])
            for a in self.record.part_of_programme + self.record.phase_of
            if a in model.activities
        ]


@strawberry.type(description="An actor's role in an activity.")
class Involvement(Node):
    record: strawberry.Private[r.InvolvementRecord]

    @strawberry.field
    def actor(self, info: strawberry.Info) -> Actor | None:
        return actor(_model(info), self.record.actor)

    @strawberry.field
    def activity(self, info: strawberry.Info) -> Activity | None:
        rec = _model(info).activities.get(self.record.activity)
        return Activity(record=rec) if rec else None

    @strawberry.field(
        description="coordinator, lead, coLead, participantRole, supporter, implementer, funder, partner, beneficiaryCountry."
    )
    def roles(self) -> list[str]:
        return list(self.record.roles)


@strawberry.type(description="A record an answer rests on, and what it contributes.")
class Premise:
    premise: strawberry.Private[b.Premise]

    @strawberry.field(
        description="participation, membership, instrument, entry-into-force-rule, opt-out, reservation"
    )
    def role(self) -> str:
        return self.premise.role

    @strawberry.field
    def statement(self) -> str:
        return self.premise.statement

    @strawberry.field
    def node(self, info: strawberry.Info) -> Node | None:
        return node_for(_model(info), self.premise.iri)


@strawberry.type(
    description="The legal status of an actor in an instrument on a date, with its basis."
)
class Binding:
    assessment: strawberry.Private[b.Assessment]

    @strawberry.field
    def actor(self, info: strawberry.Info) -> Actor | None:
        return actor(_model(info), self.assessment.actor)

    @strawberry.field
    def instrument(self, info: strawberry.Info) -> Instrument | None:
        rec = _model(info).instruments.get(self.assessment.instrument)
        return Instrument(record=rec) if rec else None

    @strawberry.field
    def as_of(self) -> date:
        return self.assessment.as_of

    @strawberry.field
    def status(self) -> BindingStatus:  # type: ignore[valid-type]
        return self.assessment.status

    @strawberry.field(
        description="true when bound through membership (EU law), not by its own consent."
    )
    def derived(self) -> bool:
        return self.assessment.derived

    @strawberry.field(
        description="Stable id of the rule applied, e.g. 'consent-and-entry-into-force', 'membership-derived'."
    )
    def rule(self) -> str:
        return self.assessment.rule.value

    @strawberry.field
    def reason(self) -> str:
        return self.assessment.reason

    @strawberry.field
    def bound_from(self) -> date | None:
        return self.assessment.bound_from

    @strawberry.field
    def bound_until(self) -> date | None:
        return self.assessment.bound_until

    @strawberry.field(
        description="Entry into force for this participant (or from when membership makes it apply)."
    )
    def entry_into_force(self) -> date | None:
        return self.assessment.entry_into_force

    @strawberry.field
    def entry_into_force_basis(self) -> EntryIntoForceBasis:  # type: ignore[valid-type]
        return self.assessment.entry_into_force_basis

    @strawberry.field(
        description="The records the answer rests on (participation, membership, rule ...), each with its sources."
    )
    def premises(self) -> list[Premise]:
        return [Premise(premise=p) for p in self.assessment.premises]

    @strawberry.field
    def participation(self, info: strawberry.Info) -> Participation | None:
        rec = _model(info).participations.get(self.assessment.participation or "")
        return Participation(record=rec) if rec else None

    @strawberry.field
    def membership(self, info: strawberry.Info) -> Membership | None:
        rec = _model(info).memberships.get(self.assessment.membership or "")
        return Membership(record=rec) if rec else None

    @strawberry.field(
        description="The newest date on which the data show this actor's state in the instrument (its lists, sources, or the instrument's newest complete list)."
    )
    def known_until(self) -> date | None:
        return self.assessment.known_until

    @strawberry.field(
        description="true when BOUND is carried forward past knownUntil: a party stays bound until it denounces, and a later denunciation would not be in the data."
    )
    def carried_forward(self) -> bool:
        return self.assessment.carried_forward

    @strawberry.field(
        description="When status is UNKNOWN because asOf is past the data: the status the data last show, and its date."
    )
    def last_known(self) -> LastKnownStatus | None:
        found = self.assessment.last_known
        return LastKnownStatus(last=found) if found else None

    @strawberry.field(description="What the participation data of the instrument cover on asOf.")
    def coverage(self, info: strawberry.Info) -> DataCoverage:
        return DataCoverage(
            coverage=cv.coverage_of(_model(info), self.assessment.instrument),
            day=self.assessment.as_of,
        )


@strawberry.type(
    description="Whether an actor is bound by one provision on a date (reservations included)."
)
class ProvisionBinding:
    assessment: strawberry.Private[b.ProvisionAssessment]

    @strawberry.field
    def provision(self, info: strawberry.Info) -> Provision:
        return Provision(record=_model(info).provisions[self.assessment.provision])

    @strawberry.field
    def bound(self) -> bool:
        return self.assessment.bound

    @strawberry.field
    def reason(self) -> str:
        return self.assessment.reason

    @strawberry.field(description="The reservation that excludes the provision, if any.")
    def reservation(self, info: strawberry.Info) -> Statement | None:
        rec = _model(info).statements.get(self.assessment.reservation or "")
        return Statement(record=rec) if rec else None

    @strawberry.field(description="Status in the instrument the provision belongs to.")
    def instrument_binding(self) -> Binding:
        return Binding(assessment=self.assessment.instrument_assessment)


# -- converters ------------------------------------------------------------------


def actor(model: ReadModel, iri: str) -> Actor | None:
    rec = model.actors.get(iri)
    return Actor(record=rec) if rec else None


def actors(model: ReadModel, iris: tuple[str, ...] | list[str]) -> list[Actor]:
    return [Actor(record=model.actors[i]) for i in iris if i in model.actors]


def figures_of(model: ReadModel, iri: str, measure: str | None) -> list[Figure]:
    found = [model.figures[f] for f in model.figures_by_subject.get(iri, [])]
    found = [f for f in found if measure is None or f.measure == measure]
    found.sort(key=lambda f: (f.as_of or date.min, f.iri), reverse=True)
    return [Figure(record=f) for f in found]


_NODE_TYPES: tuple[tuple[type[r.NodeRecord], type[Node]], ...] = (
    (r.ActorRecord, Actor),
    (r.InstrumentRecord, Instrument),
    (r.ParticipationRecord, Participation),
    (r.MembershipRecord, Membership),
    (r.SourceRecord, Source),
    (r.EntryIntoForceRuleRecord, EntryIntoForceRule),
    (r.ProvisionRecord, Provision),
    (r.StatementRecord, Statement),
    (r.PositionRecord, MemberPosition),
    (r.ActivityRecord, Activity),
    (r.InvolvementRecord, Involvement),
    (r.FigureRecord, Figure),
    (r.ParticipantListRecord, ParticipantList),
)


def node_for(model: ReadModel, iri: str) -> Node | None:
    rec = model.nodes.get(iri)
    if rec is None:
        return None
    for record_type, node_type in _NODE_TYPES:
        if isinstance(rec, record_type):
            return node_type(record=rec)
    return None


ALL_TYPES = [t for _, t in _NODE_TYPES]
