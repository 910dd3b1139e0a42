"""The backtest's baselines (RIPPLE.md §3.4): B0 random, B1 all allies of the first mover, B2 the number of
adopted neighbours, B3 a monadic event-history logit (exposure counts per tie type, ally-of-first-mover
flag, years since the trigger) trained on yearly slices whose label window ends by the cutoff."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from graph.ripple.data import Cascades
from graph.ripple.simulate import EdgeSet


def neighbour_counts(edges: EdgeSet, n_types: int, times: np.ndarray, at: np.ndarray) -> np.ndarray:
    """(S, n, K): for each slice (a row of adoption times and a date), the number of tied states of each
    type that had acted by the date (tie valid when they acted)."""
    times = np.atleast_2d(times)
    at = np.broadcast_to(np.asarray(at, float), (times.shape[0],))
    out = np.zeros((times.shape[0], edges.n, n_types))
    tu = times[:, edges.src]
    ok = (tu <= at[:, None]) & (edges.start <= tu) & (tu < edges.end)
    s, e = np.nonzero(ok)
    np.add.at(out, (s, edges.dst[e], edges.k[e]), 1.0)
    return out


def first_mover_allies(edges: EdgeSet, first: np.ndarray, at: np.ndarray) -> np.ndarray:
    """(S, n) bool: tied (any type, valid at `at`) to the slice's first mover."""
    first = np.atleast_1d(first)
    at = np.broadcast_to(np.asarray(at, float), first.shape)
    out = np.zeros((len(first), edges.n), bool)
    for i, (f, t) in enumerate(zip(first, at, strict=True)):
        m = (edges.src == f) & (edges.start <= t) & (t < edges.end)
        out[i, edges.dst[m]] = True
    return out


def features(
    edges: EdgeSet, n_types: int, cascades: Cascades, rows: np.ndarray, at: np.ndarray
) -> np.ndarray:
    """(S, n, K + 2) EHA features at `at` for cascades `rows`: counts per type, ally flag, years since t0."""
    counts = neighbour_counts(edges, n_types, cascades.times[rows], at)
    ally = first_mover_allies(edges, cascades.first[rows], at)[:, :, None].astype(float)
    since = np.broadcast_to((at - cascades.start[rows])[:, None, None], ally.shape)
    return np.concatenate([counts, ally, since], axis=2)


@dataclass
class Logit:
    coef: np.ndarray
    mean: np.ndarray
    scale: np.ndarray

    def predict(self, x: np.ndarray) -> np.ndarray:
        z = (x - self.mean) / self.scale
        return 1 / (1 + np.exp(-(self.coef[0] + z @ self.coef[1:])))


def _distinct_rows(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows and each row's group, via a random projection (fast), checked exactly."""
    proj = x @ np.random.default_rng(54321).random(x.shape[1])
    _, first, inv = np.unique(proj, return_index=True, return_inverse=True)
    inv = np.asarray(inv).ravel()
    if not np.array_equal(x, x[first][inv]):
        _, first, inv = np.unique(x, axis=0, return_index=True, return_inverse=True)
        inv = np.asarray(inv).ravel()
    return x[first], inv


def fit_logit(x: np.ndarray, y: np.ndarray, l2: float = 1.0, iterations: int = 30) -> Logit:
    """L2-penalised logistic regression by Newton–Raphson (IRLS) on standardised features. Identical rows
    are merged first (binomial counts), which shrinks the state-year table by an order of magnitude."""
    mean = x.mean(axis=0)
    scale = np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    rows, inv = _distinct_rows(x)
    n = np.bincount(inv, minlength=len(rows)).astype(float)
    k = np.bincount(inv, weights=y, minlength=len(rows))
    z = np.column_stack([np.ones(len(rows)), (rows - mean) / scale])
    w = np.zeros(z.shape[1])
    pen = np.full(z.shape[1], l2)
    pen[0] = 0.0
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(z @ w)))
        grad = z.T @ (k - n * p) - pen * w
        hess = (z.T * (n * p * (1 - p))) @ z + np.diag(pen) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w += step
        if np.max(np.abs(step)) < 1e-8:
            break
    return Logit(w, mean, scale)


def eha_training(
    edges: EdgeSet, n_types: int, cascades: Cascades, cutoff: float, horizon: float, window: float
) -> tuple[np.ndarray, np.ndarray]:
    """Rows (state at risk, cascade, yearly origin s ≤ cutoff − h) with label 'acts in (s, s + h]', from
    cascades censored at the cutoff (so every label is known by then)."""
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    s = cutoff - horizon
    earliest = float(cascades.start.min()) if cascades.count else np.inf
    while s >= earliest:
        rows = np.flatnonzero((cascades.start <= s) & (s < cascades.start + window))
        if len(rows):
            x = features(edges, n_types, cascades, rows, np.full(len(rows), s))
            t = cascades.times[rows]
            end = np.minimum(s + horizon, cascades.end[rows])[:, None]
            risk = t > s
            label = (t > s) & (t <= end)
            xs.append(x[risk])
            ys.append(label[risk].astype(float))
        s -= 1.0
    if not xs:
        return np.zeros((0, n_types + 2)), np.zeros(0)
    return np.concatenate(xs), np.concatenate(ys)
