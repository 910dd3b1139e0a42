"""`svkg serve`: build the store if there is none yet, then serve the API (SPARQL endpoint, REST, pages)
with uvicorn. Every other knob comes from the environment (SVKG_QUERY_TIMEOUT, SVKG_ENABLE_UPDATE, …:
see graph.settings)."""

from __future__ import annotations

import os
from pathlib import Path

import typer

from graph.errors import SvkgError


def _store_exists(path: Path) -> bool:
    from graph.store.generations import is_store_dir

    return is_store_dir(Path(os.path.realpath(path)))


def serve(
    host: str | None = typer.Option(None, "--host", help="Interface to listen on (default 127.0.0.1)."),
    port: int | None = typer.Option(None, "--port", help="TCP port (default 8000)."),
    store: Path | None = typer.Option(None, "--store", help="Store directory (default SVKG_STORE_PATH)."),
    build: bool = typer.Option(True, "--build/--no-build", help="Build the store first when there is none."),
) -> None:
    """Serve the SPARQL endpoint (/sparql), the Graph Store (/rdf-graph-store), REST and pages."""
    import uvicorn

    from api.app import create_app
    from graph.settings import get_settings

    overrides: dict[str, object] = {}
    if host is not None:
        overrides["host"] = host
    if port is not None:
        overrides["port"] = port
    if store is not None:
        overrides["store_path"] = store
    settings = get_settings(**overrides)
    if not settings.sparql_endpoint and not _store_exists(settings.store_path):
        if not build:
            typer.echo(f"error: no store at {settings.store_path}: run `svkg build` first", err=True)
            raise typer.Exit(1)
        typer.echo(f"no store at {settings.store_path}: building it first")
        try:
            from graph.build import build as build_store
            from graph.progress import BuildProgress

            with BuildProgress() as progress:
                build_store(settings, progress=progress)
        except SvkgError as exc:
            typer.echo(f"error: {exc.message}", err=True)
            raise typer.Exit(1) from None
    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info")


def register(app: typer.Typer) -> None:
    """Add `serve` to the `svkg` app."""
    app.command("serve")(serve)
