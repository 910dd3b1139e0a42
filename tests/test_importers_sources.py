"""data/sources/SOURCES.md names every shipped file with its true checksum, and every importer's file."""

from __future__ import annotations

import re
from pathlib import Path

from graph.importers.base import sha256_file
from graph.importers.registry import SHIPPED

SOURCES = Path(__file__).resolve().parents[1] / "data" / "sources"
ROW = re.compile(r"^\| `(?P<file>[^`]+)` \|.*\| `(?P<sha>[0-9a-f]{64})` \|$", re.M)


def test_every_shipped_file_is_documented_with_its_checksum() -> None:
    text = (SOURCES / "SOURCES.md").read_text(encoding="utf-8")
    documented = {m["file"]: m["sha"] for m in ROW.finditer(text)}
    files = {p.relative_to(SOURCES).as_posix() for p in SOURCES.rglob("*") if p.is_file()} - {"SOURCES.md"}
    assert set(documented) == files
    for name, sha in documented.items():
        assert sha256_file(SOURCES / name) == sha, name
    assert "non-commercial" in text  # the licence warning stays


def test_every_importer_reads_a_documented_file() -> None:
    text = (SOURCES / "SOURCES.md").read_text(encoding="utf-8")
    for cls in SHIPPED:
        assert f"`{cls.source.file}` | `{cls.name}` |" in text, cls.name
        assert cls.source.origin_url.startswith("https://")
