"""Backups rewritten into upstream v0.4.30 / v0.5.10 meta shapes read back as the same backup.

The rewrites live in tests/fixtures/upstream_shapes.py, where integration tests use them to
restore upstream-shaped backups into Milvus; here they are checked against the meta reader.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.engine.catalog import Catalog
from milvus_backup_grpc.layout import codec, meta, paths
from milvus_backup_grpc.layout.paths import BackupLayout
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.storage.local import LocalStorage
from tests.fixtures.upstream_shapes import (
    CHANNEL_CP_META,
    as_legacy_levels_only,
    as_v04x,
    as_v05x,
    go_json,
)
from tests.unit.samples import COLL_ID, PART_DEFAULT, PART_P1, SEG_A, SEG_B, SEG_C, SEG_L0

Rewrite = Callable[[LocalStorage, BackupLayout], Any]


def _tree(info: model.BackupInfo) -> list[Any]:
    """What a restore needs from the meta, in every version: names, ids, files, sizes."""
    return [
        (
            c.db_name,
            c.collection_name,
            c.collection_id,
            c.shards_num,
            c.consistency_level,
            [(f.fieldID, f.name, f.data_type, f.is_primary_key) for f in c.schema.fields],
            [(i.field_name, i.index_name, dict(i.params)) for i in c.index_infos],
            [
                (
                    p.partition_id,
                    p.partition_name,
                    p.size,
                    [
                        (
                            s.segment_id,
                            s.partition_id,
                            s.group_id,
                            s.num_of_rows,
                            s.size,
                            [(fb.fieldID, [b.log_path for b in fb.binlogs]) for fb in s.binlogs],
                            [b.log_path for fb in s.deltalogs for b in fb.binlogs],
                        )
                        for s in p.segment_backups
                    ],
                )
                for p in c.partition_backups
            ],
        )
        for c in info.collection_backups
    ]


def _sizes(info: model.BackupInfo) -> list[int]:
    return [
        b.log_size
        for c in info.collection_backups
        for p in c.partition_backups
        for s in p.segment_backups
        for fb in [*s.binlogs, *s.deltalogs]
        for b in fb.binlogs
    ]


def _title_default(info: model.BackupInfo) -> str:
    """The default of the "title" field, read as upstream's restore reads it."""
    field = info.collection_backups[0].schema.fields[2]
    if field.default_value_base64:
        raw = base64.b64decode(field.default_value_base64)
    else:
        raw = field.default_value_proto.encode("utf-8")
    value = pb.ValueField()
    value.ParseFromString(raw)
    return value.string_data


def _json(storage: LocalStorage, layout: BackupLayout, name: str) -> Any:
    return json.loads(storage.read_bytes(layout.meta(name)))


@pytest.fixture
def written(
    storage: LocalStorage, layout: BackupLayout, backup_info: model.BackupInfo
) -> model.BackupInfo:
    """The sample backup as our tool leaves it: five meta files and the task record."""
    seg_c = backup_info.collection_backups[0].partition_backups[1].segment_backups[0]
    seg_c.storage_version = 2
    seg_c.v_channel = f"by-dev-rootcoord-dml_0_{COLL_ID}v0"
    meta.write_backup_meta(storage, layout, backup_info)
    storage.write_bytes(layout.task_record, codec.dumps(model.BackupInfo(id=backup_info.id)))
    return backup_info


@pytest.mark.parametrize("rewrite", [as_v04x, as_v05x], ids=["v0.4.30", "v0.5.10"])
def test_rewrite_returns_what_our_tool_wrote(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo, rewrite: Rewrite
) -> None:
    assert rewrite(storage, layout) == written


@pytest.mark.parametrize("rewrite", [as_v04x, as_v05x], ids=["v0.4.30", "v0.5.10"])
def test_rewritten_backup_reads_as_the_same_backup(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo, rewrite: Rewrite
) -> None:
    rewrite(storage, layout)

    info = meta.read_backup_meta(storage, layout)

    assert info.name == written.name
    assert info.id == written.id
    assert info.size == written.size
    assert info.milvus_version == "v2.4.17"
    assert _tree(info) == _tree(written)
    assert _sizes(info) == _sizes(written)
    coll = info.collection_backups[0]
    assert dict(coll.channel_checkpoints) == dict(written.collection_backups[0].channel_checkpoints)
    assert [s.segment_id for s in coll.l0_segments] == [SEG_L0]
    assert _title_default(info) == "untitled"


