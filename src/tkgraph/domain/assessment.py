"""What the binding engine answers: the status of one actor in one instrument on
one date, the rule it rests on and the premises (records) behind it.

The status, rule and dates are plain values; the prose reason and the
premises are written only when read (see Assessment).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from functools import cached_property

from tkgraph.domain.coverage import CoverageWarning


class Status(Enum):
    NOT_PARTICIPATING = "not participating"
    SIGNED_ONLY = "signed only (not bound)"
    CONSENTED_NOT_IN_FORCE = "consented, not yet in force for it"
    BOUND = "bound"
    NO_LONGER_BOUND = "no longer bound"
    NOT_BINDING = "participates in a non-binding instrument"
    UNKNOWN = "unknown (the data do not say: a date is missing or imprecise, or the date is past the data)"


class Rule(Enum):
    """The rules an assessment can rest on; the value is the stable id."""

    NO_RECORD = "no-participation-record"
    NOT_YET_SIGNED = "not-yet-signed"
    SIGNATURE_ONLY = "signature-does-not-bind"
    NON_BINDING = "non-binding-instrument"
    CONSENT_DATE_UNKNOWN = "consent-date-unknown"
    ENTRY_INTO_FORCE_UNKNOWN = "entry-into-force-unknown"
    NOT_YET_IN_FORCE = "consent-not-yet-in-force"
    DENOUNCED = "denounced"
    BOUND_BY_CONSENT = "consent-and-entry-into-force"
    MEMBERSHIP_DERIVED = "membership-derived"
    OPT_OUT = "member-does-not-take-part"
    MEMBERSHIP_NOT_STARTED = "membership-not-started"
    MEMBERSHIP_ENDED = "membership-ended"
    MEMBERSHIP_START_UNKNOWN = "membership-start-unknown"
    NO_RECORD_PAST_COVERAGE = "no-record-past-newest-complete-list"
    NO_COMPLETE_LIST = "no-record-and-no-complete-list"
    STATE_PAST_COVERAGE = "last-known-state-past-coverage"
    IMPRECISE_DATE = "depends-on-unknown-part-of-date"
    DENUNCIATION_EFFECT_UNKNOWN = "denunciation-effect-unknown"


class EntryIntoForceBasis(Enum):
    GIVEN = "given in the data"
    COMPUTED = "computed from the instrument's entry-into-force rule"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Premise:
    """A record an assessment rests on, and what it contributes."""

    iri: str
    role: str  # participation, membership, instrument, entry-into-force-rule, opt-out, reservation
    statement: str


@dataclass(frozen=True)
class LastKnown:
    """The status the data last show, when a later one cannot be known."""

    status: Status
    as_of: date | None


def _no_premises() -> tuple[Premise, ...]:
    return ()


@dataclass(frozen=True)
class Assessment:
    """One actor's status in one instrument on one date.

    The status, rule and dates come from the indexes alone; the prose reason
    and the premises (labels, dates as the sources give them) are written only
    when read, once per object: a count of bound parties never pays for them.
    """

    actor: str
    instrument: str
    as_of: date
    status: Status
    rule: Rule
    make_reason: Callable[[], str] = field(repr=False, compare=False)
    derived: bool = False
    bound_from: date | None = None
    bound_until: date | None = None
    entry_into_force: date | None = None
    entry_into_force_basis: EntryIntoForceBasis = EntryIntoForceBasis.UNKNOWN
    make_premises: Callable[[], tuple[Premise, ...]] = field(
        default=_no_premises, repr=False, compare=False
    )
    participation: str | None = None
    membership: str | None = None
    # Coverage: the newest date the data show this actor's state in the
    # instrument; whether a BOUND status is carried forward past that date
    # (a party stays bound until it denounces); the last known status when
    # the answer is UNKNOWN because the date is past the data; and the
    # warning the answer needs (None when the data cover the date).
    known_until: date | None = None
    carried_forward: bool = False
    last_known: LastKnown | None = None
    warning: CoverageWarning | None = None

    @cached_property
    def reason(self) -> str:
        return self.make_reason()

    @cached_property
    def premises(self) -> tuple[Premise, ...]:
        return self.make_premises()
