"""A pool of query worker processes, driven from asyncio.

Each worker (api.sparql.worker) holds `pyoxigraph.Store.read_only(<store generation>)`. A request takes
an idle worker, sends its job and waits at most the time limit for the answer. A worker that overruns
is killed (SIGKILL: the query really stops) and a replacement starts in the background; the request
gets a 503. The same happens when the client goes away mid-query.

Processes come from multiprocessing's "forkserver" context (a fresh, single-threaded server process
forks each worker, with api.sparql.worker preloaded, so a replacement is ready in tens of milliseconds
and never inherits the web server's threads or sockets); "spawn" can be chosen instead.

The store path is usually a symlink to the current build generation (graph.store.generations). The
pool resolves it when starting a worker and checks it before each job: after a rebuild swaps the link,
idle workers of the old generation are retired and new ones open the new generation.

Writes (see api.sparql.backends) call `exclusive()`: no new job starts, running jobs finish (each within
its own time limit), every worker exits, the caller writes, and fresh workers start — read-only handles
do not see later writes, and pyoxigraph 0.5 leaves concurrent read-write and read-only use of one store
undefined, so no worker is open while a write is applied.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.machinery
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

from api.sparql import worker as worker_module
from api.sparql.errors import Busy
from graph.errors import QueryTimeout, StoreError

log = logging.getLogger("svkg.sparql")
STARTUP_TIMEOUT = 60.0  # seconds a worker may take to start (a cold start on a busy machine)


_START_LOCK = threading.Lock()


@contextlib.contextmanager
def _without_main_reimport() -> Iterator[None]:
    """Workers run api.sparql.worker only; keep multiprocessing from re-running the parent's main script
    in each of them (for `svkg serve` that is the whole CLI: ~2 s per worker). It re-runs a main script
    unless `__main__.__spec__` names a module called "__main__", so one is set while a process starts."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None or not getattr(main, "__file__", None):
        yield
        return
    with _START_LOCK:
        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
        try:
            yield
        finally:
            main.__spec__ = None


def start_process(ctx: Any, target: Any, args: tuple[Any, ...], name: str) -> Any:
    """Start `target(*args)` in a daemon process of `ctx` (see `_without_main_reimport`)."""
    process = ctx.Process(target=target, args=args, daemon=True, name=name)
    with _without_main_reimport():
        process.start()
    return process


def get_context(kind: str = "forkserver") -> Any:
    """A multiprocessing context for workers ("forkserver", with the worker module preloaded, or
    "spawn")."""
    if kind == "forkserver" and "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["api.sparql.worker", "api.sparql.writer"])
        return ctx
    return multiprocessing.get_context("spawn")


class _NoAnswer(Exception):
    """No answer within the time limit (not TimeoutError: that is an OSError, like a dead pipe)."""


class WorkerDied(StoreError):
    """The worker process ended without answering (crashed or was killed)."""


class Worker:
    """One worker process and the parent end of its pipe. `start` and `reap` block: run them in a
    thread."""

    def __init__(self, process: Any, conn: Any, path: Path, generation: int) -> None:
        self.process = process
        self.conn = conn
        self.path = path
        self.generation = generation

    @classmethod
    def start(cls, ctx: Any, path: Path, generation: int, timeout: float = STARTUP_TIMEOUT) -> Worker:
        parent, child = ctx.Pipe(duplex=True)
        process = start_process(ctx, worker_module.main, (child, str(path)), "svkg-sparql-worker")
        child.close()
        try:
            if not parent.poll(timeout):
                raise StoreError(f"a SPARQL worker did not start within {timeout:.0f} s")
            hello = parent.recv()
        except (EOFError, OSError) as exc:
            process.kill()
            raise StoreError(f"a SPARQL worker failed to start: {exc}") from exc
        except StoreError:
            process.kill()
            raise
        if hello[0] != "ready":
            process.join(5)
            raise StoreError(hello[2])
        return cls(process, parent, path, generation)

    async def call(self, job: dict[str, Any], timeout: float) -> tuple[Any, ...]:
        """Send a job and wait for its answer; _NoAnswer when none starts to arrive within `timeout` s
        (the worker serialises the whole answer before sending it, so the limit covers all the work)."""
        loop = asyncio.get_running_loop()
        try:
            fd = self.conn.fileno()
            os.set_blocking(fd, True)  # the event loop makes a watched fd non-blocking
            self.conn.send(job)
            readable = loop.create_future()
            loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
            try:
                await asyncio.wait_for(readable, timeout)
            except TimeoutError:
                raise _NoAnswer from None
            finally:
                loop.remove_reader(fd)
            os.set_blocking(fd, True)
            # a large answer arrives in pieces as the worker writes it: read it off the event loop
            return await asyncio.to_thread(self.conn.recv)
        except (EOFError, OSError) as exc:  # the pipe is closed: the worker died
            raise WorkerDied(f"the SPARQL worker (pid {self.process.pid}) died: {exc}") from exc

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()

    def reap(self) -> None:
        self.kill()
        with contextlib.suppress(Exception):
            self.process.join(2)
        with contextlib.suppress(Exception):
            self.conn.close()


