"""GraphQL object types. Each is built once from a read-model record (or a
domain answer) by its `from_record` / `from_*` constructor: plain fields are
data read by graphql-core's default resolver, and only the fields that look
something up or compute have a Python resolver. Lookups are dict lookups in
the request's snapshot (no SPARQL, no I/O), so a list of N items costs N
lookups and there is no N+1 query problem to batch away.

Field order is the SDL's (schema.graphql): strawberry lists data fields
before resolver methods, so a looked-up field that comes before data fields
is declared as data with a resolver (`related(...)`, `computed(...)`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypedDict

import strawberry

from tkgraph.api.context import Info, api_id, get_context
from tkgraph.api.coverage_types import note_assessment, note_coverage
from tkgraph.api.pagination import Connection, paginate
from tkgraph.domain import binding as b
from tkgraph.domain import coverage as cv
from tkgraph.domain import rosters
from tkgraph.domain import supersession as sup
from tkgraph.domain.rosters import membership_active
from tkgraph.model import records as r
from tkgraph.model.partial_date import PartialDate
from tkgraph.model.readmodel import ReadModel

if TYPE_CHECKING:
    from tkgraph.api.rating_types import BindingWithRating, RatingAnswer

# The rating types (api/rating_types.py) import these; fields here name them lazily.
_RATINGS = "tkgraph.api.rating_types"

# Registered on the domain enums themselves, so fields are annotated with b.Status
# and b.EntryIntoForceBasis and the schema names them as below.
strawberry.enum(
    b.Status,
    name="BindingStatus",
    description="Legal status of a participant in an instrument on a date.",
)
strawberry.enum(b.EntryIntoForceBasis, name="EntryIntoForceBasis")


@strawberry.enum(description="The 4 Ps.")
class ObligationCategory(Enum):
    PREVENTION = "prevention"
    PROTECTION = "protection"
    PROSECUTION = "prosecution"
    PARTNERSHIP = "partnership"


def related(lookup: Callable[[ReadModel, Any], Any], description: str | None = None) -> Any:
    """A field resolved when selected: `lookup(model, object)`, e.g. the actor a
    record names by IRI."""

    def resolve(root: Any, info: Info) -> Any:
        return lookup(get_context(info).model, root)

    return strawberry.field(resolver=resolve, description=description)


def computed(value: Callable[[Any], Any], description: str | None = None) -> Any:
    """A field computed from its object when selected (an explanation built on demand)."""

    def resolve(root: Any) -> Any:
        return value(root)

    return strawberry.field(resolver=resolve, description=description)


class _NodeFields(TypedDict):
    id: strawberry.ID
    iri: str
    label: str | None
    verification: str | None
    note: str | None
    types: list[str]


def node_fields(rec: r.NodeRecord) -> _NodeFields:
    """The Node fields every record fills."""
    return {
        "id": api_id(rec.iri),
        "iri": rec.iri,
        "label": rec.label,
        "verification": rec.verification,
        "note": rec.note,
        "types": list(rec.types),
    }


@strawberry.interface(
    description="Anything in the graph: it has a readable id, an IRI and sources."
)
class Node:
    record: strawberry.Private[r.NodeRecord]
    id: strawberry.ID = strawberry.field(
        description="Stable readable id, e.g. 'state:FR', 'instrument:tip-protocol'."
    )
    iri: str = strawberry.field(description="The node's IRI in the RDF graph.")
    label: str | None
    verification: str | None = strawberry.field(
        description="null when verified against its sources; else 'unverified' or 'inferredFact' (see note)."
    )
    note: str | None
    types: list[str] = strawberry.field(
        description="OWL classes of the node (tkgraph ontology local names)."
    )

    @strawberry.field(description="Documents the node's facts were taken from.")
    def sources(self, info: Info) -> list[Source]:
        model = get_context(info).model
        return [
            Source.from_record(model.sources[s]) for s in self.record.sources if s in model.sources
        ]

    @strawberry.field(description="The data files (named graphs) the node's triples come from.")
    def files(self, info: Info) -> list[str]:
        return list(get_context(info).model.graphs_by_subject.get(self.record.iri, ()))

    @classmethod
    def from_record(cls, rec: Any) -> Node:
        """The node of a record; each node type fills its fields from its own kind."""
        raise NotImplementedError(cls.__name__)


@strawberry.type(description="A document a fact was read from.")
class Source(Node):
    record: strawberry.Private[r.SourceRecord]
    title: str | None
    address: str | None = strawberry.field(description="URL of the document.")
    as_of: date | None = strawberry.field(description="The date the source gives for its content.")
    is_secondary: bool = strawberry.field(
        description="A mirror, encyclopaedia or news report rather than the organisation's own page."
    )

    @classmethod
    def from_record(cls, rec: r.SourceRecord) -> Source:
        return cls(
            record=rec,
            **node_fields(rec),
            title=rec.title,
            address=rec.address,
            as_of=rec.as_of,
            is_secondary=rec.is_secondary,
        )


@strawberry.type(description="A state, organisation, agency or body.")
class Actor(Node):
    record: strawberry.Private[r.ActorRecord]
    kind: str = strawberry.field(
        description="Most specific class: State, InternationalOrganization, RegionalOrganization, REIO, Body, CoordinationBody, Organization."
    )
    short_name: str | None
    alt_names: list[str]
    iso2: str | None
    iso3: str | None
    founding_date: date | None
    seat: str | None
    wikidata: str | None = strawberry.field(
        description="The actor's Wikidata item (QID, e.g. 'Q142'); its entity IRI is in sameAs."
    )
    same_as: list[str] = strawberry.field(
        description="The same thing in other datasets (schema:sameAs), e.g. http://www.wikidata.org/entity/Q142."
    )

    @classmethod
    def from_record(cls, rec: r.ActorRecord) -> Actor:
        return cls(
            record=rec,
            **node_fields(rec),
            kind=rec.kind,
            short_name=rec.short_name,
            alt_names=list(rec.alt_names),
            iso2=rec.iso2,
            iso3=rec.iso3,
            founding_date=rec.founding_date,
            seat=rec.seat,
            wikidata=rec.wikidata,
            same_as=list(rec.same_as),
        )

    @strawberry.field(
        description="The actor's rating in each report year from `from` to `to` (default: the years the data hold lists for), UNKNOWN years included."
    )
    def assessments(
        self,
        info: Info,
        scheme: str = "tip-tiers",
        from_: Annotated[int | None, strawberry.argument(name="from")] = None,
        to: int | None = None,
    ) -> list[Annotated[RatingAnswer, strawberry.lazy(_RATINGS)]]:
        from tkgraph.api import rating_types

        return rating_types.ratings_of(info, self.record.iri, scheme, from_, to)

    @strawberry.field(description="Organisations this one is part of (not membership).")
    def part_of(self, info: Info) -> list[Actor]:
        return actors(get_context(info).model, self.record.part_of)

    @strawberry.field(description="Agencies and bodies that are part of this organisation.")
    def parts(self, info: Info) -> list[Actor]:
        model = get_context(info).model
        return actors(model, model.parts_by_organization.get(self.record.iri, []))

    @strawberry.field(description="The first day of a state, where its treaty record needs it.")
    def existed_from(self) -> date | None:
        return self.record.existed_from

    @strawberry.field(
        description="The last day of a state that no longer exists (the USSR, Yugoslavia, the Ottoman Empire ...)."
    )
    def existed_until(self) -> date | None:
        return self.record.existed_until

    @strawberry.field(
        description="The states this one succeeded to (a succession to a treaty rests on it)."
    )
    def successor_of(self, info: Info) -> list[Actor]:
        return actors(get_context(info).model, self.record.successor_of)

    @strawberry.field(description="The states that succeeded to this one.")
    def successors(self, info: Info) -> list[Actor]:
        model = get_context(info).model
        iri = self.record.iri
        return actors(model, [a for a, rec in model.actors.items() if iri in rec.successor_of])

    @strawberry.field(
        description="Organisations this actor is a member of; with asOf, only memberships in force that day."
    )
    def memberships(self, info: Info, as_of: date | None = None) -> list[Membership]:
        model = get_context(info).model
        found = [model.memberships[m] for m in model.memberships_by_member.get(self.record.iri, [])]
        return [
            Membership.from_record(m)
            for m in found
            if as_of is None or membership_active(model, m, as_of)
        ]

    @strawberry.field(
        description="What the membership data of this organisation cover on asOf (default today): "
        "whether a complete roster covers that day, the roster's date, the members, unknowns, and "
        "the newest dated member count."
    )
    def membership_coverage(self, info: Info, as_of: date | None = None) -> MembershipCoverage:
        context = get_context(info)
        day = context.day(as_of)
        coverage = rosters.roster_coverage(context.model, self.record.iri)
        context.warn(coverage.warning(day))
        answers = list(rosters.member_answers(context.model, self.record.iri, day))
        counts = [
            sum(1 for a in answers if a.status is status)
            for status in (rosters.MemberStatus.MEMBER, rosters.MemberStatus.UNKNOWN)
        ]
        count = newest_member_count(context.model, self.record.iri)
        return MembershipCoverage(
            as_of=day,
            complete=coverage.covers(day),
            coverage_date=coverage.coverage_date,
            roster=MembershipRoster.from_record(coverage.newest_complete)
            if coverage.newest_complete
            else None,
            members=counts[0],
            unknown=counts[1],
            suspended=sum(1 for a in answers if a.suspended),
            newest_member_count=Figure.from_record(count) if count else None,
        )

    @strawberry.field(
        description="Members of this organisation; with asOf, only those who were members that day."
    )
    def members(
        self,
        info: Info,
        as_of: date | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Membership]:
        context = get_context(info)
        model = context.model
        found = [
            model.memberships[m] for m in model.memberships_by_organization.get(self.record.iri, [])
        ]
        chosen = [m for m in found if as_of is None or membership_active(model, m, as_of)]
        if as_of is not None:
            context.warn(rosters.roster_coverage(model, self.record.iri).warning(as_of))
        return paginate(chosen, Membership.from_record, first, after, context.page_sizes)

    @strawberry.field(
        description="The actor's participation records (signature, consent) in instruments."
    )
    def participations(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Participation]:
        context = get_context(info)
        model = context.model
        found = [
            model.participations[p]
            for p in model.participations_by_participant.get(self.record.iri, [])
        ]
        return paginate(found, Participation.from_record, first, after, context.page_sizes)

    @strawberry.field(
        description="Legal status in every instrument the actor has a record in or may be bound by through membership, on asOf (default today)."
    )
    def bindings(
        self,
        info: Info,
        as_of: date | None = None,
        status: list[b.Status] | None = None,
        asserted_only: bool = False,
    ) -> list[Binding]:
        context = get_context(info)
        model, day = context.model, context.day(as_of)
        result = []
        for instrument in b.candidate_instruments(model, self.record.iri):
            a = b.assess(model, self.record.iri, instrument, day)
            if (status is None or a.status in status) and not (asserted_only and a.derived):
                result.append(Binding.from_assessment(note_assessment(context, a)))
        return result

    @strawberry.field(
        description="Provisions that bind the actor on asOf, reservations taken into account."
    )
    def obligations(
        self,
        info: Info,
        as_of: date | None = None,
        category: ObligationCategory | None = None,
        include_not_binding: bool = False,
    ) -> list[ProvisionBinding]:
        context = get_context(info)
        model = context.model
        found = b.obligations_of(model, self.record.iri, context.day(as_of))
        for pa in found:
            note_assessment(context, pa.instrument_assessment)
        return [
            ProvisionBinding.from_assessment(pa)
            for pa in found
            if (pa.bound or include_not_binding)
            and (category is None or category.value in model.provisions[pa.provision].categories)
        ]


@strawberry.type(description="Membership of an actor in an organisation, with dates.")
class Membership(Node):
    record: strawberry.Private[r.MembershipRecord]
    member: Actor | None = related(lambda model, m: actor(model, m.record.member))
    organization: Actor | None = related(lambda model, m: actor(model, m.record.organization))
    start_date: date | None = strawberry.field(
        description="First day of membership when the source gives the day; see `start`."
    )
    end_date: date | None = strawberry.field(
        description="Last day of membership when the source gives the day; null if ongoing or known to the month or year only (see `end`)."
    )
    start: str | None = strawberry.field(
        description="The start as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY (a member from the year after, UNKNOWN inside it)."
    )
    end: str | None = strawberry.field(
        description="The last day a member as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY."
    )

    @classmethod
    def from_record(cls, rec: r.MembershipRecord) -> Membership:
        return cls(
            record=rec,
            **node_fields(rec),
            start_date=rec.start.first if rec.start and rec.start.exact else None,
            end_date=rec.end.first if rec.end and rec.end.exact else None,
            start=as_given(rec.start),
            end=as_given(rec.end),
        )

    @strawberry.field
    def active(self, info: Info, as_of: date | None = None) -> bool:
        """True when the data show it a member that day (false when not or UNKNOWN)."""
        return membership_active(get_context(info).model, self.record, get_context(info).day(as_of))

    @strawberry.field(
        description="MEMBER, NOT_MEMBER or UNKNOWN on the day (a date known to the year only is UNKNOWN inside it)."
    )
    def status(self, info: Info, as_of: date | None = None) -> str:
        context = get_context(info)
        return rosters.membership_state(context.model, self.record, context.day(as_of))[0].value

    @strawberry.field(
        description="Dated suspensions of this membership: a suspended member stays a member (its obligations stand)."
    )
    def suspensions(self, info: Info) -> list[Suspension]:
        model = get_context(info).model
        found = [model.suspensions[s] for s in self.record.suspensions if s in model.suspensions]
        return [Suspension.from_record(s) for s in found]

    @strawberry.field(description="The suspension in force on the day, if any.")
    def suspended(self, info: Info, as_of: date | None = None) -> Suspension | None:
        context = get_context(info)
        found = rosters.suspension_on(context.model, self.record, context.day(as_of))
        return Suspension.from_record(found) if found else None


@strawberry.type(description="A span in which a member's rights were suspended; it stays a member.")
class Suspension(Node):
    record: strawberry.Private[r.SuspensionRecord]
    start: str | None = strawberry.field(
        description="First day suspended: YYYY-MM-DD, YYYY-MM or YYYY."
    )
    end: str | None = strawberry.field(
        description="Last day suspended (YYYY-MM-DD, YYYY-MM or YYYY); null while it lasts."
    )

    @classmethod
    def from_record(cls, rec: r.SuspensionRecord) -> Suspension:
        return cls(
            record=rec,
            **node_fields(rec),
            start=as_given(rec.start),
            end=as_given(rec.end),
        )


def as_given(found: PartialDate | None) -> str | None:
    """A date as its source gives it: YYYY-MM-DD, YYYY-MM or YYYY."""
    return found.isoformat() if found else None


@strawberry.type
class Identifier:
    scheme: str = strawberry.field(description="untc, cets, ilo or celex.")
    value: str


@strawberry.type
class InstrumentRelation:
    relation: str = strawberry.field(
        description="supplements, amends, replaces, amendedVersionOf, asAmendedBy, consolidates, "
        "supersedesBetweenParties, or the inverse (supplementedBy, supersedesBetweenPartiesBy ...)."
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
    def from_record(cls, rec: r.EntryIntoForceRuleRecord) -> EntryIntoForceRule:
        return cls(
            record=rec,
            **node_fields(rec),
            days_after_deposit=rec.days_after_deposit,
            months_after_deposit=rec.months_after_deposit,
            not_before_general_entry_into_force=rec.not_before_general,
            legal_basis=rec.legal_basis,
        )


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
    def from_record(cls, rec: r.InstrumentRecord) -> Instrument:
        return cls(
            record=rec,
            **node_fields(rec),
            kind=rec.kind,
            binding=rec.binding,
            short_name=rec.short_name,
            alt_names=list(rec.alt_names),
            identifiers=[Identifier(scheme=s, value=v) for s, v in rec.identifiers],
            adoption_date=rec.adoption_date,
            adoption_place=rec.adoption_place,
            opened_for_signature=rec.opened_for_signature,
            entry_into_force=rec.entry_into_force,
            transposition_deadline=rec.transposition_deadline,
        )

    @strawberry.field
    def depositary(self, info: Info) -> Actor | None:
        depositary = self.record.depositary
        return actor(get_context(info).model, depositary) if depositary else None

    @strawberry.field
    def adopted_by(self, info: Info) -> list[Actor]:
        return actors(get_context(info).model, self.record.adopted_by)

    @strawberry.field(description="Organisations whose members the instrument binds (EU law).")
    def binds_members_of(self, info: Info) -> list[Actor]:
        return actors(get_context(info).model, self.record.binds_members_of)

    @strawberry.field(description="Supplements, amends, replaces, and their inverses.")
    def relations(self, info: Info) -> list[InstrumentRelation]:
        model = get_context(info).model
        return [
            InstrumentRelation(
                relation=rel, instrument=Instrument.from_record(model.instruments[other])
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
    ) -> Connection[Participation]:
        context = get_context(info)
        model = context.model
        found = [
            model.participations[p]
            for p in model.participations_by_instrument.get(self.record.iri, [])
        ]
        if consent_kind is not None:
            found = [p for p in found if p.consent_kind == consent_kind]
        return paginate(found, Participation.from_record, first, after, context.page_sizes)

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
    ) -> Connection[Binding]:
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
            lambda a: Binding.from_assessment(note_assessment(context, a)),
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
    ) -> CoverageSummary:
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
        return CoverageSummary(
            **DataCoverage.fields_of(coverage, day),
            bound=counts.get(b.Status.BOUND, 0),
            unknown=counts.get(b.Status.UNKNOWN, 0),
            not_participating=counts.get(b.Status.NOT_PARTICIPATING, 0),
            carried_forward=carried,
        )

    @strawberry.field(description="The participant lists of the instrument, newest first.")
    def participant_lists(self, info: Info) -> list[ParticipantList]:
        lists = cv.coverage_of(get_context(info).model, self.record.iri).lists
        return [ParticipantList.from_record(pl) for pl in lists]

    @strawberry.field(description="Opt-outs and opt-ins of members.")
    def member_positions(self, info: Info) -> list[MemberPosition]:
        model = get_context(info).model
        return [
            MemberPosition.from_record(model.positions[p])
            for p in model.positions_by_instrument.get(self.record.iri, [])
        ]

    @strawberry.field(description="Dated, sourced figures (party counts ...), newest first.")
    def figures(self, info: Info, measure: str | None = None) -> list[Figure]:
        return figures_of(get_context(info).model, self.record.iri, measure)

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


@strawberry.type(
    description="One participant's record in one instrument. Signing alone does not bind."
)
class Participation(Node):
    record: strawberry.Private[r.ParticipationRecord]
    participant: Actor | None = related(lambda model, p: actor(model, p.record.participant))
    instrument: Instrument | None = related(lambda model, p: instrument(model, p.record.instrument))
    signature_date: date | None
    consent_kind: str | None = strawberry.field(
        description="ratification, accession, acceptance, approval or succession; null if only signed."
    )
    consent_date: date | None = strawberry.field(
        description="Date of deposit of the instrument of consent."
    )
    entry_into_force: date | None = related(
        lambda model, p: b.entry_into_force_for(model, p.record)[0],
        "Entry into force for this participant: given in the data, or computed from the instrument's rule.",
    )
    entry_into_force_basis: b.EntryIntoForceBasis = related(
        lambda model, p: b.entry_into_force_for(model, p.record)[1]
    )
    denunciation_effective_date: date | None

    @classmethod
    def from_record(cls, rec: r.ParticipationRecord) -> Participation:
        return cls(
            record=rec,
            **node_fields(rec),
            signature_date=rec.signature_date,
            consent_kind=rec.consent_kind,
            consent_date=rec.consent_date,
            denunciation_effective_date=rec.denunciation_effective,
        )

    @strawberry.field(description="Reservations and declarations made in this participation.")
    def statements(self, info: Info) -> list[Statement]:
        model = get_context(info).model
        return [
            Statement.from_record(model.statements[s])
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
    def status(self, info: Info, as_of: date | None = None) -> Binding:
        context = get_context(info)
        a = b.assess(
            context.model, self.record.participant, self.record.instrument, context.day(as_of)
        )
        return Binding.from_assessment(note_assessment(context, a))

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
    instrument: Instrument | None = related(
        lambda model, pl: instrument(model, pl.record.instrument)
    )
    as_of: date | None
    complete: bool = strawberry.field(
        description="true: lists every participant on asOf; false: some only."
    )

    @classmethod
    def from_record(cls, rec: r.ParticipantListRecord) -> ParticipantList:
        return cls(record=rec, **node_fields(rec), as_of=rec.as_of, complete=rec.complete)

    @strawberry.field(description="The dated party counts the list was checked against.")
    def checked_against(self, info: Info) -> list[Figure]:
        model = get_context(info).model
        return [
            Figure.from_record(model.figures[f])
            for f in self.record.checked_against
            if f in model.figures
        ]


class _DataCoverageFields(TypedDict):
    coverage: cv.Coverage
    as_of: date
    complete: bool
    coverage_date: date | None


@strawberry.type(
    description="The members of one organisation as read from one or more sources, as of one date."
)
class MembershipRoster(Node):
    record: strawberry.Private[r.RosterRecord]
    as_of: date | None
    complete: bool = strawberry.field(description="true when it lists every member on asOf.")

    @classmethod
    def from_record(cls, rec: r.RosterRecord) -> MembershipRoster:
        return cls(record=rec, **node_fields(rec), as_of=rec.as_of, complete=rec.complete)


@strawberry.type(description="What the membership data of an organisation cover, for one date.")
class MembershipCoverage:
    as_of: date = strawberry.field(description="The date asked about.")
    complete: bool = strawberry.field(
        description="true when a complete roster covers asOf: an actor without a membership "
        "record is then not a member; otherwise it is UNKNOWN."
    )
    coverage_date: date | None = strawberry.field(
        description="The as-of date of the newest complete roster; null if the data hold none."
    )
    roster: MembershipRoster | None = strawberry.field(description="The newest complete roster.")
    members: int = strawberry.field(description="Members on asOf (suspended members included).")
    unknown: int = strawberry.field(
        description="Actors with a membership record whose membership on asOf the data cannot "
        "tell (a date known to the year only, no start date)."
    )
    suspended: int = strawberry.field(description="Members suspended on asOf.")
    newest_member_count: Figure | None = strawberry.field(
        description="The newest dated member count the sources give, for comparison."
    )


def newest_member_count(model: ReadModel, organization: str) -> r.FigureRecord | None:
    counts = [
        model.figures[f]
        for f in model.figures_by_subject.get(organization, [])
        if model.figures[f].measure == "memberCount" and model.figures[f].as_of is not None
    ]
    return max(counts, key=lambda f: (f.as_of or date.min, f.iri), default=None)


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
    def newest_party_count(self) -> Figure | None:
        found = self.coverage.newest_party_count
        return Figure.from_record(found) if found else None


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


@strawberry.type(
    description="Between parties to both, a later instrument governs (1949 Convention, art. 28): "
    "the earlier still binds towards states bound only by it."
)
class Supersession:
    found: strawberry.Private[sup.Supersession]
    by: Instrument | None = related(lambda model, s: instrument(model, s.found.by))
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


@strawberry.type(description="A reservation or declaration.")
class Statement(Node):
    record: strawberry.Private[r.StatementRecord]
    kind: str = strawberry.field(description="reservation or declaration")
    text: str | None

    @classmethod
    def from_record(cls, rec: r.StatementRecord) -> Statement:
        return cls(record=rec, **node_fields(rec), kind=rec.kind, text=rec.text)

    @strawberry.field(description="Provisions the reservation excludes for its author.")
    def excludes(self, info: Info) -> list[Provision]:
        model = get_context(info).model
        return [
            Provision.from_record(model.provisions[p])
            for p in self.record.excludes
            if p in model.provisions
        ]

    @strawberry.field
    def participation(self, info: Info) -> Participation | None:
        return participation(get_context(info).model, self.record.participation)


@strawberry.type(
    description="An article or paragraph of an instrument, with its obligation category."
)
class Provision(Node):
    record: strawberry.Private[r.ProvisionRecord]
    article: str | None
    categories: list[str]
    summary: str | None

    @classmethod
    def from_record(cls, rec: r.ProvisionRecord) -> Provision:
        return cls(
            record=rec,
            **node_fields(rec),
            article=rec.article,
            categories=list(rec.categories),
            summary=rec.summary,
        )

    @strawberry.field
    def instrument(self, info: Info) -> Instrument | None:
        return instrument(get_context(info).model, self.record.instrument)


@strawberry.type(description="An opt-out (does not take part) or opt-in of a member.")
class MemberPosition(Node):
    record: strawberry.Private[r.PositionRecord]
    takes_part: bool
    actor: Actor | None = related(lambda model, mp: actor(model, mp.record.actor))
    legal_basis: str | None

    @classmethod
    def from_record(cls, rec: r.PositionRecord) -> MemberPosition:
        return cls(
            record=rec, **node_fields(rec), takes_part=rec.takes_part, legal_basis=rec.legal_basis
        )


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
    def from_record(cls, rec: r.FigureRecord) -> Figure:
        value = rec.value
        return cls(
            record=rec,
            **node_fields(rec),
            measure=rec.measure,
            value=value,
            count=int(value) if value is not None and value.is_integer() else None,
            unit=rec.unit,
            as_of=rec.as_of,
            as_of_latest=rec.as_of_latest,
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
    def from_record(cls, rec: r.ActivityRecord) -> Activity:
        return cls(
            record=rec,
            **node_fields(rec),
            kind=rec.kind,
            short_name=rec.short_name,
            start_date=rec.start,
            end_date=rec.end,
            summary=rec.summary,
        )

    @strawberry.field(description="Parties to an agreement.")
    def parties(self, info: Info) -> list[Actor]:
        return actors(get_context(info).model, self.record.parties)

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
    def implements(self, info: Info) -> list[Instrument]:
        model = get_context(info).model
        return [
            Instrument.from_record(model.instruments[i])
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
    actor: Actor | None = related(lambda model, i: actor(model, i.record.actor))
    activity: Activity | None = related(lambda model, i: activity(model, i.record.activity))
    roles: list[str] = strawberry.field(
        description="coordinator, lead, coLead, participantRole, supporter, implementer, funder, partner, beneficiaryCountry."
    )

    @classmethod
    def from_record(cls, rec: r.InvolvementRecord) -> Involvement:
        return cls(record=rec, **node_fields(rec), roles=list(rec.roles))


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
    assessment: strawberry.Private[b.Assessment]
    actor: Actor | None = related(lambda model, a: actor(model, a.assessment.actor))
    instrument: Instrument | None = related(
        lambda model, a: instrument(model, a.assessment.instrument)
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
    reason: str = computed(lambda a: a.assessment.reason)
    bound_from: date | None
    bound_until: date | None
    entry_into_force: date | None = strawberry.field(
        description="Entry into force for this participant (or from when membership makes it apply)."
    )
    entry_into_force_basis: b.EntryIntoForceBasis
    premises: list[Premise] = computed(
        lambda a: [Premise.from_premise(p) for p in a.assessment.premises],
        "The records the answer rests on (participation, membership, rule ...), each with its sources.",
    )
    participation: Participation | None = related(
        lambda model, a: participation(model, a.assessment.participation)
    )
    membership: Membership | None = related(
        lambda model, a: membership(model, a.assessment.membership)
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
            assessment=a,
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
        found = sup.supersession_of(model, self.assessment)
        if found is None:
            return None
        return Supersession(
            found=found, since=found.since, basis=found.basis, reason=found.reason(model)
        )

    @strawberry.field(
        description="When status is UNKNOWN because asOf is past the data: the status the data last show, and its date."
    )
    def last_known(self) -> LastKnownStatus | None:
        found = self.assessment.last_known
        return LastKnownStatus(status=found.status, as_of=found.as_of) if found else None

    @strawberry.field(description="What the participation data of the instrument cover on asOf.")
    def coverage(self, info: Info) -> DataCoverage:
        coverage = cv.coverage_of(get_context(info).model, self.assessment.instrument)
        return DataCoverage(**DataCoverage.fields_of(coverage, self.assessment.as_of))


@strawberry.type(
    description="Whether an actor is bound by one provision on a date (reservations included)."
)
class ProvisionBinding:
    assessment: strawberry.Private[b.ProvisionAssessment]
    provision: Provision = related(
        lambda model, pb: Provision.from_record(model.provisions[pb.assessment.provision])
    )
    bound: bool

    @classmethod
    def from_assessment(cls, a: b.ProvisionAssessment) -> ProvisionBinding:
        return cls(assessment=a, bound=a.bound)

    @strawberry.field
    def reason(self) -> str:
        return self.assessment.reason

    @strawberry.field(description="The reservation that excludes the provision, if any.")
    def reservation(self, info: Info) -> Statement | None:
        rec = get_context(info).model.statements.get(self.assessment.reservation or "")
        return Statement.from_record(rec) if rec else None

    @strawberry.field(description="Status in the instrument the provision belongs to.")
    def instrument_binding(self) -> Binding:
        return Binding.from_assessment(self.assessment.instrument_assessment)


# -- lookups: the GraphQL object of a record named by IRI, None when there is none ----


def actor(model: ReadModel, iri: str) -> Actor | None:
    rec = model.actors.get(iri)
    return Actor.from_record(rec) if rec else None


def actors(model: ReadModel, iris: tuple[str, ...] | list[str]) -> list[Actor]:
    return [Actor.from_record(model.actors[i]) for i in iris if i in model.actors]


def instrument(model: ReadModel, iri: str) -> Instrument | None:
    rec = model.instruments.get(iri)
    return Instrument.from_record(rec) if rec else None


def activity(model: ReadModel, iri: str) -> Activity | None:
    rec = model.activities.get(iri)
    return Activity.from_record(rec) if rec else None


def participation(model: ReadModel, iri: str | None) -> Participation | None:
    rec = model.participations.get(iri) if iri else None
    return Participation.from_record(rec) if rec else None


def membership(model: ReadModel, iri: str | None) -> Membership | None:
    rec = model.memberships.get(iri) if iri else None
    return Membership.from_record(rec) if rec else None


def figures_of(model: ReadModel, iri: str, measure: str | None) -> list[Figure]:
    found = [model.figures[f] for f in model.figures_by_subject.get(iri, [])]
    found = [f for f in found if measure is None or f.measure == measure]
    found.sort(key=lambda f: (f.as_of or date.min, f.iri), reverse=True)
    return [Figure.from_record(f) for f in found]


# The GraphQL type of each kind of record, for fields typed Node; also every
# node type the schema declares (ALL_TYPES), in this order.
_NODE_TYPES: dict[type[r.NodeRecord], type[Node]] = {
    r.ActorRecord: Actor,
    r.InstrumentRecord: Instrument,
    r.ParticipationRecord: Participation,
    r.MembershipRecord: Membership,
    r.SuspensionRecord: Suspension,
    r.SourceRecord: Source,
    r.EntryIntoForceRuleRecord: EntryIntoForceRule,
    r.ProvisionRecord: Provision,
    r.StatementRecord: Statement,
    r.PositionRecord: MemberPosition,
    r.ActivityRecord: Activity,
    r.InvolvementRecord: Involvement,
    r.FigureRecord: Figure,
    r.ParticipantListRecord: ParticipantList,
    r.RosterRecord: MembershipRoster,
}


def node_for(model: ReadModel, iri: str) -> Node | None:
    """The node an IRI names; None when there is none or its record has no GraphQL type."""
    rec = model.nodes.get(iri)
    node_type = _NODE_TYPES.get(type(rec)) if rec is not None else None
    return node_type.from_record(rec) if node_type else None


ALL_TYPES = list(_NODE_TYPES.values())


def register_node_types(types: dict[type[r.NodeRecord], type[Node]]) -> None:
    """Add the node types another module of the API declares (ratings)."""
    for record_type, node_type in types.items():
        if record_type not in _NODE_TYPES:
            _NODE_TYPES[record_type] = node_type
            ALL_TYPES.append(node_type)
