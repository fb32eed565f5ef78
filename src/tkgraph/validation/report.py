"""What `tkgraph validate` found: one Problem per line, and the Report.

A problem names the file and line to look at, the subject, a stable rule id
(documented at docs/validation-rules.md#<rule-id>), what is wrong and how to
fix it, so that one line of output is enough to act on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum

DOCS_PAGE = "docs/validation-rules.md"


class Severity(Enum):
    """ERROR fails validation (exit 1); WARNING is shown but does not fail it."""

    ERROR = "ERROR"
    WARNING = "WARNING"


@dataclass(frozen=True)
class Problem:
    rule_id: str
    severity: Severity
    file: str  # relative to the data root, e.g. "seed/instruments/tip-protocol.ttl"
    line: int  # 1-based
    subject: str | None  # full IRI; None when the problem has no subject (a syntax error)
    message: str  # what is wrong, starting with the subject's verb: "has no rdfs:label."
    hint: str  # how to fix it

    @property
    def docs(self) -> str:
        return f"{DOCS_PAGE}#{self.rule_id}"

    def text(self) -> str:
        """One line: ``file:line: SEVERITY [rule] <subject> message hint``."""
        subject = f"<{self.subject}> " if self.subject else ""
        return (
            f"{self.file}:{self.line}: {self.severity.value} [{self.rule_id}] "
            f"{subject}{self.message} {self.hint}"
        )

    def as_dict(self) -> dict[str, str | int | None]:
        return {
            "rule": self.rule_id,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "subject": self.subject,
            "message": self.message,
            "hint": self.hint,
            "docs": self.docs,
        }

    def sort_key(self) -> tuple[str, int, str, str]:
        return (self.file, self.line, self.rule_id, self.subject or "")


@dataclass(frozen=True)
class Report:
    problems: tuple[Problem, ...]
    files_checked: tuple[str, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when nothing is an ERROR (warnings alone do not fail validation)."""
        return not self.errors

    @property
    def rule_ids(self) -> set[str]:
        return {p.rule_id for p in self.problems}

    def summary(self) -> str:
        files = f"{len(self.files_checked)} file{'s' if len(self.files_checked) != 1 else ''}"
        if not self.problems:
            return f"No problems in {files}."
        return f"{len(self.errors)} error(s), {len(self.warnings)} warning(s) in {files}."

    def to_text(self) -> str:
        """One line per problem (no summary; see summary())."""
        return "\n".join(p.text() for p in self.problems)

    def to_json(self) -> str:
        return json.dumps(
            {
                "ok": self.ok,
                "files_checked": list(self.files_checked),
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [p.as_dict() for p in self.problems],
            },
            indent=2,
            ensure_ascii=False,
        )
