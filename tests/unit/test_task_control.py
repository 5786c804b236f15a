"""Task views, list_tasks and cancel (the control service's engine side), and its doors' checks.

Records are written to local storage as a backup or restore of another process writes them; no
Milvus is needed, since listing and cancelling never reach it.
"""

from __future__ import annotations

import json

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.api import convert
from milvus_backup_grpc.api.grpc_server import BackupServicer, ControlServicer
from milvus_backup_grpc.api.rest import Request, RestApi
from milvus_backup_grpc.engine import control, tasks
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.engine.tasks import (
    BackupTask,
    NotCancellable,
    RestoreCollectionTask,
    RestoreTask,
    TaskKind,
    TaskState,
    task_view,
)
from milvus_backup_grpc.errors import NotFoundError, RequestError
from milvus_backup_grpc.layout import codec
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import control_pb2 as cpb


def _record_backup(service: BackupService, name: str, task_id: str, state: int,
                   error: str = "", start: int = 1_000_000) -> None:
    """A backup task record as another process writes it (times in ms)."""
    layout = service.catalog().layout(name)
    record = model.BackupInfo(id=task_id, name=name, state_code=state,  # type: ignore[arg-type]
                              errorMessage=error, start_time=start, progress=40)
    service.backup_storage.write_bytes(layout.task_record, codec.dumps(record))


def _restore(task_id: str, state: int = model.RESTORE_EXECUTING, start: int = 500) -> RestoreTask:
    coll = RestoreCollectionTask("c1", "default", "a", "default", "a_r", size=10)
    return RestoreTask(task_id, "nightly", [coll], state=state, start_time=start)


# -- task_view ----------------------------------------------------------------------------------


def test_a_running_record_without_a_live_task_is_interrupted() -> None:
    record = model.BackupInfo(id="t1", name="b", state_code=model.BACKUP_EXECUTING,
                              start_time=1_000, progress=30)
    view = task_view(record, backup_name="b", now=61_000)
    assert (view.kind, view.state, view.progress) == (TaskKind.BACKUP, TaskState.INTERRUPTED, 30)
    assert (view.bytes_done, view.rate_bytes_per_second, view.eta_seconds) == (0, 0.0, -1)
    assert view.end_time_ms == 0 and not view.cancel_requested


def test_a_live_task_shows_its_bytes_rate_and_eta() -> None:
    task = BackupTask(id="t1", name="b", state=model.BACKUP_EXECUTING, start_time=1_000)
    task.phase, task.bytes_done, task.bytes_total = "copying binlogs", 300, 1_200
    task.objects_done, task.objects_total = 3, 12
    view = task_view(task.summary(), backup_name="b", live=task, now=11_000)
    assert view.state is TaskState.RUNNING and view.phase == "copying binlogs"
    assert (view.bytes_done, view.bytes_total, view.objects_done, view.objects_total) == (
        300, 1_200, 3, 12)
    assert view.rate_bytes_per_second == 30.0  # 300 bytes in 10 s
    assert view.eta_seconds == 30  # 900 bytes left at 30 B/s


def test_a_restore_records_times_in_seconds_shown_in_ms() -> None:
    task = _restore("r1", state=model.RESTORE_SUCCESS, start=500)
    task.end_time = 560
    view = task_view(task.response(), backup_name="nightly")
    assert (view.kind, view.state) == (TaskKind.RESTORE, TaskState.SUCCESS)
    assert (view.start_time_ms, view.end_time_ms, view.eta_seconds) == (500_000, 560_000, 0)


