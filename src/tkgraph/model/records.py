"""Plain frozen records of the read model, in Python types (no rdflib or
pyoxigraph terms), one per kind of node in the ontology."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from tkgraph.model.partial_date import PartialDate
from tkgraph.rdf.vocab import WIKIDATA_ENTITY


@dataclass(frozen=True, kw_only=True)
class NodeRecord:
    """What every node has: IRI, label, sources and a verification mark."""

    iri: str
    label: str | None = None
    sources: tuple[str, ...] = ()
    # None: verified against its sources; else "unverified" or "inferredFact".
    verification: str | None = None
    note: str | None = None
    # Every rdf:type in the tk: namespace, local names (e.g. "Protocol").
    types: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SourceRecord(NodeRecord):
    title: str | None = None
    address: str | None = None
    as_of: date | None = None
    is_secondary: bool = False


@dataclass(frozen=True, kw_only=True)
class ActorRecord(NodeRecord):
    kind: str  # State, InternationalOrganization, RegionalOrganization, REIO, Body, ...
    short_name: str | None = None
    alt_names: tuple[str, ...] = ()
    iso2: str | None = None
    iso3: str | None = None
    founding_date: date | None = None
    seat: str | None = None
    part_of: tuple[str, ...] = ()
    # States that no longer exist, and the states that succeeded them.
    existed_from: date | None = None
    existed_until: date | None = None
    successor_of: tuple[str, ...] = ()
    # schema:sameAs: the same thing in other datasets (Wikidata entity IRIs)
    same_as: tuple[str, ...] = ()

    @property
    def wikidata(self) -> str | None:
        """The QID of the actor's Wikidata item (Q142), from its schema:sameAs links."""
        prefix = WIKIDATA_ENTITY
        return next((i[len(prefix) :] for i in self.same_as if i.startswith(prefix)), None)


@dataclass(frozen=True, kw_only=True)
class MembershipRecord(NodeRecord):
    member: str
    organization: str
    # A day, or a month or year when the source gives no day (tk:startDate /
    # tk:endDate as xsd:gYearMonth / xsd:gYear). The end is the last day a member.
    start: PartialDate | None = None
    end: PartialDate | None = None
    # Its dated suspensions (tk:Suspension nodes that name it with tk:suspensionOf):
    # a suspended member stays a member.
    suspensions: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class SuspensionRecord(NodeRecord):
    """A span in which a member's rights were suspended (its obligations stand)."""

    membership: str
    start: PartialDate | None = None
    end: PartialDate | None = None  # the last day suspended; None while it lasts


@dataclass(frozen=True, kw_only=True)
class RosterRecord(NodeRecord):
    """The members of one organisation as read from one or more sources, as of one date."""

    organization: str
    as_of: date | None = None
    complete: bool = False  # tk:completeness tk:complete; anything else counts as partial
    checked_against: tuple[str, ...] = ()  # tk:Figure member counts


@dataclass(frozen=True, kw_only=True)
class EntryIntoForceRuleRecord(NodeRecord):
    days_after_deposit: int | None = None
    months_after_deposit: int | None = None
    # a denunciation takes effect this many months after tk:denunciationDate
    months_after_denunciation: int | None = None
    first_day_of_following_month: bool = False
    not_before_general: bool = False
    legal_basis: str | None = None


