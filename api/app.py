"""The FastAPI application factory. The store and settings are injected; nothing is opened at import.

Router modules each define `router: fastapi.APIRouter` and may define `async def startup(app)` and
`async def shutdown(app)` (e.g. the SPARQL worker pool); they are called in the app's lifespan.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import ModuleType

from fastapi import FastAPI, Request

from api.docs import install_docs
from api.rest.errors import install_error_handlers
from api.sparql.cors import install_cors
from graph.settings import Settings, get_settings
from graph.store import GraphStore, open_store

ROUTER_MODULES = [
    "api.routers.sparql",  # /sparql (SPARQL 1.1 protocol), Graph Store protocol
    "api.routers.rest",  # /api/... entities, actions, timelines, alliances, dumps
    "api.routers.pages",  # / (query editor), static files
    "api.routers.ripple",  # /api/ripple/...
    "api.routers.report",  # /api/report, /report
]


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The app. `store` is the store REST routes read (opened read-only from the settings if None)."""
    settings = settings or get_settings()
    modules: list[ModuleType] = [importlib.import_module(n) for n in ROUTER_MODULES]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own_store = store is None
        app.state.own_store = own_store
        app.state.store = store if store is not None else open_store(settings, read_only=True)
        app.state.store_target = _target(settings)
        for m in modules:
            if hasattr(m, "startup"):
                await m.startup(app)
        try:
            yield
        finally:
            for m in reversed(modules):
                if hasattr(m, "shutdown"):
                    await m.shutdown(app)
            if own_store:
                app.state.store.close()

    app = FastAPI(
        title="svkg — State-Vendor Knowledge Graph",
        version="0.1.0",
        description="Which governments restricted which technology vendors, when, by what instrument, "
        "on whose word — and how one state's move rippled through its alliances.",
        lifespan=lifespan,
        docs_url=None,  # served below from vendored Swagger UI, not from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    install_cors(app, settings)
    install_error_handlers(app)
    install_docs(app)
    for m in modules:
        router = getattr(m, "router", None)
        if router is not None:
            app.include_router(router)
    return app


def _target(settings: Settings) -> str | None:
    """The store generation the configured store path points at (it is a symlink a build swaps)."""
    if settings.sparql_endpoint:
        return None
    try:
        return os.path.realpath(settings.store_path)
    except OSError:
        return None


def get_store(request: Request) -> GraphStore:
    """FastAPI dependency: the store. When the app opened the embedded store itself and a build has since
    swapped in a new generation, the new one is opened (the old handle is closed) so the API never keeps
    serving a generation the next build will delete."""
    app = request.app
    if getattr(app.state, "own_store", False):
        target = _target(app.state.settings)
        if target is not None and target != app.state.store_target and os.path.isdir(target):
            old = app.state.store
            app.state.store = open_store(app.state.settings, read_only=True)
            app.state.store_target = target
            old.close()
    return app.state.store


def get_app_settings(request: Request) -> Settings:
    """FastAPI dependency: the app's settings."""
    return request.app.state.settings
