"""The curated CSV files: reading with line numbers, header checks, row models (pydantic), and rows to RDF
(one action and one claim per action row; one AllianceMembership per alliance row)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError
from rdflib import Graph

from graph.curated import models as m
from graph.curated.facts import Locate, url_source, write_action, write_claim
from graph.curated.fields import (
    AGENT_KINDS,
    INSTRUMENT_KINDS,
    KEY_PATTERNS,
    TARGET_KINDS,
    Cameo,
    ConceptKey,
    IsoDate,
    Text,
    Url,
    id_of,
)
from graph.curated.registry import Concepts, Registry
from graph.errors import DataError, Location

Row = tuple[int, dict[str, str]]
T = TypeVar("T", bound=BaseModel)


def _split(value: Any) -> Any:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split(";") if p.strip()]
    return value


def _action_ref(value: str) -> str:
    return value if value.startswith("action/") else f"action/{value}"


def _split_actions(value: Any) -> Any:
    return [_action_ref(v) for v in _split(value)]


def ids(*kinds: str) -> Any:
    return Annotated[list[id_of(*kinds)], BeforeValidator(_split)]


ActionRefs = Annotated[list[id_of("action")], BeforeValidator(_split_actions)]


class ActionRow(BaseModel):
    """One row of an actions CSV (timeline.csv, coverage*.csv); empty cells arrive as None."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Text
    date: IsoDate
    date_precision: ConceptKey
    actor: ids(*AGENT_KINDS)
    action_type: ConceptKey
    cameo_code: Cameo | None = None
    targets: ids(*TARGET_KINDS)
    target_note: Text | None = None
    legal_basis: ids(*INSTRUMENT_KINDS)
    legal_basis_note: Text | None = None
    scope: Text | None = None
    scope_category: ConceptKey | None = None
    status: ConceptKey
    status_note: Text | None = None
    description: Text
    source_url: Url
    source_title: Text | None = None
    source_publisher: id_of(*AGENT_KINDS) | None = None
    source_date: IsoDate | None = None
    verification: ConceptKey
    verification_note: Text | None = None
    requested_by: id_of(*AGENT_KINDS) | None = None
    responds_to: ActionRefs
    reverses: ActionRefs
    supersedes: ActionRefs
    related: ActionRefs
    location: Text | None = None
    announced_date: IsoDate | None = None
    effective_date: IsoDate | None = None
    end_date: IsoDate | None = None


ACTION_REQUIRED = ("id", "date", "date_precision", "actor", "action_type", "cameo_code", "targets",
                   "target_note", "legal_basis", "scope", "scope_category", "status", "status_note",
                   "description", "source_url", "source_title", "source_publisher", "source_date",
                   "verification", "verification_note", "requested_by", "responds_to", "reverses",
                   "supersedes", "related")
ACTION_OPTIONAL = ("legal_basis_note", "location", "announced_date", "effective_date", "end_date")
# model field of an Action/Claim -> the CSV column that holds it
ACTION_COLUMNS = {"type": "action_type", "cameo": "cameo_code", "announced": "announced_date",
                  "effective": "effective_date", "end": "end_date", "about": "id", "stance": "id",
                  "source": "source_url", "asserted_by": "source_publisher",
                  "reported_by": "source_publisher"}


