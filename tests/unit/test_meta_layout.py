"""A backup's object keys and metadata files, in the shapes upstream reads and writes."""

from __future__ import annotations

import json
import re

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.errors import LayoutError, NotFoundError
from milvus_backup_grpc.layout import codec, meta, paths
from milvus_backup_grpc.layout.paths import (
    BackupLayout,
    BinlogKey,
    MilvusLayout,
    name_problem,
    parse_delta_key,
    parse_insert_key,
)
from milvus_backup_grpc.storage.local import LocalStorage
from tests.unit.samples import COLL_ID, PART_DEFAULT, PART_P1, SEG_A, SEG_B, SEG_C, SEG_L0

LEVEL_FILES = ("backup_meta", "collection_meta", "partition_meta", "segment_meta", "full_meta")


def _json(storage: LocalStorage, layout: BackupLayout, name: str) -> dict:
    return json.loads(storage.read_bytes(layout.meta(name)))


def _segment_ids(info: model.BackupInfo) -> list[int]:
    return [
        s.segment_id
        for c in info.collection_backups
        for p in c.partition_backups
        for s in p.segment_backups
    ]


# --- write_backup_meta ------------------------------------------------------------------


def test_write_creates_the_five_meta_files(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)

    assert [o.key for o in storage.list_objects("backup/")] == sorted(
        f"backup/bk_sample/meta/{name}.json" for name in LEVEL_FILES
    )


def test_backup_meta_holds_only_scalars(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)

    tree = _json(storage, layout, paths.BACKUP_META)
    assert tree == {
        "id": backup_info.id,
        "state_code": 2,
        "start_time": backup_info.start_time,
        "end_time": backup_info.end_time,
        "progress": 100,
        "name": "bk_sample",
        "size": backup_info.size,
        "milvus_version": "v2.4.17",
        "meta_size": 0,
    }


def test_collection_meta_has_partitions_without_segments(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)

    (coll,) = _json(storage, layout, paths.COLLECTION_META)["infos"]
    assert coll["collection_id"] == COLL_ID
    assert coll["collection_name"] == "books"
    assert coll["schema"]["name"] == "books"
    assert coll["index_infos"][0]["index_name"] == "vec_idx"
    assert "l0_segments" not in coll
    assert [p["partition_id"] for p in coll["partition_backups"]] == [PART_DEFAULT, PART_P1]
    for part in coll["partition_backups"]:
        assert "segment_backups" not in part
        assert part["size"] > 0


def test_partition_meta_has_no_segments(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)

    infos = _json(storage, layout, paths.PARTITION_META)["infos"]
    assert [(p["partition_id"], p["partition_name"]) for p in infos] == [
        (PART_DEFAULT, "_default"),
        (PART_P1, "p1"),
    ]
    expected_sizes = [p.size for p in backup_info.collection_backups[0].partition_backups]
    assert [p["size"] for p in infos] == expected_sizes
    assert all(
        set(p) == {"partition_id", "partition_name", "collection_id", "size", "load_state"}
        for p in infos
    )


def test_segment_meta_has_every_partition_segment_but_not_collection_l0(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)

    infos = _json(storage, layout, paths.SEGMENT_META)["infos"]
    assert [s["segment_id"] for s in infos] == [SEG_A, SEG_B, SEG_C]
    assert SEG_L0 not in [s["segment_id"] for s in infos]
    seg_a = infos[0]
    assert seg_a["group_id"] == SEG_A
    assert [fb["fieldID"] for fb in seg_a["binlogs"]] == [100, 101, 102]
    assert len(seg_a["deltalogs"][0]["binlogs"]) == 2


def test_full_meta_is_the_whole_tree(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)

    full = codec.loads(storage.read_bytes(layout.meta(paths.FULL_META)), model.BackupInfo)
    assert full == backup_info
    assert full.collection_backups[0].l0_segments[0].segment_id == SEG_L0


