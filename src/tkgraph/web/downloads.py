"""HTTP downloads of the researchers' tables (/export/...).

    /export/bindings.csv?instrument=ID&asOf=YYYY-MM-DD[&states=all]
    /export/matrix.csv?actors=ID,ID&instruments=ID,ID&asOf=...
    /export/participations.csv?instrument=ID
    /export/members.csv?organization=ID&asOf=...
    /export/cooperation.csv?actor=ID[&asOf=...]
    /export/timeline.csv?instrument=ID[&until=...]
    /export/assessments.csv[?scheme=tip-tiers]
    /export/bindings-ratings.csv?instrument=ID&year=YYYY[&asOf=...][&scheme=tip-tiers]
    /export/tier-distribution.csv?instrument=ID[&scheme=tip-tiers]

Every table also comes as .json ({"meta": ..., "rows": [...]}); `tkgraph
export-table` writes the same tables from the command line. The rows are
computed off the event loop (a worker thread), from the snapshot taken once
per request, so a reload never mixes two data versions in one table; the
text is kept in a bounded cache keyed by the data version, the day (dates
default to today), the table, its parameters and format, since the atlas
asks for the same timelines and member lists again and again (a timeline
assesses every candidate on every day its count can change).

Downloads have their own threads and admission (admission.py), so they never
hold up SPARQL, reloads or GraphQL; every parameter is bounded before any
work (a date from EARLIEST_DAY to a few years past today, lists of at most
max_list_argument ids: `timeline?until=9999-12-31` once counted a point per
year to 9999); the client waits at most download_timeout seconds; the same
download asked for while it is being built waits for that one build.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import partial

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from tkgraph.domain import cooperation as co
from tkgraph.domain import ids, rating_tables, tables
from tkgraph.domain import ratings as rt
from tkgraph.domain.ids import NodeKind
from tkgraph.errors import (
    BadUserInputError,
    NotFoundError,
    QueryTimeoutError,
    ServerBusyError,
    TkgraphError,
)
from tkgraph.service.snapshot import Snapshot, SnapshotHolder
from tkgraph.settings import EARLIEST_DAY, Settings, latest_day
from tkgraph.web import tabular
from tkgraph.web.admission import Admission, client_of
from tkgraph.web.responses import ResponseCache

BINDING_COLUMNS = (
    "actor", "actor_label", "iso2", "iso3", "wikidata", "instrument", "as_of", "status", "rule",
    "derived", "bound_from", "bound_until", "known_until", "carried_forward",
    "last_known_status", "basis", "source_titles", "source_addresses",
)  # fmt: skip
PARTICIPATION_COLUMNS = (
    "participation", "actor", "actor_label", "iso2", "iso3", "signature_date",
    "consent_kind", "consent_date", "entry_into_force_given", "denunciation_date",
    "denunciation_effective", "verification", "note", "source_titles", "source_addresses",
)  # fmt: skip
MEMBER_COLUMNS = (
    "actor", "actor_label", "iso2", "iso3", "organization", "as_of", "status", "basis",
    "start_date", "end_date", "suspended_since", "suspension_source_titles", "verification",
    "source_titles", "source_addresses",
)  # fmt: skip
COOPERATION_COLUMNS = (
    "actor", "actor_label", "partner", "partner_label", "evidence_kind", "via", "via_label",
    "actor_roles", "partner_roles", "start_date", "end_date", "source_titles",
    "source_addresses",
)  # fmt: skip


def _node(snap: Snapshot, params: Params, name: str, kind: str) -> str:
    value = params.get(name)
    if not value:
        raise BadUserInputError(f"Missing parameter '{name}'.", f"Add ?{name}=<id>, e.g. "
                                f"{name}=instrument:tip-protocol or state:FR.")  # fmt: skip
    return _resolve(snap, value, name, kind)


def _resolve(snap: Snapshot, value: str, name: str, kind: str) -> str:
    """The IRI of an id that names an actor or an instrument (`kind`) in the data."""
    iri = ids.find(snap.model, value.strip(), NodeKind(kind))
    if iri is None:
        raise NotFoundError(
            f"'{value}' in '{name}' names no {kind} in the data.",
            "Use an id as the API gives it (instrument:tip-protocol, state:FR); "
            "GraphQL `instruments` and `actors` list them.",
        )
    return iri


def _day(params: Params, name: str) -> date:
    value = params.get(name)
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadUserInputError(
            f"'{value}' in '{name}' is not a date.", "Write it as YYYY-MM-DD."
        ) from None


def _ids(params: Params, name: str) -> list[str]:
    raw = params.get(name) or ""
    values = [v for v in (part.strip() for part in raw.split(",")) if v]
    if not values:
        raise BadUserInputError(f"Missing parameter '{name}'.",
                                f"Give a comma-separated list of ids: ?{name}=a,b.")  # fmt: skip
    return values


@dataclass(frozen=True)
class Table:
    """A table ready to render: its rows, columns, what it describes, a file name."""

    rows: list[tabular.Row]
    columns: tuple[str, ...]
    meta: dict[str, object]
    name: str

    def render(self, fmt: str) -> str:
        if fmt == "csv":
            return tabular.to_csv(self.rows, self.columns)
        return tabular.to_json(self.rows, self.meta)


Params = Mapping[str, str | None]
Builder = Callable[[Snapshot, Params], Table]


def bindings_table(snap: Snapshot, params: Params) -> Table:
    instrument = _node(snap, params, "instrument", "instrument")
    as_of = _day(params, "asOf")
    all_states = params.get("states", "all") == "all"
    rows = tables.bindings(snap.model, instrument, as_of, all_states=all_states)
    meta: dict[str, object] = {"table": "bindings", "instrument": params["instrument"],
            "asOf": as_of.isoformat(), "dataVersion": snap.version,
            "coverage": tables.coverage_meta(snap.model, instrument, as_of)}  # fmt: skip
    return Table(rows, BINDING_COLUMNS, meta, f"bindings-{as_of.isoformat()}")


def matrix_table(snap: Snapshot, params: Params) -> Table:
    actors = [_resolve(snap, a, "actors", "actor") for a in _ids(params, "actors")]
    instruments = [
        _resolve(snap, i, "instruments", "instrument") for i in _ids(params, "instruments")
    ]
    if len(actors) * len(instruments) > tables.MAX_MATRIX_CELLS:
        raise BadUserInputError(
            f"{len(actors)} actors x {len(instruments)} instruments is over "
            f"{tables.MAX_MATRIX_CELLS} cells.",
            "Ask for fewer actors or instruments per download.",
        )
    as_of = _day(params, "asOf")
    rows = tables.matrix(snap.model, actors, instruments, as_of)
    meta: dict[str, object] = {
        "table": "matrix",
        "asOf": as_of.isoformat(),
        "dataVersion": snap.version,
    }
    return Table(rows, BINDING_COLUMNS, meta, f"matrix-{as_of.isoformat()}")


def participations_table(snap: Snapshot, params: Params) -> Table:
    instrument = _node(snap, params, "instrument", "instrument")
    rows = tables.participations(snap.model, instrument)
    meta: dict[str, object] = {"table": "participations", "instrument": params["instrument"],
            "dataVersion": snap.version}  # fmt: skip
    return Table(rows, PARTICIPATION_COLUMNS, meta, "participations")


def members_table(snap: Snapshot, params: Params) -> Table:
    organization = _node(snap, params, "organization", "actor")
    as_of = _day(params, "asOf")
    rows = tables.members(snap.model, organization, as_of)
    meta: dict[str, object] = {"table": "members", "organization": params["organization"],
            "asOf": as_of.isoformat(), "dataVersion": snap.version,
            "coverage": tables.roster_meta(snap.model, organization, as_of)}  # fmt: skip
    return Table(rows, MEMBER_COLUMNS, meta, f"members-{as_of.isoformat()}")


def cooperation_table(snap: Snapshot, params: Params) -> Table:
    actor = _node(snap, params, "actor", "actor")
    as_of = _day(params, "asOf") if params.get("asOf") else None
    rows = tables.cooperation_edges(snap.model, snap.network, actor, co.Window(as_of=as_of))
    meta: dict[str, object] = {"table": "cooperation", "actor": params["actor"],
            "asOf": as_of.isoformat() if as_of else None, "dataVersion": snap.version}  # fmt: skip
    return Table(rows, COOPERATION_COLUMNS, meta, "cooperation")


def timeline_series(snap: Snapshot, params: Params) -> Table:
    instrument = _node(snap, params, "instrument", "instrument")
    until = _day(params, "until")
    line = tables.timeline(snap.model, instrument, until)
    coverage = tables.coverage_meta(snap.model, instrument, until)
    rows: list[tabular.Row] = [{"date": d.isoformat(), "bound": n} for d, n in line.points]
    meta: dict[str, object] = {
        "table": "timeline",
        "instrument": params["instrument"],
        "until": until.isoformat(),
        "dataVersion": snap.version,
        "consentsPerYear": [{"year": y, "count": n} for y, n in line.consents_per_year],
        # the chart marks the date the data are complete to, and the newest
        # dated party count from the sources, to compare the line with
        "coverageDate": coverage["coverageDate"],
        "newestPartyCount": coverage["newestPartyCount"],
    }
    return Table(rows, ("date", "bound"), meta, f"timeline-{until.isoformat()}")


def _scheme(snap: Snapshot, params: Params) -> str:
    notation = params.get("scheme") or "tip-tiers"
    found = rt.scheme_iri(snap.model, notation)
    if found is None:
        raise NotFoundError(f"No rating scheme '{notation}'.", "Use scheme=tip-tiers.")
    return found


def _year(params: Params, name: str) -> int:
    value = (params.get(name) or "").strip()
    if not (value.isdigit() and 1900 <= int(value) <= 2100):
        raise BadUserInputError(
            f"'{value}' in '{name}' is not a report year.", f"Give ?{name}=YYYY, e.g. 2015."
        )
    return int(value)


def assessments_table(snap: Snapshot, params: Params) -> Table:
    scheme = _scheme(snap, params)
    rows = rating_tables.assessments(snap.model, scheme)
    meta: dict[str, object] = {"table": "assessments", "scheme": params.get("scheme") or "tip-tiers",
            "dataVersion": snap.version,
            "reportYears": rt.report_years(snap.model, scheme)}  # fmt: skip
    return Table(rows, rating_tables.ASSESSMENT_COLUMNS, meta, "assessments")


def bindings_ratings_table(snap: Snapshot, params: Params) -> Table:
    instrument = _node(snap, params, "instrument", "instrument")
    year = _year(params, "year")
    as_of = _day(params, "asOf")
    scheme = _scheme(snap, params)
    rows = rating_tables.bindings_with_ratings(snap.model, instrument, as_of, scheme, year)
    meta: dict[str, object] = {"table": "bindings-ratings", "instrument": params["instrument"],
            "asOf": as_of.isoformat(), "year": year, "dataVersion": snap.version,
            "coverage": tables.coverage_meta(snap.model, instrument, as_of)}  # fmt: skip
    columns = (*BINDING_COLUMNS, *rating_tables.RATING_COLUMNS)
    return Table(rows, columns, meta, f"bindings-ratings-{year}")


def tier_distribution_series(snap: Snapshot, params: Params) -> Table:
    instrument = _node(snap, params, "instrument", "instrument")
    scheme = _scheme(snap, params)
    rows = rating_tables.tier_distribution(snap.model, instrument, scheme)
    meta: dict[str, object] = {"table": "tier-distribution", "instrument": params["instrument"],
            "dataVersion": snap.version,
            "boundOn": "1 January of each report year"}  # fmt: skip
    columns = ("report_year", "group", "rating", "states")
    return Table(rows, columns, meta, "tier-distribution")


# name -> (builder, formats it comes in)
TABLES: dict[str, tuple[Builder, tuple[str, ...]]] = {
    "bindings": (bindings_table, ("csv", "json")),
    "matrix": (matrix_table, ("csv", "json")),
    "participations": (participations_table, ("csv", "json")),
    "members": (members_table, ("csv", "json")),
    "cooperation": (cooperation_table, ("csv", "json")),
    "timeline": (timeline_series, ("csv", "json")),
    "assessments": (assessments_table, ("csv", "json")),
    "bindings-ratings": (bindings_ratings_table, ("csv", "json")),
    "tier-distribution": (tier_distribution_series, ("csv", "json")),
}


def build(snap: Snapshot, name: str, params: Params) -> Table:
    """The table `name` for these parameters (BadUserInputError / NotFoundError if wrong)."""
    if name not in TABLES:
        raise BadUserInputError(f"No table '{name}'.", f"Choose one of: {', '.join(TABLES)}.")
    return TABLES[name][0](snap, params)


def check_bounds(params: Params, settings: Settings, today: date) -> None:
    """Refuse, before any work, a parameter that would make a download grow: a
    date outside EARLIEST_DAY .. latest_day, a list of more than
    max_list_argument items. Every parameter that reads as a date is checked,
    whatever its name, so tables added later are covered too."""
    latest = latest_day(settings, today)
    for name, value in params.items():
        if not value:
            continue
        items = value.count(",") + 1
        if items > settings.max_list_argument:
            raise BadUserInputError(
                f"'{name}' lists {items} items, over the limit of {settings.max_list_argument}.",
                "Ask for fewer per download.",
            )
        try:
            day = date.fromisoformat(value)
        except ValueError:
            continue
        if not EARLIEST_DAY <= day <= latest:
            raise BadUserInputError(
                f"'{value}' in '{name}' is outside the dates this server answers for "
                f"({EARLIEST_DAY.isoformat()} to {latest.isoformat()}).",
                "Name a date in that range.",
            )


def _build_encoded(snap: Snapshot, name: str, params: Params, fmt: str) -> tuple[str, bytes]:
    table = build(snap, name, params)
    return table.name, table.render(fmt).encode()


# Tables whose work grows with their parameters (a timeline assesses every
# candidate on every day its count changes; a matrix
# one assessment per cell): built in a lane of their own, so that small
# downloads never wait behind them.
HEAVY_TABLES = frozenset({"timeline", "matrix"})


class _Lane:
    """Threads of their own and their admission."""

    def __init__(self, what: str, settings: Settings) -> None:
        self.admission = Admission(
            what, settings.download_workers, settings.download_queue,
            settings.download_per_client, settings.download_timeout, _busy,
        )  # fmt: skip
        self.threads = ThreadPoolExecutor(
            max_workers=self.admission.running, thread_name_prefix=what.replace(" ", "-")
        )


class Builds:
    """Where downloads are built: two lanes (heavy tables, the others), each
    with its own threads and admission per client; a deadline for the client;
    one build per key at a time; and the cache."""

    def __init__(self, settings: Settings) -> None:
        self.timeout = settings.download_timeout
        self.heavy = _Lane("heavy download", settings)
        self.light = _Lane("download", settings)
        self.cache: ResponseCache[tuple[str, bytes]] = ResponseCache(
            settings.response_cache_entries, settings.response_cache_mb * 2**20
        )
        self.building: dict[str, asyncio.Future[tuple[str, bytes]]] = {}

    async def get(self, key: str, client: str, job: Callable[[], tuple[str, bytes]],
                  heavy: bool) -> tuple[str, bytes]:  # fmt: skip
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout
        future = self.building.get(key)
        if future is None:
            lane = self.heavy if heavy else self.light
            ticket = await lane.admission.enter(client)
            future = loop.run_in_executor(lane.threads, job)
            self.building[key] = future

            def done(finished: asyncio.Future[tuple[str, bytes]]) -> None:
                # The place is given back when the thread is done, not when the
                # client stops waiting: a thread past its deadline still holds it.
                lane.admission.leave(ticket)
                del self.building[key]
                if not finished.cancelled() and finished.exception() is None:
                    answer = finished.result()
                    self.cache.put(key, answer, len(answer[1]))

            future.add_done_callback(done)
        try:
            return await asyncio.wait_for(asyncio.shield(future), max(0, deadline - loop.time()))
        except TimeoutError:
            raise QueryTimeoutError(
                f"The download took longer than {self.timeout:g} s.",
                "Ask for less (fewer ids, an earlier date), or try again later: it may be cached.",
            ) from None


def _busy(message: str) -> ServerBusyError:
    return ServerBusyError(message, "Try again after the Retry-After seconds.")


def _endpoint(
    name: str, builds: Builds, settings: Settings
) -> Callable[[Request], Awaitable[Response]]:
    formats = TABLES[name][1]

    async def endpoint(request: Request) -> Response:
        fmt = request.path_params["format"]
        if fmt not in formats:
            raise BadUserInputError(f"No .{fmt} form of this table.",
                                    f"Use one of: {', '.join(formats)}.")  # fmt: skip
        holder: SnapshotHolder = request.app.state.holder
        snap = holder.current  # once: the whole table answers from one data version
        params = dict(request.query_params)
        today = date.today()
        key = json.dumps([snap.version, today.isoformat(), name, sorted(params.items()), fmt])
        try:
            check_bounds(params, settings, today)
            job = partial(_build_encoded, snap, name, params, fmt)
            client = client_of(request.scope.get("client"))
            file_name, body = await builds.get(key, client, job, name in HEAVY_TABLES)
        except TkgraphError as exc:
            if exc.status == 503:
                exc.headers["Retry-After"] = str(math.ceil(settings.download_timeout))
            raise
        return _table_response(fmt, file_name, body)

    return endpoint


def _table_response(fmt: str, file_name: str, body: bytes) -> Response:
    if fmt == "csv":
        return Response(body, media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="{file_name}.csv"'})  # fmt: skip
    return Response(body, media_type="application/json")


def routes(settings: Settings) -> list[Route]:
    # File name and body: the name comes from the table, not the request.
    builds = Builds(settings)
    return [
        Route(f"/export/{name}.{{format}}", _endpoint(name, builds, settings), methods=["GET"])
        for name in TABLES
    ]
