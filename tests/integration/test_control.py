"""MilvusBackupControlService against the real Milvus: ListTasks and CancelTask over gRPC, REST
and the CLI.

The service here writes its backups into slow local storage (a pause before each object), so a
backup of a small collection copies for several seconds: long enough to watch its bytes grow,
and to cancel it mid-copy.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import grpc
import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.api.grpc_server import start_server
from milvus_backup_grpc.api.rest import RunningRestServer, start_rest_server
from milvus_backup_grpc.cli import main
from milvus_backup_grpc.client import BackupClient, InvalidRequest, NotFound
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc, control_pb2_grpc
from milvus_backup_grpc.pb import control_pb2 as cpb
from milvus_backup_grpc.storage.transfer import COPY_DELAY_ENV
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.service_tools import local_milvus_settings, wait_for

pytestmark = pytest.mark.timeout(300)

SECONDS_PER_OBJECT = 0.3  # with one copy at a time: several seconds for the sample's binlogs


class Doors:
    """The module's server: its backup root, gRPC stubs and REST base URL."""

    def __init__(self, root: Path, channel: grpc.Channel, rest: RunningRestServer,
                 settings: dict[str, str], address: str) -> None:
        self.root = root
        self.address = address
        self.backups = backup_pb2_grpc.MilvusBackupServiceStub(channel)
        self.control = control_pb2_grpc.MilvusBackupControlServiceStub(channel)
        self.rest_url = rest.url
        self.settings = settings

    def rest(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.rest_url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read())

    def task(self, name: str, include_finished: bool = True) -> cpb.TaskInfo | None:
        listed = self.control.ListTasks(cpb.ListTasksRequest(
            kind=cpb.TASK_KIND_BACKUP, include_finished=include_finished))
        assert listed.code == pb.Success, listed.msg
        found = [t for t in listed.tasks if t.backup_name == name]
        assert len(found) <= 1
        return found[0] if found else None


@pytest.fixture(scope="module")
def doors(milvus_server: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Doors]:
    root = tmp_path_factory.mktemp("control_backups")
    settings = {
        **local_milvus_settings(milvus_server),
        "minio.backupRootPath": str(root),
        "backup.parallelism.copydata": "1",
    }
    service = BackupService(load_config(None, env={}, overrides=settings))
    running = start_server(service, port=0, host="127.0.0.1")
    rest = start_rest_server(running.service, port=0, host="127.0.0.1")
    # Every copy of this module's backups waits, so a test can watch or cancel one mid-copy.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(COPY_DELAY_ENV, str(SECONDS_PER_OBJECT))
        try:
            with grpc.insecure_channel(f"127.0.0.1:{running.port}") as channel:
                yield Doors(root, channel, rest, settings, f"127.0.0.1:{running.port}")
        finally:
            rest.stop(grace=5)
            running.stop(grace=30)


@pytest.fixture(scope="module")
def collection(milvus: MilvusClient) -> Iterator[str]:
    sample = create_sample_collection(milvus, "control_src", rows=400)
    yield sample.name
    milvus.drop_collection(sample.name)


def _start_backup(doors: Doors, name: str, collection: str) -> pb.BackupInfo:
    started = doors.backups.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[collection], **{"async": True}))
    assert started.code == pb.Success, started.msg
    return started.data


def _copying(doors: Doors, name: str) -> cpb.TaskInfo:
    """The task once it has copied its first bytes."""
    seen: list[cpb.TaskInfo] = []

    def copying() -> bool:
        task = doors.task(name)
        seen[:] = [task] if task is not None else []
        return task is not None and task.bytes_done > 0

    wait_for(copying, timeout=60, what=f"backup {name} copying")
    assert seen[0].state == cpb.TASK_STATE_RUNNING, seen[0]
    return seen[0]


def _assert_gone(doors: Doors, name: str) -> None:
    listed = doors.backups.ListBackups(pb.ListBackupsRequest())
    assert not [b for b in listed.data if b.name == name and b.state_code == pb.BACKUP_SUCCESS]
    # Removing the partial objects is the last step of the cancel: they are gone by now.
    assert not (doors.root / name).exists()


