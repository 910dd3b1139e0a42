"""The shipped curated data loads, checked against the real vocabulary, and says what the sources say."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from graph import iris
from graph.curated import SourceFile, concept_keys, discover, load_all
from graph.curated.rdfize import DCTERMS, ORG, RDF, RDFS, SKOS, SVKG

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def thing(ref: str) -> URIRef:
    return URIRef(iris.thing(ref))


def concept(scheme: str, key: str) -> URIRef:
    return URIRef(iris.concept(scheme, key))


@pytest.fixture(scope="module")
def loaded() -> dict[str, tuple[SourceFile, Graph]]:
    out = load_all(DATA, concept_keys(REPO / "ontology" / "vocab.ttl"))
    return {sf.path.stem: (sf, g) for sf, g in out}


@pytest.fixture(scope="module")
def union(loaded: dict[str, tuple[SourceFile, Graph]]) -> Graph:
    g = Graph()
    for _, part in loaded.values():
        for triple in part:
            g.add(triple)
    return g


def test_discover_puts_entities_first_and_names_graphs() -> None:
    files = discover(DATA)
    assert files[0].path.name == "entities.yaml"
    kinds = [f.kind for f in files]
    assert kinds.index("entities") == 0
    assert max(i for i, k in enumerate(kinds) if k == "entities") < min(
        i for i, k in enumerate(kinds) if k != "entities")
    by_stem = {f.path.stem: f for f in files}
    assert by_stem["timeline"].graph == "https://w3id.org/svkg/graph/curated/timeline"
    assert by_stem["timeline"].kind == "actions-csv"
    assert by_stem["alliances"].kind == "alliances-csv"
    assert by_stem["founding-article"].kind == "facts"


def test_metadata_for_the_meta_graph() -> None:
    by_stem = {f.path.stem: f for f in discover(DATA)}
    meta = by_stem["timeline"].metadata()
    assert meta["origin"] == "data/curated/timeline.csv"
    assert meta["licence"] == "CC-BY-4.0"
    assert "80" in meta["title"]
    assert by_stem["founding-article"].metadata()["title"].startswith("Founding article")


def test_timeline_has_80_actions_each_with_a_sourced_claim(loaded: dict) -> None:
    _, g = loaded["timeline"]
    actions = set(g.subjects(RDF.type, SVKG.Action))
    assert len(actions) == 80
    claims = set(g.subjects(RDF.type, SVKG.Claim))
    assert len(claims) == 80
    for claim in claims:
        assert g.value(claim, SVKG.claimAbout) in actions
        assert g.value(claim, SVKG.status) is not None
        assert g.value(claim, SVKG.verification) is not None
        source = g.value(claim, SVKG.source)
        assert g.value(source, URIRef("https://schema.org/url")) is not None


def test_timeline_row_normalised(loaded: dict) -> None:
    _, g = loaded["timeline"]
    t15 = thing("action/T15")
    assert g.value(t15, SVKG.requestedBy) == thing("state/US")
    assert thing("person/meng-wanzhou") in set(g.objects(t15, SVKG.target))
    assert g.value(t15, SVKG.actionType) == concept("action-type", "arrest")
    t09 = thing("action/T09")
    assert g.value(t09, SVKG.reverses) == thing("action/T08")
    t10 = thing("action/T10")
    assert g.value(t10, SVKG.legalBasis) == thing("law/us-ndaa-fy2019-s889")
    claim = thing("claim/T08-1")
    assert g.value(claim, SVKG.status) == concept("status", "enacted")
    assert str(g.value(claim, SVKG.statusNote)) == "enacted (later reversed)"


def test_alliances_has_the_85_state_memberships(loaded: dict, union: Graph) -> None:
    """86 research rows; the EU's G7 participation is not a state membership (see SOURCES.md)."""
    _, g = loaded["alliances"]
    members = set(g.subjects(RDF.type, SVKG.AllianceMembership))
    assert len(members) == 85
    assert all((union.value(m, ORG.member), RDF.type, SVKG.State) in union for m in members)
    assert "European Commission" in str(union.value(thing("alliance/g7"), DCTERMS.description))
    de = thing("membership/nato/DE")
    assert g.value(de, ORG.member) == thing("state/DE")
    assert str(g.value(de, SVKG.startDate)) == "1955-05-06"
    uk_eu = thing("membership/eu/GB")
    assert str(g.value(uk_eu, SVKG.endDate)) == "2020-01-31"


