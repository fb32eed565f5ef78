"""Documents kept parsed and validated: a repeated query text (a client that
sends one query with new variables) is parsed and validated once.

Only short documents (at most CACHED_DOCUMENT_CHARACTERS) are kept: 512
documents of any size once held about a gigabyte. Validation runs only after
the limits passed (api/limits.py), with graphql-core's rules and strawberry's
own two."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    GraphQLError,
    GraphQLSchema,
    Visitor,
    parse,
    validate,
)
from graphql.language.visitor import EnterLeaveVisitor
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

# Documents longer than this are neither kept parsed nor kept validated: the
# caches hold at most 512 short documents each, so their memory is bounded.
CACHED_DOCUMENT_CHARACTERS = 2_000


def parse_document(query: str, max_tokens: int) -> DocumentNode:
    """The document of a query text; a short one is parsed once and kept."""
    if len(query) <= CACHED_DOCUMENT_CHARACTERS:
        return _parse_cached(query, max_tokens=max_tokens)
    return parse(query, max_tokens=max_tokens)


@lru_cache(maxsize=512)
def _parse_cached(query: str, **options: Any) -> DocumentNode:
    return parse(query, **options)


class ShortDocumentCache(SchemaExtension):
    """strawberry's ParserCache for short documents only. Longer ones are parsed
    each time (strawberry parses when no document is set)."""

    def on_parse(self) -> Iterator[None]:
        ctx = self.execution_context
        if ctx.query and len(ctx.query) <= CACHED_DOCUMENT_CHARACTERS:
            ctx.graphql_document = _parse_cached(ctx.query, **ctx.parse_options)
        yield


class _KnownHandlers(Visitor):
    """graphql-core looks up a rule's enter and leave methods per rule instance
    and node kind: four getattr calls, most of them failing, for each of the 34
    rules, which was most of the cost of validating a new tiny document. The
    methods are the same for every instance of a rule: their names are looked up
    once per rule class and kind, and most rules have none for a kind."""

    def get_enter_leave_for_kind(self, kind: str) -> EnterLeaveVisitor:
        found = self.enter_leave_map.get(kind)
        if found is None:
            key = (type(self), kind)
            names = _HANDLER_NAMES.get(key)
            if names is None:
                names = _HANDLER_NAMES[key] = _handler_names(type(self), kind)
            enter, leave = names
            found = self.enter_leave_map[kind] = (
                EnterLeaveVisitor(
                    getattr(self, enter) if enter else None,
                    getattr(self, leave) if leave else None,
                )
                if enter or leave
                else _NO_HANDLERS
            )
        return found


_NO_HANDLERS = EnterLeaveVisitor(None, None)
# A dict, not functools.cache: mypy does not take a class as Hashable there.
_HANDLER_NAMES: dict[tuple[type[Visitor], str], tuple[str | None, str | None]] = {}


def _handler_names(rule: type[Visitor], kind: str) -> tuple[str | None, str | None]:
    """As graphql-core's Visitor.get_enter_leave_for_kind chooses them."""

    def first(*names: str) -> str | None:
        return next((name for name in names if getattr(rule, name, None)), None)

    return first(f"enter_{kind}", "enter"), first(f"leave_{kind}", "leave")


@cache
def _with_known_handlers(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    """The same rule, with its handlers looked up once per class."""
    return type(rule.__name__, (_KnownHandlers, rule), {})


# The rules strawberry's validate_document runs: graphql's (ctx.validation_rules)
# and its own two.
_STRAWBERRY_RULES = (MaybeNullValidationRule, OneOfInputValidationRule)


def validate_document(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    """graphql-core's and strawberry's validation of a document (kept when short)."""
    source = document.loc.source.body if document.loc else ""
    if len(source) <= CACHED_DOCUMENT_CHARACTERS:
        return _validate_cached(schema, document, rules)
    return _validate_now(schema, document, rules)


# Validation of a document is the same for every request: cached, as
# strawberry's ValidationCache does.
@lru_cache(maxsize=512)
def _validate_cached(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    return _validate_now(schema, document, rules)


def _validate_now(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    return validate(
        schema, document, [_with_known_handlers(rule) for rule in (*rules, *_STRAWBERRY_RULES)]
    )
