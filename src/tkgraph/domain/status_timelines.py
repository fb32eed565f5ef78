"""Status timelines: each (actor, instrument) pair's status as a step function
of the date, so that an as-of question is a binary search.

A status changes only on the days the rules compare the date with: a
signature, a consent, an entry into force, a denunciation taking effect, the
start and end of a membership or a suspension, the date a record or a
complete list is known until (status_rules.py says why each matters). A
pair's timeline is built once per data version: at the second question about
the pair (the first is answered by the rules directly, a timeline costs the
rules on every change day), or in one sweep over every instrument
(build_status_timelines). The rules are evaluated on the first day of each
possibly new answer (the date itself, or the day after a date the rules
compare as `day <= date`: see _instrument_days) and equal consecutive steps
are merged.
A step keeps what the rules decide (a Decision: status, rule, dates,
records); an answer looked up (LookedUp) holds the step and the day asked,
and writes the words (reason, premises) and the coverage warning, which name
the day asked, only when read, the words by the rules themselves, so they are
the rules' own.

Per instrument, the number bound is a step function too (boundCount and the
atlas timeline are lookups). The timelines live in the read model's
timeline_cache; with a store folder the sweep runs before the model is saved
(service/snapshot.py), so a restart loads them instead of building them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from tkgraph.domain import status_rules
from tkgraph.domain.assessment import Assessment, Decision, Premise, Status
from tkgraph.domain.coverage import CoverageWarning, coverage_of, record_known_until
from tkgraph.domain.entry_into_force import denunciation_effective_for, entry_into_force_for
from tkgraph.domain.rosters import roster_coverage, roster_timelines
from tkgraph.domain.status_rules import candidate_actors, evaluate
from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel

# Evaluated for every actor outside an instrument's candidates: with no record
# and no membership the instrument binds, the rules answer alike for all of them.
_ANY_OTHER_ACTOR = "urn:tkgraph:any-actor-without-a-record"


class PairTimeline(NamedTuple):
    days: tuple[date, ...]  # ascending, the first is date.min
    steps: tuple[Decision, ...]  # steps[i] holds from days[i] until days[i + 1]


class BoundCounts(NamedTuple):
    """The number bound as a step function: the days it changes and the counts from them."""

    days: tuple[date, ...]
    bound: tuple[int, ...]
    asserted: tuple[int, ...]  # without derived bindings


@dataclass(eq=False)
class InstrumentTimelines:
    """The timelines of one instrument's candidate actors, of any other actor,
    and the number bound; each built when first needed (every one at once by
    build_status_timelines), so one question never pays for the others."""

    instrument: str
    candidates: dict[str, None]  # candidate_actors, in order
    shared_days: frozenset[date]  # change days for every actor of the instrument
    pairs: dict[str, PairTimeline] = field(default_factory=dict)
    others: PairTimeline | None = None
    counts: BoundCounts | None = None
    # Pairs asked about once (any other actor as _ANY_OTHER_ACTOR): a timeline
    # costs the rules on each change day, so a pair asked about only once is
    # answered by the rules directly and gets its timeline at the second question.
    asked_once: set[str] = field(default_factory=set)

    def __eq__(self, other: object) -> bool:
        # Equal when built from the same data, whichever timelines were built yet.
        if not isinstance(other, InstrumentTimelines):
            return NotImplemented
        return (self.instrument, self.candidates, self.shared_days) == (
            other.instrument,
            other.candidates,
            other.shared_days,
        )

    def timeline_of(
        self, model: ReadModel, actor: str, interned: dict[Decision, Decision] | None = None
    ) -> PairTimeline:
        line = self.pairs.get(actor)
        if line is not None:
            return line
        if actor not in self.candidates:
            if self.others is None:
                self.others = _timeline(
                    model, _ANY_OTHER_ACTOR, self.instrument, self.shared_days, interned
                )
            return self.others
        ins = model.instruments[self.instrument]
        days = _pair_days(model, actor, ins)
        if (actor, self.instrument) not in model.participation_by_pair:
            # A participation record is answered from its own dates alone: it
            # is known until at least the newest complete list, and the
            # instrument's own entry into force counts through the record's.
            days |= self.shared_days
        line = self.pairs[actor] = _timeline(model, actor, self.instrument, days, interned)
        if len(self.pairs) == len(self.candidates):
            # The last one: kept in the candidates' order, so that the answers
            # for an instrument walk the pairs alone (no timeline is added later).
            self.pairs = {candidate: self.pairs[candidate] for candidate in self.candidates}
        return line

    def timeline_if_asked_before(self, model: ReadModel, actor: str) -> PairTimeline | None:
        """The actor's timeline, built at the second question about the pair;
        None at the first (the caller evaluates the rules)."""
        line = self.pairs.get(actor) if actor in self.candidates else self.others
        if line is not None:
            return line
        key = actor if actor in self.candidates else _ANY_OTHER_ACTOR
        if key not in self.asked_once:
            self.asked_once.add(key)
            return None
        return self.timeline_of(model, actor)

    def every_pair(
        self, model: ReadModel, interned: dict[Decision, Decision] | None = None
    ) -> Iterator[tuple[str, PairTimeline]]:
        for actor in self.candidates:
            yield actor, self.timeline_of(model, actor, interned)

    def build_every_timeline(self, model: ReadModel, interned: dict[Decision, Decision]) -> None:
        self.timeline_of(model, _ANY_OTHER_ACTOR, interned)
        self.counts = _bound_counts(line for _, line in self.every_pair(model, interned))

    def bound_on(self, model: ReadModel, day: date, *, asserted_only: bool = False) -> int:
        if self.counts is None:
            self.counts = _bound_counts(line for _, line in self.every_pair(model))
        counts = self.counts
        at = bisect_right(counts.days, day) - 1
        if at < 0:
            return 0
        return (counts.asserted if asserted_only else counts.bound)[at]


def build_status_timelines(model: ReadModel) -> None:
    """Build every timeline of every instrument and of every organisation's
    members (once per data version, before the model is saved)."""
    interned: dict[Decision, Decision] = {}
    for instrument in model.instruments:
        timelines = instrument_timelines(model, instrument)
        assert timelines is not None
        timelines.build_every_timeline(model, interned)
    for organization in model.memberships_by_organization:
        roster_timelines(model, organization)
    for actor in model.actors:
        candidate_instruments(model, actor)
    # Building asked each coverage for its warning on every change day: drop
    # those (they would be saved with the model); answers build them again.
    model.coverage_cache.clear()


def candidate_instruments(model: ReadModel, actor: str) -> list[str]:
    """The instruments an actor may be bound by (status_rules.candidate_instruments),
    kept per actor of the data with the timelines: the list reads a record per
    participation, and the instruments of an actor are asked about as often
    as the actors of an instrument."""
    key = f"instruments-of|{actor}"
    found = model.timeline_cache.get(key)
    if isinstance(found, tuple):
        return list(found)
    listed = status_rules.candidate_instruments(model, actor)
    if actor in model.actors:  # any other name would make the cache grow with the questions
        model.timeline_cache[key] = tuple(listed)
    return listed


def instrument_timelines(model: ReadModel, instrument: str) -> InstrumentTimelines | None:
    """The timelines of one instrument (None if the instrument is not in the data)."""
    found = model.timeline_cache.get(instrument)
    if isinstance(found, InstrumentTimelines):
        return found
    ins = model.instruments.get(instrument)
    if ins is None:
        return None
    made = InstrumentTimelines(
        instrument,
        dict.fromkeys(candidate_actors(model, instrument)),
        frozenset(_instrument_days(model, ins)),
    )
    # Two requests may make it at once: both are the same, the first one stays.
    kept = model.timeline_cache.setdefault(instrument, made)
    assert isinstance(kept, InstrumentTimelines)
    return kept


def assess(model: ReadModel, actor: str, instrument: str, as_of: date) -> Assessment:
    """The status of one actor in one instrument on one date, with its basis
    (the answer of status_rules.evaluate, looked up in the timeline)."""
    timelines = instrument_timelines(model, instrument)
    if timelines is None:
        return evaluate(model, actor, instrument, as_of)
    line = timelines.pairs.get(actor) or timelines.timeline_if_asked_before(model, actor)
    if line is None:
        return evaluate(model, actor, instrument, as_of)
    days, steps = line
    return LookedUp(model, actor, instrument, as_of, steps[bisect_right(days, as_of) - 1])


def assessments_for_instrument(
    model: ReadModel, instrument: str, as_of: date
) -> Iterator[Assessment]:
    """The assessment of every candidate actor of the instrument on the date."""
    timelines = instrument_timelines(model, instrument)
    if timelines is None:
        for actor in candidate_actors(model, instrument):
            yield evaluate(model, actor, instrument, as_of)
        return
    pairs = timelines.pairs
    if len(pairs) == len(timelines.candidates):
        # Every timeline built (in the candidates' order): a lookup per actor, nothing else.
        answer, find = LookedUp, bisect_right
        for actor, (days, steps) in pairs.items():
            yield answer(model, actor, instrument, as_of, steps[find(days, as_of) - 1])
        return
    for actor in timelines.candidates:
        line = pairs.get(actor) or timelines.timeline_if_asked_before(model, actor)
        if line is None:
            yield evaluate(model, actor, instrument, as_of)
        else:
            days, steps = line
            yield LookedUp(model, actor, instrument, as_of, steps[bisect_right(days, as_of) - 1])


def bound_count(
    model: ReadModel, instrument: str, as_of: date, *, asserted_only: bool = False
) -> int:
    """The number of candidate actors bound on the date (without derived bindings
    with asserted_only)."""
    timelines = instrument_timelines(model, instrument)
    if timelines is not None:
        return timelines.bound_on(model, as_of, asserted_only=asserted_only)
    return sum(
        1
        for a in assessments_for_instrument(model, instrument, as_of)
        if a.status is Status.BOUND and not (asserted_only and a.derived)
    )


class LookedUp(Assessment):
    """An assessment read from a timeline step: its decision is the step's;
    the coverage warning, which names the day asked, and the words, which are
    the rules' own (status_rules.evaluate on that day), are written when read."""

    __slots__ = ("_model", "_rules")

    def __init__(
        self, model: ReadModel, actor: str, instrument: str, as_of: date, decision: Decision
    ) -> None:
        # Only what every answer needs (a count of bound parties builds one per
        # actor); the rest is written on first read, into slots unset until then.
        self.actor, self.instrument, self.as_of = actor, instrument, as_of
        self.decision, self.status, self._model = decision, decision.status, model

    @property
    def warning(self) -> CoverageWarning | None:
        try:
            return self._warning
        except AttributeError:
            census = self.decision.census
            if census is None:
                self._warning = None
            else:
                about_membership, subject = census
                model = self._model
                found = (
                    roster_coverage(model, subject)
                    if about_membership
                    else coverage_of(model, subject)
                )
                self._warning = found.warning(self.as_of)
            return self._warning

    def _by_rules(self) -> Assessment:
        try:
            return self._rules
        except AttributeError:
            self._rules: Assessment = evaluate(self._model, self.actor, self.instrument, self.as_of)
            return self._rules

    def _write_reason(self) -> str:
        return self._by_rules().reason

    def _write_premises(self) -> tuple[Premise, ...]:
        return self._by_rules().premises


