"""The SHACL shapes (ontology/shapes.ttl): each node shape has a conforming and a failing example in
tests/shapes/ (<Name>.ok.ttl, <Name>.bad.ttl); the failing one must fail on the property its header names
(`# expect-path: svkg:actionType`), for a node of the class the shape is about, and on nothing else."""

from __future__ import annotations

import re
from pathlib import Path

import pyshacl
import pytest
import rdflib
from rdflib.namespace import RDF, RDFS, SH, SKOS

from graph.iris import PREFIXES
from graph.ontology_tools import SHAPES_NS, load_ontology_graph, load_shapes_graph

EXAMPLES = Path(__file__).parent / "shapes"
SVKG = rdflib.Namespace(PREFIXES["svkg"])


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology_graph()


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes_graph()


def node_shape_names(shapes: rdflib.Graph) -> set[str]:
    return {str(s)[len(SHAPES_NS):-len("Shape")] for s in shapes.subjects(RDF.type, SH.NodeShape)
            if str(s).startswith(SHAPES_NS) and str(s).endswith("Shape")}


def names() -> list[str]:
    return sorted(p.name[: -len(".ok.ttl")] for p in EXAMPLES.glob("*.ok.ttl"))


def validate(example: Path, ontology: rdflib.Graph, shapes: rdflib.Graph) -> tuple[rdflib.Graph, list]:
    """Validate the example's own nodes, with the ontology and vocabularies in the data graph (as in a
    build: pySHACL's ont_graph would copy only RDFS/OWL axioms, not the SKOS concepts)."""
    own = rdflib.Graph().parse(example, format="turtle")
    data = rdflib.Graph()
    for prefix, iri in PREFIXES.items():
        data.bind(prefix, iri)
    data += ontology
    data += own
    focus = sorted({s for s in own.subjects() if isinstance(s, rdflib.URIRef)}, key=str)
    _conforms, report, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", inplace=True, focus_nodes=focus)
    top = next(report.subjects(RDF.type, SH.ValidationReport))
    return data, [(report, r) for r in report.objects(top, SH.result)]


def render_path(report: rdflib.Graph, node: rdflib.term.Node | None, data: rdflib.Graph) -> str | None:
    if node is None:
        return None
    if isinstance(node, rdflib.BNode):
        inverse = report.value(node, SH.inversePath)
        return "^" + str(render_path(report, inverse, data)) if inverse is not None else str(node)
    return data.namespace_manager.normalizeUri(node)


def class_of(name: str) -> rdflib.URIRef:
    return SKOS.Concept if name == "Concept" else SVKG[name]


def is_instance(data: rdflib.Graph, node: rdflib.term.Node, cls: rdflib.URIRef) -> bool:
    return any(cls in data.transitive_objects(t, RDFS.subClassOf) for t in data.objects(node, RDF.type))


def test_every_node_shape_has_an_example_pair(shapes: rdflib.Graph) -> None:
    shape_names = node_shape_names(shapes)
    assert len(shape_names) >= 29
    missing = sorted(n for n in shape_names
                     if not (EXAMPLES / f"{n}.ok.ttl").is_file() or not (EXAMPLES / f"{n}.bad.ttl").is_file())
    assert not missing, f"node shapes without tests/shapes/<Name>.ok.ttl and .bad.ttl: {missing}"
    strays = sorted(set(names()) - shape_names)
    assert not strays, f"examples for shapes that do not exist: {strays}"


def test_every_constraint_has_a_message(shapes: rdflib.Graph) -> None:
    targeted = set(shapes.subjects(SH.targetClass, None)) | set(shapes.subjects(SH.targetObjectsOf, None))
    silent = sorted(str(s) for s in targeted if shapes.value(s, SH.message) is None)
    assert not silent, f"shapes without sh:message: {silent}"


@pytest.mark.parametrize("name", names())
def test_conforming_example_conforms(name: str, ontology: rdflib.Graph, shapes: rdflib.Graph) -> None:
    data, results = validate(EXAMPLES / f"{name}.ok.ttl", ontology, shapes)
    found = [(str(r.value(x, SH.focusNode)), render_path(r, r.value(x, SH.resultPath), data),
              str(r.value(x, SH.resultMessage))) for r, x in results]
    assert not found, f"{name}.ok.ttl should conform: {found}"


@pytest.mark.parametrize("name", names())
def test_failing_example_fails_on_the_expected_path(name: str, ontology: rdflib.Graph,
                                                    shapes: rdflib.Graph) -> None:
    path = EXAMPLES / f"{name}.bad.ttl"
    expected = re.search(r"^# expect-path: (\S+)$", path.read_text(encoding="utf-8"), re.M)
    assert expected, f"{path.name} lacks its '# expect-path:' header"
    data, results = validate(path, ontology, shapes)
    assert results, f"{path.name} should not conform"
    paths = {render_path(r, r.value(x, SH.resultPath), data) for r, x in results}
    assert paths == {expected.group(1)}, f"{path.name}: violations on {paths}, not only {expected.group(1)}"
    focus = [r.value(x, SH.focusNode) for r, x in results]
    assert any(is_instance(data, f, class_of(name)) for f in focus), \
        f"{path.name}: no violation is about a {name}: {focus}"
    messages = [str(r.value(x, SH.resultMessage)) for r, x in results]
    assert all(expected.group(1).split(":")[-1] in m or m.startswith(name) for m in messages), messages


def test_the_ontology_and_vocabularies_conform(ontology: rdflib.Graph, shapes: rdflib.Graph) -> None:
    """Every concept of vocab.ttl and cameo.ttl passes the concept shape."""
    conforms, _report, text = pyshacl.validate(ontology, shacl_graph=shapes, inference="none")
    assert conforms, text
