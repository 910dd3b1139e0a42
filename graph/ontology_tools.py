"""Tools over the ontology files: loading them, generating `graph/namespaces.py`, and HTML documentation.

    load_ontology_graph()      svkg.ttl + vocab.ttl + cameo.ttl as one rdflib graph
    load_shapes_graph()        shapes.ttl
    namespace_source()         the text of graph/namespaces.py, generated from svkg.ttl (deterministic)
    write_namespace()          write it;  check_namespace(): is the file up to date?
    write_docs(outdir)         HTML documentation of the ontology with pyLODE (offline)
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from graph import iris
from graph.errors import DataError, Location
from graph.settings import REPO_ROOT

ONTOLOGY_DIR = REPO_ROOT / "ontology"
ONTOLOGY_FILES = ("svkg.ttl", "vocab.ttl", "cameo.ttl")
SHAPES_FILE = "shapes.ttl"
NAMESPACE_MODULE = REPO_ROOT / "graph" / "namespaces.py"
SHAPES_NS = "https://w3id.org/svkg/shapes#"

# kinds of term, in the order the generated module lists them
KINDS: tuple[tuple[rdflib.URIRef, str], ...] = (
    (OWL.Class, "classes"),
    (OWL.ObjectProperty, "object properties"),
    (OWL.DatatypeProperty, "datatype properties"),
    (OWL.AnnotationProperty, "annotation properties"),
)


def parse_turtle(path: Path, into: rdflib.Graph | None = None) -> rdflib.Graph:
    """Parse one Turtle file; a missing file or a syntax error raises DataError naming the file (and line)."""
    graph = into if into is not None else rdflib.Graph()
    if not path.is_file():
        raise DataError(Location(path.name), f"ontology file missing: {path.name}")
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises several parser exception types
        line = getattr(exc, "lines", None)
        raise DataError(Location(path.name, line if isinstance(line, int) else None),
                        f"cannot parse Turtle: {exc}") from exc
    return graph


def load_ontology_graph(ontology_dir: Path | None = None) -> rdflib.Graph:
    """The ontology, the SKOS vocabularies and the CAMEO codes as one graph (what `svkgg:ontology` holds)."""
    directory = ontology_dir or ONTOLOGY_DIR
    graph = rdflib.Graph()
    for name in ONTOLOGY_FILES:
        parse_turtle(directory / name, into=graph)
    return graph


def load_shapes_graph(ontology_dir: Path | None = None) -> rdflib.Graph:
    """The SHACL shapes (`shapes.ttl`)."""
    return parse_turtle((ontology_dir or ONTOLOGY_DIR) / SHAPES_FILE)


@dataclass(frozen=True)
class Term:
    """One term of the svkg namespace: its local name, the kind it is declared as, and its label."""

    name: str
    kind: str
    label: str


def svkg_terms(ontology: rdflib.Graph) -> list[Term]:
    """Every `svkg:` term declared in the graph, grouped by kind (classes first) and sorted by name."""
    terms: dict[str, Term] = {}
    for cls, kind in KINDS:
        for subject in ontology.subjects(RDF.type, cls):
            text = str(subject)
            if not text.startswith(iris.ONTOLOGY) or text[len(iris.ONTOLOGY):] in terms:
                continue
            name = text[len(iris.ONTOLOGY):]
            label = ontology.value(subject, RDFS.label) or ontology.value(subject, SKOS.prefLabel) or ""
            terms[name] = Term(name, kind, " ".join(str(label).split()))
    order = {kind: i for i, (_, kind) in enumerate(KINDS)}
    return sorted(terms.values(), key=lambda t: (order[t.kind], t.name))


SCHEMES = ("action-type", "status", "verification", "precision", "stance", "alliance-type", "scope", "role",
           "cameo")

HEADER = '''"""The svkg ontology's terms as a closed rdflib namespace, and svkg's other namespaces.

GENERATED from ontology/svkg.ttl by `svkg ontology namespace`: do not edit by hand. A test fails when this
file is stale. `SVKG.Action` is https://w3id.org/svkg/ontology#Action; `SVKG.Actoin` raises
AttributeError (the namespace is closed).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from graph import iris

