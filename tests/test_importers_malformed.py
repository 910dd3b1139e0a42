"""A malformed row stops an importer with the file, the line and the field (one broken file per format,
cut from the real ones by tests/fixtures/importers/cut.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.errors import DataError
from graph.importers.context import ImportContext
from graph.importers.registry import get_importer

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "importers"
CTX = ImportContext(sources_dir=REPO / "data" / "sources", curated_dir=REPO / "data" / "curated")


@pytest.mark.parametrize(("importer", "fixture", "line", "field", "rule"), [
    ("dod-1260h", "bad_1260h_date.csv", 4, "Start date", "not a date"),
    ("fcc-covered", "bad_fcc_columns.csv", 5, None, "expected 2 columns, found 3"),
    ("fcc-covered", "bad_fcc_date.csv", 4, "date_of_inclusion_on_covered_list", "no date like"),
    ("ndaa-s889", "bad_889_quote.csv", 4, None, "malformed CSV"),
    ("cn-sanctions", "bad_cn_topic.csv", 3, "Topics", "unknown topic 'sanction.unknown'"),
    ("ofac-sdn", "bad_ofac_entnum.csv.gz", 6, "ent_num", "not an integer: 'X12'"),
    ("atop", "bad_atop_flag.csv.gz", 11, "atop_consul", "expected 0 or 1, found '2'"),
    ("cow", "bad_cow_code.csv.gz", 7, "ccode2", "COW code 9999 is not in"),
    ("ftm", "bad_ftm_json.json", 3, None, "not JSON"),
    ("ftm", "bad_ftm_orphan.json", 4, "entity", "'not-in-file' is not in the file"),
])
def test_malformed_row_names_file_line_and_field(importer: str, fixture: str, line: int, field: str | None,
                                                  rule: str) -> None:
    imp = get_importer(importer, context=CTX, snapshot_date=date(2026, 8, 22))
    with pytest.raises(DataError) as caught:
        imp.run(FIX / fixture)
    err = caught.value
    assert Path(err.location.file).name == fixture
    assert err.location.line == line
    assert err.location.field == field
    assert rule in err.rule
    assert f"{fixture}:{line}" in str(err)


def test_missing_file_and_missing_header_column(tmp_path: Path) -> None:
    imp = get_importer("bis-mieu", context=CTX)
    with pytest.raises(DataError, match="no such file"):
        imp.run(tmp_path / "absent.csv")
    bad = tmp_path / "mieu.csv"
    bad.write_text("Type,Name,Alias,Country\nOrganization,GRU,,RU\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        imp.run(bad)
    assert caught.value.location.line == 1 and caught.value.location.field == "Topics"


def test_broken_gzip_is_located(tmp_path: Path) -> None:
    broken = tmp_path / "atop.csv.gz"
    broken.write_bytes((FIX / "atop_sample.csv.gz").read_bytes()[:200])
    with pytest.raises(DataError, match=r"broken gzip|malformed CSV"):
        get_importer("atop", context=CTX).run(broken)
