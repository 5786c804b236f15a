"""What the benchmarks ran on: cores, memory, CPU model, Python and Milvus versions."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path

from milvus_backup_grpc.storage import digest

_HASHED = 256 * 1024 * 1024
_UPDATE = 1024 * 1024  # bytes per update, as a copy hashes its reads


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError):
        pass
    return "unknown"


def machine_facts(milvus_versions: dict[str, str]) -> dict[str, str]:
    """The facts RESULTS.md starts with; ``milvus_versions`` maps a setup to its version."""
    facts = {
        "nproc": str(len(os.sched_getaffinity(0))),
        "Memory": _memory(),
        "CPU": _cpu_model(),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
    }
    for setup, version in milvus_versions.items():
        facts[f"Milvus ({setup})"] = version
    facts["Code measured"] = code_revision(Path(__file__).resolve().parents[1])
    return facts


def hash_rates() -> str:
    """How fast one core hashes with each checksum the manifest can record (best of 3)."""
    data = memoryview(os.urandom(_UPDATE))
    rates = []
    for algorithm in sorted(digest.COMPUTED):
        best = float("inf")
        for _ in range(3):
            running = digest.new(algorithm)
            started = time.perf_counter()
            for _ in range(_HASHED // _UPDATE):
                running.update(data)
            running.hexdigest()
            best = min(best, time.perf_counter() - started)
        rates.append(f"{digest.SHOWN[algorithm]} {_HASHED / best / 2**30:.1f} GiB/s")
    return ", ".join(rates) + f" ({_HASHED // 2**20} MiB in 1 MiB updates, best of 3)"


def code_revision(repo: Path) -> str:
    """The commit measured, and whether the work tree had uncommitted changes to src/."""
    import subprocess

    def git(*args: str) -> str:
        return subprocess.run(  # noqa: S603
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False  # noqa: S607
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = [line for line in git("status", "--porcelain", "--", "src").splitlines() if line]
    if changed:
        return f"{commit} with uncommitted changes to {len(changed)} files under src/"
    return commit
