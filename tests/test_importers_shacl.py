"""Every importer's graph conforms to the SHACL shapes next to the ontology and the curated data (the
tiny lists on their shipped files, the others on samples cut from theirs), validated the way the build
does. (The whole shipped files are validated by every `svkg build`.)"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox

from graph.build import assemble, load_import_result
from graph.importers.context import ImportContext
from graph.importers.registry import get_importer
from graph.progress import BuildProgress
from graph.settings import get_settings
from graph.validate import load_shapes, validate_store

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "importers"
CTX = ImportContext(sources_dir=REPO / "data" / "sources", curated_dir=REPO / "data" / "curated")

RUNS = [("dod-1260h", "dod_1260h_sample.csv"), ("fcc-covered", None), ("ndaa-s889", None),
        ("ndaa-s5949", None), ("ndaa-s154", None), ("bis-mieu", None),
        ("cn-sanctions", "cn_sanctions_sample.csv"), ("ofac-sdn", "ofac_sample.csv.gz"),
        ("atop", "atop_sample.csv.gz"), ("cow", "cow_sample.csv.gz"), ("ftm", "ftm_sample.json")]


def test_every_import_conforms_to_the_shapes() -> None:
    settings = get_settings()
    store = ox.Store()
    assemble(store, settings, REPO / "data", imports=False, progress=BuildProgress(enabled=False), timings={})
    graphs = []
    for name, fixture in RUNS:
        imp = get_importer(name, context=CTX, snapshot_date=date(2026, 8, 22) if fixture else None)
        result = imp.run(FIX / fixture if fixture else None)
        graph = result.metadata["graph"]
        load_import_result(store, graph, result)
        graphs.append(graph)
    report = validate_store(store, load_shapes(REPO / "ontology"), imports_to_check=graphs,
                            max_import_triples=10**9)
    assert set(graphs) <= set(report.graphs_whole)
    subjects = {q.subject.value for g in graphs
                for q in store.quads_for_pattern(None, None, None, ox.NamedNode(g))}
    assert len(subjects) > 300
    assert [str(v) for v in report.violations if v.focus in subjects] == []
