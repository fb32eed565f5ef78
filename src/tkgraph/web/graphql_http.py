"""GraphQL over HTTP: strawberry's ASGI view, with a response cache and ETags.

One path for every /graphql request: strawberry's view reads the request
(parse_http_body, here stricter), serves GraphiQL to browsers
(render_graphql_ide) and answers queries. Its hooks add what strawberry does
not do: each request answers from one snapshot (get_context); heavy queries
run in a worker thread with a deadline (execute_operation); repeated queries
come from a cache keyed by the document, the variables, the operation name,
the data version and the day (the default `asOf` is today), with ETag /
If-None-Match and Cache-Control on GET (execute_operation and
create_response). Media types follow the GraphQL-over-HTTP draft:
application/graphql-response+json when the client accepts it (with 4xx for
requests that fail before execution), application/json otherwise.
"""

from __future__ import annotations

import asyncio
import gc
import hashlib
import json
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from functools import lru_cache, partial
from typing import Any

from cross_web import AsyncHTTPRequestAdapter
from graphql import DocumentNode, GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData, process_result
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from tkgraph.api.context import Context
from tkgraph.api.cost import QueryLimits, measure
from tkgraph.api.documents import parse_document
from tkgraph.api.schema import build_schema, limits_for, shape_result
from tkgraph.errors import (
    BadRequestError,
    BadUserInputError,
    MethodNotAllowedError,
    QueryTimeoutError,
    ServerBusyError,
    TkgraphError,
    UnsupportedMediaTypeError,
)
from tkgraph.service.snapshot import SnapshotHolder
from tkgraph.settings import Settings
from tkgraph.web import pages
from tkgraph.web.responses import GRAPHQL_RESPONSE, ResponseCache


def _media_type(accept: str) -> str:
    return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else "application/json"


# JSON in a request (body or the GET 'variables' parameter) may nest this deep.
# Python's decoder raises RecursionError near 1,000 levels (it was a 500), and
# everything downstream (the cache key, variable coercion) recurses too.
MAX_JSON_DEPTH = 64


