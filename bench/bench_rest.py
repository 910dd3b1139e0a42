"""Latency of the REST API and the editor page, in-process (FastAPI TestClient: routing, queries and JSON
serialisation; no network), on the curated data assembled in memory (`graph.build.assemble`, no
importers) or, with --store, on a built store.

    .venv/bin/python bench/bench_rest.py [--store var/store] [--runs 7]

Prints one line per request: the first run (cold: name index and query caches empty for that request),
the median and best of the runs, and the response size.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from pathlib import Path

import pyoxigraph as ox

from api.app import create_app
from graph.settings import get_settings
from graph.store import EmbeddedStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

REQUESTS: list[tuple[str, dict[str, str]]] = [
    ("/api/entities/search?q=huawei", {}),
    ("/api/entities/search?q=华为", {}),
    ("/api/entities/search?q=Zurich", {}),
    ("/api/entities/company/huawei", {}),
    ("/api/entities/company/huawei", {"Accept": "application/ld+json"}),
    ("/api/entities/state/JP", {}),
    ("/api/actions", {}),
    ("/api/actions?page_size=500", {}),
    ("/api/actions?type=restriction&page_size=500", {}),
    ("/api/actions?alliance=alliance/five-eyes&from=2018-01-01", {}),
    ("/api/actions?actor=state/US&target=company/huawei", {}),
    ("/api/vendors/huawei/timeline", {}),
    ("/api/alliances/nato/members?on=2019-01-01", {}),
    ("/api/export/actions.csv", {}),
    ("/api/export/graph.graphml", {}),
    ("/api/export/graph.nq", {}),
    ("/api/export/graph.ttl", {}),
    ("/api/export/graph.jsonld", {}),
    ("/", {}),
]


def curated_store() -> EmbeddedStore:
    from graph.build import assemble
    from graph.progress import BuildProgress

    settings = get_settings()
    store = ox.Store()
    assemble(store, settings, settings.data_dir, imports=False, progress=BuildProgress(enabled=False),
             timings={})
    return EmbeddedStore(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", type=Path, help="a built store (default: curated data, in memory)")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    t0 = time.perf_counter()
    store = EmbeddedStore.open(args.store) if args.store else curated_store()
    print(f"store: {store.quad_count():,} quads, ready in {time.perf_counter() - t0:.1f} s")
    with TestClient(create_app(get_settings(), store=store)) as client:
        t0 = time.perf_counter()
        client.app.state.rest_warmup.result()  # the name index, built in the background at startup
        print(f"name index ready {time.perf_counter() - t0:.1f} s after startup")
        print(f"{'request':62s} {'first':>9s} {'median':>9s} {'best':>9s} {'bytes':>10s}")
        for url, headers in REQUESTS:
            times = []
            size = 0
            for _ in range(args.runs):
                t = time.perf_counter()
                r = client.get(url, headers=headers)
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, (url, r.status_code, r.text[:200])
                size = len(r.content)
            label = url + (" (JSON-LD)" if headers else "")
            first, median, best = times[0] * 1000, statistics.median(times) * 1000, min(times) * 1000
            print(f"{label:62s} {first:7.1f}ms {median:7.1f}ms {best:7.1f}ms {size:10,d}")


if __name__ == "__main__":
    main()
