"""The status page (GET /ui) in a real headless Chromium, against the session's Milvus.

- A backup created through the API is listed on the page, with its size; the policy section
  shows without an error (it says "not available" where the server has no policy routes).
- A running backup's progress on the page moves: its copied bytes show two different values
  as the page refreshes by itself. That backup runs on a service of this module that copies
  one object at a time, each after a pause, so it lasts several seconds.
- With a token configured, the page asks for it, then shows the backups.

``MILVUS_BACKUP_STATUS_SCREENSHOT=docs/status-page.png`` saves the page, with the running
backup, as the README's screenshot.
"""

from __future__ import annotations

import json
import os
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import grpc
import pytest
from pymilvus import MilvusClient
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By

from milvus_backup_grpc.api.grpc_server import start_server
from milvus_backup_grpc.api.rest import RunningRestServer, start_rest_server
from milvus_backup_grpc.api.security import ServerSecurity, TokenAuth
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.pb import backup_pb2 as pb
from milvus_backup_grpc.pb import backup_pb2_grpc
from milvus_backup_grpc.storage.transfer import COPY_DELAY_ENV
from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.fixtures.browser import headless_chromium
from tests.integration.service_tools import local_milvus_settings, wait_for

pytestmark = pytest.mark.timeout(300)

SECONDS_PER_OBJECT = 0.3  # one copy at a time: several seconds for the sample's binlogs
SCREENSHOT_ENV = "MILVUS_BACKUP_STATUS_SCREENSHOT"


def _page_url(rest: RunningRestServer) -> str:
    return f"{rest.scheme}://{rest.host}:{rest.port}/ui"


