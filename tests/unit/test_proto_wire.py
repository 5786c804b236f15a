"""Wire contract of proto/milvus/backup/backup.proto against upstream milvus-backup 7125dcc.

Upstream clients and the meta JSON already written by upstream depend on every field number,
type and name below, so any renumbering, retyping, renaming or reordering fails here. The tables
were taken from upstream's core/proto/backup.proto at commit 7125dcc. The last tests check that
the committed stubs in src/milvus_backup_grpc/pb/ were regenerated (`make proto`) after the last
edit of the .proto.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from google.protobuf import descriptor_pb2

ROOT = Path(__file__).resolve().parents[2]
PROTO_ROOT = ROOT / "proto"
PROTO_FILE = "milvus/backup/backup.proto"
PACKAGE = "milvus.proto.backup"
GO_PACKAGE = "github.com/zilliztech/milvus-backup/core/proto/backuppb"
SERVICE = "MilvusBackupService"

FDP = descriptor_pb2.FieldDescriptorProto

# name -> (request, response), in upstream's order.
METHODS: dict[str, tuple[str, str]] = {
    "CreateBackup": ("CreateBackupRequest", "BackupInfoResponse"),
    "GetBackup": ("GetBackupRequest", "BackupInfoResponse"),
    "ListBackups": ("ListBackupsRequest", "ListBackupsResponse"),
    "DeleteBackup": ("DeleteBackupRequest", "DeleteBackupResponse"),
    "RestoreBackup": ("RestoreBackupRequest", "RestoreBackupResponse"),
    "GetRestore": ("GetRestoreStateRequest", "RestoreBackupResponse"),
    "Check": ("CheckRequest", "CheckResponse"),
}

# This service's own fields on upstream's messages (numbers from 1000 on, never upstream's),
# in declaration order.
OWN_FIELDS_FROM = 1000
OWN_FIELDS: dict[str, dict[str, tuple[int, str]]] = {
    "CreateBackupRequest": {
        "incremental": (1000, "bool"),
        "base_backup_name": (1001, "string"),
        "filter": (1003, "string"),
        "strategy": (1004, "string"),
        "format": (1002, "string"),
    },
    "RestoreBackupRequest": {
        "filter": (1000, "string"),
        "rebuild_index": (1001, "bool"),
        "overrides": (1002, "map<string, RestoreCollectionOverride>"),
    },
    "RestoreCollectionMapping": {"override": (1000, "RestoreCollectionOverride")},
    "BackupInfo": {
        "incremental": (1000, "bool"),
        "depends_on": (1001, "repeated string"),
        "format": (1002, "string"),
    },
    "DeleteBackupResponse": {"freed_bytes": (1000, "int64")},
    # Upstream's newer releases number it 28; the JSON key, all the meta files hold, is the same.
    # Upstream's newer releases number snapshot_backup 29; the JSON key is the same.
    "CollectionBackupInfo": {
        "aliases": (1000, "repeated string"),
        "snapshot_backup": (1010, "SnapshotBackupInfo"),
    },
    "FieldSchema": {"is_clustering_key": (1005, "bool")},
}

# Every field of every message, in declaration order: name -> (number, type).
# Types read like the .proto source: "repeated X", "map<K, V>", message/enum names
# without the package prefix.
MESSAGES: dict[str, dict[str, tuple[int, str]]] = {
    "BackupInfo": {
        "id": (1, "string"),
        "state_code": (2, "BackupTaskStateCode"),
        "errorMessage": (3, "string"),
        "start_time": (4, "int64"),
        "end_time": (5, "int64"),
        "progress": (6, "int32"),
        "name": (7, "string"),
        "backup_timestamp": (8, "uint64"),
        "collection_backups": (9, "repeated CollectionBackupInfo"),
        "size": (10, "int64"),
        "milvus_version": (11, "string"),
        "rbac_meta": (12, "RBACMeta"),
        "rpc_channel_info": (13, "RPCChannelInfo"),
        "database_backups": (14, "repeated DatabaseBackupInfo"),
        "meta_size": (15, "int64"),
    },
    "BackupInfoResponse": {
        "requestId": (1, "string"),
        "code": (2, "ResponseCode"),
        "msg": (3, "string"),
        "data": (4, "BackupInfo"),
    },
    "Binlog": {
        "entries_num": (1, "int64"),
        "timestamp_from": (2, "uint64"),
        "timestamp_to": (3, "uint64"),
        "log_path": (4, "string"),
        "log_size": (5, "int64"),
        "log_id": (6, "int64"),
    },
    "ChannelPosition": {
        "name": (1, "string"),
        "position": (2, "string"),
    },
    "CheckRequest": {},
    "CheckResponse": {
        "code": (1, "ResponseCode"),
        "msg": (2, "string"),
    },
    "CollectionBackupInfo": {
        "id": (1, "string"),
        "state_code": (2, "BackupTaskStateCode"),
        "errorMessage": (3, "string"),
        "start_time": (4, "int64"),
        "end_time": (5, "int64"),
        "progress": (6, "int32"),
        "collection_id": (7, "int64"),
        "db_name": (8, "string"),
        "collection_name": (9, "string"),
        "schema": (10, "CollectionSchema"),
        "shards_num": (11, "int32"),
        "consistency_level": (12, "ConsistencyLevel"),
        "partition_backups": (13, "repeated PartitionBackupInfo"),
        "backup_timestamp": (14, "uint64"),
        "size": (15, "int64"),
        "has_index": (16, "bool"),
        "index_infos": (17, "repeated IndexInfo"),
        "load_state": (18, "string"),
        "backup_physical_timestamp": (19, "uint64"),
        "channel_checkpoints": (20, "map<string, string>"),
        "l0_segments": (21, "repeated SegmentBackupInfo"),
        "properties": (22, "repeated KeyValuePair"),
    },
    "CollectionLevelBackupInfo": {
        "infos": (1, "repeated CollectionBackupInfo"),
    },
    "CollectionSchema": {
        "name": (1, "string"),
        "description": (2, "string"),
        "autoID": (3, "bool"),
        "fields": (4, "repeated FieldSchema"),
        "enable_dynamic_field": (5, "bool"),
        "properties": (6, "repeated KeyValuePair"),
        "functions": (7, "repeated FunctionSchema"),
        "struct_array_fields": (9, "repeated StructArrayFieldSchema"),
    },
    "CreateBackupRequest": {
        "requestId": (1, "string"),
        "backup_name": (2, "string"),
        "collection_names": (3, "repeated string"),
        "async": (4, "bool"),
        "db_collections": (5, "google.protobuf.Value"),
        "force": (6, "bool"),
        "meta_only": (7, "bool"),
        "gc_pause_enable": (8, "bool"),
        "gc_pause_seconds": (9, "int32"),
        "gc_pause_address": (10, "string"),
        "rbac": (11, "bool"),
        "backup_root_path": (12, "string"),
    },
    "DatabaseBackupInfo": {
        "db_name": (1, "string"),
        "db_id": (2, "int64"),
        "properties": (3, "repeated KeyValuePair"),
    },
    "DeleteBackupRequest": {
        "requestId": (1, "string"),
        "backup_name": (2, "string"),
    },
    "DeleteBackupResponse": {
        "requestId": (1, "string"),
        "code": (2, "ResponseCode"),
        "msg": (3, "string"),
    },
    "FieldBinlog": {
        "fieldID": (1, "int64"),
        "binlogs": (2, "repeated Binlog"),
    },
    "FieldSchema": {
        "fieldID": (1, "int64"),
        "name": (2, "string"),
        "is_primary_key": (3, "bool"),
        "description": (4, "string"),
        "data_type": (5, "DataType"),
        "type_params": (6, "repeated KeyValuePair"),
        "index_params": (7, "repeated KeyValuePair"),
        "autoID": (8, "bool"),
        "state": (9, "FieldState"),
        "element_type": (10, "DataType"),
        "default_value": (11, "ValueField"),
        "is_dynamic": (12, "bool"),
        "is_partition_key": (13, "bool"),
        "nullable": (14, "bool"),
        "default_value_proto": (15, "string"),
        "is_function_output": (16, "bool"),
        "default_value_base64": (17, "string"),
    },
    "FunctionSchema": {
        "name": (1, "string"),
        "id": (2, "int64"),
        "description": (3, "string"),
        "type": (4, "FunctionType"),
        "input_field_names": (5, "repeated string"),
        "input_field_ids": (6, "repeated int64"),
        "output_field_names": (7, "repeated string"),
        "output_field_ids": (8, "repeated int64"),
        "params": (9, "repeated KeyValuePair"),
    },
    "GetBackupRequest": {
        "requestId": (1, "string"),
        "backup_name": (2, "string"),
        "backup_id": (3, "string"),
        "bucket_name": (4, "string"),
        "path": (5, "string"),
        "without_detail": (6, "bool"),
    },
    "GetRestoreStateRequest": {
        "requestId": (1, "string"),
        "id": (2, "string"),
    },
    "GrantEntity": {
        "role": (1, "RoleEntity"),
        "object": (2, "ObjectEntity"),
        "object_name": (3, "string"),
        "grantor": (4, "GrantorEntity"),
        "db_name": (5, "string"),
    },
    "GrantPrivilegeEntity": {
        "entities": (1, "repeated GrantorEntity"),
    },
    "GrantorEntity": {
        "user": (1, "UserEntity"),
        "privilege": (2, "PrivilegeEntity"),
    },
    "IndexInfo": {
        "field_name": (1, "string"),
        "index_name": (2, "string"),
        "index_type": (3, "string"),
        "params": (4, "map<string, string>"),
    },
    "KeyValuePair": {
        "key": (1, "string"),
        "value": (2, "string"),
    },
    "ListBackupsRequest": {
        "requestId": (1, "string"),
        "collection_name": (2, "string"),
    },
    "ListBackupsResponse": {
        "requestId": (1, "string"),
        "code": (2, "ResponseCode"),
        "msg": (3, "string"),
        "data": (4, "repeated BackupInfo"),
    },
    "MsgPosition": {
        "channel_name": (1, "string"),
        "msgID": (2, "bytes"),
        "msgGroup": (3, "string"),
        "timestamp": (4, "uint64"),
    },
    "ObjectEntity": {
        "name": (1, "string"),
    },
    "PartitionBackupInfo": {
        "partition_id": (1, "int64"),
        "partition_name": (2, "string"),
        "collection_id": (3, "int64"),
        "segment_backups": (4, "repeated SegmentBackupInfo"),
        "size": (5, "int64"),
        "load_state": (6, "string"),
    },
    "PartitionLevelBackupInfo": {
        "infos": (1, "repeated PartitionBackupInfo"),
    },
    "PrivilegeEntity": {
        "name": (1, "string"),
    },
    "PrivilegeGroupInfo": {
        "group_name": (1, "string"),
        "privileges": (2, "repeated PrivilegeEntity"),
    },
    "RBACMeta": {
        "users": (1, "repeated UserInfo"),
        "roles": (2, "repeated RoleEntity"),
        "grants": (3, "repeated GrantEntity"),
        "privilege_groups": (4, "repeated PrivilegeGroupInfo"),
    },
    "RPCChannelInfo": {
        "name": (1, "string"),
        "position": (2, "string"),
    },
    "RestoreBackupRequest": {
        "requestId": (1, "string"),
        "backup_name": (2, "string"),
        "collection_names": (3, "repeated string"),
        "collection_suffix": (4, "string"),
        "collection_renames": (5, "map<string, string>"),
        "async": (6, "bool"),
        "bucket_name": (7, "string"),
        "path": (8, "string"),
        "db_collections": (9, "google.protobuf.Value"),
        "metaOnly": (10, "bool"),
        "restoreIndex": (11, "bool"),
        "useAutoIndex": (12, "bool"),
        "dropExistCollection": (13, "bool"),
        "dropExistIndex": (14, "bool"),
        "skipCreateCollection": (15, "bool"),
        "id": (16, "string"),
        "skipImportDiskQuotaCheck": (17, "bool"),
        "rbac": (18, "bool"),
        "maxShardNum": (19, "int32"),
        "skipParams": (20, "SkipParams"),
        "useV2Restore": (21, "bool"),
        "truncateBinlogByTs": (22, "bool"),
        "db_collections_after_rename": (23, "google.protobuf.Value"),
        "restorePlan": (24, "RestorePlan"),
    },
    "RestoreCollectionOverride": {
        "shardNum": (1, "int32"),
        "description": (2, "string"),
    },
    # Upstream's newer releases' message of the same name and fields.
    "SnapshotBackupInfo": {
        "metadata_path": (1, "string"),
        "total_files": (2, "int64"),
        "total_bytes": (3, "int64"),
    },
    "RestoreBackupResponse": {
        "requestId": (1, "string"),
        "code": (2, "ResponseCode"),
        "msg": (3, "string"),
        "data": (4, "RestoreBackupTaskResponse"),
    },
    "RestoreBackupTaskResponse": {
        "id": (1, "string"),
        "state_code": (2, "RestoreTaskStateCode"),
        "errorMessage": (3, "string"),
        "start_time": (4, "int64"),
        "end_time": (5, "int64"),
        "progress": (6, "int32"),
        "collection_restore_tasks": (7, "repeated RestoreCollectionTaskResponse"),
    },
    "RestoreCollectionMapping": {
        "source": (1, "string"),
        "target": (2, "string"),
    },
    "RestoreCollectionTaskResponse": {
        "id": (1, "string"),
        "state_code": (2, "RestoreTaskStateCode"),
        "errorMessage": (3, "string"),
        "start_time": (4, "int64"),
        "end_time": (5, "int64"),
        "progress": (6, "int32"),
        "target_db_name": (7, "string"),
        "target_collection_name": (8, "string"),
    },
    "RestoreFilter": {
        "colls": (1, "repeated string"),
    },
    "RestoreMapping": {
        "source": (1, "string"),
        "target": (2, "string"),
        "withProp": (3, "bool"),
        "colls": (4, "repeated RestoreCollectionMapping"),
    },
    "RestorePlan": {
        "mapping": (1, "repeated RestoreMapping"),
        "filter": (2, "map<string, RestoreFilter>"),
    },
    "RoleEntity": {
        "name": (1, "string"),
    },
    "SegmentBackupInfo": {
        "segment_id": (1, "int64"),
        "collection_id": (2, "int64"),
        "partition_id": (3, "int64"),
        "num_of_rows": (4, "int64"),
        "binlogs": (5, "repeated FieldBinlog"),
        "statslogs": (6, "repeated FieldBinlog"),
        "deltalogs": (7, "repeated FieldBinlog"),
        "size": (8, "int64"),
        "group_id": (9, "int64"),
        "backuped": (10, "bool"),
        "is_l0": (11, "bool"),
        "v_channel": (12, "string"),
        "storage_version": (13, "int64"),
    },
    "SegmentLevelBackupInfo": {
        "infos": (1, "repeated SegmentBackupInfo"),
    },
    "SkipParams": {
        "collectionProperties": (1, "repeated string"),
        "fieldIndexParams": (2, "repeated string"),
        "fieldTypeParams": (3, "repeated string"),
        "indexParams": (4, "repeated string"),
    },
    "StructArrayFieldSchema": {
        "fieldID": (1, "int64"),
        "name": (2, "string"),
        "description": (3, "string"),
        "fields": (4, "repeated FieldSchema"),
    },
    "UserEntity": {
        "name": (1, "string"),
    },
    "UserInfo": {
        "user": (1, "string"),
        "password": (2, "string"),
        "roles": (3, "repeated RoleEntity"),
    },
    "ValueField": {
        "bool_data": (1, "bool"),
        "int_data": (2, "int32"),
        "long_data": (3, "int64"),
        "float_data": (4, "float"),
        "double_data": (5, "double"),
        "string_data": (6, "string"),
        "bytes_data": (7, "bytes"),
    },
}

ENUMS: dict[str, dict[str, int]] = {
    "BackupTaskStateCode": {
        "BACKUP_INITIAL": 0,
        "BACKUP_EXECUTING": 1,
        "BACKUP_SUCCESS": 2,
        "BACKUP_FAIL": 3,
        "BACKUP_TIMEOUT": 4,
    },
    "ConsistencyLevel": {"Strong": 0, "Session": 1, "Bounded": 2, "Eventually": 3, "Customized": 4},
    "DataType": {
        "None": 0,
        "Bool": 1,
        "Int8": 2,
        "Int16": 3,
        "Int32": 4,
        "Int64": 5,
        "Float": 10,
        "Double": 11,
        "String": 20,
        "VarChar": 21,
        "Array": 22,
        "JSON": 23,
        "Geometry": 24,
        "Text": 25,
        "Timestamptz": 26,
        "BinaryVector": 100,
        "FloatVector": 101,
        "Float16Vector": 102,
        "BFloat16Vector": 103,
        "SparseFloatVector": 104,
        "Int8Vector": 105,
        "ArrayOfVector": 106,
        "ArrayOfStruct": 200,
        "Struct": 201,
    },
    "FieldState": {"FieldCreated": 0, "FieldCreating": 1, "FieldDropping": 2, "FieldDropped": 3},
    "FunctionType": {"Unknown": 0, "BM25": 1, "TextEmbedding": 2},
    "ResponseCode": {
        "Success": 0,
        "Not_Support": 1,
        "No_Permission": 2,
        "Fail": 3,
        "Parameter_Error": 400,
        "Request_Object_Not_Found": 404,
    },
    "RestoreTaskStateCode": {"INITIAL": 0, "EXECUTING": 1, "SUCCESS": 2, "FAIL": 3, "TIMEOUT": 4},
}

DEPRECATED_FIELDS = {
    "Binlog.entries_num",
    "Binlog.timestamp_from",
    "Binlog.timestamp_to",
    "CreateBackupRequest.gc_pause_seconds",
    "RestoreBackupRequest.skipImportDiskQuotaCheck",
    "SegmentBackupInfo.statslogs",
}

# message -> oneof name -> member fields.
ONEOFS = {
    "ValueField": {
        "data": [
            "bool_data",
            "int_data",
            "long_data",
            "float_data",
            "double_data",
            "string_data",
            "bytes_data",
        ],
    },
}


def _import_pb(name: str) -> ModuleType:
    """Import a generated module, from the installed package or else from src/."""
    import importlib

    try:
        import milvus_backup_grpc  # noqa: F401
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
    return importlib.import_module(f"milvus_backup_grpc.pb.{name}")


@pytest.fixture(scope="module")
def proto_file(tmp_path_factory: pytest.TempPathFactory) -> descriptor_pb2.FileDescriptorProto:
    """Compile proto/ with grpc_tools.protoc (as `make proto` does) and return its descriptor."""
    out = tmp_path_factory.mktemp("proto") / "backup.desc"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            f"-I{PROTO_ROOT}",
            f"--descriptor_set_out={out}",
            PROTO_FILE,
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, f"protoc failed on {PROTO_FILE}:\n{done.stderr}"
    files = descriptor_pb2.FileDescriptorSet.FromString(out.read_bytes()).file
    assert [f.name for f in files] == [PROTO_FILE]
    return files[0]


def _short(type_name: str) -> str:
    prefix = f".{PACKAGE}."
    return type_name[len(prefix) :] if type_name.startswith(prefix) else type_name.lstrip(".")


def _scalar_or_named(field: descriptor_pb2.FieldDescriptorProto) -> str:
    if field.type in (FDP.TYPE_MESSAGE, FDP.TYPE_ENUM):
        return _short(field.type_name)
    return FDP.Type.Name(field.type).removeprefix("TYPE_").lower()


def _render_type(
    message: descriptor_pb2.DescriptorProto, field: descriptor_pb2.FieldDescriptorProto
) -> str:
    """Spell a field's type and label the way the .proto source does."""
    if field.label == FDP.LABEL_REPEATED and field.type == FDP.TYPE_MESSAGE:
        entry_name = field.type_name.rsplit(".", 1)[1]
        for nested in message.nested_type:
            if nested.name == entry_name and nested.options.map_entry:
                key, value = nested.field
                return f"map<{_scalar_or_named(key)}, {_scalar_or_named(value)}>"
    rendered = _scalar_or_named(field)
    return f"repeated {rendered}" if field.label == FDP.LABEL_REPEATED else rendered


