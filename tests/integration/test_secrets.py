"""Secrets never appear in logs, answers or errors, even when the failures tempt it.

Distinctive values are configured for every secret: Milvus's password, both storages' secret
keys and session tokens, and the bearer token. The backup storage is a moto server that
checks credentials (``INITIAL_NO_AUTH_ACTION_COUNT``) and refuses ours, and the server logs
at debug level, where botocore prints the headers it sends. Every answer the server gives
(gRPC, REST, a refused token), its whole log, and the command line's output for a check
against unreachable or refusing services and for broken configuration are searched for
the secrets; the refusals themselves must be there, naming what to check.

tests/integration/test_server_process.py and test_security.py cover a healthy server's log.
"""

from __future__ import annotations

import base64
import http.client
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3
import grpc
import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.fixtures.s3_server import MotoServer
from tests.integration.server_process import ServerProcess, free_port, write_config

pytestmark = pytest.mark.timeout(300)

PASSWORD = "Milvus-Pass-7f3a91e2"
MILVUS_SIDE_SECRET = "Milvus-Storage-Secret-2c84e0"
MILVUS_SIDE_TOKEN = "Milvus-Storage-Token-5a1b66"
BACKUP_SECRET = "Backup-Storage-Secret-9d17b2"
BACKUP_TOKEN = "Backup-Session-Token-31f0c7"
BEARER = "Bearer-Token-4e6c1d8a"
SECRETS = (PASSWORD, MILVUS_SIDE_SECRET, MILVUS_SIDE_TOKEN, BACKUP_SECRET, BACKUP_TOKEN, BEARER,
           # what Milvus receives: base64 of user:password in the authorization metadata
           base64.b64encode(f"root:{PASSWORD}".encode()).decode())


@dataclass(frozen=True)
class GuardedS3:
    """A moto server that checks credentials, a bucket on it, and a key ID it knows."""

    server: MotoServer
    bucket: str
    key_id: str


@pytest.fixture(scope="module")
def guarded_s3() -> Iterator[GuardedS3]:
    # The first three calls need no credentials: the bucket, the IAM user and its key.
    with MotoServer(env={"INITIAL_NO_AUTH_ACTION_COUNT": "3"}) as server:
        bucket = server.new_bucket("guarded")
        iam = boto3.client("iam", endpoint_url=server.endpoint, region_name="us-east-1",
                           aws_access_key_id="setup", aws_secret_access_key="setup")
        iam.create_user(UserName="backup-service")
        key = iam.create_access_key(UserName="backup-service")["AccessKey"]
        yield GuardedS3(server, bucket, key["AccessKeyId"])


def _config(path: Path, milvus_server: Any, s3: GuardedS3, *, session_token: bool) -> Path:
    """Every secret set; the backup side's key ID is real, its secret (and token) wrong."""
    # An empty backupToken must be written as "": left out, it would inherit minio.token.
    backup_token = BACKUP_TOKEN if session_token else '""'
    write_config(path, milvus_server, Path("backup"),
                 extra=f"  user: root\n  password: {PASSWORD}\n")
    with path.open("a", encoding="utf-8") as f:
        f.write(f"  secretAccessKey: {MILVUS_SIDE_SECRET}\n"
                f"  token: {MILVUS_SIDE_TOKEN}\n"
                "  backupStorageType: minio\n"
                f"  backupAddress: {s3.server.host}\n"
                f"  backupPort: {s3.server.port}\n"
                "  backupRegion: us-east-1\n"
                f"  backupAccessKeyID: {s3.key_id}\n"
                f"  backupSecretAccessKey: {BACKUP_SECRET}\n"
                f"  backupToken: {backup_token}\n"
                f"  backupBucketName: {s3.bucket}\n"
                f"server:\n  auth:\n    token: {BEARER}\n")
    return path


