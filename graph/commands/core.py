"""`svkg build`, `svkg validate`, `svkg query`, `svkg stats`.

Exit codes: 0 success; 1 the data, the store or a build failed (the message says where); 2 a bad
query, option or binding.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from graph.errors import QueryError, SvkgError
from graph.iris import PREFIXES
from graph.settings import Settings, get_settings
from graph.store import open_store
from graph.store.terms import parse_bindings
from graph.validate import compact

STORE_OPT = typer.Option(None, "--store", help="Store path (default: SVKG_STORE_PATH or ./var/store).")
DATA_OPT = typer.Option(None, "--data", help="Data directory (default: ./data).")


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"


RESULTS = {Format.csv: ox.QueryResultsFormat.CSV, Format.tsv: ox.QueryResultsFormat.TSV,
           Format.json: ox.QueryResultsFormat.JSON, Format.xml: ox.QueryResultsFormat.XML}
GRAPH_RESULTS = {Format.table: ox.RdfFormat.TURTLE, Format.turtle: ox.RdfFormat.TURTLE,
                 Format.json: ox.RdfFormat.JSON_LD, Format.xml: ox.RdfFormat.RDF_XML}


def _settings(store: Path | None = None) -> Settings:
    return get_settings(**({"store_path": store} if store else {}))


def _fail(exc: SvkgError | str, code: int) -> typer.Exit:
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    text = exc if isinstance(exc, str) else exc.message
    err.print(f"[bold red]error:[/] {escape(text)}", markup=True)
    return typer.Exit(code)


def _console() -> Console:
    """stdout: the terminal's width on a terminal; unlimited when piped, so no value is cut or folded."""
    return Console(highlight=False, width=None if sys.stdout.isatty() else 1_000_000)


def _report_build(result, console: Console, what: str) -> None:  # type: ignore[no-untyped-def]
    t = result.timings
    v = result.validation
    sampled = f"; sampled: {', '.join(v.graphs_sampled)}" if v.graphs_sampled else ""
    console.print(f"{escape(what)}: {len(result.graphs)} graphs, {result.triples} triples, "
                  f"{result.derived_statuses} current statuses derived; load {t.get('load', 0):.1f}s, "
                  f"SHACL {t.get('validate', 0):.1f}s{sampled}", highlight=False, soft_wrap=True)
    for w in v.warnings[:20]:
        console.print(f"[yellow]warning:[/] {escape(str(w))}", highlight=False, soft_wrap=True)


def build_cmd(
    store: Path | None = STORE_OPT,
    data: Path | None = DATA_OPT,
    no_imports: bool = typer.Option(False, "--no-imports", help="Skip the dataset importers."),
) -> None:
    """Build the store from the ontology, the curated data and the imports; swap it in if it validates."""
    from graph.build import build
    from graph.progress import BuildProgress

    settings = _settings(store)
    try:
        with BuildProgress() as progress:
            result = build(settings, data_dir=data, imports=not no_imports, progress=progress)
    except SvkgError as exc:
        raise _fail(exc, 1) from None
    what = f"built {settings.store_path} -> {result.generation.name}"
    _report_build(result, Console(highlight=False), what)


def validate_cmd(
    data: Path | None = DATA_OPT,
    no_imports: bool = typer.Option(False, "--no-imports", help="Skip the dataset importers."),
) -> None:
    """Parse and SHACL-check everything without touching the store."""
    from graph.build import validate_sources
    from graph.progress import BuildProgress

    try:
        with BuildProgress() as progress:
            result = validate_sources(_settings(), data_dir=data, imports=not no_imports, progress=progress)
    except SvkgError as exc:
        raise _fail(exc, 1) from None
    _report_build(result, Console(highlight=False), "valid")


def _query_text(arg: str) -> str:
    path = Path(arg)
    if arg.endswith((".rq", ".sparql")) or ("\n" not in arg and len(arg) < 4096 and path.is_file()):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read the query file {arg}: {exc.strerror}") from exc
    return arg


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return term.value + (f"@{term.language}" if term.language else "")
    return str(term)


