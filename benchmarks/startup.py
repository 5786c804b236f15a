"""CLI start-up: ``milvus-backup-grpc --config FILE list`` on an empty local root, as a user
runs it.

Measured against two floors in the same run: a bare interpreter (``python -c pass``) and one
that imports grpc (``python -c "import grpc"``), the least any gRPC client in Python loads.
Each command runs as its own process, spawned by a small launcher process; wall time is from
spawn to exit and peak RSS is the command's ``ru_maxrss`` from ``wait4``. The commands
alternate, so load on the machine falls on all of them alike.

The package's bytecode is compiled first, as installing it (pip) does: in an editable checkout
under ``PYTHONDONTWRITEBYTECODE`` (set on CI machines) every start would otherwise compile every
module again, which no installed copy does.
"""

from __future__ import annotations

import compileall
import json
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

LIST = "milvus-backup-grpc --config FILE list"
GRPC = 'python -c "import grpc"'
BARE = 'python -c "pass"'


@dataclass
class StartupRuns:
    """Wall seconds and peak RSS (bytes) of each run of one command."""

    command: str
    seconds: list[float] = field(default_factory=list)
    peak_rss: list[int] = field(default_factory=list)

    @property
    def median_seconds(self) -> float:
        """Median wall time."""
        return statistics.median(self.seconds)

    @property
    def median_rss(self) -> int:
        """Median peak RSS."""
        return int(statistics.median(self.peak_rss))


@dataclass
class Startup:
    """The start-up of ``list`` and of its floors, measured in the same run."""

    runs: dict[str, StartupRuns]

    @property
    def ratio(self) -> float:
        """``list``'s median time over ``import grpc``'s."""
        return self.runs[LIST].median_seconds / self.runs[GRPC].median_seconds


def _list_command(root: Path, config: Path) -> list[str]:
    # The installed entry point, as a user runs it; the module where it is not installed.
    script = Path(sys.executable).parent / "milvus-backup-grpc"
    head = [str(script)] if script.exists() else [sys.executable, "-m", "milvus_backup_grpc.cli"]
    config.write_text(
        f"minio:\n  storageType: local\n  backupRootPath: {json.dumps(str(root))}\n",
        encoding="utf-8",
    )
    return [*head, "--json", "--config", str(config), "list"]


def _compile_package() -> None:
    """Write the package's bytecode, as an install does (see the module docstring)."""
    import milvus_backup_grpc

    for directory in milvus_backup_grpc.__path__:
        compileall.compile_dir(directory, quiet=1)


# Runs one command and reports its wall time and peak RSS. The measuring process must be
# small: a child's ru_maxrss counts the memory of the process it was forked from (Linux keeps
# the high-water mark across exec), and this harness has pymilvus loaded. A fresh interpreter
# that imports nothing more spawns the command instead.
_LAUNCHER = """
import json, os, sys, time
argv = json.loads(sys.argv[1])
out = [(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
started = time.perf_counter()
pid = os.posix_spawn(argv[0], argv, os.environ, file_actions=out)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - started
print(json.dumps([elapsed, usage.ru_maxrss, os.waitstatus_to_exitcode(status)]))
"""


def _run_once(argv: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS in bytes of one run; fails unless it exits 0."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", _LAUNCHER, json.dumps(argv)],
        cwd=cwd, capture_output=True, text=True, check=False, timeout=120,
    )
    if done.returncode != 0:
        raise RuntimeError(f"launching {' '.join(argv)} failed: {done.stderr[-500:]}")
    elapsed, maxrss_kib, code = json.loads(done.stdout.strip().splitlines()[-1])
    if code != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {done.stderr[-500:]}")
    return float(elapsed), int(maxrss_kib) * 1024  # ru_maxrss is in KiB on Linux


def measure_startup(work_dir: Path, runs: int = 7) -> Startup:
    """Run ``list`` on an empty root and its two floors ``runs`` times each, alternating."""
    root = work_dir / "startup-root"
    root.mkdir(parents=True, exist_ok=True)
    _compile_package()
    commands = {
        BARE: [sys.executable, "-c", "pass"],
        GRPC: [sys.executable, "-c", "import grpc"],
        LIST: _list_command(root, work_dir / "startup-backup.yaml"),
    }
    measured = {name: StartupRuns(name) for name in commands}
    for argv in commands.values():
        _run_once(argv, work_dir)  # once unmeasured: the first run pays for cold files
    for attempt in range(runs):
        order = list(commands) if attempt % 2 == 0 else list(reversed(commands))
        for name in order:
            secs, rss = _run_once(commands[name], work_dir)
            measured[name].seconds.append(secs)
            measured[name].peak_rss.append(rss)
    return Startup(measured)
