"""The definitions that drive every ripple result, as one explicit, recorded parameter set.

RIPPLE.md warns that the action-class equivalence, the vendor closure and the window all change the
results, so they are parameters (never hidden constants) and every answer carries them:

* `action_class` — a concept of the action-type scheme; an action matches when its type is the concept
  or narrower (skos:broader*). Default `restriction`.
* `vendor_closure` — a vendor is the company with its subsidiaries (svkg:subsidiaryOf*, and the records
  linked to it by owl:sameAs); off, each company is its own vendor.
* `window` — a cascade is the trigger plus the first matching actions of other states in (t0, t0 + window].
* `since` — a state's adoption is its first matching action on or after this date (None: ever).
  A cascade with `include_pre_adopters` uses the trigger's date here ("first matching action after the
  trigger"): a state that had acted before still counts, at its first action after the trigger, and is
  flagged as having acted before.
* `sources` — which named graphs supply actions: `curated` (the reviewed data files) or `all` (with
  the imported lists, e.g. OFAC's thousands of sanctions listings).
* `tie_key` — ties are typed by `type` (the alliance-type concept: intelligence-sharing, collective-
  defence…) or by `grouping` (each alliance is its own type: Five Eyes, NATO, EU…).
* `include_dyadic` — add the imported ATOP/COW dyadic ties to the curated alliance memberships.

Actors: an action adopts for a State when its actor is that State or a GovernmentBody under it
(org:subOrganizationOf+ or svkg:jurisdiction); actions by IGOs (the European Commission) and by companies
(BT, carriers) are not state adoptions and are left out. A joint action by several states adopts for each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Literal

from graph.iris import VOCAB, concept, thing
from graph.ripple.data import parse_duration

ACTOR_RULE = (
    "State, or GovernmentBody via org:subOrganizationOf+/svkg:jurisdiction; IGO and company actors excluded"
)


# current statuses (vocab:status/…) of actions that were reported, planned or contested but not taken:
# they are evidence, not adoptions (Japan's exclusion was "expected" on 7 Dec 2018, decided on 10 Dec)
NOT_TAKEN = frozenset({"reported", "expected", "proposed", "under-consideration", "denied", "disputed"})


@dataclass(frozen=True)
class Definition:
    action_class: str = concept("action-type", "restriction")
    vendor_closure: bool = True
    window: str = "5Y"
    since: dt.date | None = None
    sources: Literal["curated", "all"] = "curated"
    tie_key: Literal["type", "grouping"] = "type"
    include_dyadic: bool = False
    as_of: dt.date | None = None  # observation end; None = the latest action date in the sources
    taken_only: bool = True  # skip actions whose current status says they were not (yet) taken

    def __post_init__(self) -> None:
        for name in ("since", "as_of"):
            object.__setattr__(self, name, parse_date(getattr(self, name), name))
        parse_duration(self.window)
        if self.sources not in ("curated", "all"):
            raise ValueError(f"sources must be 'curated' or 'all', not {self.sources!r}")
        if self.tie_key not in ("type", "grouping"):
            raise ValueError(f"tie_key must be 'type' or 'grouping', not {self.tie_key!r}")

    @property
    def window_years(self) -> float:
        return parse_duration(self.window)

    def with_(self, **changes: object) -> Definition:
        return replace(self, **changes)  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, object]:
        d = asdict(self)
        d["since"] = self.since.isoformat() if self.since else None
        d["as_of"] = self.as_of.isoformat() if self.as_of else None
        d["actors"] = ACTOR_RULE
        d["states"] = "every state with a tie in the projection or a matching action"
        d["status_rule"] = (
            "actions whose current status is " + ", ".join(sorted(NOT_TAKEN)) + " do not count"
            if self.taken_only else "any status counts"
        )
        d["adoption_rule"] = (
            "first matching action on or after `since`" if self.since else "first matching action ever"
        )
        return d


def action_class_iri(value: str | None) -> str:
    """`restriction`, `action-type/restriction`, `vocab:action-type/…` or a full IRI -> the concept IRI."""
    if not value:
        return concept("action-type", "restriction")
    if value.startswith(("http://", "https://")):
        return value
    if value.startswith("vocab:"):
        return VOCAB + value[len("vocab:") :]
    if value.startswith("action-type/"):
        return VOCAB + value
    return concept("action-type", value)


def entity_iri(value: str, kind: str | None = None) -> str:
    """`JP` (with kind `state`), `state/JP`, `id:state/JP` or a full IRI -> the thing IRI."""
    if value.startswith("id:"):
        value = value[3:]
    if kind and "/" not in value and not value.startswith(("http://", "https://")):
        value = f"{kind}/{value}"
    return thing(value)


def parse_date(value: str | dt.date | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name}: not an ISO date (YYYY-MM-DD): {value!r}") from None


def add_duration(d: dt.date, text: str) -> dt.date:
    """Calendar arithmetic: 2018-08-13 + 5Y = 2023-08-13; + 18M = 2020-02-13; + 90D; Feb 29 -> Feb 28."""
    s = text.strip().upper()
    if s.endswith("D"):
        return d + dt.timedelta(days=round(float(s[:-1])))
    if s.endswith("Y"):
        months = round(float(s[:-1]) * 12)
    elif s.endswith("M"):
        months = round(float(s[:-1]))
    else:
        months = round(float(s) * 12)
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(d.day, day))
        except ValueError:
            continue
    raise ValueError(f"cannot add {text} to {d}")
