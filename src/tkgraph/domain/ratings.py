"""What a rating scheme said of an actor in a report year, and what the data
cannot tell.

The same coverage idea as participation: a tk:RatingList names the values it
lists in full (tk:coversValue). So, for an actor and a year,

- a held tk:Assessment gives the value (RATED);
- no assessment, and the year's lists cover every ranked value: the actor was
  not ranked that year (NOT_RATED: not rated, or a special case);
- no assessment, and the lists cover only some values (the Tier 2 Watch List
  and Tier 3): it had one of the others (NOT_ON_LIST, with the values it can
  still have), never a guess of one;
- no list for the year, or the list's table leaves the actor out: UNKNOWN.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from tkgraph.model import records as r
from tkgraph.model.readmodel import ReadModel

__all__ = [
    "RatingAnswer",
    "RatingStatus",
    "label",
    "rate",
    "report_years",
    "scheme_iri",
    "values_of",
]


class RatingStatus(Enum):
    RATED = "RATED"
    NOT_ON_LIST = "NOT_ON_LIST"
    NOT_RATED = "NOT_RATED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class RatingAnswer:
    actor: str
    scheme: str
    year: int
    status: RatingStatus
    value: str | None  # the rating value's IRI when RATED
    possible_values: tuple[str, ...]  # values it may have had (NOT_ON_LIST, NOT_RATED)
    summary: str  # "Tier 3", "Tier 1 or Tier 2", "not ranked", "unknown"
    reason: str
    rating: str | None  # the tk:Assessment IRI when RATED
    lists: tuple[str, ...]  # the year's rating lists that the answer reads
    sources: tuple[str, ...]  # of the assessment, else of the lists


def scheme_iri(model: ReadModel, notation: str) -> str | None:
    """The scheme whose API id (skos:notation) is ``notation``."""
    return next((i for i, s in model.rating_schemes.items() if s.notation == notation), None)


def values_of(model: ReadModel, scheme: str) -> list[r.RatingValueRecord]:
    """The scheme's values, best first; values off the scale (special case) last."""
    found = [v for v in model.rating_values.values() if v.scheme == scheme]
    return sorted(found, key=lambda v: (v.rank is None, v.rank or 0, v.notation))


def report_years(model: ReadModel, scheme: str) -> list[int]:
    """The report years the data hold a rating list for."""
    return sorted(year for s, year in model.rating_lists_by_year if s == scheme)


def label(model: ReadModel, iri: str) -> str:
    concept = model.rating_values.get(iri) or model.rating_schemes.get(iri)
    return (concept.label if concept else None) or model.display_label(iri)


def _either(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def rate(model: ReadModel, actor: str, scheme: str, year: int) -> RatingAnswer:
    """What ``scheme`` said of ``actor`` in report ``year`` (see the module doc)."""
    name = label(model, actor)
    scheme_name = label(model, scheme)
    held = model.rating_by_key.get((actor, scheme, year))
    if held is not None:
        rating = model.ratings[held]
        return RatingAnswer(
            actor, scheme, year, RatingStatus.RATED, rating.value, (rating.value,),
            label(model, rating.value),
            f"{name}: {label(model, rating.value)} in the {year} report ({scheme_name}).",
            held, rating.lists, rating.sources,
        )  # fmt: skip
    lists = [
        model.rating_lists[i]
        for i in model.rating_lists_by_year.get((scheme, year), ())
        if actor not in model.rating_lists[i].not_covered
    ]
    sources = tuple(sorted({s for rl in lists for s in rl.sources}))
    list_iris = tuple(rl.iri for rl in lists)

    def unknown(reason: str) -> RatingAnswer:
        return RatingAnswer(
            actor, scheme, year, RatingStatus.UNKNOWN, None, (), "unknown", reason, None,
            list_iris, sources,
        )  # fmt: skip

    actor_record = model.actors.get(actor)
    if actor_record is None or actor_record.kind != "State":
        return unknown(f"{scheme_name} rates states; {name} is not one.")
    if not lists:
        if model.rating_lists_by_year.get((scheme, year)):
            return unknown(f"The {year} list's source table leaves {name} out altogether.")
        return unknown(f"The data hold no {scheme_name} list for report year {year}.")
    covered = {v for rl in lists for v in rl.covers}
    values = values_of(model, scheme)
    others = tuple(v.iri for v in values if v.iri not in covered)
    ranked_others = [v.label or v.notation for v in values if v.iri in others and v.rank]
    covered_names = _either([v.label or v.notation for v in values if v.iri in covered])
    if not ranked_others:
        return RatingAnswer(
            actor, scheme, year, RatingStatus.NOT_RATED, None, others, "not ranked",
            f"{name} is in none of the tiers of the {year} report (its list gives every "
            f"ranked tier): not rated, or a special case.",
            None, list_iris, sources,
        )  # fmt: skip
    return RatingAnswer(
        actor, scheme, year, RatingStatus.NOT_ON_LIST, None, others, _either(ranked_others),
        f"{name} is not on the {year} report's {covered_names} lists, the only ones the data "
        f"hold for that year: so {_either(ranked_others)} (or a special case, or not rated); "
        "the lists cannot say which.",
        None, list_iris, sources,
    )  # fmt: skip
