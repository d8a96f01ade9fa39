"""`ciskg build` killed, out of disk, or facing a read-only directory: nothing good is lost.

tests/test_build.py shows that a build whose *input* is bad keeps the previous dump and
store. Here the build itself is interrupted or its *output* cannot be written, while a
previous good dump and store exist (the synthetic fixture: other bytes, other counts than
the new build, so "intact" cannot pass by coincidence):

- SIGKILL at random points, and in the middle of the store swap (held there with
  strace's syscall delay): the dump is byte-identical to the old or the new one, the store
  opens with the old or the new quad count — never anything else, never missing — and the
  next build removes what the killed ones left behind. (A kill between the dump's rename
  and the store's swap leaves the new dump beside the old store: each whole.)
- a full disk (a tmpfs filled to the last byte; as a non-root user a file-size rlimit
  instead) and a read-only directory (a read-only bind mount; as a non-root user mode
  0555, which root would ignore): one clear line, exit status 2, both outputs as they were.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import (
    BUILD_TIMEOUT_S,
    ROOT,
    FreshBuild,
    Previous,
    build_command,
    kill_group,
    quad_count,
    run_build,
    write_previous,
)

KILL_POINTS = 4
LEFTOVER = re.compile(r"\.(store\.(new|old)-\d+|dataset\.trig\.\d+\.tmp)")
IS_ROOT = os.geteuid() == 0


def outcome(previous: Previous, fresh: FreshBuild) -> tuple[str, str]:
    """("old" | "new", "old" | "new") for the dump and the store; fails on anything else."""
    dump = previous.dump.read_bytes()
    assert dump in (previous.dump_bytes, fresh.dump.read_bytes()), "the dump is neither"
    count = quad_count(previous.store)  # raises if there is no store or it does not open
    assert count in (previous.quads, fresh.quads), f"the store has {count} quads"
    return (
        "old" if dump == previous.dump_bytes else "new",
        "old" if count == previous.quads else "new",
    )


def leftovers_of_killed_builds(previous: Previous) -> list[str]:
    names = [p.name for p in previous.store.parent.iterdir()] + [
        p.name for p in previous.out.iterdir()
    ]
    return [
        n for n in names if re.fullmatch(r"\.(store\.(new|old)-\d+|dataset\.trig\.\d+\.tmp)", n)
    ]


def assert_clean_failure(done: subprocess.CompletedProcess[str], *reasons: str) -> str:
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr[-2000:]
    assert any(reason in lines[0] for reason in reasons), lines[0]
    return lines[0]


def test_sigkill_at_random_points_leaves_a_whole_dump_and_store(
    previous: Previous, fresh_build: FreshBuild
) -> None:
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    delays = sorted(rng.uniform(0.05, 1.0) * fresh_build.warm_seconds for _ in range(KILL_POINTS))
    seen = []
    for delay in delays:
        proc = subprocess.Popen(
            build_command(previous.out, previous.store, fresh_build.cache),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(delay)
        kill_group(proc)
        seen.append((round(delay, 2), *outcome(previous, fresh_build)))
    assert any(store == "old" for _, _, store in seen), f"seed {seed}: {seen}"


def _strace_works() -> bool:
    if shutil.which("strace") is None:
        return False
    probe = subprocess.run(["strace", "-qq", "-o", os.devnull, "true"], check=False)
    return probe.returncode == 0  # ptrace may be forbidden in a container


@pytest.mark.skipif(not _strace_works(), reason="needs strace and ptrace permission")
def test_sigkill_in_the_middle_of_the_store_swap(
    previous: Previous, fresh_build: FreshBuild
) -> None:
    """strace holds the build for 30 s just after the first rename that touches the store
    directory (`-P`), and the build is killed there — a moment random kills rarely hit.
    Before the swap was one `renameat2(RENAME_EXCHANGE)`, the old store was renamed aside
    first, and a kill at this moment left no store at all (`ciskg serve` would not start)."""
    target = previous.store
    before = os.stat(target).st_ino
    command = [
        "strace",
        "-f",
        "-qq",
        "-o",
        os.devnull,
        "-P",
        str(target),
        "-e",
        "trace=rename,renameat,renameat2",
        "-e",
        "inject=rename,renameat,renameat2:delay_exit=30000000:when=1",
        *build_command(previous.out, previous.store, fresh_build.cache),
    ]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + BUILD_TIMEOUT_S
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if os.stat(target).st_ino != before:
                    break
            except FileNotFoundError:
                break  # moved away: this is the moment too
            time.sleep(0.005)
        assert proc.poll() is None, "the build ended without reaching the rename"
        time.sleep(0.2)  # the process sits in the delayed syscall's exit
    finally:
        kill_group(proc)
    assert outcome(previous, fresh_build) == ("new", "new")
    assert leftovers_of_killed_builds(previous) != []  # the old store, swapped aside
    done = run_build(previous.out, previous.store, fresh_build.cache)  # removes it
    assert done.returncode == 0, done.stderr
    assert leftovers_of_killed_builds(previous) == []


# -- full disk ---------------------------------------------------------------------------


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    path.mkdir(parents=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> Path:
    """Write zeros until the file system is full, to the last byte; return the filler.

    Unbuffered, halving the size of a write each time one fails: bounded by the number of
    sizes (17) and by the file system's size."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        size = 1 << 16
        while size:
            try:
                os.write(fd, b"\0" * size)
            except OSError:
                size //= 2
    finally:
        os.close(fd)
    return filler


