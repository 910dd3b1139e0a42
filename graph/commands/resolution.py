"""`svkg resolve` and `svkg report`.

    svkg resolve                       link imported records to curated entities (owl:sameAs) in the
                                       resolution graph of the live store (copy, validate, swap)
    svkg resolve --review              list the uncertain pairs (score between the review floor and the
                                       threshold, or two candidates too close to call); nothing is written
    svkg resolve --threshold 0.9 --json
    svkg report                        the data quality report: coverage, single-source actions, contested
                                       facts, unresolved records
    svkg report --json | --html report.html

Exit codes: 0 success; 1 bad data (the decisions file), a failed validation or no store; 2 a bad option.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.errors import SvkgError
from graph.iris import short

STORE_OPT = typer.Option(None, "--store", help="Store path (default: SVKG_STORE_PATH or ./var/store).")
DATA_OPT = typer.Option(None, "--data", help="Data directory holding resolution-decisions.yaml "
                        "(default: ./data).")
THRESHOLD_OPT = typer.Option(0.85, "--threshold", help="Link pairs scoring at least this (0-1].")
FLOOR_OPT = typer.Option(0.6, "--floor", help="List pairs scoring at least this (and below the "
                         "threshold) for review.")
JSON_OPT = typer.Option(False, "--json", help="Print JSON instead of tables.")


def _fail(message: str, code: int) -> typer.Exit:
    Console(stderr=True, highlight=False, soft_wrap=True).print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _settings(store: Path | None, data: Path | None):  # type: ignore[no-untyped-def]
    from graph.settings import get_settings

    return get_settings(**{k: v for k, v in (("store_path", store), ("data_dir", data)) if v is not None})


def _pairs_table(pairs, title: str) -> Table:  # type: ignore[no-untyped-def]
    table = Table("score", "record", "candidate", "why", title=title, show_lines=False)
    for p in pairs:
        table.add_row(f"{p.score:.3f}", f"{escape(p.left_label)}\n[dim]{escape(short(p.left))}[/]",
                      f"{escape(p.right_label)}\n[dim]{escape(short(p.right))}[/]",
                      f"[dim]{escape(p.decision)}[/] {escape(p.reason)}")
    return table


def resolve_cmd(
    review: bool = typer.Option(False, "--review", help="List the uncertain pairs; write nothing."),
    threshold: float = THRESHOLD_OPT,
    floor: float = FLOOR_OPT,
    as_json: bool = JSON_OPT,
    store: Path | None = STORE_OPT,
    data: Path | None = DATA_OPT,
) -> None:
    """Resolve imported records to curated entities and write the resolution graph (or, with --review,
    list the pairs the matcher is unsure about)."""
    if not 0.0 < threshold <= 1.0:
        raise _fail(f"--threshold must be in (0, 1], not {threshold}", 2)
    if not 0.0 <= floor <= threshold:
        raise _fail(f"--floor must be between 0 and the threshold ({threshold}), not {floor}", 2)
    settings = _settings(store, data)
    console = Console(highlight=False, soft_wrap=True)
    try:
        if review:
            from graph.resolve import resolve_store
            from graph.store import open_store

            with open_store(settings, read_only=True) as gs:
                resolution = resolve_store(gs, data_dir=Path(settings.data_dir), threshold=threshold,
                                           floor=floor)
        else:
            from graph.build import staged_store
            from graph.resolve import resolve_into
            from graph.store import generations as gens

            if gens.current_generation(Path(settings.store_path)) is None:
                raise _fail(f"no store at {settings.store_path}: run `svkg build` first", 1)
            with staged_store(settings) as staged:
                resolution = resolve_into(staged, data_dir=Path(settings.data_dir), threshold=threshold,
                                          floor=floor).resolution
    except SvkgError as exc:
        raise _fail(exc.message, 1) from None
    summary = resolution.as_dict()
    if as_json:
        out = dict(summary)
        out["uncertain_pairs" if review else "links_made"] = [
            p.as_dict() for p in (resolution.uncertain if review else resolution.links)]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if review:
        console.print(_pairs_table(resolution.uncertain, f"{len(resolution.uncertain)} uncertain pairs "
                                   f"(score ≥ {floor} and < {threshold}, or ambiguous)"))
        console.print("Decide them in data/resolution-decisions.yaml (decision: same | different).")
        return
    per_graph = ", ".join(f"{g} {n}" for g, n in summary["links_per_graph"].items()) or "none"
    console.print(f"resolution: {summary['links']} links ({per_graph}) from {summary['imported_records']} "
                  f"imported and {summary['curated_records']} curated records in {summary['seconds']}s; "
                  f"{summary['uncertain']} uncertain pairs (svkg resolve --review)")
    for d in resolution.stale_decisions:
        console.print(f"[yellow]warning:[/] decision at {escape(d.where)} names an id not in the store")


def report_cmd(
    as_json: bool = JSON_OPT,
    html: Path | None = typer.Option(None, "--html", help="Write the report as an HTML page to FILE."),
    limit: int = typer.Option(50, "--limit", min=1, help="Rows listed per section (totals are exact)."),
    store: Path | None = STORE_OPT,
    data: Path | None = DATA_OPT,
) -> None:
    """The data quality report: coverage per state, vendor, year and source graph; actions with a single
    source; contested facts; unresolved imported records."""
    from api.routers.report import render_html
    from graph.report import build_report
    from graph.store import open_store

    settings = _settings(store, data)
    try:
        with open_store(settings, read_only=True) as gs:
            report = build_report(gs, limit=limit, data_dir=Path(settings.data_dir))
    except SvkgError as exc:
        raise _fail(exc.message, 1) from None
    if html is not None:
        html.write_text(render_html(report), encoding="utf-8")
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
        return
    console = Console(highlight=False, soft_wrap=True)
    for title, rows in report.text_sections():
        table = Table(*rows[0], title=title) if rows else Table(title=title)
        for row in rows[1:]:
            table.add_row(*(escape(str(c)) for c in row))
        console.print(table)
    if html is not None:
        console.print(f"wrote {escape(str(html))}")


def register(app: typer.Typer) -> None:
    """Add `resolve` and `report` to the `svkg` app."""
    app.command("resolve")(resolve_cmd)
    app.command("report")(report_cmd)
