"""The backtest (RIPPLE.md §3): rolling-origin evaluation of "who acts next".

For each cutoff T the model is fitted only on what was known at T (events ≤ T, exposure censored at T,
β chosen on the grid, μ by year). The prediction set is every state that had not acted by T in every
cascade live at T (t0 ≤ T < t0 + W); the label is "acts in (T, T + h]" (within the cascade's window).
Cascades that start after T are not predicted. The model (M1 closed form, M2 Monte Carlo) is scored
beside the baselines B0–B3 with pooled and per-cascade AUC, R-precision, precision/recall at B1's flag
budget, Brier score, log loss and calibration, with bootstrap intervals over cascades.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from graph.ripple import metrics as mt
from graph.ripple.baselines import eha_training, features, first_mover_allies, fit_logit, neighbour_counts
from graph.ripple.data import Cascades, Network, to_date
from graph.ripple.forecast import cumulative_hazard
from graph.ripple.model import BETA_GRID, fit
from graph.ripple.simulate import EdgeSet, simulate

MODELS = (
    "M1 closed form",
    "M2 Monte Carlo",
    "B0 random",
    "B1 allies of first mover",
    "B2 adopted neighbours",
    "B3 EHA logit",
)
PROBABILISTIC = ("M1 closed form", "M2 Monte Carlo", "B0 random", "B3 EHA logit")


@dataclass
class Predictions:
    cutoff: list[float] = field(default_factory=list)
    cascade: list[int] = field(default_factory=list)
    state: list[int] = field(default_factory=list)
    label: list[bool] = field(default_factory=list)
    score: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in MODELS})
    prob: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in PROBABILISTIC})
    fitted_alpha: dict[str, dict[str, float]] = field(default_factory=dict)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray], dict[str, np.ndarray]]:
        groups = np.array([f"{c}@{t:.3f}" for c, t in zip(self.cascade, self.cutoff, strict=True)])
        return (
            np.array(self.label, bool),
            groups,
            {m: np.array(v, float) for m, v in self.score.items()},
            {m: np.array(v, float) for m, v in self.prob.items()},
        )


def predict(
    network: Network,
    cascades: Cascades,
    cutoffs: list[float],
    *,
    horizon: float = 2.0,
    window: float = 5.0,
    runs: int = 200,
    seed: int = 0,
    betas: tuple[float, ...] = BETA_GRID,
    data_end: float | None = None,
) -> Predictions:
    edges = EdgeSet.from_network(network)
    k = len(network.types)
    end_all = data_end if data_end is not None else float(np.max(cascades.end))
    out = Predictions()
    rng = np.random.default_rng(seed)
    for cut in cutoffs:
        if cut + horizon > end_all + 1e-9:
            raise ValueError(f"cutoff {to_date(cut)} + horizon runs past the data's end {to_date(end_all)}")
        train = cascades.censored(cut)
        if train.count == 0:
            continue
        fitted = fit(network, train, betas=betas, edges=edges)
        out.fitted_alpha[str(to_date(cut))] = dict(
            zip(network.types, fitted.params.alpha.round(4).tolist(), strict=True)
        )
        live = np.flatnonzero((cascades.start <= cut) & (cut < cascades.start + window))
        if len(live) == 0:
            continue
        known = np.where(cascades.times[live] <= cut, cascades.times[live], np.inf)
        h = np.minimum(horizon, cascades.end[live] - cut)
        lam = cumulative_hazard(edges, fitted.params, known, cut, h)
        fixed = np.repeat(known, runs, axis=0)
        sim = simulate(edges, fitted.params, fixed, cut, np.repeat(cut + h, runs), rng=rng)
        p_mc = np.isfinite(sim.times).reshape(len(live), runs, -1).mean(axis=1)
        counts = neighbour_counts(edges, k, known, np.full(len(live), cut))
        ally = first_mover_allies(edges, cascades.first[live], np.full(len(live), cut))
        x_now = features(
            edges, k, cascades.subset(live).censored(cut), np.arange(len(live)), np.full(len(live), cut)
        )
        xt, yt = eha_training(edges, k, train, cut, horizon, window)
        logit = fit_logit(xt, yt) if len(yt) and 0 < yt.sum() < len(yt) else None
        base_rate = float(yt.mean()) if len(yt) else 0.0
        truth = cascades.times[live]
        for i, c in enumerate(live):
            at_risk = np.flatnonzero(~np.isfinite(known[i]))
            at_risk = at_risk[at_risk != cascades.first[c]]
            n = len(at_risk)
            out.cutoff += [cut] * n
            out.cascade += [int(c)] * n
            out.state += at_risk.tolist()
            out.label += ((truth[i, at_risk] > cut) & (truth[i, at_risk] <= cut + h[i])).tolist()
            m1 = (1 - np.exp(-lam[i, at_risk])).tolist()
            m2 = p_mc[i, at_risk].tolist()
            b3 = (logit.predict(x_now[i, at_risk]) if logit is not None else np.full(n, base_rate)).tolist()
            out.score["M1 closed form"] += m1
            out.prob["M1 closed form"] += m1
            out.score["M2 Monte Carlo"] += m2
            out.prob["M2 Monte Carlo"] += m2
            out.score["B0 random"] += rng.random(n).tolist()
            out.prob["B0 random"] += [base_rate] * n
            out.score["B1 allies of first mover"] += ally[i, at_risk].astype(float).tolist()
            out.score["B2 adopted neighbours"] += counts[i, at_risk].sum(axis=1).tolist()
            out.score["B3 EHA logit"] += b3
            out.prob["B3 EHA logit"] += b3
    return out


def score(pred: Predictions, *, reps: int = 300, seed: int = 0) -> dict[str, object]:
    y, groups, s, prob = pred.arrays()
    if len(y) == 0:
        return {"rows": [], "n": 0, "positives": 0}
    budget = int(s["B1 allies of first mover"].sum())
    weights = mt.group_weights(groups, reps, seed)
    boot = {m: mt.weighted_auc(y, s[m], weights) for m in MODELS}
    rows = []
    for m in MODELS:
        sc = s[m]
        p_at, r_at = mt.precision_recall_at(y, sc, budget)
        kpos = int(y.sum())
        row: dict[str, object] = {
            "model": m,
            "auc": mt.auc(y, sc),
            "auc_ci": mt.interval(boot[m]),
            "macro_auc": mt.macro_auc(y, sc, groups),
            "r_precision": mt.precision_recall_at(y, sc, kpos)[0] if kpos else float("nan"),
            "precision_at_budget": p_at,
            "recall_at_budget": r_at,
        }
        if m in PROBABILISTIC:
            pr = prob[m]
            row |= {
                "brier": mt.brier(y, pr),
                "log_loss": mt.log_loss(y, pr),
                "sum_p": float(pr.sum()),
                "calibration_ratio": float(pr.sum() / max(kpos, 1)),
                "reliability": mt.reliability(y, pr),
            }
        rows.append(row)
    diffs = {}
    for a, b in (
        ("M2 Monte Carlo", "B3 EHA logit"),
        ("M2 Monte Carlo", "B1 allies of first mover"),
        ("M1 closed form", "B3 EHA logit"),
    ):
        diffs[f"{a} − {b}"] = {
            "auc_diff": mt.auc(y, s[a]) - mt.auc(y, s[b]),
            "ci": mt.interval(boot[a] - boot[b]),
        }
    return {
        "rows": rows,
        "differences": diffs,
        "n": len(y),
        "positives": int(y.sum()),
        "cascades": len(np.unique(groups)),
        "budget": budget,
        "fitted_alpha": pred.fitted_alpha,
    }


def backtest(
    network: Network,
    cascades: Cascades,
    cutoffs: list[float],
    *,
    horizon: float = 2.0,
    window: float = 5.0,
    runs: int = 200,
    seed: int = 0,
    reps: int = 300,
    data_end: float | None = None,
) -> dict[str, object]:
    pred = predict(
        network, cascades, cutoffs, horizon=horizon, window=window, runs=runs, seed=seed, data_end=data_end
    )
    report = score(pred, reps=reps, seed=seed)
    report["parameters"] = {
        "cutoffs": [str(to_date(c)) for c in cutoffs],
        "horizon_years": horizon,
        "window_years": window,
        "mc_runs": runs,
        "bootstrap_reps": reps,
        "seed": seed,
    }
    return report
