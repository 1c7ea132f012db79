"""Resident memory of a process and of every process it started (the local stack: Python, DynamoDB Local's Java)."""

from __future__ import annotations

from pathlib import Path


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status")
    for line in status.read_text().splitlines() if status.exists() else []:
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree(pid: int) -> list[int]:
    """The process and its descendants, parents first."""
    found = [pid]
    for tasks in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            children = tasks.read_text().split()
        except OSError:  # the thread ended meanwhile
            continue
        for child in children:
            found.extend(tree(int(child)))
    return found


def name(pid: int) -> str:
    comm = Path(f"/proc/{pid}/comm")
    text = comm.read_text().strip() if comm.exists() else "?"
    return "python" if text.startswith("python") else text


def memory(pid: int) -> str:
    """E.g. `python 78 MB, java 237 MB`: every process of the tree."""
    return ", ".join(f"{name(each)} {rss_mb(each):.0f} MB" for each in tree(pid))
