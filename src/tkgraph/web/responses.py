"""Responses the web layer shares: the bounded cache of encoded answers (GraphQL
and /export downloads) and the error answers: one body for every endpoint (the GraphQL shape on
/graphql), made by the exception handlers from the error's own status, code
and headers."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import Scope

from tkgraph.errors import (
    InternalServerError,
    MethodNotAllowedError,
    NotFoundError,
    TkgraphError,
)

# The media type of GraphQL over HTTP answers a client may ask for.
GRAPHQL_RESPONSE = "application/graphql-response+json"

# Responses larger than this are not cached (a few big maps would evict everything else).
_MAX_CACHED_BYTES = 512 * 1024
# Memory an entry takes beyond its body and key (the objects that hold them).
_ENTRY_OVERHEAD = 200
Entry = TypeVar("Entry")


class ResponseCache(Generic[Entry]):
    """An LRU of encoded answers (a body, or a download's file name and body),
    bounded by entries and by bytes (the bodies and keys it holds: unique
    answers once took a server past 1.5 GB); keys include the data version, so
    a reload makes old entries unreachable (they age out)."""

    def __init__(self, max_entries: int, max_bytes: int) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, tuple[Entry, int]] = OrderedDict()
        self.bytes = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> Entry | None:
        found = self._entries.get(key)
        if found is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return found[0]

    def put(self, key: str, entry: Entry, size: int) -> None:
        """Keep `entry` (whose body is `size` bytes) unless it is too large to keep."""
        size += len(key) + _ENTRY_OVERHEAD
        if self.max_entries <= 0 or size > min(_MAX_CACHED_BYTES, self.max_bytes):
            return
        old = self._entries.pop(key, None)
        if old is not None:
            self.bytes -= old[1]
        self._entries[key] = (entry, size)
        self.bytes += size
        while len(self._entries) > self.max_entries or self.bytes > self.max_bytes:
            self.bytes -= self._entries.popitem(last=False)[1][1]


GRAPHQL_PATH = "/graphql"


def error_body(error: TkgraphError) -> dict[str, Any]:
    """The one error body of every endpoint but /graphql."""
    return {
        "error": {
            "status": error.status,
            "code": error.code,
            "message": error.message,
            "hint": error.hint,
        }
    }


def graphql_error_body(error: TkgraphError) -> dict[str, Any]:
    """The same error in the GraphQL shape (a request /graphql refuses before execution)."""
    return {"errors": [{"message": error.message, "extensions": {"code": error.code}}]}


def error_response(error: TkgraphError, scope: Scope) -> Response:
    """The answer to `error` ending the request of `scope`: the error's own status,
    code and headers; the GraphQL shape on /graphql (in the media type the client
    accepts), the error body elsewhere."""
    headers = dict(error.headers)
    if isinstance(error, MethodNotAllowedError) and "Allow" not in headers:
        headers["Allow"] = "GET, POST"
    if scope.get("path") == GRAPHQL_PATH:
        accept = Headers(scope=scope).get("accept", "")
        media_type = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else "application/json"
        return JSONResponse(
            graphql_error_body(error), error.status, headers=headers, media_type=media_type
        )
    return JSONResponse(error_body(error), error.status, headers=headers)


def _http_error(status: int) -> TkgraphError:
    """The tkgraph error for a status Starlette's router answers by itself."""
    if status == 404:
        return NotFoundError("No such page or endpoint.", "See / for what this service answers.")
    if status == 405:
        return MethodNotAllowedError(
            "This endpoint does not answer this HTTP method.",
            "Use a method the Allow header lists.",
        )
    error = TkgraphError(f"HTTP {status}.")
    error.status = status
    return error


async def _on_tkgraph_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, TkgraphError)
    return error_response(exc, request.scope)


async def _on_http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code in {204, 304}:
        return Response(status_code=exc.status_code, headers=exc.headers)
    error = _http_error(exc.status_code)
    error.headers = dict(exc.headers or {})
    return error_response(error, request.scope)


async def _on_defect(request: Request, exc: Exception) -> Response:
    # Starlette logs the traceback (and re-raises); the client is told no more.
    error = InternalServerError(
        "The server failed to answer this request.", "The operator's log has the details."
    )
    return error_response(error, request.scope)


# For Starlette(exception_handlers=...): every error a request can end with.
EXCEPTION_HANDLERS: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
    TkgraphError: _on_tkgraph_error,
    HTTPException: _on_http_exception,
    Exception: _on_defect,
}
