"""Copying objects between stores: server-side when the stores allow it, else streamed.

Every copy is checked afterwards: the destination must exist with the source's size, and a
server-side copy's tag (the store's ETag or content hash) must be the one the copy reported, so
a copy that "succeeded" without landing fails loudly instead of leaving a hole in a backup.
Where the destination lists more cheaply than it stats (S3, Azure, GCS: up to 1,000 objects per
request), a batch of copies is checked by listing their common prefix once the batch is done,
not by one HEAD each; local storage stats each file.

Every copy also yields a checksum: a hash of the bytes as they passed through (BLAKE3 or
SHA-256, storage/digest.py), or what the store reported for a server-side copy, for the
backup's manifest (layout/manifest.py).

Streamed copies hold their bytes in memory (a request body, part buffers): they start only
as the transfer's stream memory allows (``StreamBudget``), each reserving what its store says
it holds (``ObjectStorage.stream_buffer``), so many small objects stream at once and a few big
ones, and memory stays bounded whatever ``parallelism`` is. They run on a pool of their own,
no bigger than the budget can use; server-side copies run on ``parallelism`` threads.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import BinaryIO, cast

from .. import heap, metrics
from ..errors import StorageError, TaskCancelled
from . import buffers, digest
from .base import Checksum, ObjectInfo, ObjectStorage

#: Bytes all streamed copies of one transfer may hold together: an S3 stream of 32 MiB beside
#: a smaller one, or a dozen binlogs of a few MiB (benchmarks/RESULTS.md, 1. and 3.).
DEFAULT_STREAM_MEMORY = 48 * 1024 * 1024
#: Stream threads at most: against one store, more than this many streams through one
#: process only wait on each other.
MAX_STREAM_THREADS = 8


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
    #: The hash to compute where the bytes pass through ("": the transfer's): a copy checked
    #: against a checksum recorded earlier computes that one's algorithm.
    algorithm: str = ""


class HashingReader:
    """A read-only stream that hashes the bytes read through it."""

    def __init__(self, stream: BinaryIO, algorithm: str) -> None:
        self._stream = stream
        self._algorithm = algorithm
        self._hash = digest.new(algorithm)

    def read(self, amount: int = -1) -> bytes:
        """Read like the wrapped stream, hashing what is returned."""
        data = self._stream.read(amount)
        self._hash.update(data)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:
        """Read into ``buffer`` like the wrapped stream, hashing what was read."""
        view = memoryview(buffer).cast("B")
        readinto = getattr(self._stream, "readinto", None)
        if readinto is None:
            data = self._stream.read(len(view))
            count = len(data)
            view[:count] = data
        else:
            count = readinto(view)
        self._hash.update(view[:count])
        return count

    def readable(self) -> bool:
        """Always true: this is a reader."""
        return True

    def checksum(self) -> Checksum:
        """The hash of everything read so far."""
        return Checksum(self._algorithm, self._hash.hexdigest())


#: Runs a streamed copy (on the transfer's stream pool) and returns what it returned.
StreamRunner = Callable[[Callable[[], Checksum]], Checksum]


def copy_object(
    src: ObjectStorage,
    dst: ObjectStorage,
    item: CopyItem,
    run_stream: StreamRunner | None = None,
    verify: bool = True,
    algorithm: str = digest.DEFAULT,
) -> Checksum:
    """Copy one object, verify it landed whole (unless ``verify`` is off), return its checksum.

    Args:
        run_stream: runs the copy when its bytes stream through this process (not for
            server-side copies), to bound how many streams, and so how much memory, run at
            once and on which threads; None streams on the calling thread.
        verify: check the object that landed now; off when the caller checks a whole batch
            by listing afterwards (``verify_copies``).
        algorithm: the hash of the bytes that pass through, unless the item names one.
    """
    algorithm = item.algorithm or algorithm
    checksum = dst.copy_from(src, item.src_key, item.dst_key, item.size, algorithm)
    if checksum is None:

        def stream() -> Checksum:
            with src.open_read(item.src_key) as source:
                reader = HashingReader(source, algorithm)
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


class StreamBudget:
    """Bytes that concurrent streams may hold, reserved first come, first served.

    A stream that needs more than the whole budget waits until nothing else holds any, then
    runs alone; nobody overtakes a waiting stream, so big objects are not starved by a run of
    small ones.
    """

    def __init__(self, total: int) -> None:
        self.total = max(1, total)
        self._used = 0
        self._queue: deque[object] = deque()
        self._changed = threading.Condition()

    def _fits(self, amount: int) -> bool:
        return self._used == 0 or self._used + amount <= self.total

    @contextlib.contextmanager
    def reserve(self, amount: int) -> Iterator[None]:
        """Hold ``amount`` bytes (at most the whole budget) while the block runs."""
        amount = min(max(0, amount), self.total)
        ticket = object()
        with self._changed:
            self._queue.append(ticket)
            self._changed.wait_for(lambda: self._queue[0] is ticket and self._fits(amount))
            self._queue.popleft()
            self._used += amount
            self._changed.notify_all()
        try:
            yield
        finally:
            with self._changed:
                self._used -= amount
                self._changed.notify_all()


def stream_threads(parallelism: int) -> int:
    """Threads that stream at once, given the copy ``parallelism``."""
    return max(1, min(parallelism, MAX_STREAM_THREADS))


def copy_objects(
    src: ObjectStorage,
    dst: ObjectStorage,
    items: Sequence[CopyItem],
    parallelism: int,
    on_copied: Callable[[int], None] | None = None,
    stream_memory: int = DEFAULT_STREAM_MEMORY,
    stop: threading.Event | None = None,
    algorithm: str = digest.DEFAULT,
) -> dict[str, Checksum]:
    """Copy many objects with bounded concurrency; the first failure stops the rest.

    Server-side copies run ``parallelism`` at once (between local files, as many as the
    cores keep busy: ``ObjectStorage.copy_threads``). Streamed ones hold their bytes, so they
    run on threads of their own (``stream_threads``) and only as many at once as
    ``stream_memory`` holds, which keeps memory flat whatever ``parallelism`` is. Every copy
    is verified (see the module docstring).

    Args:
        on_copied: called with each copied object's size, for progress.
        stream_memory: bytes that concurrent streamed writes may buffer in total.
        stop: once set, no further copy starts; the copies under way finish, then
            ``TaskCancelled`` is raised (so no write lands after this returns).
        algorithm: the hash of the bytes that pass through this process (storage/digest.py),
            for items that name none.

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
    budget = StreamBudget(stream_memory)
    stream_pool = ThreadPoolExecutor(
        max_workers=stream_threads(parallelism), thread_name_prefix="stream"
    )

    def one(item: CopyItem) -> None:
        def run_stream(stream: Callable[[], Checksum]) -> Checksum:
            def within_budget() -> Checksum:
                with budget.reserve(dst.stream_buffer(item.size)):
                    return stream()

            return stream_pool.submit(within_budget).result()

        if failed.is_set() or (stop is not None and stop.is_set()):
            return
        _test_delay()
        if stop is not None and stop.is_set():
            return
        try:
            checksum = copy_object(src, dst, item, run_stream, not by_listing, algorithm)
        except BaseException:
            failed.set()
            raise
        metrics.count_copied(item.size)
        with lock:
            checksums[item.dst_key] = checksum
            if on_copied is not None:
                on_copied(item.size)

    try:
        with (
            stream_pool,
            ThreadPoolExecutor(
                max_workers=max(1, dst.copy_threads(src, parallelism)), thread_name_prefix="copy"
            ) as pool,
        ):
            futures = [pool.submit(one, item) for item in items]
            for future in as_completed(futures):
                future.result()
    finally:
        # The streams' chunks and what the copies freed go back to the system between
        # transfers, so an idle service holds no copy buffers.
        buffers.POOL.trim()
        heap.release_freed()
    wanted = len({item.dst_key for item in items})
    if stop is not None and stop.is_set() and len(checksums) < wanted:
        raise TaskCancelled(f"cancelled after {len(checksums)} of {wanted} objects were copied")
    if by_listing:
        verify_copies(dst, items, checksums)
    return checksums
