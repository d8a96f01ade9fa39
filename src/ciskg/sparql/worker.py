"""A query worker process: opens the store once, then answers frames on stdin until EOF.

Why a separate process per worker: pyoxigraph has no query timeout, so the only way to
cut off a runaway query and get its CPU back is to kill the process running it (the pool
does that and starts a replacement). Modes:

- `memory`: copy the on-disk store into an in-memory store at start (N-Quads dump and bulk
  load, all native) and close the disk store; fastest to query (see ARCHITECTURE.md) and
  holds no file handle, so an update can rewrite the store meanwhile.
- `disk`: query the on-disk store opened read-only.
- `write`: open the store read-write to apply updates (one writer at a time, pool-enforced).

Started as `python -m ciskg.sparql.worker --store DIR --mode MODE`. stdout carries frames
only: fd 1 is pointed at stderr so that nothing printed by a library can corrupt them.
"""

from __future__ import annotations

import argparse
import ctypes
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ciskg.errors import CiskgError, QueryError, StoreError
from ciskg.namespaces import PREFIXES
from ciskg.sparql import frames
from ciskg.sparql.execute import QueryJob, run_query, syntax_error
from ciskg.store import open_store

log = logging.getLogger(__name__)
MODES = ("memory", "disk", "write")
PARENT = os.getppid()  # read as early as possible: see die_with_parent


def open_for(mode: str, store_dir: Path, snapshot: Path | None = None) -> ox.Store:
    """The store a worker of `mode` answers from.

    In `memory` mode, `snapshot` is an N-Quads copy of the store shared by the pool's
    workers: read if present (measured: 2.6 s for 1M quads, against 7.2 s to dump the
    on-disk store and load the dump), written atomically by the first worker otherwise.
    """
    if mode == "disk":
        return open_store(store_dir, read_only=True)
    if mode == "write":
        return open_store(store_dir, read_only=False)
    memory = ox.Store()
    if snapshot is not None and snapshot.is_file():
        memory.bulk_load(path=str(snapshot), format=ox.RdfFormat.N_QUADS)
        return memory
    disk = open_store(store_dir, read_only=True)
    try:
        dump = disk.dump(format=ox.RdfFormat.N_QUADS) or b""
    except OSError as exc:
        raise StoreError(f"cannot read the store at {store_dir}: {exc}") from exc
    del disk
    if snapshot is not None:
        partial = snapshot.with_name(f"{snapshot.name}.{os.getpid()}")
        partial.write_bytes(dump)
        partial.replace(snapshot)
    memory.bulk_load(dump, format=ox.RdfFormat.N_QUADS)
    return memory


def run_update(store: ox.Store, update: str, base_iri: str | None) -> None:
    """Apply a SPARQL update (transactional in pyoxigraph) and make it durable."""
    try:
        store.update(update, base_iri=base_iri)
        store.flush()
    except SyntaxError as exc:
        raise syntax_error(exc) from None
    except OSError as exc:
        raise StoreError(f"the update failed: {exc}") from exc


def error_header(exc: CiskgError) -> dict[str, Any]:
    return {
        "ok": False,
        "error": type(exc).__name__,
        "message": str(exc),
        "line": getattr(exc, "line", None),
        "column": getattr(exc, "column", None),
    }


def serve(store: ox.Store, inp: Any, out: Any) -> None:
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    while (frame := frames.read_sync(inp)) is not None:
        header, _ = frame
        try:
            if header.get("op") == "query":
                result = run_query(store, QueryJob(**header["job"]), prefixes)
                frames.write_sync(
                    out,
                    {"ok": True, "media_type": result.media_type, "rows": result.rows},
                    result.body,
                )
            elif header.get("op") == "update":
                run_update(store, header["update"], header.get("base_iri"))
                frames.write_sync(out, {"ok": True})
            elif header.get("op") == "check_update":  # syntax check on a scratch store
                run_update(ox.Store(), header["update"], header.get("base_iri"))
                frames.write_sync(out, {"ok": True})
            else:
                raise QueryError(f"unknown operation {header.get('op')!r}")
        except CiskgError as exc:
            frames.write_sync(out, error_header(exc))
        except Exception as exc:  # a bug must not kill the worker silently
            log.exception("query worker failed")
            frames.write_sync(out, error_header(StoreError(f"internal error: {exc!r}")))


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this worker when the server that started it dies.

    Why: the server kills a query that overruns its time limit; if the server itself is
    killed (SIGKILL, the OOM killer), a worker busy with a runaway query would run on for as
    long as the query does, holding a core (measured: still running long after). Without a
    query it would exit anyway, at EOF on stdin. Linux only; elsewhere a no-op.
    """
    prctl = getattr(ctypes.CDLL(None, use_errno=True), "prctl", None)
    if prctl is None or prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        return
    if os.getppid() != parent:  # the server died before the request took effect
        os._exit(1)


def main(argv: list[str] | None = None) -> int:
    die_with_parent(PARENT)
    parser = argparse.ArgumentParser(prog="ciskg.sparql.worker")
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--mode", choices=MODES, default="memory")
    parser.add_argument("--snapshot", type=Path, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s worker: %(message)s")
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    inp = sys.stdin.buffer
    started = time.perf_counter()
    try:
        store = open_for(args.mode, args.store, args.snapshot)
    except CiskgError as exc:
        frames.write_sync(out, error_header(exc))
        return 2
    frames.write_sync(
        out,
        {
            "ok": True,
            "ready": True,
            "mode": args.mode,
            "load_s": round(time.perf_counter() - started, 3),
        },
    )
    serve(store, inp, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
