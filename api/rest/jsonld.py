"""JSON-LD for entities: a CONSTRUCT of the entity and its neighbourhood, labelled, compacted with a
@context that maps short terms to the ontology IRIs (rdflib's JSON-LD serializer); and the Accept
negotiation between JSON, JSON-LD and Turtle."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from api.rest.queries import ENTITY_NODES, NODES_CONSTRUCT, with_values
from api.rest.search import name_index
from graph.errors import NotAcceptable
from graph.iris import ID, PREFIXES, VOCAB
from graph.store import GraphStore

JSON = "application/json"
JSON_LD = "application/ld+json"
TURTLE = "text/turtle"
OFFERED = (JSON, JSON_LD, TURTLE)
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

_LINKS = {
    "actor": "svkg:actor", "target": "svkg:target", "actionType": "svkg:actionType",
    "legalBasis": "svkg:legalBasis", "currentStatus": "svkg:currentStatus", "status": "svkg:status",
    "stance": "svkg:stance", "assertedBy": "svkg:assertedBy", "reportedBy": "svkg:reportedBy",
    "source": "svkg:source", "claimAbout": "svkg:claimAbout", "requestedBy": "svkg:requestedBy",
    "respondsTo": "svkg:respondsTo", "reverses": "svkg:reverses", "supersedes": "svkg:supersedes",
    "relatedTo": "svkg:relatedTo", "scopeCategory": "svkg:scopeCategory",
    "datePrecision": "svkg:datePrecision",
    "startPrecision": "svkg:startPrecision", "verification": "svkg:verification",
    "headquarteredIn": "svkg:headquarteredIn", "subsidiaryOf": "svkg:subsidiaryOf",
    "jurisdiction": "svkg:jurisdiction", "nationality": "svkg:nationality", "affiliation": "svkg:affiliation",
    "allianceType": "svkg:allianceType", "issuedBy": "svkg:issuedBy", "allegedBy": "svkg:allegedBy",
    "allegationAgainst": "svkg:allegationAgainst", "member": "org:member", "organization": "org:organization",
    "role": "org:role", "subOrganizationOf": "org:subOrganizationOf", "publisher": "dcterms:publisher",
    "isPartOf": "dcterms:isPartOf", "sameAs": "owl:sameAs",
}
_DATES = {
    "date": "svkg:date", "announcedDate": "svkg:announcedDate", "effectiveDate": "svkg:effectiveDate",
    "endDate": "svkg:endDate", "startDate": "svkg:startDate", "claimDate": "svkg:claimDate",
    "enactedDate": "svkg:enactedDate", "issued": "dcterms:issued",
}
_PLAIN = {
    "label": "rdfs:label", "altLabel": "skos:altLabel", "prefLabel": "skos:prefLabel",
    "description": "dcterms:description", "title": "dcterms:title", "scope": "svkg:scope",
    "targetNote": "svkg:targetNote", "quote": "svkg:quote", "statusNote": "svkg:statusNote",
    "citation": "svkg:citation", "cameoCode": "svkg:cameoCode", "location": "svkg:location",
}


def context() -> dict[str, Any]:
    """The JSON-LD @context of svkg: its prefixes, and short terms for the ontology's properties."""
    ctx: dict[str, Any] = dict(PREFIXES)
    ctx.update({term: {"@id": iri, "@type": "@id"} for term, iri in _LINKS.items()})
    ctx.update({term: {"@id": iri, "@type": "xsd:date"} for term, iri in _DATES.items()})
    ctx.update(_PLAIN)
    ctx["url"] = {"@id": "schema:url", "@type": "xsd:anyURI"}
    return ctx


def rdflib_term(term: Any) -> Any:
    """A pyoxigraph term as the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value) if datatype == XSD_STRING else Literal(term.value, datatype=URIRef(datatype))


def entity_graph(store: GraphStore, node: ox.NamedNode) -> Graph:
    """The entity's neighbourhood as an rdflib Graph, with labels of every IRI it mentions."""
    found = store.query(ENTITY_NODES, bindings={"entity": node})
    assert isinstance(found, ox.QuerySolutions)
    nodes = [node, *(sol["s"] for sol in found)]
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    for i in range(0, len(nodes), 400):
        result = store.query(with_values(NODES_CONSTRUCT, "s", nodes[i:i + 400]))
        assert isinstance(result, ox.QueryTriples)
        g.addN((rdflib_term(t.subject), rdflib_term(t.predicate), rdflib_term(t.object), g) for t in result)
    index = name_index(store)
    for node in set(g.objects()) | set(g.subjects()):
        iri = str(node)
        if not isinstance(node, URIRef) or not iri.startswith((ID, VOCAB)):
            continue
        label, pred = index.label(iri), index.label_predicates.get(iri)
        if label and pred and (node, URIRef(pred), None) not in g:
            g.add((node, URIRef(pred), Literal(label, lang=index.label_langs.get(iri) or None)))
    return g


def to_jsonld(g: Graph, first: str | None = None) -> bytes:
    """Compacted JSON-LD with the svkg @context; nodes sorted by @id, `first` at the top."""
    data = json.loads(g.serialize(format="json-ld", context=context(), auto_compact=True))
    if isinstance(data.get("@graph"), list):
        data["@graph"].sort(key=lambda n: (n.get("@id") != first, str(n.get("@id"))))
    return json.dumps(data, ensure_ascii=False, indent=1).encode()


def choose(accept: str | None, offered: tuple[str, ...] = OFFERED) -> str:
    """The offered media type the Accept header prefers (q-values honoured, ties to the first offered);
    JSON when there is no Accept header; NotAcceptable when none is acceptable."""
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int, int] | None = None
    chosen = None
    for position, media in enumerate(offered):
        kind = media.split("/")[0]
        score: tuple[float, int] | None = None
        for part in accept.split(","):
            fields = [f.strip() for f in part.split(";")]
            rng = fields[0].lower()
            q = 1.0
            for f in fields[1:]:
                if f.lower().startswith("q="):
                    try:
                        q = float(f[2:])
                    except ValueError:
                        q = 0.0
            if rng == media:
                specificity = 2
            elif rng == f"{kind}/*":
                specificity = 1
            elif rng == "*/*":
                specificity = 0
            else:
                continue
            if score is None or specificity > score[1]:
                score = (q, specificity)
        if score is None or score[0] <= 0:
            continue
        candidate = (score[0], score[1], -position)
        if best is None or candidate > best:
            best, chosen = candidate, media
    if chosen is None:
        raise NotAcceptable(f"no representation of this resource matches Accept: {accept}; "
                            f"offered: {', '.join(offered)}")
    return chosen
