"""The enums of the graph's types."""

from __future__ import annotations

from enum import Enum

import strawberry

from tkgraph.domain import binding as b

# Registered on the domain enums themselves, so fields are annotated with b.Status
# and b.EntryIntoForceBasis and the schema names them as below.
strawberry.enum(
    b.Status,
    name="BindingStatus",
    description="Legal status of a participant in an instrument on a date.",
)
strawberry.enum(b.EntryIntoForceBasis, name="EntryIntoForceBasis")


@strawberry.enum(description="The 4 Ps.")
class ObligationCategory(Enum):
    PREVENTION = "prevention"
    PROTECTION = "protection"
    PROSECUTION = "prosecution"
    PARTNERSHIP = "partnership"
