"""Load every curated file into its own rdflib graph, in two passes: entity files register their ids
first, then fact files and CSVs register theirs; only then is each file turned into triples, so every
reference can be checked wherever it points."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph

from graph.curated import csvfiles, memberships
from graph.curated import models as m
from graph.curated.entities import EntityWriter, register_sections
from graph.curated.facts import FactWriter
from graph.curated.files import SourceFile, discover
from graph.curated.rdfize import new_graph
from graph.curated.registry import Concepts, Registry
from graph.curated.yamldocs import parse_doc
from graph.curated.yamlpos import Positions


@dataclass
class _Parsed:
    source: SourceFile
    doc: Any = None
    pos: Positions | None = None
    rows: list[Any] | None = None


def _parse(sf: SourceFile) -> _Parsed:
    if sf.kind == "entities":
        doc, pos = parse_doc(sf.path, m.EntitiesDoc)
        return _Parsed(sf, doc, pos)
    if sf.kind == "facts":
        doc, pos = parse_doc(sf.path, m.FactsDoc)
        return _Parsed(sf, doc, pos)
    if sf.kind == "actions-csv":
        raw = csvfiles.read_csv(sf.path, csvfiles.ACTION_REQUIRED, csvfiles.ACTION_OPTIONAL)
        return _Parsed(sf, rows=csvfiles.parse_rows(sf.path, raw, csvfiles.ActionRow))
    raw = csvfiles.read_csv(sf.path, memberships.MEMBERSHIP_REQUIRED, memberships.MEMBERSHIP_OPTIONAL)
    return _Parsed(sf, rows=csvfiles.parse_rows(sf.path, raw, memberships.MembershipRow))


def _register(p: _Parsed, registry: Registry) -> None:
    sf = p.source
    if sf.kind == "entities":
        register_sections(p.doc, p.pos, registry, m.ENTITY_SECTIONS)  # type: ignore[arg-type]
    elif sf.kind == "facts":
        register_sections(p.doc, p.pos, registry, m.FACT_SECTIONS)  # type: ignore[arg-type]
    elif sf.kind == "actions-csv":
        csvfiles.register_actions(sf.path, p.rows or [], registry)
    else:
        memberships.register_memberships(sf.path, p.rows or [], registry)


def _write(p: _Parsed, registry: Registry, concepts: Concepts) -> Graph:
    sf = p.source
    g = new_graph(sf.graph)
    if sf.kind == "entities":
        EntityWriter(g, p.pos, registry, concepts).write(p.doc)  # type: ignore[arg-type]
    elif sf.kind == "facts":
        FactWriter(g, p.pos, registry, concepts).write_facts(p.doc)  # type: ignore[arg-type]
    elif sf.kind == "actions-csv":
        csvfiles.write_actions(g, sf.path, p.rows or [], registry, concepts)
    else:
        memberships.write_memberships(g, sf.path, p.rows or [], registry, concepts)
    return g


def load_files(files: list[SourceFile], known_concepts: Mapping[str, set[str]] | None = None
               ) -> list[tuple[SourceFile, Graph]]:
    """Load the given curated files (entity files must come first, as `discover` orders them)."""
    registry = Registry()
    concepts = Concepts(known_concepts)
    parsed = [_parse(sf) for sf in files]
    for p in parsed:
        if p.source.kind == "entities":
            _register(p, registry)
    for p in parsed:
        if p.source.kind != "entities":
            _register(p, registry)
    return [(p.source, _write(p, registry, concepts)) for p in parsed]


def load_all(data_dir: Path, known_concepts: Mapping[str, set[str]] | None = None
             ) -> list[tuple[SourceFile, Graph]]:
    """Every curated file under `data_dir/curated` as (SourceFile, rdflib Graph). Raises DataError
    (file, line, field, rule) for any malformed file, bad value, duplicate id or unknown reference.
    `known_concepts` (scheme -> keys, from `concept_keys(vocab.ttl)`) makes unknown concept keys errors."""
    return load_files(discover(Path(data_dir)), known_concepts)
