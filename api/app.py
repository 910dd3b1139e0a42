"""The FastAPI application factory. The store and settings are injected; nothing is opened at import."""

from __future__ import annotations

import importlib

from fastapi import FastAPI

from graph.settings import Settings, get_settings

# modules that define `router: fastapi.APIRouter` (and optionally `startup(app)`/`shutdown(app)`)
ROUTER_MODULES = [
    "api.routers.sparql",  # /sparql (SPARQL 1.1 protocol), Graph Store protocol
    "api.routers.rest",  # /api/... entities, actions, timelines, alliances, dumps
    "api.routers.pages",  # / (query editor), static files
    "api.routers.ripple",  # /api/ripple/...
    "api.routers.report",  # /api/report, /report
]


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="svkg — State-Vendor Knowledge Graph",
        version="0.1.0",
        description="Which governments restricted which technology vendors, when, by what instrument, "
        "on whose word — and how one state's move rippled through its alliances.",
    )
    app.state.settings = settings
    for name in ROUTER_MODULES:
        module = importlib.import_module(name)
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)
    return app