def query_cmd(
    sparql: str = typer.Argument(..., help="A SPARQL query, or the path of a .rq file."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="Output format."),
    bind: list[str] | None = typer.Option(None, "--bind", "-b",
                                          help='name=value: <iri>, svkg:/id: name, "text", "2018-12-01"'
                                               '^^xsd:date, a number. Repeatable.'),
    graph: list[str] | None = typer.Option(None, "--graph", "-g",
                                           help="Query only this named graph (as the default graph). "
                                                "Repeatable."),
    store: Path | None = STORE_OPT,
) -> None:
    """Run a SPARQL query against the store (read-only). Values go in with --bind, never into the text."""
    try:
        text = _query_text(sparql)
        bindings = parse_bindings(bind)
        graphs = [parse_graph(g) for g in graph] if graph else None
    except QueryError as exc:
        raise _fail(exc, 2) from None
    try:
        with open_store(_settings(store), read_only=True) as st:
            result = st.query(text, bindings=bindings, default_graph=graphs)
            _write_result(result, fmt)
    except QueryError as exc:
        raise _fail(exc, 2) from None
    except SvkgError as exc:
        raise _fail(exc, 1) from None


def parse_graph(text: str) -> str:
    """A --graph value: <iri>, a prefixed name (svkgg:curated/timeline) or a bare absolute IRI."""
    from graph.store.terms import parse_term

    if text.startswith("<") or text.split(":", 1)[0] in PREFIXES:
        term = parse_term(text)
    else:
        try:
            term = ox.NamedNode(text)
        except ValueError as exc:
            raise QueryError(f"--graph {text!r} is not an IRI: {exc}") from None
    if not isinstance(term, ox.NamedNode):
        raise QueryError(f"--graph {text!r} is not an IRI")
    return term.value


def _write_result(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples, fmt: Format) -> None:
    out = sys.stdout.buffer
    if isinstance(result, ox.QueryTriples):
        if fmt not in GRAPH_RESULTS:
            raise QueryError(f"a CONSTRUCT/DESCRIBE result cannot be written as {fmt.value}: "
                             "use turtle, json (JSON-LD) or xml (RDF/XML)")
        out.write(ox.serialize(result, format=GRAPH_RESULTS[fmt], prefixes=PREFIXES) or b"")
        out.flush()
        return
    if fmt is Format.turtle:
        raise QueryError("turtle is for CONSTRUCT/DESCRIBE results: use table, csv, tsv, json or xml")
    if fmt in RESULTS:
        out.write(result.serialize(format=RESULTS[fmt]) or b"")
        out.flush()
        return
    console = _console()
    if isinstance(result, ox.QueryBoolean):
        console.print("true" if bool(result) else "false")
        return
    names = [v.value for v in result.variables]
    table = Table(show_lines=False)
    for name in names:
        table.add_column(name, overflow="fold")
    n = 0
    for solution in result:
        table.add_row(*(Text(_cell(solution[name])) for name in names))
        n += 1
    console.print(table)
    console.print(f"{n} row{'s' if n != 1 else ''}", style="dim")


def stats_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    store: Path | None = STORE_OPT,
) -> None:
    """Instances per class (over the union of all graphs) and triples per named graph."""
    from graph.meta import class_counts, graph_counts

    try:
        with open_store(_settings(store), read_only=True) as st:
            graphs, classes = graph_counts(st), class_counts(st)
    except SvkgError as exc:
        raise _fail(exc, 1) from None
    if as_json:
        typer.echo(json.dumps({"graphs": graphs, "classes": classes}, indent=2))
        return
    console = _console()
    gt = Table("graph", "triples", "title", "licence", title="Named graphs")
    for g in graphs:
        gt.add_row(Text(compact(g["graph"])), str(g["triples"]), Text(g["title"] or ""),
                   Text(g["license"] or ""))
    console.print(gt)
    ct = Table("class", "instances", title="Classes (union of all graphs)")
    for c in classes:
        ct.add_row(Text(compact(c["class"])), str(c["instances"]))
    console.print(ct)


def register(app: typer.Typer) -> None:
    """Add build, validate, query and stats to the `svkg` app."""
    app.command("build")(build_cmd)
    app.command("validate")(validate_cmd)
    app.command("query")(query_cmd)
    app.command("stats")(stats_cmd)
