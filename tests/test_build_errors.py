"""Bad data refuses the whole build with a located error (file, line, field or SHACL path) — and the store
that was serving before still answers, with the same count.

Curated-file mistakes reuse the loader's fixtures (tests/fixtures/curated/bad); SHACL-level mistakes come
in through fixture importers (tests/fixtures/build), since the loader stops most mistakes in curated files
before SHACL sees them; ontology mistakes are made in a copy of ontology/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.build import build
from graph.cli import app
from graph.errors import DataError, ValidationError
from graph.settings import REPO_ROOT, Settings
from graph.store import EmbeddedStore, select_rows
from graph.store import generations as gens

CURATED_BAD = REPO_ROOT / "tests" / "fixtures" / "curated" / "bad"
FIX = REPO_ROOT / "tests" / "fixtures" / "build"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def answer(store_path: Path) -> int:
    with EmbeddedStore.open(store_path) as st:
        return int(select_rows(st, COUNT)[0]["n"])


def assert_untouched(settings: Settings, before: int, generation: Path) -> None:
    assert gens.current_generation(settings.store_path) == generation
    assert gens.generations(settings.store_path) == [generation], "a failed generation was left behind"
    assert answer(settings.store_path) == before


# curated file mistakes: (bad fixture, name it takes in data/curated, file, line, field)
CURATED = [
    ("malformed.yaml", "entities.yaml", "entities.yaml", 6, None),
    ("bad-iso.yaml", "entities.yaml", "entities.yaml", 5, "id"),
    ("duplicate-id.yaml", "entities.yaml", "entities.yaml", 8, "id"),
    ("unknown-reference.yaml", "more-facts.yaml", "more-facts.yaml", 9, "actor"),
    ("bad-date.csv", "actions.csv", "actions.csv", 3, "date"),
    ("unknown-concept.csv", "actions.csv", "actions.csv", 2, "action_type"),
    ("missing-source.csv", "actions.csv", "actions.csv", 2, "source_url"),
    ("unknown-member.csv", "alliances.csv", "alliances.csv", 3, "member"),
]


@pytest.mark.parametrize(("bad", "name", "file", "line", "field"), CURATED, ids=[c[0] for c in CURATED])
def test_a_bad_curated_file_is_located_and_the_store_kept(live_store: Settings, bad: str, name: str,
                                                          file: str, line: int, field: str | None) -> None:
    generation = gens.current_generation(live_store.store_path)
    before = answer(live_store.store_path)
    shutil.copyfile(CURATED_BAD / bad, live_store.data_dir / "curated" / name)
    with pytest.raises(DataError) as info:
        build(live_store, imports=False)
    err = info.value
    assert Path(err.location.file).name == file, err.message
    assert (err.location.line, err.location.field) == (line, field), err.message
    assert_untouched(live_store, before, generation)


# SHACL-level mistakes in an imported graph: (fixture, line of the focus node, SHACL path, focus node)
SHACL = [
    ("claim-without-source.ttl", 29, "svkg:source", "id:claim/fixture/widget-co"),
    ("action-without-claim.ttl", 20, "^svkg:claimAbout", "id:action/fixture/widget-co"),
    ("bad-iso-code.ttl", 37, "svkg:isoAlpha2", "id:record/fixture/state-xx"),
    ("label-not-english.ttl", 17, "rdfs:label", "id:record/fixture/widget-co"),
    ("dangling-actor.ttl", 20, "svkg:actor", "id:action/fixture/widget-co"),
    ("unknown-status.ttl", 29, "svkg:status", "id:claim/fixture/widget-co"),
]


@pytest.mark.parametrize(("fixture", "line", "path", "focus"), SHACL, ids=[c[0] for c in SHACL])
def test_a_shacl_violation_is_located_and_the_store_kept(live_store: Settings, fake_importers, fixture: str,
                                                         line: int, path: str, focus: str) -> None:
    generation = gens.current_generation(live_store.store_path)
    before = answer(live_store.store_path)
    fake_importers(fixture=FIX / fixture)
    with pytest.raises(ValidationError) as info:
        build(live_store)
    err = info.value
    shown = (FIX / fixture).relative_to(REPO_ROOT).as_posix()  # paths are shown repo-relative
    wanted = f"{shown}:{line} [{path}]: {focus}, path {path}"
    assert any(r.startswith(wanted) for r in err.results), "\n".join(err.results)
    assert all(r.startswith(shown) for r in err.results), "a violation outside the bad file"
    assert_untouched(live_store, before, generation)


def test_a_broken_ntriples_import_is_located(live_store: Settings, fake_importers) -> None:
    generation = gens.current_generation(live_store.store_path)
    before = answer(live_store.store_path)
    fake_importers(broken=FIX / "bad-syntax.nt")
    with pytest.raises(DataError) as info:
        build(live_store)
    assert info.value.location.line == 3
    assert "importer broken" in str(info.value.location.file)
    assert_untouched(live_store, before, generation)


def _ontology_copy(tmp_path: Path) -> Path:
    onto = tmp_path / "ontology"
    shutil.copytree(REPO_ROOT / "ontology", onto, ignore=shutil.ignore_patterns("queries"))
    return onto


def test_a_turtle_syntax_error_in_the_ontology_is_located(live_store: Settings, tmp_path: Path) -> None:
    generation = gens.current_generation(live_store.store_path)
    before = answer(live_store.store_path)
    onto = _ontology_copy(tmp_path)
    lines = (onto / "vocab.ttl").read_text(encoding="utf-8").splitlines()
    bad_line = next(i for i, text in enumerate(lines) if text.startswith("status:enacted"))
    lines[bad_line] = "status:enacted a @@ ;"
    (onto / "vocab.ttl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = live_store.model_copy(update={"ontology_dir": onto})
    with pytest.raises(DataError) as info:
        build(settings, imports=False)
    assert Path(info.value.location.file).name == "vocab.ttl"
    assert info.value.location.line == bad_line + 1
    assert_untouched(live_store, before, generation)


def test_a_concept_without_definition_fails_shacl_in_vocab(live_store: Settings, tmp_path: Path) -> None:
    generation = gens.current_generation(live_store.store_path)
    before = answer(live_store.store_path)
    onto = _ontology_copy(tmp_path)
    text = (onto / "vocab.ttl").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next(i for i, t in enumerate(lines) if t.startswith("status:enacted"))
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip().endswith("."))
    block = [t for t in lines[start:end + 1] if "skos:definition" not in t]
    text = "\n".join(lines[:start] + block + lines[end + 1:]) + "\n"
    (onto / "vocab.ttl").write_text(text, encoding="utf-8")
    settings = live_store.model_copy(update={"ontology_dir": onto})
    with pytest.raises(ValidationError) as info:
        build(settings, imports=False)
    assert any(r.startswith(f"ontology/vocab.ttl:{start + 1} [skos:definition]: vocab:status/enacted")
               or f"vocab.ttl:{start + 1} [skos:definition]: vocab:status/enacted" in r
               for r in info.value.results), info.value.results
    assert_untouched(live_store, before, generation)


def test_the_cli_exits_non_zero_with_the_located_error(live_store: Settings, fake_importers) -> None:
    generation = gens.current_generation(live_store.store_path)
    before = answer(live_store.store_path)
    fake_importers(fixture=FIX / "claim-without-source.ttl")
    result = CliRunner().invoke(app, ["build", "--store", str(live_store.store_path),
                                      "--data", str(live_store.data_dir)])
    assert result.exit_code == 1
    assert "claim-without-source.ttl:29 [svkg:source]" in result.output
    assert "Claim: svkg:source" in result.output
    assert_untouched(live_store, before, generation)


def test_validate_checks_without_touching_the_store(live_store: Settings, fake_importers) -> None:
    generation = gens.current_generation(live_store.store_path)
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", "--data", str(live_store.data_dir), "--no-imports"])
    assert ok.exit_code == 0, ok.output
    assert "valid: 7 graphs" in ok.output  # ontology, 4 curated files, derived ripple links, meta
    shutil.copyfile(CURATED_BAD / "bad-date.csv", live_store.data_dir / "curated" / "actions.csv")
    bad = runner.invoke(app, ["validate", "--data", str(live_store.data_dir), "--no-imports"])
    assert bad.exit_code == 1
    assert "actions.csv:3 [date]" in bad.output
    assert gens.generations(live_store.store_path) == [generation]
