"""A Python client of MilvusBackupService over gRPC, with typed errors and waiting; it also
calls our MilvusBackupControlService (``list_tasks``, ``cancel_task``, ``resume_task``).

The service answers every call with upstream's ``code``/``msg`` envelope; this client turns
a non-success code into an exception and returns the payload otherwise::

    from milvus_backup_grpc.client import BackupClient, NotFound

    with BackupClient("127.0.0.1:50051") as client:
        client.create_backup("nightly", collections=["products"])        # waits
        task = client.restore("nightly", suffix="_restored", restore_index=True,
                              on_progress=lambda p: print(f"{p}%"))
        client.delete_backup("nightly")

Errors::

    BackupClientError          a call failed; .code (ResponseCode), .msg, .request_id
    ├── InvalidRequest         Parameter_Error: change the request
    ├── NotFound               Request_Object_Not_Found: no such backup or task
    ├── TaskFailed             a backup or restore ran and failed; .task holds its state
    ├── WaitTimeout            a wait ran out of time (also a TimeoutError)
    └── TransportError         the call did not get an answer; .status is the gRPC status

It talks to any server of the wire contract; it imports nothing of the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, TypeVar

import grpc
from google.protobuf import json_format, struct_pb2

from .pb import backup_pb2 as pb
from .pb import backup_pb2_grpc as pb_grpc
from .pb import control_pb2 as cpb
from .pb import control_pb2_grpc as cpb_grpc

__all__ = [
    "BackupClient",
    "BackupClientError",
    "InvalidRequest",
    "NotFound",
    "TaskFailed",
    "TransportError",
    "WaitTimeout",
]

ProgressCallback = Callable[[int], None]
R = TypeVar("R")


class BackupClientError(Exception):
    """A call failed; ``code`` is upstream's ResponseCode and ``msg`` the server's reason.

    Attributes:
        code: the ``pb.ResponseCode`` value (``pb.Fail`` when the server gave none).
        msg: what the server (or the client) said went wrong.
        request_id: the request's id, as echoed by the server ("" if none).
    """

    def __init__(self, code: int, msg: str, request_id: str = "") -> None:
        super().__init__(f"{_code_name(code)}: {msg}" if msg else _code_name(code))
        self.code = code
        self.msg = msg
        self.request_id = request_id


class InvalidRequest(BackupClientError):
    """The server refused the request (Parameter_Error): a bad name, a name taken, ..."""


class NotFound(BackupClientError):
    """The backup or task does not exist (Request_Object_Not_Found)."""


class TaskFailed(BackupClientError):
    """A backup or restore task ran and ended in failure.

    Attributes:
        task: the task's final state (``pb.BackupInfo`` or ``pb.RestoreBackupTaskResponse``).
    """

    def __init__(
        self, msg: str, task: pb.BackupInfo | pb.RestoreBackupTaskResponse, request_id: str = ""
    ) -> None:
        super().__init__(pb.Fail, msg, request_id)
        self.task = task


class WaitTimeout(BackupClientError, TimeoutError):
    """A task was still running when the wait's time limit passed."""

    def __init__(self, msg: str) -> None:
        super().__init__(pb.Fail, msg)


class TransportError(BackupClientError):
    """The call got no answer from the service (unreachable, deadline exceeded, ...).

    Attributes:
        status: the gRPC status code of the failed call, if known.
    """

    def __init__(self, msg: str, status: grpc.StatusCode | None) -> None:
        super().__init__(pb.Fail, msg)
        self.status = status


_ERRORS: dict[int, type[BackupClientError]] = {
    pb.Parameter_Error: InvalidRequest,
    pb.Request_Object_Not_Found: NotFound,
}


def _code_name(code: int) -> str:
    try:
        return pb.ResponseCode.Name(code)
    except ValueError:
        return f"code {code}"


def _checked(response: Any) -> Any:
    """The response itself if its code is Success; else the matching exception."""
    code = int(response.code)
    if code != pb.Success:
        kind = _ERRORS.get(code, BackupClientError)
        raise kind(code, response.msg, response.requestId)
    return response


