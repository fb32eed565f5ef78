"""Problem and Report: one line per problem, JSON, and what counts as failing."""

from __future__ import annotations

import json

from tkgraph.validation import Problem, Report, Severity

SUBJECT = "https://w3id.org/tkgraph/id/instrument/x"


def problem(severity: Severity = Severity.ERROR, line: int = 12) -> Problem:
    return Problem(
        rule_id="shape/missing-source",
        severity=severity,
        file="seed/instruments/x.ttl",
        line=line,
        subject=SUBJECT,
        message="has no dcterms:source.",
        hint="Add dcterms:source source:<slug> pointing at a tk:Source.",
    )


def test_a_problem_is_one_line_with_file_line_rule_subject_and_fix() -> None:
    assert problem().text() == (
        "seed/instruments/x.ttl:12: ERROR [shape/missing-source] "
        f"<{SUBJECT}> has no dcterms:source. "
        "Add dcterms:source source:<slug> pointing at a tk:Source."
    )
    assert "\n" not in problem().text()


def test_a_problem_without_subject_leaves_it_out() -> None:
    syntax = Problem("file/parse-error", Severity.ERROR, "seed/a.ttl", 3, None, "Bad.", "Fix it.")
    assert syntax.text() == "seed/a.ttl:3: ERROR [file/parse-error] Bad. Fix it."


def test_json_has_every_field_and_the_docs_anchor() -> None:
    report = Report((problem(),), ("seed/instruments/x.ttl",))
    data = json.loads(report.to_json())
    assert data["ok"] is False
    assert data["errors"] == 1 and data["warnings"] == 0
    assert data["files_checked"] == ["seed/instruments/x.ttl"]
    assert data["problems"] == [
        {
            "rule": "shape/missing-source",
            "severity": "ERROR",
            "file": "seed/instruments/x.ttl",
            "line": 12,
            "subject": SUBJECT,
            "message": "has no dcterms:source.",
            "hint": "Add dcterms:source source:<slug> pointing at a tk:Source.",
            "docs": "docs/validation-rules.md#shape/missing-source",
        }
    ]


def test_warnings_alone_do_not_fail_validation() -> None:
    report = Report((problem(Severity.WARNING),), ("seed/instruments/x.ttl",))
    assert report.ok
    assert report.warnings and not report.errors
    assert report.summary() == "0 error(s), 1 warning(s) in 1 file."


def test_text_is_one_line_per_problem_and_summary_says_when_clean() -> None:
    report = Report((problem(line=3), problem(line=9)), ("a", "b"))
    assert report.to_text().splitlines() == [problem(line=3).text(), problem(line=9).text()]
    assert not report.ok
    assert Report((), ("a", "b")).summary() == "No problems in 2 files."
