"""A vendor's timeline (with its subsidiaries) and an alliance's members on a date."""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox

from api.rest import models as m
from api.rest.actions import load_actions
from api.rest.entities import memberships, require
from api.rest.nodes import SVKG, Converter
from api.rest.queries import ALLIANCE_MEMBERSHIPS, ALLIANCE_MEMBERSHIPS_ON, VENDOR_ACTIONS, VENDOR_GROUP
from api.rest.search import name_index
from graph.store import GraphStore, select_rows

XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def vendor_timeline(store: GraphStore, vendor: ox.NamedNode) -> m.VendorTimeline:
    """Every action where the vendor or one of its subsidiaries (transitively) is target or actor."""
    require(store, vendor, "key", cls=SVKG + "Company", what="company")
    conv = Converter(name_index(store))
    group = sorted(r["company"] for r in select_rows(store, VENDOR_GROUP, {"vendor": vendor}))
    roles: dict[str, set[str]] = {}
    who: dict[str, set[str]] = {}
    for row in select_rows(store, VENDOR_ACTIONS, {"vendor": vendor}):
        roles.setdefault(row["action"], set()).add(row["role"])
        who.setdefault(row["action"], set()).add(row["who"])
    actions = sorted(load_actions(store, sorted(roles)), key=lambda a: (a.date or dt.date.max, a.id))
    items = [
        m.TimelineEntry(**action.model_dump(), roles=sorted(roles[action.iri]),  # type: ignore[arg-type]
                        concerning=conv.refs(sorted(who[action.iri])))
        for action in actions
    ]
    return m.VendorTimeline(vendor=conv.ref(vendor.value), subsidiaries=conv.refs(group),
                            count=len(items), items=items)


def alliance_members(store: GraphStore, alliance: ox.NamedNode, on: dt.date | None) -> m.AllianceMembers:
    """Members on `on` (start <= on and (no end or end > on)), or every membership when `on` is None."""
    require(store, alliance, "key", cls=SVKG + "Alliance", what="alliance")
    conv = Converter(name_index(store))
    if on is None:
        rows = select_rows(store, ALLIANCE_MEMBERSHIPS, {"alliance": alliance})
    else:
        on_literal = ox.Literal(on.isoformat(), datatype=XSD_DATE)
        rows = select_rows(store, ALLIANCE_MEMBERSHIPS_ON, {"alliance": alliance, "onParam": on_literal})
    found = memberships(store, conv, sorted({r["membership"] for r in rows}))
    found.sort(key=lambda x: ((x.member.label or x.member.id).casefold(), x.start or dt.date.min))
    return m.AllianceMembers(alliance=conv.ref(alliance.value), on=on, count=len(found), members=found)

