"""`svkg import NAME [PATH]` and `svkg import --list`.

    svkg import --list                         the importers, their shipped files and graphs
    svkg import dod-1260h                      re-import the shipped file into the live store
    svkg import ofac-sdn newer_sdn.csv --snapshot-date 2024-06-01
    svkg import ftm entities.ftm.json --name my-dataset --origin https://…

The import runs first (a malformed row stops it with the file, line and field); then the store is
changed through `graph.build.staged_store`: a copy of the current generation gets the new graph (with
what appeared and what disappeared since the graph's last snapshot, history kept: see
`graph.importers.history`), is validated with SHACL and swapped in. Any failure leaves the store as it
was. Exit codes: 0 success; 1 bad data, a failed validation or no store; 2 an unknown importer or option.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.errors import NotFound, StoreError, SvkgError

LIST_OPT = typer.Option(False, "--list", help="List the importers and exit.")
SNAPSHOT_OPT = typer.Option(None, "--snapshot-date", help="Date of the snapshot (YYYY-MM-DD); default: the "
                            "shipped file's, or the modification day of another file.")
NAME_OPT = typer.Option(None, "--name", help="ftm: the dataset name (default: from the file).")
ORIGIN_OPT = typer.Option(None, "--origin", help="ftm: where the file comes from (an http(s) URL).")
LICENCE_OPT = typer.Option(None, "--licence", help="ftm: the licence the file is published under.")
STORE_OPT = typer.Option(None, "--store", help="Store path (default: SVKG_STORE_PATH or ./var/store).")
DATA_OPT = typer.Option(None, "--data", help="Data directory (default: ./data).")


def _fail(message: str, code: int) -> typer.Exit:
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def list_importers(console: Console, settings) -> None:  # type: ignore[no-untyped-def]
    from graph.importers.registry import IMPORTERS, get_importer

    table = Table("name", "what", "shipped file (data/sources/)", "snapshot", title="svkg importers")
    for name in IMPORTERS:
        imp = get_importer(name, settings)
        if name == "ftm":
            table.add_row(name, imp.description, "(give PATH)", "")
            continue
        table.add_row(name, imp.description, imp.source.file, imp.source.snapshot_date.isoformat())
    console.print(table)
    console.print("Each imports into the named graph https://w3id.org/svkg/graph/import/<name>.")


def run_import(name: str, path: Path | None, settings, *, snapshot: date | None = None,  # type: ignore[no-untyped-def]
               dataset_name: str | None = None, origin: str | None = None, licence: str | None = None):
    """Import into the live store; returns (importer, result metadata, ImportReport)."""
    from graph.build import staged_store
    from graph.importers.history import apply_import
    from graph.importers.registry import get_importer

    importer = get_importer(name, settings, snapshot_date=snapshot, dataset_name=dataset_name,
                            origin_url=origin, licence=licence)
    if settings.sparql_endpoint:
        raise StoreError("svkg import changes the embedded store; for a remote SPARQL server, run the "
                         "importer and load its graph with the server's Graph Store protocol")
    if not Path(settings.store_path).exists():
        raise NotFound(f"no store at {settings.store_path}: run `svkg build` first")
    result = importer.run(path)
    try:
        with staged_store(settings) as store:
            report = apply_import(store, importer, result)
    finally:
        if result.ntriples_path is not None:
            result.ntriples_path.unlink(missing_ok=True)
    return importer, result.metadata, report


def register(app: typer.Typer) -> None:
    @app.command("import")
    def import_(
        name: str = typer.Argument(None, help="Importer name (see --list)."),
        path: Path = typer.Argument(None, help="The file to import (default: the shipped one)."),
        list_: bool = LIST_OPT,
        snapshot_date: str = SNAPSHOT_OPT,
        dataset_name: str = NAME_OPT,
        origin: str = ORIGIN_OPT,
        licence: str = LICENCE_OPT,
        store: Path = STORE_OPT,
        data: Path = DATA_OPT,
    ) -> None:
        """Import a public dataset into its own named graph of the live store (history kept)."""
        from graph.settings import get_settings

        overrides = {k: v for k, v in (("store_path", store), ("data_dir", data)) if v is not None}
        settings = get_settings(**overrides)
        console = Console(highlight=False, soft_wrap=True)
        if list_:
            list_importers(console, settings)
            return
        if not name:
            raise _fail("give an importer name (svkg import --list shows them)", 2)
        from graph.importers.registry import IMPORTERS

        if name not in IMPORTERS:
            raise _fail(f"no importer called {name!r}; known: {', '.join(sorted(IMPORTERS))}", 2)
        try:
            snapshot = date.fromisoformat(snapshot_date) if snapshot_date else None
        except ValueError:
            raise _fail(f"--snapshot-date: not a date YYYY-MM-DD: {snapshot_date!r}", 2) from None
        try:
            _importer, meta, report = run_import(name, path, settings, snapshot=snapshot,
                                                dataset_name=dataset_name, origin=origin, licence=licence)
        except SvkgError as exc:
            raise _fail(exc.message, 1) from None
        console.print(f"imported [bold]{escape(meta['title'])}[/] (snapshot {meta['snapshot_date']}, "
                      f"{meta['rows']} rows) into {escape(report.graph)}: {report.triples} triples")
        if report.previous_snapshot is not None:
            console.print(f"since the snapshot of {report.previous_snapshot}: "
                          f"{len(report.appeared)} listings appeared, {len(report.disappeared)} disappeared "
                          f"({report.carried_triples} triples of history kept)")
            for iri in report.disappeared[:20]:
                console.print(f"  - {escape(iri)}")
            for iri in report.appeared[:20]:
                console.print(f"  + {escape(iri)}")
