"""Remote store mode: with settings.sparql_endpoint set, /sparql forwards queries through the store seam
(graph.store.remote.RemoteStore) with the same refusals, content negotiation, time limit (503) and
result cap (413). The remote server here is svkg's own endpoint under uvicorn."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from sparql_support import EX, client, get_settings, live_server, numbered_store, settings_for

pytestmark = [pytest.mark.server,
              pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")]


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = numbered_store(tmp_path_factory.mktemp("remote") / "store", 3000)
    with live_server(settings_for(store, query_timeout=5.0, query_workers=2)) as url:
        yield url


def forwarding(remote: str, **overrides: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {"sparql_endpoint": remote + "/sparql", "query_timeout": 1.0,
                                 "sparql_gsp_endpoint": remote + "/rdf-graph-store"}
    values.update(overrides)
    return client(get_settings(**values))


def test_queries_are_forwarded_with_content_negotiation(remote: str) -> None:
    with forwarding(remote) as c:
        assert c.app.state.sparql.mode == "remote SPARQL server"
        r = c.get("/sparql", params={"query": f"SELECT ?s WHERE {{ ?s <{EX}p> 7 }}"},
                  headers={"Accept": "text/csv"})
        assert r.status_code == 200 and r.headers["content-type"] == "text/csv; charset=utf-8"
        assert r.text.splitlines() == ["s", EX + "s7"]
        r = c.get("/sparql", params={"query": f"DESCRIBE <{EX}s7>"},
                  headers={"Accept": "application/n-triples"})
        assert r.headers["content-type"] == "application/n-triples"
        assert len(list(ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES))) == 1
        r = c.get("/sparql")  # the service description lists the remote's graphs
        assert r.status_code == 200 and f"<{EX}g>" in r.text


def test_time_limit_cap_and_refusals_hold_in_remote_mode(remote: str) -> None:
    with forwarding(remote, max_result_bytes=1000) as c:
        start = time.monotonic()
        r = c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"})
        assert r.status_code == 503, r.text
        assert time.monotonic() - start < 1.0 + 1.0
        r = c.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }"})
        assert r.status_code == 413 and "1,000 bytes" in r.text, r.text
        r = c.get("/sparql", params={"query": "SELECT * { SERVICE <http://example.com/s> { ?s ?p ?o } }"})
        assert r.status_code == 403
        r = c.get("/sparql", params={"query": "SELECT * { ?s ?p }"})
        assert r.status_code == 400
        r = c.get("/rdf-graph-store", params={"graph": EX + "g"}, headers={"Accept": "application/n-triples"})
        assert r.status_code == 413  # 3000 triples > 1000 bytes
        assert c.get("/rdf-graph-store", params={"graph": EX + "none"}).status_code == 404
