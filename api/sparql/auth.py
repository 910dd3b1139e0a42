"""Who may write: nobody unless settings.enable_update is true, and then only a request carrying
`Authorization: Bearer <settings.update_token>` (compared in constant time with hmac.compare_digest).
With writes enabled but no token configured, every write is refused: there is no open-write mode."""

from __future__ import annotations

import hmac

from starlette.requests import Request

from api.sparql.errors import MethodNotAllowed, UpdateForbidden
from graph.settings import Settings


def check_write(request: Request, settings: Settings, *, what: str, allow_when_disabled: list[str] | None
                = None) -> None:
    """Raise unless this request may write. When writes are disabled: 405 with `Allow` when
    `allow_when_disabled` is given (the Graph Store), else 403."""
    if not settings.enable_update:
        message = (f"{what} is disabled: this endpoint is read-only (an operator can enable writes with "
                   "SVKG_ENABLE_UPDATE=true and SVKG_UPDATE_TOKEN).")
        if allow_when_disabled is not None:
            raise MethodNotAllowed(message, allow_when_disabled)
        raise UpdateForbidden(message)
    token = settings.update_token.get_secret_value() if settings.update_token else ""
    if not token:
        raise UpdateForbidden(f"{what} refused: writes are enabled but no update token is configured "
                              "(SVKG_UPDATE_TOKEN).")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise UpdateForbidden(f"{what} refused: send the update token as 'Authorization: Bearer <token>'.")
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        raise UpdateForbidden(f"{what} refused: the bearer token is not valid.")