def _rest_post(rest: RunningRestServer, path: str, body: Any,
               headers: dict[str, str] | None = None) -> Any:
    request = urllib.request.Request(
        rest.url + path, data=json.dumps(body).encode(), method="POST",
        headers={"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=120) as reply:
        return json.loads(reply.read())


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with headless_chromium() as driver:
        yield driver


@pytest.fixture(scope="module")
def collection(milvus: MilvusClient) -> Iterator[str]:
    sample = create_sample_collection(milvus, "status_page_src", rows=400)
    yield sample.name
    milvus.drop_collection(sample.name)


@dataclass
class SlowService:
    """This module's service: its engine, a gRPC stub and its REST door."""

    engine: BackupService
    stub: backup_pb2_grpc.MilvusBackupServiceStub
    rest: RunningRestServer


@pytest.fixture(scope="module")
def slow_service(
    milvus_server: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SlowService]:
    """A service that copies one object at a time (the delay itself is set per test)."""
    settings = {
        **local_milvus_settings(milvus_server),
        "minio.backupRootPath": str(tmp_path_factory.mktemp("status_page_backups")),
        "backup.parallelism.copydata": "1",
    }
    running = start_server(
        BackupService(load_config(None, env={}, overrides=settings)), port=0, host="127.0.0.1")
    rest = start_rest_server(running.service, port=0, host="127.0.0.1")
    try:
        with grpc.insecure_channel(f"127.0.0.1:{running.port}") as channel:
            yield SlowService(
                running.service, backup_pb2_grpc.MilvusBackupServiceStub(channel), rest)
    finally:
        rest.stop(grace=5)
        running.stop(grace=30)


def _cell_texts(browser: webdriver.Chrome, css: str) -> list[str]:
    try:
        return [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, css)]
    except StaleElementReferenceException:  # the page replaced the table while we read it
        return []


def _wait_for_text(browser: webdriver.Chrome, css: str, wanted: str, what: str) -> None:
    wait_for(lambda: any(wanted in text for text in _cell_texts(browser, css)),
             timeout=30, what=what)


def test_the_page_lists_a_backup_made_through_the_api(
    browser: webdriver.Chrome, rest_server: RunningRestServer, collection: str,
    unique: Callable[[str], str],
) -> None:
    name = unique("page_listed")
    made = _rest_post(rest_server, "/create", {"backup_name": name,
                                               "collection_names": [collection]})
    assert made.get("code", 0) == 0, made
    browser.get(_page_url(rest_server))
    row = f'#backups tr[data-backup="{name}"] td'
    _wait_for_text(browser, row, name, f"backup {name} on the page")
    cells = _cell_texts(browser, row)
    assert cells[1] == "success"
    assert cells[3].endswith(("KiB", "MiB")), cells  # its size, not "0 B"
    assert collection in cells[4]
    assert cells[5] == "— (self-contained)"
    # Policies: a table, "no policy is defined", or, where the server has no policy routes,
    # "policies: not available"; never an error.
    settled = ("policies: not available", "no policy is defined")

    def policies_shown() -> bool:
        return bool(browser.find_elements(By.CSS_SELECTOR, "#policies table")) or any(
            text in settled for text in _cell_texts(browser, "#policies p"))

    wait_for(policies_shown, timeout=30, what="the policies section")
    assert not browser.find_elements(By.CSS_SELECTOR, "main .error")


def test_a_running_backups_progress_moves_on_the_page(
    browser: webdriver.Chrome,
    slow_service: SlowService,
    collection: str,
    unique: Callable[[str], str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stub, rest = slow_service.stub, slow_service.rest
    earlier = stub.CreateBackup(pb.CreateBackupRequest(  # quick: no delay yet
        backup_name=unique("page_earlier"), collection_names=[collection]))
    assert earlier.code == pb.Success, earlier.msg
    monkeypatch.setenv(COPY_DELAY_ENV, str(SECONDS_PER_OBJECT))
    browser.get(_page_url(rest))
    _wait_for_text(browser, f'#backups tr[data-backup="{earlier.data.name}"] td', "success",
                   "the earlier backup")
    _wait_for_text(browser, "#tasks p", "no task is running", "the empty task list")
    name = unique("page_progress")
    started = stub.CreateBackup(pb.CreateBackupRequest(
        backup_name=name, collection_names=[collection], **{"async": True}))
    assert started.code == pb.Success, started.msg
    row = f'#tasks tr[data-backup="{name}"]'
    seen: list[int] = []

    def progress_moved() -> bool:
        try:
            rows = browser.find_elements(By.CSS_SELECTOR, row)
            done = int(rows[0].get_attribute("data-bytes-done") or 0) if rows else 0
        except StaleElementReferenceException:
            return False
        if done > 0 and done not in seen:
            seen.append(done)
        return len(seen) >= 2

    wait_for(progress_moved, timeout=60, what=f"two progress values of {name} on the page")
    assert seen[0] < seen[1], seen
    shown = _cell_texts(browser, row + " td.progress-bytes")
    assert shown and " / " in shown[0], shown  # "12.0 KiB / 80.5 KiB"
    screenshot = os.environ.get(SCREENSHOT_ENV)
    if screenshot:
        Path(screenshot).parent.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(screenshot)
    monkeypatch.delenv(COPY_DELAY_ENV)  # let it finish quickly
    # When it ends, it leaves the running tasks and appears among the backups.
    _wait_for_text(browser, f'#backups tr[data-backup="{name}"] td', "success",
                   f"backup {name} listed as a success")
    assert not browser.find_elements(By.CSS_SELECTOR, row)


def test_with_a_token_the_page_asks_for_it_then_shows_the_backups(
    browser: webdriver.Chrome,
    slow_service: SlowService,
) -> None:
    listed = {b.name for b in slow_service.stub.ListBackups(pb.ListBackupsRequest()).data}
    assert listed, "the progress test leaves its backups behind"
    token = "page-test-token"
    # A second REST door on the same engine, this one with a token.
    guarded = start_rest_server(
        slow_service.engine, port=0, host="127.0.0.1",
        security=ServerSecurity(auth=TokenAuth(token)))
    try:
        browser.get(_page_url(guarded))
        _wait_for_text(browser, "#backups p", "needs the API token", "the page asking")
        assert browser.find_element(By.ID, "auth").is_displayed()
        browser.find_element(By.ID, "token").send_keys(token + "\n")
        some = sorted(listed)[0]
        _wait_for_text(browser, f'#backups tr[data-backup="{some}"] td', some,
                       f"backup {some} after the token")
        assert not browser.find_element(By.ID, "auth-message").text
        assert browser.execute_script(
            "return sessionStorage.getItem('milvus-backup-grpc.token')") == token
    finally:
        browser.execute_script("sessionStorage.clear()")
        guarded.stop(grace=5)
