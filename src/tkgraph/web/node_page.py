"""The HTML page of one node (/id/<kind>/<local> in a browser): its facts, its
bindings or members, its cooperation partners, its ratings and its sources.

Rendered on the server from the snapshot, with every value escaped; no
script at all, so the page needs nothing the Content-Security-Policy forbids.
Links to other nodes point at this server's /id/... addresses.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from html import escape

from rdflib import Graph, Literal, URIRef

from tkgraph.domain import binding as b
from tkgraph.domain import cooperation as co
from tkgraph.domain import ratings as rt
from tkgraph.model import records as r
from tkgraph.model.partial_date import PartialDate
from tkgraph.rdf.vocab import (
    DCTERMS,
    ID_BASE,
    RDF,
    RDFS,
    TK,
    WIKIDATA_ENTITY,
    id_for_iri,
    kind_of,
)
from tkgraph.service.snapshot import Snapshot

# At most this many rows per section: a page stays readable, SPARQL gives the rest.
MAX_ROWS = 300

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 70em; padding: 0 1em; color: #222; }
h1 { margin-bottom: .1em; } .iri { color: #555; font-family: monospace; }
table { border-collapse: collapse; margin: .5em 0 1.5em; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } .muted { color: #666; } nav a { margin-right: 1em; }
.BOUND, .RATED { font-weight: 600; } .UNKNOWN { color: #8a5a00; }
"""


def _local_href(iri: str) -> str | None:
    """This server's address of a tkgraph IRI (/id/state/FR), or None."""
    return "/id/" + iri[len(ID_BASE) :] if kind_of(iri) else None


def _link(snap: Snapshot, iri: str) -> str:
    href = _local_href(iri)
    label = escape(snap.model.display_label(iri) if iri in snap.model.nodes else id_for_iri(iri))
    if href is not None:
        return f'<a href="{escape(href)}">{label}</a>'
    if iri.startswith(("http://", "https://")):
        return f'<a href="{escape(iri)}" rel="external">{escape(iri)}</a>'
    return label


def _term(snap: Snapshot, term: object) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        if text.startswith(str(TK)):
            return escape("tk:" + text[len(str(TK)) :])
        return _link(snap, text)
    if isinstance(term, Literal):
        return escape(str(term))
    return escape(str(term))


def _predicate(term: URIRef) -> str:
    text = str(term)
    for prefix, namespace in (("tk", str(TK)), ("rdfs", str(RDFS)), ("rdf", str(RDF)),
                              ("dcterms", str(DCTERMS))):  # fmt: skip
        if text.startswith(namespace):
            return f"{prefix}:{text[len(namespace) :]}"
    return text


def _table(headers: Iterable[str], rows: list[list[str]], empty: str) -> str:
    if not rows:
        return f'<p class="muted">{escape(empty)}</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _sources(snap: Snapshot, iris: Iterable[str]) -> str:
    """The sources of some records, as links to the documents."""
    seen: dict[str, None] = {}
    for iri in iris:
        node = snap.model.nodes.get(iri)
        for source in node.sources if node else ():
            seen.setdefault(source)
    return "<br>".join(_source(snap, s) for s in seen)


def _source(snap: Snapshot, iri: str) -> str:
    record = snap.model.sources.get(iri)
    if record is None:
        return _link(snap, iri)
    title = escape(record.title or id_for_iri(iri))
    as_of = f" <span class=muted>(as of {record.as_of.isoformat()})</span>" if record.as_of else ""
    if record.address:
        return f'<a href="{escape(record.address)}" rel="external">{title}</a>{as_of}'
    return f"{title}{as_of}"


def _facts(snap: Snapshot, graph: Graph) -> str:
    rows = [
        [escape(_predicate(p)), _term(snap, o)]
        for p, o in sorted(graph.predicate_objects(), key=lambda po: (str(po[0]), str(po[1])))
        if isinstance(p, URIRef)
    ]
    return "<h2>Facts</h2>" + _table(("property", "value"), rows, "No facts.")


def _bindings(snap: Snapshot, actor: str, day: date) -> str:
    model = snap.model
    rows = []
    for instrument in b.candidate_instruments(model, actor)[:MAX_ROWS]:
        a = b.assess(model, actor, instrument, day)
        status = a.status.name
        rows.append([
            _link(snap, instrument),
            f'<span class="{escape(status)}">{escape(status)}</span>',
            escape(a.bound_from.isoformat() if a.bound_from else ""),
            escape(a.reason),
            _sources(snap, [p.iri for p in a.premises]),
        ])  # fmt: skip
    return f"<h2>Bindings on {day.isoformat()}</h2>" + _table(
        ("instrument", "status", "bound from", "basis", "sources"), rows,
        "No participation record and no membership that binds it.",
    )  # fmt: skip


