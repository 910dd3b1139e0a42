"""Media types <-> pyoxigraph formats, for RDF and for SPARQL results."""

from __future__ import annotations

import pyoxigraph as ox

from graph.errors import NotAcceptable

RDF_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}

RESULTS_TYPES: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


def _base(media_type: str) -> str:
    return media_type.split(";")[0].strip().lower()


def rdf_format(media_type: str) -> ox.RdfFormat:
    try:
        return RDF_TYPES[_base(media_type)]
    except KeyError:
        raise NotAcceptable(f"no RDF serialisation for {media_type!r}") from None


def results_format(media_type: str) -> ox.QueryResultsFormat:
    try:
        return RESULTS_TYPES[_base(media_type)]
    except KeyError:
        raise NotAcceptable(f"no SPARQL results serialisation for {media_type!r}") from None
