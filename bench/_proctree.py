"""Run a command and sample its whole process tree (RSS and CPU time) from /proc, as it runs.

Why a tree: ``newsift batch -j 2`` and ``--engine ray`` do their work in child processes (loky
workers; Ray's raylet, GCS and actors), which the parent's ``ru_maxrss`` never sees. CPU time
is summed over every process ever seen in the tree (the last reading of each), so a machine
busy with other work changes the seconds but hardly the CPU time per article.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

_PAGE = os.sysconf("SC_PAGE_SIZE")
_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class TreeRun:
    """What one command did: wall seconds, CPU seconds, RSS samples (seconds, MB) with the CPU
    seconds used by each, exit code."""

    seconds: float
    cpu_seconds: float
    samples: list[tuple[float, float]] = field(default_factory=list)
    cpu_series: list[float] = field(default_factory=list)  # CPU seconds so far, per sample
    returncode: int = 0
    stderr: str = ""
    load_average: tuple[float, float] = (0.0, 0.0)  # 1-minute load at start and end

    @property
    def peak_rss_mb(self) -> float:
        return max((mb for _, mb in self.samples), default=0.0)


def _stat(pid: int) -> tuple[int, float, float] | None:
    """(parent pid, CPU seconds, RSS MB) of one process, or None when it is gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()  # after the command name, which may hold spaces
    parent = int(fields[1])
    cpu = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    rss = int(fields[21]) * _PAGE / 2**20
    return parent, cpu, rss


def _tree(root: int) -> dict[int, tuple[float, float]]:
    """CPU seconds and RSS MB of ``root`` and all its descendants now."""
    stats = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            stat = _stat(int(entry.name))
            if stat is not None:
                stats[int(entry.name)] = stat
    children: dict[int, list[int]] = {}
    for pid, (parent, _, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    found, todo = {}, [root]
    while todo:
        pid = todo.pop()
        if pid in stats:
            found[pid] = stats[pid][1:]
            todo.extend(children.get(pid, []))
    return found


def run_sampled(
    command: list[str],
    *,
    every: float = 1.0,
    cwd: str | Path | None = None,
    on_sample: Callable[[], None] | None = None,
) -> TreeRun:
    """Run ``command`` to its end, sampling its process tree every ``every`` seconds
    (``on_sample`` is called at each sample, to note something beside it)."""
    load_start = os.getloadavg()[0]
    waited_before = _waited_cpu()
    start = time.monotonic()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    cpu: dict[int, float] = {}
    samples: list[tuple[float, float]] = []
    cpu_series: list[float] = []
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.append(process.stderr.read()), daemon=True)
    reader.start()
    while process.poll() is None:
        tree = _tree(process.pid)
        for pid, (seconds, _) in tree.items():
            cpu[pid] = seconds
        samples.append(
            (round(time.monotonic() - start, 2), round(sum(r for _, r in tree.values()), 1))
        )
        cpu_series.append(round(sum(cpu.values()), 2))
        if on_sample is not None:
            on_sample()
        time.sleep(every)
    seconds = time.monotonic() - start
    reader.join()
    # What the kernel counted for the command and the descendants it waited for, which
    # includes the CPU used after the last sample; the sampled sum covers processes nobody
    # waited for (Ray's). The larger of the two misses least.
    cpu_total = max(sum(cpu.values()), _waited_cpu() - waited_before)
    return TreeRun(
        seconds=round(seconds, 2),
        cpu_seconds=round(cpu_total, 2),
        samples=samples,
        cpu_series=cpu_series,
        returncode=process.returncode,
        stderr="".join(errors),
        load_average=(round(load_start, 2), round(os.getloadavg()[0], 2)),
    )


def _waited_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