def read_csv(file: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> list[Row]:
    """Rows of `file` with the line each starts on; the header must hold every required column and no
    unknown one."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        raise DataError(Location(file, line), f"not UTF-8 text ({exc.reason})") from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise DataError(Location(file, 1), "empty file: a header row is required") from None
    except csv.Error as exc:
        raise DataError(Location(file, 1), f"malformed CSV header: {exc}") from None
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataError(Location(file, 1, name), f"column {name!r} appears twice in the header")
        seen.add(name)
        if name not in required and name not in optional:
            raise DataError(Location(file, 1, name), f"unknown column {name!r} "
                            f"(allowed: {', '.join(required + optional)})")
    for name in required:
        if name not in seen:
            raise DataError(Location(file, 1, name), f"required column {name!r} is missing from the header")
    rows: list[Row] = []
    previous = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise DataError(Location(file, reader.line_num), f"malformed CSV: {exc}") from None
        start, previous = previous + 1, reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise DataError(Location(file, start), f"row has {len(record)} fields, the header has "
                            f"{len(header)} (unquoted comma or missing field?)")
        rows.append((start, dict(zip(header, record, strict=True))))
    return rows


def parse_rows(file: Path, rows: list[Row], model: type[T]) -> list[tuple[int, T]]:
    out: list[tuple[int, T]] = []
    for line, raw in rows:
        data = {k: (v.strip() or None) for k, v in raw.items()}
        try:
            out.append((line, model.model_validate(data)))
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            column = str(err["loc"][0]) if err["loc"] else None
            msg = str(err["msg"]).removeprefix("Value error, ")
            if err["type"] == "missing" or (err["type"] != "value_error" and err.get("input") is None):
                msg = f"column {column!r} needs a value"
            elif err["type"] != "value_error":
                msg = f"{msg} (got {err.get('input')!r})"
            raise DataError(Location(file, line, column), msg) from None
    return out


def action_key(row: ActionRow, file: Path, line: int) -> str:
    if not re.fullmatch(KEY_PATTERNS["action"], row.id):
        raise DataError(Location(file, line, "id"), f"{row.id!r} is not an action key (letters, digits, '-')")
    return row.id


def register_actions(file: Path, rows: list[tuple[int, ActionRow]], registry: Registry) -> None:
    for line, row in rows:
        key = action_key(row, file, line)
        registry.add(f"action/{key}", "Action", Location(file, line, "id"), row.description)
        registry.add(f"claim/{key}-1", "Claim", Location(file, line, "id"))
        registry.add_url_info(row.source_url, row.source_publisher, row.source_title, row.source_date,
                              Location(file, line, "source_url"))


def _row_locator(file: Path, line: int) -> Locate:
    def locate(field: str, index: int | None) -> Location:
        return Location(file, line, ACTION_COLUMNS.get(field, field))
    return locate


def write_actions(g: Graph, file: Path, rows: list[tuple[int, ActionRow]], registry: Registry,
                  concepts: Concepts) -> None:
    for line, row in rows:
        locate = _row_locator(file, line)
        action = m.Action(
            id=f"action/{row.id}", actor=row.actor, type=row.action_type, targets=row.targets,
            target_note=row.target_note, cameo=row.cameo_code, scope=row.scope,
            scope_category=row.scope_category, legal_basis=row.legal_basis,
            legal_basis_note=row.legal_basis_note, date=row.date, date_precision=row.date_precision,
            announced=row.announced_date, effective=row.effective_date, end=row.end_date,
            requested_by=row.requested_by, responds_to=row.responds_to, reverses=row.reverses,
            supersedes=row.supersedes, related=row.related, location=row.location,
            description=row.description)
        write_action(g, action, locate, registry, concepts)
        publisher_cls = None
        if row.source_publisher:
            publisher_cls = registry.require(row.source_publisher, Location(file, line, "source_publisher"),
                                             ("State", "GovernmentBody", "IntergovernmentalOrganization",
                                              "Company", "MediaOrganization", "Person")).cls
        source = url_source(g, row.source_url, registry, title=row.source_title,
                            publisher=row.source_publisher, issued=row.source_date)
        media = publisher_cls == "MediaOrganization"
        claim = m.Claim(
            id=f"claim/{row.id}-1", about=f"action/{row.id}", status=row.status, stance="reports",
            reported_by=[row.source_publisher] if media and row.source_publisher else [],
            asserted_by=[row.source_publisher] if row.source_publisher and not media else [],
            source=row.source_url, date=row.source_date or row.date, status_note=row.status_note,
            verification=row.verification, verification_note=row.verification_note)
        write_claim(g, claim, locate, registry, concepts, source)
