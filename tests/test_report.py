"""The data quality report on a small store whose every count can be worked out by hand
(tests/fixtures/resolution/report.trig), through `graph.report`, `svkg report` and the API.

Worked out from the fixture:
* actions: T1, T2, T3 (curated/timeline) and the two DoD listings = 5; claims 10 (2 each for T1, T2,
  T3, the allegation, and 1 per listing); graphs 5; one resolution link (the DoD Huawei record).
* per acting state: US 4 (T1 by the state; T3 by the FCC, a US body; both DoD listings), JP 1 (T2 by the
  Japanese government); GB acted in nothing and is not listed.
* per vendor: Huawei 3 (T1, T2, and the DoD listing of the record resolved to it; 2 records), ZTE 2 (T2,
  T3), the unresolved ZTE Kangxun record 1.
* per year: 2018 1, 2019 1, 2020 1, 2021 2 (both imported).
* single source: T2 (both claims cite source c) and the two listings = 3.
* contested: the allegation (asserted and denied), T2 (denied beside expected), T3 (enacted and
  announced on the same day by two sources) = 3; T1 (enacted twice) is not.
* unresolved: ZTE Kangxun (company) and the OFAC person; the OFAC organisation has a manual decision.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from api.app import create_app
from api.routers.report import render_html
from graph.cli import app
from graph.report import QualityReport, build_report
from graph.settings import get_settings
from graph.store import EmbeddedStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fastapi.testclient import TestClient

FIXTURE = Path(__file__).parent / "fixtures" / "resolution" / "report.trig"
ID = "https://w3id.org/svkg/id/"
DECISIONS = """decisions:
  - {left: record/ofac-sdn/2, right: company/zte, decision: different, note: "a consultancy, not ZTE"}
