"""The simulator and the forecasts against closed forms (RIPPLE.md F3, F4): a single source, a path, a star;
the closed form equals Monte Carlo without onward cascading; adding an adopted ally never lowers a
probability; tie validity and the yearly background are respected."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import numpy as np
import pytest

from graph.ripple.data import Network, to_t
from graph.ripple.forecast import closed_form, cumulative_hazard, monte_carlo
from graph.ripple.params import Params
from graph.ripple.simulate import EdgeSet, simulate
from graph.ripple.synthetic import make_world

RUNS = 4000


def _net(g: nx.Graph, kind: str = "x", start: dt.date | None = None) -> Network:
    m = nx.MultiGraph()
    m.add_nodes_from(g.nodes)
    for a, b in g.edges:
        m.add_edge(a, b, type=kind, start=start)
    return Network.from_graph(m)


def _within_3_sigma(est: float, exact: float, runs: int, k: float = 3.0) -> bool:
    sd = np.sqrt(max(exact * (1 - exact), 1e-12) / runs)
    return abs(est - exact) <= k * sd + 1e-12


ALPHA, BETA = 0.7, 2.0
PARAMS = Params.constant(["x"], {"x": ALPHA}, beta=BETA, mu=0.0)


def _seeded(n: int, runs: int = RUNS) -> np.ndarray:
    fixed = np.full((runs, n), np.inf)
    fixed[:, 0] = 0.0
    return fixed


@pytest.mark.parametrize("h", [0.25, 1.0])
def test_single_source_matches_the_closed_form(h: float) -> None:
    es = EdgeSet.from_network(_net(nx.path_graph(2)))
    sim = simulate(es, PARAMS, _seeded(2), 0.0, h, rng=np.random.default_rng(1))
    exact = 1 - np.exp(-ALPHA * (1 - np.exp(-BETA * h)))
    assert _within_3_sigma(float(np.isfinite(sim.times[:, 1]).mean()), exact, RUNS)


def test_path_graph_reach_probabilities() -> None:
    n = 5
    es = EdgeSet.from_network(_net(nx.path_graph(n)))
    sim = simulate(es, PARAMS, _seeded(n), 0.0, 1e6, rng=np.random.default_rng(2))
    q = 1 - np.exp(-ALPHA)
    for j in range(1, n):
        assert _within_3_sigma(float(np.isfinite(sim.times[:, j]).mean()), q**j, RUNS), j


def test_star_expected_spread() -> None:
    leaves = 12
    es = EdgeSet.from_network(_net(nx.star_graph(leaves)))
    sim = simulate(es, PARAMS, _seeded(leaves + 1), 0.0, 1e6, rng=np.random.default_rng(3))
    q = 1 - np.exp(-ALPHA)
    counts = np.isfinite(sim.times[:, 1:]).sum(axis=1)
    sd = np.sqrt(leaves * q * (1 - q) / RUNS)
    assert abs(counts.mean() - leaves * q) <= 3 * sd


def test_a_tie_not_yet_valid_carries_nothing() -> None:
    es = EdgeSet.from_network(_net(nx.path_graph(2), start=dt.date(2020, 1, 1)))
    fixed = _seeded(2, 500)
    fixed[:, 0] = to_t(dt.date(2019, 6, 1))
    sim = simulate(es, PARAMS, fixed, fixed[0, 0], fixed[0, 0] + 5, rng=np.random.default_rng(4))
    assert not np.isfinite(sim.times[:, 1]).any()


def test_background_by_year_is_integrated_and_inverted() -> None:
    p = Params.constant(["x"], {"x": 0.0}, beta=1.0, mu=0.1, first_year=2000, last_year=2005)
    p.mu[2] = 0.5  # 2002
    a, b = to_t(dt.date(2001, 7, 2)), to_t(dt.date(2003, 1, 1))
    assert float(p.mu_integral(a, b)) == pytest.approx(0.1 * 0.5 + 0.5, abs=0.01)
    e = np.array([0.01, 0.3, 2.0])
    t = p.mu_invert(np.full(3, a), e)
    assert np.allclose(p.mu_integral(np.full(3, a), t), e)
    es = EdgeSet.from_network(_net(nx.empty_graph(3)))
    sim = simulate(es, p, np.full((RUNS, 3), np.inf), a, b, rng=np.random.default_rng(5))
    assert _within_3_sigma(float(np.isfinite(sim.times).mean()), 1 - np.exp(-(0.05 + 0.5)), RUNS * 3)


@pytest.fixture(scope="module")
def planted():  # type: ignore[no-untyped-def]
    return make_world("planted", cascades=120, seed=3)


def test_closed_form_equals_monte_carlo_without_onward_cascading(planted) -> None:  # type: ignore[no-untyped-def]
    es = EdgeSet.from_network(planted.network)
    params = planted.truth.with_alpha(planted.truth.alpha[: len(planted.network.types)])
    times = planted.cascades.times[-1]
    at = planted.data_end
    cf = {f.v: f.p for f in closed_form(es, params, times, at, 2.0)}
    mc = monte_carlo(es, params, times, at, 2.0, runs=RUNS, seed=7, onward=False)
    # every state within 4.5σ (about 200 states are compared), and the total within 3σ
    for v, p in cf.items():
        assert _within_3_sigma(float(mc[v]), p, RUNS, k=4.5), v
    sd_total = np.sqrt(sum(p * (1 - p) for p in cf.values()) / RUNS)
    assert abs(sum(float(mc[v]) for v in cf) - sum(cf.values())) <= 3 * sd_total
    lam = cumulative_hazard(es, params, times[None, :], at, np.array([2.0]))[0]
    assert np.allclose([1 - np.exp(-lam[v]) for v in cf], list(cf.values()))
    # with onward cascading the simulation can only add adopters
    onward = monte_carlo(es, params, times, at, 2.0, runs=RUNS, seed=7)
    assert np.nansum(onward) >= np.nansum(mc)


def test_adding_an_adopted_ally_never_lowers_a_probability(planted) -> None:  # type: ignore[no-untyped-def]
    es = EdgeSet.from_network(planted.network)
    params = planted.truth.with_alpha(planted.truth.alpha[: len(planted.network.types)])
    at = planted.data_end
    rng = np.random.default_rng(11)
    for _ in range(5):
        times = planted.cascades.times[int(rng.integers(planted.cascades.count))].copy()
        before = {f.v: f.p for f in closed_form(es, params, times, at, 2.0)}
        newcomer = int(rng.choice([v for v in before if before[v] < 1]))
        times[newcomer] = at - 0.1
        after = {f.v: f.p for f in closed_form(es, params, times, at, 2.0)}
        assert all(after[v] >= before[v] - 1e-12 for v in after)
        allies = planted.network.neighbours(newcomer, at - 0.1)
        assert any(after[v] > before[v] for v in allies if v in after)
