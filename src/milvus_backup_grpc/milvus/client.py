"""The gateway to Milvus: its gRPC API through pymilvus's generated stubs.

The raw stubs, not pymilvus's high-level client, because a backup needs what the SDK hides:
field and partition IDs, persistent segment info, Flush with its timestamps, and Import with
the ``backup`` option. Every gRPC error and non-success status becomes a ``MilvusError``.
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc

from ..config import MilvusConfig
from ..errors import ConfigError, MilvusError
from ..milvuspb import common_pb2, milvus_pb2, schema_pb2
from .stub import MilvusServiceStub
from .versions import ImportRequest

# The generated Milvus stubs are imported here only; the modules that build or read Milvus
# messages (columns, scan) take ``schema_pb2`` from this module.
__all__ = ["FlushResult", "ImportProgress", "MilvusGateway", "schema_pb2"]

log = logging.getLogger(__name__)

_MAX_MESSAGE = 1 << 30
# Milvus reports "not found" conditions with these codes (2.3+) or reasons (older).
_COLLECTION_NOT_FOUND = 100
_INDEX_NOT_FOUND = 700

#: Seconds before the first and, at most, between later looks at a flush's state.
_FIRST_FLUSH_POLL = 0.05
_FLUSH_POLL = 0.5
# How servers without a method say so: gRPC UNIMPLEMENTED ("unknown method X for service"),
# or a status whose reason names it (Milvus Lite, proxies of newer protos).
_UNIMPLEMENTED_WORDS = ("unimplemented", "unknown method", "not implemented", "not supported")


def is_unimplemented(exc: MilvusError) -> bool:
    """Whether a failed call failed because the server lacks the method."""
    text = str(exc).lower()
    return any(word in text for word in _UNIMPLEMENTED_WORDS)


@dataclass(frozen=True)
class FlushResult:
    """What Flush reported for one collection."""

    segment_ids: list[int]
    flushed_segment_ids: list[int]
    seal_time: int
    flush_ts: int
    channel_checkpoints: dict[str, bytes]


@dataclass(frozen=True)
class ImportProgress:
    """The state of one import task."""

    state: int
    state_name: str
    row_count: int
    progress: int
    failed_reason: str

    @property
    def completed(self) -> bool:
        """Milvus finished the import and the data is visible."""
        return bool(self.state == common_pb2.ImportCompleted)

    @property
    def failed(self) -> bool:
        """Milvus gave up on the import."""
        return self.state in (common_pb2.ImportFailed, common_pb2.ImportFailedAndCleaned)


class MilvusGateway:
    """One connection to one Milvus, with the calls backup and restore need."""

    def __init__(self, config: MilvusConfig) -> None:
        self.config = config
        self._channel = _open_channel(config)
        self._stub = MilvusServiceStub(self._channel)
        self._auth: list[tuple[str, str]] = []
        if config.user:
            token = base64.b64encode(f"{config.user}:{config.password}".encode()).decode()
            self._auth = [("authorization", token)]

    def close(self) -> None:
        """Close the channel."""
        self._channel.close()

    def __enter__(self) -> MilvusGateway:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing -------------------------------------------------------------------------

    def call(
        self,
        method: str,
        request: Any,
        db: str = "",
        timeout: float | None = None,
        allow_codes: Sequence[int] = (),
    ) -> Any:
        """Call a MilvusService method; a non-success status raises MilvusError."""
        metadata = list(self._auth)
        if db:
            metadata.append(("dbname", db))
        try:
            response = self._stub.method(method)(
                request, metadata=metadata, timeout=timeout or self.config.rpc_timeout
            )
        except grpc.RpcError as exc:
            code = exc.code() if hasattr(exc, "code") else None
            details = exc.details() if hasattr(exc, "details") else str(exc)
            if code == grpc.StatusCode.UNAVAILABLE:
                raise MilvusError(
                    f"Milvus at {self.config.target} is unreachable ({details}); check "
                    "milvus.address and milvus.port"
                ) from exc
            if code == grpc.StatusCode.UNAUTHENTICATED:
                raise MilvusError(
                    f"Milvus refused the credentials ({details}); check milvus.user and "
                    "milvus.password"
                ) from exc
            raise MilvusError(f"Milvus {method} failed: {code}: {details}") from exc
        status = (
            response
            if isinstance(response, common_pb2.Status)
            else getattr(response, "status", None)
        )
        if status is not None and (status.error_code != 0 or status.code != 0):
            if status.code in allow_codes or status.error_code in allow_codes:
                return response
            raise MilvusError(f"Milvus {method} failed: {status.reason or status.error_code}")
        return response

    def call_if_implemented(
        self, method: str, request: Any, db: str = "", timeout: float | None = None
    ) -> Any | None:
        """``call``, or None when the server lacks the method (an older Milvus, Milvus Lite)."""
        try:
            return self.call(method, request, db=db, timeout=timeout)
        except MilvusError as exc:
            if is_unimplemented(exc):
                log.debug("Milvus at %s lacks %s: %s", self.config.target, method, exc)
                return None
            raise

    # -- server ---------------------------------------------------------------------------

    def version(self) -> str:
        """The server's version string (e.g. ``v2.3.5-lite``)."""
        return str(self.call("GetVersion", milvus_pb2.GetVersionRequest()).version)

    def list_databases(self) -> list[str]:
        """Every database; just ``default`` on servers without databases."""
        try:
            response = self.call("ListDatabases", milvus_pb2.ListDatabasesRequest())
        except MilvusError as exc:
            if "UNIMPLEMENTED" in str(exc) or "not supported" in str(exc).lower():
                return ["default"]
            raise
        return list(response.db_names)

    def create_database(self, name: str) -> None:
        """Create a database."""
        self.call("CreateDatabase", milvus_pb2.CreateDatabaseRequest(db_name=name))

    # -- collections ----------------------------------------------------------------------

    def list_collections(self, db: str) -> list[str]:
        """Names of the collections of a database."""
        response = self.call(
            "ShowCollections", milvus_pb2.ShowCollectionsRequest(db_name=db), db=db
        )
        return list(response.collection_names)

    def has_collection(self, db: str, name: str) -> bool:
        """Whether the collection exists."""
        response = self.call(
            "HasCollection",
            milvus_pb2.HasCollectionRequest(db_name=db, collection_name=name),
            db=db,
        )
        return bool(response.value)

    def describe_collection(self, db: str, name: str) -> milvus_pb2.DescribeCollectionResponse:
        """Schema with field IDs, shards, consistency level, properties and IDs."""
        response: milvus_pb2.DescribeCollectionResponse = self.call(
            "DescribeCollection",
            milvus_pb2.DescribeCollectionRequest(db_name=db, collection_name=name),
            db=db,
        )
        return response

    def partitions(self, db: str, name: str) -> list[tuple[int, str]]:
        """(partition ID, partition name) of each partition."""
        response = self.call(
            "ShowPartitions",
            milvus_pb2.ShowPartitionsRequest(db_name=db, collection_name=name),
            db=db,
        )
        names = list(response.partition_names)
        # Milvus Lite names its partitions but gives them no IDs: number them in order.
        ids = list(response.partitionIDs) or list(range(len(names)))
        return list(zip(ids, names, strict=True))

    def indexes(self, db: str, name: str) -> list[milvus_pb2.IndexDescription]:
        """Every index of the collection; empty when it has none."""
        response = self.call(
            "DescribeIndex",
            milvus_pb2.DescribeIndexRequest(db_name=db, collection_name=name),
            db=db,
            allow_codes=(_INDEX_NOT_FOUND, common_pb2.IndexNotExist),
        )
        if response.status.code or response.status.error_code:
            return []
        return list(response.index_descriptions)

    def load_state(self, db: str, name: str) -> str:
        """``NotLoad``, ``Loading`` or ``Loaded``, as upstream records it."""
        response = self.call(
            "GetLoadState", milvus_pb2.GetLoadStateRequest(db_name=db, collection_name=name), db=db
        )
        return {common_pb2.LoadStateLoaded: "Loaded", common_pb2.LoadStateLoading: "Loading"}.get(
            response.state, "NotLoad"
        )

    def create_collection(
        self,
        db: str,
        name: str,
        schema: schema_pb2.CollectionSchema,
        shards_num: int,
        consistency_level: int,
        properties: Sequence[tuple[str, str]],
        num_partitions: int,
    ) -> None:
        """Create a collection with a full schema (field IDs follow the field order)."""
        request = milvus_pb2.CreateCollectionRequest(
            db_name=db,
            collection_name=name,
            schema=schema.SerializeToString(),
            shards_num=shards_num,
            consistency_level=common_pb2.ConsistencyLevel.Name(consistency_level),
            properties=[common_pb2.KeyValuePair(key=k, value=v) for k, v in properties],
            num_partitions=num_partitions,
        )
        self.call("CreateCollection", request, db=db)

    def drop_collection(self, db: str, name: str) -> None:
        """Drop a collection."""
        self.call(
            "DropCollection",
            milvus_pb2.DropCollectionRequest(db_name=db, collection_name=name),
            db=db,
        )

    def rename_collection(self, db: str, old: str, new: str) -> None:
        """Rename a collection within its database."""
        self.call(
            "RenameCollection",
            milvus_pb2.RenameCollectionRequest(db_name=db, oldName=old, newName=new),
            db=db,
        )

    def create_partition(self, db: str, coll: str, partition: str) -> None:
        """Create a partition."""
        self.call(
            "CreatePartition",
            milvus_pb2.CreatePartitionRequest(
                db_name=db, collection_name=coll, partition_name=partition
            ),
            db=db,
        )

    def create_index(
        self, db: str, coll: str, field: str, index_name: str, params: Sequence[tuple[str, str]]
    ) -> None:
        """Create an index with the given parameters (index_type, metric_type, params…)."""
        self.call(
            "CreateIndex",
            milvus_pb2.CreateIndexRequest(
                db_name=db,
                collection_name=coll,
                field_name=field,
                index_name=index_name,
                extra_params=[common_pb2.KeyValuePair(key=k, value=v) for k, v in params],
            ),
            db=db,
        )

    def drop_index(self, db: str, coll: str, field: str, index_name: str) -> None:
        """Drop an index."""
        self.call(
            "DropIndex",
            milvus_pb2.DropIndexRequest(
                db_name=db, collection_name=coll, field_name=field, index_name=index_name
            ),
            db=db,
        )

    def aliases(self, db: str, name: str) -> list[str]:
        """The aliases of a collection (ListAliases, or DescribeCollection where it lacks it)."""
        try:
            response = self.call(
                "ListAliases",
                milvus_pb2.ListAliasesRequest(db_name=db, collection_name=name),
                db=db,
            )
            return sorted(response.aliases)
        except MilvusError as exc:
            if "UNIMPLEMENTED" not in str(exc):
                raise
        return sorted(self.describe_collection(db, name).aliases)

    def alias_target(self, db: str, alias: str) -> str | None:
        """The collection an alias points at; None when the database has no such alias.

        DescribeCollection resolves an alias to its collection on every Milvus version, where
        DescribeAlias is missing before 2.3. A name that is a collection, not an alias, is
        returned as itself.
        """
        not_found = (_COLLECTION_NOT_FOUND, common_pb2.CollectionNotExists)
        try:
            response = self.call(
                "DescribeCollection",
                milvus_pb2.DescribeCollectionRequest(db_name=db, collection_name=alias),
                db=db,
                allow_codes=not_found,
            )
        except MilvusError as exc:
            # Milvus 2.2 says so only in words, with the generic error code.
            if any(w in str(exc).lower() for w in ("can't find", "not found", "not exist")):
                return None
            raise
        if response.status.code in not_found or response.status.error_code in not_found:
            return None
        # The schema carries the collection's own name; collection_name echoes the request.
        return str(response.schema.name or response.collection_name) or None

    def alter_alias(self, db: str, coll: str, alias: str) -> None:
        """Point an existing alias at another collection."""
        self.call(
            "AlterAlias",
            milvus_pb2.AlterAliasRequest(db_name=db, collection_name=coll, alias=alias),
            db=db,
        )

    def create_alias(self, db: str, coll: str, alias: str) -> None:
        """Point a new alias at a collection."""
        self.call(
            "CreateAlias",
            milvus_pb2.CreateAliasRequest(db_name=db, collection_name=coll, alias=alias),
            db=db,
        )

    def load_collection(self, db: str, name: str) -> None:
        """Ask Milvus to load a collection (it loads in the background)."""
        self.call(
            "LoadCollection",
            milvus_pb2.LoadCollectionRequest(db_name=db, collection_name=name),
            db=db,
        )

    def release_collection(self, db: str, name: str) -> None:
        """Release a loaded collection."""
        self.call(
            "ReleaseCollection",
            milvus_pb2.ReleaseCollectionRequest(db_name=db, collection_name=name),
            db=db,
        )

    # -- data -----------------------------------------------------------------------------

    def flush(self, db: str, name: str) -> FlushResult:
        """Seal and persist the collection's growing data."""
        response = self.call(
            "Flush", milvus_pb2.FlushRequest(db_name=db, collection_names=[name]), db=db
        )
        return FlushResult(
            segment_ids=list(response.coll_segIDs[name].data)
            if name in response.coll_segIDs
            else [],
            flushed_segment_ids=list(response.flush_coll_segIDs[name].data)
            if name in response.flush_coll_segIDs
            else [],
            seal_time=int(response.coll_seal_times.get(name, 0)),
            flush_ts=int(response.coll_flush_ts.get(name, 0)),
            channel_checkpoints={
                ch: pos.SerializeToString() for ch, pos in response.channel_cps.items()
            },
        )

    def flush_all(
        self, collections: Sequence[tuple[str, str]]
    ) -> dict[tuple[str, str], FlushResult]:
        """Seal and persist the growing data of many collections in one FlushAll (2.6.11+)."""
        from .versions import flush_all_request

        response = self.call("FlushAll", flush_all_request(collections))
        results: dict[tuple[str, str], FlushResult] = {}
        for db_result in response.flush_results:
            for coll in db_result.collection_results:
                results[(db_result.db_name, coll.collection_name)] = FlushResult(
                    segment_ids=list(coll.segment_ids.data),
                    flushed_segment_ids=list(coll.flush_segment_ids.data),
                    seal_time=int(coll.seal_time),
                    flush_ts=int(coll.flush_ts),
                    channel_checkpoints={
                        ch: pos.SerializeToString() for ch, pos in coll.channel_cps.items()
                    },
                )
        return results

    def wait_flushed(self, db: str, name: str, flush: FlushResult, timeout: float) -> None:
        """Block until every segment the flush sealed is persisted.

        Asks by segment IDs: on 2.3 the flush_ts form answers "flushed" while segments are
        still sealed but not yet written.
        """
        if not flush.segment_ids:
            return
        request = milvus_pb2.GetFlushStateRequest(segmentIDs=flush.segment_ids, db_name=db)
        deadline = time.monotonic() + timeout
        # A small flush lands within a fraction of a second: asking after 0.05 s, then twice
        # as long each time up to 0.5 s, sees it land when it does for a few more requests.
        interval = _FIRST_FLUSH_POLL
        while not self.call("GetFlushState", request, db=db).flushed:
            if time.monotonic() > deadline:
                raise MilvusError(f"flush of {db}.{name} did not finish in {timeout:.0f} s")
            time.sleep(interval)
            interval = min(interval * 2, _FLUSH_POLL)

    def persistent_segments(self, db: str, name: str) -> list[milvus_pb2.PersistentSegmentInfo]:
        """The collection's segments known to data coordination (flushed and growing)."""
        response = self.call(
            "GetPersistentSegmentInfo",
            milvus_pb2.GetPersistentSegmentInfoRequest(dbName=db, collectionName=name),
            db=db,
        )
        return list(response.infos)

    def query(
        self,
        db: str,
        coll: str,
        expr: str,
        output_fields: Sequence[str],
        partitions: Sequence[str] = (),
        limit: int = 0,
        guarantee_timestamp: int = 0,
    ) -> milvus_pb2.QueryResults:
        """One page of a query in iterator mode: rows in primary-key order, at most ``limit``.

        Iterator mode (as pymilvus's query iterator asks for it) makes Milvus 2.3+ merge the
        segments' rows by primary key and stop at the first segment exhausted, so the page is
        the smallest keys matching ``expr``. A ``guarantee_timestamp`` is sent with the
        Customized consistency level, so Milvus reads at it (iterator mode takes it as the
        read's MVCC timestamp) instead of waiting, page after page, for a newer one as a
        Strong collection's default would; 0 leaves the collection's default consistency.
        """
        params = [("iterator", "True"), ("reduce_stop_for_best", "True")]
        if limit:
            params.append(("limit", str(limit)))
        request = milvus_pb2.QueryRequest(
            db_name=db,
            collection_name=coll,
            expr=expr,
            output_fields=list(output_fields),
            partition_names=list(partitions),
            guarantee_timestamp=guarantee_timestamp,
            use_default_consistency=not guarantee_timestamp,
            consistency_level="Customized" if guarantee_timestamp else "Strong",
            query_params=[common_pb2.KeyValuePair(key=k, value=v) for k, v in params],
        )
        response: milvus_pb2.QueryResults = self.call("Query", request, db=db)
        return response

    def insert(
        self,
        db: str,
        coll: str,
        partition: str | None,
        columns: Sequence[schema_pb2.FieldData],
        num_rows: int,
    ) -> None:
        """Insert rows given as columns (``partition`` None: Milvus routes by partition key)."""
        request = milvus_pb2.InsertRequest(
            db_name=db,
            collection_name=coll,
            partition_name=partition or "",
            fields_data=list(columns),
            num_rows=num_rows,
        )
        self.call("Insert", request, db=db)

    def import_files(
        self,
        db: str,
        coll: str,
        partition: str,
        files: Sequence[str],
        options: Sequence[tuple[str, str]],
    ) -> list[int]:
        """Start a bulk import; returns the import task IDs."""
        response = self.call(
            "Import",
            milvus_pb2.ImportRequest(
                db_name=db,
                collection_name=coll,
                partition_name=partition,
                files=list(files),
                options=[common_pb2.KeyValuePair(key=k, value=v) for k, v in options],
            ),
            db=db,
        )
        return list(response.tasks)

    def start_import(self, db: str, coll: str, request: ImportRequest) -> list[int]:
        """Start one restore import job; returns its task IDs.

        A job of one segment group goes through the gRPC ``Import``; a packed one (2.4+)
        through Milvus's REST import jobs, the only API that takes several groups per job.
        """
        if not request.packed:
            return self.import_files(
                db, coll, request.partition, request.grpc_files(), request.options
            )
        from .rest import create_import_job

        return [create_import_job(self.config, request.rest_body(db, coll))]

    def import_progress(self, task_id: int) -> ImportProgress:
        """The state of an import task."""
        response = self.call("GetImportState", milvus_pb2.GetImportStateRequest(task=task_id))
        infos = {kv.key: kv.value for kv in response.infos}
        progress = infos.get("progress_percent", "")
        return ImportProgress(
            state=int(response.state),
            state_name=common_pb2.ImportState.Name(response.state),
            row_count=int(response.row_count),
            progress=int(progress) if progress.isdigit() else 0,
            failed_reason=infos.get("failed_reason", ""),
        )