def _messages(fdp: descriptor_pb2.FileDescriptorProto) -> dict[str, descriptor_pb2.DescriptorProto]:
    return {m.name: m for m in fdp.message_type}


def _without_json_names(fdp: descriptor_pb2.FileDescriptorProto) -> bytes:
    """Serialize a file descriptor without source info and json_name.

    protoc's descriptor set carries json_name for every field, the descriptor embedded in the
    generated _pb2.py does not; neither changes the wire format.
    """
    copy = descriptor_pb2.FileDescriptorProto()
    copy.CopyFrom(fdp)
    copy.ClearField("source_code_info")
    pending = list(copy.message_type)
    while pending:
        message = pending.pop()
        for field in message.field:
            field.ClearField("json_name")
        pending.extend(message.nested_type)
    return copy.SerializeToString(deterministic=True)


def test_file_identity(proto_file: descriptor_pb2.FileDescriptorProto) -> None:
    assert proto_file.name == PROTO_FILE
    assert proto_file.syntax == "proto3"
    assert proto_file.package == PACKAGE
    assert proto_file.options.go_package == GO_PACKAGE
    assert list(proto_file.dependency) == ["google/protobuf/struct.proto"]


def test_service_and_methods(proto_file: descriptor_pb2.FileDescriptorProto) -> None:
    assert [s.name for s in proto_file.service] == [SERVICE]
    got = {
        m.name: (_short(m.input_type), _short(m.output_type)) for m in proto_file.service[0].method
    }
    assert got == METHODS
    assert [m.name for m in proto_file.service[0].method] == list(METHODS)
    for method in proto_file.service[0].method:
        assert not method.client_streaming and not method.server_streaming, method.name


