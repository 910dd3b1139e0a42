"""The query worker: a process that holds one read-only pyoxigraph handle and answers jobs from a pipe.

pyoxigraph cannot cancel a query, so the time limit is enforced by killing the process that runs it
(api.sparql.pool). Each job's answer is serialised here, in the worker, by pyoxigraph, into a buffer
that refuses to grow past the job's byte cap: an oversized result stops the evaluation and comes back as
an error (HTTP 413), never as a truncated body.

Jobs are plain dicts (pickled over a multiprocessing Pipe); answers are tuples:
    ("ok", kind, media_type, body)     kind: solutions | boolean | triples | graph | graphs
    ("err", http_status, message)

`execute` is also used in-process for an injected store (api.sparql.backends). This module imports only
the standard library, pyoxigraph and graph.store.formats, so a worker starts quickly.
"""

from __future__ import annotations

import io
import os
import threading
import time
from typing import Any

import pyoxigraph as ox

from graph.store.formats import rdf_format, results_format

Answer = tuple[Any, ...]


class _CappedBuffer(io.RawIOBase):
    """A write-only byte buffer that raises once more than `cap` bytes are written."""

    def __init__(self, cap: int) -> None:
        super().__init__()
        self.data = bytearray()
        self.cap = cap
        self.overflow = False

    def writable(self) -> bool:
        return True

    def write(self, b: Any) -> int:
        n = len(b)
        if len(self.data) + n > self.cap:
            self.overflow = True
            raise OSError(f"result larger than {self.cap} bytes")
        self.data += b
        return n


def _too_large(cap: int) -> Answer:
    return ("err", 413, f"Result too large: the answer exceeds the limit of {cap:,} bytes "
            "(SVKG_MAX_RESULT_BYTES). Add a LIMIT, select fewer variables, or aggregate.")


def _dataset(job: dict[str, Any]) -> dict[str, Any]:
    default = job.get("default_graph")
    named = job.get("named_graphs")
    if default is None and named is None:
        # svkg's default graph is the union of all graphs, unless the query names its own (FROM):
        # pyoxigraph's union flag would override FROM, so it is off then.
        return {"use_default_graph_as_union": not job.get("has_dataset", False)}
    # a protocol dataset (default-graph-uri / named-graph-uri) replaces any FROM/FROM NAMED; a
    # missing half is empty (SPARQL 1.1 Protocol §2.1.4)
    return {
        "default_graph": [ox.NamedNode(g) for g in (default or [])],
        "named_graphs": [ox.NamedNode(g) for g in (named or [])],
    }


def execute(store: ox.Store, job: dict[str, Any]) -> Answer:
    """Run one job against `store` and serialise its answer (never raises for expected failures)."""
    cap = int(job.get("max_bytes", 50_000_000))
    out = _CappedBuffer(cap)
    try:
        kind = job["kind"]
        if kind == "query":
            result = store.query(job["query"], base_iri=job.get("base_iri"), **_dataset(job))
            if isinstance(result, ox.QueryTriples):
                media, what = job["rdf_type"], "triples"
                result.serialize(out, format=rdf_format(media))
            else:
                media = job["results_type"]
                what = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
                result.serialize(out, format=results_format(media))
            return ("ok", what, media, bytes(out.data))
        if kind == "graph":
            graph = job.get("graph")
            if graph is None:
                target: ox.NamedNode | ox.DefaultGraph = ox.DefaultGraph()
            else:
                target = ox.NamedNode(graph)
                if not store.contains_named_graph(target):
                    return ("err", 404, f"Not Found: no graph <{graph}> in the store.")
            store.dump(out, format=rdf_format(job["rdf_type"]), from_graph=target)
            return ("ok", "graph", job["rdf_type"], bytes(out.data))
        if kind == "graphs":
            names = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
            return ("ok", "graphs", "text/plain", "\n".join(names).encode())
        if kind == "sleep":  # for tests and the round-trip benchmark: an empty job
            time.sleep(float(job.get("seconds", 0)))
            return ("ok", "sleep", "text/plain", b"")
        return ("err", 500, f"unknown job kind {kind!r}")
    except SyntaxError as exc:
        return ("err", 400, f"SPARQL syntax error: {exc}")
    except (OSError, ValueError, RuntimeError) as exc:
        if out.overflow:
            return _too_large(cap)
        if isinstance(exc, ValueError):
            return ("err", 400, f"Bad request: {exc}")
        return ("err", 500, f"Query failed: {exc}")


def _watch_parent() -> None:
    """Exit when the process that started us goes away (so a killed server leaves no orphans)."""
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, daemon=True, name="svkg-parent-watch").start()


def main(conn: Any, store_path: str) -> None:
    """Worker entry point: open the store read-only, say ready, answer jobs until the pipe closes."""
    _watch_parent()
    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        conn.send(("err", 500, f"cannot open the store at {store_path} read-only: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = execute(store, job)
        except Exception as exc:  # never let a job kill the loop silently
            answer = ("err", 500, f"{type(exc).__name__}: {exc}")
        conn.send(answer)