'''


def namespace_source(ontology_dir: Path | None = None) -> str:
    """The text of `graph/namespaces.py` for the ontology in `ontology_dir` (same input, same text)."""
    ontology = parse_turtle((ontology_dir or ONTOLOGY_DIR) / "svkg.ttl")
    terms = svkg_terms(ontology)
    counts = {kind: sum(t.kind == kind for t in terms) for _, kind in KINDS}
    summary = ", ".join(f"{n} {kind}" for kind, n in counts.items())
    lines = [HEADER, "class SVKG(DefinedNamespace):",
             f'    """{iris.ONTOLOGY}\n\n    {summary}.\n    """', "",
             "    _fail = True", f'    _NS = Namespace("{iris.ONTOLOGY}")']
    kind = None
    for term in terms:
        if term.kind != kind:
            kind = term.kind
            lines += ["", f"    # {kind}"]
        lines.append(f"    {term.name}: URIRef  # {term.label}")
    lines += ["", "",
              "ID = Namespace(iris.ID)  # things: ID['state/JP']",
              "VOCAB = Namespace(iris.VOCAB)  # concept schemes: VOCAB['action-type']",
              "GRAPH = Namespace(iris.GRAPH)  # named graphs: GRAPH['curated/timeline']",
              f'SHAPES = Namespace("{SHAPES_NS}")  # SHACL shapes',
              "",
              "ONTOLOGY_GRAPH = URIRef(iris.ONTOLOGY_GRAPH)",
              "META_GRAPH = URIRef(iris.META_GRAPH)",
              "RESOLUTION_GRAPH = URIRef(iris.RESOLUTION_GRAPH)",
              "RIPPLE_GRAPH = URIRef(iris.RIPPLE_GRAPH)",
              "",
              "# concepts of each vocabulary: ACTION_TYPE['procurement-ban'], STATUS['enacted'],",
              "# CAMEO['163']"]
    for scheme in SCHEMES:
        constant = scheme.upper().replace("-", "_")
        lines.append(f'{constant} = Namespace(iris.VOCAB + "{scheme}/")')
    return "\n".join(lines) + "\n"


def write_namespace(path: Path = NAMESPACE_MODULE, ontology_dir: Path | None = None) -> bool:
    """Write the generated module; returns True when the file changed."""
    text = namespace_source(ontology_dir)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    path.write_text(text, encoding="utf-8")
    return True


def check_namespace(path: Path = NAMESPACE_MODULE, ontology_dir: Path | None = None) -> bool:
    """True when `path` holds exactly what `namespace_source()` generates now."""
    return path.is_file() and path.read_text(encoding="utf-8") == namespace_source(ontology_dir)


def _import_ontpub() -> type:
    """pyLODE's OntPub class. pyLODE 3.4.1 reads its own version from a pyproject.toml that its wheel does
    not ship (RDFLib/pyLODE#260, fixed upstream after 3.4.1), so its import fails when installed from PyPI;
    in that case give it a `pylode.version` module with the installed version first."""
    spec = importlib.util.find_spec("pylode")
    if (spec is not None and spec.origin and "pylode.version" not in sys.modules
            and not (Path(spec.origin).parent.parent / "pyproject.toml").is_file()):
        stub = types.ModuleType("pylode.version")
        stub.__version__ = importlib.metadata.version("pylode")  # type: ignore[attr-defined]
        sys.modules["pylode.version"] = stub
    from pylode import OntPub  # imported here: pyLODE is slow to import and only the docs need it

    return OntPub


def write_docs(outdir: Path, ontology_dir: Path | None = None) -> Path:
    """Write `outdir/index.html`, the pyLODE (OntPub) documentation of svkg.ttl. Works offline: pyLODE's
    background ontologies ship with it and nothing is fetched."""
    ont_pub = _import_ontpub()

    ontology = parse_turtle((ontology_dir or ONTOLOGY_DIR) / "svkg.ttl")
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / "index.html"
    ont_pub(ontology=ontology, sort_subjects=True).make_html(destination=target)
    return target
