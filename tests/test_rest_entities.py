"""REST: entity search, entity pages (JSON, JSON-LD, Turtle), vendor timelines, alliance members, and the
error body — on the small fixture in tests/fixtures/rest (one named graph per file). Expected answers
come from the fixture read independently with rdflib where they are more than a lookup."""

from __future__ import annotations

import warnings
from collections.abc import Iterator

import pytest
import rdflib
from rdflib import RDFS, SKOS, Literal, URIRef
from rest_support import fixture_graph, fixture_store

from api.app import create_app
from api.rest.jsonld import choose
from api.rest.search import normalise
from graph.errors import NotAcceptable
from graph.settings import get_settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

ID = "https://w3id.org/svkg/id/"
SVKG = rdflib.Namespace("https://w3id.org/svkg/ontology#")


@pytest.fixture(scope="module")
def oracle() -> rdflib.Graph:
    return fixture_graph()


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = get_settings(store_path=tmp_path_factory.mktemp("var") / "store")
    with TestClient(create_app(settings, store=fixture_store())) as c:
        yield c


def error_of(response) -> dict:  # type: ignore[no-untyped-def]
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    return body["error"]


# -- search ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("q", ["华为", "huawei", "HUAWEI", "Huawei", "華為"])
def test_search_finds_huawei_in_any_script_and_case(client: TestClient, q: str) -> None:
    r = client.get("/api/entities/search", params={"q": q})
    assert r.status_code == 200
    first = r.json()["results"][0]
    assert (first["id"], first["kind"], first["label"], first["match"]) == ("company/huawei", "company",
                                                                            "Huawei", "exact")


def test_search_ignores_diacritics(client: TestClient) -> None:
    ids = [h["id"] for h in client.get("/api/entities/search", params={"q": "Zurich"}).json()["results"]]
    assert ids == ["company/zurich-insurance"]
    assert normalise("ZÜRICH") == normalise("zurich") == "zurich"
    assert normalise("Straße") == normalise("STRASSE")


def test_search_ranks_exact_then_prefix_then_substring(client: TestClient) -> None:
    hits = client.get("/api/entities/search", params={"q": "huawei"}).json()["results"]
    order = {"exact": 0, "prefix": 1, "substring": 2}
    ranks = [order[h["match"]] for h in hits]
    assert ranks == sorted(ranks) and set(ranks) == {0, 1, 2}
    assert hits[-1]["id"] == "body/gb-huawei-oversight-board"  # "UK Huawei…": a substring match
    assert "company/huawei-device" in [h["id"] for h in hits if h["match"] == "prefix"]


def test_search_leaves_out_records_about_entities_unless_asked(client: TestClient) -> None:
    hits = client.get("/api/entities/search", params={"q": "five eyes"}).json()["results"]
    assert [h["id"] for h in hits] == ["alliance/five-eyes"]
    asked = client.get("/api/entities/search", params={"q": "five eyes", "type": "membership"}).json()
    assert [h["id"] for h in asked["results"]] == ["membership/five-eyes/CA"]


def test_search_type_and_limit(client: TestClient) -> None:
    hits = client.get("/api/entities/search", params={"q": "huawei", "type": "body"}).json()["results"]
    assert [h["id"] for h in hits] == ["body/gb-huawei-oversight-board"]
    assert client.get("/api/entities/search", params={"q": "huawei", "limit": 1}).json()["count"] == 1
    for params, name in [({"q": "x", "limit": 0}, "limit"), ({"q": "x", "limit": 101}, "limit"),
                         ({}, "q"), ({"q": "x", "type": "widget"}, "type")]:
        r = client.get("/api/entities/search", params=params)
        assert r.status_code == 422 and error_of(r)["parameter"] == name


# -- entities ----------------------------------------------------------------------------------------
def test_entity_json(client: TestClient, oracle: rdflib.Graph) -> None:
    r = client.get("/api/entities/company/huawei")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    e = r.json()
    huawei = URIRef(ID + "company/huawei")
    assert e["label"] == "Huawei" and e["types"] == ["svkg:Company"]
    assert {"value": "华为", "lang": "zh"} in e["aliases"]
    assert e["identifiers"]["owl:sameAs"] == ["http://www.wikidata.org/entity/Q160120"]
    assert [x["id"] for x in e["headquartered_in"]] == ["state/CN"]
    assert {x["id"] for x in e["subsidiaries"]} == {
        str(s)[len(ID):] for s in oracle.subjects(SVKG.subsidiaryOf, huawei)}
    assert {a["id"] for a in e["actions_as_target"]} == {
        str(s)[len(ID):] for s in oracle.subjects(SVKG.target, huawei)}
    assert [a["id"] for a in e["actions_as_actor"]] == ["action/scmp-2018-12-07-huawei-denial"]
    dates = [a["date"] for a in e["actions_as_target"]]
    assert dates == sorted(dates)
    cfo = [m for m in e["members"] if m["member"]["id"] == "person/meng-wanzhou"]
    assert cfo and cfo[0]["role"]["key"] == "cfo" and cfo[0]["start"] == "2011-04-01"
    assert [a["id"] for a in e["allegations"]] == ["allegation/huawei-back-doors"]
    cited = {s["id"] for s in e["sources"]}
    assert "source/scmp-2018-12-07-japan-huawei-zte" in cited and "source/fr-2019-05-21-entity-list" in cited


