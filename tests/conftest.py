"""Shared pytest configuration: the session-wide Milvus server.

By default one embedded Milvus 2.3.5 (PyPI ``milvus``) is started for the whole session in a
temporary directory. ``--milvus-uri host:port`` uses an existing server instead
(``--milvus-data-path`` tells tests where its local storage lives, if they need the files).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.milvus_server import EmbeddedMilvus, ExternalMilvus


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
