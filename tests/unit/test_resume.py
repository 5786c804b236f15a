"""Resume's refusals, its takeover by compare-and-swap, the backup plan codec, a lease given up
at once, and the ResumeTask doors.

Records are written to local storage as another process writes them; no Milvus is needed,
since every case here is settled before a job would reach it.
"""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from milvus_backup_grpc import model
from milvus_backup_grpc.api.grpc_server import BackupServicer, ControlServicer
from milvus_backup_grpc.api.rest import Request, RestApi
from milvus_backup_grpc.engine.lease import LeasedRecord, Owner, join_record, now_ms
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.engine.tasks import NotResumable, RecordedTask, TaskState
from milvus_backup_grpc.errors import BackupError, NotFoundError, RequestError
from milvus_backup_grpc.layout import codec, plan
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import control_pb2 as cpb
from milvus_backup_grpc.storage.transfer import CopyItem


def _lease(alive: bool) -> dict[str, object]:
    """A lease of another process: renewed just now, or run out long ago."""
    owner = Owner("elsewhere", 4242, uuid.uuid4().hex)
    return {"owner": owner.to_json(), "heartbeat_ms": now_ms() if alive else 1_000,
            "seconds": 30.0, "write": "w"}


def _record_backup(service: BackupService, name: str, state: int, alive: bool = False,
                   task_id: str = "t-1") -> None:
    layout = service.catalog().layout(name)
    record = model.BackupInfo(id=task_id, name=name, state_code=state,  # type: ignore[arg-type]
                              start_time=1_000, errorMessage="boom" if state == 3 else "")
    service.backup_storage.write_bytes(
        layout.task_record, join_record(codec.to_go_dict(record), _lease(alive)))


@pytest.mark.parametrize(("name", "task_id", "message"), [
    ("b", "t", "exactly one of backup_name and task_id"),
    ("", "", "exactly one of backup_name and task_id"),
    ("", "../etc", "may contain only letters"),
    ("bad/name", "", "invalid backup name"),
])
def test_resume_refuses_bad_input(service: BackupService, name: str, task_id: str,
                                  message: str) -> None:
    with pytest.raises(RequestError, match=message):
        service.resume(name, task_id)


def test_resume_of_an_unknown_task_is_not_found(service: BackupService) -> None:
    with pytest.raises(NotFoundError, match="no backup 'nope'"):
        service.resume(backup_name="nope")
    with pytest.raises(NotFoundError, match="no task with id 'nope'"):
        service.resume(task_id="nope")


@pytest.mark.parametrize(("state", "alive", "message", "shown"), [
    (model.BACKUP_SUCCESS, False, "is complete; there is nothing to resume", TaskState.SUCCESS),
    (model.BACKUP_FAIL, False, "already ended, it cannot be resumed: boom", TaskState.FAILED),
    (model.BACKUP_EXECUTING, True, "is running in elsewhere pid 4242", TaskState.RUNNING),
])
def test_resume_of_a_finished_or_running_backup_is_refused_and_changes_nothing(
        service: BackupService, state: int, alive: bool, message: str,
        shown: TaskState) -> None:
    _record_backup(service, "nightly", state, alive)
    key = service.catalog().layout("nightly").task_record
    before = service.backup_storage.read_bytes(key)
    with pytest.raises(NotResumable, match=message) as refused:
        service.resume(backup_name="nightly")
    assert refused.value.view is not None and refused.value.view.state is shown
    with pytest.raises(NotResumable, match=message):
        service.resume(task_id="t-1")
    assert service.backup_storage.read_bytes(key) == before


def test_an_interrupted_backup_without_a_plan_is_failed_saying_why(
        service: BackupService) -> None:
    _record_backup(service, "early", model.BACKUP_EXECUTING)
    view = service.resume(backup_name="early", wait=True)
    assert view.state is TaskState.FAILED
    assert "nothing to resume from; delete it and create it again" in view.error
    [task] = [t for t in service.recorded_tasks() if t.backup_name == "early"]
    assert task.status == "failed" and task.error == view.error


def test_of_two_resumers_exactly_one_takes_the_record_over(service: BackupService) -> None:
    rivals = [service, BackupService(service.config)]
    for attempt in range(12):
        name = f"race_{attempt}"
        _record_backup(service, name, model.BACKUP_EXECUTING, task_id=f"t-{attempt}")

        def resume(rival: BackupService, name: str = name) -> str:
            try:
                rival.resume(backup_name=name, wait=True)
            except NotResumable as exc:
                return f"refused: {exc}"
            return "won"

        with ThreadPoolExecutor(2) as pool:
            outcomes = list(pool.map(resume, rivals))
        assert sorted(o == "won" for o in outcomes) == [False, True], outcomes