def test_entity_claims_carry_status_stance_assertion_and_source(client: TestClient) -> None:
    e = client.get("/api/entities/company/zte").json()
    jp = next(a for a in e["actions_as_target"] if a["id"] == "action/scmp-2018-12-07-jp-procurement")
    assert jp["actor"]["label"] == "Japan" and jp["status"]["key"] == "enacted"
    assert jp["types"] == ["procurement-ban", "procurement-restriction", "restriction"]
    claims = jp["claims"]
    assert [c["status"]["key"] for c in claims] == ["reported", "enacted"]  # history, by claim date
    assert claims[0]["asserted_by"]["id"] == "unnamed/jp-government-source-2018-12-07"
    assert claims[0]["reported_by"]["label"] == "South China Morning Post"
    assert claims[0]["stance"]["key"] == "reports" and claims[0]["quote"]
    assert claims[0]["source"]["url"].startswith("https://www.scmp.com/")
    assert claims[0]["source"]["publisher"]["id"] == "company/scmp"


def test_state_entity_links_bodies_and_memberships(client: TestClient) -> None:
    e = client.get("/api/entities/state/US").json()
    assert {x["id"] for x in e["sub_organizations"]} == {"body/us-fcc", "body/us-commerce"}
    assert [(m["organization"]["id"], m["start"]) for m in e["memberships"]] == [
        ("alliance/five-eyes", "1946-03-05")]
    assert [a["id"] for a in e["actions_requested"]] == ["action/T09"]
    assert e["identifiers"]["svkg:isoAlpha2"] == ["US"]


def test_action_entity_and_other_properties(client: TestClient) -> None:
    e = client.get("/api/entities/action/T05").json()
    assert e["action"]["legal_basis"][0]["id"] == "law/us-ndaa-fy2019-s889"
    assert e["action"]["effective_date"] == "2019-08-13"
    law = client.get("/api/entities/law/us-ndaa-fy2019-s889").json()
    assert law["properties"]["svkg:citation"] == [{"value": "Pub. L. 115-232, §889", "id": None, "iri": None,
                                                   "label": None, "lang": None, "datatype": None}]
    assert law["properties"]["dcterms:isPartOf"][0]["id"] == "law/us-ndaa-fy2019"
    nested = client.get("/api/entities/position/meng-wanzhou/huawei-cfo")
    assert nested.status_code == 200 and nested.json()["id"] == "position/meng-wanzhou/huawei-cfo"


def test_entity_errors(client: TestClient) -> None:
    r = client.get("/api/entities/company/nope")
    assert r.status_code == 404
    err = error_of(r)
    assert "company/nope" in err["message"] and err["parameter"] == "key"
    r = client.get("/api/entities/widget/huawei")
    assert r.status_code == 422 and error_of(r)["parameter"] == "kind"
    r = client.get("/api/entities/company/hua wei")
    assert r.status_code == 422 and error_of(r)["parameter"] == "key"
    r = client.get("/api/entities/company/huawei", headers={"Accept": "image/png"})
    assert r.status_code == 406 and "image/png" in error_of(r)["message"]


