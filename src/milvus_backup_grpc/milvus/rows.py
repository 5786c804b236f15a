"""Rows in and out of Milvus through pymilvus's ``MilvusClient``, for logical backups.

The gateway (``client.py``) speaks the raw API for metadata; rows go through pymilvus, whose
query iterator pages a collection by primary key and whose insert turns rows into the
column messages each Milvus version expects (the dynamic field, nullable values). One client
per database, each on its own connection alias so closing one never closes another.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Iterator
from typing import Any

from pymilvus import MilvusClient
from pymilvus.exceptions import MilvusException

from ..config import MilvusConfig
from ..errors import MilvusError

log = logging.getLogger(__name__)

_aliases = itertools.count()


class RowClients:
    """pymilvus clients of one Milvus, one per database, opened on first use."""

    def __init__(self, config: MilvusConfig) -> None:
        self.config = config
        self._clients: dict[str, MilvusClient] = {}
        self._lock = threading.Lock()

    def _open(self, db: str) -> MilvusClient:
        config = self.config
        alias = f"milvus-backup-rows-{next(_aliases)}"
        kwargs: dict[str, Any] = {"alias": alias, "timeout": config.rpc_timeout}
        if db and db != "default":
            kwargs["db_name"] = db
        if config.is_lite:
            return MilvusClient(uri=config.lite_path, **kwargs)
        if config.user:
            kwargs["token"] = f"{config.user}:{config.password}"
        scheme = "http"
        if config.tls_mode:
            scheme = "https"
            kwargs.update(secure=True)
            if config.ca_cert_path:
                kwargs["server_pem_path"] = config.ca_cert_path
                kwargs["ca_pem_path"] = config.ca_cert_path
            if config.server_name:
                kwargs["server_name"] = config.server_name
            if config.tls_mode == 2:
                kwargs["client_pem_path"] = config.mtls_cert_path
                kwargs["client_key_path"] = config.mtls_key_path
        try:
            return MilvusClient(uri=f"{scheme}://{config.address}:{config.port}", **kwargs)
        except MilvusException as exc:
            raise MilvusError(f"cannot reach Milvus at {config.target}: {exc}") from exc

    def client(self, db: str) -> MilvusClient:
        """The client of database ``db``."""
        with self._lock:
            found = self._clients.get(db)
            if found is None:
                found = self._clients[db] = self._open(db)
            return found

    def close(self) -> None:
        """Close every client."""
        with self._lock:
            for client in self._clients.values():
                try:
                    client.close()
                except Exception:  # closing is best effort
                    log.debug("closing a row client failed", exc_info=True)
            self._clients.clear()


def iterate_rows(
    client: MilvusClient,
    collection: str,
    partition: str | None,
    output_fields: list[str],
    batch_size: int,
) -> tuple[Iterator[list[dict[str, Any]]], Any]:
    """Pages of a partition's rows through the query iterator, and the iterator itself.

    The iterator pins one timestamp for every page (its ``_session_ts``, from the first
    page's MVCC timestamp where the server gives one), so the pages are one consistent view.

    Raises:
        MilvusError: the iterator could not start.
    """
    kwargs: dict[str, Any] = {}
    if partition is not None:
        kwargs["partition_names"] = [partition]
    try:
        iterator = client.query_iterator(
            collection, batch_size=batch_size, filter="", output_fields=output_fields, **kwargs
        )
    except MilvusException as exc:
        raise MilvusError(f"query iterator on {collection} failed: {exc}") from exc

    def pages() -> Iterator[list[dict[str, Any]]]:
        try:
            while True:
                try:
                    page = iterator.next()
                except MilvusException as exc:
                    raise MilvusError(f"reading {collection} failed: {exc}") from exc
                if not page:
                    return
                yield [dict(row) for row in page]
        finally:
            iterator.close()

    return pages(), iterator


def insert_rows(
    client: MilvusClient, collection: str, partition: str | None, rows: list[dict[str, Any]]
) -> None:
    """Insert rows into a partition (``None``: let Milvus route them by partition key).

    Raises:
        MilvusError: Milvus refused the rows.
    """
    kwargs: dict[str, Any] = {}
    if partition is not None:
        kwargs["partition_name"] = partition
    try:
        client.insert(collection, rows, **kwargs)
    except MilvusException as exc:
        raise MilvusError(f"insert into {collection} failed: {exc}") from exc


def load(client: MilvusClient, collection: str) -> None:
    """Load a collection and wait until it is loaded.

    Raises:
        MilvusError: Milvus could not load it.
    """
    try:
        client.load_collection(collection)
    except MilvusException as exc:
        raise MilvusError(f"Milvus could not load {collection}: {exc}") from exc


def release(client: MilvusClient, collection: str) -> None:
    """Release a collection loaded for a backup (a failure only costs memory: logged)."""
    try:
        client.release_collection(collection)
    except MilvusException:
        log.warning("could not release %s after reading it", collection, exc_info=True)
