"""`svkg import` on a built store: re-importing a newer snapshot records what appeared and what
disappeared and keeps history; a malformed file or an older snapshot leaves the store as it was.

The two OFAC "snapshots" are cut from the real file by tests/fixtures/importers/cut.py: B drops the
first two rows of A (ent_num 36 and 173) and adds five (767, 768, 815, 906, 907)."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from typer.testing import CliRunner

from graph.build import build
from graph.cli import app
from graph.settings import get_settings
from graph.store import generations as gens

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "importers"
ID = "https://w3id.org/svkg/id/"
SVKG = "https://w3id.org/svkg/ontology#"
GRAPH = "https://w3id.org/svkg/graph/import/ofac-sdn"


def svkg(store_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["import", *args, "--store", str(store_path)])


def values(path: Path, s: str, p: str) -> set[str]:
    store = ox.Store.read_only(str(path))
    return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, None)}


def test_reimport_on_a_built_store(tmp_path: Path) -> None:
    """One store for every step (a build costs seconds): malformed file, two snapshots, the same one
    again, an older one."""
    store_path = tmp_path / "store"
    build(get_settings(store_path=store_path), imports=False)
    malformed_leaves_the_store_intact(store_path)
    snapshot_a, snapshot_b = str(FIX / "ofac_snapshot_a.csv.gz"), str(FIX / "ofac_snapshot_b.csv.gz")
    first = svkg(store_path, "ofac-sdn", snapshot_a, "--snapshot-date", "2024-05-03")
    assert first.exit_code == 0, first.output
    assert "into https://w3id.org/svkg/graph/import/ofac-sdn" in first.output
    second = svkg(store_path, "ofac-sdn", snapshot_b, "--snapshot-date", "2024-06-01")
    assert second.exit_code == 0, second.output
    assert "5 listings appeared, 2 disappeared" in second.output
    assert "- https://w3id.org/svkg/id/action/ofac-sdn/36" in second.output
    assert "+ https://w3id.org/svkg/id/action/ofac-sdn/767" in second.output

    gone = ID + "action/ofac-sdn/36"
    assert values(store_path, gone, SVKG + "endDate") == {"2024-06-01"}
    assert values(store_path, gone, SVKG + "currentStatus") == {"https://w3id.org/svkg/vocab/status/ended"}
    # the listing, its target record and the snapshot that saw it last are kept
    assert values(store_path, ID + "record/ofac-sdn/36", "http://www.w3.org/2000/01/rdf-schema#label") == {
        "AEROCARIBBEAN AIRLINES"}
    assert values(store_path, ID + "claim/ofac-sdn/36", SVKG + "source") == {
        ID + "source/dataset/ofac-sdn/2024-05-03"}
    removal = ID + "action/ofac-sdn/36-absent-2024-06-01"
    assert values(store_path, removal, SVKG + "reverses") == {gone}
    assert values(store_path, removal, SVKG + "actionType") == {
        "https://w3id.org/svkg/vocab/action-type/delisting"}
    note = values(store_path, ID + "claim/ofac-sdn/36-absent-2024-06-01", SVKG + "statusNote")
    assert note == {"absent from the snapshot of 2024-06-01; last seen in the snapshot of 2024-05-03"}
    seen = values(store_path, ID + "claim/ofac-sdn/767-seen-2024-06-01", SVKG + "statusNote")
    assert seen == {"first seen in the snapshot of 2024-06-01; absent from the snapshot of 2024-05-03"}
    meta = "https://w3id.org/svkg/graph/meta"
    store = ox.Store.read_only(str(store_path))
    snap = {q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(GRAPH), ox.NamedNode(SVKG + "snapshotDate"), None, ox.NamedNode(meta))}
    assert snap == {"2024-06-01"}
    del store

    # the same snapshot again: nothing new, and the history stays
    again = svkg(store_path, "ofac-sdn", snapshot_b, "--snapshot-date", "2024-06-01")
    assert again.exit_code == 0, again.output
    assert "0 listings appeared, 0 disappeared" in again.output
    assert values(store_path, removal, SVKG + "reverses") == {gone}

    older = svkg(store_path, "ofac-sdn", snapshot_a, "--snapshot-date", "2024-05-03")
    assert older.exit_code == 1 and "older than the one in the store" in older.output


def malformed_leaves_the_store_intact(store_path: Path) -> None:
    before = gens.current_generation(store_path)
    count = len(ox.Store.read_only(str(store_path)))
    bad = svkg(store_path, "ofac-sdn", str(FIX / "bad_ofac_entnum.csv.gz"))
    assert bad.exit_code == 1
    assert "bad_ofac_entnum.csv.gz:6 [ent_num]: not an integer: 'X12'" in bad.output
    assert gens.current_generation(store_path) == before
    assert len(ox.Store.read_only(str(store_path))) == count


def test_list_unknown_importer_and_no_store(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    listed = svkg(store_path, "--list")
    assert listed.exit_code == 0 and "dod-1260h" in listed.output and "ftm" in listed.output
    unknown = svkg(store_path, "no-such-dataset")
    assert unknown.exit_code == 2 and "no importer called 'no-such-dataset'" in unknown.output
    nostore = svkg(store_path, "ndaa-s889")
    assert nostore.exit_code == 1 and "run `svkg build` first" in nostore.output
