from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    Success: _ClassVar[ResponseCode]
    Not_Support: _ClassVar[ResponseCode]
    No_Permission: _ClassVar[ResponseCode]
    Fail: _ClassVar[ResponseCode]
    Parameter_Error: _ClassVar[ResponseCode]
    Request_Object_Not_Found: _ClassVar[ResponseCode]

class BackupTaskStateCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BACKUP_INITIAL: _ClassVar[BackupTaskStateCode]
    BACKUP_EXECUTING: _ClassVar[BackupTaskStateCode]
    BACKUP_SUCCESS: _ClassVar[BackupTaskStateCode]
    BACKUP_FAIL: _ClassVar[BackupTaskStateCode]
    BACKUP_TIMEOUT: _ClassVar[BackupTaskStateCode]

class RestoreTaskStateCode(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INITIAL: _ClassVar[RestoreTaskStateCode]
    EXECUTING: _ClassVar[RestoreTaskStateCode]
    SUCCESS: _ClassVar[RestoreTaskStateCode]
    FAIL: _ClassVar[RestoreTaskStateCode]
    TIMEOUT: _ClassVar[RestoreTaskStateCode]

class ConsistencyLevel(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    Strong: _ClassVar[ConsistencyLevel]
    Session: _ClassVar[ConsistencyLevel]
    Bounded: _ClassVar[ConsistencyLevel]
    Eventually: _ClassVar[ConsistencyLevel]
    Customized: _ClassVar[ConsistencyLevel]

class FunctionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    Unknown: _ClassVar[FunctionType]
    BM25: _ClassVar[FunctionType]
    TextEmbedding: _ClassVar[FunctionType]

class DataType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    Bool: _ClassVar[DataType]
    Int8: _ClassVar[DataType]
    Int16: _ClassVar[DataType]
    Int32: _ClassVar[DataType]
    Int64: _ClassVar[DataType]
    Float: _ClassVar[DataType]
    Double: _ClassVar[DataType]
    String: _ClassVar[DataType]
    VarChar: _ClassVar[DataType]
    Array: _ClassVar[DataType]
    JSON: _ClassVar[DataType]
    Geometry: _ClassVar[DataType]
    Text: _ClassVar[DataType]
    Timestamptz: _ClassVar[DataType]
    BinaryVector: _ClassVar[DataType]
    FloatVector: _ClassVar[DataType]
    Float16Vector: _ClassVar[DataType]
    BFloat16Vector: _ClassVar[DataType]
    SparseFloatVector: _ClassVar[DataType]
    Int8Vector: _ClassVar[DataType]
    ArrayOfVector: _ClassVar[DataType]
    ArrayOfStruct: _ClassVar[DataType]
    Struct: _ClassVar[DataType]

class FieldState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FieldCreated: _ClassVar[FieldState]
    FieldCreating: _ClassVar[FieldState]
    FieldDropping: _ClassVar[FieldState]
    FieldDropped: _ClassVar[FieldState]
Success: ResponseCode
Not_Support: ResponseCode
No_Permission: ResponseCode
Fail: ResponseCode
Parameter_Error: ResponseCode
Request_Object_Not_Found: ResponseCode
BACKUP_INITIAL: BackupTaskStateCode
BACKUP_EXECUTING: BackupTaskStateCode
BACKUP_SUCCESS: BackupTaskStateCode
BACKUP_FAIL: BackupTaskStateCode
BACKUP_TIMEOUT: BackupTaskStateCode
INITIAL: RestoreTaskStateCode
EXECUTING: RestoreTaskStateCode
SUCCESS: RestoreTaskStateCode
FAIL: RestoreTaskStateCode
TIMEOUT: RestoreTaskStateCode
Strong: ConsistencyLevel
Session: ConsistencyLevel
Bounded: ConsistencyLevel
Eventually: ConsistencyLevel
Customized: ConsistencyLevel
Unknown: FunctionType
BM25: FunctionType
TextEmbedding: FunctionType
Bool: DataType
Int8: DataType
Int16: DataType
Int32: DataType
Int64: DataType
Float: DataType
Double: DataType
String: DataType
VarChar: DataType
Array: DataType
JSON: DataType
Geometry: DataType
Text: DataType
Timestamptz: DataType
BinaryVector: DataType
FloatVector: DataType
Float16Vector: DataType
BFloat16Vector: DataType
SparseFloatVector: DataType
Int8Vector: DataType
ArrayOfVector: DataType
ArrayOfStruct: DataType
Struct: DataType
FieldCreated: FieldState
FieldCreating: FieldState
FieldDropping: FieldState
FieldDropped: FieldState

class CreateBackupRequest(_message.Message):
    __slots__ = ("requestId", "backup_name", "collection_names", "db_collections", "force", "meta_only", "gc_pause_enable", "gc_pause_seconds", "gc_pause_address", "rbac", "backup_root_path", "incremental", "base_backup_name", "filter", "strategy", "format")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_NAMES_FIELD_NUMBER: _ClassVar[int]
    ASYNC_FIELD_NUMBER: _ClassVar[int]
    DB_COLLECTIONS_FIELD_NUMBER: _ClassVar[int]
    FORCE_FIELD_NUMBER: _ClassVar[int]
    META_ONLY_FIELD_NUMBER: _ClassVar[int]
    GC_PAUSE_ENABLE_FIELD_NUMBER: _ClassVar[int]
    GC_PAUSE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    GC_PAUSE_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    RBAC_FIELD_NUMBER: _ClassVar[int]
    BACKUP_ROOT_PATH_FIELD_NUMBER: _ClassVar[int]
    INCREMENTAL_FIELD_NUMBER: _ClassVar[int]
    BASE_BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    STRATEGY_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    backup_name: str
    collection_names: _containers.RepeatedScalarFieldContainer[str]
    db_collections: _struct_pb2.Value
    force: bool
    meta_only: bool
    gc_pause_enable: bool
    gc_pause_seconds: int
    gc_pause_address: str
    rbac: bool
    backup_root_path: str
    incremental: bool
    base_backup_name: str
    filter: str
    strategy: str
    format: str
    def __init__(self, requestId: _Optional[str] = ..., backup_name: _Optional[str] = ..., collection_names: _Optional[_Iterable[str]] = ..., db_collections: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., force: _Optional[bool] = ..., meta_only: _Optional[bool] = ..., gc_pause_enable: _Optional[bool] = ..., gc_pause_seconds: _Optional[int] = ..., gc_pause_address: _Optional[str] = ..., rbac: _Optional[bool] = ..., backup_root_path: _Optional[str] = ..., incremental: _Optional[bool] = ..., base_backup_name: _Optional[str] = ..., filter: _Optional[str] = ..., strategy: _Optional[str] = ..., format: _Optional[str] = ..., **kwargs) -> None: ...

class BackupInfoResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "data")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: ResponseCode
    msg: str
    data: BackupInfo
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[ResponseCode, str]] = ..., msg: _Optional[str] = ..., data: _Optional[_Union[BackupInfo, _Mapping]] = ...) -> None: ...

