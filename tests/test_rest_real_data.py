"""Smoke test of the REST API and the editor page on the real curated data (data/curated, ontology/),
assembled in memory by graph.build (no importers, no SHACL): invariants rather than counts, since the data
grows."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator

import networkx as nx
import pandas as pd
import pyoxigraph as ox
import pytest
import rdflib

from api.app import create_app
from graph.settings import get_settings
from graph.store import EmbeddedStore, select_rows

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def store() -> EmbeddedStore:
    build = pytest.importorskip("graph.build")
    from graph.progress import BuildProgress

    settings = get_settings()
    oxstore = ox.Store()
    build.assemble(oxstore, settings, settings.data_dir, imports=False,
                   progress=BuildProgress(enabled=False), timings={})
    return EmbeddedStore(oxstore)


@pytest.fixture(scope="module")
def client(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = get_settings(store_path=tmp_path_factory.mktemp("var") / "store")
    with TestClient(create_app(settings, store=store)) as c:
        yield c


def test_search_and_entity(client: TestClient) -> None:
    for q in ("huawei", "HUAWEI", "华为"):
        first = client.get("/api/entities/search", params={"q": q}).json()["results"][0]
        assert first["id"] == "company/huawei", q
    huawei = client.get("/api/entities/company/huawei").json()
    assert huawei["actions_as_target"] and huawei["sources"]
    assert all(a["sources"] for a in huawei["actions_as_target"])
    r = client.get("/api/entities/company/huawei", headers={"Accept": "application/ld+json"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's JSON-LD parser uses ConjunctiveGraph
        g = rdflib.Graph().parse(data=r.text, format="json-ld")
    assert (rdflib.URIRef("https://w3id.org/svkg/id/company/huawei"), None, None) in g


def test_actions_pages_filters_and_alliances(client: TestClient, store: EmbeddedStore) -> None:
    n = select_rows(store, "PREFIX svkg: <https://w3id.org/svkg/ontology#> "
                           "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a svkg:Action }")[0]["n"]
    url: str | None = "/api/actions?page_size=100"
    seen: list[tuple[str, str]] = []
    while url:
        body = client.get(url).json()
        assert body["total"] == n
        seen += [(a["date"], a["id"]) for a in body["items"]]
        url = body["next"]
    assert len(seen) == n == len(set(seen)) and seen == sorted(seen)
    restrictions = client.get("/api/actions", params={"type": "restriction", "page_size": 500}).json()
    assert 0 < restrictions["total"] < n
    assert all("restriction" in a["types"] for a in restrictions["items"])
    allied = client.get("/api/actions", params={"alliance": "alliance/five-eyes", "page_size": 500}).json()
    assert allied["total"] > 0
    for action in allied["items"][:15]:
        if action["actor"]["id"].startswith("state/"):
            on = client.get("/api/alliances/five-eyes/members", params={"on": action["date"]}).json()
            assert action["actor"]["id"] in {m["member"]["id"] for m in on["members"]}, action["id"]


def test_timeline_and_exports(client: TestClient, store: EmbeddedStore) -> None:
    t = client.get("/api/vendors/huawei/timeline").json()
    assert t["count"] > 0 and [i["date"] for i in t["items"]] == sorted(i["date"] for i in t["items"])
    total = client.get("/api/actions", params={"page_size": 1}).json()["total"]
    csv_text = client.get("/api/export/actions.csv").text
    df = pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)
    assert len(df) == total and df["id"].is_unique
    g = nx.read_graphml(io.BytesIO(client.get("/api/export/graph.graphml").content), force_multigraph=True)
    assert sum(1 for _, d in g.nodes(data=True) if d.get("kind") == "action") == total
    lines = [x for x in client.get("/api/export/graph.nq").text.splitlines() if x.strip()]
    assert len(lines) == store.quad_count()


def test_editor_gallery_lists_every_example(client: TestClient) -> None:
    queries = sorted((get_settings().ontology_dir / "queries").glob("*.rq"))
    html = client.get("/").text
    assert html.count('class="svkg-example"') == len(queries) > 0
