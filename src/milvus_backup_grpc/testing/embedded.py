"""Embedded Milvus standalone server (PyPI ``milvus`` 2.3.5) for the demo and the tests.

``EmbeddedMilvus`` renders the config with the package's ``MilvusServerConfig`` and unpacks
the binaries with the package's helper, but starts ``milvus run standalone`` itself so that:

* every port is a fresh free port (the package would take 19530, 9091, ... if free), including
  the embedded etcd's client and peer ports, which the package leaves at 127.0.0.1:2379/2380
  whatever etcd_port says (a second package-started server then segfaults in
  GetEmbedEtcdClient and the package's wait_started() polls until its 180 s timeout);
* extra environment reaches only the child (``env=``), never ``os.environ`` of the test process;
* the child runs in its own session / process group and ``stop()`` kills the whole group,
  waits, and checks that the ports are released;
* start-up failures raise ``EmbeddedMilvusError`` with the tail of the Milvus logs.

Milvus 2.3 binds its gRPC and metrics ports on all interfaces (``*:port``) and has no setting to
change that; only the embedded etcd is bound to 127.0.0.1. Components advertise 127.0.0.1.

``ExternalMilvus`` describes an already running server with the same properties (used by the
``--milvus-uri`` pytest option).
"""

from __future__ import annotations

import atexit
import contextlib
import importlib.util
import os
import random
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["EmbeddedMilvus", "EmbeddedMilvusError", "ExternalMilvus", "find_free_port"]

HOST = "127.0.0.1"

# Template variables of the package's config.yaml.template that are ports.
_TEMPLATE_PORT_KEYS = (
    "etcd_port",
    "root_coord_port",
    "proxy_port",
    "proxy_internal_port",
    "query_coord_port",
    "query_node_port",
    "index_coord_port",
    "index_node_port",
    "data_coord_port",
    "data_node_port",
)
# Extra ports we assign ourselves: embedded etcd peer port and the metrics/health port.
_EXTRA_PORT_KEYS = ("etcd_peer_port", "metrics_port")
# Components whose advertised address should be loopback (listening stays on all interfaces).
_IP_KEYS = (
    "rootCoord.ip",
    "proxy.ip",
    "queryCoord.ip",
    "queryNode.ip",
    "indexNode.ip",
    "dataCoord.ip",
    "dataNode.ip",
)

# Child environment defaults (overridable through ``env=``). With a loaded collection a SIGTERM'd
# 2.3.5 stops its coordinators first, then the query node waits up to
# queryNode.gracefulStopTimeout for its segments to be moved away (which can no longer happen):
# keep that short so stop() is quick.
DEFAULT_ENV = {
    "QUERYNODE_GRACEFULSTOPTIMEOUT": "2",
    "INDEXNODE_GRACEFULSTOPTIMEOUT": "2",
}

_PORT_LOCK = threading.Lock()
_RESERVED_PORTS: set[int] = set()  # ports handed out in this process (not reused)
_LIVE: weakref.WeakSet[EmbeddedMilvus] = weakref.WeakSet()


class EmbeddedMilvusError(RuntimeError):
    """Embedded Milvus failed to start or stop."""


# --------------------------------------------------------------------------- ports


