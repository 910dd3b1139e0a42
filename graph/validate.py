"""SHACL validation of a built (or staged) store, with every violation located in its source file.

What is checked, and on what basis (pySHACL, `ontology/shapes.ttl`, inference none):

* **Core** — the ontology graph, every curated graph, `svkgg:meta` and any other graph that is not an
  import: validated whole, as one union data graph (cross-file references resolve; the ontology is in
  the data graph so `sh:class` sees `rdfs:subClassOf` and the vocabularies).
* **Each import graph** — validated on its own data graph (graph.shacl_data): the import, the
  ontology, and the curated nodes it refers to (two hops deep), so its references resolve as in the
  full union; only results for the import's own nodes count, and the core is not checked again.
  pySHACL manages some 3,000 triples a second on this data, so an import larger than
  `MAX_IMPORT_TRIPLES` is checked on a deterministic sample of focus nodes instead: up to
  `SAMPLE_PER_CLASS` subjects of each class, evenly spaced in IRI order (so every year and letter of a
  dataset is represented), each with its neighbourhood (triples into it; out of it, three hops deep).
  Importers write every record from one template, so a template fault shows in the sample; a fault in
  one odd record of a large dataset may not. The report (and `svkg build`'s summary) names the graphs
  that were sampled.

A violation fails the build; warnings and infos are reported but do not.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from rdflib.namespace import SH

from graph.errors import Location, ValidationError
from graph.iris import GRAPH, ONTOLOGY_GRAPH, PREFIXES
from graph.shacl_data import ImportSlice, graph_from_store, graph_size, sample

IMPORT_PREFIX = GRAPH + "import/"
MAX_IMPORT_TRIPLES = 25_000
SAMPLE_PER_CLASS = 200


@dataclass(frozen=True)
class Violation:
    """One SHACL result, with where its focus node comes from."""

    severity: str
    focus: str
    path: str | None
    message: str
    shape: str | None
    value: str | None
    graph: str | None = None
    location: Location | None = None

    def __str__(self) -> str:
        where = str(self.location) if self.location else (self.graph or "unknown graph")
        parts = [f"{where}: {compact(self.focus)}"]
        if self.path:
            parts.append(f"path {self.path}")
        if self.value is not None:
            parts.append(f"value {self.value}")
        text = ", ".join(parts) + f": {self.message}"
        if self.shape:
            text += f" (shape {self.shape})"
        return text


@dataclass
class ValidationReport:
    """What was validated, how long it took, and what it found."""

    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    seconds: float = 0.0
    graphs_whole: list[str] = field(default_factory=list)
    graphs_sampled: list[str] = field(default_factory=list)
    seconds_per_graph: dict[str, float] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        return not self.violations


def compact(iri: str) -> str:
    """`https://w3id.org/svkg/id/state/JP` -> `id:state/JP` (longest matching prefix)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri if iri.startswith("_:") else f"<{iri}>"
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def load_shapes(ontology_dir: Path) -> rdflib.Graph:
    """The SHACL shapes graph (`shapes.ttl`)."""
    path = ontology_dir / "shapes.ttl"
    if not path.is_file():
        raise ValidationError(Location(path), "the SHACL shapes file is missing")
    try:
        return rdflib.Graph().parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        raise ValidationError(Location(path), f"cannot parse the shapes: {exc}") from exc


