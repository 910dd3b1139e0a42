"""Reading a SPARQL 1.1 Protocol request: which operation, its text, and its dataset parameters.

    GET  /sparql?query=…[&default-graph-uri=…][&named-graph-uri=…]     a query
    GET  /sparql                                                         the service description
    POST /sparql  application/x-www-form-urlencoded  query=… | update=…  (dataset parameters in the
                  body or the URL)
    POST /sparql  application/sparql-query   (body = query;  dataset parameters in the URL)
    POST /sparql  application/sparql-update  (body = update; using-graph-uri, using-named-graph-uri)

Violations are 4xx with a message: two `query` (or `update`) parameters, both, an update by GET, a POST
without a Content-Type the protocol defines (415), a charset other than UTF-8 or bytes that are not
UTF-8 (400), a dataset parameter that is not an absolute IRI (400), a body or query string over
settings.max_request_bytes (413, checked from Content-Length and again while reading).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request

from api.sparql.errors import ProtocolError, RequestTooLarge, UnsupportedMediaType

FORM = "application/x-www-form-urlencoded"
QUERY = "application/sparql-query"
UPDATE = "application/sparql-update"


@dataclass
class Operation:
    kind: str  # "query", "update" or "description"
    text: str = ""
    default_graph: list[str] | None = None  # default-graph-uri (query) / using-graph-uri (update)
    named_graphs: list[str] | None = None  # named-graph-uri (query) / using-named-graph-uri (update)
    params: list[tuple[str, str]] = field(default_factory=list)


def split_media_type(header: str | None) -> tuple[str, dict[str, str]]:
    """`type/subtype` (lower-case) and its parameters from a Content-Type header."""
    if not header:
        return "", {}
    base, *rest = header.split(";")
    params = {}
    for p in rest:
        k, _, v = p.partition("=")
        params[k.strip().lower()] = v.strip().strip('"')
    return base.strip().lower(), params


def _too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(f"Request too large: the limit is {limit:,} bytes (SVKG_MAX_REQUEST_BYTES).")


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refusing more than `limit` bytes (Content-Length first, then while reading)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise _too_large(limit)
    return bytes(body)


def _decode(body: bytes, charset: str | None, what: str) -> str:
    if charset and charset.lower().replace("_", "-") not in ("utf-8", "utf8", "us-ascii"):
        raise ProtocolError(f"the {what} must be UTF-8 encoded (Content-Type says charset={charset})")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(f"the {what} is not valid UTF-8 (byte {exc.start})") from None


def iris(params: list[tuple[str, str]], name: str) -> list[str]:
    """The values of a repeatable IRI parameter, each checked to be an absolute IRI."""
    out = []
    for key, value in params:
        if key == name:
            try:
                ox.NamedNode(value)
            except ValueError:
                raise ProtocolError(f"{name} must be an absolute IRI, not {value!r}") from None
            out.append(value)
    return out


def _one(params: list[tuple[str, str]], name: str) -> str | None:
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise ProtocolError(f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _operation(params: list[tuple[str, str]], *, direct: str | None = None, text: str = "") -> Operation:
    query = text if direct == "query" else _one(params, "query")
    update = text if direct == "update" else _one(params, "update")
    if direct is None and query is not None and update is not None:
        raise ProtocolError("the request has both 'query' and 'update'; send one operation")
    if direct == "query" and _one(params, "update") is not None:
        raise ProtocolError("an application/sparql-query request cannot also carry 'update'")
    if update is not None:
        return Operation("update", update, iris(params, "using-graph-uri") or None,
                         iris(params, "using-named-graph-uri") or None, params)
    if query is None:
        return Operation("description", params=params)
    default, named = iris(params, "default-graph-uri"), iris(params, "named-graph-uri")
    if not default and not named:
        return Operation("query", query, None, None, params)
    return Operation("query", query, default, named, params)


async def parse_request(request: Request, max_bytes: int) -> Operation:
    """The operation a /sparql request asks for (see the module doc for the rules)."""
    if len(request.url.query) > max_bytes:
        raise _too_large(max_bytes)
    try:
        url_params = parse_qsl(request.url.query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError("the query string is not valid UTF-8 after percent-decoding") from None
    if request.method in ("GET", "HEAD"):
        if any(k == "update" for k, _ in url_params):
            raise ProtocolError("SPARQL Update must be sent with POST, not GET")
        return _operation(url_params)
    ctype, ctparams = split_media_type(request.headers.get("content-type"))
    if ctype not in (FORM, QUERY, UPDATE):
        got = f"Content-Type {ctype}" if ctype else "no Content-Type"
        raise UnsupportedMediaType(
            f"Unsupported Media Type: a SPARQL POST needs Content-Type {FORM}, {QUERY} or {UPDATE} "
            f"(this request has {got})")
    body = await read_body(request, max_bytes)
    if ctype == FORM:
        text = _decode(body, ctparams.get("charset"), "form body")
        try:
            form = parse_qsl(text, keep_blank_values=True, errors="strict")
        except UnicodeDecodeError:
            raise ProtocolError("the form body is not valid UTF-8 after percent-decoding") from None
        return _operation(url_params + form)
    what = "query" if ctype == QUERY else "update"
    text = _decode(body, ctparams.get("charset"), f"{what} body")
    return _operation(url_params, direct=what, text=text)
