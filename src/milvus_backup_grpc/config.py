"""Configuration: upstream milvus-backup's ``backup.yaml`` (v1 or v2 schema), layered and typed.

Values are resolved from defaults, then the YAML file, then the environment (upstream's
variable names), then explicit overrides (``--set key=value``). Each resolved value keeps
where it came from, and secrets are masked whenever the configuration is printed. The
environment is passed in, so callers and tests never need to patch ``os.environ``.

The typed settings table (``SETTINGS``) is named by upstream's v1 keys plus this service's
own (``server.*`` for its listeners, a few timeouts). A file declaring ``configVersion: v2``
is read with upstream's v2 keys (``V2_KEYS``), each mapped onto one of those settings, so the
engine sees one ``Config`` whichever schema the file uses. As upstream's v2 does, a v2 file
takes environment variables for credentials only (``MILVUS_USER``,
``MILVUS_STORAGE_AUTH_SECRET_ACCESS_KEY``, ...); the ``server.*`` variables apply to both.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ConfigError
from .storage import digest

if TYPE_CHECKING:
    # Imported by load_config when there is a file to read (start-up time: see cli.py).
    import yaml

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
    # Why this service cannot act on the key: set to anything but its default, it is refused.
    unsupported: str = ""


def _s(
    key: str,
    kind: type,
    default: Any,
    *env: str,
    secret: bool = False,
    inherit: str | None = None,
    unsupported: str = "",
) -> Setting:
    return Setting(key, kind, default, tuple(env), secret, inherit, unsupported)


_NO_IAM_ENDPOINT = (
    "this service takes no IAM endpoint: with useIAM, credentials come from boto3's default "
    "chain (environment, profile, EKS IRSA, instance role), which the variables "
    "AWS_EC2_METADATA_SERVICE_ENDPOINT or AWS_ENDPOINT_URL_STS point elsewhere. Leave it empty"
)


# Upstream v1 keys. Backup-side storage keys inherit the Milvus-side value when unset.
SETTINGS: tuple[Setting, ...] = (
    _s("log.level", str, "info", "LOG_LEVEL"),
    _s("log.console", bool, True),
    _s("log.file.filename", str, ""),
    _s("milvus.address", str, "localhost", "MILVUS_ADDRESS"),
    _s("milvus.port", int, 19530, "MILVUS_PORT"),
    # This service's own: a server URI (http://host:port, which wins over address and port)
    # or the path of a Milvus Lite database file (*.db), opened in this process.
    _s("milvus.uri", str, "", "MILVUS_URI"),
    _s("milvus.user", str, "", "MILVUS_USER"),
    _s("milvus.password", str, "", "MILVUS_PASSWORD", secret=True),
    _s("milvus.tlsMode", int, 0, "MILVUS_TLS_MODE"),
    _s("milvus.caCertPath", str, "", "MILVUS_CA_CERT_PATH"),
    _s("milvus.serverName", str, "", "MILVUS_SERVER_NAME"),
    _s("milvus.mtlsCertPath", str, "", "MILVUS_MTLS_CERT_PATH"),
    _s("milvus.mtlsKeyPath", str, "", "MILVUS_MTLS_KEY_PATH"),
    _s("milvus.rpcTimeoutSeconds", float, 60.0),
    # Milvus's REST API (http(s)://host:port), which takes import jobs of several segments
    # (2.4+); "" derives it from the gRPC address, where one proxy serves both.
    _s("milvus.restEndpoint", str, "", "MILVUS_REST_ENDPOINT"),
    _s("minio.storageType", str, "minio"),
    _s("minio.address", str, "localhost", "MINIO_ADDRESS"),
    _s("minio.port", int, 9000, "MINIO_PORT"),
    _s("minio.region", str, "", "MINIO_REGION"),
    _s("minio.accessKeyID", str, "minioadmin", "MINIO_ACCESS_KEY"),
    _s("minio.secretAccessKey", str, "minioadmin", "MINIO_SECRET_KEY", secret=True),
    _s("minio.token", str, "", "MINIO_TOKEN", secret=True),
    # gcpnative: a service-account key file, or the key's JSON itself.
    _s("minio.gcpCredentialJSON", str, "", "GCP_KEY_JSON", secret=True),
    _s("minio.useSSL", bool, False, "MINIO_USE_SSL"),
    _s("minio.useIAM", bool, False, "MINIO_USE_IAM"),
    _s("minio.iamEndpoint", str, "", "MINIO_IAM_ENDPOINT", unsupported=_NO_IAM_ENDPOINT),
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
    _s(
        "minio.backupGcpCredentialJSON",
        str,
        None,
        "BACKUP_GCP_KEY_JSON",
        secret=True,
        inherit="minio.gcpCredentialJSON",
    ),
    _s("minio.backupUseSSL", bool, None, "MINIO_BACKUP_USE_SSL", inherit="minio.useSSL"),
    _s("minio.backupUseIAM", bool, None, "MINIO_BACKUP_USE_IAM", inherit="minio.useIAM"),
    _s(
        "minio.backupIamEndpoint",
        str,
        None,
        "MINIO_BACKUP_IAM_ENDPOINT",
        inherit="minio.iamEndpoint",
        unsupported=_NO_IAM_ENDPOINT,
    ),
    _s("minio.backupBucketName", str, None, "MINIO_BACKUP_BUCKET_NAME", inherit="minio.bucketName"),
    _s("minio.backupRootPath", str, "backup", "MINIO_BACKUP_ROOT_PATH"),
    _s("minio.crossStorage", bool, False),
    _s("minio.multipartCopyThresholdMiB", int, 500),
    _s("backup.parallelism.backupCollection", int, 4, "BACKUP_PARALLELISM_BACKUP_COLLECTION"),
    _s("backup.parallelism.copydata", int, 16, "BACKUP_PARALLELISM_COPYDATA"),
    _s("backup.parallelism.restoreCollection", int, 2, "BACKUP_PARALLELISM_RESTORE_COLLECTION"),
    _s("backup.parallelism.importJob", int, 8, "BACKUP_PARALLELISM_IMPORT_JOB"),
    # Segments one restore import job carries at most, where the target takes several (2.4+);
    # Milvus refuses a job of more files than its dataCoord.import.maxImportFileNumPerReq.
    _s("backup.maxSegmentsPerImportJob", int, 256, "BACKUP_MAX_SEGMENTS_PER_IMPORT_JOB"),
    # This service's own: part buffers that streamed copies may hold at once, in total.
    _s("backup.parallelism.streamMemoryMiB", int, 48, "BACKUP_PARALLELISM_STREAM_MEMORY_MIB"),
    _s("backup.keepTempFiles", bool, False, "BACKUP_KEEP_TEMP_FILES"),
    _s("backup.gcPause.enable", bool, False, "BACKUP_GC_PAUSE_ENABLE"),
    _s("backup.gcPause.seconds", int, 7200, "BACKUP_GC_PAUSE_SECONDS"),
    _s("backup.gcPause.address", str, "http://localhost:9091", "BACKUP_GC_PAUSE_ADDRESS"),
    _s("backup.importTimeoutSeconds", float, 3600.0, "BACKUP_IMPORT_TIMEOUT_SECONDS"),
    _s("backup.importPollSeconds", float, 1.0),
    # This service's own: how long a task record's lease lasts without renewal (processes
    # sharing a root tell a task running elsewhere from an interrupted one by it).
    _s("backup.lease.seconds", float, 30.0, "BACKUP_LEASE_SECONDS"),
    # This service's own: a starting server resumes the interrupted tasks of its root.
    _s("backup.resumeOnStart", bool, True, "BACKUP_RESUME_ON_START"),
    # This service's own: an incremental backup on local storage hard-links the unchanged
    # objects of its base into its own directory (self-contained) instead of referencing them.
    _s("backup.localHardLinks", bool, True, "BACKUP_LOCAL_HARD_LINKS"),
    # This service's own: the hash the manifest records for the bytes it copies (blake3 or
    # sha256; storage/digest.py). sha256 keeps new backups' manifests readable by versions
    # before manifest format 3.
    _s("backup.checksum", str, "blake3", "BACKUP_CHECKSUM"),
    # This service's own listeners (not upstream's): TLS, mutual TLS and a bearer token.
    _s("server.tls.certPath", str, "", "MILVUS_BACKUP_TLS_CERT_PATH"),
    _s("server.tls.keyPath", str, "", "MILVUS_BACKUP_TLS_KEY_PATH"),
    _s("server.tls.caCertPath", str, "", "MILVUS_BACKUP_TLS_CA_CERT_PATH"),
    _s("server.tls.clientAuth", str, "none", "MILVUS_BACKUP_TLS_CLIENT_AUTH"),
    _s("server.auth.token", str, "", "MILVUS_BACKUP_TOKEN", secret=True),
    _s("server.auth.exemptHealth", bool, True, "MILVUS_BACKUP_AUTH_EXEMPT_HEALTH"),
    _s("server.auth.exemptReflection", bool, True, "MILVUS_BACKUP_AUTH_EXEMPT_REFLECTION"),
    # How long a stopping server (SIGTERM) lets its running tasks finish before cancelling them.
    _s("server.shutdownGraceSeconds", float, 30.0, "MILVUS_BACKUP_SHUTDOWN_GRACE_SECONDS"),
    # Backup policies: the gRPC health service says NOT_SERVING while a policy is stale (its
    # last success older than twice its interval); how often retention runs on its timer.
    _s("server.healthFailOnStalePolicy", bool, False, "MILVUS_BACKUP_HEALTH_FAIL_ON_STALE_POLICY"),
    _s("server.retentionIntervalSeconds", float, 300.0, "MILVUS_BACKUP_RETENTION_INTERVAL_SECONDS"),
    # The JSON shapes of the REST answers: upstream's newest (v0.5.10+) or those of v0.5.9.
    _s("server.rest.shapes", str, "v0.5.10", "MILVUS_BACKUP_REST_SHAPES"),
)
_BY_KEY = {s.key: s for s in SETTINGS}
_BY_KEY_LOWER = {s.key.lower(): s for s in SETTINGS}
#: v1 keys upstream reads in place of a setting when the setting itself is not given.
V1_ALIASES = {"minio.cloudProvider": "minio.storageType"}
_V1_ALIASES_LOWER = {alias.lower(): target for alias, target in V1_ALIASES.items()}


@dataclass(frozen=True)
class UpstreamOnly:
    """An upstream key this service does not act on.

    Upstream's sample files carry it, so it loads without a word at one of ``defaults`` (the
    values upstream's code and sample files give it); any other value is refused, saying why,
    rather than accepted and ignored.
    """

    key: str
    defaults: tuple[Any, ...]
    why: str

    def accepts(self, value: Any) -> bool:
        """Whether ``value`` is one of upstream's defaults (an empty value counts as unset)."""
        if value is None:
            return True
        if isinstance(value, list):
            return any(value == d for d in self.defaults if isinstance(d, list))
        text = str(value).strip().lower()
        return any(text == str(d).lower() for d in self.defaults if not isinstance(d, list))

    def check(self, value: Any, name: str, where: str) -> None:
        """Refuse a value other than upstream's defaults.

        Raises:
            ConfigError: naming the key as written, and why it cannot take effect here.
        """
        if not self.accepts(value):
            allowed = " or ".join(repr(d) for d in self.defaults)
            raise ConfigError(
                f"{name} in {where} is {value!r}, but {self.why}. Remove the key, or set it to "
                f"upstream's default {allowed}"
            )


