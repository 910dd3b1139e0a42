"""The importer base class and what an import returns.

An importer reads one public dataset as published (CSV, gzip-compressed CSV, JSON lines) and turns it
into one named graph, `https://w3id.org/svkg/graph/import/<name>`, holding the dataset's entities (minted
under `id:record/<name>/<key>`), its listings as `svkg:Action`s with a `svkg:Claim` sourced from the
dataset, and the dataset itself as a `svkg:Dataset` node (title, origin, licence, snapshot date,
checksum). Small datasets come back as an rdflib Graph; large ones as an N-Triples file for the bulk
loader. A malformed row stops the import with a `DataError` naming the file, the line and the field.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, ClassVar

import pyoxigraph as ox
import rdflib

from graph import iris
from graph.errors import DataError, Location
from graph.importers import rdf as R
from graph.importers.context import ImportContext


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file's bytes as published (of the compressed bytes for a .gz)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class SourceInfo:
    """Where a dataset comes from. The default file lives in `data/sources/` (see its SOURCES.md)."""

    title: str
    file: str  # path under data/sources/
    origin_url: str
    licence: str
    licence_url: str | None
    snapshot_date: date
    retrieved_date: date
    citation: str | None = None


@dataclass
class ImportResult:
    """One import: the graph (small datasets) or an N-Triples file (large ones; the caller deletes it
    after loading), and the metadata of the dataset and the run."""

    graph: rdflib.Graph | None
    ntriples_path: Path | None
    metadata: dict[str, Any]
    listings: set[str] = field(default_factory=set)  # IRIs of the listing actions written

    def ntriples(self) -> bytes:
        """The triples as N-Triples, whichever form they came in."""
        if self.ntriples_path is not None:
            return self.ntriples_path.read_bytes()
        assert self.graph is not None
        return self.graph.serialize(format="nt", encoding="utf-8")


class TripleSink:
    """An ordered set of triples (duplicates are written once) for one import."""

    def __init__(self) -> None:
        self._triples: dict[ox.Triple, None] = {}

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self._triples[ox.Triple(s, p, o)] = None

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._triples)

    def to_bytes(self) -> bytes:
        return ox.serialize(self._triples.keys(), format=ox.RdfFormat.N_TRIPLES) or b""

    def write(self, path: Path) -> None:
        ox.serialize(self._triples.keys(), str(path), format=ox.RdfFormat.N_TRIPLES)

    def to_rdflib(self) -> rdflib.Graph:
        """The triples as an rdflib Graph (terms converted directly, each distinct term once)."""
        graph = rdflib.Graph()
        cache: dict[Any, Any] = {}

        def conv(term: Any) -> Any:
            out = cache.get(term)
            if out is None:
                out = cache[term] = _to_rdflib(term)
            return out

        graph.addN((conv(t.subject), conv(t.predicate), conv(t.object), graph) for t in self._triples)
        return graph


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_rdflib(term: Any) -> Any:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype is None or term.datatype.value == _XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


class Importer(ABC):
    """Base class of every importer. Subclasses set `name`, `source` and implement `convert`."""

    name: ClassVar[str]
    source: ClassVar[SourceInfo]
    large: ClassVar[bool] = False  # True: the result is an N-Triples file for the bulk loader
    description: ClassVar[str] = ""

    def __init__(self, context: ImportContext | None = None, *, snapshot_date: date | None = None) -> None:
        self.context = context or ImportContext.default()
        self._snapshot_override = snapshot_date

    # -- the API the build uses -------------------------------------------------------------------
    @property
    def dataset_name(self) -> str:
        return self.name

    @property
    def graph(self) -> str:
        return iris.graph(f"import/{self.dataset_name}")

    @property
    def default_path(self) -> Path:
        return self.context.sources_dir / self.source.file

    def run(self, path: Path | None = None) -> ImportResult:
        """Read the dataset (the shipped file unless `path` is given) and return its graph."""
        path = Path(path) if path is not None else self.default_path
        if not path.is_file():
            raise DataError(Location(path), "no such file: the dataset to import is missing")
        started = datetime.now(UTC)
        self.path = path
        self.snapshot_date = self._snapshot_date(path)
        self.sha256 = sha256_file(path)
        self.sink = TripleSink()
        self.listings: set[str] = set()
        self.stats: dict[str, Any] = {}
        rows = self.convert(path)
        self.write_dataset_node()
        metadata = self.metadata(path, rows, started)
        if self.large:
            fd, tmp = tempfile.mkstemp(prefix=f"svkg-import-{self.dataset_name}-", suffix=".nt")
            os.close(fd)
            self.sink.write(Path(tmp))
            return ImportResult(None, Path(tmp), metadata, self.listings)
        return ImportResult(self.sink.to_rdflib(), None, metadata, self.listings)

    # -- for subclasses ---------------------------------------------------------------------------
    @abstractmethod
    def convert(self, path: Path) -> int:
        """Write the dataset's triples to `self.sink`; return the number of data rows read."""

    def _snapshot_date(self, path: Path) -> date:
        if self._snapshot_override is not None:
            return self._snapshot_override
        if path.resolve() == self.default_path.resolve():
            return self.source.snapshot_date
        # another file and no date given: the file's modification day (the CLI says so)
        return datetime.fromtimestamp(path.stat().st_mtime, UTC).date()

    @property
    def dataset_node(self) -> ox.NamedNode:
        """The `svkg:Dataset` of this snapshot: `id:source/dataset/<name>/<snapshot date>`."""
        return R.thing(f"source/dataset/{self.dataset_name}/{self.snapshot_date.isoformat()}")

    def record(self, key: str) -> ox.NamedNode:
        """An entity of this dataset: `id:record/<name>/<key>`."""
        return R.thing(f"record/{self.dataset_name}/{key}")

    def title(self) -> str:
        return self.source.title

    def write_dataset_node(self) -> None:
        add, node = self.sink.add, self.dataset_node
        add(node, R.RDF_TYPE, R.svkg("Dataset"))
        add(node, R.dct("title"), R.text(f"{self.title()} (snapshot {self.snapshot_date.isoformat()})"))
        if self.source.origin_url:
            add(node, R.schema("url"), R.uri(self.source.origin_url))
        add(node, R.dct("license"), R.plain(self.source.licence))
        add(node, R.dct("issued"), R.day(self.snapshot_date))
        add(node, R.svkg("retrievedDate"), R.day(self.source.retrieved_date))
        add(node, R.svkg("sha256"), R.plain(self.sha256))
        if self.source.citation:
            add(node, R.dct("bibliographicCitation"), R.plain(self.source.citation))

    def metadata(self, path: Path, rows: int, started: datetime) -> dict[str, Any]:
        return {
            "name": self.dataset_name,
            "graph": self.graph,
            "title": self.title(),
            "file": path.name,
            "origin_url": self.source.origin_url,
            "licence": self.source.licence,
            "licence_url": self.source.licence_url,
            "snapshot_date": self.snapshot_date.isoformat(),
            "retrieved_date": self.source.retrieved_date.isoformat(),
            "sha256": self.sha256,
            "importer": f"{type(self).__module__}.{type(self).__name__}",
            "rows": rows,
            "triples": len(self.sink),
            "listings": len(self.listings),
            "generated_at": started.isoformat(timespec="seconds"),
            **self.stats,
        }

    def fail(self, line: int | None, field_name: str | None, rule: str) -> DataError:
        """A DataError located in the file being imported."""
        return DataError(Location(self.path, line, field_name), rule)
