"""`svkg build`: ontology + curated data + imports -> a validated store generation, swapped in atomically.

    1. load     the ontology files into `svkgg:ontology`, each curated file into its own graph (the
                loader in `graph.curated`), each configured importer's output into its own graph
                (large imports through pyoxigraph's bulk loader from N-Triples);
    2. derive   `svkg:currentStatus` of every action: the status of its latest claim (see
                `derive_current_status`), written into the graph that types the action;
    3. record   one `svkg:SourceGraph` per graph in `svkgg:meta` (graph.meta);
    4. validate with SHACL (graph.validate) — any violation refuses the whole build;
    5. swap     the store path's symlink to the new generation (graph.store.generations).

Everything happens in a new generation directory beside the current store; a failure anywhere removes
it and leaves the current store untouched and answering queries.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.errors import DataError, Location, SvkgError
from graph.iris import META_GRAPH, ONTOLOGY, ONTOLOGY_GRAPH
from graph.locate import locator
from graph.meta import SourceRecord, record_from_store, sha256_file, write_records
from graph.progress import BuildProgress
from graph.settings import REPO_ROOT, Settings
from graph.store import generations as gens
from graph.store.staged import StagedStore, staged_store
from graph.validate import ValidationReport, load_shapes, raise_on_violations, validate_store

__all__ = ["BuildResult", "StagedStore", "assemble", "build", "derive_current_status", "load_import_result",
           "load_rdflib_graph", "staged_store", "validate_sources"]

ONTOLOGY_FILES = ("svkg.ttl", "vocab.ttl", "cameo.ttl")
CURRENT_STATUS = ox.NamedNode(ONTOLOGY + "currentStatus")
DCTERMS = "http://purl.org/dc/terms/"


@dataclass
class LoadedGraph:
    """One named graph of the build: its record and, for curated files, the loader's SourceFile."""

    record: SourceRecord
    kind: str  # "ontology" | "curated" | "import"
    source: Any = None
    paths: dict[str, Path] = field(default_factory=dict)  # shown (repo-relative) path -> real path
    subjects_by_file: dict[str, set[str]] = field(default_factory=dict)  # several files in one graph


@dataclass
class BuildResult:
    generation: Path
    previous: Path | None
    graphs: list[SourceRecord]  # every graph's meta record, svkgg:meta's own last
    validation: ValidationReport
    timings: dict[str, float]
    derived_statuses: int

    @property
    def triples(self) -> int:
        return sum(r.triple_count for r in self.graphs)


def display_path(path: Path, data_dir: Path | None = None) -> str:
    """A path as recorded and shown: relative to the checkout (or the data dir's parent), never absolute."""
    path = Path(path).resolve()
    for base in (REPO_ROOT, data_dir.resolve().parent if data_dir else None):
        if base is not None and path.is_relative_to(base):
            return path.relative_to(base).as_posix()
    return path.name


# -- 1. load ----------------------------------------------------------------------------------------------