def _only(key: str, *defaults: Any, why: str) -> UpstreamOnly:
    return UpstreamOnly(key, defaults, why)


_NO_ROTATION = "this service does not rotate its log file (rotate it with logrotate, copytruncate)"
_NO_ETCD = "this service reads everything from Milvus over gRPC and never reaches etcd"
_NO_CLOUD = "migrating to Zilliz Cloud is not available in this service"
_NO_CDC = "this service does not record the replication channel position used by CDC"
_NO_SWAGGER = "this service serves no Swagger UI"
_NO_DEBUG = "this service's REST server has no debug mode (use log.level debug)"
_SEGMENT_COPIES = (
    "this service copies the binlogs of all segments with one pool of "
    "backup.parallelism.copydata workers (transfer.concurrency in v2); set that instead"
)

# v1 keys of upstream that this service does not act on.
V1_UPSTREAM_ONLY: tuple[UpstreamOnly, ...] = (
    _only(
        "http.enabled",
        True,
        why="this service always serves the REST API beside gRPC; run `server -p 0` for gRPC only",
    ),
    _only("http.debug_mode", False, why=_NO_DEBUG),
    _only("http.debugMode", False, why=_NO_DEBUG),
    # Removed upstream; its code default was false and its sample files said true.
    _only("http.simpleResponse", False, True, why="responses always have upstream's full shape"),
    _only("http.swaggerBasePath", "", why=_NO_SWAGGER),
    _only(
        "log.file.rootPath",
        "backup.log",
        "logs/backup.log",
        why="it is the old name of the log file; write log.file.filename instead",
    ),
    _only("log.file.maxSize", 300, why=_NO_ROTATION),
    _only("log.file.maxBackups", 20, 0, why=_NO_ROTATION),
    _only("log.file.maxAge", 10, why=_NO_ROTATION),
    _only("log.file.maxDays", 0, why=_NO_ROTATION),
    # v0.4 sent the credentials only when true; this service sends them whenever milvus.user is
    # set, which is what true asks for and does no harm to a Milvus without authentication.
    _only(
        "milvus.authorizationEnabled",
        False,
        True,
        why="credentials are sent whenever milvus.user is set",
    ),
    _only(
        "milvus.tlsCertPath",
        "",
        why="it is the v0.4 name of the Milvus CA certificate; write milvus.caCertPath instead",
    ),
    _only("milvus.rpcChannelName", "by-dev-replicate-msg", why=_NO_CDC),
    _only("milvus.etcd.endpoints", "localhost:2379", ["localhost:2379"], why=_NO_ETCD),
    _only("milvus.etcd.rootPath", "by-dev", why=_NO_ETCD),
    _only("cloud.address", "https://api.cloud.zilliz.com", why=_NO_CLOUD),
    _only("cloud.apikey", "", "<your-api-key>", why=_NO_CLOUD),
    _only(
        "backup.maxSegmentGroupSize",
        "2g",
        "2gb",
        why="this service keeps each segment in its own group",
    ),
    _only("backup.parallelism.backupSegment", 1024, why=_SEGMENT_COPIES),
)
_V1_ONLY_LOWER = {k.key.lower(): k for k in V1_UPSTREAM_ONLY}


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
CLIENT_AUTH_MODES = ("none", "require")
#: The upstream releases whose REST JSON shapes the server can answer with (server.rest.shapes).
REST_SHAPES = ("v0.5.10", "v0.5.9")


