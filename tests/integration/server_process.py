"""The service as a real process: start it on a free loopback port, wait for health, stop.

A server behind TLS or a token is waited for with the ``credentials`` and ``metadata`` a
client of it would use (see tests/integration/test_security.py).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import grpc
from grpc_health.v1 import health_pb2, health_pb2_grpc

from milvus_backup_grpc.pb import backup_pb2_grpc


def free_port() -> int:
    """A port nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def write_config(path: Path, milvus_server: Any, backup_root: Path, extra: str = "") -> Path:
    """A backup.yaml pointing at the session's Milvus and a backup root."""
    path.write_text(
        "milvus:\n"
        f"  address: {milvus_server.host}\n"
        f"  port: {milvus_server.port}\n"
        f"{extra}"
        "minio:\n"
        "  storageType: local\n"
        f"  rootPath: {milvus_server.local_storage_path}\n"
        f"  backupRootPath: {backup_root}\n",
        encoding="utf-8")
    return path


class ServerProcess:
    """``milvus-backup-grpc --config FILE server`` in a child process."""

    def __init__(self, config: Path, log_file: Path, port: int | None = None, *,
                 rest_port: int = 0, global_args: Sequence[str] = (),
                 env: Mapping[str, str] | None = None,
                 credentials: grpc.ChannelCredentials | None = None,
                 metadata: Sequence[tuple[str, str]] = ()) -> None:
        """``rest_port`` 0 serves gRPC only; ``global_args`` go before the verb (``--set``);
        ``env`` is added to this process's environment; ``credentials`` (TLS) and
        ``metadata`` (a token) are what the health check waiting for the server sends."""
        self.config = config
        self.log_file = log_file
        self.port = port or free_port()
        self.rest_port = rest_port
        self.global_args = list(global_args)
        self.env = dict(env or {})
        self.credentials = credentials
        self.metadata = list(metadata)
        self.proc: subprocess.Popen[str] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def channel(self, credentials: grpc.ChannelCredentials | None = None) -> grpc.Channel:
        """A channel to the server: TLS with ``credentials`` (default: the process's own)."""
        credentials = credentials or self.credentials
        if credentials is None:
            return grpc.insecure_channel(self.address)
        return grpc.secure_channel(self.address, credentials)

    def stub(self) -> tuple[grpc.Channel, backup_pb2_grpc.MilvusBackupServiceStub]:
        """A plaintext channel to the server and upstream's service stub on it."""
        channel = self.channel()
        return channel, backup_pb2_grpc.MilvusBackupServiceStub(channel)

    def start(self, timeout: float = 30) -> ServerProcess:
        """Start the server and wait until its health service says SERVING."""
        with self.log_file.open("a") as err:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(self.config),
                 *self.global_args, "server", "--grpc-port", str(self.port),
                 "-p", str(self.rest_port), "--host", "127.0.0.1"],
                stdout=subprocess.DEVNULL, stderr=err, text=True, env={**os.environ, **self.env})
        deadline = time.monotonic() + timeout
        with self.channel() as channel:
            health = health_pb2_grpc.HealthStub(channel)
            while True:
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(), timeout=1,
                                          metadata=self.metadata or None).status
                    if status == health_pb2.HealthCheckResponse.SERVING:
                        return self
                except grpc.RpcError:
                    pass
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited:\n{self.log_file.read_text()}")
                if time.monotonic() > deadline:
                    raise RuntimeError("server did not become healthy")
                time.sleep(0.2)

    def terminate(self, timeout: float = 30) -> int:
        """SIGTERM, then the exit status."""
        assert self.proc is not None
        self.proc.send_signal(signal.SIGTERM)
        return self.proc.wait(timeout=timeout)

    def kill(self) -> None:
        """SIGKILL, as a crash would end it."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.kill()
