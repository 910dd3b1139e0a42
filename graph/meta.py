"""Named-graph metadata: one `svkg:SourceGraph` record per graph in `svkgg:meta`, and store statistics.

A record says where a graph's triples came from: title, origin file(s) (repo-relative), origin URL,
licence, retrieval and snapshot dates, sha256 of each input file, triple count, when it was generated and
by which importer. Loaders and importers hand over a plain dict; `SourceRecord.from_metadata` accepts the
usual spellings of its keys (`licence`/`license`, `origin_url`/`url`, `retrieved`/`retrieved_date` …).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.iris import META_GRAPH, ONTOLOGY, PREFIXES
from graph.store.base import GraphStore, select_rows

XSD = PREFIXES["xsd"]
DCT = PREFIXES["dcterms"]
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")
META = ox.NamedNode(META_GRAPH)

_ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "dcterms:title"),
    "description": ("description",),
    "origin_url": ("origin_url", "url", "source_url", "schema:url"),
    "license": ("license", "licence", "license_url", "licence_url"),
    "retrieved_date": ("retrieved_date", "retrieved", "retrieval_date", "retrievedDate"),
    "snapshot_date": ("snapshot_date", "snapshot", "snapshotDate"),
    "importer": ("importer",),
    "generated_at": ("generated_at", "generatedAtTime"),
    "origin_files": ("origin_files", "origin_file", "origin", "files", "file", "path", "originFile"),
    "sha256": ("sha256", "checksum", "sha256s"),
}


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _pick(md: Mapping[str, Any], key: str) -> Any:
    for alias in _ALIASES[key]:
        if md.get(alias) not in (None, "", []):
            return md[alias]
    return None


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str | Path):
        return [str(value)]
    return [str(v) for v in value]


def _as_date(value: Any) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])


@dataclass
class SourceRecord:
    """The provenance of one named graph."""

    graph: str
    title: str
    origin_files: list[str] = field(default_factory=list)
    sha256: list[str] = field(default_factory=list)
    origin_url: str | None = None
    license: str | None = None
    retrieved_date: date | None = None
    snapshot_date: date | None = None
    importer: str | None = None
    description: str | None = None
    triple_count: int = 0
    generated_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @classmethod
    def from_metadata(cls, graph: str, md: Mapping[str, Any], **extra: Any) -> SourceRecord:
        """A record from a loader's or importer's metadata dict (see module doc for the keys)."""
        rec = cls(
            graph=graph,
            title=str(_pick(md, "title") or graph.rsplit("/", 1)[-1]),
            origin_files=_as_list(_pick(md, "origin_files")),
            sha256=_as_list(_pick(md, "sha256")),
            origin_url=_pick(md, "origin_url"),
            license=_pick(md, "license"),
            retrieved_date=_as_date(_pick(md, "retrieved_date")),
            snapshot_date=_as_date(_pick(md, "snapshot_date")),
            importer=_pick(md, "importer"),
            description=_pick(md, "description"),
        )
        generated = _pick(md, "generated_at")
        if generated:
            rec.generated_at = datetime.fromisoformat(str(generated))
        for k, v in extra.items():
            setattr(rec, k, v)
        return rec

    def quads(self) -> list[ox.Quad]:
        """The record as quads in `svkgg:meta`."""
        g = ox.NamedNode(self.graph)

        def q(pred: str, obj: ox.NamedNode | ox.Literal) -> ox.Quad:
            return ox.Quad(g, ox.NamedNode(pred), obj, META)

        def lit(value: str, dt: str | None = None) -> ox.Literal:
            return ox.Literal(value, datatype=ox.NamedNode(XSD + dt)) if dt else ox.Literal(value)

        out = [
            ox.Quad(g, RDF_TYPE, ox.NamedNode(ONTOLOGY + "SourceGraph"), META),
            q(DCT + "title", lit(self.title)),
            q(ONTOLOGY + "tripleCount", lit(str(self.triple_count), "integer")),
            q(PREFIXES["prov"] + "generatedAtTime", lit(self.generated_at.isoformat(), "dateTime")),
        ]
        out += [q(ONTOLOGY + "originFile", lit(f)) for f in self.origin_files]
        out += [q(ONTOLOGY + "sha256", lit(s)) for s in self.sha256]
        if self.origin_url:
            out.append(q(PREFIXES["schema"] + "url", lit(str(self.origin_url), "anyURI")))
        if self.license:
            lic = str(self.license)
            out.append(q(DCT + "license", ox.NamedNode(lic) if lic.startswith(("http://", "https://"))
                         else lit(lic)))
        if self.retrieved_date:
            out.append(q(ONTOLOGY + "retrievedDate", lit(self.retrieved_date.isoformat(), "date")))
        if self.snapshot_date:
            out.append(q(ONTOLOGY + "snapshotDate", lit(self.snapshot_date.isoformat(), "date")))
        if self.importer:
            out.append(q(ONTOLOGY + "importer", lit(str(self.importer))))
        if self.description:
            out.append(q(DCT + "description", lit(str(self.description))))
        return out


def remove_record(store: ox.Store, graph: str) -> None:
    """Delete a graph's meta record from an open pyoxigraph store."""
    for quad in list(store.quads_for_pattern(ox.NamedNode(graph), None, None, META)):
        store.remove(quad)


