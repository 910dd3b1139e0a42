"""The sufficient statistics of the model, built once per (network, cascades) and reused for every β:

* `events`: every observed adoption of a state at risk (c, v, t_v) — the likelihood's log λ terms;
* `pairs`: every (cascade, earlier adopter u, partner v at risk, tie type k) with the tie valid at t_u and
  t_u before v's exposure ended — each is one source in v's hazard; for adopted v it is a candidate parent;
* `exposure`: person-years at risk by calendar year — the background part of the compensator.

A state is at risk in cascade c from `start[c]` until it adopts or observation ends (`end[c]`); states that
adopted at or before `start[c]` (the trigger state, pre-adopters) are sources only. Exposure is censored at
`end[c]`, so a cascade cut by a fitting cutoff contributes exactly what was known then.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.ripple.data import Cascades, year_of, year_start
from graph.ripple.simulate import EdgeSet

_CELLS = 4_000_000


@dataclass
class PairSet:
    # events (adoptions of states at risk)
    ev_c: np.ndarray
    ev_v: np.ndarray
    ev_t: np.ndarray
    ev_year: np.ndarray  # calendar year
    # pairs (sources)
    c: np.ndarray
    u: np.ndarray
    v: np.ndarray
    k: np.ndarray
    edge: np.ndarray  # index into the EdgeSet
    tu: np.ndarray
    t_from: np.ndarray  # exposure start for this source: max(start_c, t_u)
    t_to: np.ndarray  # exposure end: min(t_v, end_c)
    event: np.ndarray  # event index of the target's adoption, −1 if it did not adopt
    # background exposure
    first_year: int
    exposure: np.ndarray  # (Y,) state-years at risk per calendar year
    n_types: int

    @property
    def n_events(self) -> int:
        return len(self.ev_c)

    def comp(self, beta: float) -> np.ndarray:
        """Each source's integrated kernel over its exposure: e^{−β(t_from−t_u)} − e^{−β(t_to−t_u)}."""
        return np.exp(-beta * (self.t_from - self.tu)) - np.exp(-beta * (self.t_to - self.tu))

    def kern(self, beta: float) -> np.ndarray:
        """β e^{−β(t_v − t_u)} for pairs whose target adopted (0 elsewhere)."""
        adopted = self.event >= 0
        dt = np.where(adopted, self.t_to - self.tu, 0.0)
        return np.where(adopted, beta * np.exp(-beta * dt), 0.0)


def build_pairs(
    edges: EdgeSet,
    cascades: Cascades,
    n_types: int,
    first_year: int | None = None,
    last_year: int | None = None,
) -> PairSet:
    times = np.where(cascades.times <= cascades.end[:, None], cascades.times, np.inf)
    start, end = cascades.start, cascades.end
    at_risk = times > start[:, None]
    tau = np.minimum(times, end[:, None])  # exposure end per (c, v)
    # events
    ev = at_risk & np.isfinite(times)
    ev_c, ev_v = np.nonzero(ev)
    ev_t = times[ev_c, ev_v]
    event_id = np.full(times.shape, -1, dtype=np.int64)
    event_id[ev_c, ev_v] = np.arange(len(ev_c))
    # pairs, in chunks of cascades
    parts: list[tuple[np.ndarray, ...]] = []
    step = max(1, _CELLS // max(edges.m, 1))
    for a in range(0, cascades.count, step):
        b = min(cascades.count, a + step)
        tu = times[a:b][:, edges.src]
        tv_end = tau[a:b][:, edges.dst]
        ok = (
            np.isfinite(tu)
            & at_risk[a:b][:, edges.dst]
            & (tu < tv_end)
            & (edges.start <= tu)
            & (tu < edges.end)
        )
        rc, re = np.nonzero(ok)
        parts.append((rc + a, re, tu[rc, re], tv_end[rc, re]))
    if parts:
        pc, pe, ptu, pto = (np.concatenate(x) for x in zip(*parts, strict=True))
    else:
        pc = pe = np.zeros(0, np.int64)
        ptu = pto = np.zeros(0)
    pv = edges.dst[pe]
    # background exposure by calendar year
    rc, rv = np.nonzero(at_risk & (tau > start[:, None]))
    lo, hi = start[rc], tau[rc, rv]
    finite_ends = np.concatenate([hi[np.isfinite(hi)], ev_t, start])
    y0 = int(year_of(finite_ends.min())) if first_year is None and len(finite_ends) else (first_year or 2000)
    y1 = int(year_of(finite_ends.max())) if last_year is None and len(finite_ends) else (last_year or y0)
    ys = year_start(np.arange(y0, y1 + 1))
    exposure = np.zeros(len(ys))
    for a in range(0, len(lo), 200_000):
        la, ha = lo[a : a + 200_000, None], hi[a : a + 200_000, None]
        exposure += (np.clip(ha, ys, ys + 1) - np.clip(la, ys, ys + 1)).sum(axis=0)
    return PairSet(
        ev_c=ev_c,
        ev_v=ev_v,
        ev_t=ev_t,
        ev_year=year_of(ev_t) if len(ev_t) else np.zeros(0, int),
        c=pc,
        u=edges.src[pe],
        v=pv,
        k=edges.k[pe],
        edge=pe,
        tu=ptu,
        t_from=np.maximum(start[pc], ptu),
        t_to=pto,
        event=event_id[pc, pv],
        first_year=y0,
        exposure=exposure,
        n_types=n_types,
    )
