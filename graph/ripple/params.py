"""The parameters of the tie-typed cascade model and the background-hazard arithmetic.

    λ_v(t) = μ(t) + Σ_{u acted at t_u < t, tie(u,v) of type k valid at t_u} α_k · β · e^{−β (t − t_u)}

μ(t) is piecewise constant by calendar year (`mu[i]` for year `first_year + i`); outside the fitted
years it is `mu_default`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from graph.ripple.data import year_of, year_start


@dataclass
class Params:
    types: list[str]
    alpha: np.ndarray  # (K,) pressure per tie of each type
    beta: float  # per year; mean transmitted lag 1/β
    first_year: int
    mu: np.ndarray  # (Y,) background hazard per state-year, by calendar year
    mu_default: float  # background hazard outside the fitted years
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def constant(
        cls,
        types: list[str],
        alpha: dict[str, float] | np.ndarray,
        beta: float,
        mu: float,
        first_year: int = 1990,
        last_year: int = 2040,
    ) -> Params:
        a = (
            np.array([alpha[t] for t in types], float)
            if isinstance(alpha, dict)
            else np.asarray(alpha, float)
        )
        return cls(
            types, a, float(beta), first_year, np.full(last_year - first_year + 1, float(mu)), float(mu)
        )

    def with_alpha(self, alpha: np.ndarray) -> Params:
        return replace(self, alpha=np.asarray(alpha, float))

    def alpha_of(self, type_name: str) -> float:
        return float(self.alpha[self.types.index(type_name)])

    # -- background -------------------------------------------------------------------------------
    def _knots(self) -> tuple[np.ndarray, np.ndarray]:
        b = year_start(np.arange(self.first_year, self.first_year + len(self.mu) + 1))
        cum = np.concatenate([[0.0], np.cumsum(self.mu)])
        return b, cum

    def mu_at(self, t: np.ndarray | float) -> np.ndarray:
        y = year_of(t) - self.first_year
        inside = (y >= 0) & (y < len(self.mu))
        return np.where(inside, self.mu[np.clip(y, 0, len(self.mu) - 1)], self.mu_default)

    def mu_cum(self, t: np.ndarray | float) -> np.ndarray:
        """M(t) = ∫_{first_year}^t μ (negative before the first fitted year)."""
        t = np.asarray(t, dtype=float)
        b, cum = self._knots()
        ti = np.where(np.isfinite(t), t, b[0])
        i = np.clip(np.floor(ti - b[0]).astype(np.int64), 0, len(self.mu) - 1)
        mid = cum[i] + self.mu[i] * (ti - b[i])
        with np.errstate(invalid="ignore"):
            before = self.mu_default * (t - b[0]) if self.mu_default else np.zeros_like(t)
            after = cum[-1] + (self.mu_default * (t - b[-1]) if self.mu_default else 0.0)
        out = np.where(t < b[0], before, np.where(t > b[-1], after, mid))
        return np.where(np.isposinf(t), np.inf if self.mu_default > 0 else cum[-1], out)

    def mu_integral(self, a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
        """∫_a^b μ(t) dt (0 where b ≤ a)."""
        a = np.asarray(a, float)
        b = np.asarray(b, float)
        with np.errstate(invalid="ignore"):
            return np.where(b > a, self.mu_cum(np.maximum(b, a)) - self.mu_cum(a), 0.0)

    def mu_invert(self, s: np.ndarray, e: np.ndarray) -> np.ndarray:
        """The time t ≥ s at which ∫_s^t μ = e (inf if never): draws background adoption times."""
        s = np.asarray(s, float)
        e = np.asarray(e, float)
        b, cum = self._knots()
        target = self.mu_cum(s) + e
        out = np.full(np.broadcast(s, e).shape, np.inf)
        target = np.broadcast_to(target, out.shape)
        with np.errstate(divide="ignore", invalid="ignore"):
            pre = target < 0
            if self.mu_default > 0:
                out = np.where(pre, b[0] + target / self.mu_default, out)
            inside = ~pre & (target <= cum[-1])
            i = np.clip(np.searchsorted(cum, target, side="left"), 1, len(cum) - 1)
            seg = b[i - 1] + (target - cum[i - 1]) / np.where(self.mu[i - 1] > 0, self.mu[i - 1], np.inf)
            out = np.where(inside, np.where(target <= 0, b[0], seg), out)
            post = target > cum[-1]
            if self.mu_default > 0:
                out = np.where(post, b[-1] + (target - cum[-1]) / self.mu_default, out)
        return np.maximum(out, s)

    def summary(self) -> dict[str, object]:
        return {
            "alpha": {t: round(float(a), 6) for t, a in zip(self.types, self.alpha, strict=True)},
            "beta_per_year": self.beta,
            "mean_lag_days": round(365.25 / self.beta, 1) if self.beta > 0 else None,
            "mu_by_year": {str(self.first_year + i): round(float(m), 6) for i, m in enumerate(self.mu)},
            "mu_default": round(self.mu_default, 6),
            **self.extra,
        }
