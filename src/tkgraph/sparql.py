"""Read-only SPARQL 1.1 query execution with a time limit and a row cap.

pyoxigraph has no query time-out, and a thread cannot be stopped, so each
query runs in a forked child process that shares the in-memory store
copy-on-write; past the time limit the child is killed, so a runaway query
costs nothing after its budget. Results over the row cap are cut at the cap
and reported as truncated (header and body), never silently.
"""

from __future__ import annotations

import csv
import io
import json
import multiprocessing
import os
import pickle
import re
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

from tkgraph.errors import (
    SparqlError,
    SparqlSyntaxError,
    SparqlTimeoutError,
    SparqlUpdateRefusedError,
)

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


@dataclass(frozen=True)
class SparqlResult:
    body: bytes
    media_type: str
    rows: int
    truncated: bool


def negotiate(accept: str, graph_result: bool) -> str:
    """The media type to answer with, from an Accept header (first match wins)."""
    offered = GRAPH_TYPES if graph_result else SELECT_TYPES
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media in offered:
            return media
    return "text/turtle" if graph_result else "application/sparql-results+json"


# An update names one of these operations after its prologue (PREFIX/BASE).
_UPDATE_START = re.compile(
    r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def looks_like_update(text: str) -> bool:
    """True for SPARQL Update text. Checked without executing it: an update could LOAD a URL."""
    without_comments = re.sub(r"#[^\n]*", "", text)
    return bool(_UPDATE_START.match(without_comments))


def _term(term: Any) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": str(term)}


def _render_select(
    variables: list[str], rows: list[list[Any]], media: str, truncated: bool, cap: int
) -> bytes:
    kind = SELECT_TYPES[media]
    if kind == "json":
        bindings = [
            {v: _term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        body: dict[str, Any] = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        if truncated:
            body["tkgraph"] = {"truncated": True, "rowCap": cap}
        return json.dumps(body).encode()
    if kind in ("csv", "tsv"):
        out = io.StringIO()
        if kind == "csv":
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(variables)
            writer.writerows([["" if t is None else t.value for t in row] for row in rows])
        else:
            out.write("\t".join("?" + v for v in variables) + "\n")
            for row in rows:
                out.write("\t".join("" if t is None else str(t) for t in row) + "\n")
        return out.getvalue().encode()
    return _render_xml(variables, rows)


def _render_xml(variables: list[str], rows: list[list[Any]]) -> bytes:
    from xml.sax.saxutils import escape, quoteattr

    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in variables]
    parts.append("</head><results>")
    for row in rows:
        parts.append("<result>")
        for v, t in zip(variables, row, strict=True):
            if t is None:
                continue
            d = _term(t)
            if d["type"] == "uri":
                inner = f"<uri>{escape(d['value'])}</uri>"
            elif d["type"] == "bnode":
                inner = f"<bnode>{escape(d['value'])}</bnode>"
            else:
                attrs = "".join(
                    f" {k}={quoteattr(d[k])}" for k in ("xml:lang", "datatype") if k in d
                )
                inner = f"<literal{attrs}>{escape(d['value'])}</literal>"
            parts.append(f"<binding name={quoteattr(v)}>{inner}</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>")
    return "".join(parts).encode()


def _execute(store: ox.Store, query: str, accept: str, cap: int) -> SparqlResult:
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        if looks_like_update(query):
            raise SparqlUpdateRefusedError from None
        raise SparqlSyntaxError(
            f"The SPARQL query does not parse: {exc.msg}.", "Check the query syntax."
        ) from None
    if isinstance(result, ox.QueryBoolean):
        body = json.dumps({"head": {}, "boolean": bool(result)}).encode()
        return SparqlResult(body, "application/sparql-results+json", 1, False)
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, graph_result=True)
        triples: list[ox.Triple] = []
        for triple in result:
            if len(triples) == cap:
                return _graph_result(triples, media, truncated=True)
            triples.append(triple)
        return _graph_result(triples, media, truncated=False)
    media = negotiate(accept, graph_result=False)
    variables = [v.value for v in result.variables]
    rows: list[list[Any]] = []
    truncated = False
    for solution in result:
        if len(rows) == cap:
            truncated = True
            break
        rows.append([solution[v] for v in variables])
    return SparqlResult(
        _render_select(variables, rows, media, truncated, cap), media, len(rows), truncated
    )


def _graph_result(triples: list[Any], media: str, truncated: bool) -> SparqlResult:
    body = ox.serialize(triples, format=GRAPH_TYPES[media]) or b""
    return SparqlResult(body, media, len(triples), truncated)


def _child(conn: Connection, store: ox.Store, query: str, accept: str, cap: int) -> None:
    try:
        outcome: object = _execute(store, query, accept, cap)
    except SparqlError as exc:
        outcome = exc
    except Exception as exc:  # anything else is reported to the parent, not lost
        outcome = SparqlError(f"The query failed: {type(exc).__name__}: {exc}", None)
    conn.send_bytes(pickle.dumps(outcome))
    conn.close()
    os._exit(0)  # skip the parent's atexit handlers and finalizers in the fork


def run_query(store: ox.Store, query: str, accept: str, timeout: float, cap: int) -> SparqlResult:
    """Run one read-only query in a forked child; kill it at the time limit."""
    if looks_like_update(query):
        raise SparqlUpdateRefusedError
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, store, query, accept, cap), daemon=True)
    proc.start()
    child.close()
    try:
        if not parent.poll(timeout):
            raise SparqlTimeoutError(
                f"The query ran past the time limit of {timeout:g} s and was stopped.",
                "Narrow it (add LIMIT, more specific patterns) or ask the operator for a higher limit.",
            )
        outcome = pickle.loads(parent.recv_bytes())  # the bytes come from our own child
    except EOFError:
        raise SparqlError("The query process ended without an answer.", "Try again.") from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=5)
        parent.close()
    if isinstance(outcome, SparqlError):
        raise outcome
    assert isinstance(outcome, SparqlResult)
    return outcome
