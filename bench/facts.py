"""One pass over the store's quads into plain dicts, for the dict baselines.

Deliberately not the read model: the baselines must show what answering
costs with the least possible structure, built straight from the data.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from tkgraph.rdf.vocab import DCTERMS, RDF, RDFS, TK

# Predicates the baselines read, by short name.
PREDICATES = {
    "label": str(RDFS.label),
    "title": str(DCTERMS.title),
    **{
        name: str(getattr(TK, name))
        for name in (
            "shortName",
            "participant",
            "participationIn",
            "consentDate",
            "entryIntoForceForParticipant",
            "denunciationEffectiveDate",
            "entryIntoForceRule",
            "entryIntoForceDate",
            "daysAfterDeposit",
            "monthsAfterDeposit",
            "notBeforeGeneralEntryIntoForce",
            "bindsMembersOf",
            "member",
            "organization",
            "startDate",
            "endDate",
            "actor",
            "instrument",
            "provisionOf",
            "statementOn",
            "excludesProvision",
            "partOf",
            "involvedActor",
            "involvedIn",
            "role",
            "party",
            "partOfProgramme",
            "phaseOf",
            "implementsInstrument",
            "supplements",
            "amends",
            "replaces",
        )
    },
}
_TYPE, _SUBCLASS = str(RDF.type), str(RDFS.subClassOf)


@dataclass
class Facts:
    # short predicate name -> subject -> objects (IRIs or literal lexical forms)
    values: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    instances: dict[str, list[str]] = field(default_factory=dict)  # class -> subjects
    children: dict[str, list[str]] = field(default_factory=dict)  # class -> direct subclasses

    def one(self, name: str, subject: str) -> str | None:
        found = self.values[name].get(subject)
        return min(found) if found else None

    def all(self, name: str, subject: str) -> list[str]:
        return self.values[name].get(subject, [])

    def instances_of(self, cls: str) -> list[str]:
        """Subjects typed with the class or any subclass of it."""
        seen, todo, found = {cls}, [cls], []
        while todo:
            current = todo.pop()
            found.extend(self.instances.get(current, []))
            for child in self.children.get(current, []):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        return found


def read_facts(store: ox.Store) -> Facts:
    wanted = {iri: name for name, iri in PREDICATES.items()}
    values: dict[str, dict[str, list[str]]] = {name: defaultdict(list) for name in PREDICATES}
    instances: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for quad in store:
        predicate, subject, obj = quad.predicate.value, quad.subject.value, quad.object.value
        if predicate == _TYPE:
            instances[obj].append(subject)
        elif predicate == _SUBCLASS:
            children[obj].append(subject)
        elif (name := wanted.get(predicate)) is not None:
            values[name][subject].append(obj)
    return Facts({k: dict(v) for k, v in values.items()}, dict(instances), dict(children))
