"""The executor: graphql-core's, with less work per field, for the same answer.

graphql-core executes every field alike: a resolve-info object, the
resolver, then completion by type through several calls. A large answer
(200 list items, the evidence of every partner of an actor) is thousands of
fields and objects, and that work was most of its time. PlainFieldsExecutor
does two things instead, where the fields allow (api/direct_fields.py marks
how each field is resolved):

- a selection whose every field, down to the leaves, is read from an
  attribute or by a resolver with no arguments (`_Selections`) is compiled,
  once per execution, into one function per object type and selection that
  builds the object's answer (no resolve-info for fields read from
  attributes);
- in other selections, a scalar or enum field read from an attribute is read
  and serialised in place (`_leaf_value`).

Anything unusual (a null in a non-null field, a value a scalar refuses, an
error, a value of an unexpected class) makes graphql-core complete that
object itself, so errors, their paths and null propagation are graphql-core's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from operator import attrgetter
from typing import Any, NamedTuple

from graphql import (
    FieldNode,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLResolveInfo,
    GraphQLScalarType,
    get_nullable_type,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList, GroupedFieldSet
from graphql.execution.executor import to_nodes
from graphql.pyutils import AwaitableOrValue, Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import get_strawberry_type_cast

from tkgraph.api.direct_fields import attribute_read, is_direct, types_by_class

# How a field of a selection is executed (PlainFieldsExecutor._plan).
_GENERAL, _LEAF, _TYPENAME = range(3)
# One field of a selection: response name, its nodes, the way, and for a
# leaf the reader of its attribute, the serialiser and whether null is allowed.
Step = tuple[
    str, FieldDetailsList, int, Callable[[Any], Any] | None, Callable[[Any], Any] | None, bool
]


# A leaf _leaf_value leaves to graphql-core's path.
_UNUSUAL = object()


def _leaf_value(
    source: Any,
    read: Callable[[Any], Any] | None,
    serialize: Callable[[Any], Any] | None,
    nullable: bool,
) -> Any:
    """The serialised value of a scalar field read from an attribute, as
    graphql-core would complete it; _UNUSUAL for a null in a non-null field,
    a value the scalar refuses or an error (graphql-core's path then reports it)."""
    assert read is not None and serialize is not None
    try:
        value = read(source)
        if value is None:
            return None if nullable else _UNUSUAL
        serialized = serialize(value)
    except Exception:  # graphql-core's path reports it
        return _UNUSUAL
    return _UNUSUAL if serialized is None or serialized is Undefined else serialized


class PlainFieldsExecutor(StrawberryGraphQLCoreExecutionContext):
    """strawberry's executor, with compiled selections and scalar fields read
    in place (see the module's docstring)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The plan of each selection, by the identity of its grouped field set;
        # the set is kept alive with it, so the identity is not reused.
        self._plans: dict[int, tuple[GroupedFieldSet, list[Step]]] = {}
        manager = self.middleware_manager
        self._in_place = manager is None or not manager.middlewares
        self._selections = _Selections(self)

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo[Any],
        path: Path,
        result: Any,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if not self._in_place or position_context is not None:
            return super().complete_object_value(
                return_type, field_details_list, info, path, result, position_context
            )
        compiled = self._selections.of(return_type, field_details_list)
        if compiled is not None:
            try:
                return compiled(result, path)
            except Exception:  # _FallbackError, or an error graphql-core's path reports
                pass
        # Else graphql-core's, less two calls per object: with no @defer in
        # play, collect_and_execute_subfields and execute_collected_subfields
        # come to execute_fields.
        is_type_of = return_type.is_type_of
        if is_type_of is None or is_type_of(result, info) is True:
            grouped_field_set, new_defer_usages, _ = self.collect_subfields(
                return_type, field_details_list
            )
            if not new_defer_usages:
                return self.execute_fields(return_type, result, path, grouped_field_set, None)
        return super().complete_object_value(
            return_type, field_details_list, info, path, result, position_context
        )

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: GroupedFieldSet,
        position_context: Any,
    ) -> AwaitableOrValue[dict[str, Any]]:
        if not self._in_place:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        planned = self._plans.get(id(grouped_field_set))
        if planned is None:
            planned = self._plans[id(grouped_field_set)] = (
                grouped_field_set,
                self._plan(parent_type, grouped_field_set),
            )
        steps = planned[1]
        results: dict[str, Any] = {}
        awaitable: list[str] = []
        for response_name, field_details, way, read, serialize, nullable in steps:
            if way == _LEAF:
                value = _leaf_value(source_value, read, serialize, nullable)
                if value is not _UNUSUAL:
                    results[response_name] = value
                    continue
            elif way == _TYPENAME:
                results[response_name] = parent_type.name
                continue
            result = self.execute_field(
                parent_type,
                source_value,
                field_details,
                Path(path, response_name, parent_type.name),
                position_context,
            )
            if result is not Undefined:
                results[response_name] = result
                if self.is_awaitable(result):
                    awaitable.append(response_name)
        if not awaitable:
            return results
        return self._gathered(results, awaitable)

    @staticmethod
    async def _gathered(results: dict[str, Any], awaitable: list[str]) -> dict[str, Any]:
        # As graphql-core's execute_fields (no resolver of ours is async today).
        awaited = await gather_with_cancel(*(results[name] for name in awaitable))
        results.update(zip(awaitable, awaited, strict=True))
        return results

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: GroupedFieldSet
              ) -> list[Step]:  # fmt: skip
        steps: list[Step] = []
        for response_name, field_details in grouped_field_set.items():
            node = field_details[0].node
            name = node.name.value
            if name == "__typename":
                steps.append((response_name, field_details, _TYPENAME, None, None, False))
                continue
            field = parent_type.fields.get(name)
            attribute = attribute_read(field.resolve) if field else None
            if field is not None and attribute is not None and not field.args:
                nullable = not isinstance(field.type, GraphQLNonNull)
                leaf = field.type if nullable else field.type.of_type
                if is_leaf_type(leaf):
                    assert isinstance(leaf, GraphQLLeafType)
                    read = attrgetter(attribute)
                    steps.append(
                        (response_name, field_details, _LEAF, read,
                         leaf.coerce_output_value, nullable)
                    )  # fmt: skip
                    continue
            steps.append((response_name, field_details, _GENERAL, None, None, False))
        return steps


class _FallbackError(Exception):
    """A value a compiled selection does not complete as graphql-core would
    (a null in a non-null field, an error, an unexpected type): graphql-core
    completes the object instead."""


# A compiled selection: from an object and its path to the object's answer.
Compiled = Callable[[Any, Path], dict[str, Any]]
# Completes the value of a field (or list item) at a path.
Completer = Callable[[Any, Path], Any]


class _Part(NamedTuple):
    """One field of a compiled selection: read by `reader` (an attribute) or
    else by `resolve` with a resolve-info built from `field` and `nodes`, then
    completed; a field without `complete` is __typename."""

    response_name: str
    field: GraphQLField | None
    reader: Callable[[Any], Any] | None
    resolve: Callable[..., Any] | None
    nodes: list[FieldNode]
    complete: Completer | None
    leaf: bool  # of a scalar or enum type


class _Selections:
    """Compiles the selections of one execution (PlainFieldsExecutor).

    A selection compiles when every field in it, and in the selections under
    it, is read from an attribute or by a resolver with no arguments, has no
    directive, and is of a scalar, enum, object or list type, or of an
    interface whose values name their type by class (resolve_types_directly).
    Its answer is then built by one function per object type and selection,
    with no resolve-info for fields read from attributes."""

    def __init__(self, executor: PlainFieldsExecutor) -> None:
        self.executor = executor
        self.compiled: dict[
            tuple[GraphQLObjectType, int], tuple[FieldDetailsList, Compiled | None]
        ] = {}

    def of(
        self, object_type: GraphQLObjectType, field_details: FieldDetailsList
    ) -> Compiled | None:
        key = (object_type, id(field_details))
        found = self.compiled.get(key)
        if found is None:
            # Kept with the list, so its identity is not reused while this runs;
            # None first, so a selection that (through an interface) holds
            # itself is not compiled forever.
            self.compiled[key] = (field_details, None)
            found = self.compiled[key] = (field_details, self._compile(object_type, field_details))
        return found[1]

    def _compile(self, object_type: GraphQLObjectType, field_details: FieldDetailsList
                 ) -> Compiled | None:  # fmt: skip
        executor = self.executor
        grouped, new_defer_usages, _ = executor.collect_subfields(object_type, field_details)
        definition = (object_type.extensions or {}).get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if new_defer_usages or not isinstance(definition, StrawberryObjectDefinition):
            return None
        # graphql-core asks is_type_of, where the type has one (strawberry's says
        # whether the value is an instance of the type's class, or of the
        # generic class it specialises): here, the value's class is one of those.
        checked = object_type.is_type_of is not None
        classes = {definition.origin}
        if definition.concrete_of is not None:
            classes.add(definition.concrete_of.origin)
        type_name = object_type.name
        parts: list[_Part] = []
        for response_name, details in grouped.items():
            part = self._part(object_type, response_name, details)
            if part is None:
                return None
            parts.append(part)
        build_info = executor.build_resolve_info
        is_awaitable = executor.is_awaitable

        def run(source: Any, path: Path) -> dict[str, Any]:
            if checked and (
                type(source) not in classes or get_strawberry_type_cast(source) is not None
            ):
                raise _FallbackError
            answer: dict[str, Any] = {}
            for response_name, field, reader, resolve, nodes, complete, leaf in parts:
                if complete is None:
                    answer[response_name] = type_name
                    continue
                if leaf and reader is not None:
                    # A scalar read from an attribute: nothing below it needs its path.
                    answer[response_name] = complete(reader(source), path)
                    continue
                field_path = Path(path, response_name, type_name)
                if reader is not None:
                    value = reader(source)
                else:
                    assert resolve is not None and field is not None
                    value = resolve(source, build_info(field, nodes, object_type, field_path))
                    if is_awaitable(value):
                        raise _FallbackError
                answer[response_name] = complete(value, field_path)
            return answer

        return run

    def _part(
        self, object_type: GraphQLObjectType, response_name: str, details: FieldDetailsList
    ) -> _Part | None:
        """How one field of a selection is answered; None where this does not compile."""
        if any(d.node.directives or d.node.arguments for d in details):
            return None
        name = details[0].node.name.value
        if name == "__typename":
            return _Part(response_name, None, None, None, [], None, True)
        field = object_type.fields.get(name)
        if field is None or field.args:
            return None
        attribute = attribute_read(field.resolve)
        if attribute is None and not is_direct(field.resolve):
            return None
        complete = self._completer(field.type, details)
        if complete is None:
            return None
        reader = attrgetter(attribute) if attribute is not None else None
        leaf = is_leaf_type(get_nullable_type(field.type))
        return _Part(response_name, field, reader, field.resolve, to_nodes(details), complete, leaf)

    def _completer(self, output_type: Any, details: FieldDetailsList) -> Completer | None:
        """How a value of `output_type` is completed, as graphql-core's
        complete_value does it; None where this does not compile."""
        required = isinstance(output_type, GraphQLNonNull)
        if required:
            output_type = output_type.of_type
        if isinstance(output_type, (GraphQLScalarType, GraphQLEnumType)):
            return partial(_leaf, output_type.coerce_output_value, required)
        complete: Completer | None = None
        if isinstance(output_type, GraphQLList):
            item = self._completer(output_type.of_type, details)
            complete = None if item is None else partial(_list, item)
        elif isinstance(output_type, GraphQLObjectType):
            complete = self.of(output_type, details)
        elif isinstance(output_type, GraphQLInterfaceType):
            names = types_by_class(output_type.resolve_type)
            if names is not None:
                complete = partial(self._abstract, names, details)
        if complete is None:
            return None
        return partial(_required if required else _nullable, complete)

    def _abstract(
        self, names: dict[type, str], details: FieldDetailsList, value: Any, path: Path
    ) -> Any:
        name = names.get(type(value))
        if name is None or get_strawberry_type_cast(value) is not None:
            raise _FallbackError
        runtime = self.executor.schema.get_type(name)
        if not isinstance(runtime, GraphQLObjectType):
            raise _FallbackError
        compiled = self.of(runtime, details)
        if compiled is None:
            raise _FallbackError
        return compiled(value, path)


# The completers below complete a value that is not null to a value that is
# not null (or raise _FallbackError); _required and _nullable say what a null is.


def _required(inner: Completer, value: Any, path: Path) -> Any:
    if value is None:
        raise _FallbackError
    return inner(value, path)


def _nullable(inner: Completer, value: Any, path: Path) -> Any:
    return None if value is None else inner(value, path)


def _list(item: Completer, value: Any, path: Path) -> list[Any]:
    if not isinstance(value, (list, tuple)):
        raise _FallbackError
    return [item(v, path.add_key(i, None)) for i, v in enumerate(value)]


def _leaf(serialize: Callable[[Any], Any], required: bool, value: Any, _path: Path) -> Any:
    if value is None:
        if required:
            raise _FallbackError
        return None
    serialized = serialize(value)
    if serialized is None or serialized is Undefined:
        raise _FallbackError
    return serialized
