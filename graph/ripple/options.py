"""The parameters that every ripple command and route shares, declared once.

`definition_from` turns the raw definition parameters (as the CLI and the API take them) into a
`Definition`. The typer option aliases below are the shared options of `svkg ripple`; since typer has
no dependency injection, `with_options(name=group, …)` gives a command the parameters of each *group*
(a plain function whose parameters are `Annotated` typer options) after its own, and calls the command
with `name=group(**those values)`, as a FastAPI `Depends` would.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from graph.errors import StoreError, SvkgError
from graph.ripple.definition import Definition, action_class_iri, parse_date
from graph.settings import get_settings
from graph.store import open_store


def definition_from(
    action_class: str,
    vendor_closure: bool,
    window: str,
    since: str | None,
    sources: str,
    tie_key: str,
    dyadic: bool,
    as_of: str | None,
    *,
    date_names: tuple[str, str] = ("since", "as_of"),
) -> Definition:
    """The definition from its parameters; a bad date names the parameter as `date_names` spells it."""
    return Definition(
        action_class=action_class_iri(action_class),
        vendor_closure=vendor_closure,
        window=window,
        since=parse_date(since, date_names[0]),
        sources=sources,  # type: ignore[arg-type]
        tie_key=tie_key,  # type: ignore[arg-type]
        include_dyadic=dyadic,
        as_of=parse_date(as_of, date_names[1]),
    )


# -- typer options shared by the commands ------------------------------------------------------------
StoreOpt = Annotated[
    Path | None, typer.Option("--store", help="Store path (default: SVKG_STORE_PATH or ./var/store).")
]
ClassOpt = Annotated[
    str, typer.Option("--action-class", help="Action-type concept (key or IRI); narrower types match.")
]
ClosureOpt = Annotated[
    bool, typer.Option("--vendor-closure/--no-vendor-closure", help="A vendor includes its subsidiaries.")
]
WindowOpt = Annotated[str, typer.Option("--window", help="Cascade window after the trigger (5Y, 18M, 90D).")]
SinceOpt = Annotated[
    str | None, typer.Option("--since", help="Adoption = first matching action on or after this date.")
]
SourcesOpt = Annotated[
    str, typer.Option("--sources", help="Action sources: curated or all (with imported lists).")
]
TieKeyOpt = Annotated[str, typer.Option("--tie-key", help="Type ties by alliance 'type' or by 'grouping'.")]
DyadicOpt = Annotated[
    bool, typer.Option("--dyadic/--no-dyadic", help="Add the imported ATOP/COW dyadic ties.")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Observation end (default: the latest matching action).")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the whole answer as JSON.")]
TriggerOpt = Annotated[str | None, typer.Option("--trigger", help="Trigger action (action/T10 or its IRI).")]
StateOpt = Annotated[str | None, typer.Option("--state", help="State (JP, state/JP or IRI).")]
VendorOpt = Annotated[
    str | None, typer.Option("--vendor", help="Vendor(s), comma-separated (huawei, company/zte…).")
]
DateOpt = Annotated[str | None, typer.Option("--date", help="Trigger date when no trigger action is given.")]
PreOpt = Annotated[
    bool,
    typer.Option(
        "--include-pre-adopters/--exclude-pre-adopters",
        help="Count states that acted before the trigger at their first action after it.",
    ),
]
HorizonOpt = Annotated[str, typer.Option("--horizon")]
RunsOpt = Annotated[int, typer.Option("--runs")]
TopOpt = Annotated[int, typer.Option("--top")]


@dataclass(frozen=True)
class Shared:
    """The store, the definition and the output format every command takes."""

    store: Path | None
    d: Definition
    as_json: bool

    def run(
        self,
        work: Callable[[Any], dict[str, Any]],
        show: Callable[[dict[str, Any], Console], None],
        *,
        write: bool = False,
    ) -> None:
        """Open the store, run `work` on it and print the answer; exit 1 on a store error, 2 on bad input."""
        err = Console(stderr=True, highlight=False, soft_wrap=True)
        try:
            settings = get_settings(**({"store_path": self.store} if self.store else {}))
            with open_store(settings, read_only=not write) as st:
                out = work(st)
        except (StoreError, OSError) as exc:
            err.print(f"[bold red]error:[/] {escape(str(getattr(exc, 'message', exc)))}")
            raise typer.Exit(1) from None
        except (SvkgError, ValueError, LookupError) as exc:
            err.print(f"[bold red]error:[/] {escape(str(getattr(exc, 'message', exc)))}")
            raise typer.Exit(2) from None
        self.print(out, show)

    def print(self, out: dict[str, Any], show: Callable[[dict[str, Any], Console], None]) -> None:
        console = Console(highlight=False, soft_wrap=True)
        if self.as_json:
            console.print_json(json.dumps(out, default=str))
        else:
            show(out, console)


def shared(
    store: StoreOpt = None,
    action_class: ClassOpt = "restriction",
    vendor_closure: ClosureOpt = True,
    window: WindowOpt = "5Y",
    since: SinceOpt = None,
    sources: SourcesOpt = "curated",
    tie_key: TieKeyOpt = "type",
    dyadic: DyadicOpt = False,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> Shared:
    d = definition_from(
        action_class,
        vendor_closure,
        window,
        since,
        sources,
        tie_key,
        dyadic,
        as_of,
        date_names=("--since", "--as-of"),
    )
    return Shared(store, d, as_json)


def trigger(
    trigger: TriggerOpt = None,
    state: StateOpt = None,
    vendor: VendorOpt = None,
    date: DateOpt = None,
    include_pre_adopters: PreOpt = False,
) -> dict[str, Any]:
    """How a cascade is chosen: by its trigger action, or by state, vendor and date."""
    return dict(
        trigger=trigger, state=state, vendor=vendor, date=date, include_pre_adopters=include_pre_adopters
    )


def with_options(**groups: Callable[..., Any]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give the command each group's options after its own and call it with `name=group(**values)`."""

    def wrap(fn: Callable[..., None]) -> Callable[..., None]:
        own = [p for n, p in inspect.signature(fn, eval_str=True).parameters.items() if n not in groups]
        of = {
            name: list(inspect.signature(g, eval_str=True).parameters.values()) for name, g in groups.items()
        }
        params = [p.replace(kind=p.KEYWORD_ONLY) for p in own + [p for ps in of.values() for p in ps]]

        def command(**values: Any) -> None:
            try:
                made = {name: g(**{p.name: values.pop(p.name) for p in of[name]})
                        for name, g in groups.items()}
            except ValueError as exc:  # a bad option value (e.g. --since 2018-13-01): say which, exit 2
                raise typer.BadParameter(str(exc)) from None
            fn(**values, **made)

        command.__signature__ = inspect.Signature(params, return_annotation=None)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in params}
        command.__name__, command.__qualname__, command.__doc__ = fn.__name__, fn.__qualname__, fn.__doc__
        command.__module__ = fn.__module__
        return command

    return wrap
