"""Copying objects between stores: server-side when the stores allow it, else streamed.

Every copy is checked afterwards: the destination must exist with the source's size, so a
copy that "succeeded" without landing fails loudly instead of leaving a hole in a backup.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass

from ..errors import StorageError
from .base import ObjectStorage


@dataclass(frozen=True)
class CopyItem:
    """One object to copy: source key, destination key and expected size."""

    src_key: str
    dst_key: str
    size: int


def copy_object(src: ObjectStorage, dst: ObjectStorage, item: CopyItem) -> None:
    """Copy one object and verify it landed whole."""
    if not dst.copy_from(src, item.src_key, item.dst_key):
        with src.open_read(item.src_key) as stream:
            dst.write_stream(item.dst_key, stream, item.size)
    landed = dst.stat(item.dst_key)
    if landed is None or landed.size != item.size:
        got = "nothing" if landed is None else f"{landed.size} bytes"
        raise StorageError(
            f"copy of {item.src_key!r} to {item.dst_key!r} in {dst.description} left {got}, "
            f"expected {item.size} bytes"
        )


def copy_objects(
    src: ObjectStorage,
    dst: ObjectStorage,
    items: Sequence[CopyItem],
    parallelism: int,
    on_copied: Callable[[int], None] | None = None,
) -> None:
    """Copy many objects with bounded concurrency; the first failure stops the rest.

    Args:
        on_copied: called with each copied object's size, for progress.
    """
    if not items:
        return
    lock = threading.Lock()
    failed = threading.Event()

    def one(item: CopyItem) -> None:
        if failed.is_set():
            return
        try:
            copy_object(src, dst, item)
        except BaseException:
            failed.set()
            raise
        if on_copied is not None:
            with lock:
                on_copied(item.size)

    with ThreadPoolExecutor(max_workers=max(1, parallelism), thread_name_prefix="copy") as pool:
        futures = [pool.submit(one, item) for item in items]
        for future in as_completed(futures):
            future.result()
