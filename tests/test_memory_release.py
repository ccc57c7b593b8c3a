"""The operator gives the memory it freed back to the system after each resync pass (olapctl.k8s.memory)."""

from __future__ import annotations

from pathlib import Path

from olapctl.k8s.memory import release_free_memory


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS in /proc/self/status")


def test_freed_memory_leaves_the_process() -> None:
    """As after a burst of objects: 200 MB of 2 kB buffers (each from malloc), one in 50 kept. What was freed
    stays in the process's RSS until it is released."""
    chunks = [bytes(2000) for _ in range(100_000)]
    kept = chunks[::50]
    del chunks
    before = rss_mib()
    assert release_free_memory()
    after = rss_mib()
    assert before - after > 100, f"RSS {before:.0f} -> {after:.0f} MiB"
    assert len(kept) == 2000
