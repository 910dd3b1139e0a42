"""Which importers exist, and which ones the build runs.

    configured_importers(settings) -> the importers `svkg build` runs: every shipped source (OFAC's
        full SDN file included) except those named in `settings.imports_disabled`, when that setting
        exists.
    get_importer(name, settings) -> one importer by name (`svkg import NAME`), including `ftm`, which
        imports any FollowTheMoney JSON-lines file and has no shipped default.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph.errors import NotFound
from graph.importers.atop import AtopImporter
from graph.importers.base import Importer
from graph.importers.bis_mieu import BisMieuImporter
from graph.importers.cn_sanctions import CnSanctionsImporter
from graph.importers.context import ImportContext
from graph.importers.cow import CowImporter
from graph.importers.dod_1260h import Dod1260HImporter
from graph.importers.fcc_covered import FccCoveredImporter
from graph.importers.ftm import FtmImporter
from graph.importers.ofac_sdn import OfacSdnImporter
from graph.importers.special_leg import Ndaa154Importer, Ndaa889Importer, Ndaa5949Importer

SHIPPED: tuple[type[Importer], ...] = (
    Dod1260HImporter, FccCoveredImporter, Ndaa889Importer, Ndaa5949Importer, Ndaa154Importer,
    BisMieuImporter, CnSanctionsImporter, OfacSdnImporter, AtopImporter, CowImporter,
)
IMPORTERS: dict[str, type[Importer]] = {cls.name: cls for cls in (*SHIPPED, FtmImporter)}


def _context(settings: Any | None) -> ImportContext:
    return ImportContext.from_settings(settings) if settings is not None else ImportContext.default()


def get_importer(name: str, settings: Any | None = None, *, snapshot_date: date | None = None,
                 dataset_name: str | None = None, origin_url: str | None = None, licence: str | None = None,
                 context: ImportContext | None = None) -> Importer:
    """The importer called `name`. `dataset_name`, `origin_url` and `licence` are for `ftm` (defaults:
    the name from the file; an OpenSanctions export's dataset page; "not stated")."""
    try:
        cls = IMPORTERS[name]
    except KeyError:
        raise NotFound(f"no importer called {name!r}; known: {', '.join(sorted(IMPORTERS))}") from None
    ctx = context or _context(settings)
    if cls is FtmImporter:
        return FtmImporter(ctx, snapshot_date=snapshot_date, dataset_name=dataset_name,
                           origin_url=origin_url or "", licence=licence or "not stated")
    return cls(ctx, snapshot_date=snapshot_date)


def configured_importers(settings: Any | None = None) -> list[Importer]:
    """The importers the build runs, in a stable order."""
    disabled = set(getattr(settings, "imports_disabled", None) or [])
    unknown = disabled - set(IMPORTERS)
    if unknown:
        raise NotFound(f"imports_disabled names unknown importers: {', '.join(sorted(unknown))}")
    ctx = _context(settings)
    return [cls(ctx) for cls in SHIPPED if cls.name not in disabled]
