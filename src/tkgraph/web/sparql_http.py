"""/sparql over HTTP, per the SPARQL 1.1 Protocol: the query text from GET, a form
or a body; a bounded number of queries at once; the answer with its row count,
cap and data version. Running the query itself is sparql.py's job."""

from __future__ import annotations

import asyncio
import contextlib
import math
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response

from tkgraph.errors import SparqlError, SparqlLimitError, SparqlUpdateRefusedError
from tkgraph.service.snapshot import SnapshotHolder
from tkgraph.settings import Settings
from tkgraph.web import sparql
from tkgraph.web.responses import error_json


async def _sparql_text(request: Request) -> tuple[str | None, bool]:
    """(query text, whether the request is a SPARQL Update), per the SPARQL 1.1 Protocol."""
    if request.method == "GET":
        return request.query_params.get("query"), "update" in request.query_params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        return None, True
    if content_type == "application/sparql-query":
        return (await request.body()).decode("utf-8", errors="replace"), False
    form = await request.form()
    query, update = form.get("query"), form.get("update")
    return (query if isinstance(query, str) else None), update is not None


class SparqlSlots:
    """At most `running` SPARQL queries at once (each a process using about a core)
    and `waiting` more in line; a query beyond both, or one that waits longer
    than `patience` seconds, is refused with 503 and Retry-After rather than
    holding its client (issue 13: eight heavy queries delayed a tiny ASK 20 s)."""

    def __init__(self, running: int, waiting: int, patience: float) -> None:
        self.running = max(1, running)
        self.waiting = max(0, waiting)
        self.patience = patience
        self._semaphore = asyncio.Semaphore(self.running)
        self._admitted = 0

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        if self._admitted >= self.running + self.waiting:
            raise SparqlLimitError(
                f"All {self.running} SPARQL query slots and {self.waiting} places in line are taken.",
                "Try again after the Retry-After seconds.",
            )
        self._admitted += 1
        try:
            try:
                await asyncio.wait_for(self._semaphore.acquire(), self.patience)
            except TimeoutError:
                raise SparqlLimitError(
                    f"No SPARQL query slot came free within {self.patience:g} s.",
                    "Try again after the Retry-After seconds.",
                ) from None
            try:
                yield
            finally:
                self._semaphore.release()
        finally:
            self._admitted -= 1


async def answer_sparql(
    request: Request, holder: SnapshotHolder, settings: Settings, slots: SparqlSlots
) -> Response:
    # Taken once: the query runs on this snapshot's store, and the
    # Tkgraph-Data-Version header names this snapshot, whatever a reload does.
    snapshot = holder.current

    def error(exc: SparqlError) -> Response:
        headers = {"Tkgraph-Data-Version": snapshot.version}
        if exc.status == 503:
            headers["Retry-After"] = str(max(1, math.ceil(settings.sparql_timeout / 2)))
        return error_json(exc, headers)

    query, update = await _sparql_text(request)
    if update:
        return error(SparqlUpdateRefusedError())
    if not query:
        return error(SparqlError(
            "No SPARQL query given.",
            "Send ?query=... (GET), a form field 'query', or a body of type application/sparql-query.",
        ))  # fmt: skip
    accept = request.headers.get("accept", "")
    fence = sparql.Fence(settings.sparql_service_allow, settings.sparql_memory_mb * 2**20)
    try:
        async with slots.slot():
            result = await asyncio.to_thread(
                sparql.run_query,
                snapshot.data.store,
                query,
                accept,
                settings.sparql_timeout,
                settings.sparql_row_cap,
                fence,
            )
    except SparqlError as exc:
        return error(exc)
    headers = {
        "Tkgraph-Rows": str(result.rows),
        "Tkgraph-Row-Cap": str(settings.sparql_row_cap),
        "Tkgraph-Result-Truncated": "true" if result.truncated else "false",
        "Tkgraph-Data-Version": snapshot.version,
    }
    return Response(result.body, media_type=result.media_type, headers=headers)
