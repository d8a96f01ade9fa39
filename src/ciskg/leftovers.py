"""What a process killed mid-write leaves behind, found by the pid in its name and removed.

Why: writes go to a sibling named after the writing process (`.store.new-PID`,
`.dataset.trig.PID.tmp`, a server's `ciskg-snapshot-PID-…`) and are renamed into place or
deleted at the end. A process killed by SIGKILL, the OOM killer or a power cut does neither,
and each leftover can be as large as the whole dataset; killing builds or servers
repeatedly would fill the disk. The next writer removes the leftovers of processes that are
gone — never those of a live one, so two builds or servers side by side do not interfere
(a pid reused by an unrelated live process only postpones the removal).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

log = logging.getLogger(__name__)


def process_alive(pid: int) -> bool:
    """Whether a process runs; a zombie (killed, not yet reaped — in a container whose
    init does not reap, it may stay so) writes nothing more and counts as gone."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[:1] != ["Z"]


def abandoned(folder: Path, pattern: re.Pattern[str]) -> Iterator[Path]:
    """Entries of `folder` whose name matches `pattern` (with a group `pid`) of dead pids."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        pid = int(m.group("pid")) if m is not None else None
        if pid is not None and pid != os.getpid() and not process_alive(pid):
            yield entry


def remove(path: Path) -> None:
    """Delete a leftover file or folder; a failure is logged, never raised."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("could not remove the leftover %s: %s", path, exc)
    else:
        log.info("removed %s, left by a process that is gone", path)
