"""The `svkg` command line. Each area registers its commands from its own module."""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="svkg",
    help="State-Vendor Knowledge Graph: build, validate, query and serve the graph; ripple analytics.",
    no_args_is_help=True,
    add_completion=False,
)

# modules that define `register(app: typer.Typer) -> None`
COMMAND_MODULES = [
    "graph.commands.core",  # build, validate, query, stats
    "graph.commands.ontology",  # ontology namespace | docs
    "graph.commands.imports",  # import
    "graph.commands.resolution",  # resolve, report
    "graph.ripple.commands",  # ripple cascade|attribute|next|what-if|bellwethers|backtest
    "api.commands",  # serve
]

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
