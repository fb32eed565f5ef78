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

import asyncio
import hashlib
import json
import logging
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import lru_cache, partial
from typing import Any

from graphql import DocumentNode, GraphQLError, parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from tkgraph.api.context import Context
from tkgraph.api.limits import measure
from tkgraph.api.schema import build_schema, limits_for, shape_result
from tkgraph.errors import BadRequestError, QueryTimeoutError, ServerBusyError, TkgraphError
from tkgraph.settings import Settings
from tkgraph.snapshot import SnapshotHolder

log = logging.getLogger("tkgraph.graphql")

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


class HttpBadRequestError(BadRequestError):
    """BAD_REQUEST found while reading the HTTP request, with its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _error_body(message: str, code: str) -> bytes:
    return json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()


# JSON in a request (body or the GET 'variables' parameter) may nest this deep.
# Python's decoder raises RecursionError near 1,000 levels (issue 13: a 500), and
# everything downstream (the cache key, variable coercion) recurses too.
MAX_JSON_DEPTH = 64


def _loads(text: str | bytes, what: str) -> Any:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise HttpBadRequestError(400, f"{what} is not valid JSON.") from None
    except RecursionError:
        value = None
        depth = MAX_JSON_DEPTH + 1
    else:
        depth = _json_depth(value)
    if depth > MAX_JSON_DEPTH:
        raise HttpBadRequestError(
            400, f"{what} nests JSON more than {MAX_JSON_DEPTH} levels deep; send flatter values."
        )
    return value


def _json_depth(value: Any) -> int:
    """Nesting depth of parsed JSON, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if depth > MAX_JSON_DEPTH:
            break
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return deepest


async def _read_params(request: Request) -> tuple[str, dict[str, Any], str | None]:
    if request.method == "GET":
        raw: dict[str, Any] = dict(request.query_params)
        if "variables" in raw:
            raw["variables"] = _loads(raw["variables"], "The 'variables' parameter")
    else:
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = await request.body()
        if content_type == "application/graphql":
            raw = {"query": body.decode("utf-8", errors="replace")}
        elif content_type in ("application/json", ""):
            raw = _loads(body, "The request body")
        else:
            raise HttpBadRequestError(
                415, f"Content type '{content_type}' is not supported; send application/json."
            )
    if not isinstance(raw, dict):
        raise HttpBadRequestError(
            400, "The request must be one JSON object (batching is not supported)."
        )
    query, variables, operation = (
        raw.get("query"),
        raw.get("variables") or {},
        raw.get("operationName"),
    )
    if not isinstance(query, str) or not query.strip():
        raise HttpBadRequestError(
            400, "No GraphQL query in the request ('query' is missing or empty)."
        )
    if not isinstance(variables, dict):
        raise HttpBadRequestError(400, "'variables' must be a JSON object.")
    if operation is not None and not isinstance(operation, str):
        raise HttpBadRequestError(400, "'operationName' must be a string.")
    return query, variables, operation


# Longer documents skip the estimate on the event loop (and so this cache, which
# holds at most 512 such short texts).
_LIGHT_QUERY_CHARACTERS = 2_000


@lru_cache(maxsize=512)
def _parsed(query: str, max_tokens: int) -> DocumentNode | None:
    """The document, for estimating its cost before choosing where it runs; None
    if it does not parse (execution then reports why)."""
    try:
        return parse(query, max_tokens=max_tokens)
    except (GraphQLError, RecursionError):
        return None


