"""A pool of query worker processes with a hard per-query time limit.

Why: pyoxigraph has no timeout and a query cannot be interrupted from Python, so queries
run in worker processes (`worker.py`) and the event loop only waits on their pipes. A
query that overruns the limit gets its worker killed (SIGKILL frees the CPU at once), the
caller gets `QueryTimeout` (503), and a fresh worker is started in the background; the
other workers keep answering meanwhile. A caller waits at most the time limit for a free
worker before it too gets `QueryTimeout`, so a burst of runaway queries degrades to 503s,
never to a hung server.

Updates are rare and need the store read-write: the pool stops taking queries, waits for
its workers to finish, stops them, applies the update in a one-off `write` worker (under
the same time limit), then starts fresh workers on the new data and reopens. `version`
counts the updates applied, so caches keyed by it never serve stale answers.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ciskg import errors, leftovers
from ciskg.sparql import frames
from ciskg.sparql.execute import QueryJob, QueryResult

log = logging.getLogger(__name__)

SNAPSHOT_PREFIX = "ciskg-snapshot-"  # + server pid: see _remove_abandoned_snapshots
WORKER_START_TIMEOUT_S = 600.0  # loading a large store into memory takes a while
WORKER_STOP_TIMEOUT_S = 5.0
_QUERY_ERRORS: dict[str, type[errors.QueryError]] = {
    cls.__name__: cls for cls in (errors.QueryError, errors.QueryRefused, errors.ResultTooLarge)
}


@dataclass(frozen=True, slots=True)
class PoolConfig:
    store_dir: Path
    mode: str  # "memory" or "disk" (see worker.py)
    size: int
    timeout_s: float


class Worker:
    """One worker process and the pipes to it; used by one caller at a time."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc

    @classmethod
    async def start(cls, store_dir: Path, mode: str, snapshot: Path | None = None) -> Worker:
        snapshot_args = ["--snapshot", str(snapshot)] if snapshot is not None else []
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "ciskg.sparql.worker",
            "--store",
            str(store_dir),
            "--mode",
            mode,
            *snapshot_args,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        worker = cls(proc)
        try:
            header, _ = await asyncio.wait_for(frames.read(worker._stdout), WORKER_START_TIMEOUT_S)
        except (asyncio.IncompleteReadError, TimeoutError) as exc:
            worker.kill()
            raise errors.StoreError(f"a query worker could not open the store: {exc!r}") from exc
        if not header.get("ok"):
            worker.kill()
            raise _error(header)
        log.info("worker %d ready (%s, %.2f s)", proc.pid, mode, header.get("load_s", 0))
        return worker

    @property
    def _stdout(self) -> asyncio.StreamReader:
        assert self.proc.stdout is not None
        return self.proc.stdout

    async def call(self, header: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(frames.encode(header))
        await self.proc.stdin.drain()
        reply, body = await frames.read(self._stdout)
        if not reply.get("ok"):
            raise _error(reply)
        return reply, body

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()

    async def stop(self) -> None:
        """Close stdin (the worker exits at EOF); kill it if it does not."""
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            await asyncio.wait_for(self.proc.wait(), WORKER_STOP_TIMEOUT_S)
        except TimeoutError:
            self.kill()
            await self.proc.wait()


def _error(header: dict[str, Any]) -> errors.CiskgError:
    """The error a worker reported, as the same class on this side of the pipe."""
    query_error = _QUERY_ERRORS.get(header.get("error", ""))
    if query_error is not None:
        return query_error(
            header.get("message", ""), line=header.get("line"), column=header.get("column")
        )
    return errors.StoreError(header.get("message", "the query worker failed"))


def _remove_abandoned_snapshots() -> None:
    """Delete the snapshots of servers that were killed: each is a copy of a whole store
    (in /tmp, often memory), which only a clean shutdown removes."""
    pattern = re.compile(rf"{SNAPSHOT_PREFIX}(?P<pid>\d+)-\w+")
    for path in leftovers.abandoned(Path(tempfile.gettempdir()), pattern):
        leftovers.remove(path)


class QueryPool:
    """Runs queries in `config.size` worker processes; see the module docstring."""

    def __init__(self, config: PoolConfig) -> None:
        self.config = config
        self.version = 0
        self._idle: asyncio.LifoQueue[Worker] = asyncio.LifoQueue()  # hot worker first
        self._all: set[Worker] = set()
        self._open = asyncio.Event()
        self._write_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        _remove_abandoned_snapshots()
        self._snapshots = tempfile.TemporaryDirectory(prefix=f"{SNAPSHOT_PREFIX}{os.getpid()}-")

    def _snapshot(self) -> Path | None:
        """Where this store version's N-Quads copy is shared by memory workers (worker.py)."""
        if self.config.mode != "memory":
            return None
        return Path(self._snapshots.name) / f"v{self.version}.nq"

    @property
    def ready(self) -> bool:
        return self._open.is_set() and bool(self._all)

    @property
    def workers(self) -> list[int]:
        """Process ids of the live workers."""
        return [w.proc.pid for w in self._all]

    async def start(self) -> None:
        # The first worker writes the snapshot the others then load from.
        first = await Worker.start(self.config.store_dir, self.config.mode, self._snapshot())
        others = await asyncio.gather(
            *(
                Worker.start(self.config.store_dir, self.config.mode, self._snapshot())
                for _ in range(self.config.size - 1)
            )
        )
        for worker in [first, *others]:
            self._all.add(worker)
            self._idle.put_nowait(worker)
        self._open.set()

    async def close(self) -> None:
        self._open.clear()
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*(w.stop() for w in list(self._all)), return_exceptions=True)
        self._all.clear()
        self._snapshots.cleanup()

    async def query(self, job: QueryJob) -> QueryResult:
        """Run `job` in a free worker within the time limit."""
        reply, body = await self._run({"op": "query", "job": job.to_dict()})
        return QueryResult(reply["media_type"], body, reply.get("rows", 0))

    async def check_update(self, update: str, base_iri: str | None) -> None:
        """Raise QueryError if `update` does not parse (run on a worker's scratch store)."""
        await self._run({"op": "check_update", "update": update, "base_iri": base_iri})

    async def _run(self, header: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        worker = await self._acquire()
        try:
            reply, body = await asyncio.wait_for(worker.call(header), self.config.timeout_s)
        except TimeoutError:
            self._replace(worker)
            raise errors.QueryTimeout(
                f"the query ran longer than the time limit of {self.config.timeout_s:g} s "
                "(CISKG_QUERY_TIMEOUT_S) and was stopped"
            ) from None
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.CancelledError) as exc:
            self._replace(worker)
            if isinstance(exc, asyncio.CancelledError):
                raise
            raise errors.StoreError("the query worker died while answering") from exc
        except errors.CiskgError:
            self._idle.put_nowait(worker)
            raise
        self._idle.put_nowait(worker)
        return reply, body

    async def update(self, update: str, base_iri: str | None) -> None:
        """Apply an update to the store on disk, then restart the workers on the new data."""
        async with self._write_lock:
            self._open.clear()
            try:
                drained = [await self._idle.get() for _ in range(self.config.size)]
                await asyncio.gather(*(w.stop() for w in drained))
                self._all.difference_update(drained)
                writer = await Worker.start(self.config.store_dir, "write")
                try:
                    await asyncio.wait_for(
                        writer.call({"op": "update", "update": update, "base_iri": base_iri}),
                        self.config.timeout_s,
                    )
                except TimeoutError:
                    writer.kill()
                    raise errors.QueryTimeout(
                        f"the update ran longer than {self.config.timeout_s:g} s and was "
                        "stopped; nothing was written"
                    ) from None
                finally:
                    await writer.stop()
                if (old := self._snapshot()) is not None:
                    old.unlink(missing_ok=True)
                self.version += 1
            finally:
                await self.start()

    async def _acquire(self) -> Worker:
        try:
            await asyncio.wait_for(self._open.wait(), self.config.timeout_s)
            return await asyncio.wait_for(self._idle.get(), self.config.timeout_s)
        except TimeoutError:
            raise errors.QueryTimeout(
                "all query workers stayed busy for the whole time limit; try again"
            ) from None

    def _replace(self, worker: Worker) -> None:
        """Kill `worker` now and put a fresh one in the pool when it has loaded the store."""
        worker.kill()
        self._all.discard(worker)
        task = asyncio.get_running_loop().create_task(self._respawn(worker))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self, dead: Worker) -> None:
        await dead.proc.wait()
        while True:
            try:
                fresh = await Worker.start(
                    self.config.store_dir, self.config.mode, self._snapshot()
                )
                break
            except errors.StoreError:
                log.exception("could not start a replacement worker; retrying")
                await asyncio.sleep(1.0)
        self._all.add(fresh)
        self._idle.put_nowait(fresh)