def test_entities(union: Graph) -> None:
    huawei = thing("company/huawei")
    aliases = set(union.objects(huawei, SKOS.altLabel))
    assert Literal("华为", lang="zh-Hans") in aliases
    assert Literal("HUAWEI", lang="en") in aliases
    assert union.value(huawei, SVKG.headquarteredIn) == thing("state/CN")
    assert union.value(thing("company/tiktok"), SVKG.subsidiaryOf) == thing("company/bytedance")
    s889 = thing("law/us-ndaa-fy2019-s889")
    assert (s889, RDF.type, SVKG.LawSection) in union
    assert union.value(s889, DCTERMS.isPartOf) == thing("law/us-ndaa-fy2019")
    assert str(union.value(thing("law/us-ndaa-fy2019"), SVKG.enactedDate)) == "2018-08-13"
    assert union.value(thing("body/us-bis"), SVKG.jurisdiction) == thing("state/US")
    assert union.value(thing("state/JP"), SVKG.cowCode).toPython() == 740


def test_required_states_present(union: Graph) -> None:
    wanted = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
              "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IN", "TW", "SA", "AE", "QA",
              "KW", "BH", "OM", "KR", "BR", "MX", "ZA", "ID", "MY", "TH", "VN", "PH", "RU", "TR", "IL", "CH",
              "NO", "IS", "UA", "RS", "KE", "NG", "EG", "AR", "CL", "PK", "BD", "SG", "US", "GB", "CA", "AU",
              "NZ", "JP", "CN"]
    for code in wanted:
        s = thing(f"state/{code}")
        assert (s, RDF.type, SVKG.State) in union, code
        assert str(union.value(s, SVKG.isoAlpha2)) == code


def test_every_label_is_english_and_single(union: Graph) -> None:
    for s in set(union.subjects(RDFS.label, None)):
        labels = list(union.objects(s, RDFS.label))
        assert len(labels) == 1, s
        assert labels[0].language == "en", s


def claims_about(g: Graph, ref: str) -> list[URIRef]:
    return list(g.subjects(SVKG.claimAbout, thing(ref)))


def test_founding_article_status_history(loaded: dict, union: Graph) -> None:
    _, g = loaded["founding-article"]
    statuses = {(str(union.value(c, SVKG.claimDate)), union.value(c, SVKG.status))
                for c in claims_about(union, "action/T19")}
    assert ("2018-12-07", concept("status", "expected")) in statuses
    assert ("2018-12-07", concept("status", "under-consideration")) in statuses
    assert ("2018-12-10", concept("status", "enacted")) in statuses
    decided = thing("claim/scmp-2018-12-10-jp-decides")
    assert g.value(decided, SVKG.source) == thing("source/scmp-2018-12-10-japan-decides-exclude-huawei-zte")
    article = thing("source/scmp-2018-12-07-japan-huawei-zte")
    assert (article, RDF.type, SVKG.NewsArticle) in g
    assert g.value(article, DCTERMS.publisher) == thing("company/scmp")
    assert str(g.value(article, DCTERMS.issued)) == "2018-12-07"


def test_founding_article_who_said_what(loaded: dict) -> None:
    _, g = loaded["founding-article"]
    yomiuri = thing("claim/scmp-2018-12-07-jp-set-to-ban")
    reporters = set(g.objects(yomiuri, SVKG.reportedBy))
    assert reporters == {thing("company/yomiuri-shimbun"), thing("company/scmp")}
    assert g.value(yomiuri, SVKG.assertedBy) == thing("unnamed/jp-government-source-yomiuri-2018-12-07")
    suga = thing("claim/scmp-2018-12-07-suga")
    assert g.value(suga, SVKG.assertedBy) == thing("person/yoshihide-suga")
    assert g.value(suga, SVKG.stance) == concept("stance", "declines-to-comment")
    assert "cybersecurity of government agencies" in str(g.value(suga, SVKG.quote))
    meng = thing("claim/scmp-2018-12-07-meng-arrest")
    assert g.value(meng, SVKG.claimAbout) == thing("action/T15")
    assert g.value(meng, SVKG.assertedBy) == thing("body/ca-doj")
    assert g.value(thing("position/meng-wanzhou/huawei-cfo"), ORG.role) == concept("role", "cfo")


def test_founding_article_allegation_asserted_and_denied(loaded: dict) -> None:
    _, g = loaded["founding-article"]
    stances = {g.value(c, SVKG.stance): g.value(c, SVKG.assertedBy)
               for c in claims_about(g, "allegation/huawei-back-doors")}
    assert stances[concept("stance", "asserts")] == thing("body/us-intelligence-community")
    assert stances[concept("stance", "denies")] == thing("company/huawei")
    allegation = thing("allegation/huawei-back-doors")
    assert g.value(allegation, SVKG.allegationAgainst) == thing("company/huawei")


def test_founding_article_reuses_timeline_actions(loaded: dict) -> None:
    _, g = loaded["founding-article"]
    about = {g.value(c, SVKG.claimAbout) for c in g.subjects(RDF.type, SVKG.Claim)}
    for key in ("T10", "T12", "T13", "T15", "T16", "T19"):
        assert thing(f"action/{key}") in about
    # no duplicate of a timeline action is minted: the article's only own action is the MoD statement
    assert set(g.subjects(RDF.type, SVKG.Action)) == {thing("action/scmp-2018-12-07-jp-mod-key-components")}
