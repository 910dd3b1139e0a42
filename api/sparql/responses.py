"""Turning worker answers and svkg errors into HTTP responses."""

from __future__ import annotations

from typing import Any

from starlette.responses import PlainTextResponse, Response

from api.sparql.conneg import content_type
from api.sparql.errors import MethodNotAllowed
from graph.errors import SvkgError

VARY = {"Vary": "Accept"}


def error_response(exc: SvkgError, *, head: bool = False) -> Response:
    """The HTTP answer for one of svkg's errors: its status and its message as text/plain."""
    headers: dict[str, str] = {}
    if isinstance(exc, MethodNotAllowed):
        headers["Allow"] = ", ".join(exc.allow)
    if exc.status_code == 503:
        headers["Retry-After"] = "5"
    body = "" if head else exc.message.rstrip("\n") + "\n"
    return PlainTextResponse(body, status_code=exc.status_code, headers=headers)


class AnswerError(SvkgError):
    """An error answer from a worker or writer, carrying its HTTP status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status


def unwrap(answer: tuple[Any, ...]) -> tuple[Any, ...]:
    """The answer's payload (after "ok"), or raise its error."""
    if answer[0] == "ok":
        return answer[1:]
    raise AnswerError(int(answer[1]), str(answer[2]))


def body_response(body: bytes, media_type: str, *, head: bool = False, status: int = 200) -> Response:
    """A 200 with a serialised result (no body for HEAD, same headers)."""
    headers = dict(VARY)
    if head:
        headers["Content-Length"] = str(len(body))
    return Response(b"" if head else body, status_code=status, headers=headers,
                    media_type=content_type(media_type))
