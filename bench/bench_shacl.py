"""Benchmark SHACL validation of the core graphs (ontology + curated data) with `ontology/shapes.ttl`.

    .venv/bin/python bench/bench_shacl.py              # the curated data as shipped, and x2 and x4 copies
    .venv/bin/python bench/bench_shacl.py --copies 1 8  # chosen multiples
    .venv/bin/python bench/bench_shacl.py --per-shape  # also the slowest shapes (one pySHACL run per shape)

The curated graphs are loaded as `svkg build` loads them; the ontology graphs (svkg.ttl, vocab.ttl,
cameo.ttl) are in the data graph, as in a build. Bigger inputs are made by copying every curated triple
with the `id:` IRIs renamed (`.../id/action/T01` -> `.../id/action/T01-c2`), so the mix of classes stays
that of the real data. Validation is pySHACL, inference none, in place; the figure is the fastest of
`--runs` runs.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import SH

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from graph.iris import ID  # noqa: E402
from graph.ontology_tools import load_ontology_graph, load_shapes_graph  # noqa: E402


def curated_graph() -> rdflib.Graph:
    """Every curated file as the build loads it, in one rdflib graph."""
    from graph.curated import concept_keys, load_all

    out = rdflib.Graph()
    for _source, rdf in load_all(REPO / "data", concept_keys(REPO / "ontology" / "vocab.ttl")):
        out += rdf
    return out


def renamed(term: rdflib.term.Node, suffix: str) -> rdflib.term.Node:
    if isinstance(term, rdflib.URIRef) and str(term).startswith(ID):
        return rdflib.URIRef(str(term) + suffix)
    if isinstance(term, rdflib.BNode):
        return rdflib.BNode(str(term) + suffix)
    return term


def scaled(ontology: rdflib.Graph, curated: rdflib.Graph, copies: int) -> rdflib.Graph:
    data = rdflib.Graph()
    data += ontology
    for n in range(1, copies + 1):
        suffix = "" if n == 1 else f"-c{n}"
        for s, p, o in curated:
            data.add((renamed(s, suffix), p, renamed(o, suffix)))
    return data


def validate_seconds(data: rdflib.Graph, shapes: rdflib.Graph, runs: int,
                     use_shapes: list[rdflib.URIRef] | None = None) -> tuple[float, bool]:
    best = float("inf")
    conforms = False
    for _ in range(runs):
        t0 = time.perf_counter()
        conforms, _report, _text = pyshacl.validate(
            data, shacl_graph=shapes, inference="none", inplace=True, use_shapes=use_shapes)
        best = min(best, time.perf_counter() - t0)
    return best, bool(conforms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--per-shape", action="store_true")
    args = parser.parse_args()

    shapes = load_shapes_graph()
    ontology = load_ontology_graph()
    curated = curated_graph()
    print(f"shapes: {len(shapes)} triples; ontology graphs: {len(ontology)}; curated: {len(curated)}")
    print("| copies | triples | SHACL seconds | conforms |")
    print("|---|---|---|---|")
    for copies in args.copies:
        data = scaled(ontology, curated, copies)
        seconds, conforms = validate_seconds(data, shapes, args.runs)
        print(f"| {copies} | {len(data):,} | {seconds:.2f} | {conforms} |")
    if args.per_shape:
        data = scaled(ontology, curated, 1)
        timed = []
        for shape in sorted(set(shapes.subjects(SH.targetClass, None)) | set(
                shapes.subjects(SH.targetObjectsOf, None))):
            seconds, _ = validate_seconds(data, shapes, 1, use_shapes=[shape])
            timed.append((seconds, shape))
        for seconds, shape in sorted(timed, reverse=True)[:15]:
            print(f"{seconds:6.3f}  {shape}")


if __name__ == "__main__":
    main()
