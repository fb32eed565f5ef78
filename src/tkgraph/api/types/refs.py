"""The GraphQL types of one subject named from another: resolved lazily
(strawberry.lazy), since the graph's types refer to each other in cycles
(an actor's bindings name their actor)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

if TYPE_CHECKING:
    from tkgraph.api.types.activities import Activity, Figure
    from tkgraph.api.types.actors import Actor
    from tkgraph.api.types.bindings import Binding, ProvisionBinding
    from tkgraph.api.types.instruments import Instrument, Provision, Statement
    from tkgraph.api.types.membership import Membership, MembershipCoverage
    from tkgraph.api.types.participation import (
        CoverageSummary,
        DataCoverage,
        ParticipantList,
        Participation,
    )

_TYPES = "tkgraph.api.types."

ActivityRef = Annotated["Activity", strawberry.lazy(_TYPES + "activities")]
FigureRef = Annotated["Figure", strawberry.lazy(_TYPES + "activities")]
ActorRef = Annotated["Actor", strawberry.lazy(_TYPES + "actors")]
BindingRef = Annotated["Binding", strawberry.lazy(_TYPES + "bindings")]
ProvisionBindingRef = Annotated["ProvisionBinding", strawberry.lazy(_TYPES + "bindings")]
InstrumentRef = Annotated["Instrument", strawberry.lazy(_TYPES + "instruments")]
ProvisionRef = Annotated["Provision", strawberry.lazy(_TYPES + "instruments")]
StatementRef = Annotated["Statement", strawberry.lazy(_TYPES + "instruments")]
MembershipRef = Annotated["Membership", strawberry.lazy(_TYPES + "membership")]
MembershipCoverageRef = Annotated["MembershipCoverage", strawberry.lazy(_TYPES + "membership")]
ParticipationRef = Annotated["Participation", strawberry.lazy(_TYPES + "participation")]
ParticipantListRef = Annotated["ParticipantList", strawberry.lazy(_TYPES + "participation")]
DataCoverageRef = Annotated["DataCoverage", strawberry.lazy(_TYPES + "participation")]
CoverageSummaryRef = Annotated["CoverageSummary", strawberry.lazy(_TYPES + "participation")]
