"""`svkg ontology namespace [--check]` and `svkg ontology docs OUTDIR`."""

from __future__ import annotations

from pathlib import Path

import typer

from graph.errors import SvkgError

ontology_app = typer.Typer(name="ontology", help="Generated code and documentation from the ontology.",
                           no_args_is_help=True)


@ontology_app.command("namespace")
def namespace(
    check: bool = typer.Option(False, "--check",
                               help="Do not write: exit 1 if graph/namespaces.py is stale."),
) -> None:
    """Generate graph/namespaces.py (the closed rdflib namespace SVKG) from ontology/svkg.ttl."""
    from graph.ontology_tools import NAMESPACE_MODULE, check_namespace, write_namespace

    shown = "graph/namespaces.py"
    try:
        if check:
            if not check_namespace():
                typer.echo(f"{shown} is stale: run `svkg ontology namespace`", err=True)
                raise typer.Exit(1)
            typer.echo(f"{shown} is up to date")
            return
        changed = write_namespace(NAMESPACE_MODULE)
    except SvkgError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{shown} {'written' if changed else 'already up to date'}")


@ontology_app.command("docs")
def docs(outdir: Path = typer.Argument(..., help="Directory to write index.html into.")) -> None:
    """Write HTML documentation of the ontology (pyLODE) to OUTDIR/index.html."""
    from graph.ontology_tools import write_docs

    try:
        target = write_docs(outdir)
    except SvkgError as exc:
        typer.echo(f"error: {exc.message}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {target}")


def register(app: typer.Typer) -> None:
    """Add the `ontology` sub-app to the `svkg` app."""
    app.add_typer(ontology_app, name="ontology")