class GetBackupRequest(_message.Message):
    __slots__ = ("requestId", "backup_name", "backup_id", "bucket_name", "path", "without_detail")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    BACKUP_ID_FIELD_NUMBER: _ClassVar[int]
    BUCKET_NAME_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    WITHOUT_DETAIL_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    backup_name: str
    backup_id: str
    bucket_name: str
    path: str
    without_detail: bool
    def __init__(self, requestId: _Optional[str] = ..., backup_name: _Optional[str] = ..., backup_id: _Optional[str] = ..., bucket_name: _Optional[str] = ..., path: _Optional[str] = ..., without_detail: _Optional[bool] = ...) -> None: ...

class ListBackupsRequest(_message.Message):
    __slots__ = ("requestId", "collection_name")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_NAME_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    collection_name: str
    def __init__(self, requestId: _Optional[str] = ..., collection_name: _Optional[str] = ...) -> None: ...

class ListBackupsResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "data")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: ResponseCode
    msg: str
    data: _containers.RepeatedCompositeFieldContainer[BackupInfo]
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[ResponseCode, str]] = ..., msg: _Optional[str] = ..., data: _Optional[_Iterable[_Union[BackupInfo, _Mapping]]] = ...) -> None: ...

class DeleteBackupRequest(_message.Message):
    __slots__ = ("requestId", "backup_name")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    backup_name: str
    def __init__(self, requestId: _Optional[str] = ..., backup_name: _Optional[str] = ...) -> None: ...

class DeleteBackupResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "freed_bytes")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    FREED_BYTES_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: ResponseCode
    msg: str
    freed_bytes: int
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[ResponseCode, str]] = ..., msg: _Optional[str] = ..., freed_bytes: _Optional[int] = ...) -> None: ...

class RestoreBackupRequest(_message.Message):
    __slots__ = ("requestId", "backup_name", "collection_names", "collection_suffix", "collection_renames", "bucket_name", "path", "db_collections", "metaOnly", "restoreIndex", "useAutoIndex", "dropExistCollection", "dropExistIndex", "skipCreateCollection", "id", "skipImportDiskQuotaCheck", "rbac", "maxShardNum", "skipParams", "useV2Restore", "truncateBinlogByTs", "db_collections_after_rename", "restorePlan", "filter", "rebuild_index", "overrides")
    class CollectionRenamesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class OverridesEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: RestoreCollectionOverride
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[RestoreCollectionOverride, _Mapping]] = ...) -> None: ...
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_NAMES_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_SUFFIX_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_RENAMES_FIELD_NUMBER: _ClassVar[int]
    ASYNC_FIELD_NUMBER: _ClassVar[int]
    BUCKET_NAME_FIELD_NUMBER: _ClassVar[int]
    PATH_FIELD_NUMBER: _ClassVar[int]
    DB_COLLECTIONS_FIELD_NUMBER: _ClassVar[int]
    METAONLY_FIELD_NUMBER: _ClassVar[int]
    RESTOREINDEX_FIELD_NUMBER: _ClassVar[int]
    USEAUTOINDEX_FIELD_NUMBER: _ClassVar[int]
    DROPEXISTCOLLECTION_FIELD_NUMBER: _ClassVar[int]
    DROPEXISTINDEX_FIELD_NUMBER: _ClassVar[int]
    SKIPCREATECOLLECTION_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    SKIPIMPORTDISKQUOTACHECK_FIELD_NUMBER: _ClassVar[int]
    RBAC_FIELD_NUMBER: _ClassVar[int]
    MAXSHARDNUM_FIELD_NUMBER: _ClassVar[int]
    SKIPPARAMS_FIELD_NUMBER: _ClassVar[int]
    USEV2RESTORE_FIELD_NUMBER: _ClassVar[int]
    TRUNCATEBINLOGBYTS_FIELD_NUMBER: _ClassVar[int]
    DB_COLLECTIONS_AFTER_RENAME_FIELD_NUMBER: _ClassVar[int]
    RESTOREPLAN_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    REBUILD_INDEX_FIELD_NUMBER: _ClassVar[int]
    OVERRIDES_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    backup_name: str
    collection_names: _containers.RepeatedScalarFieldContainer[str]
    collection_suffix: str
    collection_renames: _containers.ScalarMap[str, str]
    bucket_name: str
    path: str
    db_collections: _struct_pb2.Value
    metaOnly: bool
    restoreIndex: bool
    useAutoIndex: bool
    dropExistCollection: bool
    dropExistIndex: bool
    skipCreateCollection: bool
    id: str
    skipImportDiskQuotaCheck: bool
    rbac: bool
    maxShardNum: int
    skipParams: SkipParams
    useV2Restore: bool
    truncateBinlogByTs: bool
    db_collections_after_rename: _struct_pb2.Value
    restorePlan: RestorePlan
    filter: str
    rebuild_index: bool
    overrides: _containers.MessageMap[str, RestoreCollectionOverride]
    def __init__(self, requestId: _Optional[str] = ..., backup_name: _Optional[str] = ..., collection_names: _Optional[_Iterable[str]] = ..., collection_suffix: _Optional[str] = ..., collection_renames: _Optional[_Mapping[str, str]] = ..., bucket_name: _Optional[str] = ..., path: _Optional[str] = ..., db_collections: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., metaOnly: _Optional[bool] = ..., restoreIndex: _Optional[bool] = ..., useAutoIndex: _Optional[bool] = ..., dropExistCollection: _Optional[bool] = ..., dropExistIndex: _Optional[bool] = ..., skipCreateCollection: _Optional[bool] = ..., id: _Optional[str] = ..., skipImportDiskQuotaCheck: _Optional[bool] = ..., rbac: _Optional[bool] = ..., maxShardNum: _Optional[int] = ..., skipParams: _Optional[_Union[SkipParams, _Mapping]] = ..., useV2Restore: _Optional[bool] = ..., truncateBinlogByTs: _Optional[bool] = ..., db_collections_after_rename: _Optional[_Union[_struct_pb2.Value, _Mapping]] = ..., restorePlan: _Optional[_Union[RestorePlan, _Mapping]] = ..., filter: _Optional[str] = ..., rebuild_index: _Optional[bool] = ..., overrides: _Optional[_Mapping[str, RestoreCollectionOverride]] = ..., **kwargs) -> None: ...

