"""Validation rules: each has a stable id, a severity, what it checks and how to fix it.

Rules come from two places:
- the SHACL shapes in ``ontology/shapes/`` (structure: labels, sources, dates,
  closed lists, date order), one rule per named shape (``shapes.py``);
- Python checks for what SHACL cannot say well: references across files
  (``references.py``), file naming and syntax (``files.py``) and OWL
  consistency through the reasoner (``consistency.py``).

A check yields Findings (what, about which node); ``tkgraph.validation`` then
finds their file and line and turns them into Problems.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib.term import Node

from tkgraph.validation.report import Severity


@dataclass(frozen=True)
class Rule:
    id: str  # kebab-case "<topic>/<name>", never renamed; anchor in docs/validation-rules.md
    severity: Severity
    summary: str  # what the rule checks
    message: str  # what is wrong, as said of the subject: "has no rdfs:label."
    hint: str  # how to fix it
    # True for problems that stop or concern the whole validation (a file that
    # does not parse, an inconsistent data set): shown even when only some
    # paths were asked for, since the selected files cannot be called valid.
    always_reported: bool = False


@dataclass(frozen=True)
class Finding:
    """One breach of a rule, before it is given a file and a line."""

    rule: Rule
    subject: Node | None
    detail: str = ""  # appended to the rule's message, e.g. 'tk:iso2 "FR" is also on <…>'
    file: str | None = None  # when the check knows it; else found from the triple
    line: int | None = None
    predicate: Node | None = None
    value: Node | None = None

    @property
    def message(self) -> str:
        message = self.rule.message
        if self.subject is None and message[:1].islower():
            message = "The data set " + message  # said of a subject; here there is none
        if not self.detail:
            return message
        return f"{message.rstrip('.')}: {self.detail.rstrip('.')}."
