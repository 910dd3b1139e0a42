"""One entity as JSON: names, identifiers, organisational links, memberships, the actions where it is
actor, target or requester (with their claims and sources), allegations, and everything else it says."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from api.rest import models as m
from api.rest.actions import load_actions
from api.rest.errors import UnknownId
from api.rest.nodes import RDF_TYPE, SVKG, Converter, Props, a_date, describe, first_iri, iris
from api.rest.queries import ENTITY_EXISTS, ENTITY_IN, IS_A
from api.rest.refs import concept_key, curie, kind_of, short_id
from api.rest.search import ALT_LABEL, RDFS_LABEL, name_index
from graph.store import GraphStore

ORG = "http://www.w3.org/ns/org#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
DESCRIPTION = "http://purl.org/dc/terms/description"
IDENTIFIERS = [SVKG + "isoAlpha2", SVKG + "isoAlpha3", SVKG + "cowCode", OWL_SAME_AS]
SHOWN = {RDFS_LABEL, ALT_LABEL, RDF_TYPE, DESCRIPTION, SVKG + "headquarteredIn", SVKG + "subsidiaryOf",
         ORG + "subOrganizationOf", *IDENTIFIERS}


def require(store: GraphStore, node: ox.NamedNode, parameter: str | None = None,
            cls: str | None = None, what: str = "entity") -> None:
    """404 (naming the id) unless `node` is in the graph (and, with `cls`, an instance of that class)."""
    if cls is None:
        found = bool(store.query(ENTITY_EXISTS, bindings={"entity": node}))
    else:
        found = bool(store.query(IS_A, bindings={"entity": node, "class": ox.NamedNode(cls)}))
    if not found:
        raise UnknownId(short_id(node.value), parameter, what)


def memberships(store: GraphStore, conv: Converter, membership_iris: list[str]) -> list[m.Membership]:
    props = describe(store, membership_iris)
    source_props = describe(store, [s for p in props.values() for s in iris(p, SVKG + "source")])
    out = []
    for iri, p in props.items():
        member, org = first_iri(p, ORG + "member"), first_iri(p, ORG + "organization")
        if not member or not org:
            continue
        precision = first_iri(p, SVKG + "startPrecision")
        out.append(m.Membership(
            id=short_id(iri), iri=iri, member=conv.ref(member), organization=conv.ref(org),
            role=conv.concept(first_iri(p, ORG + "role")),
            start=a_date(p, SVKG + "startDate"), end=a_date(p, SVKG + "endDate"),
            start_precision=concept_key(precision) if precision else None,
            sources=[conv.source(s, source_props[s]) for s in iris(p, SVKG + "source")],
        ))
    out.sort(key=lambda x: (x.start or dt.date.min, x.organization.id, x.member.id))
    return out


def load_entity(store: GraphStore, node: ox.NamedNode) -> m.Entity:
    require(store, node, "key")
    iri = node.value
    conv = Converter(name_index(store))
    own: Props = describe(store, [iri])[iri]
    incoming: dict[str, list[str]] = {}
    result = store.query(ENTITY_IN, bindings={"entity": node})
    assert isinstance(result, ox.QuerySolutions)
    for sol in result:
        incoming.setdefault(sol["p"].value, []).append(sol["s"].value)

    def inc(*preds: str) -> list[str]:
        return sorted({s for p in preds for s in incoming.get(p, [])})

    actor_of, target_of = inc(SVKG + "actor"), inc(SVKG + "target")
    requested = inc(SVKG + "requestedBy")
    is_action = SVKG + "Action" in iris(own, RDF_TYPE)
    actions = {a.iri: a for a in load_actions(store, list({*actor_of, *target_of, *requested}
                                                               | ({iri} if is_action else set())))}

    def dated(selected: list[str]) -> list[m.Action]:
        return sorted((actions[a] for a in selected), key=lambda a: (a.date or dt.date.max, a.id))

    as_member = memberships(store, conv, inc(ORG + "member"))
    as_org = memberships(store, conv, inc(ORG + "organization"))
    aliases = [m.Label(value=t.value, lang=t.language or None)
               for t in own.get(ALT_LABEL, []) if isinstance(t, ox.Literal)]
    labels = [t for t in own.get(RDFS_LABEL, []) if isinstance(t, ox.Literal)]
    aliases += [m.Label(value=t.value, lang=t.language or None) for t in labels[1:]]
    identifiers = {curie(p): [str(t.value) for t in own.get(p, [])] for p in IDENTIFIERS if own.get(p)}
    properties = {curie(p): [conv.value(t) for t in terms] for p, terms in own.items() if p not in SHOWN}
    cited = [s for a in actions.values() for s in a.sources] + [s for ms in (as_member, as_org)
                                                                for x in ms for s in x.sources]
    description = next((t.value for t in own.get(DESCRIPTION, []) if isinstance(t, ox.Literal)), None)
    return m.Entity(
        id=short_id(iri), iri=iri, kind=kind_of(iri) or "", label=conv.index.label(iri),
        types=sorted(curie(t) for t in iris(own, RDF_TYPE)),
        aliases=aliases, description=description, identifiers=identifiers,
        headquartered_in=conv.refs(iris(own, SVKG + "headquarteredIn")),
        parents=conv.refs(iris(own, SVKG + "subsidiaryOf")),
        subsidiaries=conv.refs(inc(SVKG + "subsidiaryOf")),
        part_of=conv.refs(iris(own, ORG + "subOrganizationOf")),
        sub_organizations=conv.refs(inc(ORG + "subOrganizationOf")),
        memberships=as_member, members=as_org,
        actions_as_actor=dated(actor_of), actions_as_target=dated(target_of),
        actions_requested=dated(requested),
        allegations=conv.refs(inc(SVKG + "allegationAgainst", SVKG + "allegedBy")),
        action=actions.get(iri) if is_action else None,
        properties=properties,
        sources=sorted({s.iri: s for s in cited}.values(), key=lambda s: (s.issued or dt.date.max, s.id)),
    )
