"""REST: /api/actions filters (subtypes, sub-organisations, subsidiaries, alliance membership on the action's
date, status, dates), ordering, pagination and parameter validation — on tests/fixtures/rest, with the
expected sets computed independently by rdflib's SPARQL engine over the same files."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyoxigraph as ox
import pytest
import rdflib
from rest_support import FIXTURES, fixture_graph, fixture_store, graph_of

from api.app import create_app
from graph.iris import sparql_prefixes
from graph.settings import get_settings
from graph.store import EmbeddedStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

ID = "https://w3id.org/svkg/id/"
VOCAB = "https://w3id.org/svkg/vocab/"


@pytest.fixture(scope="module")
def oracle() -> rdflib.Graph:
    return fixture_graph()


def expect(oracle: rdflib.Graph, where: str) -> list[str]:
    """Action ids matching `where` (rdflib's engine), ordered by (date, id)."""
    rows = oracle.query(sparql_prefixes() + f"SELECT DISTINCT ?a ?date WHERE {{ ?a a svkg:Action ; "
                                            f"svkg:date ?date . {where} }}")
    return [a for _, a in sorted((str(r.date), str(r.a)[len(ID):]) for r in rows)]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = get_settings(store_path=tmp_path_factory.mktemp("var") / "store")
    with TestClient(create_app(settings, store=fixture_store())) as c:
        yield c


def ids(client: TestClient, **params: object) -> list[str]:
    r = client.get("/api/actions", params={"page_size": 500, **params})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["total"] == len(body["items"])
    return [a["id"] for a in body["items"]]


def test_all_actions_in_date_then_id_order(client: TestClient, oracle: rdflib.Graph) -> None:
    assert ids(client) == expect(oracle, "")


def test_type_includes_narrower_types(client: TestClient, oracle: rdflib.Graph) -> None:
    for key in ("restriction", "procurement-restriction", "procurement-ban", "legal-action", "statement"):
        got = ids(client, type=key)
        assert got == expect(oracle, f"?a svkg:actionType/skos:broader* <{VOCAB}action-type/{key}> .")
        assert got, key
    assert "action/T25" in ids(client, type="restriction")  # typed with the top concept itself
    assert "action/T01" in ids(client, type="procurement-restriction")  # exclusion-from-tender, two down


def test_actor_includes_sub_organisations_and_target_subsidiaries(client: TestClient,
                                                                  oracle: rdflib.Graph) -> None:
    us = ids(client, actor="state/US")
    assert us == expect(oracle, f"?a svkg:actor/org:subOrganizationOf* <{ID}state/US> .")
    assert {"action/T20", "action/T25"} <= set(us)  # BIS (via Commerce) and the FCC
    assert ids(client, actor="body/us-fcc") == ["action/T25"]
    huawei = ids(client, target="company/huawei")
    assert huawei == expect(oracle, f"?a svkg:target/svkg:subsidiaryOf* <{ID}company/huawei> .")
    assert "action/T21" in huawei  # HiSilicon only
    assert "action/T21" not in ids(client, target="company/zte")


def test_alliance_filter_uses_membership_on_the_action_date(client: TestClient, oracle: rdflib.Graph) -> None:
    member_on_date = """?a svkg:actor/(org:subOrganizationOf|svkg:jurisdiction)* ?st . ?st a svkg:State .
      ?m org:organization {alliance} ; org:member ?st ; svkg:startDate ?s .
      OPTIONAL {{ ?m svkg:endDate ?e }} FILTER(?s <= ?date && (!BOUND(?e) || ?e > ?date))"""
    for key in ("five-eyes", "fixture-pact"):
        got = ids(client, alliance=f"alliance/{key}")
        assert got == expect(oracle, member_on_date.format(alliance=f"<{ID}alliance/{key}>"))
    # Japan left the pact on 2015-01-01 and Australia joined that day: Japan's 2014 action counts, its 2018
    # one does not; Australia's 2012 action does not, its 2018 one does.
    assert ids(client, alliance="alliance/fixture-pact") == ["action/T03", "action/T06"]
    five = ids(client, alliance="alliance/five-eyes")
    assert "action/T25" in five and "action/scmp-2018-12-07-jp-procurement" not in five


def test_status_scope_and_dates(client: TestClient, oracle: rdflib.Graph) -> None:
    in_force = expect(oracle, f"?a svkg:currentStatus <{VOCAB}status/in-force> .")
    assert ids(client, status="in-force") == in_force
    assert ids(client, scope="telecom-network") == ["action/T06", "action/T30"]
    window = ids(client, **{"from": "2018-12-01", "to": "2019-05-15"})
    between = 'FILTER(?date >= "2018-12-01"^^xsd:date && ?date <= "2019-05-15"^^xsd:date)'
    assert window == expect(oracle, between)
    assert window[0] == "action/T09" and window[-1] == "action/T20"  # both bounds inclusive
    both = ids(client, status="in-force", actor="state/US", **{"from": "2019-06-01"})
    assert both == ["action/T25", "action/T21"]


def test_action_fields(client: TestClient) -> None:
    item = client.get("/api/actions", params={"target": "company/zte", "type": "procurement-ban",
                                              "actor": "state/US"}).json()["items"]
    assert [a["id"] for a in item] == ["action/T05"]
    a = item[0]
    assert a["actor"] == {"id": "state/US", "iri": ID + "state/US", "label": "United States"}
    assert [t["id"] for t in a["targets"]] == ["company/huawei", "company/zte"]
    assert a["type"]["key"] == "procurement-ban" and a["status"]["key"] == "in-force"
    assert (a["date"], a["effective_date"]) == ("2018-08-13", "2019-08-13")
    assert a["legal_basis"][0]["label"] == "NDAA FY2019 §889"
    assert [c["status"]["key"] for c in a["claims"]] == ["enacted", "in-force"]
    assert [s["url"] for s in a["sources"]] == ["https://www.congress.gov/bill/115th-congress/house-bill/5515"]
    arrest = client.get("/api/actions", params={"type": "arrest"}).json()["items"][0]
    assert arrest["requested_by"][0]["id"] == "state/US" and arrest["location"] == "Vancouver"


def test_pagination_walks_every_action_once(client: TestClient, oracle: rdflib.Graph) -> None:
    everything = expect(oracle, "")
    url: str | None = "/api/actions?page_size=5"
    seen: list[str] = []
    pages = []
    while url:
        body = client.get(url).json()
        pages.append(body)
        seen += [a["id"] for a in body["items"]]
        url = body["next"]
    assert seen == everything
    assert [p["page"] for p in pages] == [1, 2, 3] and all(p["pages"] == 3 for p in pages)
    assert all(p["total"] == len(everything) for p in pages)
    assert [len(p["items"]) for p in pages] == [5, 5, len(everything) - 10]
    assert pages[0]["prev"] is None and pages[-1]["next"] is None
    prev = parse_qs(urlparse(pages[1]["prev"]).query)
    assert prev["page"] == ["1"] and prev["page_size"] == ["5"]
    keep = client.get("/api/actions", params={"status": "in-force", "page_size": 1}).json()
    assert parse_qs(urlparse(keep["next"]).query)["status"] == ["in-force"]  # filters survive


def test_empty_result_is_one_empty_page(client: TestClient) -> None:
    body = client.get("/api/actions", params={"actor": "state/CH"}).json()
    assert (body["total"], body["pages"], body["items"], body["next"]) == (0, 1, [], None)


@pytest.mark.parametrize(("params", "parameter"), [
    ({"page_size": 0}, "page_size"),
    ({"page_size": 501}, "page_size"),
    ({"page": 0}, "page"),
    ({"page": 4, "page_size": 5}, "page"),  # past the last page
    ({"from": "2019-13-01"}, "from"),
    ({"to": "yesterday"}, "to"),
    ({"from": "2020-01-01", "to": "2019-01-01"}, "to"),
    ({"type": "nope"}, "type"),
    ({"type": "Procurement Ban"}, "type"),
    ({"status": "nope"}, "status"),
    ({"actor": "nobody"}, "actor"),
    ({"actor": "state/XX"}, "actor"),
    ({"target": "widget/huawei"}, "target"),
    ({"alliance": "alliance/nope"}, "alliance"),
])
def test_bad_parameters_answer_422_naming_them(client: TestClient, params: dict, parameter: str) -> None:
    r = client.get("/api/actions", params=params)
    assert r.status_code == 422
    body = r.json()
    assert body["error"]["status"] == 422 and body["error"]["parameter"] == parameter
    assert parameter in body["error"]["message"]


def test_page_size_cap_follows_settings(tmp_path: Path) -> None:
    settings = get_settings(store_path=tmp_path / "store", page_size_max=3)
    with TestClient(create_app(settings, store=fixture_store())) as c:
        r = c.get("/api/actions", params={"page_size": 4})
        assert r.status_code == 422 and r.json()["error"]["parameter"] == "page_size"
        assert c.get("/api/actions", params={"page_size": 3}).status_code == 200


def test_read_only_store_answers_repeated_filters_from_its_cache(tmp_path: Path) -> None:
    from api.rest.actions import ActionFilters, matching_actions

    writable = EmbeddedStore.open(tmp_path / "store", read_only=False)
    for path in sorted(FIXTURES.glob("*.ttl")):
        writable.load(path.read_bytes(), "text/turtle", graph_of(path))
    writable.close()
    store = EmbeddedStore.open(tmp_path / "store")  # read-only, as the app serves it
    try:
        restriction = ActionFilters(type=ox.NamedNode(VOCAB + "action-type/restriction"))
        first = matching_actions(store, restriction)
        assert first == matching_actions(fixture_store(), restriction)
        assert matching_actions(store, restriction) is first  # the same list: no second query
        other = matching_actions(store, ActionFilters(type=ox.NamedNode(VOCAB + "action-type/arrest")))
        assert other == [ID + "action/T09"]
    finally:
        store.close()