class RestoreCollectionOverride(_message.Message):
    __slots__ = ("shardNum", "description")
    SHARDNUM_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    shardNum: int
    description: str
    def __init__(self, shardNum: _Optional[int] = ..., description: _Optional[str] = ...) -> None: ...

class SkipParams(_message.Message):
    __slots__ = ("collectionProperties", "fieldIndexParams", "fieldTypeParams", "indexParams")
    COLLECTIONPROPERTIES_FIELD_NUMBER: _ClassVar[int]
    FIELDINDEXPARAMS_FIELD_NUMBER: _ClassVar[int]
    FIELDTYPEPARAMS_FIELD_NUMBER: _ClassVar[int]
    INDEXPARAMS_FIELD_NUMBER: _ClassVar[int]
    collectionProperties: _containers.RepeatedScalarFieldContainer[str]
    fieldIndexParams: _containers.RepeatedScalarFieldContainer[str]
    fieldTypeParams: _containers.RepeatedScalarFieldContainer[str]
    indexParams: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, collectionProperties: _Optional[_Iterable[str]] = ..., fieldIndexParams: _Optional[_Iterable[str]] = ..., fieldTypeParams: _Optional[_Iterable[str]] = ..., indexParams: _Optional[_Iterable[str]] = ...) -> None: ...

class RestorePlan(_message.Message):
    __slots__ = ("mapping", "filter")
    class FilterEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: RestoreFilter
        def __init__(self, key: _Optional[str] = ..., value: _Optional[_Union[RestoreFilter, _Mapping]] = ...) -> None: ...
    MAPPING_FIELD_NUMBER: _ClassVar[int]
    FILTER_FIELD_NUMBER: _ClassVar[int]
    mapping: _containers.RepeatedCompositeFieldContainer[RestoreMapping]
    filter: _containers.MessageMap[str, RestoreFilter]
    def __init__(self, mapping: _Optional[_Iterable[_Union[RestoreMapping, _Mapping]]] = ..., filter: _Optional[_Mapping[str, RestoreFilter]] = ...) -> None: ...

class RestoreMapping(_message.Message):
    __slots__ = ("source", "target", "withProp", "colls")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    WITHPROP_FIELD_NUMBER: _ClassVar[int]
    COLLS_FIELD_NUMBER: _ClassVar[int]
    source: str
    target: str
    withProp: bool
    colls: _containers.RepeatedCompositeFieldContainer[RestoreCollectionMapping]
    def __init__(self, source: _Optional[str] = ..., target: _Optional[str] = ..., withProp: _Optional[bool] = ..., colls: _Optional[_Iterable[_Union[RestoreCollectionMapping, _Mapping]]] = ...) -> None: ...

class RestoreCollectionMapping(_message.Message):
    __slots__ = ("source", "target", "override")
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    OVERRIDE_FIELD_NUMBER: _ClassVar[int]
    source: str
    target: str
    override: RestoreCollectionOverride
    def __init__(self, source: _Optional[str] = ..., target: _Optional[str] = ..., override: _Optional[_Union[RestoreCollectionOverride, _Mapping]] = ...) -> None: ...

class RestoreFilter(_message.Message):
    __slots__ = ("colls",)
    COLLS_FIELD_NUMBER: _ClassVar[int]
    colls: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, colls: _Optional[_Iterable[str]] = ...) -> None: ...

class RestoreBackupResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "data")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: ResponseCode
    msg: str
    data: RestoreBackupTaskResponse
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[ResponseCode, str]] = ..., msg: _Optional[str] = ..., data: _Optional[_Union[RestoreBackupTaskResponse, _Mapping]] = ...) -> None: ...

