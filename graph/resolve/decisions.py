"""Manual resolution decisions: pairs a person has judged `same` or `different`. They always win.

The file (`data/resolution-decisions.yaml`; it is not under `data/curated/`, where the curated loader
would take any `.yaml` file for a fact file):

```yaml
decisions:
  - left: record/dod-1260h/shenzhen-dji-technology-co-ltd   # an id path or a full IRI
    right: company/dji
    decision: same          # same | different
    note: SZ is the usual short form of Shenzhen; DJI's own name for its operating company.
```

A `same` pair is linked (decision `manual`, score 1) whatever the matcher says, and the record's
automatic links to other entities are dropped; a `different` pair is never linked. Anything malformed —
not a mapping, an unknown or missing key, an empty note, a decision that is neither `same` nor
`different`, an id that is not an svkg id, a pair with itself, the same pair twice (either order) —
raises a `DataError` naming the file, the line and the field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from graph.curated.yamlpos import load_yaml
from graph.errors import DataError, Location
from graph.iris import ID

DEFAULT_FILE = Path("resolution-decisions.yaml")  # under the data directory (not in curated/: see below)
KEYS = ("left", "right", "decision", "note")
DECISIONS = ("same", "different")


@dataclass(frozen=True)
class Decision:
    left: str  # full IRI
    right: str
    same: bool
    note: str
    location: Location

    @property
    def pair(self) -> frozenset[str]:
        return frozenset((self.left, self.right))

    @property
    def label(self) -> str:
        return "same" if self.same else "different"

    @property
    def where(self) -> str:
        """File name and line, without the directory (it goes into the graph)."""
        return f"{Path(self.location.file).name} line {self.location.line}"


class Decisions:
    """The decisions of one file, looked up by unordered pair or by id."""

    def __init__(self, items: list[Decision] | None = None, path: Path | None = None) -> None:
        self.items = list(items or [])
        self.path = path
        self.by_pair = {d.pair: d for d in self.items}
        self.by_id: dict[str, list[Decision]] = {}
        for d in self.items:
            self.by_id.setdefault(d.left, []).append(d)
            self.by_id.setdefault(d.right, []).append(d)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, a: str, b: str) -> Decision | None:
        return self.by_pair.get(frozenset((a, b)))

    def involving(self, iri: str) -> list[Decision]:
        return self.by_id.get(iri, [])

    def same_as(self, iri: str) -> list[Decision]:
        return [d for d in self.involving(iri) if d.same]


def _iri(value: object, where: Location) -> str:
    if not isinstance(value, str) or not value.strip():
        raise DataError(where, "must be an svkg id such as company/huawei or record/dod-1260h/…")
    value = value.strip()
    iri = value if value.startswith(("http://", "https://")) else ID + value
    rest = iri[len(ID):] if iri.startswith(ID) else ""
    if "/" not in rest or not all(rest.split("/")) or any(c.isspace() for c in rest):
        raise DataError(where, f"{value!r} is not an svkg id (kind/key, e.g. company/huawei)")
    return iri


def load_decisions(path: Path) -> Decisions:
    """Read and check a decisions file; a missing file means no decisions."""
    path = Path(path)
    if not path.is_file():
        return Decisions([], path)
    doc, pos = load_yaml(path)
    if doc in (None, {}):
        return Decisions([], path)
    if not isinstance(doc, dict):
        raise DataError(Location(path, 1), "the file must be a mapping with a `decisions` list")
    unknown = [k for k in doc if k not in ("decisions", "title", "description")]
    if unknown:
        raise DataError(pos.loc((unknown[0],), key=True), f"unknown key {unknown[0]!r} (expected decisions)")
    items = doc.get("decisions") or []
    if not isinstance(items, list):
        raise DataError(pos.loc(("decisions",)), "`decisions` must be a list")
    out: list[Decision] = []
    seen: dict[frozenset[str], Decision] = {}
    for i, item in enumerate(items):
        where = Location(path, pos.line(("decisions", i)))
        if not isinstance(item, dict):
            raise DataError(where, "each decision is a mapping with left, right, decision and note")
        for key in item:
            if key not in KEYS:
                raise DataError(pos.loc(("decisions", i, key), key=True),
                                f"unknown key {key!r} (expected {', '.join(KEYS)})")
        for key in KEYS:
            if key not in item:
                raise DataError(Location(path, where.line, key), f"missing {key!r}")
        left = _iri(item["left"], pos.loc(("decisions", i, "left")))
        right = _iri(item["right"], pos.loc(("decisions", i, "right")))
        if left == right:
            raise DataError(pos.loc(("decisions", i, "right")), "a decision pairs two different ids")
        decision = item["decision"]
        if decision not in DECISIONS:
            raise DataError(pos.loc(("decisions", i, "decision")),
                            f"decision must be `same` or `different`, not {decision!r}")
        note = item["note"]
        if not isinstance(note, str) or not note.strip():
            raise DataError(pos.loc(("decisions", i, "note")), "every decision needs a note saying why")
        d = Decision(left, right, decision == "same", " ".join(note.split()), where)
        if d.pair in seen:
            raise DataError(where, f"the pair {item['left']} / {item['right']} is decided twice "
                                   f"(first at line {seen[d.pair].location.line})")
        seen[d.pair] = d
        out.append(d)
    return Decisions(out, path)
