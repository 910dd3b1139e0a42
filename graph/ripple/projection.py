"""The networkx projection of the store: states, their dated and typed alliance ties, and the actions of
the chosen class taken by states against companies — read with SPARQL, user values entering only as
bindings.

The projection is a `networkx.MultiGraph` (nodes: states with `label`/`iso`; one edge per tie, keyed by
the alliance or dyad IRI, with `type`, `grouping`, `label`, `start`, `end`, `source`) plus the matching
actions (`ActionRecord`: date, adopting states, target companies, type, sources) and the ownership graph
used for the vendor closure. Everything downstream (cascades, the model, the API) works from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from graph.errors import NotFound
from graph.iris import GRAPH, ID, ONTOLOGY_GRAPH, concept, sparql_prefixes
from graph.ripple.definition import NOT_TAKEN, Definition
from graph.store.base import GraphStore

P = sparql_prefixes()
CURATED_PREFIX = GRAPH + "curated/"

Q_STATES = (
    P
    + """
SELECT ?state ?label ?iso WHERE {
  ?state a svkg:State .
  OPTIONAL { ?state rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "en") || LANG(?label) = "") }
  OPTIONAL { ?state svkg:isoAlpha2 ?iso }
}"""
)

Q_MEMBERSHIPS = (
    P
    + """
SELECT ?m ?alliance ?alabel ?atype ?member ?start ?end ?url WHERE {
  ?m a svkg:AllianceMembership ; org:organization ?alliance ; org:member ?member .
  ?alliance a svkg:Alliance .
  ?member a svkg:State .
  OPTIONAL { ?alliance svkg:allianceType ?atype }
  OPTIONAL { ?alliance rdfs:label ?alabel }
  OPTIONAL { ?m svkg:startDate ?start }
  OPTIONAL { ?m svkg:endDate ?end }
  OPTIONAL { ?m svkg:source/schema:url ?url }
}"""
)

Q_DYADS = (
    P
    + """
SELECT ?tie ?a ?b ?atype ?start ?end ?label WHERE {
  ?tie a svkg:DyadicTie ; svkg:party ?a, ?b ; svkg:allianceType ?atype .
  FILTER(STR(?a) < STR(?b))
  OPTIONAL { ?tie svkg:startDate ?start }
  OPTIONAL { ?tie svkg:endDate ?end }
  OPTIONAL { ?tie rdfs:label ?label }
}"""
)

# The action-type closure first, then one small indexed query per type (much faster in Oxigraph than one
# join over every action). Bound variables must be projected.
Q_TYPES = P + "SELECT ?class ?type WHERE { ?type skos:broader* ?class }"

Q_ACTIONS_OF_TYPE = (
    P
    + """
SELECT ?type ?action ?date ?actor ?target WHERE {
  ?action svkg:actionType ?type ; svkg:date ?date ; svkg:actor ?actor ; svkg:target ?target .
}"""
)

Q_INFO_OF_TYPE = (
    P
    + """
SELECT ?type ?action ?label ?status WHERE {
  ?action svkg:actionType ?type .
  OPTIONAL { ?action rdfs:label ?label }
  OPTIONAL { ?action svkg:currentStatus ?status }
}"""
)

Q_SOURCES_OF_TYPE = (
    P
    + """
SELECT ?type ?action ?url ?title WHERE {
  ?action svkg:actionType ?type .
  ?claim svkg:claimAbout ?action ; svkg:source ?src .
  ?src schema:url ?url .
  OPTIONAL { ?src dcterms:title ?title }
}"""
)

Q_ACTORS = (
    P
    + """
SELECT DISTINCT ?actor ?state WHERE {
  { ?actor a svkg:State . BIND(?actor AS ?state) }
  UNION
  { ?actor a svkg:GovernmentBody ; (org:subOrganizationOf|svkg:jurisdiction)+ ?state . ?state a svkg:State . }
}"""
)

Q_COMPANIES = P + "SELECT ?c WHERE { ?c a svkg:Company }"

Q_OWNERSHIP = (
    P
    + """
SELECT ?child ?parent ?kind WHERE {
  { ?child svkg:subsidiaryOf ?parent . BIND("subsidiary" AS ?kind) }
  UNION
  { ?child owl:sameAs ?parent . ?child a svkg:Company . ?parent a svkg:Company . BIND("same" AS ?kind) }
}"""
)

Q_LABELS = (
    P
    + """
