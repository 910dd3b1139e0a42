"""Pieces of the curated loader: YAML positions, CSV line numbers, vocabulary keys, source ids, metadata."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import URIRef

from graph.curated import concept_keys, discover, load_all
from graph.curated.csvfiles import read_csv
from graph.curated.rdfize import DCTERMS, RDF, SVKG, source_id_for_url
from graph.curated.yamlpos import load_yaml
from graph.errors import DataError

FIXTURES = Path(__file__).parent / "fixtures" / "curated"


def test_yaml_positions(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_text("title: T\nstates:\n  - id: state/JP\n    aliases: {ja: [日本]}\n\n  - id: state/US\n")
    data, pos = load_yaml(f)
    assert data["states"][1]["id"] == "state/US"
    assert pos.line(("states", 1, "id")) == 6
    assert pos.line(("states", 0, "aliases", "ja", 0)) == 4
    assert pos.line(("states", 0, "missing")) == 3  # falls back to the enclosing record
    assert pos.loc(("states", 1, "id")).field == "id"


def test_yaml_not_utf8(tmp_path: Path) -> None:
    f = tmp_path / "x.yaml"
    f.write_bytes(b"title: ok\nlabel: caf\xe9\n")
    with pytest.raises(DataError) as info:
        load_yaml(f)
    assert info.value.location.line == 2
    assert "UTF-8" in info.value.rule


def test_csv_rows_keep_their_first_line(tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text('a,b\n1,"two\nlines"\n\n3,4\n', encoding="utf-8")
    rows = read_csv(f, ("a", "b"), ())
    assert [(line, row["a"]) for line, row in rows] == [(2, "1"), (5, "3")]


def test_concept_keys(tmp_path: Path) -> None:
    keys = concept_keys(FIXTURES / "vocab-small.ttl")
    assert keys == {"status": {"enacted", "reported"}, "action-type": {"procurement-ban"}}
    with pytest.raises(DataError):
        concept_keys(tmp_path / "nope.ttl")


def test_source_ids_are_stable_and_readable() -> None:
    a = source_id_for_url("https://www.scmp.com/news/x")
    assert a == source_id_for_url("https://www.scmp.com/news/x")
    assert a.startswith("source/scmp-com-") and len(a) == len("source/scmp-com-") + 10
    assert a != source_id_for_url("https://www.scmp.com/news/y")


def test_url_sources_take_their_class_from_the_publisher() -> None:
    loaded = dict((sf.path.name, g) for sf, g in load_all(FIXTURES / "base"))
    g = loaded["actions.csv"]
    a1 = URIRef("https://w3id.org/svkg/id/" + source_id_for_url("https://example.org/a1"))
    assert (a1, RDF.type, SVKG.NewsArticle) in g
    assert str(g.value(a1, DCTERMS.title)) == "Example page"
    a2 = URIRef("https://w3id.org/svkg/id/" + source_id_for_url("https://example.org/a2"))
    assert (a2, RDF.type, SVKG.WebPage) in g
    # a claim citing a declared source's URL uses that source, not a derived one
    facts = loaded["facts.yaml"]
    claim = URIRef("https://w3id.org/svkg/id/claim/a1-from-article")
    assert facts.value(claim, SVKG.source) == URIRef("https://w3id.org/svkg/id/source/scmp-example")


def test_csv_sidecar_metadata(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    (data / "curated" / "actions.csv-metadata.json").write_text(json.dumps(
        {"url": "actions.csv", "dc:title": "Actions", "dc:description": "D", "dc:license": "CC0-1.0"}))
    files = {f.path.name: f for f in discover(data)}
    assert files["actions.csv"].metadata() == {"title": "Actions", "description": "D", "licence": "CC0-1.0",
                                               "origin": "data/curated/actions.csv"}
    assert files["alliances.csv"].metadata()["title"] == "alliances.csv"
    assert files["entities.yaml"].metadata()["description"].startswith("A minimal entity file")


def test_two_files_one_graph_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    shutil.copyfile(data / "curated" / "facts.yaml", data / "curated" / "actions.yaml")
    with pytest.raises(DataError) as info:
        discover(data)
    assert "curated/actions" in info.value.rule


def test_missing_curated_dir_is_empty(tmp_path: Path) -> None:
    assert discover(tmp_path) == []
    assert load_all(tmp_path) == []