def load_ontology(store: ox.Store, ontology_dir: Path) -> LoadedGraph:
    """svkg.ttl, vocab.ttl and cameo.ttl into `svkgg:ontology`.

    A graph's record holds one origin path and one checksum, so the ontology's record names the
    directory and its sha256 is that of the `sha256sum`-style manifest of the three files (one
    "<hex>  <path>" line each, in the order above), which its description lists."""
    graph = ox.NamedNode(ONTOLOGY_GRAPH)
    rec = SourceRecord(graph=ONTOLOGY_GRAPH, title="svkg ontology, SKOS vocabularies and CAMEO codes",
                       importer="ontology", origin_files=[display_path(ontology_dir)])
    loaded = LoadedGraph(rec, "ontology")
    manifest = []
    for path in (ontology_dir / n for n in ONTOLOGY_FILES):
        shown = display_path(path)
        if not path.is_file():
            raise DataError(Location(shown), "ontology file missing")
        try:
            quads = [ox.Quad(q.subject, q.predicate, q.object, graph)
                     for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        except SyntaxError as exc:
            raise DataError(Location(shown, exc.lineno), f"Turtle syntax error: {exc.msg}") from exc
        store.extend(quads)
        loaded.subjects_by_file[shown] = {str(q.subject.value) for q in quads}
        loaded.paths[shown] = path
        manifest.append(f"{sha256_file(path)}  {shown}\n")
    rec.sha256 = [hashlib.sha256("".join(manifest).encode()).hexdigest()]
    rec.description = "sha256 is of this manifest: " + " ".join(line.strip() + ";" for line in manifest)
    onto = ox.NamedNode(ONTOLOGY.rstrip("#"))
    for pred, attr in (("title", "title"), ("license", "license")):
        for quad in store.quads_for_pattern(onto, ox.NamedNode(DCTERMS + pred), None, graph):
            setattr(rec, attr, quad.object.value)
    return loaded


def load_rdflib_graph(store: ox.Store, graph_iri: str, rdf: Any) -> None:
    """An rdflib graph into a named graph of the store, as N-Triples (pyoxigraph parses it natively)."""
    data = rdf.serialize(format="nt", encoding="utf-8")
    store.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph_iri))


def load_curated(store: ox.Store, ontology_dir: Path, data_dir: Path,
                 progress: BuildProgress) -> list[LoadedGraph]:
    """Each curated file (as the loader parsed and checked it) into its own graph."""
    from graph.curated import concept_keys, load_all

    out = []
    with progress.step("curated data: parse and check references"):
        loaded = load_all(data_dir, concept_keys(ontology_dir / "vocab.ttl"))
    for source, rdf in loaded:
        with progress.step(source.graph.rsplit("/graph/", 1)[-1]) as note:
            load_rdflib_graph(store, source.graph, rdf)
            md = dict(source.metadata())
            if not md.get("origin"):
                md["origin_file"] = display_path(source.path, data_dir)
            md.setdefault("sha256", sha256_file(source.path))
            md.setdefault("importer", "curated")
            rec = SourceRecord.from_metadata(source.graph, md)
            out.append(LoadedGraph(rec, "curated", source, paths={rec.origin_files[0]: source.path}))
            note(f"{len(rdf)} triples")
    return out


def load_imports(store: ox.Store, settings: Settings, progress: BuildProgress) -> list[LoadedGraph]:
    """Each configured importer's output into its own graph."""
    from graph.importers.registry import configured_importers

    out = []
    for imp in configured_importers(settings):
        with progress.step(f"import {imp.name}") as note:
            try:
                result = imp.run()
            except SvkgError:
                raise
            except Exception as exc:
                raise DataError(Location(f"importer {imp.name}"), f"{type(exc).__name__}: {exc}") from exc
            try:
                load_import_result(store, imp.graph, result, imp.name)
            finally:  # the importer's temporary N-Triples file: the caller deletes it after loading
                if getattr(result, "ntriples_path", None) is not None:
                    Path(result.ntriples_path).unlink(missing_ok=True)
            md = dict(result.metadata)
            md["importer"] = imp.name  # the contract: the importer's name (atop, cow…), not its class
            if getattr(imp, "path", None) is not None:
                md["origin_file"] = display_path(imp.path)
            rec = SourceRecord.from_metadata(imp.graph, md)
            real = getattr(imp, "path", None)
            paths = {rec.origin_files[0]: Path(real)} if real is not None and rec.origin_files else {}
            out.append(LoadedGraph(rec, "import", imp, paths=paths))
            note(f"{count(store, imp.graph)} triples")
    return out


def load_import_result(store: ox.Store, graph_iri: str, result: Any, importer: str | None = None) -> None:
    """An ImportResult into its graph: N-Triples files through the bulk loader, graphs as N-Triples."""
    nt_path = getattr(result, "ntriples_path", None)
    if nt_path is not None:
        try:
            store.bulk_load(path=str(nt_path), format=ox.RdfFormat.N_TRIPLES,
                            to_graph=ox.NamedNode(graph_iri))
        except SyntaxError as exc:
            made_by = f" (written by importer {importer})" if importer else ""
            raise DataError(Location(f"{nt_path}{made_by}", exc.lineno),
                            f"N-Triples syntax error: {exc.msg}") from exc
    else:
        load_rdflib_graph(store, graph_iri, result.graph)


