"""Obligations: whether an actor is bound by one provision of an instrument on
a date, a reservation that excludes it included."""

from __future__ import annotations

from datetime import date

from tkgraph.domain.assessment import Assessment, Status
from tkgraph.domain.status_timelines import assess, candidate_instruments
from tkgraph.model.readmodel import ReadModel


class ProvisionAssessment:
    """Whether an actor is bound by one provision; the reason is written when read
    (one object per provision of every candidate instrument, so nothing else is)."""

    __slots__ = ("_excluded_article", "bound", "instrument_assessment", "provision", "reservation")

    def __init__(
        self,
        provision: str,
        bound: bool,
        instrument_assessment: Assessment,
        reservation: str | None = None,
        excluded_article: str | None = None,
    ) -> None:
        self.provision, self.bound = provision, bound
        self.instrument_assessment, self.reservation = instrument_assessment, reservation
        self._excluded_article = excluded_article

    @property
    def reason(self) -> str:
        if self.reservation is not None:
            return (
                "Bound by the instrument, but its reservation excludes "
                f"art. {self._excluded_article}."
            )
        outer = self.instrument_assessment.reason
        return f"{'Bound' if self.bound else 'Not bound'} by the instrument: {outer}"

    def _compared(self) -> tuple[object, ...]:
        return (self.provision, self.bound, self.instrument_assessment, self.reservation)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ProvisionAssessment):
            return NotImplemented
        return self._compared() == other._compared()

    def __hash__(self) -> int:
        return hash(self._compared())

    def __repr__(self) -> str:
        return (
            f"ProvisionAssessment(provision={self.provision!r}, bound={self.bound!r}, "
            f"reservation={self.reservation!r}, instrument_assessment={self.instrument_assessment!r})"
        )


def assess_provision(
    model: ReadModel, actor: str, provision: str, as_of: date
) -> ProvisionAssessment:
    """Is the actor bound by this provision on this date, reservations included?"""
    outer = assess(model, actor, model.provisions[provision].instrument, as_of)
    return _provisions_under(model, [provision], outer)[0]


def _provisions_under(
    model: ReadModel, provisions: list[str], outer: Assessment
) -> list[ProvisionAssessment]:
    """The status of each provision given the assessment of its instrument."""
    if outer.status is not Status.BOUND:
        return [ProvisionAssessment(provision, False, outer) for provision in provisions]
    excluded: dict[str, str] = {}  # provision -> the reservation that excludes it
    for st_iri in model.statements_by_participation.get(outer.participation or "", []):
        st = model.statements[st_iri]
        if st.kind == "reservation":
            for provision in st.excludes:
                excluded.setdefault(provision, st_iri)
    if not excluded:
        return [ProvisionAssessment(provision, True, outer) for provision in provisions]
    found = []
    for provision in provisions:
        reservation = excluded.get(provision)
        if reservation is None:
            found.append(ProvisionAssessment(provision, True, outer))
        else:
            article = model.provisions[provision].article
            found.append(ProvisionAssessment(provision, False, outer, reservation, article))
    return found


def obligations_of(model: ReadModel, actor: str, as_of: date) -> list[ProvisionAssessment]:
    """Every provision of every instrument that binds the actor on the date."""
    result = []
    for instrument in candidate_instruments(model, actor):
        provisions = model.provisions_by_instrument.get(instrument)
        if provisions:
            # One assessment of the instrument serves all its provisions.
            result += _provisions_under(model, provisions, assess(model, actor, instrument, as_of))
    return result
