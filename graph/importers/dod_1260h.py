"""The US DoD Section 1260H list of "Chinese military companies" (OpenSanctions' source file).

One row per company per yearly edition (2021-06-03, 2022-10-05, 2024-01-31, 2025-01-07, 2026-06-08),
with the edition as `Start date` and, for companies later removed, an `End date`. Each row becomes a
listing (`entity-listing` by `body/us-dod` on `list/us-dod-1260h`, dated at the edition) linked to the
same company's listing in the previous edition (`svkg:relatedTo`); an end date becomes `svkg:endDate`
and a removal action. Companies are one record across editions, keyed by the slug of their clean name;
the latest edition's name is the label, earlier spellings, aliases and previous names are altLabels,
and `Parent Name` becomes `svkg:subsidiaryOf`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from graph.errors import Location
from graph.importers import rdf as R
from graph.importers.base import Importer, SourceInfo
from graph.importers.listings import Entity, Listing, action_node, write_entity, write_listing
from graph.importers.rows import optional_date, parse_date, read_csv, require, split_list
from graph.importers.sources import OPENSANCTIONS

COLUMNS = ("Name", "Clean Name", "Alias", "Previous Name", "Parent Name", "Note", "Start date", "End date",
           "Source Url")
_ABBREV = re.compile(r"\s*\([^()]*\)\s*$")


@dataclass
class Row:
    line: int
    name: str
    aliases: list[str]
    parent: str | None
    note: str | None
    start: date
    end: date | None
    url: str | None


@dataclass
class Company:
    key: str
    rows: list[Row] = field(default_factory=list)


def company_key(name: str) -> str:
    """The record key of a company name; a trailing `(ABBREVIATION)` is ignored."""
    return R.slug(_ABBREV.sub("", name)) or R.slug(name)


class Dod1260HImporter(Importer):
    name = "dod-1260h"
    description = "US DoD Section 1260H list of Chinese military companies, yearly editions and removals"
    source = SourceInfo(
        title="US DoD Section 1260H list of Chinese military companies (OpenSanctions source file)",
        file="opensanctions/us__dod_chinese_milcorps__sanctions.csv",
        origin_url=OPENSANCTIONS + "datasets/us/dod_chinese_milcorps/sanctions.csv",
        licence="CC BY-NC 4.0 (OpenSanctions data; list text from defense.gov)",
        licence_url="https://creativecommons.org/licenses/by-nc/4.0/",
        snapshot_date=date(2026, 8, 22),
        retrieved_date=date(2026, 11, 27),
    )
    ACTOR = "body/us-dod"
    LIST = "list/us-dod-1260h"

    def read(self, path: Path) -> dict[str, Company]:
        companies: dict[str, Company] = {}
        for line, row in read_csv(path, required=COLUMNS):
            name = (row["Clean Name"] or row["Name"]).strip()
            require(name, Location(path, line, "Clean Name"))
            start = parse_date(require(row["Start date"], Location(path, line, "Start date")),
                               Location(path, line, "Start date"))
            end = optional_date(row["End date"], Location(path, line, "End date"))
            if end is not None and end < start:
                raise self.fail(line, "End date", f"end date {end} is before the start date {start}")
            key = company_key(name)
            if not key:
                raise self.fail(line, "Clean Name", f"no Latin letters or digits to make an id from {name!r}")
            aliases = [*split_list(row["Alias"]), *split_list(row["Previous Name"])]
            companies.setdefault(key, Company(key)).rows.append(Row(
                line, name, aliases, row["Parent Name"].strip() or None, row["Note"].strip() or None,
                start, end, row["Source Url"].strip() or None))
        return companies

    def convert(self, path: Path) -> int:
        companies = self.read(path)
        actor, basis = R.thing(self.ACTOR), [R.thing(self.LIST)]
        parents: dict[str, str] = {}
        rows = 0
        for key, company in sorted(companies.items()):
            company.rows.sort(key=lambda r: (r.start, r.line))
            latest = company.rows[-1]
            aliases = {a: R.guess_lang(a) for r in company.rows for a in [r.name, *r.aliases]}
            parent = next((r.parent for r in reversed(company.rows) if r.parent), None)
            parent_node = None
            if parent:
                pkey = company_key(parent)
                parent_node = self.record(pkey)
                if pkey not in companies:
                    parents.setdefault(pkey, _ABBREV.sub("", parent).strip() or parent)
            node = write_entity(self, Entity(key, "Company", latest.name, aliases, parent=parent_node))
            previous = None
            for r in company.rows:
                rows += 1
                lkey = f"{key}-{r.start.isoformat()}"
                write_listing(self, Listing(
                    key=lkey, action_type="entity-listing", actor=actor, targets=[node], legal_basis=basis,
                    label=f"US DoD lists {r.name} as a Chinese military company (Section 1260H, "
                          f"{r.start.isoformat()} edition)",
                    date=r.start, end_date=r.end,
                    description=None if r.end else r.note,
                    removal_note=r.note if r.end else None,
                    verification_note=f"edition: {r.url}" if r.url else None,
                    related=[previous] if previous is not None else []))
                previous = action_node(self, lkey)
        for pkey, label in sorted(parents.items()):
            write_entity(self, Entity(pkey, "Company", label))
        self.stats["companies"] = len(companies)
        self.stats["parents_not_listed"] = len(parents)
        return rows
