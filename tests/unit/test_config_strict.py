"""No setting is accepted and ignored: each one is read, or refused when set.

Upstream keys this service does not act on load silently at upstream's default values (its
sample files carry them), and any other value is a ConfigError naming the key and saying why.
Every declared setting reaches a typed field that some code outside config.py reads.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import re
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from milvus_backup_grpc import config as config_module
from milvus_backup_grpc.cli import main
from milvus_backup_grpc.config import (
    NOT_SUPPORTED,
    SETTINGS,
    V1_UPSTREAM_ONLY,
    V2_UPSTREAM_ONLY,
    Config,
    Setting,
    UpstreamOnly,
    load_config,
)
from milvus_backup_grpc.errors import ConfigError
from milvus_backup_grpc.logs import setup_logging

SRC = Path(config_module.__file__).parent

# The keys and values of upstream's sample backup.yaml files (v0.4.x and v0.5.x, v1 keys),
# placeholders included, which users copy and edit.
UPSTREAM_V1_OLD = """\
log:
  level: info
  console: true
  file:
    rootPath: "logs/backup.log"
http:
  simpleResponse: true
milvus:
  address: localhost
  port: 19530
  authorizationEnabled: false
  tlsMode: 0
  user: "root"
  password: "Milvus"
minio:
  storageType: "minio"
  address: localhost
  port: 9000
  accessKeyID: minioadmin
  secretAccessKey: minioadmin
  useSSL: false
  useIAM: false
  iamEndpoint: ""
  bucketName: "a-bucket"
  rootPath: "files"
  backupAccessKeyID: minioadmin
  backupSecretAccessKey: minioadmin
  backupBucketName: "a-bucket"
  backupRootPath: "backup"
backup:
  maxSegmentGroupSize: 2G
  parallelism:
    backupCollection: 4
    copydata: 128
    restoreCollection: 2
  keepTempFiles: false
  gcPause:
    enable: true
    seconds: 7200
    address: http://localhost:9091
"""

UPSTREAM_V1_NEW = """\
log:
  level: info
  console: true
  file:
    filename: "{log_file}"
http:
  simpleResponse: true
cloud:
  address: https://api.cloud.zilliz.com
  apikey: <your-api-key>
milvus:
  address: localhost
  port: 19530
  user: "root"
  password: "Milvus"
  tlsMode: 0
  caCertPath: ""
  serverName: ""
  mtlsCertPath: ""
  mtlsKeyPath: ""
  rpcChannelName: "by-dev-replicate-msg"
minio:
  storageType: "minio"
  address: localhost
  port: 9000
  region: ""
  accessKeyID: minioadmin
  secretAccessKey: minioadmin
  token: ""
  gcpCredentialJSON: "/path/to/json-key-file"
  useSSL: false
  useIAM: false
  iamEndpoint: ""
  bucketName: "a-bucket"
  rootPath: "files"
  backupStorageType: "minio"
  backupAddress: localhost
  backupRegion: ""
  backupPort: 9000
  backupAccessKeyID: minioadmin
  backupSecretAccessKey: minioadmin
  backupToken: ""
  backupGcpCredentialJSON: "/path/to/json-key-file"
  backupBucketName: "a-bucket"
  backupRootPath: "backup"
  backupUseSSL: false
  crossStorage: "false"
backup:
  parallelism:
    copydata: 128
    backupCollection: 4
    backupSegment: 1024
    restoreCollection: 2
    importJob: 768
  keepTempFiles: false
  gcPause:
    enable: true
    address: http://localhost:9091
"""

UPSTREAM_V2 = """\
configVersion: v2
log:
  level: info
  console: true
  file:
    path: "{log_file}"
    maxSizeMiB: 300
    maxDays: 0
    maxBackups: 0
server:
  debugMode: false
  swaggerBasePath: ""
milvus:
  user: "root"
  password: "Milvus"
  grpc:
    address: localhost
    port: 19530
    tlsMode: disabled
  rest:
    endpoint: ""
  management:
    endpoint: http://localhost:9091
  replicate:
    rpcChannelName: by-dev-replicate-msg
  etcd:
    endpoints: [localhost:2379]
    rootPath: by-dev
  storage:
    provider: minio
    address: localhost
    port: 9000
    useSSL: false
    bucketName: a-bucket
    rootPath: files
    localPath: ""
    milvusAddress: ""
    milvusPort: 0
    auth:
      type: static
      accessKeyID: minioadmin
      secretAccessKey: minioadmin
      endpoint: ""
      credentialsFile: ""
backup:
  storage:
    rootPath: backup
  concurrency:
    collections: 4
    segments: 1024
  pauseGC: true
restore:
  concurrency:
    collections: 2
    importJobs: 768
  maxSegmentsPerImportJob: 256
  keepTempFiles: false
