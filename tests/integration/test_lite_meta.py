"""Meta-only backups of Milvus Lite 3.2.2: every field type it offers, restored identical.

Milvus Lite speaks the 3.x protocol, so this is where the 3.0 schema attributes (functions,
analyzers, nullable fields and default values, Geometry, Timestamptz) meet the meta. A meta-only
backup of Lite is a logical backup without rows. No Milvus server is needed.

What Lite cannot show is not here: it refuses binary, float16, bfloat16 and int8 vectors, and
drops clustering keys and struct-array fields at CreateCollection, so the refusal of attributes
the meta does not carry is tested on hand-built messages (tests/unit/test_schema_carried.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import DataType, Function, FunctionType, MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.milvuspb import schema_pb2

COLLECTIONS = ["every_type", "bm25", "by_key"]


def _service(db_file: Path, root: Path) -> BackupService:
    return BackupService(load_config(None, env={}, overrides={
        "milvus.uri": str(db_file), "minio.storageType": "local",
        "minio.rootPath": str(root.parent / "unused-milvus-root"),
        "minio.backupRootPath": str(root)}))


def _fill(client: MilvusClient) -> None:
    """Collections with every field type, flag and function milvus-lite 3.2.2 accepts."""
    schema = client.create_schema(auto_id=False, enable_dynamic_field=True, description="all")
    schema.add_field("id", DataType.INT64, is_primary=True, description="the key")
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=8)
    schema.add_field("b", DataType.BOOL, nullable=True)
    schema.add_field("i8", DataType.INT8, default_value=-3)
    schema.add_field("i16", DataType.INT16)
    schema.add_field("i32", DataType.INT32, nullable=True, default_value=7)
    schema.add_field("i64", DataType.INT64)
    schema.add_field("f", DataType.FLOAT, default_value=0.5)
    schema.add_field("d", DataType.DOUBLE, nullable=True)
    schema.add_field("s", DataType.VARCHAR, max_length=64, default_value="none")
    schema.add_field("j", DataType.JSON, nullable=True)
    schema.add_field("tags", DataType.ARRAY, element_type=DataType.INT64, max_capacity=8)
    schema.add_field("words", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=4,
                     max_length=16, nullable=True)
    schema.add_field("where", DataType.GEOMETRY, nullable=True)
    schema.add_field("at", DataType.TIMESTAMPTZ)
    client.create_collection("every_type", schema=schema, consistency_level="Bounded",
                             properties={"collection.ttl.seconds": "3600"})
    client.create_partition("every_type", "p1")
    index = client.prepare_index_params()
    index.add_index("vec", index_type="HNSW", metric_type="COSINE",
                    params={"M": 8, "efConstruction": 64})
    index.add_index("s", index_type="INVERTED")
    client.create_index("every_type", index)
    client.create_alias("every_type", "every_alias")

    schema = client.create_schema(auto_id=True, enable_dynamic_field=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("text", DataType.VARCHAR, max_length=256, enable_analyzer=True,
                     enable_match=True,
                     analyzer_params={"tokenizer": "standard", "filter": ["lowercase"]})
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(Function(name="text_bm25", function_type=FunctionType.BM25,
                                 input_field_names=["text"], output_field_names=["sparse"]))
    client.create_collection("bm25", schema=schema)
    index = client.prepare_index_params()
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    client.create_index("bm25", index)

    schema = client.create_schema(auto_id=False)
    schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=32)
    schema.add_field("tenant", DataType.VARCHAR, max_length=32, is_partition_key=True)
    schema.add_field("vec", DataType.SPARSE_FLOAT_VECTOR)
    client.create_collection("by_key", schema=schema)


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    base = tmp_path_factory.mktemp("lite_meta")
    source_file = base / "source.db"
    client = MilvusClient(str(source_file))
    _fill(client)
    root = base / "backups"
    service = _service(source_file, root)
    try:
        yield {"base": base, "client": client, "service": service, "root": root}
    finally:
        service.close()
        client.close()


def _described(service: BackupService, name: str) -> dict[str, Any]:
    """What a restore must bring back of a collection, as Milvus describes it."""
    milvus = service.milvus
    answer = milvus.describe_collection("default", name)
    schema = schema_pb2.CollectionSchema()
    schema.CopyFrom(answer.schema)
    schema.ClearField("name")
    for field in schema.fields:  # IDs are Milvus's to give
        field.ClearField("fieldID")
    for function in schema.functions:
        function.ClearField("id")
        function.ClearField("input_field_ids")
        function.ClearField("output_field_ids")
    return {
        "schema": schema,
        "shards": answer.shards_num,
        "consistency": answer.consistency_level,
        "properties": sorted((p.key, p.value) for p in answer.properties),
        "partitions": sorted(p for _, p in milvus.partitions("default", name)),
        "indexes": sorted(
            (i.index_name, i.field_name, sorted((p.key, p.value) for p in i.params))
            for i in milvus.indexes("default", name)
        ),
    }


def test_meta_of_every_lite_field_type_restores_into_lite_identical(
    lite: dict[str, Any],
) -> None:
    service: BackupService = lite["service"]
    info = service.create_backup(model.CreateBackupInput(
        name="lite_meta", meta_only=True, selection={"default": COLLECTIONS}))
    assert info.state_code == model.BACKUP_SUCCESS, info.errorMessage
    assert info.format == "logical"
    assert {c.collection_name for c in info.collection_backups} == set(COLLECTIONS)
    assert not any(p.segment_backups for c in info.collection_backups
                   for p in c.partition_backups)

    target_file = lite["base"] / "target.db"
    target = _service(target_file, lite["root"])
    try:
        restored = target.restore_backup(model.RestoreInput(
            backup_name="lite_meta", meta_only=True, restore_index=True))
        assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
        source = {name: _described(service, name) for name in COLLECTIONS}
        every = source["every_type"]["schema"]
        assert {f.name: f.data_type for f in every.fields}["where"] == schema_pb2.Geometry
        assert {f.name for f in every.fields if f.HasField("default_value")} == {
            "i8", "i32", "f", "s"}
        assert source["bm25"]["schema"].functions[0].type == schema_pb2.FunctionType.BM25
        for name in COLLECTIONS:
            assert _described(target, name) == source[name], name
        assert target.milvus.aliases("default", "every_type") == ["every_alias"]
    finally:
        target.close()

