"""`svkg query` and `svkg stats` through typer's CliRunner, on the shipped store (read-only)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from graph.cli import app
from graph.curated import discover
from graph.iris import GRAPH, ID, ONTOLOGY
from graph.settings import REPO_ROOT
from graph.store import EmbeddedStore, select_rows

runner = CliRunner()
CLAIMS_OF = """PREFIX svkg: <https://w3id.org/svkg/ontology#>
SELECT ?action ?claim ?status WHERE { ?claim svkg:claimAbout ?action ; svkg:status ?status }
ORDER BY ?claim"""
# Japan's exclusion of Huawei and ZTE from procurement: expected on 7 Dec 2018, decided on 10 Dec
JAPAN = "action/T19"


def svkg(store: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [*args, "--store", str(store)])


def claims_of(store: Path, action: str) -> list[dict]:
    with EmbeddedStore.open(store) as st:
        rows = select_rows(st, CLAIMS_OF)
    return [r for r in rows if r["action"] == ID + action]


def test_bindings_select_without_touching_the_text(shipped_store: Path) -> None:
    expected = claims_of(shipped_store, JAPAN)
    assert len(expected) >= 2
    out = svkg(shipped_store, "query", CLAIMS_OF, "--bind", f"action=id:{JAPAN}", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["results"]["bindings"]
    assert [r["claim"]["value"] for r in rows] == [r["claim"] for r in expected]
    # the same through <…> and through a literal-typed binding on another query
    full = svkg(shipped_store, "query", CLAIMS_OF, "--bind", f"action=<{ID + JAPAN}>", "-f", "json")
    assert json.loads(full.stdout) == json.loads(out.stdout)


def test_a_literal_binding_with_a_datatype(shipped_store: Path) -> None:
    q = ("PREFIX svkg: <https://w3id.org/svkg/ontology#>\n"
         "SELECT ?a ?d WHERE { ?a svkg:date ?d } ORDER BY ?a")
    out = svkg(shipped_store, "query", q, "--bind", 'd="2018-12-10"^^xsd:date', "-f", "csv")
    assert out.exit_code == 0, out.output
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and all(r["d"] == "2018-12-10" for r in rows)
    assert ID + JAPAN in {r["a"] for r in rows} or any("T" in r["a"] for r in rows)


def test_an_injection_attempt_is_only_a_value(shipped_store: Path) -> None:
    evil = '"x\\" } } INSERT DATA { <a> <b> <c> } #"'
    out = svkg(shipped_store, "query", "SELECT ?v WHERE { ?s ?p ?v }", "--bind", f"v={evil}", "-f", "csv")
    assert out.exit_code == 0, out.output
    assert out.stdout.strip().splitlines() == ["v"]  # no rows, no error


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml", "table"])
def test_each_select_format(shipped_store: Path, fmt: str) -> None:
    q = ("PREFIX svkg: <https://w3id.org/svkg/ontology#>\n"
         "SELECT ?claim ?status ?a WHERE { ?claim svkg:claimAbout ?a ; svkg:status ?status } ORDER BY ?claim")
    expected = [r["claim"] for r in claims_of(shipped_store, JAPAN)]
    out = svkg(shipped_store, "query", q, "--bind", f"a=id:{JAPAN}", "--format", fmt)
    assert out.exit_code == 0, out.output
    text = out.stdout
    if fmt == "csv":
        got = [r["claim"] for r in csv.DictReader(io.StringIO(text))]
    elif fmt == "tsv":
        lines = text.strip().splitlines()
        assert lines[0].split("\t") == ["?claim", "?status", "?a"]
        got = [line.split("\t")[0].strip("<>") for line in lines[1:]]
    elif fmt == "json":
        got = [b["claim"]["value"] for b in json.loads(text)["results"]["bindings"]]
    elif fmt == "xml":
        ns = {"r": "http://www.w3.org/2005/sparql-results#"}
        root = ET.fromstring(text)
        got = [u.text for u in root.findall(".//r:binding[@name='claim']/r:uri", ns)]
    else:
        got = [ID + line.split("id:", 1)[1].split()[0] for line in text.splitlines() if "id:claim/" in line]
        assert f"{len(expected)} row" in text
    assert got == expected


def test_construct_is_turtle_and_jsonld(shipped_store: Path) -> None:
    q = f"CONSTRUCT {{ ?a ?p ?o }} WHERE {{ BIND(<{ID + JAPAN}> AS ?a) ?a ?p ?o }}"
    ttl = svkg(shipped_store, "query", q, "--format", "turtle")
    assert ttl.exit_code == 0, ttl.output
    g = rdflib.Graph().parse(data=ttl.stdout, format="turtle")
    assert (rdflib.URIRef(ID + JAPAN), rdflib.RDF.type, rdflib.URIRef(ONTOLOGY + "Action")) in g
    assert "@prefix svkg:" in ttl.stdout
    jsonld = svkg(shipped_store, "query", q, "--format", "json")
    assert len(list(ox.parse(jsonld.stdout_bytes, format=ox.RdfFormat.JSON_LD))) == len(g)
    bad = svkg(shipped_store, "query", q, "--format", "csv")
    assert bad.exit_code == 2 and "CONSTRUCT" in bad.output


def test_ask(shipped_store: Path) -> None:
    out = svkg(shipped_store, "query", "ASK { ?s a ?c }", "--bind", "c=svkg:Action")
    assert out.exit_code == 0 and out.stdout.strip() == "true"
    js = svkg(shipped_store, "query", "ASK { ?s a ?c }", "--bind", "c=svkg:NoSuchClass", "-f", "json")
    assert json.loads(js.stdout)["boolean"] is False


def test_bad_sparql_is_exit_2_with_the_parsers_message(shipped_store: Path) -> None:
    out = svkg(shipped_store, "query", "SELECT ?s WHERE { ?s ?p }")
    assert out.exit_code == 2
    assert "SPARQL syntax error" in out.output and "1:" in out.output
    assert "Traceback" not in out.output


@pytest.mark.parametrize("bind", ["nope", "x=unknown:thing", 'x="open', "x=<not an iri>"])
def test_bad_bindings_are_exit_2(shipped_store: Path, bind: str) -> None:
    out = svkg(shipped_store, "query", "SELECT * WHERE { ?x ?p ?o } LIMIT 1", "--bind", bind)
    assert out.exit_code == 2, out.output
    assert "error:" in out.output


def test_binding_a_variable_the_select_does_not_project(shipped_store: Path) -> None:
    """pyoxigraph substitutes only projected variables (SEP-0007); the error says what to do."""
    out = svkg(shipped_store, "query", "SELECT ?p WHERE { ?x ?p ?o } LIMIT 1", "--bind", "x=id:state/JP")
    assert out.exit_code == 2
    assert "SELECT" in out.output


def test_query_from_a_file_and_graph_selection(shipped_store: Path) -> None:
    out = svkg(shipped_store, "query", str(REPO_ROOT / "ontology" / "queries" / "14-sources-and-graphs.rq"),
               "-f", "json")
    assert out.exit_code == 0, out.output
    graphs = {b["graph"]["value"] for b in json.loads(out.stdout)["results"]["bindings"]}
    assert {sf.graph for sf in discover(REPO_ROOT / "data")} <= graphs
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    timeline = svkg(shipped_store, "query", count, "--graph", "svkgg:curated/timeline", "-f", "csv")
    n = int(timeline.stdout.strip().splitlines()[1])
    with EmbeddedStore.open(shipped_store) as st:
        assert n == st.quad_count(GRAPH + "curated/timeline")
    missing = svkg(shipped_store, "query", "missing-file.rq")
    assert missing.exit_code == 2 and "missing-file.rq" in missing.output


def test_no_store_is_exit_1(tmp_path: Path) -> None:
    out = svkg(tmp_path / "nothing", "query", "ASK {}")
    assert out.exit_code == 1
    assert "svkg build" in out.output


def test_stats_json_counts_graphs_and_classes(shipped_store: Path) -> None:
    out = svkg(shipped_store, "stats", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    graphs = {g["graph"]: g for g in data["graphs"]}
    for sf in discover(REPO_ROOT / "data"):
        row = graphs[sf.graph]
        assert row["title"] == sf.title
        assert row["triples"] == row["recorded_triples"] > 0
    assert graphs[GRAPH + "ontology"]["license"]
    classes = {c["class"]: c["instances"] for c in data["classes"]}
    with EmbeddedStore.open(shipped_store) as st:
        n = select_rows(st, f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a <{ONTOLOGY}Action> }}")[0]["n"]
    assert classes[ONTOLOGY + "Action"] == n > 0


def test_stats_table(shipped_store: Path) -> None:
    out = svkg(shipped_store, "stats")
    assert out.exit_code == 0, out.output
    assert "Named graphs" in out.stdout and "svkg:Action" in out.stdout
