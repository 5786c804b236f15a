"""Reading a process's peak resident set size, and sampling its stacks with py-spy."""

from __future__ import annotations

import linecache
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path


def peak_rss_bytes(pid: int) -> int:
    """The process's peak RSS since it started or since ``reset_peak_rss`` (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/{pid}/status has no VmHWM")


def rss_bytes(pid: int) -> int:
    """The process's resident set size now (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/{pid}/status has no VmRSS")


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used, user and system, all threads (/proc/PID/stat)."""
    # The command name (field 2) may hold spaces: count the fields after its ')'.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime = int(fields[11]), int(fields[12])
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def reset_peak_rss(pid: int) -> None:
    """Restart the VmHWM high-water mark at the current RSS, so one operation is measured.

    Writing 5 to clear_refs does that (Linux 4.0+); the service's process is our child.
    """
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def py_spy() -> str | None:
    """The py-spy executable of this environment, if installed."""
    beside = Path(sys.executable).parent / "py-spy"
    if beside.exists():
        return str(beside)
    return shutil.which("py-spy")


class StackSampler:
    """``py-spy record`` attached to a running process, summarised when stopped.

    Samples every thread, idle ones included: the service's work is I/O (copies, fsync,
    waiting on Milvus), which a CPU-only profile would not show.
    """

    def __init__(self, pid: int, out: Path, rate: int = 50) -> None:
        self.pid = pid
        self.out = out
        self.rate = rate
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> bool:
        """Attach; False when py-spy is not installed."""
        exe = py_spy()
        if exe is None:
            return False
        self._proc = subprocess.Popen(  # noqa: S603
            [exe, "record", "--pid", str(self.pid), "--format", "raw", "--idle", "--nonblocking",
             "--full-filenames", "--rate", str(self.rate), "--output", str(self.out)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        return True

    def stop(self) -> Profile:
        """Detach and return the top of the profile, or why there is none."""
        if self._proc is None:
            return Profile("py-spy is not installed (pip install py-spy): no profile")
        self._proc.send_signal(2)  # SIGINT: py-spy writes its output and exits
        try:
            _, err = self._proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            _, err = self._proc.communicate()
        if not self.out.exists():
            return Profile(f"py-spy wrote no profile: {err.decode(errors='replace')[-500:]}")
        return summarise_collapsed(self.out.read_text())


@dataclass(frozen=True)
class Hotspot:
    """One leaf frame of a profile: its share of the samples, and the source line it ran."""

    share: float
    frame: str
    code: str


@dataclass(frozen=True)
class Profile:
    """The top of a py-spy profile: a text for the report and the hottest leaf frames."""

    text: str
    hotspots: tuple[Hotspot, ...] = ()


_FRAME = re.compile(r"^(?P<func>.*) \((?P<path>[^()]+):(?P<line>\d+)\)$")


def _short(frame: str) -> tuple[str, str]:
    """A frame with its path shortened for reading, and the source line it points at."""
    match = _FRAME.match(frame)
    if match is None:
        return frame, ""
    path = match["path"]
    code = linecache.getline(path, int(match["line"])).strip()
    for marker in ("site-packages/", "/src/", "/lib/python"):
        if marker in path:
            path = path.split(marker, 1)[1]
            if marker == "/lib/python":
                path = path.split("/", 1)[-1]
            break
    return f"{match['func']} ({path}:{match['line']})", code


def summarise_collapsed(text: str, top: int = 15) -> Profile:
    """Top functions of collapsed stacks (``a;b;c count``) by own and by inclusive samples."""
    own: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in text.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = [f.strip() for f in stack.split(";") if f.strip()]
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    if not total:
        return Profile("py-spy recorded no samples")
    hotspots = []
    lines = [f"{total} samples (all threads, idle included)", "", "own time (leaf frames):"]
    for frame, count in own.most_common(top):
        shown, code = _short(frame)
        hotspots.append(Hotspot(count / total, shown, code))
        lines.append(f"{100 * count / total:6.1f}%  {shown}" + (f"    | {code}" if code else ""))
    lines.extend(["", "inclusive time:"])
    for frame, count in inclusive.most_common(top):
        shown, _ = _short(frame)
        lines.append(f"{100 * count / total:6.1f}%  {shown}")
    return Profile("\n".join(lines), tuple(hotspots))


def import_rss(modules: list[str]) -> list[tuple[str, int]]:
    """RSS of a fresh interpreter before any import and after importing each module in turn.

    Shows where the service's idle memory goes before it does any work: each figure includes
    the modules before it, so the steps are what each one adds.
    """
    rss = "[l for l in open('/proc/self/status') if l.startswith('VmRSS:')][0].split()[1]"
    lines = [f"print({rss}, flush=True)"]
    for module in modules:
        lines.extend([f"import {module}", f"print({rss}, flush=True)"])
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "\n".join(lines)], check=True, capture_output=True, text=True
    ).stdout.split()
    names = ["(bare interpreter)", *(f"+ {m}" for m in modules)]
    return [(name, int(kib) * 1024) for name, kib in zip(names, out, strict=True)]


_REQUEST = re.compile(r'"(GET|PUT|HEAD|POST|DELETE) (\S+) HTTP')


class RequestLog:
    """Counts the requests a moto server logged (werkzeug logs one line per request)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._offset = 0

    def mark(self) -> None:
        """Start counting from now."""
        time.sleep(0.1)  # let the server log the requests of what ran before
        self._offset = self.path.stat().st_size

    def counts(self) -> dict[str, int]:
        """Requests since ``mark``, by kind (multipart steps told apart by their query)."""
        time.sleep(0.1)
        with self.path.open("rb") as log:
            log.seek(self._offset)
            text = log.read().decode("utf-8", "replace")
        kinds: Counter[str] = Counter()
        for method, target in _REQUEST.findall(text):
            if "uploadId=" in target and method == "PUT":
                kinds["UploadPart"] += 1
            elif "uploads" in target and method == "POST":
                kinds["CreateMultipartUpload"] += 1
            elif "uploadId=" in target and method == "POST":
                kinds["CompleteMultipartUpload"] += 1
            elif "list-type=" in target or (method == "GET" and target.count("/") == 1):
                kinds["List"] += 1
            else:
                kinds[method] += 1
        return dict(kinds)
