"""The gRPC door: MilvusBackupService and our MilvusBackupControlService over the engine,
plus reflection and health.

Each RPC turns its request into an engine call and the result or error into a response
with upstream's codes. Errors never escape as gRPC failures: like upstream, every answer is
a normal response whose ``code`` and ``msg`` say what happened (the control service answers
the same way, with the same codes from ``codes.code_for``).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Callable
from concurrent import futures
from typing import Any, TypeVar

import grpc
from google.protobuf import descriptor_pool
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

from ..engine.service import BackupService
from ..engine.tasks import NotCancellable, NotResumable
from ..errors import BackupError
from ..pb import backup_pb2 as pb
from ..pb import backup_pb2_grpc as pb_grpc
from ..pb import control_pb2 as cpb
from ..pb import control_pb2_grpc as cpb_grpc
from . import convert
from .codes import code_for
from .security import ServerSecurity

log = logging.getLogger(__name__)

SERVICE_NAME = pb.DESCRIPTOR.services_by_name["MilvusBackupService"].full_name
CONTROL_SERVICE_NAME = cpb.DESCRIPTOR.services_by_name["MilvusBackupControlService"].full_name
POLICY_SERVICE_NAME = cpb.DESCRIPTOR.services_by_name["MilvusBackupPolicyService"].full_name
R = TypeVar("R")
#: How often the serving main thread wakes to run a signal handler that is due.
_SIGNAL_CHECK_SECONDS = 0.5


def _answer(
    kind: Callable[..., R], request_id: str, call: Callable[[], dict[str, Any]], what: str
) -> R:
    """Run ``call`` and wrap its fields, or its error, into a ``kind`` response.

    ``call`` may return its own ``code`` (a restore that ran and failed); else Success.
    """
    try:
        fields = call()
        code = fields.pop("code", pb.Success)
        return kind(requestId=request_id, code=code, **fields)
    except BackupError as exc:
        log.info("%s refused: %s", what, exc)
        return kind(requestId=request_id, code=code_for(exc), msg=str(exc))
    except Exception as exc:
        log.exception("%s crashed", what)
        return kind(requestId=request_id, code=pb.Fail, msg=f"internal error: {exc}")


class BackupServicer(pb_grpc.MilvusBackupServiceServicer):
    """MilvusBackupService, answered by a BackupService."""

    def __init__(self, service: BackupService) -> None:
        self.service = service

    def CreateBackup(self, request: pb.CreateBackupRequest, context: Any) -> pb.BackupInfoResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            info = self.service.create_backup(convert.create_input(request))
            msg = (
                "create backup is executing asynchronously"
                if getattr(request, "async")
                else "success"
            )
            if not request.format and self.service.config.milvus.is_lite:
                msg += " (Milvus Lite: a logical backup, rows in Parquet, the only kind it has)"
            elif request.format in ("", "auto") and info.format == "snapshot":
                msg += (
                    " (Milvus 3.0+: the snapshot format, chosen as no format was asked; "
                    "ask for format physical for binlogs)"
                )
            return {"msg": msg, "data": info}

        return _answer(pb.BackupInfoResponse, request.requestId, call, "CreateBackup")

    def GetBackup(self, request: pb.GetBackupRequest, context: Any) -> pb.BackupInfoResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            info = self.service.get_backup(
                name=request.backup_name,
                task_id=request.backup_id,
                location=convert.location(request.bucket_name, request.path),
                without_detail=request.without_detail,
            )
            return {"msg": "success", "data": info}

        return _answer(pb.BackupInfoResponse, request.requestId, call, "GetBackup")

    def ListBackups(self, request: pb.ListBackupsRequest, context: Any) -> pb.ListBackupsResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            return {"msg": "success", "data": self.service.list_backups(request.collection_name)}

        return _answer(pb.ListBackupsResponse, request.requestId, call, "ListBackups")

    def DeleteBackup(
        self, request: pb.DeleteBackupRequest, context: Any
    ) -> pb.DeleteBackupResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            freed = self.service.delete_backup(request.backup_name)
            return {"msg": "success", "freed_bytes": freed}

        return _answer(pb.DeleteBackupResponse, request.requestId, call, "DeleteBackup")

    def RestoreBackup(
        self, request: pb.RestoreBackupRequest, context: Any
    ) -> pb.RestoreBackupResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            task = self.service.restore_backup(convert.restore_input(request))
            if task.state_code == pb.FAIL:
                return {"code": pb.Fail, "msg": task.errorMessage, "data": task}
            msg = (
                "restore backup is executing asynchronously"
                if getattr(request, "async")
                else "success"
            )
            return {"msg": msg, "data": task}

        return _answer(pb.RestoreBackupResponse, request.requestId, call, "RestoreBackup")

    def GetRestore(
        self, request: pb.GetRestoreStateRequest, context: Any
    ) -> pb.RestoreBackupResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            return {"msg": "success", "data": self.service.get_restore(request.id)}

        return _answer(pb.RestoreBackupResponse, request.requestId, call, "GetRestore")

    def Check(self, request: pb.CheckRequest, context: Any) -> pb.CheckResponse:  # noqa: N802
        try:
            report = self.service.check()
        except BackupError as exc:
            return pb.CheckResponse(code=code_for(exc), msg=str(exc))
        return pb.CheckResponse(
            code=pb.Success if report.ok else pb.Fail, msg="\n".join(report.lines)
        )


class ControlServicer(cpb_grpc.MilvusBackupControlServiceServicer):
    """MilvusBackupControlService (ListTasks, CancelTask, ResumeTask), answered by a
    BackupService."""

    def __init__(self, service: BackupService) -> None:
        self.service = service

    def ListTasks(self, request: cpb.ListTasksRequest, context: Any) -> cpb.ListTasksResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            views = self.service.list_tasks(
                convert.task_kind(request.kind), request.include_finished
            )
            return {"msg": "success", "tasks": [convert.task_info(v) for v in views]}

        return _answer(cpb.ListTasksResponse, request.requestId, call, "ListTasks")

    def CancelTask(self, request: cpb.CancelTaskRequest, context: Any) -> cpb.CancelTaskResponse:  # noqa: N802
        refused: list[cpb.TaskInfo] = []

        def call() -> dict[str, Any]:
            try:
                view = self.service.cancel(request.backup_name, request.task_id)
            except NotCancellable as exc:
                if exc.view is not None:  # the task exists: the refusal shows its state
                    refused.append(convert.task_info(exc.view))
                raise
            msg = (
                "cancelled"
                if view.state.finished
                else "cancel requested; the task has not stopped yet: poll ListTasks"
            )
            return {"msg": msg, "data": convert.task_info(view)}

        response = _answer(cpb.CancelTaskResponse, request.requestId, call, "CancelTask")
        if refused:
            response.data.CopyFrom(refused[0])
        return response

    def ResumeTask(self, request: cpb.ResumeTaskRequest, context: Any) -> cpb.ResumeTaskResponse:  # noqa: N802
        refused: list[cpb.TaskInfo] = []

        def call() -> dict[str, Any]:
            try:
                view = self.service.resume(request.backup_name, request.task_id)
            except NotResumable as exc:
                if exc.view is not None:  # the task exists: the refusal shows its state
                    refused.append(convert.task_info(exc.view))
                raise
            msg = "resumed; poll ListTasks to see it end"
            if view.state.finished:
                msg = f"the resumed task ended at once ({view.state.value}): {view.error}"
            return {"msg": msg, "data": convert.task_info(view)}

        response = _answer(cpb.ResumeTaskResponse, request.requestId, call, "ResumeTask")
        if refused:
            response.data.CopyFrom(refused[0])
        return response


class PolicyServicer(cpb_grpc.MilvusBackupPolicyServiceServicer):
    """MilvusBackupPolicyService (policies, their runs), answered by a BackupService."""

    def __init__(self, service: BackupService) -> None:
        self.service = service

    def CreatePolicy(self, request: cpb.CreatePolicyRequest, context: Any) -> cpb.PolicyResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            status = self.service.create_policy(convert.policy_input(request.policy))
            return {"msg": "success", "data": convert.policy_status(status)}

        return _answer(cpb.PolicyResponse, request.requestId, call, "CreatePolicy")

    def UpdatePolicy(self, request: cpb.UpdatePolicyRequest, context: Any) -> cpb.PolicyResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            status = self.service.update_policy(convert.policy_input(request.policy))
            return {"msg": "success", "data": convert.policy_status(status)}

        return _answer(cpb.PolicyResponse, request.requestId, call, "UpdatePolicy")

    def DeletePolicy(  # noqa: N802
        self, request: cpb.DeletePolicyRequest, context: Any
    ) -> cpb.DeletePolicyResponse:
        def call() -> dict[str, Any]:
            self.service.delete_policy(request.name)
            return {"msg": "success"}

        return _answer(cpb.DeletePolicyResponse, request.requestId, call, "DeletePolicy")

    def ListPolicies(  # noqa: N802
        self, request: cpb.ListPoliciesRequest, context: Any
    ) -> cpb.ListPoliciesResponse:
        def call() -> dict[str, Any]:
            found = [convert.policy_status(s) for s in self.service.list_policies()]
            return {"msg": "success", "policies": found}

        return _answer(cpb.ListPoliciesResponse, request.requestId, call, "ListPolicies")

    def GetPolicy(self, request: cpb.GetPolicyRequest, context: Any) -> cpb.PolicyResponse:  # noqa: N802
        def call() -> dict[str, Any]:
            status = self.service.get_policy(request.name)
            return {"msg": "success", "data": convert.policy_status(status)}

        return _answer(cpb.PolicyResponse, request.requestId, call, "GetPolicy")

    def RunPolicyNow(  # noqa: N802
        self, request: cpb.RunPolicyNowRequest, context: Any
    ) -> cpb.RunPolicyNowResponse:
        def call() -> dict[str, Any]:
            run = self.service.run_policy_now(request.name)
            return {"msg": "run started: poll ListPolicyRuns", "run": convert.policy_run(run)}

        return _answer(cpb.RunPolicyNowResponse, request.requestId, call, "RunPolicyNow")

    def ListPolicyRuns(  # noqa: N802
        self, request: cpb.ListPolicyRunsRequest, context: Any
    ) -> cpb.ListPolicyRunsResponse:
        def call() -> dict[str, Any]:
            runs = self.service.policy_runs(request.name, request.limit)
            return {"msg": "success", "runs": [convert.policy_run(r) for r in runs]}

        return _answer(cpb.ListPolicyRunsResponse, request.requestId, call, "ListPolicyRuns")


class _ReflectionPool:
    """The default descriptor pool, also resolving method and enum-value names.

    Python's reflection looks every symbol up as a file-level name, so ``grpcurl describe
    Service.Method`` would find nothing; the parent's file is the right answer.
    """

    def __init__(self, pool: Any) -> None:
        self._pool = pool

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pool, name)

    def FindFileContainingSymbol(self, symbol: str) -> Any:  # noqa: N802 - pool API
        try:
            return self._pool.FindFileContainingSymbol(symbol)
        except KeyError:
            parent = symbol.rpartition(".")[0]
            if not parent:
                raise
            return self._pool.FindFileContainingSymbol(parent)


class RunningServer:
    """A started gRPC server with its port and health service."""

    def __init__(
        self,
        server: grpc.Server,
        port: int,
        health_servicer: health.HealthServicer,
        service: BackupService,
    ) -> None:
        self.server = server
        self.port = port
        self.health = health_servicer
        self.service = service

    def stop(self, grace: float = 10.0) -> None:
        """Stop taking calls, let running calls finish within ``grace`` seconds, then stop."""
        self.health.enter_graceful_shutdown()
        self.server.stop(grace).wait()
        self.service.close()


def _health_on_stale(
    service: BackupService, health_servicer: health.HealthServicer, served: tuple[str, ...]
) -> Callable[[list[str]], None] | None:
    """With ``server.healthFailOnStalePolicy``: NOT_SERVING while any policy is stale."""
    if not service.config.server.health_fail_on_stale_policy:
        return None
    shown: list[bool] = []

    def on_stale(stale: list[str]) -> None:
        failing = bool(stale)
        if shown == [failing]:
            return
        if failing:
            log.warning("stale backup policies %s: health says NOT_SERVING", ", ".join(stale))
        status = (
            health_pb2.HealthCheckResponse.NOT_SERVING
            if failing
            else health_pb2.HealthCheckResponse.SERVING
        )
        for name in served:
            health_servicer.set(name, status)
        shown[:] = [failing]

    return on_stale


def start_server(
    service: BackupService,
    port: int,
    host: str = "0.0.0.0",
    max_workers: int = 16,
    security: ServerSecurity | None = None,
    scheduler_tick_seconds: float = 5.0,
) -> RunningServer:
    """Serve MilvusBackupService, MilvusBackupControlService, MilvusBackupPolicyService,
    reflection and grpc.health.v1; run the backup root's policies.

    Port 0 picks a free port; the chosen one is on the returned server. ``security`` adds
    TLS (or mutual TLS) and a bearer-token check (see ``api.security``).
    """
    security = security or ServerSecurity()
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="grpc"),
        interceptors=[security.auth.grpc_interceptor()] if security.auth else None,
    )
    pb_grpc.add_MilvusBackupServiceServicer_to_server(  # type: ignore[no-untyped-call]
        BackupServicer(service), server
    )
    cpb_grpc.add_MilvusBackupControlServiceServicer_to_server(  # type: ignore[no-untyped-call]
        ControlServicer(service), server
    )
    cpb_grpc.add_MilvusBackupPolicyServiceServicer_to_server(  # type: ignore[no-untyped-call]
        PolicyServicer(service), server
    )
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (
            SERVICE_NAME,
            CONTROL_SERVICE_NAME,
            POLICY_SERVICE_NAME,
            health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
            reflection.SERVICE_NAME,
        ),
        server,
        pool=_ReflectionPool(descriptor_pool.Default()),
    )
    if security.tls is not None:
        bound = server.add_secure_port(f"{host}:{port}", security.tls.grpc_credentials())
    else:
        bound = server.add_insecure_port(f"{host}:{port}")
    if bound == 0:
        raise BackupError(f"cannot listen on {host}:{port}: the port is taken or not allowed")
    server.start()
    served = ("", SERVICE_NAME, CONTROL_SERVICE_NAME, POLICY_SERVICE_NAME)
    for name in served:
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
    service.start_scheduler(
        tick_seconds=scheduler_tick_seconds,
        on_stale=_health_on_stale(service, health_servicer, served),
    )
    log.info(
        "serving %s and %s on %s:%d%s",
        SERVICE_NAME,
        CONTROL_SERVICE_NAME,
        host,
        bound,
        f" ({security.describe()})" if security.describe() else "",
    )
    return RunningServer(server, bound, health_servicer, service)


def serve_forever(
    service: BackupService,
    port: int,
    host: str = "0.0.0.0",
    on_started: Callable[[RunningServer], None] | None = None,
    before_stop: Callable[[], None] | None = None,
    security: ServerSecurity | None = None,
) -> None:
    """Serve until SIGTERM or SIGINT, then shut down gracefully.

    On the signal the server takes no new calls, lets its running tasks finish
    within ``server.shutdownGraceSeconds``, then stops the rest resumable ("server shutting
    down"). With ``backup.resumeOnStart`` it resumes, once serving, the interrupted tasks of
    its root (those a stopped or killed process left).

    ``before_stop`` runs first on shutdown, while the engine is still open (it stops the
    REST listener that shares the engine). ``security`` is as for ``start_server``.
    Collection swaps a stopped process left half done are finished before anything listens.
    """
    service.recover_swaps()
    running = start_server(service, port, host, security=security)
    stop = threading.Event()

    def request_stop(signum: int, _frame: object) -> None:
        log.info("received signal %d: shutting down", signum)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    if on_started is not None:
        on_started(running)
    if service.config.backup.resume_on_start:
        threading.Thread(
            target=service.resume_interrupted, name="resume-on-start", daemon=True
        ).start()
    # Timed waits, again and again: Python runs signal handlers on the main thread, between
    # bytecodes, so the main thread wakes regularly rather than trusting one untimed wait to
    # be interrupted (a server once logged nothing of a SIGTERM and outlived its 30 s).
    while not stop.wait(_SIGNAL_CHECK_SECONDS):
        pass
    grace = service.config.server.shutdown_grace_seconds
    deadline = time.monotonic() + grace
    # Refuse new work at once: health says NOT_SERVING, the listeners close, and the calls
    # already running get the grace period too.
    running.health.enter_graceful_shutdown()
    service.stop_scheduler()  # no policy run starts after the signal
    stopped = running.server.stop(grace)
    if before_stop is not None:
        before_stop()
    finished, stopped_tasks = service.stop_tasks(max(0.0, deadline - time.monotonic()))
    log.info(
        "shutdown: %d running task(s) finished within %.0fs, %d stopped resumable",
        finished,
        grace,
        stopped_tasks,
    )
    stopped.wait()
    service.close()
