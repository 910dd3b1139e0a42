"""Correlates of War state codes -> ISO 3166-1 alpha-2, for the ATOP and COW dyad files.

The COW State System file (`cow_state_system_codes.csv`: stateabb, ccode, statenme, …) names each
state. A code maps to the ISO country whose name, official name or common name is exactly the COW
name (pycountry's ISO 3166-1 table). The codes whose ISO code is not derivable that way are in `HAND`,
checked by hand against ISO 3166-1 and ISO 3166-3; `None` there means the state has no ISO code of
its own (pre-unification German and Italian states, Austria-Hungary, Korea 1887-1905, Zanzibar,
South Vietnam), and the importers skip dyads involving it (counted in the metadata). A code that is in
neither stops the import: add it to `HAND`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pycountry

from graph.errors import DataError, Location
from graph.importers.rows import parse_int, read_csv, require

STATE_COLUMNS = ("stateabb", "ccode", "statenme")

# ccode: (ISO alpha-2 or None, why). Checked by hand; see the module docstring.
HAND: dict[int, tuple[str | None, str]] = {
    56: ("LC", "St. Lucia = Saint Lucia"),
    57: ("VC", "St. Vincent and the Grenadines = Saint Vincent and the Grenadines"),
    58: ("AG", "Antigua & Barbuda = Antigua and Barbuda"),
    60: ("KN", "St. Kitts and Nevis = Saint Kitts and Nevis"),
    240: (None, "Hanover (1837-1866): no ISO code"),
    245: (None, "Bavaria (1816-1871): no ISO code"),
    260: ("DE", "German Federal Republic (1955-1990): ISO DE was assigned to the FRG; merged with 255"),
    265: ("DD", "German Democratic Republic: ISO 3166-1 DD until 1990 (ISO 3166-3 DDDE)"),
    267: (None, "Baden (1816-1871): no ISO code"),
    269: (None, "Saxony (1816-1867): no ISO code"),
    271: (None, "Wuerttemberg (1816-1871): no ISO code"),
    273: (None, "Hesse Electoral (1816-1866): no ISO code"),
    275: (None, "Hesse Grand Ducal (1816-1867): no ISO code"),
    280: (None, "Mecklenburg Schwerin (1843-1867): no ISO code"),
    300: (None, "Austria-Hungary (1816-1918): no ISO code; COW 305 is Austria (AT)"),
    315: ("CS", "Czechoslovakia: ISO 3166-1 CS until 1993 (ISO 3166-3 CSHH)"),
    327: (None, "Papal States (1816-1860): no ISO code"),
    329: (None, "Two Sicilies (1816-1861): no ISO code"),
    332: (None, "Modena (1842-1860): no ISO code"),
    335: (None, "Parma (1851-1860): no ISO code"),
    337: (None, "Tuscany (1816-1860): no ISO code"),
    343: ("MK", "Macedonia = North Macedonia"),
    345: ("RS", "Yugoslavia/Serbia: COW keeps one code from Serbia (1878) through Yugoslavia to Serbia"),
    347: ("XK", "Kosovo: XK, the user-assigned code used by the EU and IMF (not assigned by ISO)"),
    365: ("RU", "Russia (COW: Russia/USSR/Russian Federation) = Russian Federation"),
    402: ("CV", "Cape Verde = Cabo Verde"),
    437: ("CI", "Ivory Coast = Côte d'Ivoire"),
    490: ("CD", "Democratic Republic of the Congo = Congo, The Democratic Republic of the"),
    511: (None, "Zanzibar (1963-1964): no ISO code; merged into Tanzania"),
    572: ("SZ", "Swaziland = Eswatini"),
    640: ("TR", "Turkey (COW: Ottoman Empire/Turkey) = Türkiye"),
    678: ("YE", "Yemen Arab Republic: ISO YE was North Yemen's code before 1990; merged with 679"),
    680: ("YD", "Yemen People's Republic: ISO 3166-1 YD until 1990 (ISO 3166-3 YDYE)"),
    730: (None, "Korea (1887-1905): no ISO code"),
    817: (None, "Republic of Vietnam (1954-1975): no separate code today (COW 816 is Vietnam, VN)"),
    835: ("BN", "Brunei = Brunei Darussalam"),
    860: ("TL", "East Timor = Timor-Leste"),
}
MERGED = {260: 255, 678: 679}  # codes whose ISO code is carried by another COW code (the cowCode written)


@dataclass(frozen=True)
class CowState:
    code: int
    abbrev: str
    name: str
    iso2: str | None
    line: int


def load_states(path: Path) -> dict[int, CowState]:
    """The COW states by code, each mapped to ISO alpha-2 (None: no ISO code, see HAND)."""
    out: dict[int, CowState] = {}
    for line, row in read_csv(path, required=STATE_COLUMNS):
        code = parse_int(row["ccode"], Location(path, line, "ccode"))
        if code in out:
            continue  # a state with several spells of membership has one row per spell
        name = require(row["statenme"], Location(path, line, "statenme"))
        iso = _iso(code, name, Location(path, line, "statenme"))
        out[code] = CowState(code, row["stateabb"].strip(), name, iso, line)
    return out


def _iso(code: int, name: str, where: Location) -> str | None:
    if code in HAND:
        return HAND[code][0]
    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        raise DataError(where, f"COW code {code} ({name}) has no ISO 3166 code by name and is not in the "
                               "hand-checked table HAND of graph/importers/cow_codes.py") from None


def primary_cow_code(code: int) -> int:
    """The COW code written as `svkg:cowCode` for the ISO state this code maps to."""
    return MERGED.get(code, code)
