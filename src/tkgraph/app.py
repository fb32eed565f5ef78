"""The ASGI application: /graphql, /healthz and the admin reload endpoint.

create_app() builds everything (no I/O at import). Every request takes the
current snapshot once (SnapshotHolder), so a reload that swaps in a new
snapshot never shows a request a mix of old and new data.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL

from tkgraph import downloads, pages, sparql
from tkgraph.api.context import Context
from tkgraph.api.schema import build_schema, limits_for
from tkgraph.errors import (
    DataError,
    SparqlError,
    SparqlTimeoutError,
    SparqlUpdateRefusedError,
    TkgraphError,
)
from tkgraph.graphql_http import GraphQLEndpoint
from tkgraph.settings import Settings
from tkgraph.snapshot import Snapshot, SnapshotHolder, build_snapshot_for

log = logging.getLogger("tkgraph.app")
# The map page and its assets: served from the package's own folder only.
STATIC_DIR = Path(__file__).resolve().parent / "static"


class TkgraphGraphQL(GraphQL[dict[str, Any], None]):
    """Strawberry's ASGI view, with our per-request context."""

    def __init__(self, holder: SnapshotHolder, settings: Settings) -> None:
        super().__init__(
            build_schema(limits_for(settings)),
            graphql_ide="graphiql" if settings.graphiql else None,
        )
        self.holder = holder
        self.settings = settings

    async def render_graphql_ide(self, request: Any) -> Response:
        # Our own GraphiQL page: its assets are vendored, so it works offline.
        return pages.page("graphiql.html")

    async def get_context(self, request: Any, response: Any) -> dict[str, Any]:
        # The snapshot is read once here; the whole request answers from it.
        tk = Context(self.holder.current, self.settings, date.today())
        return {"request": request, "response": response, "tk": tk}


