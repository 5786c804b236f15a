"""What the host did to the benchmark during a timed run: memory it reclaimed, CPU it took.

The benchmark machines are virtual. The hypervisor can run other guests on our CPUs (steal
time), and a DAMON kdamond with a ``pageout`` scheme, as these machines run, pages out memory
it finds idle, page cache included, so a later run refaults or reallocates it. Either makes a
run slower for reasons outside the code measured. The report records both around every timed
backup run, so a slow run can be told from a regression.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICK = os.sysconf("SC_CLK_TCK")
_DAMON = Path("/sys/kernel/mm/damon/admin/kdamonds")


@dataclass(frozen=True)
class Counters:
    """The kernel's cumulative counters at one moment (zero where the kernel has none)."""

    reclaimed_pages: int  # pgsteal_*: pages the kernel took back, by kswapd or directly
    direct_pages: int  # pgsteal_direct: of those, taken by a task that had to wait for it
    steal_ticks: int  # /proc/stat's steal: time the hypervisor ran something else on our CPUs


@dataclass(frozen=True)
class HostActivity:
    """What the host did between two ``Counters``."""

    reclaimed_mib: float
    direct_mib: float
    steal_seconds: float

    def __str__(self) -> str:
        return (f"{self.reclaimed_mib:.0f}/{self.direct_mib:.0f} MiB, "
                f"{self.steal_seconds:.2f} s")


def counters() -> Counters:
    """The counters now."""
    vmstat: dict[str, int] = {}
    try:
        for line in Path("/proc/vmstat").read_text(encoding="ascii").splitlines():
            key, _, value = line.partition(" ")
            if key.startswith("pgsteal_"):
                vmstat[key] = int(value)
    except (OSError, ValueError):
        pass
    steal = 0
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
        steal = int(fields[8]) if len(fields) > 8 else 0
    except (OSError, ValueError):
        pass
    reclaimed = sum(v for k, v in vmstat.items() if k in (
        "pgsteal_kswapd", "pgsteal_direct", "pgsteal_khugepaged", "pgsteal_proactive"))
    return Counters(reclaimed, vmstat.get("pgsteal_direct", 0), steal)


def since(before: Counters) -> HostActivity:
    """What the host did from ``before`` to now."""
    now = counters()
    mib = _PAGE / (1024 * 1024)
    return HostActivity(
        reclaimed_mib=(now.reclaimed_pages - before.reclaimed_pages) * mib,
        direct_mib=(now.direct_pages - before.direct_pages) * mib,
        steal_seconds=(now.steal_ticks - before.steal_ticks) / _TICK,
    )


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="ascii").strip()
    except OSError:
        return "?"


def memory_reclaimers() -> str:
    """The host's DAMON kdamonds and what their schemes do, or "none"."""
    if not _DAMON.is_dir():
        return "none (no DAMON)"
    described: list[str] = []
    for kdamond in sorted(p for p in _DAMON.iterdir() if p.name.isdigit()):
        actions: list[str] = []
        operations: list[str] = []
        for context in sorted((kdamond / "contexts").glob("[0-9]*")):
            operations.append(_read(context / "operations"))
            aggregation = _read(context / "monitoring_attrs" / "intervals" / "aggr_us")
            for scheme in sorted((context / "schemes").glob("[0-9]*")):
                age = _read(scheme / "access_pattern" / "age" / "min")
                idle = (f"{int(age) * int(aggregation) / 1e6:g} s"
                        if age.isdigit() and aggregation.isdigit() else f"{age} intervals")
                actions.append(f"{_read(scheme / 'action')} of memory idle for {idle} or more")
        described.append(
            f"DAMON kdamond {kdamond.name} ({_read(kdamond / 'state')}) on "
            f"{', '.join(operations) or '?'}: {', '.join(actions) or 'no scheme'}"
        )
    return "; ".join(described) or "none (DAMON has no kdamond)"