@pytest.mark.skipif(not IS_ROOT, reason="mounting a tmpfs needs root (see the rlimit test)")
@pytest.mark.parametrize("full", ["store", "out"])
def test_a_full_disk_fails_in_one_line_and_loses_nothing(
    tmp_path: Path, fresh_build: FreshBuild, full: str
) -> None:
    """One output on a full tmpfs, the other on an ordinary disk: whichever cannot be
    written, neither the old dump nor the old store is replaced."""
    with tmpfs(tmp_path / "disk", "8m") as disk:
        on_disk, elsewhere = disk / full, tmp_path / "elsewhere"
        out = on_disk if full == "out" else elsewhere / "out"
        store = on_disk / "store" if full == "store" else elsewhere / "var" / "store"
        previous = write_previous(out, store)
        filler = fill(disk)
        done = run_build(previous.out, previous.store, fresh_build.cache)
        assert_clean_failure(done, "No space left on device")
        assert outcome(previous, fresh_build) == ("old", "old")
        assert leftovers_of_killed_builds(previous) == []
        if full == "store":  # space again: the same build now goes through
            filler.unlink()
            done = run_build(previous.out, previous.store, fresh_build.cache)
            assert done.returncode == 0, done.stderr
            assert outcome(previous, fresh_build) == ("new", "new")


def test_a_file_size_limit_fails_in_one_line_and_loses_nothing(
    previous: Previous, fresh_build: FreshBuild
) -> None:
    """What a full disk looks like without root: RLIMIT_FSIZE in the build process (with
    SIGXFSZ ignored, a write past it fails with EFBIG instead of killing the process)."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))

    done = subprocess.run(
        build_command(previous.out, previous.store, fresh_build.cache),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT_S,
        preexec_fn=limit,
        check=False,
    )
    assert_clean_failure(done, "File too large")
    assert outcome(previous, fresh_build) == ("old", "old")
    assert leftovers_of_killed_builds(previous) == []


# -- read-only directories ---------------------------------------------------------------


@contextlib.contextmanager
def read_only(folder: Path) -> Iterator[str]:
    """Make `folder` read-only for the build: a read-only bind mount as root (root ignores
    permission bits), else mode 0555. Yields the mechanism's name."""
    if not IS_ROOT:
        folder.chmod(0o555)
        try:
            yield "chmod 0555"
        finally:
            folder.chmod(0o755)
        return
    bind = subprocess.run(["mount", "--bind", str(folder), str(folder)], check=False)
    if bind.returncode != 0:
        pytest.skip("cannot bind-mount as root here")
    try:
        ro = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True, check=False
        )
        if ro.returncode != 0:
            pytest.skip(f"cannot remount read-only: {ro.stderr.decode().strip()}")
        yield "read-only bind mount"
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.mark.parametrize("folder", ["store", "out"])
def test_a_read_only_directory_fails_in_one_line_and_loses_nothing(
    previous: Previous, fresh_build: FreshBuild, folder: str
) -> None:
    target = previous.store.parent if folder == "store" else previous.out
    with read_only(target):
        probe = target / ".probe"
        with pytest.raises(OSError):
            probe.write_bytes(b"")  # the mechanism works for this process too
        done = run_build(previous.out, previous.store, fresh_build.cache)
        assert_clean_failure(done, "Read-only file system", "Permission denied")
        assert outcome(previous, fresh_build) == ("old", "old")
