"""Which curated files there are, what kind each is, its named graph and its metadata for the meta graph."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml

from graph import iris
from graph.errors import DataError, Location

Kind = Literal["entities", "facts", "actions-csv", "alliances-csv"]
_RANK: dict[str, int] = {"entities": 0, "facts": 1, "actions-csv": 1, "alliances-csv": 1}


@dataclass(frozen=True)
class SourceFile:
    """One curated data file: path, named graph IRI, title and kind; `origin` is its repo-relative path."""

    path: Path
    graph: str
    title: str
    kind: Kind
    origin: str = ""

    def metadata(self) -> dict[str, str]:
        """title, description, licence and origin (repo-relative path) for the build's meta graph."""
        meta = _yaml_meta(self.path) if self.kind in ("entities", "facts") else _csv_meta(self.path)
        return {"title": self.title, "description": str(meta.get("description") or ""),
                "licence": str(meta.get("licence") or ""), "origin": self.origin or self.path.name}


def kind_of_file(path: Path) -> Kind | None:
    name = path.name
    if name.startswith("."):
        return None
    if path.suffix in (".yaml", ".yml"):
        return "entities" if name.startswith("entities") else "facts"
    if path.suffix == ".csv":
        return "alliances-csv" if name.startswith("alliances") else "actions-csv"
    return None


def discover(data_dir: Path) -> list[SourceFile]:
    """Every curated file under `data_dir/curated`, entity files first (`entities.yaml` leading), then the
    rest by name. Two files with one stem (one graph) are an error."""
    curated = Path(data_dir) / "curated"
    if not curated.is_dir():
        return []
    found: list[tuple[Path, Kind]] = []
    for path in curated.iterdir():
        kind = kind_of_file(path)
        if kind is not None and path.is_file():
            found.append((path, kind))
    found.sort(key=lambda pk: (_RANK[pk[1]], pk[0].stem != "entities", pk[0].name))
    out: list[SourceFile] = []
    stems: dict[str, Path] = {}
    for path, kind in found:
        if path.stem in stems:
            raise DataError(Location(path), f"{path.name} and {stems[path.stem].name} would share the graph "
                                            f"curated/{path.stem}; rename one")
        stems[path.stem] = path
        title = _title(path, kind)
        out.append(SourceFile(path=path, graph=iris.graph(f"curated/{path.stem}"), title=title, kind=kind,
                              origin=_origin(path, Path(data_dir))))
    return out


def _origin(path: Path, data_dir: Path) -> str:
    base = data_dir.resolve().parent
    try:
        return path.resolve().relative_to(base).as_posix()
    except ValueError:
        return f"data/curated/{path.name}"


def _title(path: Path, kind: Kind) -> str:
    meta = _yaml_meta(path) if kind in ("entities", "facts") else _csv_meta(path)
    title = meta.get("title")
    return str(title) if title else path.name


def _yaml_meta(path: Path) -> dict[str, Any]:
    """The top-level metadata keys of a YAML file, read from their own lines only (the whole file is
    parsed, with errors reported, by the loader)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return {}
    out: dict[str, Any] = {}
    for i, line in enumerate(lines):
        key = line.split(":", 1)[0]
        if key not in ("title", "description", "licence"):
            continue
        block = [line]
        for more in lines[i + 1:]:
            if more and not more[0].isspace():
                break
            block.append(more)
        try:
            value = yaml.safe_load("\n".join(block))
        except yaml.YAMLError:
            continue
        if isinstance(value, dict):
            out[key] = value.get(key)
    return out


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + "-metadata.json")


def _csv_meta(path: Path) -> dict[str, Any]:
    side = sidecar(path)
    if not side.is_file():
        return {}
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {"title": data.get("dc:title"), "description": data.get("dc:description"),
            "licence": data.get("dc:license")}
