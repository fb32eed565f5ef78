"""The status timelines answer as the rules on days drawn at random.

test_status_timelines.py checks the days around every date the records
give; here the days are drawn (with a fixed seed) from near those dates and
from anywhere in the era of the data, on every fixture with binding data and
on the real seed, for every candidate pair of every instrument and for
actors without a record. The looked-up answer must equal status_rules.evaluate
on every field the API reads: the decided values, the warning, the reason and
the premises.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from tests.conftest import ONTOLOGY, ROOT, SEED
from tkgraph.domain import binding as b
from tkgraph.domain.assessment import Decision
from tkgraph.domain.status_timelines import instrument_timelines
from tkgraph.model.readmodel import ReadModel
from tkgraph.service.snapshot import build_snapshot

_FIXTURES = ROOT / "tests" / "fixtures"
_SEEDS = {
    "tiny": _FIXTURES / "tiny" / "seed",
    "consent-rules": _FIXTURES / "consent-rules" / "seed",
    "coverage": _FIXTURES / "coverage" / "seed",
    "rosters": _FIXTURES / "rosters" / "seed",
    "supersession": _FIXTURES / "supersession" / "seed",
    "real": SEED,
}
_ERA = (date(1900, 1, 1), date(2030, 12, 31))


def _instrument_dates(model: ReadModel, instrument: str) -> Iterator[date | None]:
    ins = model.instruments[instrument]
    yield ins.entry_into_force
    for pl in model.participant_lists_by_instrument.get(instrument, []):
        yield model.participant_lists[pl].as_of
    for org in ins.binds_members_of:
        yield from (model.rosters[ro].as_of for ro in model.rosters_by_organization.get(org, []))


def _pair_dates(model: ReadModel, actor: str, instrument: str) -> Iterator[date | None]:
    pair = model.participation_by_pair.get((actor, instrument))
    if pair is not None:
        p = model.participations[pair]
        for q in (p, p.latest_possible()):
            yield from (q.signature_date, q.consent_date, q.entry_into_force_given)
            yield from (q.denunciation_date, q.denunciation_effective)
            yield b.entry_into_force_for(model, q)[0]
            yield b.denunciation_effective_for(model, q)[0]
        sources = (model.sources.get(s) for s in (*p.source_tables, *p.sources))
        yield from (s.as_of for s in sources if s is not None)
    for iri in model.memberships_by_member.get(actor, []):
        m = model.memberships[iri]
        spans = [m.start, m.end]
        for s in m.suspensions:
            if s in model.suspensions:
                spans += [model.suspensions[s].start, model.suspensions[s].end]
        yield from (d for span in spans if span is not None for d in (span.first, span.last))


def _dates_of(model: ReadModel, actor: str, instrument: str) -> list[date]:
    """Every date the records of the pair and of its instrument hold (read here
    from the records, not from the timelines)."""
    found = [*_instrument_dates(model, instrument), *_pair_dates(model, actor, instrument)]
    return [d for d in found if d is not None]


def _random_days(rng: random.Random, near: list[date]) -> set[date]:
    days = {_ERA[0] + timedelta(days=rng.randrange((_ERA[1] - _ERA[0]).days)) for _ in range(3)}
    for day in near:
        for _ in range(2):
            shift = rng.choice((-1, 0, 1, rng.randint(-400, 400)))
            if date.min + timedelta(days=400) < day < date.max - timedelta(days=400):
                days.add(day + timedelta(days=shift))
    return days


@pytest.mark.parametrize("name", list(_SEEDS))
def test_random_days_answer_as_the_rules(name: str) -> None:
    model = build_snapshot(ONTOLOGY, _SEEDS[name]).model
    rng = random.Random(f"timelines-{name}")
    outsiders = [a for a in model.actors if a not in model.participations_by_participant][:2]
    checked = 0
    fields = Decision._fields[:-1]  # the census is how a looked-up answer finds its warning
    for instrument in model.instruments:
        timelines = instrument_timelines(model, instrument)
        assert timelines is not None
        for actor in [*b.candidate_actors(model, instrument), *outsiders]:
            timelines.timeline_of(model, actor)  # the next answers are looked up
            for day in _random_days(rng, _dates_of(model, actor, instrument)):
                looked_up = b.assess(model, actor, instrument, day)
                direct = b.evaluate(model, actor, instrument, day)
                where = f"{actor} in {instrument} on {day}"
                for field in ("actor", "instrument", "as_of", *fields, "warning"):
                    assert getattr(looked_up, field) == getattr(direct, field), (field, where)
                assert looked_up.reason == direct.reason, where
                assert looked_up.premises == direct.premises, where
                checked += 1
        # Every candidate's timeline is built now: the list for the instrument
        # walks them alone, in the candidates' order.
        actors = b.candidate_actors(model, instrument)
        for day in (
            rng.sample(sorted(_random_days(rng, _dates_of(model, actors[0], instrument))), 3)
            if actors
            else ()
        ):
            listed = list(b.assessments_for_instrument(model, instrument, day))
            assert listed == [b.evaluate(model, actor, instrument, day) for actor in actors]
    assert checked > (10_000 if name == "real" else 20)
