"""`svkg build`: the shipped data builds; one graph per curated file with its meta record; current statuses
derived; imports loaded (rdflib graphs and N-Triples files); the generation swap is atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.build import build, derive_current_status
from graph.curated import discover
from graph.errors import StoreError, ValidationError
from graph.iris import GRAPH, ID, META_GRAPH, ONTOLOGY, ONTOLOGY_GRAPH, VOCAB
from graph.meta import record_from_store, sha256_file
from graph.settings import REPO_ROOT, Settings
from graph.store import EmbeddedStore, select_rows
from graph.store import generations as gens

FIX = REPO_ROOT / "tests" / "fixtures" / "build"
ACTIONS = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a <https://w3id.org/svkg/ontology#Action> }"


def count(raw: ox.Store, graph: str) -> int:
    return sum(1 for _ in raw.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def n_actions(store_path: Path) -> int:
    with EmbeddedStore.open(store_path) as st:
        return int(select_rows(st, ACTIONS)[0]["n"])


# -- the shipped data -------------------------------------------------------------------------------------

def test_every_curated_file_is_its_own_graph_with_a_record(shipped_store: Path) -> None:
    files = discover(REPO_ROOT / "data")
    assert files, "no curated data shipped"
    raw = ox.Store.read_only(str(shipped_store))
    graphs = {g.value for g in raw.named_graphs()}
    assert {ONTOLOGY_GRAPH, META_GRAPH} <= graphs
    for sf in files:
        assert sf.graph in graphs, sf.path.name
        rec = record_from_store(raw, sf.graph)
        assert rec is not None, sf.graph
        assert rec.origin_files == [f"data/curated/{sf.path.name}"]
        assert rec.sha256 == [sha256_file(sf.path)]
        assert rec.triple_count == count(raw, sf.graph) > 0
        assert rec.importer == "curated"
    assert not [g for g in graphs if g.startswith(GRAPH + "import/")]  # built with --no-imports


def test_meta_records_itself_and_the_ontology(shipped_store: Path) -> None:
    raw = ox.Store.read_only(str(shipped_store))
    onto = record_from_store(raw, ONTOLOGY_GRAPH)
    assert onto is not None and onto.license and len(onto.sha256[0]) == 64
    assert "ontology/vocab.ttl" in (onto.description or "")
    meta = record_from_store(raw, META_GRAPH)
    assert meta is not None
    assert meta.triple_count == count(raw, META_GRAPH)


def test_every_action_with_claims_has_the_status_of_its_latest_claim(shipped_store: Path) -> None:
    with EmbeddedStore.open(shipped_store) as st:
        rows = select_rows(st, """
            PREFIX svkg: <https://w3id.org/svkg/ontology#>
            SELECT ?a ?d ?s ?current WHERE {
              ?c svkg:claimAbout ?a ; svkg:status ?s . ?a a svkg:Action .
              OPTIONAL { ?c svkg:claimDate ?d } OPTIONAL { ?a svkg:currentStatus ?current } }""")
    assert rows
    claims: dict[str, list[tuple[str, str]]] = {}
    current: dict[str, set[str | None]] = {}
    for r in rows:
        claims.setdefault(r["a"], []).append((str(r["d"] or ""), r["s"]))
        current.setdefault(r["a"], set()).add(r["current"])
    for action, dated in claims.items():
        (status,) = current[action]  # exactly one, never none
        assert status is not None, action
        latest = max(d for d, _ in dated)
        assert status in {s for d, s in dated if d == latest}, action


# -- deriving the current status --------------------------------------------------------------------------

def _claim(store: ox.Store, key: str, action: str, status: str, day: str | None, graph: str) -> None:
    g = ox.NamedNode(GRAPH + graph)
    c = ox.NamedNode(ID + "claim/" + key)
    store.add(ox.Quad(c, ox.NamedNode(ONTOLOGY + "claimAbout"), ox.NamedNode(ID + "action/" + action), g))
    store.add(ox.Quad(c, ox.NamedNode(ONTOLOGY + "status"), ox.NamedNode(VOCAB + "status/" + status), g))
    if day:
        store.add(ox.Quad(c, ox.NamedNode(ONTOLOGY + "claimDate"),
                          ox.Literal(day, datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")), g))


def test_derive_current_status_latest_claim_wins_and_ties_are_deterministic() -> None:
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    results = []
    for order in (1, -1):  # the same claims loaded in two orders give the same answer
        store = ox.Store()
        for action, graph in (("A", "curated/x"), ("B", "curated/y"), ("C", "curated/x")):
            store.add(ox.Quad(ox.NamedNode(ID + "action/" + action), rdf_type,
                              ox.NamedNode(ONTOLOGY + "Action"), ox.NamedNode(GRAPH + graph)))
        claims = [("a1", "A", "expected", "2018-12-07", "curated/x"),
                  ("a2", "A", "enacted", "2018-12-10", "curated/z"),
                  ("a3", "A", "reported", None, "curated/x"),
                  ("b1", "B", "announced", "2020-01-01", "curated/y"),
                  ("b2", "B", "denied", "2020-01-01", "curated/y")]
        for c in claims[::order]:
            _claim(store, *c)
        assert derive_current_status(store) == 2  # C has no claims
        got = {q.subject.value.rsplit("/", 1)[-1]: (q.object.value.rsplit("/", 1)[-1], q.graph_name.value)
               for q in store.quads_for_pattern(None, ox.NamedNode(ONTOLOGY + "currentStatus"), None, None)}
        results.append(got)
    assert results[0] == results[1]
    assert results[0]["A"] == ("enacted", GRAPH + "curated/x")  # latest date, written in the action's graph
    assert results[0]["B"] == ("denied", GRAPH + "curated/y")  # same date: the claim IRI sorting last


# -- imports ----------------------------------------------------------------------------------------------

def test_imports_are_loaded_each_into_its_graph_with_a_record(live_store: Settings, fake_importers) -> None:
    importers = fake_importers(listing=FIX / "good-import.ttl", records=FIX / "good-records.nt")
    result = build(live_store)
    raw = ox.Store.read_only(str(live_store.store_path))
    for imp in importers:
        rec = record_from_store(raw, imp.graph)
        assert rec is not None and rec.importer == imp.name
        assert rec.triple_count == count(raw, imp.graph)
        assert rec.snapshot_date and rec.retrieved_date and rec.origin_url and rec.license == "CC0-1.0"
        assert rec.sha256 == [sha256_file(imp.path)]
    assert not list((live_store.store_path.parent).glob("*.nt")), "temporary N-Triples files left behind"
    assert set(result.validation.graphs_whole) >= {i.graph for i in importers}
    status = list(raw.quads_for_pattern(ox.NamedNode(ID + "action/fixture/widget-co"),
                                        ox.NamedNode(ONTOLOGY + "currentStatus"), None, None))
    assert [q.graph_name.value for q in status] == [importers[0].graph]


def test_a_large_import_is_validated_on_a_sample(live_store: Settings, fake_importers,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("graph.validate.MAX_IMPORT_TRIPLES", 10)
    monkeypatch.setattr("graph.validate.SAMPLE_PER_CLASS", 1)
    fake_importers(listing=FIX / "good-import.ttl")
    result = build(live_store)
    assert result.validation.graphs_sampled == [GRAPH + "import/listing"]
    fake_importers(listing=FIX / "claim-without-source.ttl")  # every class is sampled: the claim is seen
    with pytest.raises(ValidationError, match="svkg:source"):
        build(live_store)


# -- generations and the swap -----------------------------------------------------------------------------

def test_a_build_swaps_generations_and_keeps_one_back(live_store: Settings) -> None:
    path = live_store.store_path
    first = gens.current_generation(path)
    before = n_actions(path)
    result = build(live_store, imports=False)
    assert {"load", "derive", "validate", "write"} <= set(result.timings)
    assert result.triples == sum(r.triple_count for r in result.graphs) > 0
    assert gens.current_generation(path) == result.generation != first
    assert result.previous == first and first.exists()
    again = build(live_store, imports=False)
    assert not first.exists(), "generations older than one back are deleted"
    assert again.previous == result.generation
    assert n_actions(path) == before
    assert os.readlink(path) == again.generation.name  # relative: the var/ directory can move


def test_a_reader_keeps_answering_across_a_swap(live_store: Settings) -> None:
    path = live_store.store_path
    reader = EmbeddedStore.open(path)
    before = int(select_rows(reader, ACTIONS)[0]["n"])
    (live_store.data_dir / "curated" / "alliances.csv").unlink()
    build(live_store, imports=False)
    assert int(select_rows(reader, ACTIONS)[0]["n"]) == before  # the old generation, still there
    reader.close()
    with EmbeddedStore.open(path) as fresh:
        assert GRAPH + "curated/alliances" not in fresh.named_graphs()


def test_a_build_that_fails_midway_leaves_the_old_generation(live_store: Settings,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = live_store.store_path
    old = gens.current_generation(path)
    before = n_actions(path)

    def boom(store: ox.Store) -> int:
        raise RuntimeError("killed after loading")

    monkeypatch.setattr("graph.build.derive_current_status", boom)
    with pytest.raises(RuntimeError):
        build(live_store, imports=False)
    assert gens.current_generation(path) == old
    assert gens.generations(path) == [old], "the half-built generation was not removed"
    assert n_actions(path) == before


def test_a_failed_swap_removes_the_new_generation(live_store: Settings,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = live_store.store_path
    old = gens.current_generation(path)

    def refuse(src: object, dst: object) -> None:
        raise OSError("read-only file system")

    monkeypatch.setattr("graph.store.generations.os.replace", refuse)
    with pytest.raises(StoreError, match="cannot point"):
        build(live_store, imports=False)
    monkeypatch.undo()
    assert gens.current_generation(path) == old
    assert gens.generations(path) == [old]
    assert not list(path.parent.glob(".store.link-*"))


def test_a_plain_store_directory_is_adopted_by_the_build(live_store: Settings) -> None:
    path = live_store.store_path
    gen = gens.current_generation(path)
    path.unlink()
    gen.rename(path)  # a store made before generations: a plain directory
    before = n_actions(path)
    result = build(live_store, imports=False)
    assert path.is_symlink() and result.previous is not None and result.previous.exists()
    assert n_actions(path) == before


def test_two_builds_at_once_the_second_is_refused(live_store: Settings) -> None:
    with gens.build_lock(live_store.store_path), pytest.raises(StoreError, match="another build"):
        build(live_store, imports=False)
