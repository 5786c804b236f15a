"""dropExistCollection killed between the steps of its swap: a new process finishes it.

Each test restores over an existing collection with the real CLI in a child process that
ends itself (status 137, as kill -9 would) right after one swap step, through the test hook
MILVUS_BACKUP_CRASH_AT. Then another process recovers: a CLI run that touches Milvus, a
server start, two CLI runs at once, or the next restore request. Afterwards the target holds
exactly the rows the rule says (the restored ones; the old ones when the restored collection
was lost), and no staging collection, set-aside collection or swap record is left.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc import model
from milvus_backup_grpc.config import load_config
from milvus_backup_grpc.engine.service import BackupService
from milvus_backup_grpc.testing.compare import compare_collections
from milvus_backup_grpc.testing.sample import SampleCollection, create_sample_collection
from tests.integration.server_process import ServerProcess, write_config

pytestmark = pytest.mark.slow

CRASH_AT = "MILVUS_BACKUP_CRASH_AT"
OLD_ROWS = 90  # the collection being replaced: other rows than the backup's
OLD_SEED = 3


@dataclass(frozen=True)
class Setup:
    """A backup root of these tests, its config, and a backup of the source collection."""

    root: Path
    config: Path
    source: SampleCollection
    backup: str

    def service(self) -> BackupService:
        return BackupService(load_config(str(self.config), env={}))


def _name(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory, milvus_server: Any,
          milvus: MilvusClient) -> Iterator[Setup]:
    root = tmp_path_factory.mktemp("swap_backups")
    config = write_config(tmp_path_factory.mktemp("swap_config") / "backup.yaml", milvus_server,
                          root, extra="backup:\n  importPollSeconds: 0.5\n  resumeOnStart: false\n")
    source = create_sample_collection(milvus, _name("swap_src"), rows=300)
    backup = _name("swap_backup")
    service = Setup(root, config, source, backup).service()
    try:
        info = service.create_backup(model.CreateBackupInput(
            name=backup, selection={"default": [source.name]}))
    finally:
        service.close()
    assert info.state_code == model.BACKUP_SUCCESS, info.errorMessage
    milvus.load_collection(source.name)
    yield Setup(root, config, source, backup)
    milvus.drop_collection(source.name)


def _cli(setup: Setup, *argv: str, crash_at: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != CRASH_AT}
    if crash_at:
        env[CRASH_AT] = crash_at
    return subprocess.run(
        [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(setup.config), *argv],
        env=env, capture_output=True, text=True, timeout=600, check=False)


def _crash_restore(setup: Setup, target: str, step: str) -> dict[str, Any]:
    """Restore over ``target`` in a CLI process that dies after ``step``; its swap record."""
    done = _cli(setup, "restore", "-n", setup.backup, "-r", f"{setup.source.name}:{target}",
                "--drop_exist_collection", "--restore_index", crash_at=f"swap:{step}")
    assert done.returncode == 137, done.stderr[-3000:]
    records = _records(setup, target)
    assert len(records) == 1, records
    return records[0]


def _records(setup: Setup, target: str) -> list[dict[str, Any]]:
    found = [json.loads(p.read_text()) for p in (setup.root / ".restore_swaps").glob("*.json")]
    return [r for r in found if r["target"] == target]


def _present(milvus: MilvusClient, record: dict[str, Any]) -> tuple[bool, bool, bool]:
    """Which of staging, target and aside exist."""
    return (milvus.has_collection(record["staging"]), milvus.has_collection(record["target"]),
            milvus.has_collection(record["aside"]))


@pytest.fixture
def old_target(milvus: MilvusClient) -> Iterator[Callable[[str], SampleCollection]]:
    """Creates collections with the rows a restore replaces; drops them after the test."""
    made: list[str] = []

    def make(prefix: str) -> SampleCollection:
        made.append(_name(prefix))
        return create_sample_collection(milvus, made[-1], rows=OLD_ROWS, seed=OLD_SEED)

    yield make
    for name in made:
        if milvus.has_collection(name):
            milvus.drop_collection(name)


def _assert_swapped_in(setup: Setup, milvus: MilvusClient, record: dict[str, Any],
                       expected: SampleCollection, restored: bool = True) -> None:
    """Target equal to ``expected`` (all its rows, fields, partitions and indexes), nothing
    else of the swap left, and the restore's record saying how its collection ended."""
    target = record["target"]
    assert _present(milvus, record) == (False, True, False)
    assert _records(setup, target) == []
    milvus.load_collection(target)
    result = compare_collections(milvus, expected.name, target)
    assert result.equal, result.differences
    assert result.rows == expected.rows - len(expected.deleted)
    service = setup.service()
    task = service.get_restore(record["restore_task"])
    service.close()
    [coll] = task.collection_restore_tasks
    assert coll.target_collection_name == target
    if restored:
        assert (task.state_code, coll.state_code) == (model.RESTORE_SUCCESS, model.RESTORE_SUCCESS)
    else:
        assert coll.state_code == model.RESTORE_FAIL
        assert "was lost before it replaced" in coll.errorMessage