def _open_channel(config: MilvusConfig) -> grpc.Channel:
    options: list[tuple[str, str | int]] = [
        ("grpc.max_send_message_length", _MAX_MESSAGE),
        ("grpc.max_receive_message_length", _MAX_MESSAGE),
        ("grpc.keepalive_time_ms", 10_000),
    ]
    if config.is_lite:
        from .lite import lite_address  # starts the in-process Milvus Lite server of the file

        return grpc.insecure_channel(lite_address(config.lite_path), options=options)
    if config.tls_mode == 0:
        return grpc.insecure_channel(config.target, options=options)

    def read(path: str, what: str) -> bytes | None:
        if not path:
            return None
        try:
            return Path(path).read_bytes()
        except OSError as exc:
            raise ConfigError(f"cannot read {what} {path!r}: {exc}") from exc

    root = read(config.ca_cert_path, "milvus.caCertPath")
    cert = key = None
    if config.tls_mode == 2:
        cert = read(config.mtls_cert_path, "milvus.mtlsCertPath")
        key = read(config.mtls_key_path, "milvus.mtlsKeyPath")
        if not cert or not key:
            raise ConfigError(
                "milvus.tlsMode 2 (mutual TLS) needs milvus.mtlsCertPath and milvus.mtlsKeyPath"
            )
    credentials = grpc.ssl_channel_credentials(root, key, cert)
    if config.server_name:
        options.append(("grpc.ssl_target_name_override", config.server_name))
    return grpc.secure_channel(config.target, credentials, options=options)
