"""Field types shared by the curated-data models: ids of a given kind, concept keys, ISO dates, URLs,
language-tagged aliases. Each raises ValueError with a message a data editor can act on."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, StrictStr, StringConstraints

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
KEY_PATTERNS: dict[str, str] = {
    "state": r"[A-Z]{2}",
    "action": r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*",
    "claim": r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*",
    "position": rf"{SLUG}/{SLUG}",
    "membership": rf"{SLUG}/(?:[A-Z]{{2}}|{SLUG})",
}
ALL_KINDS = ("state", "body", "igo", "company", "person", "unnamed", "alliance", "membership", "position",
             "law", "order", "regulation", "list", "action", "claim", "allegation", "source")
AGENT_KINDS = ("state", "body", "igo", "company", "person", "unnamed", "alliance")
ORG_KINDS = ("state", "body", "igo", "company", "alliance")
INSTRUMENT_KINDS = ("law", "order", "regulation", "list")
TARGET_KINDS = ("company", "person", "state")
ISSUER_KINDS = ("state", "body", "igo")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_CONCEPT = re.compile(rf"^{SLUG}$")


def kind_of(ref: str) -> str:
    return ref.split("/", 1)[0]


def check_id(value: str, kinds: tuple[str, ...]) -> str:
    """`value` must be `<kind>/<key>` with one of `kinds` and a well-formed key."""
    kind, _, key = value.partition("/")
    if kind not in kinds or not key:
        want = ", ".join(f"{k}/…" for k in kinds)
        raise ValueError(f"{value!r} is not an id of the right kind (expected {want})")
    if not re.fullmatch(KEY_PATTERNS.get(kind, SLUG), key):
        if kind == "state":
            raise ValueError(f"{value!r}: a state id is state/ and an ISO 3166-1 alpha-2 code in capitals")
        raise ValueError(f"{value!r}: the key after '{kind}/' must be lower-case letters, digits and '-'")
    return value


def id_of(*kinds: str) -> Any:
    """An Annotated str type accepting ids of `kinds` only."""
    return Annotated[StrictStr, AfterValidator(lambda v: check_id(v, kinds))]


def _iso_date(value: Any) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date ({exc})") from None
    raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")


def _url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError(f"{value!r} is not an absolute http(s) URL")
    return value


def _concept_key(value: str) -> str:
    if not _CONCEPT.match(value):
        raise ValueError(f"{value!r} is not a concept key (lower-case words joined by '-')")
    return value


def _lang(value: str) -> str:
    if not _LANG.match(value):
        raise ValueError(f"{value!r} is not a BCP 47 language tag (e.g. en, zh-Hans, ja)")
    return value


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _source_ref(value: str) -> str:
    if value.startswith(("http://", "https://")):
        return _url(value)
    return check_id(value, ("source",))


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Url = Annotated[StrictStr, AfterValidator(_url)]
ConceptKey = Annotated[StrictStr, AfterValidator(_concept_key)]
LangTag = Annotated[StrictStr, AfterValidator(_lang)]
Text = Annotated[StrictStr, StringConstraints(min_length=1, strip_whitespace=True)]
SourceRef = Annotated[StrictStr, AfterValidator(_source_ref)]
Wikidata = Annotated[StrictStr, StringConstraints(pattern=r"^Q[1-9][0-9]*$")]
Slug = Annotated[StrictStr, StringConstraints(pattern=rf"^{SLUG}$")]
Cameo = Annotated[StrictStr, StringConstraints(pattern=r"^[0-9]{2,4}$")]
Alpha3 = Annotated[StrictStr, StringConstraints(pattern=r"^[A-Z]{3}$")]


def many(item_type: Any) -> Any:
    """A list of `item_type` that also accepts a single value."""
    return Annotated[list[item_type], BeforeValidator(_one_or_many)]
