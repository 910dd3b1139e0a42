"""FollowTheMoney JSON lines -> svkg, on files made with the followthemoney package
(tests/fixtures/importers/cut.py makes ftm_sample.json from real 1260H and cn_sanctions rows)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from followthemoney import model

from graph.errors import DataError
from graph.importers.context import ImportContext
from graph.importers.registry import get_importer

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "importers"
CTX = ImportContext(sources_dir=REPO / "data" / "sources", curated_dir=REPO / "data" / "curated")
SVKG = "https://w3id.org/svkg/ontology#"
ID = "https://w3id.org/svkg/id/"
SAMPLE = FIX / "ftm_sample.json"


def load(path: Path, **options: str) -> tuple[ox.Store, dict]:
    result = get_importer("ftm", context=CTX, snapshot_date=date(2026, 8, 22), **options).run(path)
    store = ox.Store()
    store.load(result.ntriples(), format=ox.RdfFormat.N_TRIPLES)
    assert result.ntriples_path is not None
    result.ntriples_path.unlink()
    return store, result.metadata


def back_to_ftm(store: ox.Store) -> dict[str, dict]:
    """The graph read back as FtM entities (name, startDate, endDate of each sanctioned record)."""
    out: dict[str, dict] = {}
    query = f"""SELECT ?record ?label ?date ?end ?cls WHERE {{
        ?a <{SVKG}actionType> ?type ; <{SVKG}date> ?date .
        {{ ?a <{SVKG}target> ?record }} UNION {{ ?a <http://purl.org/dc/terms/subject> ?record }}
        ?record a ?cls ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
        FILTER(?type != <https://w3id.org/svkg/vocab/action-type/delisting>)
        OPTIONAL {{ ?a <{SVKG}endDate> ?end }} }}"""
    for row in store.query(query):
        schema = "Person" if row["cls"].value.endswith("#Person") else "Company"
        entity = model.make_entity(schema)
        entity.id = row["record"].value
        entity.add("name", row["label"].value)
        sanction = model.make_entity("Sanction")
        sanction.id = entity.id + "/sanction"
        sanction.add("entity", entity.id)
        sanction.add("startDate", row["date"].value)
        if row["end"] is not None:
            sanction.add("endDate", row["end"].value)
        out[row["label"].value] = {"entity": entity.to_dict(), "sanction": sanction.to_dict()}
    return out


def test_round_trip_names_and_dates() -> None:
    originals = [model.get_proxy(json.loads(line)) for line in SAMPLE.read_text().splitlines()]
    by_id = {e.id: e for e in originals}
    store, meta = load(FIX / "ftm_sample.json")
    assert meta["name"] == "us-dod-chinese-milcorps" and meta["sanctions"] == 3
    assert meta["graph"] == "https://w3id.org/svkg/graph/import/us-dod-chinese-milcorps"
    back = back_to_ftm(store)
    for sanction in (e for e in originals if e.schema.name == "Sanction"):
        target = by_id[sanction.first("entity")]
        got = back[target.first("name")]
        assert got["entity"]["properties"]["name"] == target.get("name")
        start = sanction.first("startDate")
        assert got["sanction"]["properties"]["startDate"] == [start if len(start) == 10 else start + "-01"]
        assert got["sanction"]["properties"].get("endDate", []) == sanction.get("endDate")


def test_ftm_mapping_of_types_actors_and_precision() -> None:
    store, _ = load(FIX / "ftm_sample.json")

    def values(s: str, p: str) -> set[str]:
        return {q.object.value for q in store.quads_for_pattern(ox.NamedNode(s), ox.NamedNode(p), None, None)}

    rubio = ID + "record/us-dod-chinese-milcorps/cn-sanctions-marco-rubio"
    action = ID + "action/us-dod-chinese-milcorps/cn-sanctions-marco-rubio-2020-07-13"
    assert values(rubio, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type") == {SVKG + "Person"}
    assert values(rubio, SVKG + "nationality") == {ID + "state/US"}
    assert values(rubio, "http://www.w3.org/2002/07/owl#sameAs") == {"http://www.wikidata.org/entity/Q324546"}
    assert values(action, SVKG + "actionType") == {"https://w3id.org/svkg/vocab/action-type/counter-sanction"}
    assert values(action, SVKG + "actor") == {ID + "body/cn-mfa"}
    assert values(action, SVKG + "date") == {"2020-07-01"}
    assert values(action, SVKG + "datePrecision") == {"https://w3id.org/svkg/vocab/precision/month"}
    huawei = ID + "action/us-dod-chinese-milcorps/s-huawei-2021"
    assert values(huawei, SVKG + "actor") == {ID + "body/us-dod"}
    assert values(huawei, SVKG + "actionType") == {"https://w3id.org/svkg/vocab/action-type/entity-listing"}
    removal = ID + "action/us-dod-chinese-milcorps/s-telecom-2021-removal"
    assert values(removal, SVKG + "date") == {"2025-01-07"}
    dataset = ID + "source/dataset/us-dod-chinese-milcorps/2026-08-22"
    assert values(dataset, "https://schema.org/url") == {
        "https://www.opensanctions.org/datasets/us_dod_chinese_milcorps/"}


def test_name_option_and_origin_required_outside_opensanctions(tmp_path: Path) -> None:
    _store, meta = load(SAMPLE, dataset_name="My Sample")
    assert meta["graph"].endswith("/import/my-sample")
    plain = tmp_path / "plain.json"
    entities = [model.get_proxy(json.loads(line)) for line in SAMPLE.read_text().splitlines()]
    # no datasets, first_seen, last_seen: not an OpenSanctions export
    plain.write_text("".join(json.dumps({"id": e.id, "schema": e.schema.name, "properties": e.properties})
                             + "\n" for e in entities))
    with pytest.raises(DataError, match="--origin"):
        load(plain)
    _store, meta = load(plain, origin_url="https://example.org/export.json", licence="CC BY 4.0")
    assert meta["name"] == "plain" and meta["licence"] == "CC BY 4.0"