def test_a_restore_recorded_without_a_ledger_is_not_resumable(service: BackupService) -> None:
    records = service.restore_records()
    record = model.RestoreBackupTaskResponse(id="r-old", state_code=model.RESTORE_EXECUTING)
    tree = {**codec.to_go_dict(record), "backup_name": "nightly"}
    service.backup_storage.write_bytes(records.key("r-old"), join_record(tree, _lease(False)))
    with pytest.raises(NotResumable, match="without an import ledger"):
        service.resume(task_id="r-old")


def test_a_relinquished_lease_reads_as_interrupted_at_once(service: BackupService) -> None:
    key = service.catalog().layout("handed").task_record
    body = codec.to_go_dict(model.BackupInfo(id="t-h", name="handed",
                                             state_code=model.BACKUP_EXECUTING))
    lease = LeasedRecord(service.backup_storage, key, 30.0, body=lambda: body,
                         on_cancel=lambda reason: None, what="backup handed")
    lease.claim(lambda tree, held: "")
    assert [t.status for t in service.recorded_tasks()] == ["running"]
    assert lease.relinquish() is True
    [task] = service.recorded_tasks()
    assert isinstance(task, RecordedTask) and task.status == "interrupted"


def test_a_backup_plan_round_trips(backup_info: model.BackupInfo) -> None:
    made = plan.BackupPlan(
        request=model.CreateBackupInput(name="nightly", selection={"default": ["a"]}, rbac=True),
        collections=[("default", "a")],
        infos=list(backup_info.collection_backups),
        copies=[[CopyItem("files/insert_log/1/2/3/4/5", "root/nightly/binlogs/x", 12)]
                for _ in backup_info.collection_backups],
    )
    assert plan.decode(plan.encode(made)) == made
    with pytest.raises(BackupError, match="resume plan format 9"):
        plan.decode(b'{"format": 9}')


def test_resume_task_answers_with_codes_and_the_tasks_state(service: BackupService) -> None:
    servicer = ControlServicer(service)
    both = servicer.ResumeTask(cpb.ResumeTaskRequest(requestId="q1", backup_name="a",
                                                     task_id="b"), None)
    assert (both.code, both.requestId, both.HasField("data")) == (pb.Parameter_Error, "q1", False)
    unknown = servicer.ResumeTask(cpb.ResumeTaskRequest(task_id="nope"), None)
    assert unknown.code == pb.Request_Object_Not_Found
    _record_backup(service, "done", model.BACKUP_SUCCESS)
    ended = servicer.ResumeTask(cpb.ResumeTaskRequest(backup_name="done"), None)
    assert ended.code == pb.Parameter_Error and "nothing to resume" in ended.msg
    assert (ended.data.task_id, ended.data.state) == ("t-1", cpb.TASK_STATE_SUCCESS)


def test_rest_resume_route_checks_its_input(service: BackupService) -> None:
    api = RestApi(BackupServicer(service))
    empty = api.handle(Request("POST", "/api/v1/resume", body=b""))
    assert empty.status == 400 and "the body is empty" in json.loads(empty.body)["error"]
    neither = json.loads(api.handle(Request("POST", "/api/v1/resume", body=b"{}")).body)
    assert (neither["code"], neither["msg"]) == (
        "Parameter_Error", "give exactly one of backup_name and task_id")
    unknown = json.loads(api.handle(
        Request("POST", "/api/v1/resume", body=b'{"backup_name": "nope"}')).body)
    assert unknown["code"] == "Request_Object_Not_Found"


def test_a_restore_request_with_partitions_and_overrides_round_trips_through_its_ledger() -> None:
    from milvus_backup_grpc.engine.tasks import (
        RestoreTask,
        ledger_json,
        restore_input_from_json,
    )

    request = model.RestoreInput(
        backup_name="b",
        suffix="_r",
        partitions={("default", "coll_r"): ["p_2024"]},
        overrides={("default", "coll"): model.CollectionOverride(shard_num=2, description="d")},
    )
    task = RestoreTask(id="t-1", backup_name="b", collections=[], request=request)
    stored = json.loads(json.dumps(ledger_json(task)))
    assert restore_input_from_json(stored["request"]) == request
