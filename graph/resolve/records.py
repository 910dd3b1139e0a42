"""The records entity resolution compares, read from a store with SPARQL.

A record is a company, media outlet, person or (imported, untyped) organisation described in one curated
graph (`svkgg:curated/<stem>`) or one import graph (`svkgg:import/<dataset>`): its IRI, graph, classes,
label, aliases (with language tags), country (`svkg:headquarteredIn`, `svkg:nationality` or
`svkg:jurisdiction`, as an ISO alpha-2 code), external identifiers (`owl:sameAs` to IRIs outside svkg's
`id:` space, i.e. Wikidata) and parent (`svkg:subsidiaryOf`). Only facts from the record's own graph are
read, so an existing resolution graph never feeds back into a new resolution.

States need no resolution: every graph names a state by the same IRI, `id:state/<ISO2>`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pyoxigraph as ox

from graph.iris import GRAPH, ID, sparql_prefixes
from graph.store import GraphStore

CURATED_PREFIX = GRAPH + "curated/"
IMPORT_PREFIX = GRAPH + "import/"
SVKG_NS = "https://w3id.org/svkg/ontology#"
ORG_NS = "http://www.w3.org/ns/org#"
CLASS_KINDS = {
    SVKG_NS + "Company": "company",
    SVKG_NS + "MediaOrganization": "company",
    SVKG_NS + "Person": "person",
    ORG_NS + "Organization": "organisation",
}

_GRAPH_FILTER = f"""FILTER(STRSTARTS(STR(?g), "{CURATED_PREFIX}") || STRSTARTS(STR(?g), "{IMPORT_PREFIX}"))"""
_VALUES_CLASS = "VALUES ?cls { svkg:Company svkg:MediaOrganization svkg:Person org:Organization }"

Q_TYPES = sparql_prefixes() + f"""
SELECT ?s ?g ?cls WHERE {{
  {_VALUES_CLASS}
  GRAPH ?g {{ ?s a ?cls }}
  {_GRAPH_FILTER}
}}"""

# names and facts are read with simple patterns and joined to the typed records in Python: asking the
# store to join them costs several times more
Q_NAMES = sparql_prefixes() + f"""
SELECT ?s ?g ?p ?name WHERE {{
  VALUES ?p {{ rdfs:label skos:altLabel }}
  GRAPH ?g {{ ?s ?p ?name }}
  {_GRAPH_FILTER}
}}"""

Q_FACTS = sparql_prefixes() + f"""
SELECT ?s ?g ?p ?o WHERE {{
  VALUES ?p {{ svkg:headquarteredIn svkg:nationality svkg:jurisdiction owl:sameAs svkg:subsidiaryOf }}
  GRAPH ?g {{ ?s ?p ?o }}
  {_GRAPH_FILTER}
}}"""

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
SUBSIDIARY_OF = SVKG_NS + "subsidiaryOf"
STATE_PREFIX = ID + "state/"


@dataclass
class Record:
    """One candidate for resolution."""

    iri: str
    graph: str
    kind: str  # "company" | "person" | "organisation"
    classes: set[str] = field(default_factory=set)
    label: str = ""
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (alias, language tag)
    country: str | None = None  # ISO 3166-1 alpha-2
    identifiers: set[str] = field(default_factory=set)  # external IRIs (wd:Q…)
    parent: str | None = None

    @cached_property
    def curated(self) -> bool:
        return self.graph.startswith(CURATED_PREFIX)

    @cached_property
    def source(self) -> str:
        """The graph's short name: `curated/entities`, `import/dod-1260h`."""
        return self.graph[len(GRAPH):] if self.graph.startswith(GRAPH) else self.graph

    @cached_property
    def dataset(self) -> str:
        """`curated` for every curated graph, else the import's dataset name."""
        return "curated" if self.curated else self.source.split("/", 1)[-1]

    @cached_property
    def names(self) -> list[tuple[str, bool]]:
        """Every name with whether it is the label, label first."""
        out = [(self.label, True)] if self.label else []
        seen = {self.label}
        for alias, _lang in self.aliases:
            if alias not in seen:
                seen.add(alias)
                out.append((alias, False))
        return out


def _kind(classes: set[str]) -> str:
    kinds = {CLASS_KINDS[c] for c in classes if c in CLASS_KINDS}
    if "person" in kinds:
        return "person"
    return "company" if "company" in kinds else "organisation"


def _solutions(store: GraphStore, query: str) -> Iterator[tuple[Any, ...]]:
    """The solutions of a SELECT as tuples of pyoxigraph terms (None when unbound), in projection order."""
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("expected a SELECT query")
    names = [v.value for v in result.variables]
    for sol in result:
        yield tuple(sol[n] for n in names)


def read_records(store: GraphStore) -> list[Record]:
    """Every company, outlet, person and imported organisation of the curated and import graphs, in IRI
    order. A thing described in two graphs is two records (one per graph)."""
    classes: dict[tuple[str, str], set[str]] = defaultdict(set)
    for s, g, cls in _solutions(store, Q_TYPES):
        if isinstance(s, ox.NamedNode):
            classes[(s.value, g.value)].add(cls.value)
    records = {key: Record(key[0], key[1], _kind(cls), cls) for key, cls in classes.items()}
    for s, g, p, name in _solutions(store, Q_NAMES):
        rec = records.get((s.value, g.value))
        if rec is None or not isinstance(name, ox.Literal):
            continue
        lang = name.language or ""
        if p.value == RDFS_LABEL and (not rec.label or lang in ("en", "")):
            if rec.label and rec.label != name.value:
                rec.aliases.append((rec.label, "en"))
            rec.label = name.value
        else:
            rec.aliases.append((name.value, lang))
    for s, g, p, obj in _solutions(store, Q_FACTS):
        rec = records.get((s.value, g.value))
        if rec is None or not isinstance(obj, ox.NamedNode):
            continue
        if p.value == OWL_SAME_AS:
            if not obj.value.startswith(ID):
                rec.identifiers.add(obj.value)
        elif p.value == SUBSIDIARY_OF:
            rec.parent = obj.value
        elif obj.value.startswith(STATE_PREFIX):
            rec.country = obj.value[len(STATE_PREFIX):]
    out = sorted(records.values(), key=lambda r: (r.iri, r.graph))
    for rec in out:
        rec.aliases.sort()
    return out
