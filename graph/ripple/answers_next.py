"""The forward-looking interactive answers — who is next against a vendor, and what if a state acted now —
as JSON-ready dicts with their parameters and evidence (the actions behind each adoption, with sources)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from graph.ripple.answers import _ago, _ev, _ref, state_of, vendors_of
from graph.ripple.attribution import BACKGROUND
from graph.ripple.cascade import first_actions
from graph.ripple.data import parse_duration, to_date, to_t
from graph.ripple.definition import Definition, parse_date
from graph.ripple.forecast import closed_form, monte_carlo
from graph.ripple.projection import ActionRecord
from graph.ripple.service import Analysis, analysis
from graph.ripple.simulate import PARENT_BACKGROUND
from graph.ripple.whatif import what_if as simulate_what_if
from graph.store.base import GraphStore


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
    vendors = vendors_of(a, vendor)
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
    vendors = vendors_of(a, vendor)
    when = parse_date(at, "at") or a.projection.as_of
    times, known = _known_times(a, vendors, when)
    x_iri = state_of(a, state)
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
