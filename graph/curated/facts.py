"""Actions, claims and allegations to RDF — shared by the YAML fact files and the action CSVs.

Each writer takes a `locate(field, index)` callback that turns a model field into a Location in the file
(a YAML key's line, or a CSV row's line and column), so every error names where it came from."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph, URIRef

from graph.curated import models as m
from graph.curated.entities import AGENT_CLASSES, INSTRUMENT_CLASSES, EntityWriter
from graph.curated.rdfize import (
    DCTERMS,
    RDF,
    RDFS,
    SKOS,
    SVKG,
    add_url_source,
    concept,
    en,
    node,
    plain,
    source_for,
    xdate,
)
from graph.curated.registry import Concepts, Registry
from graph.errors import DataError, Location

Locate = Callable[[str, int | None], Location]
TARGET_CLASSES = ("Company", "MediaOrganization", "Person", "State")


def write_action(g: Graph, rec: m.Action, locate: Locate, registry: Registry, concepts: Concepts) -> URIRef:
    s = node(rec.id)
    g.add((s, RDF.type, SVKG.Action))
    g.add((s, RDFS.label, en(rec.label or rec.description or rec.id)))
    for j, actor in enumerate(rec.actor):
        registry.require(actor, locate("actor", j), AGENT_CLASSES)
        g.add((s, SVKG.actor, node(actor)))
    concepts.check("action-type", rec.type, locate("type", None))
    g.add((s, SVKG.actionType, concept("action-type", rec.type)))
    if not rec.targets and not rec.target_note:
        raise DataError(locate("targets", None), "an action needs targets (ids) or a target_note")
    for j, target in enumerate(rec.targets):
        registry.require(target, locate("targets", j), TARGET_CLASSES)
        g.add((s, SVKG.target, node(target)))
    if rec.target_note:
        g.add((s, SVKG.targetNote, plain(rec.target_note)))
    if rec.cameo:
        g.add((s, SVKG.cameoCode, plain(rec.cameo)))
    if rec.scope:
        g.add((s, SVKG.scope, plain(rec.scope)))
    if rec.scope_category:
        concepts.check("scope", rec.scope_category, locate("scope_category", None))
        g.add((s, SVKG.scopeCategory, concept("scope", rec.scope_category)))
    for j, basis in enumerate(rec.legal_basis):
        registry.require(basis, locate("legal_basis", j), INSTRUMENT_CLASSES)
        g.add((s, SVKG.legalBasis, node(basis)))
    if rec.legal_basis_note:
        g.add((s, SKOS.note, en(f"Legal basis: {rec.legal_basis_note}")))
    g.add((s, SVKG.date, xdate(rec.date)))
    concepts.check("precision", rec.date_precision, locate("date_precision", None))
    g.add((s, SVKG.datePrecision, concept("precision", rec.date_precision)))
    for field, prop in (("announced", SVKG.announcedDate), ("effective", SVKG.effectiveDate),
                        ("end", SVKG.endDate)):
        value = getattr(rec, field)
        if value is not None:
            g.add((s, prop, xdate(value)))
    if rec.end is not None and rec.end < rec.date:
        raise DataError(locate("end", None), f"end date {rec.end} is before the action's date {rec.date}")
    if rec.requested_by:
        registry.require(rec.requested_by, locate("requested_by", None), AGENT_CLASSES)
        g.add((s, SVKG.requestedBy, node(rec.requested_by)))
    for field, prop in (("responds_to", SVKG.respondsTo), ("reverses", SVKG.reverses),
                        ("supersedes", SVKG.supersedes), ("related", SVKG.relatedTo)):
        for j, other in enumerate(getattr(rec, field)):
            registry.require(other, locate(field, j), ("Action",))
            if other == rec.id:
                raise DataError(locate(field, j), f"an action cannot refer to itself ({other})")
            g.add((s, prop, node(other)))
    if rec.location:
        g.add((s, SVKG.location, plain(rec.location)))
    if rec.description:
        g.add((s, DCTERMS.description, en(rec.description)))
    return s


def write_claim(g: Graph, rec: m.Claim, locate: Locate, registry: Registry, concepts: Concepts,
                source: URIRef) -> URIRef:
    """A claim; `source` is the already-resolved source node."""
    s = node(rec.id)
    registry.require(rec.about, locate("about", None), ("Action", "Allegation"))
    g.add((s, RDF.type, SVKG.Claim))
    g.add((s, SVKG.claimAbout, node(rec.about)))
    if rec.status:
        concepts.check("status", rec.status, locate("status", None))
        g.add((s, SVKG.status, concept("status", rec.status)))
    concepts.check("stance", rec.stance, locate("stance", None))
    g.add((s, SVKG.stance, concept("stance", rec.stance)))
    for field, prop in (("asserted_by", SVKG.assertedBy), ("reported_by", SVKG.reportedBy)):
        for j, agent in enumerate(getattr(rec, field)):
            registry.require(agent, locate(field, j), AGENT_CLASSES)
            g.add((s, prop, node(agent)))
    g.add((s, SVKG.source, source))
    if rec.date:
        g.add((s, SVKG.claimDate, xdate(rec.date)))
    for field, prop in (("quote", SVKG.quote), ("status_note", SVKG.statusNote),
                        ("verification_note", SVKG.verificationNote)):
        value = getattr(rec, field)
        if value:
            g.add((s, prop, plain(value)))
    if rec.verification:
        concepts.check("verification", rec.verification, locate("verification", None))
        g.add((s, SVKG.verification, concept("verification", rec.verification)))
    if rec.description:
        g.add((s, DCTERMS.description, en(rec.description)))
    return s


class FactWriter(EntityWriter):
    """Writes a fact file: its sources, unnamed sources and positions, then actions, allegations, claims."""

    def locator(self, section: str, i: int) -> Locate:
        def locate(field: str, index: int | None) -> Location:
            path: tuple[str | int, ...] = (section, i, field) if index is None else (section, i, field, index)
            return self.pos.loc(path, field)
        return locate

    def write_facts(self, doc: m.FactsDoc) -> None:
        self.write(doc)
        for i, act in enumerate(doc.actions):
            write_action(self.g, act, self.locator("actions", i), self.registry, self.concepts)
        for i, alg in enumerate(doc.allegations):
            self._allegation(i, alg)
        for i, claim in enumerate(doc.claims):
            src = self.source(claim.source, ("claims", i, "source"))
            write_claim(self.g, claim, self.locator("claims", i), self.registry, self.concepts, src)

    def _allegation(self, i: int, rec: m.Allegation) -> None:
        s = node(rec.id)
        self.g.add((s, RDF.type, SVKG.Allegation))
        self.g.add((s, RDFS.label, en(rec.label)))
        for field, prop in (("alleged_by", SVKG.allegedBy), ("against", SVKG.allegationAgainst)):
            for j, agent in enumerate(getattr(rec, field)):
                self.registry.require(agent, self.pos.loc(("allegations", i, field, j), field), AGENT_CLASSES)
                self.g.add((s, prop, node(agent)))
        if rec.description:
            self.g.add((s, DCTERMS.description, en(rec.description)))


def url_source(g: Graph, url: str, registry: Registry, **kw: object) -> URIRef:
    """The node of a source cited by URL: the declared source with that URL, else a derived web source."""
    ref, undeclared = source_for(url, registry)
    if undeclared:
        return add_url_source(g, ref, url, registry, **kw)  # type: ignore[arg-type]
    return node(ref)
