"""Upstream's backup strategies (``--strategy``, CreateBackupRequest.strategy), and which of
them a Milvus version lets this service honour.

* ``meta_only``: schemas and indexes only (the same as ``meta_only``).
* ``skip_flush``: no flush; only data Milvus already flushed (the same as ``force``).
* ``serial_flush``: Flush each collection, wait for it, then copy, on every version.
* ``bulk_flush``: one FlushAll for the selected collections at once. Milvus has FlushAll
  only since 2.6.11; against an older one it is refused, naming the reason.

Empty chooses from ``meta_only`` and ``force``, as before strategies existed, and flushes as
the server allows: one FlushAll on 2.6.11+, else a Flush per collection
(``versions.uses_flush_all``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..errors import RequestError
from ..milvus.versions import ServerFeatures


class Strategy(str, Enum):
    """A backup strategy by upstream's name."""

    AUTO = ""
    META_ONLY = "meta_only"
    SKIP_FLUSH = "skip_flush"
    SERIAL_FLUSH = "serial_flush"
    BULK_FLUSH = "bulk_flush"


_NAMES = ", ".join(s.value for s in Strategy if s.value)


@dataclass(frozen=True)
class ResolvedStrategy:
    """What a strategy asks of a backup: the flags the engine acts on."""

    strategy: Strategy
    meta_only: bool
    force: bool


def resolve_strategy(name: str, meta_only: bool = False, force: bool = False) -> ResolvedStrategy:
    """Fold a strategy name and the older ``meta_only`` / ``force`` flags into one answer.

    Raises:
        RequestError: an unknown strategy, or one that contradicts a flag that is set.
    """
    text = name.strip().lower()
    try:
        strategy = Strategy(text)
    except ValueError:
        raise RequestError(f"strategy {name!r} is not known; give one of {_NAMES}") from None
    if strategy is Strategy.AUTO:
        return ResolvedStrategy(strategy, meta_only, force)
    contradicted = [
        flag
        for flag, given, fits in (
            ("meta_only", meta_only, (Strategy.META_ONLY,)),
            ("force", force, (Strategy.SKIP_FLUSH, Strategy.META_ONLY)),
        )
        if given and strategy not in fits
    ]
    if contradicted:
        raise RequestError(
            f"strategy {strategy.value} contradicts {' and '.join(contradicted)}; give the "
            "strategy alone (meta_only is strategy meta_only, force is skip_flush)"
        )
    return ResolvedStrategy(
        strategy,
        meta_only=strategy is Strategy.META_ONLY or meta_only,
        force=strategy is Strategy.SKIP_FLUSH or force,
    )


def strategy_problem(strategy: Strategy, features: ServerFeatures) -> str | None:
    """Why this service cannot honour ``strategy`` against that Milvus; None when it can."""
    if strategy is not Strategy.BULK_FLUSH or features.flush_all:
        return None
    return (
        f"strategy bulk_flush calls FlushAll, which Milvus has only since 2.6.11, and this "
        f"Milvus is {features.version}; use serial_flush (each collection flushed in turn, "
        "the default there) or skip_flush"
    )
