"""`svkg ripple cascade|attribute|next|what-if|bellwethers|lead-lag|hidden|model|backtest|derive`.

Every command reads the store (read-only, except `derive`), applies the definition options (action class,
vendor closure, window, since, sources, tie typing, dyadic ties) and prints a readable table, or the full
answer with its evidence and parameters as JSON with `--json`. The shared options are declared once, in
graph.ripple.options.

Exit codes: 0 success; 1 the store could not be read or written; 2 a bad option or an unknown entity.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from graph.ripple import answers, answers_next, render
from graph.ripple.options import HorizonOpt, RunsOpt, Shared, TopOpt, shared, trigger, with_options

app = typer.Typer(
    name="ripple",
    no_args_is_help=True,
    add_completion=False,
    help="Alliance ripple analytics: who followed whom, through which ties, who is next.",
)


@app.command("cascade")
@with_options(cascade=trigger, c=shared)
def cascade_cmd(cascade: dict[str, Any], c: Shared) -> None:
    """F1: the followers of a trigger, with lags, pre-adopters, the curve and the evidence."""
    c.run(lambda st: answers.cascade(st, c.d, **cascade), render.cascade)


@app.command("attribute")
@with_options(cascade=trigger, c=shared)
def attribute_cmd(cascade: dict[str, Any], c: Shared) -> None:
    """F2: for each follower, the probability that each earlier ally (or the background) set it off."""
    c.run(lambda st: answers.attribute(st, c.d, **cascade), render.attribution)


@app.command("next")
@with_options(c=shared)
def next_cmd(
    c: Shared,
    vendor: Annotated[str, typer.Option("--vendor", help="Vendor(s), comma-separated.")],
    at: Annotated[str | None, typer.Option("--at", help="Forecast date (default: the data's end).")] = None,
    horizon: HorizonOpt = "2Y",
    method: Annotated[str, typer.Option("--method", help="closed_form or mc.")] = "closed_form",
    runs: RunsOpt = 1000,
    top: TopOpt = 15,
) -> None:
    """F3: who is likely to act next against the vendor, with the reasons."""
    c.run(
        lambda st: answers_next.who_is_next(
            st, c.d, vendor=vendor, at=at, horizon=horizon, method=method, runs=runs, top=top
        ),
        render.who_is_next,
    )


@app.command("what-if")
@with_options(c=shared)
def what_if_cmd(
    c: Shared,
    state: Annotated[str, typer.Option("--state")],
    vendor: Annotated[str, typer.Option("--vendor")],
    at: Annotated[str | None, typer.Option("--at")] = None,
    horizon: HorizonOpt = "2Y",
    runs: RunsOpt = 1000,
    top: TopOpt = 15,
) -> None:
    """F4: if STATE acted now, who would follow, how likely, how fast and along which paths."""
    c.run(
        lambda st: answers_next.what_if(
            st, c.d, state=state, vendor=vendor, at=at, horizon=horizon, runs=runs, top=top
        ),
        render.what_if,
    )


def register(root: typer.Typer) -> None:
    """Add the `ripple` command group to the `svkg` app."""
    import graph.ripple.commands_batch  # noqa: F401 - adds the batch commands to `app`

    root.add_typer(app, name="ripple")
