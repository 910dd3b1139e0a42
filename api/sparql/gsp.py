"""The SPARQL 1.1 Graph Store HTTP Protocol at /rdf-graph-store.

    GET|HEAD   /rdf-graph-store?graph=<iri>    a named graph (404 when absent); conneg as for CONSTRUCT
    GET|HEAD   /rdf-graph-store?default        the store's own default graph
    PUT        …?graph= / ?default             replace the graph (201 when created, else 204)
    POST       …?graph= / ?default             add to the graph (multipart/form-data: each part added)
    POST       /rdf-graph-store                create a new graph: 201 with its IRI in Location
    DELETE     …?graph= / ?default             remove the graph (204; 404 when absent)
    …          /rdf-graph-store/<path>         direct identification: the graph IRI is the request URL

Reads go through the query workers (time limit and size cap as for queries). Writes exist only when
settings.enable_update is true and the request carries the bearer token (405 when disabled, 403 without
the token); they are applied as described in api.sparql.backends. `?default` names the store's own
default graph — which svkg's build leaves empty — not the union that SPARQL queries see as their default
graph (a union cannot be replaced or deleted).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urljoin

import pyoxigraph as ox
from fastapi import APIRouter
from starlette.formparsers import MultiPartParser
from starlette.requests import Request
from starlette.responses import Response

from api.sparql.auth import check_write
from api.sparql.conneg import GRAPH_ALIASES, negotiate
from api.sparql.errors import ProtocolError, UnsupportedMediaType
from api.sparql.guard import refuse_file_iris
from api.sparql.protocol import read_body, split_media_type
from api.sparql.responses import body_response, error_response, unwrap
from api.sparql.writer import TRIPLE_FORMATS, parse_payload
from graph.errors import SvkgError

PATH = "/rdf-graph-store"
READ_METHODS = ["GET", "HEAD", "OPTIONS"]
router = APIRouter(tags=["SPARQL Graph Store"])
_NO_GRAPH = object()


def _target(request: Request, direct: str | None) -> Any:
    """The graph a request names: an IRI, None (the default graph) or _NO_GRAPH (the store itself)."""
    params = request.query_params
    has_default = "default" in params
    graphs = params.getlist("graph")
    if direct is not None:
        if has_default or graphs:
            raise ProtocolError("a direct graph URL takes no ?graph= or ?default")
        return str(request.url.replace(query=""))
    if has_default and graphs:
        raise ProtocolError("give either ?graph=<iri> or ?default, not both")
    if len(graphs) > 1:
        raise ProtocolError("give one ?graph=<iri>")
    if has_default:
        return None
    if not graphs:
        return _NO_GRAPH
    iri = urljoin(str(request.url), graphs[0])  # a relative graph IRI is resolved against the request
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise ProtocolError(f"graph must be an IRI, not {graphs[0]!r}") from None
    return iri


async def _parts(request: Request, max_bytes: int) -> list[tuple[bytes, str]]:
    """The RDF payload(s) of a PUT/POST: one body, or each part of a multipart/form-data POST."""
    ctype, _ = split_media_type(request.headers.get("content-type"))
    if ctype == "multipart/form-data" and request.method == "POST":
        body = await read_body(request, max_bytes)  # the size limit holds before parsing the parts

        async def chunks() -> AsyncIterator[bytes]:
            yield body

        form = await MultiPartParser(request.headers, chunks()).parse()
        parts = []
        for value in form.values():
            if isinstance(value, str):
                continue
            part_type, _ = split_media_type(value.content_type)
            parts.append((await value.read(), _rdf_type(part_type)))
        return parts
    return [(await read_body(request, max_bytes), _rdf_type(ctype))]


def _rdf_type(ctype: str) -> str:
    ctype = GRAPH_ALIASES.get(ctype, ctype)
    if ctype not in TRIPLE_FORMATS:
        raise UnsupportedMediaType(f"Unsupported Media Type: a graph must be sent as one of "
                                   f"{', '.join(TRIPLE_FORMATS)} (got {ctype or 'no Content-Type'})")
    return ctype


def _routes(path: str, direct: bool) -> None:
    """GET, PUT, POST, DELETE (documented) and HEAD (not: it is GET without a body) on `path`."""
    how = "direct identification: the graph IRI is this URL" if direct else "?graph=<iri> or ?default"
    verbs = {"get": "Read a graph", "put": "Replace a graph", "post": "Add to a graph (or create one)",
             "delete": "Remove a graph"}
    for method, summary in verbs.items():
        async def endpoint(request: Request) -> Response:
            return await handle(request, request.path_params.get("path") if direct else None)

        endpoint.__name__ = f"graph_store_{method}{'_direct' if direct else ''}"
        getattr(router, method)(path, response_model=None, summary=f"{summary} ({how})")(endpoint)

    async def head(request: Request) -> Response:
        return await handle(request, request.path_params.get("path") if direct else None)

    head.__name__ = f"graph_store_head{'_direct' if direct else ''}"
    router.head(path, response_model=None, include_in_schema=False)(head)


_routes(PATH, direct=False)
_routes(PATH + "/{path:path}", direct=True)


async def handle(request: Request, direct: str | None) -> Response:
    settings = request.app.state.settings
    backend = request.app.state.sparql
    head = request.method == "HEAD"
    try:
        target = _target(request, direct)
        refuse_file_iris([target] if isinstance(target, str) else [], "graph", allow_load=settings.allow_load)
        if request.method in ("GET", "HEAD"):
            if target is _NO_GRAPH:
                raise ProtocolError("name a graph: ?graph=<iri> or ?default")
            media = negotiate(request.headers.get("accept"), list(TRIPLE_FORMATS), GRAPH_ALIASES,
                              what="a graph")
            answer = await backend.run({"kind": "graph", "graph": target, "rdf_type": media,
                                        "max_bytes": settings.max_result_bytes})
            _, _, body = unwrap(answer)
            return body_response(body, media, head=head)
        check_write(request, settings, what=f"Graph Store {request.method}", allow_when_disabled=READ_METHODS)
        location = None
        if target is _NO_GRAPH:
            if request.method != "POST":
                raise ProtocolError("name a graph: ?graph=<iri> or ?default")
            target = location = f"{str(request.url.replace(query='')).rstrip('/')}/{uuid.uuid4().hex}"
        op: dict[str, Any] = {"op": request.method.lower(), "graph": target,
                              "base_iri": target or str(request.url.replace(query=""))}
        if request.method != "DELETE":
            op["parts"] = await _parts(request, settings.max_request_bytes)
            await asyncio.to_thread(_validate, op)  # a bad payload is a 400 before anything stops
        created = unwrap(await backend.write(op))[0]
        _after_write(request)
        if location is not None:
            return Response(status_code=201, headers={"Location": location})
        return Response(status_code=201 if created and request.method != "DELETE" else 204)
    except SvkgError as exc:
        return error_response(exc, head=head)


def _validate(op: dict[str, Any]) -> None:
    for data, media in op["parts"]:
        try:
            parse_payload(data, media, op["graph"], op["base_iri"])
        except ValueError as exc:
            raise ProtocolError(f"Bad request: {exc}") from None


def _after_write(request: Request) -> None:
    from api.routers.sparql import reopen_app_store

    reopen_app_store(request.app)
