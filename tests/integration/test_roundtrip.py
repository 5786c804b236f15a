"""Back up and restore real collections through the gRPC API, and check what came back."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.compare import (
    compare_collections,
    compare_snapshots,
    read_snapshot,
)
from milvus_backup_grpc.testing.sample import create_sample_collection, query_vector

Stub = Any


def create_backup(stub: Stub, **fields: Any) -> pb.BackupInfoResponse:
    return stub.CreateBackup(pb.CreateBackupRequest(**fields))


def restore(stub: Stub, **fields: Any) -> pb.RestoreBackupResponse:
    return stub.RestoreBackup(pb.RestoreBackupRequest(**fields))


def search_ids(milvus: MilvusClient, name: str) -> list[list[int]]:
    hits = milvus.search(name, data=[query_vector()], limit=10, anns_field="vec",
                         search_params={"metric_type": "L2", "params": {"nprobe": 32}})
    return [[h["id"] for h in hit] for hit in hits]


@pytest.fixture
def sample(milvus: MilvusClient, unique: Callable[[str], str]) -> Any:
    return create_sample_collection(milvus, unique("sample"), rows=1500)


def test_round_trip_restores_every_row_partition_index_and_search(
        stub: Stub, milvus: MilvusClient, sample: Any, unique: Callable[[str], str]) -> None:
    name = sample.name
    milvus.load_collection(name)
    before = read_snapshot(milvus, name)
    before_search = search_ids(milvus, name)
    backup = unique("rt")

    created = create_backup(stub, backup_name=backup, collection_names=[name])
    assert created.code == pb.Success, created.msg
    assert created.data.name == backup
    assert created.data.state_code == pb.BACKUP_SUCCESS
    coll = created.data.collection_backups[0]
    assert coll.collection_name == name
    assert {p.partition_name for p in coll.partition_backups} == {"_default", "p_2024", "p_2025"}
    assert coll.has_index and coll.index_infos[0].index_type == "IVF_FLAT"
    assert created.data.size > 0

    listed = stub.ListBackups(pb.ListBackupsRequest())
    assert backup in [b.name for b in listed.data]

    milvus.drop_collection(name)
    restored = restore(stub, backup_name=backup, restoreIndex=True)
    assert restored.code == pb.Success, restored.msg
    assert restored.data.state_code == pb.SUCCESS
    assert restored.data.progress == 100
    task = restored.data.collection_restore_tasks[0]
    assert (task.target_db_name, task.target_collection_name) == ("default", name)

    assert sorted(milvus.list_partitions(name)) == ["_default", "p_2024", "p_2025"]
    index = milvus.describe_index(name, "vec")
    assert (index["index_type"], index["metric_type"], index["nlist"]) == ("IVF_FLAT", "L2", "32")
    milvus.load_collection(name)
    after = read_snapshot(milvus, name)
    assert len(after.rows) == sample.rows - len(sample.deleted)
    assert not set(sample.deleted) & {pk for _, pk in after.rows}, "deleted rows came back"
    # Every row in its partition, every field (vectors bit for bit), schema and index.
    comparison = compare_snapshots(before, after)
    assert comparison.equal, comparison.differences
    assert search_ids(milvus, name) == before_search

    deleted = stub.DeleteBackup(pb.DeleteBackupRequest(backup_name=backup))
    assert deleted.code == pb.Success
    gone = stub.GetBackup(pb.GetBackupRequest(backup_name=backup))
    assert gone.code == pb.Request_Object_Not_Found


def test_restore_with_suffix_and_rename_while_original_exists(
        stub: Stub, milvus: MilvusClient, sample: Any, unique: Callable[[str], str]) -> None:
    backup = unique("suffix")
    assert create_backup(stub, backup_name=backup, collection_names=[sample.name]).code == 0

    with_suffix = restore(stub, backup_name=backup, collection_suffix="_copy", restoreIndex=True)
    assert with_suffix.code == pb.Success, with_suffix.msg
    renamed_to = unique("renamed")
    renamed = restore(stub, backup_name=backup, restoreIndex=True,
                      collection_renames={sample.name: renamed_to})
    assert renamed.code == pb.Success, renamed.msg

    for target in (sample.name + "_copy", renamed_to):
        milvus.load_collection(sample.name)
        milvus.load_collection(target)
        result = compare_collections(milvus, sample.name, target)
        assert result.equal, result.differences
        assert result.rows == sample.rows - len(sample.deleted)


def test_meta_only_restore_creates_empty_collection_with_schema(
        stub: Stub, milvus: MilvusClient, sample: Any, unique: Callable[[str], str]) -> None:
    backup = unique("meta")
    assert create_backup(stub, backup_name=backup, collection_names=[sample.name]).code == 0
    target = unique("metaonly")
    response = restore(stub, backup_name=backup, metaOnly=True, restoreIndex=True,
                       collection_renames={sample.name: target})
    assert response.code == pb.Success, response.msg
    milvus.load_collection(target)
    assert milvus.query(target, filter="", output_fields=["count(*)"])[0]["count(*)"] == 0
    assert sorted(milvus.list_partitions(target)) == ["_default", "p_2024", "p_2025"]
    fields = {f["name"] for f in milvus.describe_collection(target)["fields"]}
    assert fields == {"id", "vec", "title", "score", "rank", "flag", "meta"}


def test_meta_only_backup_holds_no_binlogs(
        stub: Stub, sample: Any, backup_root: Any, unique: Callable[[str], str]) -> None:
    backup = unique("metab")
    response = create_backup(stub, backup_name=backup, collection_names=[sample.name],
                             meta_only=True)
    assert response.code == pb.Success, response.msg
    assert not (backup_root / backup / "binlogs").exists()
    assert (backup_root / backup / "meta" / "full_meta.json").is_file()


def test_drop_exist_collection_replaces_the_target(
        stub: Stub, milvus: MilvusClient, sample: Any, unique: Callable[[str], str]) -> None:
    backup = unique("drop")
    assert create_backup(stub, backup_name=backup, collection_names=[sample.name]).code == 0
    target = unique("target")
    assert restore(stub, backup_name=backup,
                   collection_renames={sample.name: target}).code == pb.Success
    milvus.insert(target, [{"id": 10_000_000, "vec": [0.0] * 8, "title": "stray", "score": 0.0,
                            "rank": 0, "flag": False, "meta": {}}])

    refused = restore(stub, backup_name=backup, collection_renames={sample.name: target})
    assert refused.code == pb.Parameter_Error
    assert "already exists" in refused.msg

    replaced = restore(stub, backup_name=backup, collection_renames={sample.name: target},
                       dropExistCollection=True, restoreIndex=True)
    assert replaced.code == pb.Success, replaced.msg
    milvus.load_collection(sample.name)
    milvus.load_collection(target)
    result = compare_collections(milvus, sample.name, target)
    assert result.equal, result.differences
    assert target in milvus.list_collections()
    assert not [c for c in milvus.list_collections() if c.startswith(target + "_restoring")]


def test_drop_exist_index_with_skip_create_collection(
        stub: Stub, milvus: MilvusClient, sample: Any, unique: Callable[[str], str]) -> None:
    backup = unique("dropidx")
    assert create_backup(stub, backup_name=backup, collection_names=[sample.name],
                         meta_only=True).code == 0
    target = unique("skip")
    assert restore(stub, backup_name=backup, metaOnly=True, restoreIndex=True,
                   collection_renames={sample.name: target}).code == pb.Success
    assert milvus.list_indexes(target) == ["vec"]
    response = restore(stub, backup_name=backup, metaOnly=True, skipCreateCollection=True,
                       dropExistIndex=True, collection_renames={sample.name: target})
    assert response.code == pb.Success, response.msg
    assert milvus.list_indexes(target) == []


def test_async_create_and_restore_are_polled_to_completion(
        stub: Stub, milvus: MilvusClient, sample: Any, unique: Callable[[str], str]) -> None:
    backup = unique("async")
    started = create_backup(stub, backup_name=backup, collection_names=[sample.name],
                            **{"async": True})
    assert started.code == pb.Success, started.msg
    assert started.data.id
    assert started.data.state_code in (pb.BACKUP_INITIAL, pb.BACKUP_EXECUTING, pb.BACKUP_SUCCESS)
    deadline = time.monotonic() + 120
    while True:
        got = stub.GetBackup(pb.GetBackupRequest(backup_name=backup))
        assert got.code == pb.Success, got.msg
        if got.data.state_code == pb.BACKUP_SUCCESS:
            break
        assert got.data.state_code != pb.BACKUP_FAIL, got.data.errorMessage
        assert time.monotonic() < deadline
        time.sleep(0.5)
    by_id = stub.GetBackup(pb.GetBackupRequest(backup_id=started.data.id))
    assert by_id.code == pb.Success and by_id.data.name == backup

    target = unique("asyncr")
    begun = restore(stub, backup_name=backup, collection_renames={sample.name: target},
                    restoreIndex=True, **{"async": True})
    assert begun.code == pb.Success, begun.msg
    task_id = begun.data.id
    while True:
        state = stub.GetRestore(pb.GetRestoreStateRequest(id=task_id))
        assert state.code == pb.Success, state.msg
        if state.data.state_code == pb.SUCCESS:
            break
        assert state.data.state_code != pb.FAIL, state.data.errorMessage
        assert 0 <= state.data.progress < 100
        assert time.monotonic() < deadline
        time.sleep(0.5)
    assert state.data.progress == 100
    assert state.data.collection_restore_tasks[0].target_collection_name == target
    milvus.load_collection(sample.name)
    milvus.load_collection(target)
    result = compare_collections(milvus, sample.name, target)
    assert result.equal, result.differences


def test_gc_pause_on_a_server_without_the_endpoint_warns_and_backs_up(
        stub: Stub, milvus_server: Any, sample: Any, unique: Callable[[str], str],
        caplog: pytest.LogCaptureFixture) -> None:
    backup = unique("gcpause")
    with caplog.at_level("WARNING", logger="milvus_backup_grpc.milvus.management"):
        response = create_backup(stub, backup_name=backup, collection_names=[sample.name],
                                 gc_pause_enable=True,
                                 gc_pause_address=f"127.0.0.1:{milvus_server.metrics_port}")
    assert response.code == pb.Success, response.msg
    assert response.data.collection_backups[0].size > 0
    assert any("could not pause Milvus garbage collection" in r.getMessage()
               for r in caplog.records)


def test_gc_pause_seconds_of_the_request_is_the_pause_asked_of_milvus(
        stub: Stub, sample: Any, unique: Callable[[str], str]) -> None:
    # Milvus 2.3 has no pause endpoint (2.4+ does); this listener records the calls a 2.4+
    # management port would get, so the request's pause length can be seen.
    calls: list[str] = []

    class Management(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (stdlib name)
            calls.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Management)
    thread = threading.Thread(target=listener.serve_forever, daemon=True)
    thread.start()
    try:
        response = create_backup(stub, backup_name=unique("gcseconds"),
                                 collection_names=[sample.name], gc_pause_enable=True,
                                 gc_pause_seconds=90,
                                 gc_pause_address=f"127.0.0.1:{listener.server_port}")
    finally:
        listener.shutdown()
        listener.server_close()
    assert response.code == pb.Success, response.msg
    assert calls == ["/management/datacoord/garbage_collection/pause?pause_seconds=90",
                     "/management/datacoord/garbage_collection/resume"]


def test_skip_create_collection_imports_into_an_existing_collection(
        stub: Stub, milvus: MilvusClient, sample: Any, unique: Callable[[str], str]) -> None:
    backup = unique("skipdata")
    assert create_backup(stub, backup_name=backup, collection_names=[sample.name]).code == 0
    target = unique("prepared")
    renames = {sample.name: target}
    assert restore(stub, backup_name=backup, metaOnly=True, restoreIndex=True,
                   collection_renames=renames).code == pb.Success
    milvus.drop_partition(target, "p_2025")  # the import must bring it back
    filled = restore(stub, backup_name=backup, skipCreateCollection=True,
                     collection_renames=renames)
    assert filled.code == pb.Success, filled.msg
    milvus.load_collection(sample.name)
    milvus.load_collection(target)
    result = compare_collections(milvus, sample.name, target)
    assert result.equal, result.differences