def _assert_no_secret(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"a configured secret appears in {where}"


def _rest(port: int, method: str, path: str, body: str = "", token: str = BEARER) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body or None,
                           headers={"Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        return f"{response.status} {dict(response.getheaders())} {response.read().decode()}"
    finally:
        connection.close()


def test_refused_credentials_leave_no_secret_in_answers_or_the_log(
    tmp_path: Path, milvus_server: Any, milvus: MilvusClient, guarded_s3: GuardedS3,
    unique: Callable[[str], str],
) -> None:
    name = create_sample_collection(milvus, unique("secrets_source"), rows=30).name
    config = _config(tmp_path / "backup.yaml", milvus_server, guarded_s3, session_token=True)
    bearer = [("authorization", f"Bearer {BEARER}")]
    answers: dict[str, Any] = {}
    texts: list[str] = []
    with ServerProcess(config, tmp_path / "server.log", rest_port=free_port(),
                       global_args=["--log-level", "debug"], metadata=bearer) as server, \
            server.channel() as channel:
        stub = backup_pb2_grpc.MilvusBackupServiceStub(channel)
        calls = {
            "Check": pb.CheckRequest(),
            "CreateBackup": pb.CreateBackupRequest(backup_name="refused",
                                                   collection_names=[name]),
            "CreateBackup async": pb.CreateBackupRequest(
                backup_name="refused_async", collection_names=[name], meta_only=True,
                **{"async": True}),
            "GetBackup": pb.GetBackupRequest(backup_name="refused"),
            "ListBackups": pb.ListBackupsRequest(),
            "DeleteBackup": pb.DeleteBackupRequest(backup_name="refused"),
            "RestoreBackup": pb.RestoreBackupRequest(backup_name="refused"),
            "GetRestore": pb.GetRestoreStateRequest(id="no_such_restore"),
        }
        for label, request in calls.items():
            method = label.split()[0]
            answers[label] = getattr(stub, method)(request, timeout=120, metadata=bearer)
            texts.append(str(answers[label]))
        with pytest.raises(grpc.RpcError) as refused:
            stub.ListBackups(pb.ListBackupsRequest(), timeout=10,
                             metadata=[("authorization", f"Bearer {BEARER}x")])
        texts.append(f"{refused.value.code()} {refused.value.details()}")
        port = server.rest_port
        texts += [
            _rest(port, "GET", "/api/v1/check"),
            _rest(port, "GET", "/api/v1/list"),
            _rest(port, "GET", "/api/v1/get_backup?backup_name=refused"),
            _rest(port, "POST", "/api/v1/create",
                  f'{{"backup_name": "refused_rest", "collection_names": ["{name}"]}}'),
            _rest(port, "GET", "/api/v1/list", token=BEARER[:-1]),
        ]
        assert server.terminate() == 0

    # The refusals happened, and say which settings to check.
    check = answers["Check"]
    assert check.code == pb.Fail and "Backup storage: FAILED" in check.msg
    for label in ("CreateBackup", "CreateBackup async", "ListBackups", "GetBackup"):
        answer = answers[label]
        assert answer.code == pb.Fail, (label, answer.msg)
        assert "minio.backup* twins" in answer.msg, answer.msg
    assert "InvalidToken" in answers["CreateBackup"].msg
    # A HEAD answer carries no reason; the message still says what to look at.
    assert "400: Bad Request" in answers["GetBackup"].msg
    assert "session token that is invalid or expired" in answers["GetBackup"].msg
    assert refused.value.code() == grpc.StatusCode.UNAUTHENTICATED
    log = (tmp_path / "server.log").read_text(encoding="utf-8")
    assert "X-Amz-Security-Token" in log  # botocore logged the header it sent: masked
    assert "config minio.backupSecretAccessKey = **** (file)" in log
    _assert_no_secret(log, "the server log")
    for text in texts:
        _assert_no_secret(text, f"an answer: {text[:200]}")


def _cli(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(config),
         "--log-level", "debug", *args],
        capture_output=True, text=True, timeout=120)


def test_command_line_failures_do_not_echo_secrets(
    tmp_path: Path, milvus_server: Any, guarded_s3: GuardedS3,
) -> None:
    config = _config(tmp_path / "backup.yaml", milvus_server, guarded_s3, session_token=False)
    text = config.read_text(encoding="utf-8")
    unreachable = tmp_path / "unreachable.yaml"
    unreachable.write_text(text.replace(f"port: {milvus_server.port}", f"port: {free_port()}", 1),
                           encoding="utf-8")

    checked = _cli(unreachable, "check")
    output = checked.stdout + checked.stderr
    assert checked.returncode == 1, output
    assert "is unreachable" in output and "milvus.address and milvus.port" in output
    assert "SignatureDoesNotMatch" in output  # the wrong backup secret, refused
    _assert_no_secret(output, "the output of check")

    # A YAML error on the very line that holds a secret: the message points at it, no more.
    broken = tmp_path / "broken.yaml"
    broken.write_text(text.replace(f"password: {PASSWORD}", f"password: {PASSWORD}: oops"),
                      encoding="utf-8")
    parsed = _cli(broken, "config", "show")
    assert parsed.returncode == 1
    line = text.splitlines().index(f"  password: {PASSWORD}") + 1
    assert f"is not valid YAML: mapping values are not allowed here at line {line}," \
        in parsed.stderr
    _assert_no_secret(parsed.stdout + parsed.stderr, "a YAML error")

    # A --set whose '=' was mistyped: the key is named, the value is not repeated.
    mistyped = _cli(config, "--set", f"minio.backupSecretAccessKey:{BACKUP_SECRET}", "check")
    assert mistyped.returncode == 2
    assert "--set 'minio.backupSecretAccessKey'..." in mistyped.stderr
    _assert_no_secret(mistyped.stdout + mistyped.stderr, "a --set error")
