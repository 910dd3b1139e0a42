"""`staged_store`: change a copy of the live store, validate the changed graphs, swap it in — or leave the
live store exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph.build import staged_store
from graph.errors import ValidationError
from graph.iris import GRAPH, ID, META_GRAPH, ONTOLOGY
from graph.meta import record_from_store
from graph.settings import REPO_ROOT, Settings
from graph.store import EmbeddedStore
from graph.store import generations as gens

FIX = REPO_ROOT / "tests" / "fixtures" / "build"
LISTING = GRAPH + "import/listing"
MD = {"title": "Fixture list", "origin_url": "https://example.org/list.csv", "licence": "CC0-1.0",
      "snapshot_date": "2024-05-03", "retrieved_date": "2024-05-04", "importer": "fixture"}


def graphs(store_path: Path) -> list[str]:
    with EmbeddedStore.open(store_path) as st:
        return st.named_graphs()


def test_a_staged_import_is_validated_and_swapped_in(live_store: Settings) -> None:
    path = live_store.store_path
    old = gens.current_generation(path)
    listing = rdflib.Graph().parse(FIX / "good-import.ttl")
    with staged_store(live_store) as store:
        n = store.replace_graph(LISTING, listing, MD)
        assert LISTING not in graphs(path), "the live store changed before the swap"
    assert n == len(listing)
    assert gens.current_generation(path) != old and old.exists()  # the old one kept one back
    raw = ox.Store.read_only(str(path))
    rec = record_from_store(raw, LISTING)
    assert rec is not None and rec.triple_count == n + 1  # + the derived current status
    assert rec.title == "Fixture list" and rec.license == "CC0-1.0"
    status = list(raw.quads_for_pattern(ox.NamedNode(ID + "action/fixture/widget-co"),
                                        ox.NamedNode(ONTOLOGY + "currentStatus"), None,
                                        ox.NamedNode(LISTING)))
    assert len(status) == 1
    meta = record_from_store(raw, META_GRAPH)
    assert meta is not None
    assert meta.triple_count == len(list(raw.quads_for_pattern(None, None, None, ox.NamedNode(META_GRAPH))))


def test_an_ntriples_file_goes_through_the_bulk_loader(live_store: Settings) -> None:
    with staged_store(live_store) as store:
        store.replace_graph(GRAPH + "import/records", FIX / "good-records.nt", MD)
    with EmbeddedStore.open(live_store.store_path) as st:
        assert st.quad_count(GRAPH + "import/records") == 5


def test_a_staged_change_that_does_not_validate_leaves_the_store(live_store: Settings) -> None:
    path = live_store.store_path
    old = gens.current_generation(path)
    before = graphs(path)
    with pytest.raises(ValidationError) as info, staged_store(live_store) as store:
        store.replace_graph(LISTING, rdflib.Graph().parse(FIX / "claim-without-source.ttl"), MD)
    assert "svkg:source" in info.value.message
    assert gens.current_generation(path) == old
    assert gens.generations(path) == [old]
    assert graphs(path) == before


def test_an_exception_in_the_block_discards_the_copy(live_store: Settings) -> None:
    path = live_store.store_path
    old = gens.current_generation(path)
    with pytest.raises(KeyError), staged_store(live_store) as store:
        store.clear_graph(GRAPH + "curated/alliances")
        raise KeyError("changed my mind")
    assert gens.generations(path) == [old]
    assert GRAPH + "curated/alliances" in graphs(path)


def test_clearing_a_graph_drops_its_record(live_store: Settings) -> None:
    with staged_store(live_store) as store:
        store.clear_graph(GRAPH + "curated/alliances")
    raw = ox.Store.read_only(str(live_store.store_path))
    assert record_from_store(raw, GRAPH + "curated/alliances") is None
    assert GRAPH + "curated/alliances" not in {g.value for g in raw.named_graphs()}
