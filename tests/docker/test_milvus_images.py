"""Backup and restore on Milvus 2.4, 2.5 and 2.6 (milvusdb/milvus images), where Docker runs.

Skipped without a Docker engine (as on the project's own machines and CI, whose 2.2/2.3
coverage runs on the embedded servers instead). ``MILVUS_DOCKER_IMAGES`` (comma-separated)
chooses the images. Each image gets a collection with what its line added (sparse and
float16 vectors, L0 deletes and a partition key on 2.4; nullable and default values and a
BM25 function on 2.5+), backed up, restored under a new name beside the original, and
compared row by row.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from pymilvus import DataType, Function, FunctionType, MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.milvus.versions import MilvusVersion
from milvus_backup_grpc.testing.compare import compare_collections
from tests.fixtures.docker_milvus import DockerMilvus, docker_available

pytestmark = pytest.mark.slow

_REASON = docker_available()
if _REASON:
    pytest.skip(_REASON, allow_module_level=True)

IMAGES = os.environ.get(
    "MILVUS_DOCKER_IMAGES",
    "milvusdb/milvus:v2.4.17,milvusdb/milvus:v2.5.10,milvusdb/milvus:v2.6.0",
).split(",")
ROWS = 1500
DELETED = list(range(0, ROWS, 75))  # 20 keys


@pytest.fixture(scope="module", params=IMAGES)
def docker_milvus(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DockerMilvus]:
    with DockerMilvus(request.param, tmp_path_factory.mktemp("docker_milvus")) as server:
        yield server


@pytest.fixture(scope="module")
def client(docker_milvus: DockerMilvus) -> Iterator[MilvusClient]:
    milvus = MilvusClient(uri=f"http://{docker_milvus.address}")
    yield milvus
    milvus.close()


@pytest.fixture
def service(docker_milvus: DockerMilvus, tmp_path: Path) -> Iterator[BackupService]:
    config = load_config(None, env={}, overrides={
        "milvus.address": docker_milvus.host,
        "milvus.port": str(docker_milvus.port),
        "minio.storageType": "local",
        "minio.rootPath": str(docker_milvus.local_storage_path),
        "minio.backupRootPath": str(tmp_path / "backups"),
        "backup.importPollSeconds": "1",
    })
    running = BackupService(config)
    yield running
    running.close()


def _version(server: DockerMilvus) -> MilvusVersion:
    return MilvusVersion.parse(server.version)


def _round_trip(service: BackupService, client: MilvusClient, name: str,
                compare: Callable[[str, str], None]) -> model.BackupInfo:
    info = service.create_backup(model.CreateBackupInput(name=f"bk_{name}",
                                                         selection={"default": [name]}))
    assert info.state_code == model.BACKUP_SUCCESS
    restored = service.restore_backup(model.RestoreInput(
        backup_name=f"bk_{name}", suffix="_r", restore_index=True))
    assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
    assert service.verify_backup(f"bk_{name}", deep=True).ok
    client.load_collection(name + "_r")
    compare(name, name + "_r")
    return info


def test_sparse_float16_vectors_and_l0_deletes_come_back(
        docker_milvus: DockerMilvus, client: MilvusClient, service: BackupService) -> None:
    rng = random.Random(3)
    name = "v24_shapes"
    schema = client.create_schema(auto_id=False, enable_dynamic_field=True)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=8)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("half", DataType.FLOAT16_VECTOR, dim=8)
    schema.add_field("title", DataType.VARCHAR, max_length=64)
    # Backup-mode imports into a partition-key collection name each partition-key partition.
    schema.add_field("tenant", DataType.VARCHAR, max_length=16, is_partition_key=True)
    client.create_collection(name, schema=schema, consistency_level="Strong", num_partitions=4)
    client.insert(name, [{
        "id": i,
        "vec": [rng.uniform(-1, 1) for _ in range(8)],
        "sparse": {rng.randrange(1000): rng.random() for _ in range(4)},
        "half": np.array([rng.uniform(-1, 1) for _ in range(8)], dtype=np.float16),
        "title": f"t{i}",
        "tenant": f"tenant{i % 9}",
        "extra": i % 7,
    } for i in range(ROWS)])
    client.flush(name)
    client.delete(name, filter=f"id in {DELETED}")  # lands in an L0 segment on 2.4+
    client.flush(name)
    index = client.prepare_index_params()
    index.add_index("vec", index_type="HNSW", metric_type="L2", params={"M": 8})
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    index.add_index("half", index_type="IVF_FLAT", metric_type="L2", params={"nlist": 16})
    index.add_index("title", index_type="INVERTED")
    client.create_index(name, index)
    client.load_collection(name)

    def compare(source: str, target: str) -> None:
        result = compare_collections(client, source, target)
        assert result.equal, result.differences
        assert result.rows == ROWS - len(DELETED)

    info = _round_trip(service, client, name, compare)

    coll = info.collection_backups[0]
    l0 = [*coll.l0_segments, *(s for p in coll.partition_backups for s in p.segment_backups
                               if s.is_l0)]
    assert l0 and all(s.deltalogs for s in l0), "the deletes were not backed up as L0"
    gone = client.query(name + "_r", filter=f"id in {DELETED}", output_fields=["id"])
    assert gone == []
    assert len(client.list_partitions(name + "_r")) == 4


def test_functions_nullable_and_default_values_come_back(
        docker_milvus: DockerMilvus, client: MilvusClient, service: BackupService) -> None:
    if not _version(docker_milvus).at_least(2, 5):
        pytest.skip(f"{docker_milvus.version} has no functions or nullable fields")
    name = "v25_shapes"
    schema = client.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("text", DataType.VARCHAR, max_length=256, enable_analyzer=True)
    schema.add_field("bm25", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("score", DataType.INT32, nullable=True)
    schema.add_field("label", DataType.VARCHAR, max_length=16, default_value="none")
    schema.add_function(Function(name="text_bm25", function_type=FunctionType.BM25,
                                 input_field_names=["text"], output_field_names=["bm25"]))
    client.create_collection(name, schema=schema, consistency_level="Strong")
    words = ["vector", "backup", "restore", "milvus", "binlog", "segment"]
    client.insert(name, [{
        "id": i,
        "text": " ".join(words[(i + k) % len(words)] for k in range(3)),
        "score": None if i % 4 == 0 else i,
        **({} if i % 5 == 0 else {"label": f"l{i % 3}"}),
    } for i in range(ROWS)])
    client.flush(name)
    index = client.prepare_index_params()
    index.add_index("bm25", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    client.create_index(name, index)
    client.load_collection(name)

    def compare(source: str, target: str) -> None:
        # A function's output cannot be read back; its effect can: the same BM25 search.
        fields = ["id", "text", "score", "label"]
        want = client.query(source, filter="id >= 0", output_fields=fields, limit=ROWS)
        got = client.query(target, filter="id >= 0", output_fields=fields, limit=ROWS)
        assert sorted(got, key=lambda r: r["id"]) == sorted(want, key=lambda r: r["id"])
        assert sum(r["score"] is None for r in got) == ROWS // 4
        hits = [client.search(c, data=["backup milvus"], anns_field="bm25", limit=10,
                              search_params={"metric_type": "BM25"}) for c in (source, target)]
        assert [h["id"] for h in hits[0][0]] == [h["id"] for h in hits[1][0]]

    info = _round_trip(service, client, name, compare)
    fields = {f.name: f for f in info.collection_backups[0].schema.fields}
    assert fields["score"].nullable and fields["label"].default_value_base64
    assert fields["bm25"].is_function_output
    assert [fn.name for fn in info.collection_backups[0].schema.functions] == ["text_bm25"]