def write_records(store: ox.Store, records: Iterable[SourceRecord]) -> None:
    """Replace the meta records of these graphs in an open pyoxigraph store."""
    for rec in records:
        remove_record(store, rec.graph)
        store.extend(rec.quads())


# -- statistics ---------------------------------------------------------------------------------------

_CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n) ?class
"""

_GRAPH_COUNTS = """
PREFIX svkg: <https://w3id.org/svkg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?graph ?triples ?title ?license ?recorded WHERE {
  { SELECT ?graph (COUNT(*) AS ?triples) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph }
  OPTIONAL { GRAPH <https://w3id.org/svkg/graph/meta> { ?graph dcterms:title ?title } }
  OPTIONAL { GRAPH <https://w3id.org/svkg/graph/meta> { ?graph dcterms:license ?license } }
  OPTIONAL { GRAPH <https://w3id.org/svkg/graph/meta> { ?graph svkg:tripleCount ?recorded } }
} ORDER BY ?graph
"""


def class_counts(store: GraphStore) -> list[dict[str, Any]]:
    """Instances per rdf:type over the union of all graphs, most frequent first."""
    return [{"class": r["class"], "instances": int(r["n"])} for r in select_rows(store, _CLASS_COUNTS)]


def graph_counts(store: GraphStore) -> list[dict[str, Any]]:
    """Triples per named graph, with the title, licence and recorded count from its meta record."""
    out: dict[str, dict[str, Any]] = {}
    for r in select_rows(store, _GRAPH_COUNTS):
        row = out.setdefault(r["graph"], {"graph": r["graph"], "triples": int(r["triples"]),
                                           "title": None, "license": None, "recorded_triples": None})
        row["title"] = row["title"] or r["title"]
        row["license"] = row["license"] or r["license"]
        if r["recorded"] is not None:
            row["recorded_triples"] = int(r["recorded"])
    return list(out.values())


def record_from_store(store: ox.Store, graph: str) -> SourceRecord | None:
    """Read a graph's meta record back from a pyoxigraph store (None when it has none)."""
    g = ox.NamedNode(graph)
    if not any(True for _ in store.quads_for_pattern(g, RDF_TYPE, None, META)):
        return None
    values: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(g, None, None, META):
        values.setdefault(quad.predicate.value, []).append(quad.object.value)

    def one(pred: str) -> str | None:
        return (values.get(pred) or [None])[0]

    rec = SourceRecord(
        graph=graph,
        title=one(DCT + "title") or graph,
        origin_files=sorted(values.get(ONTOLOGY + "originFile", [])),
        sha256=sorted(values.get(ONTOLOGY + "sha256", [])),
        origin_url=one(PREFIXES["schema"] + "url"),
        license=one(DCT + "license"),
        retrieved_date=_as_date(one(ONTOLOGY + "retrievedDate")),
        snapshot_date=_as_date(one(ONTOLOGY + "snapshotDate")),
        importer=one(ONTOLOGY + "importer"),
        description=one(DCT + "description"),
        triple_count=int(one(ONTOLOGY + "tripleCount") or 0),
    )
    generated = one(PREFIXES["prov"] + "generatedAtTime")
    if generated:
        rec.generated_at = datetime.fromisoformat(generated)
    return rec
