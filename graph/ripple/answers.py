"""The interactive answers — cascade, attribution, who is next, what-if — as JSON-ready dicts that the CLI
prints and the API returns. Every answer carries its parameters (the definition and the call's own) and
its evidence: the actions behind each adoption, with their dates and sources."""

from __future__ import annotations

import datetime as dt

from graph.ripple.attribution import BACKGROUND, attribute_cascade, cascade_tree, channel_shares, tree_summary
from graph.ripple.cascade import Adoption, Cascade, cascade_times, extract
from graph.ripple.data import to_date, to_t
from graph.ripple.definition import Definition, entity_iri, parse_date
from graph.ripple.projection import ActionRecord
from graph.ripple.service import Analysis, analysis
from graph.store.base import GraphStore


def _ref(a: Analysis, iri: str) -> dict[str, object]:
    node = a.projection.graph.nodes.get(iri, {})
    return {"id": iri, "label": a.projection.label(iri), "iso": node.get("iso")}


def _ev(a: Analysis, act: ActionRecord | None) -> dict[str, object] | None:
    return act.evidence(a.projection.labels) if act else None


def _ago(days: float) -> str:
    if days < 60:
        return f"{round(days)} days ago"
    if days < 730:
        return f"{round(days / 30.44)} months ago"
    return f"{days / 365.25:.1f} years ago"


def _groupings(a: Analysis, u: str, v: str, on: dt.date) -> list[dict[str, object]]:
    """The alliances (or dyads) tying u and v that were valid on `on`."""
    out = []
    for key, e in sorted((a.projection.graph.get_edge_data(u, v) or {}).items()):
        if (e.get("start") is None or e["start"] <= on) and (e.get("end") is None or on < e["end"]):
            out.append(
                {
                    "id": key,
                    "label": e.get("label", key),
                    "type": e["type"],
                    "type_label": a.projection.labels.get(e["type"], e["type"]),
                }
            )
    return out


def vendors_of(a: Analysis, vendor: str) -> list[str]:
    """Vendor names (`huawei`, `company/zte`, IRIs; comma-separated) as company IRIs known to the store."""
    out = []
    for v in vendor.split(","):
        iri = entity_iri(v.strip(), "company")
        if iri not in a.projection.labels and iri not in a.projection.ownership:
            raise LookupError(f"vendor: no company {iri} in the store")
        out.append(iri)
    return out


def state_of(a: Analysis, state: str) -> str:
    iri = entity_iri(state.strip(), "state")
    if iri not in a.network.index:
        raise LookupError(f"state: {iri} is not in the projection (no alliance tie and no matching action)")
    return iri


def _definition_for(d: Definition, include_pre_adopters: bool, t0: dt.date | None) -> Definition:
    """With pre-adopters included, adoption means the first matching action after the trigger, so the
    model is fitted on that definition too (recorded as `since`)."""
    return d.with_(since=t0) if include_pre_adopters and t0 else d


def _cascade(
    store: GraphStore,
    d: Definition,
    trigger: str | None,
    state: str | None,
    vendor: str | None,
    date: str | dt.date | None,
    window: str | None,
    include_pre_adopters: bool,
) -> tuple[Analysis, Cascade]:
    base = analysis(store, d)
    vendors = vendors_of(base, vendor) if vendor else None
    if trigger:
        iri = entity_iri(trigger, "action")
        act = next((x for x in base.projection.actions if x.iri == iri), None)
        if act is None:
            raise LookupError(
                f"trigger: {iri} is not an action of class {d.action_class} taken by a state "
                f"against a company in the {d.sources} sources"
            )
        a = analysis(store, _definition_for(d, include_pre_adopters, act.date))
        return a, extract(
            a.projection,
            trigger=act,
            vendors=vendors,
            window=window,
            include_pre_adopters=include_pre_adopters,
        )
    t0 = parse_date(date, "date")
    if not (state and vendors and t0):
        raise ValueError("give a trigger action, or a state, a vendor and a date")
    a = analysis(store, _definition_for(d, include_pre_adopters, t0))
    return a, extract(
        a.projection,
        trigger_state=state_of(a, state),
        t0=t0,
        vendors=vendors,
        window=window,
        include_pre_adopters=include_pre_adopters,
    )


def _adoption(a: Analysis, f: Adoption, earlier: list[tuple[str, dt.date]]) -> dict[str, object]:
    ties = []
    for s, when in earlier:
        g = _groupings(a, s, f.state, when)
        if g and when < f.date:
            ties.append(
                {
                    "state": _ref(a, s),
                    "acted": when.isoformat(),
                    "lag_days": (f.date - when).days,
                    "groupings": g,
                }
            )
    return {
        "state": _ref(a, f.state),
        "date": f.date.isoformat(),
        "lag_days": f.lag_days,
        "evidence": _ev(a, f.action),
        "acted_before": _ev(a, f.acted_before),
        "ties_to_earlier": ties,
    }


