"""The resolution graph, `https://w3id.org/svkg/graph/resolution`.

For every link between two records (an imported record and a curated entity, or two imported records):

    <record> owl:sameAs <entity> .
    id:resolution/<16 hex digits> a svkg:ResolutionLink ;
        svkg:left <record> ; svkg:right <entity> ;
        svkg:score "0.96"^^xsd:decimal ;                  # in [0, 1]
        svkg:reason "the same name without legal forms: …" ;
        svkg:decision "auto" .                            # or "manual"

The link node's key is the first 16 hex digits of the SHA-256 of "<left IRI> <right IRI>", so a link
keeps its IRI from one run to the next. `svkg:left` is the record being resolved (an imported one),
`svkg:right` what it was linked to; `owl:sameAs` goes the same way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from graph.iris import ID, ONTOLOGY, RESOLUTION_GRAPH
from graph.resolve.resolve import Pair, Resolution

OWL_SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
LINK_CLASS = ox.NamedNode(ONTOLOGY + "ResolutionLink")
P_LEFT, P_RIGHT = ox.NamedNode(ONTOLOGY + "left"), ox.NamedNode(ONTOLOGY + "right")
P_SCORE, P_REASON = ox.NamedNode(ONTOLOGY + "score"), ox.NamedNode(ONTOLOGY + "reason")
P_DECISION = ox.NamedNode(ONTOLOGY + "decision")


def link_iri(left: str, right: str) -> str:
    return f"{ID}resolution/{hashlib.sha256(f'{left} {right}'.encode()).hexdigest()[:16]}"


def link_triples(pair: Pair) -> list[ox.Triple]:
    left, right = ox.NamedNode(pair.left), ox.NamedNode(pair.right)
    node = ox.NamedNode(link_iri(pair.left, pair.right))
    score = Decimal(str(pair.score)).quantize(Decimal("0.001")).normalize()
    return [
        ox.Triple(left, OWL_SAME_AS, right),
        ox.Triple(node, RDF_TYPE, LINK_CLASS),
        ox.Triple(node, P_LEFT, left),
        ox.Triple(node, P_RIGHT, right),
        ox.Triple(node, P_SCORE, ox.Literal(f"{score:f}", datatype=XSD_DECIMAL)),
        ox.Triple(node, P_REASON, ox.Literal(pair.reason)),
        ox.Triple(node, P_DECISION, ox.Literal(pair.decision)),
    ]


@dataclass
class ResolutionGraph:
    """The resolution graph of one run: its triples, the run's findings and its meta record."""

    resolution: Resolution
    triples: list[ox.Triple] = field(default_factory=list)
    graph: str = RESOLUTION_GRAPH
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def links(self) -> list[Pair]:
        return self.resolution.links

    @property
    def uncertain(self) -> list[Pair]:
        return self.resolution.uncertain

    def ntriples(self) -> bytes:
        return ox.serialize(self.triples, format=ox.RdfFormat.N_TRIPLES) or b""

    def quads(self) -> list[ox.Quad]:
        g = ox.NamedNode(self.graph)
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in self.triples]


def build_graph(resolution: Resolution, *, decisions_file: str | None = None,
                decisions_sha256: str | None = None) -> ResolutionGraph:
    """The triples and meta record (keys as `graph.meta.SourceRecord.from_metadata` reads them)."""
    triples = [t for pair in resolution.links for t in link_triples(pair)]
    manual = sum(p.decision == "manual" for p in resolution.links)
    metadata: dict[str, Any] = {
        "title": "Entity resolution: owl:sameAs links between imported records and curated entities",
        "description": (f"{len(resolution.links)} links ({manual} manual) at threshold "
                        f"{resolution.threshold}; {len(resolution.uncertain)} uncertain pairs left for "
                        f"review (svkg resolve --review)."),
        "importer": "resolve",
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "license": "CC-BY-4.0",
    }
    if decisions_file:
        metadata["origin_files"] = [decisions_file]
    if decisions_sha256:
        metadata["sha256"] = [decisions_sha256]
    return ResolutionGraph(resolution, triples, RESOLUTION_GRAPH, metadata)
