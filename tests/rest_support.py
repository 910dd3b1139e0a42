"""The REST fixture (tests/fixtures/rest/*.ttl, one named graph per file: `a__b.ttl` -> graph `a/b`),
loaded into an in-memory store for the app and into rdflib as the independent oracle."""

from __future__ import annotations

from pathlib import Path

import rdflib

from graph.iris import graph
from graph.store import EmbeddedStore

FIXTURES = Path(__file__).parent / "fixtures" / "rest"


def graph_of(path: Path) -> str:
    return graph(path.stem.replace("__", "/"))


def fixture_store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    for path in sorted(FIXTURES.glob("*.ttl")):
        store.load(path.read_bytes(), "text/turtle", graph_of(path))
    return store


def fixture_graph() -> rdflib.Graph:
    """All fixture files merged into one rdflib graph (the oracle the answers are checked against)."""
    g = rdflib.Graph()
    for path in sorted(FIXTURES.glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def fixture_dataset() -> rdflib.Dataset:
    """The fixture as an rdflib dataset, one named graph per file."""
    ds = rdflib.Dataset()
    for path in sorted(FIXTURES.glob("*.ttl")):
        ds.graph(rdflib.URIRef(graph_of(path))).parse(path, format="turtle")
    return ds
