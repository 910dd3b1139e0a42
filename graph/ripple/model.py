"""Fitting the tie-typed cascade model by EM (closed-form M-step), with β chosen on a grid.

E-step: each observed adoption v at t_v is explained by one of its sources — an earlier adopter u through a
tie of type k, with weight α_k β e^{−β(t_v−t_u)}, or the background μ(t_v) — in proportion to its share of
λ_v(t_v) (the responsibilities). M-step: α_k = Σ responsibilities of type-k sources / Σ their integrated
kernels; μ_y = Σ background responsibilities in year y / state-years at risk in year y. Right-censoring
enters through the integrated kernels and the exposure, which stop at each cascade's `end`.

`mu_mode="yearly"` (the default) lets a common shock in one year be absorbed by μ_y instead of leaking
into the α; `"constant"` fits one μ (kept for comparison: it is what the common-shock test shows failing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from graph.ripple.data import Cascades, Network
from graph.ripple.pairs import PairSet, build_pairs
from graph.ripple.params import Params
from graph.ripple.simulate import EdgeSet

BETA_GRID: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


@dataclass
class EMResult:
    alpha: np.ndarray
    mu: np.ndarray
    loglik: float
    iterations: int


@dataclass
class Fit:
    """A fitted model: the parameters and what they were fitted on."""

    params: Params
    network: Network
    edges: EdgeSet
    loglik: float
    beta_profile: dict[float, float]
    n_cascades: int
    n_events: int
    exposure_by_type: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        return {
            **self.params.summary(),
            "loglik": round(self.loglik, 3),
            "beta_profile": {str(b): round(v, 3) for b, v in self.beta_profile.items()},
            "n_cascades": self.n_cascades,
            "n_events": self.n_events,
            "exposure_by_type": {k: round(v, 3) for k, v in self.exposure_by_type.items()},
        }


MU_SHRINK = 0.05


def em(
    ps: PairSet,
    beta: float,
    *,
    mu_mode: str = "yearly",
    max_iter: int = 1000,
    tol: float = 1e-9,
    alpha0: np.ndarray | None = None,
    fixed_alpha: np.ndarray | None = None,
    mu_shrink: float = MU_SHRINK,
) -> EMResult:
    """EM at a fixed β. `fixed_alpha` holds the α and fits only μ (used for the oracle and ablations).

    Each year's μ is shrunk toward the pooled rate by a Gamma prior worth `mu_shrink` × the median
    yearly exposure (so a year seen for a few days — the one a cutoff falls in — cannot produce a wild
    rate, while a real common shock, seen over a full year of exposure, is kept)."""
    kern = ps.kern(beta)
    comp = ps.comp(beta)
    comp_k = np.bincount(ps.k, comp, minlength=ps.n_types)
    ev_pair = ps.event >= 0
    pk, pe, pkern = ps.k[ev_pair], ps.event[ev_pair], kern[ev_pair]
    ne = ps.n_events
    y_ix = np.clip(ps.ev_year - ps.first_year, 0, len(ps.exposure) - 1)
    expo = ps.exposure
    alpha = (
        (np.full(ps.n_types, 0.1) if alpha0 is None else alpha0.copy())
        if fixed_alpha is None
        else np.asarray(fixed_alpha, float)
    )
    n_y = np.bincount(y_ix, minlength=len(expo)).astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        mu = np.where(expo > 0, 0.5 * n_y / expo, 0.0)
    if mu_mode == "constant":
        mu[:] = 0.5 * ne / max(expo.sum(), 1e-12)
    prior = mu_shrink * float(np.median(expo[expo > 0])) if (expo > 0).any() else 0.0
    if prior == 0:
        prior = 1e-12
    last = -np.inf
    it = 0
    ll = -np.inf
    for it in range(1, max_iter + 1):  # noqa: B007 - used after the loop
        exc = np.bincount(pe, alpha[pk] * pkern, minlength=ne)
        lam = mu[y_ix] + exc
        lam_safe = np.where(lam > 0, lam, 1e-300)
        ll = float(np.log(lam_safe).sum() - alpha @ comp_k - mu @ expo)
        if abs(ll - last) <= tol * max(1.0, abs(ll)):
            break
        last = ll
        if fixed_alpha is None:
            w = alpha[pk] * pkern / lam_safe[pe]
            with np.errstate(divide="ignore", invalid="ignore"):
                alpha = np.where(comp_k > 0, np.bincount(pk, w, minlength=ps.n_types) / comp_k, 0.0)
        rbg = mu[y_ix] / lam_safe
        pooled = rbg.sum() / max(expo.sum(), 1e-12)
        if mu_mode == "constant":
            mu[:] = pooled
        else:
            mu = (np.bincount(y_ix, rbg, minlength=len(expo)) + prior * pooled) / (expo + prior)
    return EMResult(alpha, mu, ll, it)


def fit(
    network: Network,
    cascades: Cascades,
    *,
    betas: Sequence[float] = BETA_GRID,
    mu_mode: str = "yearly",
    edges: EdgeSet | None = None,
    pairs: PairSet | None = None,
    max_iter: int = 1000,
) -> Fit:
    """Fit α (per tie type), β (grid, by training log-likelihood) and μ (per year) to the cascades."""
    edges = edges or EdgeSet.from_network(network)
    ps = pairs or build_pairs(edges, cascades, len(network.types))
    profile: dict[float, float] = {}
    best: tuple[float, EMResult] | None = None
    for b in betas:
        r = em(ps, b, mu_mode=mu_mode, max_iter=max_iter)
        profile[float(b)] = r.loglik
        if best is None or r.loglik > best[1].loglik:
            best = (float(b), r)
    if best is None:
        raise ValueError("no β to try")
    beta, r = best
    params = params_from_em(network.types, ps, beta, r)
    comp_k = np.bincount(ps.k, ps.comp(beta), minlength=len(network.types))
    return Fit(
        params,
        network,
        edges,
        r.loglik,
        profile,
        cascades.count,
        ps.n_events,
        {t: float(c) for t, c in zip(network.types, comp_k, strict=True)},
    )


def params_from_em(types: list[str], ps: PairSet, beta: float, r: EMResult) -> Params:
    observed = ps.exposure > 0
    default = float(np.median(r.mu[observed])) if observed.any() else 0.0
    r.mu[~observed] = default
    return Params(
        list(types), r.alpha, beta, ps.first_year, r.mu.copy(), default, extra={"em_iterations": r.iterations}
    )


def bootstrap_alpha(
    fitted: Fit, cascades: Cascades, *, reps: int = 200, seed: int = 0, level: float = 0.9
) -> dict[str, tuple[float, float]]:
    """Percentile intervals for α_k, resampling whole cascades (β held at its fitted value)."""
    rng = np.random.default_rng(seed)
    draws = np.empty((reps, len(fitted.network.types)))
    for i in range(reps):
        rows = rng.integers(0, cascades.count, cascades.count)
        ps = build_pairs(fitted.edges, cascades.subset(rows), len(fitted.network.types))
        draws[i] = em(ps, fitted.params.beta, max_iter=300, tol=1e-7).alpha
    lo, hi = np.quantile(draws, [(1 - level) / 2, (1 + level) / 2], axis=0)
    return {t: (float(a), float(b)) for t, a, b in zip(fitted.network.types, lo, hi, strict=True)}