def _value(selection: Mapping[str, Iterable[str]]) -> struct_pb2.Value:
    """``{"db": ["coll", ...]}`` as the google.protobuf.Value that db_collections holds."""
    value = struct_pb2.Value()
    json_format.ParseDict({db: list(colls) for db, colls in selection.items()}, value)
    return value


class _ProgressReporter:
    """Calls ``on_progress`` with each new, higher percentage."""

    def __init__(self, on_progress: ProgressCallback | None) -> None:
        self.on_progress = on_progress
        self.last = -1

    def report(self, percent: int) -> None:
        if self.on_progress is not None and percent > self.last:
            self.last = percent
            self.on_progress(percent)


class BackupClient:
    """A connection to a MilvusBackupService server.

    Args:
        address: ``host:port`` of the server.
        timeout: deadline of each call, in seconds (waits poll with many calls).
        channel_credentials: TLS credentials (``grpc.ssl_channel_credentials(...)``); None
            for a plaintext channel.
        poll_interval: seconds between two polls while waiting for a task.
    """

    def __init__(
        self,
        address: str,
        *,
        timeout: float = 60.0,
        channel_credentials: grpc.ChannelCredentials | None = None,
        poll_interval: float = 0.5,
    ) -> None:
        self.address = address
        self.timeout = timeout
        self.poll_interval = poll_interval
        if channel_credentials is None:
            self._channel = grpc.insecure_channel(address)
        else:
            self._channel = grpc.secure_channel(address, channel_credentials)
        self._stub = pb_grpc.MilvusBackupServiceStub(self._channel)  # type: ignore[no-untyped-call]
        self._control = cpb_grpc.MilvusBackupControlServiceStub(self._channel)  # type: ignore[no-untyped-call]
        self._policies = cpb_grpc.MilvusBackupPolicyServiceStub(self._channel)  # type: ignore[no-untyped-call]

    # -- lifetime ---------------------------------------------------------------------------

    def close(self) -> None:
        """Close the channel; the client cannot be used afterwards."""
        self._channel.close()

    def __enter__(self) -> BackupClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _call(self, method: str, request: Any, stub: Any = None) -> Any:
        try:
            response = getattr(stub or self._stub, method)(request, timeout=self.timeout)
        except grpc.RpcError as exc:
            status = exc.code() if isinstance(exc, grpc.Call) else None
            details = exc.details() if isinstance(exc, grpc.Call) else str(exc)
            raise TransportError(
                f"{method} on {self.address} failed: {status}: {details}", status
            ) from exc
        return _checked(response)

    # -- backups ----------------------------------------------------------------------------

    def create_backup(
        self,
        name: str = "",
        *,
        collections: Iterable[str] = (),
        db_collections: Mapping[str, Iterable[str]] | None = None,
        meta_only: bool = False,
        force: bool = False,
        rbac: bool = False,
        wait: bool = True,
        on_progress: ProgressCallback | None = None,
        wait_timeout: float | None = None,
    ) -> pb.BackupInfo:
        """Create a backup.

        Args:
            name: backup name (letters, digits, ``_``); "" lets the server generate one.
            collections: ``coll`` or ``db.coll`` names; none (and no ``db_collections``)
                backs up every collection.
            db_collections: ``{"db": ["coll", ...]}``; an empty list means the whole
                database. Takes priority over ``collections``.
            meta_only: back up schemas, partitions and indexes but no data.
            force: skip the flush, backing up only data Milvus has already flushed.
            rbac: also back up users, roles and grants.
            wait: wait for the backup to finish; otherwise return the started task.
            on_progress: called with each new progress percentage while waiting.
            wait_timeout: give up waiting after this many seconds (None: no limit).

        Returns:
            The finished backup (with ``wait``), else the running task's summary.

        Raises:
            InvalidRequest: a bad or taken name, or a malformed selection.
            NotFound: a selected database or collection does not exist.
            TaskFailed: the backup ran and failed.
            WaitTimeout: the backup was still running after ``wait_timeout``.
            BackupClientError: any other refusal.
        """
        request = pb.CreateBackupRequest(
            backup_name=name,
            collection_names=list(collections),
            meta_only=meta_only,
            force=force,
            rbac=rbac,
        )
        setattr(request, "async", True)  # a Python keyword; the client always polls
        if db_collections is not None:
            request.db_collections.CopyFrom(_value(db_collections))
        started: pb.BackupInfo = self._call("CreateBackup", request).data
        if not wait:
            return started
        return self.wait_backup(started.name, on_progress=on_progress, timeout=wait_timeout)

    def get_backup(self, name: str, *, without_detail: bool = False) -> pb.BackupInfo:
        """A backup by name, with its collections (and partitions unless ``without_detail``).

        Raises:
            NotFound: no such backup. InvalidRequest: a malformed name.
        """
        request = pb.GetBackupRequest(backup_name=name, without_detail=without_detail)
        info: pb.BackupInfo = self._call("GetBackup", request).data
        return info

    def list_backups(self, collection: str | None = None) -> list[pb.BackupInfo]:
        """Every backup under the server's root; only those holding ``collection`` if given."""
        request = pb.ListBackupsRequest(collection_name=collection or "")
        return list(self._call("ListBackups", request).data)

    def delete_backup(self, name: str) -> int:
        """Delete a backup and all of its files no other backup references; bytes freed.

        Raises:
            NotFound: no such backup. InvalidRequest: it is being written or restored now.
        """
        response = self._call("DeleteBackup", pb.DeleteBackupRequest(backup_name=name))
        return int(response.freed_bytes)

    def wait_backup(
        self,
        name: str,
        *,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> pb.BackupInfo:
        """Poll a backup until it succeeds; return it in full.

        Args:
            name: the backup's name.
            on_progress: called with each new, higher progress percentage (100 at the end).
            timeout: give up after this many seconds (None: no limit).

        Raises:
            TaskFailed: the backup failed. WaitTimeout: still running after ``timeout``.
            NotFound: no such backup.
        """
        reporter = _ProgressReporter(on_progress)

        def poll() -> pb.BackupInfo | None:
            info = self.get_backup(name)
            if info.state_code == pb.BACKUP_SUCCESS:
                reporter.report(100)
                return info
            if info.state_code in (pb.BACKUP_FAIL, pb.BACKUP_TIMEOUT):
                raise TaskFailed(info.errorMessage or f"backup {name} failed", info)
            reporter.report(info.progress)
            return None

        return self._poll(poll, timeout, f"backup {name}")

    # -- restores ---------------------------------------------------------------------------

    def restore(
        self,
        name: str,
        *,
        suffix: str = "",
        renames: Mapping[str, str] | None = None,
        collections: Iterable[str] = (),
        db_collections: Mapping[str, Iterable[str]] | None = None,
        restore_index: bool = False,
        use_auto_index: bool = False,
        meta_only: bool = False,
        drop_exist_collection: bool = False,
        drop_exist_index: bool = False,
        skip_create_collection: bool = False,
        rbac: bool = False,
        wait: bool = True,
        on_progress: ProgressCallback | None = None,
        wait_timeout: float | None = None,
    ) -> pb.RestoreBackupTaskResponse:
        """Restore a backup into Milvus.

        Args:
            name: the backup to restore.
            suffix: appended to every target collection name.
            renames: ``{"old": "new"}``, also ``db1.a``→``db2.b`` and ``db1.*``→``db2.*``;
                beats ``suffix``.
            collections: which backed-up collections (``coll`` or ``db.coll``); none: all.
            db_collections: ``{"db": ["coll", ...]}`` of the backup to restore.
            restore_index: rebuild the indexes recorded in the backup.
            use_auto_index: rebuild vector indexes as AUTOINDEX.
            meta_only: create collections, partitions (and indexes) but import no data.
            drop_exist_collection: drop a target collection that exists first.
            drop_exist_index: drop the target's indexes first.
            skip_create_collection: import into target collections that already exist.
            rbac: also restore users, roles and grants.
            wait: wait for the restore to finish; otherwise return the started task.
            on_progress: called with each new progress percentage while waiting.
            wait_timeout: give up waiting after this many seconds (None: no limit).

        Returns:
            The restore task: finished with ``wait``, else as started (poll its ``id``).

        Raises:
            InvalidRequest: the request was refused before Milvus changed (e.g. a target
                exists). NotFound: no such backup.
            TaskFailed: the restore ran and failed. WaitTimeout: still running after
                ``wait_timeout``.
        """
        request = pb.RestoreBackupRequest(
            backup_name=name,
            collection_names=list(collections),
            collection_suffix=suffix,
            collection_renames=dict(renames or {}),
            metaOnly=meta_only,
            restoreIndex=restore_index,
            useAutoIndex=use_auto_index,
            dropExistCollection=drop_exist_collection,
            dropExistIndex=drop_exist_index,
            skipCreateCollection=skip_create_collection,
            rbac=rbac,
        )
        setattr(request, "async", True)  # a Python keyword; the client always polls
        if db_collections is not None:
            request.db_collections.CopyFrom(_value(db_collections))
        started: pb.RestoreBackupTaskResponse = self._call("RestoreBackup", request).data
        if not wait:
            return started
        return self.wait_restore(started.id, on_progress=on_progress, timeout=wait_timeout)

    def get_restore(self, task_id: str) -> pb.RestoreBackupTaskResponse:
        """The state of a restore task.

        Raises:
            NotFound: the server knows no such task.
        """
        request = pb.GetRestoreStateRequest(id=task_id)
        task: pb.RestoreBackupTaskResponse = self._call("GetRestore", request).data
        return task

    def wait_restore(
        self,
        task_id: str,
        *,
        on_progress: ProgressCallback | None = None,
        timeout: float | None = None,
    ) -> pb.RestoreBackupTaskResponse:
        """Poll a restore task until it succeeds; return its final state.

        Args:
            task_id: the ``id`` of the task ``restore(wait=False)`` returned.
            on_progress: called with each new, higher progress percentage (100 at the end).
            timeout: give up after this many seconds (None: no limit).

        Raises:
            TaskFailed: the restore failed. WaitTimeout: still running after ``timeout``.
            NotFound: the server knows no such task.
        """
        reporter = _ProgressReporter(on_progress)

        def poll() -> pb.RestoreBackupTaskResponse | None:
            task = self.get_restore(task_id)
            if task.state_code == pb.SUCCESS:
                reporter.report(100)
                return task
            if task.state_code in (pb.FAIL, pb.TIMEOUT):
                raise TaskFailed(task.errorMessage or f"restore {task_id} failed", task)
            reporter.report(task.progress)
            return None

        return self._poll(poll, timeout, f"restore {task_id}")

    # -- check ------------------------------------------------------------------------------

    # -- tasks (MilvusBackupControlService) -------------------------------------------------

    def list_tasks(
        self, kind: str | None = None, *, include_finished: bool = False
    ) -> list[cpb.TaskInfo]:
        """The tasks of the server's backup root, of any process, newest first.

        Args:
            kind: "backup" or "restore" for only those; None for both.
            include_finished: also tasks that ended; else only running and interrupted ones.
        """
        kinds: dict[str | None, cpb.TaskKind] = {
            None: cpb.TASK_KIND_UNSPECIFIED,
            "backup": cpb.TASK_KIND_BACKUP,
            "restore": cpb.TASK_KIND_RESTORE,
        }
        if kind not in kinds:
            raise ValueError(f"kind {kind!r}: give 'backup', 'restore' or None")
        request = cpb.ListTasksRequest(kind=kinds[kind], include_finished=include_finished)
        return list(self._call("ListTasks", request, self._control).tasks)

    def cancel_task(self, name: str | None = None, *, task_id: str | None = None) -> cpb.TaskInfo:
        """Cancel a running task, named by its backup's name or by its task id.

        The server waits up to 5 seconds for the task to stop; the returned task's ``state``
        is TASK_STATE_CANCELLED once it has, else still running with ``cancel_requested``.

        Raises:
            InvalidRequest: both or neither given, the task already ended, or another process
                runs it. NotFound: no such task.
        """
        request = cpb.CancelTaskRequest(backup_name=name or "", task_id=task_id or "")
        info: cpb.TaskInfo = self._call("CancelTask", request, self._control).data
        return info

    def resume_task(self, name: str | None = None, *, task_id: str | None = None) -> cpb.TaskInfo:
        """Resume an interrupted task (its process stopped), named by its backup's name or
        by its task id.

        The server takes the task over and runs it in the background; the returned task is
        TASK_STATE_RUNNING. Poll ``list_tasks`` to see it end.

        Raises:
            InvalidRequest: both or neither given, the task already ended, or a live process
                runs it. NotFound: no such task.
        """
        request = cpb.ResumeTaskRequest(backup_name=name or "", task_id=task_id or "")
        info: cpb.TaskInfo = self._call("ResumeTask", request, self._control).data
        return info

    def check(self) -> str:
        """The server's check of Milvus and both storages, as text.

        Raises:
            BackupClientError: the check found a problem (the message says which).
        """
        response = self._call("Check", pb.CheckRequest())
        return str(response.msg)

    # -- policies (MilvusBackupPolicyService) -----------------------------------------------

    def create_policy(self, policy: cpb.Policy) -> cpb.PolicyStatus:
        """Store a new policy (see README "Policies").

        Raises:
            InvalidRequest: a bad field, unknown collections, or the name is taken.
        """
        request = cpb.CreatePolicyRequest(policy=policy)
        status: cpb.PolicyStatus = self._call("CreatePolicy", request, self._policies).data
        return status

    def update_policy(self, policy: cpb.Policy) -> cpb.PolicyStatus:
        """Replace every setting of a policy. Raises InvalidRequest, NotFound."""
        request = cpb.UpdatePolicyRequest(policy=policy)
        status: cpb.PolicyStatus = self._call("UpdatePolicy", request, self._policies).data
        return status

    def delete_policy(self, name: str) -> None:
        """Remove a policy and its history (its backups stay). Raises NotFound."""
        self._call("DeletePolicy", cpb.DeletePolicyRequest(name=name), self._policies)

    def get_policy(self, name: str) -> cpb.PolicyStatus:
        """A policy with its next run, last run and last success. Raises NotFound."""
        request = cpb.GetPolicyRequest(name=name)
        status: cpb.PolicyStatus = self._call("GetPolicy", request, self._policies).data
        return status

    def list_policies(self) -> list[cpb.PolicyStatus]:
        """Every policy of the server's backup root, with its status."""
        response = self._call("ListPolicies", cpb.ListPoliciesRequest(), self._policies)
        return list(response.policies)

    def run_policy_now(self, name: str) -> cpb.PolicyRun:
        """Start a run of the policy at once; the run is returned "running"."""
        request = cpb.RunPolicyNowRequest(name=name)
        run: cpb.PolicyRun = self._call("RunPolicyNow", request, self._policies).run
        return run

    def list_policy_runs(self, name: str, limit: int = 0) -> list[cpb.PolicyRun]:
        """The policy's runs, newest first (at most ``limit`` when > 0)."""
        request = cpb.ListPolicyRunsRequest(name=name, limit=limit)
        return list(self._call("ListPolicyRuns", request, self._policies).runs)

    def _poll(self, poll: Callable[[], R | None], timeout: float | None, what: str) -> R:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            done = poll()
            if done is not None:
                return done
            if deadline is not None and time.monotonic() >= deadline:
                raise WaitTimeout(f"{what} still running after {timeout}s")
            time.sleep(self.poll_interval)