class BodySizeLimit:
    """HTTP 413 for request bodies over max_bytes, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._reject(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _BodyTooLargeError
            return message

        try:
            await self.app(scope, counting_receive, send)
        except _BodyTooLargeError:
            await self._reject(scope, receive, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = JSONResponse(
            {"errors": [{"message": f"Request body over {self.max_bytes} bytes.",
                         "extensions": {"code": "PAYLOAD_TOO_LARGE"}}]},
            status_code=413,
        )  # fmt: skip
        await response(scope, receive, send)


class _BodyTooLargeError(Exception):
    pass


def _health(holder: SnapshotHolder) -> dict[str, Any]:
    snap = holder.current
    return {
        "status": "ok" if holder.last_error is None else "degraded",
        "data": {
            "version": snap.version,
            "contentHash": snap.data.content_hash,
            "loadedAt": snap.loaded_at.isoformat(),
            "loadSeconds": round(snap.load_seconds, 3),
            "triples": snap.data.triple_count,
            "files": len(snap.data.files),
        },
        "lastReload": {
            "attemptedAt": holder.last_attempt.isoformat() if holder.last_attempt else None,
            "error": holder.last_error,
        },
    }


async def reload_data(holder: SnapshotHolder, settings: Settings) -> tuple[bool, str]:
    """Load and validate the data off to the side; swap it in only if both succeed.

    On failure the previous snapshot keeps being served and the problems are
    kept for /healthz.
    """
    holder.last_attempt = datetime.now(UTC)
    try:
        fresh = await asyncio.to_thread(_load_valid_snapshot, settings)
    except TkgraphError as exc:
        holder.last_error = str(exc)
        log.error("reload refused, still serving %s: %s", holder.current.version, exc)
        return False, str(exc)
    holder.swap(fresh)
    log.info("reloaded data: version %s, %d triples", fresh.version, fresh.data.triple_count)
    return True, fresh.version


def _load_valid_snapshot(settings: Settings) -> Snapshot:
    if settings.validate_on_reload and not settings.sparql_endpoint:
        _validate_in_subprocess(settings)
    return build_snapshot_for(settings)


def _validate_in_subprocess(settings: Settings) -> None:
    """`tkgraph validate` in a child process: pySHACL is pure Python, and in this
    process it would hold the GIL for seconds and stall the requests being served."""
    command = [sys.executable, "-m", "tkgraph", "validate", "--no-reasoner", "--format", "json"]
    command += ["--ontology", str(settings.ontology_dir), "--seed", str(settings.seed_dir)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode == 0:
        return
    if done.returncode == 1:
        problems = json.loads(done.stdout)["problems"]
        lines = [f"{p['file']}:{p['line']}: [{p['rule']}] {p['message']}" for p in problems[:20]]
        raise DataError(
            f"The new data has {len(problems)} problem(s): " + "; ".join(lines),
            "Fix them (tkgraph validate lists them all) and reload again.",
        )
    raise DataError(
        f"Validation could not run: {done.stderr.strip()[-500:]}", "See the server log."
    )


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


async def answer_sparql(
    request: Request, holder: SnapshotHolder, settings: Settings, slots: asyncio.Semaphore
) -> Response:
    def error(status: int, exc: TkgraphError) -> Response:
        return JSONResponse(
            {"error": {"code": exc.code, "message": exc.message, "hint": exc.hint}}, status
        )

    query, update = await _sparql_text(request)
    if update:
        return error(403, SparqlUpdateRefusedError())
    if not query:
        return error(400, SparqlError(
            "No SPARQL query given.",
            "Send ?query=... (GET), a form field 'query', or a body of type application/sparql-query.",
        ))  # fmt: skip
    store = holder.current.data.store
    accept = request.headers.get("accept", "")
    async with slots:
        try:
            result = await asyncio.to_thread(
                sparql.run_query,
                store,
                query,
                accept,
                settings.sparql_timeout,
                settings.sparql_row_cap,
            )
        except SparqlUpdateRefusedError as exc:
            return error(403, exc)
        except SparqlTimeoutError as exc:
            return error(503, exc)
        except SparqlError as exc:
            return error(400, exc)
    headers = {
        "Tkgraph-Rows": str(result.rows),
        "Tkgraph-Row-Cap": str(settings.sparql_row_cap),
        "Tkgraph-Result-Truncated": "true" if result.truncated else "false",
        "Tkgraph-Data-Version": holder.current.version,
    }
    return Response(result.body, media_type=result.media_type, headers=headers)


def create_app(settings: Settings, snapshot: Snapshot | None = None) -> Starlette:
    """Build the service. Loads the data unless a snapshot is given."""
    holder = SnapshotHolder(snapshot or build_snapshot_for(settings))
    graphql_app = GraphQLEndpoint(holder, settings, graphiql_view=TkgraphGraphQL(holder, settings))

    async def healthz(request: Request) -> Response:
        return JSONResponse(_health(holder))

    async def admin_reload(request: Request) -> Response:
        if settings.admin_token is None:
            return JSONResponse(
                {
                    "error": "The admin endpoint is off. Start the server with --admin-token "
                    "(or TKGRAPH_ADMIN_TOKEN) to enable it."
                },
                status_code=404,
            )
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), settings.admin_token.encode()):
            return JSONResponse(
                {"error": "Missing or wrong admin token (Authorization: Bearer <token>)."},
                status_code=401,
            )
        ok, detail = await reload_data(holder, settings)
        body = _health(holder) | {"reloaded": ok}
        if not ok:
            body["error"] = detail
        return JSONResponse(body, status_code=200 if ok else 422)

    async def root(request: Request) -> Response:
        return RedirectResponse("/graphql")

    sparql_slots = asyncio.Semaphore(2)  # one query per core; more wait their turn

    async def sparql_endpoint(request: Request) -> Response:
        return await answer_sparql(request, holder, settings, sparql_slots)

    app = Starlette(
        routes=[
            Route("/", root),
            Route("/healthz", healthz),
            Route("/admin/reload", admin_reload, methods=["POST"]),
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            *pages.routes(),
            *downloads.routes(),
            Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=[
            Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
            Middleware(
                CORSMiddleware,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["content-type", "authorization"],
            ),
        ],
    )
    app.state.holder = holder
    app.state.graphql = graphql_app
    app.state.settings = settings
    return app
