"""F4 — what-if (state X acts now: who follows, how likely, how fast, along which paths) and F5 —
bellwethers (expected spread if each state moves first) and coalitions (CELF greedy seed sets).

What-if conditions on the states that have acted and simulates the continuous-time cascade with the
background on; the same draws are replayed without X, so the effect of X's move (`excess`) is a paired
difference. Bellwethers and coalitions measure pure contagion (background off) with common random
numbers, which makes the sampled spread monotone and submodular, so CELF's lazy greedy is exact for it.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from graph.ripple.params import Params
from graph.ripple.simulate import PARENT_BACKGROUND, Draw, EdgeSet, simulate


@dataclass
class StateOutlook:
    v: int
    p: float
    median_lag: float | None  # years after the move, among runs where v acts
    parent: int | None  # most frequent parent (PARENT_BACKGROUND for the background)
    parent_share: float  # how often that parent set v off, among runs where v acts
    parent_k: int | None  # the tie type of that parent most often used


@dataclass
class WhatIf:
    x: int
    at: float
    horizon: float
    runs: int
    followers_mean: float
    followers_interval: tuple[float, float]  # 5–95 %
    without_x_mean: float
    states: list[StateOutlook] = field(default_factory=list)  # by decreasing p
    fan: dict[str, list[float]] = field(default_factory=dict)  # cumulative followers by month: q05/q50/q95

    @property
    def excess(self) -> float:
        return self.followers_mean - self.without_x_mean

    def path_to(self, v: int) -> list[int]:
        """The chain of most frequent parents from X to v (empty if it does not reach X)."""
        by = {s.v: s for s in self.states}
        chain, seen = [v], {v}
        while chain[-1] != self.x:
            s = by.get(chain[-1])
            if s is None or s.parent is None or s.parent == PARENT_BACKGROUND or s.parent in seen:
                return []
            chain.append(s.parent)
            seen.add(s.parent)
        return chain[::-1]


def what_if(
    edges: EdgeSet,
    params: Params,
    times: np.ndarray,
    x: int,
    at: float,
    horizon: float,
    *,
    runs: int = 1000,
    seed: int = 0,
) -> WhatIf:
    times = np.where(times <= at, times, np.inf)
    if np.isfinite(times[x]):
        raise ValueError("that state has already acted; choose one that has not")
    rng = np.random.default_rng(seed)
    draw = Draw.new(rng, runs)
    fixed = np.repeat(times[None, :], runs, axis=0)
    base = simulate(edges, params, fixed, at, at + horizon, draw=draw)
    fixed[:, x] = at
    sim = simulate(edges, params, fixed, at, at + horizon, draw=draw, parents=True)
    assert sim.parents is not None
    new = np.isfinite(sim.times) & ~np.isfinite(times)[None, :]
    new[:, x] = False
    counts = new.sum(axis=1)
    base_new = np.isfinite(base.times) & ~np.isfinite(times)[None, :]
    base_new[:, x] = False
    out = WhatIf(
        x,
        at,
        horizon,
        runs,
        float(counts.mean()),
        (float(np.quantile(counts, 0.05)), float(np.quantile(counts, 0.95))),
        float(base_new.sum(axis=1).mean()),
    )
    src = np.where(sim.parents >= 0, edges.src[np.maximum(sim.parents, 0)], sim.parents)
    kk = np.where(sim.parents >= 0, edges.k[np.maximum(sim.parents, 0)], -1)
    for v in np.flatnonzero(new.any(axis=0)):
        hit = new[:, v]
        lags = sim.times[hit, v] - at
        pc = Counter(src[hit, v].tolist())
        parent, cnt = min(pc.items(), key=lambda kv: (-kv[1], kv[0]))
        kc = Counter(kk[hit & (src[:, v] == parent), v].tolist())
        out.states.append(
            StateOutlook(
                int(v),
                float(hit.mean()),
                float(np.median(lags)),
                int(parent),
                cnt / hit.sum(),
                int(min(kc, key=lambda k: (-kc[k], k))) if kc else None,
            )
        )
    out.states.sort(key=lambda s: (-s.p, s.v))
    months = np.arange(0, int(np.ceil(horizon * 12)) + 1)
    ft = np.where(new, sim.times - at, np.inf)
    cum = np.stack([(ft <= m / 12).sum(axis=1) for m in months], axis=1)
    out.fan = {
        "month": months.tolist(),
        **{f"q{q:02d}": np.quantile(cum, q / 100, axis=0).tolist() for q in (5, 50, 95)},
    }
    return out


def _spread(
    edges: EdgeSet, params: Params, seeds: list[list[int]], at: float, horizon: float, draw: Draw
) -> np.ndarray:
    """Mean number of states acting within the horizon (seeds included) for each seed set, on `draw`."""
    runs = len(draw.run_id)
    fixed = np.full((len(seeds) * runs, edges.n), np.inf)
    for i, s in enumerate(seeds):
        fixed[i * runs : (i + 1) * runs, s] = at
    sim = simulate(edges, params, fixed, at, at + horizon, draw=draw.tiled(len(seeds)), background=False)
    return np.isfinite(sim.times).sum(axis=1).reshape(len(seeds), runs).mean(axis=1)


def bellwethers(
    edges: EdgeSet,
    params: Params,
    at: float,
    horizon: float,
    *,
    runs: int = 200,
    seed: int = 0,
    candidates: list[int] | None = None,
) -> list[tuple[int, float]]:
    """(state, expected followers if it moved first) for each candidate, largest first."""
    cand = list(range(edges.n)) if candidates is None else list(candidates)
    draw = Draw.new(seed, runs)
    out: list[tuple[int, float]] = []
    for a in range(0, len(cand), 25):
        chunk = cand[a : a + 25]
        out += [
            (c, float(s) - 1)
            for c, s in zip(
                chunk, _spread(edges, params, [[c] for c in chunk], at, horizon, draw), strict=True
            )
        ]
    out.sort(key=lambda cs: (-cs[1], cs[0]))
    return out


def best_coalition(
    edges: EdgeSet,
    params: Params,
    k: int,
    at: float,
    horizon: float,
    *,
    runs: int = 200,
    seed: int = 0,
    candidates: list[int] | None = None,
) -> list[tuple[int, float]]:
    """CELF lazy-greedy seed set of size k: (state, marginal gain in expected adopters) in pick order."""
    draw = Draw.new(seed, runs)
    first = bellwethers(edges, params, at, horizon, runs=runs, seed=seed, candidates=candidates)
    heap = [(-(g + 1), c, 0) for c, g in first]  # gain of a singleton = its spread
    heapq.heapify(heap)
    chosen: list[tuple[int, float]] = []
    current = 0.0
    while heap and len(chosen) < k:
        neg, c, stamp = heapq.heappop(heap)
        if stamp == len(chosen):
            chosen.append((c, -neg))
            current += -neg
            continue
        gain = float(_spread(edges, params, [[s for s, _ in chosen] + [c]], at, horizon, draw)[0]) - current
        heapq.heappush(heap, (-gain, c, len(chosen)))
    return chosen
