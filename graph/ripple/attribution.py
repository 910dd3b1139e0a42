"""F2 — attribution: for each follower, the probability that each earlier-acting ally (through each tie
type), or the background, set it off; channel shares; the cascade tree.

r(u→v via k) = α_k β e^{−β(t_v−t_u)} / λ_v(t_v) and r(background) = μ(t_v) / λ_v(t_v); they sum to 1.
This reads "consistent with the timing and the ties", not proof of cause (RIPPLE.md, caveats).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from graph.ripple.data import Cascades, Network
from graph.ripple.pairs import PairSet, build_pairs
from graph.ripple.params import Params
from graph.ripple.simulate import EdgeSet

BACKGROUND = -1


@dataclass
class Source:
    u: int  # the earlier adopter, or BACKGROUND
    k: int  # tie type index (−1 for the background)
    row: int  # the Network tie row (−1 for the background)
    t_u: float
    r: float  # responsibility


@dataclass
class FollowerAttribution:
    v: int
    t_v: float
    intensity: float
    sources: list[Source] = field(default_factory=list)  # by decreasing responsibility

    def parent_probs(self) -> dict[int, float]:
        """Responsibility per earlier adopter (summing its tie types), and the background as −1."""
        out: dict[int, float] = {}
        for s in self.sources:
            out[s.u] = out.get(s.u, 0.0) + s.r
        return out

    @property
    def top_parent(self) -> int:
        probs = self.parent_probs()
        return max(sorted(probs), key=lambda u: probs[u])


@dataclass
class Responsibilities:
    ps: PairSet
    r_pair: np.ndarray  # per pair (0 for targets that did not adopt)
    r_bg: np.ndarray  # per event
    lam: np.ndarray  # per event


def responsibilities(ps: PairSet, params: Params) -> Responsibilities:
    kern = ps.kern(params.beta)
    adopted = ps.event >= 0
    w = np.where(adopted, params.alpha[ps.k] * kern, 0.0)
    exc = np.bincount(ps.event[adopted], w[adopted], minlength=ps.n_events)
    bg = params.mu_at(ps.ev_t) if ps.n_events else np.zeros(0)
    lam = bg + exc
    safe = np.where(lam > 0, lam, 1.0)
    if ps.n_events == 0:  # a cascade nobody followed (yet): pairs exist, adoptions do not
        return Responsibilities(ps, np.zeros(len(adopted)), np.zeros(0), lam)
    r_pair = np.where(adopted, w / safe[np.where(adopted, ps.event, 0)], 0.0)
    r_bg = np.where(lam > 0, bg / safe, 1.0)
    return Responsibilities(ps, r_pair, r_bg, lam)


def top_parents(res: Responsibilities) -> tuple[np.ndarray, np.ndarray]:
    """Per event: the most responsible parent state (BACKGROUND if the background wins) and its
    probability, with each parent's tie types summed."""
    ps = res.ps
    best = np.full(ps.n_events, BACKGROUND, dtype=np.int64)
    best_r = res.r_bg.copy()
    adopted = ps.event >= 0
    if adopted.any():
        e, u = ps.event[adopted], ps.u[adopted]
        key = e * (int(u.max()) + 1) + u
        uniq, inv = np.unique(key, return_inverse=True)
        tot = np.bincount(inv, res.r_pair[adopted])
        ue, uu = uniq // (int(u.max()) + 1), uniq % (int(u.max()) + 1)
        order = np.lexsort((uu, -tot, ue))  # per event: highest total first, ties by state index
        ue, uu, tot = ue[order], uu[order], tot[order]
        first = np.ones(len(ue), bool)
        first[1:] = ue[1:] != ue[:-1]
        ue, uu, tot = ue[first], uu[first], tot[first]
        win = tot > best_r[ue]
        best[ue[win]] = uu[win]
        best_r[ue[win]] = tot[win]
    return best, best_r


def attribute_cascade(
    network: Network, edges: EdgeSet, params: Params, times: np.ndarray, start: float, end: float, first: int
) -> list[FollowerAttribution]:
    """Attribution of every adoption in (start, end] of one cascade (times: per state, inf = none)."""
    cas = Cascades(times[None, :].astype(float), np.array([start]), np.array([end]), np.array([first]))
    ps = build_pairs(edges, cas, len(network.types))
    res = responsibilities(ps, params)
    out: list[FollowerAttribution] = []
    for e in np.argsort(ps.ev_t, kind="stable"):
        fa = FollowerAttribution(int(ps.ev_v[e]), float(ps.ev_t[e]), float(res.lam[e]))
        fa.sources.append(Source(BACKGROUND, -1, -1, float("nan"), float(res.r_bg[e])))
        for p in np.flatnonzero(ps.event == e):
            fa.sources.append(
                Source(
                    int(ps.u[p]),
                    int(ps.k[p]),
                    int(edges.row[ps.edge[p]]),
                    float(ps.tu[p]),
                    float(res.r_pair[p]),
                )
            )
        fa.sources.sort(key=lambda s: (-s.r, s.u, s.k))
        out.append(fa)
    out.sort(key=lambda f: (f.t_v, network.states[f.v]))
    return out


def channel_shares(attrs: list[FollowerAttribution], types: list[str]) -> dict[str, float]:
    """Share of the followers' adoptions attributed to each tie type (and to the background)."""
    tot = dict.fromkeys([*types, "background"], 0.0)
    for fa in attrs:
        for s in fa.sources:
            tot["background" if s.u == BACKGROUND else types[s.k]] += s.r
    n = max(len(attrs), 1)
    return {k: v / n for k, v in tot.items()}


def cascade_tree(attrs: list[FollowerAttribution], first: int) -> nx.DiGraph:
    """The argmax-parent tree: an edge parent → follower (with probability); background adopters and
    the trigger state are roots."""
    t = nx.DiGraph()
    t.add_node(first, root=True)
    for fa in attrs:
        t.add_node(fa.v)
        p = fa.top_parent
        if p != BACKGROUND:
            t.add_edge(p, fa.v, probability=fa.parent_probs()[p])
    return t


def tree_summary(tree: nx.DiGraph) -> dict[str, list]:
    return {
        "waves": [sorted(w) for w in nx.topological_generations(tree)],
        "longest_chain": nx.dag_longest_path(tree),
    }


def most_recent_neighbour(ps: PairSet) -> np.ndarray:
    """The heuristic baseline, per event: the tied state that adopted last before the follower
    (BACKGROUND when no tied state had adopted)."""
    out = np.full(ps.n_events, BACKGROUND, dtype=np.int64)
    adopted = ps.event >= 0
    e, u, tu = ps.event[adopted], ps.u[adopted], ps.tu[adopted]
    order = np.lexsort((u, tu, e))  # last of each event group = latest t_u
    e, u = e[order], u[order]
    last = np.ones(len(e), bool)
    last[:-1] = e[1:] != e[:-1]
    out[e[last]] = u[last]
    return out