class GraphQLEndpoint:
    """ASGI app for /graphql: GraphiQL via strawberry, queries answered here.

    Where a query runs (issue 13): resolvers are plain Python, so a query run on
    the event loop holds every other client until it ends. Queries whose
    estimated cost is at most settings.graphql_light_cost (lookups by id, small
    pages: a few milliseconds) run on the loop; heavier ones run in a small pool
    of worker threads (settings.graphql_workers), with a deadline: past
    settings.query_timeout the client gets TIMEOUT at once, and the thread stops
    at its resolver's next clock check. At most graphql_workers heavy queries
    run at a time, so the loop keeps its share of the interpreter; the others
    wait for a thread, and past the deadline get TIMEOUT too.
    """

    def __init__(self, holder: SnapshotHolder, settings: Settings, graphiql_view: Any) -> None:
        self.holder = holder
        self.settings = settings
        self.limits = limits_for(settings)
        self.schema = build_schema(self.limits)
        self.graphiql_view = graphiql_view
        self.cache = ResponseCache(settings.response_cache_entries)
        self.workers = ThreadPoolExecutor(
            max_workers=max(1, settings.graphql_workers), thread_name_prefix="graphql"
        )
        self.slots = asyncio.Semaphore(max(1, settings.graphql_workers))
        self.heavy_runs = 0

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
        except HttpBadRequestError as exc:
            return Response(_error_body(exc.message, "BAD_REQUEST"), exc.status, media_type=media)
        # Taken once: the answer, its cache key and its Tkgraph-Data-Version header
        # all come from this one snapshot, whatever a reload swaps in meanwhile.
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
            # Over GET only queries run, whatever the Accept header says.
            allowed = {OperationType.QUERY} if request.method == "GET" else None
            result = await self._execute(query, variables, operation, context, allowed)
            payload: dict[str, Any] = {"data": result.data}
            if result.errors:
                payload["errors"] = [e.formatted for e in result.errors]
            if result.extensions:
                payload["extensions"] = result.extensions
            body = json.dumps(payload, default=str).encode()
            if result.errors:
                headers["Cache-Control"] = "no-store"
                codes = {(e.extensions or {}).get("code") for e in result.errors}
                if result.data is None and codes & _REQUEST_ERRORS:
                    # A request that cannot run as sent (bad variables, no such
                    # operation): 4xx whatever the media type.
                    over_get = any(_OVER_GET in e.message for e in result.errors)
                    status = 405 if over_get else 400
                elif media == GRAPHQL_RESPONSE and result.data is None:
                    status = 400  # the request failed before execution (GraphQL-over-HTTP)
                if "BUSY" in codes:
                    status = 503
                    headers["Retry-After"] = "1"
            else:
                self.cache.put(key, body)
        return Response(body, status, headers=headers, media_type=media)

    def _is_light(self, query: str, variables: dict[str, Any], operation: str | None) -> bool:
        if len(query) > _LIGHT_QUERY_CHARACTERS:
            # Parsing a 5,000-token document alone takes about 30 ms: long
            # documents are parsed, measured and validated in the worker.
            return False
        document = _parsed(query, self.limits.max_tokens)
        if document is None:
            return True  # does not parse: answered with the parse error at once
        found = measure(self.schema._schema, document, operation, variables, self.limits)
        # Many fields mean a long validation (pairwise field comparisons), so
        # they go to a worker too.
        return found.cost <= self.settings.graphql_light_cost and found.fields <= 200

    async def _execute(self, query: str, variables: dict[str, Any], operation: str | None,
                       context: Context, allowed: set[OperationType] | None) -> ExecutionResult:  # fmt: skip
        kwargs: dict[str, Any] = {
            "variable_values": variables,
            "context_value": context,
            "operation_name": operation,
        }
        if allowed is not None:
            kwargs["allowed_operation_types"] = allowed
        if self._is_light(query, variables, operation):
            result: ExecutionResult = await self.schema.execute(query, **kwargs)
            return result
        self.heavy_runs += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.query_timeout
        try:
            await asyncio.wait_for(self.slots.acquire(), self.settings.query_timeout)
        except TimeoutError:
            return _failure(
                ServerBusyError(
                    "The server is busy with other heavy queries; this one waited "
                    f"{self.settings.query_timeout:g} s for a worker and was not run.",
                    "Try again in a moment, or ask for less (smaller pages, matrices or maps).",
                )
            )
        future = loop.run_in_executor(
            self.workers, partial(self.schema.execute_sync, query, **kwargs)
        )
        # The worker is given back when the thread is done, not when the client
        # stops waiting: a thread past its deadline still occupies its slot.
        future.add_done_callback(lambda _: self.slots.release())
        try:
            result = await asyncio.wait_for(asyncio.shield(future), deadline - loop.time())
        except TimeoutError:
            # The thread stops at its next clock check (Context.check_time).
            return _failure(
                QueryTimeoutError(
                    f"The query ran past its time budget of {self.settings.query_timeout:g} s.",
                    "Ask for smaller pages or fewer nested lists, or split the query.",
                )
            )
        return result


# Error codes of requests that cannot run as sent: answered with HTTP 4xx.
_REQUEST_ERRORS = {"BAD_REQUEST", "BAD_USER_INPUT"}
# In the message of a mutation sent over GET (api/schema.py): answered with 405.
_OVER_GET = "never accepted over GET"


def _failure(error: TkgraphError) -> ExecutionResult:
    # Through shape_result, as errors raised in resolvers are: same shape, with hint.
    wrapped = GraphQLError(error.message, original_error=error)
    return shape_result(ExecutionResult(data=None, errors=[wrapped]))
