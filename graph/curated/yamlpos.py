"""YAML with line numbers: parse a file into plain Python values and a map from each value's path to its line.

PyYAML's composer gives every node a start mark; we walk the node tree ourselves so that each mapping key,
each value and each list item can be traced back to a 1-based line. Duplicate mapping keys (which PyYAML
would silently collapse) are errors here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from graph.errors import DataError, Location

PathKey = tuple[str | int, ...]
# libyaml's parser when PyYAML has it (several times faster); both give nodes with line marks
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Positions:
    """Lines of a parsed YAML document, keyed by the path of each value (`("states", 3, "label")`)."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.value_lines: dict[PathKey, int] = {}
        self.key_lines: dict[PathKey, int] = {}

    def line(self, path: Sequence[str | int], *, key: bool = False) -> int | None:
        """The line of `path` (of its key when `key` is set and it is a mapping entry), else of the nearest
        enclosing value that has one."""
        p = tuple(path)
        if key and p in self.key_lines:
            return self.key_lines[p]
        while p:
            if p in self.value_lines:
                return self.value_lines[p]
            p = p[:-1]
        return self.value_lines.get((), 1)

    def loc(self, path: Sequence[str | int], field: str | None = None, *, key: bool = False) -> Location:
        """A Location for `path`; the field defaults to the last named component of the path."""
        if field is None:
            names = [p for p in path if isinstance(p, str)]
            field = names[-1] if names else None
        return Location(self.file, self.line(path, key=key), field)


def _mark_line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def load_yaml(file: Path) -> tuple[Any, Positions]:
    """Parse `file` (one YAML document) into Python values and their positions.

    Raises DataError for unreadable text, malformed YAML, more than one document and duplicate keys."""
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        raise DataError(Location(file, line), f"not UTF-8 text ({exc.reason})") from exc
    loader = _Loader(text)
    pos = Positions(file)
    try:
        node = loader.get_single_node()
        if node is None:
            return {}, pos
        value = _build(loader, node, (), pos)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or str(exc)
        context = f" {exc.context}" if exc.context and exc.problem else ""
        raise DataError(Location(file, line), f"malformed YAML: {problem}{context}") from exc
    except yaml.YAMLError as exc:
        raise DataError(Location(file), f"malformed YAML: {exc}") from exc
    finally:
        loader.dispose()
    return value, pos


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: PathKey, pos: Positions) -> Any:
    pos.value_lines[path] = _mark_line(node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int):
                raise DataError(Location(pos.file, _mark_line(key_node)), "mapping keys must be plain words")
            sub = (*path, key)
            if key in out:
                raise DataError(Location(pos.file, _mark_line(key_node), str(key)),
                                f"duplicate key {key!r} (first at line {pos.key_lines[sub]})")
            pos.key_lines[sub] = _mark_line(key_node)
            out[key] = _build(loader, value_node, sub, pos)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), pos) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
