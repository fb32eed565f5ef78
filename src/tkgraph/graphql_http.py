"""GraphQL over HTTP, with a response cache and ETags.

strawberry's ASGI view serves GraphiQL to browsers; queries are answered here
so that repeated queries come from a cache keyed by the document, the
variables, the operation name, the data version and the day (the default
`asOf` is today), with ETag / If-None-Match and Cache-Control on GET. Media
types follow the GraphQL-over-HTTP draft: application/graphql-response+json
when the client accepts it (with 4xx for requests that fail before
execution), application/json otherwise.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from datetime import date
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from tkgraph.api.context import Context
from tkgraph.api.schema import build_schema, limits_for
from tkgraph.settings import Settings
from tkgraph.snapshot import SnapshotHolder

GRAPHQL_RESPONSE = "application/graphql-response+json"
# Responses larger than this are not cached (a few big maps would evict everything else).
_MAX_CACHED_BYTES = 512 * 1024


class ResponseCache:
    """A bounded LRU of response bodies; keys include the data version, so a reload
    makes old entries unreachable (they age out)."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> bytes | None:
        body = self._entries.get(key)
        if body is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return body

    def put(self, key: str, body: bytes) -> None:
        if self.max_entries <= 0 or len(body) > _MAX_CACHED_BYTES:
            return
        self._entries[key] = body
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)


class BadRequestError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _error_body(message: str, code: str) -> bytes:
    return json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


async def _read_params(request: Request) -> tuple[str, dict[str, Any], str | None]:
    if request.method == "GET":
        raw: dict[str, Any] = dict(request.query_params)
        if "variables" in raw:
            try:
                raw["variables"] = json.loads(raw["variables"])
            except json.JSONDecodeError:
                raise BadRequestError(400, "The 'variables' parameter is not valid JSON.") from None
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if content_type == "application/graphql":
            raw = {"query": body.decode("utf-8", errors="replace")}
        elif content_type in ("application/json", ""):
            try:
                raw = json.loads(body)
            except (json.JSONDecodeError, UnicodeDecodeError):
                raise BadRequestError(400, "The request body is not valid JSON.") from None
        else:
            raise BadRequestError(
                415, f"Content type '{content_type}' is not supported; send application/json."
            )
    if not isinstance(raw, dict):
        raise BadRequestError(
            400, "The request must be one JSON object (batching is not supported)."
        )
    query, variables, operation = (
        raw.get("query"),
        raw.get("variables") or {},
        raw.get("operationName"),
    )
    if not isinstance(query, str) or not query.strip():
        raise BadRequestError(400, "No GraphQL query in the request ('query' is missing or empty).")
    if not isinstance(variables, dict):
        raise BadRequestError(400, "'variables' must be a JSON object.")
    if operation is not None and not isinstance(operation, str):
        raise BadRequestError(400, "'operationName' must be a string.")
    return query, variables, operation


class GraphQLEndpoint:
    """ASGI app for /graphql: GraphiQL via strawberry, queries answered here."""

    def __init__(self, holder: SnapshotHolder, settings: Settings, graphiql_view: Any) -> None:
        self.holder = holder
        self.settings = settings
        self.schema = build_schema(limits_for(settings))
        self.graphiql_view = graphiql_view
        self.cache = ResponseCache(settings.response_cache_entries)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        wants_html = "text/html" in request.headers.get("accept", "")
        if request.method == "GET" and wants_html and "query" not in request.query_params:
            await self.graphiql_view(scope, receive, send)
            return
        response = await self.answer(request)
        await response(scope, receive, send)

    async def answer(self, request: Request) -> Response:
        accept = request.headers.get("accept", "")
        media = GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else "application/json"
        try:
            query, variables, operation = await _read_params(request)
        except BadRequestError as exc:
            return Response(_error_body(exc.message, "BAD_REQUEST"), exc.status, media_type=media)
        snapshot = self.holder.current
        today = date.today()
        key_material = json.dumps(
            [query, variables, operation, snapshot.version, today.isoformat()], sort_keys=True
        )
        key = hashlib.sha256(key_material.encode()).hexdigest()
        etag = f'W/"{key[:32]}"'
        headers = {"ETag": etag, "Vary": "Accept", "Tkgraph-Data-Version": snapshot.version}
        headers["Cache-Control"] = "public, max-age=60" if request.method == "GET" else "no-store"
        if request.method == "GET" and request.headers.get("if-none-match") == etag:
            return Response(status_code=304, headers=headers)
        body = self.cache.get(key)
        status = 200
        if body is None:
            context = Context(snapshot, self.settings, today)
            result = await self.schema.execute(
                query, variable_values=variables, context_value=context, operation_name=operation
            )
            payload: dict[str, Any] = {"data": result.data}
            if result.errors:
                payload["errors"] = [e.formatted for e in result.errors]
            if result.extensions:
                payload["extensions"] = result.extensions
            body = json.dumps(payload, default=str).encode()
            if result.errors:
                headers["Cache-Control"] = "no-store"
                if media == GRAPHQL_RESPONSE and result.data is None:
                    status = 400  # the request failed before execution (GraphQL-over-HTTP)
            else:
                self.cache.put(key, body)
        return Response(body, status, headers=headers, media_type=media)