def _loads(text: str | bytes, what: str) -> Any:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise BadRequestError(f"{what} is not valid JSON.") from None
    except RecursionError:
        value = None
        depth = MAX_JSON_DEPTH + 1
    else:
        depth = _json_depth(value)
    if depth > MAX_JSON_DEPTH:
        raise BadRequestError(
            f"{what} nests JSON more than {MAX_JSON_DEPTH} levels deep; send flatter values."
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


async def _read_params(request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
    if request.method == "GET":
        raw: Any = dict(request.query_params)
        if "variables" in raw:
            raw["variables"] = _loads(raw["variables"], "The 'variables' parameter")
    else:
        content_type = (request.content_type or "").split(";")[0].strip().lower()
        body = await request.get_body()
        if content_type == "application/graphql":
            text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
            raw = {"query": text}
        elif content_type in ("application/json", ""):
            raw = _loads(body, "The request body")
        else:
            raise UnsupportedMediaTypeError(
                f"Content type '{content_type}' is not supported; send application/json."
            )
    if not isinstance(raw, dict):
        raise BadRequestError("The request must be one JSON object (batching is not supported).")
    query, variables, operation = (
        raw.get("query"),
        raw.get("variables") or {},
        raw.get("operationName"),
    )
    if not isinstance(query, str) or not query.strip():
        raise BadRequestError("No GraphQL query in the request ('query' is missing or empty).")
    if not isinstance(variables, dict):
        raise BadRequestError("'variables' must be a JSON object.")
    if operation is not None and not isinstance(operation, str):
        raise BadRequestError("'operationName' must be a string.")
    return GraphQLRequestData(
        query=query, variables=variables, operation_name=operation, extensions=None
    )


# Longer documents skip the estimate on the event loop (and so this cache, which
# holds at most 512 such short texts).
_LIGHT_QUERY_CHARACTERS = 2_000


@lru_cache(maxsize=512)
def _parsed(query: str, max_tokens: int) -> DocumentNode | None:
    """The document, for estimating its cost before choosing where it runs; None
    if it does not parse (execution then reports why)."""
    try:
        return parse_document(query, max_tokens)
    except (GraphQLError, RecursionError):
        return None


class _PendingAnswer(Response):
    """strawberry's sub-response: the status and headers decided while executing,
    and what create_response needs besides the payload."""

    def __init__(self, media_type: str) -> None:
        super().__init__()
        del self.headers["content-length"]  # set by create_response for the real body
        self.answer_media_type = media_type
        # The body when it is known before create_response: from the cache, or
        # encoded by the worker thread that ran a heavy query.
        self.known_body: bytes | None = None
        # Set when the answer may be cached once it is encoded.
        self.cache_key: str | None = None


# What execute_operation returns when the body is already known (a cache hit, a
# 304): strawberry still passes a result on, and create_response sends the body.
_ANSWERED = ExecutionResult(data=None, errors=None)


class TkgraphGraphQL(GraphQL[Context, None]):
    """The /graphql endpoint: strawberry's ASGI view with our hooks.

    Where a query runs: resolvers are plain Python, so a query run on
    the event loop holds every other client until it ends. Queries whose
    estimated cost is at most settings.graphql_light_cost (lookups by id, small
    pages: a few milliseconds) run on the loop; heavier ones run in a small pool
    of worker threads (settings.graphql_workers), with a deadline: past
    settings.query_timeout the client gets TIMEOUT at once, and the thread stops
    at its resolver's next clock check. At most graphql_workers heavy queries
    run at a time, so the loop keeps its share of the interpreter; the others
    wait for a thread, and past the deadline get TIMEOUT too.
    """

    def __init__(self, holder: SnapshotHolder, settings: Settings) -> None:
        self.limits = limits_for(settings)
        schema = build_schema(self.limits)
        super().__init__(schema, graphql_ide="graphiql" if settings.graphiql else None)
        # graphql-core's schema, for estimating a query's cost before it runs.
        self.core_schema = schema.graphql_schema
        self.holder = holder
        self.settings = settings
        self.cache: ResponseCache[bytes] = ResponseCache(
            settings.response_cache_entries, settings.response_cache_mb * 2**20
        )
        self.workers = ThreadPoolExecutor(
            max_workers=max(1, settings.graphql_workers), thread_name_prefix="graphql"
        )
        self.slots = asyncio.Semaphore(max(1, settings.graphql_workers))
        self.heavy_runs = 0

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # Browsers only: a client sending `Accept: */*` without a query is told
        # what is missing, not sent a page.
        return (
            request.method == "GET"
            and "query" not in request.query_params
            and "text/html" in request.headers.get("accept", "")
        )

    async def render_graphql_ide(self, request: Request) -> Response:
        # Our own GraphiQL page: its assets are vendored, so it works offline.
        return pages.page("graphiql.html")

    async def get_sub_response(self, request: Request | WebSocket) -> Response:
        return _PendingAnswer(_media_type(request.headers.get("accept", "")))

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        # Taken once: the answer, its cache key and its Tkgraph-Data-Version header
        # all come from this one snapshot, whatever a reload swaps in meanwhile.
        return Context(self.holder.current, self.settings, date.today())

    async def parse_http_body(self, request: AsyncHTTPRequestAdapter) -> GraphQLRequestData:
        return await _read_params(request)

    def encode_json(self, data: object) -> bytes:
        return json.dumps(data, default=str).encode()

    async def execute_operation(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData],
        context: Context,
        root_value: None,
        sub_response: Response,
    ) -> ExecutionResult:
        # parse_http_body reads one operation, with a query, into a _PendingAnswer.
        assert isinstance(request_data, GraphQLRequestData) and request_data.query is not None
        assert isinstance(sub_response, _PendingAnswer)
        query, variables, operation = (
            request_data.query, request_data.variables or {}, request_data.operation_name
        )  # fmt: skip
        headers = sub_response.headers
        headers["Vary"] = "Accept"
        headers["Tkgraph-Data-Version"] = context.snapshot.version
        is_get = request.method == "GET"
        headers["Cache-Control"] = "public, max-age=60" if is_get else "no-store"
        # Variables over the argument limits are refused (or unused): not worth
        # encoding and hashing a megabyte on the event loop for a cache key.
        key = (
            None
            if _oversized(variables, self.limits)
            else _cache_key(query, variables, operation, context)
        )
        if key is not None:
            etag = f'W/"{key[:32]}"'
            headers["ETag"] = etag
            if is_get and request.headers.get("if-none-match") == etag:
                sub_response.status_code = 304
                return _ANSWERED
            sub_response.known_body = self.cache.get(key)
            if sub_response.known_body is not None:
                return _ANSWERED
        # The time budget counts from here: reading a slow client's body is not the query's.
        context.started = time.monotonic()
        # Over GET only queries run, whatever the Accept header says.
        allowed = {OperationType.QUERY} if is_get else None
        result, sub_response.known_body = await self._execute(
            query, variables, operation, context, allowed
        )
        if not result.errors:
            sub_response.cache_key = key
            return result
        headers["Cache-Control"] = "no-store"
        codes = {(e.extensions or {}).get("code") for e in result.errors}
        if result.data is None and MethodNotAllowedError.code in codes:
            # A mutation over GET: the error names its own status.
            sub_response.status_code = MethodNotAllowedError.status
            headers["Allow"] = "POST"
        elif result.data is None and codes & _REQUEST_ERRORS:
            # A request that cannot run as sent (bad variables, no such
            # operation): 4xx whatever the media type.
            sub_response.status_code = 400
        elif sub_response.answer_media_type == GRAPHQL_RESPONSE and result.data is None:
            # The request failed before execution (GraphQL-over-HTTP).
            sub_response.status_code = 400
        if ServerBusyError.code in codes:
            sub_response.status_code = ServerBusyError.status
            headers["Retry-After"] = "1"
        return result

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        assert isinstance(sub_response, _PendingAnswer)
        headers = dict(sub_response.headers)
        if sub_response.status_code == 304:
            return Response(status_code=304, headers=headers)
        body = sub_response.known_body
        if body is None:
            body = self.encode_json(response_data)
        if sub_response.cache_key is not None:
            self.cache.put(sub_response.cache_key, body, len(body))
        return Response(
            body, sub_response.status_code, headers=headers,
            media_type=sub_response.answer_media_type,
        )  # fmt: skip

    def _is_light(
        self, query: str, variables: dict[str, Any], operation: str | None, context: Context
    ) -> bool:
        if len(query) > _LIGHT_QUERY_CHARACTERS:
            # Parsing a long document alone would hold the event loop: long
            # documents are parsed, measured and validated in the worker.
            return False
        document = _parsed(query, self.limits.max_tokens)
        if document is None:
            return True  # does not parse: answered with the parse error at once
        found = measure(self.core_schema, document, operation, variables, self.limits)
        context.measured = (document, operation, found)  # the limits reuse it
        # Many fields mean a long validation (pairwise field comparisons), so
        # they go to a worker too.
        return found.cost <= self.settings.graphql_light_cost and found.fields <= 200

    async def _execute(self, query: str, variables: dict[str, Any], operation: str | None,
                       context: Context, allowed: set[OperationType] | None,
                       ) -> tuple[ExecutionResult, bytes | None]:  # fmt: skip
        """The result, and its encoded body when a worker ran it (None otherwise)."""
        kwargs: dict[str, Any] = {
            "variable_values": variables,
            "context_value": context,
            "operation_name": operation,
        }
        if allowed is not None:
            kwargs["allowed_operation_types"] = allowed
        if self._is_light(query, variables, operation, context):
            result: ExecutionResult = await self.schema.execute(query, **kwargs)
            return result, None
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
            ), None
        future = loop.run_in_executor(self.workers, partial(self._run_heavy, query, kwargs))
        # The worker is given back when the thread is done, not when the client
        # stops waiting: a thread past its deadline still occupies its slot.
        future.add_done_callback(lambda _: self.slots.release())
        try:
            return await asyncio.wait_for(asyncio.shield(future), deadline - loop.time())
        except TimeoutError:
            # The thread stops at its next clock check (Context.check_time).
            return _failure(
                QueryTimeoutError(
                    f"The query ran past its time budget of {self.settings.query_timeout:g} s.",
                    "Ask for smaller pages or fewer nested lists, or split the query.",
                )
            ), None

    def _run_heavy(
        self, query: str, kwargs: dict[str, Any]
    ) -> tuple[ExecutionResult, bytes | None]:
        # Encoded here, in the worker, so the loop does nothing for it; and
        # without the cyclic collector (see _cyclic_gc_paused).
        with _cyclic_gc_paused():
            result: ExecutionResult = self.schema.execute_sync(query, **kwargs)
            return result, self.encode_json(process_result(result))