def resolve_entities(store: ox.Store, data_dir: Path, progress: BuildProgress) -> LoadedGraph:
    """Entity resolution across the curated and imported graphs (graph.resolve) into its own graph."""
    from graph.resolve import resolve_into

    with progress.step("entity resolution") as note:
        rg = resolve_into(store, data_dir=data_dir)
        note(f"{len(rg.links)} links, {len(rg.uncertain)} uncertain")
    return LoadedGraph(SourceRecord.from_metadata(rg.graph, rg.metadata), "derived")


def derive_ripple(store: ox.Store, progress: BuildProgress) -> LoadedGraph:
    """The ripple model's "followed" links (graph.ripple.derived) with their run and parameters."""
    from graph.ripple.definition import Definition
    from graph.ripple.derived import write_followed
    from graph.store import EmbeddedStore

    with progress.step("ripple: followed links") as note:
        info = write_followed(EmbeddedStore(store), Definition())
        note(f"{info['links']} links over {info['cascades']} cascades")
    md = {
        "title": "Derived: who followed whom (ripple model)",
        "description": f"Followed links from ripple run {info['run']}; parameters on the run node "
        "(svkg:runParameters).",
        "license": "CC-BY-4.0",
        "importer": "ripple",
    }
    return LoadedGraph(SourceRecord.from_metadata(str(info["graph"]), md), "derived")


def count(store: ox.Store, graph_iri: str) -> int:
    """Triples in one named graph (counted by the store, not in Python)."""
    # pyoxigraph substitutes only projected variables, so ?g is projected (and grouped on)
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                       substitutions={ox.Variable("g"): ox.NamedNode(graph_iri)})
    return sum(int(r["n"].value) for r in rows)


def meta_record(store: ox.Store) -> SourceRecord:
    """The record of `svkgg:meta` itself (its count includes the record's own triples)."""
    rec = SourceRecord(graph=META_GRAPH, title="Named-graph metadata: one svkg:SourceGraph per graph",
                       importer="build")
    meta = ox.NamedNode(META_GRAPH)
    own = sum(1 for _ in store.quads_for_pattern(meta, None, None, meta))  # a previous self-record
    rec.triple_count = count(store, META_GRAPH) - own + len(rec.quads())
    return rec


# -- 2. derive --------------------------------------------------------------------------------------------

_CLAIMS = """
PREFIX svkg: <https://w3id.org/svkg/ontology#>
SELECT ?action ?g ?claim ?date ?status WHERE {
  GRAPH ?g { ?action a svkg:Action }
  ?claim svkg:claimAbout ?action ; svkg:status ?status .
  OPTIONAL { ?claim svkg:claimDate ?date }
}"""


def derive_current_status(store: ox.Store) -> int:
    """Set `svkg:currentStatus` of every action with claims: the status of its latest claim by
    `svkg:claimDate` (undated claims count as oldest); ties go to the claim whose IRI sorts last, so the
    result never depends on load order. Written into the (first, by IRI) graph that types the action;
    any currentStatus already in the store is replaced. Returns the number of actions given a status."""
    for quad in list(store.quads_for_pattern(None, CURRENT_STATUS, None, None)):
        store.remove(quad)
    graphs: dict[str, set[str]] = {}
    best: dict[str, tuple[tuple[str, str, str], ox.NamedNode]] = {}
    for row in store.query(_CLAIMS, use_default_graph_as_union=True):
        action = row["action"].value
        graphs.setdefault(action, set()).add(row["g"].value)
        date = row["date"].value if row["date"] is not None else ""
        key = (date, row["claim"].value, str(row["status"]))
        if action not in best or key > best[action][0]:
            best[action] = (key, row["status"])
    store.extend(ox.Quad(ox.NamedNode(a), CURRENT_STATUS, status, ox.NamedNode(min(graphs[a])))
                 for a, (_key, status) in best.items())
    return len(best)