SELECT ?x ?label WHERE {
  { ?x a svkg:Company ; rdfs:label ?label }
  UNION { ?x a svkg:Alliance ; rdfs:label ?label }
  UNION { ?x skos:inScheme ?scheme ; skos:prefLabel ?label .
          FILTER(?scheme IN (<https://w3id.org/svkg/vocab/action-type>,
                             <https://w3id.org/svkg/vocab/alliance-type>)) }
}"""
)

Q_TRIGGER = (
    P
    + """
SELECT ?trigger ?date ?type ?actor ?target WHERE {
  ?trigger svkg:date ?date ; svkg:actionType ?type .
  OPTIONAL { ?trigger svkg:actor ?actor }
  OPTIONAL { ?trigger svkg:target ?target }
}"""
)


@dataclass
class ActionRecord:
    iri: str
    date: dt.date
    type: str
    states: list[str]
    targets: list[str]
    label: str | None = None
    status: str | None = None
    sources: list[dict[str, str]] = field(default_factory=list)

    def evidence(self, labels: dict[str, str] | None = None) -> dict[str, object]:
        labels = labels or {}
        return {
            "action": self.iri,
            "date": self.date.isoformat(),
            "type": self.type,
            "type_label": labels.get(self.type),
            "label": self.label,
            "status": self.status,
            "states": self.states,
            "targets": self.targets,
            "sources": self.sources,
        }


@dataclass
class Trigger:
    iri: str
    date: dt.date
    type: str
    states: list[str]
    targets: list[str]


@dataclass
class Projection:
    definition: Definition
    graph: nx.MultiGraph
    actions: list[ActionRecord]
    ownership: nx.DiGraph  # child -> parent (subsidiaries), both ways for owl:sameAs
    labels: dict[str, str]
    as_of: dt.date

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or (iri[len(ID) :] if iri.startswith(ID) else iri)

    def vendor_group(self, vendors: list[str]) -> set[str]:
        """The vendors with (when the closure is on) every company owned by them or the same as them."""
        out: set[str] = set()
        for v in vendors:
            out.add(v)
            if self.definition.vendor_closure and v in self.ownership:
                out |= nx.ancestors(self.ownership, v)
        return out

    def vendor_root(self, company: str) -> str:
        """The top of a company's ownership tree (preferring a curated id:company/… IRI)."""
        if not self.definition.vendor_closure or company not in self.ownership:
            return company
        tops = [
            c
            for c in nx.descendants(self.ownership, company) | {company}
            if not any(
                self.ownership.edges[c, p]["kind"] == "subsidiary" for p in self.ownership.successors(c)
            )
        ]
        reach = set(tops)
        roots = sorted(reach, key=lambda c: (not c.startswith(ID + "company/"), c))
        return roots[0] if roots else company

    def actions_against(self, group: set[str]) -> list[ActionRecord]:
        return [a for a in self.actions if group.intersection(a.targets)]


_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"


def _value(t: object) -> object:
    """Plain values, cheaply: IRIs and strings as str, xsd:date as a date (rdflib is not needed here)."""
    if t is None:
        return None
    if isinstance(t, ox.Literal) and t.datatype.value == _XSD_DATE:
        try:
            return dt.date.fromisoformat(t.value)
        except ValueError:
            return None
    return t.value  # type: ignore[attr-defined]


def _rows(
    store: GraphStore, q: str, dataset: list[str] | None = None, **bindings: ox.NamedNode | ox.Literal
) -> list[dict[str, object]]:
    res = store.query(q, bindings=bindings or None, default_graph=dataset)
    if not isinstance(res, ox.QuerySolutions):
        raise TypeError("a SELECT query was expected")
    names = [v.value for v in res.variables]
    return [{n: _value(sol[n]) for n in names} for sol in res]


def action_dataset(store: GraphStore, d: Definition) -> list[str] | None:
    """The graphs actions are read from: the curated graphs (with the ontology) or everything."""
    if d.sources == "all":
        return None
    return [g for g in store.named_graphs() if g.startswith(CURATED_PREFIX) or g == ONTOLOGY_GRAPH]


def actor_states(store: GraphStore) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in _rows(store, Q_ACTORS):
        out[str(r["actor"])].append(str(r["state"]))
    return {k: sorted(set(v)) for k, v in out.items()}


def load_projection(store: GraphStore, definition: Definition | None = None) -> Projection:
    d = definition or Definition()
    labels: dict[str, str] = {}
    g = nx.MultiGraph()
    for r in _rows(store, Q_STATES):
        s = str(r["state"])
        if r["label"] and s not in labels:
            labels[s] = str(r["label"])
        g.add_node(s, label=labels.get(s, s), iso=r["iso"])
    for r in _rows(store, Q_LABELS):
        labels.setdefault(str(r["x"]), str(r["label"]))
    members: dict[str, list[tuple[str, dt.date | None, dt.date | None, str | None]]] = defaultdict(list)
    info: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    for r in _rows(store, Q_MEMBERSHIPS):
        if r["m"] in seen:
            continue
        seen.add(str(r["m"]))
        a = str(r["alliance"])
        members[a].append((str(r["member"]), r["start"], r["end"], r["url"]))  # type: ignore[arg-type]
        info[a] = (str(r["atype"] or a), str(r["alabel"] or a))
    for a, ms in sorted(members.items()):
        atype, alabel = info[a]
        kind = atype if d.tie_key == "type" else a
        for i, (s1, b1, e1, u1) in enumerate(ms):
            for s2, b2, e2, u2 in ms[i + 1 :]:
                if s1 == s2:
                    continue
                start = max((x for x in (b1, b2) if x), default=None)
                end = min((x for x in (e1, e2) if x), default=None)
                if start and end and end <= start:
                    continue
                g.add_edge(
                    s1,
                    s2,
                    key=a,
                    type=kind,
                    grouping=a,
                    label=alabel,
                    start=start,
                    end=end,
                    source=[x for x in (u1, u2) if x],
                )
    if d.include_dyadic:
        for r in _rows(store, Q_DYADS):
            kind = str(r["atype"]) if d.tie_key == "type" else str(r["tie"])
            g.add_edge(
                str(r["a"]),
                str(r["b"]),
                key=str(r["tie"]),
                type=kind,
                grouping=str(r["tie"]),
                label=str(r["label"] or r["tie"]),
                start=r["start"],
                end=r["end"],
                source=[],
            )
    actions = load_actions(store, d)
    acted = {s for a in actions for s in a.states}
    g.remove_nodes_from([n for n in list(g.nodes) if g.degree(n) == 0 and n not in acted])
    for s in sorted(acted - set(g.nodes)):
        g.add_node(s, label=labels.get(s, s), iso=None)
    own = nx.DiGraph()
    for r in _rows(store, Q_OWNERSHIP):
        c, p = str(r["child"]), str(r["parent"])
        own.add_edge(c, p, kind=r["kind"])
        if r["kind"] == "same":
            own.add_edge(p, c, kind="same")
    as_of = d.as_of or (max(a.date for a in actions) if actions else dt.date.today())
    return Projection(d, g, actions, own, labels, as_of)


def load_actions(store: GraphStore, d: Definition) -> list[ActionRecord]:
    """Every action of the class (type skos:broader* the class) by a state against a company."""
    dataset = action_dataset(store, d)
    states_of = actor_states(store)
    companies = {str(r["c"]) for r in _rows(store, Q_COMPANIES)}
    types = [
        str(r["type"]) for r in _rows(store, Q_TYPES, dataset, **{"class": ox.NamedNode(d.action_class)})
    ]
    by: dict[str, ActionRecord] = {}
    for t in types:
        node = ox.NamedNode(t)
        for r in _rows(store, Q_ACTIONS_OF_TYPE, dataset, type=node):
            states = states_of.get(str(r["actor"]), [])
            if str(r["target"]) not in companies or not states or not isinstance(r["date"], dt.date):
                continue
            iri = str(r["action"])
            a = by.get(iri)
            if a is None:
                a = by[iri] = ActionRecord(iri, r["date"], t, [], [])
            a.states = sorted(set(a.states) | set(states))
            if r["target"] not in a.targets:
                a.targets.append(str(r["target"]))
        for r in _rows(store, Q_INFO_OF_TYPE, dataset, type=node):
            a = by.get(str(r["action"]))
            if a is not None:
                a.label = a.label or (str(r["label"]) if r["label"] else None)
                a.status = a.status or (str(r["status"]) if r["status"] else None)
        for r in _rows(store, Q_SOURCES_OF_TYPE, dataset, type=node):
            a = by.get(str(r["action"]))
            if a is not None and all(x["url"] != r["url"] for x in a.sources):
                a.sources.append({"url": str(r["url"]), "title": str(r["title"]) if r["title"] else ""})
    if d.taken_only:
        skip = {concept("status", key) for key in NOT_TAKEN}
        by = {iri: a for iri, a in by.items() if a.status not in skip}
    out = sorted(by.values(), key=lambda a: (a.date, a.iri))
    for a in out:
        a.targets.sort()
        a.sources.sort(key=lambda x: x["url"])
    return out


def load_trigger(store: GraphStore, iri: str) -> Trigger:
    rows = _rows(store, Q_TRIGGER, trigger=ox.NamedNode(iri))
    if not rows:
        raise NotFound(f"trigger: no action {iri} with a date and an action type")
    states_of = actor_states(store)
    states = sorted({s for r in rows if r["actor"] for s in states_of.get(str(r["actor"]), [])})
    targets = sorted({str(r["target"]) for r in rows if r["target"]})
    if not states:
        raise NotFound(f"trigger: action {iri} has no actor that is a state or a body of one")
    r0 = rows[0]
    return Trigger(iri, r0["date"], str(r0["type"]), states, targets)  # type: ignore[arg-type]
