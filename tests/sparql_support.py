"""Shared helpers for the SPARQL endpoint tests (tests/test_sparql_*.py): tiny on-disk stores built in
tmp_path, the app over them (ASGI TestClient), and a real uvicorn server on a free loopback port."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import uvicorn
from fastapi.testclient import TestClient

from api.app import create_app
from graph.settings import Settings, get_settings

__all__ = ["EX", "TOKEN", "build_store", "client", "get_settings", "live_server", "make_app",
           "numbered_store", "quad_dump", "settings_for"]

TOKEN = "test-token-123"
EX = "http://example.org/"


def build_store(path: Path, graphs: dict[str, tuple[bytes | str, ox.RdfFormat]] | None = None,
                quads: list[ox.Quad] | None = None) -> Path:
    """An on-disk pyoxigraph store at `path` holding `graphs` (graph IRI -> (data, format)) and `quads`."""
    store = ox.Store(str(path))
    for graph, (data, fmt) in (graphs or {}).items():
        store.load(data, format=fmt, to_graph=ox.NamedNode(graph))
    if quads:
        store.extend(quads)
    store.flush()
    del store
    return path


def numbered_store(path: Path, n: int, graph: str = EX + "g") -> Path:
    """A store with `n` triples `<ex:s{i}> <ex:p> i` in one named graph."""
    p = ox.NamedNode(EX + "p")
    g = ox.NamedNode(graph)
    quads = [ox.Quad(ox.NamedNode(f"{EX}s{i}"), p, ox.Literal(i), g) for i in range(n)]
    return build_store(path, quads=quads)


def settings_for(store: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"store_path": store, "query_workers": 1, "query_timeout": 10.0}
    values.update(overrides)
    return get_settings(**values)


def make_app(settings: Settings):  # type: ignore[no-untyped-def]
    return create_app(settings)


@contextlib.contextmanager
def client(settings: Settings, base_url: str = "http://testserver") -> Iterator[TestClient]:
    """A TestClient over the app (lifespan run: the worker processes start and stop with it)."""
    with TestClient(make_app(settings), base_url=base_url) as c:
        yield c


def quad_dump(store: Path) -> bytes:
    """Everything in a store as sorted N-Quads lines (to check a refused write changed nothing)."""
    s = ox.Store.read_only(str(store))
    lines = sorted((s.dump(format=ox.RdfFormat.N_QUADS) or b"").splitlines())
    del s
    return b"\n".join(lines)


@contextlib.contextmanager
def live_server(settings: Settings) -> Iterator[str]:
    """A real uvicorn server (in a thread) on a free 127.0.0.1 port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app(settings), log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()
