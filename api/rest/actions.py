"""Actions as the API shows them: each with its actor, targets, type (and broader types), dates, legal
basis, current status, the claims made about it and their sources; and the filtered, paged listing."""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass

import pyoxigraph as ox

from api.rest import models as m
from api.rest.nodes import SVKG, Converter, Props, a_date, describe, first_iri, iris, python_value, text
from api.rest.queries import BROADER, CLAIMS_ABOUT, action_ids_query, with_values
from api.rest.refs import concept_key, short_id
from api.rest.search import name_index
from graph.store import EmbeddedStore, GraphStore

DCTERMS_DESCRIPTION = "http://purl.org/dc/terms/description"


def _sort_key(iri: str, date: dt.date | None) -> tuple[dt.date, str]:
    return (date or dt.date.max, short_id(iri))


def _query_rows(store: GraphStore, sparql: str, nodes: list[ox.NamedNode],
                var: str) -> list[ox.QuerySolution]:
    out: list[ox.QuerySolution] = []
    for i in range(0, len(nodes), 400):
        result = store.query(with_values(sparql, var, nodes[i:i + 400]))
        assert isinstance(result, ox.QuerySolutions)
        out.extend(result)
    return out


def _broader_chains(store: GraphStore, types: set[str]) -> dict[str, list[str]]:
    """Each type with every broader type, nearest first (the SKOS hierarchy may be a polyhierarchy)."""
    if not types:
        return {}
    parents: dict[str, list[str]] = {}
    for row in _query_rows(store, BROADER, [ox.NamedNode(t) for t in sorted(types)], "start"):
        parents.setdefault(row["narrower"].value, []).append(row["broader"].value)
    chains: dict[str, list[str]] = {}
    for t in types:
        seen, frontier = [t], [t]
        while frontier:
            nxt = []
            for node in frontier:
                for parent in sorted(parents.get(node, [])):
                    if parent not in seen:
                        seen.append(parent)
                        nxt.append(parent)
            frontier = nxt
        chains[t] = seen
    return chains


def load_actions(store: GraphStore, action_iris: list[str]) -> list[m.Action]:
    """The actions named, in the order given, with claims and sources (five queries whatever the count)."""
    if not action_iris:
        return []
    conv = Converter(name_index(store))
    props = describe(store, action_iris)
    claims_of: dict[str, list[str]] = {}
    for row in _query_rows(store, CLAIMS_ABOUT, [ox.NamedNode(a) for a in action_iris], "about"):
        claims_of.setdefault(row["about"].value, []).append(row["claim"].value)
    claim_props = describe(store, [c for cs in claims_of.values() for c in cs])
    source_iris = [s for p in claim_props.values() for s in iris(p, SVKG + "source")]
    source_iris += [s for p in props.values() for s in iris(p, SVKG + "source")]
    source_props = describe(store, source_iris)
    types = {t for p in props.values() for t in iris(p, SVKG + "actionType")}
    chains = _broader_chains(store, types)
    sources = {s: conv.source(s, p) for s, p in source_props.items()}
    return [
        _action(conv, iri, props[iri], claims_of.get(iri, []), claim_props, sources, chains)
        for iri in action_iris
    ]


def _claim(conv: Converter, iri: str, p: Props, sources: Mapping[str, m.Source]) -> m.Claim:
    def ref(pred: str) -> m.Ref | None:
        value = first_iri(p, SVKG + pred)
        return conv.ref(value) if value else None

    source = first_iri(p, SVKG + "source")
    return m.Claim(
        id=short_id(iri), iri=iri,
        status=conv.concept(first_iri(p, SVKG + "status")),
        stance=conv.concept(first_iri(p, SVKG + "stance")),
        asserted_by=ref("assertedBy"), reported_by=ref("reportedBy"),
        source=sources.get(source) if source else None,
        date=a_date(p, SVKG + "claimDate"),
        quote=text(p, SVKG + "quote"), status_note=text(p, SVKG + "statusNote"),
        verification=conv.concept(first_iri(p, SVKG + "verification")),
    )


