"""The restore oracle, reading a real Milvus, catches a row in the wrong partition."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing import compare
from milvus_backup_grpc.testing.compare import (
    NOT_ROUTED,
    ROUTED,
    compare_collections,
    compare_snapshots,
    read_rows,
    read_snapshot,
)

Stub = Any
ROWS = [{"id": i, "vec": [float(i), 0.5, -0.0, 1 / 3], "label": f"r{i}"} for i in range(20)]


def _create(milvus: MilvusClient, name: str) -> None:
    """Partitions p1 and p2; rows 0-9 go to p1, 10-19 to p2."""
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=4)
    schema.add_field("label", DataType.VARCHAR, max_length=16)
    milvus.create_collection(name, schema=schema, consistency_level="Strong")
    for partition in ("p1", "p2"):
        milvus.create_partition(name, partition)
    index = milvus.prepare_index_params()
    index.add_index("vec", index_type="FLAT", metric_type="L2")
    milvus.create_index(name, index)
    milvus.load_collection(name)
    milvus.insert(name, ROWS[:10], partition_name="p1")
    milvus.insert(name, ROWS[10:], partition_name="p2")


def test_a_copy_with_one_row_in_the_other_partition_is_reported(
        milvus: MilvusClient, unique: Callable[[str], str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    source, copy = unique("oracle_src"), unique("oracle_copy")
    _create(milvus, source)
    _create(milvus, copy)
    assert compare_collections(milvus, source, copy).equal

    milvus.delete(copy, ids=[3], partition_name="p1")
    milvus.insert(copy, [ROWS[3]], partition_name="p2")

    # Keyed by primary key alone, the two still look the same ...
    assert read_rows(milvus, source) == read_rows(milvus, copy)
    # ... but not partition by partition.
    result = compare_collections(milvus, source, copy)
    assert not result.equal
    assert result.differences == ["row id=3 is in partition 'p2', expected in partition 'p1'"]
    assert result.rows == 20
    # Partitions too big for one query are read through an iterator, with the same rows.
    by_query = read_snapshot(milvus, copy)
    monkeypatch.setattr(compare, "_ONE_QUERY", 4)
    by_iterator = read_snapshot(milvus, copy)
    assert compare_snapshots(by_query, by_iterator).equal
    assert len(by_iterator.rows) == 20 and ("p2", 3) in by_iterator.rows


def test_a_partition_key_restore_into_the_wrong_partitions_is_reported(
        stub: Stub, milvus: MilvusClient, backup_root: Path,
        unique: Callable[[str], str]) -> None:
    name = unique("oracle_pkey")
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("tenant", DataType.VARCHAR, max_length=16, is_partition_key=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=4)
    milvus.create_collection(name, schema=schema, num_partitions=4)
    milvus.insert(name, [{"id": i, "tenant": f"t{i % 7}", "vec": [float(i), 0.0, 1.0, 2.0]}
                         for i in range(60)])
    milvus.flush(name)
    index = milvus.prepare_index_params()
    index.add_index("vec", index_type="FLAT", metric_type="L2")
    milvus.create_index(name, index)
    backup = unique("oracle_pkey")
    created = stub.CreateBackup(pb.CreateBackupRequest(backup_name=backup,
                                                       collection_names=[name]))
    assert created.code == pb.Success, created.msg
    # A backup that names each partition's data after the next partition: the restore puts
    # every row where its partition key does not route it.
    full_meta = backup_root / backup / "meta" / "full_meta.json"
    meta = json.loads(full_meta.read_text())
    parts = meta["collection_backups"][0]["partition_backups"]
    names = [p["partition_name"] for p in parts]
    assert sorted(names) == ["_default_0", "_default_1", "_default_2", "_default_3"]
    for part, new_name in zip(parts, names[1:] + names[:1], strict=True):
        part["partition_name"] = new_name
    full_meta.write_text(json.dumps(meta))
    target = unique("oracle_pkey_r")
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, collection_renames={name: target}, restoreIndex=True))
    assert restored.code == pb.Success, restored.msg
    milvus.load_collection(name)
    milvus.load_collection(target)

    # What a user would notice: a query on a tenant misses that tenant's rows, although
    # every row is there, equal field by field.
    assert milvus.query(target, filter='tenant == "t1"', output_fields=["id"]) == []
    assert read_rows(milvus, name) == read_rows(milvus, target)
    result = compare_collections(milvus, name, target)
    assert result.rows == 60
    assert result.differences[0] == f"row id=0 is in {NOT_ROUTED}, expected in {ROUTED}"
    assert result.differences[-1] == "... and 40 more rows differ"
    assert len(result.differences) == 21
