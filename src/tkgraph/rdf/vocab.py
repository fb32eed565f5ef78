"""The one place that spells IRIs: the ontology namespace, the instance IRI
scheme, and the standard vocabularies tkgraph reuses.

A misspelt ``TK`` term raises ``AttributeError`` where it is used (``_fail``),
and ``tests/test_drift.py`` keeps ``TK`` equal to the terms declared in
``ontology/tkgraph.ttl``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rdflib import DCTERMS, OWL, RDF, RDFS, SKOS, XSD, Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = [
    "DATASET_IRI",
    "DCAT",
    "DCTERMS",
    "FORMATS",
    "GRAPH_BASE",
    "ID_BASE",
    "INFERRED_GRAPH",
    "KINDS",
    "ONTOLOGY_IRI",
    "ORG",
    "OWL",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SKOS",
    "TK",
    "VOID",
    "WIKIDATA_ENTITY",
    "XSD",
    "graph_for",
    "id_for_iri",
    "iri_for",
    "iri_for_id",
    "kind_of",
]

ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SCHEMA = Namespace("https://schema.org/")
# Linked-data descriptions of the data set (/.well-known/void, /sparql).
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")
# Wikidata items that states link to with schema:sameAs.
WIKIDATA_ENTITY = "http://www.wikidata.org/entity/"
DATASET_IRI = URIRef("https://w3id.org/tkgraph/dataset")

ONTOLOGY_IRI = URIRef("https://w3id.org/tkgraph/ontology")
ID_BASE = "https://w3id.org/tkgraph/id/"
GRAPH_BASE = "urn:tkgraph:graph:"
INFERRED_GRAPH = URIRef(GRAPH_BASE + "inferred")

# The kinds of instance IRI: https://w3id.org/tkgraph/id/<kind>/<local>.
# The GraphQL ID of a node is "<kind>:<local>" (e.g. "state:FR").
KINDS = (
    "state",
    "organization",
    "instrument",
    "participation",
    "membership",
    "provision",
    "statement",
    "rule",
    "operation",
    "programme",
    "agreement",
    "involvement",
    "figure",
    "position",
    "source",
    "list",
    "assessment",
)


class TK(DefinedNamespace):
    """Terms of the tkgraph ontology (ontology/tkgraph.ttl)."""

    _NS = Namespace("https://w3id.org/tkgraph/ontology#")
    _fail = True

    Activity: URIRef
    Actor: URIRef
    Assessment: URIRef
    BindingInstrument: URIRef
    Body: URIRef
    Completeness: URIRef
    Completenesses: URIRef
    ConsentKind: URIRef
    ConsentKinds: URIRef
    Convention: URIRef
    CooperationAgreement: URIRef
    CoordinationBody: URIRef
    Declaration: URIRef
    EUDirective: URIRef
    EUFrameworkDecision: URIRef
    EULegalAct: URIRef
    EURegulation: URIRef
    EntryIntoForceRule: URIRef
    Figure: URIRef
    Instrument: URIRef
    InternationalOrganization: URIRef
    InterpretativeDeclaration: URIRef
    Involvement: URIRef
    JointOperation: URIRef
    Measure: URIRef
    Measures: URIRef
    Membership: URIRef
    MembershipRoster: URIRef
    NonBindingInstrument: URIRef
    ObligationCategories: URIRef
    ObligationCategory: URIRef
    OptIn: URIRef
    OptOut: URIRef
    Organization: URIRef
    ParticipantList: URIRef
    Participation: URIRef
    ParticipationStatement: URIRef
    PlanOfAction: URIRef
    Programme: URIRef
    Protocol: URIRef
    Provision: URIRef
    REIO: URIRef
    RatingList: URIRef
    RatingScheme: URIRef
    RatingValue: URIRef
    RegionalOrganization: URIRef
    Reservation: URIRef
    Resolution: URIRef
    RoleKind: URIRef
    RoleKinds: URIRef
    Source: URIRef
    State: URIRef
    Strategy: URIRef
    Suspension: URIRef
    TipTiers: URIRef
    VerificationStatus: URIRef
    VerificationStatuses: URIRef
    acceptance: URIRef
    accession: URIRef
    actor: URIRef
    address: URIRef
    adoptedBy: URIRef
    adoptionDate: URIRef
    adoptionPlace: URIRef
    ageGroup: URIRef
    altName: URIRef
    alternativeValue: URIRef
    amendedBy: URIRef
    amendedVersionOf: URIRef
    amends: URIRef
    approval: URIRef
    arrests: URIRef
    article: URIRef
    asAmendedBy: URIRef
    asOfDate: URIRef
    assessedActor: URIRef
    beneficiaryCountry: URIRef
    bindsMembersOf: URIRef
    breakdown: URIRef
    budget: URIRef
    celexNumber: URIRef
    cetsNumber: URIRef
    checkedAgainst: URIRef
    coLead: URIRef
    complete: URIRef
    completeness: URIRef
    concernsProvision: URIRef
    consentDate: URIRef
    consentKind: URIRef
    consolidates: URIRef
    coordinator: URIRef
    countriesInvolved: URIRef
    coversValue: URIRef
    daysAfterDeposit: URIRef
    definitiveSignature: URIRef
    denunciationDate: URIRef
    denunciationEffectiveDate: URIRef
    depositary: URIRef
    endDate: URIRef
    entryIntoForceDate: URIRef
    entryIntoForceForParticipant: URIRef
    entryIntoForceRule: URIRef
    excludesProvision: URIRef
    existedFrom: URIRef
    existedUntil: URIRef
    extendsList: URIRef
    figureOf: URIRef
    firstDayOfFollowingMonth: URIRef
    foundingDate: URIRef
    funder: URIRef
    hasPart: URIRef
    identifier: URIRef
    iloCode: URIRef
    implementer: URIRef
    implementsInstrument: URIRef
    inList: URIRef
    inRatingList: URIRef
    inferredFact: URIRef
    instrument: URIRef
    investigationsOpened: URIRef
    involvedActor: URIRef
    involvedIn: URIRef
    isSecondary: URIRef
    iso2: URIRef
    iso3: URIRef
    lead: URIRef
    legalBasis: URIRef
    listOf: URIRef
    measure: URIRef
    member: URIRef
    memberCount: URIRef
    migrantsIdentified: URIRef
    monthsAfterDenunciation: URIRef
    monthsAfterDeposit: URIRef
    notBeforeGeneralEntryIntoForce: URIRef
    notCovered: URIRef
    note: URIRef
    obligationCategory: URIRef
    openedForSignatureDate: URIRef
    organization: URIRef
    otherMeasure: URIRef
    partOf: URIRef
    partOfProgramme: URIRef
    partial: URIRef
    participant: URIRef
    participantRole: URIRef
    participationIn: URIRef
    participationThroughProtocol: URIRef
    partner: URIRef
    partnership: URIRef
    party: URIRef
    partyCount: URIRef
    personsConvicted: URIRef
    personsProsecuted: URIRef
    phaseOf: URIRef
    practitionersTrained: URIRef
    prevention: URIRef
    prosecution: URIRef
    protection: URIRef
    provisionOf: URIRef
    rank: URIRef
    ratification: URIRef
    ratingScheme: URIRef
    ratingValue: URIRef
    replacedBy: URIRef
    replaces: URIRef
    reportYear: URIRef
    role: URIRef
    rosterOf: URIRef
    seat: URIRef
    sex: URIRef
    shortName: URIRef
    signatoryCount: URIRef
    signatureDate: URIRef
    sourceTable: URIRef
    startDate: URIRef
    statementOn: URIRef
    statementText: URIRef
    succession: URIRef
    successorOf: URIRef
    summary: URIRef
    supersedesBetweenParties: URIRef
    supersessionBasis: URIRef
    supplementedBy: URIRef
    supplements: URIRef
    supporter: URIRef
    suspectsIdentified: URIRef
    suspensionOf: URIRef
    tipSpecialCase: URIRef
    tipTier1: URIRef
    tipTier2: URIRef
    tipTier2WatchList: URIRef
    tipTier3: URIRef
    transpositionDeadline: URIRef
    unit: URIRef
    untcReference: URIRef
    unverified: URIRef
    value: URIRef
    valueBelow: URIRef
    valueText: URIRef
    verification: URIRef
    victimsDetected: URIRef
    victimsIdentified: URIRef


def iri_for(kind: str, local: str) -> URIRef:
    """Mint the IRI of an instance: ``iri_for("state", "FR")``."""
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    return URIRef(f"{ID_BASE}{kind}/{local}")


def kind_of(iri: str) -> str | None:
    """The kind segment of an instance IRI, or None for other IRIs."""
    if not iri.startswith(ID_BASE):
        return None
    kind, _, local = iri[len(ID_BASE) :].partition("/")
    return kind if kind in KINDS and local else None


# Cached: every node, edge and evidence id of an answer passes here, and the
# same few thousand IRIs recur (a 200-node map at 1M triples asks ~10,000 times).
@lru_cache(maxsize=1 << 16)
def id_for_iri(iri: str) -> str:
    """The readable API id of an IRI: ``state:FR``; other IRIs are returned whole."""
    kind = kind_of(iri)
    if kind is None:
        return iri
    return f"{kind}:{iri[len(ID_BASE) + len(kind) + 1 :]}"


# Local names are ISO codes or kebab slugs, joined by dots for nested nodes.
_LOCAL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def iri_for_id(node_id: str) -> URIRef | None:
    """The IRI of an API id (``state:FR``), or None if the id is malformed."""
    kind, sep, local = node_id.partition(":")
    if not sep or kind not in KINDS or not _LOCAL_NAME.fullmatch(local):
        return None
    return iri_for(kind, local)


def graph_for(relative_path: str) -> URIRef:
    """The named graph that holds the triples of one data file."""
    return URIRef(GRAPH_BASE + relative_path)
