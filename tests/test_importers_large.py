"""The large importers (OFAC SDN, ATOP, COW) on samples cut from the real files, and the COW code
mapping on the real COW state system file. The whole files run in bench/bench_import.py."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.importers.context import ImportContext
from graph.importers.cow_codes import HAND, load_states
from graph.importers.dyads import runs
from graph.importers.registry import get_importer

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "importers"
CTX = ImportContext(sources_dir=REPO / "data" / "sources", curated_dir=REPO / "data" / "curated")
ID = "https://w3id.org/svkg/id/"
PREFIXES = """PREFIX svkg: <https://w3id.org/svkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def imported(name: str, fixture: str, snapshot: date = date(2024, 5, 3),
             ) -> tuple[ox.Store, dict, Path | None]:
    result = get_importer(name, context=CTX, snapshot_date=snapshot).run(FIX / fixture)
    nt_path = result.ntriples_path
    store = ox.Store()
    store.load(result.ntriples(), format=ox.RdfFormat.N_TRIPLES)
    if nt_path is not None:
        nt_path.unlink()
    return store, result.metadata, nt_path


def rows(store: ox.Store, query: str) -> list[dict[str, str | None]]:
    query = re.sub(r"\bid:([\w/-]+)", lambda m: f"<{ID}{m.group(1)}>", query)
    query = re.sub(r"\bvocab:([\w/-]+)", lambda m: f"<https://w3id.org/svkg/vocab/{m.group(1)}>", query)
    res = store.query(PREFIXES + query)
    names = [v.value for v in res.variables]
    return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in res]


# -- OFAC -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ofac() -> tuple[ox.Store, dict, Path | None]:
    return imported("ofac-sdn", "ofac_sample.csv.gz")


def test_ofac_writes_ntriples_for_the_bulk_loader(ofac) -> None:
    _store, meta, nt_path = ofac
    assert nt_path is not None and nt_path.suffix == ".nt"
    assert meta["rows"] == 28  # 20 first rows, 5 individuals, 2 vessels, 1 aircraft; the Ctrl-Z ends it
    assert meta["listings"] == 28 and meta["targets_vessel"] == 2 and meta["targets_aircraft"] == 1


def test_ofac_entities_people_and_vessels(ofac) -> None:
    store, _, _ = ofac
    bnc = rows(store, """SELECT ?alt ?scope ?date ?prec WHERE {
        id:record/ofac-sdn/306 rdfs:label "BANCO NACIONAL DE CUBA"@en ; skos:altLabel ?alt .
        ?a dcterms:subject id:record/ofac-sdn/306 ; svkg:targetNote "BANCO NACIONAL DE CUBA" ;
           svkg:actor id:body/us-ofac ; svkg:legalBasis id:list/us-ofac-sdn ;
           svkg:actionType vocab:action-type/sanctions-listing ; svkg:scope ?scope ; svkg:date ?date .
        OPTIONAL { ?a svkg:datePrecision ?prec } }""")
    # an OFAC "entity" may be a firm, a bank, a ministry or an armed group: an org:Organization, which the
    # contract's svkg:target does not take, so it is named in svkg:targetNote and linked by dcterms:subject
    assert bnc == [{"alt": "BNC", "scope": "programs: CUBA", "date": "2024-05-03", "prec": None}]
    people = rows(store, """SELECT ?p ?state WHERE { ?p a svkg:Person ; svkg:nationality ?state .
        ?a svkg:target ?p }""")
    assert len(people) >= 3 and all(r["state"].startswith(ID + "state/") for r in people)
    vessel = rows(store, """SELECT ?note WHERE { ?a svkg:targetNote ?note
        FILTER(STRSTARTS(?note, "vessel ")) }""")
    assert len(vessel) == 2 and all("flag" in r["note"] for r in vessel)


# -- ATOP / COW -------------------------------------------------------------------------------------------