def _memberships(snap: Snapshot, iri: str, *, of_member: bool) -> str:
    """The organisations an actor is a member of (of_member), or an organisation's members."""
    model = snap.model
    index = model.memberships_by_member if of_member else model.memberships_by_organization
    rows = []
    for membership in index.get(iri, [])[:MAX_ROWS]:
        m = model.memberships[membership]
        other = m.organization if of_member else m.member
        rows.append([_link(snap, other), escape(_iso(m.start)), escape(_iso(m.end)),
                     _sources(snap, [membership])])  # fmt: skip
    if not rows:
        return ""
    heading, column = ("Member of", "organisation") if of_member else ("Members", "member")
    return f"<h2>{heading}</h2>" + _table((column, "from", "until", "sources"), rows, "")


def _cooperation(snap: Snapshot, actor: str) -> str:
    found = co.cooperation_of(snap.model, snap.network, actor)
    rows = [[_link(snap, c.partner), escape(str(c.evidence_count))] for c in found[:MAX_ROWS]]
    if not rows:
        return ""
    return "<h2>Cooperates with</h2>" + _table(("partner", "pieces of evidence"), rows, "")


def _ratings(snap: Snapshot, actor: str) -> str:
    model = snap.model
    sections = []
    for scheme in sorted(model.rating_schemes):
        years = rt.report_years(model, scheme)
        if not years:
            continue
        rows = []
        for year in range(years[0], years[-1] + 1):
            answer = rt.rate(model, actor, scheme, year)
            sources = "<br>".join(_source(snap, s) for s in answer.sources)
            status = answer.status.name
            rows.append([escape(str(year)), f'<span class="{status}">{escape(answer.summary)}</span>',
                         escape(answer.reason), sources])  # fmt: skip
        sections.append(
            f"<h2>{escape(rt.label(model, scheme))}</h2>"
            + _table(("report year", "rating", "why", "sources"), rows, "")
        )
    return "".join(sections)


def _iso(day: date | PartialDate | None) -> str:
    """A date as the source gives it (a day, or a month or year only)."""
    return day.isoformat() if day else ""


def _day(as_of: str | None) -> date:
    try:
        return date.fromisoformat(as_of) if as_of else date.today()
    except ValueError:
        return date.today()


def render(snap: Snapshot, iri: str, graph: Graph, as_of: str | None = None) -> str:
    """The page of the node ``iri`` whose triples are ``graph``."""
    model = snap.model
    record = model.nodes.get(iri)
    title = model.display_label(iri) if record else id_for_iri(iri)
    body = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="iri">{escape(id_for_iri(iri))} &middot; {escape(iri)}</p>',
        '<nav><a href="/graphql">GraphQL</a><a href="/atlas">Atlas</a>'
        '<a href="/map">Map</a>'
        '<a href="?format=ttl">Turtle</a><a href="?format=nt">N-Triples</a>'
        '<a href="?format=jsonld">JSON-LD</a></nav>',
    ]
    if isinstance(record, r.ActorRecord):
        if record.wikidata:
            body.append(f"<p>Wikidata: {_link(snap, WIKIDATA_ENTITY + record.wikidata)}</p>")
        body.append(_bindings(snap, iri, _day(as_of)))
        body.append(_memberships(snap, iri, of_member=True))
        body.append(_memberships(snap, iri, of_member=False))
        if record.kind == "State":  # the rating schemes rate states
            body.append(_ratings(snap, iri))
        body.append(_cooperation(snap, iri))
    body.append(_facts(snap, graph))
    if record is not None and record.sources:
        body.append("<h2>Sources</h2><ul>" + "".join(
            f"<li>{_source(snap, s)}</li>" for s in record.sources) + "</ul>")  # fmt: skip
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        f"<title>{escape(title)} · tkgraph</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f'<link rel="alternate" type="text/turtle" href="{escape(_local_href(iri) or "")}">'
        f"<style>{_STYLE}</style></head><body>{''.join(body)}</body></html>"
    )


def not_found(text: str) -> str:
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>Not found · tkgraph</title>"
        f"<style>{_STYLE}</style></head><body><h1>Not found</h1><p>{escape(text)}</p>"
        '<p><a href="/graphql">Search with GraphQL</a></p></body></html>'
    )
