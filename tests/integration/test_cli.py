"""The command line runs the engine in-process with upstream's verbs and flags.

Most tests here run the installed ``milvus-backup-grpc`` command as a subprocess, as an
operator or a cron job would, and read its stdout, stderr and exit status.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pymilvus import MilvusClient

from milvus_backup_grpc.testing.sample import create_sample_collection
from tests.integration.server_process import free_port

Run = Callable[..., subprocess.CompletedProcess[str]]


def _command() -> list[str]:
    script = Path(sys.executable).with_name("milvus-backup-grpc")
    return [str(script)] if script.exists() else [sys.executable, "-m", "milvus_backup_grpc.cli"]


#: A line gRPC's C core logs (severity letter, MMDD, time), as a child forked from this
#: process while its gRPC threads ran may print before it execs the command.
_GRPC_CORE_LOG = re.compile(r"^[DIWE]\d{4} \d\d:\d\d:\d\d")


def _next_line(stream: Any) -> str:
    """The next line the command itself wrote to ``stream``, past gRPC's fork noise."""
    line = stream.readline()
    while line and _GRPC_CORE_LOG.match(line):
        line = stream.readline()
    return str(line)


def _sigint_default() -> None:
    # A shell running a job in the background may leave SIGINT ignored; Ctrl-C must reach it.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.fixture
def cli_config(tmp_path: Path, milvus_server: Any, backup_root: Path) -> Path:
    """A backup.yaml for the session's Milvus and backup root."""
    config = tmp_path / "backup.yaml"
    config.write_text(
        f"milvus:\n  address: {milvus_server.host}\n  port: {milvus_server.port}\n"
        f"minio:\n  storageType: local\n  rootPath: {milvus_server.local_storage_path}\n"
        f"  backupRootPath: {backup_root}\n"
        "backup:\n  importPollSeconds: 0.5\n", encoding="utf-8")
    return config


@pytest.fixture
def run(cli_config: Path, tmp_path: Path) -> Run:
    """Run the command as a subprocess (stderr is a pipe, not a terminal)."""
    def run_command(*argv: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*_command(), "--config", str(cli_config), *argv],
            capture_output=True, text=True, timeout=timeout, cwd=tmp_path,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )

    return run_command


