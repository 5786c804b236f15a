"""Configuration v2 (``configVersion: v2``) and the ``server.*`` keys of the listeners.

A v2 file is mapped onto the same typed settings as a v1 file: one configuration written
both ways must give the same Config, with provenance naming the v2 keys.
"""

from __future__ import annotations

import dataclasses
import logging
import textwrap
from pathlib import Path

import pytest

from milvus_backup_grpc.config import OWN_KEYS, SETTINGS, V2_KEYS, Config, load_config
from milvus_backup_grpc.errors import ConfigError

V1_YAML = """\
log:
  level: debug
  file:
    filename: logs/b.log
milvus:
  address: milvus.example
  port: 19531
  user: root
  password: pw-from-file
  tlsMode: 2
  caCertPath: /certs/ca.pem
  serverName: milvus.example
  mtlsCertPath: /certs/client.pem
  mtlsKeyPath: /certs/client.key
minio:
  storageType: s3
  address: s3.example
  port: 443
  region: eu-west-1
  useSSL: true
  accessKeyID: ak-milvus
  secretAccessKey: sk-milvus
  token: st-milvus
  bucketName: milvus-bucket
  rootPath: files
  backupStorageType: minio
  backupAddress: minio.example
  backupPort: 9000
  backupUseSSL: false
  backupAccessKeyID: ak-backup
  backupSecretAccessKey: sk-backup
  backupBucketName: backup-bucket
  backupRootPath: nightly
  crossStorage: true
  multipartCopyThresholdMiB: 256
backup:
  parallelism:
    backupCollection: 3
    copydata: 64
    restoreCollection: 5
    importJob: 12
  keepTempFiles: true
  gcPause:
    enable: true
    address: http://milvus.example:9091
  importTimeoutSeconds: 120
server:
  tls:
    certPath: /certs/server.pem
    keyPath: /certs/server.key
    caCertPath: /certs/ca.pem
    clientAuth: require
  auth:
    token: tok-from-file-0123
    exemptReflection: false
"""

V2_YAML = """\
configVersion: v2
log:
  level: debug
  file:
    path: logs/b.log
server:
  tls:
    certPath: /certs/server.pem
    keyPath: /certs/server.key
    caCertPath: /certs/ca.pem
    clientAuth: require
  auth:
    token: tok-from-file-0123
    exemptReflection: false
milvus:
  user: root
  password: pw-from-file
  grpc:
    address: milvus.example
    port: 19531
    tlsMode: mutual
    caCertPath: /certs/ca.pem
    serverName: milvus.example
    mtlsCertPath: /certs/client.pem
    mtlsKeyPath: /certs/client.key
  management:
    endpoint: http://milvus.example:9091
  storage:
    provider: s3
    address: s3.example
    port: 443
    region: eu-west-1
    useSSL: true
    bucketName: milvus-bucket
    rootPath: files
    auth:
      type: static
      accessKeyID: ak-milvus
      secretAccessKey: sk-milvus
      sessionToken: st-milvus
backup:
  storage:
    provider: minio
    address: minio.example
    port: 9000
    useSSL: false
    bucketName: backup-bucket
    rootPath: nightly
    auth:
      accessKeyID: ak-backup
      secretAccessKey: sk-backup
  concurrency:
    collections: 3
  pauseGC: true
  importTimeoutSeconds: 120
restore:
  concurrency:
    collections: 5
    importJobs: 12
  keepTempFiles: true
transfer:
  mode: streaming
  concurrency: 64
  multipartCopyThresholdMiB: 256
"""


