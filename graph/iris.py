"""Base IRIs of svkg's things, concepts and named graphs, and helpers to make and read them."""

from __future__ import annotations

BASE = "https://w3id.org/svkg/"
ONTOLOGY = BASE + "ontology#"
ID = BASE + "id/"
VOCAB = BASE + "vocab/"
GRAPH = BASE + "graph/"

ONTOLOGY_GRAPH = GRAPH + "ontology"
META_GRAPH = GRAPH + "meta"
RESOLUTION_GRAPH = GRAPH + "resolution"
RIPPLE_GRAPH = GRAPH + "derived/ripple"

PREFIXES: dict[str, str] = {
    "svkg": ONTOLOGY,
    "id": ID,
    "vocab": VOCAB,
    "svkgg": GRAPH,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "wd": "http://www.wikidata.org/entity/",
}


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix svkg uses, to prepend to a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def thing(ref: str) -> str:
    """`state/JP` -> `https://w3id.org/svkg/id/state/JP` (an already absolute IRI is returned as is)."""
    return ref if ref.startswith(("http://", "https://")) else ID + ref


def concept(scheme: str, key: str) -> str:
    """`concept("status", "enacted")` -> `https://w3id.org/svkg/vocab/status/enacted`."""
    return f"{VOCAB}{scheme}/{key}"


def graph(name: str) -> str:
    """`graph("curated/timeline")` -> `https://w3id.org/svkg/graph/curated/timeline`."""
    return GRAPH + name


def short(iri: str) -> str:
    """The id path of a thing IRI (`state/JP`), or the IRI itself when it is not one of ours."""
    return iri[len(ID):] if iri.startswith(ID) else iri
