"""RemoteStore against a tiny SPARQL 1.1 Protocol + Graph Store Protocol server written here (Starlette over
an in-memory pyoxigraph store), served by uvicorn on a free loopback port in a background thread."""

from __future__ import annotations

import gc
import json
import threading
import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from graph.errors import QueryError, StoreError
from graph.store.base import select_rows
from graph.store.remote import RemoteStore, query_form, values_block

EX = "http://example.org/"
G1, G2 = EX + "g1", EX + "g2"
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
RDF_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
             "application/n-quads": ox.RdfFormat.N_QUADS}


def make_server(state: dict) -> Starlette:
    """A minimal SPARQL server over `state["store"]`: union default graph unless the request names a
    dataset. Requests are appended to `state["log"]`."""

    async def query(request: Request) -> Response:
        store, log = state["store"], state["log"]
        text = (await request.body()).decode()
        params = request.query_params
        log.append({"query": text, "accept": request.headers.get("accept"),
                    "default": params.getlist("default-graph-uri"),
                    "named": params.getlist("named-graph-uri")})
        default = [ox.NamedNode(g) for g in params.getlist("default-graph-uri")] or None
        named = [ox.NamedNode(g) for g in params.getlist("named-graph-uri")] or None
        try:
            result = store.query(text, use_default_graph_as_union=default is None,
                                 default_graph=default, named_graphs=named)
        except SyntaxError as exc:
            return Response(str(exc), status_code=400)
        accept = request.headers.get("accept", "")
        if isinstance(result, ox.QueryTriples):
            return Response(result.serialize(format=RDF_TYPES[accept]), media_type=accept)
        return Response(result.serialize(format=RESULT_TYPES[accept]), media_type=accept)

    async def update(request: Request) -> Response:
        state["store"].update((await request.body()).decode())
        return Response(status_code=204)

    async def gsp(request: Request) -> Response:
        store = state["store"]
        p = request.query_params
        target = ox.NamedNode(p["graph"]) if "graph" in p else ox.DefaultGraph()
        if request.method == "GET":
            accept = request.headers["accept"]
            return Response(store.dump(format=RDF_TYPES[accept], from_graph=target), media_type=accept)
        if request.method == "DELETE":
            store.remove_graph(target) if isinstance(target, ox.NamedNode) else store.clear_graph(target)
            return Response(status_code=204)
        fmt = RDF_TYPES[request.headers["content-type"]]
        body = await request.body()
        if fmt.supports_datasets:
            store.load(body, format=fmt)
        else:
            store.load(body, format=fmt, to_graph=target)
        return Response(status_code=204)

    return Starlette(routes=[Route("/query", query, methods=["POST"]),
                             Route("/update", update, methods=["POST"]),
                             Route("/store", gsp, methods=["GET", "POST", "DELETE"])])


@pytest.fixture(scope="module")
def http_server() -> Iterator[tuple[str, dict]]:
    state: dict = {}
    config = uvicorn.Config(make_server(state), host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started:
        assert time.monotonic() < deadline, "test server did not start"
        time.sleep(0.02)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}", state
    srv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def server(http_server):
    base, state = http_server
    store = ox.Store()
    store.load(f'<{EX}a> <{EX}name> "Huawei" ; <{EX}n> 1 .', format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(G1))
    store.load(f'<{EX}b> <{EX}name> "say \\"hi\\"\\n", "华为"@zh .', format=ox.RdfFormat.TURTLE,
               to_graph=ox.NamedNode(G2))
    state["store"], state["log"] = store, []
    remote = RemoteStore(f"{base}/query", update_url=f"{base}/update", gsp_url=f"{base}/store")
    yield remote, store, state["log"]
    remote.close()
    # pyoxigraph result objects must be freed by the thread that made them: collect any cyclic garbage
    # here, before the server thread's allocations trigger a collection
    gc.collect()


def test_select_parses_into_pyoxigraph_terms(server) -> None:
    remote, _, log = server
    result = remote.query(f"SELECT ?s ?o WHERE {{ ?s <{EX}name> ?o }} ORDER BY ?s")
    assert isinstance(result, ox.QuerySolutions)
    rows = [(r["s"], r["o"]) for r in result]
    assert rows[0] == (ox.NamedNode(EX + "a"), ox.Literal("Huawei"))
    assert ox.Literal("华为", language="zh") in [o for _, o in rows]
    assert log[-1]["accept"] == "application/sparql-results+json"


def test_bindings_are_a_values_block_of_escaped_terms(server) -> None:
    remote, _, log = server
    tricky = 'say "hi"\n'
    rows = select_rows(remote, f"SELECT ?s WHERE {{ ?s <{EX}name> ?v }}", {"v": ox.Literal(tricky)})
    assert rows == [{"s": EX + "b"}]
    # an injection attempt stays a literal: nothing matches, nothing breaks
    evil = '"} } ; DROP ALL ; SELECT * { ?s ?p ?o } #'
    assert select_rows(remote, f"SELECT ?s WHERE {{ ?s <{EX}name> ?v }}", {"v": ox.Literal(evil)}) == []
    assert "VALUES (?v)" in log[-1]["query"]
    assert remote.quad_count() == 4


