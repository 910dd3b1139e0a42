"""Whole-graph exports: Turtle (the union of the named graphs), N-Quads and JSON-LD (every graph),
streamed from pyoxigraph's serializers; actions as CSV; and a GraphML projection for Gephi."""

from __future__ import annotations

import csv
import io
import queue
import threading
from collections.abc import Callable, Iterator

import networkx as nx
import pyoxigraph as ox

from api.rest.nodes import SVKG, Props, first_iri, iris, text
from api.rest.queries import (
    AGENTS,
    ALL_ACTION_SOURCE_URLS,
    ALL_ACTION_TRIPLES,
    MEMBERSHIP_EDGES,
    ORG_EDGES,
)
from api.rest.refs import concept_key, curie, kind_of, short_id
from api.rest.search import name_index
from graph.iris import PREFIXES
from graph.store import EmbeddedStore, GraphStore, select_rows

CHUNK = 1 << 16
_END = object()

CSV_COLUMNS = ["id", "date", "actor", "actor_label", "targets", "target_labels", "type", "status",
               "legal_basis", "source_urls"]


class _Pipe(io.RawIOBase):
    """A writable file whose writes land in a bounded queue, read by the response; closing the reader
    makes the next write raise, which stops the serializer."""

    def __init__(self, q: queue.Queue) -> None:
        self.q = q
        self.cancelled = threading.Event()

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[no-untyped-def, override]
        data = bytes(b)
        while True:
            if self.cancelled.is_set():
                raise BrokenPipeError("the client went away")
            try:
                self.q.put(data, timeout=0.5)
                return len(data)
            except queue.Full:
                continue


def stream(write: Callable[[io.BufferedWriter], None]) -> Iterator[bytes]:
    """Run `write(file)` in a thread and yield what it writes, in chunks of about 64 KiB."""
    q: queue.Queue = queue.Queue(maxsize=16)
    pipe = _Pipe(q)

    def produce() -> None:
        try:
            buffered = io.BufferedWriter(pipe, CHUNK)
            write(buffered)
            buffered.flush()
        except BrokenPipeError:
            pass
        except Exception as exc:  # handed to the reader, which raises it
            q.put(exc)
        finally:
            q.put(_END)

    threading.Thread(target=produce, name="svkg-export", daemon=True).start()
    try:
        while True:
            item = q.get()
            if item is _END:
                return
            if isinstance(item, Exception):
                raise item
            yield item
    finally:
        pipe.cancelled.set()
        while not q.empty():
            q.get_nowait()


