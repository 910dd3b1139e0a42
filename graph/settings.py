"""svkg's settings, typed in one place. Read from the environment (prefix `SVKG_`) by `get_settings()`,
never at import time."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


def default_data_home() -> Path:
    """Where the built store lives unless SVKG_STORE_PATH says otherwise: `./var/store` in the checkout."""
    return REPO_ROOT / "var"


class Settings(BaseSettings):
    """Every knob of svkg. Environment variables: SVKG_<NAME> (e.g. SVKG_STORE_PATH, SVKG_QUERY_TIMEOUT)."""

    model_config = SettingsConfigDict(env_prefix="SVKG_", env_file=None, extra="ignore")

    # where things are
    store_path: Path = Field(default_factory=lambda: default_data_home() / "store",
                             description="Directory of the embedded pyoxigraph store.")
    data_dir: Path = Field(default=REPO_ROOT / "data", description="The sourced data files.")
    ontology_dir: Path = Field(default=REPO_ROOT / "ontology", description="Ontology, vocabularies, shapes.")
    sparql_endpoint: str | None = Field(
        default=None, description="Use a remote SPARQL 1.1 server (query URL) instead of the embedded store.")
    sparql_update_endpoint: str | None = Field(default=None, description="The remote server's update URL.")
    sparql_gsp_endpoint: str | None = Field(default=None, description="The remote server's Graph Store URL.")

    imports_disabled: list[str] = Field(default_factory=list,
                                        description="Importer names the build skips (e.g. ofac-sdn).")

    # serving
    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = Field(default=10.0, gt=0, description="Seconds a query may run before a 503.")
    max_result_bytes: int = Field(default=50_000_000, gt=0, description="Cap on a serialised result.")
    max_request_bytes: int = Field(default=1_000_000, gt=0, description="Cap on a request body.")
    query_workers: int = Field(default=2, ge=1, description="Worker processes answering SPARQL queries.")
    enable_update: bool = Field(default=False, description="Allow SPARQL Update and Graph Store writes.")
    update_token: SecretStr | None = Field(default=None, description="Bearer token required for writes.")
    allow_service: bool = Field(default=False, description="Allow SERVICE (federated) queries.")
    allow_load: bool = Field(default=False, description="Allow LOAD and fetching remote or file: IRIs.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS.")
    page_size_max: int = 500


def get_settings(**overrides: object) -> Settings:
    """Build the settings from the environment, with explicit overrides winning."""
    return Settings(**overrides)  # type: ignore[arg-type]
