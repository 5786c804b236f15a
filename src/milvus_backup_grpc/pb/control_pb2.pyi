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

class Policy(_message.Message):
    __slots__ = ("name", "collections", "schedule", "time_zone", "kind", "name_template", "keep_last", "keep_hourly", "keep_daily", "keep_weekly", "keep_monthly", "keep_within", "min_count", "created_ms", "updated_ms")
    NAME_FIELD_NUMBER: _ClassVar[int]
    COLLECTIONS_FIELD_NUMBER: _ClassVar[int]
    SCHEDULE_FIELD_NUMBER: _ClassVar[int]
    TIME_ZONE_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    NAME_TEMPLATE_FIELD_NUMBER: _ClassVar[int]
    KEEP_LAST_FIELD_NUMBER: _ClassVar[int]
    KEEP_HOURLY_FIELD_NUMBER: _ClassVar[int]
    KEEP_DAILY_FIELD_NUMBER: _ClassVar[int]
    KEEP_WEEKLY_FIELD_NUMBER: _ClassVar[int]
    KEEP_MONTHLY_FIELD_NUMBER: _ClassVar[int]
    KEEP_WITHIN_FIELD_NUMBER: _ClassVar[int]
    MIN_COUNT_FIELD_NUMBER: _ClassVar[int]
    CREATED_MS_FIELD_NUMBER: _ClassVar[int]
    UPDATED_MS_FIELD_NUMBER: _ClassVar[int]
    name: str
    collections: _containers.RepeatedScalarFieldContainer[str]
    schedule: str
    time_zone: str
    kind: str
    name_template: str
    keep_last: int
    keep_hourly: int
    keep_daily: int
    keep_weekly: int
    keep_monthly: int
    keep_within: str
    min_count: int
    created_ms: int
    updated_ms: int
    def __init__(self, name: _Optional[str] = ..., collections: _Optional[_Iterable[str]] = ..., schedule: _Optional[str] = ..., time_zone: _Optional[str] = ..., kind: _Optional[str] = ..., name_template: _Optional[str] = ..., keep_last: _Optional[int] = ..., keep_hourly: _Optional[int] = ..., keep_daily: _Optional[int] = ..., keep_weekly: _Optional[int] = ..., keep_monthly: _Optional[int] = ..., keep_within: _Optional[str] = ..., min_count: _Optional[int] = ..., created_ms: _Optional[int] = ..., updated_ms: _Optional[int] = ...) -> None: ...

class PolicyStatus(_message.Message):
    __slots__ = ("policy", "next_run_ms", "last_run_ms", "last_success_ms", "last_outcome", "stale")
    POLICY_FIELD_NUMBER: _ClassVar[int]
    NEXT_RUN_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_RUN_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_SUCCESS_MS_FIELD_NUMBER: _ClassVar[int]
    LAST_OUTCOME_FIELD_NUMBER: _ClassVar[int]
    STALE_FIELD_NUMBER: _ClassVar[int]
    policy: Policy
    next_run_ms: int
    last_run_ms: int
    last_success_ms: int
    last_outcome: str
    stale: bool
    def __init__(self, policy: _Optional[_Union[Policy, _Mapping]] = ..., next_run_ms: _Optional[int] = ..., last_run_ms: _Optional[int] = ..., last_success_ms: _Optional[int] = ..., last_outcome: _Optional[str] = ..., stale: _Optional[bool] = ...) -> None: ...

