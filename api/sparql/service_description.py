"""The SPARQL 1.1 Service Description served at GET /sparql without a query (Turtle by default).

It states the endpoint, the languages (SPARQL 1.1 Query; Update only when writes are enabled), every
result format, the features, and the dataset: the default graph is the union of all named graphs
(sd:UnionDefaultGraph), with each named graph listed.
"""

from __future__ import annotations

import pyoxigraph as ox

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCT = "http://purl.org/dc/terms/"

FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
    "application/trig": "TriG",
    "application/n-quads": "N-Quads",
}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def description(endpoint: str, named_graphs: list[str], *, update: bool, service: bool,
                graph_store: str | None) -> list[ox.Triple]:
    """The service description's triples."""
    svc = ox.NamedNode(endpoint)
    out = [
        ox.Triple(svc, RDF_TYPE, _sd("Service")),
        ox.Triple(svc, _sd("endpoint"), svc),
        ox.Triple(svc, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(svc, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(svc, _sd("defaultEntailmentRegime"),
                  ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(svc, ox.NamedNode(DCT + "title"),
                  ox.Literal("svkg — State-Vendor Knowledge Graph", language="en")),
        ox.Triple(svc, ox.NamedNode(DCT + "description"), ox.Literal(
            "Read-only unless writes are enabled. The default graph is the union of all named graphs; "
            "a triple stated in several graphs (a state named by two datasets) matches once per graph, "
            "so count with DISTINCT. FROM / FROM NAMED and default-graph-uri / named-graph-uri select "
            "other datasets. Every query has a time limit (503 when exceeded) and a result size cap "
            "(413).", language="en")),
    ]
    if update:
        out.append(ox.Triple(svc, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    if service:
        out.append(ox.Triple(svc, _sd("feature"), _sd("BasicFederatedQuery")))
    for name in FORMAT_IRIS.values():
        out.append(ox.Triple(svc, _sd("resultFormat"), ox.NamedNode(FORMATS + name)))
    if graph_store:
        out.append(ox.Triple(svc, ox.NamedNode(DCT + "relation"), ox.NamedNode(graph_store)))
    dataset, default = ox.BlankNode("dataset"), ox.BlankNode("default")
    out += [
        ox.Triple(svc, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
        ox.Triple(default, ox.NamedNode(DCT + "description"),
                  ox.Literal("The union of all named graphs.", language="en")),
    ]
    for g in named_graphs:
        node = ox.BlankNode()
        out += [
            ox.Triple(dataset, _sd("namedGraph"), node),
            ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(node, _sd("name"), ox.NamedNode(g)),
        ]
    return out


def serialize(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    prefixes = {"sd": SD, "formats": FORMATS, "dcterms": DCT}
    kwargs = {"prefixes": prefixes} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    return ox.serialize(triples, format=fmt, **kwargs) or b""
