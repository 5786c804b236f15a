"""Backups that lost their data to upstream v0.4.x's local-storage bug are told apart."""

from __future__ import annotations

from milvus_backup_grpc import model
from milvus_backup_grpc.engine.restore import empty_l0_problem


def _segments(info: model.BackupInfo) -> list[model.SegmentBackupInfo]:
    coll = info.collection_backups[0]
    return [s for p in coll.partition_backups for s in p.segment_backups]


def _as_v04_local_bug(seg: model.SegmentBackupInfo) -> None:
    # What v0.4.x writes when it finds no insert logs: L0, no binlogs, no delete logs.
    del seg.binlogs[:]
    del seg.deltalogs[:]
    seg.is_l0 = True


def test_a_backup_whose_every_segment_lost_its_data_holds_no_data(
    backup_info: model.BackupInfo,
) -> None:
    backup_info.milvus_version = "v2.3.5"
    for seg in _segments(backup_info):
        _as_v04_local_bug(seg)

    problem = empty_l0_problem(backup_info, backup_info.collection_backups[0])

    assert problem is not None
    rows = sum(s.num_of_rows for s in _segments(backup_info))
    assert "holds no data for default.books: every one of its 3 segments" in problem
    assert f"records {rows} rows" in problem
    assert "v0.4.x with local storage" in problem and "re-take the backup" in problem


def test_some_lost_segments_are_counted(backup_info: model.BackupInfo) -> None:
    backup_info.milvus_version = "v2.3.5"
    _as_v04_local_bug(_segments(backup_info)[0])

    problem = empty_l0_problem(backup_info, backup_info.collection_backups[0])

    assert problem is not None and "lacks data of default.books: 1 of its 3 segments" in problem


def test_genuine_l0_segments_of_a_milvus_24_source_are_not_taken_for_lost_data(
    backup_info: model.BackupInfo,
) -> None:
    backup_info.milvus_version = "v2.4.13"
    with_deletes = next(s for s in _segments(backup_info) if any(fb.binlogs for fb in s.deltalogs))
    del with_deletes.binlogs[:]
    with_deletes.is_l0 = True  # a delete-only segment: delete logs and no insert logs

    assert empty_l0_problem(backup_info, backup_info.collection_backups[0]) is None
    assert empty_l0_problem(model.BackupInfo(), backup_info.collection_backups[0]) is None


def test_an_intact_backup_has_no_problem(backup_info: model.BackupInfo) -> None:
    assert empty_l0_problem(backup_info, backup_info.collection_backups[0]) is None
