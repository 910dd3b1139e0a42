"""One JSON error body for the REST API, and the route class that answers with it.

    {"error": {"status": 404, "message": "no entity company/nope", "parameter": "key"}}

`SvkgRoute` catches svkg's own errors (each carries its HTTP status, see `graph.errors`) and FastAPI's
request validation errors (422, naming the offending parameter) inside the route, so the REST router
answers consistently without touching the app. `install_error_handlers(app)` does the same app-wide
for `SvkgError`, for routers that want it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from graph.errors import NotFound, SvkgError


class ParameterError(SvkgError):
    """A request parameter is well-formed but unacceptable (an unknown key, `from` after `to`) (HTTP 422)."""

    status_code = 422

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter


class UnknownId(NotFound):
    """An id that names nothing in the graph (HTTP 404); `parameter` is where it came from."""

    def __init__(self, ref: str, parameter: str | None = None, what: str = "entity") -> None:
        super().__init__(f"no {what} {ref!r} in the graph")
        self.ref = ref
        self.parameter = parameter


def error_body(status: int, message: str, parameter: str | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"status": status, "message": message}
    if parameter:
        err["parameter"] = parameter
    return {"error": err}


def svkg_error_response(exc: SvkgError) -> JSONResponse:
    parameter = getattr(exc, "parameter", None)
    return JSONResponse(error_body(exc.status_code, exc.message, parameter), status_code=exc.status_code)


def validation_error_response(exc: RequestValidationError) -> JSONResponse:
    """422 naming the first offending parameter (`page_size`), with every problem in the message."""
    errors = list(exc.errors())
    parameter = None
    messages = []
    for err in errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("query", "path", "header", "body")]
        name = ".".join(loc)
        parameter = parameter or name or None
        value = err.get("input")
        shown = f" (got {value!r})" if isinstance(value, str | int | float) else ""
        messages.append(f"{name}: {err.get('msg', 'invalid')}{shown}" if name else err.get("msg", "invalid"))
    return JSONResponse(error_body(422, "; ".join(messages) or "invalid request", parameter), status_code=422)


class SvkgRoute(APIRoute):
    """An APIRoute whose errors come back as the svkg JSON error body."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError as exc:
                return validation_error_response(exc)
            except SvkgError as exc:
                return svkg_error_response(exc)

        return route_handler


def install_error_handlers(app: FastAPI) -> None:
    """Answer every `SvkgError` raised anywhere in `app` with the JSON error body."""

    async def handle(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SvkgError)
        return svkg_error_response(exc)

    app.add_exception_handler(SvkgError, handle)


# OpenAPI description of the error body, for `responses=` on the routes
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "parameter": {"type": "string"},
            },
            "required": ["status", "message"],
        }
    },
}


DESCRIPTIONS = {404: "Unknown id", 406: "Not acceptable", 422: "Invalid parameter"}


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    examples = {
        404: error_body(404, "no entity 'company/nope' in the graph", "key"),
        406: error_body(406, "no representation of this resource matches Accept: text/html"),
        422: error_body(422, "page_size: Input should be less than or equal to 500 (got '900')", "page_size"),
    }
    return {
        code: {
            "description": DESCRIPTIONS.get(code, "Error"),
            "content": {"application/json": {"schema": ERROR_SCHEMA, "example": examples.get(code)}},
        }
        for code in codes
    }
