"""Restore time against the number of segments (issue 15): 10, 100 and 1,000 small segments.

For each count, one collection whose rows Milvus holds in that many sealed segments (a small
insert and a Flush per segment; the benchmarks' Milvus runs without compaction, which would
merge them). The service backs it up and restores it under a new name; the restored rows are
counted. The table shows how the restore grows with the segment count, and how many import
jobs the restore ran, as the service's log gives them: one per partition before Milvus 2.4
when the partition's directory holds just its segments, several segments per job from 2.4
(``backup.maxSegmentsPerImportJob``).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pymilvus import MilvusClient

from milvus_backup_grpc.milvus.client import MilvusGateway

from . import dataset
from .report import (
    SCALE_SERIES_END,
    Section,
    Table,
    line,
    linear_fit,
    mib,
    seconds,
    unmeasured_end,
)
from .service import BenchService, Measured

log = logging.getLogger(__name__)


@dataclass
class SegmentPoint:
    """One restore of a collection of ``segments`` small segments."""

    segments: int
    rows: int
    nbytes: int
    import_jobs: int
    backup: Measured
    restore: Measured


def _load_segments(
    client: MilvusClient, gateway: MilvusGateway, name: str, segments: int, rows: int
) -> dataset.Loaded:
    """A collection of ``segments`` sealed segments of ``rows`` rows each, flushed."""
    log.info("loading %s: %d segments of %d rows", name, segments, rows)
    dataset.create(client, name, dataset.DIM)
    for index in range(segments):
        dataset.insert(client, name, rows, dataset.DIM, seed=index, first_id=index * rows)
        gateway.flush("default", name)  # seals this insert's segment; written in the background
    dataset.flush_all(gateway, [name])
    return dataset.Loaded(name, segments * rows)


def run_segments(
    service: BenchService,
    client: MilvusClient,
    gateway: MilvusGateway,
    counts: Sequence[int],
    rows: int,
) -> list[SegmentPoint]:
    """Back up and restore a collection of each segment count; the restored rows are checked."""
    points = []
    for count in counts:
        name = f"bench_segments_{count}"
        coll = _load_segments(client, gateway, name, count, rows)
        try:
            backup, info = service.backup(name, [name])
            segments = sum(
                len(p.segment_backups) for c in info.collection_backups for p in c.partition_backups
            )
            restored = f"{name}_r"
            restore, _ = service.restore(name, {name: restored})
            got = dataset.row_count(client, restored)
            if got != coll.rows:
                raise RuntimeError(f"{restored}: {got} rows after restore, {coll.rows} expected")
            client.drop_collection(restored)
            service.delete(name)
        finally:
            client.drop_collection(name)
        nbytes = sum(
            b.log_size
            for c in info.collection_backups
            for p in c.partition_backups
            for s in p.segment_backups
            for f in s.binlogs
            for b in f.binlogs
        )
        points.append(SegmentPoint(segments, coll.rows, nbytes, restore.import_jobs, backup,
                                   restore))
        log.info("  %d segments: backup %.2f s, restore %.2f s", segments, backup.seconds,
                 restore.seconds)
    return points


def segments_section(points: Sequence[SegmentPoint], version: str) -> Section:
    """The report's section of the segment series."""
    section = Section(
        "segments",
        "Restore against the number of segments",
        "One collection per count, its rows in that many sealed segments of the same size, "
        f"backed up and restored once by the service (Milvus {version}, local storage). "
        "Import jobs: how many the restore ran, from the service's log.",
    )
    table = Table(
        "Restore time against segment count (local storage)",
        ["Segments", "Rows", "Binlogs (MiB)", "Import jobs", "Backup (s)", "Restore (s)",
         "Restore per segment (s)"],
    )
    for p in points:
        table.add(p.segments, p.rows, mib(p.nbytes), p.import_jobs, seconds(p.backup.seconds),
                  seconds(p.restore.seconds), seconds(p.restore.seconds / max(1, p.segments)))
    section.tables.append(table)
    if len(points) >= 2:
        slope, intercept = linear_fit([float(p.segments) for p in points],
                                      [p.restore.seconds for p in points])
        table.notes.append(
            f"Slope: restore {line(slope, intercept, 'segment', 3)} (least squares)."
        )
        largest = max(p.segments for p in points)
        if largest < SCALE_SERIES_END:
            b_slope, b_icpt = linear_fit([float(p.segments) for p in points],
                                         [p.backup.seconds for p in points])
            section.findings.append(unmeasured_end(
                f"{largest} segments", f"{SCALE_SERIES_END:,} segments",
                b_icpt + b_slope * SCALE_SERIES_END, intercept + slope * SCALE_SERIES_END,
            ))
    if points and all(p.import_jobs == p.segments for p in points):
        section.findings.append(
            "This Milvus took one segment per import job, so the restore grows with the "
            "segment count by Milvus's per-job cost: with one DataNode, Milvus 2.3 runs one "
            "import job at a time and frees the DataNode for the next only on its 2-second "
            "tick, so the `backup.parallelism.importJob` jobs the service sends at once wait "
            "in Milvus's queue."
        )
    elif points and all(p.import_jobs < p.segments for p in points if p.segments > 1):
        section.findings.append(
            "Each restore ran fewer import jobs than segments: before Milvus 2.4 one job "
            "imports a whole partition's directory, from 2.4 a job carries up to "
            "`backup.maxSegmentsPerImportJob` segment groups. Milvus 2.3 finishes at most one "
            "import job per 2-second tick, so the restore no longer pays that tick per segment; "
            "what grows with the count is Milvus reading each segment."
        )
    return section
