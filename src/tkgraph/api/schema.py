"""Build the strawberry schema: types, caches and the one error shape."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

import strawberry
from graphql import (
    GraphQLError,
    GraphQLSchema,
)
from strawberry.extensions import MaxTokensLimiter
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from tkgraph.api.cost import QueryLimits
from tkgraph.api.coverage_types import CoverageWarnings
from tkgraph.api.direct_fields import (
    call_resolvers_directly,
    read_plain_fields_directly,
    resolve_types_directly,
)
from tkgraph.api.documents import ShortDocumentCache
from tkgraph.api.executor import PlainFieldsExecutor
from tkgraph.api.limits import limits_extension, requested_operation
from tkgraph.api.query import Query
from tkgraph.api.types import ALL_TYPES
from tkgraph.errors import (
    BadRequestError,
    MethodNotAllowedError,
    QueryTimeoutError,
    TkgraphError,
)
from tkgraph.settings import Settings

log = logging.getLogger(__name__)


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
    if isinstance(original, RecursionError):
        # graphql-core's parser is recursive: a document nested a few hundred
        # levels deep (within the token limit) exhausts Python's stack.
        return GraphQLError(
            "The document is nested too deeply to parse. Nest fewer fields, lists or objects.",
            error.nodes, error.source, error.positions, error.path, None,
            {"code": "QUERY_TOO_COMPLEX", "limit": "depth"},
        )  # fmt: skip
    if error.path is None and error.message.startswith("Variable '$"):
        # graphql-core's variable coercion ("Variable '$n' got invalid value 1e+300;
        # Int cannot represent ...") keeps the scalar's exception as original_error:
        # it is the client's input, not an internal error.
        return GraphQLError(
            error.message.rstrip(".") + ". Send a value of the variable's declared type.",
            error.nodes, error.source, error.positions, None, None, {"code": "BAD_USER_INPUT"},
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
        if any((e.extensions or {}).get("code") == QueryTimeoutError.code for e in result.errors):
            # Never a partial answer that looks complete: a timed-out query has no data.
            result.data = None
    return result


def operation_error(exc: Exception) -> ExecutionResult:
    """strawberry raises these before validation (an unknown operationName, an
    operation type not allowed, such as a mutation over GET); they are the
    client's request: METHOD_NOT_ALLOWED for an operation type the method does not
    take, BAD_REQUEST for an unknown operation, rather than a 500 in plain text."""
    if isinstance(exc, InvalidOperationTypeError):
        message = (
            f"{exc.operation_type.value.capitalize()} operations are not allowed here. "
            "Send queries only; mutations are never accepted over GET."
        )
        code = MethodNotAllowedError.code
    else:
        name = getattr(exc, "operation_name", None)
        message = f"No operation named '{name}' in the document. Fix operationName."
        code = BadRequestError.code
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


class TkgraphSchema(strawberry.Schema):
    """strawberry's schema, with every result passed through shape_result. (Done
    here rather than in an extension: a parse error raised inside the parser
    cache hook skips the extensions' after-hooks.)"""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # strawberry keeps its graphql-core schema in an attribute of its own and
        # has no public accessor for it: read here once, named for the rest.
        self._graphql_schema: GraphQLSchema = self._schema
        read_plain_fields_directly(self._graphql_schema)
        call_resolvers_directly(self._graphql_schema, self.config.info_class)
        resolve_types_directly(self._graphql_schema)

    @property
    def graphql_schema(self) -> GraphQLSchema:
        """The graphql-core schema, for measuring and validating documents."""
        return self._graphql_schema

    def execute_sync(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        with requested_operation(operation_name):
            try:
                result = super().execute_sync(
                    query,
                    variable_values,
                    context_value,
                    root_value,
                    operation_name,
                    allowed_operation_types,
                    operation_extensions,
                )
            except (CannotGetOperationTypeError, InvalidOperationTypeError) as exc:
                return operation_error(exc)
        return shape_result(result)

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        with requested_operation(operation_name):
            try:
                result = await super().execute(
                    query,
                    variable_values,
                    context_value,
                    root_value,
                    operation_name,
                    allowed_operation_types,
                    operation_extensions,
                )
            except (CannotGetOperationTypeError, InvalidOperationTypeError) as exc:
                return operation_error(exc)
        return shape_result(result)

    def process_errors(self, errors: list[GraphQLError], execution_context: object = None) -> None:
        # shape_error has already logged internal errors in full; user errors
        # (bad ids, invalid queries) are answers, not operator events.
        for error in errors:
            log.debug("GraphQL error: %s", error.message)


def build_schema(limits: QueryLimits | None = None) -> TkgraphSchema:
    limits = limits or QueryLimits()
    return TkgraphSchema(
        query=Query,
        types=ALL_TYPES,
        execution_context_class=PlainFieldsExecutor,
        extensions=[
            lambda: MaxTokensLimiter(max_token_count=limits.max_tokens),
            # Parsing and validating dominate a tiny query: keep them per text.
            ShortDocumentCache,
            # Checks the limits, then validates with a cache of its own (in place of
            # strawberry's ValidationCache, which would validate before the limits).
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
        max_string=settings.max_string_argument,
        max_list=settings.max_list_argument,
        years_ahead=settings.years_ahead,
    )