def _error(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    document = json.loads(done.stdout)
    assert set(document) <= {"error", "result"}, document
    assert set(document["error"]) == {"code", "message"}
    return document


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

    code, out = cli("get", "-n", backup)  # JSON by default, as upstream's get prints
    assert code == 0
    got = json.loads(out)
    assert got["name"] == backup and got["collection_backups"][0]["collection_name"] == source.name
    code, out = cli("get", "-n", backup, "--text")
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


def test_every_verb_prints_json_and_shows_progress_lines(
    run: Run, milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    source = create_sample_collection(milvus, unique("cli_json"), rows=600)
    backup = unique("cli_json")

    done = run("--json", "--progress-interval", "0.05", "create", "-n", backup, "-c", source.name)
    assert done.returncode == 0, done.stderr
    created = json.loads(done.stdout)
    assert created["name"] == backup and created["state_code"] == 2
    # stderr is a pipe here, as under cron or CI: whole progress lines, with bytes done/total
    progress = [line for line in done.stderr.splitlines() if line.startswith(f"backup {backup}:")]
    assert progress, done.stderr
    assert any(" of " in line and "(" in line and "%)" in line for line in progress), progress
    assert progress[-1].endswith("(100%)")

    done = run("--json", "list")
    assert done.returncode == 0
    listed = {b["name"]: b for b in json.loads(done.stdout)}
    assert listed[backup]["state_code"] == 2

    done = run("--json", "get", "-n", backup, "--detail")
    assert done.returncode == 0
    assert json.loads(done.stdout)["collection_backups"][0]["collection_name"] == source.name

    done = run("--json", "verify", "-n", backup)
    assert done.returncode == 0
    verified = json.loads(done.stdout)
    assert verified["ok"] is True and verified["checked"] > 0

    done = run("--json", "--progress-interval", "0.05", "restore", "-n", backup, "-s", "_json")
    assert done.returncode == 0, done.stderr
    restored = json.loads(done.stdout)
    assert restored["state_code"] == 2
    assert restored["collection_restore_tasks"][0]["target_collection_name"] == (
        source.name + "_json"
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith(f"restore {backup}:")]
    assert lines and any(" of " in line for line in lines), done.stderr
    milvus.drop_collection(source.name + "_json")

    done = run("--json", "check")
    assert done.returncode == 0
    checked = json.loads(done.stdout)
    assert checked["ok"] is True and any("reachable" in line for line in checked["lines"])

    done = run("--json", "config", "show")
    assert done.returncode == 0
    settings = {s["key"]: s for s in json.loads(done.stdout)["settings"]}
    assert settings["minio.storageType"] == {
        "key": "minio.storageType", "value": "local", "source": "file"
    }
    assert settings["minio.secretAccessKey"]["value"] == "****"

    done = run("--json", "delete", "-n", backup)
    assert done.returncode == 0
    deleted = json.loads(done.stdout)
    assert deleted == {"name": backup, "deleted": True, "freed_bytes": deleted["freed_bytes"]}
    assert deleted["freed_bytes"] > 0  # a full backup: everything it held


def test_each_exit_code_and_json_error(
    run: Run, cli: Callable[..., tuple[int, str]], milvus: MilvusClient, backup_root: Path,
    unique: Callable[[str], str]
) -> None:
    # 2: usage (argparse), still JSON under --json
    done = run("--json", "create", "--no-such-flag")
    assert done.returncode == 2
    assert _error(done)["error"]["code"] == "Parameter_Error"
    assert "--no-such-flag" in _error(done)["error"]["message"]
    done = run("get")  # -n is required
    assert done.returncode == 2 and "usage:" in done.stderr and "-n" in done.stderr
    done = run("--json", "--set", "milvus.port:1", "list")  # '=' mistyped
    assert done.returncode == 2
    assert "each --set must look like key=value" in _error(done)["error"]["message"]

    # 3: refused before anything changed (Parameter_Error)
    done = run("--json", "create", "-n", "bad/name")
    assert done.returncode == 3
    assert _error(done)["error"]["code"] == "Parameter_Error"
    assert "invalid backup name" in _error(done)["error"]["message"]
    done = run("restore", "-n", "missing_backup", "-r", "broken")
    assert done.returncode == 3 and done.stderr.startswith("error: ")

    # 4: not found (Request_Object_Not_Found)
    for argv in (["get", "-n", "missing_backup"], ["delete", "-n", "missing_backup"],
                 ["restore", "-n", "missing_backup"]):
        done = run("--json", *argv)
        assert done.returncode == 4, (argv, done.stdout, done.stderr)
        assert _error(done)["error"]["code"] == "Request_Object_Not_Found"
        assert "missing_backup" in _error(done)["error"]["message"]

    # 1: the operation ran and failed: a backup lost a binlog, and verify says which
    source = create_sample_collection(milvus, unique("cli_damaged"), rows=300)
    backup = unique("cli_damaged")
    assert cli("create", "-n", backup, "-c", source.name)[0] == 0
    binlog = next(p for p in (backup_root / backup).rglob("*") if p.is_file()
                  and "insert_log" in p.parts)
    binlog.unlink()
    done = run("--json", "verify", "-n", backup)
    assert done.returncode == 1
    document = _error(done)
    assert document["error"]["code"] == "Fail"
    assert document["result"]["ok"] is False and document["result"]["missing"]
    done = run("verify", "-n", backup)
    assert done.returncode == 1 and "error: " in done.stderr and "missing" in done.stderr
    shutil.rmtree(backup_root / backup)
    # ... and a check that cannot reach Milvus
    done = run("--json", "--set", f"milvus.port={free_port()}", "check")
    assert done.returncode == 1
    document = _error(done)
    assert document["error"]["code"] == "Fail" and "unreachable" in document["error"]["message"]
    assert document["result"]["ok"] is False

    # 0
    assert run("--json", "list").returncode == 0


@pytest.fixture
def busy_collections(milvus: MilvusClient, unique: Callable[[str], str]) -> Iterator[list[str]]:
    """Collections with unflushed rows, so a backup of them takes seconds (flush, copy)."""
    names = []
    for _ in range(4):
        sample = create_sample_collection(milvus, unique("cli_sigint"), rows=600)
        milvus.insert(sample.name, [
            {"id": 10_000 + i, "vec": [0.1] * 8, "title": "late", "score": 1.0, "rank": 1,
             "flag": True, "meta": {}} for i in range(200)
        ])
        names.append(sample.name)
    yield names
    for name in names:
        milvus.drop_collection(name)


def test_ctrl_c_during_create_cancels_it_cleanly(
    cli_config: Path, run: Run, busy_collections: list[str], backup_root: Path,
    unique: Callable[[str], str]
) -> None:
    backup = unique("cli_sigint")
    process = subprocess.Popen(
        [*_command(), "--config", str(cli_config), "--progress-interval", "0.05",
         "create", "-n", backup, "-c", ",".join(busy_collections)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_sigint_default,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    started = time.monotonic()
    # The first progress line means the backup task runs: interrupt it there, as Ctrl-C would.
    first = _next_line(process.stderr)
    assert first.startswith(f"backup {backup}:"), first
    process.send_signal(signal.SIGINT)
    out, rest = process.communicate(timeout=120)
    err = first + rest
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert "interrupted: stopping backup" in err
    assert f"error: interrupted: backup {backup} cancelled" in err, err
    assert "partial objects were removed" in err
    assert out == ""
    assert time.monotonic() - started < 60
    # Never listed as a good backup: it is gone, objects and all.
    listed = run("--json", "list")
    assert backup not in {b["name"] for b in json.loads(listed.stdout)}
    assert not (backup_root / backup).exists()
    assert run("get", "-n", backup).returncode == 4


def test_cli_check_and_config(cli: Callable[..., tuple[int, str]]) -> None:
    code, out = cli("check")
    assert code == 0
    assert "reachable, version v2.3" in out and "holds insert_log" in out
    code, out = cli("config")
    assert code == 0
    assert "minio.secretAccessKey = ****" in out
    assert "minio.storageType = local    # file" in out


def test_ctrl_c_during_restore_says_which_collections_were_restored(
    cli_config: Path, cli: Callable[..., tuple[int, str]], run: Run,
    busy_collections: list[str], milvus: MilvusClient, unique: Callable[[str], str]
) -> None:
    backup = unique("cli_sigint_restore")
    assert cli("create", "-n", backup, "-c", ",".join(busy_collections))[0] == 0
    process = subprocess.Popen(
        [*_command(), "--config", str(cli_config), "--json", "--progress-interval", "0.05",
         "restore", "-n", backup, "-s", "_int"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_sigint_default,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    first = _next_line(process.stderr)
    assert first.startswith(f"restore {backup}:"), first
    process.send_signal(signal.SIGINT)
    out, rest = process.communicate(timeout=180)
    err = first + rest
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    document = _error(subprocess.CompletedProcess([], 130, out, err))
    message = document["error"]["message"]
    assert document["error"]["code"] == "Fail"
    assert message.startswith("interrupted: restore ") and "not restored" in message
    # What it says it restored is there; what it says it did not is not.
    states = {
        t["target_collection_name"]: t["state_code"]
        for t in document["result"]["collection_restore_tasks"]
    }
    assert set(states) == {name + "_int" for name in busy_collections}
    assert any(state == 3 for state in states.values())
    for target, state in states.items():
        assert milvus.has_collection(target) == (state == 2), (target, state, message)
        if state == 2:
            assert f"{target}" in message.split("not restored")[0]
            milvus.drop_collection(target)
        else:
            assert target in message.split("not restored")[1]
    assert cli("delete", "-n", backup)[0] == 0


def test_a_second_ctrl_c_leaves_at_once_and_says_how_to_clean_up(
    cli_config: Path, run: Run, busy_collections: list[str], unique: Callable[[str], str]
) -> None:
    backup = unique("cli_sigint_twice")
    process = subprocess.Popen(
        [*_command(), "--config", str(cli_config), "--progress-interval", "30",
         "create", "-n", backup, "-c", ",".join(busy_collections)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_sigint_default,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    assert _next_line(process.stderr).startswith(f"backup {backup}:")
    process.send_signal(signal.SIGINT)
    seen = [_next_line(process.stderr)]
    while seen[-1] and not seen[-1].startswith("interrupted: stopping backup"):
        seen.append(_next_line(process.stderr))
    process.send_signal(signal.SIGINT)  # while the first collection still flushes
    out, rest = process.communicate(timeout=60)
    err = "".join(seen) + rest
    assert process.returncode == 130, (out, err)
    assert "Traceback" not in err
    assert "was left while stopping; it is incomplete" in err
    assert f"delete it with 'milvus-backup-grpc delete -n {backup}'" in err
    # The process is gone; its backup reads as failed, never as successful.
    listed = {b["name"]: b for b in json.loads(run("--json", "list").stdout)}
    if backup in listed:
        assert listed[backup]["state_code"] == 3
        assert run("delete", "-n", backup).returncode == 0