def test_same_set_of_messages_and_enums(proto_file: descriptor_pb2.FileDescriptorProto) -> None:
    assert sorted(_messages(proto_file)) == sorted(MESSAGES)
    assert sorted(e.name for e in proto_file.enum_type) == sorted(ENUMS)


@pytest.mark.parametrize("message_name", sorted(MESSAGES))
def test_message_fields(proto_file: descriptor_pb2.FileDescriptorProto, message_name: str) -> None:
    message = _messages(proto_file).get(message_name)
    assert message is not None, f"message {message_name} is missing"
    got = [(f.name, (f.number, _render_type(message, f))) for f in message.field]
    # Compared as ordered lists: the meta JSON encoder writes keys in declaration order.
    # Fields numbered from 1000 on are this service's own, after upstream's.
    assert [g for g in got if g[1][0] < OWN_FIELDS_FROM] == list(MESSAGES[message_name].items())
    assert [g for g in got if g[1][0] >= OWN_FIELDS_FROM] == list(
        OWN_FIELDS.get(message_name, {}).items()
    )
    assert got[-len(OWN_FIELDS.get(message_name, {})) or len(got) :] == [
        g for g in got if g[1][0] >= OWN_FIELDS_FROM
    ], "this service's fields come after upstream's"
    assert all(n.options.map_entry for n in message.nested_type), "only map entries may nest"
    assert not message.enum_type