_gc_pause_lock = threading.Lock()
_gc_pauses = 0


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while heavy queries run.

    A heavy query keeps hundreds of thousands of objects alive at once, so the
    collector runs full passes over them (10-30 ms each, several per query on
    the bundled data) and holds the interpreter meanwhile: the event loop, and
    every small query on it, waits (tests/e2e/test_heavy_clients.py: the small
    query's worst wait fell from about 30 ms to about 12 ms). Reference
    counting still frees what the query drops; cycles made meanwhile wait for
    the next collection, at most one query timeout later.
    """
    global _gc_pauses
    with _gc_pause_lock:
        _gc_pauses += 1
        if _gc_pauses == 1:
            gc.disable()
    try:
        yield
    finally:
        with _gc_pause_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.enable()


def _cache_key(query: str, variables: dict[str, Any], operation: str | None,
               context: Context) -> str:  # fmt: skip
    key_material = json.dumps(
        [query, variables, operation, context.snapshot.version, context.today.isoformat()],
        sort_keys=True,
    )
    return hashlib.sha256(key_material.encode()).hexdigest()


def _oversized(variables: dict[str, Any], limits: QueryLimits) -> bool:
    """Whether a variable's value is over the argument limits (a longer string,
    a longer list) at its top level."""
    return any(
        (isinstance(v, str) and len(v) > limits.max_string)
        or (isinstance(v, list) and len(v) > limits.max_list)
        for v in variables.values()
    )


# Error codes of requests that cannot run as sent: answered with HTTP 4xx.
_REQUEST_ERRORS = {BadRequestError.code, BadUserInputError.code}


def _failure(error: TkgraphError) -> ExecutionResult:
    # Through shape_result, as errors raised in resolvers are: same shape, with hint.
    wrapped = GraphQLError(error.message, original_error=error)
    return shape_result(ExecutionResult(data=None, errors=[wrapped]))
