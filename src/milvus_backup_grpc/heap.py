"""The process's C heap: how many glibc malloc arenas it keeps, and handing freed memory back.

Copies pass their bytes through buffers of megabytes, allocated and freed by many threads
(copy workers, gRPC's). glibc gives a thread that meets contention an arena of its own, up
to eight per core, and each arena keeps what was freed in it. Measured on a streamed S3 copy
(benchmarks/RESULTS.md, 3.): peak RSS 208 MiB with 4 copy threads and 306 MiB with 16, where
two arenas held it at 133-135 MiB whatever the thread count, and copied as fast or faster (the
GIL serialises most allocations anyway).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import os
import sys
from collections.abc import Callable, Mapping, MutableMapping

#: Arenas the service keeps: one for the main thread and one shared by every other.
ARENAS = 2
_M_ARENA_MAX = -8  # from glibc's malloc.h


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if libc is None or not hasattr(libc, "mallopt") or not hasattr(libc, "malloc_trim"):
        return None  # not glibc (musl, macOS): their allocators behave otherwise
    return libc


def _function(name: str) -> Callable[..., int] | None:
    libc = _libc()
    return getattr(libc, name) if libc is not None else None


def limit_arenas(environ: Mapping[str, str] = os.environ) -> bool:
    """Cap glibc's malloc arenas at ``ARENAS``; True when the cap was set.

    Called once, early, before the threads that copy exist. An operator's own
    ``MALLOC_ARENA_MAX`` wins: glibc has read it at start-up, and it is left alone.
    """
    mallopt = _function("mallopt")
    if mallopt is None or "MALLOC_ARENA_MAX" in environ:
        return False
    return bool(mallopt(_M_ARENA_MAX, ARENAS))


def arrow_on_the_c_heap(environ: MutableMapping[str, str] = os.environ) -> bool:
    """Have all of Arrow allocate from this heap; True when it was set.

    ``pa.set_memory_pool`` (``layout/logical.py``) reaches pyarrow's own calls only: Arrow's
    C++ code, the Parquet writer and reader among it, keeps allocating from its default pool
    (mimalloc), which keeps what it freed, across jobs, and ``release_freed`` cannot hand it
    back. That pool is chosen once, from ``ARROW_DEFAULT_MEMORY_POOL``, when pyarrow is first
    imported, so this is called before that (the service imports it for its first logical
    job). An operator's own choice wins.
    """
    if "ARROW_DEFAULT_MEMORY_POOL" in environ or "pyarrow" in sys.modules:
        return False
    environ["ARROW_DEFAULT_MEMORY_POOL"] = "system"
    return True


def release_freed() -> None:
    """Hand the heap's freed pages back to the system (glibc's ``malloc_trim``)."""
    trim = _function("malloc_trim")
    if trim is not None:
        trim(0)
