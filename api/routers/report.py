"""The data quality report: `GET /api/report` (JSON) and `GET /report` (an HTML page).

Both show what `svkg report` shows (`graph.report`): coverage per acting state, vendor, year and
source graph; actions lacking a second source; contested facts; imported records no entity resolution
linked. Totals are exact; lists hold at most `limit` rows. The report is computed from the served store
and kept for `CACHE_SECONDS` (the served store is read-only; a build swaps in a new one). The page is
one self-contained document: its styles are inline, it loads nothing from anywhere.
"""

from __future__ import annotations

import threading
import time
import weakref
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.app import get_app_settings, get_store
from api.rest.errors import SvkgRoute, error_responses
from graph.report import QualityReport, build_report
from graph.settings import Settings
from graph.store import GraphStore

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
CACHE_SECONDS = 120.0
CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; "
       "frame-ancestors 'self'")

router = APIRouter(route_class=SvkgRoute, tags=["Report"])
_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]),
                   trim_blocks=True, lstrip_blocks=True)
_cache: weakref.WeakKeyDictionary[GraphStore, dict[int, tuple[float, QualityReport]]] = \
    weakref.WeakKeyDictionary()
_lock = threading.Lock()

Limit = Annotated[int, Query(ge=1, le=5000, description="Rows listed per section (totals are exact).")]


def render_html(report: QualityReport, root: str = "") -> str:
    """The report as a self-contained HTML page (autoescaped)."""
    return _env.get_template("report.html").render(report=report, data=report.as_dict(), root=root)


def cached_report(store: GraphStore, settings: Settings, limit: int) -> QualityReport:
    now = time.monotonic()
    with _lock:
        hit = _cache.get(store, {}).get(limit)
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    report = build_report(store, limit=limit, data_dir=Path(settings.data_dir))
    with _lock:
        _cache.setdefault(store, {})[limit] = (now, report)
    return report


@router.get("/api/report", responses=error_responses(422),
            summary="Data quality report: coverage, single-source and contested facts, unresolved records")
def report_json(
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    limit: Limit = 100,
) -> dict[str, Any]:
    return cached_report(store, settings, limit).as_dict()


@router.get("/report", response_class=HTMLResponse, include_in_schema=False)
def report_page(
    request: Request,
    store: Annotated[GraphStore, Depends(get_store)],
    settings: Annotated[Settings, Depends(get_app_settings)],
    limit: Limit = 100,
) -> HTMLResponse:
    root = request.scope.get("root_path", "").rstrip("/")
    response = HTMLResponse(render_html(cached_report(store, settings, limit), root))
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
