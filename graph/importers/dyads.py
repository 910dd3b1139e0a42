"""Dyad-year alliance files (ATOP 5.1, COW v4.1) -> dated `svkg:DyadicTie` intervals.

Each row is one directed pair of COW state codes in one year with a 0/1 column per alliance type (both
directions are in the files; in ATOP 1,300 directed dyad-years differ from their reverse, a pledge of one
state to the other only). A tie has two unordered parties, so a (pair, type) counts in a year when either
direction says 1. For each (pair, type), runs of consecutive years become one tie from 1 January of the
first year to 31 December of the last (`svkg:startPrecision` year). A tie still present in the dataset's
last year is right-censored — the dataset ends, not necessarily the tie — and says so in
`dcterms:description`. COW codes map to ISO alpha-2 (`cow_codes.py`); two codes with one ISO code (the
German Federal Republic and Germany) are one state, so their years join. Dyads with a state that has no
ISO code are skipped and counted (`skipped_dyad_years`). Ties are
`id:record/<dataset>/<ISO>-<ISO>-<type>-<first year>`.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import ClassVar

from graph.errors import Location
from graph.importers import rdf as R
from graph.importers.base import Importer, sha256_file
from graph.importers.cow_codes import CowState, load_states, primary_cow_code
from graph.importers.rows import parse_int, read_csv
from graph.importers.states import StateWriter, label

STATES_FILE = "cow_state_system_codes.csv"


def runs(years: set[int]) -> list[tuple[int, int]]:
    """`{1949, 1950, 1951, 1960}` -> `[(1949, 1951), (1960, 1960)]`."""
    out: list[tuple[int, int]] = []
    for year in sorted(years):
        if out and year == out[-1][1] + 1:
            out[-1] = (out[-1][0], year)
        else:
            out.append((year, year))
    return out


class DyadImporter(Importer):
    large = True
    TYPES: ClassVar[dict[str, tuple[str, str]]]  # column -> (alliance-type key, words for the label)
    SOURCE_LABEL: ClassVar[str]

    @property
    def states_path(self) -> Path:
        return self.context.sources_dir / STATES_FILE

    def convert(self, path: Path) -> int:
        cow = load_states(self.states_path)
        years: dict[tuple[str, str, str], set[int]] = defaultdict(set)
        codes: dict[str, int] = {}
        rows = skipped = self_dyads = 0
        last_year = 0
        by_text = {str(code): state for code, state in cow.items()}  # the hot loop looks codes up as text
        columns = tuple(self.TYPES)
        for line, row in read_csv(path, required=("ccode1", "ccode2", "year", *columns)):
            rows += 1
            a = by_text.get(row["ccode1"]) or self._state(cow, row, line, "ccode1")
            b = by_text.get(row["ccode2"]) or self._state(cow, row, line, "ccode2")
            text = row["year"]
            year = int(text) if text.isdigit() else parse_int(text, Location(path, line, "year"))
            last_year = max(last_year, year)
            present = []
            for col in columns:
                flag = row[col]
                if flag == "1":
                    present.append(col)
                elif flag != "0":
                    raise self.fail(line, col, f"expected 0 or 1, found {flag!r}")
            if not present:
                continue
            if a.iso2 is None or b.iso2 is None:
                skipped += 1
                continue
            if a.iso2 == b.iso2:  # 1990: the German Federal Republic and Germany, both DE
                self_dyads += 1
                continue
            first, second = (a, b) if a.iso2 < b.iso2 else (b, a)
            for state in (first, second):
                if state.iso2 not in codes:
                    codes[state.iso2] = primary_cow_code(state.code)  # type: ignore[index]
            for col in present:
                years[(first.iso2, second.iso2, col)].add(year)  # type: ignore[index]
        states = StateWriter(self.context)
        ties = 0
        for (first, second, col), ys in sorted(years.items()):
            for start, end in runs(ys):
                ties += 1
                self._tie(states.ref(first, codes[first]), states.ref(second, codes[second]), first, second,
                          col, start, end, last_year)
        self.stats.update(ties=ties, skipped_dyad_years=skipped, self_dyad_years=self_dyads,
                          last_year=last_year,
                          states_minted=states.write(self.sink))
        return rows

    def _state(self, cow: dict[int, CowState], row: dict[str, str], line: int, col: str) -> CowState:
        code = parse_int(row[col], Location(self.path, line, col))
        if code not in cow:
            raise self.fail(line, col, f"COW code {code} is not in {STATES_FILE}")
        return cow[code]

    def _tie(self, a: R.ox.NamedNode, b: R.ox.NamedNode, iso_a: str, iso_b: str, col: str, start: int,
             end: int, last_year: int) -> None:
        add = self.sink.add
        kind, words = self.TYPES[col]
        node = self.record(f"{iso_a}-{iso_b}-{kind.split('-', 1)[1]}-{start}")
        add(node, R.RDF_TYPE, R.svkg("DyadicTie"))
        add(node, R.RDFS_LABEL, R.text(f"{self.SOURCE_LABEL} {words}: {label(iso_a)} – {label(iso_b)}, "
                                       f"{start}–{end}"))
        add(node, R.svkg("party"), a)
        add(node, R.svkg("party"), b)
        add(node, R.svkg("allianceType"), R.concept("alliance-type", kind))
        add(node, R.svkg("startDate"), R.day(date(start, 1, 1)))
        add(node, R.svkg("endDate"), R.day(date(end, 12, 31)))
        add(node, R.svkg("startPrecision"), R.concept("precision", "year"))
        add(node, R.svkg("source"), self.dataset_node)
        add(node, R.svkg("verification"), R.concept("verification", "verified-dataset"))
        if end == last_year:
            add(node, R.dct("description"), R.text(
                f"Right-censored: the dataset ends in {last_year}; the tie may continue after it."))

    def metadata(self, path, rows, started):  # type: ignore[no-untyped-def]
        meta = super().metadata(path, rows, started)
        meta["states_file_sha256"] = sha256_file(self.states_path)
        return meta
