"""Entity records (states, bodies, companies, people, positions, alliances, instruments, sources) to RDF.

`register_*` put a file's ids in the registry (first pass); `add_*` write triples after every file is
registered, checking each reference and concept key (second pass)."""

from __future__ import annotations

from rdflib import Graph, Literal

from graph.curated import models as m
from graph.curated.fields import INSTRUMENT_KINDS, kind_of
from graph.curated.rdfize import (
    DCTERMS,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SOURCE_CLASSES,
    SVKG,
    WD,
    XSD,
    add_names,
    add_url_source,
    any_uri,
    concept,
    en,
    node,
    plain,
    source_for,
    xdate,
)
from graph.curated.registry import Concepts, Registry
from graph.curated.yamlpos import Positions
from graph.errors import DataError

AGENT_CLASSES = ("State", "GovernmentBody", "IntergovernmentalOrganization", "Company", "MediaOrganization",
                 "Person", "UnnamedSource", "Alliance")
ORG_CLASSES = ("State", "GovernmentBody", "IntergovernmentalOrganization", "Company", "MediaOrganization",
               "Alliance")
INSTRUMENT_CLASSES = ("Law", "LawSection", "ExecutiveOrder", "Regulation", "OfficialList")
_KIND_CLASS = {"law": "Law", "order": "ExecutiveOrder", "regulation": "Regulation", "list": "OfficialList"}


def instrument_class(rec: m.Instrument) -> str:
    kind = kind_of(rec.id)
    return "LawSection" if kind == "law" and rec.part_of else _KIND_CLASS[kind]


def position_id(rec: m.Position) -> str:
    return f"position/{rec.person.split('/', 1)[1]}/{rec.key}"


def register_sections(doc: m.EntitiesDoc | m.FactsDoc, pos: Positions, registry: Registry,
                      sections: dict[str, str]) -> None:
    """Register every id a document defines (sources also by URL; bodies with their parents)."""
    for section, cls in sections.items():
        for i, rec in enumerate(getattr(doc, section, [])):
            where = pos.loc((section, i, "id"))
            if isinstance(rec, m.Instrument):
                cls = instrument_class(rec)
            registry.add(rec.id, cls, where, getattr(rec, "label", None))
            if isinstance(rec, m.Body):
                registry.body_parents[rec.id] = rec.parent
                if rec.jurisdiction:
                    registry.body_jurisdictions[rec.id] = rec.jurisdiction
            if isinstance(rec, m.Source) and rec.url:
                registry.add_source_url(rec.url, rec.id, pos.loc((section, i, "url")))
    for i, rec in enumerate(doc.positions):
        registry.add(position_id(rec), "Position", pos.loc(("positions", i, "key")))


