"""The list importers on the real shipped files: DoD 1260H, FCC Covered List, NDAA §889/§5949/§154,
BIS MIEU, China's counter-sanctions."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.importers.context import ImportContext
from graph.importers.registry import configured_importers, get_importer
from graph.importers.respond import find_response

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "importers"
CTX = ImportContext(sources_dir=REPO / "data" / "sources", curated_dir=REPO / "data" / "curated")
ID = "https://w3id.org/svkg/id/"
PREFIXES = """PREFIX svkg: <https://w3id.org/svkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX id: <https://w3id.org/svkg/id/>
PREFIX vocab: <https://w3id.org/svkg/vocab/>
"""


def imported(name: str, path: Path | None = None) -> tuple[ox.Store, dict]:
    imp = get_importer(name, context=CTX, snapshot_date=date(2026, 8, 22) if path else None)
    result = imp.run(path)
    store = ox.Store()
    store.load(result.ntriples(), format=ox.RdfFormat.N_TRIPLES)
    return store, result.metadata


def rows(store: ox.Store, query: str) -> list[dict[str, str | None]]:
    """Run a SELECT; `id:kind/key` and `vocab:scheme/key` (not valid prefixed names) are expanded."""
    query = re.sub(r"\bid:([\w/-]+)", lambda m: f"<{ID}{m.group(1)}>", query)
    query = re.sub(r"\bvocab:([\w/-]+)", lambda m: f"<https://w3id.org/svkg/vocab/{m.group(1)}>", query)
    res = store.query(PREFIXES + query)
    names = [v.value for v in res.variables]
    return [{n: (r[n].value if r[n] is not None else None) for n in names} for r in res]


@pytest.fixture(scope="module")
def dod() -> tuple[ox.Store, dict]:
    return imported("dod-1260h")


@pytest.fixture(scope="module")
def cn() -> tuple[ox.Store, dict]:
    return imported("cn-sanctions")


# -- DoD 1260H --------------------------------------------------------------------------------------------

def test_1260h_huawei_listed_from_the_first_edition(dod) -> None:
    store, meta = dod
    found = rows(store, """SELECT ?date ?actor ?basis ?end WHERE {
        ?a svkg:target id:record/dod-1260h/huawei-technologies-co-ltd ;
           svkg:actionType vocab:action-type/entity-listing ; svkg:date ?date ;
           svkg:actor ?actor ; svkg:legalBasis ?basis . OPTIONAL { ?a svkg:endDate ?end } } ORDER BY ?date""")
    assert [r["date"] for r in found] == ["2021-06-03", "2025-01-07", "2026-06-08"]
    assert {r["actor"] for r in found} == {ID + "body/us-dod"}
    assert {r["basis"] for r in found} == {ID + "list/us-dod-1260h"}
    assert all(r["end"] is None for r in found)
    assert meta["rows"] == 397 and meta["listings"] == 397
    assert meta["snapshot_date"] == "2026-08-22" and len(meta["sha256"]) == 64


def test_1260h_editions_chain_and_parent(dod) -> None:
    store, _ = dod
    chain = rows(store, """SELECT ?later ?earlier WHERE {
        ?later svkg:target id:record/dod-1260h/huawei-technologies-co-ltd ; svkg:relatedTo ?earlier }""")
    assert {(r["later"].rsplit("-", 3)[-3:][0], r["earlier"][-10:]) for r in chain} == {
        ("2025", "2021-06-03"), ("2026", "2025-01-07")}
    parent = rows(store, """SELECT ?label WHERE {
        id:record/dod-1260h/huawei-technologies-co-ltd svkg:subsidiaryOf ?p . ?p rdfs:label ?label }""")
    assert [r["label"] for r in parent] == ["Huawei Investment & Holding Co., Ltd."]


def test_1260h_removal_gets_end_date_and_delisting(dod) -> None:
    store, _ = dod
    key = "record/dod-1260h/china-telecommunications-corporation"
    listing = rows(store, f"""SELECT ?a ?end ?status WHERE {{
        ?a svkg:target id:{key} ; svkg:actionType vocab:action-type/entity-listing ;
           svkg:date "2021-06-03"^^<http://www.w3.org/2001/XMLSchema#date> ; svkg:endDate ?end .
        ?c svkg:claimAbout ?a ; svkg:status ?status }}""")
    assert [(r["end"], r["status"].rsplit("/", 1)[1]) for r in listing] == [("2025-01-07", "ended")]
    removal = rows(store, f"""SELECT ?date ?source ?verif WHERE {{
        ?r svkg:actionType vocab:action-type/delisting ; svkg:reverses <{listing[0]['a']}> ;
           svkg:date ?date ; svkg:target id:{key} .
        ?c svkg:claimAbout ?r ; svkg:source ?source ; svkg:verification ?verif }}""")
    assert [r["date"] for r in removal] == ["2025-01-07"]
    assert removal[0]["source"] == ID + "source/dataset/dod-1260h/2026-08-22"
    assert removal[0]["verif"].endswith("verification/verified-dataset")


def test_1260h_spellings_across_editions_are_one_record(dod) -> None:
    store, _ = dod
    names = rows(store, """SELECT ?alt WHERE {
        id:record/dod-1260h/avic-xian-aircraft-industry-group-company-ltd skos:altLabel ?alt }""")
    alts = {r["alt"] for r in names}
    assert "AVIC Xi’an Aircraft Industry Group Company Ltd." in alts or "AVIC Xi'an Aircraft Industry " \
        "Group Company Ltd." in alts
    assert "Xi’an Aircraft Industry Group Co., Ltd." in alts  # the previous name


def test_dataset_node_carries_the_metadata(dod) -> None:
    store, _ = dod
    ds = rows(store, """SELECT ?title ?url ?licence ?sha WHERE {
        ?d a svkg:Dataset ; dcterms:title ?title ; <https://schema.org/url> ?url ; dcterms:license ?licence ;
           svkg:sha256 ?sha }""")
    assert len(ds) == 1
    assert ds[0]["url"].startswith("https://github.com/opensanctions/opensanctions/blob/f33cff23/")
    assert "CC BY-NC 4.0" in ds[0]["licence"]


# -- FCC Covered List -------------------------------------------------------------------------------------

def test_fcc_entries_and_dates() -> None:
    store, meta = imported("fcc-covered")
    assert meta["rows"] == 16
    found = {(r["label"], r["date"]) for r in rows(store, """SELECT ?label ?date WHERE {
        ?a svkg:actionType vocab:action-type/covered-list-addition ; svkg:date ?date ;
           svkg:actor id:body/us-fcc ; svkg:target ?t . ?t rdfs:label ?label }""")}
    assert ("Huawei Technologies Company", "2021-03-12") in found
    assert ("ZTE Corporation", "2021-03-12") in found
    assert ("Hangzhou Hikvision Digital Technology Company", "2021-03-12") in found
    assert ("AO Kaspersky Lab", "2022-03-25") in found
    assert ("China Unicom (Americas) Operations Limited", "2022-09-20") in found
    assert ("Kaspersky Lab, Inc.", "2024-07-23") in found
    sub = rows(store, """SELECT ?parent WHERE { ?c rdfs:label "ComNet (USA) LLC"@en ; svkg:subsidiaryOf ?p .
                                               ?p rdfs:label ?parent }""")
    assert [r["parent"] for r in sub] == ["Pacific Networks Corp"]


def test_fcc_category_entries_have_a_target_note_and_updates() -> None:
    store, _ = imported("fcc-covered")
    uas = rows(store, """SELECT ?date ?note ?status WHERE {
        ?a svkg:actionType vocab:action-type/covered-list-addition ; svkg:date ?date ; svkg:targetNote ?note .
        ?c svkg:claimAbout ?a ; svkg:statusNote ?status FILTER(STRSTARTS(?note, "Uncrewed")) }""")
    assert len(uas) == 1 and uas[0]["date"] == "2025-12-22"
    assert "2026-01-07" in uas[0]["status"] and "2026-07-21" in uas[0]["status"]
    untargeted = rows(store, """SELECT (COUNT(*) AS ?n) WHERE {
        ?a svkg:actionType vocab:action-type/covered-list-addition
        FILTER NOT EXISTS { ?a svkg:target ?t } }""")
    assert untargeted[0]["n"] == "4"  # UAS, routers, power inverters, robotic devices


# -- NDAA sections ----------------------------------------------------------------------------------------

def test_889_names_the_five_firms() -> None:
    store, _ = imported("ndaa-s889")
    found = rows(store, """SELECT ?label ?date WHERE {
        ?a svkg:legalBasis id:law/us-ndaa-fy2019-s889 ; svkg:actor id:body/us-congress ; svkg:date ?date ;
           svkg:target ?t . ?t rdfs:label ?label }""")
    assert {r["label"] for r in found} == {
        "Dahua Technology Company", "Hangzhou Hikvision Digital Technology Company",
        "Huawei Technologies Company", "Hytera Communications Corporation", "ZTE Corporation"}
    assert {r["date"] for r in found} == {"2018-08-13"}  # the file gives none: the law's enactment
    notes = rows(store, "SELECT ?n WHERE { ?c svkg:verificationNote ?n }")
    assert all("Pub.L. 115-232" in r["n"] for r in notes) and len(notes) == 5


def test_154_dates_and_5949_firms() -> None:
    store, _ = imported("ndaa-s154")
    catl = rows(store, """SELECT ?date ?eff WHERE {
        ?a svkg:target ?t ; svkg:date ?date ; svkg:effectiveDate ?eff .
        ?t skos:altLabel "CATL"@en }""")
    assert catl == [{"date": "2023-12-22", "eff": "2027-10-01"}]
    store, _ = imported("ndaa-s5949")
    assert {r["l"] for r in rows(store, "SELECT ?l WHERE { ?a svkg:target ?t . ?t skos:altLabel ?l }")} == {
        "CXMT", "SMIC", "YMTC"}


# -- BIS MIEU ---------------------------------------------------------------------------------------------

def test_bis_mieu_agencies_are_government_bodies_of_their_states() -> None:
    store, meta = imported("bis-mieu")
    assert meta["rows"] == 13
    gru = rows(store, """SELECT ?state ?date ?note WHERE { ?b rdfs:label "Main Intelligence Directorate"@en ;
        a svkg:GovernmentBody ; svkg:jurisdiction ?state ; org:subOrganizationOf ?state .
        ?a dcterms:subject ?b ; svkg:date ?date ; svkg:targetNote ?note }""")
    assert gru == [{"state": ID + "state/RU", "date": "2021-03-16", "note": "Main Intelligence Directorate"}]


# -- China's counter-sanctions ----------------------------------------------------------------------------

def test_cn_counter_sanctions_by_body_and_type(cn) -> None:
    store, meta = cn
    assert meta["rows"] == 610 and meta["responds_to_notes"] == 0
    lockheed = rows(store, """SELECT ?type ?actor ?date WHERE {
        ?a svkg:target id:record/cn-sanctions/lockheed-martin-corporation ; svkg:actionType ?type ;
           svkg:actor ?actor ; svkg:date ?date }""")
    by_type = {(r["type"].rsplit("/", 1)[1], r["actor"].rsplit("/", 1)[1], r["date"]) for r in lockheed}
    # MOFCOM's Unreliable Entity List (16.02.23) and its export-control list (02.01.2025)
    assert by_type == {("counter-sanction", "cn-mofcom", "2023-02-16"),
                       ("entity-listing", "cn-mofcom", "2025-01-02")}
    tao = rows(store, """SELECT ?body ?type WHERE {
        ?a svkg:target ?t ; svkg:actor ?body ; svkg:actionType ?type .
        ?t rdfs:label "Su Tseng-chang"@en . ?body a svkg:GovernmentBody ;
        rdfs:label "Taiwan Affairs Office of the State Council"@en ; org:subOrganizationOf id:state/CN }""")
    assert len(tao) == 1 and tao[0]["type"].endswith("sanctions-listing")


def test_cn_never_invents_what_a_measure_answers(cn) -> None:
    store, _ = cn
    assert rows(store, "SELECT ?a WHERE { ?a svkg:respondsTo ?b }") == []


def test_cn_undated_row_is_dated_at_the_snapshot_without_precision(cn) -> None:
    store, _ = cn
    found = rows(store, """SELECT ?date ?prec ?note WHERE {
        ?a dcterms:subject ?t ; svkg:date ?date . ?t rdfs:label "Alliance of Democracies Foundation"@en .
        OPTIONAL { ?a svkg:datePrecision ?prec } ?c svkg:claimAbout ?a ; svkg:statusNote ?note }""")
    assert len(found) == 1 and found[0]["date"] == "2026-08-22" and found[0]["prec"] is None
    assert "no date" in found[0]["note"]


def test_cn_suspension_aliases_and_end_dates(cn) -> None:
    store, _ = cn
    suspended = rows(store, """SELECT (COUNT(*) AS ?n) WHERE { ?c svkg:status vocab:status/suspended }""")
    assert suspended[0]["n"] == "5"
    zh = rows(store, """SELECT ?alt WHERE {
        id:record/cn-sanctions/lockheed-martin-corporation skos:altLabel ?alt
        FILTER(LANG(?alt) = "zh") }""")
    assert zh and all(r["alt"] for r in zh)
    skyla = rows(store, """SELECT ?end WHERE { ?a svkg:target id:record/cn-sanctions/skyla ;
        svkg:actionType vocab:action-type/sanctions-listing ; svkg:endDate ?end }""")
    assert skyla == [{"end": "2023-07-13"}]


def test_responds_to_only_from_explicit_words() -> None:
    ctx = ImportContext(sources_dir=FIX)
    said = find_response(ctx, ["countermeasures in response to the US arms sales to Taiwan"],
                         date(2020, 10, 26))
    assert said is not None and "arms sale to Taiwan" in said.note and said.curated is None
    generic = find_response(ctx, ["imposed in retaliation for the Hong Kong Autonomy Act"], None)
    assert generic is not None and "Hong Kong Autonomy Act" in generic.note
    assert find_response(ctx, ["Decision on Countermeasures against U.S. military-industry enterprises"],
                         date(2024, 12, 5)) is None


# -- registry ---------------------------------------------------------------------------------------------

def test_registry_runs_every_shipped_source_and_settings_can_disable() -> None:
    class S:
        data_dir = REPO / "data"

        def __init__(self, disabled: list[str]) -> None:
            self.imports_disabled = disabled

    names = [imp.name for imp in configured_importers(S(["ofac-sdn"]))]
    assert "ofac-sdn" not in names and {"dod-1260h", "atop", "cow", "cn-sanctions"} <= set(names)
    every = configured_importers(S([]))
    assert "ofac-sdn" in [i.name for i in every] and "ftm" not in [i.name for i in every]
    assert all(i.graph == f"https://w3id.org/svkg/graph/import/{i.name}" and i.default_path.is_file()
               for i in every)
