"""TLS, mutual TLS and bearer tokens on the real server process, over gRPC and REST.

The server is started from a ``configVersion: v2`` file with local storage in a temporary
directory; the calls that must work (ListBackups, /api/v1/list) need no Milvus, so these
tests start none. Certificates are throwaway ones from tests/fixtures/certs.py.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import (
    ProtoReflectionDescriptorDatabase,
)

from milvus_backup_grpc.client import BackupClient, TransportError
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc, control_pb2_grpc
from milvus_backup_grpc.pb import control_pb2 as cpb
from tests.fixtures.certs import Certs, make_certs
from tests.integration.server_process import ServerProcess, free_port

pytestmark = pytest.mark.timeout(120)

TOKEN = "s3cr3t-Token-for-tests-0123456789"
WRONG_TOKEN = "wrong-Token-for-tests-9876543210"
BACKUP_SERVICE = "milvus.proto.backup.MilvusBackupService"
CONTROL_SERVICE = "milvusbackupgrpc.control.v1.MilvusBackupControlService"


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certs:
    return make_certs(tmp_path_factory.mktemp("certs"))


def _config(tmp_path: Path, server_yaml: str = "") -> Path:
    """A v2 file: local storage under tmp_path, a Milvus that is not there, ``server:``."""
    (tmp_path / "milvus").mkdir(exist_ok=True)
    (tmp_path / "backups").mkdir(exist_ok=True)
    path = tmp_path / "backup.yaml"
    path.write_text(
        "configVersion: v2\n"
        "milvus:\n"
        "  grpc:\n"
        "    address: 127.0.0.1\n"
        f"    port: {free_port()}\n"
        "  storage:\n"
        "    provider: local\n"
        f"    rootPath: {tmp_path / 'milvus'}\n"
        "backup:\n"
        "  storage:\n"
        f"    rootPath: {tmp_path / 'backups'}\n"
        f"{server_yaml}",
        encoding="utf-8")
    return path


def _tls_yaml(certs: Certs) -> str:
    return ("server:\n"
            "  tls:\n"
            f"    certPath: {certs.server_cert}\n"
            f"    keyPath: {certs.server_key}\n")


def _credentials(certs: Certs, client: str | None = None, ca: str = "ca"
                 ) -> grpc.ChannelCredentials:
    """TLS trusting ``ca``; with ``client`` ("client" or "rogue_client") presenting a cert."""
    if client is None:
        return grpc.ssl_channel_credentials(root_certificates=certs.read(ca))
    return grpc.ssl_channel_credentials(
        root_certificates=certs.read(ca),
        private_key=certs.read(f"{client}_key"),
        certificate_chain=certs.read(f"{client}_cert"))


def _list(channel: grpc.Channel, metadata: Sequence[tuple[str, str]] = ()
          ) -> pb.ListBackupsResponse:
    stub = backup_pb2_grpc.MilvusBackupServiceStub(channel)
    return stub.ListBackups(pb.ListBackupsRequest(requestId="sec-1"), timeout=10,
                            metadata=list(metadata) or None)


def _rpc_error(channel: grpc.Channel, metadata: Sequence[tuple[str, str]] = ()) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as err:
        _list(channel, metadata)
    return err.value


@dataclass
class Answer:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def json(self) -> object:
        return json.loads(self.body)


def _https_context(certs: Certs, client: str | None = None) -> ssl.SSLContext:
    """Trusting the test CA; with ``client`` ("client", "rogue_client") presenting a cert."""
    context = ssl.create_default_context(cafile=str(certs.ca))
    if client:
        context.load_cert_chain(str(getattr(certs, f"{client}_cert")),
                                str(getattr(certs, f"{client}_key")))
    return context


def _get(port: int, path: str, context: ssl.SSLContext | None = None,
         headers: Mapping[str, str] | None = None) -> Answer:
    connection: http.client.HTTPConnection
    if context is None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    else:
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    try:
        connection.request("GET", path, headers=dict(headers or {}))
        response = connection.getresponse()
        return Answer(response.status, dict(response.getheaders()), response.read())
    finally:
        connection.close()


def _assert_listens_not(port: int) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


@pytest.fixture
def tls_server(tmp_path: Path, certs: Certs) -> Iterator[ServerProcess]:
    """Server TLS from the config file, gRPC and REST."""
    config = _config(tmp_path, _tls_yaml(certs))
    with ServerProcess(config, tmp_path / "server.log", rest_port=free_port(),
                       credentials=_credentials(certs)) as server:
        yield server


def test_tls_grpc_works_with_the_ca_and_plaintext_fails(tls_server: ServerProcess,
                                                        certs: Certs) -> None:
    with tls_server.channel() as channel:
        listed = _list(channel)
        assert listed.code == pb.Success and listed.requestId == "sec-1"

    with grpc.insecure_channel(tls_server.address) as channel:
        assert _rpc_error(channel).code() == grpc.StatusCode.UNAVAILABLE
    with tls_server.channel(_credentials(certs, ca="other_ca")) as channel:
        assert _rpc_error(channel).code() == grpc.StatusCode.UNAVAILABLE


def test_rest_speaks_https_and_refuses_plain_http(tls_server: ServerProcess,
                                                  certs: Certs) -> None:
    listed = _get(tls_server.rest_port, "/api/v1/list", _https_context(certs))
    assert listed.status == 200
    assert isinstance(listed.json, dict) and listed.json["msg"] == "success"

    with pytest.raises((OSError, http.client.HTTPException)):
        _get(tls_server.rest_port, "/api/v1/list")
    # Still serving after the plaintext attempt, and while a client connects and says nothing
    # (handshakes happen in each connection's thread, not in the one that accepts).
    with socket.create_connection(("127.0.0.1", tls_server.rest_port), timeout=5):
        assert _get(tls_server.rest_port, "/api/v1/hello", _https_context(certs)).status == 200


def test_mutual_tls_requires_a_client_certificate_signed_by_the_ca(
        tmp_path: Path, certs: Certs) -> None:
    config = _config(tmp_path)
    tls_args = ["--set", f"server.tls.certPath={certs.server_cert}",
                "--set", f"server.tls.keyPath={certs.server_key}"]
    # The rest comes from the environment: the CA of client certificates and the mode.
    env = {"MILVUS_BACKUP_TLS_CA_CERT_PATH": str(certs.ca),
           "MILVUS_BACKUP_TLS_CLIENT_AUTH": "require"}
    with ServerProcess(config, tmp_path / "server.log", rest_port=free_port(),
                       global_args=tls_args, env=env,
                       credentials=_credentials(certs, "client")) as server:
        with server.channel() as channel:
            assert _list(channel).code == pb.Success
        with server.channel(_credentials(certs)) as channel:
            assert _rpc_error(channel).code() == grpc.StatusCode.UNAVAILABLE
        with server.channel(_credentials(certs, "rogue_client")) as channel:
            assert _rpc_error(channel).code() == grpc.StatusCode.UNAVAILABLE

        assert _get(server.rest_port, "/api/v1/list",
                    _https_context(certs, "client")).status == 200
        with pytest.raises((OSError, http.client.HTTPException)):
            _get(server.rest_port, "/api/v1/list", _https_context(certs))
        with pytest.raises((OSError, http.client.HTTPException)):
            _get(server.rest_port, "/api/v1/list", _https_context(certs, "rogue_client"))
        assert server.terminate() == 0


@pytest.fixture
def token_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """Plaintext, with the token from upstream-style env MILVUS_BACKUP_TOKEN."""
    config = _config(tmp_path)
    with ServerProcess(config, tmp_path / "server.log", rest_port=free_port(),
                       env={"MILVUS_BACKUP_TOKEN": TOKEN}) as server:
        yield server


def test_token_is_required_on_grpc_but_not_for_health_and_reflection(
        token_server: ServerProcess) -> None:
    with token_server.channel() as channel:
        missing = _rpc_error(channel)
        assert missing.code() == grpc.StatusCode.UNAUTHENTICATED
        assert missing.details() == (
            "authentication required: send 'authorization: Bearer <token>' "
            "(an HTTP header, or gRPC metadata)")
        wrong = _rpc_error(channel, [("authorization", f"Bearer {WRONG_TOKEN}")])
        assert wrong.code() == grpc.StatusCode.UNAUTHENTICATED
        assert "not valid" in (wrong.details() or "")
        basic = _rpc_error(channel, [("authorization", f"Basic {TOKEN}")])
        assert basic.code() == grpc.StatusCode.UNAUTHENTICATED

        listed = _list(channel, [("authorization", f"Bearer {TOKEN}")])
        assert listed.code == pb.Success and listed.requestId == "sec-1"

        health = health_pb2_grpc.HealthStub(channel).Check(
            health_pb2.HealthCheckRequest(service=BACKUP_SERVICE), timeout=10)
        assert health.status == health_pb2.HealthCheckResponse.SERVING
        services = set(ProtoReflectionDescriptorDatabase(channel).get_services())
        assert BACKUP_SERVICE in services


def test_token_is_required_on_rest_but_not_for_hello(token_server: ServerProcess) -> None:
    port = token_server.rest_port
    missing = _get(port, "/api/v1/list")
    assert missing.status == 401
    assert missing.headers.get("WWW-Authenticate") == "Bearer"
    assert missing.json == {"error": "authentication required: send 'authorization: Bearer "
                                     "<token>' (an HTTP header, or gRPC metadata)"}
    wrong = _get(port, "/api/v1/list", headers={"Authorization": f"Bearer {WRONG_TOKEN}"})
    assert wrong.status == 401 and wrong.json == {"error": "the bearer token is not valid"}
    assert _get(port, "/api/v1/no_such_route").status == 401  # routes are not revealed

    listed = _get(port, "/api/v1/list", headers={"Authorization": f"Bearer {TOKEN}"})
    assert listed.status == 200
    assert isinstance(listed.json, dict) and listed.json["msg"] == "success"
    assert _get(port, "/api/v1/hello").status == 200


def test_the_control_service_needs_the_token_too(token_server: ServerProcess) -> None:
    with token_server.channel() as channel:
        control = control_pb2_grpc.MilvusBackupControlServiceStub(channel)
        with pytest.raises(grpc.RpcError) as refused:
            control.ListTasks(cpb.ListTasksRequest(), timeout=10)
        assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
        listed = control.ListTasks(cpb.ListTasksRequest(requestId="sec-2"), timeout=10,
                                   metadata=[("authorization", f"Bearer {TOKEN}")])
        assert (listed.code, listed.requestId) == (pb.Success, "sec-2")
        services = set(ProtoReflectionDescriptorDatabase(channel).get_services())
        assert CONTROL_SERVICE in services
    assert _get(token_server.rest_port, "/api/v1/tasks").status == 401
    allowed = _get(token_server.rest_port, "/api/v1/tasks",
                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert allowed.status == 200 and isinstance(allowed.json, dict)
    assert allowed.json["code"] == "Success"


def test_the_token_never_appears_in_the_log(token_server: ServerProcess) -> None:
    with token_server.channel() as channel:
        _rpc_error(channel, [("authorization", f"Bearer {WRONG_TOKEN}")])
        assert _list(channel, [("authorization", f"Bearer {TOKEN}")]).code == pb.Success
    _get(token_server.rest_port, "/api/v1/list", headers={"Authorization": f"Bearer {TOKEN}"})
    _get(token_server.rest_port, "/api/v1/list", headers={"Authorization": f"Bearer {WRONG_TOKEN}"})
    assert token_server.terminate() == 0

    text = token_server.log_file.read_text()
    entries = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert any(e["msg"] == "config server.auth.token = **** (env:MILVUS_BACKUP_TOKEN)"
               for e in entries)
    assert any("refused /milvus.proto.backup.MilvusBackupService/ListBackups" in e["msg"]
               for e in entries)
    assert any("refused GET /api/v1/list" in e["msg"] for e in entries)
    assert TOKEN not in text and WRONG_TOKEN not in text


def test_health_and_reflection_need_the_token_when_not_exempt(tmp_path: Path) -> None:
    config = _config(tmp_path, "server:\n  auth:\n    token: " + TOKEN + "\n"
                     "    exemptHealth: false\n    exemptReflection: false\n")
    bearer = [("authorization", f"Bearer {TOKEN}")]
    with ServerProcess(config, tmp_path / "server.log", rest_port=free_port(),
                       metadata=bearer) as server, server.channel() as channel:
        health = health_pb2_grpc.HealthStub(channel)
        with pytest.raises(grpc.RpcError) as err:
            health.Check(health_pb2.HealthCheckRequest(), timeout=10)
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert health.Check(health_pb2.HealthCheckRequest(), timeout=10,
                            metadata=bearer).status == health_pb2.HealthCheckResponse.SERVING
        with pytest.raises(grpc.RpcError) as err:
            ProtoReflectionDescriptorDatabase(channel).get_services()
        assert err.value.code() == grpc.StatusCode.UNAUTHENTICATED
        assert _get(server.rest_port, "/api/v1/hello").status == 401
        assert server.terminate() == 0
    assert TOKEN not in (tmp_path / "server.log").read_text()


def test_tls_and_token_together(tmp_path: Path, certs: Certs) -> None:
    config = _config(tmp_path, _tls_yaml(certs) + f"  auth:\n    token: {TOKEN}\n")
    with ServerProcess(config, tmp_path / "server.log", rest_port=free_port(),
                       credentials=_credentials(certs)) as server, server.channel() as channel:
        assert _rpc_error(channel).code() == grpc.StatusCode.UNAUTHENTICATED
        assert _list(channel, [("authorization", f"Bearer {TOKEN}")]).code == pb.Success
        context = _https_context(certs)
        assert _get(server.rest_port, "/api/v1/list", context).status == 401
        assert _get(server.rest_port, "/api/v1/list", context,
                    {"Authorization": f"Bearer {TOKEN}"}).status == 200

        # gRPC's own bearer call credentials send exactly what the server expects.
        with_token = grpc.composite_channel_credentials(
            _credentials(certs), grpc.access_token_call_credentials(TOKEN))
        with BackupClient(server.address, channel_credentials=with_token, timeout=10) as client:
            assert client.list_backups() == []
        with BackupClient(server.address, channel_credentials=_credentials(certs),
                          timeout=10) as client, pytest.raises(TransportError) as err:
            client.list_backups()
        assert err.value.status == grpc.StatusCode.UNAUTHENTICATED


@pytest.mark.parametrize(
    ("server_yaml", "expected"),
    [
        ("server:\n  tls:\n    certPath: {missing}\n    keyPath: {server_key}\n",
         "server.tls.certPath '{missing}' cannot be read"),
        ("server:\n  tls:\n    certPath: {server_cert}\n    keyPath: {missing}\n",
         "server.tls.keyPath '{missing}' cannot be read"),
        ("server:\n  tls:\n    certPath: {server_key}\n    keyPath: {server_key}\n",
         "server.tls.certPath '{server_key}' holds no PEM certificate"),
        ("server:\n  tls:\n    certPath: {server_cert}\n    keyPath: {client_key}\n",
         "cannot be used together"),
        ("server:\n  tls:\n    certPath: {server_cert}\n    keyPath: {server_key}\n"
         "    clientAuth: require\n    caCertPath: {missing}\n",
         "server.tls.caCertPath '{missing}' cannot be read"),
    ],
)
def test_bad_certificate_files_stop_the_server_before_it_listens(
        tmp_path: Path, certs: Certs, server_yaml: str, expected: str) -> None:
    paths = {"missing": str(tmp_path / "missing.pem"), "server_cert": str(certs.server_cert),
             "server_key": str(certs.server_key), "client_key": str(certs.client_key)}
    config = _config(tmp_path, server_yaml.format(**paths))
    grpc_port, rest_port = free_port(), free_port()

    done = subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config), "server",
         "--grpc-port", str(grpc_port), "-p", str(rest_port), "--host", "127.0.0.1"],
        capture_output=True, text=True, timeout=60)

    assert done.returncode == 1, done.stderr  # a configuration error, not a bad request
    assert expected.format(**paths) in done.stderr
    assert "listening on" not in done.stdout
    _assert_listens_not(grpc_port)
    _assert_listens_not(rest_port)