def _step(a: Assessment) -> Decision:
    warning = a.warning
    if warning is None:
        return a.decision
    return a.decision._replace(census=(warning.code.about_membership, warning.instrument))


def _timeline(
    model: ReadModel,
    actor: str,
    instrument: str,
    dates: Iterable[date],
    interned: dict[Decision, Decision] | None,
) -> PairTimeline:
    days: list[date] = []
    steps: list[Decision] = []
    for day in sorted({date.min, *dates}):
        step = _step(evaluate(model, actor, instrument, day))
        if steps and steps[-1] == step:
            continue
        days.append(day)
        steps.append(step if interned is None else interned.setdefault(step, step))
    return PairTimeline(tuple(days), tuple(steps))


# The change days below are the first days of a possibly new answer. A rule
# compares the day asked with a date either as `date <= day` (a signature, a
# consent, an entry into force, a denunciation taking effect, a start: the
# answer changes on that date) or as `day <= date` (the last day a record or a
# complete list is known on, the first and last possible day of an end: it
# changes on the day after).


def _day_after(day: date) -> date:
    return day + timedelta(days=1) if day < date.max else day


def _instrument_days(model: ReadModel, ins: r.InstrumentRecord) -> set[date]:
    """The days on which an answer can change for any actor of the instrument."""
    found = [ins.entry_into_force]
    listed = coverage_of(model, ins.iri).coverage_date
    if listed is not None:
        found.append(_day_after(listed))
    for org in ins.binds_members_of:
        # A roster both covers the days up to its date and shows its members
        # on it (rosters.membership_state): either way.
        rostered = roster_coverage(model, org).coverage_date
        if rostered is not None:
            found += [rostered, _day_after(rostered)]
    return {day for day in found if day is not None}


