"""The id registry (every id defined by a curated file, with its class and where it was defined) and the
concept-key checker. Both raise DataError naming the file, line and field."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from graph.errors import DataError, Location


@dataclass(frozen=True)
class Entry:
    ref: str
    cls: str
    where: Location


@dataclass
class Registry:
    """Ids defined so far. Entity files register first, then fact and CSV files."""

    entries: dict[str, Entry] = field(default_factory=dict)
    source_urls: dict[str, str] = field(default_factory=dict)
    body_parents: dict[str, str] = field(default_factory=dict)
    body_jurisdictions: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    # what CSV rows say about the sources they cite by URL: url -> (publisher, title, issued, where)
    url_info: dict[str, tuple[str | None, str | None, date | None, Location]] = field(default_factory=dict)

    def add(self, ref: str, cls: str, where: Location, label: str | None = None) -> None:
        first = self.entries.get(ref)
        if first is not None:
            raise DataError(where, f"duplicate id {ref!r}: already defined at {_place(first.where)}")
        self.entries[ref] = Entry(ref, cls, where)
        if label:
            self.labels[ref] = label

    def add_source_url(self, url: str, ref: str, where: Location) -> None:
        first = self.source_urls.get(url)
        if first is not None and first != ref:
            raise DataError(where, f"URL already belongs to source {first!r} "
                                   f"({_place(self.entries[first].where)}); cite that id instead")
        self.source_urls[url] = ref

    def add_url_info(self, url: str, publisher: str | None, title: str | None, issued: date | None,
                     where: Location) -> None:
        """Remember a CSV row's description of a cited URL; rows citing one URL must agree."""
        first = self.url_info.get(url)
        if first is None:
            self.url_info[url] = (publisher, title, issued, where)
            return
        for name, old, new in (("source_publisher", first[0], publisher), ("source_title", first[1], title),
                               ("source_date", first[2], issued)):
            if old is not None and new is not None and old != new:
                raise DataError(Location(where.file, where.line, name),
                                f"this URL is cited at {_place(first[3])} with {name} {old!r}, here {new!r}")
        self.url_info[url] = (first[0] or publisher, first[1] or title, first[2] or issued, first[3])

    def require(self, ref: str, where: Location, classes: Iterable[str] | None = None) -> Entry:
        """The entry of `ref`, which must exist (and be of one of `classes` when given)."""
        entry = self.entries.get(ref)
        if entry is None:
            hint = difflib.get_close_matches(ref, list(self.entries), n=1, cutoff=0.8)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise DataError(where, f"unknown id {ref!r}: no curated file defines it{extra}")
        if classes is not None:
            allowed = tuple(classes)
            if entry.cls not in allowed:
                raise DataError(where, f"{ref!r} is a {entry.cls}, expected {' or '.join(allowed)}")
        return entry

    def cls(self, ref: str) -> str | None:
        entry = self.entries.get(ref)
        return entry.cls if entry else None

    def jurisdiction(self, body: str, where: Location) -> str | None:
        """The state a body belongs to: its own `jurisdiction`, else its parent's, up the chain."""
        seen: list[str] = []
        current = body
        while current.startswith("body/"):
            if current in self.body_jurisdictions:
                return self.body_jurisdictions[current]
            if current in seen:
                raise DataError(where, f"body parents form a cycle: {' -> '.join([*seen, current])}")
            seen.append(current)
            parent = self.body_parents.get(current)
            if parent is None:
                return None
            current = parent
        return current if current.startswith("state/") else None


def _place(where: Location) -> str:
    return f"{where.file}:{where.line}" if where.line else str(where.file)


class Concepts:
    """Concept keys by scheme (`{"status": {"enacted", …}}`); None means keys are checked for shape only."""

    def __init__(self, known: Mapping[str, set[str]] | None) -> None:
        self.known = known

    def check(self, scheme: str, key: str | None, where: Location) -> None:
        if key is None or self.known is None:
            return
        keys = self.known.get(scheme)
        if keys is None:
            raise DataError(where, f"the vocabulary has no scheme {scheme!r}, so {key!r} cannot be checked")
        if key not in keys:
            hint = difflib.get_close_matches(key, sorted(keys), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise DataError(where, f"unknown {scheme} key {key!r}: not in vocab:{scheme}/{extra}")
