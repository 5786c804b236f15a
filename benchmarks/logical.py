"""The logical format's benchmark: backup and restore of the physical benchmark's collections.

Each local collection of the size series is also backed up with ``format: logical`` (rows
in primary-key pages of raw Query answers, as columns, into Parquet) and restored from it
(column inserts on 2.3), by the same service process. Times are set against the physical
backup and restore of the same collection in the same run; the service's peak RSS during
each is the memory figure, which must stay flat with size and under ``LOGICAL_RSS_MAX``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pymilvus import MilvusClient

from . import dataset
from .report import Section, Table, mib, rate, ratio, seconds, verdict
from .results import LOGICAL_RSS_MAX, RSS_FLAT, Results
from .service import BenchService, Measured

log = logging.getLogger(__name__)


@dataclass
class LogicalPoint:
    """One collection's logical backup and restore, and its physical ones for comparison."""

    name: str
    rows: int
    binlog_bytes: int  # of the physical backup: the same data, as Milvus stores it
    parquet_bytes: int
    backup: Measured
    restore: Measured
    physical_backup_seconds: float
    physical_restore_seconds: float


def run_logical(
    service: BenchService,
    client: MilvusClient,
    loaded: Sequence[dataset.Loaded],
    results: Results,
    only: Sequence[str] | None = None,
) -> None:
    """Logical backup and restore of each collection; after the physical pairs of ``results``.

    Args:
        only: the names of the collections of ``loaded`` to measure (None: all); the logical
            path is slow enough that a full run may want only some.
    """
    backups = [p for p in results.backups if p.setup == "local"]
    restores = [p for p in results.restores if p.setup == "local"]
    points: list[LogicalPoint] = results.logical
    chosen = [(i, c) for i, c in enumerate(loaded) if only is None or c.name in only]
    # Every backup first, then every restore: a service's resident memory after a job
    # depends on the jobs before it (a logical restore leaves more than a backup), so each
    # kind is measured after the same history whatever the collection's size.
    backed_up: list[tuple[Measured, int]] = []
    for _, coll in chosen:
        log.info("logical backup: %s (%d rows)", coll.name, coll.rows)
        if not client.list_indexes(coll.name):
            # The rows are read from a loaded collection, and Milvus loads only an indexed one;
            # the job loads it (counted in the backup's time) and releases it after.
            params = client.prepare_index_params()
            params.add_index("vec", index_type="FLAT", metric_type="L2")
            client.create_index(coll.name, params)
        backup, info = service.backup(f"{coll.name}_logical", [coll.name],
                                      backup_format="logical")
        backed_up.append((backup, info.size))
    for (index, coll), (backup, parquet_bytes) in zip(chosen, backed_up, strict=True):
        name = f"{coll.name}_logical"
        target = f"{coll.name}_from_logical"
        log.info("logical restore: %s", coll.name)
        restore, _ = service.restore(name, {coll.name: target})
        client.flush(target)  # inserted rows count once sealed
        got = dataset.row_count(client, target)
        if got != coll.rows:
            raise RuntimeError(
                f"{target}: {got} rows after a logical restore, {coll.rows} expected"
            )
        client.drop_collection(target)
        service.delete(name)
        points.append(
            LogicalPoint(
                name=coll.name,
                rows=coll.rows,
                binlog_bytes=backups[index].nbytes if index < len(backups) else 0,
                parquet_bytes=parquet_bytes,
                backup=backup,
                restore=restore,
                physical_backup_seconds=backups[index].service_seconds
                if index < len(backups)
                else 0.0,
                physical_restore_seconds=restores[index].service_seconds
                if index < len(restores)
                else 0.0,
            )
        )
        log.info(
            "  logical backup %.2f s, restore %.2f s", backup.seconds, restore.seconds
        )


def logical_section(results: Results, summary: Table | None) -> Section | None:
    """The report's section on the logical format (None when it was not measured)."""
    points: list[LogicalPoint] = getattr(results, "logical", [])
    if not points:
        return None
    section = Section(
        "logical",
        "6. Logical backups (rows in Parquet)",
        "A synchronous `CreateBackup` with `format: logical` (a FLAT index is created first; "
        "the job loads the collection, reads it in primary-key pages into Parquet "
        "files of about 16 MiB, and releases it) and a `RestoreBackup` of it (batched "
        "inserts, no index rebuild) of each local collection above, by the same service "
        "process: every backup first, then every restore, so each kind of job runs after the "
        "same history (what a service keeps resident after a job depends on the jobs before "
        "it). MiB/s are of the collection's binlogs (the same data as the physical "
        "backup holds); the ratios divide the logical time by the physical one of the same "
        "collection in the same run.",
    )
    table = Table(
        "Logical against physical",
        ["Collection", "Rows", "Binlogs (MiB)", "Parquet (MiB)", "Backup (s)", "Backup (MiB/s)",
         "x physical", "Restore (s)", "Restore (MiB/s)", "x physical", "Peak RSS backup",
         "Peak RSS restore", f"RSS <= {mib(LOGICAL_RSS_MAX)} MiB"],
    )
    for p in points:
        peak = max(p.backup.peak_rss, p.restore.peak_rss)
        table.add(
            p.name, p.rows, mib(p.binlog_bytes), mib(p.parquet_bytes),
            seconds(p.backup.seconds), rate(p.binlog_bytes, p.backup.seconds),
            ratio(p.backup.seconds / p.physical_backup_seconds)
            if p.physical_backup_seconds else "-",
            seconds(p.restore.seconds), rate(p.binlog_bytes, p.restore.seconds),
            ratio(p.restore.seconds / p.physical_restore_seconds)
            if p.physical_restore_seconds else "-",
            mib(p.backup.peak_rss), mib(p.restore.peak_rss), verdict(peak <= LOGICAL_RSS_MAX),
        )
    section.tables.append(table)
    peaks = [max(p.backup.peak_rss, p.restore.peak_rss) for p in points]
    growth = peaks[-1] - peaks[0]
    flat = peaks[-1] <= peaks[0] * (1 + RSS_FLAT)
    (summary or table).add(
        "Logical backup/restore peak RSS",
        f"{mib(min(peaks))}-{mib(max(peaks))} MiB over {len(points)} sizes",
        f"<= {mib(LOGICAL_RSS_MAX)} MiB, flat (largest within {RSS_FLAT:.0%} of smallest)",
        verdict(max(peaks) <= LOGICAL_RSS_MAX and flat)
        if len(points) > 1
        else "not shown (one size measured: --logical-sizes)",
    )
    if len(points) < 2:
        return section
    section.findings.append(
        f"Peak RSS grew by {mib(growth)} MiB from the smallest to the largest collection "
        f"({'flat' if flat else 'NOT flat'}): the job holds one page of rows and one Parquet "
        "file at a time, whatever the collection's size."
    )
    return section
