"""Build the strawberry schema: types, caches and the one error shape."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxTokensLimiter, ParserCache, ValidationCache
from strawberry.types import ExecutionResult

from tkgraph.api.coverage_types import CoverageWarnings
from tkgraph.api.limits import QueryLimits, limits_extension
from tkgraph.api.query import Query
from tkgraph.api.types import ALL_TYPES
from tkgraph.errors import TkgraphError
from tkgraph.settings import Settings

log = logging.getLogger("tkgraph.api")


def shape_error(error: GraphQLError) -> GraphQLError:
    """Give every error `extensions.code`; mask anything not meant for users."""
    original = error.original_error
    if isinstance(original, TkgraphError):
        extensions = {"code": original.code}
        if original.hint:
            extensions["hint"] = original.hint
        return GraphQLError(
            original.message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            None,
            extensions,
        )
    if original is None and "Document contains more than" in error.message:
        # strawberry's MaxTokensLimiter stops the parser; same code as our other limits.
        return GraphQLError(
            error.message + " Send a shorter document.", error.nodes, error.source, error.positions,
            error.path, None, {"code": "QUERY_TOO_COMPLEX", "limit": "tokens"},
        )  # fmt: skip
    if original is None:
        code = (error.extensions or {}).get("code") or "GRAPHQL_VALIDATION_FAILED"
        return GraphQLError(
            error.message,
            error.nodes,
            error.source,
            error.positions,
            error.path,
            None,
            {**(error.extensions or {}), "code": code},
        )
    log.error("internal error in %s", error.path, exc_info=original)
    return GraphQLError(
        "Internal server error. The operator's log has the details.",
        error.nodes,
        error.source,
        error.positions,
        error.path,
        None,
        {"code": "INTERNAL_SERVER_ERROR"},
    )


def shape_result(result: ExecutionResult) -> ExecutionResult:
    """One error shape for every error: message, path, extensions.code."""
    if result.errors:
        result.errors = [shape_error(e) for e in result.errors]
        if any((e.extensions or {}).get("code") == "TIMEOUT" for e in result.errors):
            # Never a partial answer that looks complete: a timed-out query has no data.
            result.data = None
    return result


class TkgraphSchema(strawberry.Schema):
    """strawberry's schema, with every result passed through shape_result. (Done
    here rather than in an extension: a parse error raised inside the parser
    cache hook skips the extensions' after-hooks.)"""

    def execute_sync(self, *args: Any, **kwargs: Any) -> ExecutionResult:
        return shape_result(super().execute_sync(*args, **kwargs))

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return shape_result(await super().execute(*args, **kwargs))

    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        # shape_error has already logged internal errors in full; user errors
        # (bad ids, invalid queries) are answers, not operator events.
        for error in errors:
            log.debug("GraphQL error: %s", error.message)


def build_schema(limits: QueryLimits | None = None) -> strawberry.Schema:
    limits = limits or QueryLimits()
    return TkgraphSchema(
        query=Query,
        types=ALL_TYPES,
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            # Measured in the foundation issue: 440 us per tiny query without
            # these caches, 70 us with them (validation is the bulk).
            # Factories: strawberry keeps the LRU caches at module level, shared
            # across requests.
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            # After ValidationCache: see LimitsExtension.on_validate.
            limits_extension(limits),
            CoverageWarnings,
        ],
    )


def limits_for(settings: Settings) -> QueryLimits:
    return QueryLimits(
        max_depth=settings.max_query_depth,
        max_aliases=settings.max_aliases,
        max_tokens=settings.max_tokens,
        max_cost=settings.max_query_cost,
        default_page_size=settings.default_page_size,
    )
