"""The interactive answers — cascade, attribution, who is next, what-if — as JSON-ready dicts that the CLI
prints and the API returns. Every answer carries its parameters (the definition and the call's own) and
its evidence: the actions behind each adoption, with their dates and sources."""

from __future__ import annotations

import datetime as dt

import numpy as np

from graph.ripple.attribution import BACKGROUND, attribute_cascade, cascade_tree, channel_shares, tree_summary
from graph.ripple.cascade import Adoption, Cascade, cascade_times, extract, first_actions
from graph.ripple.data import parse_duration, to_date, to_t
from graph.ripple.definition import Definition, entity_iri, parse_date
from graph.ripple.forecast import closed_form, monte_carlo
from graph.ripple.projection import ActionRecord
from graph.ripple.service import Analysis, analysis
from graph.ripple.simulate import PARENT_BACKGROUND
from graph.ripple.whatif import what_if as simulate_what_if
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
    vendors = [entity_iri(v, "company") for v in vendor.split(",")] if vendor else None
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
        trigger_state=entity_iri(state, "state"),
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


def _known_times(a: Analysis, vendors: list[str], at: dt.date) -> tuple[np.ndarray, dict[str, ActionRecord]]:
    group = a.projection.vendor_group(vendors)
    firsts = first_actions(a.projection.actions_against(group), since=a.definition.since)
    known = {s: x for s, x in firsts.items() if x.date <= at and s in a.network.index}
    times = np.full(a.network.n, np.inf)
    for s, x in known.items():
        times[a.network.index[s]] = to_t(x.date)
    return times, known


def who_is_next(
    store: GraphStore,
    d: Definition,
    *,
    vendor: str,
    at: str | dt.date | None = None,
    horizon: str = "2Y",
    method: str = "closed_form",
    runs: int = 1000,
    top: int | None = None,
    seed: int = 0,
) -> dict[str, object]:
    if method not in ("closed_form", "mc"):
        raise ValueError("method must be closed_form or mc")
    a = analysis(store, d)
    vendors = [entity_iri(v, "company") for v in vendor.split(",")]
    when = parse_date(at, "at") or a.projection.as_of
    h = parse_duration(horizon)
    times, known = _known_times(a, vendors, when)
    net, params = a.network, a.fitted.params
    t = to_t(when)
    fc = closed_form(a.edges, params, times, t, h, explain=3)
    p_mc = monte_carlo(a.edges, params, times, t, h, runs=runs, seed=seed) if method == "mc" else None
    rows = []
    for f in fc:
        p = float(p_mc[f.v]) if p_mc is not None else f.p
        terms, parts = [], []
        for term in f.terms:
            share = term.value / f.cumulative_hazard if f.cumulative_hazard > 0 else 0.0
            if share < 0.005:
                continue
            if term.u == BACKGROUND:
                terms.append({"via": "background", "share": share})
                parts.append(f"{share:.0%} background")
            else:
                who = net.states[term.u]
                ago = (t - term.t_u) * 365.25
                terms.append(
                    {
                        "via": "tie",
                        "state": _ref(a, who),
                        "acted": to_date(term.t_u).isoformat(),
                        "tie_type": {"id": net.types[term.k], "label": a.type_label(term.k)},
                        "groupings": [{"id": g, "label": a.projection.label(g)} for g in net.via[term.row]],
                        "share": share,
                    }
                )
                parts.append(
                    f"{share:.0%} {a.type_label(term.k)} tie to {a.projection.label(who)} (acted {_ago(ago)})"
                )
        rows.append(
            {
                "state": _ref(a, net.states[f.v]),
                "p": p,
                "p_closed_form": f.p,
                "cumulative_hazard": f.cumulative_hazard,
                "terms": terms,
                "explanation": f"{a.projection.label(net.states[f.v])} {p:.2f} within {horizon}: "
                + ", ".join(parts),
            }
        )
    rows.sort(key=lambda r: (-r["p"], r["state"]["id"]))  # type: ignore[index]
    return {
        "kind": "who_is_next",
        "vendors": [_ref(a, v) for v in vendors],
        "parameters": {
            **a.definition.as_dict(),
            "vendors": vendors,
            "at": when.isoformat(),
            "horizon": horizon,
            "method": method,
            "runs": runs if method == "mc" else None,
            "seed": seed,
        },
        "adopted": [
            {"state": _ref(a, s), "date": x.date.isoformat(), "evidence": _ev(a, x)}
            for s, x in sorted(known.items(), key=lambda kv: (kv[1].date, kv[0]))
        ],
        "forecast": rows[:top] if top else rows,
        "expected_adopters": float(sum(r["p"] for r in rows)),  # type: ignore[misc]
        "model": a.fitted.summary(),
    }


def what_if(
    store: GraphStore,
    d: Definition,
    *,
    state: str,
    vendor: str,
    at: str | dt.date | None = None,
    horizon: str = "2Y",
    runs: int = 1000,
    seed: int = 0,
    top: int | None = None,
) -> dict[str, object]:
    a = analysis(store, d)
    vendors = [entity_iri(v, "company") for v in vendor.split(",")]
    when = parse_date(at, "at") or a.projection.as_of
    times, known = _known_times(a, vendors, when)
    x_iri = entity_iri(state, "state")
    if x_iri not in a.network.index:
        raise LookupError(f"state: {x_iri} is not in the projection (no ties and no actions)")
    if x_iri in known:
        raise ValueError(
            f"state: {a.projection.label(x_iri)} already acted on {known[x_iri].date}; "
            "choose a state that has not"
        )
    net = a.network
    r = simulate_what_if(
        a.edges,
        a.fitted.params,
        times,
        net.index[x_iri],
        to_t(when),
        parse_duration(horizon),
        runs=runs,
        seed=seed,
    )
    states = []
    for s in r.states:
        parent = (
            None
            if s.parent is None
            else ("background" if s.parent == PARENT_BACKGROUND else _ref(a, net.states[s.parent]))
        )
        states.append(
            {
                "state": _ref(a, net.states[s.v]),
                "p": s.p,
                "median_lag_days": None if s.median_lag is None else round(s.median_lag * 365.25),
                "likely_parent": parent,
                "likely_parent_share": s.parent_share,
                "likely_channel": None if s.parent_k in (None, -1) else a.type_label(s.parent_k),
                "likely_path": [net.states[i] for i in r.path_to(s.v)],
            }
        )
    return {
        "kind": "what_if",
        "state": _ref(a, x_iri),
        "vendors": [_ref(a, v) for v in vendors],
        "parameters": {
            **a.definition.as_dict(),
            "state": x_iri,
            "vendors": vendors,
            "at": when.isoformat(),
            "horizon": horizon,
            "runs": runs,
            "seed": seed,
        },
        "adopted": [
            {"state": _ref(a, s), "date": x.date.isoformat(), "evidence": _ev(a, x)}
            for s, x in sorted(known.items(), key=lambda kv: (kv[1].date, kv[0]))
        ],
        "expected_followers": r.followers_mean,
        "interval_90": list(r.followers_interval),
        "expected_without_move": r.without_x_mean,
        "excess": r.excess,
        "states": states[:top] if top else states,
        "fan": r.fan,
        "model": a.fitted.summary(),
    }
