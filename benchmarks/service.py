"""The service under test: a real ``milvus-backup-grpc server`` process, driven over gRPC."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import grpc

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc
from tests.integration.server_process import ServerProcess

from .procs import cpu_seconds, peak_rss_bytes, reset_peak_rss, rss_bytes

_RPC_TIMEOUT = 3 * 3600.0  # a synchronous backup or restore answers when it is done


class ServiceError(RuntimeError):
    """The service answered a request with a failure."""


@dataclass
class Measured:
    """Wall time and the service's peak RSS over one request.

    Fields with defaults are also class attributes, so pickles of runs made before a field
    existed still load (``--rebuild``).
    """

    seconds: float
    peak_rss: int
    #: CPU time the service used over the request, every thread, user and system.
    cpu_seconds: float = 0.0
    #: A backup's time by phase, as its completion line in the service's log gives it.
    phases: tuple[tuple[str, float], ...] = ()
    #: Import jobs a restore ran, as its log lines give them.
    import_jobs: int = 0


# The service's log line of a completed backup (engine/backup.py) and one of its phases.
_COMPLETE = re.compile(r'backup (\S+) complete: .*?time by phase: ([^"\n]*)')
_PHASE = re.compile(r"(\S+) ([0-9.]+) s")


def backup_phases(log_text: str, name: str) -> tuple[tuple[str, float], ...]:
    """The time by phase the log says backup ``name`` took (its last completion line)."""
    found = [m.group(2) for m in _COMPLETE.finditer(log_text) if m.group(1) == name]
    if not found:
        return ()
    return tuple((kind, float(spent)) for kind, spent in _PHASE.findall(found[-1]))


# The service's log line of a collection's restore imports (engine/restore.py).
_IMPORT_JOBS = re.compile(r"restore \S+: \S+: .* imported in (\d+) import jobs")


def restore_import_jobs(log_text: str) -> int:
    """Import jobs the restores in ``log_text`` ran, over all their collections."""
    return sum(int(count) for count in _IMPORT_JOBS.findall(log_text))


class BenchService:
    """One service process with one configuration (``--set`` overrides on an empty file).

    Args:
        work_dir: where its config file and log go.
        label: names its config file and log.
        settings: configuration keys, as ``--set KEY=VALUE``.
        extra: more of them, given after (so they win).
    """

    def __init__(
        self,
        work_dir: Path,
        label: str,
        settings: Mapping[str, str],
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        work_dir.mkdir(parents=True, exist_ok=True)
        self.label = label
        self.config_file = work_dir / f"{label}.yaml"
        # Every value goes through --set, so the file holds only a comment.
        self.config_file.write_text(f"# benchmark service {label}: settings given with --set\n")
        self.log_file = work_dir / f"{label}.log"
        args = [item for key, value in settings.items() for item in ("--set", f"{key}={value}")]
        args.extend(item for key, value in extra for item in ("--set", f"{key}={value}"))
        self.process = ServerProcess(self.config_file, self.log_file, global_args=args)
        self._channel: grpc.Channel | None = None
        self.stub: backup_pb2_grpc.MilvusBackupServiceStub | None = None
        self.idle_rss = 0
        self._log_read = 0  # bytes of the log read so far

    def __enter__(self) -> BenchService:
        self.process.start(timeout=60)
        self._channel = self.process.channel()
        self.stub = backup_pb2_grpc.MilvusBackupServiceStub(self._channel)  # type: ignore[no-untyped-call]
        self.idle_rss = rss_bytes(self.pid)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._channel is not None:
            self._channel.close()
        if self.process.proc is not None and self.process.proc.poll() is None:
            self.process.terminate()

    @property
    def pid(self) -> int:
        """The service's process ID (the Python process itself, no wrapper)."""
        assert self.process.proc is not None
        return self.process.proc.pid

    def _stub(self) -> backup_pb2_grpc.MilvusBackupServiceStub:
        if self.stub is None:
            raise RuntimeError("service not started")
        return self.stub

    def _measured(self, call: Callable[[], Any]) -> tuple[Measured, Any]:
        """Run one call of the service; its time and the service's peak RSS during it."""
        reset_peak_rss(self.pid)
        cpu = cpu_seconds(self.pid)
        started = time.perf_counter()
        answer = call()
        elapsed = time.perf_counter() - started
        measured = Measured(elapsed, peak_rss_bytes(self.pid), cpu_seconds(self.pid) - cpu)
        return measured, answer

    def backup(
        self,
        name: str,
        collections: Sequence[str],
        incremental: bool = False,
        backup_format: str = "",
    ) -> tuple[Measured, pb.BackupInfo]:
        """CreateBackup (synchronous) of ``collections``; its time, peak RSS and BackupInfo."""
        measured, answer = self._measured(
            lambda: self._stub().CreateBackup(
                pb.CreateBackupRequest(
                    backup_name=name,
                    collection_names=list(collections),
                    incremental=incremental,
                    format=backup_format,
                ),
                timeout=_RPC_TIMEOUT,
            )
        )
        if answer.code != pb.Success or answer.data.state_code != pb.BACKUP_SUCCESS:
            raise ServiceError(f"{self.label}: backup {name} failed: {answer.msg}")
        return replace(measured, phases=backup_phases(self._new_log(), name)), answer.data

    def _new_log(self) -> str:
        """What the service logged since the last call (the log only grows)."""
        with self.log_file.open("rb") as log:
            log.seek(self._log_read)
            text = log.read()
        self._log_read += len(text)
        return text.decode(errors="replace")

    def restore(
        self, name: str, renames: Mapping[str, str]
    ) -> tuple[Measured, pb.RestoreBackupTaskResponse]:
        """RestoreBackup (synchronous) under new names; its time, peak RSS and task."""
        measured, answer = self._measured(
            lambda: self._stub().RestoreBackup(
                pb.RestoreBackupRequest(backup_name=name, collection_renames=dict(renames)),
                timeout=_RPC_TIMEOUT,
            )
        )
        if answer.code != pb.Success or answer.data.state_code != pb.SUCCESS:
            raise ServiceError(
                f"{self.label}: restore of {name} failed: {answer.msg or answer.data.errorMessage}"
            )
        return replace(measured, import_jobs=restore_import_jobs(self._new_log())), answer.data

    def delete(self, name: str) -> None:
        """DeleteBackup."""
        answer = self._stub().DeleteBackup(
            pb.DeleteBackupRequest(backup_name=name), timeout=_RPC_TIMEOUT
        )
        if answer.code != pb.Success:
            raise ServiceError(f"{self.label}: delete of {name} failed: {answer.msg}")
