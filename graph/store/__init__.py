"""The store seam: one small interface over the embedded pyoxigraph store and any SPARQL 1.1 server.

Everything that reads or writes the graph takes a `GraphStore` as an argument; nothing opens a store at
import time. `open_store(settings)` picks the implementation from the settings.
"""

from __future__ import annotations

from graph.store.base import GraphStore, Row, select_rows
from graph.store.embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "GraphStore", "Row", "open_store", "select_rows"]


def open_store(settings, *, read_only: bool = True) -> GraphStore:  # type: ignore[no-untyped-def]
    """The store the settings name: a remote SPARQL server when `sparql_endpoint` is set, else the
    embedded store at `store_path` (read-only by default)."""
    if settings.sparql_endpoint:
        from graph.store.remote import RemoteStore

        return RemoteStore(
            settings.sparql_endpoint,
            update_url=settings.sparql_update_endpoint,
            gsp_url=settings.sparql_gsp_endpoint,
            timeout=settings.query_timeout,
        )
    return EmbeddedStore.open(settings.store_path, read_only=read_only)
