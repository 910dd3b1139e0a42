"""The batch commands of `svkg ripple`: bellwethers, lead-lag, hidden, model, backtest, derive (the
interactive ones are in graph.ripple.commands, the shared options in graph.ripple.options)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from graph.ripple import answers_batch, render
from graph.ripple.commands import app
from graph.ripple.options import HorizonOpt, RunsOpt, Shared, TopOpt, shared, with_options


@app.command("bellwethers")
@with_options(c=shared)
def bellwethers_cmd(
    c: Shared,
    horizon: HorizonOpt = "2Y",
    runs: RunsOpt = 200,
    top: TopOpt = 15,
    coalition: Annotated[int, typer.Option("--coalition", help="Also pick the best K first movers.")] = 0,
) -> None:
    """F5: the expected spread if each state moved first (and the best coalition)."""
    c.run(
        lambda st: answers_batch.bellwethers(
            st, c.d, horizon=horizon, runs=runs, top=top, coalition=coalition
        ),
        render.bellwethers,
    )


@app.command("lead-lag")
@with_options(c=shared)
def lead_lag_cmd(
    c: Shared,
    delta: Annotated[str, typer.Option("--delta")] = "1Y",
    min_cascades: Annotated[int, typer.Option("--min-cascades")] = 3,
    permutations: Annotated[int, typer.Option("--permutations")] = 1000,
    top: TopOpt = 20,
) -> None:
    """F6: pairs of states where one tends to act shortly after the other (permutation test)."""
    c.run(
        lambda st: answers_batch.lead_lag_pairs(
            st, c.d, delta=delta, min_cascades=min_cascades, permutations=permutations, top=top
        ),
        render.lead_lag,
    )


@app.command("hidden")
@with_options(c=shared)
def hidden_cmd(
    c: Shared, k: Annotated[int, typer.Option("--k", help="How many inferred edges.")] = 20
) -> None:
    """F6: the diffusion edges that best explain the timing (NetInf); undeclared ones are hidden channels."""
    c.run(lambda st: answers_batch.hidden_channels(st, c.d, k=k), render.hidden)


@app.command("model")
@with_options(c=shared)
def model_cmd(
    c: Shared,
    bootstrap: Annotated[int, typer.Option("--bootstrap", help="Bootstrap replicates for α intervals.")] = 0,
) -> None:
    """The fitted model: tie weights α per type, the lag rate β, the background μ per year."""
    c.run(lambda st: answers_batch.model(st, c.d, bootstrap=bootstrap), render.model)


@app.command("backtest")
@with_options(c=shared)
def backtest_cmd(
    c: Shared,
    world: Annotated[
        str | None,
        typer.Option(
            "--world", help="A synthetic world instead of the store: planted, null, shock or hidden."
        ),
    ] = None,
    cascades: Annotated[int, typer.Option("--cascades", help="Cascades in the synthetic world.")] = 300,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    cutoff: Annotated[
        list[str] | None, typer.Option("--cutoff", help="Cutoff date (repeat the option).")
    ] = None,
    horizon: HorizonOpt = "2Y",
    runs: RunsOpt = 200,
    reps: Annotated[int, typer.Option("--reps", help="Bootstrap replicates over cascades.")] = 300,
    markdown: Annotated[bool, typer.Option("--markdown", help="Print a Markdown table.")] = False,
) -> None:
    """Fit on events up to each cutoff, predict adopters in the next horizon; the model beside baselines."""

    def work(st: Any) -> dict[str, Any]:
        return answers_batch.backtest(
            st,
            c.d,
            cutoffs=cutoff or None,
            horizon=horizon,
            runs=runs,
            reps=reps,
            seed=seed,
            world=world,
            cascades=cascades,
        )

    show = render.backtest_markdown if markdown else render.backtest
    if not world:
        c.run(work, show)
        return
    try:
        out = work(None)
    except ValueError as exc:
        Console(stderr=True).print(f"[bold red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from None
    c.print(out, show)


@app.command("derive")
@with_options(c=shared)
def derive_cmd(
    c: Shared,
    min_probability: Annotated[
        float, typer.Option("--min-probability", help="Write links at least this probable.")
    ] = 0.05,
    keep: Annotated[
        bool, typer.Option("--keep", help="Keep earlier runs (default: replace the graph).")
    ] = False,
) -> None:
    """Write the 'followed' links (with the run and its parameters) into the derived/ripple graph."""
    from graph.ripple.derived import write_followed

    c.run(
        lambda st: write_followed(
            st, c.d, min_probability=min_probability, replace=not keep, started=dt.datetime.now(dt.UTC)
        ),
        render.derived,
        write=True,
    )
