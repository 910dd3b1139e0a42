"""Reading nodes out of the store and turning them into response models: every triple of a set of
nodes in one query, and converters from pyoxigraph terms to `Ref`, `Concept`, `Source`, `Value`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pyoxigraph as ox

from api.rest import models as m
from api.rest.queries import DESCRIBE_NODES, with_values
from api.rest.refs import concept_key, curie, short_id
from api.rest.search import NameIndex
from graph.store import GraphStore
from graph.store.base import to_python

BATCH = 400

SVKG = "https://w3id.org/svkg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA_URL = "https://schema.org/url"

Props = dict[str, list[Any]]  # predicate IRI -> pyoxigraph terms, without duplicates, in store order


def describe(store: GraphStore, iris: Iterable[str]) -> dict[str, Props]:
    """Every (predicate, object) of each IRI, read in batches. Triples repeated across named graphs
    (the default graph is their union) are kept once."""
    wanted = list(dict.fromkeys(iris))
    out: dict[str, Props] = {iri: {} for iri in wanted}
    for i in range(0, len(wanted), BATCH):
        nodes = [ox.NamedNode(iri) for iri in wanted[i:i + BATCH]]
        result = store.query(with_values(DESCRIBE_NODES, "s", nodes))
        assert isinstance(result, ox.QuerySolutions)
        for sol in result:
            props = out[sol["s"].value].setdefault(sol["p"].value, [])
            obj = sol["o"]
            if obj not in props:
                props.append(obj)
    return out


def iris(props: Props, pred: str) -> list[str]:
    return [t.value for t in props.get(pred, []) if isinstance(t, ox.NamedNode)]


def first_iri(props: Props, pred: str) -> str | None:
    found = iris(props, pred)
    return found[0] if found else None


XSD = "http://www.w3.org/2001/XMLSchema#"
_STRINGS = {XSD + "string", "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString", XSD + "anyURI"}


def python_value(term: ox.Literal) -> Any:
    """A literal as a Python value; strings and xsd:date directly (the hot cases), the rest via rdflib."""
    dt = term.datatype.value if term.datatype else None
    if dt is None or dt in _STRINGS:
        return term.value
    if dt == XSD + "date":
        try:
            return date.fromisoformat(term.value)
        except ValueError:
            return term.value
    return to_python(term)


def literal(props: Props, pred: str) -> Any:
    """The first literal value of `pred` (an English or untagged one preferred) as a Python value."""
    lits = [t for t in props.get(pred, []) if isinstance(t, ox.Literal)]
    if not lits:
        return None
    lits.sort(key=lambda t: 0 if (t.language or "en").startswith("en") else 1)
    return python_value(lits[0])


def text(props: Props, pred: str) -> str | None:
    value = literal(props, pred)
    return None if value is None else str(value)


def a_date(props: Props, pred: str) -> date | None:
    value = literal(props, pred)
    return value if isinstance(value, date) else None


class Converter:
    """Makes response models from IRIs, using the name index for labels."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index

    def ref(self, iri: str) -> m.Ref:
        return m.Ref(id=short_id(iri), iri=iri, label=self.index.label(iri))

    def refs(self, values: Iterable[str]) -> list[m.Ref]:
        return [self.ref(v) for v in values]

    def concept(self, iri: str | None) -> m.Concept | None:
        if iri is None:
            return None
        return m.Concept(key=concept_key(iri), iri=iri, label=self.index.label(iri))

    def source(self, iri: str, props: Props) -> m.Source:
        publisher = first_iri(props, DCTERMS + "publisher")
        return m.Source(
            id=short_id(iri), iri=iri,
            title=text(props, DCTERMS + "title") or self.index.label(iri),
            url=text(props, SCHEMA_URL),
            publisher=self.ref(publisher) if publisher else None,
            issued=a_date(props, DCTERMS + "issued"),
            types=[curie(t) for t in iris(props, RDF_TYPE)],
        )

    def value(self, term: Any) -> m.Value:
        if isinstance(term, ox.NamedNode):
            iri = term.value
            return m.Value(id=short_id(iri) if iri != short_id(iri) else None, iri=iri,
                           label=self.index.label(iri))
        if isinstance(term, ox.Literal):
            dt = term.datatype.value if term.datatype else None
            plain = dt in (None, "http://www.w3.org/2001/XMLSchema#string",
                           "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
            return m.Value(value=term.value, lang=term.language or None,
                           datatype=None if plain else curie(dt))
        return m.Value(value=str(term))
