"""OFAC's Specially Designated Nationals list, legacy `sdn.csv` (no header; OFAC's column order).

Columns: ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage, GRT, Vess_flag,
Vess_owner, Remarks; `-0-` means empty. Each row is a `sanctions-listing` by `body/us-ofac` on
`list/us-ofac-sdn`, its target keyed by OFAC's stable `ent_num` (`id:record/ofac-sdn/<ent_num>`):
individuals are `svkg:Person` (with `nationality X` from the remarks), entities `org:Organization`;
vessels and aircraft are not agents, so their listing carries a target note instead. Aliases are the
remarks' `a.k.a.`/`f.k.a.`/`n.k.a.` names. The legacy file gives no designation dates: the listing is
undated and its claim says it was on the list at the snapshot. Large: written as N-Triples.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from graph.errors import Location
from graph.importers import rdf as R
from graph.importers.base import Importer, SourceInfo
from graph.importers.listings import Entity, Listing, write_entity, write_listing
from graph.importers.rows import parse_int, read_csv, require
from graph.importers.sources import OFAC_SCRAPE
from graph.importers.states import StateWriter, iso2

COLUMNS = ("ent_num", "SDN_Name", "SDN_Type", "Program", "Title", "Call_Sign", "Vess_type", "Tonnage", "GRT",
           "Vess_flag", "Vess_owner", "Remarks")
NULL = "-0-"
TYPES = {"": "Organization", "individual": "Person", "vessel": None, "aircraft": None}
_ALIAS = re.compile(r"\b[afn]\.k\.a\.,? '([^']+)'", re.IGNORECASE)
_NATIONALITY = re.compile(r"\bnationality ([A-Z][A-Za-z .,'-]+?)(?:;|\.$|$)", re.IGNORECASE)


def value(raw: str) -> str:
    raw = raw.strip()
    return "" if raw == NULL else raw


class OfacSdnImporter(Importer):
    name = "ofac-sdn"
    large = True
    description = "OFAC SDN list (legacy CSV), every entry"
    source = SourceInfo(
        title="OFAC Specially Designated Nationals list, legacy sdn.csv (git-scrape)",
        file="ofac_sdn_2024-05-03.csv.gz",
        origin_url=OFAC_SCRAPE,
        licence="US government work (public domain)",
        licence_url=None,
        snapshot_date=date(2024, 5, 3),
        retrieved_date=date(2026, 11, 27),
    )
    ACTOR = "body/us-ofac"
    LIST = "list/us-ofac-sdn"

    def convert(self, path: Path) -> int:
        actor, basis = R.thing(self.ACTOR), [R.thing(self.LIST)]
        states = StateWriter(self.context)
        seen: set[int] = set()
        rows = 0
        counts = {"Person": 0, "Organization": 0, "vessel": 0, "aircraft": 0}
        for line, row in read_csv(path, columns=COLUMNS):
            rows += 1
            num = parse_int(row["ent_num"], Location(path, line, "ent_num"))
            if num in seen:
                raise self.fail(line, "ent_num", f"ent_num {num} appears twice")
            seen.add(num)
            name = require(value(row["SDN_Name"]), Location(path, line, "SDN_Name"))
            kind = value(row["SDN_Type"]).lower()
            if kind not in TYPES:
                raise self.fail(line, "SDN_Type", f"unknown SDN type {kind!r} "
                                "(expected -0-, individual, vessel or aircraft)")
            programs = [p.strip() for p in value(row["Program"]).strip("[] ").split("] [") if p.strip()]
            remarks = value(row["Remarks"])
            cls = TYPES[kind]
            listing = Listing(
                key=str(num), action_type="sanctions-listing", actor=actor, legal_basis=basis,
                label=f"OFAC lists {name} on the SDN list",
                scope="programs: " + "; ".join(programs) if programs else None)
            if cls is None:
                counts[kind] += 1
                details = [f"{k} {value(row[c])}" for k, c in (("flag", "Vess_flag"), ("type", "Vess_type"),
                                                                ("call sign", "Call_Sign")) if value(row[c])]
                listing.target_note = f"{kind} {name}" + (f" ({', '.join(details)})" if details else "")
            else:
                counts[cls] += 1
                nationality = None
                if cls == "Person":
                    found = _NATIONALITY.search(remarks)
                    code = iso2(found.group(1)) if found else None
                    nationality = states.ref(code) if code else None
                aliases = {a.strip(): R.guess_lang(a) for a in _ALIAS.findall(remarks) if a.strip()}
                node = write_entity(self, Entity(str(num), cls, name, aliases, value(row["Title"]) or None,
                                                 country=nationality))
                listing.add_target(node, cls, name)
            write_listing(self, listing)
        self.stats.update({f"targets_{k.lower()}": v for k, v in counts.items()})
        self.stats["states_minted"] = states.write(self.sink)
        return rows
