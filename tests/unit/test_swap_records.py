"""Swap records in backup storage: what a restarted process finds, and what it leaves alone."""

from __future__ import annotations

import json
import logging
import uuid
from pathlib import Path

import pytest

from milvus_backup_grpc.engine.swap import CRASH_AT_ENV, SwapLedger, SwapRecord, crash_point
from milvus_backup_grpc.storage.local import LocalStorage


def _record(target: str = "films") -> SwapRecord:
    swap_id = str(uuid.uuid4())
    return SwapRecord(id=swap_id, db="media", target=target,
                      staging=f"{target}_restoring_{swap_id[:8]}",
                      aside=f"{target}_replaced_{swap_id[:8]}",
                      restore_task="restore_x", collection_task=swap_id)


def test_a_record_left_by_a_stopped_process_is_found_whole(tmp_path: Path) -> None:
    ledger = SwapLedger(LocalStorage(tmp_path), "backups")
    left = _record()
    stored = tmp_path / "backups" / ".restore_swaps" / f"{left.id}.json"
    stored.parent.mkdir(parents=True)
    stored.write_text(json.dumps(left.__dict__))

    assert ledger.pending() == [left]


def test_a_swap_this_process_runs_is_not_pending(tmp_path: Path) -> None:
    ledger = SwapLedger(LocalStorage(tmp_path), "backups")
    mine = _record()
    ledger.begin(mine)
    # Another ledger of the same process (another service object) leaves it alone too.
    other = SwapLedger(LocalStorage(tmp_path), "backups")

    assert (tmp_path / "backups" / ".restore_swaps" / f"{mine.id}.json").is_file()
    assert ledger.pending() == [] and other.pending() == []


def test_an_unreadable_record_is_reported_and_skipped(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    ledger = SwapLedger(LocalStorage(tmp_path), "backups")
    left = _record()
    folder = tmp_path / "backups" / ".restore_swaps"
    folder.mkdir(parents=True)
    (folder / "broken.json").write_text("{not json")
    (folder / f"{left.id}.json").write_text(json.dumps(left.__dict__))

    with caplog.at_level(logging.ERROR):
        assert ledger.pending() == [left]
    assert "broken.json" in caplog.text and "remove it by hand" in caplog.text


def test_the_crash_hook_does_nothing_unless_it_names_the_step(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(CRASH_AT_ENV, raising=False)
    crash_point("swap:after-record")
    monkeypatch.setenv(CRASH_AT_ENV, "swap:after-drop-aside")
    crash_point("swap:after-record")  # another step: the process goes on
