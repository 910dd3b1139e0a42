"""F6 — lead–lag pairs (with a permutation test) and hidden channels (NetInf-lite).

`lead_lag`: for each ordered pair (u, v) that both acted in at least `min_cascades` cascades, the number of
cascades in which u acted before v by at most Δ, against a null that shuffles the adoption times among
each cascade's adopters (z-score and one-sided permutation p-value).

`infer_network`: the k directed edges that best explain the adoption times (Gomez-Rodriguez et al.'s
NetInf, lazy greedy): each adoption is explained by its best selected parent with an exponential
transmission density, or by ε; edges that are not among the declared ties are flagged as hidden channels.
Both are descriptive: show them with their counts and p-values.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from graph.ripple.data import Cascades, Network


@dataclass
class LeadLag:
    u: int
    v: int
    together: int  # cascades where both acted
    count: int  # cascades where u led v by ≤ Δ
    expected: float
    z: float
    p_value: float


def _adopters(cascades: Cascades, c: int) -> tuple[np.ndarray, np.ndarray]:
    t = cascades.times[c]
    a = np.flatnonzero(np.isfinite(t) & (t <= cascades.end[c]))
    return a, t[a]


def lead_lag(
    cascades: Cascades,
    n: int,
    *,
    delta: float = 1.0,
    min_cascades: int = 3,
    permutations: int = 1000,
    seed: int = 0,
) -> list[LeadLag]:
    adopted = np.isfinite(cascades.times) & (cascades.times <= cascades.end[:, None])
    together = adopted.T.astype(np.int32) @ adopted.astype(np.int32)
    np.fill_diagonal(together, 0)
    pu, pv = np.nonzero(together >= min_cascades)
    if len(pu) == 0:
        return []
    pid = np.full((n, n), -1, dtype=np.int64)
    pid[pu, pv] = np.arange(len(pu))
    obs = np.zeros(len(pu))
    null = np.zeros((permutations, len(pu)), dtype=np.int32)
    rng = np.random.default_rng(seed)
    for c in range(cascades.count):
        a, t = _adopters(cascades, c)
        if len(a) < 2:
            continue
        ids = pid[a[:, None], a[None, :]]
        sel = ids >= 0
        if not sel.any():
            continue
        rows, cols = np.nonzero(sel)
        d = t[None, :] - t[:, None]
        obs[ids[rows, cols]] += ((d > 0) & (d <= delta))[rows, cols]
        perm = np.argsort(rng.random((permutations, len(a))), axis=1)
        tp = t[perm]
        dp = tp[:, cols] - tp[:, rows]
        null[:, ids[rows, cols]] += ((dp > 0) & (dp <= delta)).astype(np.int32)
    mean = null.mean(axis=0)
    sd = null.std(axis=0)
    z = np.where(sd > 0, (obs - mean) / np.where(sd > 0, sd, 1), 0.0)
    p = (1 + (null >= obs[None, :]).sum(axis=0)) / (1 + permutations)
    out = [
        LeadLag(int(u), int(v), int(together[u, v]), int(o), float(m), float(zz), float(pp))
        for u, v, o, m, zz, pp in zip(pu, pv, obs, mean, z, p, strict=True)
    ]
    out.sort(key=lambda r: (-r.z, r.p_value, r.u, r.v))
    return out


@dataclass
class InferredEdge:
    u: int
    v: int
    gain: float
    cascades: int  # adoptions it explains best
    declared: bool


def infer_network(
    network: Network, cascades: Cascades, k: int, *, beta: float = 2.0, epsilon: float | None = None
) -> list[InferredEdge]:
    """The top-k edges by lazy greedy on the NetInf objective (ε defaults to the density at 2/β)."""
    eps = epsilon if epsilon is not None else beta * np.exp(-2.0)
    ev_keys: list[np.ndarray] = []
    ev_ids: list[np.ndarray] = []
    ev_vals: list[np.ndarray] = []
    n_ev = 0
    for c in range(cascades.count):
        a, t = _adopters(cascades, c)
        order = np.argsort(t, kind="stable")
        a, t = a[order], t[order]
        d = t[None, :] - t[:, None]  # [i, j] = t_j − t_i
        i, j = np.nonzero(d > 0)
        followers = np.unique(j)
        local = np.full(len(a), -1)
        local[followers] = np.arange(len(followers)) + n_ev
        n_ev += len(followers)
        ev_keys.append(a[i] * network.n + a[j])
        ev_ids.append(local[j])
        ev_vals.append(np.log(beta * np.exp(-beta * d[i, j])))
    if not ev_keys:
        return []
    key, eid, val = np.concatenate(ev_keys), np.concatenate(ev_ids), np.concatenate(ev_vals)
    order = np.argsort(key, kind="stable")
    key, eid, val = key[order], eid[order], val[order]
    uniq, starts = np.unique(key, return_index=True)
    bounds = np.append(starts, len(key))
    best = np.full(n_ev, np.log(eps))

    def gain(i: int) -> tuple[float, np.ndarray]:
        sl = slice(bounds[i], bounds[i + 1])
        g = np.maximum(val[sl] - best[eid[sl]], 0.0)
        return float(g.sum()), g

    heap = [(-gain(i)[0], i, 0) for i in range(len(uniq))]
    heapq.heapify(heap)
    declared = {(int(a), int(b)) for a, b in zip(network.u, network.v, strict=True)}
    declared |= {(b, a) for a, b in declared}
    out: list[InferredEdge] = []
    while heap and len(out) < k:
        neg, i, stamp = heapq.heappop(heap)
        if stamp != len(out):
            g, _ = gain(i)
            heapq.heappush(heap, (-g, i, len(out)))
            continue
        if -neg <= 0:
            break
        g, per = gain(i)
        sl = slice(bounds[i], bounds[i + 1])
        best[eid[sl]] = np.maximum(best[eid[sl]], val[sl])
        u, v = divmod(int(uniq[i]), network.n)
        out.append(InferredEdge(u, v, g, int((per > 0).sum()), (u, v) in declared))
    return out
