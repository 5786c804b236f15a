"""Milvus 3.0 snapshots: the requests of the snapshot format, and where bundles go.

A snapshot backup copies no bytes itself. Milvus freezes a collection (CreateSnapshot),
exports the frozen files as a bundle into the backup's directory (ExportSnapshot, polled with
GetExportSnapshotState), and a restore has Milvus read the bundle back into a new collection
(RestoreExternalSnapshot, polled with GetRestoreSnapshotState). Milvus does the object I/O,
so it is told where with a URI in a form it parses, and, when the backup store is not its
own, with an ``extfs`` spec of credentials:

* ``s3://BUCKET/KEY``: the backup store is Milvus's own backend (same endpoint); Milvus
  reaches it with its own settings and no credential travels.
* ``minio://HOST:PORT/BUCKET/KEY``: another S3-compatible endpoint, with a spec.
* ``gcs://BUCKET/KEY``: native GCS.

Azure and local backup stores are refused: this service builds no URI for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..config import StorageConfig
from ..errors import RequestError
from ..milvuspb import milvus_pb2

#: The directory under a backup's directory that holds the bundles, as upstream names it.
BUNDLE_DIR = "bundle"
FORMAT = "snapshot"

# Our storage types -> extfs.cloud_provider, as Milvus names them.
_CLOUD_PROVIDER = {
    "minio": "minio",
    "s3": "aws",
    "aws": "aws",
    "gcp": "gcp",
    "gcpnative": "gcpnative",
    "ali": "aliyun",
    "aliyun": "aliyun",
    "tc": "tencent",
    "tencent": "tencent",
    "hwc": "huawei",
}


@dataclass(frozen=True)
class SnapshotPlace:
    """Where Milvus writes or reads the bundles of one backup directory."""

    #: The backup directory as a URI Milvus parses (no trailing slash).
    dir_uri: str
    #: The extfs spec of the backup store; "" when Milvus uses its own storage settings.
    external_spec: str

    def bundle_uri(self) -> str:
        """The URI ExportSnapshot writes a collection's bundle under."""
        return f"{self.dir_uri}/{BUNDLE_DIR}"

    def metadata_uri(self, metadata_path: str) -> str:
        """The URI of a bundle's metadata from the path the backup records.

        Raises:
            RequestError: the recorded path is empty or not relative to the backup directory.
        """
        path = metadata_path.strip("/")
        if not path or "://" in path or ".." in path.split("/"):
            raise RequestError(
                f"snapshot metadata path {metadata_path!r} is not a path inside the backup"
            )
        return f"{self.dir_uri}/{path}"

    def metadata_path(self, metadata_uri: str) -> str:
        """The path, relative to the backup directory, of the metadata an export reported.

        Raises:
            RequestError: the reported URI is not under the bundle directory.
        """
        key_of = _key_of(metadata_uri)
        root = (_key_of(self.bundle_uri()) or "").rstrip("/") + "/"
        if key_of is None or not key_of.startswith(root):
            raise RequestError(
                f"Milvus exported the snapshot metadata to {metadata_uri!r}, which is not "
                f"under {self.bundle_uri()!r}"
            )
        return f"{BUNDLE_DIR}/{key_of[len(root) :]}"


def _key_of(uri: str) -> str | None:
    """bucket/key of a URI in any of the forms above (the endpoint is Milvus's business)."""
    scheme, sep, rest = uri.partition("://")
    if not sep:
        return None
    if scheme.lower() in ("minio", "http", "https"):
        _, _, rest = rest.partition("/")  # drop the endpoint
    return rest.strip("/")


def snapshot_place(
    milvus_storage: StorageConfig, backup_storage: StorageConfig, backup_dir: str
) -> SnapshotPlace:
    """The URI and spec that let Milvus reach ``backup_dir`` of the backup store.

    Raises:
        RequestError: a backup store Milvus cannot be pointed at (local, Azure).
    """
    kind = backup_storage.storage_type
    provider = _CLOUD_PROVIDER.get(kind)
    if provider is None:
        raise RequestError(
            f"format snapshot has Milvus write the backup itself, into object storage; the "
            f"backup storage is {kind!r}, which this service cannot point Milvus at (use "
            "minio, s3, gcp, gcpnative, aliyun, tencent or hwc), or take a physical backup"
        )
    key = f"{backup_storage.bucket_name}/{backup_dir.strip('/')}"
    if kind == "gcpnative":
        return SnapshotPlace(f"gcs://{key}", _external_spec(backup_storage, provider))
    if _same_backend(milvus_storage, backup_storage):
        return SnapshotPlace(f"s3://{key}", "")
    host = backup_storage.address
    if backup_storage.port:
        host = f"{host}:{backup_storage.port}"
    return SnapshotPlace(f"minio://{host}/{key}", _external_spec(backup_storage, provider))