def _render_path(results: rdflib.Graph, node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return compact(str(node))
    inverse = results.value(node, SH.inversePath)
    if inverse is not None:
        return f"^{_render_path(results, inverse)}"
    if (node, rdflib.RDF.first, None) in results:
        return "/".join(_render_path(results, n) or "?" for n in rdflib.collection.Collection(results, node))
    return str(node)


def _term_text(node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.URIRef):
        return compact(str(node))
    if isinstance(node, rdflib.BNode):
        return f"_:{node}"
    return node.n3()


def shacl_check(data: rdflib.Graph, shapes: rdflib.Graph) -> tuple[list[Violation], list[Violation]]:
    """Run pySHACL (inference none) over all of `data`; returns (violations, warnings and infos)."""
    _conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", inplace=True, allow_warnings=True)
    violations: list[Violation] = []
    warnings: list[Violation] = []
    # only the report's own results: pySHACL also types nested detail results as sh:ValidationResult
    top = [res for rep in results.subjects(rdflib.RDF.type, SH.ValidationReport)
           for res in results.objects(rep, SH.result)]
    for res in top:
        severity = results.value(res, SH.resultSeverity)
        shape = results.value(res, SH.sourceShape)
        messages = sorted(str(m) for m in results.objects(res, SH.resultMessage))
        focus = results.value(res, SH.focusNode)
        v = Violation(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            focus=f"_:{focus}" if isinstance(focus, rdflib.BNode) else str(focus),
            path=_render_path(results, results.value(res, SH.resultPath)),
            message="; ".join(messages) or compact(str(results.value(res, SH.sourceConstraintComponent))),
            shape=compact(str(shape)) if isinstance(shape, rdflib.URIRef) else None,
            value=_term_text(results.value(res, SH.value)),
        )
        (violations if severity in (None, SH.Violation) else warnings).append(v)
    key = lambda v: (v.focus, v.path or "", v.message)  # noqa: E731
    return sorted(violations, key=key), sorted(warnings, key=key)


def validate_store(
    store: ox.Store,
    shapes: rdflib.Graph,
    *,
    imports_to_check: Iterable[str] | None = None,
    locate: Callable[[Violation], Violation] | None = None,
    max_import_triples: int | None = None,
    sample_per_class: int | None = None,
) -> ValidationReport:
    """Validate the store's graphs on the basis in the module doc. `imports_to_check` limits which import
    graphs are checked (None = all). `locate` fills in each violation's graph and file location."""
    started = time.perf_counter()
    max_import_triples = MAX_IMPORT_TRIPLES if max_import_triples is None else max_import_triples
    sample_per_class = SAMPLE_PER_CLASS if sample_per_class is None else sample_per_class
    report = ValidationReport()
    all_graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
    core = [g for g in all_graphs if not g.startswith(IMPORT_PREFIX)]
    imports = [g for g in all_graphs if g.startswith(IMPORT_PREFIX)]
    if imports_to_check is not None:
        wanted = set(imports_to_check)
        imports = [g for g in imports if g in wanted]

    t0 = time.perf_counter()
    v, w = shacl_check(graph_from_store(store, core), shapes)
    report.violations += v
    report.warnings += w
    report.graphs_whole += core
    report.seconds_per_graph["core"] = time.perf_counter() - t0
    ontology = graph_from_store(store, [ONTOLOGY_GRAPH])
    for g in imports:
        t0 = time.perf_counter()
        if graph_size(store, g) > max_import_triples:
            part = ImportSlice(store, g, ontology, core, ONTOLOGY_GRAPH,
                               focus=sample(store, g, sample_per_class))
            report.graphs_sampled.append(g)
        else:
            part = ImportSlice(store, g, ontology, core, ONTOLOGY_GRAPH)
            report.graphs_whole.append(g)
        v, w = shacl_check(part.data, shapes)
        report.violations += [x for x in v if x.focus in part.focus]
        report.warnings += [x for x in w if x.focus in part.focus]
        report.seconds_per_graph[g] = time.perf_counter() - t0
    if locate:
        report.violations = [locate(x) for x in report.violations]
        report.warnings = [locate(x) for x in report.warnings]
    report.seconds = time.perf_counter() - started
    return report


def raise_on_violations(report: ValidationReport, limit: int = 50) -> None:
    """Raise ValidationError naming the first file and every violation (up to `limit` lines)."""
    if report.conforms:
        return
    first = report.violations[0]
    lines = [str(v) for v in report.violations[:limit]]
    if len(report.violations) > limit:
        lines.append(f"... and {len(report.violations) - limit} more")
    rule = f"{len(report.violations)} SHACL violation(s):\n  " + "\n  ".join(lines)
    raise ValidationError(first.location or Location(first.graph or "store"), rule, lines)
