"""Quick check for seed authors: each file parses as Turtle and uses only
ontology terms. (The full validator is `tkgraph validate`.)"""

import sys
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

ROOT = Path(__file__).resolve().parent.parent
TK = "https://w3id.org/tkgraph/ontology#"
ALLOWED = {
    str(RDF.type),
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/source",
    "http://purl.org/dc/terms/title",
}


def main(paths: list[str]) -> int:
    onto = Graph().parse(ROOT / "ontology" / "tkgraph.ttl")
    declared = {str(s) for s in onto.subjects() if isinstance(s, URIRef) and str(s).startswith(TK)}
    bad = 0
    for p in paths:
        try:
            g = Graph().parse(p, format="turtle")
        except Exception as e:
            print(f"{p}: PARSE ERROR: {e}")
            bad += 1
            continue
        for s, pr, o in g:
            for term in (pr, o) if pr == RDF.type else (pr,):
                t = str(term)
                if isinstance(term, URIRef) and t.startswith(TK) and t not in declared:
                    print(f"{p}: unknown ontology term {t}")
                    bad += 1
                elif term is pr and not t.startswith(TK) and t not in ALLOWED:
                    print(f"{p}: property outside the ontology {t}")
                    bad += 1
            if isinstance(o, URIRef) and str(o).startswith(TK) and str(o) not in declared:
                print(f"{p}: unknown ontology term {o}")
                bad += 1
        print(f"{p}: {len(g)} triples")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
