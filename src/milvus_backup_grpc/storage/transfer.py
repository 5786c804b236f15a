"""Copying objects between stores: server-side when the stores allow it, else streamed.

Every copy is checked afterwards: the destination must exist with the source's size, so a
copy that "succeeded" without landing fails loudly instead of leaving a hole in a backup.
Every copy also yields a checksum: SHA-256 of the bytes as they streamed through, or what the
store reported for a server-side copy, for the backup's manifest (layout/manifest.py).
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from typing import BinaryIO, cast

from ..errors import StorageError
from .base import Checksum, ObjectStorage


@dataclass(frozen=True)
class CopyItem:
    """One object to copy: source key, destination key and expected size."""

    src_key: str
    dst_key: str
    size: int


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


def copy_object(src: ObjectStorage, dst: ObjectStorage, item: CopyItem) -> Checksum:
    """Copy one object, verify it landed whole, and return its checksum."""
    checksum = dst.copy_from(src, item.src_key, item.dst_key)
    if checksum is None:
        with src.open_read(item.src_key) as stream:
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


def copy_objects(
    src: ObjectStorage,
    dst: ObjectStorage,
    items: Sequence[CopyItem],
    parallelism: int,
    on_copied: Callable[[int], None] | None = None,
) -> dict[str, Checksum]:
    """Copy many objects with bounded concurrency; the first failure stops the rest.

    Args:
        on_copied: called with each copied object's size, for progress.

    Returns:
        Each destination key's checksum.
    """
    checksums: dict[str, Checksum] = {}
    if not items:
        return checksums
    lock = threading.Lock()
    failed = threading.Event()

    def one(item: CopyItem) -> None:
        if failed.is_set():
            return
        try:
            checksum = copy_object(src, dst, item)
        except BaseException:
            failed.set()
            raise
        with lock:
            checksums[item.dst_key] = checksum
            if on_copied is not None:
                on_copied(item.size)

    with ThreadPoolExecutor(max_workers=max(1, parallelism), thread_name_prefix="copy") as pool:
        futures = [pool.submit(one, item) for item in items]
        for future in as_completed(futures):
            future.result()
    return checksums
