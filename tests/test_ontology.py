"""The ontology (svkg.ttl), the SKOS vocabularies (vocab.ttl), the CAMEO codes (cameo.ttl), the contract
(ontology/README.md) and what is generated from them (graph/namespaces.py, HTML docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from typer.testing import CliRunner

from graph.cli import app
from graph.errors import DataError
from graph.iris import ONTOLOGY, VOCAB
from graph.ontology_tools import (
    ONTOLOGY_DIR,
    check_namespace,
    load_ontology_graph,
    namespace_source,
    parse_turtle,
    svkg_terms,
)

README = ONTOLOGY_DIR / "README.md"
CAMEO = VOCAB + "cameo/"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"

# every action_type of the research timeline (timeline.csv), as written there
TIMELINE_ACTION_TYPES = (
    "denial", "network_exclusion", "entity_listing", "covered_list_addition", "device_ban",
    "judicial_ruling", "network_phase_out", "arrest", "procurement_exclusion", "procurement_ban", "law",
    "investment_ban", "licence_revocation", "exclusion_from_tender", "investigative_report_recommendation",
    "policy_upheld", "settlement_penalty", "ban_government_use", "public_warning", "export_denial_order",
    "lift_ban", "procurement_ban_law", "vendor_removal", "protest", "vendor_exclusion", "bail_granted",
    "criminal_charges", "lawsuit", "guidelines", "licence_denial", "executive_order",
    "business_suspension", "counter_measure_announced", "subsidy_ban", "network_restriction",
    "risk_mitigation_recommendation", "timeline_revised", "export_control_rule", "app_ban",
    "designation_national_security_threat", "policy_statement", "counter_measure_rules", "injunction",
    "covered_list_publication", "trial_exclusion", "deferred_prosecution_agreement", "release",
    "procurement_restriction", "equipment_authorization_ban", "risk_designation", "divest_or_ban_law",
    "sales_ban", "non_enforcement",
)
# and the action types the founding article, the importers and the wider coverage need
EXTRA_ACTION_TYPES = (
    "equipment-removal", "core-network-exclusion", "5g-exclusion", "delisting", "sanctions-listing",
    "counter-sanction", "keep-vendor", "allow-with-conditions", "extradition-request",
    "extradition-ruling", "statement-of-concern", "allegation",
)
TOP_ACTION_TYPES = {"restriction", "legal-action", "counter-measure", "easing", "statement",
                    "commercial-decision"}


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return parse_turtle(ONTOLOGY_DIR / "svkg.ttl")


@pytest.fixture(scope="module")
def vocab() -> rdflib.Graph:
    return parse_turtle(ONTOLOGY_DIR / "vocab.ttl")


@pytest.fixture(scope="module")
def cameo() -> rdflib.Graph:
    return parse_turtle(ONTOLOGY_DIR / "cameo.ttl")


def svkg_subjects(g: rdflib.Graph, kind: rdflib.URIRef) -> set[rdflib.URIRef]:
    return {s for s in g.subjects(RDF.type, kind)
            if isinstance(s, rdflib.URIRef) and str(s).startswith(ONTOLOGY)}


def english(g: rdflib.Graph, s: rdflib.URIRef, p: rdflib.URIRef) -> bool:
    return any(isinstance(o, rdflib.Literal) and o.language == "en" and str(o).strip()
               for o in g.objects(s, p))


def concepts(g: rdflib.Graph) -> set[rdflib.URIRef]:
    return set(g.subjects(RDF.type, SKOS.Concept))


# -- the ontology -------------------------------------------------------------------------------------

def test_ontology_files_load_offline_into_one_graph() -> None:
    g = load_ontology_graph()
    assert (rdflib.URIRef(ONTOLOGY + "Action"), RDF.type, OWL.Class) in g
    assert (rdflib.URIRef(VOCAB + "action-type/procurement-ban"), RDF.type, SKOS.Concept) in g
    assert (rdflib.URIRef(CAMEO + "163"), RDF.type, SKOS.Concept) in g
    assert not list(g.objects(None, OWL.imports)), "the ontology must load offline: no owl:imports"


def test_a_broken_file_is_reported_with_its_name(tmp_path: Path) -> None:
    for name in ("svkg.ttl", "vocab.ttl", "cameo.ttl"):
        (tmp_path / name).write_text((ONTOLOGY_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    good = (tmp_path / "vocab.ttl").read_text(encoding="utf-8")
    (tmp_path / "vocab.ttl").write_text("@prefix x: <http://x/> .\nx:a x:b x:c ;\n x:d .\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"vocab\.ttl"):
        load_ontology_graph(tmp_path)
    (tmp_path / "vocab.ttl").write_text(good, encoding="utf-8")
    (tmp_path / "cameo.ttl").unlink()
    with pytest.raises(DataError, match="missing"):
        load_ontology_graph(tmp_path)


def test_ontology_header(onto: rdflib.Graph) -> None:
    head = rdflib.URIRef(ONTOLOGY.rstrip("#"))
    assert (head, RDF.type, OWL.Ontology) in onto
    for p in (DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator, OWL.versionInfo):
        assert onto.value(head, p) is not None, f"ontology header lacks {p}"
    assert str(onto.value(head, DCTERMS.creator)) == "svkg contributors"


def test_every_class_has_label_and_definition(onto: rdflib.Graph) -> None:
    classes = svkg_subjects(onto, OWL.Class)
    assert len(classes) >= 30
    offenders = sorted(str(c) for c in classes
                       if not english(onto, c, RDFS.label) or not english(onto, c, SKOS.definition)
                       or onto.value(c, RDFS.isDefinedBy) is None)
    assert not offenders, f"classes without an @en label, @en definition or rdfs:isDefinedBy: {offenders}"


def test_every_property_has_label_definition_domain_and_range(onto: rdflib.Graph) -> None:
    props = (svkg_subjects(onto, OWL.ObjectProperty) | svkg_subjects(onto, OWL.DatatypeProperty)
             | svkg_subjects(onto, OWL.AnnotationProperty))
    assert len(props) >= 60
    offenders = sorted(
        f"{p.removeprefix(ONTOLOGY)}: " + ", ".join(
            what for what, ok in (("label", english(onto, p, RDFS.label)),
                                  ("definition", english(onto, p, SKOS.definition)),
                                  ("domain", onto.value(p, RDFS.domain) is not None),
                                  ("range", onto.value(p, RDFS.range) is not None)) if not ok)
        for p in props
        if not (english(onto, p, RDFS.label) and english(onto, p, SKOS.definition)
                and onto.value(p, RDFS.domain) is not None and onto.value(p, RDFS.range) is not None))
    assert not offenders, f"properties lacking: {offenders}"


def test_property_kinds_match_their_ranges_and_nothing_is_punned(onto: rdflib.Graph) -> None:
    kinds = {k: svkg_subjects(onto, k) for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty,
                                                  OWL.AnnotationProperty)}
    seen: dict[rdflib.URIRef, list[str]] = {}
    for k, terms in kinds.items():
        for t in terms:
            seen.setdefault(t, []).append(str(k))
    punned = {str(t): ks for t, ks in seen.items() if len(ks) > 1}
    assert not punned, f"terms declared as more than one kind: {punned}"
    for p in kinds[OWL.DatatypeProperty]:
        rng = onto.value(p, RDFS.range)
        assert isinstance(rng, rdflib.URIRef) and str(rng).startswith(XSD_NS), f"{p}: range {rng} not xsd:"
    for p in kinds[OWL.ObjectProperty]:
        rng = onto.value(p, RDFS.range)
        assert not str(rng).startswith(XSD_NS), f"object property {p} has a datatype range"
    sub, parent = rdflib.URIRef(ONTOLOGY + "subsidiaryOf"), rdflib.URIRef(ONTOLOGY + "parentOf")
    assert (sub, OWL.inverseOf, parent) in onto


def test_every_term_used_is_declared(onto: rdflib.Graph) -> None:
    """OWL 2 DL (what Protégé expects): every predicate is a declared object, datatype or annotation property
    and every class used in an axiom is a declared owl:Class, reused ones included."""
    builtin = (str(RDF), str(RDFS), str(OWL))
    props = set()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        props |= set(onto.subjects(RDF.type, kind))
    undeclared = sorted(str(p) for p in set(onto.predicates()) - props if not str(p).startswith(builtin))
    assert not undeclared, f"predicates used without a declaration: {undeclared}"
    classes = set(onto.subjects(RDF.type, OWL.Class))
    used = {o for p in (RDFS.subClassOf, OWL.equivalentClass) for o in onto.objects(None, p)}
    used |= {o for p in (RDFS.domain, RDFS.range) for s, o in onto.subject_objects(p)
             if (s, RDF.type, OWL.ObjectProperty) in onto or (p == RDFS.domain and
             (s, RDF.type, OWL.DatatypeProperty) in onto)}
    for lst in list(onto.objects(None, OWL.unionOf)) + list(onto.objects(None, OWL.members)):
        used |= set(rdflib.collection.Collection(onto, lst))
    missing = sorted(str(c) for c in used if isinstance(c, rdflib.URIRef) and c not in classes)
    assert not missing, f"classes used without a declaration: {missing}"


def test_reused_vocabularies_are_aligned(onto: rdflib.Graph) -> None:
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    org = rdflib.Namespace("http://www.w3.org/ns/org#")
    s = rdflib.Namespace(ONTOLOGY)
    for child, parent in ((s.Action, prov.Activity), (s.Claim, prov.Entity), (s.Position, org.Membership),
                          (s.AllianceMembership, org.Membership), (s.Person, prov.Agent),
                          (s.State, org.Organization)):
        assert (child, RDFS.subClassOf, parent) in onto, f"{child} should be rdfs:subClassOf {parent}"
    for child, parent in ((s.source, prov.wasDerivedFrom), (s.actor, prov.wasAssociatedWith)):
        assert (child, RDFS.subPropertyOf, parent) in onto
    reused_with_domains = [p for p in (org.member, org.organization, org.role, DCTERMS.isPartOf)
                           if onto.value(p, RDFS.domain) is not None]
    assert not reused_with_domains, f"do not redeclare other vocabularies' domains: {reused_with_domains}"


def test_every_term_of_the_contract_exists(onto: rdflib.Graph) -> None:
    text = README.read_text(encoding="utf-8")
    used = set(re.findall(r"`svkg:([A-Za-z][A-Za-z0-9]*)", text)) | set(
        re.findall(r"\bsvkg:([A-Za-z][A-Za-z0-9]*)", text))
    assert len(used) >= 80
    declared = {str(t).removeprefix(ONTOLOGY) for t in onto.subjects() if str(t).startswith(ONTOLOGY)}
    missing = sorted(used - declared)
    assert not missing, f"ontology/README.md names svkg: terms that svkg.ttl does not declare: {missing}"


def test_every_vocabulary_key_of_the_contract_exists(vocab: rdflib.Graph, cameo: rdflib.Graph) -> None:
    text = README.read_text(encoding="utf-8")
    keys = set(re.findall(r"vocab:([a-z-]+)/([a-z0-9-]+)", text))
    known = {str(c) for c in concepts(vocab) | concepts(cameo)}
    missing = sorted(f"{s}/{k}" for s, k in keys if f"{VOCAB}{s}/{k}" not in known)
    assert not missing, f"ontology/README.md names concepts that do not exist: {missing}"


# -- the vocabularies ----------------------------------------------------------------------------------

def test_every_concept_is_complete_and_keyed_by_its_notation(vocab: rdflib.Graph,
                                                             cameo: rdflib.Graph) -> None:
    for g in (vocab, cameo):
        offenders = []
        for c in concepts(g):
            scheme = g.value(c, SKOS.inScheme)
            notation = g.value(c, SKOS.notation)
            ok = (english(g, c, SKOS.prefLabel) and english(g, c, SKOS.definition) and scheme is not None
                  and (scheme, RDF.type, SKOS.ConceptScheme) in g and notation is not None
                  and str(c) == f"{scheme}/{notation}")
            if not ok:
                offenders.append(str(c))
        assert not offenders, f"concepts lacking label/definition/notation/scheme, or misnamed: {offenders}"


def test_broader_and_top_concepts_stay_in_their_scheme(vocab: rdflib.Graph, cameo: rdflib.Graph) -> None:
    for g in (vocab, cameo):
        for c in concepts(g):
            scheme = g.value(c, SKOS.inScheme)
            broader = list(g.objects(c, SKOS.broader))
            top = g.value(c, SKOS.topConceptOf)
            assert broader or top == scheme, f"{c} has neither skos:broader nor skos:topConceptOf its scheme"
            for b in broader:
                assert g.value(b, SKOS.inScheme) == scheme, f"{c} has broader {b} outside {scheme}"
            if top is not None:
                assert (scheme, SKOS.hasTopConcept, c) in g


def test_concepts_are_typed_with_their_schemes_class(onto: rdflib.Graph, vocab: rdflib.Graph) -> None:
    """Each concept-valued property names its class (rdfs:range) and scheme (svkg:rangeScheme); the shapes
    check the class, so class membership and scheme membership must coincide."""
    range_scheme = rdflib.URIRef(ONTOLOGY + "rangeScheme")
    pairs = {(onto.value(p, RDFS.range), o) for p, o in onto.subject_objects(range_scheme)}
    assert len(pairs) == 7
    for cls, scheme in pairs:
        in_scheme = set(vocab.subjects(SKOS.inScheme, scheme))
        typed = set(vocab.subjects(RDF.type, cls))
        assert in_scheme and in_scheme == typed, f"{cls} and {scheme} differ: {sorted(in_scheme ^ typed)}"


def test_every_timeline_action_type_exists(vocab: rdflib.Graph) -> None:
    scheme = rdflib.URIRef(VOCAB + "action-type")
    keys = {str(vocab.value(c, SKOS.notation)) for c in vocab.subjects(SKOS.inScheme, scheme)}
    wanted = {t.replace("_", "-") for t in TIMELINE_ACTION_TYPES} | set(EXTRA_ACTION_TYPES)
    assert len(TIMELINE_ACTION_TYPES) == 53
    missing = sorted(wanted - keys)
    assert not missing, f"action types missing from vocab.ttl: {missing}"


def test_action_type_hierarchy(vocab: rdflib.Graph) -> None:
    at = rdflib.Namespace(VOCAB + "action-type/")
    tops = {str(c).removeprefix(str(at)) for c in vocab.objects(rdflib.URIRef(VOCAB + "action-type"),
                                                                 SKOS.hasTopConcept)}
    assert tops == TOP_ACTION_TYPES
    ancestors = {c: set(vocab.transitive_objects(c, SKOS.broader)) for c in concepts(vocab)}
    assert at["restriction"] in ancestors[at["procurement-ban"]]
    assert at["procurement-restriction"] in ancestors[at["exclusion-from-tender"]]
    assert at["network-restriction"] in ancestors[at["core-network-exclusion"]]
    assert at["listing"] in ancestors[at["covered-list-addition"]]
    assert at["legal-action"] in ancestors[at["bail-granted"]]
    assert at["easing"] in ancestors[at["keep-vendor"]]
    assert at["restriction"] not in ancestors[at["denial"]]


def test_every_action_type_aligns_to_an_existing_cameo_code(vocab: rdflib.Graph, cameo: rdflib.Graph) -> None:
    codes = concepts(cameo)
    assert len(codes) == 52
    for c in vocab.subjects(SKOS.inScheme, rdflib.URIRef(VOCAB + "action-type")):
        matches = list(vocab.objects(c, SKOS.closeMatch))
        assert len(matches) == 1, f"{c} needs exactly one skos:closeMatch to a CAMEO code"
        assert matches[0] in codes, f"{c} closeMatch {matches[0]} is not in cameo.ttl"
    procurement_ban = rdflib.URIRef(VOCAB + "action-type/procurement-ban")
    assert vocab.value(procurement_ban, SKOS.closeMatch) == rdflib.URIRef(CAMEO + "163")


def test_cameo_broader_follows_the_code_prefix(cameo: rdflib.Graph) -> None:
    for c in concepts(cameo):
        code = str(cameo.value(c, SKOS.notation))
        for b in cameo.objects(c, SKOS.broader):
            parent = str(cameo.value(b, SKOS.notation))
            assert code.startswith(parent) and len(parent) < len(code), f"{code} broader {parent}"
    assert cameo.value(rdflib.URIRef(CAMEO + "0841"), SKOS.broader) == rdflib.URIRef(CAMEO + "084")


# -- generated code and docs ---------------------------------------------------------------------------

def test_namespace_module_is_not_stale() -> None:
    assert check_namespace(), "graph/namespaces.py is stale: run `svkg ontology namespace`"


def test_namespace_module_is_closed_and_complete(onto: rdflib.Graph) -> None:
    from graph.namespaces import ACTION_TYPE, SVKG

    terms = svkg_terms(onto)
    for t in terms:
        assert getattr(SVKG, t.name) == rdflib.URIRef(ONTOLOGY + t.name)
    with pytest.raises(AttributeError):
        _ = SVKG.Actoin
    assert ACTION_TYPE["procurement-ban"] == rdflib.URIRef(VOCAB + "action-type/procurement-ban")


def test_namespace_generation_is_deterministic_and_follows_the_ontology(tmp_path: Path) -> None:
    assert namespace_source() == namespace_source()
    for name in ("svkg.ttl", "vocab.ttl", "cameo.ttl"):
        (tmp_path / name).write_text((ONTOLOGY_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    with (tmp_path / "svkg.ttl").open("a", encoding="utf-8") as f:
        f.write('\nsvkg:Widget a owl:Class ; rdfs:label "Widget"@en .\n')
    text = namespace_source(tmp_path)
    assert "    Widget: URIRef  # Widget\n" in text
    assert not check_namespace(ontology_dir=tmp_path)


def test_namespace_check_command() -> None:
    result = CliRunner().invoke(app, ["ontology", "namespace", "--check"])
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output


def test_docs_command_writes_html(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ontology", "docs", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html>")
    assert f"{ONTOLOGY}Action" in html
    assert "svkg: the State-Vendor Knowledge Graph ontology" in html
