"""Manual resolution decisions: the file's checks (located errors) and that a decision wins both ways."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import DataError
from graph.resolve.decisions import load_decisions
from graph.resolve.records import CURATED_PREFIX, IMPORT_PREFIX, Record
from graph.resolve.resolve import resolve

ID = "https://w3id.org/svkg/id/"
REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "resolution-decisions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """decisions:
  - left: record/dod-1260h/shenzhen-dji-technology-co-ltd
    right: company/dji
    decision: same
    note: SZ is Shenzhen.
  - left: record/dod-1260h/china-mobile-limited
    right: https://w3id.org/svkg/id/company/china-mobile
    decision: different
    note: the listed subsidiary, not the group
"""


def test_a_good_file_loads(tmp_path: Path) -> None:
    d = load_decisions(write(tmp_path, GOOD))
    assert len(d) == 2
    first = d.items[0]
    assert (first.left, first.right, first.same, first.location.line) == (
        f"{ID}record/dod-1260h/shenzhen-dji-technology-co-ltd", f"{ID}company/dji", True, 2)
    assert d.get(f"{ID}company/china-mobile", f"{ID}record/dod-1260h/china-mobile-limited").same is False
    assert load_decisions(tmp_path / "missing.yaml").items == []


@pytest.mark.parametrize(("text", "line", "field", "words"), [
    ("decisions:\n  - left: company/a\n    right: company/b\n    decision: maybe\n    note: x\n", 4,
     "decision", "same` or `different"),
    ("decisions:\n  - left: company/a\n    right: company/b\n    decision: same\n", 2, "note", "missing"),
    ("decisions:\n  - left: company/a\n    right: company/b\n    decision: same\n    note: '  '\n", 5,
     "note", "needs a note"),
    ("decisions:\n  - left: company/a\n    right: company/b\n    decision: same\n    note: x\n    why: y\n",
     6, "why", "unknown key"),
    ("decisions:\n  - left: huawei\n    right: company/b\n    decision: same\n    note: x\n", 2, "left",
     "not an svkg id"),
    ("decisions:\n  - left: company/a\n    right: company/a\n    decision: same\n    note: x\n", 3, "right",
     "two different ids"),
    ("decisions:\n  - {left: company/a, right: company/b, decision: same, note: x}\n"
     "  - {left: company/b, right: company/a, decision: different, note: y}\n", 3, None, "decided twice"),
    ("decisions: {left: company/a}\n", 1, "decisions", "must be a list"),
    ("rulings: []\n", 1, "rulings", "unknown key"),
    ("decisions:\n  - left: company/a\n   right: [\n", None, None, "malformed YAML"),
])
def test_malformed_files_name_the_line_and_field(tmp_path: Path, text: str, line: int | None,
                                                  field: str | None, words: str) -> None:
    with pytest.raises(DataError) as err:
        load_decisions(write(tmp_path, text))
    assert Path(err.value.location.file).name == "resolution-decisions.yaml"
    if line is not None:
        assert err.value.location.line == line
    assert err.value.location.field == field
    assert words in err.value.rule


def test_the_shipped_decisions_file_is_valid() -> None:
    d = load_decisions(REPO / "data" / "resolution-decisions.yaml")
    assert len(d) >= 1 and all(x.note for x in d.items)


def _records() -> list[Record]:
    return [
        Record(f"{ID}company/dji", CURATED_PREFIX + "entities", "company",
               label="SZ DJI Technology Co., Ltd.", aliases=[("DJI", "en")]),
        Record(f"{ID}company/huawei", CURATED_PREFIX + "entities", "company",
               label="Huawei Technologies Co., Ltd."),
        Record(f"{ID}record/dod-1260h/dji", IMPORT_PREFIX + "dod-1260h", "company",
               label="Shenzhen DJI Technology Co., Ltd.", aliases=[("DJI", "en")]),
        Record(f"{ID}record/dod-1260h/huawei", IMPORT_PREFIX + "dod-1260h", "company",
               label="Huawei Technologies Co., Ltd."),
    ]


def test_manual_decisions_win_both_ways(tmp_path: Path) -> None:
    records = _records()
    auto = resolve(records)
    assert [(p.left, p.right) for p in auto.links] == [
        (f"{ID}record/dod-1260h/huawei", f"{ID}company/huawei")]
    assert [p.left for p in auto.uncertain] == [f"{ID}record/dod-1260h/dji"]  # 0.8: an acronym only

    decisions = load_decisions(write(tmp_path, """decisions:
  - {left: record/dod-1260h/dji, right: company/dji, decision: same, note: SZ is Shenzhen}
  - {left: record/dod-1260h/huawei, right: company/huawei, decision: different, note: a test}
  - {left: record/nowhere/x, right: company/huawei, decision: same, note: not in the store}
"""))
    manual = resolve(records, decisions)
    assert [(p.left, p.right, p.score, p.decision) for p in manual.links] == [
        (f"{ID}record/dod-1260h/dji", f"{ID}company/dji", 1.0, "manual")]
    assert manual.links[0].reason.startswith("manual decision (resolution-decisions.yaml line 2): SZ is")
    assert manual.uncertain == []  # a decided pair is never listed for review
    assert [d.left for d in manual.stale_decisions] == [f"{ID}record/nowhere/x"]
