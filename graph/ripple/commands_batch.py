"""The batch commands of `svkg ripple`: bellwethers, lead-lag, hidden, model, backtest, derive (the
interactive ones and the shared options are in graph.ripple.commands)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from graph.ripple import answers_batch, render
from graph.ripple.commands import (
    ASOF,
    CLASS,
    CLOSURE,
    DYADIC,
    JSON,
    SINCE,
    SOURCES,
    STORE,
    TIEKEY,
    WINDOW,
    _definition,
    _run,
    app,
)


@app.command("bellwethers")
def bellwethers_cmd(
    horizon: str = typer.Option("2Y", "--horizon"),
    runs: int = typer.Option(200, "--runs"),
    top: int = typer.Option(15, "--top"),
    coalition: int = typer.Option(0, "--coalition", help="Also pick the best K first movers."),
    store: Path = STORE,
    action_class: str = CLASS,
    vendor_closure: bool = CLOSURE,
    window: str = WINDOW,
    since: str = SINCE,
    sources: str = SOURCES,
    tie_key: str = TIEKEY,
    dyadic: bool = DYADIC,
    as_of: str = ASOF,
    as_json: bool = JSON,
) -> None:
    """F5: the expected spread if each state moved first (and the best coalition)."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(
        store,
        lambda st: answers_batch.bellwethers(st, d, horizon=horizon, runs=runs, top=top, coalition=coalition),
        render.bellwethers,
        as_json,
    )


@app.command("lead-lag")
def lead_lag_cmd(
    delta: str = typer.Option("1Y", "--delta"),
    min_cascades: int = typer.Option(3, "--min-cascades"),
    permutations: int = typer.Option(1000, "--permutations"),
    top: int = typer.Option(20, "--top"),
    store: Path = STORE,
    action_class: str = CLASS,
    vendor_closure: bool = CLOSURE,
    window: str = WINDOW,
    since: str = SINCE,
    sources: str = SOURCES,
    tie_key: str = TIEKEY,
    dyadic: bool = DYADIC,
    as_of: str = ASOF,
    as_json: bool = JSON,
) -> None:
    """F6: pairs of states where one tends to act shortly after the other (permutation test)."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(
        store,
        lambda st: answers_batch.lead_lag_pairs(
            st, d, delta=delta, min_cascades=min_cascades, permutations=permutations, top=top
        ),
        render.lead_lag,
        as_json,
    )


@app.command("hidden")
def hidden_cmd(
    k: int = typer.Option(20, "--k", help="How many inferred edges."),
    store: Path = STORE,
    action_class: str = CLASS,
    vendor_closure: bool = CLOSURE,
    window: str = WINDOW,
    since: str = SINCE,
    sources: str = SOURCES,
    tie_key: str = TIEKEY,
    dyadic: bool = DYADIC,
    as_of: str = ASOF,
    as_json: bool = JSON,
) -> None:
    """F6: the diffusion edges that best explain the timing (NetInf); undeclared ones are hidden channels."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(store, lambda st: answers_batch.hidden_channels(st, d, k=k), render.hidden, as_json)


@app.command("model")
def model_cmd(
    bootstrap: int = typer.Option(0, "--bootstrap", help="Bootstrap replicates for α intervals."),
    store: Path = STORE,
    action_class: str = CLASS,
    vendor_closure: bool = CLOSURE,
    window: str = WINDOW,
    since: str = SINCE,
    sources: str = SOURCES,
    tie_key: str = TIEKEY,
    dyadic: bool = DYADIC,
    as_of: str = ASOF,
    as_json: bool = JSON,
) -> None:
    """The fitted model: tie weights α per type, the lag rate β, the background μ per year."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(store, lambda st: answers_batch.model(st, d, bootstrap=bootstrap), render.model, as_json)


@app.command("backtest")
def backtest_cmd(
    world: str = typer.Option(
        None, "--world", help="A synthetic world instead of the store: planted, null, shock or hidden."
    ),
    cascades: int = typer.Option(300, "--cascades", help="Cascades in the synthetic world."),
    seed: int = typer.Option(0, "--seed"),
    cutoff: list[str] = typer.Option(None, "--cutoff", help="Cutoff date (repeat the option)."),
    horizon: str = typer.Option("2Y", "--horizon"),
    runs: int = typer.Option(200, "--runs"),
    reps: int = typer.Option(300, "--reps", help="Bootstrap replicates over cascades."),
    markdown: bool = typer.Option(False, "--markdown", help="Print a Markdown table."),
    store: Path = STORE,
    action_class: str = CLASS,
    vendor_closure: bool = CLOSURE,
    window: str = WINDOW,
    since: str = SINCE,
    sources: str = SOURCES,
    tie_key: str = TIEKEY,
    dyadic: bool = DYADIC,
    as_of: str = ASOF,
    as_json: bool = JSON,
) -> None:
    """Fit on events up to each cutoff, predict adopters in the next horizon; the model beside baselines."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)

    def work(st: Any) -> dict[str, Any]:
        return answers_batch.backtest(
            st,
            d,
            cutoffs=cutoff or None,
            horizon=horizon,
            runs=runs,
            reps=reps,
            seed=seed,
            world=world,
            cascades=cascades,
        )

    show = render.backtest_markdown if markdown else render.backtest
    if world:
        console = Console(highlight=False, soft_wrap=True)
        try:
            out = work(None)
        except ValueError as exc:
            Console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}")
            raise typer.Exit(2) from None
        console.print_json(json.dumps(out, default=str)) if as_json else show(out, console)
        return
    _run(store, work, show, as_json)


@app.command("derive")
def derive_cmd(
    min_probability: float = typer.Option(
        0.05, "--min-probability", help="Write links at least this probable."
    ),
    keep: bool = typer.Option(False, "--keep", help="Keep earlier runs (default: replace the graph)."),
    store: Path = STORE,
    action_class: str = CLASS,
    vendor_closure: bool = CLOSURE,
    window: str = WINDOW,
    since: str = SINCE,
    sources: str = SOURCES,
    tie_key: str = TIEKEY,
    dyadic: bool = DYADIC,
    as_of: str = ASOF,
    as_json: bool = JSON,
) -> None:
    """Write the 'followed' links (with the run and its parameters) into the derived/ripple graph."""
    from graph.ripple.derived import write_followed

    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(
        store,
        lambda st: write_followed(
            st, d, min_probability=min_probability, replace=not keep, started=dt.datetime.now(dt.UTC)
        ),
        render.derived,
        as_json,
        write=True,
    )
