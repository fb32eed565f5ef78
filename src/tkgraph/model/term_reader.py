"""Reading a node's properties as Python values, for the read model's builder.

The graph's terms (pyoxigraph's) become strings, dates, numbers; the class
hierarchy (rdfs:subClassOf) is closed once, so "is this node an X" is a set
lookup. A value that cannot be read (a date that is not a date ...) is a
problem, added to the list it is given (the read model's).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from datetime import date
from sys import intern
from types import SimpleNamespace
from typing import TypedDict

import pyoxigraph as ox

from tkgraph.model.partial_date import PartialDate
from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, SCHEMA, SKOS, TK, XSD

TK_PREFIX = str(TK)
# Plain strings for the hot loop: rdflib's DefinedNamespace looks each attribute
# up anew, and the builder asks for terms a million times at 1M triples.
T = SimpleNamespace(**{name: str(getattr(TK, name)) for name in TK.__annotations__})
TYPE = str(RDF.type)
TITLE = str(DCTERMS.title)
SAME_AS = str(SCHEMA.sameAs)
NOTATION = str(SKOS.notation)
IN_SCHEME = str(SKOS.inScheme)
_SUBCLASS_OF = str(RDFS.subClassOf)
_LABEL = str(RDFS.label)
_SOURCE = str(DCTERMS.source)
_G_YEAR = str(XSD.gYear)
_G_YEAR_MONTH = str(XSD.gYearMonth)

Props = dict[str, list[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple]]


class NodeFields(TypedDict):
    """The fields every record has (records.NodeRecord), read once per node."""

    iri: str
    label: str | None
    sources: tuple[str, ...]
    verification: str | None
    note: str | None
    types: tuple[str, ...]


def local(iri: str) -> str:
    return iri[len(TK_PREFIX) :] if iri.startswith(TK_PREFIX) else iri


class TermReader:
    """The values of a node's properties (its Props), and its classes."""

    def __init__(self, by_subject: dict[str, Props], problems: list[str]) -> None:
        self.problems = problems
        self.superclasses = self._class_closure(by_subject)
        self._is_a: dict[tuple[tuple[str, ...], str], bool] = {}

    @staticmethod
    def _class_closure(by_subject: dict[str, Props]) -> dict[str, set[str]]:
        parents: dict[str, set[str]] = defaultdict(set)
        for subject, props in by_subject.items():
            for obj in props.get(_SUBCLASS_OF, []):
                if isinstance(obj, ox.NamedNode):
                    parents[subject].add(obj.value)
        closure: dict[str, set[str]] = {}

        def up(cls: str, seen: frozenset[str] = frozenset()) -> set[str]:
            if cls in closure:
                return closure[cls]
            result = {cls}
            for parent in parents.get(cls, ()):
                if parent not in seen:
                    result |= up(parent, seen | {cls})
            closure[cls] = result
            return result

        for cls in list(parents):
            up(cls)
        return closure

    def is_a(self, types: tuple[str, ...], cls: str) -> bool:
        # Cached: the same few type tuples recur for every node of a kind.
        key = (types, cls)
        found = self._is_a.get(key)
        if found is None:
            found = self._is_a[key] = any(cls in self.superclasses.get(t, {t}) for t in types)
        return found

    # -- term conversion -------------------------------------------------

    # Most properties have one value: those skip the set and the sort.

    def iris(self, props: Props, prop: str) -> tuple[str, ...]:
        found = props.get(prop)
        if not found:
            return ()
        # Interned: an IRI named by many records is then held once (in memory and
        # in the saved model, which pickles a shared string once).
        if len(found) == 1:
            only = found[0]
            return (intern(only.value),) if type(only) is ox.NamedNode else ()
        return tuple(sorted({intern(o.value) for o in found if isinstance(o, ox.NamedNode)}))

    def iri(self, props: Props, prop: str) -> str | None:
        found = self.iris(props, prop)
        return found[0] if found else None

    def texts(self, props: Props, prop: str) -> tuple[str, ...]:
        found = props.get(prop)
        if not found:
            return ()
        if len(found) == 1:
            only = found[0]
            return (only.value,) if type(only) is ox.Literal else ()
        return tuple(sorted({o.value for o in found if isinstance(o, ox.Literal)}))

    def text(self, props: Props, prop: str) -> str | None:
        found = self.texts(props, prop)
        return found[0] if found else None

    def date(self, subject: str, props: Props, prop: str) -> date | None:
        for o in props.get(prop, ()):
            if isinstance(o, ox.Literal):
                try:
                    return date.fromisoformat(o.value)
                except ValueError:
                    self.problems.append(
                        f"<{subject}> {local(prop)} {o.value!r} is not a date (YYYY-MM-DD)"
                    )
        return None

    def partial_date(self, subject: str, props: Props, prop: str) -> PartialDate | None:
        """A date that may be known to the year (xsd:gYear) or month
        (xsd:gYearMonth) only; an xsd:date is known to the day."""
        for o in props.get(prop, ()):
            if not isinstance(o, ox.Literal):
                continue
            datatype = o.datatype.value
            if datatype in (_G_YEAR, _G_YEAR_MONTH):
                try:
                    return PartialDate.parse(o.value)
                except ValueError:
                    self.problems.append(
                        f"<{subject}> {local(prop)} {o.value!r} is not a year (YYYY) or month (YYYY-MM)"
                    )
                    return None
            exact = self.date(subject, props, prop)
            return PartialDate.of_day(exact) if exact else None
        return None

    def date_window(
        self, subject: str, props: Props, prop: str
    ) -> tuple[dt.date | None, dt.date | None]:
        """First and last possible day of a date that may be known to the year
        or month only; both equal for an xsd:date."""
        found = self.partial_date(subject, props, prop)
        return (found.first, found.last) if found else (None, None)

    def number(self, props: Props, prop: str) -> float | None:
        for o in props.get(prop, ()):
            if isinstance(o, ox.Literal):
                try:
                    return float(o.value)
                except ValueError:
                    return None
        return None

    def boolean(self, props: Props, prop: str) -> bool:
        return any(
            isinstance(o, ox.Literal) and o.value in ("true", "1") for o in props.get(prop, ())
        )

    def common(self, subject: str, props: Props, types: tuple[str, ...]) -> NodeFields:
        verification = self.iri(props, T.verification)
        return NodeFields(
            iri=subject,
            label=self.text(props, _LABEL) or self.text(props, TITLE),
            sources=self.iris(props, _SOURCE),
            verification=local(verification) if verification else None,
            note=self.text(props, T.note),
            types=tuple(local(t) for t in types),
        )

    def most_specific(self, types: tuple[str, ...]) -> str:
        # The type that is not a superclass of another of the node's types.
        for t in types:
            if not any(t != o and t in self.superclasses.get(o, set()) for o in types):
                return local(t)
        return local(types[0])