@pytest.mark.parametrize("enum_name", sorted(ENUMS))
def test_enum_values(proto_file: descriptor_pb2.FileDescriptorProto, enum_name: str) -> None:
    enums = {e.name: e for e in proto_file.enum_type}
    assert enum_name in enums, f"enum {enum_name} is missing"
    got = [(v.name, v.number) for v in enums[enum_name].value]
    assert got == list(ENUMS[enum_name].items())


def test_deprecated_flags(proto_file: descriptor_pb2.FileDescriptorProto) -> None:
    got = {
        f"{m.name}.{f.name}"
        for m in proto_file.message_type
        for f in m.field
        if f.options.deprecated
    }
    assert got == DEPRECATED_FIELDS


def test_oneofs(proto_file: descriptor_pb2.FileDescriptorProto) -> None:
    got = {}
    for message in proto_file.message_type:
        if message.oneof_decl:
            got[message.name] = {
                oneof.name: [
                    f.name
                    for f in message.field
                    if f.HasField("oneof_index") and f.oneof_index == index
                ]
                for index, oneof in enumerate(message.oneof_decl)
            }
    assert got == ONEOFS


def test_committed_stub_matches_proto(proto_file: descriptor_pb2.FileDescriptorProto) -> None:
    backup_pb2 = _import_pb("backup_pb2")
    committed = descriptor_pb2.FileDescriptorProto.FromString(backup_pb2.DESCRIPTOR.serialized_pb)
    assert committed.name == PROTO_FILE
    assert _without_json_names(committed) == _without_json_names(proto_file), (
        "src/milvus_backup_grpc/pb/backup_pb2.py is stale: run `make proto`"
    )


def test_grpc_stub_imports_its_messages_relatively() -> None:
    backup_pb2 = _import_pb("backup_pb2")
    backup_pb2_grpc = _import_pb("backup_pb2_grpc")
    servicer = backup_pb2_grpc.MilvusBackupServiceServicer
    assert all(callable(getattr(servicer, name, None)) for name in METHODS)
    assert callable(backup_pb2_grpc.add_MilvusBackupServiceServicer_to_server)
    request = backup_pb2.CreateBackupRequest(requestId="r1", backup_name="b1")
    assert request.SerializeToString() == b"\n\x02r1\x12\x02b1"
