"""Benchmark of the SPARQL endpoint (see bench/README.md, section "SPARQL endpoint").

    .venv/bin/python bench/bench_sparql.py [--store PATH] [--repeat 3] [--rdflib-triples 100000]

1. Endpoint vs raw engine, same store, one run: each example query of ontology/queries/*.rq through the
   real endpoint (uvicorn on a loopback port, httpx client, SPARQL JSON results) against pyoxigraph
   in-process on the same store (query + JSON serialisation, the work a worker does). Median of
   --repeat runs each. Without --store (and no built store at SVKG_STORE_PATH) a synthetic store and a
   few queries of our own are used instead, since the example queries need svkg's data.
2. The worker round-trip: an empty job through the worker pool vs a direct call, and `ASK {}` over HTTP
   vs in-process — the fixed cost a query pays for running in a killable process behind HTTP.
3. For scale: rdflib's own SPARQL evaluator against pyoxigraph on a synthetic graph shaped like svkg's
   (--rdflib-triples, default 100k): states, companies, dated actions with types in a SKOS hierarchy.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

S = "https://w3id.org/svkg/ontology#"
ID = "https://w3id.org/svkg/id/"
VOCAB = "https://w3id.org/svkg/vocab/action-type/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
PREFIXES = f"PREFIX svkg: <{S}>\nPREFIX skos: <{SKOS}>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"

SYNTHETIC_QUERIES = {
    "lookup: one state's actions on one vendor": PREFIXES + f"""SELECT ?a ?d WHERE {{
  ?a svkg:actor <{ID}state/S7> ; svkg:target <{ID}company/c49> ; svkg:date ?d }}""",
    "group-by count per state": PREFIXES + """SELECT ?state (COUNT(?a) AS ?n) WHERE {
  ?a a svkg:Action ; svkg:actor ?state } GROUP BY ?state ORDER BY DESC(?n)""",
    "two-hop join with a date filter": PREFIXES + """SELECT ?a ?b WHERE {
  ?a svkg:target ?c ; svkg:date ?d . FILTER(?d >= "2020-01-01"^^xsd:date)
  ?b svkg:target ?c ; svkg:actor ?s2 . ?s2 svkg:member <https://w3id.org/svkg/id/alliance/A1> } LIMIT 1000""",
    "property path + join": PREFIXES + f"""SELECT ?a WHERE {{
  ?a svkg:actionType/skos:broader* <{VOCAB}restriction> ; svkg:actor <{ID}state/S3> }}""",
}


# -- a synthetic store shaped like svkg's ------------------------------------------------------------------
def synthetic_quads(n_triples: int, seed: int = 7) -> list[ox.Quad]:
    rnd = random.Random(seed)
    g = ox.NamedNode("https://w3id.org/svkg/graph/synthetic")
    n = ox.NamedNode
    quads: list[ox.Quad] = []

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(n(s), n(p), o, g))

    types = ["procurement-ban", "network-exclusion", "entity-listing", "investment-ban", "arrest"]
    for t in types:
        add(VOCAB + t, SKOS + "broader", n(VOCAB + ("legal-action" if t == "arrest" else "restriction")))
    states = [f"{ID}state/S{i}" for i in range(200)]
    for i, st in enumerate(states):
        add(st, RDF_TYPE, n(S + "State"))
        add(st, S + "member", n(f"{ID}alliance/A{i % 12}"))
    companies = [f"{ID}company/c{i}" for i in range(2000)]
    for c in companies:
        add(c, RDF_TYPE, n(S + "Company"))
    i = 0
    while len(quads) < n_triples:
        # actor and target cycle so that every (state, company) lookup below has answers
        a = f"{ID}action/X{i}"
        add(a, RDF_TYPE, n(S + "Action"))
        add(a, S + "actor", n(states[i % len(states)]))
        add(a, S + "target", n(companies[(7 * i) % len(companies)]))
        add(a, S + "actionType", n(VOCAB + rnd.choice(types)))
        add(a, S + "date", ox.Literal(f"{rnd.randint(2012, 2024)}-{rnd.randint(1, 12):02d}-"
                                      f"{rnd.randint(1, 28):02d}", datatype=n(XSD_DATE)))
        i += 1
    return quads