class RestoreBackupTaskResponse(_message.Message):
    __slots__ = ("id", "state_code", "errorMessage", "start_time", "end_time", "progress", "collection_restore_tasks")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    ERRORMESSAGE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_RESTORE_TASKS_FIELD_NUMBER: _ClassVar[int]
    id: str
    state_code: RestoreTaskStateCode
    errorMessage: str
    start_time: int
    end_time: int
    progress: int
    collection_restore_tasks: _containers.RepeatedCompositeFieldContainer[RestoreCollectionTaskResponse]
    def __init__(self, id: _Optional[str] = ..., state_code: _Optional[_Union[RestoreTaskStateCode, str]] = ..., errorMessage: _Optional[str] = ..., start_time: _Optional[int] = ..., end_time: _Optional[int] = ..., progress: _Optional[int] = ..., collection_restore_tasks: _Optional[_Iterable[_Union[RestoreCollectionTaskResponse, _Mapping]]] = ...) -> None: ...

class RestoreCollectionTaskResponse(_message.Message):
    __slots__ = ("id", "state_code", "errorMessage", "start_time", "end_time", "progress", "target_db_name", "target_collection_name")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    ERRORMESSAGE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    TARGET_DB_NAME_FIELD_NUMBER: _ClassVar[int]
    TARGET_COLLECTION_NAME_FIELD_NUMBER: _ClassVar[int]
    id: str
    state_code: RestoreTaskStateCode
    errorMessage: str
    start_time: int
    end_time: int
    progress: int
    target_db_name: str
    target_collection_name: str
    def __init__(self, id: _Optional[str] = ..., state_code: _Optional[_Union[RestoreTaskStateCode, str]] = ..., errorMessage: _Optional[str] = ..., start_time: _Optional[int] = ..., end_time: _Optional[int] = ..., progress: _Optional[int] = ..., target_db_name: _Optional[str] = ..., target_collection_name: _Optional[str] = ...) -> None: ...

class GetRestoreStateRequest(_message.Message):
    __slots__ = ("requestId", "id")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    id: str
    def __init__(self, requestId: _Optional[str] = ..., id: _Optional[str] = ...) -> None: ...

class CheckRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class CheckResponse(_message.Message):
    __slots__ = ("code", "msg")
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    code: ResponseCode
    msg: str
    def __init__(self, code: _Optional[_Union[ResponseCode, str]] = ..., msg: _Optional[str] = ...) -> None: ...

class BackupInfo(_message.Message):
    __slots__ = ("id", "state_code", "errorMessage", "start_time", "end_time", "progress", "name", "backup_timestamp", "collection_backups", "size", "milvus_version", "rbac_meta", "rpc_channel_info", "database_backups", "meta_size", "incremental", "depends_on", "format")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    ERRORMESSAGE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    BACKUP_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_BACKUPS_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    MILVUS_VERSION_FIELD_NUMBER: _ClassVar[int]
    RBAC_META_FIELD_NUMBER: _ClassVar[int]
    RPC_CHANNEL_INFO_FIELD_NUMBER: _ClassVar[int]
    DATABASE_BACKUPS_FIELD_NUMBER: _ClassVar[int]
    META_SIZE_FIELD_NUMBER: _ClassVar[int]
    INCREMENTAL_FIELD_NUMBER: _ClassVar[int]
    DEPENDS_ON_FIELD_NUMBER: _ClassVar[int]
    FORMAT_FIELD_NUMBER: _ClassVar[int]
    id: str
    state_code: BackupTaskStateCode
    errorMessage: str
    start_time: int
    end_time: int
    progress: int
    name: str
    backup_timestamp: int
    collection_backups: _containers.RepeatedCompositeFieldContainer[CollectionBackupInfo]
    size: int
    milvus_version: str
    rbac_meta: RBACMeta
    rpc_channel_info: RPCChannelInfo
    database_backups: _containers.RepeatedCompositeFieldContainer[DatabaseBackupInfo]
    meta_size: int
    incremental: bool
    depends_on: _containers.RepeatedScalarFieldContainer[str]
    format: str
    def __init__(self, id: _Optional[str] = ..., state_code: _Optional[_Union[BackupTaskStateCode, str]] = ..., errorMessage: _Optional[str] = ..., start_time: _Optional[int] = ..., end_time: _Optional[int] = ..., progress: _Optional[int] = ..., name: _Optional[str] = ..., backup_timestamp: _Optional[int] = ..., collection_backups: _Optional[_Iterable[_Union[CollectionBackupInfo, _Mapping]]] = ..., size: _Optional[int] = ..., milvus_version: _Optional[str] = ..., rbac_meta: _Optional[_Union[RBACMeta, _Mapping]] = ..., rpc_channel_info: _Optional[_Union[RPCChannelInfo, _Mapping]] = ..., database_backups: _Optional[_Iterable[_Union[DatabaseBackupInfo, _Mapping]]] = ..., meta_size: _Optional[int] = ..., incremental: _Optional[bool] = ..., depends_on: _Optional[_Iterable[str]] = ..., format: _Optional[str] = ...) -> None: ...

class DatabaseBackupInfo(_message.Message):
    __slots__ = ("db_name", "db_id", "properties")
    DB_NAME_FIELD_NUMBER: _ClassVar[int]
    DB_ID_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    db_name: str
    db_id: int
    properties: _containers.RepeatedCompositeFieldContainer[KeyValuePair]
    def __init__(self, db_name: _Optional[str] = ..., db_id: _Optional[int] = ..., properties: _Optional[_Iterable[_Union[KeyValuePair, _Mapping]]] = ...) -> None: ...