transfer:
  mode: auto
  concurrency: 128
  multipartCopyThresholdMiB: 500
zillizCloud:
  endpoint: https://api.cloud.zilliz.com
  apiKey: ""
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "backup.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _nested(key: str, value: Any) -> str:
    """A YAML document setting one dotted key."""
    *parents, leaf = key.split(".")
    lines = [f"{'  ' * depth}{name}:" for depth, name in enumerate(parents)]
    lines.append(f"{'  ' * len(parents)}{leaf}: {json.dumps(value)}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
        if isinstance(handler, logging.FileHandler):
            handler.close()
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


@pytest.mark.parametrize("sample", [UPSTREAM_V1_OLD, UPSTREAM_V1_NEW, UPSTREAM_V2],
                         ids=["v1-v0.4", "v1-v0.5", "v2"])
def test_upstream_sample_files_load_without_error_or_warning(
        sample: str, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")
    log_file = str(tmp_path / "logs" / "backup.log")
    config = load_config(_write(tmp_path, sample.replace("{log_file}", log_file)), env={})
    assert config.milvus.target == "localhost:19530"
    assert config.backup.backup_collection_parallelism == 4
    assert caplog.text == ""
    if "{log_file}" in sample:
        assert config.log_file == log_file


@pytest.mark.parametrize(("schema", "key"), [
    *(("v1", k) for k in V1_UPSTREAM_ONLY), *(("v2", k) for k in V2_UPSTREAM_ONLY)],
    ids=lambda v: v.key if isinstance(v, UpstreamOnly) else v)
def test_upstream_only_keys_load_at_their_defaults_and_are_refused_otherwise(
        schema: str, key: UpstreamOnly, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    head = "configVersion: v2\n" if schema == "v2" else ""
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")
    for default in key.defaults:
        load_config(_write(tmp_path, head + _nested(key.key, default)), env={})
    assert caplog.text == ""

    other = ["elsewhere:1"] if any(isinstance(d, list) for d in key.defaults) else "elsewhere"
    with pytest.raises(ConfigError) as refused:
        load_config(_write(tmp_path, head + _nested(key.key, other)), env={})
    message = str(refused.value)
    assert message.startswith(f"{key.key} in ")
    assert key.why in message
    assert "Remove the key" in message


UNSUPPORTED = [s for s in SETTINGS if s.unsupported]


def test_the_iam_endpoints_are_the_settings_refused_when_set() -> None:
    assert {s.key for s in UNSUPPORTED} == {"minio.iamEndpoint", "minio.backupIamEndpoint"}


@pytest.mark.parametrize(("how", "named"), [
    ({"file": "minio:\n  iamEndpoint: http://sts.internal\n"}, "minio.iamEndpoint is"),
    ({"file": "minio:\n  backupIamEndpoint: http://sts.internal\n"},
     "minio.backupIamEndpoint is"),
    ({"env": {"MINIO_IAM_ENDPOINT": "http://sts.internal"}},
     "(environment variable MINIO_IAM_ENDPOINT)"),
    ({"env": {"MINIO_BACKUP_IAM_ENDPOINT": "http://sts.internal"}},
     "minio.backupIamEndpoint is 'http://sts.internal' (environment variable"),
    ({"set": {"minio.iamEndpoint": "http://sts.internal"}}, "minio.iamEndpoint is"),
    ({"file": "configVersion: v2\nmilvus:\n  storage:\n    auth:\n"
              "      endpoint: http://sts.internal\n"}, "milvus.storage.auth.endpoint is"),
    ({"file": "configVersion: v2\nbackup:\n  storage:\n    auth:\n"
              "      endpoint: http://sts.internal\n"}, "backup.storage.auth.endpoint is"),
])
def test_an_iam_endpoint_is_refused_from_every_source(
        how: dict[str, Any], named: str, tmp_path: Path) -> None:
    path = _write(tmp_path, how["file"]) if "file" in how else None
    with pytest.raises(ConfigError) as refused:
        load_config(path, env=how.get("env", {}), overrides=how.get("set"))
    assert named in str(refused.value)
    assert "takes no IAM endpoint" in str(refused.value)
    assert "AWS_EC2_METADATA_SERVICE_ENDPOINT" in str(refused.value)


def test_config_show_marks_the_unsupported_settings(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging: None) -> None:
    path = _write(tmp_path, UPSTREAM_V1_OLD)
    assert main(["--config", str(path), "config", "show"]) == 0
    rows = {line.split(" = ")[0]: line.split(" = ")[1] for line in
            capsys.readouterr().out.splitlines() if " = " in line}
    assert rows["minio.iamEndpoint"].startswith(NOT_SUPPORTED)
    assert rows["minio.backupIamEndpoint"].startswith(NOT_SUPPORTED)
    assert rows["backup.parallelism.backupCollection"].startswith("4 ")
    # Upstream keys that are not acted on are not shown at all.
    assert not any(key in rows for key in ("log.file.rootPath", "http.simpleResponse",
                                          "backup.maxSegmentGroupSize"))
    marked = {key for key, value in rows.items() if value.startswith(NOT_SUPPORTED)}
    assert marked == {s.key for s in UNSUPPORTED}


def _typed(config: Config) -> dict[str, object]:
    return {f.name: getattr(config, f.name) for f in dataclasses.fields(config)
            if f.name not in ("values", "schema")}


# Settings that need companions to be valid, and values other than their defaults.
_COMPANIONS = {
    "server.tls.certPath": {"server.tls.certPath": "c.pem", "server.tls.keyPath": "k.pem"},
    "server.tls.keyPath": {"server.tls.certPath": "c.pem", "server.tls.keyPath": "k.pem"},
    "server.tls.clientAuth": {"server.tls.certPath": "c.pem", "server.tls.keyPath": "k.pem",
                              "server.tls.caCertPath": "ca.pem"},
}
_OTHER = {
    "minio.storageType": "local",
    "minio.backupStorageType": "local",
    "server.tls.clientAuth": "require",
    "server.auth.token": "token-0123",
    "milvus.tlsMode": "1",
    "milvus.uri": "/tmp/milvus-lite.db",
    "server.rest.shapes": "v0.5.9",
    "backup.checksum": "sha256",
}


def _other_value(setting: Setting) -> str:
    if setting.key in _OTHER:
        return _OTHER[setting.key]
    default = setting.default
    if setting.kind is bool:
        return "false" if default is True else "true"
    if setting.kind in (int, float):
        return str((default or 1000) + 1)
    return f"{default or ''}-other"


@pytest.mark.parametrize("setting", [s for s in SETTINGS if not s.unsupported],
                         ids=lambda s: s.key)
def test_every_setting_changes_what_the_code_reads(setting: Setting) -> None:
    """A setting whose value reaches no typed field would be accepted and ignored."""
    base = _COMPANIONS.get(setting.key, {})
    before = load_config(None, env={}, overrides=base)
    after = load_config(None, env={}, overrides={**base, setting.key: _other_value(setting)})
    assert _typed(after) != _typed(before)


def test_every_typed_field_is_read_outside_config_py() -> None:
    """Each field the settings fill is used by the engine, a door or the logs."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in SRC.rglob("*.py")
                        if p.name != "config.py" and "pb" not in p.parts)
    kinds = (config_module.MilvusConfig, config_module.StorageConfig,
             config_module.BackupSettings, config_module.ServerConfig, Config)
    unread = [f"{kind.__name__}.{f.name}" for kind in kinds for f in dataclasses.fields(kind)
              if not re.search(rf"\.{f.name}\b", sources)]
    assert unread == []


def test_log_file_gets_json_lines_with_secrets_masked_and_console_can_be_off(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], restore_logging: None) -> None:
    config = load_config(None, env={}, overrides={
        "log.file.filename": str(tmp_path / "logs" / "backup.log"), "log.console": "false"})
    setup_logging("info", ["s3cr3t-value"], console=config.log_console, file=config.log_file)
    logging.getLogger("milvus_backup_grpc.test").warning("connecting with s3cr3t-value")
    logging.getLogger("milvus_backup_grpc.test").debug("below the level")

    lines = (tmp_path / "logs" / "backup.log").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    assert [(e["level"], e["msg"]) for e in entries] == [("warning", "connecting with ****")]
    assert capsys.readouterr().err == ""


def test_an_unwritable_log_file_is_a_config_error_naming_the_key(
        tmp_path: Path, restore_logging: None) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="log.file.filename .* cannot be opened"):
        setup_logging("info", file=str(tmp_path / "a-file" / "backup.log"))


def test_the_cli_writes_its_logs_to_log_file_filename(
        tmp_path: Path, restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    log_file = tmp_path / "cli.log"
    config = _write(tmp_path, f"log:\n  file:\n    filename: {log_file}\n"
                              "minio:\n  iamEndpoint: http://x\n")
    # The config error happens before logging is set up; a config that loads logs to the file.
    assert main(["--config", str(config), "config", "show"]) != 0
    assert "minio.iamEndpoint" in capsys.readouterr().err
    config = _write(tmp_path, f"log:\n  file:\n    filename: {log_file}\n")
    assert main(["--config", str(config), "config", "show"]) == 0
    logging.getLogger("milvus_backup_grpc.test").warning("after setup")
    assert "after setup" in log_file.read_text(encoding="utf-8")
