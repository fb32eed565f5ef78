"""A fast random GraphQL query generator driven by the schema itself.

hypothesis-graphql takes about 100 ms per query here, too slow for 10,000;
this walks the graphql-core schema with a seeded Random (hypothesis supplies
the seeds) in well under a millisecond. Arguments mix real ids and dates with
malformed, impossible and extreme values; some queries are deliberately
broken (missing arguments, unknown fields, cut-off text) to cover error paths.
"""

from __future__ import annotations

import json
import random
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLUnionType,
)

IDS = [
    "state:FR", "state:SA", "state:GB", "state:DK", "state:CN", "organization:interpol",
    "organization:europol", "organization:eu", "organization:asean", "instrument:tip-protocol",
    "instrument:eu-directive-2011-36", "instrument:cets-197", "provision:tip-protocol.art-15-2",
    "operation:liberterra-2", "programme:glo-act-1", "participation:tip-protocol.FR",
]  # fmt: skip
BAD_IDS = ["state:ZZ", "instrument:nope", "France", "", ":", "state:", "state:FR/../x", "x" * 300,
           "instrument:tip-protocol\u0000", "\u202e", "state:F R"]  # fmt: skip
STRINGS = ["", "a", "Fr", "trafficking", "' OR 1=1 --", "<script>", "\\u0000", "é" * 50, "x" * 2000]
DATES = [
    "2010-01-01",
    "2003-12-25",
    "1900-01-01",
    "2100-12-31",
    "2024-02-29",
    "2019-06-01",
    "2021-06-01",
]
BAD_DATES = ["2023-02-29", "2024-13-01", "0000-00-00", "yesterday", "", "9999-99-99"]
INTS = [0, 1, 2, 3, 5, 10, 20, 50, 199, 200]
BAD_INTS = [201, 2000, 2001, -1, -(2**31), 2**31 - 1, 10**6]
LITERAL_NAMES = ["kind", "consentKind", "measure", "role", "text"]


def _unwrap(gtype: Any) -> Any:
    while isinstance(gtype, GraphQLNonNull | GraphQLList):
        gtype = gtype.of_type
    return gtype


class QueryGenerator:
    def __init__(self, schema: GraphQLSchema) -> None:
        self.schema = schema

    def query(self, rng: random.Random) -> str:
        root = self.schema.query_type
        assert root is not None
        fields = [
            self._field(rng, root, name, f, depth=1) for name, f in self._pick(rng, root, 1, 3)
        ]
        text = "{ " + " ".join(fields) + " }"
        return self._break(rng, text) if rng.random() < 0.1 else text

    def _pick(
        self, rng: random.Random, parent: Any, low: int, high: int
    ) -> list[tuple[str, GraphQLField]]:
        fields = list(parent.fields.items())
        return rng.sample(fields, min(len(fields), rng.randint(low, high)))

    def _field(
        self, rng: random.Random, parent: Any, name: str, field: GraphQLField, depth: int
    ) -> str:
        alias = f"a{rng.randint(0, 99)}: " if rng.random() < 0.1 else ""
        args = self._arguments(rng, field)
        inner = _unwrap(field.type)
        selection = ""
        if isinstance(inner, GraphQLObjectType | GraphQLInterfaceType):
            selection = self._selection(rng, inner, depth + 1)
        elif isinstance(inner, GraphQLUnionType):
            selection = "{ __typename }"
        return f"{alias}{name}{args} {selection}".strip()

    def _selection(self, rng: random.Random, parent: Any, depth: int) -> str:
        if depth > rng.randint(2, 7):
            return "{ __typename }"
        parts = [self._field(rng, parent, n, f, depth) for n, f in self._pick(rng, parent, 1, 4)]
        if isinstance(parent, GraphQLInterfaceType) and rng.random() < 0.5:
            concrete = rng.choice(self.schema.get_possible_types(parent))
            parts.append(f"... on {concrete.name} {self._selection(rng, concrete, depth + 1)}")
        return "{ " + " ".join(parts) + " }"

    def _arguments(self, rng: random.Random, field: GraphQLField) -> str:
        given = []
        for name, arg in field.args.items():
            required = isinstance(arg.type, GraphQLNonNull)
            if (not required and rng.random() < 0.5) or (required and rng.random() < 0.01):
                continue  # sometimes even a required argument is left out
            given.append(f"{name}: {self._value(rng, arg.type, name)}")
        return f"({', '.join(given)})" if given else ""

    def _value(self, rng: random.Random, gtype: Any, name: str) -> str:
        if isinstance(gtype, GraphQLNonNull):
            return self._value(rng, gtype.of_type, name)
        if isinstance(gtype, GraphQLList):
            return (
                "["
                + ", ".join(self._value(rng, gtype.of_type, name) for _ in range(rng.randint(0, 3)))
                + "]"
            )
        if isinstance(gtype, GraphQLEnumType):
            values = list(gtype.values)
            return rng.choice(values) if rng.random() < 0.99 else "NOT_A_VALUE"
        if isinstance(gtype, GraphQLInputObjectType):
            return "{}"
        assert isinstance(gtype, GraphQLScalarType)
        return self._scalar(rng, gtype.name, name)

    def _scalar(self, rng: random.Random, scalar: str, name: str) -> str:
        if rng.random() < 0.005:
            return rng.choice(["null", "true", "1.5", '"x"', "[]"])  # the wrong type on purpose
        if scalar == "ID":
            return json.dumps(rng.choice(IDS if rng.random() < 0.85 else BAD_IDS))
        if scalar == "Int":
            return str(rng.choice(INTS if rng.random() < 0.85 else BAD_INTS))
        if scalar == "Boolean":
            return rng.choice(["true", "false"])
        if scalar == "Date":
            return json.dumps(rng.choice(DATES if rng.random() < 0.9 else BAD_DATES))
        if scalar == "String" and name in LITERAL_NAMES:
            return json.dumps(
                rng.choice(["State", "Protocol", "accession", "arrests", "coordinator", "x"])
            )
        return json.dumps(rng.choice(STRINGS))

    def _break(self, rng: random.Random, text: str) -> str:
        how = rng.randint(0, 3)
        if how == 0:
            return text[: rng.randint(0, len(text))]
        if how == 1:
            at = rng.randint(0, len(text))
            return (
                text[:at] + rng.choice(["{", "}", "(", '"', "...", "$x", "#", "\u0000"]) + text[at:]
            )
        if how == 2:
            return text.replace("{ ", "{ noSuchField ", 1)
        return "query($v: Int!) " + text


