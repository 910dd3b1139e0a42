"""Shared fixtures.

Built stores (reuse them instead of building your own; each build costs seconds of SHACL):

(`worker_id` is pytest-xdist's fixture: "gw0"… under `-n`, "master" otherwise.)

* `shipped_store` (session) — the path of a store built from the shipped `data/` and `ontology/`
  without the importers (`svkg build --no-imports`). Built once per test session and shared by the
  xdist workers (the first one to get the lock builds it; the others wait and reuse it). READ-ONLY:
  open it with `EmbeddedStore.open(path)` / `settings.store_path`; never write, build or import into it.
  `shipped_settings` gives Settings pointing at it.
* `base_store` (session) — the same for the small valid fixture set `tests/fixtures/curated/base`
  (5 graphs, under 3,000 triples), also read-only.
* `live_store` (function) — a private, writable copy of `base_store` in `tmp_path` (a generation
  directory and the `store` symlink, as `svkg build` leaves them): use it to test builds, imports and
  swaps. Returns Settings whose `store_path` is that copy and `data_dir` a copy of the base data.

`fake_importers(monkeypatch)` replaces the importer registry the build uses with importers that load
Turtle or N-Triples fixture files (see `FixtureImporter`).
"""

from __future__ import annotations

import contextlib
import fcntl
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import rdflib

from graph.settings import REPO_ROOT, Settings, get_settings
from graph.store import generations as gens

BASE_DATA = REPO_ROOT / "tests" / "fixtures" / "curated" / "base"
BUILD_FIXTURES = REPO_ROOT / "tests" / "fixtures" / "build"


@contextlib.contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _shared_build(tmp_path_factory: pytest.TempPathFactory, worker_id: str, name: str,
                  data_dir: Path) -> Path:
    """Build `data_dir` once for all xdist workers of this session; return the store path."""
    from graph.build import build

    root = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        root = root.parent  # the directory shared by the workers of this session
    target = root / f"svkg-{name}"
    store_path = target / "store"
    with _file_lock(root / f"svkg-{name}.lock"):
        if gens.current_generation(store_path) is None:
            shutil.rmtree(target, ignore_errors=True)
            target.mkdir(parents=True)
            build(get_settings(store_path=store_path, data_dir=data_dir), data_dir=data_dir, imports=False)
    return store_path


@pytest.fixture(scope="session")
def shipped_store(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Path of the store built from the shipped data (no imports). Read-only."""
    return _shared_build(tmp_path_factory, worker_id, "shipped", REPO_ROOT / "data")


@pytest.fixture(scope="session")
def shipped_settings(shipped_store: Path) -> Settings:
    return get_settings(store_path=shipped_store)


@pytest.fixture(scope="session")
def base_store(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """Path of the store built from tests/fixtures/curated/base. Read-only."""
    return _shared_build(tmp_path_factory, worker_id, "base", BASE_DATA)


def copy_store(source_store: Path, store_path: Path) -> Path:
    """A writable copy of a built store at `store_path` (a new generation and its symlink)."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    gen = gens.new_generation(store_path)
    ox.Store.read_only(str(source_store)).backup(str(gen))
    gens.point_at(store_path, gen)
    return gen


@pytest.fixture
def live_store(tmp_path: Path, base_store: Path) -> Settings:
    """A private copy of the base store and of its data, for tests that build, import or swap."""
    data = tmp_path / "data"
    shutil.copytree(BASE_DATA, data)
    copy_store(base_store, tmp_path / "var" / "store")
    return get_settings(store_path=tmp_path / "var" / "store", data_dir=data)


@dataclass
class FixtureResult:
    """What an importer returns (graph.importers.base.ImportResult's fields the build reads)."""

    graph: rdflib.Graph | None
    ntriples_path: Path | None
    metadata: dict[str, Any]


class FixtureImporter:
    """An importer over one Turtle (.ttl -> rdflib graph) or N-Triples (.nt -> the bulk loader) file."""

    def __init__(self, name: str, path: Path, tmp_dir: Path) -> None:
        self.name = name
        self.path = path
        self.graph = f"https://w3id.org/svkg/graph/import/{name}"
        self.tmp_dir = tmp_dir

    def run(self, path: Path | None = None) -> FixtureResult:
        from graph.meta import sha256_file

        path = Path(path or self.path)
        md = {"title": f"fixture {self.name}", "origin_url": "https://example.org/" + path.name,
              "licence": "CC0-1.0", "snapshot_date": "2024-05-03", "retrieved_date": "2024-05-04",
              "sha256": sha256_file(path), "importer": "tests.conftest.FixtureImporter"}
        if path.suffix == ".nt":  # a temporary copy, as real importers hand over (the build deletes it)
            tmp = self.tmp_dir / f"{self.name}-{path.name}"
            shutil.copyfile(path, tmp)
            return FixtureResult(None, tmp, md)
        return FixtureResult(rdflib.Graph().parse(path, format="turtle"), None, md)


@pytest.fixture
def fake_importers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path
                   ) -> Callable[..., list[FixtureImporter]]:
    """`fake_importers(name=path, ...)` makes the build run these fixture importers instead of the
    configured ones."""

    def install(**files: Path) -> list[FixtureImporter]:
        importers = [FixtureImporter(name, path, tmp_path) for name, path in files.items()]
        monkeypatch.setattr("graph.importers.registry.configured_importers", lambda settings=None: importers)
        return importers

    return install
