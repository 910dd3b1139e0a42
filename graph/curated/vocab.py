"""Concept keys of the SKOS vocabularies (ontology/vocab.ttl), by scheme, for checking curated data."""

from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph
from rdflib.namespace import SKOS

from graph import iris
from graph.errors import DataError, Location


def concept_keys(vocab_path: Path) -> dict[str, set[str]]:
    """`{"status": {"enacted", …}, "action-type": {…}, …}`: each skos:Concept under the vocab: base,
    keyed by the scheme segment of its IRI; the key is the last segment (and its skos:notation, if any)."""
    g = Graph()
    try:
        g.parse(vocab_path, format="turtle")
    except FileNotFoundError:
        raise DataError(Location(vocab_path), "vocabulary file not found") from None
    except Exception as exc:  # rdflib raises several parser exception types
        raise DataError(Location(vocab_path), f"cannot parse the vocabulary: {exc}") from exc
    out: dict[str, set[str]] = {}
    for concept in g.subjects(RDF.type, SKOS.Concept):
        iri = str(concept)
        if not iri.startswith(iris.VOCAB):
            continue
        scheme, _, key = iri[len(iris.VOCAB):].partition("/")
        if not key:
            continue
        keys = out.setdefault(scheme, set())
        keys.add(key)
        for notation in g.objects(concept, SKOS.notation):
            keys.add(str(notation))
    return out
