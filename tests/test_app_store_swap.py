"""The API follows the store a build swaps in: after `svkg build` replaces the generation the store path
points at, REST requests read the new generation (the old one is closed, and later deleted by builds)."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from graph.build import build
from graph.settings import get_settings


def test_rest_reads_the_new_generation_after_a_rebuild(tmp_path: Path) -> None:
    settings = get_settings(store_path=tmp_path / "store", query_workers=1)
    build(settings, imports=False)
    first = os.path.realpath(settings.store_path)
    app = create_app(settings)
    with TestClient(app) as client:
        before = client.get("/api/vendors/huawei/timeline")
        assert before.status_code == 200
        assert app.state.store_target == first
        build(settings, imports=False)  # a new generation is swapped in under the running app
        second = os.path.realpath(settings.store_path)
        assert second != first
        after = client.get("/api/vendors/huawei/timeline")
        assert after.status_code == 200
        assert app.state.store_target == second
        assert after.json() == before.json()  # same data, read from the new generation
