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
from ..engine.tasks import NotCancellable
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
R = TypeVar("R")


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
            self.service.delete_backup(request.backup_name)
            return {"msg": "success"}

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
    """MilvusBackupControlService (ListTasks, CancelTask), answered by a BackupService."""

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


def start_server(
    service: BackupService,
    port: int,
    host: str = "0.0.0.0",
    max_workers: int = 16,
    security: ServerSecurity | None = None,
) -> RunningServer:
    """Serve MilvusBackupService, MilvusBackupControlService, reflection and grpc.health.v1.

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
    health_servicer = health.HealthServicer()
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    reflection.enable_server_reflection(
        (
            SERVICE_NAME,
            CONTROL_SERVICE_NAME,
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
    for name in ("", SERVICE_NAME, CONTROL_SERVICE_NAME):
        health_servicer.set(name, health_pb2.HealthCheckResponse.SERVING)
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
    within ``server.shutdownGraceSeconds``, then cancels the rest ("server shutting down").

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
    stop.wait()
    grace = service.config.server.shutdown_grace_seconds
    deadline = time.monotonic() + grace
    # Refuse new work at once: health says NOT_SERVING, the listeners close, and the calls
    # already running get the grace period too.
    running.health.enter_graceful_shutdown()
    stopped = running.server.stop(grace)
    if before_stop is not None:
        before_stop()
    finished, cancelled = service.stop_tasks(max(0.0, deadline - time.monotonic()))
    log.info(
        "shutdown: %d running task(s) finished within %.0fs, %d cancelled",
        finished,
        grace,
        cancelled,
    )
    stopped.wait()
    service.close()
