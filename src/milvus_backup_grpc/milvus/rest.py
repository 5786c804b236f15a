"""Milvus's REST API, for the one call its gRPC API cannot make: an import job of several
segment groups (2.4+, ``/v2/vectordb/jobs/import/create``, as upstream's multi-segment restore
sends it). Milvus's gRPC ``Import`` carries one group per job.

The job it creates is an ImportV2 job like the one the gRPC ``Import`` makes on 2.4+ (which
answers with that job's ID as its task), so its progress is read with ``GetImportState`` over
gRPC like every other import. The standard library's HTTP client is enough for one POST of a
small JSON body, so no HTTP library is added for it.
"""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from typing import Any

from ..config import MilvusConfig
from ..errors import MilvusError

IMPORT_CREATE = "/v2/vectordb/jobs/import/create"


def rest_base_url(config: MilvusConfig) -> str:
    """``milvus.restEndpoint``, else the gRPC host and port (one proxy serves both, 2.4+)."""
    if config.rest_endpoint:
        return config.rest_endpoint.rstrip("/")
    scheme = "https" if config.tls_mode else "http"
    return f"{scheme}://{config.address}:{config.port}"


def _tls_context(config: MilvusConfig) -> ssl.SSLContext | None:
    if not config.tls_mode and not config.rest_endpoint.startswith("https:"):
        return None
    context = ssl.create_default_context(cafile=config.ca_cert_path or None)
    if config.tls_mode == 2 and config.mtls_cert_path:
        context.load_cert_chain(config.mtls_cert_path, config.mtls_key_path or None)
    return context


def create_import_job(config: MilvusConfig, body: dict[str, Any]) -> int:
    """Submit one import job; returns its job ID.

    Raises:
        MilvusError: Milvus could not be reached, or refused the job (its code and message).
    """
    url = rest_base_url(config) + IMPORT_CREATE
    headers = {"Content-Type": "application/json", "Request-Timeout": "600"}
    if config.user:
        headers["Authorization"] = f"Bearer {config.user}:{config.password}"
    request = urllib.request.Request(  # noqa: S310 - the configured Milvus endpoint
        url, data=json.dumps(body).encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(  # noqa: S310
            request, timeout=config.rpc_timeout, context=_tls_context(config)
        ) as response:
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raise MilvusError(
            f"Milvus's REST API at {url} answered HTTP {exc.code} to an import of "
            f"{len(body.get('files', []))} segment groups; set milvus.restEndpoint if it "
            "listens elsewhere, or backup.maxSegmentsPerImportJob to 1 to import through gRPC"
        ) from exc
    except (OSError, ValueError) as exc:
        raise MilvusError(
            f"Milvus's REST API at {url} is unreachable ({exc}); set milvus.restEndpoint, or "
            "backup.maxSegmentsPerImportJob to 1 to import each segment through gRPC"
        ) from exc
    return job_id_of(answer, url)


def job_id_of(answer: Any, url: str = IMPORT_CREATE) -> int:
    """The job ID of an import/create answer; its code and message when Milvus refused.

    Raises:
        MilvusError: the answer is a refusal, or carries no job ID.
    """
    if not isinstance(answer, dict):
        raise MilvusError(f"Milvus's REST API at {url} answered {answer!r}, not a JSON object")
    if answer.get("code", 0) not in (0, 200):
        raise MilvusError(
            f"Milvus refused the import job: code {answer.get('code')}: "
            f"{answer.get('message', '')}"
        )
    job = str((answer.get("data") or {}).get("jobId", ""))
    if not job.isdigit():
        raise MilvusError(f"Milvus's REST API at {url} answered no job ID: {answer!r}")
    return int(job)
