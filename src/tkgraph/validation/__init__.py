"""`tkgraph validate`: check the ontology and seed files, report problems by file and line.

``validate`` always reads the whole data set, because references cross files
(a participation in instruments/ names a state declared in actors/); with
``paths`` it reports only the problems located in those files (plus the
problems that concern every file: a file that does not parse, an
inconsistency). Exit codes are the CLI's business: ``Report.ok`` is False
when some problem is an ERROR. Errors that stop validation from running (a
missing folder, no shapes, no Java for the reasoner) are raised as
``TkgraphError`` subclasses.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from rdflib import URIRef

from tkgraph import __version__
from tkgraph.errors import ConfigError
from tkgraph.rdf.loading import DataFile, data_files
from tkgraph.rdf.vocab import RDF
from tkgraph.validation.dataset import ParsedData, parse_files
from tkgraph.validation.locate import Locator
from tkgraph.validation.report import Problem, Report, Severity
from tkgraph.validation.rules import Finding, Rule, consistency, coverage, files, references
from tkgraph.validation.rules.consistency import ConsistencyChecker
from tkgraph.validation.rules.shapes import Shapes, check_shapes

__all__ = [
    "ConsistencyChecker",
    "Problem",
    "Report",
    "Rule",
    "Severity",
    "all_rules",
    "validate",
    "validate_once",
]

PYTHON_RULES: tuple[Rule, ...] = (
    *files.RULES,
    *references.RULES,
    *coverage.RULES,
    *consistency.RULES,
)
_ALWAYS_REPORTED = frozenset(r.id for r in PYTHON_RULES if r.always_reported)


def all_rules(ontology_dir: Path) -> tuple[Rule, ...]:
    """Every rule, Python checks and SHACL shapes, sorted by id (the rule catalogue)."""
    shape_rules = tuple(r.rule for r in Shapes.load(ontology_dir).rules.values())
    return tuple(sorted((*PYTHON_RULES, *shape_rules), key=lambda r: r.id))


def validate(
    ontology_dir: Path,
    seed_dir: Path,
    paths: list[Path] | None = None,
    *,
    reasoner: bool = True,
    consistency_checker: ConsistencyChecker | None = None,
) -> Report:
    """Check every file of the data set; report the problems located in ``paths`` (or all).

    ``paths`` may name files or folders (None or empty: every file); a file
    outside the data set (a draft, or a name starting with "_") is validated
    together with the data set.
    ``reasoner=False`` skips the OWL consistency check (no JVM needed);
    ``consistency_checker`` replaces ``tkgraph.reasoning.check_consistency``.
    Raises ConfigError for a missing folder, path or shapes file, and
    ReasonerUnavailableError when the reasoner cannot start.
    """
    paths = paths or None  # an empty list (no PATHS on the command line) means everything
    found = data_files(ontology_dir, seed_dir)
    found += _extra_files(found, paths or [])
    shapes = Shapes.load(ontology_dir)
    data = parse_files(found)
    checker = (consistency_checker or consistency.reasoner_checker()) if reasoner else None
    locator = Locator({f.relative: f.data_file.path for f in data.files})
    problems = [_locate(f, data, locator) for f in _findings(data, shapes, checker)]
    selected = _selected(found, paths)
    kept = [p for p in problems if p.file in selected or p.rule_id in _ALWAYS_REPORTED]
    return Report(
        problems=tuple(sorted(set(kept), key=Problem.sort_key)),
        files_checked=tuple(f.relative for f in found if f.relative in selected),
    )


def _findings(
    data: ParsedData, shapes: Shapes, checker: ConsistencyChecker | None
) -> Iterator[Finding]:
    if data.syntax_errors:
        # The triples of a broken file are missing: every other rule would
        # report their absence. Syntax first, then the rest.
        yield from files.check_syntax(data)
        return
    yield from files.check_instrument_slugs(data)
    yield from references.check_undeclared_iris(data)
    yield from references.check_unknown_terms(data)
    yield from references.check_duplicate_entities(data)
    yield from coverage.check_list_counts(data)
    yield from check_shapes(data, shapes)
    if checker is not None:
        yield from consistency.check_consistency(data, checker)


def _locate(finding: Finding, data: ParsedData, locator: Locator) -> Problem:
    file = finding.file or _file_of(finding, data)
    line = finding.line or locator.line_of(file, finding.subject, finding.predicate, finding.value)
    return Problem(
        rule_id=finding.rule.id,
        severity=finding.rule.severity,
        file=file,
        line=line,
        subject=str(finding.subject) if isinstance(finding.subject, URIRef) else None,
        message=finding.message,
        hint=finding.rule.hint,
    )


def _file_of(finding: Finding, data: ParsedData) -> str:
    """The file of the finding's triple, else of the subject's declaration, else any."""
    subject, predicate = finding.subject, finding.predicate
    if subject is None:
        return data.files[0].relative  # the ontology: a problem of the data set as a whole
    for p in (predicate, RDF.type):
        if p is None:
            continue
        values = [finding.value] if finding.value is not None and p == predicate else []
        for value in values or list(data.graph.objects(subject, p)):
            file = data.file_of_triple.get((subject, p, value))
            if file is not None:
                return file
    return data.files_of_subject.get(subject, [data.files[0].relative])[0]


def _extra_files(found: list[DataFile], paths: list[Path]) -> list[DataFile]:
    """Files named in ``paths`` that are not part of the data set, validated along with it."""
    known = {f.path.resolve() for f in found}
    extra: list[DataFile] = []
    for path in paths:
        if not path.exists():
            raise ConfigError(
                f"Path '{path}' does not exist.",
                "Pass Turtle files or folders of the data set (seed/..., ontology/...).",
            )
        candidates = [path] if path.is_file() else sorted(path.rglob("*.ttl"))
        for candidate in candidates:
            skipped = path.is_dir() and candidate.name.startswith("_")
            if candidate.resolve() not in known and not skipped:
                known.add(candidate.resolve())
                extra.append(DataFile(candidate, candidate.as_posix()))
    return extra


def _selected(found: list[DataFile], paths: list[Path] | None) -> set[str]:
    if paths is None:
        return {f.relative for f in found}
    wanted = [p.resolve() for p in paths]
    return {
        f.relative
        for f in found
        if any(f.path.resolve() == w or f.path.resolve().is_relative_to(w) for w in wanted)
    }


def _clean_marker(content_hash: str, cache_dir: Path) -> Path:
    # The rules are part of the answer: a new tkgraph version validates again.
    return cache_dir / "validated" / f"{__version__}-{content_hash}"


def validate_once(
    ontology_dir: Path, seed_dir: Path, content_hash: str, cache_dir: Path
) -> Report | None:
    """Validate (without the reasoner) unless this data version was found clean
    before by this tkgraph version; None when it was. Keeps server start-up fast."""
    marker = _clean_marker(content_hash, cache_dir)
    if marker.exists():
        return None
    report = validate(ontology_dir, seed_dir, reasoner=False)
    if report.ok:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text("clean\n")
    return report