def _action(conv: Converter, iri: str, p: Props, claim_iris: list[str], claim_props: Mapping[str, Props],
            sources: Mapping[str, m.Source], chains: Mapping[str, list[str]]) -> m.Action:
    claims = [_claim(conv, c, claim_props.get(c, {}), sources) for c in claim_iris]
    claims.sort(key=lambda c: (c.date or dt.date.max, c.id))
    cited = [c.source for c in claims if c.source] + [
        sources[s] for s in iris(p, SVKG + "source") if s in sources]
    action_type = first_iri(p, SVKG + "actionType")
    actor = first_iri(p, SVKG + "actor")
    precision = first_iri(p, SVKG + "datePrecision")

    def refs(pred: str) -> list[m.Ref]:
        return sorted(conv.refs(iris(p, SVKG + pred)), key=lambda r: r.id)

    return m.Action(
        id=short_id(iri), iri=iri,
        date=a_date(p, SVKG + "date"), date_precision=concept_key(precision) if precision else None,
        announced_date=a_date(p, SVKG + "announcedDate"), effective_date=a_date(p, SVKG + "effectiveDate"),
        end_date=a_date(p, SVKG + "endDate"),
        actor=conv.ref(actor) if actor else None, targets=refs("target"),
        target_note=text(p, SVKG + "targetNote"),
        type=conv.concept(action_type),
        types=[concept_key(t) for t in chains.get(action_type, [])] if action_type else [],
        cameo_code=text(p, SVKG + "cameoCode"), scope=text(p, SVKG + "scope"),
        scope_category=conv.concept(first_iri(p, SVKG + "scopeCategory")),
        legal_basis=refs("legalBasis"),
        status=conv.concept(first_iri(p, SVKG + "currentStatus")),
        requested_by=refs("requestedBy"), responds_to=refs("respondsTo"), reverses=refs("reverses"),
        supersedes=refs("supersedes"), related=refs("relatedTo"),
        location=text(p, SVKG + "location"), description=text(p, DCTERMS_DESCRIPTION),
        claims=claims, sources=list({s.iri: s for s in cited}.values()),
    )


@dataclass(frozen=True)
class ActionFilters:
    """The bound values of the /api/actions filters (None = not filtering on it)."""

    actor: ox.NamedNode | None = None
    target: ox.NamedNode | None = None
    type: ox.NamedNode | None = None
    scope: ox.NamedNode | None = None
    status: ox.NamedNode | None = None
    alliance: ox.NamedNode | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def bindings(self) -> dict[str, ox.NamedNode | ox.Literal]:
        out: dict[str, ox.NamedNode | ox.Literal] = {}
        for name in ("actor", "target", "type", "scope", "status", "alliance"):
            value = getattr(self, name)
            if value is not None:
                out[f"{name}Param"] = value
        xsd_date = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
        if self.date_from is not None:
            out["fromParam"] = ox.Literal(self.date_from.isoformat(), datatype=xsd_date)
        if self.date_to is not None:
            out["toParam"] = ox.Literal(self.date_to.isoformat(), datatype=xsd_date)
        return out


_RECENT = 32
_recent: weakref.WeakKeyDictionary[GraphStore, OrderedDict[ActionFilters, list[str]]] = \
    weakref.WeakKeyDictionary()
_recent_lock = threading.Lock()


def matching_actions(store: GraphStore, filters: ActionFilters) -> list[str]:
    """IRIs of the actions passing every filter, ordered by (date, id); undated actions last. The last
    few answers are kept per read-only store handle (which never changes), so paging does not re-query."""
    frozen = isinstance(store, EmbeddedStore) and store.read_only
    if frozen:
        with _recent_lock:
            cached = _recent.get(store, OrderedDict()).get(filters)
        if cached is not None:
            return cached
    found = _query_matching(store, filters)
    if frozen:
        with _recent_lock:
            recent = _recent.setdefault(store, OrderedDict())
            recent[filters] = found
            while len(recent) > _RECENT:
                recent.popitem(last=False)
    return found


def _query_matching(store: GraphStore, filters: ActionFilters) -> list[str]:
    bindings = filters.bindings()
    sparql = action_ids_query(name.removesuffix("Param") for name in bindings)
    result = store.query(sparql, bindings=bindings)
    assert isinstance(result, ox.QuerySolutions)
    dates: dict[str, dt.date | None] = {}
    for sol in result:
        iri = sol["action"].value
        value = sol["date"]
        day = python_value(value) if isinstance(value, ox.Literal) else None
        day = day if isinstance(day, dt.date) else None
        if iri not in dates or (day and (dates[iri] is None or day < dates[iri])):  # type: ignore[operator]
            dates[iri] = day
    return sorted(dates, key=lambda a: _sort_key(a, dates[a]))