def _write(tmp_path: Path, text: str, name: str = "backup.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _rows(config: Config) -> dict[str, tuple[str, str]]:
    return {key: (value, source) for key, value, source in config.describe()}


def _typed(config: Config) -> dict[str, object]:
    """Everything the engine and the doors read: the Config without provenance or schema."""
    return {f.name: getattr(config, f.name) for f in dataclasses.fields(config)
            if f.name not in ("values", "schema")}


def test_the_same_configuration_in_v1_and_v2_gives_equal_configs(tmp_path: Path) -> None:
    v1 = load_config(_write(tmp_path, V1_YAML, "v1.yaml"), env={})
    v2 = load_config(_write(tmp_path, V2_YAML, "v2.yaml"), env={})

    assert (v1.schema, v2.schema) == ("v1", "v2")
    assert _typed(v2) == _typed(v1)
    assert {k: v.value for k, v in v2.values.items()} == {k: v.value for k, v in v1.values.items()}
    # Spot checks of what the mapping means, beyond "the same".
    assert v2.milvus.tls_mode == 2 and v2.milvus.target == "milvus.example:19531"
    assert v2.milvus_storage.token == "st-milvus" and v2.milvus_storage.use_iam is False
    assert v2.backup_storage.storage_type == "minio"
    assert v2.backup_storage.root_path == "nightly"
    assert v2.backup.cross_storage is True and v2.backup.copy_parallelism == 64
    assert v2.backup.gc_pause_address == "http://milvus.example:9091"
    assert v2.server.tls_client_auth == "require"
    assert v2.server.auth_token == "tok-from-file-0123"
    assert v2.server.auth_exempt_reflection is False


def test_every_setting_is_reachable_from_a_v2_file() -> None:
    targets = {k.target for k in V2_KEYS}

    assert targets | OWN_KEYS == {s.key for s in SETTINGS}
    assert all(k.startswith(("server.", "backup.import", "milvus.rpc", "backup.gcPause.sec",
                             "backup.lease.", "backup.resumeOnStart", "backup.localHardLinks",
                             "backup.checksum",
                             "milvus.uri"))
               for k in OWN_KEYS)


def test_provenance_names_the_v2_key(tmp_path: Path) -> None:
    rows = _rows(load_config(_write(tmp_path, V2_YAML), env={}))

    assert rows["milvus.port"] == ("19531", "file (v2 key milvus.grpc.port)")
    assert rows["milvus.tlsMode"] == ("2", "file (v2 key milvus.grpc.tlsMode)")
    assert rows["minio.crossStorage"] == ("True", "file (v2 key transfer.mode)")
    assert rows["backup.parallelism.copydata"] == ("64", "file (v2 key transfer.concurrency)")
    assert rows["backup.importTimeoutSeconds"] == ("120.0", "file")
    assert rows["server.tls.clientAuth"] == ("require", "file")
    assert rows["milvus.rpcTimeoutSeconds"] == ("60.0", "default")


def test_backup_storage_inherits_milvus_storage_except_root_path(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        configVersion: v2
        milvus:
          storage:
            provider: s3
            address: s3.example
            bucketName: shared
            rootPath: milvus-root
            auth:
              type: iam
        backup:
          storage:
            region: us-east-2
        """)

    config = load_config(path, env={})
    rows = _rows(config)

    backup = config.backup_storage
    assert (backup.storage_type, backup.address, backup.bucket_name) == (
        "s3", "s3.example", "shared")
    assert backup.use_iam is True
    assert backup.region == "us-east-2"
    assert backup.root_path == "backup"  # upstream's v2 default, not milvus.storage.rootPath
    assert rows["minio.backupAddress"] == ("s3.example", "file (from milvus.storage.address)")
    assert rows["minio.backupUseIAM"] == ("True", "file (from milvus.storage.auth.type)")
    assert rows["minio.backupRootPath"] == ("backup", "default")


def test_v2_reads_upstreams_credential_variables(tmp_path: Path) -> None:
    env = {
        "MILVUS_USER": "env-user",
        "MILVUS_PASSWORD": "env-password",
        "MILVUS_STORAGE_AUTH_ACCESS_KEY_ID": "env-ak",
        "MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY": "env-sk",
        "BACKUP_STORAGE_AUTH_SESSION_TOKEN": "env-backup-st",
        "MILVUS_BACKUP_TOKEN": "env-service-token",
    }

    config = load_config(_write(tmp_path, V2_YAML), env=env)
    rows = _rows(config)

    assert (config.milvus.user, config.milvus.password) == ("env-user", "env-password")
    assert config.milvus_storage.access_key_id == "env-ak"
    assert config.milvus_storage.secret_access_key == "env-sk"
    assert config.backup_storage.secret_access_key == "sk-backup"  # the file's backup key
    assert config.backup_storage.token == "env-backup-st"
    assert config.server.auth_token == "env-service-token"
    assert rows["minio.accessKeyID"] == ("env-ak", "env:MILVUS_STORAGE_AUTH_ACCESS_KEY_ID")
    assert rows["minio.backupToken"] == ("****", "env:BACKUP_STORAGE_AUTH_SESSION_TOKEN")
    assert rows["server.auth.token"] == ("****", "env:MILVUS_BACKUP_TOKEN")


def test_v2_ignores_v1_variables_with_a_warning_but_not_kubernetes_links(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")
    env = {"MINIO_ADDRESS": "v1-minio", "MILVUS_PORT": "tcp://10.0.0.1:19530",
           "BACKUP_PARALLELISM_COPYDATA": "2"}

    config = load_config(_write(tmp_path, V2_YAML), env=env)

    assert config.milvus_storage.address == "s3.example"
    assert config.milvus.port == 19531
    assert config.backup.copy_parallelism == 64
    assert "MINIO_ADDRESS" in caplog.text and "BACKUP_PARALLELISM_COPYDATA" in caplog.text
    assert "MILVUS_PORT" not in caplog.text


def test_v1_keeps_its_variables_and_reads_the_token_variable(tmp_path: Path) -> None:
    env = {"MILVUS_PORT": "29530", "MILVUS_STORAGE_AUTH_ACCESS_KEY_ID": "v2-only",
           "MILVUS_BACKUP_TOKEN": "env-service-token"}

    config = load_config(_write(tmp_path, V1_YAML), env=env)

    assert config.milvus.port == 29530
    assert config.milvus_storage.access_key_id == "ak-milvus"
    assert config.server.auth_token == "env-service-token"


def test_set_takes_v2_names_and_converts_their_values(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, V2_YAML), env={}, overrides={
        "milvus.grpc.tlsMode": "server",
        "transfer.mode": "auto",
        "milvus.storage.auth.type": "default",
        "backup.importPollSeconds": "0.5",
        "milvus.port": "1234",
    })
    rows = _rows(config)

    assert config.milvus.tls_mode == 1
    assert config.backup.cross_storage is False
    assert config.milvus_storage.use_iam is True
    assert config.backup.import_poll_interval == 0.5
    assert config.milvus.port == 1234
    assert rows["milvus.tlsMode"] == ("1", "set (v2 key milvus.grpc.tlsMode)")
    assert rows["milvus.port"] == ("1234", "set")


def test_secrets_given_by_v2_keys_are_masked(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, V2_YAML), env={})
    rows = _rows(config)
    printed = repr(config.describe()) + repr(config) + repr(config.server)

    for key in ("milvus.password", "minio.secretAccessKey", "minio.token",
                "minio.backupSecretAccessKey", "server.auth.token"):
        assert rows[key][0] == "****", key
    for secret in ("pw-from-file", "sk-milvus", "st-milvus", "sk-backup", "tok-from-file-0123"):
        assert secret not in printed


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("milvus:\n  grpc:\n    port: nineteen\n",
         r"milvus\.grpc\.port from file must be a int, got 'nineteen'"),
        ("milvus:\n  grpc:\n    tlsMode: 2\n",
         r"milvus\.grpc\.tlsMode from file is 2; expected disabled, server or mutual"),
        ("milvus:\n  storage:\n    provider: ftp\n", r"milvus\.storage\.provider is 'ftp'"),
        ("backup:\n  storage:\n    provider: tape\n", r"backup\.storage\.provider is 'tape'"),
        ("milvus:\n  storage:\n    auth:\n      type: magic\n",
         r"milvus\.storage\.auth\.type from file is 'magic'"),
        ("transfer:\n  concurrency: 0\n", r"transfer\.concurrency must be at least 1, got 0"),
        ("transfer:\n  mode: teleport\n", r"transfer\.mode from file is 'teleport'"),
        ("transfer:\n  multipartCopyThresholdMiB: 9000\n",
         r"transfer\.multipartCopyThresholdMiB must be between 1 and 5120"),
        ("restore:\n  keepTempFiles: perhaps\n",
         r"restore\.keepTempFiles from file must be a bool, got 'perhaps'"),
    ],
)
def test_errors_in_a_v2_file_name_the_v2_key(tmp_path: Path, body: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(_write(tmp_path, "configVersion: v2\n" + body), env={})


def test_a_bad_v2_value_from_set_names_the_key() -> None:
    with pytest.raises(ConfigError, match=r"milvus\.grpc\.tlsMode from --set is 'on'"):
        load_config(None, env={}, overrides={"milvus.grpc.tlsMode": "on"})


def test_unknown_config_version_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"configVersion 'v3' .* is not known: write v2"):
        load_config(_write(tmp_path, "configVersion: v3\n"), env={})


def test_config_version_v1_is_the_v1_schema(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, "configVersion: v1\nmilvus:\n  port: 1\n"), env={})

    assert config.schema == "v1" and config.milvus.port == 1


def test_unknown_and_v1_keys_in_a_v2_file_are_warned_about(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")
    path = _write(tmp_path, """\
        configVersion: v2
        milvus:
          address: v1-host
          grpc:
            adress: typo-host
          etcd:
            endpoints: [localhost:2379]
        restore:
          maxSegmentsPerImportJob: 256
        zillizCloud:
          apiKey: ""
        """)

    config = load_config(path, env={})

    assert config.milvus.address == "localhost"
    assert "'milvus.address'" in caplog.text and "write milvus.grpc.address instead" in caplog.text
    assert "'milvus.grpc.adress'" in caplog.text and "unknown" in caplog.text
    for accepted in ("'milvus.etcd", "'restore.max", "'zillizCloud", "'configVersion"):
        assert accepted not in caplog.text


def test_a_v2_key_in_a_v1_file_suggests_the_config_version(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")

    config = load_config(_write(tmp_path, "milvus:\n  grpc:\n    port: 1\n"), env={})

    assert config.milvus.port == 19530
    assert "'milvus.grpc.port'" in caplog.text and "configVersion: v2" in caplog.text


def test_transfer_mode_direct_is_read_as_auto_with_a_warning(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")

    config = load_config(_write(tmp_path, "configVersion: v2\ntransfer:\n  mode: direct\n"),
                         env={})

    assert config.backup.cross_storage is False
    assert "transfer.mode direct is read as auto" in caplog.text


def test_azure_account_name_and_key_map_onto_the_access_key_fields(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        configVersion: v2
        milvus:
          storage:
            provider: azure
            accountName: myaccount
            auth:
              type: sharedKey
              accountKey: azure-key
        """)

    config = load_config(path, env={"BACKUP_STORAGE_ACCOUNT_NAME": "backupaccount"})
    rows = _rows(config)

    storage = config.milvus_storage
    assert (storage.storage_type, storage.access_key_id, storage.secret_access_key) == (
        "azure", "myaccount", "azure-key")
    assert storage.use_iam is False
    assert config.backup_storage.access_key_id == "backupaccount"
    assert rows["minio.accessKeyID"] == ("myaccount", "file (v2 key milvus.storage.accountName)")


def test_two_v2_keys_for_one_credential_are_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, """\
        configVersion: v2
        milvus:
          storage:
            accountName: myaccount
            auth:
              accessKeyID: ak
        """)

    with pytest.raises(ConfigError, match=r"milvus\.storage\.auth\.accessKeyID and "
                                          r"milvus\.storage\.accountName|"
                                          r"milvus\.storage\.accountName and "
                                          r"milvus\.storage\.auth\.accessKeyID"):
        load_config(path, env={})


