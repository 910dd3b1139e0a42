"""CORS for the API from settings.cors_origins, with Starlette's CORSMiddleware.

Off when the list is empty. With "*" any origin may read, but credentials are never allowed (browsers
would refuse them anyway, and a wildcard with credentials is how other endpoints leaked). With explicit
origins, credentials are allowed for those origins only. The Authorization header may be sent (writes
use a bearer token), and the endpoint's methods are allowed.

Middleware must be added before the app starts, so api.app.create_app calls `install_cors(app,
settings)` right after creating the app.
"""

from __future__ import annotations

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from graph.settings import Settings


def install_cors(app: FastAPI, settings: Settings) -> None:
    origins = [o.strip() for o in settings.cors_origins if o.strip()]
    if not origins:
        return
    wildcard = "*" in origins
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"] if wildcard else origins,
        allow_credentials=not wildcard,
        allow_methods=["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS"],
        allow_headers=["Accept", "Authorization", "Content-Type"],
        expose_headers=["Location", "Retry-After"],
        max_age=600,
    )