def _recover_by_cli_run(setup: Setup) -> None:
    done = _cli(setup, "check")  # any verb that touches Milvus
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]


def _recover_by_two_cli_runs_at_once(setup: Setup) -> None:
    env = {k: v for k, v in os.environ.items() if k != CRASH_AT}
    argv = [sys.executable, "-m", "milvus_backup_grpc.cli", "--config", str(setup.config),
            "check"]
    runs = [subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, out + err[-3000:]


def _recover_by_server_start(setup: Setup) -> None:
    with ServerProcess(setup.config, setup.root.parent / f"{_name('server')}.log"):
        pass  # recovery runs before the server listens


@pytest.mark.parametrize("step, state, recover", [
    # state: which of (staging, target, aside) exist right after the crash
    ("after-record", (True, True, False), _recover_by_two_cli_runs_at_once),
    ("after-rename-aside", (True, False, True), _recover_by_server_start),
    ("after-rename-staging", (False, True, True), _recover_by_cli_run),
    ("after-drop-aside", (False, True, False), _recover_by_cli_run),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_swap_killed_after_each_step_is_finished_by_the_next_process(
        setup: Setup, milvus: MilvusClient, old_target: Callable[[str], SampleCollection],
        step: str, state: tuple[bool, bool, bool], recover: Callable[[Setup], None]) -> None:
    target = old_target("swap_target").name
    alias = f"{target}_live"
    milvus.create_alias(target, alias)  # goes aside with the old rows; must come back to T
    record = _crash_restore(setup, target, step)
    assert _present(milvus, record) == state

    recover(setup)
    _assert_swapped_in(setup, milvus, record, setup.source)
    assert milvus.describe_collection(alias)["collection_name"] == target
    milvus.drop_alias(alias)


def test_the_next_restore_request_finishes_a_swap_before_planning(
        setup: Setup, milvus: MilvusClient,
        old_target: Callable[[str], SampleCollection]) -> None:
    service = setup.service()
    try:
        assert service.recover_swaps() == []  # connected: its start-up recovery is behind it
        target = old_target("swap_target").name
        record = _crash_restore(setup, target, "after-rename-aside")
        assert _present(milvus, record) == (True, False, True)  # the name is free

        again = service.restore_backup(model.RestoreInput(
            backup_name=setup.backup, renames={setup.source.name: target},
            drop_exist_collection=True, restore_index=True))
        assert again.state_code == model.RESTORE_SUCCESS, again.errorMessage
    finally:
        service.close()
    _assert_swapped_in(setup, milvus, record, setup.source)


def test_a_swap_whose_restored_collection_was_lost_puts_the_old_one_back(
        setup: Setup, milvus: MilvusClient,
        old_target: Callable[[str], SampleCollection]) -> None:
    target = old_target("swap_target").name
    twin = old_target("swap_twin")  # the same rows, to compare with
    record = _crash_restore(setup, target, "after-rename-aside")
    milvus.drop_collection(record["staging"])
    milvus.load_collection(twin.name)

    _recover_by_cli_run(setup)
    _assert_swapped_in(setup, milvus, record, twin, restored=False)
