"""The batch answers — the fitted model, bellwethers and coalitions, lead–lag pairs, hidden channels and
the backtest — as JSON-ready dicts with their parameters."""

from __future__ import annotations

import datetime as dt

import numpy as np

from graph.ripple.backtest import backtest as run_backtest
from graph.ripple.cascade import first_actions
from graph.ripple.data import parse_duration, to_t
from graph.ripple.definition import Definition, parse_date
from graph.ripple.leadlag import infer_network, lead_lag
from graph.ripple.model import bootstrap_alpha
from graph.ripple.service import Analysis, analysis
from graph.ripple.synthetic import make_world, true_alpha_for
from graph.ripple.whatif import bellwethers as run_bellwethers
from graph.ripple.whatif import best_coalition
from graph.store.base import GraphStore


def _ref(a: Analysis, i: int) -> dict[str, object]:
    iri = a.network.states[i]
    return {"id": iri, "label": a.projection.label(iri), "iso": a.projection.graph.nodes[iri].get("iso")}


def _declared(a: Analysis, u: int, v: int) -> list[str]:
    net = a.network
    m = ((net.u == u) & (net.v == v)) | ((net.u == v) & (net.v == u))
    return sorted({a.type_label(int(k)) for k in net.k[m]})


def _episodes(a: Analysis, u: int, v: int, within: float | None = None) -> list[dict[str, object]]:
    """The evidence behind a pair: each vendor cascade where u acted before v, with both first actions."""
    cas, meta = a.cascades
    out = []
    for c, m in enumerate(meta):
        tu, tv = cas.times[c, u], cas.times[c, v]
        if not (np.isfinite(tu) and np.isfinite(tv) and tu < tv) or (within is not None and tv - tu > within):
            continue
        group = a.projection.vendor_group([str(m["vendor"])])
        firsts = first_actions(a.projection.actions_against(group), since=a.definition.since)
        lu, lv = firsts.get(a.network.states[u]), firsts.get(a.network.states[v])
        out.append(
            {
                "vendor": {"id": m["vendor"], "label": a.projection.label(str(m["vendor"]))},
                "leader_action": lu.evidence(a.projection.labels) if lu else None,
                "follower_action": lv.evidence(a.projection.labels) if lv else None,
                "lag_days": round(float(tv - tu) * 365.25),
            }
        )
    return out


def _pair(
    a: Analysis, u: int, v: int, stats: dict[str, object], within: float | None = None
) -> dict[str, object]:
    """A leader–follower pair: both states, the pair's statistics, their declared ties and the evidence."""
    return {
        "leader": _ref(a, u),
        "follower": _ref(a, v),
        **stats,
        "declared_ties": _declared(a, u, v),
        "evidence": _episodes(a, u, v, within=within),
    }


def model(store: GraphStore, d: Definition, *, bootstrap: int = 0, seed: int = 0) -> dict[str, object]:
    a = analysis(store, d)
    cas, meta = a.cascades
    out: dict[str, object] = {
        "kind": "model",
        "parameters": {**a.definition.as_dict(), "bootstrap": bootstrap},
        "model": a.fitted.summary(),
        "cascades": meta,
        "tie_types": {t: a.type_label(k) for k, t in enumerate(a.network.types)},
        "states": a.network.n,
        "ties": len(a.network.u),
        "timings": a.timings,
    }
    if bootstrap:
        out["alpha_interval_90"] = bootstrap_alpha(a.fitted, cas, reps=bootstrap, seed=seed)
    return out


def bellwethers(
    store: GraphStore,
    d: Definition,
    *,
    horizon: str = "2Y",
    runs: int = 200,
    top: int = 20,
    coalition: int = 0,
    seed: int = 0,
    at: str | dt.date | None = None,
) -> dict[str, object]:
    a = analysis(store, d)
    when = parse_date(at, "at") or a.projection.as_of
    h = parse_duration(horizon)
    ranked = run_bellwethers(a.edges, a.fitted.params, to_t(when), h, runs=runs, seed=seed)
    out: dict[str, object] = {
        "kind": "bellwethers",
        "parameters": {
            **a.definition.as_dict(),
            "at": when.isoformat(),
            "horizon": horizon,
            "runs": runs,
            "seed": seed,
            "background": "off (spread by contagion alone)",
        },
        "ranking": [{"state": _ref(a, s), "expected_followers": v} for s, v in ranked[:top]],
        "model": a.fitted.summary(),
    }
    if coalition:
        picks = best_coalition(a.edges, a.fitted.params, coalition, to_t(when), h, runs=runs, seed=seed)
        out["coalition"] = [{"state": _ref(a, s), "marginal_gain": g} for s, g in picks]
    return out


