"""Reading every row of a collection, page by page in primary-key order, at one timestamp.

Milvus 2.2/2.3 cap a query's ``limit + offset`` (16384), so pages are cut by key, not by
offset: each page asks for the keys after the last one read (``pk > last``), in query iterator
mode, where Milvus 2.3+ returns the smallest matching keys in order (pymilvus's query iterator
relies on the same). A page out of key order would mean the server ignored iterator mode and
rows could be skipped, so it stops the read instead. A short page is not the end (the server
may stop a page where one segment runs out); only an empty one is.

One timestamp serves every page of every partition: Milvus 2.4+ reports the one it read at
(``session_ts``) on the first query, and later pages pass it back as their guarantee
timestamp; a server that reports none (2.3, Milvus Lite) is given one taken on this machine,
as pymilvus does.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from .. import model
from ..errors import MilvusError
from .client import MilvusGateway, schema_pb2
from .columns import primary_keys

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The most rows Milvus 2.2/2.3 return for one query (their maxQueryResultWindow).
MAX_PAGE_ROWS = 16384
_INT64_MAX = 2**63 - 1
_PHYSICAL_SHIFT = 18  # a hybrid timestamp is milliseconds << 18, plus a logical counter


def _first(pk: model.FieldSchema) -> str:
    # Every key (as pymilvus writes it): Milvus 2.2/2.3 refuse an empty expression.
    return f'{pk.name} != ""' if pk.data_type == 21 else f"{pk.name} < {_INT64_MAX}"


def _after(pk: model.FieldSchema, key: Any) -> str:
    if pk.data_type == 21:
        return f"{pk.name} > {json.dumps(key, ensure_ascii=False)}"
    return f"{pk.name} > {int(key)}"


def read_timestamp(gateway: MilvusGateway, db: str, coll: str, pk: model.FieldSchema) -> int:
    """The timestamp to read a whole collection at (see the module's docstring)."""
    answer = gateway.query(db, coll, _first(pk), [pk.name], limit=1)
    if answer.session_ts:
        log.info("%s.%s: read at Milvus's session timestamp %d", db, coll, answer.session_ts)
        return int(answer.session_ts)
    timestamp = int(time.time() * 1000) << _PHYSICAL_SHIFT
    log.info(
        "%s.%s: Milvus gave no session timestamp; read at %d (this clock)", db, coll, timestamp
    )
    return timestamp


def pages(
    gateway: MilvusGateway,
    db: str,
    coll: str,
    pk: model.FieldSchema,
    output_fields: Sequence[str],
    partitions: Sequence[str],
    page_rows: int,
    timestamp: int,
) -> Iterator[list[schema_pb2.FieldData]]:
    """The columns of each page of rows of ``partitions`` (all when empty), in key order.

    Raises:
        MilvusError: a query failed, or a page came back out of key order.
    """
    page_rows = max(1, min(MAX_PAGE_ROWS, page_rows))
    expr = _first(pk)
    while True:
        answer = gateway.query(
            db,
            coll,
            expr,
            output_fields,
            partitions,
            limit=page_rows,
            guarantee_timestamp=timestamp,
        )
        columns = list(answer.fields_data)
        keys = primary_keys(columns, pk.name) if columns else []
        if not keys:
            return
        if any(a >= b for a, b in zip(keys, keys[1:], strict=False)):
            raise MilvusError(
                f"Milvus returned a page of {db}.{coll} out of primary-key order (it ignored "
                "the query iterator mode), so rows could be missed; take a physical backup"
            )
        yield columns
        expr = _after(pk, keys[-1])


def read_ahead(items: Iterator[T]) -> Iterator[T]:
    """``items``, the next one fetched in a thread while the caller works on the current one.

    Milvus answers a page while the previous one is converted and written: the two overlap
    instead of taking turns. At most one item waits, so memory grows by one page.
    """
    done = object()

    def fetch() -> Any:
        return next(items, done)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead") as pool:
        pending = pool.submit(fetch)
        while True:
            item = pending.result()
            if item is done:
                return
            pending = pool.submit(fetch)
            yield item
