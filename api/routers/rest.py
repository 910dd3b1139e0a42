"""The REST/JSON(-LD) API under /api: entity search and pages, filtered actions, vendor timelines,
alliance members on a date, and whole-graph exports. Errors answer {"error": {"status", "message",
"parameter"?}} (see `api.rest.errors`)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import math
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Depends, FastAPI, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse

from api.app import get_app_settings, get_store
from api.rest import models as m
from api.rest.actions import ActionFilters, load_actions, matching_actions
from api.rest.entities import load_entity, require
from api.rest.errors import ParameterError, SvkgRoute, UnknownId, error_responses
from api.rest.exports import actions_csv, dump_stream, graphml_bytes
from api.rest.groups import alliance_members, vendor_timeline
from api.rest.jsonld import JSON_LD, TURTLE, choose, context, entity_graph, to_jsonld
from api.rest.refs import (
    CONCEPT_PATTERN,
    KEY_PATTERN,
    REF_PATTERN,
    Kind,
    concept_node,
    kind_of,
    ref_node,
    short_id,
    thing_node,
)
from api.rest.search import name_index
from graph.settings import Settings
from graph.store import GraphStore

router = APIRouter(prefix="/api", route_class=SvkgRoute, tags=["REST"])


async def startup(app: FastAPI) -> None:
    """Build the name index (labels, search) in the background, so the first request does not wait
    for it (seconds on a store with the imports)."""
    store = getattr(app.state, "store", None)
    if store is not None:
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="svkg-rest-warmup")
        app.state.rest_warmup = pool.submit(name_index, store)  # a concurrent Future: .result() anywhere
        pool.shutdown(wait=False)


async def shutdown(app: FastAPI) -> None:
    warmup = getattr(app.state, "rest_warmup", None)
    if warmup is not None:  # let it finish before the app closes the store
        with contextlib.suppress(Exception):
            await asyncio.wait_for(asyncio.wrap_future(warmup), timeout=60)

Store = Annotated[GraphStore, Depends(get_store)]
Key = Annotated[str, Path(pattern=KEY_PATTERN, max_length=200, description="The key after the kind.",
                          examples=["huawei"])]
SearchText = Annotated[str, Query(min_length=1, max_length=200, examples=["华为", "zurich"],
                                  description="A name or alias; case and diacritics are ignored.")]
EntityKind = Annotated[Kind | None, Query(description="Only this kind of entity.", examples=["company"])]
Limit = Annotated[int, Query(ge=1, le=100)]
Accept = Annotated[str | None, Header(include_in_schema=False)]

JSONLD_EXAMPLE = {"@context": {"svkg": "https://w3id.org/svkg/ontology#", "label": "rdfs:label"},
                  "@graph": [{"@id": "https://w3id.org/svkg/id/company/huawei", "@type": "svkg:Company",
                              "label": {"@language": "en", "@value": "Huawei"}}]}
ENTITY_CONTENT = {
    JSON_LD: {"example": JSONLD_EXAMPLE},
    TURTLE: {"example": "<https://w3id.org/svkg/id/company/huawei> a svkg:Company ."},
}


@router.get("/entities/search", response_model=m.SearchResults, responses=error_responses(422),
            summary="Find entities by name or alias, in any script")
def search_entities(store: Store, q: SearchText, type: EntityKind = None,
                    limit: Limit = 20) -> m.SearchResults:
    """Exact matches of a whole name rank above prefix matches, which rank above substring matches;
    curated entities above imported records. Actions, claims, memberships, positions and sources are
    searched only when `type` names them."""
    hits = name_index(store).search(q, kind=type.value if type else None, limit=limit)
    results = [m.SearchHit(id=short_id(h.iri), iri=h.iri, kind=kind_of(h.iri), label=h.label,
                           matched=h.matched, lang=h.lang, match=h.match)  # type: ignore[arg-type]
               for h in hits]
    return m.SearchResults(query=q, count=len(results), results=results)


@router.get("/entities/{kind}/{key:path}", response_model=m.Entity,
            responses={**error_responses(404, 406, 422), 200: {"content": ENTITY_CONTENT}},
            summary="An entity, as JSON, JSON-LD (Accept: application/ld+json) or Turtle")
def get_entity(store: Store, kind: Kind, key: Key, accept: Accept = None) -> Response:
    """Labels, aliases, identifiers, memberships and positions, parent and subsidiaries, the actions where
    it is actor, target or requester with the claims about them (status, stance, who asserted it, source),
    and the sources."""
    node = thing_node(kind.value, key)
    media = choose(accept)
    if media in (JSON_LD, TURTLE):
        require(store, node, "key")
        g = entity_graph(store, node)
        if media == JSON_LD:
            body = to_jsonld(g, node.value)
        else:
            body = g.serialize(format="turtle", encoding="utf-8")
        return Response(body, media_type=media, headers={"Vary": "Accept"})
    entity = load_entity(store, node)
    return JSONResponse(entity.model_dump(mode="json"), headers={"Vary": "Accept"})


@router.get("/context.jsonld", summary="The JSON-LD @context used by the entity documents")
def get_context() -> Response:
    return Response(json.dumps({"@context": context()}, indent=1), media_type=JSON_LD)


def _existing(store: GraphStore, value: str | None, parameter: str) -> ox.NamedNode | None:
    if value is None:
        return None
    node = ref_node(value, parameter)
    try:
        require(store, node, parameter)
    except UnknownId:
        message = f"{parameter}: no entity {short_id(node.value)!r} in the graph"
        raise ParameterError(parameter, message) from None
    return node


def _concept(store: GraphStore, key: str | None, scheme: str, parameter: str) -> ox.NamedNode | None:
    if key is None:
        return None
    node = concept_node(scheme, key)
    try:
        require(store, node, parameter)
    except UnknownId:
        message = f"{parameter}: no {scheme} concept {key!r} in the vocabulary"
        raise ParameterError(parameter, message) from None
    return node


def _ref(description: str, example: str) -> object:
    return Query(pattern=REF_PATTERN, max_length=200, description=description, examples=[example])


def _key(description: str, example: str) -> object:
    return Query(pattern=CONCEPT_PATTERN, max_length=100, description=description, examples=[example])


ActorRef = Annotated[str | None, _ref("Actor id; includes its sub-organisations (state/US covers "
                                      "body/us-fcc).", "state/JP")]
TargetRef = Annotated[str | None, _ref("Target id; includes its subsidiaries.", "company/huawei")]
AllianceRef = Annotated[str | None, _ref("Only actions whose actor's state was a member of this alliance on "
                                         "the action's date.", "alliance/five-eyes")]
TypeKey = Annotated[str | None, _key("Action type key; includes its narrower types (restriction covers "
                                     "procurement-ban).", "restriction")]
ScopeKey = Annotated[str | None, _key("Scope category key (and narrower ones).", "telecom-network")]
StatusKey = Annotated[str | None, _key("Current status key.", "in-force")]
DateFrom = Annotated[dt.date | None, Query(alias="from", description="Earliest date (inclusive).")]
DateTo = Annotated[dt.date | None, Query(alias="to", description="Latest date (inclusive).")]
Page = Annotated[int, Query(ge=1, le=1_000_000)]
PageSize = Annotated[int, Query(ge=1, le=500, description="At most 500 (or SVKG_PAGE_SIZE_MAX).")]
AppSettings = Annotated[Settings, Depends(get_app_settings)]


@router.get("/actions", response_model=m.ActionPage, responses=error_responses(422),
            summary="Actions, filtered, ordered by (date, id), paged")
def list_actions(
    request: Request, store: Store, settings: AppSettings,
    actor: ActorRef = None, target: TargetRef = None, type: TypeKey = None, scope: ScopeKey = None,
    status: StatusKey = None, date_from: DateFrom = None, date_to: DateTo = None,
    alliance: AllianceRef = None, page: Page = 1, page_size: PageSize = 50,
) -> m.ActionPage:
    """Each action with its actor, targets, type (and broader types), dates, legal basis, current status,
    claims and sources. `next`/`prev` link the neighbouring pages."""
    if page_size > settings.page_size_max:
        raise ParameterError("page_size", f"page_size: at most {settings.page_size_max}")
    if date_from and date_to and date_from > date_to:
        raise ParameterError("to", f"to: {date_to} is before from: {date_from}")
    filters = ActionFilters(
        actor=_existing(store, actor, "actor"), target=_existing(store, target, "target"),
        alliance=_existing(store, alliance, "alliance"),
        type=_concept(store, type, "action-type", "type"), scope=_concept(store, scope, "scope", "scope"),
        status=_concept(store, status, "status", "status"),
        date_from=date_from, date_to=date_to,
    )
    found = matching_actions(store, filters)
    pages = max(1, math.ceil(len(found) / page_size))
    if page > pages:
        raise ParameterError("page", f"page: {page} is past the last page ({pages}) of {len(found)} actions")
    start = (page - 1) * page_size
    items = load_actions(store, found[start:start + page_size])
    link = request.url.include_query_params
    return m.ActionPage(
        total=len(found), page=page, page_size=page_size, pages=pages, items=items,
        next=str(link(page=page + 1)) if page < pages else None,
        prev=str(link(page=page - 1)) if page > 1 else None,
    )


@router.get("/vendors/{key}/timeline", response_model=m.VendorTimeline, responses=error_responses(404, 422),
            summary="A vendor's actions, with its subsidiaries', in date order")
def get_vendor_timeline(store: Store, key: Key) -> m.VendorTimeline:
    return vendor_timeline(store, thing_node("company", key))


OnDate = Annotated[dt.date | None, Query(description="Members on this date (start <= on < end); all "
                                                "memberships when omitted.", examples=["2019-01-01"])]


@router.get("/alliances/{key}/members", response_model=m.AllianceMembers, responses=error_responses(404, 422),
            summary="An alliance's members on a date")
def get_alliance_members(
    store: Store, key: Key,
    on: OnDate = None,
) -> m.AllianceMembers:
    return alliance_members(store, thing_node("alliance", key), on)


def _download(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="svkg-{name}"'}


@router.get("/export/graph.ttl", summary="The union of all named graphs, as Turtle (streamed)",
            response_class=StreamingResponse, responses={200: {"content": {TURTLE: {}}}})
def export_turtle(store: Store) -> StreamingResponse:
    return StreamingResponse(dump_stream(store, TURTLE), media_type=TURTLE, headers=_download("graph.ttl"))


@router.get("/export/graph.nq", summary="Every named graph, as N-Quads (streamed)",
            response_class=StreamingResponse, responses={200: {"content": {"application/n-quads": {}}}})
def export_nquads(store: Store) -> StreamingResponse:
    return StreamingResponse(dump_stream(store, "application/n-quads"), media_type="application/n-quads",
                             headers=_download("graph.nq"))


@router.get("/export/graph.jsonld", summary="Every named graph, as JSON-LD (streamed)",
            response_class=StreamingResponse, responses={200: {"content": {JSON_LD: {}}}})
def export_jsonld(store: Store) -> StreamingResponse:
    return StreamingResponse(dump_stream(store, JSON_LD), media_type=JSON_LD,
                             headers=_download("graph.jsonld"))


@router.get("/export/actions.csv", summary="One row per action (id, date, actor, targets, type, status, "
            "legal basis, source URLs)", response_class=StreamingResponse,
            responses={200: {"content": {"text/csv": {}}}})
def export_actions_csv(store: Store) -> StreamingResponse:
    return StreamingResponse(actions_csv(store), media_type="text/csv; charset=utf-8",
                             headers=_download("actions.csv"))


@router.get("/export/graph.graphml", summary="Agents and actions as a network, as GraphML (opens in Gephi)",
            response_class=Response, responses={200: {"content": {"application/graphml+xml": {}}}})
def export_graphml(store: Store) -> Response:
    return Response(graphml_bytes(store), media_type="application/graphml+xml",
                    headers=_download("graph.graphml"))
