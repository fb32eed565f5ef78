"""Limits checked before validation and before any resolver runs.

Checked here, in one pass over the document that is linear in its size:
depth, aliases, how many fields the document expands to once fragments are
spread, how deeply fragments nest, and a computed cost.

The cost is the number of nodes a query may touch, counted through nested
lists, plus the work of the fields that compute: a connection counts `first`
(or the default page size) times what it selects; a plain list counts
LIST_ESTIMATE items; a relationship map its `budget`; a binding matrix one
assessment per cell (actors x instruments); a path search its hops and
paths; every argument the characters of its strings and the items of its
lists (a text filter is compared with every label it may match).

Arguments are bounded by their type, for every field of the schema: a String
or ID at most max_string characters, a list at most max_list items, a Date
from EARLIEST_DAY to the end of the year years_ahead years on. One over its
bound is refused before validation with BAD_USER_INPUT naming the argument
and the bound (a 900 KB text filter repeated under 30 aliases once cost 60
and ran on the event loop for 5 s). Every accepted query reports its cost in `extensions.cost`; one over a
limit gets an error with `extensions.code` QUERY_TOO_COMPLEX that says which
limit and by how much. (The token limit is enforced while parsing by
strawberry's MaxTokensLimiter; api/schema.py gives that error the same code.)

Why linear: a fragment spread ten times, each spreading the next fragment ten
times, expands to 10^n fields in n+1 short lines (issue 13: 592 bytes took
3.4 s to measure and n=10 never returned). Each fragment is measured once per
(type, page) it is spread in and the result reused, and the document is
refused before graphql-core's validation sees it, whose rule
OverlappingFieldsCanBeMerged compares fields pairwise after expansion.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from typing import Any

from graphql import (
    ASTValidationRule,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    StringValueNode,
    ValueNode,
    VariableNode,
    Visitor,
    validate,
)
from graphql.language.visitor import EnterLeaveVisitor
from strawberry.extensions import SchemaExtension
from strawberry.schema.validation_rules.maybe_null import MaybeNullValidationRule
from strawberry.schema.validation_rules.one_of import OneOfInputValidationRule

from tkgraph.errors import BadRequestError
from tkgraph.settings import EARLIEST_DAY

# A list field without pagination (provisions, memberships ...) is assumed to
# hold this many items when computing the cost.
LIST_ESTIMATE = 10
# Work of the fields that compute, in the same unit as a node touched. Measured
# on the bundled data (issue 13): one binding assessment costs about as much as
# building ten nodes of a page; a path search grows with its hops; a map with
# its budget times its depth.
MATRIX_CELL_WORK = 10
PATH_HOP_WORK = 10_000
MAP_NODE_WORK = 5
# Work per character of a string argument and per item of a list argument.
ARGUMENT_CHARACTER_WORK = 1
ARGUMENT_ITEM_WORK = 10
# Numbers past this are "over every limit"; clamping keeps the arithmetic small
# when a document multiplies pages through many levels.
_CAP = 10**15


@dataclass(frozen=True)
class QueryLimits:
    max_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 5_000
    max_cost: int = 500_000
    default_page_size: int = 20
    # Fields after spreading every fragment: bounds validation and execution's
    # field collection, which both work on the expanded document.
    max_fields: int = 5_000
    # Fragments (named or inline) inside fragments along one path.
    max_fragment_nesting: int = 30
    # Fields of one selection set with the same response name (inline fragments
    # included), and distinct fragments spread into one selection set: graphql-core's
    # OverlappingFieldsCanBeMerged compares these pairwise. Measured (issue 13):
    # 1,200 copies of one field, within the token limit, took 0.86 s to validate.
    max_same_name_fields: int = 20
    max_spreads_per_selection: int = 50
    # Arguments, by type: characters of a String or ID, items of a list, and
    # how many years past today a Date may be.
    max_string: int = 500
    max_list: int = 500
    years_ahead: int = 5


@dataclass
class Measure:
    depth: int = 0
    aliases: int = 0
    cost: int = 0
    fields: int = 0
    nesting: int = 0
    same_name: int = 0
    spreads: int = 0
    # The first argument over its bound: the refusal's message and extensions.
    argument: tuple[str, dict[str, Any]] | None = None


@dataclass(frozen=True)
class _Part:
    """What one selection set adds, per unit of weight: cost, fields, aliases, and
    how deep it reaches below its own level."""

    cost: int = 0
    fields: int = 0
    aliases: int = 0
    depth: int = 0


def _add(a: _Part, b: _Part) -> _Part:
    return _Part(
        min(_CAP, a.cost + b.cost),
        min(_CAP, a.fields + b.fields),
        min(_CAP, a.aliases + b.aliases),
        max(a.depth, b.depth),
    )


class _ArgumentError(Exception):
    """An argument over its bound: the query is refused."""

    def __init__(self, message: str, extensions: dict[str, Any]) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class _OverLimitError(Exception):
    """Stops the walk at the first limit passed: the query is refused anyway."""

    def __init__(self, limit: str, value: int) -> None:
        super().__init__(limit)
        self.limit = limit
        self.value = value


class _Selection:
    """What one selection set holds so far, inline fragments included: how many
    fields per response name, and which fragments it spreads."""

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.spreads: set[str] = set()


class _Walker:
    def __init__(self, schema: GraphQLSchema, fragments: dict[str, FragmentDefinitionNode],
                 variables: dict[str, Any], limits: QueryLimits) -> None:  # fmt: skip
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.limits = limits
        # (fragment name, type name, page) -> its part and the response names its
        # fields bring into the selection it is spread in: each fragment is walked
        # once per context, which keeps the walk linear in the document.
        self.memo: dict[tuple[str, str, int | None], tuple[_Part, dict[str, int]]] = {}
        self.active: list[str] = []
        self.nesting = 0

    def _value(self, field: FieldNode, name: str) -> Any:
        for arg in field.arguments or ():
            if arg.name.value != name:
                continue
            if isinstance(arg.value, VariableNode):
                return self.variables.get(arg.value.name.value)
            return arg.value
        return None

    def _int_argument(self, field: FieldNode, name: str) -> int | None:
        value = self._value(field, name)
        if isinstance(value, IntValueNode):
            return int(value.value)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def _list_length(self, field: FieldNode, name: str) -> int:
        value = self._value(field, name)
        if isinstance(value, ListValueNode):
            return len(value.values)
        if isinstance(value, list):
            return len(value)
        return 1  # a single value stands for a list of one

    def _page(self, field: FieldNode, inner: Any) -> int | None:
        """Items per page of a paginated field: `first` of a connection, `budget` of a map."""
        if field.name.value == "relationshipMap":
            return max(1, self._int_argument(field, "budget") or 100)
        if getattr(inner, "name", "").endswith("Connection"):
            return max(1, self._int_argument(field, "first") or self.limits.default_page_size)
        return None

    def _work(self, field: FieldNode) -> tuple[int, int | None]:
        """(work of computing the field, items of its list result) for fields that compute."""
        name = field.name.value
        if name == "bindingMatrix":
            cells = self._list_length(field, "actors") * self._list_length(field, "instruments")
            return cells * MATRIX_CELL_WORK, cells
        if name == "connections":
            hops = max(1, self._int_argument(field, "maxHops") or 4)
            paths = max(1, self._int_argument(field, "limit") or 5)
            return hops * PATH_HOP_WORK, paths
        if name == "relationshipMap":
            budget = max(1, self._int_argument(field, "budget") or 100)
            depth = max(0, self._int_argument(field, "depth") or 1)
            return budget * (depth + 1) * MAP_NODE_WORK, None
        return 0, None

    def _multiplier(self, field: FieldNode, return_type: Any, page: int | None,
                    items: int | None) -> int:  # fmt: skip
        """How many times a field's selection runs: the page size for the items of a
        page (edges/nodes of a connection or map), the known item count of a
        computed list, the estimate for other lists."""
        named = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        if not isinstance(named, GraphQLList):
            return 1
        if items is not None:
            return items
        return (
            page if page is not None and field.name.value in ("edges", "nodes") else LIST_ESTIMATE
        )

    def part(self, selection_set: SelectionSetNode | None, parent: Any, depth: int,
             page: int | None = None, selection: _Selection | None = None) -> _Part:  # fmt: skip
        """The part of a selection set whose fields sit at `depth`."""
        total = _Part()
        if selection_set is None:
            return total
        if depth > self.limits.max_depth + 1:
            # One level past the limit is walked (the answer still reports the
            # cost); deeper there is no need: the query is refused.
            raise _OverLimitError("depth", self.limits.max_depth + 1)
        seen = selection or _Selection()
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                self._count(seen, {(node.alias or node.name).value: 1})
                total = _add(total, self._field(node, parent, depth, page))
            elif isinstance(node, InlineFragmentNode):
                condition = node.type_condition
                target = self.schema.get_type(condition.name.value) if condition else parent
                with self._nested():
                    # Its fields merge into this selection set: counted with it.
                    inner = self.part(node.selection_set, target or parent, depth, page, seen)
                total = _add(total, inner)
            elif isinstance(node, FragmentSpreadNode):
                part, names = self._spread(node.name.value, parent, depth, page)
                if node.name.value not in seen.spreads:
                    # graphql-core compares a fragment's fields with the others of
                    # the selection once, however often it is spread there.
                    seen.spreads.add(node.name.value)
                    if len(seen.spreads) > self.limits.max_spreads_per_selection:
                        raise _OverLimitError("spreadsPerSelection", len(seen.spreads))
                    self._count(seen, names)
                total = _add(total, part)
        return total

    def _count(self, seen: _Selection, names: dict[str, int]) -> None:
        for name, count in names.items():
            total = seen.names[name] = seen.names.get(name, 0) + count
            if total > self.limits.max_same_name_fields:
                raise _OverLimitError("sameNameFields", total)

    def _spread(self, name: str, parent: Any, depth: int, page: int | None
                ) -> tuple[_Part, dict[str, int]]:  # fmt: skip
        fragment = self.fragments.get(name)
        if fragment is None or name in self.active:
            return _Part(), {}  # unknown or cyclic: graphql validation reports it
        target = self.schema.get_type(fragment.type_condition.name.value) or parent
        key = (name, getattr(target, "name", ""), page)
        memo = self.memo.get(key)
        if memo is None:
            self.active.append(name)
            own = _Selection()
            with self._nested():
                # Walked as if at depth 1, then shifted: the same fragment spread
                # at several depths is walked once.
                relative = self.part(fragment.selection_set, target, 1, page, own)
            self.active.pop()
            memo = self.memo[key] = (relative, own.names)
        found, names = memo
        if depth - 1 + found.depth > self.limits.max_depth + 1:
            raise _OverLimitError("depth", self.limits.max_depth + 1)
        return _Part(found.cost, found.fields, found.aliases, found.depth + depth - 1), names

    def _argument_work(self, field: FieldNode, definitions: dict[str, GraphQLArgument],
                       parent: str) -> int:  # fmt: skip
        """The work a field's arguments add; _ArgumentError for one over its bound."""
        work = 0
        for arg in field.arguments or ():
            definition = definitions.get(arg.name.value)
            if definition is None:
                continue  # graphql validation reports it
            where = f"{parent}.{field.name.value}({arg.name.value})"
            kind = definition.type
            kind = kind.of_type if isinstance(kind, GraphQLNonNull) else kind
            value = self._plain(arg.value)
            if isinstance(kind, GraphQLList):
                if isinstance(value, list):
                    self._bound(where, "items", len(value), self.limits.max_list)
                    work += len(value) * ARGUMENT_ITEM_WORK
                    values = value
                else:
                    values = [value]  # a single value stands for a list of one
                kind = (
                    kind.of_type.of_type
                    if isinstance(kind.of_type, GraphQLNonNull)
                    else kind.of_type
                )
            else:
                values = [value]
            for item in values:
                work += self._check_scalar(where, getattr(kind, "name", ""), self._plain(item))
        return work

    def _plain(self, value: Any) -> Any:
        """A literal or a variable's value, as Python (lists as lists of nodes or values)."""
        if isinstance(value, VariableNode):
            return self.variables.get(value.name.value)
        if isinstance(value, ListValueNode):
            return list(value.values)
        if isinstance(value, StringValueNode):
            return value.value
        return value if not isinstance(value, ValueNode) else None

    def _check_scalar(self, where: str, type_name: str, value: Any) -> int:
        if not isinstance(value, str):
            return 0
        if type_name in ("String", "ID"):
            self._bound(where, "characters", len(value), self.limits.max_string)
            return len(value) * ARGUMENT_CHARACTER_WORK
        if type_name == "Date":
            try:
                day = date.fromisoformat(value)
            except ValueError:
                return 0  # not a date: the scalar's own check says so
            today = date.today()
            latest = date(today.year + self.limits.years_ahead, 12, 31)
            if not EARLIEST_DAY <= day <= latest:
                raise _ArgumentError(
                    f"Argument {where} is {value}, outside the dates this server answers for "
                    f"({EARLIEST_DAY.isoformat()} to {latest.isoformat()}). Name a date in "
                    "that range.",
                    {"code": "BAD_USER_INPUT", "limit": "argumentDate", "argument": where,
                     "min": EARLIEST_DAY.isoformat(), "max": latest.isoformat()},
                )  # fmt: skip
        return 0

    @staticmethod
    def _bound(where: str, unit: str, value: int, limit: int) -> None:
        if value > limit:
            raise _ArgumentError(
                f"Argument {where} has {value:,} {unit}, over the limit of {limit:,} {unit}. "
                "Send less (a shorter text, fewer ids or kinds).",
                {"code": "BAD_USER_INPUT", "limit": "argumentSize", "argument": where,
                 "value": value, "max": limit},
            )  # fmt: skip

    def _nested(self) -> _Nesting:
        return _Nesting(self)

    def _field(self, field: FieldNode, parent: Any, depth: int, page: int | None) -> _Part:
        own = _Part(1, 1, 1 if field.alias is not None else 0, depth)
        field_def = None
        if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType):
            field_def = parent.fields.get(field.name.value)
        if field_def is None:
            return own  # unknown field or union: graphql validation reports it
        work, items = self._work(field)
        work += self._argument_work(field, field_def.args, parent.name)
        own = _Part(min(_CAP, 1 + work), 1, own.aliases, depth)
        inner = field_def.type
        while isinstance(inner, GraphQLNonNull | GraphQLList):
            inner = inner.of_type
        if not isinstance(inner, GraphQLObjectType | GraphQLInterfaceType | GraphQLUnionType):
            return own
        multiplier = self._multiplier(field, field_def.type, page, items)
        child = self.part(field.selection_set, inner, depth + 1, self._page(field, inner))
        return _add(own, _Part(min(_CAP, multiplier * child.cost), child.fields, child.aliases,
                               child.depth))  # fmt: skip


