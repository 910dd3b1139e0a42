"""Change a live store safely: copy the current generation, change the copy, validate, swap it in.

    from graph.build import staged_store

    with staged_store(settings) as store:            # a writable copy of the current generation
        store.replace_graph(importer.graph, result)   # clear + (bulk) load + meta record
    # here the copy has been validated and swapped in; the old generation is kept one back

`svkg import NAME PATH` uses this on a store that may be serving: readers keep answering from the old
generation until the swap. Any exception in the block, any parse error or SHACL violation discards the
copy and leaves the current store untouched.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.iris import META_GRAPH, ONTOLOGY_GRAPH
from graph.meta import SourceRecord, record_from_store, remove_record, write_records
from graph.settings import Settings
from graph.store import generations as gens
from graph.store.embedded import EmbeddedStore


class StagedStore(EmbeddedStore):
    """A writable copy of the store that remembers which graphs changed (to validate just those)."""

    def __init__(self, store: ox.Store, path: Path) -> None:
        super().__init__(store, path, read_only=False)
        self.changed: set[str] = set()
        self.records: dict[str, dict[str, Any]] = {}
        self.everything_changed = False

    def load(self, data: bytes | str, media_type: str, graph: str | None) -> None:
        super().load(data, media_type, graph)
        self._touch(graph)

    def bulk_load_file(self, path: Path, media_type: str, graph: str | None) -> None:
        super().bulk_load_file(path, media_type, graph)
        self._touch(graph)

    def clear_graph(self, graph: str) -> None:
        super().clear_graph(graph)
        self._touch(graph)

    def update(self, sparql: str) -> None:
        super().update(sparql)
        self.everything_changed = True  # an update may touch any graph

    def replace_graph(self, graph: str, content: Any, metadata: Mapping[str, Any] | None = None) -> int:
        """Replace a named graph with `content` — an rdflib Graph, an ImportResult (`.graph` or
        `.ntriples_path`, `.metadata`) or a path to an N-Triples file — and record its metadata.
        Returns the graph's new triple count."""
        from graph.build import load_import_result, load_rdflib_graph

        self.clear_graph(graph)
        if isinstance(content, str | Path):
            self.bulk_load_file(Path(content), "application/n-triples", graph)
        elif hasattr(content, "ntriples_path") or hasattr(content, "metadata"):
            load_import_result(self.ox, graph, content)
            metadata = metadata or getattr(content, "metadata", None)
        else:
            load_rdflib_graph(self.ox, graph, content)
        self._touch(graph)
        if metadata is not None:
            self.records[graph] = dict(metadata)
        return self.quad_count(graph)

    def _touch(self, graph: str | None) -> None:
        if graph is None or graph in (ONTOLOGY_GRAPH, META_GRAPH):
            self.everything_changed = True
        else:
            self.changed.add(graph)


@contextmanager
def staged_store(settings: Settings) -> Iterator[StagedStore]:
    """Yield a writable copy of the current store generation; validate and swap it in on success."""
    from graph.build import derive_current_status, meta_record
    from graph.locate import locator
    from graph.validate import load_shapes, raise_on_violations, validate_store

    store_path = Path(settings.store_path)
    with gens.build_lock(store_path):
        gens.adopt_plain_directory(store_path)
        current = gens.current_generation(store_path)
        gen = gens.new_generation(store_path)
        if current is not None:
            ox.Store.read_only(str(current)).backup(str(gen))
        staged = StagedStore(ox.Store(str(gen)), gen)
        try:
            yield staged
            store = staged.ox
            derive_current_status(store)
            _update_records(staged)
            write_records(store, [meta_record(store)])
            imports = None if staged.everything_changed else sorted(staged.changed)
            report = validate_store(store, load_shapes(Path(settings.ontology_dir)),
                                    imports_to_check=imports, locate=locator(store))
            raise_on_violations(report)
            store.flush()
            del store
        except BaseException:
            staged.ox = None  # type: ignore[assignment]
            staged.read_only = True
            shutil.rmtree(gen, ignore_errors=True)
            raise
        staged.ox = None  # type: ignore[assignment]  # drop the handle: releases RocksDB's lock
        staged.read_only = True
        try:
            gens.swap_in(store_path, gen)
        except BaseException:
            if gens.current_generation(store_path) != gen:
                shutil.rmtree(gen, ignore_errors=True)
            raise


def _update_records(staged: StagedStore) -> None:
    """Refresh the meta record of every changed graph: new metadata when given, else the old record with
    its new count; a graph without a record gets a minimal one; an emptied graph loses its record."""
    store = staged.ox
    for graph in sorted(staged.changed):
        size = staged.quad_count(graph)
        if size == 0:
            remove_record(store, graph)
            continue
        md = staged.records.get(graph)
        rec = SourceRecord.from_metadata(graph, md) if md is not None else record_from_store(store, graph)
        if rec is None:
            rec = SourceRecord(graph=graph, title=graph.rsplit("/graph/", 1)[-1], importer="staged-update")
        rec.triple_count = size
        write_records(store, [rec])
