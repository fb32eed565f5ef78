"""GraphQL object types, by subject. Each is built once from a read-model
record (or a domain answer) by its `from_record` / `from_*` constructor: plain
fields are data read by graphql-core's default resolver, and only the fields
that look something up or compute have a Python resolver. Lookups are dict
lookups in the request's snapshot (no SPARQL, no I/O), so a list of N items
costs N lookups and there is no N+1 query problem to batch away.

    fields         how a type is filled: copied fields, related(), computed()
    refs           the types of one subject named from another (strawberry.lazy)
    enums          BindingStatus, EntryIntoForceBasis, ObligationCategory
    nodes          the Node interface, Source, the registry of node types
    actors         Actor
    membership     Membership, Suspension, MembershipRoster, MembershipCoverage
    instruments    Instrument, Provision, Statement, EntryIntoForceRule, MemberPosition
    participation  Participation, ParticipantList, DataCoverage, CoverageSummary
    bindings       Binding, ProvisionBinding, Premise, Supersession
    activities     Activity, Involvement, Figure
"""

from tkgraph.api.types import (
    activities,
    actors,
    instruments,
    membership,
    participation,
)
from tkgraph.api.types.activities import Activity
from tkgraph.api.types.actors import Actor, actor
from tkgraph.api.types.bindings import Binding, ProvisionBinding
from tkgraph.api.types.fields import from_record, related
from tkgraph.api.types.instruments import Instrument, instrument
from tkgraph.api.types.nodes import ALL_TYPES, Node, Source, node_for, register_node_types
from tkgraph.model import records as r

# In the order of the schema's types (schema.graphql).
register_node_types(
    {
        r.ActorRecord: actors.Actor,
        r.InstrumentRecord: instruments.Instrument,
        r.ParticipationRecord: participation.Participation,
        r.MembershipRecord: membership.Membership,
        r.SuspensionRecord: membership.Suspension,
        r.SourceRecord: Source,
        r.EntryIntoForceRuleRecord: instruments.EntryIntoForceRule,
        r.ProvisionRecord: instruments.Provision,
        r.StatementRecord: instruments.Statement,
        r.PositionRecord: instruments.MemberPosition,
        r.ActivityRecord: activities.Activity,
        r.InvolvementRecord: activities.Involvement,
        r.FigureRecord: activities.Figure,
        r.ParticipantListRecord: participation.ParticipantList,
        r.RosterRecord: membership.MembershipRoster,
    }
)

__all__ = [
    "ALL_TYPES",
    "Activity",
    "Actor",
    "Binding",
    "Instrument",
    "Node",
    "ProvisionBinding",
    "Source",
    "actor",
    "from_record",
    "instrument",
    "node_for",
    "register_node_types",
    "related",
]
