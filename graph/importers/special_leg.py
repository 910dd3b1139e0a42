"""Firms named in US statutes (OpenSanctions' `us_special_leg` source files): NDAA FY2019 §889
(Huawei, ZTE, Hytera, Hikvision, Dahua), NDAA FY2023 §5949 (SMIC, YMTC, CXMT) and NDAA FY2024 §154
(battery makers: CATL, BYD …).

One importer per section, each its own graph. Each row is an `entity-listing` by `body/us-congress`
with the section as legal basis. The files give no date for §889 and §5949, so the action is dated at
the law's enactment (Pub.L. 115-232: 2018-08-13; Pub.L. 117-263: 2022-12-23; Pub.L. 118-31:
2023-12-22), and the claim's verification note says the date comes from the law, not the file;
`start-date` (when the prohibition takes effect) becomes `svkg:effectiveDate`.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.errors import Location
from graph.importers import rdf as R
from graph.importers.base import Importer, SourceInfo
from graph.importers.listings import Entity, Listing, write_entity, write_listing
from graph.importers.rows import optional_date, read_csv, require, split_list
from graph.importers.sources import CC_BY_NC, OPENSANCTIONS
from graph.importers.states import StateWriter, iso2

COLUMNS = ("schema", "name", "aliases", "topics", "program", "authority", "reason", "report-date",
           "start-date", "end-date", "country", "notes", "source_url")
DATE_FORMATS = ("%Y-%m-%d", "%B %d, %Y")
CLASSES = {"Company": "Company", "Person": "Person", "Organization": "Organization",
           "LegalEntity": "Company", "PublicBody": "GovernmentBody"}


class SpecialLegImporter(Importer):
    """Base of the three section importers; subclasses set the section's facts."""

    section: str  # "s889"
    law_id: str  # curated id of the law section
    law_title: str
    enacted: date
    public_law: str

    ACTOR = "body/us-congress"

    def convert(self, path: Path) -> int:
        actor, basis = R.thing(self.ACTOR), [R.thing(self.law_id)]
        states = StateWriter(self.context)
        rows = 0
        for line, row in read_csv(path, required=COLUMNS):
            rows += 1
            name = require(row["name"], Location(path, line, "name"))
            schema = row["schema"].strip() or "Company"
            if schema not in CLASSES:
                raise self.fail(line, "schema", f"unknown entity schema {schema!r} "
                                f"(expected one of {', '.join(CLASSES)})")
            key = R.slug(name)
            if not key:
                raise self.fail(line, "name", f"no Latin letters or digits to make an id from {name!r}")
            reported = optional_date(row["report-date"], Location(path, line, "report-date"), DATE_FORMATS)
            effective = optional_date(row["start-date"], Location(path, line, "start-date"), DATE_FORMATS)
            ended = optional_date(row["end-date"], Location(path, line, "end-date"), DATE_FORMATS)
            code = iso2(row["country"]) if row["country"].strip() else None
            if row["country"].strip() and code is None:
                raise self.fail(line, "country", f"unknown country {row['country']!r}")
            aliases = {a: R.guess_lang(a) for a in split_list(row["aliases"])}
            node = write_entity(self, Entity(key, CLASSES[schema], name, aliases,
                                             country=states.ref(code) if code else None))
            note = None if reported else (f"date: enactment of {self.public_law} on "
                                          f"{self.enacted.isoformat()} (the dataset gives no date)")
            listing = Listing(
                key=key, action_type="entity-listing", actor=actor, legal_basis=basis,
                label=f"{self.law_title} names {name}", date=reported or self.enacted,
                effective_date=effective, end_date=ended, status="ended" if ended else "enacted",
                description=row["notes"].strip() or None, verification_note=note,
                scope=row["reason"].strip() or None)
            listing.add_target(node, CLASSES[schema], name)
            write_listing(self, listing)
        self.stats["states_minted"] = states.write(self.sink)
        return rows


def _source(section: str, title: str) -> SourceInfo:
    return SourceInfo(
        title=f"{title}: named firms (OpenSanctions source file)",
        file=f"opensanctions/us__special_leg__source_files__section_{section}.csv",
        origin_url=OPENSANCTIONS + f"datasets/us/special_leg/source_files/section_{section}.csv",
        licence="CC BY-NC 4.0 (OpenSanctions data)",
        licence_url=CC_BY_NC,
        snapshot_date=date(2026, 8, 22),
        retrieved_date=date(2026, 11, 27),
    )


class Ndaa889Importer(SpecialLegImporter):
    name = "ndaa-s889"
    description = "NDAA FY2019 section 889: the five named telecom and surveillance firms"
    law_title, law_id = "NDAA FY2019 §889", "law/us-ndaa-fy2019-s889"
    enacted, public_law = date(2018, 8, 13), "Pub.L. 115-232"
    source = _source("889", "NDAA FY2019 section 889")


class Ndaa5949Importer(SpecialLegImporter):
    name = "ndaa-s5949"
    description = "NDAA FY2023 section 5949: named semiconductor firms"
    law_title, law_id = "NDAA FY2023 §5949", "law/us-ndaa-fy2023-s5949"
    enacted, public_law = date(2022, 12, 23), "Pub.L. 117-263"
    source = _source("5949", "NDAA FY2023 section 5949")


class Ndaa154Importer(SpecialLegImporter):
    name = "ndaa-s154"
    description = "NDAA FY2024 section 154: named battery makers"
    law_title, law_id = "NDAA FY2024 §154", "law/us-ndaa-fy2024-s154"
    enacted, public_law = date(2023, 12, 22), "Pub.L. 118-31"
    source = _source("154", "NDAA FY2024 section 154")