def _v2_tls_mode(raw: Any, name: str, where: str) -> Any:
    modes = {"disabled": 0, "server": 1, "mutual": 2}
    text = str(raw).strip().lower()
    if text not in modes:
        raise ConfigError(f"{name} from {where} is {raw!r}; expected disabled, server or mutual")
    return modes[text]


def _v2_auth_type(raw: Any, name: str, where: str) -> Any:
    # static / sharedKey / serviceAccount: the keys or key file in the file (v1's useIAM false);
    # iam / default: the SDK's credential chain (v1's useIAM true, DefaultAzureCredential on
    # Azure, Application Default Credentials on gcpnative).
    types = {
        "static": False,
        "sharedKey": False,
        "serviceAccount": False,
        "iam": True,
        "default": True,
    }
    text = str(raw).strip()
    if text in types:
        return types[text]
    raise ConfigError(
        f"{name} from {where} is {raw!r}; expected static, sharedKey, serviceAccount, iam or "
        "default"
    )


def _v2_transfer_mode(raw: Any, name: str, where: str) -> Any:
    text = str(raw).strip().lower()
    if text == "direct":
        log.warning(
            "%s direct is read as auto: storage-side copies are used whenever both sides are "
            "the same store with the same credentials, and streaming otherwise",
            name,
        )
    if text not in ("auto", "direct", "streaming"):
        raise ConfigError(f"{name} from {where} is {raw!r}; expected auto, direct or streaming")
    return text == "streaming"


@dataclass(frozen=True)
class V2Key:
    """One upstream v2 key and the setting it maps onto.

    ``convert`` turns a v2 value into the setting's (``mutual`` into tlsMode 2); it gets the
    raw value, the v2 key and where the value came from, for its error messages.
    """

    key: str
    target: str
    env: tuple[str, ...] = ()
    convert: Callable[[Any, str, str], Any] | None = None


