"""Who is bound to what, as of a date, and why: the binding engine's public face.

The engine is in these modules, each with one job:
- assessment.py: what an answer is (Status, Rule, Assessment, Premise);
- status_rules.py: the rules, evaluated directly from the records (`evaluate`);
- entry_into_force.py: entry into force and denunciation dates for a participant;
- membership_binding.py: bindings derived from membership (tk:bindsMembersOf, opt-outs);
- premises.py: the records an answer rests on, in words;
- status_timelines.py: every pair's status as a step function of the date (`assess`
  is a lookup in it), and the number bound per instrument;
- obligations.py: provisions, reservations included.
"""

from tkgraph.domain.assessment import (
    Assessment,
    EntryIntoForceBasis,
    LastKnown,
    Premise,
    Rule,
    Status,
)
from tkgraph.domain.entry_into_force import (
    add_months,
    denunciation_effective_for,
    entry_into_force_for,
)
from tkgraph.domain.obligations import ProvisionAssessment, assess_provision, obligations_of
from tkgraph.domain.status_rules import candidate_actors, evaluate
from tkgraph.domain.status_timelines import (
    assess,
    assessments_for_instrument,
    bound_count,
    build_status_timelines,
    candidate_instruments,
)

__all__ = [
    "Assessment",
    "EntryIntoForceBasis",
    "LastKnown",
    "Premise",
    "ProvisionAssessment",
    "Rule",
    "Status",
    "add_months",
    "assess",
    "assess_provision",
    "assessments_for_instrument",
    "bound_count",
    "build_status_timelines",
    "candidate_actors",
    "candidate_instruments",
    "denunciation_effective_for",
    "entry_into_force_for",
    "evaluate",
    "obligations_of",
]
