"""The ripple interfaces on the fixture store: /api/ripple/... JSON (with evidence and parameters, and
errors naming the parameter), `svkg ripple ...` tables and JSON, and the derived 'followed' links written
into their named graph — valid against the SHACL shapes and queryable in SPARQL."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from pyshacl import validate
from typer.testing import CliRunner

from api.app import create_app
from graph.cli import app as cli
from graph.iris import ID, RIPPLE_GRAPH, sparql_prefixes
from graph.ripple.definition import Definition
from graph.ripple.derived import write_followed
from graph.ripple.service import clear_cache
from graph.settings import get_settings
from graph.store import EmbeddedStore, select_rows

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

FIXTURE = Path(__file__).parent / "fixtures" / "ripple" / "world.trig"
SHAPES = Path(__file__).parent.parent / "ontology" / "shapes.ttl"
ONTOLOGY = Path(__file__).parent.parent / "ontology" / "svkg.ttl"


def _store() -> EmbeddedStore:
    st = EmbeddedStore.in_memory()
    st.load(FIXTURE.read_bytes(), "application/trig", None)
    return st


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = get_settings(store_path=tmp_path_factory.mktemp("var") / "store")
    with TestClient(create_app(settings, store=_store())) as c:
        yield c


def test_cascade_endpoint_carries_evidence_and_parameters(client: TestClient) -> None:
    r = client.get(
        "/api/ripple/cascade",
        params={"trigger": "action/T10", "vendor": "huawei", "include_pre_adopters": "true"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert [f["state"]["iso"] for f in body["followers"]][:3] == ["AU", "NZ", "CZ"]
    assert body["followers"][0]["evidence"]["sources"][0]["url"] == "https://example.org/au-5g"
    assert body["trigger"]["evidence"]["action"] == ID + "action/T10"
    assert body["parameters"]["window"] == "5Y" and body["parameters"]["vendor_closure"] is True


def test_attribution_endpoint_is_drawable(client: TestClient) -> None:
    body = client.get("/api/ripple/attribution", params={"trigger": "action/T10", "vendor": "huawei"}).json()
    for f in body["followers"]:
        assert sum(s["responsibility"] for s in f["sources"]) == pytest.approx(1.0, abs=1e-3)
    assert body["tree"]["nodes"] and body["tree"]["waves"][0]
    assert sum(body["channel_shares"].values()) == pytest.approx(1.0, abs=1e-6)
    assert set(body["model"]["alpha"]) == set(body["model"]["exposure_by_type"])


def test_next_and_what_if_endpoints(client: TestClient) -> None:
    nxt = client.get("/api/ripple/next", params={"vendor": "huawei", "at": "2019-01-01"}).json()
    states = [r["state"]["iso"] for r in nxt["forecast"]]
    assert "JP" not in states and "CA" in states  # Japan had acted by then; Canada had not
    assert all(0 <= r["p"] <= 1 and r["explanation"] for r in nxt["forecast"])
    assert {a["state"]["iso"] for a in nxt["adopted"]} >= {"US", "AU", "NZ", "JP", "CZ"}
    wi = client.get("/api/ripple/what-if", params={"state": "CA", "vendor": "zte", "runs": 200}).json()
    assert wi["expected_followers"] >= 0 and len(wi["fan"]["q50"]) == 25
    mc = client.get("/api/ripple/next", params={"vendor": "huawei", "method": "mc", "runs": 200}).json()
    assert mc["parameters"]["method"] == "mc"


def test_batch_endpoints(client: TestClient) -> None:
    assert client.get("/api/ripple/model").json()["model"]["n_cascades"] == 3  # Huawei, ZTE, Kaspersky
    assert client.get("/api/ripple/bellwethers", params={"runs": 50, "top": 3}).json()["ranking"]
    assert (
        "pairs" in client.get("/api/ripple/lead-lag", params={"min_cascades": 1, "permutations": 50}).json()
    )
    assert "edges" in client.get("/api/ripple/hidden", params={"k": 3}).json()


def test_errors_name_the_parameter(client: TestClient) -> None:
    r = client.get("/api/ripple/cascade", params={"trigger": "action/T15"})
    assert r.status_code == 404 and r.json()["error"]["parameter"] == "trigger"
    r = client.get("/api/ripple/what-if", params={"state": "JP", "vendor": "huawei"})
    assert r.status_code == 422 and "already acted" in r.json()["error"]["message"]
    r = client.get("/api/ripple/cascade", params={"trigger": "action/T10", "since": "last year"})
    assert r.status_code == 422 and r.json()["error"]["parameter"] == "since"
    r = client.get("/api/ripple/next", params={"vendor": "huawei", "runs": 1})
    assert r.status_code == 422


@pytest.fixture()
def disk_store(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "store"
    st = EmbeddedStore.open(path, read_only=False)
    st.load(FIXTURE.read_bytes(), "application/trig", None)
    st.close()
    yield path
    clear_cache()


def test_cli_tables_and_json(disk_store: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(
        cli,
        [
            "ripple",
            "cascade",
            "--store",
            str(disk_store),
            "--trigger",
            "action/T10",
            "--vendor",
            "huawei",
            "--include-pre-adopters",
        ],
    )
    assert out.exit_code == 0, out.output
    assert "Australia" in out.output and "https://example.org/au-5g" in out.output
    out = runner.invoke(
        cli, ["ripple", "attribute", "--store", str(disk_store), "--trigger", "action/T10", "--json"]
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["kind"] == "attribution"
    out = runner.invoke(cli, ["ripple", "next", "--store", str(disk_store), "--vendor", "zte"])
    assert out.exit_code == 0 and "Who is next" in out.output
    bad = runner.invoke(cli, ["ripple", "cascade", "--store", str(disk_store), "--trigger", "action/nope"])
    assert bad.exit_code == 2 and "trigger" in bad.output


@pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")  # raised inside pySHACL
def test_derived_links_are_written_valid_and_queryable(disk_store: Path) -> None:
    st = EmbeddedStore.open(disk_store, read_only=False)
    try:
        d = Definition(since="2018-08-13")  # type: ignore[arg-type]
        res = write_followed(st, d, min_probability=0.0)
        assert res["links"] > 0
        rows = select_rows(
            st,
            sparql_prefixes()
            + """
            SELECT ?leader ?follower ?lag ?p ?alliance ?params WHERE {
              GRAPH <https://w3id.org/svkg/graph/derived/ripple> {
                ?l a svkg:FollowedLink ; svkg:leader ?leader ; svkg:follower ?follower ; svkg:lagDays ?lag ;
                   svkg:attributionProbability ?p ; prov:wasGeneratedBy ?run .
                OPTIONAL { ?l svkg:viaAlliance ?alliance }
                ?run svkg:runParameters ?params } }""",
        )
        nz_from_au = [r for r in rows if r["follower"] == ID + "state/NZ" and r["leader"] == ID + "state/AU"]
        assert (
            nz_from_au
            and nz_from_au[0]["lag"] == 97
            and nz_from_au[0]["alliance"] == ID + "alliance/five-eyes"
        )
        assert json.loads(rows[0]["params"])["since"] == "2018-08-13"
        # a new run replaces the graph rather than piling up
        again = write_followed(st, d, min_probability=0.2)
        runs = select_rows(
            st, sparql_prefixes() + f"SELECT ?r WHERE {{ GRAPH <{RIPPLE_GRAPH}> {{ ?r a svkg:RippleRun }} }}"
        )
        assert [r["r"] for r in runs] == [again["run"]] and again["links"] <= res["links"]
        union = rdflib.Graph()
        union.parse(data=st.dump("application/n-triples").decode(), format="nt")
        _, report, _ = validate(
            union, shacl_graph=str(SHAPES), ont_graph=str(ONTOLOGY), inference="none", allow_warnings=True
        )
        sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
        focus = [str(n) for n in report.objects(None, sh.focusNode)]
        assert not [n for n in focus if n.startswith(ID + "ripple/")], focus  # the derived facts conform
        links = list(
            union.subjects(rdflib.RDF.type, rdflib.URIRef("https://w3id.org/svkg/ontology#FollowedLink"))
        )
        assert len(links) == again["links"]
    finally:
        st.close()


def test_unknown_names_are_404s_naming_the_parameter(client: TestClient) -> None:
    r = client.get("/api/ripple/next", params={"vendor": "huwaei"})
    assert r.status_code == 404 and r.json()["error"]["parameter"] == "vendor"
    r = client.get("/api/ripple/what-if", params={"state": "XX", "vendor": "huawei"})
    assert r.status_code == 404 and r.json()["error"]["parameter"] == "state"
    r = client.get("/api/ripple/model", params={"action_class": "no-such-type"})
    assert r.status_code == 422 and r.json()["error"]["parameter"] == "action_class"


def test_derive_command_and_followed_endpoint(disk_store: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["ripple", "derive", "--store", str(disk_store), "--since", "2018-08-13"])
    assert out.exit_code == 0, out.output
    assert "followed links" in out.output
    st = EmbeddedStore.open(disk_store, read_only=True)
    try:
        settings = get_settings(store_path=tmp_path / "unused")
        with TestClient(create_app(settings, store=st)) as c:
            body = c.get("/api/ripple/followed", params={"vendor": "huawei"}).json()
    finally:
        st.close()
    pairs = {(x["leader"], x["follower"]) for x in body["links"]}
    assert (ID + "state/US", ID + "state/AU") in pairs
    assert all(x["vendor"] == ID + "company/huawei" and 0 <= x["p"] <= 1 for x in body["links"])


def test_cli_bad_date_option_is_a_usage_error(disk_store: Path) -> None:
    """A malformed --since names the option and exits 2, with no traceback."""
    out = CliRunner().invoke(cli, ["ripple", "cascade", "--store", str(disk_store), "--trigger", "action/T10",
                                   "--vendor", "huawei", "--since", "2018-13-01"])
    assert out.exit_code == 2
    assert "--since" in out.output and "2018-13-01" in out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)
