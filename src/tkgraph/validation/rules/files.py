"""Rules about files: they parse, and instrument files are named after their instrument."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from rdflib.term import Node

from tkgraph.rdf.vocab import RDF, TK, iri_for
from tkgraph.validation._terms import short
from tkgraph.validation.dataset import ParsedData, ParsedFile
from tkgraph.validation.report import Severity
from tkgraph.validation.rules import Finding, Rule

PARSE_ERROR = Rule(
    id="file/parse-error",
    severity=Severity.ERROR,
    summary="Every data file is valid Turtle (checked with pyoxigraph, the parser the server uses).",
    message="The file is not valid Turtle.",
    hint="Fix the syntax at that line (check for a missing '.', ';' or quote, or an undeclared "
    "prefix). The other rules run once every file parses.",
    always_reported=True,
)
INSTRUMENT_SLUG_MISMATCH = Rule(
    id="file/instrument-slug-mismatch",
    severity=Severity.ERROR,
    summary="seed/instruments/<slug>.ttl declares the instrument instrument:<slug> and no other; "
    "seed/instruments/<slug>.<table>.ttl declares no other instrument and holds only "
    "participations in instrument:<slug>.",
    message="does not belong in this instrument file.",
    hint="Name the file after the instrument's slug (the local name of its IRI), or move the "
    "node to the file of the instrument it belongs to.",
)
RULES = (PARSE_ERROR, INSTRUMENT_SLUG_MISMATCH)

_INSTRUMENTS_FOLDER = "seed/instruments"


def check_syntax(data: ParsedData) -> Iterator[Finding]:
    for parsed in data.syntax_errors:
        assert parsed.syntax is not None
        yield Finding(
            PARSE_ERROR,
            subject=None,
            detail=parsed.syntax.detail,
            file=parsed.relative,
            line=parsed.syntax.line,
        )


def check_instrument_slugs(data: ParsedData) -> Iterator[Finding]:
    instrument_classes = data.subclasses_of(TK.Instrument)
    for parsed in data.seed_files:
        path = PurePosixPath(parsed.relative)
        if str(path.parent) != _INSTRUMENTS_FOLDER:
            continue
        slug, _, table = path.name.removesuffix(".ttl").partition(".")
        expected = iri_for("instrument", slug)
        declared = _declared_instruments(parsed, instrument_classes)
        for instrument in sorted(declared - {expected}, key=str):
            yield _mismatch(
                parsed, instrument, f"declares {short(instrument)}, not {short(expected)}"
            )
        if not table and not declared:
            yield _mismatch(
                parsed, expected, f"the file declares no instrument {short(expected)}", line=1
            )
        for s, p, o in parsed.triples:
            if p == TK.participationIn and o != expected:
                yield _mismatch(
                    parsed, s, f"a participation in {short(o)}, not {short(expected)}", p, o
                )


def _declared_instruments(parsed: ParsedFile, classes: frozenset[Node]) -> set[Node]:
    return {s for s, p, o in parsed.triples if p == RDF.type and o in classes}


def _mismatch(
    parsed: ParsedFile,
    subject: Node,
    detail: str,
    predicate: Node | None = RDF.type,
    value: Node | None = None,
    line: int | None = None,
) -> Finding:
    return Finding(
        INSTRUMENT_SLUG_MISMATCH,
        subject=subject,
        detail=detail,
        file=parsed.relative,
        line=line,
        predicate=predicate,
        value=value,
    )