class CollectionBackupInfo(_message.Message):
    __slots__ = ("id", "state_code", "errorMessage", "start_time", "end_time", "progress", "collection_id", "db_name", "collection_name", "schema", "shards_num", "consistency_level", "partition_backups", "backup_timestamp", "size", "has_index", "index_infos", "load_state", "backup_physical_timestamp", "channel_checkpoints", "l0_segments", "properties", "aliases", "snapshot_backup")
    class ChannelCheckpointsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    ERRORMESSAGE_FIELD_NUMBER: _ClassVar[int]
    START_TIME_FIELD_NUMBER: _ClassVar[int]
    END_TIME_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_ID_FIELD_NUMBER: _ClassVar[int]
    DB_NAME_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_NAME_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_FIELD_NUMBER: _ClassVar[int]
    SHARDS_NUM_FIELD_NUMBER: _ClassVar[int]
    CONSISTENCY_LEVEL_FIELD_NUMBER: _ClassVar[int]
    PARTITION_BACKUPS_FIELD_NUMBER: _ClassVar[int]
    BACKUP_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    HAS_INDEX_FIELD_NUMBER: _ClassVar[int]
    INDEX_INFOS_FIELD_NUMBER: _ClassVar[int]
    LOAD_STATE_FIELD_NUMBER: _ClassVar[int]
    BACKUP_PHYSICAL_TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_CHECKPOINTS_FIELD_NUMBER: _ClassVar[int]
    L0_SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    ALIASES_FIELD_NUMBER: _ClassVar[int]
    SNAPSHOT_BACKUP_FIELD_NUMBER: _ClassVar[int]
    id: str
    state_code: BackupTaskStateCode
    errorMessage: str
    start_time: int
    end_time: int
    progress: int
    collection_id: int
    db_name: str
    collection_name: str
    schema: CollectionSchema
    shards_num: int
    consistency_level: ConsistencyLevel
    partition_backups: _containers.RepeatedCompositeFieldContainer[PartitionBackupInfo]
    backup_timestamp: int
    size: int
    has_index: bool
    index_infos: _containers.RepeatedCompositeFieldContainer[IndexInfo]
    load_state: str
    backup_physical_timestamp: int
    channel_checkpoints: _containers.ScalarMap[str, str]
    l0_segments: _containers.RepeatedCompositeFieldContainer[SegmentBackupInfo]
    properties: _containers.RepeatedCompositeFieldContainer[KeyValuePair]
    aliases: _containers.RepeatedScalarFieldContainer[str]
    snapshot_backup: SnapshotBackupInfo
    def __init__(self, id: _Optional[str] = ..., state_code: _Optional[_Union[BackupTaskStateCode, str]] = ..., errorMessage: _Optional[str] = ..., start_time: _Optional[int] = ..., end_time: _Optional[int] = ..., progress: _Optional[int] = ..., collection_id: _Optional[int] = ..., db_name: _Optional[str] = ..., collection_name: _Optional[str] = ..., schema: _Optional[_Union[CollectionSchema, _Mapping]] = ..., shards_num: _Optional[int] = ..., consistency_level: _Optional[_Union[ConsistencyLevel, str]] = ..., partition_backups: _Optional[_Iterable[_Union[PartitionBackupInfo, _Mapping]]] = ..., backup_timestamp: _Optional[int] = ..., size: _Optional[int] = ..., has_index: _Optional[bool] = ..., index_infos: _Optional[_Iterable[_Union[IndexInfo, _Mapping]]] = ..., load_state: _Optional[str] = ..., backup_physical_timestamp: _Optional[int] = ..., channel_checkpoints: _Optional[_Mapping[str, str]] = ..., l0_segments: _Optional[_Iterable[_Union[SegmentBackupInfo, _Mapping]]] = ..., properties: _Optional[_Iterable[_Union[KeyValuePair, _Mapping]]] = ..., aliases: _Optional[_Iterable[str]] = ..., snapshot_backup: _Optional[_Union[SnapshotBackupInfo, _Mapping]] = ...) -> None: ...

class SnapshotBackupInfo(_message.Message):
    __slots__ = ("metadata_path", "total_files", "total_bytes")
    METADATA_PATH_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FILES_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    metadata_path: str
    total_files: int
    total_bytes: int
    def __init__(self, metadata_path: _Optional[str] = ..., total_files: _Optional[int] = ..., total_bytes: _Optional[int] = ...) -> None: ...

class PartitionBackupInfo(_message.Message):
    __slots__ = ("partition_id", "partition_name", "collection_id", "segment_backups", "size", "load_state")
    PARTITION_ID_FIELD_NUMBER: _ClassVar[int]
    PARTITION_NAME_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_ID_FIELD_NUMBER: _ClassVar[int]
    SEGMENT_BACKUPS_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    LOAD_STATE_FIELD_NUMBER: _ClassVar[int]
    partition_id: int
    partition_name: str
    collection_id: int
    segment_backups: _containers.RepeatedCompositeFieldContainer[SegmentBackupInfo]
    size: int
    load_state: str
    def __init__(self, partition_id: _Optional[int] = ..., partition_name: _Optional[str] = ..., collection_id: _Optional[int] = ..., segment_backups: _Optional[_Iterable[_Union[SegmentBackupInfo, _Mapping]]] = ..., size: _Optional[int] = ..., load_state: _Optional[str] = ...) -> None: ...

