"""Racers on conditional writes, run as threads or as processes of their own.

They live in a small module of their own so that a spawned process imports only this and the
local backend, not the test modules with their servers.
"""

from __future__ import annotations

from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier

from milvus_backup_grpc.storage.base import ObjectStorage, PreconditionFailed
from milvus_backup_grpc.storage.local import LocalStorage


def claim_each(store: ObjectStorage, keys: list[str], me: str, start: Barrier) -> list[str]:
    """Try ``create_exclusive`` on every key, all racers starting each key together.

    Returns:
        The keys this racer won.
    """
    won = []
    for key in keys:
        start.wait()
        try:
            store.create_exclusive(key, me.encode())
        except PreconditionFailed:
            continue
        won.append(key)
    return won


def increment(store: ObjectStorage, key: str, times: int) -> int:
    """Add one to the counter in ``key`` ``times`` times, reading again after a conflict.

    Returns:
        How many conditional writes were refused on the way.
    """
    conflicts = 0
    done = 0
    while done < times:
        current = store.read_versioned(key)
        try:
            store.replace_if(key, str(int(current.data) + 1).encode(), current.version)
        except PreconditionFailed:
            conflicts += 1
            continue
        done += 1
    return conflicts


def claim_each_in_process(
    base: str, keys: list[str], me: str, start: Barrier, results: Queue[tuple[str, object]]
) -> None:
    """``claim_each`` on local storage at ``base``, reporting (me, keys won) to ``results``."""
    results.put((me, claim_each(LocalStorage(base), keys, me, start)))


def increment_in_process(
    base: str, key: str, times: int, me: str, start: Barrier, results: Queue[tuple[str, object]]
) -> None:
    """``increment`` on local storage at ``base`` once every racer is ready."""
    store = LocalStorage(base)
    start.wait()
    results.put((me, increment(store, key, times)))
