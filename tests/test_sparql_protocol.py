"""The /sparql endpoint over the ASGI app: the SPARQL 1.1 Protocol, datasets, content negotiation, errors
and the service description. A tiny on-disk store with two named graphs is built in tmp_path."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Graph, Namespace, URIRef
from sparql_support import EX, build_store, client, settings_for

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
G1, G2 = EX + "g1", EX + "g2"
DATA = {
    G1: (f"<{EX}alice> <{EX}knows> <{EX}bob> . <{EX}alice> <{EX}name> \"Alice\"@en .", ox.RdfFormat.TURTLE),
    G2: (f"<{EX}bob> <{EX}name> \"Bob\" . <{EX}bob> <{EX}age> 42 .", ox.RdfFormat.TURTLE),
}
NAMES = f"SELECT ?s ?name WHERE {{ ?s <{EX}name> ?name }} ORDER BY ?name"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_store(tmp_path_factory.mktemp("protocol") / "store", DATA)


@pytest.fixture(scope="module")
def c(store: Path) -> Iterator[TestClient]:
    with client(settings_for(store)) as test_client:
        yield test_client


def names(r) -> list[str]:  # type: ignore[no-untyped-def]
    assert r.status_code == 200, r.text
    return [b["name"]["value"] for b in r.json()["results"]["bindings"]]


# -- the three ways to send a query ---------------------------------------------------------------------
def test_get_post_form_and_post_direct_agree(c: TestClient) -> None:
    by_get = c.get("/sparql", params={"query": NAMES})
    assert by_get.headers["content-type"] == "application/sparql-results+json"
    assert by_get.headers["vary"] == "Accept"
    by_form = c.post("/sparql", data={"query": NAMES}, headers=FORM)
    by_body = c.post("/sparql", content=NAMES.encode(), headers=DIRECT)
    assert names(by_get) == names(by_form) == names(by_body) == ["Alice", "Bob"]


def test_default_graph_is_the_union_of_the_named_graphs(c: TestClient) -> None:
    q = f"ASK {{ <{EX}alice> <{EX}knows> ?x . ?x <{EX}age> 42 }}"  # needs both graphs
    assert c.get("/sparql", params={"query": q}).json()["boolean"] is True


def test_default_graph_uri_selects_the_default_graph(c: TestClient) -> None:
    r = c.get("/sparql", params=[("query", NAMES), ("default-graph-uri", G2)])
    assert names(r) == ["Bob"]
    r = c.get("/sparql", params=[("query", NAMES), ("default-graph-uri", G1), ("default-graph-uri", G2)])
    assert names(r) == ["Alice", "Bob"]


def test_named_graph_uri_selects_the_named_graphs(c: TestClient) -> None:
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    r = c.post("/sparql", params=[("named-graph-uri", G1)], content=q.encode(), headers=DIRECT)
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [G1]
    # with only named graphs given, the default graph is empty (SPARQL 1.1 Protocol §2.1.4)
    r = c.get("/sparql", params=[("query", NAMES), ("named-graph-uri", G1)])
    assert names(r) == []


def test_from_in_the_query_is_honoured_and_protocol_dataset_wins(c: TestClient) -> None:
    q = f"SELECT ?s ?name FROM <{G2}> WHERE {{ ?s <{EX}name> ?name }}"
    assert names(c.get("/sparql", params={"query": q})) == ["Bob"]
    assert names(c.get("/sparql", params=[("query", q), ("default-graph-uri", G1)])) == ["Alice"]


# -- content negotiation ---------------------------------------------------------------------------------
def test_q_values_choose_xml(c: TestClient) -> None:
    r = c.get("/sparql", params={"query": NAMES},
              headers={"Accept": "text/csv;q=0.5, application/sparql-results+xml;q=0.9"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/sparql-results+xml"
    assert r.text.startswith("<?xml") and "<literal xml:lang=\"en\">Alice</literal>" in r.text


def test_select_as_tsv(c: TestClient) -> None:
    r = c.get("/sparql", params={"query": NAMES}, headers={"Accept": "text/tab-separated-values"})
    assert r.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    lines = r.text.splitlines()
    assert lines[0] == "?s\t?name"
    assert lines[1:] == [f'<{EX}alice>\t"Alice"@en', f'<{EX}bob>\t"Bob"']


def test_select_as_csv(c: TestClient) -> None:
    r = c.get("/sparql", params={"query": NAMES}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows == [["s", "name"], [EX + "alice", "Alice"], [EX + "bob", "Bob"]]


@pytest.mark.parametrize("media", ["text/turtle", "application/n-triples", "application/ld+json",
                                   "application/rdf+xml", "application/trig", "application/n-quads"])
def test_construct_in_every_rdf_format(c: TestClient, media: str) -> None:
    q = f"CONSTRUCT {{ ?s <{EX}called> ?name }} WHERE {{ ?s <{EX}name> ?name }}"
    r = c.post("/sparql", content=q.encode(), headers=DIRECT | {"Accept": media})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    triples = list(ox.parse(r.content, format=ox.RdfFormat.from_media_type(media)))
    assert len(triples) == 2 and {t.subject.value for t in triples} == {EX + "alice", EX + "bob"}


def test_describe_is_labelled_as_rdf(c: TestClient) -> None:
    r = c.get("/sparql", params={"query": f"DESCRIBE <{EX}bob>"})
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    g = Graph().parse(data=r.text, format="turtle")
    assert (URIRef(EX + "bob"), URIRef(EX + "age"), None) in g
    # asking for a results format for a graph is a 406 that lists the RDF formats
    r = c.get("/sparql", params={"query": f"DESCRIBE <{EX}bob>"},
              headers={"Accept": "application/sparql-results+json"})
    assert r.status_code == 406
    assert "text/turtle" in r.text and "application/ld+json" in r.text


def test_406_lists_what_can_be_served(c: TestClient) -> None:
    r = c.get("/sparql", params={"query": NAMES}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    for media in ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"):
        assert media in r.text


def test_ask_in_json_and_xml(c: TestClient) -> None:
    q = f"ASK {{ <{EX}bob> <{EX}age> 42 }}"
    assert c.get("/sparql", params={"query": q}).json() == {"head": {}, "boolean": True}
    xml = c.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml"})
    assert "<boolean>true</boolean>" in xml.text


def test_head_has_headers_and_no_body(c: TestClient) -> None:
    r = c.head("/sparql", params={"query": NAMES}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.content == b""
    assert r.headers["content-type"] == "text/csv; charset=utf-8"


# -- errors ----------------------------------------------------------------------------------------------
def test_syntax_error_is_400_with_position(c: TestClient) -> None:
    r = c.get("/sparql", params={"query": "SELECT * WHERE {\n  ?s ?p }"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    assert "syntax error" in r.text and "2:" in r.text  # pyoxigraph's message: line:column


@pytest.mark.parametrize(("method", "kwargs", "status", "words"), [
    ("GET", {"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "2 'query'"),
    ("GET", {"params": {"update": "CLEAR ALL"}}, 400, "POST"),
    ("POST", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}, "headers": FORM}, 400, "both"),
    ("POST", {"content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415,
     "application/sparql-query"),
    ("POST", {"content": b"query=ASK%20%7B%7D"}, 415, "no Content-Type"),
    ("POST", {"content": "ASK {}".encode("utf-16"),
              "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 400, "UTF-8"),
    ("POST", {"content": b"ASK { \xff }", "headers": DIRECT}, 400, "UTF-8"),
    ("PUT", {"content": b"ASK {}", "headers": DIRECT}, 405, "GET, HEAD, POST"),
    ("GET", {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "absolute IRI"),
])
def test_protocol_errors(c: TestClient, method: str, kwargs: dict, status: int, words: str) -> None:
    r = c.request(method, "/sparql", **kwargs)
    assert r.status_code == status, r.text
    assert words in r.text
    if status == 405:
        assert r.headers["allow"] == "GET, HEAD, POST"


def test_request_and_result_size_limits(store: Path) -> None:
    with client(settings_for(store, max_request_bytes=200, max_result_bytes=300)) as small:
        padded = "ASK {} #" + "x" * 300
        assert small.post("/sparql", content=padded.encode(), headers=DIRECT).status_code == 413
        assert small.get("/sparql", params={"query": padded}).status_code == 413
        r = small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert r.status_code == 413
        assert "300 bytes" in r.text and r.headers["content-type"].startswith("text/plain")
        one = small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
        assert one.status_code == 200


# -- service description ----------------------------------------------------------------------------------
def test_service_description(c: TestClient) -> None:
    r = c.get("/sparql")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/turtle; charset=utf-8"
    g = Graph().parse(data=r.text, format="turtle")
    svc = URIRef("http://testserver/sparql")
    assert (svc, RDF.type, SD.Service) in g
    assert (svc, SD.endpoint, svc) in g
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (svc, SD.supportedLanguage, SD.SPARQL11Update) not in g  # writes are off
    assert (svc, SD.feature, SD.UnionDefaultGraph) in g
    formats = {str(o).rsplit("/", 1)[-1] for o in g.objects(svc, SD.resultFormat)}
    assert {"SPARQL_Results_JSON", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "JSON-LD"} <= formats
    dataset = g.value(svc, SD.defaultDataset)
    named = {str(g.value(ng, SD.name)) for ng in g.objects(dataset, SD.namedGraph)}
    assert named == {G1, G2}
    as_jsonld = c.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_jsonld.headers["content-type"] == "application/ld+json"
    assert json.loads(as_jsonld.text)


def test_an_injected_in_memory_store_is_served_in_process() -> None:
    from api.app import create_app
    from graph.settings import get_settings
    from graph.store.embedded import EmbeddedStore

    store = EmbeddedStore.in_memory()
    for graph, (data, fmt) in DATA.items():
        store.ox.load(data, format=fmt, to_graph=ox.NamedNode(graph))
    with TestClient(create_app(get_settings(), store=store)) as mem:
        assert mem.app.state.sparql.mode.startswith("in-process")
        assert names(mem.get("/sparql", params={"query": NAMES})) == ["Alice", "Bob"]
        assert mem.get("/sparql", params={"query": "SELECT * { ?s ?p }"}).status_code == 400
