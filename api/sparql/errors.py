"""The endpoint's errors (on top of graph.errors) and their HTTP answers.

Every error is answered with its own status and a plain-text message saying what was wrong and, where
there is one, what to do — never a 200 with a partial body:

    400 ProtocolError          the request breaks the SPARQL protocol (two `query` params, no Content-Type…)
    400 QueryError             a syntax error, with pyoxigraph's message and position
    403 QueryRefused           SERVICE, LOAD or file: IRIs while disabled
    403 Forbidden              a write without the bearer token
    404 NotFound               a Graph Store request for a graph that does not exist
    405 MethodNotAllowed       a method the resource does not take (writes when updates are disabled)
    406 NotAcceptable          nothing in Accept can be served; the message lists what can
    413 RequestTooLarge        a request body over settings.max_request_bytes
    413 ResultTooLarge         a result over settings.max_result_bytes (stopped while serialising)
    415 UnsupportedMediaType   a POST body type the endpoint does not read
    503 QueryTimeout           a query ran past settings.query_timeout (its worker was killed)
    503 Busy                   no worker free within the time limit, or a build holds the store
"""

from __future__ import annotations

from graph.errors import Forbidden, QueryError, SvkgError


class ProtocolError(QueryError):
    """The request does not follow the SPARQL 1.1 Protocol (HTTP 400)."""


class UnsupportedMediaType(SvkgError):
    status_code = 415


class RequestTooLarge(SvkgError):
    status_code = 413


class Busy(SvkgError):
    """All workers are busy or the store is being rebuilt; try again shortly (HTTP 503)."""

    status_code = 503


class MethodNotAllowed(SvkgError):
    status_code = 405

    def __init__(self, message: str, allow: list[str]) -> None:
        super().__init__(message)
        self.allow = allow


class UpdateForbidden(Forbidden):
    """A write without (or with a wrong) bearer token, or with writes disabled."""
