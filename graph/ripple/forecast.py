"""F3 — who is next: the probability that each state that has not acted does so within a horizon, with
the terms of its integrated hazard as the explanation.

Closed form: p_v = 1 − exp(−Λ_v), Λ_v = ∫_T^{T+h} μ + Σ_u α_k (e^{−β(T−t_u)} − e^{−β(T+h−t_u)}) over the
states u that acted by T and are tied to v (type k, valid at t_u). It ignores onward cascading inside the
horizon; the Monte Carlo variant simulates it (and is the better calibrated of the two).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graph.ripple.params import Params
from graph.ripple.simulate import EdgeSet, simulate

BACKGROUND = -1


@dataclass
class Term:
    u: int  # the adopter (BACKGROUND for μ)
    k: int
    row: int  # network tie row
    t_u: float
    value: float  # its part of Λ_v


@dataclass
class Forecast:
    v: int
    p: float
    cumulative_hazard: float
    terms: list[Term] = field(default_factory=list)  # by decreasing value


def exposure_terms(
    edges: EdgeSet, params: Params, times: np.ndarray, at: float, horizon: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(edge index, target, value) of every tie term in Λ at `at` over `horizon`."""
    tu = times[edges.src]
    tv = times[edges.dst]
    ok = (tu <= at) & (tv > at) & (edges.start <= tu) & (tu < edges.end)
    e = np.flatnonzero(ok)
    b = params.beta
    val = params.alpha[edges.k[e]] * (np.exp(-b * (at - tu[e])) - np.exp(-b * (at + horizon - tu[e])))
    return e, edges.dst[e], val


def closed_form(
    edges: EdgeSet, params: Params, times: np.ndarray, at: float, horizon: float, explain: int = 3
) -> list[Forecast]:
    """p for every state that has not acted by `at` (times: adoption time per state, inf = none)."""
    times = np.where(times <= at, times, np.inf)
    e, dst, val = exposure_terms(edges, params, times, at, horizon)
    bg = float(params.mu_integral(at, at + horizon))
    lam = np.full(edges.n, bg)
    np.add.at(lam, dst, val)
    out: list[Forecast] = []
    for v in np.flatnonzero(~np.isfinite(times)):
        f = Forecast(int(v), float(1 - np.exp(-lam[v])), float(lam[v]))
        mine = np.flatnonzero(dst == v)
        terms = [
            Term(
                int(edges.src[e[i]]),
                int(edges.k[e[i]]),
                int(edges.row[e[i]]),
                float(times[edges.src[e[i]]]),
                float(val[i]),
            )
            for i in mine
        ]
        terms.append(Term(BACKGROUND, -1, -1, float("nan"), bg))
        terms.sort(key=lambda t: (-t.value, t.u, t.k))
        f.terms = terms if explain <= 0 else terms[:explain]
        out.append(f)
    out.sort(key=lambda f: (-f.p, f.v))
    return out


def monte_carlo(
    edges: EdgeSet,
    params: Params,
    times: np.ndarray,
    at: float,
    horizon: float,
    *,
    runs: int = 1000,
    seed: int = 0,
    onward: bool = True,
) -> np.ndarray:
    """P(adopt within the horizon) per state by simulation (nan for states that already acted)."""
    times = np.where(times <= at, times, np.inf)
    fixed = np.repeat(times[None, :], runs, axis=0)
    sim = simulate(edges, params, fixed, at, at + horizon, rng=np.random.default_rng(seed), onward=onward)
    p = np.isfinite(sim.times).mean(axis=0)
    return np.where(np.isfinite(times), np.nan, p)


def cumulative_hazard(
    edges: EdgeSet, params: Params, times: np.ndarray, at: float, horizon: np.ndarray
) -> np.ndarray:
    """Λ (S × n) for many cascades at once (times: S × n; horizon per cascade); inf where acted by `at`."""
    times = np.where(times <= at, times, np.inf)
    horizon = np.asarray(horizon, float)
    tu = times[:, edges.src]
    ok = np.isfinite(tu) & (edges.start <= tu) & (tu < edges.end)
    s, e = np.nonzero(ok)
    b = params.beta
    val = params.alpha[edges.k[e]] * (
        np.exp(-b * (at - tu[s, e])) - np.exp(-b * (at + horizon[s] - tu[s, e]))
    )
    lam = np.repeat(params.mu_integral(at, at + horizon)[:, None], edges.n, axis=1)
    np.add.at(lam, (s, edges.dst[e]), val)
    return np.where(np.isfinite(times), np.inf, lam)