@pytest.mark.parametrize("rewrite", [as_v04x, as_v05x], ids=["v0.4.30", "v0.5.10"])
def test_rewritten_backup_has_no_task_record_and_lists_as_success(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo, rewrite: Rewrite
) -> None:
    rewrite(storage, layout)

    assert not storage.exists(layout.task_record)
    assert meta.is_complete(storage, layout)
    (listed,) = Catalog(storage, "backup").list_backups(live_task_ids=set())
    assert (listed.name, listed.state_code, listed.progress) == (
        written.name,
        model.BACKUP_SUCCESS,
        100,
    )


@pytest.mark.parametrize(
    ("rewrite", "l0_kept"), [(as_v04x, 0), (as_v05x, 1)], ids=["v0.4.30", "v0.5.10"]
)
def test_levels_only_after_rewrite_reads_through_the_fallback(
    storage: LocalStorage,
    layout: BackupLayout,
    written: model.BackupInfo,
    rewrite: Rewrite,
    l0_kept: int,
) -> None:
    rewrite(storage, layout)
    as_legacy_levels_only(storage, layout)

    info = meta.read_backup_meta(storage, layout)

    assert not storage.exists(layout.meta(paths.FULL_META))
    assert _tree(info) == _tree(written)  # no segment appears twice despite the duplication
    assert info.size == written.size
    # Only v0.5.10's collection_meta clones keep collection-wide L0 segments.
    assert len(info.collection_backups[0].l0_segments) == l0_kept


def test_levels_only_on_our_own_backup(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo
) -> None:
    as_legacy_levels_only(storage, layout)

    info = meta.read_backup_meta(storage, layout)

    assert [o.key.rsplit("/", 1)[1] for o in storage.list_objects(layout.dir)] == [
        "backup_meta.json",
        "collection_meta.json",
        "partition_meta.json",
        "segment_meta.json",
    ]
    assert _tree(info) == _tree(written)


# --- the shapes themselves --------------------------------------------------------------


def test_v04x_backup_meta_shape(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo
) -> None:
    as_v04x(storage, layout)

    tree = _json(storage, layout, paths.BACKUP_META)
    assert list(tree) == [
        "id",
        "state_code",
        "start_time",
        "end_time",
        "progress",
        "name",
        "size",
        "milvus_version",
    ]
    assert (tree["state_code"], tree["progress"], tree["size"]) == (2, 100, written.size)


def test_v04x_level_files_shape(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo
) -> None:
    as_v04x(storage, layout)

    (coll,) = _json(storage, layout, paths.COLLECTION_META)["infos"]
    assert coll["state_code"] == 2
    assert "l0_segments" not in coll
    assert "properties" not in coll
    assert [[s["segment_id"] for s in p["segment_backups"]] for p in coll["partition_backups"]] == [
        [SEG_A, SEG_B],
        [SEG_C],
    ]
    field = coll["schema"]["fields"][2]
    assert "default_value_base64" not in field
    assert (
        field["default_value_proto"]
        == pb.ValueField(string_data="untitled").SerializeToString().decode()
    )

    parts = _json(storage, layout, paths.PARTITION_META)["infos"]
    assert [p["partition_id"] for p in parts] == [PART_DEFAULT, PART_P1]
    assert all("segment_backups" not in p for p in parts)

    segs = _json(storage, layout, paths.SEGMENT_META)["infos"]
    assert [s["segment_id"] for s in segs] == [SEG_A, SEG_B, SEG_C]
    assert [s["deltalogs"] for s in segs[1:]] == [[{}], [{}]]
    assert list(segs[0]["deltalogs"][0]) == ["binlogs"]
    assert all("log_id" not in b for fb in segs[0]["binlogs"] for b in fb["binlogs"])
    assert all(s["backuped"] is True for s in segs)
    assert "storage_version" not in segs[2] and "v_channel" not in segs[2]


