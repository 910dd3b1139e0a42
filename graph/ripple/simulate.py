"""Monte Carlo of the continuous-time cascade: many runs at once, vectorised over runs with numpy.

Each source acts independently: a state u that adopted at t_u puts a hazard α_k β e^{−β(t−t_u)} on each
partner v through each tie of type k valid at t_u, so the time at which that source alone would set v
off is drawn by inverting its cumulative hazard α_k (1 − e^{−β s}) at an Exp(1) draw E (never, when
E ≥ α_k). The background is drawn the same way from ∫μ. Because hazards add, v adopts at the earliest of
these times — a shortest-path problem on the sampled delays, solved by repeated relaxation (Bellman–Ford)
over all runs in parallel. States that had adopted before `now` act as sources conditioned on not having
set v off yet (their remaining mass is α_k e^{−β(now − t_u)}).

Sharing one `Draw` across calls gives common random numbers (used by the coalition search, where it
makes the sampled spread exactly submodular).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.ripple.data import Network
from graph.ripple.params import Params

PARENT_BACKGROUND = -1
PARENT_NONE = -2
_CELLS = 4_000_000  # runs × edges per chunk


@dataclass
class EdgeSet:
    """The network's ties as directed edges sorted by target, ready for scatter-min."""

    src: np.ndarray
    dst: np.ndarray
    k: np.ndarray
    start: np.ndarray
    end: np.ndarray
    row: np.ndarray  # the Network tie row of each edge
    dst_nodes: np.ndarray
    offsets: np.ndarray
    n: int
    src_order: np.ndarray  # edge indices sorted by source
    src_ptr: np.ndarray  # (n + 1,) CSR offsets into src_order

    @classmethod
    def from_network(cls, net: Network) -> EdgeSet:
        src, dst, k, start, end, row = net.directed()
        order = np.lexsort((src, dst))
        dst = dst[order]
        dst_nodes, offsets = np.unique(dst, return_index=True)
        src = src[order]
        src_order = np.argsort(src, kind="stable")
        src_ptr = np.concatenate([[0], np.cumsum(np.bincount(src, minlength=net.n))])
        return cls(
            src,
            dst,
            k[order],
            start[order],
            end[order],
            row[order],
            dst_nodes,
            offsets,
            net.n,
            src_order,
            src_ptr,
        )

    @property
    def m(self) -> int:
        return len(self.src)

    def scatter_min(self, cand: np.ndarray, into: np.ndarray) -> np.ndarray:
        if self.m:
            red = np.minimum.reduceat(cand, self.offsets, axis=1)
            into[:, self.dst_nodes] = np.minimum(into[:, self.dst_nodes], red)
        return into


_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)


