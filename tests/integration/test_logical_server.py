"""Logical backups between Milvus 2.3.5 (the session's server) and Milvus Lite, both ways.

Each collection carries every type both engines hold (2.3.5 has no nullable or default values,
Lite no binary vector), a dynamic field, partitions, deleted rows and an index. The oracle
compares every row and field keyed by partition and primary key.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine import logical_backup
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import Snapshot, compare_snapshots, read_snapshot

pytestmark = pytest.mark.slow

DIM = 8
PARTS = ("_default", "p_a", "p_b")
QUERY = [0.1, -0.4, 0.3, 0.9, -0.2, 0.05, 0.7, -0.6]
# Collection settings that belong to the engine, not to the data: Milvus Lite has one shard,
# its own consistency default, and no collection properties.
ENGINE_SETTINGS = ("num_shards", "consistency_level", "properties")
# What Milvus Lite 3.2 does not keep of what it is given (measured: it is so when pymilvus
# creates the collection too): descriptions, an Array of VarChar's max_length, index build
# parameters.
LITE_INDEX_KEYS = ("index_type", "metric_type", "field_name", "index_name")


def fill_shared_types(client: MilvusClient, name: str, rows_per_partition: int = 80) -> set[int]:
    """Every field type both Milvus 2.3.5 and Milvus Lite hold; returns the deleted keys."""
    schema = client.create_schema(auto_id=False, enable_dynamic_field=True, description="x")
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=DIM)
    schema.add_field("b", DataType.BOOL)
    schema.add_field("i8", DataType.INT8)
    schema.add_field("i16", DataType.INT16)
    schema.add_field("i32", DataType.INT32)
    schema.add_field("f", DataType.FLOAT)
    schema.add_field("d", DataType.DOUBLE)
    schema.add_field("s", DataType.VARCHAR, max_length=64, description="text")
    schema.add_field("j", DataType.JSON)
    schema.add_field("nums", DataType.ARRAY, element_type=DataType.INT64, max_capacity=6)
    schema.add_field("words", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=3,
                     max_length=12)
    client.create_collection(name, schema=schema, consistency_level="Strong")
    for part in PARTS[1:]:
        client.create_partition(name, part)
    rng = random.Random(11)  # distinct vectors: no ties in the top 10
    for p_index, part in enumerate(PARTS):
        start = p_index * rows_per_partition
        rows = []
        for i in range(start, start + rows_per_partition):
            row: dict[str, Any] = {
                "id": i, "vec": [rng.uniform(-1, 1) for _ in range(DIM)],
                "b": i % 3 == 0, "i8": (i % 250) - 125, "i16": -i * 3, "i32": i * 1001,
                "f": i / 7, "d": -i / 13, "s": f"s-{i}-ü",
                "j": {"i": i, "l": [i, None, "t"], "o": {"k": i % 4}} if i % 4 else {"x": i * 1.5},
                "nums": list(range(i % 6)), "words": [f"w{i}", "x"][: i % 3],
                "tint": ["red", "green"][i % 2],
            }
            if i % 5 == 0:
                row["more"] = {"n": i}
            rows.append(row)
        client.insert(name, rows, partition_name=part)
    deleted = {5, rows_per_partition + 1, 2 * rows_per_partition + 7}
    client.delete(name, ids=sorted(deleted))
    client.flush(name)
    index = client.prepare_index_params()
    # Searched with nprobe >= nlist (128 where Lite gave none): exhaustive, so every engine
    # finds the same top 10.
    index.add_index("vec", index_type="IVF_FLAT", metric_type="L2", params={"nlist": 4})
    client.create_index(name, index)
    client.load_collection(name)
    return deleted


def top10(client: MilvusClient, name: str) -> list[Any]:
    """The keys of a top-10 search, in order."""
    hits = client.search(name, data=[QUERY], limit=10, anns_field="vec",
                         search_params={"metric_type": "L2", "params": {"nprobe": 128}})[0]
    return [hit["id"] for hit in hits]


def as_lite_keeps_it(snapshot: Snapshot) -> Snapshot:
    """The snapshot without engine settings and without what Milvus Lite does not keep."""
    for key in (*ENGINE_SETTINGS, "description"):
        snapshot.settings.pop(key, None)
    snapshot.fields = tuple(
        replace(f, description="", params=tuple(
            (k, v) for k, v in f.params if not (f.element_type and k == "max_length")))
        for f in snapshot.fields)
    snapshot.indexes = {name: {k: v for k, v in index.items() if k in LITE_INDEX_KEYS}
                        for name, index in snapshot.indexes.items()}
    return snapshot


def assert_same(expected_client: MilvusClient, expected: str, actual_client: MilvusClient,
                actual: str, deleted: set[int], rows: int) -> None:
    want = as_lite_keeps_it(read_snapshot(expected_client, expected))
    got = as_lite_keeps_it(read_snapshot(actual_client, actual))
    result = compare_snapshots(want, got)
    assert result.equal, result.differences
    assert result.rows == rows - len(deleted)
    assert not {pk for _, pk in got.rows} & deleted
    assert list(got.indexes) == ["vec"]
    assert top10(actual_client, actual) == top10(expected_client, expected)


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory, backup_root: Path,
         milvus_server: Any) -> Iterator[tuple[BackupService, MilvusClient]]:
    db_file = tmp_path_factory.mktemp("lite_server") / "lite.db"
    service = BackupService(load_config(None, env={}, overrides={
        "milvus.uri": str(db_file), "minio.storageType": "local",
        "minio.rootPath": str(milvus_server.local_storage_path),
        "minio.backupRootPath": str(backup_root)}))
    client = MilvusClient(str(db_file))
    try:
        yield service, client
    finally:
        service.close()
        client.close()


def test_from_milvus_2_3_into_lite(stub: Any, milvus: MilvusClient, unique: Callable[[str], str],
                                   lite: tuple[BackupService, MilvusClient]) -> None:
    name = unique("to_lite")
    deleted = fill_shared_types(milvus, name)
    backup = unique("b_to_lite")
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[name], format="logical"))
    assert created.code == pb.Success, created.msg
    assert created.data.format == "logical"
    service, client = lite
    restored = service.restore_backup(model.RestoreInput(backup_name=backup, restore_index=True))
    assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
    client.load_collection(name)
    assert_same(milvus, name, client, name, deleted, rows=3 * 80)


def test_from_lite_into_milvus_2_3(stub: Any, milvus: MilvusClient, unique: Callable[[str], str],
                                   lite: tuple[BackupService, MilvusClient]) -> None:
    service, client = lite
    name = unique("from_lite")
    deleted = fill_shared_types(client, name)
    backup = unique("b_from_lite")
    info = service.create_backup(model.CreateBackupInput(name=backup,
                                                         selection={"default": [name]}))
    assert info.format == "logical"
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, restoreIndex=True, collection_suffix="_srv"))
    assert restored.code == pb.Success, restored.msg
    milvus.load_collection(f"{name}_srv")
    assert_same(client, name, milvus, f"{name}_srv", deleted, rows=3 * 80)


def _fill_interleaved(client: MilvusClient, name: str, varchar_key: bool) -> list[Any]:
    """Keys spread over two flushed segments and a growing one, interleaved, one deleted."""
    schema = client.create_schema(auto_id=False)
    if varchar_key:
        schema.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=16)
    else:
        schema.add_field("pk", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=DIM)
    schema.add_field("n", DataType.INT64)
    client.create_collection(name, schema=schema, consistency_level="Strong")
    keys: list[Any] = [f"k{i:03d}" if varchar_key else i * 7 - 300 for i in range(120)]
    for segment in range(3):
        client.insert(name, [{"pk": key, "vec": [i / 10] * DIM, "n": i}
                             for i, key in enumerate(keys) if i % 3 == segment])
        if segment < 2:
            client.flush(name)
    client.delete(name, ids=[keys[40]])
    index = client.prepare_index_params()
    index.add_index("vec", index_type="FLAT", metric_type="L2")
    client.create_index(name, index)
    client.load_collection(name)
    return keys


def test_small_pages_cut_by_key_across_segments_miss_no_row(
        stub: Any, milvus: MilvusClient, unique: Callable[[str], str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # 11 rows a page: many pages, each spanning two flushed segments and a growing one, so
    # a page out of key order (or a cursor past an unread key) would lose rows.
    monkeypatch.setattr(logical_backup, "_page_rows", lambda schema: 11)
    names = {unique("paged_int"): False, unique("paged_str"): True}
    for name, varchar_key in names.items():
        _fill_interleaved(milvus, name, varchar_key)
    backup = unique("b_paged")
    created = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=list(names), format="logical"))
    assert created.code == pb.Success, created.msg
    for coll in created.data.collection_backups:
        assert coll.backup_timestamp > 0  # one read timestamp for the whole collection
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, restoreIndex=True, collection_suffix="_back"))
    assert restored.code == pb.Success, restored.msg
    for name in names:
        milvus.load_collection(f"{name}_back")
        result = compare_snapshots(read_snapshot(milvus, name),
                                   read_snapshot(milvus, f"{name}_back"))
        assert result.equal, result.differences
        assert result.rows == 119