class _Nesting:
    """Counts fragments inside fragments; past the limit the walk stops."""

    def __init__(self, walker: _Walker) -> None:
        self.walker = walker

    def __enter__(self) -> None:
        self.walker.nesting += 1
        if self.walker.nesting > self.walker.limits.max_fragment_nesting:
            raise _OverLimitError("fragmentNesting", self.walker.nesting)

    def __exit__(self, *_: object) -> None:
        self.walker.nesting -= 1


def chosen_operation(document: DocumentNode, operation_name: str | None
                     ) -> OperationDefinitionNode | GraphQLError:  # fmt: skip
    """The operation to run, or an error saying why there is none (graphql-core
    would otherwise pick one or fail later with a less helpful message)."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is None:
        if len(operations) == 1:
            return operations[0]
        if not operations:
            return _bad_request("The document has no operation.", "Send a query { ... }.")
        names = ", ".join(o.name.value if o.name else "(unnamed)" for o in operations)
        return _bad_request(
            f"The document has {len(operations)} operations ({names}) and no operationName.",
            "Send operationName naming the one to run.",
        )
    for operation in operations:
        if operation.name is not None and operation.name.value == operation_name:
            return operation
    names = ", ".join(o.name.value for o in operations if o.name) or "none"
    return _bad_request(
        f"No operation named '{operation_name}' in the document (named operations: {names}).",
        "Fix operationName or leave it out for a document with one operation.",
    )


def _bad_request(message: str, hint: str) -> GraphQLError:
    error = BadRequestError(message, hint)
    return GraphQLError(str(error), extensions={"code": error.code})


def measure(schema: GraphQLSchema, document: Any, operation_name: str | None,
            variables: dict[str, Any], limits: QueryLimits) -> Measure:  # fmt: skip
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    operation = chosen_operation(document, operation_name)
    found = Measure()
    if isinstance(operation, GraphQLError):
        return found
    walker = _Walker(schema, fragments, variables, limits)
    root = schema.get_root_type(operation.operation)
    try:
        part = walker.part(operation.selection_set, root, 1)
    except _OverLimitError as exc:
        # Stopped at the first limit passed; that one is reported.
        attribute = {"depth": "depth", "fragmentNesting": "nesting",
                     "sameNameFields": "same_name", "spreadsPerSelection": "spreads"}[exc.limit]  # fmt: skip
        setattr(found, attribute, exc.value)
        return found
    except _ArgumentError as exc:
        found.argument = (exc.message, exc.extensions)
        return found
    found.depth, found.aliases, found.cost, found.fields = (
        part.depth,
        part.aliases,
        part.cost,
        part.fields,
    )
    return found


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
            shown = f"{value:,}" if value < _CAP else "astronomical"
            yield GraphQLError(
                f"Query {_LABELS[name]} is {shown}, over the limit of {limit:,}"
                + (f" by {value - limit:,}. " if value < _CAP else ". ")
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


class _KnownHandlers(Visitor):
    """graphql-core looks up a rule's enter and leave methods per rule instance
    and node kind: four getattr calls, most of them failing, for each of the 34
    rules, which was most of the cost of validating a new tiny document (issue
    17). The methods are the same for every instance of a rule: their names are
    looked up once per rule class and kind, and most rules have none for a kind."""

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


# Documents longer than this are neither kept parsed nor kept validated: the
# caches hold at most 512 short documents each, so their memory is bounded.
CACHED_DOCUMENT_CHARACTERS = 2_000


def _validate(
    schema: GraphQLSchema, document: DocumentNode, rules: tuple[type[ASTValidationRule], ...]
) -> list[GraphQLError]:
    source = document.loc.source.body if document.loc else ""
    if len(source) <= CACHED_DOCUMENT_CHARACTERS:
        return _validate_cached(schema, document, rules)
    return _validate_now(schema, document, rules)


# Validation of a document is the same for every request: cached, as
# strawberry's ValidationCache did (measured in the foundation issue: 440 us per
# tiny query without caches, 70 us with them). Here, so that it runs only
# after the limits passed.
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


class LimitsExtension(SchemaExtension):
    """Picks the operation and checks the limits before validation; validates (cached)
    only documents within them; reports the cost."""

    limits = QueryLimits()

    def on_validate(self) -> Iterator[None]:
        ctx = self.execution_context
        document = ctx.graphql_document
        if document is not None:
            # The name the client sent: strawberry's ctx.operation_name falls back
            # to the first operation's, which would run one of several silently.
            provided = ctx._provided_operation_name
            operation = chosen_operation(document, provided)
            if isinstance(operation, GraphQLError):
                ctx.pre_execution_errors = [operation]
                yield
                return
            self.found = measure(
                ctx.schema._schema, document, provided, ctx.variables or {}, self.limits
            )
            errors = list(violations(self.found, self.limits))
            # Validation reads every operation of the document, so the others
            # are held to the limits too (only the chosen one runs and is costed).
            for other in document.definitions:
                if errors:
                    break
                if isinstance(other, OperationDefinitionNode) and other is not operation:
                    name = other.name.value if other.name else None
                    found = measure(ctx.schema._schema, document, name, {}, self.limits)
                    errors = list(violations(found, self.limits))
            # Setting pre_execution_errors makes strawberry skip its own validation;
            # over a limit, these errors are the answer and nothing runs.
            ctx.pre_execution_errors = errors or _validate(
                ctx.schema._schema, document, tuple(ctx.validation_rules)
            )
        yield

    def get_results(self) -> dict[str, Any]:
        found = getattr(self, "found", None)
        if found is None:
            return {}
        return {
            "cost": {"requested": found.cost, "limit": self.limits.max_cost, "depth": found.depth}
        }


def limits_extension(limits: QueryLimits) -> type[LimitsExtension]:
    """A LimitsExtension class bound to these limits (strawberry builds one per request)."""
    return type("ConfiguredLimits", (LimitsExtension,), {"limits": limits})
