"""What the benchmarks measure (settings, targets) and what they measured, before tables."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .baselines import Timed
from .host import HostActivity
from .incremental import IncrementalResults
from .procs import Profile
from .report import MiB
from .segments import SegmentPoint
from .service import Measured
from .startup import Startup

# Issue 15's throughput targets: local against `cp -r` + one `sync` (the same durability),
# S3 server-side against a CopyObject loop, S3 streaming against GetObject + PutObject.
BACKUP_RATIO_MIN = 0.9
BACKUP_RATIO_MIN_SERVER_SIDE = 0.95


def backup_target(setup: str) -> float:
    """The smallest service/baseline throughput ratio a backup setup must reach."""
    return BACKUP_RATIO_MIN_SERVER_SIDE if setup == "S3 server-side" else BACKUP_RATIO_MIN
RESTORE_RATIO_MAX = 1.25
RSS_MAX = 150 * MiB  # every physical operation, CLI or server (issue 15)
LOGICAL_RSS_MAX = 300 * MiB  # logical backups and restores, which hold rows (issue 13)
#: Copy thread counts of the streaming series, beside the default (16): memory must not grow
#: with them.
STREAM_THREAD_COUNTS = (1, 4, 64)
RSS_FLAT = 0.10  # "not growing": largest size's peak within 10 % of the smallest's
STARTUP_SECONDS_MAX = 0.3  # `milvus-backup-grpc list` on an empty root, whole command
STARTUP_RSS_MAX = 60 * MiB


@dataclass(frozen=True)
class Settings:
    """What to measure; the defaults are the issue's sizes."""

    work_dir: Path
    sizes_mib: tuple[int, ...] = (256, 512, 1024)
    s3_size_mib: int = 1024
    counts: tuple[int, ...] = (1, 10, 100, 1000)
    small_rows: int = 1000
    #: segment counts of the restore-against-segments series (one collection each)
    segment_counts: tuple[int, ...] = (10, 100, 1000)
    segment_rows: int = 100  # rows of each of those segments
    repeats: int = 3
    restore_repeats: int = 2
    copy_concurrency: int = 16  # the service's default backup.parallelism.copydata
    profile: bool = True
    #: sizes of the logical section (None: every size)
    logical_sizes_mib: tuple[int, ...] | None = None
    startup_runs: int = 7  # runs of each command of the start-up comparison
    # Extra --set overrides for every service process (e.g. a faster import poll in tests).
    service_settings: tuple[tuple[str, str], ...] = ()


@dataclass
class BackupPair:
    """Service backups and baseline copies of the same objects."""

    setup: str
    baseline: str
    nbytes: int
    objects: int
    service: list[Measured] = field(default_factory=list)
    raw: list[Timed] = field(default_factory=list)
    # What the host reclaimed and stole during each run of either side (benchmarks/host.py).
    service_host: list[HostActivity] = field(default_factory=list)
    raw_host: list[HostActivity] = field(default_factory=list)

    @property
    def service_seconds(self) -> float:
        """Median seconds of the service's backups."""
        return statistics.median(m.seconds for m in self.service)

    @property
    def raw_seconds(self) -> float:
        """Median seconds of the baseline copies, each with the ``sync`` that made it durable
        (``cp -r``; S3 copies are durable when answered)."""
        return statistics.median(t.seconds + t.sync_seconds for t in self.raw)

    @property
    def ratio(self) -> float:
        """Service throughput over baseline throughput."""
        return self.raw_seconds / self.service_seconds

    @property
    def target(self) -> float:
        """The ratio this pair must reach."""
        return backup_target(self.setup)


@dataclass
class RestorePair:
    """Service restores and direct imports of the same backup, alternating."""

    setup: str
    nbytes: int
    rows: int
    imports: int
    service: list[Measured] = field(default_factory=list)
    direct: list[Timed] = field(default_factory=list)

    @property
    def service_seconds(self) -> float:
        """Median seconds of the service's restores."""
        return statistics.median(m.seconds for m in self.service)

    @property
    def direct_seconds(self) -> float:
        """Median seconds of the direct imports."""
        return statistics.median(t.seconds for t in self.direct)

    @property
    def peak_rss(self) -> int:
        """The highest peak RSS of the service's restores."""
        return max(m.peak_rss for m in self.service)

    @property
    def ratio(self) -> float:
        """Service time over direct-import time."""
        return self.service_seconds / self.direct_seconds


@dataclass
class CountPoint:
    """Backup and restore of ``count`` small collections."""

    count: int
    nbytes: int
    backup: Measured
    restore: Measured


@dataclass
class Results:
    """Everything measured, before it becomes tables."""

    backups: list[BackupPair] = field(default_factory=list)
    restores: list[RestorePair] = field(default_factory=list)
    counts: list[CountPoint] = field(default_factory=list)
    # Restores of collections of many small segments (benchmarks/segments.py)
    segments: list[SegmentPoint] = field(default_factory=list)
    idle_rss: dict[str, int] = field(default_factory=dict)
    profiles: dict[str, Profile] = field(default_factory=dict)
    # S3 requests moto served during one run, by kind: {setup: {"service": ..., "baseline": ...}}
    requests: dict[str, dict[str, dict[str, int]]] = field(default_factory=dict)
    # Streaming backups with other copy parallelisms: (parallelism, peak RSS, seconds)
    streaming_parallelism: list[tuple[int, int, float]] = field(default_factory=list)
    import_rss: list[tuple[str, int]] = field(default_factory=list)
    startup: Startup | None = None
    started: float = 0.0  # time.time() when the run began
    duration: float = 0.0  # seconds the run took
    with_s3: bool = True
    load: tuple[float, float] = (0.0, 0.0)  # 1-minute load average at the start and the end
    versions: dict[str, str] = field(default_factory=dict)
    memory_reclaimers: str = ""  # the host's, when the run began (benchmarks/host.py)
    code_measured: str = ""  # the commit the run measured (a rebuilt report is of it too)
    # The hash the service's backups recorded (backup.checksum); runs before BLAKE3: SHA-256.
    checksum: str = "sha256"
    hash_rates: str = ""  # one core's hashing speed, measured in the run (benchmarks/machine.py)
    notes: list[str] = field(default_factory=list)
    logical: list[Any] = field(default_factory=list)  # benchmarks.logical.LogicalPoint
    # Issue 11's benchmark (benchmarks/incremental.py), None when not run.
    incremental: IncrementalResults | None = None