def test_entity_jsonld_parses_back_into_the_graph(client: TestClient, oracle: rdflib.Graph) -> None:
    r = client.get("/api/entities/company/huawei", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/ld+json")
    doc = r.json()
    assert doc["@context"]["actor"] == {"@id": "svkg:actor", "@type": "@id"}
    assert doc["@context"]["svkg"] == str(SVKG)
    assert doc["@graph"][0]["@id"] == ID + "company/huawei"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's JSON-LD parser uses ConjunctiveGraph
        g = rdflib.Graph().parse(data=r.text, format="json-ld")
    huawei = URIRef(ID + "company/huawei")
    # every statement the fixture makes about Huawei, and the links into it, come back
    assert set(oracle.triples((huawei, None, None))) <= set(g)
    assert set(oracle.triples((None, SVKG.target, huawei))) <= set(g)
    assert (huawei, SKOS.altLabel, Literal("华为", lang="zh")) in g
    claim = URIRef(ID + "claim/scmp-jp-1")
    assert set(oracle.triples((claim, None, None))) <= set(g)
    source = URIRef(ID + "source/scmp-2018-12-07-japan-huawei-zte")
    assert (source, URIRef("https://schema.org/url"), None) in g
    assert (URIRef(ID + "state/JP"), RDFS.label, Literal("Japan", lang="en")) in g  # labels of links
    assert (URIRef(ID + "action/T03"), None, None) not in g  # ZTE only


def test_entity_turtle_and_negotiation(client: TestClient) -> None:
    r = client.get("/api/entities/state/JP", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (URIRef(ID + "state/JP"), SVKG.isoAlpha2, Literal("JP")) in g
    assert choose(None) == "application/json"
    assert choose("text/html,application/xhtml+xml,*/*;q=0.8") == "application/json"
    assert choose("application/json;q=0.5, application/ld+json") == "application/ld+json"
    assert choose("application/*;q=0.2, text/turtle;q=0.9") == "text/turtle"
    with pytest.raises(NotAcceptable):
        choose("application/ld+json;q=0, text/html")


# -- vendors and alliances ---------------------------------------------------------------------------
def test_vendor_timeline_includes_subsidiaries_in_date_order(client: TestClient,
                                                             oracle: rdflib.Graph) -> None:
    t = client.get("/api/vendors/huawei/timeline").json()
    assert {s["id"] for s in t["subsidiaries"]} == {"company/hisilicon", "company/huawei-device"}
    group = {URIRef(ID + k) for k in ("company/huawei", "company/hisilicon", "company/huawei-device")}
    expected = {str(a)[len(ID):] for v in group for p in (SVKG.target, SVKG.actor)
                for a in oracle.subjects(p, v)}
    ids = [i["id"] for i in t["items"]]
    assert set(ids) == expected and t["count"] == len(expected)
    assert [(i["date"], i["id"]) for i in t["items"]] == sorted((i["date"], i["id"]) for i in t["items"])
    t21 = next(i for i in t["items"] if i["id"] == "action/T21")  # HiSilicon only
    assert t21["roles"] == ["target"] and [c["id"] for c in t21["concerning"]] == ["company/hisilicon"]
    denial = next(i for i in t["items"] if i["id"] == "action/scmp-2018-12-07-huawei-denial")
    assert denial["roles"] == ["actor"]
    assert all(i["sources"] and i["sources"][0]["url"] for i in t["items"])
    zte = [i["id"] for i in client.get("/api/vendors/zte/timeline").json()["items"]]
    assert "action/T21" not in zte and "action/T03" in zte


def test_vendor_errors(client: TestClient) -> None:
    r = client.get("/api/vendors/nope/timeline")
    assert r.status_code == 404 and "company/nope" in error_of(r)["message"]
    assert client.get("/api/vendors/scmp/timeline").status_code == 200  # a MediaOrganization is a Company


@pytest.mark.parametrize(("on", "members"), [
    ("2014-12-31", ["state/JP"]),  # JP until (not including) 2015-01-01
    ("2015-01-01", ["state/AU"]),  # AU from 2015-01-01; JP's end is exclusive
    ("2009-12-31", []),
])
def test_alliance_members_on_date(client: TestClient, on: str, members: list[str]) -> None:
    r = client.get("/api/alliances/fixture-pact/members", params={"on": on})
    assert r.status_code == 200
    assert [m["member"]["id"] for m in r.json()["members"]] == members
    assert r.json()["on"] == on


def test_alliance_members_all_and_errors(client: TestClient) -> None:
    body = client.get("/api/alliances/five-eyes/members").json()
    assert [m["member"]["label"] for m in body["members"]] == ["Australia", "Canada", "United Kingdom",
                                                                "United States"]
    assert body["members"][0]["start_precision"] == "year"
    assert body["members"][0]["sources"][0]["id"] == "source/alliance-docs"
    early = client.get("/api/alliances/five-eyes/members", params={"on": "1947-01-01"}).json()
    assert {m["member"]["id"] for m in early["members"]} == {"state/US", "state/GB"}
    r = client.get("/api/alliances/five-eyes/members", params={"on": "2019-02-30"})
    assert r.status_code == 422 and error_of(r)["parameter"] == "on"
    r = client.get("/api/alliances/huawei/members")
    assert r.status_code == 404 and "alliance/huawei" in error_of(r)["message"]


def test_openapi_documents_parameters_and_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/actions"]["get"]["parameters"]}
    names = {"actor", "target", "type", "scope", "status", "from", "to", "alliance", "page", "page_size"}
    assert names <= set(params)
    assert params["page_size"]["schema"]["maximum"] == 500
    assert params["from"]["schema"]["anyOf"][0]["format"] == "date"
    entity = spec["paths"]["/api/entities/{kind}/{key}"]["get"]
    assert "application/ld+json" in entity["responses"]["200"]["content"]
    assert entity["responses"]["404"]["content"]["application/json"]["example"]["error"]["status"] == 404
    assert spec["components"]["schemas"]["SearchResults"]["examples"][0]["query"] == "华为"