def dump_stream(store: GraphStore, media_type: str) -> Iterator[bytes]:
    """The whole store in `media_type`: a quad format holds every named graph; Turtle holds the union."""
    if not isinstance(store, EmbeddedStore):
        yield store.dump(media_type)
        return
    fmt = {"text/turtle": ox.RdfFormat.TURTLE, "application/n-quads": ox.RdfFormat.N_QUADS,
           "application/ld+json": ox.RdfFormat.JSON_LD}[media_type]
    if fmt is ox.RdfFormat.TURTLE:
        # the union as one Turtle document per graph, one after the other (a triple in two graphs is
        # written twice: same graph); each written by pyoxigraph, with svkg's prefixes
        def write(out: io.BufferedWriter) -> None:
            graphs: list[ox.NamedNode | ox.DefaultGraph] = [ox.NamedNode(g) for g in store.named_graphs()]
            if next(iter(store.ox.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
                graphs.insert(0, ox.DefaultGraph())
            for g in graphs:
                store.ox.dump(out, fmt, from_graph=g, prefixes=dict(PREFIXES))
    else:
        def write(out: io.BufferedWriter) -> None:
            store.ox.dump(out, fmt)
    yield from stream(write)


def _all_actions(store: GraphStore) -> tuple[list[str], dict[str, Props]]:
    """Every action's properties (one query: a VALUES-batched `describe` of 16k actions took 2.5x
    longer), and the actions ordered by (date, id)."""
    result = store.query(ALL_ACTION_TRIPLES)
    assert isinstance(result, ox.QuerySolutions)
    props: dict[str, Props] = {}
    for sol in result:
        values = props.setdefault(sol["s"].value, {}).setdefault(sol["p"].value, [])
        if sol["o"] not in values:
            values.append(sol["o"])
    ordered = sorted(props, key=lambda a: (text(props[a], SVKG + "date") or "9999", short_id(a)))
    return ordered, props


def actions_csv(store: GraphStore) -> Iterator[str]:
    """One row per action: id, date, actor, targets, type, status, legal basis, source URLs."""
    index = name_index(store)
    ordered, props = _all_actions(store)
    urls: dict[str, list[str]] = {}
    result = store.query(ALL_ACTION_SOURCE_URLS)
    assert isinstance(result, ox.QuerySolutions)
    for sol in result:
        urls.setdefault(sol["action"].value, []).append(sol["url"].value)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for n, action in enumerate(ordered, 1):
        p = props[action]
        actor = first_iri(p, SVKG + "actor")
        targets = sorted(iris(p, SVKG + "target"), key=short_id)
        action_type, status = first_iri(p, SVKG + "actionType"), first_iri(p, SVKG + "currentStatus")
        writer.writerow([
            short_id(action), text(p, SVKG + "date") or "",
            short_id(actor) if actor else "", index.label(actor) or "",
            "; ".join(short_id(t) for t in targets), "; ".join(index.label(t) or "" for t in targets),
            concept_key(action_type) if action_type else "", concept_key(status) if status else "",
            "; ".join(short_id(b) for b in sorted(iris(p, SVKG + "legalBasis"))),
            "; ".join(sorted(set(urls.get(action, [])))),
        ])
        if n % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _attrs(**values: object) -> dict[str, object]:
    """GraphML attributes: no None, scalars only."""
    return {k: (v if isinstance(v, int | float | bool) else str(v))
            for k, v in values.items() if v is not None}


def graph_projection(store: GraphStore) -> nx.MultiDiGraph:
    """Agents, legal instruments and actions as nodes; actor, target, legal-basis, requested-by, membership,
    subsidiary and sub-organisation links as edges (GraphML-ready attributes)."""
    index = name_index(store)
    g = nx.MultiDiGraph(name="svkg")

    def node(iri: str, **extra: object) -> str:
        key = short_id(iri)
        if key not in g:
            g.add_node(key, **_attrs(iri=iri, label=index.label(iri) or key, kind=kind_of(iri) or "other"))
        g.nodes[key].update(_attrs(**extra))
        return key

    for r in select_rows(store, AGENTS):
        key = node(r["node"])
        classes = {c for c in str(g.nodes[key].get("type", "")).split() if c} | {curie(r["class"])}
        g.nodes[key]["type"] = " ".join(sorted(classes))
    ordered, props = _all_actions(store)
    for action in ordered:
        p = props[action]
        action_type, status = first_iri(p, SVKG + "actionType"), first_iri(p, SVKG + "currentStatus")
        a = node(action, type="svkg:Action", date=text(p, SVKG + "date"),
                 action_type=concept_key(action_type) if action_type else None,
                 status=concept_key(status) if status else None, scope=text(p, SVKG + "scope"),
                 label=text(p, "http://purl.org/dc/terms/description") or short_id(action))
        date = text(p, SVKG + "date")
        for actor in iris(p, SVKG + "actor"):
            g.add_edge(node(actor), a, key="actor", relation="actor", **_attrs(date=date))
        for target in iris(p, SVKG + "target"):
            g.add_edge(a, node(target), key="target", relation="target", **_attrs(date=date))
        for basis in iris(p, SVKG + "legalBasis"):
            g.add_edge(a, node(basis), key="legal_basis", relation="legal_basis")
        for requester in iris(p, SVKG + "requestedBy"):
            g.add_edge(a, node(requester), key="requested_by", relation="requested_by")
    for r in select_rows(store, MEMBERSHIP_EDGES):
        dates = _attrs(start=r["start"], end=r["end"])
        g.add_edge(node(r["member"]), node(r["organization"]), key=short_id(r["membership"]),
                   relation="member_of", **dates)
    for r in select_rows(store, ORG_EDGES):
        relation = "subsidiary_of" if r["p"].endswith("subsidiaryOf") else "sub_organization_of"
        g.add_edge(node(r["child"]), node(r["parent"]), key=relation, relation=relation)
    return g


def graphml_bytes(store: GraphStore) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(graph_projection(store), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()

