"""A real uvicorn server on a free loopback port, driven by the client libraries analysts use:
SPARQLWrapper (JSON, XML, CSV, CONSTRUCT), rdflib's SPARQLStore, pandas.read_csv on the CSV output, and
plain httpx for the time limit and errors over real HTTP."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pandas as pd
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from sparql_support import EX, build_store, live_server, settings_for
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

pytestmark = pytest.mark.server

PEOPLE = "\n".join(f'<{EX}p{i}> <{EX}name> "Person {i}" ; <{EX}age> {20 + i} .' for i in range(5))
SELECT = f"SELECT ?p ?name ?age WHERE {{ ?p <{EX}name> ?name ; <{EX}age> ?age }} ORDER BY ?age"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    base = tmp_path_factory.mktemp("clients")
    store = build_store(base / "store", {EX + "people": (PEOPLE, ox.RdfFormat.TURTLE)})
    # filler for the runaway query: 3000 more triples in another graph
    filler = "\n".join(f"<{EX}f{i}> <{EX}v> {i} ." for i in range(3000))
    store = build_store(store, {EX + "filler": (filler, ox.RdfFormat.TURTLE)})
    with live_server(settings_for(store, query_timeout=1.5, query_workers=2)) as url:
        yield url


def wrapper(server: str, fmt: str, query: str = SELECT) -> SPARQLWrapper:
    sw = SPARQLWrapper(server + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_json(server: str) -> None:
    result = wrapper(server, JSON).query()
    assert result.info()["content-type"] == "application/sparql-results+json"
    rows = result.convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == [f"Person {i}" for i in range(5)]
    assert rows[0]["age"] == {"type": "literal", "value": "20",
                              "datatype": "http://www.w3.org/2001/XMLSchema#integer"}


def test_sparqlwrapper_xml(server: str) -> None:
    doc = wrapper(server, XML).query().convert()
    names = [lit.firstChild.data for lit in doc.getElementsByTagName("literal")
             if lit.parentNode.getAttribute("name") == "name"]
    assert names == [f"Person {i}" for i in range(5)]


def test_sparqlwrapper_csv_and_pandas(server: str) -> None:
    result = wrapper(server, CSV).query()
    assert result.info()["content-type"] == "text/csv; charset=utf-8"
    frame = pd.read_csv(io.BytesIO(result.convert()))
    assert list(frame.columns) == ["p", "name", "age"]
    assert frame["age"].tolist() == [20, 21, 22, 23, 24]
    assert frame["name"].iloc[-1] == "Person 4"


def test_sparqlwrapper_construct(server: str) -> None:
    q = f"CONSTRUCT {{ ?p <{EX}label> ?name }} WHERE {{ ?p <{EX}name> ?name }}"
    result = wrapper(server, TURTLE, q).query()
    assert result.info()["content-type"] == "text/turtle; charset=utf-8"
    g = Graph().parse(data=result.convert(), format="turtle")
    assert len(g) == 5 and (URIRef(EX + "p3"), URIRef(EX + "label"), Literal("Person 3")) in g


def test_rdflib_sparqlstore(server: str) -> None:
    g = Graph(store=SPARQLStore(server + "/sparql", returnFormat="json"))
    rows = list(g.query(SELECT))
    assert [int(r.age) for r in rows] == [20, 21, 22, 23, 24]
    assert isinstance(rows[0].p, URIRef)
    assert g.query(f"ASK {{ <{EX}p1> <{EX}age> 21 }}").askAnswer is True
    triples = list(g.triples((URIRef(EX + "p2"), None, None)))
    assert len(triples) == 2


def test_runaway_query_over_real_http(server: str) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    start = time.monotonic()
    r = httpx.get(server + "/sparql", params={"query": q}, timeout=30)
    assert r.status_code == 503 and "timed out" in r.text
    elapsed = time.monotonic() - start
    assert elapsed < 1.5 + 1.0, f"the 503 came after {elapsed:.2f} s"
    ok = httpx.get(server + "/sparql", params={"query": SELECT}, timeout=30)
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 5


def test_errors_over_real_http(server: str) -> None:
    r = httpx.get(server + "/sparql", params={"query": "SELECT * WHERE { ?s }"}, timeout=30)
    assert r.status_code == 400 and "1:" in r.text
    r = httpx.post(server + "/sparql", content=b"CLEAR ALL",
                   headers={"Content-Type": "application/sparql-update"}, timeout=30)
    assert r.status_code == 403
    assert httpx.get(server + "/sparql", params={"query": "ASK {}"}, headers={"Accept": "text/html"},
                     timeout=30).status_code == 406


def test_store_unchanged(server: str, tmp_path: Path) -> None:
    r = httpx.get(server + "/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, timeout=30)
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "3010"