def test_a_cancelled_task_reads_cancelled_live_or_from_its_record() -> None:
    task = BackupTask(id="t1", name="b", state=model.BACKUP_EXECUTING)
    task.cancel_event.set()
    asked = task_view(task.summary(), backup_name="b", live=task)
    assert asked.state is TaskState.RUNNING and asked.cancel_requested
    task.state = model.BACKUP_FAIL
    assert task_view(task.summary(), backup_name="b", live=task).state is TaskState.CANCELLED
    recorded = model.BackupInfo(id="t2", name="c", state_code=model.BACKUP_FAIL,
                                errorMessage="cancelled on request; its partial objects ...")
    assert task_view(recorded, backup_name="c").state is TaskState.CANCELLED
    failed = model.BackupInfo(id="t3", name="d", state_code=model.BACKUP_FAIL,
                              errorMessage="storage refused the write")
    assert task_view(failed, backup_name="d").state is TaskState.FAILED


# -- list_tasks ---------------------------------------------------------------------------------


def test_list_tasks_joins_this_process_and_the_records(service: BackupService) -> None:
    _record_backup(service, "elsewhere", "t-else", model.BACKUP_EXECUTING, start=3_000)
    _record_backup(service, "no_meta", "t-nometa", model.BACKUP_SUCCESS, start=2_000)
    live = service.tasks.start_backup("here")
    live.state = model.BACKUP_EXECUTING
    _record_backup(service, "here", live.id, model.BACKUP_EXECUTING)  # its own record
    # a restore of a stopped process, recorded before leases existed
    service.backup_storage.write_bytes(service.restore_records().prefix + "r-old.json",
                                       codec.dumps(_restore("r-old").response()))
    running = [(v.task_id, v.state) for v in service.list_tasks()]
    assert sorted(running) == sorted([(live.id, TaskState.RUNNING),
                                      ("t-else", TaskState.INTERRUPTED),
                                      ("r-old", TaskState.INTERRUPTED)])
    everything = {v.task_id: v for v in service.list_tasks(include_finished=True)}
    assert everything["t-nometa"].state is TaskState.FAILED
    assert "metadata is missing" in everything["t-nometa"].error
    assert [v.task_id for v in service.list_tasks(TaskKind.RESTORE)] == ["r-old"]
    assert {v.kind for v in service.list_tasks(TaskKind.BACKUP, True)} == {TaskKind.BACKUP}


def test_list_tasks_of_an_empty_root_is_empty(service: BackupService) -> None:
    assert service.list_tasks(include_finished=True) == []


# -- cancel -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "task_id", "message"), [
    ("b", "t", "exactly one of backup_name and task_id"),
    ("", "", "exactly one of backup_name and task_id"),
    ("", "../etc", "may contain only letters"),
    ("bad/name", "", "invalid backup name"),
])
def test_cancel_refuses_bad_input(service: BackupService, name: str, task_id: str,
                                  message: str) -> None:
    with pytest.raises(RequestError, match=message):
        service.cancel(name, task_id)


def test_cancel_of_an_unknown_task_is_not_found(service: BackupService) -> None:
    with pytest.raises(NotFoundError, match="no task with id 'nope'"):
        service.cancel(task_id="nope")
    with pytest.raises(NotFoundError, match="no backup task named 'nope'"):
        service.cancel(backup_name="nope")


def test_cancel_of_a_finished_task_is_refused_and_changes_nothing(service: BackupService) -> None:
    task = service.tasks.start_backup("done")
    task.state = model.BACKUP_SUCCESS
    with pytest.raises(NotCancellable, match=r"already ended \(success\)") as refused:
        service.cancel(backup_name="done")
    assert refused.value.view is not None and refused.value.view.task_id == task.id
    assert not task.cancelled


def test_cancel_of_a_task_whose_process_stopped_says_so(service: BackupService) -> None:
    _record_backup(service, "elsewhere", "t-else", model.BACKUP_EXECUTING)  # no live lease
    with pytest.raises(NotCancellable, match="stopped before it finished") as refused:
        service.cancel(backup_name="elsewhere")
    assert refused.value.view is not None
    assert refused.value.view.state is TaskState.INTERRUPTED
    with pytest.raises(NotCancellable, match="task t-else is not running"):
        service.cancel(task_id="t-else")


