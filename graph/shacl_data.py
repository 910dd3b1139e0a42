"""The rdflib data graphs pySHACL validates, cut from a pyoxigraph store.

pySHACL works on rdflib graphs (some 3,000 triples a second here), so an import graph is not validated
with the whole core mixed in. Its data graph holds:

* the import's triples — all of them, or for a sampled import the neighbourhood of the sampled nodes:
  the triples into each node (the first `MAX_FAN_IN`), and the triples out of it and out of what it
  reaches, three hops deep;
* the ontology graph (class hierarchy and concept schemes, for `sh:class` and concept shapes);
* the description of every core node the import refers to, two hops deep (a curated state, body or
  instrument, and what that refers to), so references resolve exactly as in the full union.

Nodes pulled in only as context are validated too by pySHACL but their results are dropped: only the
import's own nodes (or the sample), and the nodes it refers to that no graph describes (a dangling
reference is the import's fault), are reported. (pySHACL's `focus_nodes` option cannot do this: it also
skips `sh:node` checks of value nodes outside the list, and tests membership in a list.)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import pyoxigraph as ox
import rdflib

Term = ox.NamedNode | ox.BlankNode | ox.Literal
MAX_FAN_IN = 50  # triples into a sampled node that are followed (a dataset node is the object of every claim)


def to_rdflib(term: Term) -> rdflib.term.Node:
    """A pyoxigraph term as an rdflib term (blank node ids are kept, so results map back)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"cannot validate an RDF-star triple term: {term}")


def node_id(term: Term | rdflib.term.Node) -> str:
    """How a focus node is named in reports: the IRI, or `_:id` for a blank node."""
    if isinstance(term, ox.BlankNode | rdflib.BNode):
        return f"_:{term.value if isinstance(term, ox.BlankNode) else term}"
    return term.value if isinstance(term, ox.NamedNode) else str(term)


def graph_from_store(store: ox.Store, graphs: Iterable[str],
                     into: rdflib.Graph | None = None) -> rdflib.Graph:
    """The union of some named graphs of a pyoxigraph store as one rdflib graph."""
    out = into if into is not None else rdflib.Graph()
    add = out.add
    for g in graphs:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g)):
            add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return out


def graph_size(store: ox.Store, graph: str) -> int:
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                       substitutions={ox.Variable("g"): ox.NamedNode(graph)})
    return sum(int(r["n"].value) for r in rows)


def subjects(store: ox.Store, graph: str) -> list[ox.NamedNode | ox.BlankNode]:
    rows = store.query("SELECT DISTINCT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } }",
                       substitutions={ox.Variable("g"): ox.NamedNode(graph)})
    return [r["s"] for r in rows]


def sample(store: ox.Store, graph: str, per_class: int) -> list[ox.NamedNode | ox.BlankNode]:
    """Up to `per_class` subjects of each class in the graph, evenly spaced in IRI order."""
    g = ox.NamedNode(graph)
    classes = {r["c"] for r in store.query("SELECT DISTINCT ?g ?c WHERE { GRAPH ?g { ?x a ?c } }",
                                           substitutions={ox.Variable("g"): g})}
    chosen: dict[str, ox.NamedNode | ox.BlankNode] = {}
    query = "SELECT DISTINCT ?g ?c ?s WHERE { GRAPH ?g { ?s a ?c } } ORDER BY ?s"
    for c in sorted(classes, key=str):
        rows = [r["s"] for r in store.query(query, substitutions={ox.Variable("g"): g, ox.Variable("c"): c})]
        step = max(1, -(-len(rows) // per_class))
        chosen.update((node_id(s), s) for s in rows[::step])
    return [chosen[k] for k in sorted(chosen)]


class ImportSlice:
    """The data graph of one import graph (see the module doc) and the nodes whose results count: the
    import's subjects (or the sample), plus any node it refers to that no graph describes (a dangling
    reference is the import's fault)."""

    def __init__(self, store: ox.Store, graph: str, ontology: rdflib.Graph, core_graphs: Iterable[str],
                 ontology_graph: str, focus: list[ox.NamedNode | ox.BlankNode] | None = None,
                 hops: int = 3) -> None:
        self.store = store
        self.graph = ox.NamedNode(graph)
        core = {ox.NamedNode(g) for g in core_graphs} - {ox.NamedNode(ontology_graph)}
        self.data = rdflib.Graph()
        self.data += ontology
        self._seen: set[tuple[str, str]] = set()
        if focus is None:
            nodes = subjects(store, graph)
            for q in store.quads_for_pattern(None, None, None, self.graph):
                self._add(q)
            own = set(nodes)
            refs = {q.object for q in store.quads_for_pattern(None, None, None, self.graph)
                    if isinstance(q.object, ox.NamedNode | ox.BlankNode) and q.object not in own}
        else:
            nodes = list(focus)
            frontier = set(focus)
            for node in focus:  # the triples pointing at each sampled node (claims about an action …)
                for q in itertools.islice(store.quads_for_pattern(None, None, node, self.graph), MAX_FAN_IN):
                    self._add(q)
                    frontier.add(q.subject)
            refs = self._walk(frontier, {self.graph}, hops)
        described = core | {ox.NamedNode(ontology_graph)}
        dangling = {r for r in refs if not self._described(r, described)}
        self.focus = {node_id(n) for n in nodes} | {node_id(r) for r in dangling}
        self._walk(refs - dangling, core, 2)

    def _add(self, q: ox.Quad) -> None:
        self.data.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))

    def _described(self, node: ox.NamedNode | ox.BlankNode, graphs: set[ox.NamedNode]) -> bool:
        return any(q.graph_name in graphs for q in self.store.quads_for_pattern(node, None, None, None))

    def _walk(self, start: set[ox.NamedNode | ox.BlankNode], graphs: set[ox.NamedNode],
              hops: int) -> set[ox.NamedNode | ox.BlankNode]:
        """Add the triples out of `start` (and onwards, `hops` deep) found in `graphs`; return the
        nodes reached that these graphs do not describe (references into other graphs)."""
        tag = "import" if graphs == {self.graph} else "core"
        frontier: set[ox.NamedNode | ox.BlankNode] = set(start)
        outside: set[ox.NamedNode | ox.BlankNode] = set()
        for _ in range(hops):
            nxt: set[ox.NamedNode | ox.BlankNode] = set()
            for node in frontier:
                key = (tag, node_id(node))
                if key in self._seen:
                    continue
                self._seen.add(key)
                found = False
                for q in self.store.quads_for_pattern(node, None, None, None):
                    if q.graph_name in graphs:
                        found = True
                        self._add(q)
                        if isinstance(q.object, ox.NamedNode | ox.BlankNode):
                            nxt.add(q.object)
                if not found:
                    outside.add(node)
            frontier = nxt
        return outside