"""


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "resolution-decisions.yaml").write_text(DECISIONS, encoding="utf-8")
    return data


def fixture_store() -> EmbeddedStore:
    store = EmbeddedStore.in_memory()
    store.ox.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return store


def check_numbers(d: dict) -> None:
    assert d["totals"] == {"actions": 5, "claims": 10, "graphs": 5, "resolution_links": 1,
                           "single_source_actions": 3, "contested_subjects": 3, "unresolved_records": 2}
    cov = d["coverage"]
    assert [(r["label"], r["actions"], r["curated"], r["imported"]) for r in cov["state"]] == [
        ("United States", 4, 2, 2), ("Japan", 1, 1, 0)]
    assert [(r["vendor"][len(ID):], r["actions"], r["records"], r["graphs"]) for r in cov["vendor"]] == [
        ("company/huawei", 3, 2, ["curated/timeline", "import/dod-1260h"]),
        ("company/zte", 2, 1, ["curated/timeline"]),
        ("record/dod-1260h/zte-kangxun", 1, 1, ["import/dod-1260h"])]
    assert [(r["year"], r["actions"], r["curated"], r["imported"]) for r in cov["year"]] == [
        (2018, 1, 1, 0), (2019, 1, 1, 0), (2020, 1, 1, 0), (2021, 2, 0, 2)]
    assert {r["graph"]: (r["actions"], r["claims"], r["agents"]) for r in cov["source"]} == {
        "curated/entities": (0, 0, 8), "curated/timeline": (3, 8, 0), "import/dod-1260h": (2, 2, 2),
        "import/ofac-sdn": (0, 0, 2)}
    single = d["single_source"]
    assert single["per_graph"] == {"curated/timeline": 1, "import/dod-1260h": 2}
    assert [a["action"][len(ID):] for a in single["actions"]] == [
        "action/T2", "action/dod-1260h/huawei-2021", "action/dod-1260h/zte-kangxun-2021"]
    assert single["actions"][0]["sources"] == [f"{ID}source/c"]
    contested = {c["subject"][len(ID):]: c["why"] for c in d["contested"]}
    assert contested == {
        "allegation/back-doors": ["asserted and denied"],
        "action/T2": ["statuses denied beside expected"],
        "action/T3": ["different statuses on 2020-06-30: announced, enacted"]}
    unresolved = d["unresolved"]
    assert unresolved["per_graph"] == {"import/dod-1260h": {"company": 1}, "import/ofac-sdn": {"person": 1}}
    assert [(r["record"][len(ID):], r["kind"], r["label"]) for r in unresolved["records"]] == [
        ("record/dod-1260h/zte-kangxun", "company", "ZTE Kangxun Telecom Co., Ltd."),
        ("record/ofac-sdn/1", "person", "MENG, Wanzhou")]


def test_report_numbers(data_dir: Path) -> None:
    report = build_report(fixture_store(), limit=None, data_dir=data_dir)
    check_numbers(json.loads(json.dumps(report.as_dict(), default=str)))
    assert report.notes == []


def test_limit_cuts_lists_not_totals(tmp_path: Path) -> None:
    report = build_report(fixture_store(), limit=1, data_dir=tmp_path)  # no decisions file here
    assert len(report.coverage["vendor"]) == 1 and len(report.single_source) == 1
    assert report.totals["single_source_actions"] == 3
    assert report.totals["unresolved_records"] == 3  # the OFAC organisation counts without its decision
    assert report.unresolved_per_graph["import/ofac-sdn"] == {"person": 1, "organisation": 1}


def test_no_resolution_graph_says_so(tmp_path: Path) -> None:
    store = fixture_store()
    store.ox.remove_graph(ox.NamedNode("https://w3id.org/svkg/graph/resolution"))
    report = build_report(store, limit=None, data_dir=tmp_path)
    assert report.totals["resolution_links"] == 0 and "svkg resolve" in report.notes[0]
    huawei = report.coverage["vendor"][0]
    assert (huawei["vendor"], huawei["actions"]) == (f"{ID}company/huawei", 2)  # the listing is apart now


def test_svkg_report_json_and_html(tmp_path: Path, data_dir: Path) -> None:
    store_path = tmp_path / "store"
    disk = ox.Store(str(store_path))
    disk.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    disk.flush()
    del disk
    page = tmp_path / "report.html"
    out = CliRunner().invoke(app, ["report", "--json", "--html", str(page), "--store", str(store_path),
                                   "--data", str(data_dir)])
    assert out.exit_code == 0, out.output
    body = json.loads(out.output)
    assert body["limit"] == 50
    check_numbers(body)
    assert "Huawei Technologies Co., Ltd." in page.read_text(encoding="utf-8")
    out = CliRunner().invoke(app, ["report", "--store", str(store_path), "--data", str(data_dir)])
    assert out.exit_code == 0 and "Contested facts" in out.output and "United States" in out.output


@pytest.fixture
def client(tmp_path: Path, data_dir: Path) -> Iterator[TestClient]:
    settings = get_settings(store_path=tmp_path / "var" / "store", data_dir=data_dir)
    with TestClient(create_app(settings, store=fixture_store())) as c:
        yield c


def test_api_report_json(client: TestClient) -> None:
    response = client.get("/api/report", params={"limit": 1000})
    assert response.status_code == 200
    check_numbers(response.json())
    assert client.get("/api/report", params={"limit": 0}).status_code == 422


def test_report_page_renders(client: TestClient) -> None:
    response = client.get("/report")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    for text in ("Actions per acting state", "United States", "Huawei Technologies Co., Ltd.",
                 "Contested facts", "statuses denied beside expected", "ZTE Kangxun Telecom Co., Ltd.",
                 "Actions lacking a second source"):
        assert text in html
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "<script" not in html and 'rel="stylesheet"' not in html  # nothing loaded from anywhere


def test_the_page_escapes_what_it_shows(data_dir: Path) -> None:
    report: QualityReport = build_report(fixture_store(), limit=None, data_dir=data_dir)
    report.unresolved[0]["label"] = "<script>alert(1)</script>"
    html = render_html(report)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
