"""Shared pytest configuration: the session-wide Milvus server and S3 endpoint.

By default one embedded Milvus 2.3.5 (PyPI ``milvus``) is started for the whole session in a
temporary directory. ``--milvus-uri host:port`` uses an existing server instead
(``--milvus-data-path`` tells tests where its local storage lives, if they need the files).
Likewise one moto S3 server is started when a test first needs it; ``--s3-endpoint`` (with
``--s3-access-key`` / ``--s3-secret-key``) uses an existing S3 endpoint such as MinIO instead,
and one Azurite (Azure Blob) when a test first needs it, or ``--azurite-endpoint``; one
fake-gcs-server (GCS JSON API, built with go) likewise, or ``--gcs-endpoint``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.azurite import (
    ACCOUNT,
    ACCOUNT_KEY,
    AzuriteServer,
    AzuriteUnavailable,
    ExternalAzurite,
)
from tests.fixtures.gcs_server import ExternalGcs, FakeGcsServer, GcsUnavailable
from tests.fixtures.milvus_server import EmbeddedMilvus, ExternalMilvus
from tests.fixtures.s3_server import ACCESS_KEY, SECRET_KEY, ExternalS3, MotoServer


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("milvus")
    group.addoption(
        "--milvus-uri",
        default=None,
        metavar="HOST:PORT",
        help="use this running Milvus instead of starting an embedded one",
    )
    group.addoption(
        "--milvus-data-path",
        default=None,
        metavar="DIR",
        help="localStorage.path of the --milvus-uri server (where insert_log/ appears)",
    )
    s3 = parser.getgroup("s3")
    s3.addoption(
        "--s3-endpoint",
        default=None,
        metavar="URL",
        help="use this S3 endpoint (e.g. http://127.0.0.1:9000) instead of starting moto",
    )
    s3.addoption("--s3-access-key", default=ACCESS_KEY, help="access key of --s3-endpoint")
    s3.addoption("--s3-secret-key", default=SECRET_KEY, help="secret key of --s3-endpoint")
    azure = parser.getgroup("azure")
    azure.addoption(
        "--azurite-endpoint",
        default=None,
        metavar="URL",
        help="use this Azure Blob endpoint serving accounts under the path (e.g. a running "
        "Azurite at http://127.0.0.1:10000) instead of starting Azurite",
    )
    azure.addoption("--azurite-account", default=ACCOUNT, help="account of --azurite-endpoint")
    azure.addoption("--azurite-key", default=ACCOUNT_KEY, help="its key (base64)")
    gcs = parser.getgroup("gcs")
    gcs.addoption(
        "--gcs-endpoint",
        default=None,
        metavar="URL",
        help="use this GCS JSON API endpoint without authentication (e.g. a running "
        "fake-gcs-server at http://127.0.0.1:4443) instead of starting fake-gcs-server",
    )


@pytest.fixture(scope="session")
def milvus_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[EmbeddedMilvus | ExternalMilvus]:
    uri = request.config.getoption("--milvus-uri")
    if uri:
        yield ExternalMilvus.from_uri(uri, request.config.getoption("--milvus-data-path"))
        return
    pytest.importorskip("milvus", reason="embedded Milvus needs the PyPI 'milvus' package")
    with EmbeddedMilvus(tmp_path_factory.mktemp("milvus")) as server:
        yield server


@pytest.fixture(scope="session")
def s3_server(request: pytest.FixtureRequest) -> Iterator[ExternalS3]:
    """The session's S3 endpoint: a moto server, or ``--s3-endpoint``."""
    endpoint = request.config.getoption("--s3-endpoint")
    if endpoint:
        yield ExternalS3(
            endpoint.rstrip("/"),
            request.config.getoption("--s3-access-key"),
            request.config.getoption("--s3-secret-key"),
        )
        return
    server = MotoServer()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_server: ExternalS3) -> str:
    """A fresh, empty bucket on the session's S3 endpoint, for one test."""
    return s3_server.new_bucket()


@pytest.fixture(scope="session")
def azurite(request: pytest.FixtureRequest) -> Iterator[ExternalAzurite]:
    """The session's Azure Blob endpoint: Azurite (npm-installed), or ``--azurite-endpoint``."""
    endpoint = request.config.getoption("--azurite-endpoint")
    if endpoint:
        yield ExternalAzurite(
            endpoint.rstrip("/"),
            request.config.getoption("--azurite-account"),
            request.config.getoption("--azurite-key"),
        )
        return
    server = AzuriteServer()
    try:
        try:
            server.start()
        except AzuriteUnavailable as exc:
            pytest.skip(str(exc))
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def gcs_server(request: pytest.FixtureRequest) -> Iterator[ExternalGcs]:
    """The session's GCS endpoint: fake-gcs-server (built with go), or ``--gcs-endpoint``."""
    endpoint = request.config.getoption("--gcs-endpoint")
    if endpoint:
        yield ExternalGcs(endpoint.rstrip("/"))
        return
    server = FakeGcsServer()
    try:
        try:
            server.start()
        except GcsUnavailable as exc:
            pytest.skip(str(exc))
        yield server
    finally:
        server.stop()
