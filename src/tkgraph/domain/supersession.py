"""Which instrument governs between two parties when a later one supersedes an
earlier one between its parties (the 1949 Convention, art. 28, and the 1904,
1910, 1921 and 1933 instruments).

Supersession does not end a binding: a state bound by both stays bound by the
earlier instrument towards states bound only by it. What changes is which
text governs between parties to both, from the day both bind the state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tkgraph.domain.binding import Assessment, Status, assess
from tkgraph.model.indexes import inverse_relation
from tkgraph.model.readmodel import ReadModel

#: The relation an instrument has to the later one that supersedes it.
SUPERSEDED_BY = inverse_relation("supersedesBetweenParties")


@dataclass(frozen=True)
class Supersession:
    """The later instrument that governs between parties to both, and since when."""

    superseded: str
    by: str
    since: date | None  # the day both bind the actor; None if one of the days is unknown
    basis: str | None  # the later instrument's article, e.g. "art. 28"
    later: Assessment  # the actor's status in the later instrument

    def reason(self, model: ReadModel) -> str:
        since = self.since.isoformat() if self.since else "a day the data do not give"
        basis = f" ({self.basis})" if self.basis else ""
        return (
            f"Bound by both since {since}: between parties to both, "
            f"{model.display_label(self.by)} governs{basis} and supersedes "
            f"{model.display_label(self.superseded)}; towards states bound only by "
            f"{model.display_label(self.superseded)}, it still binds."
        )


def superseding_instruments(model: ReadModel, instrument: str) -> list[str]:
    """The later instruments that supersede this one between their parties."""
    return [o for rel, o in model.related_instruments.get(instrument, []) if rel == SUPERSEDED_BY]


def supersession_of(model: ReadModel, a: Assessment) -> Supersession | None:
    """For a BOUND assessment: the later instrument that also binds the actor on
    the same day and supersedes this one between parties, if any."""
    if a.status is not Status.BOUND:
        return None
    for later in superseding_instruments(model, a.instrument):
        found = assess(model, a.actor, later, a.as_of)
        if found.status is not Status.BOUND:
            continue
        first, second = a.bound_from, found.bound_from
        since = max(first, second) if first is not None and second is not None else None
        basis = model.instruments[later].supersession_basis
        return Supersession(a.instrument, later, since, basis, found)
    return None
