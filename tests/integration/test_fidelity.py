"""What comes back is what went in: data types, keys, partitions, properties, indexes."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import compare_collections

Stub = Any


def _round_trip(stub: Stub, milvus: MilvusClient, name: str, unique: Callable[[str], str],
                **restore: Any) -> str:
    backup = unique("fid")
    created = stub.CreateBackup(pb.CreateBackupRequest(backup_name=backup,
                                                       collection_names=[name]))
    assert created.code == pb.Success, created.msg
    target = unique(name[:40] + "_r")
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, collection_renames={name: target}, restoreIndex=True, **restore))
    assert restored.code == pb.Success, restored.msg
    milvus.load_collection(name)
    milvus.load_collection(target)
    result = compare_collections(milvus, name, target)
    assert result.equal, result.differences
    return target


def test_every_scalar_array_and_json_type_with_varchar_key(
        stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]) -> None:
    rng = random.Random(3)
    name = unique("alltypes")
    schema = milvus.create_schema(auto_id=False, enable_dynamic_field=True)
    schema.add_field("pk", DataType.VARCHAR, is_primary=True, max_length=64)
    schema.add_field("b", DataType.BOOL)
    schema.add_field("i8", DataType.INT8)
    schema.add_field("i16", DataType.INT16)
    schema.add_field("i32", DataType.INT32)
    schema.add_field("i64", DataType.INT64)
    schema.add_field("f", DataType.FLOAT)
    schema.add_field("d", DataType.DOUBLE)
    schema.add_field("s", DataType.VARCHAR, max_length=256, description="free text")
    schema.add_field("j", DataType.JSON)
    schema.add_field("a_i64", DataType.ARRAY, element_type=DataType.INT64, max_capacity=8)
    schema.add_field("a_str", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=8,
                     max_length=32)
    schema.add_field("a_f", DataType.ARRAY, element_type=DataType.FLOAT, max_capacity=8)
    schema.add_field("a_b", DataType.ARRAY, element_type=DataType.BOOL, max_capacity=8)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=16)
    milvus.create_collection(name, schema=schema, consistency_level="Bounded")
    rows = [{
        "pk": f"key-{i:05d}", "b": i % 2 == 0, "i8": rng.randint(-128, 127),
        "i16": rng.randint(-32768, 32767), "i32": rng.randint(-2**31, 2**31 - 1),
        "i64": rng.randint(-2**63, 2**63 - 1), "f": rng.uniform(-1e6, 1e6),
        "d": rng.uniform(-1e300, 1e300), "s": "ünïcødé ✓ " * (i % 5),
        "j": {"n": i, "nested": {"list": [i, str(i), None, True]}, "f": 0.1},
        "a_i64": [rng.randint(-100, 100) for _ in range(i % 8)],
        "a_str": [f"s{k}" for k in range(i % 4)],
        "a_f": [rng.random() for _ in range(3)], "a_b": [True, False][: i % 3],
        "v": [rng.uniform(-1, 1) for _ in range(16)], "dyn": {"k": i},
    } for i in range(800)]
    milvus.insert(name, rows)
    milvus.delete(name, ids=["key-00003", "key-00500"])
    milvus.upsert(name, [{**rows[10], "s": "upserted", "i64": 42}])
    milvus.flush(name)
    index = milvus.prepare_index_params()
    index.add_index("v", index_type="HNSW", metric_type="COSINE",
                    params={"M": 16, "efConstruction": 100})
    milvus.create_index(name, index)
    target = _round_trip(stub, milvus, name, unique)
    got = milvus.query(target, filter='pk in ["key-00003", "key-00010"]', output_fields=["*"])
    assert [(r["pk"], r["s"], r["i64"]) for r in got] == [("key-00010", "upserted", 42)]
    assert milvus.describe_collection(target)["consistency_level"] == \
        milvus.describe_collection(name)["consistency_level"]


def test_binary_vectors_with_auto_id_and_many_partitions(
        stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]) -> None:
    rng = random.Random(5)
    name = unique("binary")
    schema = milvus.create_schema(auto_id=True)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("bv", DataType.BINARY_VECTOR, dim=64)
    schema.add_field("tag", DataType.INT32)
    milvus.create_collection(name, schema=schema, consistency_level="Strong")
    partitions = [f"part_{k:02d}" for k in range(20)]
    for partition in partitions:
        milvus.create_partition(name, partition)
        milvus.insert(name, [{"bv": bytes(rng.getrandbits(8) for _ in range(8)),
                              "tag": k} for k in range(30)], partition_name=partition)
    milvus.flush(name)
    index = milvus.prepare_index_params()
    index.add_index("bv", index_type="BIN_IVF_FLAT", metric_type="HAMMING",
                    params={"nlist": 16})
    milvus.create_index(name, index)
    target = _round_trip(stub, milvus, name, unique)
    assert sorted(milvus.list_partitions(target)) == sorted(["_default", *partitions])


def test_partition_key_collection_keeps_its_partition_count(
        stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]) -> None:
    name = unique("pkey")
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("tenant", DataType.VARCHAR, max_length=32, is_partition_key=True)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=4)
    milvus.create_collection(name, schema=schema, num_partitions=8)
    milvus.insert(name, [{"id": i, "tenant": f"t{i % 13}", "v": [float(i), 0.0, 1.0, 2.0]}
                         for i in range(500)])
    milvus.flush(name)
    index = milvus.prepare_index_params()
    index.add_index("v", index_type="IVF_FLAT", metric_type="L2", params={"nlist": 8})
    milvus.create_index(name, index)
    target = _round_trip(stub, milvus, name, unique)
    assert len(milvus.list_partitions(target)) == 8


@pytest.mark.parametrize("level", ["Strong", "Session", "Bounded", "Eventually"])
def test_consistency_level_and_ttl_property_are_kept(
        stub: Stub, milvus: MilvusClient, unique: Callable[[str], str], level: str) -> None:
    name = unique(f"cl_{level.lower()}")
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=4)
    milvus.create_collection(name, schema=schema, consistency_level=level,
                             properties={"collection.ttl.seconds": 86400})
    milvus.insert(name, [{"id": i, "v": [0.1, 0.2, 0.3, float(i)]} for i in range(50)])
    milvus.flush(name)
    backup = unique("cl")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=backup, collection_names=[name])).code == pb.Success
    target = unique("cl_target")
    assert stub.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=backup, collection_renames={name: target})).code == pb.Success
    got = milvus.describe_collection(target)
    assert got["consistency_level"] == milvus.describe_collection(name)["consistency_level"]
    assert got["properties"].get("collection.ttl.seconds") == "86400"


def test_empty_collection_round_trips(stub: Stub, milvus: MilvusClient,
                                      unique: Callable[[str], str]) -> None:
    name = unique("empty")
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=4)
    milvus.create_collection(name, schema=schema)
    index = milvus.prepare_index_params()
    index.add_index("v", index_type="FLAT", metric_type="L2")
    milvus.create_index(name, index)
    target = _round_trip(stub, milvus, name, unique)
    assert milvus.query(target, filter="", output_fields=["count(*)"])[0]["count(*)"] == 0


def test_only_unflushed_data_lands_through_the_flush_with_ivf_sq8_and_scalar_indexes(
        stub: Stub, milvus: MilvusClient, unique: Callable[[str], str]) -> None:
    rng = random.Random(11)
    name = unique("unflushed")
    schema = milvus.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("v", DataType.FLOAT_VECTOR, dim=8)
    schema.add_field("price", DataType.INT64)
    schema.add_field("code", DataType.VARCHAR, max_length=32)
    milvus.create_collection(name, schema=schema, consistency_level="Strong")
    index = milvus.prepare_index_params()
    index.add_index("v", index_type="IVF_SQ8", metric_type="IP", params={"nlist": 16})
    index.add_index("price", index_type="STL_SORT", index_name="price_sort")
    index.add_index("code", index_type="Trie", index_name="code_trie")
    milvus.create_index(name, index)
    # Never flushed by the test: the rows sit in growing segments until the backup flushes.
    milvus.insert(name, [{"id": i, "v": [rng.uniform(-1, 1) for _ in range(8)],
                          "price": rng.randint(0, 10_000), "code": f"c{i % 97}"}
                         for i in range(700)])
    milvus.delete(name, ids=[1, 2, 3])

    target = _round_trip(stub, milvus, name, unique)

    assert milvus.query(target, filter="", output_fields=["count(*)"])[0]["count(*)"] == 697
    kinds = {milvus.describe_index(target, n)["index_type"]
             for n in milvus.list_indexes(target)}
    assert kinds == {"IVF_SQ8", "STL_SORT", "Trie"}
