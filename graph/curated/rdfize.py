"""RDF building blocks for the curated loaders: namespaces, terms, labels, dates and source nodes, per the
vocabulary contract (ontology/README.md)."""

from __future__ import annotations

import hashlib
import re
from datetime import date
from urllib.parse import urlsplit

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from graph import iris
from graph.curated.registry import Registry

SVKG = Namespace(iris.ONTOLOGY)
ORG = Namespace(iris.PREFIXES["org"])
SCHEMA = Namespace(iris.PREFIXES["schema"])
WD = Namespace(iris.PREFIXES["wd"])

__all__ = ["DCTERMS", "ORG", "OWL", "PROV", "RDF", "RDFS", "SCHEMA", "SKOS", "SVKG", "WD", "XSD"]

SOURCE_CLASSES = {"news-article": "NewsArticle", "official-document": "OfficialDocument",
                  "web-page": "WebPage", "dataset": "Dataset"}
OFFICIAL_PUBLISHERS = {"State", "GovernmentBody", "IntergovernmentalOrganization"}


def new_graph(identifier: str) -> Graph:
    # SimpleMemory: one graph per file needs no context index, and adds twice as fast as the default store
    g = Graph(store="SimpleMemory", identifier=URIRef(identifier))
    for prefix, ns in iris.PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def node(ref: str) -> URIRef:
    """`company/huawei` -> the thing's IRI."""
    return URIRef(iris.thing(ref))


def concept(scheme: str, key: str) -> URIRef:
    return URIRef(iris.concept(scheme, key))


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def plain(text: str) -> Literal:
    return Literal(text)


def xdate(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def any_uri(url: str) -> Literal:
    return Literal(url, datatype=XSD.anyURI)


def add_names(g: Graph, s: URIRef, label: str, aliases: dict[str, list[str]] | None = None) -> None:
    g.add((s, RDFS.label, en(label)))
    for lang, texts in (aliases or {}).items():
        for text in texts:
            g.add((s, SKOS.altLabel, Literal(text, lang=lang)))


def source_id_for_url(url: str) -> str:
    """A stable source id derived from a URL: `source/<host>-<10 hex of sha256(url)>`."""
    host = (urlsplit(url).hostname or "web").lower()
    host = re.sub(r"^www\.", "", host)
    slug = re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "web"
    return f"source/{slug}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:10]}"


def source_for(ref_or_url: str, registry: Registry) -> tuple[str, bool]:
    """The source id a `source` field means, and whether it is a URL no file declares (so the caller must
    describe it as a web page)."""
    if ref_or_url.startswith(("http://", "https://")):
        declared = registry.source_urls.get(ref_or_url)
        return (declared, False) if declared else (source_id_for_url(ref_or_url), True)
    return ref_or_url, False


def add_url_source(g: Graph, ref: str, url: str, registry: Registry, *, title: str | None = None,
                   publisher: str | None = None, issued: date | None = None) -> URIRef:
    """Describe a source known only by its URL (CSV rows, `source:` URLs in YAML). Its class follows its
    publisher: a media outlet -> NewsArticle, a state/body/IGO -> OfficialDocument, else WebPage."""
    s = node(ref)
    known = registry.url_info.get(url)
    if known is not None:
        publisher, title, issued = publisher or known[0], title or known[1], issued or known[2]
    pub_cls = registry.cls(publisher) if publisher else None
    if pub_cls == "MediaOrganization":
        cls = "NewsArticle"
    elif pub_cls in OFFICIAL_PUBLISHERS:
        cls = "OfficialDocument"
    else:
        cls = "WebPage"
    g.add((s, RDF.type, SVKG[cls]))
    g.add((s, SCHEMA.url, any_uri(url)))
    g.add((s, DCTERMS.title, en(title or url)))  # the URL stands in for a title nobody recorded
    g.add((s, RDFS.label, en(title or url)))
    if publisher:
        g.add((s, DCTERMS.publisher, node(publisher)))
    if issued:
        g.add((s, DCTERMS.issued, xdate(issued)))
    return s