class SegmentBackupInfo(_message.Message):
    __slots__ = ("segment_id", "collection_id", "partition_id", "num_of_rows", "binlogs", "statslogs", "deltalogs", "size", "group_id", "backuped", "is_l0", "v_channel", "storage_version")
    SEGMENT_ID_FIELD_NUMBER: _ClassVar[int]
    COLLECTION_ID_FIELD_NUMBER: _ClassVar[int]
    PARTITION_ID_FIELD_NUMBER: _ClassVar[int]
    NUM_OF_ROWS_FIELD_NUMBER: _ClassVar[int]
    BINLOGS_FIELD_NUMBER: _ClassVar[int]
    STATSLOGS_FIELD_NUMBER: _ClassVar[int]
    DELTALOGS_FIELD_NUMBER: _ClassVar[int]
    SIZE_FIELD_NUMBER: _ClassVar[int]
    GROUP_ID_FIELD_NUMBER: _ClassVar[int]
    BACKUPED_FIELD_NUMBER: _ClassVar[int]
    IS_L0_FIELD_NUMBER: _ClassVar[int]
    V_CHANNEL_FIELD_NUMBER: _ClassVar[int]
    STORAGE_VERSION_FIELD_NUMBER: _ClassVar[int]
    segment_id: int
    collection_id: int
    partition_id: int
    num_of_rows: int
    binlogs: _containers.RepeatedCompositeFieldContainer[FieldBinlog]
    statslogs: _containers.RepeatedCompositeFieldContainer[FieldBinlog]
    deltalogs: _containers.RepeatedCompositeFieldContainer[FieldBinlog]
    size: int
    group_id: int
    backuped: bool
    is_l0: bool
    v_channel: str
    storage_version: int
    def __init__(self, segment_id: _Optional[int] = ..., collection_id: _Optional[int] = ..., partition_id: _Optional[int] = ..., num_of_rows: _Optional[int] = ..., binlogs: _Optional[_Iterable[_Union[FieldBinlog, _Mapping]]] = ..., statslogs: _Optional[_Iterable[_Union[FieldBinlog, _Mapping]]] = ..., deltalogs: _Optional[_Iterable[_Union[FieldBinlog, _Mapping]]] = ..., size: _Optional[int] = ..., group_id: _Optional[int] = ..., backuped: _Optional[bool] = ..., is_l0: _Optional[bool] = ..., v_channel: _Optional[str] = ..., storage_version: _Optional[int] = ...) -> None: ...

class FieldBinlog(_message.Message):
    __slots__ = ("fieldID", "binlogs")
    FIELDID_FIELD_NUMBER: _ClassVar[int]
    BINLOGS_FIELD_NUMBER: _ClassVar[int]
    fieldID: int
    binlogs: _containers.RepeatedCompositeFieldContainer[Binlog]
    def __init__(self, fieldID: _Optional[int] = ..., binlogs: _Optional[_Iterable[_Union[Binlog, _Mapping]]] = ...) -> None: ...

class Binlog(_message.Message):
    __slots__ = ("entries_num", "timestamp_from", "timestamp_to", "log_path", "log_size", "log_id")
    ENTRIES_NUM_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FROM_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_TO_FIELD_NUMBER: _ClassVar[int]
    LOG_PATH_FIELD_NUMBER: _ClassVar[int]
    LOG_SIZE_FIELD_NUMBER: _ClassVar[int]
    LOG_ID_FIELD_NUMBER: _ClassVar[int]
    entries_num: int
    timestamp_from: int
    timestamp_to: int
    log_path: str
    log_size: int
    log_id: int
    def __init__(self, entries_num: _Optional[int] = ..., timestamp_from: _Optional[int] = ..., timestamp_to: _Optional[int] = ..., log_path: _Optional[str] = ..., log_size: _Optional[int] = ..., log_id: _Optional[int] = ...) -> None: ...

class IndexInfo(_message.Message):
    __slots__ = ("field_name", "index_name", "index_type", "params")
    class ParamsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    FIELD_NAME_FIELD_NUMBER: _ClassVar[int]
    INDEX_NAME_FIELD_NUMBER: _ClassVar[int]
    INDEX_TYPE_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    field_name: str
    index_name: str
    index_type: str
    params: _containers.ScalarMap[str, str]
    def __init__(self, field_name: _Optional[str] = ..., index_name: _Optional[str] = ..., index_type: _Optional[str] = ..., params: _Optional[_Mapping[str, str]] = ...) -> None: ...

class RPCChannelInfo(_message.Message):
    __slots__ = ("name", "position")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    name: str
    position: str
    def __init__(self, name: _Optional[str] = ..., position: _Optional[str] = ...) -> None: ...

class CollectionLevelBackupInfo(_message.Message):
    __slots__ = ("infos",)
    INFOS_FIELD_NUMBER: _ClassVar[int]
    infos: _containers.RepeatedCompositeFieldContainer[CollectionBackupInfo]
    def __init__(self, infos: _Optional[_Iterable[_Union[CollectionBackupInfo, _Mapping]]] = ...) -> None: ...

class PartitionLevelBackupInfo(_message.Message):
    __slots__ = ("infos",)
    INFOS_FIELD_NUMBER: _ClassVar[int]
    infos: _containers.RepeatedCompositeFieldContainer[PartitionBackupInfo]
    def __init__(self, infos: _Optional[_Iterable[_Union[PartitionBackupInfo, _Mapping]]] = ...) -> None: ...

class SegmentLevelBackupInfo(_message.Message):
    __slots__ = ("infos",)
    INFOS_FIELD_NUMBER: _ClassVar[int]
    infos: _containers.RepeatedCompositeFieldContainer[SegmentBackupInfo]
    def __init__(self, infos: _Optional[_Iterable[_Union[SegmentBackupInfo, _Mapping]]] = ...) -> None: ...

class MsgPosition(_message.Message):
    __slots__ = ("channel_name", "msgID", "msgGroup", "timestamp")
    CHANNEL_NAME_FIELD_NUMBER: _ClassVar[int]
    MSGID_FIELD_NUMBER: _ClassVar[int]
    MSGGROUP_FIELD_NUMBER: _ClassVar[int]
    TIMESTAMP_FIELD_NUMBER: _ClassVar[int]
    channel_name: str
    msgID: bytes
    msgGroup: str
    timestamp: int
    def __init__(self, channel_name: _Optional[str] = ..., msgID: _Optional[bytes] = ..., msgGroup: _Optional[str] = ..., timestamp: _Optional[int] = ...) -> None: ...

class ChannelPosition(_message.Message):
    __slots__ = ("name", "position")
    NAME_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    name: str
    position: str
    def __init__(self, name: _Optional[str] = ..., position: _Optional[str] = ...) -> None: ...

class KeyValuePair(_message.Message):
    __slots__ = ("key", "value")
    KEY_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    key: str
    value: str
    def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...

