"""Where the endpoint's work runs. Three backends, one interface (`Backend`), chosen in `make_backend`:

* `PoolBackend` — the embedded on-disk store (the normal case): queries in worker processes with a hard
  time limit (api.sparql.pool); writes in a writer process while the workers are stopped, under the
  store's build lock so no build or import writes at the same time (api.sparql.writer).
* `RemoteBackend` — settings.sparql_endpoint is set: queries and writes are forwarded through the store
  seam (graph.store.remote.RemoteStore) with the same time limit (503) and result cap (413).
* `InProcessBackend` — an injected store without a path (tests of other areas use an in-memory store):
  queries run in a thread. The time limit still answers 503, but pyoxigraph cannot be stopped in-process,
  so the query runs on to its end; a warning says so at start-up. Not used when serving a built store.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from api.sparql import worker as worker_module
from api.sparql import writer as writer_module
from api.sparql.errors import Busy
from api.sparql.pool import WorkerPool, get_context, start_process
from graph.errors import NotFound, QueryTimeout, ResultTooLarge, StoreError, SvkgError
from graph.settings import Settings
from graph.store.base import GraphStore
from graph.store.embedded import EmbeddedStore

log = logging.getLogger("svkg.sparql")
Answer = tuple[Any, ...]


def _timeout(what: str, limit: float) -> QueryTimeout:
    return QueryTimeout(f"{what} timed out: it ran longer than the limit of {limit:g} s "
                        "(SVKG_QUERY_TIMEOUT) and was stopped.")


class Backend:
    """Runs query jobs (api.sparql.worker job dicts) and writes (api.sparql.writer operations)."""

    mode = "abstract"
    kills_overrunning_queries = False

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._write_lock = asyncio.Lock()

    async def start(self) -> None:
        pass

    async def close(self) -> None:
        pass

    async def run(self, job: dict[str, Any]) -> Answer:
        raise NotImplementedError

    async def write(self, op: dict[str, Any]) -> Answer:
        raise NotImplementedError

    async def named_graphs(self) -> list[str]:
        answer = await self.run({"kind": "graphs", "max_bytes": self.settings.max_result_bytes})
        if answer[0] != "ok":
            raise StoreError(answer[2])
        return [g for g in answer[3].decode().split("\n") if g]


class PoolBackend(Backend):
    mode = "embedded (worker processes)"
    kills_overrunning_queries = True

    def __init__(self, settings: Settings, store_path: Path, *, context: str = "forkserver") -> None:
        super().__init__(settings)
        self.store_path = Path(store_path)
        self.pool = WorkerPool(self.store_path, settings.query_workers, context=context)
        self.ctx = get_context(context)

    async def start(self) -> None:
        """Start the workers and wait until they are ready, so the first query does not wait. A store
        that cannot be opened is logged, not fatal: queries then answer 500 saying why, and the pool
        tries again on the next query (e.g. once `svkg build` has made the store)."""
        self.pool.start()
        try:
            await self.pool.wait_ready()
        except StoreError as exc:
            log.error("SPARQL workers could not start: %s", exc.message)

    async def close(self) -> None:
        await self.pool.close()

    async def run(self, job: dict[str, Any]) -> Answer:
        return await self.pool.run(job, self.settings.query_timeout)

    async def write(self, op: dict[str, Any]) -> Answer:
        from graph.store.generations import build_lock

        limit = self.settings.query_timeout
        async with self._write_lock:
            try:
                lock = build_lock(self.store_path)
                lock.__enter__()
            except StoreError as exc:
                raise Busy(f"Service busy: {exc.message}; the write was not applied, try again "
                           "later.") from None
            try:
                async with self.pool.exclusive(limit) as path:
                    return await asyncio.to_thread(self._write_process, path, op, limit)
            finally:
                lock.__exit__(None, None, None)

    def _write_process(self, path: Path, op: dict[str, Any], limit: float) -> Answer:
        parent, child = self.ctx.Pipe(duplex=True)
        process = start_process(self.ctx, writer_module.main, (child, str(path), op), "svkg-sparql-writer")
        child.close()
        try:
            if not parent.poll(limit):
                process.kill()
                process.join(5)
                raise _timeout("The write", limit)
            return parent.recv()
        except (EOFError, OSError) as exc:
            raise StoreError(f"the writer process died; the write was not applied: {exc}") from exc
        finally:
            process.join(5)
            parent.close()


class InProcessBackend(Backend):
    mode = "in-process (injected store; time limit answers 503 but cannot stop a query)"

    def __init__(self, settings: Settings, store: EmbeddedStore) -> None:
        super().__init__(settings)
        self.store = store

    async def run(self, job: dict[str, Any]) -> Answer:
        try:
            return await asyncio.wait_for(asyncio.to_thread(worker_module.execute, self.store.ox, job),
                                          self.settings.query_timeout)
        except TimeoutError:
            log.warning("a SPARQL query overran its time limit in-process and cannot be stopped")
            raise _timeout("Query", self.settings.query_timeout) from None

    async def write(self, op: dict[str, Any]) -> Answer:
        if self.store.read_only:
            raise StoreError("the injected store is read-only; writes are not possible")
        async with self._write_lock:
            return await asyncio.to_thread(writer_module.apply, self.store.ox, op)


class RemoteBackend(Backend):
    mode = "remote SPARQL server"

    def __init__(self, settings: Settings, store: GraphStore) -> None:
        super().__init__(settings)
        self.store = store

    async def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        limit = self.settings.query_timeout
        try:
            return await asyncio.wait_for(asyncio.to_thread(fn, *args, **kwargs), limit + 1.0)
        except TimeoutError:
            raise _timeout("The remote query", limit) from None

    def _capped(self, body: bytes) -> bytes:
        cap = self.settings.max_result_bytes
        if len(body) > cap:
            raise ResultTooLarge(f"Result too large: the answer exceeds the limit of {cap:,} bytes "
                                 "(SVKG_MAX_RESULT_BYTES). Add a LIMIT or aggregate.")
        return body

    async def run(self, job: dict[str, Any]) -> Answer:
        try:
            return await self._run(job)
        except SvkgError as exc:
            return ("err", exc.status_code, exc.message)

    async def _run(self, job: dict[str, Any]) -> Answer:
        kind = job["kind"]
        if kind == "graphs":
            names = await self._call(self.store.named_graphs)
            return ("ok", "graphs", "text/plain", "\n".join(names).encode())
        if kind == "graph":
            graph = job.get("graph")
            if graph is not None and graph not in await self._call(self.store.named_graphs):
                raise NotFound(f"Not Found: no graph <{graph}> in the store.")
            body = await self._call(self.store.dump, job["rdf_type"], graph)
            return ("ok", "graph", job["rdf_type"], self._capped(body))
        form = job.get("form")
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        media = job["rdf_type"] if graph_form else job["results_type"]
        body = await self._call(self.store.query_serialized, job["query"], media,
                                default_graph=job.get("default_graph"), named_graphs=job.get("named_graphs"))
        what = "triples" if graph_form else ("boolean" if form == "ASK" else "solutions")
        return ("ok", what, media, self._capped(body))

    async def write(self, op: dict[str, Any]) -> Answer:
        async with self._write_lock:
            try:
                return await self._write(op)
            except SvkgError as exc:
                return ("err", exc.status_code, exc.message)

    async def _write(self, op: dict[str, Any]) -> Answer:
        kind, graph = op["op"], op.get("graph")
        if kind == "update":
            from api.sparql.guard import add_update_dataset
            from graph.store.sparql_lexer import tokenize

            text = add_update_dataset(op["update"], tokenize(op["update"]), op.get("using") or [],
                                      op.get("using_named") or [], None)
            await self._call(self.store.update, text)
            return ("ok", None)
        if graph is None:
            raise StoreError("the store's own default graph cannot be written on a remote server")
        existed = graph in await self._call(self.store.named_graphs)
        if kind == "delete":
            if not existed:
                raise NotFound(f"Not Found: no graph <{graph}> in the store.")
            await self._call(self.store.clear_graph, graph)
            return ("ok", True)
        for data, media in op["parts"]:
            writer_module.parse_payload(data, media, graph, op.get("base_iri"))  # 400 before any change
        if kind == "put" and existed:
            await self._call(self.store.clear_graph, graph)
        for data, media in op["parts"]:
            await self._call(self.store.load, data, media, graph)
        return ("ok", not existed)


def make_backend(settings: Settings, store: GraphStore | None, *, context: str = "forkserver") -> Backend:
    """The backend for this app: remote when settings.sparql_endpoint is set; worker processes over an
    on-disk embedded store; in-process over an injected store with no path."""
    if settings.sparql_endpoint and store is not None and not isinstance(store, EmbeddedStore):
        return RemoteBackend(settings, store)
    if isinstance(store, EmbeddedStore) and store.path is not None:
        return PoolBackend(settings, store.path, context=context)
    if isinstance(store, EmbeddedStore):
        log.warning("SPARQL endpoint runs queries in-process on an injected store: a query past the time "
                    "limit answers 503 but keeps running")
        return InProcessBackend(settings, store)
    if store is not None:
        return RemoteBackend(settings, store)
    return PoolBackend(settings, settings.store_path, context=context)
