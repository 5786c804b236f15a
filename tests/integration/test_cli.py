"""The command line runs the engine in-process with upstream's verbs and flags."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.testing.sample import create_sample_collection


def test_cli_create_list_get_restore_delete(cli: Callable[..., tuple[int, str]],
                                            milvus: MilvusClient,
                                            unique: Callable[[str], str]) -> None:
    source = create_sample_collection(milvus, unique("cli_src"), rows=600)
    backup = unique("cli")
    code, out = cli("--json", "create", "-n", backup, "-c", source.name)
    assert code == 0
    created = json.loads(out)
    assert created["name"] == backup and created["state_code"] == 2
    assert created["collection_backups"][0]["collection_name"] == source.name

    code, out = cli("list")
    assert code == 0 and backup in out

    code, out = cli("get", "-n", backup)
    assert code == 0
    assert f"backup {backup}: BACKUP_SUCCESS" in out and source.name in out

    code, out = cli("restore", "-n", backup, "-s", "_cli", "--restore_index")
    assert code == 0, out
    assert f"-> default.{source.name}_cli: SUCCESS" in out
    milvus.load_collection(source.name + "_cli")
    count = milvus.query(source.name + "_cli", filter="", output_fields=["count(*)"])
    assert count[0]["count(*)"] == source.rows - len(source.deleted)

    code, out = cli("delete", "-n", backup)
    assert code == 0
    code, out = cli("list")
    assert backup not in out


def test_cli_reports_errors_with_exit_codes(cli: Callable[..., tuple[int, str]],
                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert cli("get", "-n", "missing_backup")[0] == 2
    assert cli("create", "-n", "bad/name")[0] == 2
    assert cli("restore", "-n", "missing_backup", "-r", "broken")[0] == 2


def test_cli_check_and_config(cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("check")
    assert code == 0
    assert "reachable, version v2.3" in out and "holds insert_log" in out
    code, out = cli("config")
    assert code == 0
    assert "minio.secretAccessKey = ****" in out
    assert "minio.storageType = local    # file" in out
