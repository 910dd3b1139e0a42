"""The svkg exception tree.

    SvkgError                     base of everything svkg raises on purpose
    ├── DataError                 a data file or dataset is wrong (file, line, field, rule)
    │   └── ValidationError       SHACL found the built graph non-conforming
    ├── StoreError                the store cannot be opened, read or swapped
    ├── QueryError                a SPARQL query is malformed or refused (HTTP 400)
    │   └── QueryRefused          a query asks for something disabled (SERVICE, LOAD…) (HTTP 403)
    ├── QueryTimeout              a query ran past its time limit (HTTP 503)
    ├── ResultTooLarge            a result exceeded the configured cap (HTTP 413)
    ├── NotAcceptable             no representation matches the Accept header (HTTP 406)
    ├── NotFound                  an entity, graph or resource does not exist (HTTP 404)
    └── Forbidden                 a write without a valid token, or writes disabled (HTTP 403)

Each carries the HTTP status the API answers with, so the mapping lives in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class SvkgError(Exception):
    """Base class of svkg's own errors."""

    status_code: int = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Location:
    """Where in a data file a problem is: file, 1-based line, and optionally the field/column."""

    file: Path | str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        out = str(self.file)
        if self.line is not None:
            out += f":{self.line}"
        if self.field:
            out += f" [{self.field}]"
        return out


class DataError(SvkgError):
    """A data file or dataset is wrong. The message names the file, the line, the field and the rule."""

    status_code = 422

    def __init__(self, location: Location, rule: str) -> None:
        self.location = location
        self.rule = rule
        super().__init__(f"{location}: {rule}")


class ValidationError(DataError):
    """SHACL validation failed; `results` holds one line per violation (shape, focus node, path, message)."""

    def __init__(self, location: Location, rule: str, results: list[str] | None = None) -> None:
        self.results = results or []
        super().__init__(location, rule)


class StoreError(SvkgError):
    status_code = 500


class QueryError(SvkgError):
    status_code = 400


class QueryRefused(QueryError):
    status_code = 403


class QueryTimeout(SvkgError):
    status_code = 503


class ResultTooLarge(SvkgError):
    status_code = 413


class NotAcceptable(SvkgError):
    status_code = 406


class NotFound(SvkgError):
    status_code = 404


class Forbidden(SvkgError):
    status_code = 403