def _v2_storage(prefix: str, env_prefix: str, twin: Callable[[str], str]) -> list[V2Key]:
    def env(name: str) -> tuple[str, ...]:
        return (f"{env_prefix}_{name}",)

    return [
        V2Key(f"{prefix}.provider", twin("storageType")),
        V2Key(f"{prefix}.address", twin("address")),
        V2Key(f"{prefix}.port", twin("port")),
        V2Key(f"{prefix}.region", twin("region")),
        V2Key(f"{prefix}.useSSL", twin("useSSL")),
        V2Key(f"{prefix}.bucketName", twin("bucketName")),
        V2Key(f"{prefix}.rootPath", twin("rootPath")),
        V2Key(f"{prefix}.auth.type", twin("useIAM"), convert=_v2_auth_type),
        V2Key(f"{prefix}.auth.accessKeyID", twin("accessKeyID"), env("AUTH_ACCESS_KEY_ID")),
        V2Key(
            f"{prefix}.auth.secretAccessKey", twin("secretAccessKey"), env("AUTH_SECRET_ACCESS_KEY")
        ),
        V2Key(f"{prefix}.auth.sessionToken", twin("token"), env("AUTH_SESSION_TOKEN")),
        V2Key(f"{prefix}.auth.endpoint", twin("iamEndpoint")),
        V2Key(f"{prefix}.auth.credentialsFile", twin("gcpCredentialJSON")),
        # Azure: v1 keeps the account name and key in the access key fields.
        V2Key(f"{prefix}.accountName", twin("accessKeyID"), env("ACCOUNT_NAME")),
        V2Key(f"{prefix}.auth.accountKey", twin("secretAccessKey"), env("AUTH_ACCOUNT_KEY")),
    ]


# Upstream's v2 schema (internal/cfg/v2), key by key, onto the v1-named settings.
V2_KEYS: tuple[V2Key, ...] = (
    V2Key("log.level", "log.level"),
    V2Key("log.console", "log.console"),
    V2Key("log.file.path", "log.file.filename"),
    V2Key("milvus.user", "milvus.user", ("MILVUS_USER",)),
    V2Key("milvus.password", "milvus.password", ("MILVUS_PASSWORD",)),
    V2Key("milvus.grpc.address", "milvus.address"),
    V2Key("milvus.grpc.port", "milvus.port"),
    V2Key("milvus.grpc.tlsMode", "milvus.tlsMode", convert=_v2_tls_mode),
    V2Key("milvus.grpc.caCertPath", "milvus.caCertPath"),
    V2Key("milvus.grpc.serverName", "milvus.serverName"),
    V2Key("milvus.grpc.mtlsCertPath", "milvus.mtlsCertPath"),
    V2Key("milvus.grpc.mtlsKeyPath", "milvus.mtlsKeyPath"),
    V2Key("milvus.management.endpoint", "backup.gcPause.address"),
    *_v2_storage("milvus.storage", "MILVUS_STORAGE", lambda name: f"minio.{name}"),
    *_v2_storage(
        "backup.storage", "BACKUP_STORAGE", lambda name: f"minio.backup{name[0].upper()}{name[1:]}"
    ),
    V2Key("backup.concurrency.collections", "backup.parallelism.backupCollection"),
    V2Key("backup.pauseGC", "backup.gcPause.enable"),
    V2Key("restore.concurrency.collections", "backup.parallelism.restoreCollection"),
    V2Key("restore.concurrency.importJobs", "backup.parallelism.importJob"),
    V2Key("restore.keepTempFiles", "backup.keepTempFiles"),
    V2Key("restore.maxSegmentsPerImportJob", "backup.maxSegmentsPerImportJob"),
    V2Key("milvus.rest.endpoint", "milvus.restEndpoint"),
    V2Key("transfer.mode", "minio.crossStorage", convert=_v2_transfer_mode),
    V2Key("transfer.concurrency", "backup.parallelism.copydata"),
    V2Key("transfer.multipartCopyThresholdMiB", "minio.multipartCopyThresholdMiB"),
    V2Key("transfer.streamMemoryMiB", "backup.parallelism.streamMemoryMiB"),
)
_V2_BY_KEY_LOWER = {k.key.lower(): k for k in V2_KEYS}
# The v2 name of each mapped setting (the first, where Azure's names share one).
V2_NAMES = {k.target: k.key for k in reversed(V2_KEYS)}
# Settings upstream does not have (this service's own): the same name in either schema.
OWN_KEYS = frozenset(s.key for s in SETTINGS) - {k.target for k in V2_KEYS}
# v2 keys of upstream that this service does not act on.
V2_UPSTREAM_ONLY: tuple[UpstreamOnly, ...] = (
    _only("log.file.maxSizeMiB", 300, why=_NO_ROTATION),
    _only("log.file.maxDays", 0, why=_NO_ROTATION),
    _only("log.file.maxBackups", 0, why=_NO_ROTATION),
    _only("server.debugMode", False, why=_NO_DEBUG),
    _only("server.swaggerBasePath", "", why=_NO_SWAGGER),
    _only("milvus.replicate.rpcChannelName", "by-dev-replicate-msg", why=_NO_CDC),
    _only("milvus.etcd.endpoints", "localhost:2379", ["localhost:2379"], why=_NO_ETCD),
    _only("milvus.etcd.rootPath", "by-dev", why=_NO_ETCD),
    _only("backup.concurrency.segments", 1024, why=_SEGMENT_COPIES),
    _only("zillizCloud.endpoint", "https://api.cloud.zilliz.com", why=_NO_CLOUD),
    _only("zillizCloud.apiKey", "", "<your-api-key>", why=_NO_CLOUD),
    *(
        _only(
            f"{side}.storage.localPath",
            "",
            why=f"this service reads local binlogs at {side}.storage.rootPath, which must be the "
            "path the Milvus process uses (its localStorage.path); set that instead",
        )
        for side in ("milvus", "backup")
    ),
    *(
        _only(
            f"{side}.storage.{name}",
            default,
            why="this service passes Milvus object keys, never its own endpoint, so it needs "
            "no endpoint as Milvus sees it",
        )
        for side in ("milvus", "backup")
        for name, default in (("milvusAddress", ""), ("milvusPort", 0))
    ),
)
_V2_ONLY_LOWER = {k.key.lower(): k for k in V2_UPSTREAM_ONLY}


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
    #: Milvus's REST API, for import jobs of several segments ("": the gRPC host and port).
    rest_endpoint: str = ""
    #: The Milvus Lite database file (an absolute ``*.db`` path), or "" for a server.
    lite_path: str = ""

    @property
    def is_lite(self) -> bool:
        """Whether Milvus is a Milvus Lite database file rather than a server."""
        return bool(self.lite_path)

    @property
    def target(self) -> str:
        """host:port for a gRPC channel (the file path for Milvus Lite, in messages)."""
        return self.lite_path or f"{self.address}:{self.port}"


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
    bucket_name: str
    root_path: str
    # Server-side copies of larger objects go part by part (UploadPartCopy), not in one call.
    multipart_copy_threshold_mib: int = 500
    #: gcpnative: a service-account key file, or the key's JSON itself ("": see storage/gcs.py).
    gcp_credential_json: str = field(default="", repr=False)


