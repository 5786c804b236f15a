from . import backup_pb2 as _backup_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TaskKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_KIND_UNSPECIFIED: _ClassVar[TaskKind]
    TASK_KIND_BACKUP: _ClassVar[TaskKind]
    TASK_KIND_RESTORE: _ClassVar[TaskKind]

class TaskState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TASK_STATE_UNSPECIFIED: _ClassVar[TaskState]
    TASK_STATE_RUNNING: _ClassVar[TaskState]
    TASK_STATE_INTERRUPTED: _ClassVar[TaskState]
    TASK_STATE_SUCCESS: _ClassVar[TaskState]
    TASK_STATE_FAILED: _ClassVar[TaskState]
    TASK_STATE_CANCELLED: _ClassVar[TaskState]
TASK_KIND_UNSPECIFIED: TaskKind
TASK_KIND_BACKUP: TaskKind
TASK_KIND_RESTORE: TaskKind
TASK_STATE_UNSPECIFIED: TaskState
TASK_STATE_RUNNING: TaskState
TASK_STATE_INTERRUPTED: TaskState
TASK_STATE_SUCCESS: TaskState
TASK_STATE_FAILED: TaskState
TASK_STATE_CANCELLED: TaskState

class TaskOwner(_message.Message):
    __slots__ = ("host", "pid", "process_id")
    HOST_FIELD_NUMBER: _ClassVar[int]
    PID_FIELD_NUMBER: _ClassVar[int]
    PROCESS_ID_FIELD_NUMBER: _ClassVar[int]
    host: str
    pid: int
    process_id: str
    def __init__(self, host: _Optional[str] = ..., pid: _Optional[int] = ..., process_id: _Optional[str] = ...) -> None: ...

class TaskInfo(_message.Message):
    __slots__ = ("kind", "task_id", "backup_name", "state", "phase", "owner", "start_time_ms", "end_time_ms", "bytes_done", "bytes_total", "objects_done", "objects_total", "rate_bytes_per_second", "eta_seconds", "error_message", "cancel_requested", "progress")
    KIND_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    PHASE_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    START_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    END_TIME_MS_FIELD_NUMBER: _ClassVar[int]
    BYTES_DONE_FIELD_NUMBER: _ClassVar[int]
    BYTES_TOTAL_FIELD_NUMBER: _ClassVar[int]
    OBJECTS_DONE_FIELD_NUMBER: _ClassVar[int]
    OBJECTS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    RATE_BYTES_PER_SECOND_FIELD_NUMBER: _ClassVar[int]
    ETA_SECONDS_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_REQUESTED_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    kind: TaskKind
    task_id: str
    backup_name: str
    state: TaskState
    phase: str
    owner: TaskOwner
    start_time_ms: int
    end_time_ms: int
    bytes_done: int
    bytes_total: int
    objects_done: int
    objects_total: int
    rate_bytes_per_second: float
    eta_seconds: int
    error_message: str
    cancel_requested: bool
    progress: int
    def __init__(self, kind: _Optional[_Union[TaskKind, str]] = ..., task_id: _Optional[str] = ..., backup_name: _Optional[str] = ..., state: _Optional[_Union[TaskState, str]] = ..., phase: _Optional[str] = ..., owner: _Optional[_Union[TaskOwner, _Mapping]] = ..., start_time_ms: _Optional[int] = ..., end_time_ms: _Optional[int] = ..., bytes_done: _Optional[int] = ..., bytes_total: _Optional[int] = ..., objects_done: _Optional[int] = ..., objects_total: _Optional[int] = ..., rate_bytes_per_second: _Optional[float] = ..., eta_seconds: _Optional[int] = ..., error_message: _Optional[str] = ..., cancel_requested: _Optional[bool] = ..., progress: _Optional[int] = ...) -> None: ...

class ListTasksRequest(_message.Message):
    __slots__ = ("requestId", "kind", "include_finished")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_FINISHED_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    kind: TaskKind
    include_finished: bool
    def __init__(self, requestId: _Optional[str] = ..., kind: _Optional[_Union[TaskKind, str]] = ..., include_finished: _Optional[bool] = ...) -> None: ...

class ListTasksResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "tasks")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    TASKS_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    tasks: _containers.RepeatedCompositeFieldContainer[TaskInfo]
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ..., tasks: _Optional[_Iterable[_Union[TaskInfo, _Mapping]]] = ...) -> None: ...

class CancelTaskRequest(_message.Message):
    __slots__ = ("requestId", "backup_name", "task_id")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    backup_name: str
    task_id: str
    def __init__(self, requestId: _Optional[str] = ..., backup_name: _Optional[str] = ..., task_id: _Optional[str] = ...) -> None: ...

class CancelTaskResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "data")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    data: TaskInfo
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ..., data: _Optional[_Union[TaskInfo, _Mapping]] = ...) -> None: ...

class ResumeTaskRequest(_message.Message):
    __slots__ = ("requestId", "backup_name", "task_id")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    TASK_ID_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    backup_name: str
    task_id: str
    def __init__(self, requestId: _Optional[str] = ..., backup_name: _Optional[str] = ..., task_id: _Optional[str] = ...) -> None: ...

class ResumeTaskResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "data")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    data: TaskInfo
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ..., data: _Optional[_Union[TaskInfo, _Mapping]] = ...) -> None: ...
