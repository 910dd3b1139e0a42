"""Entity resolution on real data: the hand-labelled pairs (precision at the default threshold), the
resolution graph of the curated data with the DoD 1260H, FCC and §889 imports, the Huawei query across
the four graphs, and `svkg resolve` (with --review) on a store on disk."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from resolve_support import DATA, ONTOLOGY, REPO, real_store
from typer.testing import CliRunner

from graph.cli import app
from graph.iris import RESOLUTION_GRAPH
from graph.resolve import DEFAULT_THRESHOLD, resolve_into
from graph.resolve.evaluate import curated_records, entity_of, evaluate, load_pairs
from graph.store import EmbeddedStore

PAIRS = REPO / "tests" / "fixtures" / "resolution" / "pairs.csv"
ID = "https://w3id.org/svkg/id/"
GRAPH = "https://w3id.org/svkg/graph/"


@pytest.fixture(scope="module")
def curated() -> list:
    return curated_records(DATA, ONTOLOGY)


def source_text() -> str:
    """Every shipped source file's text, to check the labelled names come from them."""
    parts = []
    for path in sorted((DATA / "sources").rglob("*")):
        if path.suffix == ".gz":
            parts.append(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
        elif path.suffix in (".csv", ".yml"):
            parts.append(path.read_text(encoding="utf-8"))
    return "\n".join(parts)


def test_the_labelled_set_is_real(curated: list) -> None:
    pairs = load_pairs(PAIRS)
    assert len(pairs) >= 100
    assert sum(p.same for p in pairs) >= 40 and sum(not p.same for p in pairs) >= 40
    text = source_text().casefold()
    for p in pairs:
        entity = entity_of(p.left_name, curated)  # a curated label or alias, of one entity
        assert entity.country in (p.left_country, None), p
        assert p.right_name.casefold() in text, f"line {p.line}: {p.right_name!r} is in no source file"
    with open(PAIRS, encoding="utf-8", newline="") as fh:
        assert len({(r["left_name"], r["right_name"]) for r in csv.DictReader(fh)}) == len(pairs)


def test_precision_on_the_labelled_pairs(curated: list) -> None:
    result = evaluate(load_pairs(PAIRS), curated, threshold=DEFAULT_THRESHOLD)
    assert result.pairs >= 100
    assert result.precision >= 0.95, [(p.line, why) for p, why in result.mistakes]
    assert result.recall >= 0.75, [(p.line, why) for p, why in result.mistakes]
    stricter = evaluate(load_pairs(PAIRS), curated, threshold=0.99)
    assert stricter.tp + stricter.fp <= result.tp + result.fp  # a higher threshold never links more


@pytest.fixture(scope="module")
def resolved() -> tuple[EmbeddedStore, object]:
    store = EmbeddedStore(real_store())
    return store, resolve_into(store, data_dir=DATA)


def test_the_resolution_graph(resolved: tuple[EmbeddedStore, object]) -> None:
    store, rg = resolved
    per_graph = rg.resolution.links_per_graph()  # type: ignore[attr-defined]
    assert per_graph["import/ndaa-s889"] == 5 and per_graph["import/fcc-covered"] >= 10
    assert per_graph["import/dod-1260h"] >= 15
    links = {(p.left, p.right): p for p in rg.links}  # type: ignore[attr-defined]
    assert (f"{ID}record/dod-1260h/huawei-technologies-co-ltd", f"{ID}company/huawei") in links
    assert (f"{ID}record/ndaa-s889/zte-corporation", f"{ID}company/zte") in links
    manual = links[(f"{ID}record/dod-1260h/shenzhen-dji-technology-co-ltd", f"{ID}company/dji")]
    assert manual.decision == "manual" and manual.score == 1.0
    assert (f"{ID}record/fcc-covered/comnet-usa-llc", f"{ID}company/pacific-networks") not in links
    # each link: owl:sameAs and a ResolutionLink node saying left, right, score, reason, decision
    rows = list(store.query("""
        PREFIX svkg: <https://w3id.org/svkg/ontology#>
        PREFIX owl: <http://www.w3.org/2002/07/owl#>
        SELECT ?l ?r ?score ?reason ?decision WHERE { GRAPH ?g {
          ?link a svkg:ResolutionLink ; svkg:left ?l ; svkg:right ?r ; svkg:score ?score ;
                svkg:reason ?reason ; svkg:decision ?decision . ?l owl:sameAs ?r } }""",
                            default_graph=None))
    assert len(rows) == len(links) == store.quad_count(RESOLUTION_GRAPH) // 7
    for row in rows:
        pair = links[(row["l"].value, row["r"].value)]
        assert row["score"].datatype.value.endswith("#decimal") and float(row["score"].value) == pair.score
        assert row["reason"].value == pair.reason and row["decision"].value == pair.decision
    assert rg.metadata["importer"] == "resolve"  # type: ignore[attr-defined]


def test_a_query_for_huawei_returns_its_records_in_four_graphs(
        resolved: tuple[EmbeddedStore, object]) -> None:
    store, _rg = resolved
    query = (ONTOLOGY / "queries" / "16-vendor-across-datasets.rq").read_text(encoding="utf-8")
    result = store.query(query)
    rows = [{v.value: (s[v.value].value if s[v.value] is not None else None) for v in result.variables}
            for s in result]
    graphs = {r["graph"][len(GRAPH):] for r in rows}
    assert {"import/dod-1260h", "import/fcc-covered", "import/ndaa-s889"} <= graphs
    assert any(g.startswith("curated/") for g in graphs)
    listed = {r["graph"][len(GRAPH):] for r in rows if r["action"]}
    assert {"import/dod-1260h", "import/fcc-covered", "import/ndaa-s889"} <= listed  # with their listings


def write_plain_store(path: Path, triples: str) -> None:
    store = ox.Store(str(path))
    store.load(triples, format=ox.RdfFormat.TRIG)
    store.flush()
    del store


SMALL = """
@prefix svkg: <https://w3id.org/svkg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/svkg/graph/curated/entities> {
  <https://w3id.org/svkg/id/company/dji> a svkg:Company ; rdfs:label "SZ DJI Technology Co., Ltd."@en ;
      skos:altLabel "DJI"@en .
  <https://w3id.org/svkg/id/company/huawei> a svkg:Company ; rdfs:label "Huawei Technologies Co., Ltd."@en . }
<https://w3id.org/svkg/graph/import/dod-1260h> {
  <https://w3id.org/svkg/id/record/dod-1260h/dji> a svkg:Company ;
      rdfs:label "Shenzhen DJI Technology Co., Ltd."@en ; skos:altLabel "DJI"@en .
  <https://w3id.org/svkg/id/record/dod-1260h/huawei> a svkg:Company ;
      rdfs:label "Huawei Technologies Company"@en .
  <https://w3id.org/svkg/id/record/dod-1260h/other> a svkg:Company ; rdfs:label "Totally Unrelated Ltd"@en . }
"""


def test_resolve_review_lists_the_pairs_in_the_review_band(tmp_path: Path) -> None:
    store_path, data = tmp_path / "store", tmp_path / "data"
    data.mkdir()
    write_plain_store(store_path, SMALL)
    runner = CliRunner()
    out = runner.invoke(app, ["resolve", "--review", "--json", "--store", str(store_path),
                              "--data", str(data)])
    assert out.exit_code == 0, out.output
    body = json.loads(out.output)
    assert [(p["left"], p["right"], p["score"]) for p in body["uncertain_pairs"]] == [
        (f"{ID}record/dod-1260h/dji", f"{ID}company/dji", 0.8)]
    assert body["links"] == 1 and body["uncertain"] == 1
    # lower the threshold under the pair's score and it is linked, no longer listed
    out = runner.invoke(app, ["resolve", "--review", "--json", "--threshold", "0.75", "--store",
                              str(store_path), "--data", str(data)])
    body = json.loads(out.output)
    assert body["links"] == 2 and body["uncertain_pairs"] == []
    # raise the floor above it and it is not listed either
    out = runner.invoke(app, ["resolve", "--review", "--json", "--floor", "0.85", "--store", str(store_path),
                              "--data", str(data)])
    assert json.loads(out.output)["uncertain_pairs"] == []
    out = runner.invoke(app, ["resolve", "--review", "--threshold", "1.5", "--store", str(store_path)])
    assert out.exit_code == 2 and "--threshold" in out.output
    out = runner.invoke(app, ["resolve", "--review", "--store", str(store_path), "--data", str(data)])
    assert out.exit_code == 0 and "1 uncertain pairs" in out.output and "Shenzhen DJI" in out.output