class ValueField(_message.Message):
    __slots__ = ("bool_data", "int_data", "long_data", "float_data", "double_data", "string_data", "bytes_data")
    BOOL_DATA_FIELD_NUMBER: _ClassVar[int]
    INT_DATA_FIELD_NUMBER: _ClassVar[int]
    LONG_DATA_FIELD_NUMBER: _ClassVar[int]
    FLOAT_DATA_FIELD_NUMBER: _ClassVar[int]
    DOUBLE_DATA_FIELD_NUMBER: _ClassVar[int]
    STRING_DATA_FIELD_NUMBER: _ClassVar[int]
    BYTES_DATA_FIELD_NUMBER: _ClassVar[int]
    bool_data: bool
    int_data: int
    long_data: int
    float_data: float
    double_data: float
    string_data: str
    bytes_data: bytes
    def __init__(self, bool_data: _Optional[bool] = ..., int_data: _Optional[int] = ..., long_data: _Optional[int] = ..., float_data: _Optional[float] = ..., double_data: _Optional[float] = ..., string_data: _Optional[str] = ..., bytes_data: _Optional[bytes] = ...) -> None: ...

class CollectionSchema(_message.Message):
    __slots__ = ("name", "description", "autoID", "fields", "enable_dynamic_field", "properties", "functions", "struct_array_fields")
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    AUTOID_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    ENABLE_DYNAMIC_FIELD_FIELD_NUMBER: _ClassVar[int]
    PROPERTIES_FIELD_NUMBER: _ClassVar[int]
    FUNCTIONS_FIELD_NUMBER: _ClassVar[int]
    STRUCT_ARRAY_FIELDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    description: str
    autoID: bool
    fields: _containers.RepeatedCompositeFieldContainer[FieldSchema]
    enable_dynamic_field: bool
    properties: _containers.RepeatedCompositeFieldContainer[KeyValuePair]
    functions: _containers.RepeatedCompositeFieldContainer[FunctionSchema]
    struct_array_fields: _containers.RepeatedCompositeFieldContainer[StructArrayFieldSchema]
    def __init__(self, name: _Optional[str] = ..., description: _Optional[str] = ..., autoID: _Optional[bool] = ..., fields: _Optional[_Iterable[_Union[FieldSchema, _Mapping]]] = ..., enable_dynamic_field: _Optional[bool] = ..., properties: _Optional[_Iterable[_Union[KeyValuePair, _Mapping]]] = ..., functions: _Optional[_Iterable[_Union[FunctionSchema, _Mapping]]] = ..., struct_array_fields: _Optional[_Iterable[_Union[StructArrayFieldSchema, _Mapping]]] = ...) -> None: ...

class FieldSchema(_message.Message):
    __slots__ = ("fieldID", "name", "is_primary_key", "description", "data_type", "type_params", "index_params", "autoID", "state", "element_type", "default_value", "is_dynamic", "is_partition_key", "nullable", "default_value_proto", "is_function_output", "default_value_base64", "is_clustering_key")
    FIELDID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    IS_PRIMARY_KEY_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    DATA_TYPE_FIELD_NUMBER: _ClassVar[int]
    TYPE_PARAMS_FIELD_NUMBER: _ClassVar[int]
    INDEX_PARAMS_FIELD_NUMBER: _ClassVar[int]
    AUTOID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ELEMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_VALUE_FIELD_NUMBER: _ClassVar[int]
    IS_DYNAMIC_FIELD_NUMBER: _ClassVar[int]
    IS_PARTITION_KEY_FIELD_NUMBER: _ClassVar[int]
    NULLABLE_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_VALUE_PROTO_FIELD_NUMBER: _ClassVar[int]
    IS_FUNCTION_OUTPUT_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_VALUE_BASE64_FIELD_NUMBER: _ClassVar[int]
    IS_CLUSTERING_KEY_FIELD_NUMBER: _ClassVar[int]
    fieldID: int
    name: str
    is_primary_key: bool
    description: str
    data_type: DataType
    type_params: _containers.RepeatedCompositeFieldContainer[KeyValuePair]
    index_params: _containers.RepeatedCompositeFieldContainer[KeyValuePair]
    autoID: bool
    state: FieldState
    element_type: DataType
    default_value: ValueField
    is_dynamic: bool
    is_partition_key: bool
    nullable: bool
    default_value_proto: str
    is_function_output: bool
    default_value_base64: str
    is_clustering_key: bool
    def __init__(self, fieldID: _Optional[int] = ..., name: _Optional[str] = ..., is_primary_key: _Optional[bool] = ..., description: _Optional[str] = ..., data_type: _Optional[_Union[DataType, str]] = ..., type_params: _Optional[_Iterable[_Union[KeyValuePair, _Mapping]]] = ..., index_params: _Optional[_Iterable[_Union[KeyValuePair, _Mapping]]] = ..., autoID: _Optional[bool] = ..., state: _Optional[_Union[FieldState, str]] = ..., element_type: _Optional[_Union[DataType, str]] = ..., default_value: _Optional[_Union[ValueField, _Mapping]] = ..., is_dynamic: _Optional[bool] = ..., is_partition_key: _Optional[bool] = ..., nullable: _Optional[bool] = ..., default_value_proto: _Optional[str] = ..., is_function_output: _Optional[bool] = ..., default_value_base64: _Optional[str] = ..., is_clustering_key: _Optional[bool] = ...) -> None: ...

