"""Store generations: the configured store path is a symlink to one generation directory beside it.

    var/store            -> store.gen-20250101T120000-3f2a1c   (a relative symlink)
    var/store.gen-20250101T120000-3f2a1c/                      (the current pyoxigraph store)
    var/store.gen-20241231T090000-77b0de/                      (the previous one, kept one build back)
    var/store.lock                                             (held while a build or import writes)

A build writes a new generation and, only when everything parsed and validated, swaps the symlink with
`os.replace` of a temporary symlink (atomic on POSIX): a reader opening the store path sees either the
old generation or the new one, never a half-built store. The previous generation is kept until the swap
has succeeded, then every generation but the current and the previous one is deleted.

A plain directory at the store path (a store made before generations, or by hand) is adopted: it is
renamed to a generation name and the symlink put in its place. Anything else there is left alone and
the build refuses with a message.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

from graph.errors import StoreError

GEN_MARK = ".gen-"
KEEP_BACK = 1


def _prefix(store_path: Path) -> str:
    return store_path.name + GEN_MARK


def generations(store_path: Path) -> list[Path]:
    """Every generation directory of this store path, oldest first (names sort by creation time)."""
    parent = store_path.parent
    if not parent.is_dir():
        return []
    prefix = _prefix(store_path)
    return sorted(p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir()
                  and not p.is_symlink())


def current_generation(store_path: Path) -> Path | None:
    """The generation the store path points at, or None when there is no (valid) store yet."""
    if store_path.is_symlink():
        target = store_path.parent / os.readlink(store_path)
        return target if target.is_dir() else None
    return None


def is_store_dir(path: Path) -> bool:
    """Whether `path` looks like a pyoxigraph (RocksDB) store directory."""
    return path.is_dir() and (path / "CURRENT").is_file()


def new_generation(store_path: Path) -> Path:
    """A fresh, not yet existing generation path beside the store path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
    return store_path.parent / f"{_prefix(store_path)}{stamp}-{secrets.token_hex(3)}"


def adopt_plain_directory(store_path: Path) -> None:
    """Make a store path that is a plain directory into a symlink to a generation (see module doc).

    An empty directory is removed. A pyoxigraph store is renamed to a generation and linked. Anything
    else raises StoreError: svkg never deletes what it did not make."""
    if store_path.is_symlink() or not store_path.exists():
        return
    if not store_path.is_dir():
        raise StoreError(f"{store_path} is a file, not a store: move it away or set SVKG_STORE_PATH")
    if not any(store_path.iterdir()):
        store_path.rmdir()
        return
    if not is_store_dir(store_path):
        raise StoreError(
            f"{store_path} is a directory that is not an svkg store: move it away or set SVKG_STORE_PATH")
    gen = new_generation(store_path)
    store_path.rename(gen)
    # the path is missing for the instant between these two calls; there is no atomic dir->symlink swap
    point_at(store_path, gen)


def point_at(store_path: Path, generation: Path) -> None:
    """Atomically make `store_path` a (relative) symlink to `generation`."""
    tmp = store_path.parent / f".{store_path.name}.link-{secrets.token_hex(4)}"
    os.symlink(generation.name, tmp, target_is_directory=True)
    try:
        os.replace(tmp, store_path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise StoreError(f"cannot point {store_path} at {generation.name}: {exc}") from exc


def prune(store_path: Path, keep: list[Path]) -> list[Path]:
    """Delete generations not in `keep` (and leftovers of interrupted builds). Returns what was removed.
    Call only while holding the build lock, so no other build is writing one of them."""
    removed = []
    keep_names = {k.name for k in keep}
    for gen in generations(store_path):
        if gen.name not in keep_names:
            shutil.rmtree(gen, ignore_errors=True)
            removed.append(gen)
    for link in store_path.parent.glob(f".{store_path.name}.link-*"):
        with contextlib.suppress(OSError):
            link.unlink()
    return removed


def swap_in(store_path: Path, generation: Path) -> Path | None:
    """Point the store path at `generation`, then prune all but it and the generation it replaced.
    Returns the previous generation (kept one build back)."""
    previous = current_generation(store_path)
    point_at(store_path, generation)
    prune(store_path, [generation] + ([previous] if previous else []))
    return previous


@contextlib.contextmanager
def build_lock(store_path: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the store while building or importing; a second writer fails fast."""
    store_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = store_path.parent / f"{store_path.name}.lock"
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no cross-process lock
        yield
        return
    with open(lock_path, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another build or import is writing {store_path} (lock {lock_path})") from None
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class Generation:
    """A new, empty generation directory with a writable store. `close()` drops the store handle (which
    releases RocksDB's lock); `discard()` also deletes the directory. Use as a context manager: it is
    discarded when the block fails, closed when it succeeds."""

    def __init__(self, store_path: Path) -> None:
        self.path = new_generation(store_path)
        self._store: ox.Store | None = ox.Store(str(self.path))

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise RuntimeError("the generation's store is closed")
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.flush()
        self._store = None

    def discard(self) -> None:
        self._store = None
        shutil.rmtree(self.path, ignore_errors=True)

    def __enter__(self) -> Generation:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        if exc_type is None:
            self.close()
        else:
            self.discard()
