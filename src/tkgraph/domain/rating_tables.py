"""The rating tables researchers download: every held rating, and every
state's binding status beside its rating in one report year. Rows in the
same shape as domain/tables.py (plain dicts, same keys in the same order)."""

from __future__ import annotations

from datetime import date

from tkgraph.domain import binding as b
from tkgraph.domain import ratings as rt
from tkgraph.domain.tables import Row, assessment_row, states
from tkgraph.model.readmodel import ReadModel
from tkgraph.rdf.vocab import id_for_iri

ASSESSMENT_COLUMNS = (
    "assessment", "actor", "actor_label", "iso2", "iso3", "wikidata", "scheme", "report_year",
    "value", "value_label", "rank", "list", "alternative_values", "note", "source_titles",
    "source_addresses",
)  # fmt: skip

RATING_COLUMNS = (
    "rating_year", "rating_status", "rating_value", "rating_label", "rating_category", "rating_rank",
    "rating_possible_values", "rating_reason", "rating_source_titles", "rating_source_addresses",
)  # fmt: skip


def assessments(model: ReadModel, scheme: str) -> list[Row]:
    """Every rating the data hold for ``scheme``, by report year then actor."""
    rows: list[Row] = []
    for iri, rating in model.ratings.items():
        if rating.scheme != scheme:
            continue
        actor = model.actors.get(rating.actor)
        value = model.rating_values.get(rating.value)
        titles, addresses = _titles(model, rating.sources)
        rows.append({
            "assessment": id_for_iri(iri),
            "actor": id_for_iri(rating.actor),
            "actor_label": (actor.label if actor else None) or id_for_iri(rating.actor),
            "iso2": actor.iso2 if actor else None,
            "iso3": actor.iso3 if actor else None,
            "wikidata": actor.wikidata if actor else None,
            "scheme": model.rating_schemes[scheme].notation,
            "report_year": rating.year,
            "value": value.notation if value else None,
            "value_label": value.label if value else None,
            "rank": value.rank if value else None,
            "list": " | ".join(id_for_iri(i) for i in rating.lists),
            "alternative_values": " | ".join(rating.alternative_values),
            "note": rating.note,
            "source_titles": titles,
            "source_addresses": addresses,
        })  # fmt: skip
    rows.sort(key=lambda row: (row["report_year"], str(row["actor_label"]).casefold()))
    return rows


def rating_columns(model: ReadModel, answer: rt.RatingAnswer) -> Row:
    """The rating half of a row: what the scheme said that year, or why unknown."""
    value = model.rating_values.get(answer.value) if answer.value else None
    titles, addresses = _titles(model, answer.sources)
    possible = (model.rating_values.get(v) for v in answer.possible_values)
    return {
        "rating_year": answer.year,
        "rating_status": answer.status.name,
        "rating_value": value.notation if value else None,
        "rating_label": answer.summary,
        "rating_category": rating_category(answer, model),
        "rating_rank": value.rank if value else None,
        "rating_possible_values": " | ".join(v.notation for v in possible if v),
        "rating_reason": answer.reason,
        "rating_source_titles": titles,
        "rating_source_addresses": addresses,
    }


def bindings_with_ratings(
    model: ReadModel, instrument: str, as_of: date, scheme: str, year: int
) -> list[Row]:
    """Every state: its status in ``instrument`` on ``as_of``, then its rating in ``year``."""
    rows: list[Row] = []
    for state in states(model):
        row = assessment_row(model, b.assess(model, state, instrument, as_of))
        row.update(rating_columns(model, rt.rate(model, state, scheme, year)))
        rows.append(row)
    return rows


def _titles(model: ReadModel, sources: tuple[str, ...]) -> tuple[str, str]:
    titles, addresses = [], []
    for source in sources:
        record = model.sources.get(source)
        titles.append((record.title if record else None) or id_for_iri(source))
        if record and record.address:
            addresses.append(record.address)
    return " | ".join(titles), " | ".join(addresses)


def rating_category(answer: rt.RatingAnswer, model: ReadModel) -> str:
    """One word per answer, for maps and charts: the value's id when rated,
    TIER_1_OR_2-style "one of" ids from a partial list, NOT_RANKED, UNKNOWN."""
    if answer.status is rt.RatingStatus.RATED and answer.value:
        return model.rating_values[answer.value].notation
    if answer.status is rt.RatingStatus.NOT_ON_LIST:
        return "NOT_ON_LIST"
    if answer.status is rt.RatingStatus.NOT_RATED:
        return "NOT_RANKED"
    return "UNKNOWN"


_GROUPS = {b.Status.BOUND: "bound", b.Status.UNKNOWN: "status unknown"}


def tier_distribution(model: ReadModel, instrument: str, scheme: str) -> list[Row]:
    """Per report year the data hold a list for: how many states bound by
    ``instrument`` on 1 January of that year, how many not bound and how many
    whose status is unknown, had each rating."""
    counts: dict[tuple[int, str, str], int] = {}
    all_states = states(model)
    for year in rt.report_years(model, scheme):
        day = date(year, 1, 1)
        for state in all_states:
            status = b.assess(model, state, instrument, day).status
            group = _GROUPS.get(status, "not bound")
            key = (year, group, rating_category(rt.rate(model, state, scheme, year), model))
            counts[key] = counts.get(key, 0) + 1
    return [
        {"report_year": year, "group": group, "rating": rating, "states": n}
        for (year, group, rating), n in sorted(counts.items())
    ]