@dataclass(frozen=True)
class BackupSettings:
    """Knobs of the backup and restore jobs."""

    backup_collection_parallelism: int
    copy_parallelism: int
    stream_memory: int  # bytes
    restore_collection_parallelism: int
    import_job_parallelism: int
    keep_temp_files: bool
    gc_pause_enable: bool
    gc_pause_seconds: int
    gc_pause_address: str
    import_timeout: float
    import_poll_interval: float
    cross_storage: bool
    lease_seconds: float = 30.0
    #: A starting server resumes the interrupted backups and restores of its root.
    resume_on_start: bool = True
    #: Incremental backups on local storage hard-link unchanged objects instead of
    #: referencing them, where the filesystem allows.
    local_hard_links: bool = True
    #: Segments one restore import job carries at most, where the target takes several.
    max_segments_per_import_job: int = 256
    #: The hash new backups record for the bytes they copy (storage/digest.py).
    checksum: str = digest.DEFAULT


@dataclass(frozen=True)
class ServerConfig:
    """How this service's own gRPC and REST listeners are secured.

    TLS is on when ``tls_cert_path`` is set; ``tls_client_auth`` "require" asks every client
    for a certificate signed by ``tls_ca_cert_path`` (mutual TLS). A non-empty ``auth_token``
    makes every call carry ``authorization: Bearer <token>``.
    """

    tls_cert_path: str = ""
    tls_key_path: str = ""
    tls_ca_cert_path: str = ""
    tls_client_auth: str = "none"
    auth_token: str = field(default="", repr=False)
    auth_exempt_health: bool = True
    auth_exempt_reflection: bool = True
    #: On SIGTERM, how long running tasks may finish before they are cancelled.
    shutdown_grace_seconds: float = 30.0
    #: The gRPC health service says NOT_SERVING while a backup policy is stale.
    health_fail_on_stale_policy: bool = False
    #: Seconds between two retention passes over every policy (besides the one after a run).
    retention_interval_seconds: float = 300.0
    #: REST JSON shapes: "v0.5.10" (BackupInfoBrief / BackupSummary) or "v0.5.9" (BackupInfo).
    rest_shapes: str = "v0.5.10"

    @property
    def tls(self) -> bool:
        """True when the listeners speak TLS."""
        return bool(self.tls_cert_path)


@dataclass(frozen=True)
class Config:
    """The resolved configuration of the service."""

    milvus: MilvusConfig
    milvus_storage: StorageConfig
    backup_storage: StorageConfig
    backup: BackupSettings
    log_level: str
    values: Mapping[str, ResolvedValue] = field(repr=False)
    log_console: bool = True  # logs go to stderr
    log_file: str = ""  # and, when set, to this file as JSON lines
    server: ServerConfig = field(default_factory=ServerConfig)
    schema: str = "v1"  # the file's schema: "v1" (no configVersion) or "v2"

    def describe(self) -> list[tuple[str, str, str]]:
        """Rows of (key, value, source) for printing, with secrets masked.

        A key this service does not act on (it is refused unless left at its default) shows
        ``(not supported)`` instead of a value, so nothing looks active that is not.
        """
        rows = []
        for setting in SETTINGS:
            resolved = self.values[setting.key]
            if setting.unsupported:
                shown = NOT_SUPPORTED
            elif setting.secret:
                shown = mask(resolved.value)
            else:
                shown = str(resolved.value)
            rows.append((setting.key, shown, resolved.source))
        return rows


NOT_SUPPORTED = "(not supported)"


def mask(value: Any) -> str:
    """Hide a secret but show whether it is set."""
    return "****" if value else ""


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong with a YAML file and where, without quoting the file's text."""
    import yaml

    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return f"{exc.problem or exc.context or 'a syntax error'}{where}"
    return type(exc).__name__


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(_flatten(value, path + "."))
        else:
            flat[path] = value
    return flat


def _coerce(setting: Setting, raw: Any, source: str, name: str | None = None) -> Any:
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
            f"{name or setting.key} from {source} must be a {setting.kind.__name__}, got {raw!r}"
        ) from None


