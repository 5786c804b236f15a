"""Configuration: upstream's v1 backup.yaml keys layered default → file → env → --set."""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

import pytest

from milvus_backup_grpc.config import SETTINGS, Config, load_config
from milvus_backup_grpc.errors import ConfigError

SAMPLE_YAML = """\
log:
  level: debug
milvus:
  address: milvus.example
  port: 19531
  user: root
  password: pw-from-file
minio:
  storageType: local
  address: minio.example
  port: 9001
  accessKeyID: ak
  secretAccessKey: sk-from-file
  bucketName: milvus-bucket
  rootPath: /var/lib/milvus
  backupRootPath: my-backups
backup:
  parallelism:
    copydata: 32
  gcPause:
    enable: true
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "backup.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _inherited_parents() -> set[str]:
    return {s.inherit for s in SETTINGS if s.inherit}


def _rows(config: Config) -> dict[str, tuple[str, str]]:
    return {key: (value, source) for key, value, source in config.describe()}


def test_defaults_without_file_or_env() -> None:
    config = load_config(None, env={})

    assert config.milvus.target == "localhost:19530"
    assert config.milvus.user == "" and config.milvus.tls_mode == 0
    assert config.milvus_storage.storage_type == "minio"
    assert config.milvus_storage.bucket_name == "a-bucket"
    assert config.milvus_storage.root_path == "files"
    assert config.milvus_storage.access_key_id == "minioadmin"
    assert config.backup_storage.bucket_name == "a-bucket"
    assert config.backup_storage.root_path == "backup"
    assert config.backup.copy_parallelism == 16
    assert config.backup.gc_pause_enable is False
    assert config.log_level == "info"
    sources = {source for _, _, source in config.describe()}
    assert sources <= {"default"} | {f"default (from {k})" for k in _inherited_parents()}


def test_yaml_file_values(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, SAMPLE_YAML), env={})
    rows = _rows(config)

    assert config.milvus.target == "milvus.example:19531"
    assert (config.milvus.user, config.milvus.password) == ("root", "pw-from-file")
    assert config.milvus_storage.storage_type == "local"
    assert config.milvus_storage.port == 9001
    # A local root path is a filesystem path and keeps its leading "/".
    assert config.milvus_storage.root_path == "/var/lib/milvus"
    assert config.backup_storage.root_path == "my-backups"
    assert config.backup.copy_parallelism == 32
    assert config.backup.gc_pause_enable is True
    assert config.log_level == "debug"
    assert rows["milvus.port"] == ("19531", "file")
    assert rows["backup.parallelism.restoreCollection"] == ("2", "default")


def test_object_store_root_path_loses_its_leading_slash(tmp_path: Path) -> None:
    path = _write(tmp_path, "minio:\n  rootPath: /files\n  backupRootPath: /bk\n")

    config = load_config(path, env={})

    assert config.milvus_storage.root_path == "files"
    assert config.backup_storage.root_path == "bk"


def test_env_overrides_file(tmp_path: Path) -> None:
    env = {
        "MILVUS_PORT": "29530",
        "MILVUS_ADDRESS": "milvus-env",
        "MINIO_BACKUP_ROOT_PATH": "env-backups",
        "MINIO_SECRET_KEY": "sk-from-env",
        "MINIO_USE_SSL": "true",
        "BACKUP_PARALLELISM_COPYDATA": "8",
    }

    config = load_config(_write(tmp_path, SAMPLE_YAML), env=env)
    rows = _rows(config)

    assert config.milvus.target == "milvus-env:29530"
    assert config.backup_storage.root_path == "env-backups"
    assert config.milvus_storage.secret_access_key == "sk-from-env"
    assert config.milvus_storage.use_ssl is True
    assert config.backup.copy_parallelism == 8
    assert rows["milvus.port"] == ("29530", "env:MILVUS_PORT")
    assert rows["minio.backupRootPath"] == ("env-backups", "env:MINIO_BACKUP_ROOT_PATH")
    assert rows["milvus.user"] == ("root", "file")


def test_set_overrides_env_and_file(tmp_path: Path) -> None:
    config = load_config(
        _write(tmp_path, SAMPLE_YAML),
        env={"MILVUS_PORT": "29530"},
        overrides={"milvus.port": "39530", "minio.backupRootPath": "cli-backups"},
    )
    rows = _rows(config)

    assert config.milvus.port == 39530
    assert config.backup_storage.root_path == "cli-backups"
    assert rows["milvus.port"] == ("39530", "set")
    assert rows["minio.backupRootPath"] == ("cli-backups", "set")


def test_set_keys_match_case_insensitively() -> None:
    config = load_config(None, env={}, overrides={"MILVUS.PORT": "1234"})

    assert config.milvus.port == 1234


def test_set_unknown_key_is_rejected() -> None:
    with pytest.raises(ConfigError, match=r"--set milvus\.prot: unknown configuration key"):
        load_config(None, env={}, overrides={"milvus.prot": "1"})


def test_backup_keys_inherit_their_minio_twins(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, SAMPLE_YAML), env={"MINIO_REGION": "eu-west-1"})
    rows = _rows(config)

    backup = config.backup_storage
    assert backup.storage_type == "local"
    assert (backup.address, backup.port) == ("minio.example", 9001)
    assert backup.access_key_id == "ak"
    assert backup.secret_access_key == "sk-from-file"
    assert backup.bucket_name == "milvus-bucket"
    assert backup.region == "eu-west-1"
    assert rows["minio.backupAddress"] == ("minio.example", "file (from minio.address)")
    assert rows["minio.backupBucketName"] == ("milvus-bucket", "file (from minio.bucketName)")
    assert rows["minio.backupRegion"] == ("eu-west-1", "env:MINIO_REGION (from minio.region)")
    assert rows["minio.backupUseSSL"] == ("False", "default (from minio.useSSL)")


def test_backup_keys_set_explicitly_do_not_inherit(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """\
        minio:
          bucketName: milvus-bucket
          backupBucketName: backup-bucket
          address: minio-a
        """,
    )

    config = load_config(path, env={"MINIO_BACKUP_ADDRESS": "minio-b"})
    rows = _rows(config)

    assert config.milvus_storage.bucket_name == "milvus-bucket"
    assert config.backup_storage.bucket_name == "backup-bucket"
    assert config.backup_storage.address == "minio-b"
    assert rows["minio.backupBucketName"] == ("backup-bucket", "file")
    assert rows["minio.backupAddress"] == ("minio-b", "env:MINIO_BACKUP_ADDRESS")


def test_describe_masks_secrets(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, SAMPLE_YAML), env={"MINIO_TOKEN": "token-from-env"})
    rows = _rows(config)
    printed = repr(config.describe())

    assert rows["minio.secretAccessKey"] == ("****", "file")
    assert rows["minio.backupSecretAccessKey"] == ("****", "file (from minio.secretAccessKey)")
    assert rows["milvus.password"] == ("****", "file")
    assert rows["minio.token"] == ("****", "env:MINIO_TOKEN")
    assert rows["milvus.user"] == ("root", "file")
    for secret in ("sk-from-file", "pw-from-file", "token-from-env"):
        assert secret not in printed


def test_repr_of_config_does_not_reveal_secrets(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, SAMPLE_YAML), env={})

    for shown in (repr(config), str(config.milvus), str(config.backup_storage)):
        assert "sk-from-file" not in shown
        assert "pw-from-file" not in shown


def test_unset_secret_is_shown_empty_not_masked() -> None:
    rows = _rows(load_config(None, env={}))

    assert rows["milvus.password"] == ("", "default")


@pytest.mark.parametrize(
    ("yaml_text", "key", "bad"),
    [
        ("milvus:\n  port: nineteen\n", "milvus.port", "'nineteen'"),
        ("milvus:\n  port: 19530.5\n", "milvus.port", "19530.5"),
        ("milvus:\n  port: true\n", "milvus.port", "True"),
        ("minio:\n  useSSL: maybe\n", "minio.useSSL", "'maybe'"),
        ("backup:\n  importTimeoutSeconds: soon\n", "backup.importTimeoutSeconds", "'soon'"),
    ],
)
def test_bad_types_in_file_name_the_key(tmp_path: Path, yaml_text: str, key: str, bad: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(_write(tmp_path, yaml_text), env={})

    assert key in str(err.value)
    assert "from file" in str(err.value)
    assert bad in str(err.value)


def test_bad_type_in_set_names_the_key() -> None:
    with pytest.raises(
        ConfigError, match=r"backup\.parallelism\.copydata from --set must be a int"
    ):
        load_config(None, env={}, overrides={"backup.parallelism.copydata": "many"})


def test_bool_spellings(tmp_path: Path) -> None:
    env = {"MINIO_USE_SSL": "yes", "MINIO_USE_IAM": "0", "BACKUP_KEEP_TEMP_FILES": "ON"}

    config = load_config(None, env=env)

    assert config.milvus_storage.use_ssl is True
    assert config.milvus_storage.use_iam is False
    assert config.backup.keep_temp_files is True


def test_kubernetes_milvus_port_is_ignored_with_a_warning(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")

    config = load_config(_write(tmp_path, SAMPLE_YAML), env={"MILVUS_PORT": "tcp://1.2.3.4:19530"})

    assert config.milvus.port == 19531
    assert _rows(config)["milvus.port"] == ("19531", "file")
    assert "MILVUS_PORT" in caplog.text
    assert "tcp://1.2.3.4:19530" in caplog.text


def test_invalid_backup_port_env_is_ignored_and_the_twin_is_inherited(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")

    config = load_config(None, env={"MINIO_BACKUP_PORT": "tcp://x:9000", "MINIO_PORT": "9100"})

    assert config.backup_storage.port == 9100
    assert _rows(config)["minio.backupPort"] == ("9100", "env:MINIO_PORT (from minio.port)")
    assert "MINIO_BACKUP_PORT" in caplog.text


def test_unknown_storage_type_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"minio\.storageType is 'ftp'; expected one of .*local"):
        load_config(_write(tmp_path, "minio:\n  storageType: ftp\n"), env={})


def test_unknown_backup_storage_type_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"minio\.backupStorageType is 'tape'"):
        load_config(_write(tmp_path, "minio:\n  backupStorageType: tape\n"), env={})


def test_storage_type_is_case_insensitive(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, "minio:\n  storageType: S3\n"), env={})

    assert config.milvus_storage.storage_type == "s3"
    assert config.backup_storage.storage_type == "s3"



def test_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml", env={})


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("milvus: [unclosed\n", "cannot read config file"),
        ("- a\n- b\n", "must hold a mapping of keys"),
    ],
)
def test_unreadable_file_is_an_error(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(_write(tmp_path, text), env={})


def test_a_yaml_error_names_the_place_but_not_the_text(tmp_path: Path) -> None:
    # The offending line may hold a secret: the message gives its number, not its text.
    path = _write(tmp_path, "minio:\n  secretAccessKey: sk-in-a-broken-line: x\n")
    with pytest.raises(ConfigError) as caught:
        load_config(path, env={})
    assert str(caught.value) == (
        f"cannot read config file {str(path)!r}: it is not valid YAML: mapping values are "
        "not allowed here at line 2, column 39"
    )


def test_empty_file_means_defaults(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path, ""), env={})

    assert config.milvus.target == "localhost:19530"


def test_unknown_keys_are_warned_about_but_upstream_keys_are_not(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.WARNING, logger="milvus_backup_grpc.config")
    path = _write(
        tmp_path,
        """\
        milvus:
          adress: typo-host
          authorizationEnabled: true
        minio:
          multipartCopyThresholdMiB: 500
        http:
          simpleResponse: true
        """,
    )

    config = load_config(path, env={})

    assert config.milvus.address == "localhost"
    assert "milvus.adress" in caplog.text
    assert "authorizationEnabled" not in caplog.text
    assert "multipartCopyThresholdMiB" not in caplog.text
    assert "simpleResponse" not in caplog.text


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"milvus.tlsMode": "3"}, "milvus.tlsMode must be 0"),
        ({"backup.parallelism.copydata": "0"}, r"backup\.parallelism\.copydata must be at least 1"),
    ],
)
def test_out_of_range_values_are_rejected(overrides: dict[str, str], expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_config(None, env={}, overrides=overrides)


def test_server_shutdown_grace_seconds_from_file_v2_file_env_and_default(tmp_path: Path) -> None:
    assert load_config(None, env={}).server.shutdown_grace_seconds == 30.0
    v1 = _write(tmp_path, "server:\n  shutdownGraceSeconds: 12\n")
    assert load_config(v1, env={}).server.shutdown_grace_seconds == 12.0
    v2 = _write(tmp_path, "configVersion: v2\nserver:\n  shutdownGraceSeconds: 7\n")
    assert load_config(v2, env={}).server.shutdown_grace_seconds == 7.0
    env = {"MILVUS_BACKUP_SHUTDOWN_GRACE_SECONDS": "3"}
    config = load_config(None, env=env)
    assert config.server.shutdown_grace_seconds == 3.0
    assert _rows(config)["server.shutdownGraceSeconds"] == (
        "3.0", "env:MILVUS_BACKUP_SHUTDOWN_GRACE_SECONDS")
    with pytest.raises(ConfigError, match="server.shutdownGraceSeconds must be 0 or more"):
        load_config(None, env={"MILVUS_BACKUP_SHUTDOWN_GRACE_SECONDS": "-1"})


def test_policy_server_settings_default_off_and_are_checked(tmp_path: Path) -> None:
    config = load_config(None, env={})
    assert config.server.health_fail_on_stale_policy is False
    assert config.server.retention_interval_seconds == 300.0
    env = {"MILVUS_BACKUP_HEALTH_FAIL_ON_STALE_POLICY": "true"}
    assert load_config(None, env=env).server.health_fail_on_stale_policy is True
    v1 = _write(tmp_path, "server:\n  retentionIntervalSeconds: 60\n")
    assert load_config(v1, env={}).server.retention_interval_seconds == 60.0
    with pytest.raises(ConfigError, match="retentionIntervalSeconds"):
        load_config(None, env={}, overrides={"server.retentionIntervalSeconds": "0"})
