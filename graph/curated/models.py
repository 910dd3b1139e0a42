"""Pydantic models of the curated YAML records (entity files and fact files). Unknown keys are errors
(`extra="forbid"`); references are checked for shape here and for existence when the graph is built."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, StrictInt

from graph.curated.fields import (
    AGENT_KINDS,
    INSTRUMENT_KINDS,
    ISSUER_KINDS,
    ORG_KINDS,
    TARGET_KINDS,
    Alpha3,
    Cameo,
    ConceptKey,
    IsoDate,
    LangTag,
    Slug,
    SourceRef,
    Text,
    Url,
    Wikidata,
    id_of,
    many,
)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Entity(Record):
    label: Text
    aliases: dict[LangTag, list[Text]] = {}
    wikidata: Wikidata | None = None
    description: Text | None = None
    source: SourceRef | None = None


class State(Entity):
    id: id_of("state")
    alpha3: Alpha3
    cow: StrictInt | None = None


class Body(Entity):
    id: id_of("body")
    parent: id_of("state", "body")
    jurisdiction: id_of("state") | None = None


class Igo(Entity):
    id: id_of("igo")
    parent: id_of("igo", "alliance") | None = None


class Company(Entity):
    id: id_of("company")
    headquartered_in: id_of("state") | None = None
    subsidiary_of: id_of("company") | None = None


class Person(Entity):
    id: id_of("person")
    nationality: id_of("state") | None = None
    parent: id_of("person") | None = None


class Unnamed(Entity):
    id: id_of("unnamed")
    affiliation: id_of(*AGENT_KINDS)


class Alliance(Entity):
    id: id_of("alliance")
    type: ConceptKey


class Instrument(Entity):
    id: id_of(*INSTRUMENT_KINDS)
    citation: Text | None = None
    enacted: IsoDate | None = None
    issued_by: many(id_of(*ISSUER_KINDS))
    part_of: id_of(*INSTRUMENT_KINDS) | None = None
    url: Url | None = None


class Position(Record):
    person: id_of("person")
    key: Slug
    organization: id_of(*ORG_KINDS)
    role: ConceptKey
    start: IsoDate | None = None
    start_precision: ConceptKey | None = None
    end: IsoDate | None = None
    note: Text | None = None
    source: SourceRef | None = None
    verification: ConceptKey | None = None


class Source(Record):
    id: id_of("source")
    type: Literal["news-article", "official-document", "web-page", "dataset"]
    title: Text
    publisher: id_of(*AGENT_KINDS) | None = None
    issued: IsoDate | None = None
    url: Url | None = None
    retrieved: IsoDate | None = None
    licence: Text | None = None
    description: Text | None = None


class Action(Record):
    id: id_of("action")
    label: Text | None = None
    actor: many(id_of(*AGENT_KINDS))
    type: ConceptKey
    targets: many(id_of(*TARGET_KINDS)) = []
    target_note: Text | None = None
    cameo: Cameo | None = None
    scope: Text | None = None
    scope_category: ConceptKey | None = None
    legal_basis: many(id_of(*INSTRUMENT_KINDS)) = []
    legal_basis_note: Text | None = None
    date: IsoDate
    date_precision: ConceptKey = "day"
    announced: IsoDate | None = None
    effective: IsoDate | None = None
    end: IsoDate | None = None
    requested_by: id_of(*AGENT_KINDS) | None = None
    responds_to: many(id_of("action")) = []
    reverses: many(id_of("action")) = []
    supersedes: many(id_of("action")) = []
    related: many(id_of("action")) = []
    location: Text | None = None
    description: Text | None = None


class Allegation(Record):
    id: id_of("allegation")
    label: Text
    alleged_by: many(id_of(*AGENT_KINDS)) = []
    against: many(id_of(*AGENT_KINDS))
    description: Text | None = None


class Claim(Record):
    id: id_of("claim")
    about: id_of("action", "allegation")
    status: ConceptKey | None = None
    stance: ConceptKey
    asserted_by: many(id_of(*AGENT_KINDS)) = []
    reported_by: many(id_of(*AGENT_KINDS)) = []
    source: SourceRef
    date: IsoDate | None = None
    quote: Text | None = None
    status_note: Text | None = None
    verification: ConceptKey | None = None
    verification_note: Text | None = None
    description: Text | None = None


class FileMeta(Record):
    title: Text | None = None
    description: Text | None = None
    licence: Text | None = None
    origin: Text | None = None


class EntitiesDoc(FileMeta):
    states: list[State] = []
    bodies: list[Body] = []
    igos: list[Igo] = []
    companies: list[Company] = []
    media: list[Company] = []
    people: list[Person] = []
    unnamed: list[Unnamed] = []
    positions: list[Position] = []
    alliances: list[Alliance] = []
    instruments: list[Instrument] = []
    sources: list[Source] = []


class FactsDoc(FileMeta):
    sources: list[Source] = []
    unnamed: list[Unnamed] = []
    positions: list[Position] = []
    actions: list[Action] = []
    allegations: list[Allegation] = []
    claims: list[Claim] = []


# sections that define ids, and the svkg class of each (media are Companies of class MediaOrganization)
ENTITY_SECTIONS: dict[str, str] = {
    "states": "State", "bodies": "GovernmentBody", "igos": "IntergovernmentalOrganization",
    "companies": "Company", "media": "MediaOrganization", "people": "Person", "unnamed": "UnnamedSource",
    "alliances": "Alliance", "instruments": "LegalInstrument", "sources": "Source",
}
FACT_SECTIONS: dict[str, str] = {
    "sources": "Source", "unnamed": "UnnamedSource", "actions": "Action", "allegations": "Allegation",
    "claims": "Claim",
}