def test_bindings_after_a_trailing_comment(server) -> None:
    remote, _, _ = server
    rows = select_rows(remote, f"SELECT ?o WHERE {{ ?s <{EX}name> ?o }} # no newline at the end",
                       {"s": ox.NamedNode(EX + "a")})
    assert rows == [{"o": "Huawei"}]


def test_blank_node_bindings_are_refused() -> None:
    with pytest.raises(QueryError):
        values_block({"x": ox.BlankNode("b0")})


def test_dataset_parameters(server) -> None:
    remote, _, log = server
    rows = select_rows(remote, "SELECT ?s WHERE { ?s ?p ?o }", default_graph=[G2])
    assert {r["s"] for r in rows} == {EX + "b"}
    assert log[-1]["default"] == [G2]
    rows = select_rows(remote, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                       default_graph=[G1], named_graphs=[G1])
    assert {r["g"] for r in rows} == {G1}


def test_ask_and_construct(server) -> None:
    remote, _, log = server
    assert bool(remote.query("ASK { ?s ?p 1 }")) is True
    triples = remote.query(
        f"PREFIX ex: <{EX}>\n# a comment\nCONSTRUCT {{ ?s ex:copy ?o }} WHERE {{ ?s ex:n ?o }}")
    assert isinstance(triples, ox.QueryTriples)
    assert [t.predicate.value for t in triples] == [EX + "copy"]
    assert log[-1]["accept"] == "application/n-triples"


def test_query_serialized_passes_the_servers_bytes(server) -> None:
    remote, _, _ = server
    body = remote.query_serialized(f"SELECT ?o WHERE {{ <{EX}a> <{EX}n> ?o }}", "text/csv")
    assert body.decode().splitlines() == ["o", "1"]
    data = json.loads(remote.query_serialized("ASK { ?s ?p ?o }", "application/sparql-results+json"))
    assert data["boolean"] is True


def test_bad_query_is_a_query_error(server) -> None:
    remote, _, _ = server
    with pytest.raises(QueryError):
        remote.query("SELECT ?s WHERE { ?s ?p }")
    with pytest.raises(QueryError):
        remote.query("INSERT DATA { <a> <b> <c> }")  # not a query form


def test_graph_store_protocol_load_dump_clear(server) -> None:
    remote, store, _ = server
    g3 = EX + "g3"
    remote.load(f"<{EX}c> <{EX}p> <{EX}d> .", "text/turtle", g3)
    assert remote.named_graphs() == [G1, G2, g3]
    assert remote.quad_count(g3) == 1
    nt = remote.dump("application/n-triples", g3).decode()
    assert f"<{EX}c>" in nt
    quads = list(ox.parse(remote.dump("application/n-quads"), format=ox.RdfFormat.N_QUADS))
    assert len(quads) == len(store)
    remote.clear_graph(g3)
    assert remote.quad_count(g3) == 0
    remote.update(f"INSERT DATA {{ GRAPH <{g3}> {{ <{EX}x> <{EX}y> 2 }} }}")
    assert remote.quad_count(g3) == 1


def test_missing_endpoints_are_store_errors() -> None:
    remote = RemoteStore("http://127.0.0.1:9/query")
    with pytest.raises(StoreError):
        remote.update("CLEAR ALL")
    with pytest.raises(StoreError):
        remote.dump("text/turtle", G1)
    remote.close()


def test_unreachable_server() -> None:
    remote = RemoteStore("http://127.0.0.1:9/query", timeout=2)
    with pytest.raises(StoreError):
        remote.query("ASK {}")
    remote.close()


@pytest.mark.parametrize("text, form", [
    ("SELECT * {}", "SELECT"),
    ("  # c\nPREFIX a: <http://x/>\nBASE <http://y/>\nask {}", "ASK"),
    ("PREFIX : <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("describe <http://x>", "DESCRIBE"),
])
def test_query_form(text: str, form: str) -> None:
    assert query_form(text) == form


def test_open_store_picks_the_remote_store_from_the_settings(http_server) -> None:
    from graph.settings import get_settings
    from graph.store import open_store

    base, state = http_server
    state["store"], state["log"] = ox.Store(), []
    settings = get_settings(sparql_endpoint=f"{base}/query", sparql_gsp_endpoint=f"{base}/store",
                            query_timeout=3)
    with open_store(settings) as st:
        assert isinstance(st, RemoteStore) and st.timeout == 3
        st.load(f'<{EX}a> <{EX}p> "1" .', "application/n-triples", G1)
        assert st.quad_count() == 1