@dataclass(frozen=True)
class _Given:
    """A value given for a setting, before coercion: what, from where, under which name."""

    value: Any
    source: str  # provenance as printed: "file", "file (v2 key milvus.grpc.port)", "set"
    where: str  # for error messages: "file", "--set"
    name: str  # the key as the user wrote it
    convert: Callable[[Any, str, str], Any] | None = None

    def resolve(self, setting: Setting) -> ResolvedValue:
        value = self.value
        if self.convert is not None and value is not None:
            value = self.convert(value, self.name, self.where)
        return ResolvedValue(_coerce(setting, value, self.where, self.name), self.source)


def _lookup(key: str) -> tuple[Setting, V2Key | None] | None:
    """The setting a key names, by its own (v1) name or by its v2 name."""
    setting = _BY_KEY.get(key) or _BY_KEY_LOWER.get(key.lower())
    if setting is not None:
        return setting, None
    v2 = _V2_BY_KEY_LOWER.get(key.lower())
    return (_BY_KEY[v2.target], v2) if v2 is not None else None


def _schema(loaded: Mapping[str, Any], path: Path) -> str:
    version = loaded.get("configVersion")
    if version is None or str(version).strip() == "v1":
        return "v1"
    if str(version).strip() == "v2":
        return "v2"
    raise ConfigError(
        f"configVersion {version!r} in {str(path)!r} is not known: write v2 for upstream's v2 "
        "keys (milvus.grpc.*, milvus.storage.*, ...), or leave it out for the v1 keys"
    )


def _read_v1(flat: Mapping[str, Any], path: Path) -> dict[str, _Given]:
    given: dict[str, _Given] = {}
    aliased: dict[str, _Given] = {}
    for key, value in flat.items():
        setting = _BY_KEY.get(key) or _BY_KEY_LOWER.get(key.lower())
        if setting is None and key.lower() in _V1_ALIASES_LOWER:
            target = _V1_ALIASES_LOWER[key.lower()]
            aliased[target] = _Given(value, f"file (as {key})", "file", key)
            continue
        if setting is None:
            if key.lower() in _V2_BY_KEY_LOWER:
                log.warning(
                    "config key %r in %s is a v2 key, ignored in a v1 file; add "
                    "'configVersion: v2' at the top to read the file with the v2 keys",
                    key,
                    path,
                )
            elif key.lower() in _V1_ONLY_LOWER:
                _V1_ONLY_LOWER[key.lower()].check(value, key, str(path))
            else:
                log.warning("config key %r in %s is unknown and ignored", key, path)
            continue
        given[setting.key] = _Given(value, "file", "file", key)
    for target, alias in aliased.items():
        given.setdefault(target, alias)  # the setting's own key wins, as upstream reads them
    return given


def _read_v2(flat: Mapping[str, Any], path: Path) -> dict[str, _Given]:
    given: dict[str, _Given] = {}
    for key, value in flat.items():
        v2 = _V2_BY_KEY_LOWER.get(key.lower())
        if v2 is not None:
            earlier = given.get(v2.target)
            if earlier is not None and earlier.value is not None and value is not None:
                raise ConfigError(
                    f"{earlier.name} and {v2.key} in {str(path)!r} are two ways to "
                    "give one credential; keep the one the storage's auth.type uses"
                )
            given[v2.target] = _Given(value, f"file (v2 key {v2.key})", "file", v2.key, v2.convert)
            continue
        setting = _BY_KEY.get(key) or _BY_KEY_LOWER.get(key.lower())
        if setting is not None and setting.key in OWN_KEYS:
            given[setting.key] = _Given(value, "file", "file", key)
        elif setting is not None:
            log.warning(
                "config key %r in %s is a v1 key, ignored in a v2 file (configVersion: v2); "
                "write %s instead",
                key,
                path,
                V2_NAMES[setting.key],
            )
        elif key.lower() in _V2_ONLY_LOWER:
            _V2_ONLY_LOWER[key.lower()].check(value, key, str(path))
        else:
            log.warning("config key %r in %s is unknown and ignored", key, path)
    return given


def _env_names(schema: str) -> dict[str, tuple[str, ...]]:
    """The environment variables each setting reads under a schema."""
    if schema == "v1":
        return {s.key: s.env for s in SETTINGS}
    names = {s.key: s.env if s.key in OWN_KEYS else () for s in SETTINGS}
    for v2 in V2_KEYS:
        names[v2.target] += v2.env
    return names


def _warn_v1_env(env: Mapping[str, str], names: Mapping[str, tuple[str, ...]]) -> None:
    read = {name for group in names.values() for name in group}
    # Kubernetes service links (MILVUS_PORT=tcp://...) are not the user's doing: no warning.
    ignored = sorted(
        name
        for s in SETTINGS
        for name in s.env
        if name in env and name not in read and not re.match(r"^(tcp|udp)://", env[name])
    )
    if ignored:
        log.warning(
            "ignoring %s: a configVersion: v2 file takes environment variables for "
            "credentials only; set the v2 keys in the file or with --set",
            ", ".join(ignored),
        )