# Issue 13: what the request around a query can get wrong. Variable values of the
# wrong kind (graphql-core's coercion errors were 500s), fragment spreads and
# fragment bombs (the cost walk was exponential), JSON nested past Python's
# recursion limit (a RecursionError, 500), ambiguous or unknown operationName.
BAD_VARIABLE_VALUES: list[Any] = [
    1e300, float("nan"), float("inf"), -1e300, "abc", "", {"a": 1}, [1, 2], [], True, None,
    "2023-02-30", "yesterday", 2**53, -(2**31) - 1, 1.5, "state:FR", "x" * 3000,
]  # fmt: skip
VARIABLE_QUERIES = [
    ("query($n: Int) { instruments(first: $n) { totalCount } }", "n"),
    ("query($id: ID!) { actor(id: $id) { label } }", "id"),
    ('query($d: Date) { actor(id: "state:FR") { bindings(asOf: $d) { status } } }', "d"),
    (
        'query($a: [ID!]!) { bindingMatrix(actors: $a, instruments: ["instrument:tip-protocol"]) { status } }',
        "a",
    ),
    ('query($n: Int!) { relationshipMap(focus: ["state:FR"], budget: $n) { truncated } }', "n"),
]


class RequestGenerator(QueryGenerator):
    """Whole request bodies (bytes): mostly the plain generated queries, plus
    fragments, variables with bad values, deep JSON and operation-name mix-ups."""

    def body(self, rng: random.Random) -> bytes:
        roll = rng.random()
        if roll < 0.70:
            return _dump({"query": self.query(rng)})
        if roll < 0.82:
            return _dump({"query": self.with_fragments(rng)})
        if roll < 0.93:
            query, name = rng.choice(VARIABLE_QUERIES)
            variables: dict[str, Any] = {}
            if rng.random() < 0.9:
                variables[name] = rng.choice(BAD_VARIABLE_VALUES)
            if rng.random() < 0.1:
                variables[name] = _nested(rng.randint(2, 3000))
            return _dump({"query": query, "variables": variables})
        if roll < 0.97:
            depth = rng.randint(50, 3000)
            where = rng.randint(0, 2)
            if where == 0:
                return ("[" * depth + "]" * depth).encode()
            if where == 1:
                return _dump({"query": "{ __typename }", "variables": {"v": _nested(depth)}})
            return (
                '{"query": "{ __typename }", "extensions": '
                + '{"a":' * depth
                + "1"
                + "}" * depth
                + "}"
            ).encode()
        text = self.query(rng)
        two = f"query A {text} query B {{ __typename }}"
        return _dump(rng.choice([
            {"query": two}, {"query": two, "operationName": "C"}, {"query": text, "operationName": "A"},
            {"query": two, "operationName": rng.choice(["A", "B"])},
        ]))  # fmt: skip

    def with_fragments(self, rng: random.Random) -> str:
        if rng.random() < 0.3:  # a fragment bomb: each fragment spreads the next k times
            n, k = rng.randint(1, 12), rng.randint(1, 10)
            lines = ["query Q { ...F0 }"]
            lines += [
                f"fragment F{i} on Query {{ " + " ".join([f"...F{i + 1}"] * k) + " }"
                for i in range(n)
            ]
            return "\n".join(
                [*lines, f"fragment F{n} on Query {{ dataVersion {{ tripleCount }} }}"]
            )
        inner = self.query(rng)
        if not inner.startswith("{"):
            return inner  # a deliberately broken document stays broken
        spreads = " ".join(["...R"] * rng.randint(1, 4))
        cyclic = " ...R" if rng.random() < 0.05 else ""  # a cycle: validation must say so
        return f"query {{ {spreads} }}\nfragment R on Query {inner[:-1]}{cyclic} }}"


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


def _dump(body: dict[str, Any]) -> bytes:
    try:
        return json.dumps(body).encode()  # NaN and Infinity as Python writes them
    except RecursionError:
        # Deeper than json.dumps can go: written by hand.
        value = body.get("variables", {}).get("v")
        depth = 0
        while isinstance(value, list):
            value, depth = value[0] if value else None, depth + 1
        inner = "[" * depth + "1" + "]" * depth
        return ('{"query": "{ __typename }", "variables": {"v": ' + inner + "}}").encode()
