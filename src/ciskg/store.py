"""The embedded Oxigraph store: load a built dataset atomically, open it to query.

A build writes a new store beside the old one and swaps directories only once the
new one is complete, so a failed build never replaces a good store.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pyoxigraph as ox

from ciskg.errors import StoreError

log = logging.getLogger(__name__)


def load_store(trig: bytes, store_dir: Path) -> int:
    """Replace the store at `store_dir` by one holding the TriG `trig`; return its quad count.

    The new store is loaded in a sibling directory first and renamed over the old
    one at the end; on any error the old store is left as it was.
    """
    store_dir = Path(store_dir)
    parent = store_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {parent}: {exc.strerror}") from exc
    staging = parent / f".{store_dir.name}.new-{os.getpid()}"
    retired = parent / f".{store_dir.name}.old-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
        store.bulk_load(trig, format=ox.RdfFormat.TRIG)
        store.flush()
        count = len(store)
        del store
        if store_dir.exists():
            store_dir.rename(retired)
        staging.rename(store_dir)
    except SyntaxError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"the dataset to load is not valid TriG: {exc}") from exc
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if retired.exists() and not store_dir.exists():
            retired.rename(store_dir)
        raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
    shutil.rmtree(retired, ignore_errors=True)
    log.info("loaded %d quads into %s", count, store_dir)
    return count


def open_store(store_dir: Path, *, read_only: bool = True) -> ox.Store:
    """Open a built store; read-only by default so several processes can share it."""
    store_dir = Path(store_dir)
    if not (store_dir / "CURRENT").exists():
        raise StoreError(f"no store at {store_dir}: run `ciskg build` first")
    try:
        return ox.Store.read_only(str(store_dir)) if read_only else ox.Store(str(store_dir))
    except OSError as exc:
        raise StoreError(f"cannot open the store at {store_dir}: {exc}") from exc


def memory_store(trig: bytes) -> ox.Store:
    """An in-memory store loaded from a TriG dump (fastest for queries; see ARCHITECTURE.md)."""
    store = ox.Store()
    store.bulk_load(trig, format=ox.RdfFormat.TRIG)
    return store
