"""Ripple analytics timings (RIPPLE.md runtime targets) and the backtest tables for bench/README.md.

    .venv/bin/python bench/bench_ripple.py [--store PATH] [--repeat 20] [--large] [--skip-backtest]

On the built store (the real data): the cold load (projection from SPARQL, model fit), then the interactive
calls warm — the same functions the CLI and the API call, JSON included — repeated `--repeat` times
(p50 and p95): cascade from the US NDAA, its attribution, who-is-next for Huawei (closed form and Monte
Carlo with 1,000 runs), what-if with 1,000 runs; then the batch work (bellwether sweep, CELF coalition,
lead–lag with 1,000 permutations, the backtest). On synthetic worlds: the fit at 300 cascades (and 10⁴
with `--large`), what-if with 1,000 runs and the bellwether sweep on the 200-state world, CELF k = 5,
and the backtest over 3 cutoffs on each world. Prints Markdown; writes bench/out/ripple.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graph.ripple import answers, answers_batch, answers_next  # noqa: E402
from graph.ripple.definition import Definition  # noqa: E402
from graph.ripple.model import fit  # noqa: E402
from graph.ripple.service import analysis, clear_cache  # noqa: E402
from graph.ripple.synthetic import make_world, true_alpha_for  # noqa: E402
from graph.ripple.whatif import bellwethers, best_coalition, what_if  # noqa: E402
from graph.settings import get_settings  # noqa: E402
from graph.store import open_store  # noqa: E402


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t) * 1000, out


def repeat(fn: Callable[[], Any], n: int) -> dict[str, float]:
    """Wall-clock p50/p95 over n calls after a warm-up, and the median CPU time (the machine is shared)."""
    fn()
    wall, cpu = [], []
    for _ in range(n):
        c = time.process_time()
        wall.append(timed(fn)[0])
        cpu.append((time.process_time() - c) * 1000)
    wall.sort()
    p95 = wall[min(len(wall) - 1, round(0.95 * (len(wall) - 1)))]
    return {"p50_ms": statistics.median(wall), "p95_ms": p95, "cpu_p50_ms": statistics.median(cpu), "n": n}


def real(store_path: Path | None, n: int, do_backtest: bool) -> dict[str, Any]:
    settings = get_settings(**({"store_path": store_path} if store_path else {}))
    out: dict[str, Any] = {}
    with open_store(settings, read_only=True) as st:
        d = Definition()
        ndaa = {"trigger": "action/T10", "vendor": "huawei", "include_pre_adopters": True}
        clear_cache()
        out["cold_cascade_ms"], c = timed(lambda: answers.cascade(st, d, **ndaa))
        out["cold_attribution_fit_ms"], _ = timed(lambda: answers.attribute(st, d, **ndaa))
        out["cold_next_fit_ms"], _ = timed(lambda: answers_next.who_is_next(st, d, vendor="huawei"))
        a = analysis(st, d)
        out["data"] = {"states": a.network.n, "ties": len(a.network.u), "actions": len(a.projection.actions),
                       "cascades": a.cascades[0].count, "as_of": a.projection.as_of.isoformat()}
        out["ndaa_followers"] = [(f["state"]["label"], f["date"], f["lag_days"],
                                  [s["url"] for s in f["evidence"]["sources"]]) for f in c["followers"]]
        out["interactive"] = {
            "cascade (NDAA, Huawei)": repeat(lambda: answers.cascade(st, d, **ndaa), n),
            "attribution (NDAA, Huawei)": repeat(lambda: answers.attribute(st, d, **ndaa), n),
            "who-is-next closed form (Huawei)": repeat(
                lambda: answers_next.who_is_next(st, d, vendor="huawei"), n),
            "who-is-next Monte Carlo, 1,000 runs (Huawei)": repeat(
                lambda: answers_next.who_is_next(st, d, vendor="huawei", method="mc", runs=1000), n),
            "what-if Germany vs TikTok, 1,000 runs": repeat(
                lambda: answers_next.what_if(st, d, state="DE", vendor="tiktok", runs=1000), n),
            "what-if Japan vs Kaspersky, 1,000 runs": repeat(
                lambda: answers_next.what_if(st, d, state="JP", vendor="kaspersky", runs=1000), n),
        }
        out["batch_ms"] = {
            "bellwether sweep (200 runs)": timed(lambda: answers_batch.bellwethers(st, d, runs=200))[0],
            "CELF coalition k=3 (200 runs)": timed(lambda: answers_batch.bellwethers(st, d, runs=200,
                                                                                      coalition=3))[0],
            "lead-lag (1,000 permutations)": timed(
                lambda: answers_batch.lead_lag_pairs(st, d, min_cascades=2))[0],
        }
        if do_backtest:
            out["backtest"] = {}
            for name, defn in {"default": d, "since 2018-01-01": d.with_(since=dt.date(2018, 1, 1)),
                               "with ATOP/COW dyads": d.with_(include_dyadic=True)}.items():
                ms, rep = timed(lambda defn=defn: answers_batch.backtest(st, defn, runs=200, reps=300))
                rep["ms"] = ms
                out["backtest"][name] = rep
    return out


def synthetic(large: bool, do_backtest: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    ms, w = timed(lambda: make_world("planted", cascades=300, seed=0))
    out["world_ms"] = ms
    ms, f = timed(lambda: fit(w.network, w.cascades))
    out["fit_300_ms"] = ms
    out["alpha"] = {t: {"true": true_alpha_for(w)[t], "fitted": float(a)}
                    for t, a in zip(f.params.types, f.params.alpha, strict=True)}
    out["beta"] = {"true": w.truth.beta, "fitted": f.params.beta}
    for kind, seed in (("null", 1), ("shock", 2)):
        wk = make_world(kind, cascades=300, seed=seed)
        out[f"{kind}_alpha"] = dict(zip(wk.network.types, fit(wk.network, wk.cascades).params.alpha.tolist(),
                                        strict=True))
        if kind == "shock":
            const = fit(wk.network, wk.cascades, mu_mode="constant").params.alpha.tolist()
            out["shock_alpha_constant_mu"] = dict(zip(wk.network.types, const, strict=True))
    if large:
        big = make_world("planted", cascades=10_000, seed=5)
        out["fit_10000_ms"] = timed(lambda: fit(big.network, big.cascades))[0]
    times = np.full(w.network.n, np.inf)
    out["what_if_1000_hegemon_ms"] = repeat(lambda: what_if(f.edges, f.params, times, 0, w.data_end, 2.0,
                                                            runs=1000), 5)
    busy = w.cascades.times[-1]
    x = int(np.flatnonzero(~np.isfinite(busy))[0])
    out["what_if_1000_busy_ms"] = repeat(
        lambda: what_if(f.edges, f.params, busy, x, w.data_end, 2.0, runs=1000), 5)
    end = w.data_end
    out["bellwether_sweep_200_states_200_runs_ms"] = timed(
        lambda: bellwethers(f.edges, f.params, end, 2.0, runs=200))[0]
    out["celf_k5_200_runs_ms"] = timed(lambda: best_coalition(f.edges, f.params, 5, end, 2.0, runs=200))[0]
    if do_backtest:
        out["backtest"] = {}
        for kind, seed in (("planted", 0), ("null", 1), ("shock", 2), ("hidden", 0)):
            ms, rep = timed(lambda kind=kind, seed=seed: answers_batch.backtest(
                None, Definition(), world=kind, seed=seed, runs=200, reps=300,
                cutoffs=["2017-01-01", "2020-01-01", "2023-01-01"]))
            rep["ms"] = ms
            out["backtest"][kind] = rep
    return out


def _md_backtest(rep: dict[str, Any]) -> str:
    def f(v: Any, nd: int = 3) -> str:
        return "—" if v is None or (isinstance(v, float) and v != v) else f"{v:.{nd}f}"

    lines = ["| model | AUC [90% CI] | macro AUC | R-prec | P@B1 | R@B1 | Brier | log loss | Σp/count |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rep["rows"]:
        lo, hi = r["auc_ci"]
        lines.append(f"| {r['model']} | {f(r['auc'])} [{f(lo)}, {f(hi)}] | {f(r['macro_auc'])} | "
                     f"{f(r['r_precision'])} | {f(r['precision_at_budget'])} | {f(r['recall_at_budget'])} | "
                     f"{f(r.get('brier'), 4)} | {f(r.get('log_loss'))} | "
                     f"{f(r.get('calibration_ratio'), 2)} |")
    diffs = "; ".join(f"{k}: {f(v['auc_diff'])} [{f(v['ci'][0])}, {f(v['ci'][1])}]"
                      for k, v in rep.get("differences", {}).items())
    lines.append(f"\n{rep['n']} predictions, {rep['positives']} adopters, {rep['cascades']} cascade×cutoff "
                 f"groups; cutoffs {', '.join(rep['parameters']['cutoffs'])}; ΔAUC {diffs}; "
                 f"{rep['ms'] / 1000:.1f} s")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, default=None)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--large", action="store_true", help="Also fit 10^4 synthetic cascades.")
    ap.add_argument("--skip-backtest", action="store_true")
    ap.add_argument("--skip-real", action="store_true")
    args = ap.parse_args()
    res: dict[str, Any] = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    if not args.skip_real:
        res["real"] = real(args.store, args.repeat, not args.skip_backtest)
    res["synthetic"] = synthetic(args.large, not args.skip_backtest)
    (ROOT / "bench" / "out").mkdir(exist_ok=True)
    (ROOT / "bench" / "out" / "ripple.json").write_text(json.dumps(res, indent=1, default=str))
    if "real" in res:
        r = res["real"]
        print("## Real data\n", json.dumps(r["data"]))
        print("\ncold (ms):", {k: round(v) for k, v in r.items() if k.startswith("cold")})
        print("\n| interactive call (warm) | p50 ms | p95 ms | CPU p50 ms |\n|---|---:|---:|---:|")
        for k, v in r["interactive"].items():
            print(f"| {k} | {v['p50_ms']:.1f} | {v['p95_ms']:.1f} | {v['cpu_p50_ms']:.1f} |")
        print("\nbatch (ms):", {k: round(v) for k, v in r["batch_ms"].items()})
        print("\nNDAA followers:", [(a, b, c) for a, b, c, _ in r["ndaa_followers"]])
        for name, rep in r.get("backtest", {}).items():
            print(f"\n### Backtest, real data, {name}\n\n{_md_backtest(rep)}")
    s = res["synthetic"]
    print("\n## Synthetic\n\n| tie type | true α | fitted α |\n|---|---:|---:|")
    for t, v in s["alpha"].items():
        print(f"| {t} | {v['true']:.3f} | {v['fitted']:.4f} |")
    print("β", s["beta"], "\nnull α", {k: round(v, 4) for k, v in s["null_alpha"].items()})
    print("shock α (μ by year)", {k: round(v, 4) for k, v in s["shock_alpha"].items()})
    print("shock α (constant μ)", {k: round(v, 4) for k, v in s["shock_alpha_constant_mu"].items()})
    print({k: (round(v) if isinstance(v, float) else v) for k, v in s.items() if k.endswith("_ms")})
    for name, rep in s.get("backtest", {}).items():
        print(f"\n### Backtest, synthetic world {name}\n\n{_md_backtest(rep)}")


if __name__ == "__main__":
    main()
