"""metrics.py: task outcomes, error kinds, and the /metrics and /ui routes of the REST door.

Counters live in prometheus_client's default registry, shared by the whole test process, so
each test compares a value before with the value after.
"""

from __future__ import annotations

import errno
import re

import grpc
import pytest
from botocore.exceptions import ClientError
from prometheus_client import REGISTRY

from milvus_backup_grpc import metrics
from milvus_backup_grpc.api.grpc_server import BackupServicer
from milvus_backup_grpc.api.rest import Request, RestApi
from milvus_backup_grpc.api.security import TokenAuth
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.errors import MilvusError, RequestError, StorageError, TaskCancelled
from milvus_backup_grpc.storage.base import ObjectNotFound


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


class _Unavailable(grpc.RpcError):
    """What a gRPC stub raises when Milvus cannot be reached."""

    def code(self) -> grpc.StatusCode:
        return grpc.StatusCode.UNAVAILABLE


def _raised_from(error: Exception, cause: BaseException) -> Exception:
    try:
        raise error from cause
    except Exception as exc:
        return exc


@pytest.mark.parametrize(
    ("error", "component", "kind"),
    [
        (_raised_from(MilvusError("unreachable"), _Unavailable()), "milvus", "unavailable"),
        (MilvusError("Milvus Import failed: collection not loaded"), "milvus", "other"),
        (_raised_from(StorageError("cannot write"), OSError(errno.ENOSPC, "full")),
         "storage", "ENOSPC"),
        (_raised_from(StorageError("put failed"), ClientError(
            {"Error": {"Code": "AccessDenied", "Message": "no"}}, "PutObject")),
         "storage", "AccessDenied"),
        (ObjectNotFound("gone"), "storage", "object_not_found"),
    ],
    ids=["grpc-status", "milvus-status", "errno", "s3-code", "subclass"],
)
def test_each_error_is_counted_once_under_its_kind(
    error: Exception, component: str, kind: str
) -> None:
    name = "milvus_backup_errors_total"
    before = _value(name, component=component, kind=kind)
    wrapped = _raised_from(RuntimeError("job failed"), error)
    metrics.count_error(wrapped)
    metrics.count_error(error)  # a second layer sees the same error pass: not counted again
    assert _value(name, component=component, kind=kind) == before + 1


def test_refusals_and_cancels_are_not_storage_or_milvus_errors() -> None:
    total = sum(
        s.value for m in REGISTRY.collect() for s in m.samples
        if s.name == "milvus_backup_errors_total"
    )
    metrics.count_error(RequestError("bad name"))
    metrics.count_error(TaskCancelled("asked to stop"))
    assert total == sum(
        s.value for m in REGISTRY.collect() for s in m.samples
        if s.name == "milvus_backup_errors_total"
    )


@pytest.mark.parametrize(
    ("raised", "outcome"),
    [(None, "succeeded"), (TaskCancelled("stop"), "cancelled"), (StorageError("x"), "failed")],
)
def test_measure_task_counts_the_outcome_and_its_duration(
    raised: Exception | None, outcome: str
) -> None:
    started = _value("milvus_backup_tasks_started_total", kind="restore")
    finished = _value("milvus_backup_tasks_finished_total", kind="restore", outcome=outcome)
    timed = _value("milvus_backup_task_duration_seconds_count", kind="restore", outcome=outcome)
    seen_running: list[float] = []

    def work() -> str:
        seen_running.append(_value("milvus_backup_tasks_running", kind="restore"))
        if raised is not None:
            raise raised
        return "done"

    if raised is None:
        assert metrics.measure_task("restore", work) == "done"
    else:
        with pytest.raises(type(raised)):
            metrics.measure_task("restore", work)
    assert _value("milvus_backup_tasks_started_total", kind="restore") == started + 1
    assert _value("milvus_backup_tasks_finished_total", kind="restore",
                  outcome=outcome) == finished + 1
    assert _value("milvus_backup_task_duration_seconds_count", kind="restore",
                  outcome=outcome) == timed + 1
    assert seen_running[0] >= 1
    assert _value("milvus_backup_tasks_running", kind="restore") == seen_running[0] - 1


def _api(service: BackupService, token: str | None = None) -> RestApi:
    return RestApi(BackupServicer(service), TokenAuth(token) if token else None)


def test_metrics_route_serves_the_default_registry_in_text_format(
    service: BackupService,
) -> None:
    reply = _api(service).handle(Request("GET", "/metrics"))
    assert reply.status == 200
    assert reply.content_type.startswith("text/plain; version=0.0.4")
    text = reply.body.decode()
    for family in ("milvus_backup_tasks_started_total", "milvus_backup_tasks_running",
                   "milvus_backup_task_duration_seconds", "milvus_backup_copied_bytes_total",
                   "milvus_backup_errors_total"):
        assert f"# TYPE {family.removesuffix('_total')}" in text, family
    assert 'milvus_backup_tasks_finished_total{kind="backup",outcome="failed"}' in text
    openmetrics = _api(service).handle(Request("GET", "/metrics", headers={
        "accept": "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5"}))
    assert openmetrics.content_type.startswith("application/openmetrics-text")
    assert openmetrics.body.endswith(b"# EOF\n")


def test_with_a_token_metrics_want_it_and_the_page_does_not(service: BackupService) -> None:
    api = _api(service, token="s3cret")
    assert api.handle(Request("GET", "/metrics")).status == 401
    allowed = api.handle(Request("GET", "/metrics", headers={"authorization": "Bearer s3cret"}))
    assert allowed.status == 200
    page = api.handle(Request("GET", "/ui"))
    assert page.status == 200 and page.content_type.startswith("text/html")
    assert api.handle(Request("GET", "/api/v1/list")).status == 401


def test_the_page_is_self_contained(service: BackupService) -> None:
    reply = _api(service).handle(Request("GET", "/ui"))
    html = reply.body.decode()
    assert "<title>milvus-backup-grpc status</title>" in html
    # Nothing fetched from elsewhere: no absolute URL, no external script or stylesheet (the
    # only link is an empty inline icon, so the browser does not ask for /favicon.ico).
    assert not re.search(r"""(src|href)\s*=\s*["'](?!data:)|https?://|@import|url\(""", html)
    assert "default-src 'self'" in reply.headers["Content-Security-Policy"]
    for route in ("/api/v1/tasks", "/api/v1/list?shapes=v0.5.9", "/api/v1/policies",
                  "/api/v1/policy_runs?limit=20"):
        assert f'"{route}"' in html
