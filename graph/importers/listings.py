"""Writing imported entities and listings the same way for every dataset.

A listing is an `svkg:Action` (`id:action/<dataset>/<key>`) of a listing type with its actor, targets,
legal basis and dates, and one `svkg:Claim` (`id:claim/<dataset>/<key>`) saying so, sourced from the
dataset's snapshot with verification `verified-dataset`. A listing the dataset gives no date is dated at
the snapshot (no precision; the claim says so), since every action has a date. A listing that ended (an
end date in the data) also gets a removal action (`…/<key>-removal`, type `delisting`, `svkg:reverses`
the listing) with its own claim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph.importers import rdf as R

if TYPE_CHECKING:
    from graph.importers.base import Importer

LISTING_TYPES = ("entity-listing", "covered-list-addition", "sanctions-listing", "counter-sanction")
DELISTING_TYPE = "delisting"
TARGET_CLASSES = {"Company", "Person", "State"}  # what svkg:target may point at (ontology/shapes.ttl)
SUBJECT = R.dct("subject")
UNDATED = ("the dataset gives no date: svkg:date is the snapshot's ({}), by which the listing was in force "
           "(no svkg:datePrecision)")


@dataclass
class Entity:
    """An imported entity: an agent named by the dataset."""

    key: str
    cls: str  # local name of its class: Company, Person, GovernmentBody, Organization
    label: str
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> language tag
    description: str | None = None
    country: ox.NamedNode | None = None  # headquarteredIn / nationality / jurisdiction
    parent: ox.NamedNode | None = None  # subsidiaryOf / subOrganizationOf
    same_as: str | None = None  # a Wikidata Q-id the dataset gives


def write_entity(imp: Importer, ent: Entity) -> ox.NamedNode:
    add, node = imp.sink.add, imp.record(ent.key)
    if ent.cls == "Organization":
        add(node, R.RDF_TYPE, R.org("Organization"))
    elif ent.cls == "Agent":  # an organisation acting (an authority) whose state is unknown
        add(node, R.RDF_TYPE, R.org("Organization"))
        add(node, R.RDF_TYPE, R.prov("Agent"))
    else:
        add(node, R.RDF_TYPE, R.svkg(ent.cls))
    add(node, R.RDFS_LABEL, R.text(ent.label))
    for alias, lang in sorted(ent.aliases.items()):
        if alias != ent.label:
            add(node, R.SKOS_ALT, R.text(alias, lang))
    if ent.description:
        add(node, R.dct("description"), R.text(ent.description))
    if ent.country is not None:
        prop = {"Person": "nationality", "GovernmentBody": "jurisdiction"}.get(ent.cls, "headquarteredIn")
        add(node, R.svkg(prop), ent.country)
        if ent.cls == "GovernmentBody" and ent.parent is None:
            add(node, R.org("subOrganizationOf"), ent.country)
    if ent.parent is not None:
        prop_node = R.org("subOrganizationOf") if ent.cls == "GovernmentBody" else R.svkg("subsidiaryOf")
        add(node, prop_node, ent.parent)
    if ent.same_as:
        add(node, R.OWL_SAME_AS, ox.NamedNode(R.WD + ent.same_as))
    return node


@dataclass
class Listing:
    key: str
    action_type: str
    actor: ox.NamedNode
    label: str
    targets: list[ox.NamedNode] = field(default_factory=list)
    target_note: str | None = None
    legal_basis: list[ox.NamedNode] = field(default_factory=list)
    date: date | None = None
    precision: str = "day"  # of `date`: day, month or year
    end_date: date | None = None
    effective_date: date | None = None
    scope: str | None = None
    description: str | None = None
    status: str | None = None  # default: in-force, or ended when there is an end date
    status_note: str | None = None
    verification_note: str | None = None
    removal_note: str | None = None
    responds_to: list[ox.NamedNode] = field(default_factory=list)
    related: list[ox.NamedNode] = field(default_factory=list)
    others: list[tuple[ox.NamedNode, str]] = field(default_factory=list)  # listed non-targets, with labels

    def add_target(self, node: ox.NamedNode, cls: str, label: str) -> None:
        """A listed entity: `svkg:target` when it is a company, person or state; otherwise (a government
        body, an organisation) the contract has no target link for it, so it is named in
        `svkg:targetNote` and linked with `dcterms:subject`."""
        if cls in TARGET_CLASSES:
            self.targets.append(node)
        else:
            self.others.append((node, label))


def _write_targets(add, node: ox.NamedNode, lst: Listing) -> None:  # type: ignore[no-untyped-def]
    for target in lst.targets:
        add(node, R.svkg("target"), target)
    notes = [lst.target_note] if lst.target_note else []
    for other, label in lst.others:
        add(node, SUBJECT, other)
        notes.append(label)
    if notes:
        add(node, R.svkg("targetNote"), R.plain("; ".join(notes)))


def action_node(imp: Importer, key: str) -> ox.NamedNode:
    return R.thing(f"action/{imp.dataset_name}/{key}")


def claim_node(imp: Importer, key: str) -> ox.NamedNode:
    return R.thing(f"claim/{imp.dataset_name}/{key}")


def write_listing(imp: Importer, lst: Listing) -> ox.NamedNode:
    add = imp.sink.add
    node = action_node(imp, lst.key)
    imp.listings.add(node.value)
    add(node, R.RDF_TYPE, R.svkg("Action"))
    add(node, R.RDFS_LABEL, R.text(lst.label))
    add(node, R.svkg("actionType"), R.concept("action-type", lst.action_type))
    add(node, R.svkg("actor"), lst.actor)
    _write_targets(add, node, lst)
    for basis in lst.legal_basis:
        add(node, R.svkg("legalBasis"), basis)
    status_note = lst.status_note
    if lst.date:
        add(node, R.svkg("date"), R.day(lst.date))
        add(node, R.svkg("datePrecision"), R.concept("precision", lst.precision))
    else:  # every action has a date: an undated listing is dated at the snapshot that shows it, no precision
        add(node, R.svkg("date"), R.day(imp.snapshot_date))
        status_note = "; ".join(n for n in (status_note, UNDATED.format(imp.snapshot_date.isoformat())) if n)
    if lst.effective_date:
        add(node, R.svkg("effectiveDate"), R.day(lst.effective_date))
    if lst.end_date:
        add(node, R.svkg("endDate"), R.day(lst.end_date))
    if lst.scope:
        add(node, R.svkg("scope"), R.plain(lst.scope))
    if lst.description:
        add(node, R.dct("description"), R.text(lst.description))
    for other in lst.responds_to:
        add(node, R.svkg("respondsTo"), other)
    for other in lst.related:
        add(node, R.svkg("relatedTo"), other)
    status = lst.status or ("ended" if lst.end_date else "in-force")
    write_claim(imp, lst.key, node, lst.actor, status, status_note, lst.verification_note)
    if lst.end_date:
        write_removal(imp, lst, node)
    return node


def write_claim(imp: Importer, key: str, about: ox.NamedNode, asserted_by: ox.NamedNode, status: str,
                status_note: str | None = None, verification_note: str | None = None,
                claim_date: date | None = None, source: ox.NamedNode | None = None) -> ox.NamedNode:
    add = imp.sink.add
    node = claim_node(imp, key)
    add(node, R.RDF_TYPE, R.svkg("Claim"))
    add(node, R.svkg("claimAbout"), about)
    add(node, R.svkg("status"), R.concept("status", status))
    add(node, R.svkg("stance"), R.concept("stance", "asserts"))
    add(node, R.svkg("assertedBy"), asserted_by)
    add(node, R.svkg("source"), source or imp.dataset_node)
    add(node, R.svkg("claimDate"), R.day(claim_date or imp.snapshot_date))
    add(node, R.svkg("verification"), R.concept("verification", "verified-dataset"))
    if status_note:
        add(node, R.svkg("statusNote"), R.plain(status_note))
    if verification_note:
        add(node, R.svkg("verificationNote"), R.plain(verification_note))
    return node


def write_removal(imp: Importer, lst: Listing, listing: ox.NamedNode) -> ox.NamedNode:
    assert lst.end_date is not None
    add = imp.sink.add
    key = f"{lst.key}-removal"
    node = action_node(imp, key)
    add(node, R.RDF_TYPE, R.svkg("Action"))
    add(node, R.RDFS_LABEL, R.text(f"Removal: {lst.label}"))
    add(node, R.svkg("actionType"), R.concept("action-type", DELISTING_TYPE))
    add(node, R.svkg("actor"), lst.actor)
    _write_targets(add, node, lst)
    for basis in lst.legal_basis:
        add(node, R.svkg("legalBasis"), basis)
    add(node, R.svkg("date"), R.day(lst.end_date))
    add(node, R.svkg("datePrecision"), R.concept("precision", "day"))
    add(node, R.svkg("reverses"), listing)
    write_claim(imp, key, node, lst.actor, "enacted", lst.removal_note)
    return node
