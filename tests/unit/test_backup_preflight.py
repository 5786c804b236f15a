"""The per-collection checks before a backup: run several at once, reported in order."""

from __future__ import annotations

import threading
import time

import pytest

from milvus_backup_grpc.engine.backup import for_each_collection

PAIRS = [("default", f"c{i}") for i in range(8)]


def test_results_come_in_the_collections_order_with_calls_overlapping() -> None:
    running = 0
    most = 0
    lock = threading.Lock()

    def work(db: str, coll: str) -> str:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.02 if coll == "c0" else 0.01)  # the first one finishes last
        with lock:
            running -= 1
        return f"{db}.{coll}"

    assert for_each_collection(work, PAIRS, workers=4) == [f"default.c{i}" for i in range(8)]
    assert 1 < most <= 4


def test_the_first_failure_in_order_is_raised_after_every_call_ended() -> None:
    ended: list[str] = []

    def work(db: str, coll: str) -> None:
        time.sleep(0.01)
        ended.append(coll)
        if coll in ("c2", "c5"):
            raise ValueError(coll)

    with pytest.raises(ValueError, match="c2"):
        for_each_collection(work, PAIRS, workers=3)
    assert sorted(ended) == sorted(c for _, c in PAIRS)


def test_one_worker_runs_them_in_turn_on_the_calling_thread() -> None:
    threads: set[int] = set()

    def work(db: str, coll: str) -> str:
        threads.add(threading.get_ident())
        return coll

    assert for_each_collection(work, PAIRS, workers=1) == [c for _, c in PAIRS]
    assert threads == {threading.get_ident()}