def cascade(
    store: GraphStore,
    d: Definition,
    *,
    trigger: str | None = None,
    state: str | None = None,
    vendor: str | None = None,
    date: str | dt.date | None = None,
    window: str | None = None,
    include_pre_adopters: bool = False,
) -> dict[str, object]:
    a, c = _cascade(store, d, trigger, state, vendor, date, window, include_pre_adopters)
    earlier = [(c.trigger_state, c.t0)] + [(p.state, p.date) for p in c.pre_adopters]
    followers = []
    for f in c.followers:
        followers.append(_adoption(a, f, earlier))
        earlier.append((f.state, f.date))
    return {
        "kind": "cascade",
        "parameters": {
            **a.definition.as_dict(),
            "trigger": c.trigger.iri if c.trigger else None,
            "vendors": c.vendors,
            "window": window or d.window,
            "include_pre_adopters": include_pre_adopters,
            "adoption_rule": (
                "first matching action after the trigger"
                if include_pre_adopters
                else a.definition.as_dict()["adoption_rule"]
            ),
        },
        "trigger": {
            "state": _ref(a, c.trigger_state),
            "date": c.t0.isoformat(),
            "evidence": _ev(a, c.trigger),
        },
        "vendors": [_ref(a, v) for v in c.vendors],
        "vendor_group": sorted(c.group),
        "window_end": c.end.isoformat(),
        "observed_until": c.observed_until.isoformat() if c.observed_until else None,
        "followers": followers,
        "pre_adopters": [
            {"state": _ref(a, p.state), "date": p.date.isoformat(), "evidence": _ev(a, p.action)}
            for p in c.pre_adopters
        ],
        "curve": c.curve(),
        "summary": {
            "n_followers": c.n_followers,
            "median_lag_days": c.median_lag,
            "t_to_k": {str(k): c.t_to_k(k) for k in (1, 3, 5, 10)},
        },
    }


def attribute(store: GraphStore, d: Definition, **kw: object) -> dict[str, object]:
    out = cascade(store, d, **kw)  # type: ignore[arg-type]
    a, c = _cascade(
        store,
        d,
        kw.get("trigger"),
        kw.get("state"),
        kw.get("vendor"),
        kw.get("date"),  # type: ignore[arg-type]
        kw.get("window"),
        bool(kw.get("include_pre_adopters")),
    )  # type: ignore[arg-type]
    net, fitted = a.network, a.fitted
    first = net.index[c.trigger_state]
    end = to_t(min(c.end, a.projection.as_of))
    attrs = attribute_cascade(net, a.edges, fitted.params, cascade_times(net, c), to_t(c.t0), end, first)
    by_state = {net.states[fa.v]: fa for fa in attrs}
    for f in out["followers"]:  # type: ignore[union-attr]
        fa = by_state.get(f["state"]["id"])
        if fa is None:
            continue
        f["sources"] = [
            {"source": "background", "responsibility": s.r}
            if s.u == BACKGROUND
            else {
                "source": "ally",
                "state": _ref(a, net.states[s.u]),
                "acted": to_date(s.t_u).isoformat(),
                "tie_type": {"id": net.types[s.k], "label": a.type_label(s.k)},
                "groupings": [{"id": g, "label": a.projection.label(g)} for g in net.via[s.row]],
                "responsibility": s.r,
            }
            for s in fa.sources
            if s.r > 1e-4
        ]
        top = fa.top_parent
        f["top_parent"] = None if top == BACKGROUND else _ref(a, net.states[top])
        f["top_parent_probability"] = fa.parent_probs()[top]
    tree = cascade_tree(attrs, first)
    summ = tree_summary(tree)
    out["kind"] = "attribution"
    out["channel_shares"] = {
        (a.type_label(net.types.index(k)) if k in net.types else k): v
        for k, v in channel_shares(attrs, net.types).items()
    }
    out["tree"] = {
        "nodes": [_ref(a, net.states[n]) for n in sorted(tree.nodes)],
        "edges": [
            {"from": net.states[u], "to": net.states[v], "probability": e["probability"]}
            for u, v, e in sorted(tree.edges(data=True))
        ],
        "waves": [[net.states[n] for n in w] for w in summ["waves"]],
        "longest_chain": [net.states[n] for n in summ["longest_chain"]],
    }
    out["model"] = fitted.summary()
    out["parameters"]["model_fit_on"] = "every vendor's cascade under the same definition"  # type: ignore[index]
    out["caveat"] = "Attribution is consistency with timing and ties, not proof of cause."
    return out