@dataclass(frozen=True, kw_only=True)
class InstrumentRecord(NodeRecord):
    kind: str  # the most specific class: Convention, Protocol, EUDirective, Declaration ...
    binding: bool | None  # None when the class says neither
    short_name: str | None = None
    alt_names: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()  # (scheme, value)
    adoption_date: date | None = None
    adoption_place: str | None = None
    opened_for_signature: date | None = None
    entry_into_force: date | None = None
    transposition_deadline: date | None = None
    depositary: str | None = None
    adopted_by: tuple[str, ...] = ()
    supplements: tuple[str, ...] = ()
    amends: tuple[str, ...] = ()
    replaces: tuple[str, ...] = ()
    amended_version_of: tuple[str, ...] = ()  # this is that instrument as amended ...
    as_amended_by: tuple[str, ...] = ()  # ... by this amending instrument
    consolidates: tuple[str, ...] = ()
    # Between two states bound by both, this instrument governs (supersession_basis says why).
    supersedes_between_parties: tuple[str, ...] = ()
    supersession_basis: str | None = None
    entry_into_force_rule: str | None = None
    binds_members_of: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class ParticipationRecord(NodeRecord):
    participant: str
    instrument: str
    signature_date: date | None = None
    consent_kind: str | None = None  # ratification, accession, acceptance, approval, succession
    consent_date: date | None = None
    entry_into_force_given: date | None = None
    denunciation_date: date | None = None
    denunciation_effective: date | None = None
    # the tables (tk:sourceTable) the record was imported from; a record that
    # a newer table updates is in both
    source_tables: tuple[str, ...] = ()
    # The participant lists (tk:inList) that hold this record.
    in_lists: tuple[str, ...] = ()
    # Values other sources give where they disagree with this record (tk:alternativeValue).
    alternative_values: tuple[str, ...] = ()
    # Dates known to the year or month only: the date field holds the first
    # possible day and this maps the field name to the last possible day, so
    # the binding engine can tell when an answer depends on the unknown part.
    date_windows: tuple[tuple[str, date], ...] = ()

    def latest_possible(self) -> ParticipationRecord:
        """The same record with every imprecise date at its last possible day."""
        if not self.date_windows:
            return self
        # date_windows is keyed by field name (built in model/record_builders.py).
        latest: dict[str, Any] = dict(self.date_windows)
        # Consent comes before entry into force: a stated entry into force
        # closes the window of a consent known only to the year or month.
        entry_into_force = latest.get("entry_into_force_given", self.entry_into_force_given)
        if "consent_date" in latest and entry_into_force is not None:
            earliest = self.consent_date or latest["consent_date"]
            latest["consent_date"] = max(earliest, min(latest["consent_date"], entry_into_force))
        return replace(self, **latest)


@dataclass(frozen=True, kw_only=True)
class ParticipantListRecord(NodeRecord):
    """The participants of one instrument as read from one or more sources, as of one date."""

    instrument: str
    as_of: date | None = None
    complete: bool = False  # tk:completeness tk:complete; anything else counts as partial
    checked_against: tuple[str, ...] = ()  # tk:Figure party counts


@dataclass(frozen=True, kw_only=True)
class StatementRecord(NodeRecord):
    kind: str  # "reservation" or "declaration"
    participation: str | None = None
    excludes: tuple[str, ...] = ()
    concerns: tuple[str, ...] = ()
    text: str | None = None


@dataclass(frozen=True, kw_only=True)
class ProvisionRecord(NodeRecord):
    instrument: str
    article: str | None = None
    categories: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True, kw_only=True)
class PositionRecord(NodeRecord):
    """An opt-out (does not take part) or opt-in of a member."""

    takes_part: bool
    actor: str
    instrument: str
    legal_basis: str | None = None


@dataclass(frozen=True, kw_only=True)
class ActivityRecord(NodeRecord):
    kind: str  # CooperationAgreement, Programme, JointOperation
    short_name: str | None = None
    start: date | None = None
    end: date | None = None
    parties: tuple[str, ...] = ()
    part_of_programme: tuple[str, ...] = ()
    phase_of: tuple[str, ...] = ()
    implements: tuple[str, ...] = ()
    summary: str | None = None


@dataclass(frozen=True, kw_only=True)
class InvolvementRecord(NodeRecord):
    actor: str
    activity: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FigureRecord(NodeRecord):
    subject: str
    measure: str | None = None
    value: float | None = None
    unit: str | None = None
    as_of: date | None = None  # the first possible day when the source gives a month or year
    as_of_latest: date | None = None  # the last possible day; None when as_of is a day


@dataclass(frozen=True, kw_only=True)
class RatingSchemeRecord(NodeRecord):
    """A rating scheme (tk:RatingScheme): its id in the API is its skos:notation."""

    notation: str


@dataclass(frozen=True, kw_only=True)
class RatingValueRecord(NodeRecord):
    """A value of a rating scheme; rank orders the scale (1 the best), None off the scale."""

    scheme: str
    notation: str
    rank: int | None = None


@dataclass(frozen=True, kw_only=True)
class RatingListRecord(NodeRecord):
    """The ratings of one scheme for one report year as read from some sources."""

    scheme: str
    year: int
    covers: tuple[str, ...] = ()  # the values it lists in full
    not_covered: tuple[str, ...] = ()  # actors its source table leaves out


@dataclass(frozen=True, kw_only=True)
class RatingRecord(NodeRecord):
    """One tk:Assessment: the value a scheme gave an actor in a report year.
    (Named Rating here: domain.binding.Assessment is a binding status.)"""

    actor: str
    scheme: str
    year: int
    value: str
    lists: tuple[str, ...] = ()
    alternative_values: tuple[str, ...] = ()