def synthetic_store(path: Path, n_triples: int) -> Path:
    store = ox.Store(str(path))
    store.extend(synthetic_quads(n_triples))
    store.flush()
    del store
    return path


# -- timing helpers ----------------------------------------------------------------------------------------
def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def raw_query(store: ox.Store, query: str) -> bytes:
    result = store.query(query, use_default_graph_as_union=True)
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=ox.RdfFormat.TURTLE) or b""
    return result.serialize(format=ox.QueryResultsFormat.JSON) or b""


@contextmanager
def live_server(store: Path, timeout: float) -> Iterator[tuple[str, object]]:
    """The real app under uvicorn on a free loopback port; yields (base URL, app)."""
    import uvicorn

    from api.app import create_app
    from graph.settings import get_settings

    settings = get_settings(store_path=store, query_timeout=timeout, query_workers=2,
                            max_result_bytes=500_000_000)
    app = create_app(settings)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", app
    finally:
        server.should_exit = True
        thread.join(30)


def endpoint_query(http: httpx.Client, url: str, query: str) -> bytes:
    r = http.post(url + "/sparql", content=query.encode(),
                  headers={"Content-Type": "application/sparql-query",
                           "Accept": "application/sparql-results+json, text/turtle;q=0.9"})
    if r.status_code != 200:
        raise RuntimeError(f"{r.status_code}: {r.text[:200]}")
    return r.content


# -- the three parts --------------------------------------------------------------------------------------
def part_endpoint_vs_raw(store_path: Path, queries: dict[str, str], repeat: int, timeout: float) -> None:
    print(f"\n## 1. Endpoint vs raw engine (same store, median of {repeat})\n")
    print("| query | result bytes | pyoxigraph in-process ms | endpoint ms | ratio | overhead ms |")
    print("|---|---:|---:|---:|---:|---:|")
    raw_store = ox.Store.read_only(str(store_path))
    tot_raw = tot_ep = 0.0
    with live_server(store_path, timeout) as (url, _app), httpx.Client(timeout=timeout + 30) as http:
        for name, q in queries.items():
            size = len(raw_query(raw_store, q))
            endpoint_query(http, url, q)  # warm the workers' caches like the raw store's
            raws, eps = [], []
            for _ in range(repeat):  # interleaved, so drifting machine load hits both alike
                raws.append(median_ms(lambda q=q: raw_query(raw_store, q), 1))
                eps.append(median_ms(lambda q=q: endpoint_query(http, url, q), 1))
            raw, ep = statistics.median(raws), statistics.median(eps)
            tot_raw, tot_ep = tot_raw + raw, tot_ep + ep
            print(f"| {name} | {size:,} | {raw:.1f} | {ep:.1f} | {ep / raw:.2f} | {ep - raw:+.1f} |")
    print(f"| **all** | | {tot_raw:.1f} | {tot_ep:.1f} | {tot_ep / tot_raw:.2f} | {tot_ep - tot_raw:+.1f} |")


