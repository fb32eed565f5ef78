"""The read model: domain records and indexes built from the graph in one pass.

GraphQL resolvers answer from these dicts, never by running SPARQL per field
(a dict lookup is one to two orders of magnitude cheaper than a SPARQL query,
see bench/). The graph stays the source of truth; the
read model is rebuilt whole from it on every load or reload.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from types import SimpleNamespace
from typing import TypedDict, TypeVar

import pyoxigraph as ox

from tkgraph.model import records as r
from tkgraph.model.partial_date import PartialDate
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, SCHEMA, SKOS, TK, XSD

_TK = str(TK)
# Plain strings for the hot loop: rdflib's DefinedNamespace looks each attribute
# up anew, and the builder asks for terms a million times at 1M triples.
_T = SimpleNamespace(**{name: str(getattr(TK, name)) for name in TK.__annotations__})
_SUBCLASS_OF = str(RDFS.subClassOf)
_TYPE = str(RDF.type)
_LABEL = str(RDFS.label)
_SOURCE = str(DCTERMS.source)
_TITLE = str(DCTERMS.title)
_G_YEAR = str(XSD.gYear)
_G_YEAR_MONTH = str(XSD.gYearMonth)
_SAME_AS = str(SCHEMA.sameAs)
_NOTATION = str(SKOS.notation)
_IN_SCHEME = str(SKOS.inScheme)

_K = TypeVar("_K", str, tuple[str, int])
Props = dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]


class NodeFields(TypedDict):
    """The fields every record has (records.NodeRecord), read once per node."""

    iri: str
    label: str | None
    sources: tuple[str, ...]
    verification: str | None
    note: str | None
    types: tuple[str, ...]


def _local(iri: str) -> str:
    return iri[len(_TK) :] if iri.startswith(_TK) else iri


@dataclass
class ReadModel:
    """Every node by IRI, plus the indexes the API needs."""

    nodes: dict[str, r.NodeRecord] = field(default_factory=dict)
    actors: dict[str, r.ActorRecord] = field(default_factory=dict)
    instruments: dict[str, r.InstrumentRecord] = field(default_factory=dict)
    participations: dict[str, r.ParticipationRecord] = field(default_factory=dict)
    memberships: dict[str, r.MembershipRecord] = field(default_factory=dict)
    sources: dict[str, r.SourceRecord] = field(default_factory=dict)
    rules: dict[str, r.EntryIntoForceRuleRecord] = field(default_factory=dict)
    provisions: dict[str, r.ProvisionRecord] = field(default_factory=dict)
    statements: dict[str, r.StatementRecord] = field(default_factory=dict)
    positions: dict[str, r.PositionRecord] = field(default_factory=dict)
    activities: dict[str, r.ActivityRecord] = field(default_factory=dict)
    involvements: dict[str, r.InvolvementRecord] = field(default_factory=dict)
    figures: dict[str, r.FigureRecord] = field(default_factory=dict)
    participant_lists: dict[str, r.ParticipantListRecord] = field(default_factory=dict)
    suspensions: dict[str, r.SuspensionRecord] = field(default_factory=dict)
    rosters: dict[str, r.RosterRecord] = field(default_factory=dict)
    ratings: dict[str, r.RatingRecord] = field(default_factory=dict)
    rating_lists: dict[str, r.RatingListRecord] = field(default_factory=dict)
    rating_values: dict[str, r.RatingValueRecord] = field(default_factory=dict)
    rating_schemes: dict[str, r.RatingSchemeRecord] = field(default_factory=dict)

    participations_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    participations_by_participant: dict[str, list[str]] = field(default_factory=dict)
    participation_by_pair: dict[tuple[str, str], str] = field(default_factory=dict)
    memberships_by_member: dict[str, list[str]] = field(default_factory=dict)
    memberships_by_organization: dict[str, list[str]] = field(default_factory=dict)
    parts_by_organization: dict[str, list[str]] = field(default_factory=dict)
    successors_by_state: dict[str, list[str]] = field(default_factory=dict)
    provisions_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    statements_by_participation: dict[str, list[str]] = field(default_factory=dict)
    positions_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    involvements_by_activity: dict[str, list[str]] = field(default_factory=dict)
    involvements_by_actor: dict[str, list[str]] = field(default_factory=dict)
    agreements_by_party: dict[str, list[str]] = field(default_factory=dict)
    figures_by_subject: dict[str, list[str]] = field(default_factory=dict)
    participant_lists_by_instrument: dict[str, list[str]] = field(default_factory=dict)
    rosters_by_organization: dict[str, list[str]] = field(default_factory=dict)
    instruments_binding_members_of: dict[str, list[str]] = field(default_factory=dict)
    related_instruments: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (actor, scheme, report year) -> tk:Assessment; (scheme, year) -> rating lists
    rating_by_key: dict[tuple[str, str, int], str] = field(default_factory=dict)
    rating_lists_by_year: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    # The named graph(s) each subject's triples came from (for "which file").
    graphs_by_subject: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # Problems met while building (a date that is not a date ...).
    problems: list[str] = field(default_factory=list)
    # The number of quads it was built from (the store's size, without a second pass).
    quad_count: int = 0

    def display_label(self, iri: str) -> str:
        """A node's display label: short name, else label, else IRI (reasons, maps)."""
        node = self.nodes.get(iri)
        return str(getattr(node, "short_name", None) or (node.label if node else None) or iri)

    # Per-instrument coverage (tkgraph.domain.coverage), computed on first use: the
    # model is immutable once built, so each answer is computed once.
    coverage_cache: dict[str, object] = field(default_factory=dict)
    # Participation -> the newest date the data show its state (coverage.record_known_until),
    # computed on first use for the same reason.
    known_until_cache: dict[str, date | None] = field(default_factory=dict)
    # Instrument -> its status timelines (tkgraph.domain.status_timelines), built
    # once per data version and saved with the model.
    timeline_cache: dict[str, object] = field(default_factory=dict)


