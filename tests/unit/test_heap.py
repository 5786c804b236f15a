"""The process heap policy: glibc arenas capped unless the operator chose, trim harmless."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from milvus_backup_grpc import heap


def test_an_operators_malloc_arena_max_is_left_alone() -> None:
    assert heap.limit_arenas({"MALLOC_ARENA_MAX": "4"}) is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_the_cap_is_set_on_glibc_and_the_process_keeps_working() -> None:
    # In a child: the cap is process-wide and stays for the rest of the process.
    code = (
        "from milvus_backup_grpc import heap\n"
        "assert heap.limit_arenas({})\n"
        "import threading\n"
        "def work(): [bytearray(4 << 20) for _ in range(20)]\n"
        "threads = [threading.Thread(target=work) for _ in range(8)]\n"
        "[t.start() for t in threads]; [t.join() for t in threads]\n"
        "heap.release_freed()\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "ok"


def test_arrow_allocates_from_the_c_heap_unless_the_operator_chose_a_pool() -> None:
    code = (
        "import pyarrow as pa\n"
        "import milvus_backup_grpc.layout.logical\n"
        "print(pa.default_memory_pool().backend_name)\n"
    )

    def pool(env: dict[str, str]) -> str:
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, env={**os.environ, **env})
        return done.stdout.strip()

    clean = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=clean)
    assert done.stdout.strip() == "system"
    assert pool({"ARROW_DEFAULT_MEMORY_POOL": "mimalloc"}) == "mimalloc"


def test_arrows_own_code_allocates_from_the_c_heap_once_the_service_chose_it() -> None:
    # The Parquet writer is Arrow's C++ code: it allocates from Arrow's default pool, which
    # pa.set_memory_pool does not change; only the environment, read before pyarrow loads,
    # does. mimalloc's high-water mark tells whether it was used at all.
    code = (
        "import sys\n"
        "from milvus_backup_grpc import heap\n"
        "chosen = heap.arrow_on_the_c_heap() if sys.argv[1] == 'chosen' else False\n"
        "import io, pyarrow as pa, pyarrow.parquet as pq\n"
        "import milvus_backup_grpc.layout.logical\n"
        "table = pa.table({'id': list(range(200_000)), 'text': ['row'] * 200_000})\n"
        "pq.write_table(table, io.BytesIO())\n"
        "print(chosen, pa.mimalloc_memory_pool().max_memory())\n"
    )
    clean = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}

    def run(mode: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", code, mode], capture_output=True,
                              text=True, check=True, env=clean)
        return done.stdout.split()

    assert run("chosen") == ["True", "0"]
    chosen, mimalloc_bytes = run("not chosen")
    assert int(mimalloc_bytes) > 0  # without it, the writer's buffers went to mimalloc


def test_an_operators_arrow_pool_or_an_arrow_already_loaded_is_left_alone() -> None:
    assert heap.arrow_on_the_c_heap({"ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}) is False
    import pyarrow  # noqa: F401 - loaded: its pool is chosen already

    assert heap.arrow_on_the_c_heap({}) is False
