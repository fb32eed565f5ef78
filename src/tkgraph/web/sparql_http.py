"""/sparql over HTTP, per the SPARQL 1.1 Protocol: the query text from GET, a form
or a body; a bounded number of queries at once; the answer with its row count,
cap and data version. Running the query itself is sparql.py's job."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from starlette.requests import Request
from starlette.responses import Response

from tkgraph.errors import SparqlError, SparqlLimitError, SparqlUpdateRefusedError
from tkgraph.service.snapshot import SnapshotHolder
from tkgraph.settings import Settings
from tkgraph.web import sparql
from tkgraph.web.admission import Admission, client_of


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
    """At most `running` SPARQL queries at once (each a process using about a
    core, waited for by a thread of its own pool), `waiting` more in line, and
    at most `per_client` of them from one client; beyond, HTTP 503 with
    Retry-After rather than holding the client (admission.py)."""

    def __init__(self, running: int, waiting: int, patience: float, per_client: int) -> None:
        self.admission = Admission("SPARQL query", running, waiting, per_client, patience, _busy)
        self.threads = ThreadPoolExecutor(
            max_workers=self.admission.running, thread_name_prefix="sparql"
        )

    async def run(self, client: str, job: Callable[[], sparql.SparqlResult]) -> sparql.SparqlResult:
        """Run `job` (which ends within the query time limit) once admitted."""
        ticket = await self.admission.enter(client)
        future = asyncio.get_running_loop().run_in_executor(self.threads, job)
        # Given back when the thread is done, even if the client went away first.
        future.add_done_callback(lambda _: self.admission.leave(ticket))
        return await asyncio.shield(future)


def _busy(message: str) -> SparqlLimitError:
    return SparqlLimitError(message, "Try again after the Retry-After seconds.")


async def answer_sparql(
    request: Request, holder: SnapshotHolder, settings: Settings, slots: SparqlSlots
) -> Response:
    # Taken once: the query runs on this snapshot's store, and the
    # Tkgraph-Data-Version header names this snapshot, whatever a reload does.
    snapshot = holder.current

    def error(exc: SparqlError) -> SparqlError:
        exc.headers["Tkgraph-Data-Version"] = snapshot.version
        if exc.status == 503:
            exc.headers["Retry-After"] = str(max(1, math.ceil(settings.sparql_timeout / 2)))
        return exc

    query, update = await _sparql_text(request)
    if update:
        raise error(SparqlUpdateRefusedError())
    if not query:
        raise error(SparqlError(
            "No SPARQL query given.",
            "Send ?query=... (GET), a form field 'query', or a body of type application/sparql-query.",
        ))  # fmt: skip
    accept = request.headers.get("accept", "")
    fence = sparql.Fence(settings.sparql_memory_mb * 2**20, settings.sparql_max_mb * 2**20)
    job = partial(sparql.run_query, snapshot.data.store, query, accept, settings.sparql_timeout,
                  settings.sparql_row_cap, fence)  # fmt: skip
    try:
        result = await slots.run(client_of(request.scope.get("client")), job)
    except SparqlError as exc:
        raise error(exc) from None
    headers = {
        "Tkgraph-Rows": str(result.rows),
        "Tkgraph-Row-Cap": str(settings.sparql_row_cap),
        "Tkgraph-Byte-Cap": str(fence.max_bytes),
        "Tkgraph-Result-Truncated": "true" if result.truncated else "false",
        "Tkgraph-Data-Version": snapshot.version,
    }
    if result.truncated:
        headers["Tkgraph-Truncated-At"] = "byte cap" if result.byte_capped else "row cap"
    return Response(result.body, media_type=result.media_type, headers=headers)
