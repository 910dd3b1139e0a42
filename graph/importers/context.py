"""What an importer needs to know about the rest of svkg: where the shipped source files are, and which
ids the curated data already defines (so an import links to `state/JP` or `action/T12` only when they
exist, and writes minimal records for states the curated data lacks)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it: ~10x faster


def _walk_ids(node: Any) -> Iterator[str]:
    """Every string `id:` value in a YAML document, however nested."""
    if isinstance(node, dict):
        value = node.get("id")
        if isinstance(value, str):
            yield value
        for child in node.values():
            yield from _walk_ids(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk_ids(child)


@dataclass
class CuratedAction:
    id: str  # id path, `action/T12`
    date: str
    actor: str
    action_type: str
    targets: tuple[str, ...]


@dataclass
class ImportContext:
    sources_dir: Path
    curated_dir: Path | None = None
    extra_ids: set[str] = field(default_factory=set)

    @classmethod
    def from_settings(cls, settings: Any) -> ImportContext:
        data_dir = Path(settings.data_dir)
        return cls(sources_dir=data_dir / "sources", curated_dir=data_dir / "curated")

    @classmethod
    def default(cls) -> ImportContext:
        from graph.settings import get_settings

        return cls.from_settings(get_settings())

    @cached_property
    def curated_ids(self) -> frozenset[str]:
        """Id paths (`state/JP`, `body/us-dod`, `action/T12`) defined by the curated data files."""
        ids: set[str] = set(self.extra_ids)
        if self.curated_dir and self.curated_dir.is_dir():
            for path in sorted(self.curated_dir.glob("*.yaml")):
                with open(path, encoding="utf-8") as fh:
                    for doc in yaml.load_all(fh, Loader=_LOADER):
                        ids.update(i for i in _walk_ids(doc) if "/" in i)
            ids.update("action/" + a.id.removeprefix("action/") for a in self.curated_actions)
        return frozenset(ids)

    @cached_property
    def curated_actions(self) -> list[CuratedAction]:
        """The actions of the curated CSV files (`timeline.csv`, `coverage*.csv`)."""
        out: list[CuratedAction] = []
        if not (self.curated_dir and self.curated_dir.is_dir()):
            return out
        for path in sorted(self.curated_dir.glob("*.csv")):
            with open(path, encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh)
                if not reader.fieldnames or not {"id", "date", "actor", "action_type"} <= set(
                        reader.fieldnames):
                    continue
                for row in reader:
                    targets = tuple(t.strip() for t in (row.get("targets") or "").split(";") if t.strip())
                    out.append(CuratedAction("action/" + row["id"], row["date"], row["actor"],
                                             row["action_type"], targets))
        return out

    def has(self, ref: str) -> bool:
        return ref in self.curated_ids
