"""Readable tables for the `svkg ripple` commands (rich). Text from the data is escaped, never markup."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text


def _t(value: object) -> Text:
    return Text("" if value is None else str(value))


def _params(out: dict[str, Any], console: Console) -> None:
    p = out.get("parameters", {})
    keys = (
        "action_class",
        "vendor_closure",
        "window",
        "since",
        "adoption_rule",
        "sources",
        "tie_key",
        "include_dyadic",
        "as_of",
    )
    console.print(Text("parameters: " + "; ".join(f"{k}={p[k]}" for k in keys if k in p), style="dim"))


def _sources(ev: dict[str, Any] | None) -> str:
    return " ".join(s["url"] for s in (ev or {}).get("sources", []))


def _short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _who(ref: dict[str, Any]) -> str:
    return str(ref.get("iso") or ref.get("label") or _short(ref["id"]))


def cascade(out: dict[str, Any], console: Console) -> None:
    trig = out["trigger"]
    ev = trig.get("evidence") or {}
    console.print(
        Text(
            f"Cascade from {trig['state']['label']} on {trig['date']} "
            f"({_short(ev['action']) if ev else 'no trigger action'}: {ev.get('label') or ''}) against "
            f"{', '.join(v['label'] for v in out['vendors'])}; window to {out['window_end']}",
            style="bold",
        )
    )
    tab = Table(
        "#",
        "state",
        "date",
        "lag",
        "action",
        "tied earlier adopters (groupings)",
        title=f"{out['summary']['n_followers']} followers, median lag "
        f"{out['summary']['median_lag_days']} days",
    )
    for i, f in enumerate(out["followers"], 1):
        ties = "; ".join(
            f"{_who(x['state'])}: {', '.join(_short(g['id']) for g in x['groupings'])}"
            for x in f["ties_to_earlier"]
        )
        before = f" (acted before: {f['acted_before']['date']})" if f.get("acted_before") else ""
        tab.add_row(
            str(i),
            _t(f["state"]["label"]),
            f["date"],
            str(f["lag_days"]),
            _t(f"{_short(f['evidence']['action'])} {f['evidence']['type_label'] or ''}{before}"),
            _t(ties),
        )
    console.print(tab)
    if out["pre_adopters"]:
        console.print(
            Text(
                "pre-adopters: "
                + "; ".join(
                    f"{p['state']['label']} {p['date']} ({_short(p['evidence']['action'])})"
                    for p in out["pre_adopters"]
                )
            )
        )
    console.print(Text("evidence:", style="bold"))
    for f in ([{"state": trig["state"], "date": trig["date"], "evidence": ev}] if ev else []) + out[
        "followers"
    ]:
        console.print(
            Text(
                f"  {f['state']['label']} {f['date']} {_short(f['evidence']['action'])}: "
                f"{_sources(f['evidence']) or '(no source recorded)'}"
            )
        )
    _params(out, console)


def attribution(out: dict[str, Any], console: Console) -> None:
    cascade(out, console)
    tab = Table("follower", "most likely parent", "p", "sources (responsibility)", title="Attribution")
    for f in out["followers"]:
        srcs = "; ".join(
            (
                f"{s['state']['label']} via {s['tie_type']['label']} {s['responsibility']:.2f}"
                if s["source"] == "ally"
                else f"background {s['responsibility']:.2f}"
            )
            for s in f.get("sources", [])[:4]
        )
        parent = f.get("top_parent")
        tab.add_row(
            _t(f["state"]["label"]),
            _t(parent["label"] if parent else "background"),
            f"{f.get('top_parent_probability', 0):.2f}",
            _t(srcs),
        )
    console.print(tab)
    shares = ", ".join(
        f"{k} {v:.0%}" for k, v in sorted(out["channel_shares"].items(), key=lambda kv: -kv[1]) if v >= 0.005
    )
    console.print(Text(f"channel shares: {shares}"))
    console.print(Text(out["caveat"], style="dim"))


def who_is_next(out: dict[str, Any], console: Console) -> None:
    p = out["parameters"]
    tab = Table(
        "state",
        "p",
        "why",
        title=f"Who is next against {', '.join(v['label'] for v in out['vendors'])} within "
        f"{p['horizon']} of {p['at']} ({p['method']})",
    )
    for r in out["forecast"]:
        tab.add_row(_t(r["state"]["label"]), f"{r['p']:.3f}", _t(r["explanation"]))
    console.print(tab)
    console.print(
        Text(f"{len(out['adopted'])} states had acted; expected new adopters {out['expected_adopters']:.2f}")
    )
    _params(out, console)


def what_if(out: dict[str, Any], console: Console) -> None:
    lo, hi = out["interval_90"]
    console.print(
        Text(
            f"If {out['state']['label']} acted on {out['parameters']['at']}: "
            f"{out['expected_followers']:.2f} followers expected within {out['parameters']['horizon']} "
            f"(90% interval {lo:.0f}–{hi:.0f}); {out['expected_without_move']:.2f} without the move "
            f"(excess {out['excess']:.2f})",
            style="bold",
        )
    )
    tab = Table("state", "P(act)", "median lag (days)", "likely parent", "channel", "path")
    for s in out["states"]:
        par = s["likely_parent"]
        tab.add_row(
            _t(s["state"]["label"]),
            f"{s['p']:.3f}",
            _t(s["median_lag_days"]),
            _t(par if isinstance(par, str) else (par or {}).get("label")),
            _t(s["likely_channel"]),
            _t(" → ".join(x.rsplit("/", 1)[-1] for x in s["likely_path"])),
        )
    console.print(tab)
    _params(out, console)


def bellwethers(out: dict[str, Any], console: Console) -> None:
    tab = Table("#", "state", "expected followers", title="Bellwethers (if each state moved first)")
    for i, r in enumerate(out["ranking"], 1):
        tab.add_row(str(i), _t(r["state"]["label"]), f"{r['expected_followers']:.2f}")
    console.print(tab)
    if out.get("coalition"):
        console.print(
            Text(
                "best coalition: "
                + ", ".join(f"{c['state']['label']} (+{c['marginal_gain']:.2f})" for c in out["coalition"])
            )
        )
    _params(out, console)


def lead_lag(out: dict[str, Any], console: Console) -> None:
    tab = Table(
        "leader",
        "follower",
        "together",
        "led",
        "expected",
        "z",
        "p",
        "declared ties",
        title=f"Lead–lag pairs (Δ = {out['parameters']['delta']})",
    )
    for r in out["pairs"]:
        tab.add_row(
            _t(r["leader"]["label"]),
            _t(r["follower"]["label"]),
            str(r["together"]),
            str(r["led"]),
            f"{r['expected']:.2f}",
            f"{r['z']:.1f}",
            f"{r['p_value']:.3f}",
            _t(", ".join(r["declared_ties"])),
        )
    console.print(tab)
    console.print(Text(out["caveat"], style="dim"))


def hidden(out: dict[str, Any], console: Console) -> None:
    tab = Table(
        "leader", "follower", "gain", "adoptions", "declared", title="Inferred diffusion edges (NetInf)"
    )
    for e in out["edges"]:
        tab.add_row(
            _t(e["leader"]["label"]),
            _t(e["follower"]["label"]),
            f"{e['gain']:.2f}",
            str(e["adoptions"]),
            "yes" if e["declared"] else "[bold]hidden[/]",
        )
    console.print(tab)


def model(out: dict[str, Any], console: Console) -> None:
    m = out["model"]
    ci = out.get("alpha_interval_90", {})
    tab = Table(
        "tie type",
        "α",
        "90% interval",
        "exposure",
        title=f"Fitted model: β = {m['beta_per_year']}/year "
        f"(mean lag {m['mean_lag_days']} days), {m['n_cascades']} cascades, {m['n_events']} adoptions",
    )
    for t, a in m["alpha"].items():
        lo_hi = ci.get(t)
        tab.add_row(
            _t(out["tie_types"].get(t, t)),
            f"{a:.4f}",
            f"{lo_hi[0]:.4f}–{lo_hi[1]:.4f}" if lo_hi else "",
            f"{m['exposure_by_type'].get(t, 0):.1f}",
        )
    console.print(tab)
    console.print(Text("μ by year: " + ", ".join(f"{y} {v:.4f}" for y, v in m["mu_by_year"].items())))
    _params(out, console)


def _fmt(v: object, nd: int = 3) -> str:
    return "—" if v is None or (isinstance(v, float) and v != v) else f"{v:.{nd}f}"


def backtest(out: dict[str, Any], console: Console) -> None:
    tab = Table(
        "model",
        "AUC [90% CI]",
        "macro AUC",
        "R-prec",
        "P@B1",
        "R@B1",
        "Brier",
        "log loss",
        "Σp/count",
        title=f"Backtest: {out['n']} predictions, {out['positives']} adopters, {out['cascades']} "
        f"cascade-cutoffs; cutoffs {', '.join(out['parameters']['cutoffs'])}",
    )
    for r in out["rows"]:
        lo, hi = r["auc_ci"]
        tab.add_row(
            r["model"],
            f"{_fmt(r['auc'])} [{_fmt(lo)}, {_fmt(hi)}]",
            _fmt(r["macro_auc"]),
            _fmt(r["r_precision"]),
            _fmt(r["precision_at_budget"]),
            _fmt(r["recall_at_budget"]),
            _fmt(r.get("brier"), 4),
            _fmt(r.get("log_loss")),
            _fmt(r.get("calibration_ratio"), 2),
        )
    console.print(tab)
    for k, v in out.get("differences", {}).items():
        console.print(Text(f"{k}: ΔAUC {_fmt(v['auc_diff'])} [{_fmt(v['ci'][0])}, {_fmt(v['ci'][1])}]"))


def backtest_markdown(out: dict[str, Any], console: Console) -> None:
    lines = [
        "| model | AUC [90% CI] | macro AUC | R-prec | P@B1 | R@B1 | Brier | log loss | Σp/count |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in out["rows"]:
        lo, hi = r["auc_ci"]
        lines.append(
            f"| {r['model']} | {_fmt(r['auc'])} [{_fmt(lo)}, {_fmt(hi)}] | {_fmt(r['macro_auc'])} | "
            f"{_fmt(r['r_precision'])} | {_fmt(r['precision_at_budget'])} | {_fmt(r['recall_at_budget'])} | "
            f"{_fmt(r.get('brier'), 4)} | {_fmt(r.get('log_loss'))} | {_fmt(r.get('calibration_ratio'), 2)} |"
        )
    console.print("\n".join(lines), markup=False)
    console.print(
        escape(
            f"\n{out['n']} predictions, {out['positives']} adopters, {out['cascades']} cascade-cutoffs; "
            f"cutoffs {', '.join(out['parameters']['cutoffs'])}"
        ),
        markup=False,
    )


def derived(out: dict[str, Any], console: Console) -> None:
    console.print(
        Text(
            f"wrote {out['links']} followed links from {out['cascades']} cascades into "
            f"{out['graph']} (run {out['run']})"
        )
    )