def _exp_hash(key: np.ndarray) -> np.ndarray:
    """Exp(1) variates from uint64 keys (splitmix64): the same key always gives the same draw."""
    with np.errstate(over="ignore"):
        z = key + _GOLD
        z = (z ^ (z >> np.uint64(30))) * _M1
        z = (z ^ (z >> np.uint64(27))) * _M2
        z = z ^ (z >> np.uint64(31))
    u = (z >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
    return -np.log1p(-u)


@dataclass
class Draw:
    """Counter-based Exp(1) draws for every (run, edge) and (run, state), computed only where needed.

    A draw depends on (seed, run id, edge or state) alone, so replaying the same runs — with X and
    without, or for each candidate seed set — uses common random numbers. `run_id` maps the rows of a
    simulation to run ids (several rows may replay the same run)."""

    seed: int
    run_id: np.ndarray

    @classmethod
    def new(cls, rng_or_seed: np.random.Generator | int, runs: int) -> Draw:
        seed = (
            int(rng_or_seed.integers(1 << 62))
            if isinstance(rng_or_seed, np.random.Generator)
            else int(rng_or_seed)
        )
        return cls(seed, np.arange(runs, dtype=np.uint64))

    def tiled(self, times: int) -> Draw:
        return Draw(self.seed, np.tile(self.run_id, times))

    def rows(self, a: int, b: int) -> Draw:
        return Draw(self.seed, self.run_id[a:b])

    def _base(self, stream: int) -> np.uint64:
        return np.uint64((self.seed * 0x2545F4914F6CDD1D + stream * 0x5851F42D4C957F2D) % (1 << 64))

    def edge(self, rows: np.ndarray, e: np.ndarray, m: int) -> np.ndarray:
        key = self.run_id[rows] * np.uint64(m) + e.astype(np.uint64)
        return _exp_hash(key ^ self._base(1))

    def node(self, n: int, stream: int) -> np.ndarray:
        """(runs × n) draws of one stream: 2 background, 3 pooled earlier adopters, 4 parent choice."""
        key = self.run_id[:, None] * np.uint64(n) + np.arange(n, dtype=np.uint64)[None, :]
        return _exp_hash(key ^ self._base(stream))

    def background(self, n: int) -> np.ndarray:
        return self.node(n, 2)


@dataclass
class SimResult:
    times: np.ndarray  # (R, n) adoption times, inf if not by `until`
    parents: np.ndarray | None  # (R, n) edge index, PARENT_BACKGROUND, or PARENT_NONE (seeded / not adopted)


def simulate(
    edges: EdgeSet,
    params: Params,
    fixed: np.ndarray,
    now: np.ndarray | float,
    until: np.ndarray | float,
    *,
    rng: np.random.Generator | None = None,
    draw: Draw | None = None,
    onward: bool = True,
    background: bool = True,
    parents: bool = False,
) -> SimResult:
    """Simulate from `fixed` (R × n: adoption times ≤ now of states that have acted, inf elsewhere) up to
    `until`. `onward=False` lets only the fixed adopters and the background act (no cascading)."""
    fixed = np.asarray(fixed, float)
    runs = fixed.shape[0]
    now = np.broadcast_to(np.asarray(now, float), (runs,))
    until = np.broadcast_to(np.asarray(until, float), (runs,))
    if np.any(np.isfinite(fixed) & (fixed > now[:, None] + 1e-9)):
        raise ValueError("seeded adoption times must not be later than the simulation start")
    if draw is None:
        draw = Draw.new(rng or np.random.default_rng(0), runs)
    if len(draw.run_id) != runs:
        raise ValueError("the draw has a different number of runs than the simulation")
    times = np.empty_like(fixed)
    par = np.full(fixed.shape, PARENT_NONE, dtype=np.int64) if parents else None
    step = max(1, _CELLS // max(edges.m, 1))
    for a in range(0, runs, step):
        b = min(runs, a + step)
        t, p = _run(
            edges, params, fixed[a:b], now[a:b], until[a:b], draw.rows(a, b), onward, background, parents
        )
        times[a:b] = t
        if par is not None and p is not None:
            par[a:b] = p
    return SimResult(times, par)


def _delays(e: np.ndarray, mass: np.ndarray, beta: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(e < mass, -np.log1p(-e / np.where(mass > 0, mass, 1.0)) / beta, np.inf)


def _expand(edges: EdgeSet, r: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (run, edge) pairs for the out-edges of the (run, state) pairs given."""
    lo, hi = edges.src_ptr[u], edges.src_ptr[u + 1]
    deg = hi - lo
    total = int(deg.sum())
    rr = np.repeat(r, deg)
    offs = np.arange(total) - np.repeat(np.cumsum(deg) - deg, deg)
    return rr, edges.src_order[np.repeat(lo, deg) + offs]


def _fixed_mass(
    edges: EdgeSet, params: Params, fixed: np.ndarray, now: np.ndarray
) -> tuple[np.ndarray, np.ndarray, list[tuple[np.ndarray, np.ndarray]]]:
    """The remaining mass M[r, v] = Σ_u α_k e^{−β(now − t_u)} that the states seeded in `fixed` still put
    on v. All their kernels share the shape β e^{−β s} from `now`, so together they act as one source of
    mass M (and which of them fired is drawn in proportion to its share). Computed once per distinct
    (seed pattern, now), not per run."""
    n = edges.n
    key = np.column_stack([np.where(np.isfinite(fixed), fixed, -1.0), now])
    # rows are grouped by a random projection (cheap), checked exactly against their group's first row
    proj = key @ np.random.default_rng(12345).random(n + 1)
    _, first, inv = np.unique(proj, return_index=True, return_inverse=True)
    inv = np.asarray(inv).ravel()
    if not np.array_equal(key, key[first][inv]):
        _, first, inv = np.unique(key, axis=0, return_index=True, return_inverse=True)
        inv = np.asarray(inv).ravel()
    pats = np.column_stack([fixed, now])[first]
    mass = np.zeros((len(pats), n))
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    alpha_e = params.alpha[edges.k]
    for p, row in enumerate(pats):
        f, t_now = row[:n], row[n]
        src = np.flatnonzero(np.isfinite(f))
        _, e = _expand(edges, np.zeros(len(src), dtype=np.int64), src)
        tu = f[edges.src[e]]
        valid = (edges.start[e] <= tu) & (tu < edges.end[e])
        rem = np.where(valid, alpha_e[e] * np.exp(-params.beta * (t_now - tu)), 0.0)
        keep = rem > 0
        e, rem = e[keep], rem[keep]
        order = np.lexsort((e, edges.dst[e]))
        parts.append((e[order], rem[order]))
        mass[p] = np.bincount(edges.dst[e], rem, minlength=n)
    return mass[inv], inv, parts


def _fixed_parents(
    edges: EdgeSet,
    parts: list[tuple[np.ndarray, np.ndarray]],
    inv: np.ndarray,
    r: np.ndarray,
    v: np.ndarray,
    u: np.ndarray,
    mass: np.ndarray,
) -> np.ndarray:
    """For (run, state) pairs set off by the seeded states, which edge fired: drawn with probability
    proportional to each source's remaining mass (u: uniform draws)."""
    out = np.empty(len(r), dtype=np.int64)
    for p in np.unique(inv[r]):
        sel = np.flatnonzero(inv[r] == p)
        e, rem = parts[p]
        d = edges.dst[e]
        cum = np.cumsum(rem)
        lo = np.searchsorted(d, v[sel], side="left")
        hi = np.searchsorted(d, v[sel], side="right")
        base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
        idx = np.searchsorted(cum, base + u[sel] * mass[sel], side="right")
        out[sel] = e[np.clip(idx, lo, hi - 1)]
    return out


def _run(
    edges: EdgeSet,
    params: Params,
    fixed: np.ndarray,
    now: np.ndarray,
    until: np.ndarray,
    draw: Draw,
    onward: bool,
    background: bool,
    want_parents: bool,
) -> tuple[np.ndarray, np.ndarray | None]:
    runs, n = fixed.shape
    isfixed = np.isfinite(fixed)
    alpha_e = params.alpha[edges.k]
    beta = params.beta
    times = params.mu_invert(now[:, None], draw.background(n)) if background else np.full((runs, n), np.inf)
    mass, inv, parts = _fixed_mass(edges, params, fixed, now)
    tfix = now[:, None] + _delays(draw.node(n, 3), mass, beta)
    times = np.where(isfixed, fixed, np.minimum(times, tfix))
    times[~isfixed & (times > until[:, None])] = np.inf

    def onward_candidates(r: np.ndarray, e: np.ndarray) -> np.ndarray:
        ts = times[r, edges.src[e]]
        valid = (edges.start[e] <= ts) & (ts < edges.end[e]) & ~isfixed[r, edges.src[e]]
        return np.where(
            valid, ts + _delays(draw.edge(r, e, edges.m), np.where(valid, alpha_e[e], 0.0), beta), np.inf
        )

    if onward and edges.m:
        r, u = np.nonzero(np.isfinite(times) & ~isfixed)
        while len(r):
            rr, ee = _expand(edges, r, u)
            dd = edges.dst[ee]
            cand = onward_candidates(rr, ee)
            keep = (cand < times[rr, dd]) & (cand <= until[rr]) & ~isfixed[rr, dd]
            rr, dd, cand = rr[keep], dd[keep], cand[keep]
            np.minimum.at(times, (rr, dd), cand)
            mark = np.zeros((runs, n), dtype=bool)
            mark[rr, dd] = True
            r, u = np.nonzero(mark)
    if not want_parents:
        return times, None
    par = np.full((runs, n), PARENT_NONE, dtype=np.int64)
    adopted = np.isfinite(times) & ~isfixed
    par[adopted] = PARENT_BACKGROUND
    if onward and edges.m:
        r, u = np.nonzero(adopted)
        rr, ee = _expand(edges, r, u)
        cand = onward_candidates(rr, ee)
        dd = edges.dst[ee]
        hit = np.isfinite(cand) & (cand == times[rr, dd]) & adopted[rr, dd]
        par[rr[hit], dd[hit]] = ee[hit]
    fr, fv = np.nonzero(adopted & (tfix == times))
    if len(fr):
        uni = -np.expm1(-draw.node(n, 4)[fr, fv])
        par[fr, fv] = _fixed_parents(edges, parts, inv, fr, fv, uni, mass[fr, fv])
    return times, par
