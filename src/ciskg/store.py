"""The embedded Oxigraph store: load a built dataset atomically, open it to query.

A build writes a new store beside the old one and swaps directories only once the
new one is complete, so a failed build never replaces a good store; the swap is one
atomic exchange where Linux has it, so a build killed at any point leaves a store.
`load_into` / `stage_into` are the build's entry points: a directory goes here, a
`sparql+http(s)://` URL to a remote store (`remote_load.py`, staged graph by graph for
the same guarantee, with the same stage / commit / discard phases).
"""

from __future__ import annotations

import ctypes
import errno
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ciskg import leftovers
from ciskg.errors import StoreError
from ciskg.remote import RemoteStore, is_remote

if TYPE_CHECKING:
    from ciskg.remote_load import StagedRemote
    from ciskg.settings import Settings

log = logging.getLogger(__name__)


def load_into(target: str | Path, trig: bytes, settings: Settings | None = None) -> int:
    """Load the TriG `trig` as the whole dataset of `target`; return the quads loaded.

    `target` is a store directory or a remote store URL (`sparql+http://host:port/…`); a
    remote store's other settings (URLs, load mode) come from `settings`, by default the
    `CISKG_*` environment.
    """
    return stage_into(target, trig, settings).commit()


def stage_into(
    target: str | Path, trig: bytes, settings: Settings | None = None
) -> StagedStore | StagedRemote:
    """`stage_store` for a directory or a remote store URL: `commit()` or `discard()` it."""
    if not is_remote(target):
        return stage_store(trig, Path(target))
    from ciskg.remote_load import stage_dataset  # httpx and settings only when needed
    from ciskg.settings import Settings

    remote = (settings or Settings()).model_copy(update={"store": str(target)})
    return stage_dataset(RemoteStore.from_settings(remote), trig)


def load_store(trig: bytes, store_dir: Path) -> int:
    """Replace the store at `store_dir` by one holding the TriG `trig`; return its quad count.

    The new store is loaded in a sibling directory first and swapped in at the end; on any
    error the old store is left as it was.
    """
    return stage_store(trig, store_dir).commit()


@dataclass(frozen=True)
class StagedStore:
    """A complete new store beside the one it will replace (see `stage_store`)."""

    staging: Path
    target: Path
    quads: int

    def commit(self) -> int:
        """Swap the new store in: one atomic exchange of the two directories where the
        kernel has it (Linux `renameat2(RENAME_EXCHANGE)`), so there is no moment without
        a store at `target`, even if the build is killed; else two renames."""
        try:
            if self.target.exists() and _exchange(self.staging, self.target):
                shutil.rmtree(self.staging, ignore_errors=True)  # now the old store
            else:
                retired = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
                if self.target.exists():
                    self.target.rename(retired)
                try:
                    self.staging.rename(self.target)
                except OSError:
                    if retired.exists() and not self.target.exists():
                        retired.rename(self.target)
                    raise
                shutil.rmtree(retired, ignore_errors=True)
        except OSError as exc:
            self.discard()
            raise StoreError(f"cannot write the store at {self.target}: {exc}") from exc
        log.info("loaded %d quads into %s", self.quads, self.target)
        return self.quads

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def stage_store(trig: bytes, store_dir: Path) -> StagedStore:
    """Load the TriG `trig` into a new store beside `store_dir`, replacing nothing yet.

    Everything that can fail for lack of space or permission happens here, so a caller can
    stage the store, write its other outputs, and only then commit them all. Leftovers of
    builds that were killed (`leftovers.py`) are removed first; a store that such a build
    had moved aside and not yet replaced (two-rename swap only) is put back.
    """
    if is_remote(store_dir):
        raise StoreError(f"{store_dir} is a remote store: load it with load_into")
    store_dir = Path(store_dir)
    parent = store_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create {parent}: {exc.strerror}") from exc
    _recover(store_dir)
    staging = parent / f".{store_dir.name}.new-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
        store.bulk_load(trig, format=ox.RdfFormat.TRIG)
        store.flush()
        count = len(store)
        del store
    except SyntaxError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"the dataset to load is not valid TriG: {exc}") from exc
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise StoreError(f"cannot write the store at {store_dir}: {exc}") from exc
    return StagedStore(staging, store_dir, count)


def _recover(store_dir: Path) -> None:
    pattern = re.compile(rf"\.{re.escape(store_dir.name)}\.(?P<kind>new|old)-(?P<pid>\d+)")
    for path in sorted(leftovers.abandoned(store_dir.parent, pattern)):
        if path.name.startswith(f".{store_dir.name}.old-") and not store_dir.exists():
            log.warning("putting back %s, moved aside by a build that was killed", path)
            path.rename(store_dir)
        else:
            leftovers.remove(path)


_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths; False where the system or file system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), ctypes.c_uint(_RENAME_EXCHANGE)
    )
    if done == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


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
