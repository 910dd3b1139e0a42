"""Writes: SPARQL Update and Graph Store Protocol changes, applied to a pyoxigraph store.

With the embedded store the write runs in a short-lived process (`main`) that opens the store
read-write, applies one write, flushes, closes and exits — while the query workers are stopped (see
api.sparql.pool.WorkerPool.exclusive). A process, not the web server's own, so the write has the same
time limit as a query: pyoxigraph applies an update or a load in one transaction, so killing an
overrunning writer leaves the store as it was.

Operations (dicts):
    {"op": "update", "update": text, "base_iri": iri, "using": [iri], "using_named": [iri],
     "union_default": bool}
    {"op": "put" | "post", "graph": iri | None, "parts": [(bytes, media_type)], "base_iri": iri}
    {"op": "delete", "graph": iri | None}
`graph` None is the store's own default graph. Answers: ("ok", value) — for put/post whether the graph
was created, for delete whether it existed — or ("err", http_status, message).
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from graph.errors import SvkgError
from graph.store.formats import rdf_format

TRIPLE_FORMATS = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")


def parse_payload(data: bytes, media_type: str, graph: str | None, base_iri: str | None) -> list[ox.Quad]:
    """The triples of a Graph Store payload as quads in `graph` (fresh blank nodes). Raises ValueError
    with the parser's message (and position) when the payload is not valid."""
    fmt = rdf_format(media_type)
    target: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    try:
        return [ox.Quad(t.subject, t.predicate, t.object, target)
                for t in ox.parse(data, fmt, base_iri=base_iri, without_named_graphs=True,
                                  rename_blank_nodes=True)]
    except SyntaxError as exc:
        raise ValueError(f"the {media_type} payload is not valid: {exc}") from exc


def _with_dataset(store: ox.Store, op: dict[str, Any]) -> str:
    """The update text with its dataset made explicit (api.sparql.guard.add_update_dataset): the
    protocol's using-graph-uri/using-named-graph-uri, or else the union of the named graphs as they are
    now, inside the write."""
    from api.sparql.guard import add_update_dataset
    from graph.store.sparql_lexer import tokenize

    text = op["update"]
    using, using_named = op.get("using") or [], op.get("using_named") or []
    union = None
    if op.get("union_default") and not (using or using_named):
        union = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    if not (using or using_named or union):
        return text
    return add_update_dataset(text, tokenize(text), using, using_named, union)


def apply(store: ox.Store, op: dict[str, Any]) -> tuple[Any, ...]:
    """Apply one write to a read-write store."""
    try:
        kind = op["op"]
        if kind == "update":
            store.update(_with_dataset(store, op), base_iri=op.get("base_iri"))
            return ("ok", None)
        graph = op.get("graph")
        target: ox.NamedNode | ox.DefaultGraph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        existed = graph is None or store.contains_named_graph(target)
        if kind == "delete":
            if not existed:
                return ("err", 404, f"Not Found: no graph <{graph}> in the store.")
            store.remove_graph(target)
            return ("ok", True)
        quads = [q for data, media in op["parts"]
                 for q in parse_payload(data, media, graph, op.get("base_iri"))]
        if kind == "put":
            store.remove_graph(target)
        if isinstance(target, ox.NamedNode):
            store.add_graph(target)
        store.extend(quads)
        return ("ok", not existed)
    except SyntaxError as exc:
        return ("err", 400, f"SPARQL Update syntax error: {exc}")
    except SvkgError as exc:
        return ("err", exc.status_code, exc.message)
    except ValueError as exc:
        return ("err", 400, f"Bad request: {exc}")
    except (OSError, RuntimeError) as exc:
        return ("err", 500, f"The write failed and was not applied: {exc}")


def main(conn: Any, store_path: str, op: dict[str, Any]) -> None:
    """Writer process: open read-write, apply `op`, flush, close, answer, exit."""
    try:
        store = ox.Store(store_path)
    except OSError as exc:
        conn.send(("err", 500, f"cannot open the store at {store_path} for writing: {exc}"))
        return
    answer = apply(store, op)
    try:
        store.flush()
    except OSError as exc:
        answer = ("err", 500, f"The write could not be flushed: {exc}")
    del store  # close the handle before saying done
    conn.send(answer)
