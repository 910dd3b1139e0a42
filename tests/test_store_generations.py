"""Store generations: the symlink swap, pruning, adopting a plain directory, the build lock."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.errors import StoreError
from graph.store import EmbeddedStore
from graph.store import generations as gens

G = ox.NamedNode("https://w3id.org/svkg/graph/test")


def make_generation(store_path: Path, triples: int) -> Path:
    with gens.Generation(store_path) as gen:
        gen.store.extend(ox.Quad(ox.NamedNode(f"http://x/{i}"), ox.NamedNode("http://x/p"),
                                 ox.Literal(str(i)), G) for i in range(triples))
    return gen.path


def count(store_path: Path) -> int:
    with EmbeddedStore.open(store_path) as st:
        return st.quad_count()


def test_swap_points_a_relative_symlink_and_keeps_one_back(tmp_path: Path) -> None:
    store_path = tmp_path / "var" / "store"
    store_path.parent.mkdir()
    first = make_generation(store_path, 1)
    assert gens.swap_in(store_path, first) is None
    assert store_path.is_symlink() and os.readlink(store_path) == first.name
    assert count(store_path) == 1
    second = make_generation(store_path, 2)
    assert gens.swap_in(store_path, second) == first
    third = make_generation(store_path, 3)
    assert gens.swap_in(store_path, third) == second
    assert gens.generations(store_path) == sorted([second, third])
    assert not first.exists()
    assert count(store_path) == 3
    assert gens.current_generation(store_path) == third


def test_leftovers_of_an_interrupted_build_are_pruned(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    first = make_generation(store_path, 1)
    gens.swap_in(store_path, first)
    leftover = make_generation(store_path, 5)  # never swapped in
    second = make_generation(store_path, 2)
    gens.swap_in(store_path, second)
    assert not leftover.exists()
    assert gens.generations(store_path) == sorted([first, second])


def test_a_failed_block_discards_the_generation(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    with pytest.raises(RuntimeError), gens.Generation(store_path) as gen:
        gen.store.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("a"), G))
        raise RuntimeError("boom")
    assert not gen.path.exists()
    assert gens.generations(store_path) == []


def test_a_plain_store_directory_is_adopted(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    st = EmbeddedStore.open(store_path, read_only=False)
    st.ox.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("a"), G))
    st.close()
    gens.adopt_plain_directory(store_path)
    assert store_path.is_symlink()
    assert count(store_path) == 1
    adopted = gens.current_generation(store_path)
    new = make_generation(store_path, 2)
    assert gens.swap_in(store_path, new) == adopted  # the adopted store is kept one back


def test_an_empty_directory_is_removed_and_a_foreign_one_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    gens.adopt_plain_directory(empty)
    assert not empty.exists()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not an svkg store"):
        gens.adopt_plain_directory(foreign)
    assert (foreign / "notes.txt").read_text() == "mine"


def test_a_dangling_symlink_has_no_current_generation(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    os.symlink("store.gen-gone", store_path)
    assert gens.current_generation(store_path) is None
    gen = make_generation(store_path, 1)
    gens.swap_in(store_path, gen)
    assert count(store_path) == 1


def test_the_build_lock_excludes_a_second_writer(tmp_path: Path) -> None:
    store_path = tmp_path / "store"
    with gens.build_lock(store_path), pytest.raises(StoreError, match="another build"), \
            gens.build_lock(store_path):
        pass
    with gens.build_lock(store_path):  # released again
        pass