def test_server_security_defaults_to_plaintext_without_token() -> None:
    server = load_config(None, env={}).server

    assert server.tls is False and server.auth_token == ""
    assert server.auth_exempt_health is True and server.auth_exempt_reflection is True


def test_server_tls_keys_from_the_environment() -> None:
    env = {"MILVUS_BACKUP_TLS_CERT_PATH": "/c.pem", "MILVUS_BACKUP_TLS_KEY_PATH": "/k.pem",
           "MILVUS_BACKUP_TLS_CA_CERT_PATH": "/ca.pem", "MILVUS_BACKUP_TLS_CLIENT_AUTH": "Require",
           "MILVUS_BACKUP_AUTH_EXEMPT_HEALTH": "false"}

    server = load_config(None, env=env).server

    assert server.tls is True
    assert (server.tls_cert_path, server.tls_key_path, server.tls_ca_cert_path) == (
        "/c.pem", "/k.pem", "/ca.pem")
    assert server.tls_client_auth == "require"
    assert server.auth_exempt_health is False


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"server.tls.certPath": "/c.pem"}, r"server\.tls\.keyPath is empty"),
        ({"server.tls.keyPath": "/k.pem"}, r"server\.tls\.certPath is empty"),
        ({"server.tls.clientAuth": "optional"},
         r"server\.tls\.clientAuth is 'optional'; expected none or require"),
        ({"server.tls.certPath": "/c.pem", "server.tls.keyPath": "/k.pem",
          "server.tls.clientAuth": "require"}, r"needs .*server\.tls\.caCertPath"),
        ({"server.auth.token": "two words"}, r"server\.auth\.token must be printable ASCII"),
    ],
)
def test_inconsistent_server_security_is_rejected(overrides: dict[str, str], expected: str
                                                  ) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(None, env={}, overrides=overrides)


def test_a_client_ca_without_client_auth_is_warned_about(caplog: pytest.LogCaptureFixture
                                                         ) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")

    load_config(None, env={}, overrides={"server.tls.caCertPath": "/ca.pem"})

    assert "server.tls.clientAuth: require" in caplog.text