class PolicyRun(_message.Message):
    __slots__ = ("policy_name", "backup_name", "start_ms", "end_ms", "bytes", "outcome", "error_message", "trigger", "due_ms", "runner", "pruned")
    POLICY_NAME_FIELD_NUMBER: _ClassVar[int]
    BACKUP_NAME_FIELD_NUMBER: _ClassVar[int]
    START_MS_FIELD_NUMBER: _ClassVar[int]
    END_MS_FIELD_NUMBER: _ClassVar[int]
    BYTES_FIELD_NUMBER: _ClassVar[int]
    OUTCOME_FIELD_NUMBER: _ClassVar[int]
    ERROR_MESSAGE_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_FIELD_NUMBER: _ClassVar[int]
    DUE_MS_FIELD_NUMBER: _ClassVar[int]
    RUNNER_FIELD_NUMBER: _ClassVar[int]
    PRUNED_FIELD_NUMBER: _ClassVar[int]
    policy_name: str
    backup_name: str
    start_ms: int
    end_ms: int
    bytes: int
    outcome: str
    error_message: str
    trigger: str
    due_ms: int
    runner: str
    pruned: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, policy_name: _Optional[str] = ..., backup_name: _Optional[str] = ..., start_ms: _Optional[int] = ..., end_ms: _Optional[int] = ..., bytes: _Optional[int] = ..., outcome: _Optional[str] = ..., error_message: _Optional[str] = ..., trigger: _Optional[str] = ..., due_ms: _Optional[int] = ..., runner: _Optional[str] = ..., pruned: _Optional[_Iterable[str]] = ...) -> None: ...

class CreatePolicyRequest(_message.Message):
    __slots__ = ("requestId", "policy")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    policy: Policy
    def __init__(self, requestId: _Optional[str] = ..., policy: _Optional[_Union[Policy, _Mapping]] = ...) -> None: ...

class UpdatePolicyRequest(_message.Message):
    __slots__ = ("requestId", "policy")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    POLICY_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    policy: Policy
    def __init__(self, requestId: _Optional[str] = ..., policy: _Optional[_Union[Policy, _Mapping]] = ...) -> None: ...

class PolicyResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "data")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    data: PolicyStatus
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ..., data: _Optional[_Union[PolicyStatus, _Mapping]] = ...) -> None: ...

class DeletePolicyRequest(_message.Message):
    __slots__ = ("requestId", "name")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    name: str
    def __init__(self, requestId: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class DeletePolicyResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ...) -> None: ...

class ListPoliciesRequest(_message.Message):
    __slots__ = ("requestId",)
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    def __init__(self, requestId: _Optional[str] = ...) -> None: ...

class ListPoliciesResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "policies")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    POLICIES_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    policies: _containers.RepeatedCompositeFieldContainer[PolicyStatus]
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ..., policies: _Optional[_Iterable[_Union[PolicyStatus, _Mapping]]] = ...) -> None: ...

class GetPolicyRequest(_message.Message):
    __slots__ = ("requestId", "name")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    name: str
    def __init__(self, requestId: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class RunPolicyNowRequest(_message.Message):
    __slots__ = ("requestId", "name")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    name: str
    def __init__(self, requestId: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class RunPolicyNowResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "run")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    RUN_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    run: PolicyRun
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ..., run: _Optional[_Union[PolicyRun, _Mapping]] = ...) -> None: ...

class ListPolicyRunsRequest(_message.Message):
    __slots__ = ("requestId", "name", "limit")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    LIMIT_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    name: str
    limit: int
    def __init__(self, requestId: _Optional[str] = ..., name: _Optional[str] = ..., limit: _Optional[int] = ...) -> None: ...

class ListPolicyRunsResponse(_message.Message):
    __slots__ = ("requestId", "code", "msg", "runs")
    REQUESTID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    MSG_FIELD_NUMBER: _ClassVar[int]
    RUNS_FIELD_NUMBER: _ClassVar[int]
    requestId: str
    code: _backup_pb2.ResponseCode
    msg: str
    runs: _containers.RepeatedCompositeFieldContainer[PolicyRun]
    def __init__(self, requestId: _Optional[str] = ..., code: _Optional[_Union[_backup_pb2.ResponseCode, str]] = ..., msg: _Optional[str] = ..., runs: _Optional[_Iterable[_Union[PolicyRun, _Mapping]]] = ...) -> None: ...
