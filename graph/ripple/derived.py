"""Derived facts: the 'followed' links, written into their own named graph with their provenance.

For every vendor's cascade under a definition, each follower's attribution is turned into one
`svkg:FollowedLink` per earlier-acting ally whose responsibility reaches `min_probability`:

    link a svkg:FollowedLink ; svkg:leader ?ally ; svkg:follower ?state ; svkg:vendor ?company ;
         svkg:leaderAction ?a1 ; svkg:followerAction ?a2 ; svkg:viaAlliance ?alliance ;
         svkg:lagDays 116 ; svkg:attributionProbability 0.5 ; prov:wasGeneratedBy ?run .
    run  a svkg:RippleRun ; svkg:runParameters "{…json…}" ; prov:startedAtTime "…"^^xsd:dateTime .

in `https://w3id.org/svkg/graph/derived/ripple`, so analysts can query them with SPARQL. The run's IRI is
a hash of its parameters and of the data it saw, so the same run writes the same IRIs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pyoxigraph as ox

from graph.iris import ID, PREFIXES, RIPPLE_GRAPH
from graph.ripple.attribution import BACKGROUND, attribute_cascade
from graph.ripple.cascade import first_actions
from graph.ripple.data import to_date
from graph.ripple.definition import Definition
from graph.ripple.service import analysis
from graph.store.base import GraphStore

SVKG = PREFIXES["svkg"]
PROV = PREFIXES["prov"]
XSD = PREFIXES["xsd"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
RDFS_LABEL = ox.NamedNode(PREFIXES["rdfs"] + "label")


def _n(local: str, ns: str = SVKG) -> ox.NamedNode:
    return ox.NamedNode(ns + local)


def _slug(iri: str) -> str:
    tail = iri[len(ID) :] if iri.startswith(ID) else iri
    return re.sub(r"[^A-Za-z0-9]+", "-", tail).strip("-").lower()


def write_followed(
    store: GraphStore,
    d: Definition,
    *,
    min_probability: float = 0.05,
    replace: bool = True,
    started: dt.datetime | None = None,
) -> dict[str, object]:
    a = analysis(store, d)
    net, edges, fitted = a.network, a.edges, a.fitted
    cas, meta = a.cascades
    params = {
        **d.as_dict(),
        "min_probability": min_probability,
        "model": {"alpha": fitted.params.summary()["alpha"], "beta_per_year": fitted.params.beta},
    }
    digest = hashlib.sha256(
        json.dumps(
            {"p": params, "actions": [x.iri for x in a.projection.actions]}, sort_keys=True, default=str
        ).encode()
    ).hexdigest()[:16]
    run = ox.NamedNode(f"{ID}ripple/run/{digest}")
    g = ox.NamedNode(RIPPLE_GRAPH)
    started = started or dt.datetime.now(dt.UTC)
    quads = [
        ox.Quad(run, RDF_TYPE, _n("RippleRun"), g),
        ox.Quad(run, RDFS_LABEL, ox.Literal(f"Ripple run {digest}", language="en"), g),
        ox.Quad(run, _n("runParameters"), ox.Literal(json.dumps(params, sort_keys=True, default=str)), g),
        ox.Quad(
            run,
            _n("startedAtTime", PROV),
            ox.Literal(started.replace(microsecond=0).isoformat(), datatype=ox.NamedNode(XSD + "dateTime")),
            g,
        ),
    ]
    links = 0
    for c, m in enumerate(meta):
        vendor = str(m["vendor"])
        firsts = first_actions(
            a.projection.actions_against(a.projection.vendor_group([vendor])), since=d.since
        )
        attrs = attribute_cascade(
            net, edges, fitted.params, cas.times[c], float(cas.start[c]), float(cas.end[c]), int(cas.first[c])
        )
        for fa in attrs:
            follower = net.states[fa.v]
            by_leader: dict[int, tuple[float, set[str]]] = {}
            for s in fa.sources:
                if s.u == BACKGROUND:
                    continue
                r, groups = by_leader.get(s.u, (0.0, set()))
                by_leader[s.u] = (r + s.r, groups | set(net.via[s.row]))
            for u, (r, groups) in sorted(by_leader.items()):
                if r < min_probability:
                    continue
                leader = net.states[u]
                la, fa_act = firsts.get(leader), firsts.get(follower)
                link = ox.NamedNode(
                    f"{ID}ripple/followed/{digest}/{_slug(vendor)}/{_slug(leader)}--{_slug(follower)}"
                )
                lag = (to_date(fa.t_v) - to_date(float(cas.times[c, u]))).days
                label = (
                    f"{a.projection.label(follower)} followed {a.projection.label(leader)} against "
                    f"{a.projection.label(vendor)} (+{lag} days, p = {r:.2f})"
                )
                quads += [
                    ox.Quad(link, RDF_TYPE, _n("FollowedLink"), g),
                    ox.Quad(link, RDFS_LABEL, ox.Literal(label, language="en"), g),
                    ox.Quad(link, _n("leader"), ox.NamedNode(leader), g),
                    ox.Quad(link, _n("follower"), ox.NamedNode(follower), g),
                    ox.Quad(link, _n("vendor"), ox.NamedNode(vendor), g),
                    ox.Quad(
                        link,
                        _n("lagDays"),
                        ox.Literal(str(max(lag, 0)), datatype=ox.NamedNode(XSD + "integer")),
                        g,
                    ),
                    ox.Quad(
                        link,
                        _n("attributionProbability"),
                        ox.Literal(
                            repr(round(min(max(r, 0.0), 1.0), 6)), datatype=ox.NamedNode(XSD + "double")
                        ),
                        g,
                    ),
                    ox.Quad(link, _n("wasGeneratedBy", PROV), run, g),
                ]
                if la:
                    quads.append(ox.Quad(link, _n("leaderAction"), ox.NamedNode(la.iri), g))
                if fa_act:
                    quads.append(ox.Quad(link, _n("followerAction"), ox.NamedNode(fa_act.iri), g))
                for grp in sorted(groups):
                    if grp.startswith(ID + "alliance/"):
                        quads.append(ox.Quad(link, _n("viaAlliance"), ox.NamedNode(grp), g))
                links += 1
    if replace:
        store.clear_graph(RIPPLE_GRAPH)
    store.load(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), "application/n-quads", None)
    return {
        "kind": "derived",
        "graph": RIPPLE_GRAPH,
        "run": run.value,
        "links": links,
        "cascades": len(meta),
        "parameters": params,
    }
