"""Copying objects between stores: server-side when the stores allow it, else streamed.

Every copy is checked afterwards: the destination must exist with the source's size, and a
server-side copy's tag (the store's ETag or content hash) must be the one the copy reported, so
a copy that "succeeded" without landing fails loudly instead of leaving a hole in a backup.
Where the destination lists more cheaply than it stats (S3, Azure, GCS: up to 1,000 objects per
request), a batch of copies is checked by listing their common prefix once the batch is done,
not by one HEAD each; local storage stats each file.

Every copy also yields a checksum: SHA-256 of the bytes as they streamed through, or what the
store reported for a server-side copy, for the backup's manifest (layout/manifest.py).

Streamed copies run on a pool of their own, as many threads as the stream memory allows
(``stream_slots``), while server-side copies run on ``parallelism`` threads. The part buffers
of streams are then allocated by those few threads only: with glibc, every thread that ever
allocated big buffers keeps an allocator arena of its own holding them (measured: ~14 MiB per
thread), so streaming on every copy thread made memory grow with the thread count.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import BinaryIO, cast

from .. import metrics
from ..errors import StorageError, TaskCancelled
from .base import Checksum, ObjectInfo, ObjectStorage

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


#: Runs a streamed copy (on the transfer's stream pool) and returns what it returned.
StreamRunner = Callable[[Callable[[], Checksum]], Checksum]


def copy_object(
    src: ObjectStorage,
    dst: ObjectStorage,
    item: CopyItem,
    run_stream: StreamRunner | None = None,
    verify: bool = True,
) -> Checksum:
    """Copy one object, verify it landed whole (unless ``verify`` is off), return its checksum.

    Args:
        run_stream: runs the copy when its bytes stream through this process (not for
            server-side copies), to bound how many streams, and so how much memory, run at
            once and on which threads; None streams on the calling thread.
        verify: check the object that landed now; off when the caller checks a whole batch
            by listing afterwards (``verify_copies``).
    """
    checksum = dst.copy_from(src, item.src_key, item.dst_key, item.size)
    if checksum is None:

        def stream() -> Checksum:
            with src.open_read(item.src_key) as source:
                reader = HashingReader(source)
                dst.write_stream(item.dst_key, cast(BinaryIO, reader), item.size)
            return reader.checksum()

        checksum = run_stream(stream) if run_stream is not None else stream()
    if verify:
        check_landed(dst, item, checksum, dst.stat(item.dst_key))
    return checksum


def check_landed(
    dst: ObjectStorage, item: CopyItem, checksum: Checksum | None, landed: ObjectInfo | None
) -> None:
    """Refuse a copy whose object is missing, has another size, or (server-side copies) another
    tag than the copy reported.

    Raises:
        StorageError: naming the object and what was found.
    """
    if landed is None or landed.size != item.size:
        got = "nothing" if landed is None else f"{landed.size} bytes"
        raise StorageError(
            f"copy of {item.src_key!r} to {item.dst_key!r} in {dst.description} left {got}, "
            f"expected {item.size} bytes"
        )
    if (
        checksum is not None
        and checksum.algorithm == "etag"
        and landed.etag
        and landed.etag != checksum.value
    ):
        raise StorageError(
            f"copy of {item.src_key!r} to {item.dst_key!r} in {dst.description} left an object "
            f"tagged {landed.etag!r}, but the copy reported {checksum.value!r}: another write "
            "replaced it"
        )


def verify_copies(
    dst: ObjectStorage, items: Iterable[CopyItem], checksums: dict[str, Checksum]
) -> None:
    """Check every copied object by listing the longest prefix the destination keys share.

    One listing request covers up to 1,000 objects (S3, GCS; 5,000 on Azure), where a stat
    each costs one request per object; size and tag are compared exactly as ``check_landed``
    compares them.

    Raises:
        StorageError: an object is missing, or has another size or tag.
    """
    wanted = {item.dst_key: item for item in items}
    if not wanted:
        return
    common = os.path.commonprefix(list(wanted))
    prefix = common[: common.rfind("/") + 1]
    found: dict[str, ObjectInfo] = {}
    for info in dst.list_objects(prefix):
        if info.key in wanted:
            found[info.key] = info
    for key, item in wanted.items():
        check_landed(dst, item, checksums.get(key), found.get(key))


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
    fewer of them run at once, on threads of their own: as many as ``stream_memory`` bytes of
    the destination's buffers allow (at least one), which keeps memory flat whatever
    ``parallelism`` is. Every copy is verified (see the module docstring).

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
    by_listing = dst.verifies_by_listing and len(items) > 1
    stream_pool = ThreadPoolExecutor(
        max_workers=stream_slots(dst, parallelism, stream_memory), thread_name_prefix="stream"
    )

    def run_stream(stream: Callable[[], Checksum]) -> Checksum:
        return stream_pool.submit(stream).result()

    def one(item: CopyItem) -> None:
        if failed.is_set() or (stop is not None and stop.is_set()):
            return
        _test_delay()
        if stop is not None and stop.is_set():
            return
        try:
            checksum = copy_object(src, dst, item, run_stream, verify=not by_listing)
        except BaseException:
            failed.set()
            raise
        metrics.count_copied(item.size)
        with lock:
            checksums[item.dst_key] = checksum
            if on_copied is not None:
                on_copied(item.size)

    with (
        stream_pool,
        ThreadPoolExecutor(max_workers=max(1, parallelism), thread_name_prefix="copy") as pool,
    ):
        futures = [pool.submit(one, item) for item in items]
        for future in as_completed(futures):
            future.result()
    wanted = len({item.dst_key for item in items})
    if stop is not None and stop.is_set() and len(checksums) < wanted:
        raise TaskCancelled(f"cancelled after {len(checksums)} of {wanted} objects were copied")
    if by_listing:
        verify_copies(dst, items, checksums)
    return checksums
