"""The benchmark harness (benchmarks/, ``make bench``) at a tiny size, so it cannot rot.

It runs every benchmark against the session's Milvus (local storage) and its own Milvus on
moto S3, then checks that the report has each section and that every number it promises is
there. Timings are not asserted: at this size they say nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.results import Settings
from benchmarks.suite import run_suite

pytestmark = pytest.mark.slow

_NUMBER = r"-?\d+(?:\.\d+)?"


def _table_rows(markdown: str, title: str) -> list[list[str]]:
    """The body rows of the table under ``### title``."""
    block = markdown.split(f"### {title}\n", 1)[1].lstrip("\n").split("\n\n", 1)[0]
    rows = [line.strip("|").split("|") for line in block.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row] for row in rows[2:]]


@pytest.mark.timeout(420)
def test_benchmarks_report_every_section(milvus_server: Any, tmp_path: Path) -> None:
    if getattr(milvus_server, "local_storage_path", None) is None:
        pytest.skip("the benchmarks need the local storage path of Milvus (--milvus-data-path)")
    settings = Settings(
        work_dir=tmp_path,
        sizes_mib=(1, 2),
        s3_size_mib=2,
        counts=(1, 2),
        small_rows=100,
        segment_counts=(2, 3),
        segment_rows=20,
        repeats=1,
        restore_repeats=1,
        profile=False,
        startup_runs=2,
        service_settings=(("backup.importPollSeconds", "0.2"),),
    )
    report = run_suite(settings, milvus_server, command="pytest smoke")
    text = report.markdown()

    for heading in ("## 1. Backup throughput", "## 2. Restore", "## 3. Memory", "## 4. Scale",
                    "## 5. CLI start-up", "## Incremental backups", "## 6. Logical backups"):
        assert heading in text
    for fact in ("nproc", "Memory", "CPU", "Python", "Milvus (local storage)",
                 "Milvus (S3 storage (moto))", "Host memory reclaim"):
        assert re.search(rf"^- {re.escape(fact)}: \S", text, re.MULTILINE), fact
    # Both checksums' speed on one core, measured in the run; the service's backups BLAKE3.
    assert re.search(rf"^- Hashing on one core: BLAKE3 {_NUMBER} GiB/s, SHA-256 {_NUMBER} GiB/s",
                     text, re.MULTILINE)
    assert "the kernel copies, the BLAKE3 reads" in text

    # What the host reclaimed and stole during each run, under each backup pair.
    host_lines = re.findall(rf"^  - the host during each run .*: service {_NUMBER}/{_NUMBER} MiB, "
                            rf"{_NUMBER} s; .* {_NUMBER}/{_NUMBER} MiB, {_NUMBER} s$",
                            text, re.MULTILINE)
    assert len(host_lines) == 4, host_lines

    logical = _table_rows(text, "Logical against physical")
    assert len(logical) == 2 and all(float(row[3]) > 0 and float(row[4]) > 0 for row in logical)
    backups = _table_rows(text, "Backup against a raw copy")
    assert [row[0] for row in backups] == ["local", "local", "S3 server-side", "S3 streaming"]
    for row in backups:
        assert float(row[1]) > 0 and int(row[2]) > 0, row  # bytes and objects of a real backup
        assert re.fullmatch(_NUMBER, row[8]), row  # the ratio
    phases = _table_rows(
        text, "Where a local backup's time goes (the median run, from the service's log)")
    assert len(phases) == 2, phases  # one row per local size, from the service's log
    columns = text.split("time goes (the median run", 1)[1].split("\n")[2]
    assert "| copying (s) |" in columns and "| writing (s) |" in columns, columns
    restores = _table_rows(text, "RestoreBackup against a direct Import")
    assert [row[0] for row in restores] == ["local", "local", "S3 (same bucket)"]
    assert all(re.fullmatch(_NUMBER, row[7]) for row in restores), restores  # the ratio
    assert all(row[3].isdigit() and int(row[3]) >= 1 for row in restores), restores  # jobs
    memory = _table_rows(text, "Peak RSS of the service")
    assert len(memory) == 4 + 3 + 2 * 2  # 4 backups, 3 restores, 2 count points x 2
    assert all(float(row[3]) > 10 for row in memory), memory  # MiB of a live process
    assert _table_rows(text, "Growth with data size")
    counts = _table_rows(text, "Time against collection count (local storage)")
    assert [row[0] for row in counts] == ["1", "2"]
    assert re.search(rf"Slope: backup {_NUMBER} s per collection", text)
    assert re.search(rf"Slope: backup {_NUMBER} s per GiB", text)
    assert re.search(rf"Fixed cost per collection \(1 to 2 collections of 100 rows\): backup "
                     rf"{_NUMBER} s, restore {_NUMBER} s", text)
    segments = _table_rows(text, "Restore time against segment count (local storage)")
    # Import jobs, from the service's log: one partition, so one job (Milvus < 2.4 reads the
    # partition's directory whole; 2.4+ packs its segments).
    assert len(segments) == 2 and all(int(row[3]) == 1 for row in segments), segments
    assert all(re.fullmatch(_NUMBER, row[5]) for row in segments), segments
    startup = _table_rows(text, "Start-up of one command")
    assert [row[0] for row in startup] == [
        "`milvus-backup-grpc --config FILE list`", '`python -c "import grpc"`',
        '`python -c "pass"`']
    for row in startup:
        assert re.fullmatch(_NUMBER, row[1]) and float(row[3]) > 1, row  # seconds, MiB
        assert re.fullmatch(_NUMBER, row[4]), row  # the ratio against import grpc
    incremental = _table_rows(text, "Incremental against full")
    assert len(incremental) == 3
    assert incremental[0][1].startswith("0 B;"), incremental  # nothing copied when unchanged
    summary = _table_rows(text, "Targets")
    # ... the logical format's peak RSS, the fixed cost per collection (stated, no target),
    # and streaming memory against the copy thread count
    assert len(summary) == 4 + 3 + 2 + 2 + 3 + 1 + 1 + 1
    threads = next(row for row in summary if row[0].startswith("Peak RSS against copy threads"))
    assert "1 to 64 copy threads" in threads[1], threads
    assert all(row[3] in ("met", "**missed**", "stated") for row in summary), summary
