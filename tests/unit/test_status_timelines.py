"""The status timelines answer exactly as the rules evaluated directly.

The oracle is status_rules.evaluate, which the timelines are built from; the
lookup must agree with it on every field, the reason and the premises, for
every (actor, instrument) pair of the data on the days around every date the
records give (each change day, the day before it and the day after), the
coverage boundaries, and on days no record names.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tkgraph.domain import binding as b
from tkgraph.domain import rosters
from tkgraph.domain.coverage import coverage_of
from tkgraph.domain.rosters import roster_coverage
from tkgraph.domain.status_timelines import instrument_timelines
from tkgraph.model.readmodel import ReadModel
from tkgraph.service.snapshot import Snapshot

# Days no record names: long before any treaty, in between, and far past the data.
_PLAIN_DAYS = (date(1800, 1, 1), date(1950, 6, 15), date(2001, 2, 3), date(2026, 12, 1))


def _around(days: set[date]) -> set[date]:
    found = set(_PLAIN_DAYS)
    for day in days:
        for shift in (-1, 0, 1):
            if date.min + timedelta(days=1) <= day <= date.max - timedelta(days=1):
                found.add(day + timedelta(days=shift))
    return found


def _record_days(model: ReadModel, actor: str, instrument: str) -> set[date]:
    """Every date the records of the pair give, found independently of the timelines."""
    found: set[date] = set()
    pair = model.participation_by_pair.get((actor, instrument))
    if pair is not None:
        p = model.participations[pair]
        for q in (p, p.latest_possible()):
            found.update(
                d
                for d in (
                    q.signature_date,
                    q.consent_date,
                    q.entry_into_force_given,
                    q.denunciation_date,
                    q.denunciation_effective,
                    b.entry_into_force_for(model, q)[0],
                    b.denunciation_effective_for(model, q)[0],
                )
                if d is not None
            )
    for iri in model.memberships_by_member.get(actor, []):
        m = model.memberships[iri]
        for span in (m.start, m.end):
            if span is not None:
                found.update((span.first, span.last))
    return found


def _instrument_days(model: ReadModel, instrument: str) -> set[date]:
    ins = model.instruments[instrument]
    found = {coverage_of(model, instrument).coverage_date, ins.entry_into_force}
    found.update(roster_coverage(model, org).coverage_date for org in ins.binds_members_of)
    return {d for d in found if d is not None}


def _same(model: ReadModel, actor: str, instrument: str, day: date) -> None:
    looked_up = b.assess(model, actor, instrument, day)
    direct = b.evaluate(model, actor, instrument, day)
    where = f"{actor} in {instrument} on {day}"
    assert looked_up == direct, where
    assert looked_up.reason == direct.reason, where
    assert looked_up.premises == direct.premises, where


def test_every_pair_answers_as_the_rules(real: Snapshot) -> None:
    model = real.model
    checked = 0
    no_record = [a for a in model.actors if a not in model.participations_by_participant][:3]
    for instrument in model.instruments:
        timelines = instrument_timelines(model, instrument)
        assert timelines is not None
        shared = _instrument_days(model, instrument)
        for actor in [*b.candidate_actors(model, instrument), *no_record]:
            line = timelines.timeline_of(model, actor)
            days = _around(shared | _record_days(model, actor, instrument) | set(line.days[1:]))
            for day in days:
                _same(model, actor, instrument, day)
                checked += 1
    assert checked > 10_000


def test_bound_count_is_the_count_of_the_rules(real: Snapshot) -> None:
    model = real.model
    for instrument in model.instruments:
        timelines = instrument_timelines(model, instrument)
        assert timelines is not None
        timelines.bound_on(model, date.min)  # builds the counts
        assert timelines.counts is not None
        days = _around(set(timelines.counts.days) | _instrument_days(model, instrument))
        actors = b.candidate_actors(model, instrument)
        for day in sorted(days)[:: max(1, len(days) // 40)]:
            found = [b.evaluate(model, a, instrument, day) for a in actors]
            bound = sum(1 for a in found if a.status is b.Status.BOUND)
            asserted = sum(1 for a in found if a.status is b.Status.BOUND and not a.derived)
            assert b.bound_count(model, instrument, day) == bound, (instrument, day)
            assert b.bound_count(model, instrument, day, asserted_only=True) == asserted


def test_an_instrument_not_in_the_data_is_evaluated(real: Snapshot) -> None:
    model = real.model
    missing = "https://example.org/no-such-instrument"
    actor = next(iter(model.actors))
    assert instrument_timelines(model, missing) is None
    _same(model, actor, missing, date(2020, 1, 1))
    assert b.bound_count(model, missing, date(2020, 1, 1)) == 0


@pytest.mark.parametrize("day", [date(2005, 1, 1), date(2024, 1, 1)])
def test_the_timelines_survive_a_save_and_load(real: Snapshot, day: date) -> None:
    import pickle

    model = real.model
    swept: ReadModel = pickle.loads(pickle.dumps(model))
    b.build_status_timelines(swept)
    restored: ReadModel = pickle.loads(pickle.dumps(swept))
    assert restored.timeline_cache.keys() == swept.timeline_cache.keys()
    for instrument in model.instruments:
        found = instrument_timelines(restored, instrument)
        assert found is not None and found.counts is not None  # saved, not built again
        assert len(found.pairs) == len(found.candidates)
    for instrument in list(model.instruments)[:20]:
        for actor in b.candidate_actors(model, instrument):
            assert b.assess(restored, actor, instrument, day) == b.evaluate(
                model, actor, instrument, day
            )


def test_every_membership_answers_as_the_rules(real: Snapshot) -> None:
    model = real.model
    checked = 0
    for organization, iris in model.memberships_by_organization.items():
        coverage_date = roster_coverage(model, organization).coverage_date
        members = {model.memberships[i].member for i in iris}
        outsiders = [a for a in model.actors if a not in members][:2]
        for actor in [*members, *outsiders]:
            days = {coverage_date} if coverage_date else set()
            for i in model.memberships_by_member.get(actor, []):
                m = model.memberships[i]
                spans = [m.start, m.end]
                spans += [model.suspensions[s].start for s in m.suspensions]
                spans += [model.suspensions[s].end for s in m.suspensions]
                days.update(d for span in spans if span for d in (span.first, span.last))
            for day in _around(days):
                looked_up = rosters.member_status(model, organization, actor, day)
                direct = rosters.member_status_by_rules(model, organization, actor, day)
                assert looked_up == direct, (organization, actor, day)
                assert looked_up.reason == direct.reason, (organization, actor, day)
                checked += 1
    assert checked > 1_000
