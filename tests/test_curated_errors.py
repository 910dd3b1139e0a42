"""Each kind of bad curated file stops loading with the right file, line, field and rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.curated import load_all
from graph.errors import DataError

FIXTURES = Path(__file__).parent / "fixtures" / "curated"
CONCEPTS = {
    "action-type": {"procurement-ban", "denial"},
    "status": {"enacted", "denied", "expected"},
    "verification": {"verified-page", "verified-page-partial"},
    "precision": {"day", "month", "year"},
    "scope": {"government-procurement"},
    "role": {"party", "founding-party", "defence-minister"},
    "stance": {"reports", "denies"},
    "alliance-type": {"collective-defence"},
}

# bad fixture, file name it takes in data/curated, expected (file, line, field), words of the rule
CASES = [
    ("malformed.yaml", "entities.yaml", ("entities.yaml", 6, None), "malformed YAML"),
    ("unknown-key.yaml", "entities.yaml", ("entities.yaml", 7, "lable"), "unknown key 'lable'"),
    ("bad-iso.yaml", "entities.yaml", ("entities.yaml", 5, "id"), "ISO 3166-1 alpha-2"),
    ("wrong-type.yaml", "entities.yaml", ("entities.yaml", 5, "cow"), "valid integer"),
    ("duplicate-id.yaml", "entities.yaml", ("entities.yaml", 8, "id"), "duplicate id 'company/acme'"),
    ("entities-more.yaml", "entities-more.yaml", ("entities-more.yaml", 5, "id"),
     "already defined at"),
    ("duplicate-key.yaml", "entities.yaml", ("entities.yaml", 5, "label"), "duplicate key 'label'"),
    ("bad-language.yaml", "entities.yaml", ("entities.yaml", 6, "japanese"), "BCP 47"),
    ("unknown-reference.yaml", "more-facts.yaml", ("more-facts.yaml", 9, "actor"),
     "unknown id 'body/jp-govermnent'"),
    ("unknown-source.yaml", "more-facts.yaml", ("more-facts.yaml", 6, "source"),
     "unknown id 'source/not-declared'"),
    ("missing-required.yaml", "more-facts.yaml", ("more-facts.yaml", 2, "source"),
     "required key 'source' is missing"),
    ("end-before-start.yaml", "more-facts.yaml", ("more-facts.yaml", 7, "end"), "before the action's date"),
    ("malformed-quoting.csv", "actions.csv", ("actions.csv", 3, None), "malformed CSV"),
    ("missing-column.csv", "actions.csv", ("actions.csv", 1, "source_url"), "required column"),
    ("unknown-column.csv", "actions.csv", ("actions.csv", 1, "colour"), "unknown column 'colour'"),
    ("bad-date.csv", "actions.csv", ("actions.csv", 3, "date"), "not a real date"),
    ("unknown-target.csv", "actions.csv", ("actions.csv", 2, "targets"), "unknown id 'company/nobody'"),
    ("unknown-concept.csv", "actions.csv", ("actions.csv", 2, "action_type"),
     "unknown action-type key 'procurment-ban'"),
    ("missing-source.csv", "actions.csv", ("actions.csv", 2, "source_url"), "needs a value"),
    ("invalid-url.csv", "actions.csv", ("actions.csv", 2, "source_url"), "not an absolute http(s) URL"),
    ("empty-targets.csv", "actions.csv", ("actions.csv", 2, "targets"), "targets (ids) or a target_note"),
    ("short-row.csv", "actions.csv", ("actions.csv", 2, None), "row has 19 fields"),
    ("duplicate-row-id.csv", "actions.csv", ("actions.csv", 3, "id"), "duplicate id 'action/A1'"),
    ("wrong-kind.csv", "actions.csv", ("actions.csv", 2, "legal_basis"), "not an id of the right kind"),
    ("end-before-join.csv", "alliances.csv", ("alliances.csv", 3, "end_date"), "before the join date"),
    ("unknown-member.csv", "alliances.csv", ("alliances.csv", 3, "member"), "unknown id 'state/FR'"),
]


def data_with(tmp_path: Path, bad: str, name: str) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    shutil.copyfile(FIXTURES / "bad" / bad, data / "curated" / name)
    return data


def test_base_fixture_loads(tmp_path: Path) -> None:
    loaded = load_all(FIXTURES / "base", CONCEPTS)
    assert loaded[0][0].path.name == "entities.yaml"
    assert all(len(g) > 0 for _, g in loaded)


@pytest.mark.parametrize(("bad", "name", "where", "rule"), CASES, ids=[c[0] for c in CASES])
def test_bad_file_is_located(tmp_path: Path, bad: str, name: str, where: tuple[str, int, str | None],
                             rule: str) -> None:
    data = data_with(tmp_path, bad, name)
    with pytest.raises(DataError) as info:
        load_all(data, CONCEPTS)
    err = info.value
    file, line, field = where
    assert Path(err.location.file).name == file, err.message
    assert err.location.line == line, err.message
    assert err.location.field == field, err.message
    assert rule in err.rule, err.message
    assert f"{file}:{line}" in err.message


def test_duplicate_across_files_names_both_places(tmp_path: Path) -> None:
    data = data_with(tmp_path, "entities-more.yaml", "entities-more.yaml")
    with pytest.raises(DataError) as info:
        load_all(data, CONCEPTS)
    first = (FIXTURES / "base" / "curated" / "entities.yaml").read_text().splitlines()
    acme_line = next(i for i, text in enumerate(first, 1) if text.strip() == "- id: company/acme")
    assert f"entities.yaml:{acme_line}" in info.value.rule


def test_duplicate_within_file_names_the_first(tmp_path: Path) -> None:
    data = data_with(tmp_path, "duplicate-id.yaml", "entities.yaml")
    with pytest.raises(DataError) as info:
        load_all(data, CONCEPTS)
    assert "entities.yaml:6" in info.value.rule


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    with pytest.raises(DataError) as info:
        load_all(data_with(tmp_path, "unknown-key.yaml", "entities.yaml"), CONCEPTS)
    assert "did you mean 'label'" in info.value.rule


def test_unknown_concept_needs_known_concepts(tmp_path: Path) -> None:
    """Without a vocabulary, concept keys are only checked for shape."""
    data = data_with(tmp_path, "unknown-concept.csv", "actions.csv")
    loaded = load_all(data, None)
    assert any(sf.path.name == "actions.csv" for sf, _ in loaded)


def test_unknown_scheme_is_an_error(tmp_path: Path) -> None:
    concepts = {k: v for k, v in CONCEPTS.items() if k != "scope"}
    with pytest.raises(DataError) as info:
        load_all(FIXTURES / "base", concepts)
    assert "no scheme 'scope'" in info.value.rule
    assert info.value.location.field == "scope_category"
