"""Copying objects between stores: server-side when the stores allow it, else streamed.

Every copy is checked afterwards: the destination must exist with the source's size, so a
copy that "succeeded" without landing fails loudly instead of leaving a hole in a backup.
Every copy also yields a checksum: SHA-256 of the bytes as they streamed through, or what the
store reported for a server-side copy, for the backup's manifest (layout/manifest.py).
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import BinaryIO, cast

from .. import metrics
from ..errors import StorageError, TaskCancelled
from .base import Checksum, ObjectStorage

#: Part buffers all streamed copies of one transfer may hold together: 64 MiB is four S3 or
#: Azure streams of 8 MiB parts (about two parts each in flight), which benchmarks/RESULTS.md
#: measured as fast as sixteen while keeping the service's peak memory under 300 MiB.
DEFAULT_STREAM_MEMORY = 64 * 1024 * 1024


#: Test hook: seconds each object copy waits before it starts.
COPY_DELAY_ENV = "MILVUS_BACKUP_COPY_DELAY"


def _test_delay() -> None:
    """Wait ``MILVUS_BACKUP_COPY_DELAY`` seconds, if set.

    A test hook, and the only place that reads the variable: tests of tasks that run in
    other processes set it on a child process so that a backup's copy lasts long enough to be
    watched, listed and cancelled. Unset, it does nothing.
    """
    delay = os.environ.get(COPY_DELAY_ENV)
    if delay:
        time.sleep(float(delay))


@dataclass(frozen=True)
class CopyItem:
    """One object to copy: source key, destination key and expected size."""

    src_key: str
    dst_key: str
    size: int
    #: The source's ETag where its store keeps one ("" else): lets an incremental backup
    #: compare the object with the copy an earlier backup made server-side.
    etag: str = ""


class HashingReader:
    """A read-only stream that hashes (SHA-256) the bytes read through it."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._hash = hashlib.sha256()

    def read(self, amount: int = -1) -> bytes:
        """Read like the wrapped stream, hashing what is returned."""
        data = self._stream.read(amount)
        self._hash.update(data)
        return data

    def readable(self) -> bool:
        """Always true: this is a reader."""
        return True

    def checksum(self) -> Checksum:
        """The SHA-256 of everything read so far."""
        return Checksum("sha256", self._hash.hexdigest())


def copy_object(
    src: ObjectStorage,
    dst: ObjectStorage,
    item: CopyItem,
    streams: AbstractContextManager[object] | None = None,
) -> Checksum:
    """Copy one object, verify it landed whole, and return its checksum.

    Args:
        streams: held while the bytes stream through this process (not for server-side
            copies), to bound how many streams, and so how much memory, run at once.
    """
    checksum = dst.copy_from(src, item.src_key, item.dst_key)
    if checksum is None:
        with streams or nullcontext(), src.open_read(item.src_key) as stream:
            reader = HashingReader(stream)
            dst.write_stream(item.dst_key, cast(BinaryIO, reader), item.size)
        checksum = reader.checksum()
    landed = dst.stat(item.dst_key)
    if landed is None or landed.size != item.size:
        got = "nothing" if landed is None else f"{landed.size} bytes"
        raise StorageError(
            f"copy of {item.src_key!r} to {item.dst_key!r} in {dst.description} left {got}, "
            f"expected {item.size} bytes"
        )
    return checksum


def stream_slots(dst: ObjectStorage, parallelism: int, stream_memory: int) -> int:
    """How many streamed copies into ``dst`` may run at once within ``stream_memory``."""
    parallelism = max(1, parallelism)
    if dst.stream_buffer_bytes <= 0:
        return parallelism
    return max(1, min(parallelism, stream_memory // dst.stream_buffer_bytes))


def copy_objects(
    src: ObjectStorage,
    dst: ObjectStorage,
    items: Sequence[CopyItem],
    parallelism: int,
    on_copied: Callable[[int], None] | None = None,
    stream_memory: int = DEFAULT_STREAM_MEMORY,
    stop: threading.Event | None = None,
) -> dict[str, Checksum]:
    """Copy many objects with bounded concurrency; the first failure stops the rest.

    Server-side copies run ``parallelism`` at once. Streamed ones hold part buffers, so
    fewer of them run at once: as many as ``stream_memory`` bytes of the destination's
    buffers allow (at least one), which keeps memory flat whatever ``parallelism`` is.

    Args:
        on_copied: called with each copied object's size, for progress.
        stream_memory: bytes that concurrent streamed writes may buffer in total.
        stop: once set, no further copy starts; the copies under way finish, then
            ``TaskCancelled`` is raised (so no write lands after this returns).

    Returns:
        Each destination key's checksum.

    Raises:
        TaskCancelled: ``stop`` was set before every object was copied.
    """
    checksums: dict[str, Checksum] = {}
    if not items:
        return checksums
    lock = threading.Lock()
    failed = threading.Event()
    streams = threading.BoundedSemaphore(stream_slots(dst, parallelism, stream_memory))

    def one(item: CopyItem) -> None:
        if failed.is_set() or (stop is not None and stop.is_set()):
            return
        _test_delay()
        if stop is not None and stop.is_set():
            return
        try:
            checksum = copy_object(src, dst, item, streams)
        except BaseException:
            failed.set()
            raise
        metrics.count_copied(item.size)
        with lock:
            checksums[item.dst_key] = checksum
            if on_copied is not None:
                on_copied(item.size)

    with ThreadPoolExecutor(max_workers=max(1, parallelism), thread_name_prefix="copy") as pool:
        futures = [pool.submit(one, item) for item in items]
        for future in as_completed(futures):
            future.result()
    wanted = len({item.dst_key for item in items})
    if stop is not None and stop.is_set() and len(checksums) < wanted:
        raise TaskCancelled(f"cancelled after {len(checksums)} of {wanted} objects were copied")
    return checksums