def test_list_tasks_shows_a_running_backup_growing_then_its_success(
    doors: Doors, collection: str, unique: Callable[[str], str]
) -> None:
    name = unique("ctl_list")
    started = _start_backup(doors, name, collection)
    first = _copying(doors, name)
    assert first.task_id == started.id and first.phase == "copying binlogs"
    assert 0 < first.bytes_done < first.bytes_total
    assert first.objects_total > first.objects_done >= 1
    assert first.owner.pid == os.getpid() and first.owner.host and first.owner.process_id
    wait_for(lambda: (doors.task(name) or first).bytes_done > first.bytes_done, timeout=30,
             what="bytes_done to grow")
    running = doors.task(name, include_finished=False)
    assert running is not None and running.rate_bytes_per_second > 0 and running.eta_seconds >= 0
    wait_for(lambda: (doors.task(name) or first).state == cpb.TASK_STATE_SUCCESS, timeout=120,
             what=f"backup {name} to succeed")
    done = doors.task(name)
    assert done is not None
    assert (done.bytes_done, done.objects_done) == (done.bytes_total, done.objects_total)
    assert done.end_time_ms >= done.start_time_ms > 0 and done.progress == 100
    assert doors.task(name, include_finished=False) is None  # finished: not listed by default


def test_cancel_task_over_grpc_ends_the_backup_within_5_s_and_removes_it(
    doors: Doors, collection: str, unique: Callable[[str], str]
) -> None:
    name = unique("ctl_cancel")
    _start_backup(doors, name, collection)
    _copying(doors, name)
    asked = time.monotonic()
    answer = doors.control.CancelTask(cpb.CancelTaskRequest(requestId="c1", backup_name=name))
    assert time.monotonic() - asked < 5
    assert (answer.code, answer.requestId, answer.msg) == (pb.Success, "c1", "cancelled")
    assert answer.data.state == cpb.TASK_STATE_CANCELLED
    assert "its partial objects were removed" in answer.data.error_message
    _assert_gone(doors, name)
    again = doors.control.CancelTask(cpb.CancelTaskRequest(backup_name=name))
    assert again.code == pb.Parameter_Error and "already ended (cancelled)" in again.msg
    assert again.data.state == cpb.TASK_STATE_CANCELLED


def test_cancel_over_rest_by_task_id(
    doors: Doors, collection: str, unique: Callable[[str], str]
) -> None:
    name = unique("ctl_rest")
    started = _start_backup(doors, name, collection)
    _copying(doors, name)
    listed = doors.rest("GET", "/tasks?kind=backup")
    assert listed["code"] == "Success"
    assert [t["state"] for t in listed["tasks"] if t["task_id"] == started.id] == [
        "TASK_STATE_RUNNING"]
    answer = doors.rest("POST", "/cancel", {"task_id": started.id})
    assert (answer["code"], answer["msg"]) == ("Success", "cancelled"), answer
    assert answer["data"]["state"] == "TASK_STATE_CANCELLED"
    assert answer["data"]["backup_name"] == name
    _assert_gone(doors, name)


def test_bad_cancel_requests_get_their_codes_and_change_nothing(
    doors: Doors, collection: str, unique: Callable[[str], str]
) -> None:
    name = unique("ctl_bad")
    started = _start_backup(doors, name, collection)
    _copying(doors, name)
    both = doors.control.CancelTask(cpb.CancelTaskRequest(backup_name=name, task_id=started.id))
    assert (both.code, both.msg) == (
        pb.Parameter_Error, "give exactly one of backup_name and task_id")
    neither = doors.rest("POST", "/cancel", {})
    assert (neither["code"], neither["msg"]) == (
        "Parameter_Error", "give exactly one of backup_name and task_id")
    unknown = doors.control.CancelTask(cpb.CancelTaskRequest(task_id="no_such_task"))
    assert unknown.code == pb.Request_Object_Not_Found and "no_such_task" in unknown.msg
    malformed = doors.rest("POST", "/cancel", {"task_id": "../x"})
    assert malformed["code"] == "Parameter_Error" and "may contain only" in malformed["msg"]
    # None of these touched the backup: it runs on to success.
    task = doors.task(name)
    assert task is not None and not task.cancel_requested
    wait_for(lambda: (doors.task(name) or task).state == cpb.TASK_STATE_SUCCESS, timeout=120,
             what=f"backup {name} to succeed")
    got = doors.backups.GetBackup(pb.GetBackupRequest(backup_name=name))
    assert got.code == pb.Success and got.data.state_code == pb.BACKUP_SUCCESS


