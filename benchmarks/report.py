"""The benchmark report: machine facts, then one section of tables per benchmark, as Markdown."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MiB = 1024 * 1024
GiB = 1024 * MiB


@dataclass
class Table:
    """One Markdown table, with notes printed under it."""

    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        """Append a row; cells are shown with ``str``."""
        if len(cells) != len(self.columns):
            raise ValueError(f"{self.title}: {len(cells)} cells for {len(self.columns)} columns")
        self.rows.append([str(c) for c in cells])

    def markdown(self) -> str:
        """The table as GitHub-flavoured Markdown."""
        lines = [f"### {self.title}", ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        lines.extend("| " + " | ".join(row) + " |" for row in self.rows)
        if self.notes:
            lines.append("")
            lines.extend(self.notes)
        return "\n".join(lines)


@dataclass
class Section:
    """One benchmark of the issue: what it measures, its tables, and what they say."""

    key: str
    title: str
    intro: str
    tables: list[Table] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    profiles: list[tuple[str, str]] = field(default_factory=list)  # (caption, text)

    def markdown(self) -> str:
        """The section as Markdown."""
        parts = [f"## {self.title}", "", self.intro]
        parts.extend(t.markdown() for t in self.tables)
        if self.findings:
            parts.append("\n".join(f"- {f}" for f in self.findings))
        for caption, text in self.profiles:
            parts.append(f"{caption}\n\n```\n{text.rstrip()}\n```")
        return "\n\n".join(parts)


@dataclass
class Report:
    """The whole RESULTS.md."""

    machine: dict[str, str]
    command: str
    date: str
    settings: dict[str, str]
    sections: list[Section] = field(default_factory=list)
    summary: Table | None = None

    def section(self, key: str) -> Section:
        """The section with this key."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def markdown(self) -> str:
        """The report as Markdown."""
        head = [
            "# Benchmarks",
            "",
            "Written by `make bench` (`python -m benchmarks`); do not edit by hand.",
            "",
            f"- Command: `{self.command}`",
            f"- Date: {self.date}",
        ]
        head.extend(f"- {key}: {value}" for key, value in self.machine.items())
        head.extend(f"- {key}: {value}" for key, value in self.settings.items())
        parts = ["\n".join(head)]
        if self.summary is not None:
            parts.append(self.summary.markdown())
        parts.extend(s.markdown() for s in self.sections)
        return "\n\n".join(parts) + "\n"


def mib(nbytes: float) -> str:
    """Bytes as MiB with one decimal."""
    return f"{nbytes / MiB:.1f}"


def seconds(value: float) -> str:
    """Seconds with two decimals."""
    return f"{value:.2f}"


def rate(nbytes: float, secs: float) -> str:
    """Throughput in MiB/s."""
    return f"{nbytes / MiB / secs:.1f}" if secs > 0 else "inf"


def ratio(value: float) -> str:
    """A ratio with two decimals."""
    return f"{value:.2f}"


def verdict(ok: bool) -> str:
    """How a met or missed target shows in a table."""
    return "met" if ok else "**missed**"


def phases_text(phases: Sequence[tuple[str, float]]) -> str:
    """A backup's time by phase in words: "checking 0.021, copying 0.250 s"."""
    return ", ".join(f"{kind} {spent:.3f}" for kind, spent in phases) + " s"


def linear_fit(xs: Sequence[float], ys: Sequence[float]) -> tuple[float, float]:
    """Least-squares slope and intercept of ``ys`` against ``xs``."""
    n = len(xs)
    if n < 2:
        return 0.0, ys[0] if ys else 0.0
    mean_x = sum(xs) / n
    mean_y = sum(ys) / n
    var = sum((x - mean_x) ** 2 for x in xs)
    if var == 0:
        return 0.0, mean_y
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / var
    return slope, mean_y - slope * mean_x


def line(slope: float, intercept: float, unit: str, places: int) -> str:
    """A fitted line in words: "1.050 s per GiB - 0.11 s"."""
    sign = "-" if intercept < 0 else "+"
    return f"{slope:.{places}f} s per {unit} {sign} {abs(intercept):.2f} s"


#: Where ``make bench``'s collection and segment series end by default (issue 15).
SCALE_SERIES_END = 1000


def unmeasured_end(measured: str, end: str, backup_s: float, restore_s: float) -> str:
    """The finding of a series run short of its default end: what the fit predicts there."""
    return (
        f"This run measured up to {measured}; `make bench` without `--counts` and "
        f"`--segments` goes on to {end}, which this run left out for time. The fit above, "
        f"if it stays linear, puts {end} at about {backup_s:.0f} s to back up and "
        f"{restore_s / 60:.0f} min to restore (a prediction, not a measurement)."
    )
