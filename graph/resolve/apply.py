"""Resolution against a store: read the records, resolve, and (for `resolve_into`) replace the resolution
graph with the result.

    from graph.resolve import resolve_into
    rg = resolve_into(store, data_dir=data_dir)      # an ox.Store, an EmbeddedStore or a StagedStore
    rg.links, rg.uncertain, rg.metadata              # metadata: the graph's record for svkgg:meta

`svkg build` calls `resolve_into` on the new generation once every import is loaded; `svkg resolve`
calls it inside `graph.build.staged_store`, so a resolution that does not validate never replaces the
live store.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.meta import sha256_file
from graph.resolve.decisions import Decisions, load_decisions
from graph.resolve.records import read_records
from graph.resolve.resolve import AMBIGUITY_MARGIN, DEFAULT_THRESHOLD, REVIEW_FLOOR, Resolution, resolve
from graph.resolve.writer import ResolutionGraph, build_graph
from graph.settings import REPO_ROOT
from graph.store import EmbeddedStore, GraphStore


def as_graph_store(store: Any) -> GraphStore:
    """A GraphStore over a raw pyoxigraph store (the build's), or the store itself."""
    return EmbeddedStore(store) if isinstance(store, ox.Store) else store


def default_decisions_path(data_dir: Path | None = None) -> Path:
    from graph.resolve.decisions import DEFAULT_FILE

    return Path(data_dir or REPO_ROOT / "data") / DEFAULT_FILE


def _display(path: Path) -> str:
    path = path.resolve()
    return path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else path.name


def resolve_store(store: Any, *, data_dir: Path | None = None, decisions_path: Path | None = None,
                  decisions: Decisions | None = None, threshold: float = DEFAULT_THRESHOLD,
                  floor: float = REVIEW_FLOOR, margin: float = AMBIGUITY_MARGIN) -> Resolution:
    """Resolve the records of `store` (nothing is written)."""
    if decisions is None:
        decisions = load_decisions(decisions_path or default_decisions_path(data_dir))
    return resolve(read_records(as_graph_store(store)), decisions, threshold=threshold, floor=floor,
                   margin=margin)


def resolve_into(store: Any, *, data_dir: Path | None = None, decisions_path: Path | None = None,
                 threshold: float = DEFAULT_THRESHOLD, floor: float = REVIEW_FLOOR,
                 margin: float = AMBIGUITY_MARGIN) -> ResolutionGraph:
    """Resolve the records of `store` and replace its resolution graph with the links found.

    Returns the ResolutionGraph (links, uncertain pairs, triples and the meta record's metadata). On a
    StagedStore the metadata is registered for `svkgg:meta` too; a caller with a raw store (the build)
    writes the meta record itself from `metadata`."""
    path = decisions_path or default_decisions_path(data_dir)
    decisions = load_decisions(path)
    resolution = resolve_store(store, decisions=decisions, threshold=threshold, floor=floor, margin=margin)
    rg = build_graph(resolution, decisions_file=_display(path) if path.is_file() else None,
                     decisions_sha256=sha256_file(path) if path.is_file() else None)
    write_graph(store, rg)
    return rg


def write_graph(store: Any, rg: ResolutionGraph) -> None:
    """Replace the resolution graph of `store` with `rg`."""
    if isinstance(store, ox.Store):
        store.remove_graph(ox.NamedNode(rg.graph))
        store.extend(rg.quads())
        return
    store.clear_graph(rg.graph)
    if rg.triples:
        store.load(rg.ntriples(), "application/n-triples", rg.graph)
    records = getattr(store, "records", None)
    if isinstance(records, dict):  # a StagedStore: its meta record is rewritten from this
        records[rg.graph] = dict(rg.metadata)
