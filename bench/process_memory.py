"""This process's memory, from /proc (Linux), with a getrusage fallback."""

from __future__ import annotations

import resource
from pathlib import Path


def _status_mb(field: str) -> float | None:
    status = Path("/proc/self/status")
    if not status.is_file():
        return None
    for line in status.read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024  # kB
    return None


def rss_mb() -> float:
    """Resident set size now."""
    found = _status_mb("VmRSS")
    return found if found is not None else peak_rss_mb()


def peak_rss_mb() -> float:
    """Highest resident set size of this process so far (VmHWM, = ru_maxrss)."""
    found = _status_mb("VmHWM")
    if found is not None:
        return found
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