# -- the whole build --------------------------------------------------------------------------------------

def assemble(store: ox.Store, settings: Settings, data_dir: Path, *, imports: bool,
             progress: BuildProgress, timings: dict[str, float]) -> tuple[list[LoadedGraph], int]:
    """Load every source into `store`, derive current statuses and write the meta records.
    Returns the graphs loaded and the number of actions given a status."""
    t0 = time.perf_counter()
    with progress.step("ontology") as note:
        loaded = [load_ontology(store, Path(settings.ontology_dir))]
        note(f"{count(store, ONTOLOGY_GRAPH)} triples")
    loaded += load_curated(store, Path(settings.ontology_dir), data_dir, progress)
    if imports:
        loaded += load_imports(store, settings, progress)
        loaded.append(resolve_entities(store, data_dir, progress))
    timings["load"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    with progress.step("derive current statuses") as note:
        derived = derive_current_status(store)
        note(f"{derived} actions")
    loaded.append(derive_ripple(store, progress))
    for lg in loaded:
        lg.record.triple_count = count(store, lg.record.graph)
    write_records(store, [lg.record for lg in loaded])
    write_records(store, [meta_record(store)])
    timings["derive"] = time.perf_counter() - t0
    return loaded, derived


def check(store: ox.Store, settings: Settings, loaded: list[LoadedGraph],
          progress: BuildProgress) -> ValidationReport:
    """SHACL-validate the assembled store; raise ValidationError (located) on any violation."""
    with progress.step("validate (SHACL)") as note:
        shapes = load_shapes(Path(settings.ontology_dir))
        report = validate_store(store, shapes, locate=locator(store, loaded))
        note(f"{len(report.violations)} violations, {len(report.warnings)} warnings")
    raise_on_violations(report)
    return report


def build(settings: Settings, *, data_dir: Path | None = None, imports: bool = True,
          progress: BuildProgress | None = None) -> BuildResult:
    """Build a new store generation from the sources and swap it in (see the module doc)."""
    store_path = Path(settings.store_path)
    data_dir = Path(data_dir or settings.data_dir)
    progress = progress or BuildProgress(enabled=False)
    timings: dict[str, float] = {}
    with gens.build_lock(store_path):
        gens.adopt_plain_directory(store_path)
        with gens.Generation(store_path) as gen:
            loaded, derived = assemble(gen.store, settings, data_dir, imports=imports, progress=progress,
                                       timings=timings)
            report = check(gen.store, settings, loaded, progress)
            timings["validate"] = report.seconds
            meta = record_from_store(gen.store, META_GRAPH)
            assert meta is not None
            t0 = time.perf_counter()
            gen.store.optimize()
        try:
            previous = gens.swap_in(store_path, gen.path)
        except BaseException:
            if gens.current_generation(store_path) != gen.path:
                gen.discard()
            raise
        timings["write"] = time.perf_counter() - t0
    return BuildResult(gen.path, previous, [lg.record for lg in loaded] + [meta], report, timings, derived)


def validate_sources(settings: Settings, *, data_dir: Path | None = None, imports: bool = True,
                     progress: BuildProgress | None = None) -> BuildResult:
    """`svkg validate`: parse and SHACL-check everything in an in-memory store; the store is not touched."""
    progress = progress or BuildProgress(enabled=False)
    timings: dict[str, float] = {}
    store = ox.Store()
    loaded, derived = assemble(store, settings, Path(data_dir or settings.data_dir), imports=imports,
                               progress=progress, timings=timings)
    report = check(store, settings, loaded, progress)
    timings["validate"] = report.seconds
    meta = record_from_store(store, META_GRAPH)
    assert meta is not None
    return BuildResult(Path(), None, [lg.record for lg in loaded] + [meta], report, timings, derived)
