"""Configuration: upstream milvus-backup's v1 ``backup.yaml`` keys, layered and typed.

Values are resolved from defaults, then the YAML file, then the environment (upstream's
variable names), then explicit overrides (``--set key=value``). Each resolved value keeps
where it came from, and secrets are masked whenever the configuration is printed. The
environment is passed in, so callers and tests never need to patch ``os.environ``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Setting:
    """One configuration key: its type, default, environment names and secrecy."""

    key: str
    kind: type
    default: Any
    env: tuple[str, ...] = ()
    secret: bool = False
    inherit: str | None = None  # the key whose resolved value is the default (backup twins)


def _s(
    key: str, kind: type, default: Any, *env: str, secret: bool = False, inherit: str | None = None
) -> Setting:
    return Setting(key, kind, default, tuple(env), secret, inherit)


# Upstream v1 keys. Backup-side storage keys inherit the Milvus-side value when unset.
SETTINGS: tuple[Setting, ...] = (
    _s("log.level", str, "info", "LOG_LEVEL"),
    _s("log.console", bool, True),
    _s("log.file.filename", str, ""),
    _s("milvus.address", str, "localhost", "MILVUS_ADDRESS"),
    _s("milvus.port", int, 19530, "MILVUS_PORT"),
    _s("milvus.user", str, "", "MILVUS_USER"),
    _s("milvus.password", str, "", "MILVUS_PASSWORD", secret=True),
    _s("milvus.tlsMode", int, 0, "MILVUS_TLS_MODE"),
    _s("milvus.caCertPath", str, "", "MILVUS_CA_CERT_PATH"),
    _s("milvus.serverName", str, "", "MILVUS_SERVER_NAME"),
    _s("milvus.mtlsCertPath", str, "", "MILVUS_MTLS_CERT_PATH"),
    _s("milvus.mtlsKeyPath", str, "", "MILVUS_MTLS_KEY_PATH"),
    _s("milvus.rpcTimeoutSeconds", float, 60.0),
    _s("minio.storageType", str, "minio"),
    _s("minio.address", str, "localhost", "MINIO_ADDRESS"),
    _s("minio.port", int, 9000, "MINIO_PORT"),
    _s("minio.region", str, "", "MINIO_REGION"),
    _s("minio.accessKeyID", str, "minioadmin", "MINIO_ACCESS_KEY"),
    _s("minio.secretAccessKey", str, "minioadmin", "MINIO_SECRET_KEY", secret=True),
    _s("minio.token", str, "", "MINIO_TOKEN", secret=True),
    _s("minio.useSSL", bool, False, "MINIO_USE_SSL"),
    _s("minio.useIAM", bool, False, "MINIO_USE_IAM"),
    _s("minio.iamEndpoint", str, "", "MINIO_IAM_ENDPOINT"),
    _s("minio.bucketName", str, "a-bucket", "MINIO_BUCKET_NAME"),
    _s("minio.rootPath", str, "files", "MINIO_ROOT_PATH"),
    _s("minio.backupStorageType", str, None, inherit="minio.storageType"),
    _s("minio.backupAddress", str, None, "MINIO_BACKUP_ADDRESS", inherit="minio.address"),
    _s("minio.backupPort", int, None, "MINIO_BACKUP_PORT", inherit="minio.port"),
    _s("minio.backupRegion", str, None, "MINIO_BACKUP_REGION", inherit="minio.region"),
    _s(
        "minio.backupAccessKeyID", str, None, "MINIO_BACKUP_ACCESS_KEY", inherit="minio.accessKeyID"
    ),
    _s(
        "minio.backupSecretAccessKey",
        str,
        None,
        "MINIO_BACKUP_SECRET_KEY",
        secret=True,
        inherit="minio.secretAccessKey",
    ),
    _s("minio.backupToken", str, None, "MINIO_BACKUP_TOKEN", secret=True, inherit="minio.token"),
    _s("minio.backupUseSSL", bool, None, "MINIO_BACKUP_USE_SSL", inherit="minio.useSSL"),
    _s("minio.backupUseIAM", bool, None, "MINIO_BACKUP_USE_IAM", inherit="minio.useIAM"),
    _s(
        "minio.backupIamEndpoint",
        str,
        None,
        "MINIO_BACKUP_IAM_ENDPOINT",
        inherit="minio.iamEndpoint",
    ),
    _s("minio.backupBucketName", str, None, "MINIO_BACKUP_BUCKET_NAME", inherit="minio.bucketName"),
    _s("minio.backupRootPath", str, "backup", "MINIO_BACKUP_ROOT_PATH"),
    _s("minio.crossStorage", bool, False),
    _s("minio.multipartCopyThresholdMiB", int, 500),
    _s("backup.parallelism.backupCollection", int, 4, "BACKUP_PARALLELISM_BACKUP_COLLECTION"),
    _s("backup.parallelism.copydata", int, 16, "BACKUP_PARALLELISM_COPYDATA"),
    _s("backup.parallelism.restoreCollection", int, 2, "BACKUP_PARALLELISM_RESTORE_COLLECTION"),
    _s("backup.parallelism.importJob", int, 8, "BACKUP_PARALLELISM_IMPORT_JOB"),
    _s("backup.keepTempFiles", bool, False, "BACKUP_KEEP_TEMP_FILES"),
    _s("backup.gcPause.enable", bool, False, "BACKUP_GC_PAUSE_ENABLE"),
    _s("backup.gcPause.seconds", int, 7200, "BACKUP_GC_PAUSE_SECONDS"),
    _s("backup.gcPause.address", str, "http://localhost:9091", "BACKUP_GC_PAUSE_ADDRESS"),
    _s("backup.importTimeoutSeconds", float, 3600.0, "BACKUP_IMPORT_TIMEOUT_SECONDS"),
    _s("backup.importPollSeconds", float, 1.0),
)
_BY_KEY = {s.key: s for s in SETTINGS}
_BY_KEY_LOWER = {s.key.lower(): s for s in SETTINGS}
# Keys upstream has that this service reads but does not act on: accepted without warning.
_IGNORED_KEYS = {
    "http.enabled",
    "http.debug_mode",
    "http.debugMode",
    "http.simpleResponse",
    "http.swaggerBasePath",
    "log.file.rootPath",
    "log.file.maxSize",
    "log.file.maxBackups",
    "log.file.maxAge",
    "log.file.maxDays",
    "milvus.authorizationEnabled",
    "milvus.tlsCertPath",
    "milvus.rpcChannelName",
    "milvus.etcd.endpoints",
    "milvus.etcd.rootPath",
    "cloud.address",
    "cloud.apikey",
    "minio.cloudProvider",
    "minio.gcpCredentialJSON",
    "minio.backupGcpCredentialJSON",
    "backup.maxSegmentGroupSize",
    "backup.parallelism.backupSegment",
}
STORAGE_TYPES = (
    "local",
    "minio",
    "s3",
    "aws",
    "gcp",
    "gcpnative",
    "azure",
    "ali",
    "aliyun",
    "tc",
    "tencent",
    "hwc",
)


@dataclass(frozen=True)
class ResolvedValue:
    """A configuration value and where it came from (default, file, env:NAME, set)."""

    value: Any
    source: str


@dataclass(frozen=True)
class MilvusConfig:
    """How to reach Milvus over gRPC."""

    address: str
    port: int
    user: str
    password: str = field(repr=False)
    tls_mode: int
    ca_cert_path: str
    server_name: str
    mtls_cert_path: str
    mtls_key_path: str
    rpc_timeout: float

    @property
    def target(self) -> str:
        """host:port for a gRPC channel."""
        return f"{self.address}:{self.port}"


@dataclass(frozen=True)
class StorageConfig:
    """One object store: where Milvus keeps its binlogs, or where backups go."""

    storage_type: str
    address: str
    port: int
    region: str
    access_key_id: str
    secret_access_key: str = field(repr=False)
    token: str = field(repr=False)
    use_ssl: bool
    use_iam: bool
    iam_endpoint: str
    bucket_name: str
    root_path: str
    # Server-side copies of larger objects go part by part (UploadPartCopy), not in one call.
    multipart_copy_threshold_mib: int = 500


@dataclass(frozen=True)
class BackupSettings:
    """Knobs of the backup and restore jobs."""

    backup_collection_parallelism: int
    copy_parallelism: int
    restore_collection_parallelism: int
    import_job_parallelism: int
    keep_temp_files: bool
    gc_pause_enable: bool
    gc_pause_seconds: int
    gc_pause_address: str
    import_timeout: float
    import_poll_interval: float
    cross_storage: bool


@dataclass(frozen=True)
class Config:
    """The resolved configuration of the service."""

    milvus: MilvusConfig
    milvus_storage: StorageConfig
    backup_storage: StorageConfig
    backup: BackupSettings
    log_level: str
    values: Mapping[str, ResolvedValue] = field(repr=False)

    def describe(self) -> list[tuple[str, str, str]]:
        """Rows of (key, value, source) for printing, with secrets masked."""
        rows = []
        for setting in SETTINGS:
            resolved = self.values[setting.key]
            shown = mask(resolved.value) if setting.secret else str(resolved.value)
            rows.append((setting.key, shown, resolved.source))
        return rows


def mask(value: Any) -> str:
    """Hide a secret but show whether it is set."""
    return "****" if value else ""


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _coerce(setting: Setting, raw: Any, source: str) -> Any:
    if raw is None:
        return None
    try:
        if setting.kind is bool:
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in ("true", "1", "yes", "on"):
                return True
            if text in ("false", "0", "no", "off", ""):
                return False
            raise ValueError(raw)
        if setting.kind is int:
            if isinstance(raw, bool):
                raise ValueError(raw)
            return int(str(raw).strip())
        if setting.kind is float:
            return float(str(raw).strip())
        return str(raw)
    except ValueError:
        raise ConfigError(
            f"{setting.key} from {source} must be a {setting.kind.__name__}, got {raw!r}"
        ) from None


def load_config(
    path: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Config:
    """Resolve the configuration: defaults, then the YAML file, then env, then overrides.

    Args:
        path: a backup.yaml; None or a missing default file means defaults only.
        env: the environment to read variables from (``os.environ`` when None).
        overrides: ``key=value`` pairs from the command line, highest precedence.

    Raises:
        ConfigError: the file cannot be read or a value has the wrong type.
    """
    env = os.environ if env is None else env
    file_values: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file {str(p)!r} does not exist")
        try:
            loaded = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read config file {str(p)!r}: {exc}") from exc
        if not isinstance(loaded, Mapping):
            raise ConfigError(f"config file {str(p)!r} must hold a mapping of keys")
        if loaded.get("configVersion") == "v2":
            raise ConfigError(
                f"{str(p)!r} uses the v2 schema (configVersion: v2), which this version does "
                "not read yet; use the v1 keys (milvus.*, minio.*, backup.*)"
            )
        for key, value in _flatten(loaded).items():
            setting = _BY_KEY.get(key) or _BY_KEY_LOWER.get(key.lower())
            if setting is None:
                if key not in _IGNORED_KEYS and key.split(".")[0] not in ("http", "log", "cloud"):
                    log.warning("config key %r in %s is unknown and ignored", key, p)
                continue
            file_values[setting.key] = value
    override_values: dict[str, str] = {}
    for key, value in (overrides or {}).items():
        setting = _BY_KEY.get(key) or _BY_KEY_LOWER.get(key.lower())
        if setting is None:
            raise ConfigError(f"--set {key}: unknown configuration key")
        override_values[setting.key] = value

    values: dict[str, ResolvedValue] = {}
    for setting in SETTINGS:
        resolved = ResolvedValue(setting.default, "default")
        if setting.key in file_values and file_values[setting.key] is not None:
            resolved = ResolvedValue(_coerce(setting, file_values[setting.key], "file"), "file")
        for name in setting.env:
            if name in env:
                try:
                    resolved = ResolvedValue(
                        _coerce(setting, env[name], f"env {name}"), f"env:{name}"
                    )
                except ConfigError:
                    # Kubernetes injects MILVUS_PORT=tcp://…; ignoring it beats crashing.
                    log.warning(
                        "ignoring env %s=%r: not a valid %s",
                        name,
                        mask(env[name]) if setting.secret else env[name],
                        setting.kind.__name__,
                    )
        if setting.key in override_values:
            resolved = ResolvedValue(_coerce(setting, override_values[setting.key], "--set"), "set")
        if resolved.value is None and setting.inherit:
            parent = values[setting.inherit]
            resolved = ResolvedValue(parent.value, f"{parent.source} (from {setting.inherit})")
        values[setting.key] = resolved
    return _build(values)


def _build(values: Mapping[str, ResolvedValue]) -> Config:
    def v(key: str) -> Any:
        return values[key].value

    for key in ("minio.storageType", "minio.backupStorageType"):
        if str(v(key)).lower() not in STORAGE_TYPES:
            raise ConfigError(f"{key} is {v(key)!r}; expected one of {', '.join(STORAGE_TYPES)}")
    if v("milvus.tlsMode") not in (0, 1, 2):
        raise ConfigError("milvus.tlsMode must be 0 (off), 1 (server TLS) or 2 (mutual TLS)")
    for key in (
        "backup.parallelism.copydata",
        "backup.parallelism.backupCollection",
        "backup.parallelism.restoreCollection",
        "backup.parallelism.importJob",
    ):
        if v(key) < 1:
            raise ConfigError(f"{key} must be at least 1, got {v(key)}")
    if not 1 <= v("minio.multipartCopyThresholdMiB") <= 5120:
        raise ConfigError(
            "minio.multipartCopyThresholdMiB must be between 1 and 5120 (S3 copies at most "
            f"5 GiB in one call), got {v('minio.multipartCopyThresholdMiB')}"
        )

    def storage(prefix: str) -> StorageConfig:
        def k(name: str) -> Any:
            return v(f"minio.{prefix}{name[0].upper() + name[1:] if prefix else name}")

        return StorageConfig(
            storage_type=str(k("storageType")).lower(),
            address=k("address"),
            port=k("port"),
            region=k("region"),
            access_key_id=k("accessKeyID"),
            secret_access_key=k("secretAccessKey"),
            token=k("token"),
            use_ssl=k("useSSL"),
            use_iam=k("useIAM"),
            iam_endpoint=k("iamEndpoint"),
            bucket_name=k("bucketName"),
            # Object keys never start with "/"; local paths keep it (they are filesystem paths).
            root_path=k("rootPath")
            if str(k("storageType")).lower() == "local"
            else k("rootPath").lstrip("/"),
            multipart_copy_threshold_mib=v("minio.multipartCopyThresholdMiB"),
        )

    return Config(
        milvus=MilvusConfig(
            address=v("milvus.address"),
            port=v("milvus.port"),
            user=v("milvus.user"),
            password=v("milvus.password"),
            tls_mode=v("milvus.tlsMode"),
            ca_cert_path=v("milvus.caCertPath"),
            server_name=v("milvus.serverName"),
            mtls_cert_path=v("milvus.mtlsCertPath"),
            mtls_key_path=v("milvus.mtlsKeyPath"),
            rpc_timeout=v("milvus.rpcTimeoutSeconds"),
        ),
        milvus_storage=storage(""),
        backup_storage=storage("backup"),
        backup=BackupSettings(
            backup_collection_parallelism=v("backup.parallelism.backupCollection"),
            copy_parallelism=v("backup.parallelism.copydata"),
            restore_collection_parallelism=v("backup.parallelism.restoreCollection"),
            import_job_parallelism=v("backup.parallelism.importJob"),
            keep_temp_files=v("backup.keepTempFiles"),
            gc_pause_enable=v("backup.gcPause.enable"),
            gc_pause_seconds=v("backup.gcPause.seconds"),
            gc_pause_address=v("backup.gcPause.address"),
            import_timeout=v("backup.importTimeoutSeconds"),
            import_poll_interval=v("backup.importPollSeconds"),
            cross_storage=v("minio.crossStorage"),
        ),
        log_level=v("log.level"),
        values=dict(values),
    )
