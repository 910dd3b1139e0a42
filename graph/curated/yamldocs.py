"""Parse a curated YAML file into its pydantic document model, turning validation errors into DataErrors
that point at the offending key or value."""

from __future__ import annotations

import difflib
from functools import cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from graph.curated import models
from graph.curated.yamlpos import Positions, load_yaml
from graph.errors import DataError, Location

Doc = TypeVar("Doc", bound=BaseModel)


@cache
def _all_field_names() -> tuple[str, ...]:
    names: set[str] = set()
    for obj in vars(models).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            names.update(obj.model_fields)
    return tuple(sorted(names))


def parse_doc(file: Path, model: type[Doc]) -> tuple[Doc, Positions]:
    """Load `file` and validate it against `model` (EntitiesDoc or FactsDoc)."""
    data, pos = load_yaml(file)
    if not isinstance(data, dict):
        raise DataError(Location(file, pos.line(())), "the file must be a mapping of sections "
                        "(title:, states:, actions: …)")
    try:
        return model.model_validate(data), pos
    except ValidationError as exc:
        raise validation_error(exc, pos) from None


def validation_error(exc: ValidationError, pos: Positions) -> DataError:
    """The first error of a pydantic ValidationError, located in the YAML file."""
    errors = exc.errors(include_url=False)
    # an unknown key (a typo) usually explains a "missing" error beside it: report it first
    err = min(errors, key=lambda e: e["type"] != "extra_forbidden")
    loc = list(err["loc"])
    is_key = "[key]" in loc
    loc = [p for p in loc if p != "[key]"]
    path = tuple(p for p in loc if isinstance(p, str | int))
    names = [p for p in path if isinstance(p, str)]
    field = names[-1] if names else None
    kind = err["type"]
    msg = str(err["msg"]).removeprefix("Value error, ")
    if kind == "extra_forbidden":
        hint = difflib.get_close_matches(str(field), _all_field_names(), n=1)
        msg = f"unknown key {field!r}" + (f" (did you mean {hint[0]!r}?)" if hint else "")
        line = pos.line(path, key=True)
    elif kind == "missing":
        msg = f"required key {field!r} is missing"
        line = pos.line(path[:-1])
    else:
        got = err.get("input")
        if not isinstance(got, dict | list) and kind not in ("value_error",) and got is not None:
            msg = f"{msg} (got {got!r})"
        line = pos.line(path, key=is_key)
    where = " at " + _dotted(path) if path else ""
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return DataError(Location(pos.file, line, field), f"{msg}{where}{more}")


def _dotted(path: tuple[str | int, ...]) -> str:
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else p)
    return out