def lead_lag_pairs(
    store: GraphStore,
    d: Definition,
    *,
    delta: str = "1Y",
    min_cascades: int = 3,
    permutations: int = 1000,
    top: int = 30,
    seed: int = 0,
) -> dict[str, object]:
    a = analysis(store, d)
    cas, _ = a.cascades
    pairs = lead_lag(
        cas,
        a.network.n,
        delta=parse_duration(delta),
        min_cascades=min_cascades,
        permutations=permutations,
        seed=seed,
    )
    return {
        "kind": "lead_lag",
        "parameters": {
            **a.definition.as_dict(),
            "delta": delta,
            "min_cascades": min_cascades,
            "permutations": permutations,
            "seed": seed,
            "cascades": cas.count,
        },
        "pairs": [
            _pair(
                a,
                r.u,
                r.v,
                {
                    "together": r.together,
                    "led": r.count,
                    "expected": r.expected,
                    "z": r.z,
                    "p_value": r.p_value,
                },
                within=parse_duration(delta),
            )
            for r in pairs[:top]
        ],
        "caveat": "Descriptive: counts and permutation p-values, not causal links.",
    }


def hidden_channels(store: GraphStore, d: Definition, *, k: int = 20) -> dict[str, object]:
    a = analysis(store, d)
    cas, _ = a.cascades
    edges = infer_network(a.network, cas, k, beta=a.fitted.params.beta)
    return {
        "kind": "hidden_channels",
        "parameters": {**a.definition.as_dict(), "k": k, "beta_per_year": a.fitted.params.beta},
        "edges": [
            _pair(a, e.u, e.v, {"gain": e.gain, "adoptions": e.cascades, "declared": e.declared})
            for e in edges
        ],
    }


def backtest(
    store: GraphStore | None,
    d: Definition,
    *,
    cutoffs: list[str] | None = None,
    horizon: str = "2Y",
    runs: int = 200,
    reps: int = 300,
    seed: int = 0,
    world: str | None = None,
    cascades: int = 300,
) -> dict[str, object]:
    """On the store (real data) or on a synthetic world (`planted`, `null`, `shock`, `hidden`)."""
    h = parse_duration(horizon)
    if world:
        w = make_world(world, cascades=cascades, seed=seed)
        cuts = [
            to_t(parse_date(c, "cutoff")) for c in (cutoffs or ["2017-01-01", "2020-01-01", "2023-01-01"])
        ]
        rep = run_backtest(
            w.network,
            w.cascades,
            cuts,
            horizon=h,
            window=w.window,
            runs=runs,
            seed=seed,
            reps=reps,
            data_end=w.data_end,
        )
        rep["data"] = {"world": world, "cascades": cascades, "seed": seed, "true_alpha": true_alpha_for(w)}
        return {"kind": "backtest", **rep}
    if store is None:
        raise ValueError("give a store or a synthetic world")
    a = analysis(store, d)
    cas, _ = a.cascades
    last = a.projection.as_of
    default = [
        dt.date(y, 1, 1) for y in range(2019, 2030) if dt.date(y, 1, 1) <= dt.date(last.year - 2, 1, 1)
    ]
    cuts = [to_t(parse_date(c, "cutoff")) for c in cutoffs] if cutoffs else [to_t(x) for x in default]
    rep = run_backtest(
        a.network,
        cas,
        cuts,
        horizon=h,
        window=d.window_years,
        runs=runs,
        seed=seed,
        reps=reps,
        data_end=to_t(last),
    )
    rep["parameters"] |= a.definition.as_dict()  # type: ignore[operator]
    rep["data"] = {"store": True, "cascades": cas.count, "states": a.network.n, "as_of": last.isoformat()}
    return {"kind": "backtest", **rep}
