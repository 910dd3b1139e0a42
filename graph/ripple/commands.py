"""`svkg ripple cascade|attribute|next|what-if|bellwethers|lead-lag|hidden|model|backtest|derive`.

Every command reads the store (read-only, except `derive`), applies the definition options (action class,
vendor closure, window, since, sources, tie typing, dyadic ties) and prints a readable table, or the full
answer with its evidence and parameters as JSON with `--json`.

Exit codes: 0 success; 1 the store could not be read or written; 2 a bad option or an unknown entity.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from graph.errors import StoreError, SvkgError
from graph.ripple import answers, answers_next, render
from graph.ripple.definition import Definition, action_class_iri, parse_date
from graph.settings import get_settings
from graph.store import open_store

app = typer.Typer(
    name="ripple",
    no_args_is_help=True,
    add_completion=False,
    help="Alliance ripple analytics: who followed whom, through which ties, who is next.",
)

STORE = typer.Option(None, "--store", help="Store path (default: SVKG_STORE_PATH or ./var/store).")
CLASS = typer.Option(
    "restriction", "--action-class", help="Action-type concept (key or IRI); narrower types match."
)
CLOSURE = typer.Option(
    True, "--vendor-closure/--no-vendor-closure", help="A vendor includes its subsidiaries."
)
WINDOW = typer.Option("5Y", "--window", help="Cascade window after the trigger (5Y, 18M, 90D).")
SINCE = typer.Option(None, "--since", help="Adoption = first matching action on or after this date.")
SOURCES = typer.Option("curated", "--sources", help="Action sources: curated or all (with imported lists).")
TIEKEY = typer.Option("type", "--tie-key", help="Type ties by alliance 'type' or by 'grouping'.")
DYADIC = typer.Option(False, "--dyadic/--no-dyadic", help="Add the imported ATOP/COW dyadic ties.")
ASOF = typer.Option(None, "--as-of", help="Observation end (default: the latest matching action).")
JSON = typer.Option(False, "--json", help="Print the whole answer as JSON.")
TRIGGER = typer.Option(None, "--trigger", help="Trigger action (action/T10 or its IRI).")
STATE = typer.Option(None, "--state", help="State (JP, state/JP or IRI).")
VENDOR = typer.Option(None, "--vendor", help="Vendor(s), comma-separated (huawei, company/zte…).")
DATE = typer.Option(None, "--date", help="Trigger date when no trigger action is given.")
PRE = typer.Option(
    False,
    "--include-pre-adopters/--exclude-pre-adopters",
    help="Count states that acted before the trigger at their first action after it.",
)


def _definition(
    action_class: str,
    vendor_closure: bool,
    window: str,
    since: str | None,
    sources: str,
    tie_key: str,
    dyadic: bool,
    as_of: str | None,
) -> Definition:
    return Definition(
        action_class=action_class_iri(action_class),
        vendor_closure=vendor_closure,
        window=window,
        since=parse_date(since, "--since"),
        sources=sources,  # type: ignore[arg-type]
        tie_key=tie_key,
        include_dyadic=dyadic,
        as_of=parse_date(as_of, "--as-of"),
    )  # type: ignore[arg-type]


def _run(
    store: Path | None,
    work: Callable[[Any], dict[str, Any]],
    show: Callable[[dict[str, Any], Console], None],
    as_json: bool,
    *,
    write: bool = False,
) -> None:
    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        settings = get_settings(**({"store_path": store} if store else {}))
        with open_store(settings, read_only=not write) as st:
            out = work(st)
    except (StoreError, OSError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(getattr(exc, 'message', exc)))}")
        raise typer.Exit(1) from None
    except (SvkgError, ValueError, LookupError) as exc:
        err.print(f"[bold red]error:[/] {escape(str(getattr(exc, 'message', exc)))}")
        raise typer.Exit(2) from None
    if as_json:
        console.print_json(json.dumps(out, default=str))
    else:
        show(out, console)


@app.command("cascade")
def cascade_cmd(
    trigger: str = TRIGGER,
    state: str = STATE,
    vendor: str = VENDOR,
    date: str = DATE,
    include_pre_adopters: bool = PRE,
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
    """F1: the followers of a trigger, with lags, pre-adopters, the curve and the evidence."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(
        store,
        lambda st: answers.cascade(
            st,
            d,
            trigger=trigger,
            state=state,
            vendor=vendor,
            date=date,
            include_pre_adopters=include_pre_adopters,
        ),
        render.cascade,
        as_json,
    )


@app.command("attribute")
def attribute_cmd(
    trigger: str = TRIGGER,
    state: str = STATE,
    vendor: str = VENDOR,
    date: str = DATE,
    include_pre_adopters: bool = PRE,
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
    """F2: for each follower, the probability that each earlier ally (or the background) set it off."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(
        store,
        lambda st: answers.attribute(
            st,
            d,
            trigger=trigger,
            state=state,
            vendor=vendor,
            date=date,
            include_pre_adopters=include_pre_adopters,
        ),
        render.attribution,
        as_json,
    )


@app.command("next")
def next_cmd(
    vendor: str = typer.Option(..., "--vendor", help="Vendor(s), comma-separated."),
    at: str = typer.Option(None, "--at", help="Forecast date (default: the data's end)."),
    horizon: str = typer.Option("2Y", "--horizon"),
    method: str = typer.Option("closed_form", "--method", help="closed_form or mc."),
    runs: int = typer.Option(1000, "--runs"),
    top: int = typer.Option(15, "--top"),
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
    """F3: who is likely to act next against the vendor, with the reasons."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(
        store,
        lambda st: answers_next.who_is_next(
            st, d, vendor=vendor, at=at, horizon=horizon, method=method, runs=runs, top=top
        ),
        render.who_is_next,
        as_json,
    )


@app.command("what-if")
def what_if_cmd(
    state: str = typer.Option(..., "--state"),
    vendor: str = typer.Option(..., "--vendor"),
    at: str = typer.Option(None, "--at"),
    horizon: str = typer.Option("2Y", "--horizon"),
    runs: int = typer.Option(1000, "--runs"),
    top: int = typer.Option(15, "--top"),
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
    """F4: if STATE acted now, who would follow, how likely, how fast and along which paths."""
    d = _definition(action_class, vendor_closure, window, since, sources, tie_key, dyadic, as_of)
    _run(
        store,
        lambda st: answers_next.what_if(
            st, d, state=state, vendor=vendor, at=at, horizon=horizon, runs=runs, top=top
        ),
        render.what_if,
        as_json,
    )


def register(root: typer.Typer) -> None:
    """Add the `ripple` command group to the `svkg` app."""
    import graph.ripple.commands_batch  # noqa: F401 - adds the batch commands to `app`

    root.add_typer(app, name="ripple")
