"""How FollowTheMoney terms map to svkg's: schemata to classes, topics to action types, authority
names to curated bodies, and FtM's partial dates (`2021`, `2021-06`, `2021-06-03`) to a date and its
precision."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.importers.base import Importer

CLASSES: dict[str, str] = {
    "Person": "Person",
    "Company": "Company",
    "PublicBody": "GovernmentBody",
    "Organization": "Organization",
    "LegalEntity": "Organization",
}

# authority (or publisher) names, lower case -> curated body
AUTHORITIES: dict[str, str] = {
    "office of foreign assets control": "body/us-ofac",
    "ofac": "body/us-ofac",
    "us department of the treasury": "body/us-ofac",
    "department of defense": "body/us-dod",
    "us department of defense": "body/us-dod",
    "u.s. department of defense": "body/us-dod",
    "federal communications commission": "body/us-fcc",
    "bureau of industry and security": "body/us-bis",
    "united states congress": "body/us-congress",
    "ministry of commerce of the people's republic of china": "body/cn-mofcom",
    "ministry of foreign affairs of the people's republic of china": "body/cn-mfa",
}


def action_type(topics: set[str]) -> str:
    """The listing type for a sanctioned entity with these FtM topics."""
    if "sanction.counter" in topics:
        return "counter-sanction"
    if topics & {"export.control", "debarment"}:
        return "entity-listing"
    return "sanctions-listing"


def parse_ftm_date(imp: Importer, line: int, prop: str, values: Iterable[str]) -> tuple[date | None, str]:
    """The earliest of an FtM date property's values, with its precision (`day`, `month`, `year`); a
    partial date stands for its first day. A value that is not a date stops the import."""
    found: list[tuple[date, str]] = []
    for raw in values:
        text = raw.strip()[:10]
        parts = text.split("-")
        try:
            if len(parts) == 1:
                found.append((date(int(parts[0]), 1, 1), "year"))
            elif len(parts) == 2:
                found.append((date(int(parts[0]), int(parts[1]), 1), "month"))
            else:
                found.append((date.fromisoformat(text), "day"))
        except ValueError:
            raise imp.fail(line, prop, f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {raw!r}") from None
    if not found:
        return None, "day"
    return min(found)
