"""The FCC Covered List (Secure Networks Act, 47 U.S.C. 1601-1609), as OpenSanctions' source table.

Each row is one entry: the covered equipment or services in the FCC's words, and the date of inclusion
(later amendments follow as `Updated:` dates in the same cell). The firms an entry names ("equipment
produced by Huawei Technologies Company", "services provided by Pacific Networks Corp and its
wholly-owned subsidiary ComNet (USA) LLC") become company records and the entry's targets; an entry
that names a category and no firm ("routers produced in a foreign country") has only a target note.
Each entry is a `covered-list-addition` by `body/us-fcc` on `list/us-fcc-covered-list`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from graph.errors import Location
from graph.importers import rdf as R
from graph.importers.base import Importer, SourceInfo
from graph.importers.listings import Entity, Listing, write_entity, write_listing
from graph.importers.rows import long_dates, read_csv, require
from graph.importers.sources import CC_BY_NC, OPENSANCTIONS

TEXT, DATE = "covered_equipment_or_services", "date_of_inclusion_on_covered_list"

# "produced by X", "provided by X", "produced or provided by X", "supplied, directly or indirectly, by X",
# X running to the clause that follows the name
_PRODUCER = re.compile(
    r"\b(?:produced|provided|supplied)(?: or provided)?(?:, directly or indirectly,)? by "
    r"(?P<name>[A-Z][^;]*?)(?=,? (?:or any|subject to|to the extent|including|and its)\b|\.?$|,? and its)")
_SUBSIDIARY = re.compile(r",? and its (?:wholly-owned )?subsidiary (?P<name>[A-Z][^;]*?)"
                         r"(?=,? (?:subject to|or any|including)\b|\.?$)")


def named_firms(text: str) -> list[tuple[str, str | None]]:
    """The firms an entry names, as `(name, parent name or None)`, in order of appearance."""
    out: list[tuple[str, str | None]] = []
    for match in _PRODUCER.finditer(text):
        name = match.group("name").strip().rstrip(",")
        out.append((name, None))
        sub = _SUBSIDIARY.match(text, match.end())
        if sub:
            out.append((sub.group("name").strip().rstrip(","), name))
    return out


def category_key(text: str) -> str:
    return R.slug(" ".join(text.split()[:6]), max_len=60)


class FccCoveredImporter(Importer):
    name = "fcc-covered"
    description = "FCC Covered List entries and their dates of inclusion"
    source = SourceInfo(
        title="US FCC Covered List (OpenSanctions source table)",
        file="opensanctions/us__fcc_covered_list__table.csv",
        origin_url=OPENSANCTIONS + "datasets/us/fcc_covered_list/table.csv",
        licence="CC BY-NC 4.0 (OpenSanctions data; entry text from fcc.gov)",
        licence_url=CC_BY_NC,
        snapshot_date=date(2026, 8, 22),
        retrieved_date=date(2026, 11, 27),
    )
    ACTOR = "body/us-fcc"
    LIST = "list/us-fcc-covered-list"

    def convert(self, path: Path) -> int:
        actor, basis = R.thing(self.ACTOR), [R.thing(self.LIST)]
        rows = 0
        firms: dict[str, Entity] = {}
        for line, row in read_csv(path, required=(TEXT, DATE)):
            rows += 1
            text = " ".join(require(row[TEXT], Location(path, line, TEXT)).split())
            dates = long_dates(require(row[DATE], Location(path, line, DATE)))
            if not dates:
                raise self.fail(line, DATE, f"no date like 'March 12, 2021' in {row[DATE]!r}")
            included, updates = dates[0], dates[1:]
            keys = []
            for name, parent in named_firms(text):
                key = R.slug(name)
                ent = firms.setdefault(key, Entity(key, "Company", name))
                if parent:
                    ent.parent = self.record(R.slug(parent))
                keys.append(key)
            targets = [self.record(k) for k in keys]
            if keys:
                key = f"{keys[0]}-{included.isoformat()}"
                label = f"FCC adds {' and '.join(firms[k].label for k in keys)} to the Covered List"
            else:
                key = f"{category_key(text)}-{included.isoformat()}"
                label = f"FCC adds to the Covered List: {' '.join(text.split()[:8])} …"
            note = "updated on the list " + ", ".join(d.isoformat() for d in updates) if updates else None
            write_listing(self, Listing(
                key=key, action_type="covered-list-addition", actor=actor, targets=targets,
                target_note=None if targets else text, legal_basis=basis, label=label, date=included,
                scope=text, status_note=note))
        for ent in firms.values():
            write_entity(self, ent)
        self.stats["firms"] = len(firms)
        return rows