def test_v04x_full_meta_and_channel_checkpoints(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo
) -> None:
    as_v04x(storage, layout)

    full = _json(storage, layout, paths.FULL_META)
    coll = full["collection_backups"][0]
    segs = [s for p in coll["partition_backups"] for s in p["segment_backups"]]
    assert "database_backups" not in full
    assert [s["deltalogs"] for s in segs[1:]] == [[{}], [{}]]
    assert coll["l0_segments"][0]["segment_id"] == SEG_L0
    assert coll["l0_segments"][0]["partition_id"] == -1

    channel_cp = json.loads(storage.read_bytes(layout.meta(CHANNEL_CP_META)))
    position = written.collection_backups[0].channel_checkpoints[
        f"by-dev-rootcoord-dml_0_{COLL_ID}v0"
    ]
    assert channel_cp == {"books": [{"name": "by-dev-rootcoord-dml_0", "position": position}]}
    decoded = pb.MsgPosition()
    decoded.ParseFromString(base64.b64decode(channel_cp["books"][0]["position"]))
    assert decoded.msgID == b"\x01\x02\x03"


def test_v05x_backup_meta_shape(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo
) -> None:
    as_v05x(storage, layout)

    tree = _json(storage, layout, paths.BACKUP_META)
    assert tree == {
        "id": written.id,
        "state_code": 0,
        "name": written.name,
        "size": written.size,
        "milvus_version": "v2.4.17",
    }


def test_v05x_files_carry_keys_our_proto_lacks(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo
) -> None:
    as_v05x(storage, layout)

    full = _json(storage, layout, paths.FULL_META)
    coll = full["collection_backups"][0]
    assert {"flush_all_msgs_base64", "control_channel_name", "physical_channel_names"} <= set(full)
    assert "progress" not in full and "start_time" not in full
    assert full["database_backups"] == [{"db_name": "default", "db_id": 1}]
    assert {"db_id", "created_timestamp", "virtual_channel_names", "physical_channel_names"} <= set(
        coll
    )
    assert "state_code" not in coll and "progress" not in coll
    assert coll["index_infos"][0]["index_id"] == COLL_ID + 100
    segs = [s for p in coll["partition_backups"] for s in p["segment_backups"]]
    assert segs[2]["storage_version"] == 2
    assert segs[2]["v_channel"] == f"by-dev-rootcoord-dml_0_{COLL_ID}v0"
    assert all("log_id" in b for fb in segs[0]["binlogs"] for b in fb["binlogs"])
    assert "default_value_proto" not in coll["schema"]["fields"][2]
    # v0.5.10 duplicated segments into both level files.
    (level_coll,) = _json(storage, layout, paths.COLLECTION_META)["infos"]
    assert level_coll["l0_segments"][0]["segment_id"] == SEG_L0
    parts = _json(storage, layout, paths.PARTITION_META)["infos"]
    assert [len(p["segment_backups"]) for p in parts] == [2, 1]
    assert not storage.exists(layout.meta(CHANNEL_CP_META))


def test_v05x_unknown_keys_are_ignored_by_the_reader(
    storage: LocalStorage, layout: BackupLayout, written: model.BackupInfo
) -> None:
    as_v05x(storage, layout)

    info = meta.read_backup_meta(storage, layout)

    seg_c = info.collection_backups[0].partition_backups[1].segment_backups[0]
    assert (seg_c.storage_version, seg_c.v_channel) == (2, f"by-dev-rootcoord-dml_0_{COLL_ID}v0")
    assert info.meta_size == 0
    assert [(d.db_name, d.db_id) for d in info.database_backups] == [("default", 1)]
    assert info.state_code == 0


def test_go_json_escapes_like_encoding_json() -> None:
    assert go_json({"a": "<b>&\u2028", "n": 449_000_000_000_000_001, "書": None}) == (
        b'{"a":"\\u003cb\\u003e\\u0026\\u2028","n":449000000000000001,"\xe6\x9b\xb8":null}'
    )
