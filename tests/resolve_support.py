"""A store of real data for the resolution tests: the ontology, every curated file, and the shipped
DoD 1260H, FCC Covered List and NDAA §889 files run through their importers."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from graph.build import load_import_result, load_rdflib_graph
from graph.importers.context import ImportContext
from graph.importers.registry import get_importer

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
ONTOLOGY = REPO / "ontology"
IMPORTS = ("dod-1260h", "fcc-covered", "ndaa-s889")


@lru_cache(maxsize=1)
def real_nquads() -> bytes:
    """The store's content as N-Quads (built once per test process)."""
    from graph.curated import concept_keys, load_all

    store = ox.Store()
    for name in ("svkg.ttl", "vocab.ttl", "cameo.ttl"):
        store.load(path=str(ONTOLOGY / name), format=ox.RdfFormat.TURTLE,
                   to_graph=ox.NamedNode("https://w3id.org/svkg/graph/ontology"))
    for source, rdf in load_all(DATA, concept_keys(ONTOLOGY / "vocab.ttl")):
        load_rdflib_graph(store, source.graph, rdf)
    ctx = ImportContext(sources_dir=DATA / "sources", curated_dir=DATA / "curated")
    for name in IMPORTS:
        imp = get_importer(name, context=ctx)
        load_import_result(store, imp.graph, imp.run())
    return store.dump(format=ox.RdfFormat.N_QUADS) or b""


def real_store(path: Path | None = None) -> ox.Store:
    """A fresh store (in memory, or on disk at `path`) holding the real data."""
    store = ox.Store(str(path)) if path is not None else ox.Store()
    store.load(real_nquads(), format=ox.RdfFormat.N_QUADS)
    return store
