"""Every field of every request is read or refused; none is dropped silently.

The conversion in ``api/convert.py`` is shared by the gRPC and REST doors, so each refusal is
checked on the conversion itself and through both doors, with an engine that fails the test
if a refused request ever reaches it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

import pytest
from google.protobuf import json_format

from milvus_backup_grpc import model
from milvus_backup_grpc.api import convert
from milvus_backup_grpc.api.grpc_server import BackupServicer
from milvus_backup_grpc.api.rest import Request, RestApi
from milvus_backup_grpc.errors import RequestError
from milvus_backup_grpc.pb import backup_pb2 as pb

# Request fields this service does not act on: a request that sets one is refused.
# (field as a JSON body names it, the value, words the refusal must contain)
REFUSED_RESTORE_FIELDS = [
    ({"skipParams": {"collectionProperties": ["mmap.enabled"]}}, "skipParams.collectionProperties",
     "AlterCollection"),
    ({"skipParams": {"fieldIndexParams": ["mmap.enabled"]}}, "skipParams.fieldIndexParams",
     "not supported"),
    ({"skipParams": {"fieldTypeParams": ["max_length"]}}, "skipParams.fieldTypeParams",
     "not supported"),
    ({"skipParams": {"indexParams": ["nlist"]}}, "skipParams.indexParams", "not supported"),
    ({"truncateBinlogByTs": True}, "truncateBinlogByTs", "Leave truncateBinlogByTs false"),
    ({"restorePlan": {"mapping": [{"source": "db1", "target": "db2", "withProp": True,
                                   "colls": [{"source": "a", "target": "b"}]}]}},
     "restorePlan.mapping[0].withProp", "database properties are not restored"),
    ({"restorePlan": {"mapping": [{"source": "db1", "target": "db2"}]}},
     "restorePlan.mapping[0] (db1 -> db2) lists no collections", "db1.*"),
    ({"restorePlan": {"mapping": [{"source": "", "target": "db2",
                                   "colls": [{"source": "a", "target": "b"}]}]}},
     "restorePlan.mapping[0] needs both", "database name"),
    ({"restorePlan": {"mapping": [{"source": "db1", "target": "db2",
                                   "colls": [{"source": "a", "target": "b"},
                                             {"source": "a", "target": "c"}]}]}},
     "restorePlan maps db1.a to both db2.b and db2.c", "once per request"),
    ({"restorePlan": {"filter": {"db1": {"colls": []}}}}, "restorePlan.filter['db1']",
     '["*"]'),
    ({"restorePlan": {"filter": {"db1": {"colls": ["*"]}}}, "collection_suffix": "_x"},
     "restorePlan cannot be combined with collection_suffix", "one or the other"),
    ({"restorePlan": {"filter": {"db1": {"colls": ["*"]}}},
      "collection_renames": {"a": "b"}},
     "restorePlan cannot be combined with collection_renames", "one or the other"),
    ({"restorePlan": {"filter": {"db1": {"colls": ["*"]}}},
      "db_collections_after_rename": {"db1": []}},
     "restorePlan cannot be combined with db_collections_after_rename", "one or the other"),
    ({"bucket_name": "other"}, "bucket_name is set but path is not", "Give both"),
    ({"path": "/elsewhere"}, "path is set but bucket_name is not", "Give both"),
]


def _restore_request(fields: dict[str, Any]) -> pb.RestoreBackupRequest:
    return json_format.ParseDict({"backup_name": "nightly", **fields}, pb.RestoreBackupRequest())


class _NoEngine:
    """An engine that fails the test if a refused request reaches it."""

    def __getattr__(self, name: str) -> Any:
        def called(*args: Any, **kwargs: Any) -> Any:
            raise AssertionError(f"the engine was called ({name}) for a refused request")

        return called


def _doors() -> tuple[BackupServicer, RestApi]:
    servicer = BackupServicer(_NoEngine())  # type: ignore[arg-type]
    return servicer, RestApi(servicer)


@pytest.mark.parametrize(("fields", "names", "why"), REFUSED_RESTORE_FIELDS)
def test_refused_restore_field_names_itself_and_says_what_to_do(
        fields: dict[str, Any], names: str, why: str) -> None:
    with pytest.raises(RequestError) as raised:
        convert.restore_input(_restore_request(fields))
    assert names in str(raised.value)
    assert why in str(raised.value)


@pytest.mark.parametrize(("fields", "names", "why"), REFUSED_RESTORE_FIELDS)
def test_refused_restore_field_is_parameter_error_on_grpc_and_rest(
        fields: dict[str, Any], names: str, why: str) -> None:
    servicer, rest = _doors()
    response = servicer.RestoreBackup(_restore_request(fields), None)
    assert response.code == pb.Parameter_Error == 400
    assert names in response.msg

    body = json.dumps({"backup_name": "nightly", **fields}).encode()
    reply = rest.handle(Request("POST", "/api/v1/restore", body=body))
    assert reply.status == 200
    answer = json.loads(reply.body)
    assert answer["code"] == 400
    assert names in answer["msg"]


@pytest.mark.parametrize("fields", [
    {"skipParams": {}},
    {"useV2Restore": False, "truncateBinlogByTs": False},
    {"restorePlan": {}},
    {"skipImportDiskQuotaCheck": True},  # deprecated upstream: the check is always skipped
])
def test_default_values_of_unsupported_fields_are_accepted(fields: dict[str, Any]) -> None:
    got = convert.restore_input(_restore_request(fields))
    assert got == model.RestoreInput(backup_name="nightly")


def test_every_restore_field_but_the_refused_ones_reaches_the_engine() -> None:
    request = _restore_request({
        "requestId": "r1", "collection_names": ["c1"], "collection_suffix": "_s",
        "collection_renames": {"c1": "c2"}, "async": True, "bucket_name": "b", "path": "/p",
        "metaOnly": True, "restoreIndex": True, "useAutoIndex": True,
        "dropExistIndex": True, "skipCreateCollection": True, "id": "task1", "rbac": True,
        "maxShardNum": 2, "db_collections_after_rename": {"default": ["c2"]},
        "useV2Restore": True,
    })
    got = convert.restore_input(request)
    assert got == model.RestoreInput(
        backup_name="nightly", selection={"default": ["c1"]},
        target_selection={"default": ["c2"]}, suffix="_s", renames={"c1": "c2"},
        run_async=True, location=model.BackupLocation(bucket_name="b", root_path="/p"),
        meta_only=True, restore_index=True, use_auto_index=True, drop_exist_index=True,
        skip_create_collection=True, rbac=True, max_shard_num=2, task_id="task1",
        request_id="r1", use_v2_restore=True,
    )
    assert convert.restore_input(_restore_request({"dropExistCollection": True})) == \
        model.RestoreInput(backup_name="nightly", drop_exist_collection=True)
    assert convert.restore_input(_restore_request({"db_collections": {"db1": []}})) == \
        model.RestoreInput(backup_name="nightly", selection={"db1": []})


def test_restore_plan_becomes_renames_and_a_filter_on_the_new_names() -> None:
    got = convert.restore_input(_restore_request({"restorePlan": {
        "mapping": [
            {"source": "db1", "target": "db2",
             "colls": [{"source": "a", "target": "a2"}, {"source": "b", "target": "b"}]},
            {"source": "default", "target": "default",
             "colls": [{"source": "c", "target": "c_new"}]},
        ],
        "filter": {"db2": {"colls": ["a2"]}, "default": {"colls": ["*"]}},
    }}))
    assert got.renames == {"db1.a": "db2.a2", "db1.b": "db2.b", "default.c": "default.c_new"}
    assert got.target_selection == {"db2": ["a2"], "default": []}
    assert got.suffix == ""


def test_restore_plan_with_a_filter_only_keeps_names() -> None:
    got = convert.restore_input(_restore_request({"restorePlan": {
        "filter": {"db1": {"colls": ["x", "y"]}}}}))
    assert got.renames == {}
    assert got.target_selection == {"db1": ["x", "y"]}


def test_every_create_field_reaches_the_engine() -> None:
    request = json_format.ParseDict({
        "requestId": "r1", "backup_name": "nightly", "collection_names": ["c1"],
        "async": True, "force": True, "meta_only": True, "gc_pause_enable": True,
        "gc_pause_seconds": 60, "gc_pause_address": "http://m:9091", "rbac": True,
        "backup_root_path": "/elsewhere", "format": "logical",
    }, pb.CreateBackupRequest())
    assert convert.create_input(request) == model.CreateBackupInput(
        name="nightly", selection={"default": ["c1"]}, meta_only=True, force=True,
        run_async=True, rbac=True, gc_pause=True, gc_pause_address="http://m:9091",
        gc_pause_seconds=60, backup_root_path="/elsewhere", request_id="r1", format="logical",
    )


def test_negative_gc_pause_seconds_is_refused_on_grpc_and_rest() -> None:
    servicer, rest = _doors()
    response = servicer.CreateBackup(
        pb.CreateBackupRequest(backup_name="b", gc_pause_seconds=-5), None)
    assert response.code == pb.Parameter_Error
    assert "gc_pause_seconds is -5" in response.msg
    reply = rest.handle(Request("POST", "/api/v1/create",
                                body=b'{"backup_name": "b", "gc_pause_seconds": -5}'))
    assert json.loads(reply.body)["code"] == 400


@pytest.mark.parametrize(("query", "message"), [
    ("backup_name=b&bucket_name=x", "bucket_name is set but path is not"),
    ("backup_name=b&path=/p", "path is set but bucket_name is not"),
])
def test_get_backup_with_half_a_location_is_refused_on_grpc_and_rest(
        query: str, message: str) -> None:
    servicer, rest = _doors()
    fields = dict(part.split("=") for part in query.split("&"))
    response = servicer.GetBackup(pb.GetBackupRequest(**fields), None)
    assert response.code == pb.Parameter_Error
    assert message in response.msg
    reply = rest.handle(Request("GET", "/api/v1/get_backup", query=dict(parse_qsl(query))))
    assert json.loads(reply.body)["code"] == 400
    assert message in json.loads(reply.body)["msg"]


def test_every_request_field_is_known_to_this_test() -> None:
    """A field added to a request message must be read or refused, and listed here."""
    read_or_refused = {
        "CreateBackupRequest": {"requestId", "backup_name", "collection_names", "async",
                                "db_collections", "force", "meta_only", "gc_pause_enable",
                                "gc_pause_seconds", "gc_pause_address", "rbac",
                                "backup_root_path", "incremental", "base_backup_name",
                                "filter", "strategy", "format"},
        "GetBackupRequest": {"requestId", "backup_name", "backup_id", "bucket_name", "path",
                             "without_detail"},
        "ListBackupsRequest": {"requestId", "collection_name"},
        "DeleteBackupRequest": {"requestId", "backup_name"},
        "RestoreBackupRequest": {
            "requestId", "backup_name", "collection_names", "collection_suffix",
            "collection_renames", "async", "bucket_name", "path", "db_collections", "metaOnly",
            "restoreIndex", "useAutoIndex", "dropExistCollection", "dropExistIndex",
            "skipCreateCollection", "id", "skipImportDiskQuotaCheck", "rbac", "maxShardNum",
            "skipParams", "useV2Restore", "truncateBinlogByTs", "db_collections_after_rename",
            "restorePlan", "filter", "rebuild_index", "overrides"},
        "GetRestoreStateRequest": {"requestId", "id"},
        "CheckRequest": set(),
    }
    for message, fields in read_or_refused.items():
        declared = {f.name for f in pb.DESCRIPTOR.message_types_by_name[message].fields}
        assert declared == fields, message
