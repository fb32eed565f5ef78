"""The record of each kind of node, read from its properties.

One function per record kind: it reads the node with the TermReader, adds the
record to its dict of the read model and returns it (None, with a problem, if
the node lacks what the record needs). _BUILDERS says which kind a node is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tkgraph.model import records as r
from tkgraph.model.term_reader import (
    IN_SCHEME,
    NOTATION,
    SAME_AS,
    TITLE,
    NodeFields,
    Props,
    T,
    TermReader,
    local,
)

if TYPE_CHECKING:
    from tkgraph.model.readmodel import ReadModel

RecordBuilder = Callable[
    [TermReader, "ReadModel", str, Props, tuple[str, ...], NodeFields], r.NodeRecord | None
]


def _whole(number: float | None) -> int | None:
    return int(number) if number is not None else None


_IDENTIFIER_SCHEMES = (
    ("untc", T.untcReference),
    ("cets", T.cetsNumber),
    ("ilo", T.iloCode),
    ("celex", T.celexNumber),
)


def actor(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord:
    record = r.ActorRecord(
        **c,
        kind=reader.most_specific(types),
        short_name=reader.text(p, T.shortName),
        alt_names=reader.texts(p, T.altName),
        iso2=reader.text(p, T.iso2),
        iso3=reader.text(p, T.iso3),
        founding_date=reader.date(s, p, T.foundingDate),
        seat=reader.text(p, T.seat),
        part_of=reader.iris(p, T.partOf),
        existed_from=reader.date(s, p, T.existedFrom),
        existed_until=reader.date(s, p, T.existedUntil),
        successor_of=reader.iris(p, T.successorOf),
        same_as=reader.iris(p, SAME_AS),
    )
    model.actors[s] = record
    return record


def instrument(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord:
    binding = (
        True
        if reader.is_a(types, T.BindingInstrument)
        else False
        if reader.is_a(types, T.NonBindingInstrument)
        else None
    )
    record = r.InstrumentRecord(
        **c,
        kind=reader.most_specific(types),
        binding=binding,
        short_name=reader.text(p, T.shortName),
        alt_names=reader.texts(p, T.altName),
        identifiers=tuple(
            (scheme, value)
            for scheme, prop in _IDENTIFIER_SCHEMES
            for value in reader.texts(p, prop)
        ),
        adoption_date=reader.date(s, p, T.adoptionDate),
        adoption_place=reader.text(p, T.adoptionPlace),
        opened_for_signature=reader.date(s, p, T.openedForSignatureDate),
        entry_into_force=reader.date(s, p, T.entryIntoForceDate),
        transposition_deadline=reader.date(s, p, T.transpositionDeadline),
        depositary=reader.iri(p, T.depositary),
        adopted_by=reader.iris(p, T.adoptedBy),
        supplements=reader.iris(p, T.supplements),
        amends=reader.iris(p, T.amends),
        replaces=reader.iris(p, T.replaces),
        amended_version_of=reader.iris(p, T.amendedVersionOf),
        as_amended_by=reader.iris(p, T.asAmendedBy),
        consolidates=reader.iris(p, T.consolidates),
        supersedes_between_parties=reader.iris(p, T.supersedesBetweenParties),
        supersession_basis=reader.text(p, T.supersessionBasis),
        entry_into_force_rule=reader.iri(p, T.entryIntoForceRule),
        binds_members_of=reader.iris(p, T.bindsMembersOf),
    )
    model.instruments[s] = record
    return record


def participation(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    participant, instrument = reader.iri(p, T.participant), reader.iri(p, T.participationIn)
    if participant is None or instrument is None:
        model.problems.append(f"<{s}> Participation lacks tk:participant or tk:participationIn")
        return None
    kind = reader.iri(p, T.consentKind)
    signed_first, signed_last = reader.date_window(s, p, T.signatureDate)
    consent_first, consent_last = reader.date_window(s, p, T.consentDate)
    denounced_first, denounced_last = reader.date_window(s, p, T.denunciationDate)
    windows = tuple(
        (name, last)
        for name, first, last in (
            ("signature_date", signed_first, signed_last),
            ("consent_date", consent_first, consent_last),
            ("denunciation_date", denounced_first, denounced_last),
        )
        if last is not None and last != first
    )
    record = r.ParticipationRecord(
        **c,
        participant=participant,
        instrument=instrument,
        signature_date=signed_first,
        consent_kind=local(kind) if kind else None,
        consent_date=consent_first,
        entry_into_force_given=reader.date(s, p, T.entryIntoForceForParticipant),
        denunciation_date=denounced_first,
        denunciation_effective=reader.date(s, p, T.denunciationEffectiveDate),
        source_tables=tuple(sorted(reader.iris(p, T.sourceTable))),
        in_lists=reader.iris(p, T.inList),
        alternative_values=reader.texts(p, T.alternativeValue),
        date_windows=windows,
    )
    model.participations[s] = record
    return record


def participant_list(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    instrument = reader.iri(p, T.listOf)
    if instrument is None:
        model.problems.append(f"<{s}> ParticipantList lacks tk:listOf")
        return None
    record = r.ParticipantListRecord(
        **c,
        instrument=instrument,
        as_of=reader.date(s, p, T.asOfDate),
        complete=reader.iri(p, T.completeness) == T.complete,
        checked_against=reader.iris(p, T.checkedAgainst),
    )
    model.participant_lists[s] = record
    return record


def membership(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    member, org = reader.iri(p, T.member), reader.iri(p, T.organization)
    if member is None or org is None:
        model.problems.append(f"<{s}> Membership lacks tk:member or tk:organization")
        return None
    record = r.MembershipRecord(
        **c,
        member=member,
        organization=org,
        start=reader.partial_date(s, p, T.startDate),
        end=reader.partial_date(s, p, T.endDate),
    )
    model.memberships[s] = record
    return record


def suspension(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    membership = reader.iri(p, T.suspensionOf)
    if membership is None:
        model.problems.append(f"<{s}> Suspension lacks tk:suspensionOf")
        return None
    record = r.SuspensionRecord(
        **c,
        membership=membership,
        start=reader.partial_date(s, p, T.startDate),
        end=reader.partial_date(s, p, T.endDate),
    )
    model.suspensions[s] = record
    return record


def roster(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    organization = reader.iri(p, T.rosterOf)
    if organization is None:
        model.problems.append(f"<{s}> MembershipRoster lacks tk:rosterOf")
        return None
    record = r.RosterRecord(
        **c,
        organization=organization,
        as_of=reader.date(s, p, T.asOfDate),
        complete=reader.iri(p, T.completeness) == T.complete,
        checked_against=reader.iris(p, T.checkedAgainst),
    )
    model.rosters[s] = record
    return record


def source(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord:
    record = r.SourceRecord(
        **c,
        title=reader.text(p, TITLE),
        address=reader.text(p, T.address),
        # A page dated to a month or year: its first day (the data are
        # at least that recent; never later than the page says).
        as_of=reader.date_window(s, p, T.asOfDate)[0],
        is_secondary=reader.boolean(p, T.isSecondary),
    )
    model.sources[s] = record
    return record


def rule(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord:
    record = r.EntryIntoForceRuleRecord(
        **c,
        days_after_deposit=_whole(reader.number(p, T.daysAfterDeposit)),
        months_after_deposit=_whole(reader.number(p, T.monthsAfterDeposit)),
        months_after_denunciation=_whole(reader.number(p, T.monthsAfterDenunciation)),
        first_day_of_following_month=reader.boolean(p, T.firstDayOfFollowingMonth),
        not_before_general=reader.boolean(p, T.notBeforeGeneralEntryIntoForce),
        legal_basis=reader.text(p, T.legalBasis),
    )
    model.rules[s] = record
    return record


def provision(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    instrument = reader.iri(p, T.provisionOf)
    if instrument is None:
        model.problems.append(f"<{s}> Provision lacks tk:provisionOf")
        return None
    record = r.ProvisionRecord(
        **c,
        instrument=instrument,
        article=reader.text(p, T.article),
        categories=tuple(local(x) for x in reader.iris(p, T.obligationCategory)),
        summary=reader.text(p, T.summary),
    )
    model.provisions[s] = record
    return record


def statement(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord:
    record = r.StatementRecord(
        **c,
        kind="reservation" if reader.is_a(types, T.Reservation) else "declaration",
        participation=reader.iri(p, T.statementOn),
        excludes=reader.iris(p, T.excludesProvision),
        concerns=reader.iris(p, T.concernsProvision),
        text=reader.text(p, T.statementText),
    )
    model.statements[s] = record
    return record


def position(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    actor, instrument = reader.iri(p, T.actor), reader.iri(p, T.instrument)
    if actor is None or instrument is None:
        model.problems.append(f"<{s}> OptOut/OptIn lacks tk:actor or tk:instrument")
        return None
    record = r.PositionRecord(
        **c,
        takes_part=reader.is_a(types, T.OptIn),
        actor=actor,
        instrument=instrument,
        legal_basis=reader.text(p, T.legalBasis),
    )
    model.positions[s] = record
    return record


def activity(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord:
    record = r.ActivityRecord(
        **c,
        kind=reader.most_specific(types),
        short_name=reader.text(p, T.shortName),
        start=reader.date(s, p, T.startDate),
        end=reader.date(s, p, T.endDate),
        parties=reader.iris(p, T.party),
        part_of_programme=reader.iris(p, T.partOfProgramme),
        phase_of=reader.iris(p, T.phaseOf),
        implements=reader.iris(p, T.implementsInstrument),
        summary=reader.text(p, T.summary),
    )
    model.activities[s] = record
    return record


def involvement(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    actor, activity = reader.iri(p, T.involvedActor), reader.iri(p, T.involvedIn)
    if actor is None or activity is None:
        model.problems.append(f"<{s}> Involvement lacks tk:involvedActor or tk:involvedIn")
        return None
    record = r.InvolvementRecord(
        **c,
        actor=actor,
        activity=activity,
        roles=tuple(local(x) for x in reader.iris(p, T.role)),
    )
    model.involvements[s] = record
    return record


def figure(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    subject = reader.iri(p, T.figureOf)
    if subject is None:
        model.problems.append(f"<{s}> Figure lacks tk:figureOf")
        return None
    measure = reader.iri(p, T.measure)
    first, last = reader.date_window(s, p, T.asOfDate)
    record = r.FigureRecord(
        **c,
        subject=subject,
        measure=local(measure) if measure else None,
        value=reader.number(p, T.value),
        unit=reader.text(p, T.unit),
        as_of=first,
        as_of_latest=last if last != first else None,
    )
    model.figures[s] = record
    return record


def rating(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    actor, scheme, value = (
        reader.iri(p, x) for x in (T.assessedActor, T.ratingScheme, T.ratingValue)
    )
    year = _whole(reader.number(p, T.reportYear))
    if actor is None or scheme is None or value is None or year is None:
        model.problems.append(
            f"<{s}> Assessment lacks tk:assessedActor, tk:ratingScheme, tk:ratingValue or tk:reportYear"
        )
        return None
    record = r.RatingRecord(
        **c,
        actor=actor,
        scheme=scheme,
        year=year,
        value=value,
        lists=reader.iris(p, T.inRatingList),
        alternative_values=reader.texts(p, T.alternativeValue),
    )
    model.ratings[s] = record
    return record


def rating_list(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> r.NodeRecord | None:
    scheme = reader.iri(p, T.ratingScheme)
    year = _whole(reader.number(p, T.reportYear))
    if scheme is None or year is None:
        model.problems.append(f"<{s}> RatingList lacks tk:ratingScheme or tk:reportYear")
        return None
    record = r.RatingListRecord(
        **c,
        scheme=scheme,
        year=year,
        covers=reader.iris(p, T.coversValue),
        not_covered=reader.iris(p, T.notCovered),
    )
    model.rating_lists[s] = record
    return record


# Schemes and their values are concepts of the ontology, like consent kinds:
# kept in their own dicts, not nodes of the data (they have no sources).
def rating_value(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> None:
    model.rating_values[s] = r.RatingValueRecord(
        **c,
        scheme=reader.iri(p, IN_SCHEME) or "",
        notation=reader.text(p, NOTATION) or local(s),
        rank=_whole(reader.number(p, T.rank)),
    )


def rating_scheme(
    reader: TermReader, model: ReadModel, s: str, p: Props, types: tuple[str, ...], c: NodeFields
) -> None:
    notation = reader.text(p, NOTATION) or local(s)
    model.rating_schemes[s] = r.RatingSchemeRecord(**c, notation=notation)


def builder_for(reader: TermReader, types: tuple[str, ...]) -> RecordBuilder | None:
    """The builder of the first class in _BUILDERS the node is an instance of."""
    return next((build for cls, build in _BUILDERS if reader.is_a(types, cls)), None)


# The first class a node is an instance of decides its record (an instrument
# that is also an actor is read as an actor); nodes of other classes
# (concepts, roles ...) get no record.
_BUILDERS: tuple[tuple[str, RecordBuilder], ...] = (
    (T.Actor, actor),
    (T.Instrument, instrument),
    (T.Participation, participation),
    (T.ParticipantList, participant_list),
    (T.Membership, membership),
    (T.Suspension, suspension),
    (T.MembershipRoster, roster),
    (T.Source, source),
    (T.EntryIntoForceRule, rule),
    (T.Provision, provision),
    (T.ParticipationStatement, statement),
    (T.OptOut, position),
    (T.OptIn, position),
    (T.Activity, activity),
    (T.Involvement, involvement),
    (T.Figure, figure),
    (T.Assessment, rating),
    (T.RatingList, rating_list),
    (T.RatingValue, rating_value),
    (T.RatingScheme, rating_scheme),
)
