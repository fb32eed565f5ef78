"""The limits extension: before validation, picks the operation to run and
holds the document to the limits (api/cost.py measures it); validates only
documents within them (api/documents.py keeps them validated); reports the
cost in `extensions.cost`.

An argument over its bound is refused with BAD_USER_INPUT naming the argument
and the bound; a document over a limit gets QUERY_TOO_COMPLEX saying which
limit and by how much. (The token limit is enforced while parsing by
strawberry's MaxTokensLimiter; api/schema.py gives that error the same code.)"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, runtime_checkable

from graphql import DocumentNode, GraphQLError, GraphQLSchema, OperationDefinitionNode
from strawberry.extensions import SchemaExtension

from tkgraph.api.context import Context
from tkgraph.api.cost import CAP, Measure, QueryLimits, measure
from tkgraph.api.documents import validate_document
from tkgraph.api.operations import chosen_operation

# The operationName the client sent, set by the schema for the run of one
# request (api/schema.py): strawberry's ExecutionContext.operation_name falls
# back to the first operation's, which would run one of several silently.
REQUESTED_OPERATION: ContextVar[str | None] = ContextVar("requested_operation", default=None)


@contextmanager
def requested_operation(name: str | None) -> Iterator[None]:
    """The operationName the client sent, for the limits of the run inside."""
    token = REQUESTED_OPERATION.set(name)
    try:
        yield
    finally:
        REQUESTED_OPERATION.reset(token)


@runtime_checkable
class WithGraphQLSchema(Protocol):
    """A strawberry schema that gives its graphql-core schema (api/schema.py)."""

    @property
    def graphql_schema(self) -> GraphQLSchema: ...


def violations(found: Measure, limits: QueryLimits) -> Iterator[GraphQLError]:
    if found.argument is not None:
        yield GraphQLError(found.argument[0], extensions=found.argument[1])
        return
    for name, value, limit in (
        ("depth", found.depth, limits.max_depth),
        ("fragmentNesting", found.nesting, limits.max_fragment_nesting),
        ("sameNameFields", found.same_name, limits.max_same_name_fields),
        ("spreadsPerSelection", found.spreads, limits.max_spreads_per_selection),
        ("fields", found.fields, limits.max_fields),
        ("aliases", found.aliases, limits.max_aliases),
        ("cost", found.cost, limits.max_cost),
    ):
        if value > limit:
            shown = f"{value:,}" if value < CAP else "astronomical"
            yield GraphQLError(
                f"Query {_LABELS[name]} is {shown}, over the limit of {limit:,}"
                + (f" by {value - limit:,}. " if value < CAP else ". ")
                + _HINTS[name],
                extensions={
                    "code": "QUERY_TOO_COMPLEX",
                    "limit": name,
                    "value": value,
                    "max": limit,
                },
            )
            return  # one error is enough; the first names the cheapest fix


_LABELS = {
    "depth": "depth",
    "fragmentNesting": "fragment nesting",
    "sameNameFields": "count of fields with one name in one selection",
    "spreadsPerSelection": "count of fragments spread in one selection",
    "fields": "size (fields after spreading fragments)",
    "aliases": "aliases",
    "cost": "cost",
}
_HINTS = {
    "depth": "Nest fewer fields; fetch deeper parts in a second query by id.",
    "fragmentNesting": "Nest fewer fragments inside fragments.",
    "sameNameFields": "Ask for each field once per selection (use aliases for different arguments).",
    "spreadsPerSelection": "Spread fewer distinct fragments in one selection; merge small ones.",
    "fields": "Spread fragments fewer times, or split the query.",
    "aliases": "Use fewer aliases; ask for lists instead of many aliased single fields.",
    "cost": "Ask for smaller pages (first), smaller matrices, maps or path searches, or fewer "
    "nested lists; follow pageInfo.endCursor for more.",
}


class LimitsExtension(SchemaExtension):
    """Picks the operation and checks the limits before validation; validates (cached)
    only documents within them; reports the cost."""

    limits = QueryLimits()

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None:
            provided = REQUESTED_OPERATION.get()
            operation = chosen_operation(document, provided)
            if isinstance(operation, GraphQLError):
                ctx.pre_execution_errors = [operation]
                yield
                return
            schema = _graphql_schema(ctx.schema)
            self.found = _measured(ctx.context, document, provided) or measure(
                schema, document, provided, ctx.variables or {}, self.limits
            )
            errors = list(violations(self.found, self.limits))
            # Validation reads every operation of the document, so the others
            # are held to the limits too (only the chosen one runs and is costed).
            for other in document.definitions:
                if errors:
                    break
                if isinstance(other, OperationDefinitionNode) and other is not operation:
                    name = other.name.value if other.name else None
                    found = measure(schema, document, name, {}, self.limits)
                    errors = list(violations(found, self.limits))
            # Setting pre_execution_errors makes strawberry skip its own validation;
            # over a limit, these errors are the answer and nothing runs.
            ctx.pre_execution_errors = errors or validate_document(
                schema, document, tuple(ctx.validation_rules)
            )
        yield

    def get_results(self) -> dict[str, Any]:
        found = getattr(self, "found", None)
        if found is None:
            return {}
        return {
            "cost": {"requested": found.cost, "limit": self.limits.max_cost, "depth": found.depth}
        }


def _graphql_schema(schema: object) -> GraphQLSchema:
    if not isinstance(schema, WithGraphQLSchema):
        raise TypeError("LimitsExtension runs in a TkgraphSchema (api/schema.py).")
    return schema.graphql_schema


def _measured(context: object, document: DocumentNode, operation: str | None) -> Measure | None:
    """The measure the HTTP view took of this very document and operation before
    choosing where the query runs (Context.measured), so it is not taken twice."""
    if not isinstance(context, Context) or context.measured is None:
        return None
    measured_document, measured_operation, found = context.measured
    return found if measured_document is document and measured_operation == operation else None


def limits_extension(limits: QueryLimits) -> type[LimitsExtension]:
    """A LimitsExtension class bound to these limits (strawberry builds one per request)."""
    return type("ConfiguredLimits", (LimitsExtension,), {"limits": limits})
