"""Read-only SPARQL 1.1 query execution with a time limit and a row cap.

pyoxigraph has no query time-out, and a thread cannot be stopped, so each
query runs in a forked child process that shares the in-memory store
copy-on-write; past the time limit the child is killed, so a runaway query
costs nothing after its budget. Results over the row cap are cut at the cap
and reported as truncated (header and body), never silently.

The child is fenced in (issue 13): it closes the sockets it inherited (the
server's listening socket among them, which otherwise outlives a killed
server), dies with its parent (PR_SET_PDEATHSIG), and has a CPU-time and an
address-space limit. Before running anything it classifies the text with a
real SPARQL parser (rdflib's): an update is refused, and so is federation
(SERVICE), which would make the server send requests wherever the query says
(SSRF), unless the endpoint is on the operator's allow-list.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import faulthandler
import io
import json
import logging
import math
import multiprocessing
import os
import pickle
import resource
import signal
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import pyoxigraph as ox

# Imported here, in the parent, so that forked children find the parser loaded
# (importing it takes about 0.2 s).
from rdflib import URIRef
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from tkgraph.errors import (
    SparqlError,
    SparqlFederationRefusedError,
    SparqlLimitError,
    SparqlSyntaxError,
    SparqlTimeoutError,
    SparqlUpdateRefusedError,
)

log = logging.getLogger(__name__)

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


@dataclass(frozen=True)
class Fence:
    """What a query may do: the SERVICE endpoints it may call (none by default),
    and the memory its process may add to what it inherits."""

    service_allow: tuple[str, ...] = ()
    memory_bytes: int = 1024 * 1024 * 1024


def _parse_names(tree: Any) -> Iterator[tuple[str, Any]]:
    """(rule name, node) of every rule in an rdflib SPARQL parse tree, without recursion."""
    stack = [tree]
    while stack:
        node = stack.pop()
        name = getattr(node, "name", None)
        if isinstance(name, str):
            yield name, node
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list | tuple) or type(node).__name__ == "ParseResults":
            stack.extend(node)


def classify(text: str, fence: Fence) -> None:
    """Refuse updates and federation, judged on the parsed text.

    A regular expression cannot tell a keyword from the same letters inside an
    IRI or string (`<http://x#y>` hid an INSERT from the old comment stripper);
    the parser can. Text rdflib cannot parse is left to Oxigraph to reject,
    except that it may not mention SERVICE at all: there the check could be
    fooled, so it errs on the side of refusing.
    """
    try:
        tree = parseQuery(text)
    except Exception:  # rdflib raises pyparsing's errors and others
        tree = None
    if tree is None:
        try:
            parseUpdate(text)
        except Exception:
            if "service" in text.lower():
                raise SparqlFederationRefusedError(
                    "The query uses SERVICE in a form this endpoint cannot check, so it is refused."
                ) from None
            return
        raise SparqlUpdateRefusedError
    for name, node in _parse_names(tree):
        if name != "ServiceGraphPattern":
            continue
        term = node.get("term")
        target = str(term) if isinstance(term, URIRef) else None  # else a variable
        if target is None or target not in fence.service_allow:
            where = f"<{target}>" if target else "a variable endpoint"
            raise SparqlFederationRefusedError(
                f"SERVICE {where} asks this server to query another endpoint; federation is off."
            )


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


_PR_SET_PDEATHSIG = 1


def _fence_child(keep_fd: int, parent_pid: int, timeout: float, memory_bytes: int) -> None:
    """Run first in the forked child: die with the parent, let go of the server's
    sockets, and cap CPU time and memory."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
    with contextlib.suppress(OSError):
        for name in os.listdir("/proc/self/fd"):  # noqa: PTH208 (a list, taken before closing)
            fd = int(name)
            if fd <= 2 or fd == keep_fd:
                continue
            with contextlib.suppress(OSError):
                if stat.S_ISSOCK(os.fstat(fd).st_mode):
                    os.close(fd)  # the listening socket and client connections
    # A backstop to the parent's kill: the kernel stops the child itself.
    cpu = math.ceil(timeout) + 1
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if memory_bytes > 0:
        with contextlib.suppress(ValueError, OSError):
            limit = _address_space() + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # Past the limit Oxigraph aborts the child; that is the expected end, and
        # the parent reports it: no Python stack dump to the log.
        faulthandler.disable()


def _address_space() -> int:
    """Bytes of address space this process has now (VmSize): the memory limit is
    on top of what the child inherits from the server."""
    with open("/proc/self/status") as status:  # noqa: PTH123
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(conn: Connection, parent_pid: int, store: ox.Store, query: str, accept: str, cap: int,
           timeout: float, fence: Fence) -> None:  # fmt: skip
    _fence_child(conn.fileno(), parent_pid, timeout, fence.memory_bytes)
    try:
        classify(query, fence)
        outcome: object = _execute(store, query, accept, cap)
    except SparqlError as exc:
        outcome = exc
    except MemoryError:
        outcome = SparqlLimitError(
            "The query needed more memory than its limit.",
            "Narrow it (add LIMIT, more specific patterns).",
        )
    except Exception as exc:  # anything else is reported to the parent, not lost
        # Not the exception's text: from a SERVICE call it can hold another
        # server's answer, which this endpoint must never pass on.
        outcome = SparqlError(
            f"The query failed while running ({type(exc).__name__}).",
            "Check the query; the operator's log has the details.",
        )
        outcome.detail = str(exc)[:2000]  # type: ignore[attr-defined]
    conn.send_bytes(pickle.dumps(outcome))
    conn.close()
    os._exit(0)  # skip the parent's atexit handlers and finalizers in the fork


def run_query(store: ox.Store, query: str, accept: str, timeout: float, cap: int,
              fence: Fence | None = None) -> SparqlResult:  # fmt: skip
    """Run one read-only query in a forked child; kill it at the time limit."""
    fence = fence or Fence()
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    args = (child, os.getpid(), store, query, accept, cap, timeout, fence)
    proc = ctx.Process(target=_child, args=args, daemon=True)
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
        proc.join(timeout=5)
        code = proc.exitcode
        raise SparqlLimitError(
            f"The query process ended without an answer (exit {code}): it reached its "
            f"memory limit of {fence.memory_bytes // 2**20} MB or its CPU time limit.",
            "Narrow it (add LIMIT, more specific patterns) or ask the operator for higher limits.",
        ) from None
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(timeout=5)
        parent.close()
    if isinstance(outcome, SparqlError):
        detail = getattr(outcome, "detail", None)
        if detail:
            log.warning("SPARQL query failed: %s", detail)
        raise outcome
    assert isinstance(outcome, SparqlResult)
    return outcome