def _whole(number: float | None) -> int | None:
    return int(number) if number is not None else None


def build(store: ox.Store) -> ReadModel:
    """Build the read model from every quad of the store, in one pass.

    One iteration over the store is the cheapest way to read it from Python:
    per predicate (quads_for_pattern), per graph, one SPARQL SELECT per class
    or a dump parsed back all measured as slow or slower (bench/), since the
    cost is the Python object for each term, which they all create too.
    """
    by_subject: dict[str, Props] = {}
    graphs: dict[str, set[str]] = defaultdict(set)
    named = ox.NamedNode
    count = 0
    for count, quad in enumerate(store, 1):  # noqa: B007 (the count is read after the loop)
        subject_term = quad.subject
        if type(subject_term) is not named:
            continue
        subject = subject_term.value
        props = by_subject.get(subject)
        if props is None:
            props = by_subject[subject] = {}
        predicate = quad.predicate.value
        values = props.get(predicate)
        if values is None:
            props[predicate] = [quad.object]
        else:
            values.append(quad.object)
        graph = quad.graph_name
        if type(graph) is named:
            graphs[subject].add(graph.value)
    model = _Builder(by_subject, graphs).run()
    model.quad_count = count
    return model


class _Builder:
    def __init__(self, by_subject: dict[str, Props], graphs: dict[str, set[str]]) -> None:
        self.by_subject = by_subject
        self.model = ReadModel(graphs_by_subject={s: tuple(sorted(g)) for s, g in graphs.items()})
        self.superclasses = self._class_closure()
        self._is_a: dict[tuple[tuple[str, ...], str], bool] = {}
        self._builder_for: dict[tuple[str, ...], RecordBuilder | None] = {}

    def _class_closure(self) -> dict[str, set[str]]:
        parents: dict[str, set[str]] = defaultdict(set)
        for subject, props in self.by_subject.items():
            for obj in props.get(_SUBCLASS_OF, []):
                if isinstance(obj, ox.NamedNode):
                    parents[subject].add(obj.value)
        closure: dict[str, set[str]] = {}

        def up(cls: str, seen: frozenset[str] = frozenset()) -> set[str]:
            if cls in closure:
                return closure[cls]
            result = {cls}
            for parent in parents.get(cls, ()):
                if parent not in seen:
                    result |= up(parent, seen | {cls})
            closure[cls] = result
            return result

        for cls in list(parents):
            up(cls)
        return closure

    def is_a(self, types: tuple[str, ...], cls: str) -> bool:
        # Cached: the same few type tuples recur for every node of a kind.
        key = (types, cls)
        found = self._is_a.get(key)
        if found is None:
            found = self._is_a[key] = any(cls in self.superclasses.get(t, {t}) for t in types)
        return found

    # -- term conversion -------------------------------------------------

    # Most properties have one value: those skip the set and the sort.

    def iris(self, props: Props, prop: str) -> tuple[str, ...]:
        found = props.get(prop)
        if not found:
            return ()
        if len(found) == 1:
            only = found[0]
            return (only.value,) if type(only) is ox.NamedNode else ()
        return tuple(sorted({o.value for o in found if isinstance(o, ox.NamedNode)}))

    def iri(self, props: Props, prop: str) -> str | None:
        found = self.iris(props, prop)
        return found[0] if found else None

    def texts(self, props: Props, prop: str) -> tuple[str, ...]:
        found = props.get(prop)
        if not found:
            return ()
        if len(found) == 1:
            only = found[0]
            return (only.value,) if type(only) is ox.Literal else ()
        return tuple(sorted({o.value for o in found if isinstance(o, ox.Literal)}))

    def text(self, props: Props, prop: str) -> str | None:
        found = self.texts(props, prop)
        return found[0] if found else None

    def date(self, subject: str, props: Props, prop: str) -> date | None:
        for o in props.get(prop, ()):
            if isinstance(o, ox.Literal):
                try:
                    return date.fromisoformat(o.value)
                except ValueError:
                    self.model.problems.append(
                        f"<{subject}> {_local(prop)} {o.value!r} is not a date (YYYY-MM-DD)"
                    )
        return None

    def partial_date(self, subject: str, props: Props, prop: str) -> PartialDate | None:
        """A date that may be known to the year (xsd:gYear) or month
        (xsd:gYearMonth) only; an xsd:date is known to the day."""
        for o in props.get(prop, ()):
            if not isinstance(o, ox.Literal):
                continue
            datatype = o.datatype.value
            if datatype in (_G_YEAR, _G_YEAR_MONTH):
                try:
                    return PartialDate.parse(o.value)
                except ValueError:
                    self.model.problems.append(
                        f"<{subject}> {_local(prop)} {o.value!r} is not a year (YYYY) or month (YYYY-MM)"
                    )
                    return None
            exact = self.date(subject, props, prop)
            return PartialDate.of_day(exact) if exact else None
        return None

    def date_window(
        self, subject: str, props: Props, prop: str
    ) -> tuple[dt.date | None, dt.date | None]:
        """First and last possible day of a date that may be known to the year
        or month only; both equal for an xsd:date."""
        found = self.partial_date(subject, props, prop)
        return (found.first, found.last) if found else (None, None)

    def number(self, props: Props, prop: str) -> float | None:
        for o in props.get(prop, ()):
            if isinstance(o, ox.Literal):
                try:
                    return float(o.value)
                except ValueError:
                    return None
        return None

    def boolean(self, props: Props, prop: str) -> bool:
        return any(
            isinstance(o, ox.Literal) and o.value in ("true", "1") for o in props.get(prop, ())
        )

    def common(self, subject: str, props: Props, types: tuple[str, ...]) -> NodeFields:
        verification = self.iri(props, _T.verification)
        return NodeFields(
            iri=subject,
            label=self.text(props, _LABEL) or self.text(props, _TITLE),
            sources=self.iris(props, _SOURCE),
            verification=_local(verification) if verification else None,
            note=self.text(props, _T.note),
            types=tuple(_local(t) for t in types),
        )

    # -- records ---------------------------------------------------------

    def run(self) -> ReadModel:
        m = self.model
        for subject, props in self.by_subject.items():
            types = self.iris(props, _TYPE)
            tk_types = tuple(t for t in types if t.startswith(_TK))
            if not tk_types:
                continue
            build_record = self.builder_for(tk_types)
            if build_record is None:
                continue
            record = build_record(
                self, subject, props, tk_types, self.common(subject, props, tk_types)
            )
            if record is not None:
                m.nodes[subject] = record
        self.index()
        return m

    def builder_for(self, types: tuple[str, ...]) -> RecordBuilder | None:
        """The builder of the first class in _BUILDERS the node is an instance of."""
        if types not in self._builder_for:
            self._builder_for[types] = next(
                (build for cls, build in _BUILDERS if self.is_a(types, cls)), None
            )
        return self._builder_for[types]

    def most_specific(self, types: tuple[str, ...]) -> str:
        # The type that is not a superclass of another of the node's types.
        for t in types:
            if not any(t != o and t in self.superclasses.get(o, set()) for o in types):
                return _local(t)
        return _local(types[0])

    def actor(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> r.NodeRecord:
        record = r.ActorRecord(
            **c,
            kind=self.most_specific(types),
            short_name=self.text(p, _T.shortName),
            alt_names=self.texts(p, _T.altName),
            iso2=self.text(p, _T.iso2),
            iso3=self.text(p, _T.iso3),
            founding_date=self.date(s, p, _T.foundingDate),
            seat=self.text(p, _T.seat),
            part_of=self.iris(p, _T.partOf),
            existed_from=self.date(s, p, _T.existedFrom),
            existed_until=self.date(s, p, _T.existedUntil),
            successor_of=self.iris(p, _T.successorOf),
            same_as=self.iris(p, _SAME_AS),
        )
        self.model.actors[s] = record
        return record

    def instrument(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> r.NodeRecord:
        binding = (
            True
            if self.is_a(types, _T.BindingInstrument)
            else False
            if self.is_a(types, _T.NonBindingInstrument)
            else None
        )
        record = r.InstrumentRecord(
            **c,
            kind=self.most_specific(types),
            binding=binding,
            short_name=self.text(p, _T.shortName),
            alt_names=self.texts(p, _T.altName),
            identifiers=tuple(
                (scheme, value)
                for scheme, prop in _IDENTIFIER_SCHEMES
                for value in self.texts(p, prop)
            ),
            adoption_date=self.date(s, p, _T.adoptionDate),
            adoption_place=self.text(p, _T.adoptionPlace),
            opened_for_signature=self.date(s, p, _T.openedForSignatureDate),
            entry_into_force=self.date(s, p, _T.entryIntoForceDate),
            transposition_deadline=self.date(s, p, _T.transpositionDeadline),
            depositary=self.iri(p, _T.depositary),
            adopted_by=self.iris(p, _T.adoptedBy),
            supplements=self.iris(p, _T.supplements),
            amends=self.iris(p, _T.amends),
            replaces=self.iris(p, _T.replaces),
            amended_version_of=self.iris(p, _T.amendedVersionOf),
            as_amended_by=self.iris(p, _T.asAmendedBy),
            consolidates=self.iris(p, _T.consolidates),
            supersedes_between_parties=self.iris(p, _T.supersedesBetweenParties),
            supersession_basis=self.text(p, _T.supersessionBasis),
            entry_into_force_rule=self.iri(p, _T.entryIntoForceRule),
            binds_members_of=self.iris(p, _T.bindsMembersOf),
        )
        self.model.instruments[s] = record
        return record

    def participation(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        participant, instrument = self.iri(p, _T.participant), self.iri(p, _T.participationIn)
        if participant is None or instrument is None:
            self.model.problems.append(
                f"<{s}> Participation lacks tk:participant or tk:participationIn"
            )
            return None
        kind = self.iri(p, _T.consentKind)
        signed_first, signed_last = self.date_window(s, p, _T.signatureDate)
        consent_first, consent_last = self.date_window(s, p, _T.consentDate)
        denounced_first, denounced_last = self.date_window(s, p, _T.denunciationDate)
        windows = tuple(
            (name, last)
            for name, first, last in (
                ("signature_date", signed_first, signed_last),
                ("consent_date", consent_first, consent_last),
                ("denunciation_date", denounced_first, denounced_last),
            )
            if last is not None and last != first
        )
        record = r.ParticipationRecord(
            **c,
            participant=participant,
            instrument=instrument,
            signature_date=signed_first,
            consent_kind=_local(kind) if kind else None,
            consent_date=consent_first,
            entry_into_force_given=self.date(s, p, _T.entryIntoForceForParticipant),
            denunciation_date=denounced_first,
            denunciation_effective=self.date(s, p, _T.denunciationEffectiveDate),
            source_tables=tuple(sorted(self.iris(p, _T.sourceTable))),
            in_lists=self.iris(p, _T.inList),
            alternative_values=self.texts(p, _T.alternativeValue),
            date_windows=windows,
        )
        self.model.participations[s] = record
        return record

    def participant_list(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        instrument = self.iri(p, _T.listOf)
        if instrument is None:
            self.model.problems.append(f"<{s}> ParticipantList lacks tk:listOf")
            return None
        record = r.ParticipantListRecord(
            **c,
            instrument=instrument,
            as_of=self.date(s, p, _T.asOfDate),
            complete=self.iri(p, _T.completeness) == _T.complete,
            checked_against=self.iris(p, _T.checkedAgainst),
        )
        self.model.participant_lists[s] = record
        return record

    def membership(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        member, org = self.iri(p, _T.member), self.iri(p, _T.organization)
        if member is None or org is None:
            self.model.problems.append(f"<{s}> Membership lacks tk:member or tk:organization")
            return None
        record = r.MembershipRecord(
            **c,
            member=member,
            organization=org,
            start=self.partial_date(s, p, _T.startDate),
            end=self.partial_date(s, p, _T.endDate),
        )
        self.model.memberships[s] = record
        return record

    def suspension(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        membership = self.iri(p, _T.suspensionOf)
        if membership is None:
            self.model.problems.append(f"<{s}> Suspension lacks tk:suspensionOf")
            return None
        record = r.SuspensionRecord(
            **c,
            membership=membership,
            start=self.partial_date(s, p, _T.startDate),
            end=self.partial_date(s, p, _T.endDate),
        )
        self.model.suspensions[s] = record
        return record

    def roster(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        organization = self.iri(p, _T.rosterOf)
        if organization is None:
            self.model.problems.append(f"<{s}> MembershipRoster lacks tk:rosterOf")
            return None
        record = r.RosterRecord(
            **c,
            organization=organization,
            as_of=self.date(s, p, _T.asOfDate),
            complete=self.iri(p, _T.completeness) == _T.complete,
            checked_against=self.iris(p, _T.checkedAgainst),
        )
        self.model.rosters[s] = record
        return record

    def source(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> r.NodeRecord:
        record = r.SourceRecord(
            **c,
            title=self.text(p, _TITLE),
            address=self.text(p, _T.address),
            # A page dated to a month or year: its first day (the data are
            # at least that recent; never later than the page says).
            as_of=self.date_window(s, p, _T.asOfDate)[0],
            is_secondary=self.boolean(p, _T.isSecondary),
        )
        self.model.sources[s] = record
        return record

    def rule(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> r.NodeRecord:
        record = r.EntryIntoForceRuleRecord(
            **c,
            days_after_deposit=_whole(self.number(p, _T.daysAfterDeposit)),
            months_after_deposit=_whole(self.number(p, _T.monthsAfterDeposit)),
            months_after_denunciation=_whole(self.number(p, _T.monthsAfterDenunciation)),
            first_day_of_following_month=self.boolean(p, _T.firstDayOfFollowingMonth),
            not_before_general=self.boolean(p, _T.notBeforeGeneralEntryIntoForce),
            legal_basis=self.text(p, _T.legalBasis),
        )
        self.model.rules[s] = record
        return record

    def provision(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        instrument = self.iri(p, _T.provisionOf)
        if instrument is None:
            self.model.problems.append(f"<{s}> Provision lacks tk:provisionOf")
            return None
        record = r.ProvisionRecord(
            **c,
            instrument=instrument,
            article=self.text(p, _T.article),
            categories=tuple(_local(x) for x in self.iris(p, _T.obligationCategory)),
            summary=self.text(p, _T.summary),
        )
        self.model.provisions[s] = record
        return record

    def statement(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> r.NodeRecord:
        record = r.StatementRecord(
            **c,
            kind="reservation" if self.is_a(types, _T.Reservation) else "declaration",
            participation=self.iri(p, _T.statementOn),
            excludes=self.iris(p, _T.excludesProvision),
            concerns=self.iris(p, _T.concernsProvision),
            text=self.text(p, _T.statementText),
        )
        self.model.statements[s] = record
        return record

    def position(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        actor, instrument = self.iri(p, _T.actor), self.iri(p, _T.instrument)
        if actor is None or instrument is None:
            self.model.problems.append(f"<{s}> OptOut/OptIn lacks tk:actor or tk:instrument")
            return None
        record = r.PositionRecord(
            **c,
            takes_part=self.is_a(types, _T.OptIn),
            actor=actor,
            instrument=instrument,
            legal_basis=self.text(p, _T.legalBasis),
        )
        self.model.positions[s] = record
        return record

    def activity(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> r.NodeRecord:
        record = r.ActivityRecord(
            **c,
            kind=self.most_specific(types),
            short_name=self.text(p, _T.shortName),
            start=self.date(s, p, _T.startDate),
            end=self.date(s, p, _T.endDate),
            parties=self.iris(p, _T.party),
            part_of_programme=self.iris(p, _T.partOfProgramme),
            phase_of=self.iris(p, _T.phaseOf),
            implements=self.iris(p, _T.implementsInstrument),
            summary=self.text(p, _T.summary),
        )
        self.model.activities[s] = record
        return record

    def involvement(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        actor, activity = self.iri(p, _T.involvedActor), self.iri(p, _T.involvedIn)
        if actor is None or activity is None:
            self.model.problems.append(f"<{s}> Involvement lacks tk:involvedActor or tk:involvedIn")
            return None
        record = r.InvolvementRecord(
            **c,
            actor=actor,
            activity=activity,
            roles=tuple(_local(x) for x in self.iris(p, _T.role)),
        )
        self.model.involvements[s] = record
        return record

    def figure(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        subject = self.iri(p, _T.figureOf)
        if subject is None:
            self.model.problems.append(f"<{s}> Figure lacks tk:figureOf")
            return None
        measure = self.iri(p, _T.measure)
        first, last = self.date_window(s, p, _T.asOfDate)
        record = r.FigureRecord(
            **c,
            subject=subject,
            measure=_local(measure) if measure else None,
            value=self.number(p, _T.value),
            unit=self.text(p, _T.unit),
            as_of=first,
            as_of_latest=last if last != first else None,
        )
        self.model.figures[s] = record
        return record

    def rating(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        actor, scheme, value = (
            self.iri(p, x) for x in (_T.assessedActor, _T.ratingScheme, _T.ratingValue)
        )
        year = _whole(self.number(p, _T.reportYear))
        if actor is None or scheme is None or value is None or year is None:
            self.model.problems.append(
                f"<{s}> Assessment lacks tk:assessedActor, tk:ratingScheme, tk:ratingValue or tk:reportYear"
            )
            return None
        record = r.RatingRecord(
            **c,
            actor=actor,
            scheme=scheme,
            year=year,
            value=value,
            lists=self.iris(p, _T.inRatingList),
            alternative_values=self.texts(p, _T.alternativeValue),
        )
        self.model.ratings[s] = record
        return record

    def rating_list(
        self, s: str, p: Props, types: tuple[str, ...], c: NodeFields
    ) -> r.NodeRecord | None:
        scheme = self.iri(p, _T.ratingScheme)
        year = _whole(self.number(p, _T.reportYear))
        if scheme is None or year is None:
            self.model.problems.append(f"<{s}> RatingList lacks tk:ratingScheme or tk:reportYear")
            return None
        record = r.RatingListRecord(
            **c,
            scheme=scheme,
            year=year,
            covers=self.iris(p, _T.coversValue),
            not_covered=self.iris(p, _T.notCovered),
        )
        self.model.rating_lists[s] = record
        return record

    # Schemes and their values are concepts of the ontology, like consent kinds:
    # kept in their own dicts, not nodes of the data (they have no sources).
    def rating_value(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> None:
        self.model.rating_values[s] = r.RatingValueRecord(
            **c,
            scheme=self.iri(p, _IN_SCHEME) or "",
            notation=self.text(p, _NOTATION) or _local(s),
            rank=_whole(self.number(p, _T.rank)),
        )

    def rating_scheme(self, s: str, p: Props, types: tuple[str, ...], c: NodeFields) -> None:
        notation = self.text(p, _NOTATION) or _local(s)
        self.model.rating_schemes[s] = r.RatingSchemeRecord(**c, notation=notation)

    # -- indexes -----------------------------------------------------------

    def index(self) -> None:
        m = self.model
        participations = m.participations.items()
        m.participations_by_instrument = self._grouped((p.instrument, i) for i, p in participations)
        m.participations_by_participant = self._grouped(
            (p.participant, i) for i, p in participations
        )
        m.participation_by_pair = {(p.participant, p.instrument): i for i, p in participations}
        suspended = self._grouped((su.membership, i) for i, su in m.suspensions.items())
        for iri, found in suspended.items():
            if iri in m.memberships:
                m.memberships[iri] = m.nodes[iri] = replace(
                    m.memberships[iri], suspensions=tuple(found)
                )
            else:
                m.problems.append(f"<{found[0]}> tk:suspensionOf <{iri}>, not a tk:Membership")
        memberships = m.memberships.items()
        m.memberships_by_member = self._grouped((ms.member, i) for i, ms in memberships)
        m.memberships_by_organization = self._grouped((ms.organization, i) for i, ms in memberships)
        m.parts_by_organization = self._grouped(
            (whole, i) for i, a in m.actors.items() for whole in a.part_of
        )
        m.successors_by_state = self._grouped(
            (before, i) for i, a in m.actors.items() for before in a.successor_of
        )
        m.provisions_by_instrument = self._grouped(
            (v.instrument, i) for i, v in m.provisions.items()
        )
        m.statements_by_participation = self._grouped(
            (st.participation, i) for i, st in m.statements.items() if st.participation
        )
        m.positions_by_instrument = self._grouped((o.instrument, i) for i, o in m.positions.items())
        involvements = m.involvements.items()
        m.involvements_by_activity = self._grouped((inv.activity, i) for i, inv in involvements)
        m.involvements_by_actor = self._grouped((inv.actor, i) for i, inv in involvements)
        m.agreements_by_party = self._grouped(
            (party, i) for i, ac in m.activities.items() for party in ac.parties
        )
        m.figures_by_subject = self._grouped((f.subject, i) for i, f in m.figures.items())
        m.participant_lists_by_instrument = self._grouped(
            (pl.instrument, i) for i, pl in m.participant_lists.items()
        )
        m.rosters_by_organization = self._grouped(
            (ro.organization, i) for i, ro in m.rosters.items()
        )
        m.instruments_binding_members_of = self._grouped(
            (org, i) for i, ins in m.instruments.items() for org in ins.binds_members_of
        )
        m.related_instruments = _related_instruments(m.instruments)
        m.rating_by_key = {(x.actor, x.scheme, x.year): i for i, x in m.ratings.items()}
        m.rating_lists_by_year = self._grouped(
            ((rl.scheme, rl.year), i) for i, rl in m.rating_lists.items()
        )

    def _grouped(self, pairs: Iterable[tuple[_K, str]]) -> dict[_K, list[str]]:
        """Key -> node IRIs, each list ordered by the label of what it points to,
        so pages are stable and readable."""
        groups: defaultdict[_K, list[str]] = defaultdict(list)
        for key, iri in pairs:
            groups[key].append(iri)
        nodes = self.model.nodes
        return {
            key: sorted(values, key=lambda i: ((nodes[i].label or i).casefold(), i))
            for key, values in groups.items()
        }


# The relations between instruments as the data state them, from the stating side.
STATED_RELATIONS = (
    "supplements",
    "amends",
    "replaces",
    "amendedVersionOf",
    "asAmendedBy",
    "consolidates",
    "supersedesBetweenParties",
)


def inverse_relation(relation: str) -> str:
    """The name of a relation seen from its target: "amends" -> "amendsBy".
    "asAmendedBy" already ends in "By": seen from the amending protocol it is
    "hasAmendedText" (the text as amended by it)."""
    return "hasAmendedText" if relation == "asAmendedBy" else f"{relation}By"


def _related_instruments(
    instruments: dict[str, r.InstrumentRecord],
) -> dict[str, list[tuple[str, str]]]:
    """Instrument -> (relation, other instrument), both directions: "amends"
    on the amending side, "amendsBy" on the amended one."""
    related: defaultdict[str, list[tuple[str, str]]] = defaultdict(list)
    for iri, ins in instruments.items():
        for relation, targets in zip(
            STATED_RELATIONS,
            (
                ins.supplements,
                ins.amends,
                ins.replaces,
                ins.amended_version_of,
                ins.as_amended_by,
                ins.consolidates,
                ins.supersedes_between_parties,
            ),
            strict=True,
        ):
            for target in targets:
                related[iri].append((relation, target))
                related[target].append((inverse_relation(relation), iri))
    return {key: sorted(pairs) for key, pairs in related.items()}


_IDENTIFIER_SCHEMES = (
    ("untc", _T.untcReference),
    ("cets", _T.cetsNumber),
    ("ilo", _T.iloCode),
    ("celex", _T.celexNumber),
)

RecordBuilder = Callable[[_Builder, str, Props, tuple[str, ...], NodeFields], r.NodeRecord | None]

# The first class a node is an instance of decides its record (an instrument
# that is also an actor is read as an actor); nodes of other classes
# (concepts, roles ...) get no record.
_BUILDERS: tuple[tuple[str, RecordBuilder], ...] = (
    (_T.Actor, _Builder.actor),
    (_T.Instrument, _Builder.instrument),
    (_T.Participation, _Builder.participation),
    (_T.ParticipantList, _Builder.participant_list),
    (_T.Membership, _Builder.membership),
    (_T.Suspension, _Builder.suspension),
    (_T.MembershipRoster, _Builder.roster),
    (_T.Source, _Builder.source),
    (_T.EntryIntoForceRule, _Builder.rule),
    (_T.Provision, _Builder.provision),
    (_T.ParticipationStatement, _Builder.statement),
    (_T.OptOut, _Builder.position),
    (_T.OptIn, _Builder.position),
    (_T.Activity, _Builder.activity),
    (_T.Involvement, _Builder.involvement),
    (_T.Figure, _Builder.figure),
    (_T.Assessment, _Builder.rating),
    (_T.RatingList, _Builder.rating_list),
    (_T.RatingValue, _Builder.rating_value),
    (_T.RatingScheme, _Builder.rating_scheme),
)
