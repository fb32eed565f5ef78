"""Read-only SPARQL 1.1 query execution with a time limit and a row cap.

pyoxigraph has no query time-out, and a thread cannot be stopped, so each
query runs in a forked child process that shares the in-memory store
copy-on-write; past the time limit the child is killed, so a runaway query
costs nothing after its budget. Results over the row cap are cut at the cap
and reported as truncated (header and body), never silently.

The child is fenced in: it closes the sockets it inherited (the server's
listening socket among them, which otherwise outlives a killed server), dies
with its parent (PR_SET_PDEATHSIG), has a CPU-time and an address-space
limit, and cannot open a network socket at all (netfence: a seccomp filter,
kept by the kernel). That last fence is what keeps /sparql local: Oxigraph
would otherwise send a request for every SERVICE clause it reads, and a
check made with another parser can read the text differently (rdflib expands
\\u escapes across the whole text, Oxigraph only inside strings and IRIs).
So every decision is Oxigraph's: Store.query parses queries only, never
updates (an update text is recognised by Oxigraph's update parser, on an
empty throwaway store, to say so); a SERVICE it tries to call fails in the
kernel and is reported as refused federation. The child's error output (an
out-of-memory abort's backtrace) goes to a file the parent reads one line of.
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
import tempfile
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import IO, Any

import pyoxigraph as ox

from tkgraph.errors import (
    SparqlError,
    SparqlFederationRefusedError,
    SparqlLimitError,
    SparqlSyntaxError,
    SparqlTimeoutError,
    SparqlUpdateRefusedError,
)
from tkgraph.web import netfence

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
    # Cut at the byte cap (rather than the row cap).
    byte_capped: bool = False


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
    """What a query's process may use: memory on top of what it inherits, and
    bytes of answer (more rows are cut, as at the row cap)."""

    memory_bytes: int = 1024 * 1024 * 1024
    max_bytes: int = 32 * 1024 * 1024


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
    variables: list[str], rows: list[list[Any]], media: str, cut: dict[str, object] | None
) -> bytes:
    kind = SELECT_TYPES[media]
    if kind == "json":
        bindings = [
            {v: _term(t) for v, t in zip(variables, row, strict=True) if t is not None}
            for row in rows
        ]
        body: dict[str, Any] = {"head": {"vars": variables}, "results": {"bindings": bindings}}
        if cut:
            body["tkgraph"] = {"truncated": True, **cut}
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


# Bytes a row or triple adds to an answer beyond its terms' text (JSON keys,
# markup): the byte cap counts each term's text plus this, so the body stays
# within about the cap in every format.
_TERM_OVERHEAD = 48


def _size(terms: Any) -> int:
    return sum(_TERM_OVERHEAD + len(str(t)) for t in terms if t is not None)


def _execute(store: ox.Store, query: str, accept: str, cap: int, max_bytes: int) -> SparqlResult:
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except SyntaxError as exc:
        if _is_update(query):
            raise SparqlUpdateRefusedError from None
        raise SparqlSyntaxError(
            f"The SPARQL query does not parse: {exc.msg}.", "Check the query syntax."
        ) from None
    if isinstance(result, ox.QueryBoolean):
        body = json.dumps({"head": {}, "boolean": bool(result)}).encode()
        return SparqlResult(body, "application/sparql-results+json", 1, False)
    size = 0
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, graph_result=True)
        triples: list[ox.Triple] = []
        for triple in result:
            size += _size(triple)
            if len(triples) == cap or size > max_bytes:
                return _graph_result(triples, media, truncated=True, byte_capped=size > max_bytes)
            triples.append(triple)
        return _graph_result(triples, media, truncated=False, byte_capped=False)
    media = negotiate(accept, graph_result=False)
    variables = [v.value for v in result.variables]
    rows: list[list[Any]] = []
    cut: dict[str, object] | None = None
    for solution in result:
        row = [solution[v] for v in variables]
        size += _size(row)
        if len(rows) == cap:
            cut = {"rowCap": cap}
            break
        if size > max_bytes:
            cut = {"byteCap": max_bytes}
            break
        rows.append(row)
    body = _render_select(variables, rows, media, cut)
    return SparqlResult(body, media, len(rows), cut is not None, "byteCap" in (cut or {}))


def _is_update(text: str) -> bool:
    """Whether Oxigraph reads the text as a SPARQL Update. Run on an empty store
    of its own, in the fenced child: whatever it does touches nothing (a LOAD
    fails in the kernel, which also means it parsed)."""
    try:
        ox.Store().update(text)
    except SyntaxError:
        return False
    except Exception:  # parsed, then failed while running: an update all the same
        return True
    return True


def _federation(exc: BaseException) -> bool:
    """An error from a SERVICE clause: Oxigraph's HTTP client stopped by the
    network fence (the kernel's refusal itself, or the name lookup it broke), or
    Oxigraph's own complaint about a SERVICE (an unbound endpoint variable)."""
    text = str(exc)
    return (
        f"os error {netfence.REFUSED_ERRNO}" in text
        or "lookup address" in text
        or "service" in text.lower()
    )


def _graph_result(triples: list[Any], media: str, truncated: bool,
                  byte_capped: bool) -> SparqlResult:  # fmt: skip
    body = ox.serialize(triples, format=GRAPH_TYPES[media]) or b""
    return SparqlResult(body, media, len(triples), truncated, byte_capped)


_PR_SET_PDEATHSIG = 1


def _fence_child(keep_fd: int, parent_pid: int, timeout: float, memory_bytes: int,
                 errors_fd: int) -> None:  # fmt: skip
    """Run first in the forked child: die with the parent, let go of the server's
    sockets, write errors to their own file, cap CPU time and memory, and stay
    off the network (NoFenceError if the kernel fence cannot be set up)."""
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
    # Oxigraph's abort at the memory limit prints a backtrace: into the file,
    # not the server's log (the parent logs one line).
    os.dup2(errors_fd, 2)
    # A backstop to the parent's kill: the kernel stops the child itself.
    cpu = math.ceil(timeout) + 1
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    if memory_bytes > 0:
        with contextlib.suppress(ValueError, OSError):
            limit = _address_space() + memory_bytes
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        # Past the limit Oxigraph aborts the child; that is the expected end, and
        # the parent reports it: no Python stack dump.
        faulthandler.disable()
    netfence.no_network()


def _address_space() -> int:
    """Bytes of address space this process has now (VmSize): the memory limit is
    on top of what the child inherits from the server."""
    with open("/proc/self/status") as status:  # noqa: PTH123
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    return 0


def _child(conn: Connection, parent_pid: int, store: ox.Store, query: str, accept: str, cap: int,
           timeout: float, fence: Fence, errors_fd: int) -> None:  # fmt: skip
    try:
        _fence_child(conn.fileno(), parent_pid, timeout, fence.memory_bytes, errors_fd)
        outcome: object = _execute(store, query, accept, cap, fence.max_bytes)
    except netfence.NoFenceError as exc:
        outcome = SparqlError(
            "This server cannot keep SPARQL queries off the network on this machine, so "
            "/sparql is off.",
            "Ask the operator (the log says why).",
        )
        outcome.detail = f"network fence: {exc}"  # type: ignore[attr-defined]
    except SparqlError as exc:
        outcome = exc
    except MemoryError:
        outcome = SparqlLimitError(
            "The query needed more memory than its limit.",
            "Narrow it (add LIMIT, more specific patterns).",
        )
    except Exception as exc:  # anything else is reported to the parent, not lost
        if _federation(exc):
            outcome = SparqlFederationRefusedError(
                "The query asks this server to reach another endpoint (SERVICE); "
                "this endpoint answers from its own data only."
            )
        else:
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
    with tempfile.TemporaryFile() as errors:
        args = (child, os.getpid(), store, query, accept, cap, timeout, fence, errors.fileno())
        proc = ctx.Process(target=_child, args=args, daemon=True)
        proc.start()
        child.close()
        try:
            if not parent.poll(timeout):
                raise SparqlTimeoutError(
                    f"The query ran past the time limit of {timeout:g} s and was stopped.",
                    "Narrow it (add LIMIT, more specific patterns) or ask the operator for a "
                    "higher limit.",
                )
            outcome = pickle.loads(parent.recv_bytes())  # the bytes come from our own child
        except EOFError:
            proc.join(timeout=5)
            code = proc.exitcode
            log.warning("SPARQL query process ended without an answer (exit %s)%s",
                        code, _first_line(errors))  # fmt: skip
            raise SparqlLimitError(
                f"The query process ended without an answer (exit {code}): it reached its "
                f"memory limit of {fence.memory_bytes // 2**20} MB or its CPU time limit.",
                "Narrow it (add LIMIT, more specific patterns) or ask the operator for higher "
                "limits.",
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


def _first_line(errors: IO[bytes]) -> str:
    """': <first line>' of what the child wrote to its error file, or ''."""
    errors.seek(0)
    line = errors.read(500).split(b"\n", 1)[0].decode("utf-8", errors="replace").strip()
    return f": {line}" if line else ""
