"""The US BIS Military-Intelligence End User list (15 CFR 744.22(f)(2)), OpenSanctions' source file.

The listed "Organizations" are military intelligence services of foreign governments (the regulation
names them as such), so they are written as `svkg:GovernmentBody` records with their state as
jurisdiction. Each row is an `entity-listing` by `body/us-bis` on `list/us-bis-mieu`, dated at `Date`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.errors import Location
from graph.importers import rdf as R
from graph.importers.base import Importer, SourceInfo
from graph.importers.listings import Entity, Listing, write_entity, write_listing
from graph.importers.rows import optional_date, parse_date, read_csv, require, split_list
from graph.importers.sources import CC_BY_NC, OPENSANCTIONS
from graph.importers.states import StateWriter, iso2

COLUMNS = ("Type", "Name", "Alias", "Country", "Topics", "Program", "Date", "End date", "Source URL")
CLASSES = {"Organization": "GovernmentBody", "Company": "Company", "Person": "Person"}


class BisMieuImporter(Importer):
    name = "bis-mieu"
    description = "US BIS Military-Intelligence End User list"
    source = SourceInfo(
        title="US BIS Military-Intelligence End User list (OpenSanctions source file)",
        file="opensanctions/us__bis_mieu__mieu.csv",
        origin_url=OPENSANCTIONS + "datasets/us/bis_mieu/mieu.csv",
        licence="CC BY-NC 4.0 (OpenSanctions data)",
        licence_url=CC_BY_NC,
        snapshot_date=date(2026, 8, 22),
        retrieved_date=date(2026, 11, 27),
    )
    ACTOR = "body/us-bis"
    LIST = "list/us-bis-mieu"

    def convert(self, path: Path) -> int:
        actor, basis = R.thing(self.ACTOR), [R.thing(self.LIST)]
        states = StateWriter(self.context)
        rows = 0
        for line, row in read_csv(path, required=COLUMNS):
            rows += 1
            name = require(row["Name"], Location(path, line, "Name"))
            kind = row["Type"].strip()
            if kind not in CLASSES:
                raise self.fail(line, "Type", f"unknown entity type {kind!r} (expected {', '.join(CLASSES)})")
            code = iso2(row["Country"])
            if row["Country"].strip() and code is None:
                raise self.fail(line, "Country", f"unknown country {row['Country']!r}")
            where = Location(path, line, "Date")
            listed = parse_date(require(row["Date"], where), where)
            ended = optional_date(row["End date"], Location(path, line, "End date"))
            key = R.slug(f"{name} {code or ''}")
            node = write_entity(self, Entity(key, CLASSES[kind], name,
                                             {a: R.guess_lang(a) for a in split_list(row["Alias"])},
                                             country=states.ref(code) if code else None))
            url = row["Source URL"].strip()
            listing = Listing(
                key=f"{key}-{listed.isoformat()}", action_type="entity-listing", actor=actor,
                legal_basis=basis, date=listed, end_date=ended,
                label=f"BIS lists {name} as a military-intelligence end user",
                verification_note=f"Federal Register: {url}" if url else None)
            listing.add_target(node, CLASSES[kind], name)
            write_listing(self, listing)
        self.stats["states_minted"] = states.write(self.sink)
        return rows