def _same_backend(milvus: StorageConfig, backup: StorageConfig) -> bool:
    return (
        milvus.storage_type == backup.storage_type
        and milvus.address == backup.address
        and milvus.port == backup.port
        and milvus.access_key_id == backup.access_key_id
        and milvus.use_iam == backup.use_iam
    )


def _external_spec(storage: StorageConfig, provider: str) -> str:
    """The extfs JSON Milvus layers over its own storage settings for the backup store.

    Raises:
        RequestError: a temporary credential, which extfs cannot carry.
    """
    extfs: dict[str, str] = {"cloud_provider": provider, "use_ssl": str(storage.use_ssl).lower()}
    if storage.region:
        extfs["region"] = storage.region
    if storage.use_iam:
        extfs["use_iam"] = "true"
    elif storage.storage_type == "gcpnative" and storage.gcp_credential_json:
        extfs["credential_json"] = storage.gcp_credential_json
    else:
        if storage.token:
            raise RequestError(
                "format snapshot passes the backup store's credentials to Milvus, which takes "
                "no session token; use a permanent key or IAM"
            )
        extfs["access_key_id"] = storage.access_key_id
        extfs["access_key_value"] = storage.secret_access_key
    return json.dumps({"extfs": extfs}, sort_keys=True)


# -- requests ---------------------------------------------------------------------------


def create_snapshot_request(db: str, coll: str, name: str) -> milvus_pb2.CreateSnapshotRequest:
    """Freeze a collection under a snapshot name (held against GC until dropped)."""
    return milvus_pb2.CreateSnapshotRequest(
        name=name,
        description="milvus-backup-grpc snapshot backup",
        db_name=db,
        collection_name=coll,
    )


def describe_snapshot_request(db: str, coll: str, name: str) -> milvus_pb2.DescribeSnapshotRequest:
    """Read a snapshot's creation timestamp and partitions."""
    return milvus_pb2.DescribeSnapshotRequest(name=name, db_name=db, collection_name=coll)


def export_snapshot_request(
    db: str, coll: str, name: str, place: SnapshotPlace
) -> milvus_pb2.ExportSnapshotRequest:
    """Have Milvus copy a snapshot's files into the backup's bundle directory."""
    return milvus_pb2.ExportSnapshotRequest(
        name=name,
        db_name=db,
        collection_name=coll,
        target_s3_path=place.bundle_uri(),
        external_spec=place.external_spec,
    )


def export_state_request(job_id: int) -> milvus_pb2.GetExportSnapshotStateRequest:
    """Poll an export job."""
    return milvus_pb2.GetExportSnapshotStateRequest(job_id=job_id)


def drop_snapshot_request(db: str, coll: str, name: str) -> milvus_pb2.DropSnapshotRequest:
    """Release a snapshot once its bundle is exported."""
    return milvus_pb2.DropSnapshotRequest(name=name, db_name=db, collection_name=coll)


def list_snapshots_request(db: str, coll: str) -> milvus_pb2.ListSnapshotsRequest:
    """List a collection's snapshots: read-only, so it probes whether the server has them."""
    return milvus_pb2.ListSnapshotsRequest(db_name=db, collection_name=coll)


def restore_external_snapshot_request(
    db: str, coll: str, metadata_uri: str, place: SnapshotPlace
) -> milvus_pb2.RestoreExternalSnapshotRequest:
    """Have Milvus create ``db.coll`` from a bundle (schema, partitions, indexes, data)."""
    return milvus_pb2.RestoreExternalSnapshotRequest(
        db_name=db,
        target_collection_name=coll,
        snapshot_metadata_uri=metadata_uri,
        external_spec=place.external_spec,
    )


def restore_state_request(job_id: int) -> milvus_pb2.GetRestoreSnapshotStateRequest:
    """Poll a restore job."""
    return milvus_pb2.GetRestoreSnapshotStateRequest(job_id=job_id)
