"""Logical backups of Milvus Lite (a local .db file): Lite → Lite, and what Lite refuses.

No Milvus server is needed: milvus-lite runs in this process.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from pymilvus import DataType, MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.api.grpc_server import BackupServicer
from milvus_backup_grpc.cli import main
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.restore import UnsupportedBackupError
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import RequestError
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import compare_snapshots, read_snapshot

DIM = 4
PARTS = ("_default", "p1", "p2")


def _service(db_file: Path, root: Path) -> BackupService:
    return BackupService(load_config(None, env={}, overrides={
        "milvus.uri": str(db_file), "minio.storageType": "local",
        "minio.rootPath": str(root.parent / "unused-milvus-root"),
        "minio.backupRootPath": str(root)}))


def _fill(client: MilvusClient, name: str) -> set[int]:
    """A collection with every kind of field Lite holds; returns the deleted keys."""
    schema = client.create_schema(auto_id=False, enable_dynamic_field=True, description="lite")
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=DIM)
    schema.add_field("b", DataType.BOOL)
    schema.add_field("i8", DataType.INT8)
    schema.add_field("i16", DataType.INT16)
    schema.add_field("i32", DataType.INT32)
    schema.add_field("f", DataType.FLOAT)
    schema.add_field("d", DataType.DOUBLE)
    schema.add_field("s", DataType.VARCHAR, max_length=64)
    schema.add_field("j", DataType.JSON)
    schema.add_field("tags", DataType.ARRAY, element_type=DataType.INT64, max_capacity=8)
    schema.add_field("words", DataType.ARRAY, element_type=DataType.VARCHAR, max_capacity=4,
                     max_length=16)
    schema.add_field("maybe", DataType.INT32, nullable=True)
    schema.add_field("label", DataType.VARCHAR, max_length=16, default_value="none")
    client.create_collection(name, schema=schema)
    for part in PARTS[1:]:
        client.create_partition(name, part)
    for p_index, part in enumerate(PARTS):
        rows = []
        for i in range(p_index * 100, p_index * 100 + 100):
            row: dict[str, Any] = {
                "id": i, "vec": [i / 7, -i / 3, 0.5, -0.0], "b": i % 2 == 0, "i8": i % 100 - 50,
                "i16": -i, "i32": i * 1000, "f": i / 9, "d": i / 11, "s": f"row-{i}",
                "j": {"n": i, "nested": {"list": [i, "x"]}} if i % 5 else [1, 2, i],
                "tags": list(range(i % 5)), "words": ["a", f"w{i}"][: i % 3],
                "maybe": None if i % 4 == 0 else i, "color": ["red", "blue"][i % 2],
            }
            if i % 3:
                row["label"] = f"l{i}"
            if i % 7 == 0:
                row["extra"] = {"deep": i}
            rows.append(row)
        client.insert(name, rows, partition_name=part)
    deleted = {3, 104, 250}
    client.delete(name, ids=sorted(deleted))
    index = client.prepare_index_params()
    index.add_index("vec", index_type="HNSW", metric_type="L2", params={"M": 8,
                                                                    "efConstruction": 64})
    client.create_index(name, index)
    client.load_collection(name)
    client.create_alias(name, f"{name}_alias")
    return deleted


@pytest.fixture(scope="module")
def lite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    base = tmp_path_factory.mktemp("lite")
    source_file = base / "source.db"
    client = MilvusClient(str(source_file))
    deleted = _fill(client, "docs")
    root = base / "backups"
    service = _service(source_file, root)
    try:
        yield {"base": base, "client": client, "service": service, "root": root,
               "deleted": deleted}
    finally:
        service.close()
        client.close()


def _top10(client: MilvusClient, name: str) -> list[tuple[Any, float]]:
    hits = client.search(name, data=[[0.3, -0.2, 0.5, 0.1]], limit=10, anns_field="vec",
                         search_params={"metric_type": "L2"})[0]
    return [(h["id"], round(h["distance"], 5)) for h in hits]


def test_create_on_lite_is_logical_and_says_so(lite: dict[str, Any]) -> None:
    servicer = BackupServicer(lite["service"])
    answer = servicer.CreateBackup(pb.CreateBackupRequest(backup_name="auto_logical"), None)
    assert answer.code == pb.Success, answer.msg
    assert "Milvus Lite" in answer.msg and "logical" in answer.msg
    info = lite["service"].get_backup("auto_logical")
    assert info.format == "logical"
    coll = info.collection_backups[0]
    rows = sum(s.num_of_rows for p in coll.partition_backups for s in p.segment_backups)
    assert rows == 300 - len(lite["deleted"])
    assert lite["service"].verify_backup("auto_logical", deep=True).ok


def test_a_physical_backup_of_lite_is_refused_clearly(lite: dict[str, Any]) -> None:
    with pytest.raises(RequestError, match="Milvus Lite .* keeps no binlogs"):
        lite["service"].create_backup(model.CreateBackupInput(name="phys", format="physical"))
    assert "phys" not in [b.name for b in lite["service"].list_backups()]


def test_lite_to_lite_restores_every_row_field_index_and_alias(lite: dict[str, Any]) -> None:
    service: BackupService = lite["service"]
    service.create_backup(model.CreateBackupInput(name="l2l", format="logical"))
    target_file = lite["base"] / "target.db"
    target = _service(target_file, lite["root"])
    target_client = MilvusClient(str(target_file))
    try:
        restored = target.restore_backup(model.RestoreInput(
            backup_name="l2l", restore_index=True, suffix="_back"))
        assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
        target_client.load_collection("docs_back")
        expected = read_snapshot(lite["client"], "docs")
        actual = read_snapshot(target_client, "docs_back")
        result = compare_snapshots(expected, actual)
        assert result.equal, result.differences
        assert result.rows == 300 - len(lite["deleted"])
        assert not {pk for _, pk in actual.rows} & lite["deleted"]
        assert target_client.list_aliases("docs_back")["aliases"] == ["docs_alias_back"]
        assert _top10(target_client, "docs_back") == _top10(lite["client"], "docs")
    finally:
        target.close()
        target_client.close()


def test_the_parquet_files_read_with_pandas_as_the_readme_shows(lite: dict[str, Any]) -> None:
    service: BackupService = lite["service"]
    service.create_backup(model.CreateBackupInput(name="readable", format="logical"))
    backup_dir = lite["root"] / "readable"
    # The README's example, run as written there, on this backup.
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    example = readme.split("with pandas (tested in")[1].split("```python\n")[1].split("```")[0]
    example = example.replace('"/srv/milvus-backups/NAME"', repr(str(backup_dir)))
    namespace: dict[str, Any] = {}
    exec(example, namespace)
    frame, doc = namespace["frame"], namespace["doc"]
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == 300 - len(lite["deleted"])
    assert frame.loc[frame["id"] == 7, "s"].item() == "row-7"
    assert json.loads(frame.loc[frame["id"] == 7, "$meta"].item()) == {
        "color": "blue", "extra": {"deep": 7}}
    assert [f["name"] for f in doc["fields"]][:3] == ["id", "vec", "b"]
    assert doc["aliases"] == ["docs_alias"]
    first = pq.ParquetFile(backup_dir / doc["partitions"][1]["files"][0])
    assert first.schema_arrow.field("vec").type.value_type.bit_width == 32


def test_a_damaged_parquet_file_is_caught_by_verify_and_restore(lite: dict[str, Any]) -> None:
    service: BackupService = lite["service"]
    service.create_backup(model.CreateBackupInput(name="damaged", format="logical"))
    part = next((lite["root"] / "damaged" / "logical").rglob("*.parquet"))
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    report = service.verify_backup("damaged", deep=True)
    assert not report.ok and report.wrong_checksum == [
        str(part.relative_to(lite["root"] / "damaged"))]
    target_file = lite["base"] / "damaged_target.db"
    target = _service(target_file, lite["root"])
    try:
        restored = target.restore_backup(model.RestoreInput(backup_name="damaged",
                                                            suffix="_dmg"))
        assert restored.state_code == model.RESTORE_FAIL
        assert "BLAKE3" in restored.errorMessage
        assert "docs_dmg" not in MilvusClient(str(target_file)).list_collections()
    finally:
        target.close()


def test_a_physical_backup_is_not_restored_into_lite(lite: dict[str, Any]) -> None:
    service: BackupService = lite["service"]
    service.create_backup(model.CreateBackupInput(name="looks_physical"))
    meta = lite["root"] / "looks_physical" / "meta" / "full_meta.json"
    tree = json.loads(meta.read_text())
    tree.pop("format")  # as a physical backup's meta reads
    meta.write_text(json.dumps(tree))
    with pytest.raises(RequestError, match="is physical .binlogs., which Milvus Lite cannot"):
        service.restore_backup(model.RestoreInput(backup_name="looks_physical", suffix="_p"))
    assert "docs_p" not in lite["client"].list_collections()


def test_lite_refuses_a_type_it_lacks_before_creating_anything(
        lite: dict[str, Any], tmp_path: Path) -> None:
    # Lite cannot hold a binary vector: a backup recording one (as a 2.3 source's would) is
    # refused before anything is created.
    source_file = tmp_path / "bin.db"
    client = MilvusClient(str(source_file))
    schema = client.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=DIM)
    client.create_collection("plain", schema=schema)
    client.close()
    service = _service(source_file, lite["root"])
    try:
        service.create_backup(model.CreateBackupInput(name="plain_one"))
        info = service.get_backup("plain_one")
        assert info.format == "logical"
        # Tamper the meta into a binary vector the way a 2.3 source would record one.
        meta = lite["root"] / "plain_one" / "meta" / "full_meta.json"
        tree = json.loads(meta.read_text())
        tree["collection_backups"][0]["schema"]["fields"][1]["data_type"] = 100
        meta.write_text(json.dumps(tree))
        with pytest.raises(UnsupportedBackupError, match="BinaryVector, which Milvus Lite"):
            service.restore_backup(model.RestoreInput(backup_name="plain_one", suffix="_x"))
        assert "plain_x" not in MilvusClient(str(source_file)).list_collections()
    finally:
        service.close()


def test_partition_key_auto_id_and_sparse_vectors_round_trip(
        lite: dict[str, Any], tmp_path: Path) -> None:
    source_file = tmp_path / "keyed.db"
    client = MilvusClient(str(source_file))
    schema = client.create_schema(auto_id=True)
    schema.add_field("pk", DataType.INT64, is_primary=True, auto_id=True)
    schema.add_field("tenant", DataType.VARCHAR, max_length=16, is_partition_key=True)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    client.create_collection("keyed", schema=schema, num_partitions=4)
    client.insert("keyed", [{"tenant": f"t{i % 5}", "sparse": {i: 0.5, i + 100: 1.25}}
                            for i in range(60)])
    index = client.prepare_index_params()
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    client.create_index("keyed", index)
    client.load_collection("keyed")
    service = _service(source_file, lite["root"])
    target_file = tmp_path / "keyed_target.db"
    target = _service(target_file, lite["root"])
    target_client = MilvusClient(str(target_file))
    try:
        service.create_backup(model.CreateBackupInput(name="keyed_one"))
        doc = json.loads((lite["root"] / "keyed_one/logical/default/keyed/collection.json")
                         .read_text())
        assert doc["partitions"][0]["directory"] == "_partition_key"
        restored = target.restore_backup(model.RestoreInput(backup_name="keyed_one",
                                                            restore_index=True))
        assert restored.state_code == model.RESTORE_SUCCESS, restored.errorMessage
        target_client.load_collection("keyed")
        expected, actual = read_snapshot(client, "keyed"), read_snapshot(target_client, "keyed")
        # The key is restored without autoID, so that every row keeps its primary key.
        assert [f for f in actual.fields if f.name == "pk"][0].auto_id is False
        expected.fields = tuple(f for f in expected.fields if f.name != "pk")
        actual.fields = tuple(f for f in actual.fields if f.name != "pk")
        expected.settings.pop("auto_id")
        actual.settings.pop("auto_id")
        result = compare_snapshots(expected, actual)
        assert result.equal, result.differences
        assert result.rows == 60
    finally:
        service.close()
        target.close()
        client.close()
        target_client.close()


def test_the_cli_takes_a_logical_backup_of_lite_and_refuses_a_physical_one(
        lite: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = ["--set", f"milvus.uri={tmp_path / 'cli.db'}",
                "--set", "minio.storageType=local",
                "--set", f"minio.rootPath={tmp_path / 'unused'}",
                "--set", f"minio.backupRootPath={lite['root']}"]
    client = MilvusClient(str(tmp_path / "cli.db"))
    schema = client.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("vec", DataType.FLOAT_VECTOR, dim=DIM)
    client.create_collection("small", schema=schema)
    client.insert("small", [{"id": i, "vec": [i, 0.0, 1.0, 2.0]} for i in range(5)])
    client.close()
    assert main([*settings, "create", "-n", "cli_physical", "--format", "physical"]) == 3
    assert "keeps no binlogs in object storage" in capsys.readouterr().err
    assert main([*settings, "create", "-n", "cli_logical"]) == 0
    out = capsys.readouterr().out
    assert "format: logical" in out and "default.small: 1 partitions, 5 rows" in out