def _pair_days(model: ReadModel, actor: str, ins: r.InstrumentRecord) -> set[date]:
    """The days on which one actor's own records can change its answer."""
    found: list[date | None] = []
    pair = model.participation_by_pair.get((actor, ins.iri))
    if pair is not None:
        p = model.participations[pair]
        known_until = record_known_until(model, p)
        if known_until is not None:
            found.append(_day_after(known_until))
        found += [last for _, last in p.date_windows]
        for q in (p, p.latest_possible()):
            found += [
                q.signature_date,
                q.consent_date,
                q.entry_into_force_given,
                q.denunciation_date,
                q.denunciation_effective,
                entry_into_force_for(model, q)[0],
                denunciation_effective_for(model, q)[0],
            ]
    # A state holds dozens of memberships: read them only for an instrument that binds members.
    memberships = model.memberships_by_member.get(actor, []) if ins.binds_members_of else []
    for iri in memberships:
        m = model.memberships[iri]
        if m.organization not in ins.binds_members_of:
            continue
        starts, ends = [m.start], [m.end]
        for s in m.suspensions:
            suspension = model.suspensions.get(s)
            if suspension is not None:
                starts.append(suspension.start)
                ends.append(suspension.end)
        found += [day for span in starts if span is not None for day in (span.first, span.last)]
        found += [
            _day_after(day) for span in ends if span is not None for day in (span.first, span.last)
        ]
    return {day for day in found if day is not None}


def _bound_counts(lines: Iterable[PairTimeline]) -> BoundCounts:
    changes: dict[date, list[int]] = {}
    for line in lines:
        was_bound = was_asserted = False
        for day, step in zip(line.days, line.steps, strict=True):
            bound = step.status is Status.BOUND
            asserted = bound and not step.derived
            if bound != was_bound or asserted != was_asserted:
                delta = changes.setdefault(day, [0, 0])
                delta[0] += bound - was_bound
                delta[1] += asserted - was_asserted
                was_bound, was_asserted = bound, asserted
    days, bound_counts, asserted_counts = [], [], []
    total = total_asserted = 0
    for day in sorted(changes):
        total += changes[day][0]
        total_asserted += changes[day][1]
        days.append(day)
        bound_counts.append(total)
        asserted_counts.append(total_asserted)
    return BoundCounts(tuple(days), tuple(bound_counts), tuple(asserted_counts))
