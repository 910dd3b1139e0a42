"""Scores for the backtest: ROC-AUC, R-precision, precision/recall at a budget, Brier, log loss, calibration,
and bootstrap intervals over cascades. Pure numpy."""

from __future__ import annotations

import numpy as np


def _ranks(x: np.ndarray) -> np.ndarray:
    """Average ranks (1-based), ties sharing the mean rank."""
    order = np.argsort(x, kind="mergesort")
    xs = x[order]
    ranks = np.empty(len(x))
    boundaries = np.flatnonzero(np.diff(xs) != 0) + 1
    starts = np.concatenate([[0], boundaries])
    ends = np.concatenate([boundaries, [len(x)]])
    avg = (starts + ends + 1) / 2.0
    ranks[order] = np.repeat(avg, ends - starts)
    return ranks


def auc(y: np.ndarray, s: np.ndarray) -> float:
    """ROC-AUC (Mann–Whitney, ties count half); nan when only one class is present."""
    y = np.asarray(y, bool)
    pos = int(y.sum())
    neg = len(y) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    r = _ranks(np.asarray(s, float))
    return float((r[y].sum() - pos * (pos + 1) / 2) / (pos * neg))


def macro_auc(y: np.ndarray, s: np.ndarray, groups: np.ndarray) -> float:
    vals = [auc(y[groups == g], s[groups == g]) for g in np.unique(groups)]
    vals = [v for v in vals if not np.isnan(v)]
    return float(np.mean(vals)) if vals else float("nan")


def top_k(s: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """A mask of the k highest scores (ties broken at random, seeded)."""
    rng = np.random.default_rng(seed)
    order = np.lexsort((rng.random(len(s)), -np.asarray(s, float)))
    mask = np.zeros(len(s), bool)
    mask[order[:k]] = True
    return mask


def precision_recall_at(y: np.ndarray, s: np.ndarray, k: int) -> tuple[float, float]:
    y = np.asarray(y, bool)
    if k <= 0:
        return float("nan"), 0.0
    flagged = top_k(s, k)
    tp = int((flagged & y).sum())
    return tp / k, tp / max(int(y.sum()), 1)


def brier(y: np.ndarray, p: np.ndarray) -> float:
    return float(np.mean((np.asarray(p, float) - np.asarray(y, float)) ** 2))


def log_loss(y: np.ndarray, p: np.ndarray, eps: float = 1e-6) -> float:
    p = np.clip(np.asarray(p, float), eps, 1 - eps)
    y = np.asarray(y, float)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    """Reliability bins: mean predicted p, observed rate and count per bin of p."""
    p = np.asarray(p, float)
    y = np.asarray(y, float)
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges) - 1, 0, bins - 1)
    out = []
    for b in range(bins):
        m = idx == b
        if m.any():
            out.append(
                {
                    "lo": float(edges[b]),
                    "hi": float(edges[b + 1]),
                    "mean_p": float(p[m].mean()),
                    "rate": float(y[m].mean()),
                    "n": int(m.sum()),
                }
            )
    return out


def group_weights(groups: np.ndarray, reps: int, seed: int = 0) -> np.ndarray:
    """(reps × rows) multiplicities of a bootstrap that resamples whole groups (cascades) with replacement."""
    rng = np.random.default_rng(seed)
    uniq, inv = np.unique(groups, return_inverse=True)
    counts = rng.multinomial(len(uniq), np.full(len(uniq), 1 / len(uniq)), size=reps)
    return counts[:, inv].astype(float)


def weighted_auc(y: np.ndarray, s: np.ndarray, w: np.ndarray) -> np.ndarray:
    """AUC under row weights, for each row of `w` (reps × rows) at once; ties count half."""
    y = np.asarray(y, bool)
    order = np.argsort(s, kind="mergesort")
    ss, ys, ws = np.asarray(s, float)[order], y[order], np.atleast_2d(w)[:, order]
    starts = np.concatenate([[0], np.flatnonzero(np.diff(ss) != 0) + 1])
    pos = np.add.reduceat(ws * ys, starts, axis=1)
    neg = np.add.reduceat(ws * ~ys, starts, axis=1)
    below = np.cumsum(neg, axis=1) - neg
    num = (pos * (below + 0.5 * neg)).sum(axis=1)
    den = pos.sum(axis=1) * neg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def interval(values: np.ndarray, level: float = 0.9) -> tuple[float, float]:
    v = values[~np.isnan(values)]
    if len(v) == 0:
        return float("nan"), float("nan")
    lo, hi = np.quantile(v, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)
