"""What the binding engine answers: the status of one actor in one instrument on
one date, the rule it rests on and the premises (records) behind it.

The status, rule and dates are plain values (a Decision, which the status
timelines keep per change day); the prose reason, the premises and, for an
answer looked up in a timeline, the coverage warning are written only when
read (see Assessment).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, NamedTuple

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


_UNCHANGED: Any = object()


class Decision(NamedTuple):
    """What the rules decide about one pair on one day: an answer's plain
    values, the same on every day until the answer changes (a status
    timeline keeps one per change day)."""

    status: Status
    rule: Rule
    derived: bool = False
    bound_from: date | None = None
    bound_until: date | None = None
    entry_into_force: date | None = None
    entry_into_force_basis: EntryIntoForceBasis = EntryIntoForceBasis.UNKNOWN
    participation: str | None = None
    membership: str | None = None
    # Coverage: the newest date the data show this actor's state in the
    # instrument; whether a BOUND status is carried forward past that date
    # (a party stays bound until it denounces); the last known status when
    # the answer is UNKNOWN because the date is past the data.
    known_until: date | None = None
    carried_forward: bool = False
    last_known: LastKnown | None = None
    # Whose coverage warning an answer looked up in a timeline carries (about
    # membership, instrument or organisation); the warning names the day asked.
    census: tuple[bool, str] | None = None


class Assessment:
    """One actor's status in one instrument on one date.

    The status, rule and dates (the decision) come from the indexes alone;
    the prose reason and the premises (labels, dates as the sources give
    them) are written only when read, once per object: a count of bound
    parties never pays for them. The warning is None when the data cover the
    date. A subclass may write the warning when read too (status_timelines.py).
    """

    __slots__ = (
        "_make_premises",
        "_make_reason",
        "_premises",
        "_reason",
        "_warning",
        "actor",
        "as_of",
        "decision",
        "instrument",
        "status",
    )

    actor: str
    instrument: str
    as_of: date
    decision: Decision
    status: Status  # the decision's, read by every count

    def __init__(
        self,
        actor: str,
        instrument: str,
        as_of: date,
        status: Status,
        rule: Rule,
        make_reason: Callable[[], str],
        *,
        derived: bool = False,
        bound_from: date | None = None,
        bound_until: date | None = None,
        entry_into_force: date | None = None,
        entry_into_force_basis: EntryIntoForceBasis = EntryIntoForceBasis.UNKNOWN,
        make_premises: Callable[[], tuple[Premise, ...]] = _no_premises,
        participation: str | None = None,
        membership: str | None = None,
        known_until: date | None = None,
        carried_forward: bool = False,
        last_known: LastKnown | None = None,
        warning: CoverageWarning | None = None,
    ) -> None:
        self.actor, self.instrument, self.as_of, self.status = actor, instrument, as_of, status
        self.decision = Decision(
            status,
            rule,
            derived,
            bound_from,
            bound_until,
            entry_into_force,
            entry_into_force_basis,
            participation,
            membership,
            known_until,
            carried_forward,
            last_known,
        )
        self._make_reason, self._make_premises = make_reason, make_premises
        self._warning = warning

    def replace(
        self,
        *,
        make_reason: Callable[[], str] | None = None,
        make_premises: Callable[[], tuple[Premise, ...]] | None = None,
        warning: CoverageWarning | None = _UNCHANGED,
        **decided: Any,
    ) -> Assessment:
        """A copy with the given decided values (Decision's fields), reason,
        premises or warning changed."""
        decision = self.decision._replace(**decided)
        copy = Assessment(
            self.actor,
            self.instrument,
            self.as_of,
            decision.status,
            decision.rule,
            make_reason or self._write_reason,
            make_premises=make_premises or self._write_premises,
            warning=self.warning if warning is _UNCHANGED else warning,
        )
        copy.decision, copy.status = decision, decision.status
        return copy

    @property
    def rule(self) -> Rule:
        return self.decision.rule

    @property
    def derived(self) -> bool:
        return self.decision.derived

    @property
    def bound_from(self) -> date | None:
        return self.decision.bound_from

    @property
    def bound_until(self) -> date | None:
        return self.decision.bound_until

    @property
    def entry_into_force(self) -> date | None:
        return self.decision.entry_into_force

    @property
    def entry_into_force_basis(self) -> EntryIntoForceBasis:
        return self.decision.entry_into_force_basis

    @property
    def participation(self) -> str | None:
        return self.decision.participation

    @property
    def membership(self) -> str | None:
        return self.decision.membership

    @property
    def known_until(self) -> date | None:
        return self.decision.known_until

    @property
    def carried_forward(self) -> bool:
        return self.decision.carried_forward

    @property
    def last_known(self) -> LastKnown | None:
        return self.decision.last_known

    @property
    def warning(self) -> CoverageWarning | None:
        return self._warning

    # The words are written on first read and kept (an unset slot until then).
    @property
    def reason(self) -> str:
        try:
            return self._reason
        except AttributeError:
            self._reason: str = self._write_reason()
            return self._reason

    @property
    def premises(self) -> tuple[Premise, ...]:
        try:
            return self._premises
        except AttributeError:
            self._premises: tuple[Premise, ...] = self._write_premises()
            return self._premises

    def _write_reason(self) -> str:
        return self._make_reason()

    def _write_premises(self) -> tuple[Premise, ...]:
        return self._make_premises()

    def _compared(self) -> tuple[object, ...]:
        # Every value but the words, which follow from them (and the census,
        # which is how a looked-up answer finds its warning).
        return (self.actor, self.instrument, self.as_of, *self.decision[:-1], self.warning)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Assessment):
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        decided = ", ".join(
            f"{name}={value!r}"
            for name, value in zip(Decision._fields[:-1], self.decision[:-1], strict=True)
        )
        return (
            f"Assessment(actor={self.actor!r}, instrument={self.instrument!r}, "
            f"as_of={self.as_of!r}, {decided}, warning={self.warning!r})"
        )
