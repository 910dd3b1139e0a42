"""The projection of a small store shaped like the contract (tests/fixtures/ripple/world.trig), and cascade
extraction on it (RIPPLE.md F1): who counts as a state actor, the action-class and vendor closures, tie
types and validity, the window bounds, pre-adopters and tie order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.iris import ID, concept
from graph.ripple import answers, answers_next
from graph.ripple.definition import Definition, add_duration
from graph.ripple.projection import load_projection
from graph.ripple.service import clear_cache
from graph.store import EmbeddedStore

FIXTURE = Path(__file__).parent / "fixtures" / "ripple" / "world.trig"


@pytest.fixture()
def store() -> EmbeddedStore:
    st = EmbeddedStore.in_memory()
    st.load(FIXTURE.read_bytes(), "application/trig", None)
    yield st
    clear_cache(st)


def _iso(rows: list[dict]) -> list[str]:
    return [r["state"]["iso"] for r in rows]


def test_projection_reads_states_ties_and_state_actions(store: EmbeddedStore) -> None:
    p = load_projection(store, Definition())
    g = p.graph
    assert {ID + "state/US", ID + "state/JP", ID + "state/TW"} <= set(g.nodes)
    assert ID + "state/IS" not in g.nodes  # only a dyadic tie, and dyads are off by default
    fvey = g.get_edge_data(ID + "state/AU", ID + "state/NZ")[ID + "alliance/five-eyes"]
    assert fvey["type"] == concept("alliance-type", "intelligence-sharing")
    assert fvey["start"] == dt.date(1956, 1, 1) and fvey["end"] is None
    gb_de = g.get_edge_data(ID + "state/GB", ID + "state/DE")[ID + "alliance/eu"]
    assert gb_de["end"] == dt.date(2020, 1, 31)  # the tie ends when one member leaves
    cz_fr = g.get_edge_data(ID + "state/CZ", ID + "state/FR")[ID + "alliance/eu"]
    assert cz_fr["start"] == dt.date(2004, 5, 1)  # and starts when the later one joins
    acts = {a.iri.rsplit("/", 1)[1]: a for a in p.actions}
    assert acts["T10"].states == [ID + "state/US"]  # a body of the state
    assert acts["T13"].states == [ID + "state/NZ"]  # a body of a body of the state
    assert acts["T17"].states == [ID + "state/JP"]  # a body with only a jurisdiction
    assert "T15" not in acts  # an arrest is not a restriction
    assert "T16" not in acts and "F04" not in acts  # a company and an IGO are not states
    assert [s["url"] for s in acts["T10"].sources] == [
        "https://www.congress.gov/bill/115th-congress/house-bill/5515"
    ]
    assert p.as_of == dt.date(2023, 8, 14)


def test_dyadic_ties_and_grouping_keys_are_options(store: EmbeddedStore) -> None:
    p = load_projection(store, Definition(include_dyadic=True, tie_key="grouping"))
    assert ID + "state/IS" in p.graph.nodes
    types = {e["type"] for _, _, e in p.graph.edges(data=True)}
    assert ID + "alliance/nato" in types and ID + "record/atop/US-IS-defence-1951" in types


def test_cascade_from_the_ndaa(store: EmbeddedStore) -> None:
    c = answers.cascade(store, Definition(), trigger="action/T10", vendor="huawei")
    assert [(f["state"]["iso"], f["date"], f["lag_days"]) for f in c["followers"]] == [
        ("NZ", "2018-11-28", 107),  # through the subsidiary Huawei New Zealand
        ("CZ", "2018-12-10", 119),  # same day as Japan: ordered by state IRI
        ("JP", "2018-12-10", 119),
        ("GB", "2020-01-28", 533),  # its first action only, not the July one
        ("DE", "2023-08-13", 1826),  # t0 + 5 years is inside the window
    ]
    assert _iso(c["pre_adopters"]) == ["AU", "FR"]  # acted before, or on t0 itself
    assert "CA" not in _iso(c["followers"])  # one day after the window
    assert "TW" not in _iso(c["followers"])  # another vendor
    nz = c["followers"][0]
    assert nz["evidence"]["sources"][0]["url"] == "https://example.org/nz-5g"
    assert {t["state"]["iso"] for t in nz["ties_to_earlier"]} == {"US", "AU"}  # Five Eyes
    assert c["summary"]["n_followers"] == 5 and c["summary"]["t_to_k"]["3"] == 119
    assert c["curve"][-1]["cumulative"] == 5 and c["curve"][0]["cumulative"] == 0
    assert c["parameters"]["adoption_rule"] == "first matching action ever"


def test_including_pre_adopters_counts_their_first_action_after_the_trigger(store: EmbeddedStore) -> None:
    c = answers.cascade(store, Definition(), trigger="action/T10", vendor="huawei", include_pre_adopters=True)
    first = c["followers"][0]
    assert (first["state"]["iso"], first["date"], first["lag_days"]) == ("AU", "2018-08-23", 10)
    assert first["acted_before"]["action"] == ID + "action/T01"
    assert c["parameters"]["adoption_rule"] == "first matching action after the trigger"
    assert c["parameters"]["since"] == "2018-08-13"  # recorded, and used to fit the model


def test_closures_and_class_change_the_cascade(store: EmbeddedStore) -> None:
    no_closure = answers.cascade(
        store, Definition(vendor_closure=False), trigger="action/T10", vendor="huawei"
    )
    assert "NZ" not in _iso(no_closure["followers"])
    network_only = Definition(action_class=concept("action-type", "network-restriction"))
    c = answers.cascade(store, network_only, state="US", vendor="huawei", date="2018-08-13")
    # Japan's procurement ban and Czechia's device ban are out; Australia's 2012 tender exclusion is not a
    # network restriction, so its 5G exclusion makes it a follower under this class
    assert _iso(c["followers"]) == ["AU", "NZ", "GB", "DE"]
    assert _iso(c["pre_adopters"]) == ["FR"]
    wide = answers.cascade(store, Definition(), trigger="action/T10", vendor="huawei", window="6Y")
    assert "CA" in _iso(wide["followers"])


def test_bad_input_is_named(store: EmbeddedStore) -> None:
    with pytest.raises(LookupError, match="trigger"):
        answers.cascade(store, Definition(), trigger="action/T15")  # an arrest: not of the class
    with pytest.raises(ValueError, match="trigger action, or a state"):
        answers.cascade(store, Definition(), state="US")
    with pytest.raises(ValueError, match="since"):
        Definition(since="yesterday")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="already acted"):
        answers_next.what_if(store, Definition(), state="JP", vendor="huawei")


def test_calendar_windows() -> None:
    assert add_duration(dt.date(2018, 8, 13), "5Y") == dt.date(2023, 8, 13)
    assert add_duration(dt.date(2020, 2, 29), "1Y") == dt.date(2021, 2, 28)
    assert add_duration(dt.date(2018, 1, 31), "1M") == dt.date(2018, 2, 28)
    assert add_duration(dt.date(2018, 1, 1), "90D") == dt.date(2018, 4, 1)


def test_actions_reported_but_not_taken_do_not_count_as_adoption(store: EmbeddedStore) -> None:
    """A plan reported by the press (current status `expected`) is evidence, not an adoption: by default
    the state adopts at the action actually taken; `taken_only=False` counts any status."""
    store.update(
        "PREFIX svkg: <https://w3id.org/svkg/ontology#> "
        "INSERT DATA { GRAPH <https://w3id.org/svkg/graph/curated/timeline> { "
        "<https://w3id.org/svkg/id/action/T12> svkg:currentStatus "
        "<https://w3id.org/svkg/vocab/status/expected> } }"
    )
    taken = {a.iri.rsplit("/", 1)[1] for a in load_projection(store, Definition()).actions}
    assert "T12" not in taken and "T13" in taken
    clear_cache(store)
    anything = {a.iri.rsplit("/", 1)[1] for a in load_projection(store, Definition(taken_only=False)).actions}
    assert "T12" in anything
    assert "status_rule" in Definition().as_dict()
