"""Fixtures of the reliability tests: one fresh build with a warm cache, a live server.

Why a build of its own: the fault tests need a *previous* good dump and store and a build
that writes *different* ones, so that "the previous store is intact" cannot pass because
the new build happened to write the same bytes. The previous state is the synthetic
fixture of tests/http, written by the project's own `load_store`; the new one is the
project's build, made once here with an artifact cache so that every later build — each
of those the tests kill — takes about two seconds instead of seven.

The server runs exactly as users run it (`ciskg serve`, real worker processes), on
loopback, with a short time limit so that cut-off queries are quick.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    FreshBuild,
    LiveServer,
    Previous,
    Trap,
    quad_count,
    run_build,
    start_server,
    write_previous,
)


@pytest.fixture(scope="session")
def fresh_build(tmp_path_factory: pytest.TempPathFactory) -> FreshBuild:
    root = tmp_path_factory.mktemp("fresh")
    cache = root / "cache"
    done = run_build(root / "out", root / "store", cache)
    assert done.returncode == 0, done.stderr
    started = time.monotonic()
    again = run_build(root / "again", root / "store-again", cache)
    warm = time.monotonic() - started
    assert again.returncode == 0, again.stderr
    dump = root / "out" / "dataset.trig"
    assert (root / "again" / "dataset.trig").read_bytes() == dump.read_bytes()
    return FreshBuild(dump, root / "store", cache, quad_count(root / "store"), warm)


@pytest.fixture
def previous(tmp_path: Path) -> Previous:
    """A previous good build (dump and store) that the tests' builds try to replace."""
    return write_previous(tmp_path / "out", tmp_path / "var" / "store")


@pytest.fixture(scope="session")
def server(
    fresh_build: FreshBuild, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """A server on a copy of the fresh build's store, with an update token."""
    folder = tmp_path_factory.mktemp("reliability-server")
    store = folder / "store"
    shutil.copytree(fresh_build.store, store)
    live = start_server(store, folder)
    yield live
    live.stop()


@pytest.fixture
def trap() -> Iterator[Trap]:
    t = Trap()
    yield t
    t.close()