def test_write_does_not_change_the_callers_info(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    before = model.BackupInfo()
    before.CopyFrom(backup_info)

    meta.write_backup_meta(storage, layout, backup_info)

    assert backup_info == before


# --- read_backup_meta -------------------------------------------------------------------


def test_read_returns_what_was_written(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)

    assert meta.read_backup_meta(storage, layout) == backup_info
    assert meta.is_complete(storage, layout)


def test_read_prefers_full_meta_over_level_files(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)
    storage.write_bytes(layout.meta(paths.SEGMENT_META), b'{"infos":[]}')
    storage.write_bytes(layout.meta(paths.BACKUP_META), b'{"name":"other"}')

    info = meta.read_backup_meta(storage, layout)

    assert info.name == "bk_sample"
    assert _segment_ids(info) == [SEG_A, SEG_B, SEG_C]


def test_read_falls_back_to_level_files_without_full_meta(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)
    storage.delete(layout.meta(paths.FULL_META))

    info = meta.read_backup_meta(storage, layout)

    assert meta.is_complete(storage, layout)
    assert info.name == "bk_sample"
    assert _segment_ids(info) == [SEG_A, SEG_B, SEG_C]
    coll = info.collection_backups[0]
    assert [p.partition_name for p in coll.partition_backups] == ["_default", "p1"]
    assert coll.schema == backup_info.collection_backups[0].schema
    # Level files cannot carry collection-wide L0 segments; this is the documented loss.
    assert len(coll.l0_segments) == 0
    original_parts = backup_info.collection_backups[0].partition_backups
    for got, want in zip(coll.partition_backups, original_parts, strict=True):
        assert list(got.segment_backups) == list(want.segment_backups)


def test_level_fallback_recomputes_sizes_by_summing(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)
    storage.delete(layout.meta(paths.FULL_META))
    parts = _json(storage, layout, paths.PARTITION_META)
    for part in parts["infos"]:
        part["size"] = 0
    storage.write_bytes(layout.meta(paths.PARTITION_META), json.dumps(parts).encode())
    colls = _json(storage, layout, paths.COLLECTION_META)
    colls["infos"][0]["size"] = 1
    storage.write_bytes(layout.meta(paths.COLLECTION_META), json.dumps(colls).encode())
    storage.write_bytes(layout.meta(paths.BACKUP_META), b'{"name":"bk_sample","size":0}')

    info = meta.read_backup_meta(storage, layout)

    coll = info.collection_backups[0]
    seg_sizes = [[s.size for s in p.segment_backups] for p in coll.partition_backups]
    assert [p.size for p in coll.partition_backups] == [sum(s) for s in seg_sizes]
    assert coll.size == sum(sum(s) for s in seg_sizes)
    assert info.size == coll.size
    assert info.size == backup_info.size


def test_without_full_meta_our_own_task_record_means_not_finished(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)
    storage.write_bytes(layout.task_record, codec.dumps(model.BackupInfo(id="t1")))
    storage.delete(layout.meta(paths.FULL_META))

    assert not meta.is_complete(storage, layout)
    with pytest.raises(
        NotFoundError, match="backup 'bk_sample' not found under 'backup/bk_sample/'"
    ):
        meta.read_backup_meta(storage, layout)


def test_missing_backup_is_not_found(storage: LocalStorage) -> None:
    layout = BackupLayout("backup", "nothing")

    assert not meta.is_complete(storage, layout)
    with pytest.raises(NotFoundError, match="'nothing' not found"):
        meta.read_backup_meta(storage, layout)


def test_unreadable_full_meta_is_a_layout_error(
    storage: LocalStorage, layout: BackupLayout
) -> None:
    storage.write_bytes(layout.meta(paths.FULL_META), b'{"name": ')

    with pytest.raises(LayoutError, match="backup 'bk_sample': full_meta.json is unreadable"):
        meta.read_backup_meta(storage, layout)


def test_level_fallback_with_a_missing_file_names_it(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> None:
    meta.write_backup_meta(storage, layout, backup_info)
    storage.delete(layout.meta(paths.FULL_META))
    storage.delete(layout.meta(paths.COLLECTION_META))

    with pytest.raises(LayoutError, match="missing meta/collection_meta.json"):
        meta.read_backup_meta(storage, layout)


# --- keys -------------------------------------------------------------------------------

_UPSTREAM_INSERT = re.compile(
    r"^(?P<root>.+)/(?P<name>[^/]+)/binlogs/insert_log/(\d+)/(\d+)/(\d+)/(\d+)/(\d+)/(\d+)$"
)


def test_backup_layout_keys_match_upstream() -> None:
    layout = BackupLayout("backup", "bk1")

    assert layout.dir == "backup/bk1/"
    assert layout.meta(paths.FULL_META) == "backup/bk1/meta/full_meta.json"
    assert layout.task_record == "backup/bk1/backup_task.json"
    key = layout.insert_log(11, 22, 33, 33, 100, 44)
    assert key == "backup/bk1/binlogs/insert_log/11/22/33/33/100/44"
    match = _UPSTREAM_INSERT.match(key)
    assert match is not None
    assert (match["root"], match["name"]) == ("backup", "bk1")
    assert [int(g) for g in match.groups()[2:]] == [11, 22, 33, 33, 100, 44]
    assert layout.delta_log(11, 22, 33, 33, 55) == "backup/bk1/binlogs/delta_log/11/22/33/33/55"
    assert layout.insert_group_dir(11, 22, 33) == "backup/bk1/binlogs/insert_log/11/22/33/"
    assert layout.delta_group_dir(11, 22, 33) == "backup/bk1/binlogs/delta_log/11/22/33/"
    assert layout.insert_partition_dir(11, 22) == "backup/bk1/binlogs/insert_log/11/22/"
    assert layout.delta_partition_dir(11, 22) == "backup/bk1/binlogs/delta_log/11/22/"


@pytest.mark.parametrize(
    ("root", "expected_dir"),
    [
        ("", "bk1/"),
        ("backup/", "backup/bk1/"),
        ("a/b/c", "a/b/c/bk1/"),
        ("/mnt/backups", "/mnt/backups/bk1/"),
    ],
)
def test_backup_layout_roots(root: str, expected_dir: str) -> None:
    layout = BackupLayout(root, "bk1")

    assert layout.dir == expected_dir
    assert layout.meta(paths.BACKUP_META) == f"{expected_dir}meta/backup_meta.json"


def test_milvus_layout() -> None:
    assert MilvusLayout("files").insert_segment_dir(1, 2, 3) == "files/insert_log/1/2/3/"
    assert MilvusLayout("files").insert_dir(1) == "files/insert_log/1/"
    assert MilvusLayout("files").delta_dir(1) == "files/delta_log/1/"
    assert MilvusLayout("").insert_segment_dir(1, 2, 3) == "insert_log/1/2/3/"
    assert MilvusLayout("/var/lib/milvus").insert_root == "/var/lib/milvus/insert_log/"


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("files/insert_log/1/2/3/100/7", BinlogKey(1, 2, 3, 100, 7)),
        ("insert_log/1/2/3/100/7", BinlogKey(1, 2, 3, 100, 7)),
        (
            f"/var/lib/milvus/insert_log/{COLL_ID}/{PART_DEFAULT}/{SEG_A}/101/449000000000000099",
            BinlogKey(COLL_ID, PART_DEFAULT, SEG_A, 101, 449000000000000099),
        ),
        ("files/insert_log/1/2/3/100", None),
        ("files/insert_log/1/2/3/3/100/7", None),  # a backup key has the group too
        ("files/insert_log/1/-1/3/100/7", None),
        ("files/stats_log/1/2/3/100/7", None),
        ("files/xinsert_log/1/2/3/100/7", None),
        ("files/insert_log/1/2/3/100/7/", None),
    ],
)
def test_parse_insert_key(key: str, expected: BinlogKey | None) -> None:
    assert parse_insert_key(key) == expected


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("files/delta_log/1/2/3/9", BinlogKey(1, 2, 3, 0, 9)),
        ("files/delta_log/1/-1/3/9", BinlogKey(1, -1, 3, 0, 9)),
        ("delta_log/1/2/3/9", BinlogKey(1, 2, 3, 0, 9)),
        ("files/delta_log/1/2/3", None),
        ("files/insert_log/1/2/3/9", None),
    ],
)
def test_parse_delta_key(key: str, expected: BinlogKey | None) -> None:
    assert parse_delta_key(key) == expected


# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("", "the name is empty"),
        ("../x", "may contain only letters, digits and underscores"),
        ("a/b", "may contain only letters, digits and underscores"),
        ("a.b", "may contain only letters, digits and underscores"),
        ("1abc", "must not start with a digit"),
        ("a b", "may contain only letters"),
        ("a\x00b", "may contain only letters"),
        ("a" * 129, "129 characters long; at most 128"),
    ],
)
def test_name_problem_rejects(name: str, expected: str) -> None:
    problem = name_problem(name)

    assert problem is not None
    assert expected in problem


@pytest.mark.parametrize("name", ["a", "_x1", "Backup_2024_06_01", "a" * 128])
def test_name_problem_accepts(name: str) -> None:
    assert name_problem(name) is None


def test_name_problem_rejects_a_trailing_newline() -> None:
    assert name_problem("backup1\n") is not None