class WorkerPool:
    """`size` query workers over the store at `store_path` (a directory or a symlink to one)."""

    def __init__(self, store_path: Path, size: int, *, context: str = "forkserver") -> None:
        self.store_path = Path(store_path)
        self.size = size
        self.ctx = get_context(context)
        self.generation = 0
        self.resolved = self._resolve()
        self._idle: list[Worker] = []
        self._live: set[Worker] = set()
        self._spawns: set[asyncio.Task[None]] = set()
        self._cond = asyncio.Condition()
        self._paused = False
        self._closed = False
        self._last_error: str | None = None
        self._last_check = 0.0

    def _resolve(self) -> Path:
        return Path(os.path.realpath(self.store_path))

    # -- life cycle --------------------------------------------------------------------------------
    def start(self) -> None:
        """Start the workers in the background (requests wait for the first one)."""
        for _ in range(self.size - len(self._live) - len(self._spawns)):
            self._spawn()

    async def wait_ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Wait until every worker has started (at start-up, and for tests and benchmarks)."""
        deadline = time.monotonic() + timeout
        while len(self._live) < self.size:
            if self._last_error and not self._spawns:
                raise StoreError(self._last_error)
            if time.monotonic() > deadline:
                raise StoreError("SPARQL workers did not start in time")
            await asyncio.sleep(0.01)

    def _spawn(self) -> None:
        if self._closed or self._paused:
            return
        task = asyncio.get_running_loop().create_task(self._start_one(self.generation, self.resolved))
        self._spawns.add(task)
        task.add_done_callback(self._spawns.discard)

    async def _start_one(self, generation: int, path: Path) -> None:
        try:
            w = await asyncio.to_thread(Worker.start, self.ctx, path, generation)
        except StoreError as exc:
            self._last_error = exc.message
            log.error("SPARQL worker failed to start: %s", exc.message)
            async with self._cond:
                self._cond.notify_all()
            return
        self._last_error = None
        if self._closed or self._paused or generation != self.generation:
            await asyncio.to_thread(w.reap)
            return
        async with self._cond:
            self._live.add(w)
            self._idle.append(w)
            self._cond.notify_all()

    async def close(self) -> None:
        self._closed = True
        if self._spawns:  # let starting workers finish starting: they see _closed and exit
            await asyncio.wait(list(self._spawns), timeout=STARTUP_TIMEOUT)
        workers = list(self._live)
        self._live.clear()
        self._idle.clear()
        await asyncio.gather(*(asyncio.to_thread(w.reap) for w in workers))

    def _retire(self, w: Worker) -> None:
        """Kill a worker now (stopping its query) and start a replacement in the background."""
        w.kill()
        self._live.discard(w)
        with contextlib.suppress(ValueError):
            self._idle.remove(w)
        asyncio.get_running_loop().run_in_executor(None, w.reap)
        self._spawn()

    def _check_generation(self) -> None:
        """Retire idle workers when the store symlink now points at another generation."""
        now = time.monotonic()
        if now - self._last_check < 0.5:
            return
        self._last_check = now
        resolved = self._resolve()
        if resolved == self.resolved:
            return
        log.info("store generation changed: %s -> %s", self.resolved, resolved)
        self.resolved = resolved
        self.generation += 1
        for w in list(self._idle):
            self._retire(w)

    # -- jobs --------------------------------------------------------------------------------------
    async def _acquire(self, timeout: float) -> Worker:
        self._check_generation()
        if len(self._live) + len(self._spawns) < self.size:
            self.start()  # e.g. an earlier start failed because the store was not built yet

        def ready() -> bool:
            return (not self._paused and bool(self._idle)) or (
                self._last_error is not None and not self._spawns and not self._live)

        # no worker alive yet but some starting (just after start-up or a write): wait for them to
        # start, not just the query time limit; when all are alive and busy, the limit is the wait
        starting = not self._live and bool(self._spawns)
        wait = max(timeout, STARTUP_TIMEOUT) if starting else timeout
        async with self._cond:
            try:
                await asyncio.wait_for(self._cond.wait_for(ready), wait)
            except TimeoutError:
                raise Busy(f"Service busy: all {self.size} SPARQL workers stayed busy for {wait:g} s; "
                           "try again shortly.") from None
            if not self._idle:
                raise StoreError(self._last_error or "no SPARQL worker could start")
            return self._idle.pop()

    async def _release(self, w: Worker) -> None:
        async with self._cond:
            if w.generation != self.generation or self._closed:
                self._retire(w)
            else:
                self._idle.append(w)
            self._cond.notify_all()

    async def run(self, job: dict[str, Any], timeout: float) -> tuple[Any, ...]:
        """Run a job on a worker within `timeout` s (waiting for a free worker also counts against a
        separate `timeout`). Raises QueryTimeout after killing the worker when it overruns."""
        w = await self._acquire(timeout)
        try:
            answer = await w.call(job, timeout)
        except _NoAnswer:
            self._retire(w)
            raise QueryTimeout(
                f"Query timed out: it ran longer than the limit of {timeout:g} s (SVKG_QUERY_TIMEOUT) and "
                "was stopped. Narrow it (more specific patterns, a LIMIT) or ask the operator for a longer "
                "limit.") from None
        except WorkerDied:
            self._retire(w)
            raise
        except BaseException:  # cancelled (client gone) or anything unexpected: stop the work
            self._retire(w)
            raise
        await self._release(w)
        return answer

    # -- writes --------------------------------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def exclusive(self, timeout: float) -> AsyncIterator[Path]:
        """Stop every worker (after running jobs finish), yield the resolved store path for a write,
        then start fresh workers that see it."""
        self._paused = True
        try:
            if self._spawns:
                await asyncio.gather(*self._spawns, return_exceptions=True)
            async with self._cond:
                try:
                    await asyncio.wait_for(
                        self._cond.wait_for(lambda: len(self._idle) == len(self._live)), timeout + 5)
                except TimeoutError:
                    raise Busy("Service busy: running queries did not finish; the write was not "
                               "applied.") from None
                workers = list(self._live)
                self._live.clear()
                self._idle.clear()
            await asyncio.gather(*(asyncio.to_thread(w.reap) for w in workers))
            self.resolved = self._resolve()
            yield self.resolved
        finally:
            self._paused = False
            self.generation += 1
            self.start()
            async with self._cond:
                self._cond.notify_all()
