"""/sparql — the SPARQL 1.1 Protocol endpoint — and the Graph Store Protocol (api.sparql.gsp).

Queries run natively in pyoxigraph inside worker processes with a hard time limit, and are serialised
there by pyoxigraph under a size cap (api.sparql.pool, api.sparql.worker). SELECT/ASK answer in SPARQL
JSON (default), XML, CSV or TSV; CONSTRUCT/DESCRIBE in Turtle (default), N-Triples, JSON-LD, RDF/XML,
TriG or N-Quads, by the Accept header (q-values and wildcards honoured; 406 lists what is available).
GET without a query returns the service description. The default graph is the union of all named
graphs. Writes (SPARQL Update, Graph Store PUT/POST/DELETE) exist only when enabled, with a bearer token.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pyoxigraph as ox
from fastapi import APIRouter, FastAPI
from starlette.requests import Request
from starlette.responses import Response

from api.sparql import gsp
from api.sparql import service_description as sd
from api.sparql.auth import check_write
from api.sparql.backends import make_backend
from api.sparql.conneg import GRAPH_ALIASES, GRAPH_TYPES, RESULT_ALIASES, RESULT_TYPES, negotiate
from api.sparql.errors import MethodNotAllowed, ProtocolError
from api.sparql.guard import add_update_dataset, inspect_query, inspect_update, refuse_file_iris
from api.sparql.protocol import Operation, parse_request
from api.sparql.responses import body_response, error_response, unwrap
from graph.errors import NotAcceptable, SvkgError
from graph.settings import Settings
from graph.store.embedded import EmbeddedStore
from graph.store.formats import rdf_format

log = logging.getLogger("svkg.sparql")
router = APIRouter(tags=["SPARQL"])
router.include_router(gsp.router)
METHODS = ["GET", "HEAD", "POST"]


async def startup(app: FastAPI) -> None:
    """Start the SPARQL backend (worker processes over the store) for this app."""
    settings: Settings = app.state.settings
    backend = make_backend(settings, getattr(app.state, "store", None))
    app.state.sparql = backend
    await backend.start()
    log.info("SPARQL endpoint: %s, time limit %g s, result cap %d bytes, writes %s", backend.mode,
             settings.query_timeout, settings.max_result_bytes,
             "enabled (bearer token)" if settings.enable_update else "disabled")


async def shutdown(app: FastAPI) -> None:
    backend = getattr(app.state, "sparql", None)
    if backend is not None:
        await backend.close()


def reopen_app_store(app: FastAPI) -> None:
    """After a write, give the REST routes a fresh read-only handle (an old one does not see writes)."""
    store = getattr(app.state, "store", None)
    if isinstance(store, EmbeddedStore) and store.read_only and store.path is not None:
        app.state.store = EmbeddedStore.open(store.path, read_only=True)


@router.get("/sparql", response_model=None, summary="SPARQL query (or the service description)")
async def sparql_get(request: Request) -> Response:
    """SPARQL 1.1 Protocol query by GET: `?query=`, with `default-graph-uri` / `named-graph-uri`
    (repeatable) to select the dataset; the Accept header picks the format. Without a query: the service
    description (Turtle by default)."""
    return await sparql(request)


@router.post("/sparql", response_model=None, summary="SPARQL query or update")
async def sparql_post(request: Request) -> Response:
    """SPARQL 1.1 Protocol by POST: a form (`query=` or `update=`), or a body of type
    `application/sparql-query` or `application/sparql-update` (updates only when enabled, with
    `Authorization: Bearer <token>`)."""
    return await sparql(request)


@router.api_route("/sparql", methods=["HEAD", "PUT", "DELETE", "PATCH"], response_model=None,
                  include_in_schema=False)
async def sparql(request: Request) -> Response:
    """Every /sparql request (HEAD is GET without a body; other methods get 405)."""
    head = request.method == "HEAD"
    try:
        if request.method not in METHODS:
            raise MethodNotAllowed(f"Method Not Allowed: /sparql takes {', '.join(METHODS)}", METHODS)
        settings: Settings = request.app.state.settings
        op = await parse_request(request, settings.max_request_bytes)
        if op.kind == "description":
            return await _description(request, settings, head)
        if op.kind == "update":
            return await _update(request, settings, op)
        return await _query(request, settings, op, head)
    except SvkgError as exc:
        return error_response(exc, head=head)


def _endpoint(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


async def _query(request: Request, settings: Settings, op: Operation, head: bool) -> Response:
    info = inspect_query(op.text, allow_service=settings.allow_service, allow_load=settings.allow_load)
    refuse_file_iris((op.default_graph or []) + (op.named_graphs or []), "default-graph-uri/named-graph-uri",
                     allow_load=settings.allow_load)
    accept = request.headers.get("accept")
    results_type, rdf_type = RESULT_TYPES[0], GRAPH_TYPES[0]
    if info.form in ("SELECT", "ASK"):
        results_type = negotiate(accept, RESULT_TYPES, RESULT_ALIASES, what=f"an {info.form} query"
                                 if info.form == "ASK" else "a SELECT query")
    elif info.form in ("CONSTRUCT", "DESCRIBE"):
        rdf_type = negotiate(accept, GRAPH_TYPES, GRAPH_ALIASES, what=f"a {info.form} query (an RDF graph)")
    else:  # no form found: a syntax error is coming; negotiate leniently
        with contextlib.suppress(NotAcceptable):
            results_type = negotiate(accept, RESULT_TYPES, RESULT_ALIASES)
    job = {
        "kind": "query", "query": op.text, "form": info.form, "has_dataset": info.has_dataset,
        "default_graph": op.default_graph, "named_graphs": op.named_graphs,
        "base_iri": _endpoint(request), "results_type": results_type, "rdf_type": rdf_type,
        "max_bytes": settings.max_result_bytes,
    }
    answer = await request.app.state.sparql.run(job)
    _kind, media, body = unwrap(answer)
    return body_response(body, media, head=head)


async def _update(request: Request, settings: Settings, op: Operation) -> Response:
    check_write(request, settings, what="SPARQL Update")
    tokens = inspect_update(op.text, allow_service=settings.allow_service, allow_load=settings.allow_load)
    using, using_named = op.default_graph or [], op.named_graphs or []
    refuse_file_iris(using + using_named, "using-graph-uri/using-named-graph-uri",
                     allow_load=settings.allow_load)
    add_update_dataset(op.text, tokens, using, using_named, None)  # 400 on a dataset conflict
    base = _endpoint(request)
    if not any(t.keyword in ("SERVICE", "LOAD") for t in tokens):
        await asyncio.to_thread(_check_update_syntax, op.text, base)
    answer = await request.app.state.sparql.write({
        "op": "update", "update": op.text, "base_iri": base, "using": using, "using_named": using_named,
        "union_default": True,
    })
    unwrap(answer)
    reopen_app_store(request.app)
    return Response(status_code=204)


def _check_update_syntax(text: str, base: str) -> None:
    """Run the update on an empty in-memory store: a syntax error is a 400 (with the position in the
    text as sent) before any worker is stopped."""
    try:
        ox.Store().update(text, base_iri=base)
    except SyntaxError as exc:
        raise ProtocolError(f"SPARQL Update syntax error: {exc}") from None
    except (OSError, ValueError, RuntimeError):
        pass  # not a syntax problem: the real run will say


async def _description(request: Request, settings: Settings, head: bool) -> Response:
    media = negotiate(request.headers.get("accept"), GRAPH_TYPES, GRAPH_ALIASES,
                      what="the service description")
    graphs = await request.app.state.sparql.named_graphs()
    endpoint = _endpoint(request)
    gsp_url = str(request.url.replace(path=gsp.PATH, query="", fragment=""))
    triples = sd.description(endpoint, graphs, update=settings.enable_update, service=settings.allow_service,
                             graph_store=gsp_url)
    return body_response(sd.serialize(triples, rdf_format(media)), media, head=head)
