"""Synthetic worlds with known truth, for tests and the backtest (RIPPLE.md §3.5).

* `planted` (a): seven tie types with planted α, a per-year background μ and β; first movers biased toward
  the hegemon (state S000).
* `null` (b): the same alliances, α = 0 — any fitted contagion is spurious.
* `shock` (c): α = 0, but μ jumps for everybody in a few years (a common shock, no contagion).
* `hidden` (d): world (a) plus strong ties that are *not* declared to the model (hidden channels).

A world is drawn with the same simulator the what-if feature uses (simulate.py), so the truth is the
model itself; alliances have accession and exit dates so tie validity matters.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from graph.ripple.data import Cascades, Network, to_t
from graph.ripple.params import Params
from graph.ripple.simulate import EdgeSet, simulate

TRUE_ALPHA: dict[str, float] = {
    "intelligence": 0.8,
    "bilateral": 0.5,
    "defence": 0.03,
    "union": 0.04,
    "forum": 0.25,
    "regional": 0.006,
    "trade": 0.04,
}
HIDDEN_ALPHA = 1.2
BETA = 2.0  # per year: mean transmitted lag 6 months
MU = 0.004  # background adoptions per state-year
SHOCK_YEARS = (2006, 2013, 2019)
SHOCK_MU = 0.08
WINDOW = 5.0
FIRST_YEAR, LAST_YEAR = 2000, 2025


@dataclass
class World:
    kind: str
    graph: nx.MultiGraph  # the declared ties (what the model sees)
    network: Network
    truth: Params  # types of the true process (declared types, plus "hidden" in world d)
    true_network: Network
    true_edges: EdgeSet
    cascades: Cascades  # observed: events up to the data's end, within the window
    parents: np.ndarray  # (C, n) true parent edge in true_edges; −1 background; −2 none
    hegemon: int = 0
    window: float = WINDOW
    data_end: float = field(default_factory=lambda: to_t(dt.date(LAST_YEAR, 1, 1)))
    hidden: list[tuple[int, int]] = field(default_factory=list)


def _date(year: int, month: int = 1, day: int = 1) -> dt.date:
    return dt.date(year, month, day)


def alliance_graph(n: int = 200, seed: int = 0) -> nx.MultiGraph:
    """A 200-state world of typed, dated ties (about 3,000 ties, mean degree about 30)."""
    rng = np.random.default_rng(seed)
    g = nx.MultiGraph()
    names = [f"S{i:03d}" for i in range(n)]
    g.add_nodes_from((s, {"label": f"State {i}"}) for i, s in enumerate(names))
    others = rng.permutation(np.arange(5, n))

    def clique(
        members: list[int],
        kind: str,
        grouping: str,
        joined: dict[int, dt.date] | None = None,
        left: dict[int, dt.date] | None = None,
    ) -> None:
        joined, left = joined or {}, left or {}
        for a_i, a in enumerate(members):
            for b in members[a_i + 1 :]:
                starts = [d for d in (joined.get(a), joined.get(b)) if d]
                ends = [d for d in (left.get(a), left.get(b)) if d]
                g.add_edge(
                    names[a],
                    names[b],
                    key=grouping,
                    type=kind,
                    grouping=grouping,
                    start=max(starts) if starts else None,
                    end=min(ends) if ends else None,
                )

    clique([0, 1, 2, 3, 4], "intelligence", "fvey")
    for b in others[:20]:
        g.add_edge(names[0], names[int(b)], key=f"treaty-{b}", type="bilateral", grouping=f"treaty-{b}")
    nato = [0, 1, 2, *others[10:36].tolist()]
    clique(nato, "defence", "nato", joined={int(x): _date(2004, 3, 29) for x in others[28:36]})
    eu = others[30:57].tolist()
    clique(
        eu,
        "union",
        "eu",
        joined={int(x): _date(2007, 1, 1) for x in others[50:57]},
        left={int(others[30]): _date(2020, 1, 31)},
    )
    clique([0, 1, 2, *others[30:35].tolist()], "forum", "g7")
    for r, block in enumerate(np.array_split(rng.permutation(n), 10)):
        clique([int(x) for x in block], "regional", f"region-{r}")
    for a, b in nx.gnp_random_graph(n, 0.02, seed=int(rng.integers(1 << 30))).edges:
        g.add_edge(names[a], names[b], key="trade", type="trade", grouping="trade")
    return g


def make_world(
    kind: str = "planted", *, n: int = 200, cascades: int = 300, seed: int = 0, hidden_edges: int = 5
) -> World:
    if kind not in ("planted", "null", "shock", "hidden"):
        raise ValueError(f"unknown world {kind!r}: planted, null, shock or hidden")
    rng = np.random.default_rng(seed)
    g = alliance_graph(n, seed)
    network = Network.from_graph(g, types=list(TRUE_ALPHA))
    true_g = g.copy()
    hidden: list[tuple[int, int]] = []
    if kind == "hidden":
        strangers = [i for i in range(5, n) if i not in network.neighbours(0)]
        for b in rng.choice(strangers, hidden_edges, replace=False):
            true_g.add_edge("S000", f"S{int(b):03d}", key="hidden", type="hidden", grouping="hidden")
            hidden.append((0, int(b)))
    types = [*TRUE_ALPHA, "hidden"]
    true_network = Network.from_graph(true_g, types=types)
    alpha = {**TRUE_ALPHA, "hidden": HIDDEN_ALPHA}
    if kind in ("null", "shock"):
        alpha = dict.fromkeys(types, 0.0)
    mu = MU * 2.5 if kind == "null" else MU
    truth = Params.constant(types, alpha, BETA, mu, FIRST_YEAR - 1, LAST_YEAR + 10)
    if kind == "shock":
        for y in SHOCK_YEARS:
            truth.mu[y - truth.first_year] = SHOCK_MU
    edges = EdgeSet.from_network(true_network)
    t_lo, t_hi = to_t(_date(FIRST_YEAR)), to_t(_date(LAST_YEAR)) - 0.5
    start = np.sort(rng.uniform(t_lo, t_hi, cascades))
    first = np.where(rng.random(cascades) < 0.3, 0, rng.integers(1, n, cascades))
    fixed = np.full((cascades, n), np.inf)
    fixed[np.arange(cascades), first] = start
    sim = simulate(edges, truth, fixed, start, start + WINDOW, rng=rng, parents=True)
    data_end = to_t(_date(LAST_YEAR))
    observed = np.where(sim.times <= data_end, sim.times, np.inf)
    cas = Cascades(
        observed,
        start,
        np.minimum(start + WINDOW, data_end),
        first,
        [f"cascade-{i:03d}" for i in range(cascades)],
    )
    assert sim.parents is not None
    parents = np.where(np.isfinite(observed), sim.parents, -2)
    return World(kind, g, network, truth, true_network, edges, cas, parents, 0, WINDOW, data_end, hidden)


def true_alpha_for(world: World) -> dict[str, float]:
    return {t: world.truth.alpha_of(t) for t in world.network.types}