def _port_is_free(port: int, reuse: bool = False) -> bool:
    """True if nothing listens on ``port`` on any IPv4 address.

    A wildcard bind (0.0.0.0) fails if anything listens on 127.0.0.1:port, 0.0.0.0:port or a
    dual-stack [::]:port. With ``reuse`` (what Go listeners use) TIME_WAIT leftovers are ignored.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        if reuse:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return False
    return True


def _ephemeral_range() -> tuple[int, int]:
    try:
        low, high = Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()
        return int(low), int(high)
    except (OSError, ValueError):
        return 32768, 60999


def find_free_port(count: int = 1) -> list[int]:
    """Return ``count`` distinct free TCP ports, never handed out before in this process.

    Ports are picked below the kernel's ephemeral range (so the many outgoing connections that
    Milvus opens cannot occupy them between our check and Milvus's bind) from a random start
    (so parallel test processes rarely pick the same ones).
    """
    eph_low, _ = _ephemeral_range()
    low, high = 20000, min(eph_low, 32768) - 1
    if high - low < 1000:  # unusual ephemeral range: fall back to kernel-assigned ports
        low, high = 1024, 65535
    ports: list[int] = []
    with _PORT_LOCK:
        start = random.randint(low, high)
        span = high - low + 1
        for i in range(span):
            port = low + (start - low + i) % span
            if port in _RESERVED_PORTS or not _port_is_free(port):
                continue
            _RESERVED_PORTS.add(port)
            ports.append(port)
            if len(ports) == count:
                return ports
    raise EmbeddedMilvusError(f"could not find {count} free ports in {low}-{high}")


# --------------------------------------------------------------------------- helpers


def _tail(path: Path, lines: int) -> str:
    try:
        with path.open("rb") as fp:
            fp.seek(0, os.SEEK_END)
            size = fp.tell()
            fp.seek(max(0, size - 256 * 1024))
            data = fp.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(line[:400] for line in data.splitlines()[-lines:])


DEFAULT_CREDENTIALS = ("root", "Milvus")  # Milvus's built-in superuser


def _grpc_version(
    host: str, port: int, timeout: float = 10.0, credentials: tuple[str, str] | None = None
) -> str:
    """GetVersion over raw gRPC. Credentials are sent as Milvus expects them (``authorization``
    metadata = base64 of ``user:password``); a server without authorization ignores them."""
    import base64

    import grpc

    from ..milvus.stub import MilvusServiceStub
    from ..milvuspb import milvus_pb2

    user, password = credentials or DEFAULT_CREDENTIALS
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    with grpc.insecure_channel(f"{host}:{port}") as channel:
        grpc.channel_ready_future(channel).result(timeout=timeout)
        resp = MilvusServiceStub(channel).method("GetVersion")(
            milvus_pb2.GetVersionRequest(), timeout=timeout, metadata=[("authorization", token)]
        )
        return str(resp.version)


# --------------------------------------------------------------------------- servers


@dataclass
class ExternalMilvus:
    """An already running Milvus (``--milvus-uri host:port``); same properties as EmbeddedMilvus."""

    host: str
    port: int
    local_storage_path: Path | None = None
    base_dir: Path | None = None
    _version: str | None = None

    @classmethod
    def from_uri(cls, uri: str, data_path: str | os.PathLike[str] | None = None) -> ExternalMilvus:
        address = uri.split("://", 1)[-1].rstrip("/")
        host, sep, port = address.rpartition(":")
        if not sep or not port.isdigit():
            raise ValueError(f"expected host:port, got {uri!r}")
        return cls(host or HOST, int(port), Path(data_path).resolve() if data_path else None)

    @property
    def uri(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = _grpc_version(self.host, self.port)
        return self._version

    @property
    def env(self) -> dict[str, str]:
        return {}

    def start(self, base_dir: Any = None) -> ExternalMilvus:  # noqa: ARG002 - same API
        return self

    def stop(self) -> None:
        pass


class EmbeddedMilvus:
    """One ``milvus run standalone`` child process with local (or env-configured) storage.

    Args:
        base_dir: directory for bin/, configs/, logs/, data/ (may also be given to ``start``).
        env: extra environment for the child only, e.g. ``{"COMMON_STORAGETYPE": "minio",
            "MINIO_ADDRESS": "127.0.0.1", ...}`` (Milvus reads any config key from the
            environment: upper case, ``.`` -> ``_``).
        config: either template variables of the package (``authorization_enabled=True``,
            ``etcd_log_level="warn"``, ...) or dotted milvus.yaml keys
            (``"common.security.authorizationEnabled": "true"``). Dotted keys that exist in
            the template are written into milvus.yaml; others are passed as environment.
        credentials: (user, password) for the readiness GetVersion when authorization is on
            (default root/Milvus).
        start_timeout: seconds to wait for /healthz and a gRPC GetVersion.
        stop_timeout: seconds to wait after SIGTERM before SIGKILL.
        package_dir: a directory holding another version of the PyPI ``milvus`` package
            (``pip install --no-deps --target DIR milvus==2.2.16``); default: the installed one.
    """

    def __init__(
        self,
        base_dir: str | os.PathLike[str] | None = None,
        *,
        env: Mapping[str, str] | None = None,
        config: Mapping[str, Any] | None = None,
        credentials: tuple[str, str] | None = None,
        start_timeout: float = 180.0,
        stop_timeout: float = 15.0,
        package_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self._base_dir = Path(base_dir).resolve() if base_dir is not None else None
        self._env: dict[str, str] = {k: str(v) for k, v in (env or {}).items()}
        self._config: dict[str, Any] = dict(config or {})
        self.credentials = credentials
        self._package_dir = Path(package_dir) if package_dir is not None else None
        self.start_timeout = start_timeout
        self.stop_timeout = stop_timeout
        self._proc: subprocess.Popen[bytes] | None = None
        self._ports: dict[str, int] = {}
        self._version: str | None = None
        self._log_files: list[Any] = []
        self.started_in: float | None = None  # seconds from Popen to ready
        # Exit code of the last stop(). 2.3.5 never exits 0 on SIGTERM: after "All cleanup done"
        # it panics ("context canceled" in CloseEtcdClient), seen as -6 (SIGABRT) or 2.
        self.last_exit_code: int | None = None

    # ------------------------------------------------------------------ properties

    @property
    def host(self) -> str:
        return HOST

    @property
    def port(self) -> int:
        """gRPC port of the proxy (what clients connect to)."""
        return self._require_port("proxy_port")

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def uri(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def metrics_port(self) -> int:
        """HTTP port serving /healthz and /metrics."""
        return self._require_port("metrics_port")

    @property
    def ports(self) -> dict[str, int]:
        return dict(self._ports)

    @property
    def version(self) -> str:
        if self._version is None:
            self._version = _grpc_version(self.host, self.port, credentials=self.credentials)
        return self._version

    @property
    def base_dir(self) -> Path:
        if self._base_dir is None:
            raise EmbeddedMilvusError("base_dir not set; pass it to EmbeddedMilvus() or start()")
        return self._base_dir

    @property
    def local_storage_path(self) -> Path:
        """localStorage.path: with local storage, insert_log/, delta_log/, stats_log/ land here."""
        return self.base_dir / "data"

    @property
    def logs_dir(self) -> Path:
        return self.base_dir / "logs"

    @property
    def config_file(self) -> Path:
        return self.base_dir / "configs" / "milvus.yaml"

    @property
    def env(self) -> dict[str, str]:
        """Extra environment given to the child (not the full environment)."""
        return dict(self._env)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _require_port(self, key: str) -> int:
        if key not in self._ports:
            raise EmbeddedMilvusError("server not started")
        return self._ports[key]

    # ------------------------------------------------------------------ context manager

    def __enter__(self) -> EmbeddedMilvus:
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"pid={self.pid} {self.address}" if self._proc else "stopped"
        return f"<EmbeddedMilvus {state} base_dir={self._base_dir}>"

    # ------------------------------------------------------------------ start

    def start(self, base_dir: str | os.PathLike[str] | None = None) -> EmbeddedMilvus:
        if self._proc is not None:
            raise EmbeddedMilvusError(f"already started: {self!r}")
        if base_dir is not None:
            self._base_dir = Path(base_dir).resolve()
        base = self.base_dir
        base.mkdir(parents=True, exist_ok=True)

        exe, child_env = self._prepare(base)
        stdout = (self.logs_dir / "milvus-stdout.log").open("wb")
        stderr = (self.logs_dir / "milvus-stderr.log").open("wb")
        self._log_files = [stdout, stderr]
        t0 = time.monotonic()
        self._proc = subprocess.Popen(  # noqa: S603
            [str(exe), "run", "standalone"],
            cwd=str(base),
            env=child_env,
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # own session + process group: stop() kills the group
        )
        _LIVE.add(self)
        try:
            self._wait_ready(t0)
        except BaseException:
            self.stop(timeout=2.0)  # a server that failed to start gets little grace
            raise
        self.started_in = time.monotonic() - t0
        return self

    def _milvus_package(self) -> Any:
        """The PyPI ``milvus`` module: the installed one, or another version's copy."""
        if self._package_dir is None:
            import milvus  # imported lazily so --milvus-uri works without the package

            return milvus
        init = self._package_dir / "milvus" / "__init__.py"
        if not init.is_file():
            raise EmbeddedMilvusError(f"no milvus package under {self._package_dir}")
        # Loaded under its own name, so two versions can serve side by side in one process.
        name = f"milvus_at_{abs(hash(str(self._package_dir)))}"
        spec = importlib.util.spec_from_file_location(name, init)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    def _prepare(self, base: Path) -> tuple[Path, dict[str, str]]:
        milvus = self._milvus_package()

        cfg = milvus.MilvusServerConfig(data_dir=str(base))
        env_from_config: dict[str, str] = {}
        for key, value in self._config.items():
            if key in cfg.configurable_items:
                cfg.configs[key] = value  # overrides what resolve() would pick
                val_type = cfg.get_type(key)
                cfg.set(key, val_type(value) if val_type is not bool else _as_bool(value))
            elif "." in key and _yaml_has_key(cfg.template_text, key):
                cfg.set(key, cfg.get_value_text(value))
            elif "." in key:
                env_from_config[key.replace(".", "_").upper()] = cfg.get_value_text(value)
            else:
                raise EmbeddedMilvusError(
                    f"unknown config key {key!r}: use a template variable "
                    f"({', '.join(sorted(cfg.configurable_items))}) or a dotted milvus.yaml key"
                )

        port_keys = [*_TEMPLATE_PORT_KEYS, *_EXTRA_PORT_KEYS]
        fresh = iter(find_free_port(len(port_keys)))
        self._ports = {key: next(fresh) for key in port_keys}
        for key in _TEMPLATE_PORT_KEYS:
            cfg.configs[key] = self._ports[key]  # resolve() checks and keeps explicit ports
        for key in _IP_KEYS:
            cfg.set(key, HOST)

        cfg.resolve()  # writes configs/milvus.yaml; creates logs/ and data/
        milvus._initialize_data_files(str(base))  # unpacks bin/ (md5-cached)
        exe = base / "bin" / "milvus"

        # The embedded etcd listens on localhost:2379/2380 unless given its own config file.
        etcd_client = f"http://{HOST}:{self._ports['etcd_port']}"
        etcd_peer = f"http://{HOST}:{self._ports['etcd_peer_port']}"
        etcd_conf = base / "configs" / "embed-etcd.yaml"
        etcd_conf.write_text(
            "name: default\n"
            f"listen-client-urls: {etcd_client}\n"
            f"advertise-client-urls: {etcd_client}\n"
            f"listen-peer-urls: {etcd_peer}\n"
            f"initial-advertise-peer-urls: {etcd_peer}\n"
            f"initial-cluster: default={etcd_peer}\n",
            encoding="utf-8",
        )

        child_env = dict(os.environ)
        child_env.update(
            {
                "DEPLOY_MODE": "STANDALONE",
                "METRICS_PORT": str(self._ports["metrics_port"]),
                "MILVUS_RUN_DIR": str(base / "run"),
                "ETCD_CONFIG_PATH": str(etcd_conf),
                "LD_LIBRARY_PATH": ":".join(
                    p for p in (str(exe.parent), os.environ.get("LD_LIBRARY_PATH", "")) if p
                ),
            }
        )
        child_env.update(DEFAULT_ENV)
        child_env.update(env_from_config)
        child_env.update(self._env)
        return exe, child_env

    def _wait_ready(self, t0: float) -> None:
        deadline = t0 + self.start_timeout
        health = f"http://{HOST}:{self.metrics_port}/healthz"
        last_error = "no answer yet"
        while True:
            if self._proc is None or self._proc.poll() is not None:
                code = self._proc.returncode if self._proc else None
                raise EmbeddedMilvusError(self._failure(f"milvus exited with code {code}"))
            if time.monotonic() > deadline:
                raise EmbeddedMilvusError(
                    self._failure(f"not healthy after {self.start_timeout:.0f}s ({last_error})")
                )
            try:
                with urllib.request.urlopen(health, timeout=2) as resp:  # noqa: S310
                    body = resp.read().decode("utf-8", "replace")
                if "OK" in body:
                    break
                last_error = f"/healthz said {body.strip()[:200]!r}"
            except (urllib.error.URLError, OSError) as exc:
                last_error = f"/healthz: {exc}"
            time.sleep(0.2)
        # Healthy; make sure the proxy answers gRPC and record the version.
        import grpc

        retry_codes = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
        while True:
            try:
                remaining = max(1.0, deadline - time.monotonic())
                self._version = _grpc_version(
                    self.host, self.port, min(10.0, remaining), self.credentials
                )
                return
            except (grpc.RpcError, grpc.FutureTimeoutError) as exc:
                code = exc.code() if isinstance(exc, grpc.RpcError) else None
                retry = code is None or code in retry_codes
                if not retry or time.monotonic() > deadline or not self.running:
                    raise EmbeddedMilvusError(self._failure(f"GetVersion failed: {exc}")) from exc
                time.sleep(0.5)

    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for name in ("milvus-stderr.log", "milvus-stdout.log", "standalone-1.log"):
            text = _tail(self.logs_dir / name, lines)
            if text:
                parts.append(f"----- {self.logs_dir / name} (last {lines} lines) -----\n{text}")
        return "\n".join(parts) or f"(no logs in {self.logs_dir})"

    def _failure(self, what: str) -> str:
        return (
            f"embedded Milvus in {self._base_dir} failed to start: {what}\n"
            f"ports: {self._ports}\n{self.log_tail()}"
        )

    # ------------------------------------------------------------------ stop

    def stop(self, timeout: float | None = None) -> None:
        """Stop the child and its whole process group; wait until its ports are free.

        SIGTERM to the group, up to ``timeout`` (default ``stop_timeout``) seconds of grace,
        then SIGKILL. Safe to call more than once and after a failed start.
        """
        proc, self._proc = self._proc, None
        if proc is not None:
            pgid = proc.pid  # start_new_session: the child leads its own group
            _signal_group(pgid, signal.SIGTERM)
            try:
                proc.wait(timeout=self.stop_timeout if timeout is None else timeout)
            except subprocess.TimeoutExpired:
                _signal_group(pgid, signal.SIGKILL)
                proc.wait(timeout=30)
            _signal_group(pgid, signal.SIGKILL)  # anything left in the group
            _LIVE.discard(self)
            self.last_exit_code = proc.returncode
            # 2.3.5 always writes this file (hard-coded /tmp/milvus) and never removes it.
            with contextlib.suppress(OSError):
                os.unlink(f"/tmp/milvus/server_id_{proc.pid}")
        for fp in self._log_files:
            with contextlib.suppress(OSError):
                fp.close()
        self._log_files = []
        if proc is not None:
            self._wait_ports_released()

    def _wait_ports_released(self, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        busy = list(self._ports.items())
        while busy:
            busy = [(k, p) for k, p in busy if not _port_is_free(p, reuse=True)]
            if not busy:
                return
            if time.monotonic() > deadline:
                raise EmbeddedMilvusError(f"ports still in use after stop: {dict(busy)}")
            time.sleep(0.2)


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _yaml_has_key(template: str, dotted: str) -> bool:
    """Whether ``a.b.c`` appears as a nested key in the (2-space indented) template."""
    wanted = dotted.split(".")
    path: list[str] = []
    for line in template.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or ":" not in stripped:
            continue
        key = stripped.split(":", 1)[0].strip()
        level = (len(line) - len(line.lstrip(" "))) // 2
        path = [*path[:level], key]
        if path == wanted:
            return True
    return False


@atexit.register
def _stop_all() -> None:  # last resort if a test run is interrupted
    for server in list(_LIVE):
        with contextlib.suppress(Exception):
            server.stop()


@contextlib.contextmanager
def embedded_milvus(base_dir: str | os.PathLike[str], **kwargs: Any) -> Iterator[EmbeddedMilvus]:
    """``with embedded_milvus(tmp) as server: ...``"""
    server = EmbeddedMilvus(base_dir, **kwargs)
    try:
        yield server.start()
    finally:
        server.stop()