def test_cancel_of_a_running_task_asks_it_to_stop(service: BackupService) -> None:
    task = service.tasks.start_backup("nightly")
    task.state = model.BACKUP_EXECUTING
    view = control.cancel(service, backup_name="nightly", wait=0)
    assert task.cancelled
    assert view.state is TaskState.RUNNING and view.cancel_requested
    restore = _restore("r1")
    service.tasks.add_restore(restore)
    assert control.cancel(service, task_id="r1", wait=0).cancel_requested
    assert restore.cancelled


# -- the doors ----------------------------------------------------------------------------------


def test_an_unknown_kind_number_is_a_request_error() -> None:
    assert convert.task_kind(cpb.TASK_KIND_RESTORE) is TaskKind.RESTORE
    assert convert.task_kind(cpb.TASK_KIND_UNSPECIFIED) is None
    with pytest.raises(RequestError, match="kind 7 is not a task kind"):
        convert.task_kind(7)


def test_cancel_task_answers_with_codes_and_the_tasks_state(service: BackupService) -> None:
    servicer = ControlServicer(service)
    both = servicer.CancelTask(cpb.CancelTaskRequest(requestId="q1", backup_name="a",
                                                     task_id="b"), None)
    assert (both.code, both.requestId, both.HasField("data")) == (pb.Parameter_Error, "q1", False)
    unknown = servicer.CancelTask(cpb.CancelTaskRequest(task_id="nope"), None)
    assert unknown.code == pb.Request_Object_Not_Found
    task = service.tasks.start_backup("done")
    task.state = model.BACKUP_FAIL
    ended = servicer.CancelTask(cpb.CancelTaskRequest(backup_name="done"), None)
    assert ended.code == pb.Parameter_Error and "already ended (failed)" in ended.msg
    assert (ended.data.task_id, ended.data.state) == (task.id, cpb.TASK_STATE_FAILED)


def test_rest_task_routes_check_their_input(service: BackupService) -> None:
    api = RestApi(BackupServicer(service))
    bad_kind = api.handle(Request("GET", "/api/v1/tasks", {"kind": "everything"}))
    assert bad_kind.status == 400
    assert "Invalid request query: kind='everything'" in json.loads(bad_kind.body)["error"]
    bad_body = api.handle(Request("POST", "/api/v1/cancel", body=b"{not json"))
    assert bad_body.status == 400 and "Invalid request body" in json.loads(bad_body.body)["error"]
    neither = json.loads(api.handle(Request("POST", "/api/v1/cancel", body=b"{}")).body)
    assert (neither["code"], neither["msg"]) == (
        "Parameter_Error", "give exactly one of backup_name and task_id")
    _record_backup(service, "elsewhere", "t-else", model.BACKUP_EXECUTING)
    listed = json.loads(api.handle(Request("GET", "/api/v1/tasks", {"kind": "backup"})).body)
    assert listed["code"] == "Success"
    assert [(t["task_id"], t["state"]) for t in listed["tasks"]] == [
        ("t-else", "TASK_STATE_INTERRUPTED")]


def test_a_task_times_each_kind_of_phase_in_the_order_first_entered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = iter([10.0, 10.5, 11.0, 11.25, 13.25, 13.5, 14.0, 14.0])
    monkeypatch.setattr(tasks.time, "monotonic", lambda: next(clock))
    task = BackupTask(id="t", name="nightly")  # created at 10.0
    task.phase_began_before("checking", 9.75)  # the request's checks, before the task
    for phase in ("starting", "reading default.a", "reading default.b", "copying binlogs",
                  "done: 2 collections"):
        task.phase = phase

    assert task.phase_seconds() == [
        ("checking", 0.25), ("preparing", 0.5), ("starting", 0.5), ("reading", 2.25),
        ("copying", 0.25), ("done", 0.5)]
    assert task.phase_summary().startswith("checking 0.250 s, preparing 0.500 s, starting 0.500")
