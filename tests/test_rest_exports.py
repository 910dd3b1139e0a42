"""REST exports on tests/fixtures/rest: Turtle, N-Quads and JSON-LD dumps parse back into the same graph,
actions.csv reads with pandas, graph.graphml reads with networkx; the streamer stops when the reader
goes away."""

from __future__ import annotations

import io
import threading
import time
import warnings
from collections.abc import Iterator

import networkx as nx
import pandas as pd
import pytest
import rdflib
from rest_support import fixture_dataset, fixture_store

from api.app import create_app
from api.rest.exports import CSV_COLUMNS, stream
from graph.settings import get_settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

ID = "https://w3id.org/svkg/id/"
SVKG = rdflib.Namespace("https://w3id.org/svkg/ontology#")


@pytest.fixture(scope="module")
def oracle() -> rdflib.Dataset:
    return fixture_dataset()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = get_settings(store_path=tmp_path_factory.mktemp("var") / "store")
    with TestClient(create_app(settings, store=fixture_store())) as c:
        yield c


def quads(ds: rdflib.Dataset) -> set[tuple]:
    return {(s, p, o, g.identifier if hasattr(g, "identifier") else g) for s, p, o, g in ds.quads()}


def test_nquads_dump_is_every_named_graph(client: TestClient, oracle: rdflib.Dataset) -> None:
    r = client.get("/api/export/graph.nq")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/n-quads")
    assert "attachment" in r.headers["content-disposition"]
    ds = rdflib.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's N-Quads parser uses default_context
        ds.parse(data=r.content, format="nquads")
    assert quads(ds) == quads(oracle)


def test_jsonld_dump_is_every_named_graph(client: TestClient, oracle: rdflib.Dataset) -> None:
    r = client.get("/api/export/graph.jsonld")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    ds = rdflib.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's JSON-LD parser uses ConjunctiveGraph
        ds.parse(data=r.content, format="json-ld")
    assert quads(ds) == quads(oracle)


def test_turtle_dump_is_the_union(client: TestClient, oracle: rdflib.Dataset) -> None:
    r = client.get("/api/export/graph.ttl")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert r.text.startswith("@prefix")  # with svkg's prefixes
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert set(g) == {(s, p, o) for s, p, o, _ in oracle.quads()}


def test_actions_csv(client: TestClient, oracle: rdflib.Dataset) -> None:
    r = client.get("/api/export/actions.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    df = pd.read_csv(io.StringIO(r.text), dtype=str, keep_default_na=False)
    assert list(df.columns) == CSV_COLUMNS
    actions = {s for s, *_ in oracle.quads((None, rdflib.RDF.type, SVKG.Action, None))}
    assert len(df) == len(actions) and df["id"].is_unique
    assert list(df["date"]) == sorted(df["date"])
    t05 = df.set_index("id").loc["action/T05"]
    assert t05["actor"] == "state/US" and t05["actor_label"] == "United States"
    assert t05["targets"] == "company/huawei; company/zte" and t05["target_labels"] == "Huawei; ZTE"
    assert (t05["type"], t05["status"], t05["legal_basis"]) == ("procurement-ban", "in-force",
                                                                "law/us-ndaa-fy2019-s889")
    assert t05["source_urls"] == "https://www.congress.gov/bill/115th-congress/house-bill/5515"
    jp = df.set_index("id").loc["action/scmp-2018-12-07-jp-procurement"]
    assert jp["source_urls"].count("https://www.scmp.com/") == 2  # both claims' sources


def test_graphml_reads_back_with_networkx(client: TestClient, oracle: rdflib.Dataset) -> None:
    r = client.get("/api/export/graph.graphml")
    assert r.status_code == 200 and "graphml" in r.headers["content-type"]
    g = nx.read_graphml(io.BytesIO(r.content), force_multigraph=True)
    assert g.is_directed()
    t05 = g.nodes["action/T05"]
    assert (t05["kind"], t05["date"], t05["action_type"], t05["status"]) == ("action", "2018-08-13",
                                                                           "procurement-ban", "in-force")
    assert g.nodes["company/huawei"]["label"] == "Huawei" and g.nodes["state/US"]["type"] == "svkg:State"

    def relations(u: str, v: str) -> set[str]:
        return {d["relation"] for d in g.get_edge_data(u, v, default={}).values()}

    assert relations("state/US", "action/T05") == {"actor"}
    assert relations("action/T05", "company/zte") == {"target"}
    assert relations("action/T05", "law/us-ndaa-fy2019-s889") == {"legal_basis"}
    assert relations("action/T09", "state/US") == {"requested_by"}
    assert relations("company/hisilicon", "company/huawei") == {"subsidiary_of"}
    assert relations("body/us-fcc", "state/US") == {"sub_organization_of"}
    pact = g.get_edge_data("state/JP", "alliance/fixture-pact")
    assert [(d["relation"], d["start"], d["end"]) for d in pact.values()] == [
        ("member_of", "2010-01-01", "2015-01-01")]
    actions = {str(a)[len(ID):] for a, *_ in oracle.quads((None, rdflib.RDF.type, SVKG.Action, None))}
    assert actions <= set(g.nodes)
    targets = sum(1 for _ in oracle.quads((None, SVKG.target, None, None)))
    assert sum(1 for *_, d in g.edges(data=True) if d["relation"] == "target") == targets


def test_stream_stops_when_the_reader_goes_away() -> None:
    finished = threading.Event()
    written: list[int] = []

    def write(out: io.BufferedWriter) -> None:
        try:
            for _ in range(10_000):  # 640 MB if nobody stopped it
                written.append(out.write(b"x" * 65536))
        finally:
            finished.set()

    chunks = stream(write)
    first = next(chunks)
    assert first.startswith(b"x")
    chunks.close()
    assert finished.wait(5), "the writer kept running after the reader left"
    assert len(written) < 100


def test_stream_passes_errors_to_the_reader() -> None:
    def write(out: io.BufferedWriter) -> None:
        out.write(b"partial")
        out.flush()
        raise ValueError("serializer failed")

    chunks = stream(write)
    started = time.monotonic()
    with pytest.raises(ValueError, match="serializer failed"):
        list(chunks)
    assert time.monotonic() - started < 5
