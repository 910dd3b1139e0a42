"""`svkg serve`: refuses to start without a store when told not to build, and serves a store for real
(the console script in a subprocess, uvicorn, worker processes) on a free loopback port."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sparql_support import numbered_store
from typer.testing import CliRunner

from graph.cli import app

pytestmark = pytest.mark.server


def test_serve_without_a_store_and_no_build_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--no-build", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no store at" in result.output and "svkg build" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_answers_queries(tmp_path: Path) -> None:
    store = numbered_store(tmp_path / "store", 10)
    port = _free_port()
    svkg = Path(sys.executable).parent / "svkg"
    env = os.environ | {"SVKG_QUERY_WORKERS": "1"}
    proc = subprocess.Popen([str(svkg), "serve", "--no-build", "--store", str(store), "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(url, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}, timeout=10)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
                assert time.monotonic() < deadline, "svkg serve did not start"
                time.sleep(0.2)
        assert r.status_code == 200
        assert r.json()["results"]["bindings"][0]["n"]["value"] == "10"
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