def part_round_trip(store_path: Path, repeat: int) -> None:
    from api.sparql.pool import WorkerPool
    from api.sparql.worker import execute

    print(f"\n## 2. Worker round-trip (median of {repeat})\n")
    store = ox.Store.read_only(str(store_path))
    job = {"kind": "query", "query": "ASK {}", "results_type": "application/sparql-results+json",
           "rdf_type": "text/turtle", "max_bytes": 1_000_000}

    async def pool_times() -> tuple[float, float, float]:
        pool = WorkerPool(store_path, 1)
        t = time.perf_counter()
        pool.start()
        await pool.wait_ready()
        start_ms = (time.perf_counter() - t) * 1000
        times_empty, times_ask = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            await pool.run({"kind": "sleep", "seconds": 0}, 10)
            times_empty.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            await pool.run(job, 10)
            times_ask.append((time.perf_counter() - t) * 1000)
        await pool.close()
        return start_ms, statistics.median(times_empty), statistics.median(times_ask)

    start_ms, empty_ms, ask_pool_ms = asyncio.run(pool_times())
    ask_direct = median_ms(lambda: execute(store, job), repeat)
    with live_server(store_path, 30) as (url, _app), httpx.Client() as http:
        endpoint_query(http, url, "ASK {}")
        ask_http = median_ms(lambda: endpoint_query(http, url, "ASK {}"), repeat)
    print("| what | ms |\n|---|---:|")
    print(f"| `ASK {{}}` in-process (query + JSON) | {ask_direct:.3f} |")
    print(f"| empty job through a worker (pipe round-trip) | {empty_ms:.3f} |")
    print(f"| `ASK {{}}` through a worker | {ask_pool_ms:.3f} |")
    print(f"| `ASK {{}}` through the endpoint over HTTP (httpx, keep-alive) | {ask_http:.3f} |")
    print(f"| starting a worker (forkserver, read-only open) | {start_ms:.0f} |")


def part_rdflib(n_triples: int, repeat: int) -> None:
    import rdflib

    print(f"\n## 3. rdflib's evaluator vs pyoxigraph, synthetic graph of {n_triples:,} triples\n")
    quads = synthetic_quads(n_triples)
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    t = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(data=nt, format="nt")
    load_rdflib = time.perf_counter() - t
    t = time.perf_counter()
    store = ox.Store()
    store.load(nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("https://w3id.org/svkg/graph/s"))
    load_ox = time.perf_counter() - t
    print(f"load: rdflib {load_rdflib:.1f} s, pyoxigraph {load_ox:.2f} s\n")
    print("| query | rows | rdflib ms | pyoxigraph ms | rdflib / pyoxigraph |\n|---|---:|---:|---:|---:|")
    for name, q in SYNTHETIC_QUERIES.items():
        rows = len(list(store.query(q, use_default_graph_as_union=True)))
        ox_ms = median_ms(lambda q=q: raw_query(store, q), repeat)
        rdf_ms = median_ms(lambda q=q: graph.query(q).serialize(format="json"), 1)
        print(f"| {name} | {rows} | {rdf_ms:.0f} | {ox_ms:.1f} | {rdf_ms / ox_ms:.0f}× |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a built svkg store (default SVKG_STORE_PATH if built)")
    parser.add_argument("--queries", type=Path, default=ROOT / "ontology" / "queries")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=120.0, help="query time limit for the endpoint")
    parser.add_argument("--rdflib-triples", type=int, default=100_000)
    parser.add_argument("--synthetic-triples", type=int, default=100_000)
    args = parser.parse_args()

    from graph.settings import get_settings
    from graph.store.generations import is_store_dir

    store = args.store or get_settings().store_path
    tmp = tempfile.TemporaryDirectory(prefix="svkg-bench-")
    if is_store_dir(Path(os.path.realpath(store))):
        queries = {p.stem: p.read_text() for p in sorted(args.queries.glob("*.rq"))}
        n = len(ox.Store.read_only(str(store)))
        print(f"store: {store} ({n:,} quads); queries: {args.queries.relative_to(ROOT)} ({len(queries)})")
    else:
        store = synthetic_store(Path(tmp.name) / "store", args.synthetic_triples)
        queries = SYNTHETIC_QUERIES
        print(f"no built store: synthetic store of {args.synthetic_triples:,} triples and our own queries")
    print(f"python {sys.version.split()[0]}, pyoxigraph {ox.__version__}, {os.cpu_count()} cores, "
          f"load average at start {os.getloadavg()[0]:.1f}")
    part_endpoint_vs_raw(Path(store), queries, args.repeat, args.timeout)
    part_round_trip(Path(store), max(args.repeat, 50))
    part_rdflib(args.rdflib_triples, args.repeat)
    tmp.cleanup()


if __name__ == "__main__":
    main()
