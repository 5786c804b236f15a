"""Prometheus metrics of the backup engine, on prometheus_client's default registry.

The REST door serves that registry at ``GET /metrics``; anything else that registers there
(the policy scheduler's per-policy gauges) appears beside these. The engine records at a few
narrow points: a task's start and end (``measure_task``), each object copied
(``count_copied``), and each storage or Milvus error that stops a request or a task
(``count_error``).

Series::

    milvus_backup_tasks_started_total{kind}             kind: backup | restore
    milvus_backup_tasks_finished_total{kind,outcome}    outcome: succeeded | failed | cancelled
    milvus_backup_tasks_running{kind}
    milvus_backup_task_duration_seconds{kind,outcome}   histogram
    milvus_backup_copied_bytes_total                    binlog bytes copied, both directions
    milvus_backup_errors_total{component,kind}          component: storage | milvus

An error's ``kind`` is short and bounded: the gRPC status of a failed Milvus call
(``unavailable``), the code a cloud store answered (``AccessDenied``), the errno of a local
file operation (``ENOSPC``), or ``other``; an error of a more specific class than
``StorageError`` / ``MilvusError`` is named by its class (``object_not_found``).
"""

from __future__ import annotations

import contextlib
import errno
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal, TypeVar

from prometheus_client import REGISTRY, Counter, Gauge, Histogram
from prometheus_client.exposition import choose_encoder

from .errors import MilvusError, StorageError, TaskCancelled

TaskKind = Literal["backup", "restore"]
T = TypeVar("T")

#: From a one-second meta-only backup to a day-long restore.
DURATION_BUCKETS = (1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400, 43200, 86400)

TASKS_STARTED = Counter(
    "milvus_backup_tasks_started",
    "Backup and restore tasks started by this process.",
    ["kind"],
)
TASKS_FINISHED = Counter(
    "milvus_backup_tasks_finished",
    "Backup and restore tasks ended by this process, by outcome.",
    ["kind", "outcome"],
)
TASKS_RUNNING = Gauge(
    "milvus_backup_tasks_running",
    "Backup and restore tasks this process runs now.",
    ["kind"],
)
TASK_DURATION = Histogram(
    "milvus_backup_task_duration_seconds",
    "Wall time of backup and restore tasks, from start to end.",
    ["kind", "outcome"],
    buckets=DURATION_BUCKETS,
)
COPIED_BYTES = Counter(
    "milvus_backup_copied_bytes",
    "Bytes of objects copied between Milvus's storage and the backup storage.",
)
ERRORS = Counter(
    "milvus_backup_errors",
    "Storage and Milvus errors that failed a request or a task, by kind.",
    ["component", "kind"],
)

# Every label value a dashboard may filter on exists from the start, at zero, so that
# `increase()` and alert rules see the first failure rather than a series appearing.
for _kind in ("backup", "restore"):
    TASKS_STARTED.labels(_kind)
    TASKS_RUNNING.labels(_kind)
    for _outcome in ("succeeded", "failed", "cancelled"):
        TASKS_FINISHED.labels(_kind, _outcome)

_COUNTED = "_milvus_backup_metrics_counted"


def measure_task(kind: TaskKind, work: Callable[[], T]) -> T:
    """Run one task's ``work``, counting it started, running, and finished with its outcome.

    The outcome is ``succeeded`` when ``work`` returns, ``cancelled`` when it raises
    ``TaskCancelled``, ``failed`` for any other exception (counted by ``count_error``, then
    re-raised).
    """
    TASKS_STARTED.labels(kind).inc()
    running = TASKS_RUNNING.labels(kind)
    running.inc()
    started = time.monotonic()
    outcome = "failed"
    try:
        result = work()
    except TaskCancelled:
        outcome = "cancelled"
        raise
    except BaseException as exc:
        count_error(exc)
        raise
    else:
        outcome = "succeeded"
        return result
    finally:
        running.dec()
        TASKS_FINISHED.labels(kind, outcome).inc()
        TASK_DURATION.labels(kind, outcome).observe(time.monotonic() - started)


@contextmanager
def errors_counted() -> Iterator[None]:
    """Count the storage or Milvus error that escapes the block (see ``count_error``).

    Also a decorator: ``@errors_counted()`` on a function counts what escapes each call.
    """
    try:
        yield
    except BaseException as exc:
        count_error(exc)
        raise


def count_copied(size: int) -> None:
    """Count ``size`` bytes copied by one object copy."""
    COPIED_BYTES.inc(size)


def count_error(exc: BaseException) -> None:
    """Count a storage or Milvus error once, however many layers see it pass.

    The error itself or one it was raised from must be a ``StorageError`` or a
    ``MilvusError``; anything else (a refused request, a cancel) is not counted.
    """
    if getattr(exc, _COUNTED, False):
        return
    found = _engine_error(exc)
    if found is None:
        return
    component = "milvus" if isinstance(found, MilvusError) else "storage"
    ERRORS.labels(component, error_kind(found)).inc()
    for seen in _chain(exc):
        with contextlib.suppress(AttributeError):  # a type with __slots__ may count again
            setattr(seen, _COUNTED, True)


def error_kind(error: StorageError | MilvusError) -> str:
    """The short, bounded kind of a storage or Milvus error (see the module docstring)."""
    if type(error) not in (StorageError, MilvusError):  # the engine said what it is
        return _snake(type(error).__name__)
    for cause in _chain(error):
        code = getattr(cause, "code", None)
        if callable(code) and cause is not error:  # grpc.RpcError: code() is a StatusCode
            status: Any = code()
            name = getattr(status, "name", None)
            if isinstance(name, str):
                return name.lower()
        response = getattr(cause, "response", None)
        if isinstance(response, dict):  # botocore ClientError
            found = response.get("Error", {}).get("Code")
            if isinstance(found, str) and found:
                return found
        azure_code = getattr(cause, "error_code", None)
        if isinstance(azure_code, str) and azure_code:
            return azure_code
        if isinstance(cause, OSError) and cause.errno is not None:
            return errno.errorcode.get(cause.errno, "other")
    return "other"


def exposition(accept: str = "") -> tuple[bytes, str]:
    """The default registry in the format a scraper's ``Accept`` header asks for, and its type.

    Prometheus's text format 0.0.4 unless the header prefers OpenMetrics (as Prometheus does
    when so configured); prometheus_client negotiates.
    """
    encode, content_type = choose_encoder(accept)
    return encode(REGISTRY), content_type


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__  # explicit chaining only: `raise ... from exc`


def _engine_error(exc: BaseException) -> StorageError | MilvusError | None:
    for link in _chain(exc):
        if isinstance(link, StorageError | MilvusError):
            return link
    return None


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
