"""Deterministic synthetic data in the layout and shape of ``seed/``.

``python -m bench.generate --sizes 100k,1m`` writes ``bench/data/<size>/seed/``
(git-ignored) with the same folders and kinds of node as the real seed: states
with ISO codes, organisations with tk:partOf, dated memberships, instruments
with an entry-into-force rule, provisions in the 4 Ps, participation tables
(signature, consent kind and date, some given entry into force, some
denunciations), reservations that exclude provisions, declarations, EU-style
acts that bind the members of an organisation with opt-outs and opt-ins,
agreements, programmes and operations with tk:Involvement roles and figures,
and a tk:Source behind every node. Load it with the real ``ontology/``.

The number of states stays realistic (250, up to 676 ISO-shaped codes at 5M);
what grows with the size is the number of organisations, instruments and
cooperation activities. The same seed and size always give the same bytes.
``manifest.json`` next to ``seed/`` records the counts and the probe nodes
the benchmark asks about.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import shutil
import string
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from rdflib import URIRef

from bench.turtle import TurtleFile, Value, address, curie, day, text
from tkgraph.rdf.vocab import DCTERMS, RDFS, TK

BENCH_DIR = Path(__file__).resolve().parent
DATA_ROOT = BENCH_DIR / "data"
ONTOLOGY_DIR = BENCH_DIR.parent / "ontology"
SIZES = {"100k": 100_000, "1m": 1_000_000, "5m": 5_000_000}
DEFAULT_SEED = 20240501
GENERATOR_VERSION = 4
# The last organisations are quiet bodies: part of an organisation, in no
# activity and no membership, so that a path between them takes several hops.
QUIET_BODIES = 2
# Cooperation triples written per instrument triple (the real seed: ~0.5).
COOPERATION_SHARE = 0.5
ACTIVITIES_PER_FILE = 300
LAST_DAY = date(2024, 12, 31)

LABEL, SOURCE, TITLE = curie(RDFS.label), curie(DCTERMS.source), curie(DCTERMS.title)
MEASURES = [
    curie(m)
    for m in (
        TK.arrests,
        TK.victimsIdentified,
        TK.suspectsIdentified,
        TK.investigationsOpened,
        TK.migrantsIdentified,
        TK.countriesInvolved,
        TK.otherMeasure,
    )
]
CATEGORIES = [curie(c) for c in (TK.prevention, TK.protection, TK.prosecution, TK.partnership)]
CONSENT_KINDS = [curie(k) for k in (TK.ratification, TK.accession, TK.acceptance, TK.approval)]
SYLLABLES = ["ka", "lo", "mir", "ta", "ven", "so", "ri", "dan", "el", "bor", "na", "tu", "zi"]


def parse_size(name: str) -> int:
    """The triple count of a size name (``100k``, ``1m``, ``5m``, or any ``<n>k``/``<n>m``)."""
    key = name.strip().lower()
    if key in SIZES:
        return SIZES[key]
    multiplier = {"k": 1_000, "m": 1_000_000}.get(key[-1:])
    if multiplier is None or not key[:-1].isdigit():
        raise SystemExit(f"Size '{name}' is not understood; use 100k, 1m, 5m or <n>k / <n>m.")
    return int(key[:-1]) * multiplier


def data_dir(size: str) -> Path:
    return DATA_ROOT / size.strip().lower()


@dataclass
class Org:
    slug: str
    kind: str  # class curie
    members: list[str] = field(default_factory=list)  # member curies

    @property
    def curie(self) -> str:
        return f"organization:{self.slug}"


def _local(actor: str) -> str:
    return actor.split(":", 1)[1]


class Generator:
    """Writes one data set. Every random choice comes from one seeded Random."""

    def __init__(self, target: int, seed: int, out: Path) -> None:
        self.target, self.out, self.rng = target, out, random.Random(seed)
        self.triples = 0
        self.counts: Counter[str] = Counter()
        self.states: list[str] = []
        self.orgs: list[Org] = []
        self.treaties: list[str] = []
        self.conventions: list[str] = []
        self.programmes: list[str] = []
        self.eu_acts: dict[str, list[str]] = {}
        self.participants: dict[str, int] = {}  # treaty curie -> participation count
        self.involvements: Counter[str] = Counter()
        self.state_load: Counter[str] = Counter()
        self.files: dict[str, TurtleFile] = {}
        self.coop_triples = self.instrument_triples = 0

    # -- small helpers ---------------------------------------------------------

    def active_orgs(self) -> list[Org]:
        """Organisations that may take part in activities (not the quiet bodies)."""
        return self.orgs[:-QUIET_BODIES]

    def name(self) -> str:
        parts = self.rng.choices(SYLLABLES, k=self.rng.randint(2, 4))
        return "".join(parts).capitalize()

    def after(self, start: date, low: int, high: int) -> date:
        return start + timedelta(days=self.rng.randint(low, high))

    def year_day(self, first: int, last: int) -> date:
        return self.after(date(first, 1, 1), 0, (last - first) * 365)

    def open_file(self, relative: str, comment: str) -> TurtleFile:
        return TurtleFile(self.out / relative, comment)

    def close(self, f: TurtleFile) -> int:
        f.close()
        self.triples += f.triples
        return f.triples

    def source(self, f: TurtleFile, local: str, what: str, as_of: date | None) -> str:
        props: list[tuple[str, Value]] = [
            (TITLE, text(f"{what} (synthetic source {local})")),
            (curie(TK.address), address(f"https://example.org/tkgraph-bench/{local}")),
        ]
        if as_of is not None:
            props.append((curie(TK.asOfDate), day(as_of)))
        if self.rng.random() < 0.3:
            props.append((curie(TK.isSecondary), "true"))
        f.node(f"source:{local}", curie(TK.Source), props)
        self.counts["sources"] += 1
        return f"source:{local}"

    # -- actors and memberships ---------------------------------------------------

    def write_states(self, count: int) -> None:
        codes = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)]
        self.rng.shuffle(codes)
        self.states = [f"state:{c}" for c in sorted(codes[:count])]
        with self.open_file("sources/states.ttl", "sources of the state list") as f:
            shared = [self.source(f, f"states-{i}", "State list", date(2024, 1, 1)) for i in (1, 2)]
        self.triples += f.triples
        with self.open_file("actors/states.ttl", "states with ISO-shaped codes") as f:
            used: set[str] = set()
            for state in self.states:
                code, label = _local(state), self.name()
                while label in used:  # two states with one name fail ref/duplicate-entity
                    label = self.name()
                used.add(label)
                props: list[tuple[str, Value]] = [
                    (LABEL, text(label)),
                    (curie(TK.iso2), text(code)),
                    (curie(TK.iso3), text(code + self.rng.choice(string.ascii_uppercase))),
                ]
                if self.rng.random() < 0.5:
                    props.append((curie(TK.altName), text(f"Republic of {label}")))
                props.append((SOURCE, shared))
                f.node(state, curie(TK.State), props)
        self.counts["states"] = len(self.states)
        self.close(f)

    def org_kind(self, index: int) -> str:
        if index == 0:
            return curie(TK.InternationalOrganization)  # the depositary of every treaty
        kinds = [
            (TK.InternationalOrganization, 2),
            (TK.RegionalOrganization, 2),
            (TK.REIO, 1),
            (TK.Body, 2),
            (TK.CoordinationBody, 1),
        ]
        return curie(self.rng.choices([k for k, _ in kinds], [w for _, w in kinds])[0])

    def write_organizations(self, count: int) -> None:
        self.orgs = [Org(f"org-{i:04d}", self.org_kind(i)) for i in range(count)]
        for org in self.orgs[-QUIET_BODIES:]:
            org.kind = curie(TK.Body)
        srcs = self.open_file("sources/organizations.ttl", "sources of the organisations")
        f = self.open_file("actors/organizations.ttl", "organisations, agencies and bodies")
        for i, org in enumerate(self.orgs):
            src = self.source(srcs, f"{org.slug}-about", "About the organisation", None)
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"{self.name()} {org.slug}")),
                (curie(TK.shortName), text(org.slug.upper())),
                (curie(TK.seat), text(self.name())),
            ]
            if self.rng.random() < 0.6:
                props.append((curie(TK.foundingDate), day(self.year_day(1919, 2015))))
            parents = [o for o in self.orgs[:i] if o.kind != curie(TK.Body)]
            if org.kind == curie(TK.Body) and parents:
                props.append((curie(TK.partOf), self.rng.choice(parents).curie))
            props.append((SOURCE, src))
            f.node(org.curie, org.kind, props)
        self.counts["organizations"] = len(self.orgs)
        self.close(srcs)
        self.close(f)

    def members_for(self, org: Org) -> list[str]:
        n = len(self.states)
        if org.kind == curie(TK.InternationalOrganization):
            return self.rng.sample(self.states, int(n * self.rng.uniform(0.4, 0.95)))
        if org.kind == curie(TK.RegionalOrganization):
            return self.rng.sample(self.states, self.rng.randint(8, 50))
        if org.kind == curie(TK.REIO):
            return self.rng.sample(self.states, self.rng.randint(12, 35))
        if org.kind == curie(TK.CoordinationBody):
            others = [o.curie for o in self.active_orgs() if o is not org]
            return self.rng.sample(others, min(len(others), self.rng.randint(3, 12)))
        return []

    def write_memberships(self) -> None:
        for org in self.orgs:
            org.members = sorted(self.members_for(org))
            if not org.members:
                continue
            with self.open_file(f"memberships/{org.slug}.ttl", f"members of {org.slug}") as f:
                src = self.source(f, f"{org.slug}-members", "Member list", date(2024, 6, 1))
                for member in org.members:
                    self.membership(f, org, member, src)
            self.close(f)

    def membership(self, f: TurtleFile, org: Org, member: str, src: str) -> None:
        start = self.year_day(1945, 2015)
        props: list[tuple[str, Value]] = [
            (LABEL, text(f"{_local(member)} in {org.slug}")),
            (curie(TK.member), member),
            (curie(TK.organization), org.curie),
            (curie(TK.startDate), day(start)),
        ]
        if self.rng.random() < 0.05:
            props.append((curie(TK.endDate), day(min(LAST_DAY, self.after(start, 2000, 8000)))))
        props.append((SOURCE, src))
        f.node(f"membership:{org.slug}.{_local(member)}", curie(TK.Membership), props)
        self.counts["memberships"] += 1

    # -- instruments ---------------------------------------------------------------

    def provisions(self, f: TurtleFile, instrument: str, src: str, count: int) -> list[str]:
        slug, found = _local(instrument), []
        articles = sorted(self.rng.sample(range(1, 60), count))
        for article in articles:
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"{self.name()} measures")),
                (curie(TK.provisionOf), instrument),
                (curie(TK.article), text(str(article))),
                (curie(TK.obligationCategory), self.rng.sample(CATEGORIES, self.categories())),
            ]
            if self.rng.random() < 0.5:
                props.append((curie(TK.summary), text(f"Parties shall {self.name().lower()}.")))
            props.append((SOURCE, src))
            f.node(f"provision:{slug}.art-{article}", curie(TK.Provision), props)
            found.append(f"provision:{slug}.art-{article}")
        self.counts["provisions"] += count
        return found

    def categories(self) -> int:
        return 1 if self.rng.random() < 0.85 else 2

    def figures(self, f: TurtleFile, subject: str, measures: Sequence[str], src: str) -> None:
        for measure in measures:
            local = f"{_local(subject)}.{measure.split(':')[1]}"
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"{measure.split(':')[1]} of {_local(subject)}")),
                (curie(TK.figureOf), subject),
                (curie(TK.measure), measure),
                (curie(TK.value), str(self.rng.randint(1, 5000))),
                (curie(TK.asOfDate), day(self.year_day(2005, 2024))),
                (SOURCE, src),
            ]
            f.node(f"figure:{local}", curie(TK.Figure), props)
        self.counts["figures"] += len(measures)

    def write_instrument(self, index: int) -> None:
        roll = self.rng.random()
        reios = [o for o in self.orgs if o.kind == curie(TK.REIO)]
        if roll < 0.15 and reios:
            self.eu_act(index, self.rng.choice(reios))
        elif roll < 0.27:
            self.declaration(index)
        else:
            self.treaty(index)
        self.counts["instruments"] += 1

    def treaty(self, index: int) -> None:
        protocol = bool(self.conventions) and self.rng.random() < 0.4
        slug = f"{'protocol' if protocol else 'convention'}-{index:04d}"
        instrument, rule = f"instrument:{slug}", f"rule:{slug}"
        adopted = self.year_day(1950, 2018)
        opened = self.after(adopted, 0, 90)
        general = self.after(opened, 300, 1800)
        with self.open_file(f"instruments/{slug}.ttl", f"the instrument {slug}") as f:
            src = self.source(f, f"{slug}-text", f"Text of {slug}", None)
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"{self.name()} {'Protocol' if protocol else 'Convention'}")),
                (curie(TK.shortName), text(slug.upper())),
                (curie(TK.untcReference), text(f"XVIII-{index}")),
                (curie(TK.adoptionDate), day(adopted)),
                (curie(TK.openedForSignatureDate), day(opened)),
                (curie(TK.entryIntoForceDate), day(general)),
                (curie(TK.depositary), self.orgs[0].curie),
                (curie(TK.entryIntoForceRule), rule),
            ]
            if protocol:
                props.append((curie(TK.supplements), self.rng.choice(self.conventions)))
            props.append((SOURCE, src))
            f.node(instrument, curie(TK.Protocol if protocol else TK.Convention), props)
            self.rule(f, rule, src)
            self.figures(f, instrument, [curie(TK.partyCount), curie(TK.signatoryCount)], src)
            provisions = self.provisions(f, instrument, src, self.rng.randint(4, 12))
        self.instrument_triples += self.close(f)
        self.treaties.append(instrument)
        if not protocol:
            self.conventions.append(instrument)
        self.participation_table(slug, opened, provisions)

    def rule(self, f: TurtleFile, rule: str, src: str) -> None:
        by_days = self.rng.random() < 0.7
        amount = self.rng.choice([30, 60, 90] if by_days else [3, 6, 12])
        unit = curie(TK.daysAfterDeposit if by_days else TK.monthsAfterDeposit)
        props: list[tuple[str, Value]] = [
            (LABEL, text(f"{amount} {'days' if by_days else 'months'} after deposit")),
            (unit, str(amount)),
            (curie(TK.notBeforeGeneralEntryIntoForce), str(self.rng.random() < 0.8).lower()),
            (curie(TK.legalBasis), text(f"art. {self.rng.randint(10, 40)}(2)")),
            (SOURCE, src),
        ]
        f.node(rule, curie(TK.EntryIntoForceRule), props)
        self.counts["rules"] += 1

    def participation_table(self, slug: str, opened: date, provisions: list[str]) -> None:
        instrument = f"instrument:{slug}"
        share = self.rng.uniform(0.45, 0.95)
        chosen = sorted(self.rng.sample(self.states, int(len(self.states) * share)))
        reios = [o.curie for o in self.orgs if o.kind == curie(TK.REIO)]
        if reios and self.rng.random() < 0.1:
            chosen.append(self.rng.choice(reios))
        statements: list[tuple[str, str]] = []
        with self.open_file(f"instruments/{slug}.untc.ttl", f"participations in {slug}") as f:
            table = self.source(f, f"{slug}-untc", f"Participation table of {slug}", LAST_DAY)
            for actor in chosen:
                local = f"{slug}.{_local(actor)}"
                if self.participation(f, instrument, actor, local, opened, table):
                    statements.append((local, actor))
        self.instrument_triples += self.close(f)
        self.participants[instrument] = len(chosen)
        self.statements(slug, statements, provisions)

    def participation(
        self, f: TurtleFile, instrument: str, actor: str, local: str, opened: date, src: str
    ) -> bool:
        """Write one participation; True if it gave consent (statements may follow)."""
        props: list[tuple[str, Value]] = [
            (LABEL, text(f"{_local(actor)} in {_local(instrument)}")),
            (curie(TK.participant), actor),
            (curie(TK.participationIn), instrument),
        ]
        signed = self.after(opened, 0, 730) if self.rng.random() < 0.7 else None
        if signed is not None:
            props.append((curie(TK.signatureDate), day(signed)))
        consent = self.after(signed or opened, 30, 3000)
        consented = consent <= LAST_DAY and (signed is None or self.rng.random() < 0.9)
        if consented:
            props += self.consent(consent, actor)
        elif signed is None:
            props.append((curie(TK.signatureDate), day(opened)))
        if self.rng.random() < 0.03:
            props.append((curie(TK.verification), curie(TK.unverified)))
            props.append((curie(TK.note), text("Consent kind inferred from the table.")))
        props += [(curie(TK.sourceTable), src), (SOURCE, src)]
        f.node(f"participation:{local}", curie(TK.Participation), props)
        self.counts["participations"] += 1
        self.state_load[actor] += 1
        return consented

    def consent(self, consent: date, actor: str) -> list[tuple[str, Value]]:
        kind = curie(TK.approval) if actor.startswith("organization:") else None
        props: list[tuple[str, Value]] = [
            (curie(TK.consentKind), kind or self.rng.choice(CONSENT_KINDS)),
            (curie(TK.consentDate), day(consent)),
        ]
        if self.rng.random() < 0.08:
            given = self.after(consent, 20, 120)
            props.append((curie(TK.entryIntoForceForParticipant), day(given)))
        if self.rng.random() < 0.02:
            denounced = self.after(consent, 400, 4000)
            props.append((curie(TK.denunciationDate), day(denounced)))
            props.append((curie(TK.denunciationEffectiveDate), day(denounced + timedelta(365))))
        return props

    def statements(self, slug: str, consents: list[tuple[str, str]], provisions: list[str]) -> None:
        picked = [(p, a) for p, a in consents if self.rng.random() < 0.09]
        if not picked:
            return
        with self.open_file(f"instruments/{slug}.untc-declarations.ttl", f"{slug} statements") as f:
            src = self.source(f, f"{slug}-declarations", f"Declarations on {slug}", LAST_DAY)
            for participation, actor in picked:
                reservation = self.rng.random() < 0.55
                targets = self.rng.sample(provisions, min(len(provisions), self.rng.randint(1, 2)))
                props: list[tuple[str, Value]] = [
                    (
                        LABEL,
                        text(f"{_local(actor)}: {'reservation' if reservation else 'declaration'}"),
                    ),
                    (curie(TK.statementOn), f"participation:{participation}"),
                    (curie(TK.excludesProvision if reservation else TK.concernsProvision), targets),
                    (curie(TK.statementText), text(f"With reference to {_local(targets[0])}.")),
                    (SOURCE, src),
                ]
                kind = TK.Reservation if reservation else TK.InterpretativeDeclaration
                f.node(f"statement:{participation}", curie(kind), props)
            self.counts["statements"] += len(picked)
        self.instrument_triples += self.close(f)

    def eu_act(self, index: int, reio: Org) -> None:
        slug = f"eu-directive-{index:04d}"
        instrument = f"instrument:{slug}"
        adopted = self.year_day(1995, 2022)
        with self.open_file(f"instruments/{slug}.ttl", f"the instrument {slug}") as f:
            src = self.source(f, f"{slug}-text", f"Official Journal text of {slug}", None)
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"Directive on {self.name().lower()} ({slug})")),
                (curie(TK.shortName), text(slug.upper())),
                (curie(TK.celexNumber), text(f"3{adopted.year}L{index:04d}")),
                (curie(TK.adoptionDate), day(adopted)),
                (curie(TK.entryIntoForceDate), day(self.after(adopted, 10, 30))),
                (curie(TK.transpositionDeadline), day(self.after(adopted, 700, 800))),
                (curie(TK.adoptedBy), reio.curie),
                (curie(TK.bindsMembersOf), reio.curie),
            ]
            earlier = self.eu_acts.setdefault(reio.curie, [])
            if earlier and self.rng.random() < 0.3:
                props.append((curie(TK.replaces), earlier[-1]))
            props.append((SOURCE, src))
            f.node(instrument, curie(TK.EUDirective), props)
            self.positions(f, slug, reio, src)
            self.provisions(f, instrument, src, self.rng.randint(4, 10))
        earlier.append(instrument)
        self.instrument_triples += self.close(f)

    def positions(self, f: TurtleFile, slug: str, reio: Org, src: str) -> None:
        picked = self.rng.sample(reio.members, min(len(reio.members), self.rng.randint(0, 3)))
        for member in picked:
            opt_in = self.rng.random() < 0.4
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"{_local(member)} {'takes' if opt_in else 'does not take'} part")),
                (curie(TK.actor), member),
                (curie(TK.instrument), f"instrument:{slug}"),
                (curie(TK.legalBasis), text("Protocol on the position of the member")),
                (SOURCE, src),
            ]
            f.node(
                f"position:{slug}.{_local(member)}", curie(TK.OptIn if opt_in else TK.OptOut), props
            )
        self.counts["positions"] += len(picked)

    def declaration(self, index: int) -> None:
        slug = f"declaration-{index:04d}"
        instrument = f"instrument:{slug}"
        regional = [o for o in self.orgs if o.members and o.kind != curie(TK.CoordinationBody)]
        org = self.rng.choice(regional)
        adopted = self.year_day(1990, 2022)
        with self.open_file(f"instruments/{slug}.ttl", f"the instrument {slug}") as f:
            src = self.source(f, f"{slug}-text", f"Text of {slug}", adopted)
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"{self.name()} Declaration against Trafficking")),
                (curie(TK.adoptionDate), day(adopted)),
                (curie(TK.adoptedBy), org.curie),
                (SOURCE, src),
            ]
            f.node(instrument, curie(TK.Declaration), props)
            self.provisions(f, instrument, src, self.rng.randint(2, 4))
            if self.rng.random() < 0.5:
                for member in org.members:
                    self.participation(
                        f, instrument, member, f"{slug}.{_local(member)}", adopted, src
                    )
        self.instrument_triples += self.close(f)

    # -- cooperation ---------------------------------------------------------------

    def coop_file(self, kind: str) -> TurtleFile:
        chunk = self.counts["activities"] // ACTIVITIES_PER_FILE
        name = f"cooperation/{kind}-{chunk:03d}.ttl"
        if name not in self.files:
            self.flush_files(keep=f"-{chunk:03d}.ttl")
            self.files[name] = self.open_file(name, f"{kind}, chunk {chunk}")
            sources = f"sources/cooperation-{chunk:03d}.ttl"
            if sources not in self.files:
                self.files[sources] = self.open_file(sources, f"cooperation sources, {chunk}")
        return self.files[name]

    def coop_sources(self) -> TurtleFile:
        chunk = self.counts["activities"] // ACTIVITIES_PER_FILE
        return self.files[f"sources/cooperation-{chunk:03d}.ttl"]

    def flush_files(self, keep: str | None = None) -> None:
        """Close the open cooperation files, except those whose name ends with ``keep``."""
        for name in [n for n in self.files if keep is None or not n.endswith(keep)]:
            self.coop_triples += self.close(self.files.pop(name))

    def write_activity(self) -> None:
        roll = self.rng.random()
        if roll < 0.25:
            self.agreement()
        elif roll < 0.45 and self.treaties:
            self.programme()
        else:
            self.operation()
        self.counts["activities"] += 1

    def activity_node(
        self, kind: str, local: str, rdf_type: str, extra: list[tuple[str, Value]]
    ) -> tuple[TurtleFile, str, str]:
        f = self.coop_file(kind)
        src = self.source(self.coop_sources(), f"{local}-report", f"Report on {local}", None)
        start = self.year_day(2000, 2023)
        props: list[tuple[str, Value]] = [
            (LABEL, text(f"{self.name()} {kind[:-1]} {local}")),
            (curie(TK.shortName), text(local.upper())),
            (curie(TK.startDate), day(start)),
        ]
        if kind != "agreements":
            props.append((curie(TK.endDate), day(self.after(start, 3, 1500))))
        props += [
            *extra,
            (curie(TK.summary), text(f"Cooperation on {self.name()}.")),
            (SOURCE, src),
        ]
        node = f"{kind[:-1]}:{local}"
        f.node(node, rdf_type, props)
        return f, node, src

    def agreement(self) -> None:
        local = f"agreement-{self.counts['activities']:06d}"
        pool = [o.curie for o in self.active_orgs()] if self.rng.random() < 0.7 else self.states
        parties = sorted(self.rng.sample(pool, min(len(pool), self.rng.randint(2, 6))))
        extra: list[tuple[str, Value]] = [(curie(TK.party), parties)]
        self.activity_node("agreements", local, curie(TK.CooperationAgreement), extra)
        self.involvements.update(parties)

    def programme(self) -> None:
        local = f"programme-{self.counts['activities']:06d}"
        implements = sorted(self.rng.sample(self.treaties, min(2, len(self.treaties))))
        extra: list[tuple[str, Value]] = [(curie(TK.implementsInstrument), implements)]
        if self.programmes and self.rng.random() < 0.15:
            extra.append((curie(TK.phaseOf), self.rng.choice(self.programmes)))
        f, node, src = self.activity_node("programmes", local, curie(TK.Programme), extra)
        orgs = self.rng.sample([o.curie for o in self.active_orgs()], 5)
        roles = [(orgs[0], TK.implementer), (orgs[1], TK.funder)]
        roles += [(o, TK.partner) for o in orgs[2 : 2 + self.rng.randint(0, 3)]]
        beneficiaries = self.rng.sample(self.states, self.rng.randint(3, 20))
        roles += [(s, TK.beneficiaryCountry) for s in beneficiaries]
        self.involve(f, node, roles, src)
        self.figures(f, node, [curie(TK.budget), curie(TK.practitionersTrained)], src)
        self.programmes.append(node)

    def operation(self) -> None:
        local = f"operation-{self.counts['activities']:06d}"
        extra: list[tuple[str, Value]] = []
        if self.programmes and self.rng.random() < 0.2:
            extra.append((curie(TK.partOfProgramme), self.rng.choice(self.programmes)))
        f, node, src = self.activity_node("operations", local, curie(TK.JointOperation), extra)
        states = self.rng.sample(self.states, self.rng.randint(6, 61))
        orgs = self.rng.sample([o.curie for o in self.active_orgs()], 4)
        roles = [(orgs[0], TK.coordinator)]
        if self.rng.random() < 0.3:
            roles.append((states.pop(), TK.lead))
        roles += [(s, TK.participantRole) for s in states]
        roles += [(o, TK.supporter) for o in orgs[1 : 1 + self.rng.randint(0, 3)]]
        self.involve(f, node, roles, src)
        self.figures(f, node, self.rng.sample(MEASURES, self.rng.randint(3, 7)), src)

    def involve(
        self, f: TurtleFile, activity: str, roles: Sequence[tuple[str, URIRef]], src: str
    ) -> None:
        for actor, role in roles:
            role_name = curie(role)
            local = f"{_local(activity)}.{_local(actor)}.{role_name.split(':')[1]}"
            props: list[tuple[str, Value]] = [
                (LABEL, text(f"{_local(actor)} as {role_name.split(':')[1]}")),
                (curie(TK.involvedActor), actor),
                (curie(TK.involvedIn), activity),
                (curie(TK.role), role_name),
            ]
            if self.rng.random() < 0.1:
                props.append((curie(TK.note), text("Named in the press release.")))
            props.append((SOURCE, src))
            f.node(f"involvement:{local}", curie(TK.Involvement), props)
            self.involvements[actor] += 1
        self.counts["involvements"] += len(roles)

    # -- the whole data set --------------------------------------------------------

    def run(self) -> dict[str, Any]:
        n_states = max(250, min(676, round(250 * math.sqrt(self.target / 1_000_000))))
        self.write_states(n_states)
        self.write_organizations(max(12, self.target // 8000))
        self.write_memberships()
        index = 0
        while self.total() < self.target:
            self.write_instrument(index)
            index += 1
            while (
                self.coop_triples + self.open_triples()
                < (self.instrument_triples * COOPERATION_SHARE)
                and self.total() < self.target
            ):
                self.write_activity()
        self.flush_files()
        return self.manifest()

    def open_triples(self) -> int:
        return sum(f.triples for f in self.files.values())

    def total(self) -> int:
        return self.triples + self.open_triples()

    def manifest(self) -> dict[str, Any]:
        treaty = max(self.participants, key=lambda i: (self.participants[i], i))
        reio_members = {
            o.curie: o.members for o in self.orgs if o.kind == curie(TK.REIO) and o.members
        }
        eu = [(len(reio_members.get(org, [])), acts[-1]) for org, acts in self.eu_acts.items()]
        load = Counter(self.state_load)
        for org, acts in self.eu_acts.items():
            for member in reio_members.get(org, []):
                load[member] += len(acts)
        state = max(self.states, key=lambda s: (load[s], s))
        by_actor = sorted(self.involvements.items(), key=lambda kv: (-kv[1], kv[0]))
        top_org = next(a for a, _ in by_actor if a.startswith("organization:"))
        top_state = next(a for a, _ in by_actor if a.startswith("state:"))
        return {
            "generator_version": GENERATOR_VERSION,
            "target_triples": self.target,
            "seed_triples": self.triples,
            "counts": dict(sorted(self.counts.items())),
            "probes": {
                "as_of": "2020-01-01",
                "instrument_treaty": treaty,
                "instrument_members": max(eu)[1] if eu else None,
                "state": state,
                "actor_a": top_org,
                "actor_b": top_state,
                "path_from": self.orgs[-2].curie,
                "path_to": self.orgs[-1].curie,
            },
        }


def generate(size: str, seed: int = DEFAULT_SEED, force: bool = False) -> Path:
    """Write ``bench/data/<size>/`` unless a matching manifest is already there."""
    root = data_dir(size)
    manifest_path = root / "manifest.json"
    if not force and manifest_path.is_file():
        old = json.loads(manifest_path.read_text())
        if old.get("seed") == seed and old.get("generator_version") == GENERATOR_VERSION:
            return root
    if root.exists():
        shutil.rmtree(root)
    started = time.perf_counter()
    manifest = Generator(parse_size(size), seed, root / "seed").run()
    manifest |= {"seed": seed, "size": size, "seconds": round(time.perf_counter() - started, 2)}
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return root


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100k", help="comma-separated: 100k,1m,5m")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="regenerate even if present")
    args = parser.parse_args(argv)
    for size in args.sizes.split(","):
        root = generate(size, args.seed, args.force)
        manifest = json.loads((root / "manifest.json").read_text())
        print(f"{size}: {manifest['seed_triples']:,} triples in {root} ({manifest['seconds']} s)")


if __name__ == "__main__":
    main()
