"""The data quality report, as data: what the graph covers and where it is thin or disputed.

* **coverage** — actions per acting state (the actor itself when it is a state, else the actor's
  `svkg:jurisdiction`), per vendor (the companies actions target, an imported record counted under the
  curated entity it is `owl:sameAs` in the resolution graph), per year (of `svkg:date`) and per source
  graph (actions, claims and agents each graph holds);
* **single source** — actions whose claims cite fewer than two distinct sources (`svkg:source`);
* **contested** — subjects of claims (actions, allegations) with a claim asserting and a claim denying
  them (stances `asserts` and `denies`), or with conflicting statuses: a `denied` or `disputed` status
  beside any other, or two claims of the same date from different sources giving different statuses;
* **unresolved** — imported companies, organisations and people with no `owl:sameAs` link in the
  resolution graph and no manual decision naming them.

Totals are exact; the lists are cut at `limit` rows each (None: everything).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.iris import GRAPH, ID, RESOLUTION_GRAPH, VOCAB, sparql_prefixes
from graph.store import GraphStore

IMPORT_PREFIX = GRAPH + "import/"
CURATED_PREFIX = GRAPH + "curated/"
STANCE, STATUS = VOCAB + "stance/", VOCAB + "status/"
NEGATIVE_STATUSES = {"denied", "disputed"}
SVKG = "https://w3id.org/svkg/ontology#"
RECORD_KINDS = {SVKG + "Company": "company", SVKG + "Person": "person",
                "http://www.w3.org/ns/org#Organization": "organisation"}

Q_ACTIONS = """SELECT ?action ?g ?date WHERE { GRAPH ?g { ?action a svkg:Action }
  OPTIONAL { ?action svkg:date ?date } }"""
Q_ACTOR_STATES = """SELECT DISTINCT ?action ?state WHERE { ?action a svkg:Action ; svkg:actor ?actor .
  { ?actor a svkg:State . BIND(?actor AS ?state) } UNION { ?actor svkg:jurisdiction ?state } }"""
Q_TARGETS = "SELECT DISTINCT ?action ?target WHERE { ?action svkg:target ?target . ?target a svkg:Company }"
Q_CLAIMS = """SELECT ?claim ?g ?about ?source ?stance ?status ?date WHERE {
  GRAPH ?g { ?claim svkg:claimAbout ?about }
  OPTIONAL { ?claim svkg:source ?source } OPTIONAL { ?claim svkg:stance ?stance }
  OPTIONAL { ?claim svkg:status ?status } OPTIONAL { ?claim svkg:claimDate ?date } }"""
Q_AGENTS = """SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s a ?cls } VALUES ?cls { svkg:State
  svkg:GovernmentBody svkg:IntergovernmentalOrganization svkg:Company svkg:MediaOrganization svkg:Person
  svkg:UnnamedSource svkg:Alliance org:Organization } } GROUP BY ?g"""
Q_RECORDS = f"""SELECT ?s ?g ?cls WHERE {{ VALUES ?cls {{ svkg:Company svkg:Person org:Organization }}
  GRAPH ?g {{ ?s a ?cls }} FILTER(STRSTARTS(STR(?g), "{IMPORT_PREFIX}")) }}"""
Q_SAME_AS = f"SELECT ?a ?b WHERE {{ GRAPH <{RESOLUTION_GRAPH}> {{ ?a owl:sameAs ?b }} }}"
Q_LABEL = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } LIMIT 1"


def _rows(store: GraphStore, query: str, bindings: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    result = store.query(sparql_prefixes() + query, bindings=bindings)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    names = [v.value for v in result.variables]
    return [tuple(_value(sol[n]) for n in names) for sol in result]


def _value(term: Any) -> Any:
    if term is None:
        return None
    if isinstance(term, ox.Literal) and term.datatype is not None and term.datatype.value.endswith("#date"):
        try:
            return date.fromisoformat(term.value)
        except ValueError:
            return term.value
    return term.value


def graph_name(iri: str) -> str:
    return iri[len(GRAPH):] if iri.startswith(GRAPH) else iri


@dataclass
class QualityReport:
    generated_at: str
    limit: int | None
    totals: dict[str, int]
    coverage: dict[str, list[dict[str, Any]]]
    single_source: list[dict[str, Any]]
    single_source_per_graph: dict[str, int]
    contested: list[dict[str, Any]]
    unresolved: list[dict[str, Any]]
    unresolved_per_graph: dict[str, dict[str, int]]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "generated_at": self.generated_at, "limit": self.limit, "totals": self.totals,
            "coverage": self.coverage, "single_source": {"per_graph": self.single_source_per_graph,
                                                         "actions": self.single_source},
            "contested": self.contested,
            "unresolved": {"per_graph": self.unresolved_per_graph, "records": self.unresolved},
            "notes": self.notes,
        }

    def text_sections(self) -> list[tuple[str, list[tuple[Any, ...]]]]:
        """The report as titled tables (header row first) for a terminal."""
        t = self.totals
        out: list[tuple[str, list[tuple[Any, ...]]]] = [
            ("Totals", [("what", "count"), *sorted(t.items())]),
            ("Actions per acting state", [("state", "actions", "curated", "imported"),
                                          *[(r["label"], r["actions"], r["curated"], r["imported"])
                                            for r in self.coverage["state"]]]),
            ("Actions per vendor", [("vendor", "actions", "records", "graphs"),
                                    *[(r["label"], r["actions"], r["records"], ", ".join(r["graphs"]))
                                      for r in self.coverage["vendor"]]]),
            ("Actions per year", [("year", "actions", "curated", "imported"),
                                  *[(r["year"], r["actions"], r["curated"], r["imported"])
                                    for r in self.coverage["year"]]]),
            ("Per source graph", [("graph", "actions", "claims", "agents"),
                                  *[(r["graph"], r["actions"], r["claims"], r["agents"])
                                    for r in self.coverage["source"]]]),
            ("Actions lacking a second source (per graph)", [("graph", "actions"),
                                                             *self.single_source_per_graph.items()]),
            ("Contested facts", [("subject", "why", "claims"),
                                 *[(r["label"] or r["subject"], "; ".join(r["why"]), r["claims"])
                                   for r in self.contested]]),
            ("Unresolved imported records (per graph)", [("graph", "company", "organisation", "person"),
                                                          *[(g, c.get("company", 0), c.get("organisation", 0),
                                                             c.get("person", 0))
                                                            for g, c in self.unresolved_per_graph.items()]]),
        ]
        return out


def _cut(items: list[Any], limit: int | None) -> list[Any]:
    return items if limit is None else items[:limit]


def build_report(store: GraphStore, *, limit: int | None = 100, data_dir: Path | None = None,
                 decisions_path: Path | None = None) -> QualityReport:
    """Compute the report over `store` (see the module doc)."""
    from graph.resolve.apply import default_decisions_path
    from graph.resolve.decisions import load_decisions

    decisions = load_decisions(decisions_path or default_decisions_path(data_dir))
    labels = _Labels(store)
    actions: dict[str, tuple[str, date | None]] = {}  # action -> (first graph typing it, its date)
    for action, g, day in _rows(store, Q_ACTIONS):
        day = day if isinstance(day, date) else None
        prev = actions.get(action)
        actions[action] = (g, day) if prev is None else (min(g, prev[0]), prev[1] or day)
    claims = _rows(store, Q_CLAIMS)
    same_as = _rows(store, Q_SAME_AS)

    coverage = {
        "state": _per_state(store, actions, labels, limit),
        "vendor": _per_vendor(store, actions, same_as, labels, limit),
        "year": _per_year(actions),
        "source": _per_source(store, actions, claims),
    }
    single, single_per_graph = _single_source(actions, claims, labels, limit)
    contested = _contested(claims, labels)
    unresolved, unresolved_per_graph = _unresolved(store, same_as, decisions, labels, limit)
    totals = {
        "actions": len(actions),
        "claims": len({c[0] for c in claims}),
        "graphs": len(store.named_graphs()),
        "resolution_links": len(same_as),
        "single_source_actions": sum(single_per_graph.values()),
        "contested_subjects": len(contested),
        "unresolved_records": sum(sum(c.values()) for c in unresolved_per_graph.values()),
    }
    notes = [] if same_as else ["the store has no resolution graph: run `svkg resolve`"]
    return QualityReport(datetime.now(UTC).replace(microsecond=0).isoformat(), limit, totals, coverage,
                         single, single_per_graph, _cut(contested, limit), unresolved, unresolved_per_graph,
                         notes)


class _Labels:
    """rdfs:labels looked up one IRI at a time (bound, never pasted) and remembered."""

    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self.cache: dict[str, str | None] = {}

    def __call__(self, iri: str) -> str | None:
        if iri not in self.cache:
            rows = _rows(self.store, Q_LABEL, {"s": ox.NamedNode(iri)})
            self.cache[iri] = rows[0][1] if rows else None
        return self.cache[iri]


def _per_state(store: GraphStore, actions: dict[str, tuple[str, date | None]], labels: _Labels,
               limit: int | None) -> list[dict[str, Any]]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for action, state in _rows(store, Q_ACTOR_STATES):
        if action in actions:
            counts[state]["curated" if actions[action][0].startswith(CURATED_PREFIX) else "imported"] += 1
    rows = [{"state": s, "label": labels(s) or s, "actions": c["curated"] + c["imported"],
             "curated": c["curated"], "imported": c["imported"]} for s, c in counts.items()]
    return _cut(sorted(rows, key=lambda r: (-r["actions"], r["state"])), limit)


def _per_vendor(store: GraphStore, actions: dict[str, tuple[str, date | None]],
                same_as: list[tuple[Any, ...]], labels: _Labels, limit: int | None) -> list[dict[str, Any]]:
    canonical: dict[str, str] = {}
    for a, b in same_as:  # an imported record counts under the curated entity it is linked to
        if b.startswith(ID + "company/"):
            canonical[a] = b
        elif a.startswith(ID + "company/"):
            canonical[b] = a
    per: dict[str, dict[str, Any]] = {}
    for action, target in _rows(store, Q_TARGETS):
        if action not in actions:
            continue
        vendor = canonical.get(target, target)
        entry = per.setdefault(vendor, {"actions": set(), "records": set(), "graphs": set()})
        entry["actions"].add(action)
        entry["records"].add(target)
        entry["graphs"].add(graph_name(actions[action][0]))
    rows = [{"vendor": v, "label": labels(v) or v, "actions": len(e["actions"]), "records": len(e["records"]),
             "graphs": sorted(e["graphs"])} for v, e in per.items()]
    return _cut(sorted(rows, key=lambda r: (-r["actions"], r["vendor"])), limit)


def _per_year(actions: dict[str, tuple[str, date | None]]) -> list[dict[str, Any]]:
    counts: dict[int | None, Counter[str]] = defaultdict(Counter)
    for g, day in actions.values():
        counts[day.year if isinstance(day, date) else None][
            "curated" if g.startswith(CURATED_PREFIX) else "imported"] += 1
    return [{"year": y, "actions": c["curated"] + c["imported"], "curated": c["curated"],
             "imported": c["imported"]}
            for y, c in sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))]


def _per_source(store: GraphStore, actions: dict[str, tuple[str, date | None]],
                claims: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    acts = Counter(g for g, _ in actions.values())
    claim_graphs = Counter(g for _claim, g in {(c[0], c[1]) for c in claims})
    agents = {g: int(n) for g, n in _rows(store, Q_AGENTS)}
    graphs = sorted(set(acts) | set(claim_graphs) | set(agents))
    return [{"graph": graph_name(g), "actions": acts.get(g, 0), "claims": claim_graphs.get(g, 0),
             "agents": agents.get(g, 0)} for g in graphs]


def _single_source(actions: dict[str, tuple[str, date | None]], claims: list[tuple[Any, ...]],
                   labels: _Labels, limit: int | None) -> tuple[list[dict[str, Any]], dict[str, int]]:
    sources: dict[str, set[str]] = defaultdict(set)
    for _claim, _g, about, source, *_ in claims:
        if source is not None:
            sources[about].add(source)
    lacking = [(a, g, day) for a, (g, day) in actions.items() if len(sources.get(a, ())) < 2]
    per_graph = Counter(graph_name(g) for _a, g, _d in lacking)
    lacking.sort(key=lambda x: (not x[1].startswith(CURATED_PREFIX), x[1], -(x[2].toordinal() if x[2] else 0),
                                x[0]))
    items = [{"action": a, "label": labels(a), "graph": graph_name(g),
              "date": day.isoformat() if day else None, "sources": sorted(sources.get(a, ()))}
             for a, g, day in _cut(lacking, limit)]
    return items, dict(sorted(per_graph.items()))


def _contested(claims: list[tuple[Any, ...]], labels: _Labels) -> list[dict[str, Any]]:
    by_subject: dict[str, dict[str, tuple[Any, ...]]] = defaultdict(dict)
    for claim, g, about, source, stance, status, day in claims:
        by_subject[about].setdefault(claim, (g, source, stance, status, day))
    out = []
    for subject, cs in by_subject.items():
        stances = {s[len(STANCE):] for _g, _src, s, _st, _d in cs.values() if s and s.startswith(STANCE)}
        statuses = {st[len(STATUS):] for _g, _src, _s, st, _d in cs.values() if st and st.startswith(STATUS)}
        why = []
        if {"asserts", "denies"} <= stances:
            why.append("asserted and denied")
        negative = statuses & NEGATIVE_STATUSES
        if negative and statuses - negative:
            others = ", ".join(sorted(statuses - negative))
            why.append(f"statuses {', '.join(sorted(negative))} beside {others}")
        same_day: dict[Any, set[tuple[str, str]]] = defaultdict(set)
        for _g, src, _s, st, day in cs.values():
            if day is not None and st:
                same_day[day].add((st[len(STATUS):], src or ""))
        for day, pairs in sorted(same_day.items(), key=lambda kv: str(kv[0])):
            if len({s for s, _ in pairs}) > 1 and len({src for _, src in pairs}) > 1:
                why.append(f"different statuses on {day}: {', '.join(sorted({s for s, _ in pairs}))}")
        if why:
            graphs = sorted({graph_name(g) for g, *_ in cs.values()})
            out.append({"subject": subject, "label": labels(subject), "why": why, "claims": len(cs),
                        "stances": sorted(stances), "statuses": sorted(statuses), "graphs": graphs})
    return sorted(out, key=lambda r: r["subject"])


def _unresolved(store: GraphStore, same_as: list[tuple[Any, ...]], decisions: Any, labels: _Labels,
                limit: int | None) -> tuple[list[dict[str, Any]], dict[str, dict[str, int]]]:
    linked = {x for pair in same_as for x in pair}
    decided = set(decisions.by_id)
    records: dict[str, tuple[str, str]] = {}
    for s, g, cls in _rows(store, Q_RECORDS):
        kind = RECORD_KINDS[cls]
        if s not in records or kind == "person" or (kind == "company" and records[s][1] == "organisation"):
            records[s] = (g, kind)
    loose = sorted((g, kind, s) for s, (g, kind) in records.items() if s not in linked and s not in decided)
    per_graph: dict[str, dict[str, int]] = {}
    for g, kind, _s in loose:
        per_graph.setdefault(graph_name(g), {}).setdefault(kind, 0)
        per_graph[graph_name(g)][kind] += 1
    items = [{"record": s, "label": labels(s), "graph": graph_name(g), "kind": kind}
             for g, kind, s in _cut(loose, limit)]
    return items, per_graph