def ties(store: ox.Store, a: str, b: str, kind: str) -> list[tuple[str, str]]:
    found = rows(store, f"""SELECT ?start ?end WHERE {{
        ?t a svkg:DyadicTie ; svkg:party id:state/{a}, id:state/{b} ;
        svkg:allianceType vocab:alliance-type/{kind} ; svkg:startDate ?start ; svkg:endDate ?end }}
        ORDER BY ?start""")
    return [(r["start"], r["end"]) for r in found]


@pytest.fixture(scope="module")
def atop() -> tuple[ox.Store, dict, Path | None]:
    return imported("atop", "atop_sample.csv.gz", date(2026, 7, 1))


def test_atop_us_japan_defence_tie_covers_2018(atop) -> None:
    store, meta, _ = atop
    found = ties(store, "US", "JP", "atop-defence")
    assert found == [("1951-01-01", "2018-12-31")]
    note = rows(store, """SELECT ?d WHERE {
        ?t svkg:party id:state/JP ; svkg:allianceType vocab:alliance-type/atop-defence ;
        dcterms:description ?d }""")
    assert "Right-censored" in note[0]["d"] and meta["last_year"] == 2018


def test_atop_directed_rows_make_one_undirected_tie(atop) -> None:
    store, _, _ = atop
    # US->Portugal 1944-46 is a pledge one way only (the reverse row says 0): still one tie
    found = ties(store, "US", "PT", "atop-defence")
    assert found and found[0][0] == "1944-01-01"
    parties = rows(store, "SELECT ?t (COUNT(?p) AS ?n) WHERE { ?t svkg:party ?p } GROUP BY ?t")
    assert {r["n"] for r in parties} == {"2"}


def test_atop_germany_codes_join_and_historic_states_are_skipped(atop) -> None:
    store, meta, _ = atop
    # COW 260 (German Federal Republic) and 255 (Germany) are both DE: NATO years join across 1990
    nato = ties(store, "US", "DE", "atop-defence")
    assert nato == [("1954-01-01", "2018-12-31")]
    assert meta["skipped_dyad_years"] > 0  # UK-Bavaria: Bavaria has no ISO code
    assert not rows(store, "SELECT ?s WHERE { ?s svkg:isoAlpha2 ?c FILTER(STRLEN(?c) != 2) }")


def test_cow_ties_and_minimal_states(tmp_path: Path) -> None:
    store, meta, _ = imported("cow", "cow_sample.csv.gz", date(2025, 7, 16))
    assert ties(store, "CA", "US", "cow-defence")[0][0] == "1949-01-01"
    # 255-260 in 1990, both directions: one state (DE) on both sides, skipped
    assert ties(store, "JP", "US", "cow-defence") and meta["self_dyad_years"] == 2
    assert ties(store, "CN", "KP", "cow-defence")
    # states the curated data lacks get a minimal record; curated ones get nothing from the import
    minted = {r["c"] for r in rows(store, "SELECT ?c WHERE { ?s a svkg:State ; svkg:isoAlpha2 ?c }")}
    assert "US" not in minted and minted == {c for c in minted if not CTX.has(f"state/{c}")}


def test_cow_codes_map_to_iso() -> None:
    states = load_states(REPO / "data" / "sources" / "cow_state_system_codes.csv")
    expected = {2: "US", 20: "CA", 200: "GB", 740: "JP", 900: "AU", 920: "NZ", 710: "CN", 365: "RU",
                255: "DE", 260: "DE", 265: "DD", 713: "TW", 731: "KP", 732: "KR", 816: "VN", 640: "TR"}
    assert {code: states[code].iso2 for code in expected} == expected
    assert all(code in states for code in HAND)  # the hand table holds no stale codes
    unmapped = sorted(s.name for s in states.values() if s.iso2 is None)
    assert "Bavaria" in unmapped and "Republic of Vietnam" in unmapped and len(unmapped) == 17


def test_runs_collapse_consecutive_years() -> None:
    assert runs({1949, 1950, 1951, 1960, 1962, 1963}) == [(1949, 1951), (1960, 1960), (1962, 1963)]
    assert runs(set()) == []