def load_config(
    path: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, str] | None = None,
) -> Config:
    """Resolve the configuration: defaults, then the YAML file, then env, then overrides.

    Args:
        path: a backup.yaml: upstream's v1 keys, or its v2 keys under ``configVersion: v2``;
            None means defaults only.
        env: the environment to read variables from (``os.environ`` when None).
        overrides: ``key=value`` pairs from the command line, highest precedence.

    Raises:
        ConfigError: the file cannot be read or a value has the wrong type; the message
            names the key as it was written.
    """
    env = os.environ if env is None else env
    schema = "v1"
    file_values: dict[str, _Given] = {}
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file {str(p)!r} does not exist")
        import yaml

        try:
            loaded = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
        except OSError as exc:
            raise ConfigError(f"cannot read config file {str(p)!r}: {exc}") from exc
        except yaml.YAMLError as exc:
            # Not chained: the YAML error quotes the offending line, which may hold a secret.
            raise ConfigError(
                f"cannot read config file {str(p)!r}: it is not valid YAML: {_yaml_problem(exc)}"
            ) from None
        if not isinstance(loaded, Mapping):
            raise ConfigError(f"config file {str(p)!r} must hold a mapping of keys")
        schema = _schema(loaded, p)
        flat = {k: v for k, v in _flatten(loaded).items() if k != "configVersion"}
        file_values = (_read_v2 if schema == "v2" else _read_v1)(flat, p)
    override_values: dict[str, _Given] = {}
    for key, value in (overrides or {}).items():
        target = _V1_ALIASES_LOWER.get(key.lower())
        if target is not None:
            if target not in (overrides or {}):
                override_values[target] = _Given(value, f"set (as {key})", "--set", key)
            continue
        found = _lookup(key)
        if found is None:
            raise ConfigError(f"--set {key}: unknown configuration key")
        setting, v2 = found
        if v2 is None:
            override_values[setting.key] = _Given(value, "set", "--set", setting.key)
        else:
            override_values[setting.key] = _Given(
                value, f"set (v2 key {v2.key})", "--set", v2.key, v2.convert
            )
    env_names = _env_names(schema)
    if schema == "v2":
        _warn_v1_env(env, env_names)
    names = V2_NAMES if schema == "v2" else {}

    values: dict[str, ResolvedValue] = {}
    for setting in SETTINGS:
        resolved = ResolvedValue(setting.default, "default")
        given = file_values.get(setting.key)
        if given is not None and given.value is not None:
            resolved = given.resolve(setting)
        for name in env_names[setting.key]:
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
            resolved = override_values[setting.key].resolve(setting)
        if resolved.value is None and setting.inherit:
            parent = values[setting.inherit]
            # "file (v2 key milvus.storage.address)" is inherited as "file (from ...)".
            kind = parent.source.split(" (v2 key ")[0]
            parent_name = names.get(setting.inherit, setting.inherit)
            resolved = ResolvedValue(parent.value, f"{kind} (from {parent_name})")
        values[setting.key] = resolved
    return _build(values, schema)


def _server(v: Callable[[str], Any]) -> ServerConfig:
    cert, key, ca = v("server.tls.certPath"), v("server.tls.keyPath"), v("server.tls.caCertPath")
    client_auth = str(v("server.tls.clientAuth")).strip().lower()
    if client_auth not in CLIENT_AUTH_MODES:
        raise ConfigError(
            f"server.tls.clientAuth is {v('server.tls.clientAuth')!r}; expected none or require"
        )
    if bool(cert) != bool(key):
        missing = "server.tls.keyPath" if cert else "server.tls.certPath"
        raise ConfigError(
            f"{missing} is empty: server TLS needs both server.tls.certPath (the certificate "
            "chain, PEM) and server.tls.keyPath (its private key, PEM)"
        )
    if client_auth == "require" and not (cert and ca):
        raise ConfigError(
            "server.tls.clientAuth require (mutual TLS) needs server.tls.certPath, "
            "server.tls.keyPath and server.tls.caCertPath (the CA that signs client certificates)"
        )
    if ca and client_auth == "none":
        log.warning(
            "server.tls.caCertPath is set but server.tls.clientAuth is none: client "
            "certificates are not asked for; set server.tls.clientAuth: require for mutual TLS"
        )
    grace = v("server.shutdownGraceSeconds")
    if grace < 0:
        raise ConfigError(f"server.shutdownGraceSeconds must be 0 or more, got {grace}")
    retention = v("server.retentionIntervalSeconds")
    if retention <= 0:
        raise ConfigError(f"server.retentionIntervalSeconds must be more than 0, got {retention}")
    token = v("server.auth.token")
    if token and not re.fullmatch(r"[\x21-\x7e]+", token):
        raise ConfigError(
            "server.auth.token must be printable ASCII without spaces (it travels in an "
            "'authorization: Bearer <token>' header)"
        )
    shapes = str(v("server.rest.shapes")).strip().lower()
    if shapes not in REST_SHAPES:
        raise ConfigError(
            f"server.rest.shapes is {v('server.rest.shapes')!r}; expected "
            f"{' or '.join(REST_SHAPES)} (the upstream release whose REST JSON to answer with)"
        )
    return ServerConfig(
        rest_shapes=shapes,
        tls_cert_path=cert,
        tls_key_path=key,
        tls_ca_cert_path=ca,
        tls_client_auth=client_auth,
        auth_token=token,
        auth_exempt_health=v("server.auth.exemptHealth"),
        auth_exempt_reflection=v("server.auth.exemptReflection"),
        shutdown_grace_seconds=grace,
        health_fail_on_stale_policy=v("server.healthFailOnStalePolicy"),
        retention_interval_seconds=retention,
    )


_URI = re.compile(
    r"(?P<scheme>https?|tcp|grpc)://(?P<host>\[[^\]]+\]|[^:/\s]+)(?::(?P<port>\d+))?/?"
)


