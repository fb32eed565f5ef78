"""The ASGI application: /graphql, /healthz and the admin reload endpoint.

create_app() builds everything (no I/O at import). Every request takes the
current snapshot once (SnapshotHolder), so a reload that swaps in a new
snapshot never shows a request a mix of old and new data.
"""

from __future__ import annotations

import hmac
import logging
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tkgraph.errors import (
    NotFoundError,
    PayloadTooLargeError,
    ReloadRefusedError,
    UnauthorizedError,
)
from tkgraph.service.reload import reload_data
from tkgraph.service.snapshot import Snapshot, SnapshotHolder, build_snapshot_for
from tkgraph.settings import Settings
from tkgraph.web import downloads, linked_data, pages
from tkgraph.web.graphql_http import TkgraphGraphQL
from tkgraph.web.responses import EXCEPTION_HANDLERS, error_response
from tkgraph.web.sparql_http import SparqlSlots, answer_sparql

log = logging.getLogger(__name__)
# The map page and its assets: served from the package's own folder only.
STATIC_DIR = Path(__file__).resolve().parent / "static"


class BodySizeLimit:
    """HTTP 413 for request bodies over max_bytes, by Content-Length or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> PayloadTooLargeError:
        return PayloadTooLargeError(f"Request body over {self.max_bytes} bytes.")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await error_response(self._too_large(), scope)(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise self._too_large()
            return message

        # Past the limit while streaming, counting_receive raises
        # PayloadTooLargeError inside the endpoint: the exception handlers answer it.
        await self.app(scope, counting_receive, send)


class PublicCORS(CORSMiddleware):
    """CORS for the public, read-only API only: /admin/... gets no CORS headers at
    all (no `*` on a reload preflight), so browsers on other origins cannot call it."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/admin/"):
            await self.app(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


# Every HTML page (/map, /atlas, GraphiQL) loads its scripts from /static only
# (vendored npm packages) and runs no inline script; GraphiQL and the charts set
# inline styles, and GraphiQL's fonts are data: URLs.
PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


class SecurityHeaders:
    """`X-Content-Type-Options: nosniff` on every response; a Content-Security-Policy
    on the HTML pages (/map, /atlas, GraphiQL)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                if headers.get("content-type", "").startswith("text/html"):
                    headers["Content-Security-Policy"] = PAGE_CSP
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)


class DisconnectLog:
    """A client that goes away mid-request is one line in the log, not a traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            await self.app(scope, receive, send)
        except ClientDisconnect as exc:  # raised by Starlette when the body never comes
            client = scope.get("client") or ("?", 0)
            log.info(
                "client %s:%s went away during %s %s (%s)",
                client[0], client[1], scope["method"], scope["path"], type(exc).__name__,
            )  # fmt: skip


# /healthz is polled often: data with thousands of problems lists the first
# ones, and problemCount says how many there are (`tkgraph validate` lists all).
HEALTH_PROBLEMS_SHOWN = 100


def _health(holder: SnapshotHolder) -> dict[str, Any]:
    snap = holder.current
    # What the read model skipped while it was built (a date that does not
    # parse, a record missing its subject); with validation off or a remote
    # endpoint this is the only place they show.
    problems = snap.model.problems
    return {
        "status": "ok" if holder.last_error is None else "degraded",
        "data": {
            "version": snap.version,
            "contentHash": snap.data.content_hash,
            "loadedAt": snap.loaded_at.isoformat(),
            "loadSeconds": round(snap.load_seconds, 3),
            "triples": snap.data.triple_count,
            "files": len(snap.data.files),
            "problemCount": len(problems),
            "problems": problems[:HEALTH_PROBLEMS_SHOWN],
        },
        "lastReload": {
            "attemptedAt": holder.last_attempt.isoformat() if holder.last_attempt else None,
            "error": holder.last_error,
        },
    }


def app_from_environment() -> Starlette:
    """The app of one `tkgraph serve --workers N` worker: settings from TKGRAPH_*
    (the serve command exports them), data loaded by the worker itself."""
    from tkgraph.web.serving import guarded_protocol

    settings = Settings.from_env()
    guarded_protocol(settings)  # this process's deadlines, before its first connection
    return create_app(settings)


def create_app(settings: Settings, snapshot: Snapshot | None = None) -> Starlette:
    """Build the service. Loads the data unless a snapshot is given."""
    holder = SnapshotHolder(snapshot or build_snapshot_for(settings))
    graphql_app = TkgraphGraphQL(holder, settings)

    async def healthz(request: Request) -> Response:
        return JSONResponse(_health(holder))

    async def admin_reload(request: Request) -> Response:
        token = (settings.admin_token or "").strip()
        if not token:  # None or blank: off (a blank token would match anyone)
            raise NotFoundError(
                "The admin endpoint is off.",
                "Start the server with --admin-token (or TKGRAPH_ADMIN_TOKEN) to enable it.",
            )
        scheme, _, given = request.headers.get("authorization", "").strip().partition(" ")
        # The scheme is required (RFC 6750; case-insensitive): a bare token is refused.
        bearer = scheme.lower() == "bearer"
        if not hmac.compare_digest(given.strip().encode(), token.encode()) or not bearer:
            refused = UnauthorizedError(
                "Missing or wrong admin token.", "Send Authorization: Bearer <token>."
            )
            refused.headers["WWW-Authenticate"] = "Bearer"
            raise refused
        ok, detail = await reload_data(holder, settings)
        if not ok:
            raise ReloadRefusedError(
                f"Reload refused, the previous data stay: {detail}",
                "Fix the file named, then reload again (/healthz shows the last attempt).",
            )
        return JSONResponse(_health(holder) | {"reloaded": True})

    async def root(request: Request) -> Response:
        return RedirectResponse("/graphql")

    sparql_slots = SparqlSlots(
        settings.sparql_concurrency,
        settings.sparql_queue,
        settings.sparql_timeout,
        settings.sparql_per_client,
    )

    async def sparql_endpoint(request: Request) -> Response:
        if linked_data.is_description_request(request):
            return linked_data.sparql_description(request)
        return await answer_sparql(request, holder, settings, sparql_slots)

    app = Starlette(
        routes=[
            Route("/", root),
            Route("/healthz", healthz),
            Route("/admin/reload", admin_reload, methods=["POST"]),
            Route("/graphql", graphql_app, methods=["GET", "POST"]),
            *pages.routes(),
            *downloads.routes(settings),
            *linked_data.routes(),
            Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
            Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(DisconnectLog),
            Middleware(BodySizeLimit, max_bytes=settings.max_body_bytes),
            Middleware(
                PublicCORS,
                allow_origins=list(settings.cors_origins),
                allow_methods=["GET", "POST", "OPTIONS"],
                allow_headers=["content-type"],
            ),
        ],
        exception_handlers=EXCEPTION_HANDLERS,
    )
    app.state.holder = holder
    app.state.graphql = graphql_app
    app.state.settings = settings
    return app
