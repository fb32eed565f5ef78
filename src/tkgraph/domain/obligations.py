"""Obligations: whether an actor is bound by one provision of an instrument on
a date, a reservation that excludes it included."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from tkgraph.domain.assessment import Assessment, Status
from tkgraph.domain.status_rules import candidate_instruments
from tkgraph.domain.status_timelines import assess
from tkgraph.model.readmodel import ReadModel


@dataclass(frozen=True)
class ProvisionAssessment:
    """Whether an actor is bound by one provision; the reason is written when read."""

    provision: str
    bound: bool
    instrument_assessment: Assessment
    reservation: str | None
    make_reason: Callable[[], str] = field(repr=False, compare=False)

    @cached_property
    def reason(self) -> str:
        return self.make_reason()


def assess_provision(
    model: ReadModel, actor: str, provision: str, as_of: date
) -> ProvisionAssessment:
    """Is the actor bound by this provision on this date, reservations included?"""
    outer = assess(model, actor, model.provisions[provision].instrument, as_of)
    return _provision_under(model, provision, outer)


def _provision_under(model: ReadModel, provision: str, outer: Assessment) -> ProvisionAssessment:
    """The provision's status given the assessment of its instrument."""
    if outer.status is not Status.BOUND:
        return ProvisionAssessment(
            provision, False, outer, None, lambda: f"Not bound by the instrument: {outer.reason}"
        )
    article = model.provisions[provision].article
    for st_iri in model.statements_by_participation.get(outer.participation or "", []):
        st = model.statements[st_iri]
        if st.kind == "reservation" and provision in st.excludes:
            return ProvisionAssessment(
                provision,
                False,
                outer,
                st_iri,
                lambda: f"Bound by the instrument, but its reservation excludes art. {article}.",
            )
    return ProvisionAssessment(
        provision, True, outer, None, lambda: f"Bound by the instrument: {outer.reason}"
    )


def obligations_of(model: ReadModel, actor: str, as_of: date) -> list[ProvisionAssessment]:
    """Every provision of every instrument that binds the actor on the date."""
    result = []
    for instrument in candidate_instruments(model, actor):
        # One assessment of the instrument serves all its provisions.
        outer = assess(model, actor, instrument, as_of)
        for provision in model.provisions_by_instrument.get(instrument, []):
            result.append(_provision_under(model, provision, outer))
    return result