def _milvus_uri(uri: str, address: str, port: int, tls_mode: int) -> tuple[str, int, int, str]:
    """Address, port, TLS mode and Milvus Lite path from ``milvus.uri`` and the older keys.

    An empty URI keeps ``milvus.address`` and ``milvus.port``. A server URI replaces them
    (``https`` turns server TLS on when ``milvus.tlsMode`` is 0). A path ending in ``.db`` is
    a Milvus Lite database file, made absolute so that it never depends on the working
    directory of whoever reads the configuration later.

    Raises:
        ConfigError: the URI is neither.
    """
    text = (uri or "").strip()
    if not text:
        return address, port, tls_mode, ""
    if text.endswith(".db") and "://" not in text:
        return address, port, tls_mode, str(Path(text).expanduser().resolve())
    found = _URI.fullmatch(text)
    if found is None:
        raise ConfigError(
            f"milvus.uri is {uri!r}; give a server address (http://host:19530) or the path of "
            "a Milvus Lite database file ending in .db (./milvus.db)"
        )
    host = found.group("host").strip("[]")
    scheme = found.group("scheme")
    default_port = 443 if scheme == "https" and not found.group("port") else 19530
    chosen_port = int(found.group("port") or default_port)
    if scheme == "https" and tls_mode == 0:
        tls_mode = 1
    return host, chosen_port, tls_mode, ""


def _build(values: Mapping[str, ResolvedValue], schema: str = "v1") -> Config:
    def v(key: str) -> Any:
        return values[key].value

    def n(key: str) -> str:
        """The key as a file of this schema names it, for messages."""
        return V2_NAMES.get(key, key) if schema == "v2" else key

    for setting in SETTINGS:
        if setting.unsupported and v(setting.key) not in (setting.default, None, ""):
            source = values[setting.key].source
            where = f" (environment variable {source[4:]})" if source.startswith("env:") else ""
            raise ConfigError(
                f"{n(setting.key)} is {v(setting.key)!r}{where}, but {setting.unsupported}"
            )
    for key in ("minio.storageType", "minio.backupStorageType"):
        if str(v(key)).lower() not in STORAGE_TYPES:
            raise ConfigError(f"{n(key)} is {v(key)!r}; expected one of {', '.join(STORAGE_TYPES)}")
    if v("milvus.tlsMode") not in (0, 1, 2):
        raise ConfigError("milvus.tlsMode must be 0 (off), 1 (server TLS) or 2 (mutual TLS)")
    for key in (
        "backup.parallelism.copydata",
        "backup.parallelism.backupCollection",
        "backup.parallelism.restoreCollection",
        "backup.parallelism.importJob",
        "backup.parallelism.streamMemoryMiB",
        "backup.maxSegmentsPerImportJob",
    ):
        if v(key) < 1:
            raise ConfigError(f"{n(key)} must be at least 1, got {v(key)}")
    if v("backup.lease.seconds") < 1:
        raise ConfigError(
            f"{n('backup.lease.seconds')} must be at least 1 (the lease is renewed every "
            f"few seconds), got {v('backup.lease.seconds')}"
        )
    if v("backup.checksum") not in digest.COMPUTED:
        raise ConfigError(
            f"{n('backup.checksum')} is {v('backup.checksum')!r}; expected one of "
            f"{', '.join(sorted(digest.COMPUTED))}"
        )
    if not 1 <= v("minio.multipartCopyThresholdMiB") <= 5120:
        raise ConfigError(
            f"{n('minio.multipartCopyThresholdMiB')} must be between 1 and 5120 (S3 copies at "
            f"most 5 GiB in one call), got {v('minio.multipartCopyThresholdMiB')}"
        )

    address, port, tls_mode, lite_path = _milvus_uri(
        v("milvus.uri"), v("milvus.address"), v("milvus.port"), v("milvus.tlsMode")
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
            bucket_name=k("bucketName"),
            # Object keys never start with "/"; local paths keep it (they are filesystem paths).
            root_path=k("rootPath")
            if str(k("storageType")).lower() == "local"
            else k("rootPath").lstrip("/"),
            multipart_copy_threshold_mib=v("minio.multipartCopyThresholdMiB"),
            gcp_credential_json=k("gcpCredentialJSON"),
        )

    return Config(
        milvus=MilvusConfig(
            address=address,
            port=port,
            user=v("milvus.user"),
            password=v("milvus.password"),
            tls_mode=tls_mode,
            ca_cert_path=v("milvus.caCertPath"),
            server_name=v("milvus.serverName"),
            mtls_cert_path=v("milvus.mtlsCertPath"),
            mtls_key_path=v("milvus.mtlsKeyPath"),
            rpc_timeout=v("milvus.rpcTimeoutSeconds"),
            rest_endpoint=v("milvus.restEndpoint"),
            lite_path=lite_path,
        ),
        milvus_storage=storage(""),
        backup_storage=storage("backup"),
        backup=BackupSettings(
            backup_collection_parallelism=v("backup.parallelism.backupCollection"),
            copy_parallelism=v("backup.parallelism.copydata"),
            stream_memory=v("backup.parallelism.streamMemoryMiB") * 1024 * 1024,
            restore_collection_parallelism=v("backup.parallelism.restoreCollection"),
            import_job_parallelism=v("backup.parallelism.importJob"),
            keep_temp_files=v("backup.keepTempFiles"),
            gc_pause_enable=v("backup.gcPause.enable"),
            gc_pause_seconds=v("backup.gcPause.seconds"),
            gc_pause_address=v("backup.gcPause.address"),
            import_timeout=v("backup.importTimeoutSeconds"),
            import_poll_interval=v("backup.importPollSeconds"),
            cross_storage=v("minio.crossStorage"),
            lease_seconds=v("backup.lease.seconds"),
            resume_on_start=v("backup.resumeOnStart"),
            local_hard_links=v("backup.localHardLinks"),
            max_segments_per_import_job=v("backup.maxSegmentsPerImportJob"),
            checksum=v("backup.checksum"),
        ),
        log_level=v("log.level"),
        log_console=v("log.console"),
        log_file=v("log.file.filename"),
        values=dict(values),
        server=_server(v),
        schema=schema,
    )
