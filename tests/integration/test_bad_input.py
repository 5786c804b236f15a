"""Bad requests get their documented code and leave nothing behind."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import json_format, struct_pb2
from pymilvus import MilvusClient

from milvus_backup_grpc.api.rest import RunningRestServer
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.testing.sample import create_sample_collection

Stub = Any


@pytest.fixture(scope="module")
def small(milvus: MilvusClient) -> Any:
    return create_sample_collection(milvus, "bad_input_source", rows=300)


def _backups(backup_root: Path) -> set[str]:
    return {p.name for p in backup_root.iterdir()} if backup_root.exists() else set()


@pytest.mark.parametrize("name", ["../escape", "a/b", "has space", "1starts_with_digit",
                                  "x" * 129, "dot.name", "nul\x00byte"])
def test_invalid_backup_names_are_parameter_errors(stub: Stub, small: Any, backup_root: Path,
                                                   name: str) -> None:
    before = _backups(backup_root)
    response = stub.CreateBackup(pb.CreateBackupRequest(backup_name=name,
                                                        collection_names=[small.name]))
    assert response.code == pb.Parameter_Error
    assert "invalid backup name" in response.msg
    assert _backups(backup_root) == before
    assert not (backup_root.parent / "escape").exists()


def test_duplicate_name_is_refused_and_keeps_the_first_backup(
        stub: Stub, small: Any, backup_root: Path, unique: Callable[[str], str]) -> None:
    name = unique("dup")
    first = stub.CreateBackup(pb.CreateBackupRequest(backup_name=name,
                                                     collection_names=[small.name]))
    assert first.code == pb.Success, first.msg
    full_meta = (backup_root / name / "meta" / "full_meta.json").read_bytes()
    second = stub.CreateBackup(pb.CreateBackupRequest(backup_name=name,
                                                      collection_names=[small.name]))
    assert second.code == pb.Parameter_Error
    assert "already exists" in second.msg
    assert (backup_root / name / "meta" / "full_meta.json").read_bytes() == full_meta


def test_unknown_collection_is_refused_before_anything_is_written(
        stub: Stub, backup_root: Path, unique: Callable[[str], str]) -> None:
    name = unique("nocoll")
    response = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=["no_such_collection"]))
    assert response.code == pb.Parameter_Error
    assert "no_such_collection" in response.msg
    assert name not in _backups(backup_root)


@pytest.mark.parametrize("value", [
    struct_pb2.Value(string_value="{not json"),
    struct_pb2.Value(string_value='["db1"]'),
    struct_pb2.Value(string_value='{"default": "coll"}'),
    struct_pb2.Value(number_value=3),
])
def test_malformed_db_collections_is_a_parameter_error(
        stub: Stub, backup_root: Path, unique: Callable[[str], str],
        value: struct_pb2.Value) -> None:
    name = unique("baddbc")
    response = stub.CreateBackup(pb.CreateBackupRequest(backup_name=name, db_collections=value))
    assert response.code == pb.Parameter_Error
    assert "db_collections" in response.msg
    assert name not in _backups(backup_root)


def test_db_collections_as_object_and_as_string_select_the_same(
        stub: Stub, small: Any, unique: Callable[[str], str]) -> None:
    as_object = struct_pb2.Value()
    as_object.struct_value.update({"default": [small.name]})
    as_string = struct_pb2.Value(string_value=f'{{"default": ["{small.name}"]}}')
    for value in (as_object, as_string):
        response = stub.CreateBackup(pb.CreateBackupRequest(
            backup_name=unique("dbc"), db_collections=value, meta_only=True))
        assert response.code == pb.Success, response.msg
        assert [c.collection_name for c in response.data.collection_backups] == [small.name]


def test_unknown_backup_and_task_are_not_found(stub: Stub) -> None:
    got = stub.GetBackup(pb.GetBackupRequest(backup_name="never_created"))
    assert got.code == pb.Request_Object_Not_Found
    deleted = stub.DeleteBackup(pb.DeleteBackupRequest(backup_name="never_created"))
    assert deleted.code == pb.Request_Object_Not_Found
    restored = stub.RestoreBackup(pb.RestoreBackupRequest(backup_name="never_created"))
    assert restored.code == pb.Request_Object_Not_Found
    state = stub.GetRestore(pb.GetRestoreStateRequest(id="no_such_task"))
    assert state.code == pb.Request_Object_Not_Found


def test_restore_onto_existing_collection_changes_nothing(
        stub: Stub, milvus: MilvusClient, small: Any, unique: Callable[[str], str]) -> None:
    name = unique("exist")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[small.name])).code == pb.Success
    milvus.load_collection(small.name)
    count = milvus.query(small.name, filter="", output_fields=["count(*)"])[0]["count(*)"]
    collections = sorted(milvus.list_collections())

    response = stub.RestoreBackup(pb.RestoreBackupRequest(backup_name=name))
    assert response.code == pb.Parameter_Error
    assert "already exists" in response.msg
    assert sorted(milvus.list_collections()) == collections
    assert milvus.query(small.name, filter="", output_fields=["count(*)"])[0]["count(*)"] == count


@pytest.mark.parametrize("fields, message", [
    ({"skipCreateCollection": True, "dropExistCollection": True}, "cannot be combined"),
    ({"collection_suffix": "bad-suffix"}, "collection_suffix"),
    ({"collection_names": ["not_in_backup"]}, "not in backup"),
    ({"collection_renames": {"a.*": "b"}}, "database rename"),
])
def test_contradictory_restore_requests_are_parameter_errors(
        stub: Stub, milvus: MilvusClient, small: Any, unique: Callable[[str], str],
        fields: dict[str, Any], message: str) -> None:
    name = unique("contra")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[small.name], meta_only=True)).code == pb.Success
    collections = sorted(milvus.list_collections())
    response = stub.RestoreBackup(pb.RestoreBackupRequest(backup_name=name, **fields))
    assert response.code == pb.Parameter_Error
    assert message in response.msg
    assert sorted(milvus.list_collections()) == collections


def test_generated_name_when_empty(stub: Stub, small: Any) -> None:
    response = stub.CreateBackup(pb.CreateBackupRequest(collection_names=[small.name],
                                                        meta_only=True))
    assert response.code == pb.Success, response.msg
    assert response.data.name.startswith("backup_")
    got = stub.GetBackup(pb.GetBackupRequest(backup_name=response.data.name))
    assert got.code == pb.Success and got.data.state_code == pb.BACKUP_SUCCESS


def test_list_filters_by_collection_and_get_without_detail(
        stub: Stub, small: Any, unique: Callable[[str], str]) -> None:
    name = unique("listf")
    assert stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[small.name])).code == pb.Success
    holding = stub.ListBackups(pb.ListBackupsRequest(collection_name=small.name))
    assert name in [b.name for b in holding.data]
    other = stub.ListBackups(pb.ListBackupsRequest(collection_name="some_other_collection"))
    assert name not in [b.name for b in other.data]
    brief = stub.GetBackup(pb.GetBackupRequest(backup_name=name, without_detail=True))
    assert brief.code == pb.Success
    assert brief.data.collection_backups[0].collection_name == small.name
    assert not brief.data.collection_backups[0].partition_backups
    full = stub.GetBackup(pb.GetBackupRequest(backup_name=name))
    assert full.data.collection_backups[0].partition_backups


# Restore fields this service does not act on, each with the words its refusal names.
REFUSED_RESTORE = [
    ({"useV2Restore": True}, "useV2Restore"),
    ({"truncateBinlogByTs": True}, "truncateBinlogByTs"),
    ({"skipParams": {"collectionProperties": ["collection.ttl.seconds"]}},
     "skipParams.collectionProperties"),
    ({"restorePlan": {"filter": {"default": {"colls": ["*"]}}}},
     "restorePlan cannot be combined with collection_suffix"),
    ({"bucket_name": "elsewhere"}, "bucket_name is set but path is not"),
]


def test_refused_restore_fields_change_nothing_over_grpc_and_rest(
        stub: Stub, rest_server: RunningRestServer, milvus: MilvusClient, small: Any,
        backup_root: Path, unique: Callable[[str], str]) -> None:
    backup = unique("refusedfields")
    created = stub.CreateBackup(pb.CreateBackupRequest(backup_name=backup,
                                                       collection_names=[small.name]))
    assert created.code == pb.Success, created.msg
    backup_files = sorted(p.relative_to(backup_root) for p in (backup_root / backup).rglob("*"))
    collections = sorted(milvus.list_collections())

    for index, (fields, named) in enumerate(REFUSED_RESTORE):
        # Without the refused field, each of these requests would restore small + "_<suffix>".
        body = {"backup_name": backup, "collection_suffix": f"_refused{index}",
                "id": f"refused_{backup}_{index}", **fields}
        answer = stub.RestoreBackup(json_format.ParseDict(body, pb.RestoreBackupRequest()))
        assert (answer.code, named in answer.msg) == (pb.Parameter_Error, True), answer.msg

        request = urllib.request.Request(
            f"{rest_server.url}/restore", data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            reply = json.loads(response.read())
        assert reply["code"] == 400 and named in reply["msg"], reply

        assert sorted(milvus.list_collections()) == collections
        state = stub.GetRestore(pb.GetRestoreStateRequest(id=body["id"]))
        assert state.code == pb.Request_Object_Not_Found, state.msg
    assert sorted(p.relative_to(backup_root)
                  for p in (backup_root / backup).rglob("*")) == backup_files
