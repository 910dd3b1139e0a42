"""States in imported graphs: country values to ISO 3166-1 alpha-2, and minimal `svkg:State` records.

Every state an import refers to is `id:state/<ISO2>`. The curated entities define most of them; for the
others an importer writes a minimal record in its own graph (type, English label, ISO code, and the
COW code when it knows it) so that SHACL finds a typed, labelled state at the end of every link. Curated
states get nothing from an import (not even a COW code: the curated record carries its own).
"""

from __future__ import annotations

import pycountry

from graph.importers import rdf as R
from graph.importers.base import TripleSink
from graph.importers.context import ImportContext

# labels for codes whose ISO short name is not what people call the state
LABELS: dict[str, str] = {
    "TW": "Taiwan", "KR": "South Korea", "KP": "North Korea", "RU": "Russia", "IR": "Iran",
    "SY": "Syria", "VE": "Venezuela", "BO": "Bolivia", "TZ": "Tanzania", "VN": "Vietnam", "LA": "Laos",
    "MD": "Moldova", "FM": "Micronesia", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CZ": "Czech Republic", "XK": "Kosovo", "DD": "German Democratic Republic", "YD": "South Yemen",
    "CS": "Czechoslovakia", "PS": "Palestine", "VA": "Vatican City", "BN": "Brunei", "SZ": "Eswatini",
    "TR": "Turkey", "CI": "Ivory Coast", "CV": "Cape Verde", "MK": "North Macedonia", "GB": "United Kingdom",
    "US": "United States", "MM": "Myanmar",
}

# ISO 3166-1 codes no longer assigned (ISO 3166-3), and the user-assigned code for Kosovo
FORMER: dict[str, str] = {"DD": "DDDE", "YD": "YDYE", "CS": "CSHH"}
NON_ISO = {"XK"}

# country names in the datasets that pycountry does not resolve by itself
ALIASES: dict[str, str] = {"czech republic": "CZ", "taiwan": "TW", "south korea": "KR", "north korea": "KP",
                           "russia": "RU", "turkey": "TR", "kosovo": "XK", "uk": "GB",
                           "great britain": "GB", "england": "GB"}


def iso2(value: str) -> str | None:
    """An ISO alpha-2 code for a country code or name (`"JP"`, `"jp"`, `"Japan"`, `"JPN"`), or None
    (`"EU"`, an empty value, or a name nobody maps)."""
    value = value.strip()
    if not value:
        return None
    key = value.lower()
    if key in ALIASES:
        return ALIASES[key]
    if len(value) == 2 and value.upper() in NON_ISO:
        return value.upper()
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        return None


def label(code: str) -> str:
    if code in LABELS:
        return LABELS[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        hist = pycountry.historic_countries.get(alpha_4=FORMER.get(code, ""))
        return hist.name if hist is not None else code
    return getattr(country, "common_name", None) or country.name


class StateWriter:
    """Collects the states an import refers to and writes a minimal record for each one the curated
    data does not define."""

    def __init__(self, context: ImportContext) -> None:
        self.context = context
        self.codes: dict[str, int | None] = {}

    def ref(self, code: str, cow_code: int | None = None) -> R.ox.NamedNode:
        """The state's IRI, remembering to describe it (and its COW code, when given)."""
        if code not in self.codes or self.codes[code] is None:
            self.codes[code] = cow_code
        return R.thing(f"state/{code}")

    def write(self, sink: TripleSink) -> int:
        """Write the minimal records; return how many states were not in the curated data."""
        minted = 0
        for code, cow_code in sorted(self.codes.items()):
            if self.context.has(f"state/{code}"):
                continue  # the curated record describes it (with its own COW code)
            minted += 1
            node = R.thing(f"state/{code}")
            sink.add(node, R.RDF_TYPE, R.svkg("State"))
            sink.add(node, R.RDFS_LABEL, R.text(label(code)))
            sink.add(node, R.svkg("isoAlpha2"), R.plain(code))
            if cow_code is not None:
                sink.add(node, R.svkg("cowCode"), R.integer(cow_code))
        return minted
