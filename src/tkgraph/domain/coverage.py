"""What the participation data of an instrument cover: up to which date they
are a complete census of its participants, and how far each record is known.

A table of participants is a census only as of its own date and only if it
lists everyone (tk:ParticipantList with tk:completeness tk:complete). An
instrument's coverage date is the newest as-of date of such a complete list
(a later list may extend an earlier one: the importer writes the union as a
new complete list). Without a complete list the data are partial on every
date. The binding engine uses these facts so that it never claims more than
the data know; the API turns them into warnings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import ClassVar

from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel


class WarningCode(Enum):
    """Stable codes of the warnings an answer carries (GraphQL `extensions.warnings`)."""

    DATA_PAST_COVERAGE = "DATA_PAST_COVERAGE"
    PARTIAL_PARTICIPATION_DATA = "PARTIAL_PARTICIPATION_DATA"
    # The same two for an organisation's members (domain/rosters.py).
    MEMBERSHIP_PAST_COVERAGE = "MEMBERSHIP_PAST_COVERAGE"
    PARTIAL_MEMBERSHIP_DATA = "PARTIAL_MEMBERSHIP_DATA"

    @property
    def about_membership(self) -> bool:
        return self in (WarningCode.MEMBERSHIP_PAST_COVERAGE, WarningCode.PARTIAL_MEMBERSHIP_DATA)


@dataclass(frozen=True)
class CoverageWarning:
    code: WarningCode
    # The instrument the warning is about, or the organisation for a membership warning.
    instrument: str
    coverage_date: date | None
    message: str


@dataclass(frozen=True)
class DatedCensus:
    """What a census of one day (a list of every participant, a roster of every
    member) makes known: the data answer for that day and earlier; without one
    they are partial on every date. Subclasses name the subject, the census
    date, the warning codes and the words of the warnings."""

    # One warning per day asked, built once: a matrix asks for thousands of cells.
    _warnings: dict[date, CoverageWarning | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    partial_code: ClassVar[WarningCode]
    past_code: ClassVar[WarningCode]
    partial_text: ClassVar[str]  # "{described}" is the description of the census
    past_tail: ClassVar[str]

    @property
    def subject(self) -> str:
        raise NotImplementedError

    @property
    def coverage_date(self) -> date | None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def covers(self, day: date) -> bool:
        """True when a complete census answers for `day` (its date or earlier)."""
        return self.coverage_date is not None and day <= self.coverage_date

    def warning(self, day: date) -> CoverageWarning | None:
        """The warning an answer about `day` needs, or None when the data cover it."""
        if day not in self._warnings:
            self._warnings[day] = self._warning(day)
        return self._warnings[day]

    def _warning(self, day: date) -> CoverageWarning | None:
        if self.covers(day):
            return None
        if self.coverage_date is None:
            return CoverageWarning(
                self.partial_code,
                self.subject,
                None,
                self.partial_text.format(described=self.describe()),
            )
        return CoverageWarning(
            self.past_code,
            self.subject,
            self.coverage_date,
            f"Asked for {day.isoformat()}, past the data: {self.describe()}; {self.past_tail}",
        )


@dataclass(frozen=True)
class Coverage(DatedCensus):
    """The participant lists of one instrument and what they make known."""

    partial_code = WarningCode.PARTIAL_PARTICIPATION_DATA
    past_code = WarningCode.DATA_PAST_COVERAGE
    partial_text = "Participation data are partial: {described}; an actor without a record may still take part."
    past_tail = "later actions are not in the data."

    instrument: str
    instrument_label: str
    lists: tuple[r.ParticipantListRecord, ...]  # newest first
    newest_complete: r.ParticipantListRecord | None
    newest_party_count: r.FigureRecord | None  # newest dated tk:partyCount figure
    # EU-style instruments bind the members of an organisation: who is bound
    # follows from the membership data, not from a list of parties.
    membership_based: bool

    @property
    def subject(self) -> str:
        return self.instrument

    @property
    def coverage_date(self) -> date | None:
        """The newest date on which the data list every participant; None if never."""
        return self.newest_complete.as_of if self.newest_complete else None

    def describe(self) -> str:
        """Names the newest complete list, for reasons and warnings."""
        if self.newest_complete is None or self.coverage_date is None:
            return f"the data hold no complete list of the participants of {self.instrument_label}"
        label = self.newest_complete.label or "a complete list"
        return (
            f"the newest complete list of parties to {self.instrument_label} is "
            f"{label} as of {self.coverage_date.isoformat()}"
        )

    def warning(self, day: date) -> CoverageWarning | None:
        """None also where the membership data decide (see membership_based)."""
        return None if self.membership_based else super().warning(day)


def coverage_of(model: ReadModel, instrument: str) -> Coverage:
    """The coverage of one instrument (computed once per read model)."""
    cached = model.coverage_cache.get(instrument)
    if isinstance(cached, Coverage):
        return cached
    lists = sorted(
        (
            model.participant_lists[i]
            for i in model.participant_lists_by_instrument.get(instrument, [])
        ),
        key=lambda pl: (pl.as_of or date.min, pl.iri),
        reverse=True,
    )
    complete = next((pl for pl in lists if pl.complete and pl.as_of is not None), None)
    ins = model.instruments.get(instrument)
    found = Coverage(
        instrument=instrument,
        instrument_label=model.display_label(instrument),
        lists=tuple(lists),
        newest_complete=complete,
        newest_party_count=newest_party_count(model, instrument),
        membership_based=bool(ins and ins.binds_members_of),
    )
    model.coverage_cache[instrument] = found
    return found


def newest_party_count(model: ReadModel, instrument: str) -> r.FigureRecord | None:
    """The newest dated party count; undated counts cannot be compared and are skipped."""
    counts = [
        model.figures[f]
        for f in model.figures_by_subject.get(instrument, [])
        if model.figures[f].measure == "partyCount" and model.figures[f].as_of is not None
    ]
    return max(counts, key=lambda f: (f.as_of or date.min, f.iri), default=None)


def record_known_until(model: ReadModel, p: r.ParticipationRecord) -> date | None:
    """The newest date on which the data show this record's state: its lists'
    as-of dates, its source table's and sources' as-of dates, and the
    instrument's complete coverage (a complete list would show any change)."""
    if p.iri in model.known_until_cache:
        return model.known_until_cache[p.iri]
    candidates = [coverage_of(model, p.instrument).coverage_date]
    candidates += [
        model.participant_lists[pl].as_of for pl in p.in_lists if pl in model.participant_lists
    ]
    candidates += [
        model.sources[s].as_of for s in (*p.source_tables, *p.sources) if s in model.sources
    ]
    # The record's own dates show its state on those days too (an entry into
    # force given for the participant, a denunciation notified), whatever the
    # as-of dates of its pages. Imprecise dates count from their last possible day.
    latest = p.latest_possible()
    candidates += [
        latest.consent_date,
        latest.entry_into_force_given,
        latest.denunciation_date,
        latest.denunciation_effective,
    ]
    found = max((d for d in candidates if d is not None), default=None)
    model.known_until_cache[p.iri] = found
    return found