def test_cli_tasks_json_and_cancel_of_the_servers_task(
    doors: Doors, collection: str, unique: Callable[[str], str], tmp_path: Path,
    capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "backup.yaml"
    config.write_text(json.dumps({
        "milvus": {"address": doors.settings["milvus.address"],
                   "port": int(doors.settings["milvus.port"])},
        "minio": {"storageType": "local", "rootPath": doors.settings["minio.rootPath"],
                  "backupRootPath": doors.settings["minio.backupRootPath"]},
    }), encoding="utf-8")

    def cli(*argv: str) -> tuple[int, Any]:
        code = main(["--config", str(config), "--json", *argv])
        return code, json.loads(capsys.readouterr().out)

    name = unique("ctl_cli")
    started = _start_backup(doors, name, collection)
    _copying(doors, name)
    # The CLI reads the server's record: the task runs in another process than the CLI's.
    code, tasks = cli("tasks", "--kind", "backup")
    assert code == 0
    mine = [t for t in tasks if t["task_id"] == started.id]
    assert len(mine) == 1 and mine[0]["backup_name"] == name
    assert mine[0]["kind"] == "backup" and mine[0]["state"] in ("running", "interrupted")
    code, missing = cli("cancel", "--id", "no_such_task")
    assert code == 4 and missing["error"]["code"] == "Request_Object_Not_Found"
    # The CLI cancels the server's task through its record; the server stops it.
    code, answer = cli("cancel", "-n", name)
    assert code == 0, answer
    assert answer["task_id"] == started.id
    assert answer["state"] == "cancelled" or answer["cancel_requested"], answer
    deadline = time.monotonic() + 30
    while True:
        code, tasks = cli("tasks", "--all")
        assert code == 0 and all({"task_id", "state", "bytes_done", "eta_seconds"} <= set(t)
                                 for t in tasks)
        if started.id not in {t["task_id"] for t in tasks} or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert started.id not in {t["task_id"] for t in tasks}  # its record went with its objects


def test_python_client_lists_cancels_and_refuses_to_resume_a_running_task(
    doors: Doors, collection: str, unique: Callable[[str], str]
) -> None:
    name = unique("ctl_client")
    with BackupClient(doors.address, timeout=30) as client:
        started = _start_backup(doors, name, collection)
        _copying(doors, name)
        running = client.list_tasks("backup")
        assert [t.backup_name for t in running if t.task_id == started.id] == [name]
        assert all(t.kind == cpb.TASK_KIND_RESTORE for t in client.list_tasks("restore"))
        with pytest.raises(NotFound, match="no_such_task"):
            client.cancel_task(task_id="no_such_task")
        with pytest.raises(InvalidRequest, match="exactly one"):
            client.cancel_task()
        with pytest.raises(InvalidRequest, match=r"is running in .* \(its lease is alive\)"):
            client.resume_task(name)
        with pytest.raises(NotFound, match="no_such_task"):
            client.resume_task(task_id="no_such_task")
        cancelled = client.cancel_task(name)
        assert cancelled.state == cpb.TASK_STATE_CANCELLED and cancelled.task_id == started.id
        with pytest.raises(InvalidRequest, match=r"already ended \(cancelled\)"):
            client.cancel_task(task_id=started.id)
        with pytest.raises(ValueError, match="'everything'"):
            client.list_tasks("everything")
    _assert_gone(doors, name)


def test_cancel_task_of_a_running_restore_drops_only_what_it_created(
    doors: Doors, collection: str, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    name = unique("ctl_restore")
    made = doors.backups.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[collection]))
    assert made.code == pb.Success, made.msg
    suffix = "_" + unique("cut")
    started = doors.backups.RestoreBackup(pb.RestoreBackupRequest(
        backup_name=name, collection_suffix=suffix, **{"async": True}))
    assert started.code == pb.Success, started.msg
    task_id = started.data.id

    def restore() -> cpb.TaskInfo:
        listed = doors.control.ListTasks(cpb.ListTasksRequest(
            kind=cpb.TASK_KIND_RESTORE, include_finished=True))
        return next(t for t in listed.tasks if t.task_id == task_id)

    wait_for(lambda: restore().phase == "restoring collections", timeout=60,
             what="the restore to start restoring")
    assert restore().backup_name == name and restore().state == cpb.TASK_STATE_RUNNING
    answer = doors.control.CancelTask(cpb.CancelTaskRequest(task_id=task_id))
    assert answer.code == pb.Success, answer.msg
    assert answer.data.state in (cpb.TASK_STATE_CANCELLED, cpb.TASK_STATE_RUNNING)
    wait_for(lambda: restore().state != cpb.TASK_STATE_RUNNING, timeout=60,
             what="the restore to stop")
    ended = restore()
    assert ended.state == cpb.TASK_STATE_CANCELLED, ended
    assert ended.error_message.startswith("cancelled: restored none"), ended.error_message
    assert not milvus.has_collection(collection + suffix)
    assert milvus.has_collection(collection)  # the source, there before, is never dropped
    assert doors.backups.DeleteBackup(pb.DeleteBackupRequest(backup_name=name)).code == pb.Success
