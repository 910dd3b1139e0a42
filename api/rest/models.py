"""Response models of the REST API (pydantic), with the examples OpenAPI shows."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

HUAWEI = {"id": "company/huawei", "iri": "https://w3id.org/svkg/id/company/huawei", "label": "Huawei"}
JAPAN = {"id": "state/JP", "iri": "https://w3id.org/svkg/id/state/JP", "label": "Japan"}
ENACTED = {"key": "enacted", "iri": "https://w3id.org/svkg/vocab/status/enacted", "label": "enacted"}
SCMP_SOURCE = {
    "id": "source/scmp-2018-12-07-japan-huawei-zte",
    "iri": "https://w3id.org/svkg/id/source/scmp-2018-12-07-japan-huawei-zte",
    "title": "Japan to ban Huawei, ZTE from government contracts",
    "url": "https://www.scmp.com/news/asia/east-asia/article/2176873/japan-ban-huawei-zte",
    "publisher": {"id": "company/scmp", "iri": "https://w3id.org/svkg/id/company/scmp",
                  "label": "South China Morning Post"},
    "issued": "2018-12-07",
    "types": ["svkg:NewsArticle"],
}


class Ref(BaseModel):
    """A link to an entity: its id (`kind/key`), IRI and English label."""

    model_config = ConfigDict(json_schema_extra={"examples": [HUAWEI]})
    id: str
    iri: str
    label: str | None = None


class Concept(BaseModel):
    """A SKOS concept (action type, status, stance...) by its key."""

    model_config = ConfigDict(json_schema_extra={"examples": [ENACTED]})
    key: str
    iri: str
    label: str | None = None


class Source(BaseModel):
    """A source document cited by a claim or membership."""

    model_config = ConfigDict(json_schema_extra={"examples": [SCMP_SOURCE]})
    id: str
    iri: str
    title: str | None = None
    url: str | None = None
    publisher: Ref | None = None
    issued: dt.date | None = None
    types: list[str] = []


class Claim(BaseModel):
    """What a source says about an action or allegation."""

    id: str
    iri: str
    status: Concept | None = None
    stance: Concept | None = None
    asserted_by: Ref | None = None
    reported_by: Ref | None = None
    source: Source | None = None
    date: dt.date | None = None
    quote: str | None = None
    status_note: str | None = None
    verification: Concept | None = None


class Action(BaseModel):
    """An action: who did what to whom, when, under which instrument, with its status and the claims
    behind it."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "action/scmp-2018-12-07-jp-procurement",
        "iri": "https://w3id.org/svkg/id/action/scmp-2018-12-07-jp-procurement",
        "date": "2018-12-10", "date_precision": "day", "announced_date": "2018-12-10",
        "actor": JAPAN, "targets": [HUAWEI],
        "type": {"key": "procurement-ban", "iri": "https://w3id.org/svkg/vocab/action-type/procurement-ban",
                 "label": "procurement ban"},
        "types": ["procurement-ban", "procurement-restriction", "restriction"],
        "scope": "government procurement", "legal_basis": [], "status": ENACTED,
        "claims": [{"id": "claim/scmp-jp-1", "iri": "https://w3id.org/svkg/id/claim/scmp-jp-1",
                    "status": {"key": "reported", "iri": "https://w3id.org/svkg/vocab/status/reported"},
                    "source": SCMP_SOURCE, "date": "2018-12-07"}],
        "sources": [SCMP_SOURCE],
    }]})
    id: str
    iri: str
    date: dt.date | None = None
    date_precision: str | None = None
    announced_date: dt.date | None = None
    effective_date: dt.date | None = None
    end_date: dt.date | None = None
    actor: Ref | None = None
    targets: list[Ref] = []
    target_note: str | None = None
    type: Concept | None = None
    types: list[str] = Field([], description="The action type and every broader type (skos:broader*).")
    cameo_code: str | None = None
    scope: str | None = None
    scope_category: Concept | None = None
    legal_basis: list[Ref] = []
    status: Concept | None = Field(None, description="The current status (derived from the latest claim).")
    requested_by: list[Ref] = []
    responds_to: list[Ref] = []
    reverses: list[Ref] = []
    supersedes: list[Ref] = []
    related: list[Ref] = []
    location: str | None = None
    description: str | None = None
    claims: list[Claim] = []
    sources: list[Source] = []


