"""Safe by default: time limits that really stop the work, refused features, writes only with the token
(and nothing changed by a refused attempt), store generations, CORS."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from sparql_support import EX, TOKEN, build_store, client, numbered_store, quad_dump, settings_for

from graph.store.generations import point_at

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

CROSS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 3000^3 rows
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
UPDATE = {"Content-Type": "application/sparql-update"}
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def count(c: TestClient) -> int:
    r = c.get("/sparql", params={"query": COUNT})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child not yet reaped is a zombie: dead for our purposes
    with open(f"/proc/{pid}/stat") as fh:
        return fh.read().split()[2] != "Z"


def test_runaway_query_is_stopped_with_503_and_the_next_query_works(tmp_path: Path) -> None:
    store = numbered_store(tmp_path / "store", 3000)
    limit = 1.5
    with client(settings_for(store, query_timeout=limit, query_workers=1)) as c:
        assert count(c) == 3000
        pool = c.app.state.sparql.pool
        (worker,) = pool._live
        start = time.monotonic()
        r = c.get("/sparql", params={"query": CROSS})
        elapsed = time.monotonic() - start
        assert r.status_code == 503
        assert "timed out" in r.text and f"{limit:g} s" in r.text
        assert r.headers["content-type"].startswith("text/plain")
        assert elapsed < limit + 1.0, f"the 503 came after {elapsed:.2f} s"
        # the worker that ran it was killed: the work really stopped
        deadline = time.monotonic() + 5
        while alive(worker.process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker.process.pid)
        # … and a replacement answers the next query
        assert count(c) == 3000
        (replacement,) = pool._live
        assert replacement.process.pid != worker.process.pid


def test_each_overrunning_worker_is_replaced(tmp_path: Path) -> None:
    store = numbered_store(tmp_path / "store", 3000)
    with client(settings_for(store, query_timeout=1.0, query_workers=2)) as c:
        rs = [c.get("/sparql", params={"query": CROSS}) for _ in range(2)]
        assert [r.status_code for r in rs] == [503, 503]
        assert count(c) == 3000


# -- refusals ---------------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path) -> Path:
    return build_store(tmp_path / "store", {EX + "g": (f"<{EX}a> <{EX}p> <{EX}b> .", ox.RdfFormat.TURTLE)})


@pytest.mark.parametrize(("params", "words"), [
    ({"query": "SELECT * WHERE { SERVICE <http://example.com/sparql> { ?s ?p ?o } }"}, "SERVICE"),
    ({"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}, "file:"),
    ({"query": "ASK {}", "default-graph-uri": "file:///etc/passwd"}, "file:"),
])
def test_refused_queries(store: Path, params: dict[str, str], words: str) -> None:
    with client(settings_for(store)) as c:
        r = c.get("/sparql", params=params)
        assert r.status_code == 403
        assert words in r.text and "disabled" in r.text


def test_service_in_a_string_is_just_a_string(store: Path) -> None:
    with client(settings_for(store)) as c:
        q = 'SELECT ("SERVICE <http://example.com/sparql> { }" AS ?x) WHERE {} # SERVICE <x> {}'
        assert c.get("/sparql", params={"query": q}).status_code == 200


@pytest.mark.parametrize(("settings", "headers", "status", "words"), [
    ({}, AUTH, 403, "read-only"),  # writes disabled: even the right token is refused
    ({"enable_update": True, "update_token": TOKEN}, {}, 403, "Authorization: Bearer"),
    ({"enable_update": True, "update_token": TOKEN}, {"Authorization": "Bearer wrong"}, 403, "not valid"),
    ({"enable_update": True, "update_token": TOKEN}, {"Authorization": f"Basic {TOKEN}"}, 403, "Bearer"),
    ({"enable_update": True}, AUTH, 403, "no update token"),
])
def test_updates_without_a_valid_token_change_nothing(store: Path, settings: dict, headers: dict, status: int,
                                                      words: str) -> None:
    before = quad_dump(store)
    with client(settings_for(store, **settings)) as c:
        r = c.post("/sparql", content=b"CLEAR ALL", headers=UPDATE | headers)
        assert (r.status_code, words in r.text) == (status, True), r.text
        r = c.post("/sparql", data={"update": "DROP ALL"}, headers=headers)
        assert r.status_code == status
        r = c.put("/rdf-graph-store", params={"graph": EX + "g"}, content=b"",
                  headers={"Content-Type": "text/turtle"} | headers)
        assert r.status_code == (405 if not settings.get("enable_update") else 403)
        r = c.delete("/rdf-graph-store", params={"graph": EX + "g"}, headers=headers)
        assert r.status_code == (405 if not settings.get("enable_update") else 403)
        if r.status_code == 405:
            assert "GET" in r.headers["allow"] and "DELETE" not in r.headers["allow"]
        assert count(c) == 1
    assert quad_dump(store) == before


def test_load_is_refused_even_with_the_token(store: Path) -> None:
    before = quad_dump(store)
    with client(settings_for(store, enable_update=True, update_token=TOKEN)) as c:
        r = c.post("/sparql", content=b"LOAD <http://example.com/data.ttl> INTO GRAPH <http://g>",
                   headers=UPDATE | AUTH)
        assert r.status_code == 403 and "LOAD" in r.text
    assert quad_dump(store) == before


def test_update_with_the_token_is_applied_and_seen(store: Path) -> None:
    with client(settings_for(store, enable_update=True, update_token=TOKEN, query_workers=2)) as c:
        old = set(c.app.state.sparql.pool._live)
        # the WHERE sees the union default graph (the data is in a named graph), like a query
        update = f"INSERT {{ GRAPH <{EX}derived> {{ ?s a <{EX}Knower> }} }} WHERE {{ ?s <{EX}p> ?o }}"
        r = c.post("/sparql", content=update.encode(), headers=UPDATE | AUTH)
        assert r.status_code == 204, r.text
        ask = f"ASK {{ GRAPH <{EX}derived> {{ <{EX}a> a <{EX}Knower> }} }}"
        assert c.get("/sparql", params={"query": ask}).json()["boolean"] is True
        assert not old & set(c.app.state.sparql.pool._live)  # fresh workers, which see the write
        # the REST routes' read-only handle was reopened too
        assert c.app.state.store.quad_count() == 2
        bad = c.post("/sparql", content=b"INSERT DATA { <a> }", headers=UPDATE | AUTH)
        assert bad.status_code == 400 and "1:" in bad.text
    assert b"Knower" in quad_dump(store)


def test_graph_store_writes_with_the_token(store: Path) -> None:
    with client(settings_for(store, enable_update=True, update_token=TOKEN)) as c:
        g = EX + "new"
        r = c.put("/rdf-graph-store", params={"graph": g}, content=f"<{EX}x> <{EX}y> 1 .".encode(),
                  headers={"Content-Type": "text/turtle"} | AUTH)
        assert r.status_code == 201
        r = c.get("/rdf-graph-store", params={"graph": g}, headers={"Accept": "application/n-triples"})
        assert r.status_code == 200
        (triple,) = ox.parse(r.content, format=ox.RdfFormat.N_TRIPLES)
        assert triple.object == ox.Literal(1)
        r = c.put("/rdf-graph-store", params={"graph": g}, content=b"<broken",
                  headers={"Content-Type": "text/turtle"} | AUTH)
        assert r.status_code == 400 and "not valid" in r.text
        assert c.delete("/rdf-graph-store", params={"graph": g}, headers=AUTH).status_code == 204
        assert c.get("/rdf-graph-store", params={"graph": g}).status_code == 404


# -- generations and CORS ---------------------------------------------------------------------------------
def test_workers_follow_the_store_symlink_to_a_new_generation(tmp_path: Path) -> None:
    gen1 = numbered_store(tmp_path / "store.gen-1", 5)
    gen2 = numbered_store(tmp_path / "store.gen-2", 7)
    link = tmp_path / "store"
    point_at(link, gen1)
    with client(settings_for(link)) as c:
        assert count(c) == 5
        point_at(link, gen2)  # what a rebuild does
        time.sleep(0.6)  # the pool looks at the link at most twice a second
        assert count(c) == 7


@pytest.mark.parametrize(("origins", "origin", "allowed", "credentials"), [
    (["*"], "https://notebook.example", "*", None),
    (["https://notebook.example"], "https://notebook.example", "https://notebook.example", "true"),
    (["https://notebook.example"], "https://evil.example", None, None),
    ([], "https://notebook.example", None, None),
])
def test_cors(store: Path, origins: list[str], origin: str, allowed: str | None,
              credentials: str | None) -> None:
    with client(settings_for(store, cors_origins=origins)) as c:
        r = c.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": origin})
        assert r.headers.get("access-control-allow-origin") == allowed
        if allowed:
            assert r.headers.get("access-control-allow-credentials") == credentials
        pre = c.options("/sparql", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
        assert pre.headers.get("access-control-allow-origin") == allowed