class EntityWriter:
    """Writes the entity sections of one document into `g`."""

    def __init__(self, g: Graph, pos: Positions, registry: Registry, concepts: Concepts) -> None:
        self.g, self.pos, self.registry, self.concepts = g, pos, registry, concepts

    def ref(self, path: tuple[str | int, ...], ref: str, classes: tuple[str, ...]) -> None:
        self.registry.require(ref, self.pos.loc(path), classes)

    def common(self, section: str, i: int, rec: m.Entity, cls: str) -> None:
        s = node(rec.id)  # type: ignore[attr-defined]
        self.g.add((s, RDF.type, SVKG[cls]))
        add_names(self.g, s, rec.label, rec.aliases)
        if rec.wikidata:
            self.g.add((s, OWL.sameAs, WD[rec.wikidata]))
        if rec.description:
            self.g.add((s, DCTERMS.description, en(rec.description)))
        if rec.source:
            self.g.add((s, PROV.wasDerivedFrom, self.source(rec.source, (section, i, "source"))))

    def source(self, ref_or_url: str, path: tuple[str | int, ...]) -> object:
        ref, undeclared = source_for(ref_or_url, self.registry)
        if undeclared:
            return add_url_source(self.g, ref, ref_or_url, self.registry)
        self.ref(path, ref, ("Source",))
        return node(ref)

    def write(self, doc: m.EntitiesDoc | m.FactsDoc) -> None:
        for section in ("states", "bodies", "igos", "companies", "media", "people", "unnamed", "alliances",
                        "instruments", "sources"):
            for i, rec in enumerate(getattr(doc, section, [])):
                getattr(self, f"_{section}")(section, i, rec)
        for i, rec in enumerate(doc.positions):
            self._position(i, rec)

    def _states(self, section: str, i: int, rec: m.State) -> None:
        self.common(section, i, rec, "State")
        s = node(rec.id)
        self.g.add((s, SVKG.isoAlpha2, plain(rec.id.split("/", 1)[1])))
        self.g.add((s, SVKG.isoAlpha3, plain(rec.alpha3)))
        if rec.cow is not None:
            self.g.add((s, SVKG.cowCode, Literal(rec.cow, datatype=XSD.integer)))

    def _bodies(self, section: str, i: int, rec: m.Body) -> None:
        self.common(section, i, rec, "GovernmentBody")
        s = node(rec.id)
        self.ref((section, i, "parent"), rec.parent, ("State", "GovernmentBody"))
        self.g.add((s, ORG.subOrganizationOf, node(rec.parent)))
        if rec.jurisdiction:
            self.ref((section, i, "jurisdiction"), rec.jurisdiction, ("State",))
        state = self.registry.jurisdiction(rec.id, self.pos.loc((section, i, "parent")))
        if state is None:
            raise DataError(self.pos.loc((section, i, "parent")),
                            f"{rec.id!r} reaches no state through its parents; give a jurisdiction")
        self.g.add((s, SVKG.jurisdiction, node(state)))

    def _igos(self, section: str, i: int, rec: m.Igo) -> None:
        self.common(section, i, rec, "IntergovernmentalOrganization")
        if rec.parent:
            self.ref((section, i, "parent"), rec.parent, ("IntergovernmentalOrganization", "Alliance"))
            self.g.add((node(rec.id), ORG.subOrganizationOf, node(rec.parent)))

    def _companies(self, section: str, i: int, rec: m.Company, cls: str = "Company") -> None:
        self.common(section, i, rec, cls)
        s = node(rec.id)
        if rec.headquartered_in:
            self.ref((section, i, "headquartered_in"), rec.headquartered_in, ("State",))
            self.g.add((s, SVKG.headquarteredIn, node(rec.headquartered_in)))
        if rec.subsidiary_of:
            self.ref((section, i, "subsidiary_of"), rec.subsidiary_of, ("Company", "MediaOrganization"))
            if rec.subsidiary_of == rec.id:
                raise DataError(self.pos.loc((section, i, "subsidiary_of")), "a company cannot own itself")
            self.g.add((s, SVKG.subsidiaryOf, node(rec.subsidiary_of)))

    def _media(self, section: str, i: int, rec: m.Company) -> None:
        self._companies(section, i, rec, "MediaOrganization")

    def _people(self, section: str, i: int, rec: m.Person) -> None:
        self.common(section, i, rec, "Person")
        s = node(rec.id)
        if rec.nationality:
            self.ref((section, i, "nationality"), rec.nationality, ("State",))
            self.g.add((s, SVKG.nationality, node(rec.nationality)))
        if rec.parent:
            self.ref((section, i, "parent"), rec.parent, ("Person",))
            self.g.add((s, SCHEMA.parent, node(rec.parent)))

    def _unnamed(self, section: str, i: int, rec: m.Unnamed) -> None:
        self.common(section, i, rec, "UnnamedSource")
        self.ref((section, i, "affiliation"), rec.affiliation, AGENT_CLASSES)
        self.g.add((node(rec.id), SVKG.affiliation, node(rec.affiliation)))

    def _alliances(self, section: str, i: int, rec: m.Alliance) -> None:
        self.common(section, i, rec, "Alliance")
        self.concepts.check("alliance-type", rec.type, self.pos.loc((section, i, "type")))
        self.g.add((node(rec.id), SVKG.allianceType, concept("alliance-type", rec.type)))

    def _instruments(self, section: str, i: int, rec: m.Instrument) -> None:
        self.common(section, i, rec, instrument_class(rec))
        s = node(rec.id)
        for j, issuer in enumerate(rec.issued_by):
            self.ref((section, i, "issued_by", j), issuer, ("State", "GovernmentBody",
                                                            "IntergovernmentalOrganization"))
            self.g.add((s, SVKG.issuedBy, node(issuer)))
        if rec.part_of:
            if kind_of(rec.id) != "law" or kind_of(rec.part_of) not in INSTRUMENT_KINDS:
                raise DataError(self.pos.loc((section, i, "part_of")), "only a law/ section has part_of")
            self.ref((section, i, "part_of"), rec.part_of, ("Law",))
            self.g.add((s, DCTERMS.isPartOf, node(rec.part_of)))
        if rec.enacted:
            self.g.add((s, SVKG.enactedDate, xdate(rec.enacted)))
        if rec.citation:
            self.g.add((s, SVKG.citation, plain(rec.citation)))
        if rec.url:
            self.g.add((s, SCHEMA.url, any_uri(rec.url)))

    def _sources(self, section: str, i: int, rec: m.Source) -> None:
        s = node(rec.id)
        self.g.add((s, RDF.type, SVKG[SOURCE_CLASSES[rec.type]]))
        self.g.add((s, DCTERMS.title, en(rec.title)))
        add_names(self.g, s, rec.title)
        if rec.publisher:
            self.ref((section, i, "publisher"), rec.publisher, AGENT_CLASSES)
            self.g.add((s, DCTERMS.publisher, node(rec.publisher)))
        if rec.issued:
            self.g.add((s, DCTERMS.issued, xdate(rec.issued)))
        if rec.url:
            self.g.add((s, SCHEMA.url, any_uri(rec.url)))
        if rec.retrieved:
            self.g.add((s, SVKG.retrievedDate, xdate(rec.retrieved)))
        if rec.licence:
            self.g.add((s, DCTERMS.license, plain(rec.licence)))
        if rec.description:
            self.g.add((s, DCTERMS.description, en(rec.description)))

    def _position(self, i: int, rec: m.Position) -> None:
        path = ("positions", i)
        s = node(position_id(rec))
        self.ref((*path, "person"), rec.person, ("Person",))
        self.ref((*path, "organization"), rec.organization, ORG_CLASSES)
        self.concepts.check("role", rec.role, self.pos.loc((*path, "role")))
        self.g.add((s, RDF.type, SVKG.Position))
        person = self.registry.labels.get(rec.person, rec.person)
        org = self.registry.labels.get(rec.organization, rec.organization)
        self.g.add((s, RDFS.label, en(f"{person}: {rec.role.replace('-', ' ')}, {org}")))
        self.g.add((s, ORG.member, node(rec.person)))
        self.g.add((s, ORG.organization, node(rec.organization)))
        self.g.add((s, ORG.role, concept("role", rec.role)))
        if rec.start:
            self.g.add((s, SVKG.startDate, xdate(rec.start)))
        if rec.start_precision:
            self.concepts.check("precision", rec.start_precision, self.pos.loc((*path, "start_precision")))
            self.g.add((s, SVKG.startPrecision, concept("precision", rec.start_precision)))
        if rec.end:
            if rec.start and rec.end < rec.start:
                raise DataError(self.pos.loc((*path, "end")), f"end {rec.end} is before start {rec.start}")
            self.g.add((s, SVKG.endDate, xdate(rec.end)))
        if rec.note:
            self.g.add((s, SVKG.roleNote, plain(rec.note)))
        if rec.source:
            self.g.add((s, SVKG.source, self.source(rec.source, (*path, "source"))))
        if rec.verification:
            self.concepts.check("verification", rec.verification, self.pos.loc((*path, "verification")))
            self.g.add((s, SVKG.verification, concept("verification", rec.verification)))