class ActionPage(BaseModel):
    """One page of filtered actions, ordered by (date, id)."""

    total: int = Field(description="Actions matching the filters, over all pages.")
    page: int
    page_size: int
    pages: int
    next: str | None = Field(None, description="URL of the next page, if any.")
    prev: str | None = Field(None, description="URL of the previous page, if any.")
    items: list[Action]


class Label(BaseModel):
    value: str
    lang: str | None = None


class Value(BaseModel):
    """A property value: a link (`id`/`iri`/`label`) or a literal (`value`, `lang`, `datatype`)."""

    id: str | None = None
    iri: str | None = None
    label: str | None = None
    value: str | None = None
    lang: str | None = None
    datatype: str | None = None


class Membership(BaseModel):
    """A dated membership (alliance membership or a person's position)."""

    id: str
    iri: str
    member: Ref
    organization: Ref
    role: Concept | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    start_precision: str | None = None
    sources: list[Source] = []


class Entity(BaseModel):
    """An entity with its names, identifiers, organisational links, memberships, actions, claims and
    sources."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        **HUAWEI, "kind": "company", "types": ["svkg:Company"],
        "aliases": [{"value": "华为", "lang": "zh"}],
        "identifiers": {"owl:sameAs": ["http://www.wikidata.org/entity/Q160120"]},
        "subsidiaries": [{"id": "company/hisilicon", "iri": "https://w3id.org/svkg/id/company/hisilicon",
                          "label": "HiSilicon"}],
        "actions_as_target": [], "sources": [SCMP_SOURCE],
    }]})
    id: str
    iri: str
    kind: str
    label: str | None = None
    types: list[str] = []
    aliases: list[Label] = []
    description: str | None = None
    identifiers: dict[str, list[str]] = {}
    headquartered_in: list[Ref] = []
    parents: list[Ref] = Field([], description="svkg:subsidiaryOf: the companies this one belongs to.")
    subsidiaries: list[Ref] = []
    part_of: list[Ref] = Field([], description="org:subOrganizationOf: the state or body it is part of.")
    sub_organizations: list[Ref] = []
    memberships: list[Membership] = Field([], description="Alliances and organisations it is a member of.")
    members: list[Membership] = Field([], description="Its members (for alliances and organisations).")
    actions_as_actor: list[Action] = []
    actions_as_target: list[Action] = []
    actions_requested: list[Action] = []
    allegations: list[Ref] = []
    action: Action | None = Field(None, description="For an action id: the action itself.")
    properties: dict[str, list[Value]] = Field({}, description="Every other property, by CURIE.")
    sources: list[Source] = []


class SearchHit(BaseModel):
    id: str
    iri: str
    kind: str | None
    label: str
    matched: str = Field(description="The name or alias that matched.")
    lang: str | None = None
    match: Literal["exact", "prefix", "substring"]


class SearchResults(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "query": "华为", "count": 1,
        "results": [{**HUAWEI, "kind": "company", "matched": "华为", "lang": "zh", "match": "exact"}],
    }]})
    query: str
    count: int
    results: list[SearchHit]


class TimelineEntry(Action):
    roles: list[Literal["actor", "target"]] = Field(description="The vendor's part in the action.")
    concerning: list[Ref] = Field(description="The vendor or subsidiaries involved.")


class VendorTimeline(BaseModel):
    vendor: Ref
    subsidiaries: list[Ref]
    count: int
    items: list[TimelineEntry]


class AllianceMembers(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "alliance": {"id": "alliance/five-eyes", "iri": "https://w3id.org/svkg/id/alliance/five-eyes",
                     "label": "Five Eyes"},
        "on": "2019-01-01", "count": 1,
        "members": [{"id": "membership/five-eyes/GB", "iri": "https://w3id.org/svkg/id/membership/five-eyes/GB",
                     "member": {"id": "state/GB", "iri": "https://w3id.org/svkg/id/state/GB",
                                "label": "United Kingdom"},
                     "organization": {"id": "alliance/five-eyes",
                                      "iri": "https://w3id.org/svkg/id/alliance/five-eyes"},
                     "start": "1946-03-05"}],
    }]})
    alliance: Ref
    on: dt.date | None
    count: int
    members: list[Membership]
