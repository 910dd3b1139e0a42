"""Every example analyst query in ontology/queries/ runs on the built curated store and answers its
question. Expectations come from the sources (dates, actors, requesters), not from running the queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.build import build
from graph.iris import ID
from graph.settings import REPO_ROOT, get_settings
from graph.store import EmbeddedStore, Row, select_rows

QUERIES = REPO_ROOT / "ontology" / "queries"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    path = tmp_path_factory.mktemp("queries") / "store"
    settings = get_settings(store_path=path)
    build(settings, imports=False)
    st = EmbeddedStore.open(path, read_only=True)
    yield st
    st.close()


def run(store: EmbeddedStore, stem: str) -> list[Row]:
    (path,) = QUERIES.glob(f"{stem}-*.rq")
    return select_rows(store, path.read_text(encoding="utf-8"))


def test_there_are_at_least_twelve_documented_queries() -> None:
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 12
    for f in files:
        first = f.read_text(encoding="utf-8").splitlines()[:2]
        assert first[0].startswith("# ") and first[1].startswith("# "), f"{f.name}: no title/description"


@pytest.mark.parametrize("path", sorted(QUERIES.glob("*.rq")), ids=lambda p: p.stem)
def test_every_query_parses_and_runs(store: EmbeddedStore, path: Path) -> None:
    rows = select_rows(store, path.read_text(encoding="utf-8"))
    assert rows, f"{path.name} returned nothing on the shipped data"


def test_founding_article_facts(store: EmbeddedStore) -> None:
    rows = run(store, "01")
    subjects = {r["s"] for r in rows}
    # Japan's exclusion, the NDAA ban, AU and NZ 5G blocks, BT's removal, Meng's arrest, the allegation
    for key in ("action/T19", "action/T10", "action/T12", "action/T13", "action/T16", "action/T15",
                "allegation/huawei-back-doors"):
        assert ID + key in subjects, key
    japan = [r for r in rows if r["s"] == ID + "action/T19"]
    assert {r["status"] for r in japan} >= {"expected"}
    assert "enacted" not in {r["status"] for r in japan}, "the 7 Dec article did not report a final decision"
    back_doors = {r["stance"] for r in rows if r["s"] == ID + "allegation/huawei-back-doors"}
    assert {"asserts", "denies"} <= back_doors


def test_alliance_members_actions_in_period(store: EmbeddedStore) -> None:
    rows = run(store, "02")
    states = {r["state"] for r in rows}
    assert states <= {"United States", "United Kingdom", "Canada", "Australia", "New Zealand"}
    assert {"United States", "Australia", "New Zealand", "Canada"} <= states
    assert all(dt.date(2018, 1, 1) <= r["date"] <= dt.date(2020, 12, 31) for r in rows)
    assert all(r["sources"] for r in rows), "every action comes with its sources"


def test_status_history_of_japans_exclusion(store: EmbeddedStore) -> None:
    rows = run(store, "03")
    by_date = {(r["claimDate"], r["status"]) for r in rows}
    assert (dt.date(2018, 12, 7), "expected") in by_date
    assert (dt.date(2018, 12, 10), "enacted") in by_date
    assert {r["current"] for r in rows} == {"enacted"}
    assert [r["claimDate"] for r in rows] == sorted(r["claimDate"] for r in rows)


def test_contested_facts(store: EmbeddedStore) -> None:
    rows = run(store, "04")
    back = [r for r in rows if r["subject"] == ID + "allegation/huawei-back-doors"]
    assert back and "Huawei" in back[0]["deniedBy"] and back[0]["assertedBy"]


def test_followers_of_an_ally_and_lag(store: EmbeddedStore) -> None:
    rows = run(store, "05")
    assert rows
    for r in rows:
        assert r["lagDays"] == (r["followerDate"] - r["leaderDate"]).days > 0
    japan_after_us = [r for r in rows if r["vendor"] == ID + "company/huawei"
                      and r["follower"] == ID + "state/JP" and r["leader"] == ID + "state/US"]
    assert japan_after_us, "Japan followed its ally the US against Huawei"


def test_in_force_on_date(store: EmbeddedStore) -> None:
    rows = run(store, "06")
    on = dt.date(2021, 1, 1)
    assert all(r["date"] <= on for r in rows)
    actions = {r["action"] for r in rows}
    assert ID + "action/T10" in actions and ID + "action/T19" in actions
    assert all(r["status"] not in {"reported", "expected", "denied"} for r in rows)


def test_arrests_and_requesters(store: EmbeddedStore) -> None:
    rows = run(store, "07")
    meng = [r for r in rows if r["person"] == "Meng Wanzhou"]
    assert meng and {r["date"] for r in meng} == {dt.date(2018, 12, 1)}
    assert {r["requestedBy"] for r in meng} == {"United States"}
    assert {r["location"] for r in meng} == {"Vancouver"}
    assert all(r["sources"] for r in meng)


def test_laws_and_actions(store: EmbeddedStore) -> None:
    rows = {r["i"]: r for r in run(store, "08")}
    s889 = rows[ID + "law/us-ndaa-fy2019-s889"]
    assert s889["actions"] >= 1 and s889["partOf"]


def test_vendor_timeline_is_ordered_and_complete(store: EmbeddedStore) -> None:
    rows = run(store, "09")
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    actions = {r["action"] for r in rows}
    assert {ID + "action/T01", ID + "action/T19", ID + "action/T15"} <= actions


def test_restrictions_per_state(store: EmbeddedStore) -> None:
    rows = run(store, "10")
    counts = [r["actions"] for r in rows]
    assert counts == sorted(counts, reverse=True)
    us_huawei = next(r for r in rows if r["state"] == "United States" and r["vendor"].startswith("Huawei"))
    assert us_huawei["first"] <= dt.date(2018, 8, 13) <= us_huawei["last"]


def test_decisions_to_keep_a_vendor(store: EmbeddedStore) -> None:
    rows = run(store, "11")
    assert len({r["state"] for r in rows}) >= 10
    assert any(r["state"] == "Germany" for r in rows)


def test_nato_members_on_2018_01_01(store: EmbeddedStore) -> None:
    rows = run(store, "12")
    isos = {r["iso"] for r in rows}
    assert len(isos) == 29  # Montenegro joined in June 2017; North Macedonia in 2020
    assert "ME" in isos and "MK" not in isos and "FI" not in isos


def test_allegations_and_denials(store: EmbeddedStore) -> None:
    rows = [r for r in run(store, "13") if r["a"] == ID + "allegation/huawei-back-doors"]
    assert {"asserts", "denies"} <= {r["stance"] for r in rows}


def test_sources_and_graphs_match_the_store(store: EmbeddedStore) -> None:
    rows = run(store, "14")
    curated = [r for r in rows if "/graph/curated/" in r["graph"]]
    assert {r["graph"].rsplit("/", 1)[1] for r in curated} >= {"entities", "timeline", "founding-article",
                                                               "alliances", "coverage"}
    for r in curated:
        assert len(r["sha256"]) == 64
        assert r["triples"] == store.quad_count(r["graph"])


def test_actions_by_type_family(store: EmbeddedStore) -> None:
    rows = {r["family"]: r["actions"] for r in run(store, "15")}
    total = select_rows(store, "PREFIX svkg: <https://w3id.org/svkg/ontology#> "
                               "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a svkg:Action }")[0]["n"]
    assert rows["restriction"] > 0
    assert sum(rows.values()) >= total  # every action sits under at least one top concept


def test_vendor_records_include_the_curated_entity(store: EmbeddedStore) -> None:
    rows = run(store, "16")
    assert any(r["record"] == ID + "company/huawei" and r["graph"].endswith("/curated/entities")
               for r in rows)