class FunctionSchema(_message.Message):
    __slots__ = ("name", "id", "description", "type", "input_field_names", "input_field_ids", "output_field_names", "output_field_ids", "params")
    NAME_FIELD_NUMBER: _ClassVar[int]
    ID_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_NAMES_FIELD_NUMBER: _ClassVar[int]
    INPUT_FIELD_IDS_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NAMES_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_IDS_FIELD_NUMBER: _ClassVar[int]
    PARAMS_FIELD_NUMBER: _ClassVar[int]
    name: str
    id: int
    description: str
    type: FunctionType
    input_field_names: _containers.RepeatedScalarFieldContainer[str]
    input_field_ids: _containers.RepeatedScalarFieldContainer[int]
    output_field_names: _containers.RepeatedScalarFieldContainer[str]
    output_field_ids: _containers.RepeatedScalarFieldContainer[int]
    params: _containers.RepeatedCompositeFieldContainer[KeyValuePair]
    def __init__(self, name: _Optional[str] = ..., id: _Optional[int] = ..., description: _Optional[str] = ..., type: _Optional[_Union[FunctionType, str]] = ..., input_field_names: _Optional[_Iterable[str]] = ..., input_field_ids: _Optional[_Iterable[int]] = ..., output_field_names: _Optional[_Iterable[str]] = ..., output_field_ids: _Optional[_Iterable[int]] = ..., params: _Optional[_Iterable[_Union[KeyValuePair, _Mapping]]] = ...) -> None: ...

class StructArrayFieldSchema(_message.Message):
    __slots__ = ("fieldID", "name", "description", "fields")
    FIELDID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    FIELDS_FIELD_NUMBER: _ClassVar[int]
    fieldID: int
    name: str
    description: str
    fields: _containers.RepeatedCompositeFieldContainer[FieldSchema]
    def __init__(self, fieldID: _Optional[int] = ..., name: _Optional[str] = ..., description: _Optional[str] = ..., fields: _Optional[_Iterable[_Union[FieldSchema, _Mapping]]] = ...) -> None: ...

class RBACMeta(_message.Message):
    __slots__ = ("users", "roles", "grants", "privilege_groups")
    USERS_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    GRANTS_FIELD_NUMBER: _ClassVar[int]
    PRIVILEGE_GROUPS_FIELD_NUMBER: _ClassVar[int]
    users: _containers.RepeatedCompositeFieldContainer[UserInfo]
    roles: _containers.RepeatedCompositeFieldContainer[RoleEntity]
    grants: _containers.RepeatedCompositeFieldContainer[GrantEntity]
    privilege_groups: _containers.RepeatedCompositeFieldContainer[PrivilegeGroupInfo]
    def __init__(self, users: _Optional[_Iterable[_Union[UserInfo, _Mapping]]] = ..., roles: _Optional[_Iterable[_Union[RoleEntity, _Mapping]]] = ..., grants: _Optional[_Iterable[_Union[GrantEntity, _Mapping]]] = ..., privilege_groups: _Optional[_Iterable[_Union[PrivilegeGroupInfo, _Mapping]]] = ...) -> None: ...

class UserInfo(_message.Message):
    __slots__ = ("user", "password", "roles")
    USER_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    ROLES_FIELD_NUMBER: _ClassVar[int]
    user: str
    password: str
    roles: _containers.RepeatedCompositeFieldContainer[RoleEntity]
    def __init__(self, user: _Optional[str] = ..., password: _Optional[str] = ..., roles: _Optional[_Iterable[_Union[RoleEntity, _Mapping]]] = ...) -> None: ...

class RoleEntity(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class UserEntity(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class ObjectEntity(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class PrivilegeEntity(_message.Message):
    __slots__ = ("name",)
    NAME_FIELD_NUMBER: _ClassVar[int]
    name: str
    def __init__(self, name: _Optional[str] = ...) -> None: ...

class GrantorEntity(_message.Message):
    __slots__ = ("user", "privilege")
    USER_FIELD_NUMBER: _ClassVar[int]
    PRIVILEGE_FIELD_NUMBER: _ClassVar[int]
    user: UserEntity
    privilege: PrivilegeEntity
    def __init__(self, user: _Optional[_Union[UserEntity, _Mapping]] = ..., privilege: _Optional[_Union[PrivilegeEntity, _Mapping]] = ...) -> None: ...

class GrantPrivilegeEntity(_message.Message):
    __slots__ = ("entities",)
    ENTITIES_FIELD_NUMBER: _ClassVar[int]
    entities: _containers.RepeatedCompositeFieldContainer[GrantorEntity]
    def __init__(self, entities: _Optional[_Iterable[_Union[GrantorEntity, _Mapping]]] = ...) -> None: ...

class GrantEntity(_message.Message):
    __slots__ = ("role", "object", "object_name", "grantor", "db_name")
    ROLE_FIELD_NUMBER: _ClassVar[int]
    OBJECT_FIELD_NUMBER: _ClassVar[int]
    OBJECT_NAME_FIELD_NUMBER: _ClassVar[int]
    GRANTOR_FIELD_NUMBER: _ClassVar[int]
    DB_NAME_FIELD_NUMBER: _ClassVar[int]
    role: RoleEntity
    object: ObjectEntity
    object_name: str
    grantor: GrantorEntity
    db_name: str
    def __init__(self, role: _Optional[_Union[RoleEntity, _Mapping]] = ..., object: _Optional[_Union[ObjectEntity, _Mapping]] = ..., object_name: _Optional[str] = ..., grantor: _Optional[_Union[GrantorEntity, _Mapping]] = ..., db_name: _Optional[str] = ...) -> None: ...

class PrivilegeGroupInfo(_message.Message):
    __slots__ = ("group_name", "privileges")
    GROUP_NAME_FIELD_NUMBER: _ClassVar[int]
    PRIVILEGES_FIELD_NUMBER: _ClassVar[int]
    group_name: str
    privileges: _containers.RepeatedCompositeFieldContainer[PrivilegeEntity]
    def __init__(self, group_name: _Optional[str] = ..., privileges: _Optional[_Iterable[_Union[PrivilegeEntity, _Mapping]]] = ...) -> None: ...
