"""Load test of ``newsift serve``: many clients for minutes, latency, errors and server memory.

Starts the server itself on 127.0.0.1 (never another address) on a free port, waits until every
worker has answered, then runs N concurrent clients, each posting the example articles to
``/analyze`` one after another for the given time. Reports requests, errors by status,
latency percentiles, and the resident memory (RSS) of the server's whole process tree (uvicorn,
its workers, their analysis processes) after warm-up and after the run. Linux only (/proc).

    python bench/load_test.py --clients 50 --duration 300 --workers 2 --write-docs
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._docs import machine, write_section  # noqa: E402

HOST = "127.0.0.1"  # loopback only: this script never drives any other address
MAX_CLIENTS = 200
MAX_DURATION = 3600.0
RELIABILITY = REPO / "docs" / "reliability.md"


def payloads() -> list[dict]:
    examples = REPO / "examples"
    return [
        {"text": (examples / "scraped-article.txt").read_text(encoding="utf-8")},
        {"html": (examples / "council-vote.html").read_text(encoding="utf-8")},
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class Proc:
    depth: int  # 0 the server, 1 its workers (and multiprocessing's tracker), 2 analysis
    rss: int  # bytes
    cpu: float  # seconds of user + system time so far


def snapshot(root: int) -> dict[int, Proc]:
    """``root`` and its descendants, by pid."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # ended meanwhile
            continue
        pid = int(stat.parent.name)
        stats[pid] = fields
        children.setdefault(int(fields[1]), []).append(pid)
    tick = os.sysconf("SC_CLK_TCK")
    page = os.sysconf("SC_PAGE_SIZE")
    found: dict[int, Proc] = {}
    todo = [(root, 0)]
    while todo:
        pid, depth = todo.pop()
        if pid in stats:  # fields after the name: state ppid ... utime(12) stime(13) ... rss(22)
            fields = stats[pid]
            cpu = (int(fields[11]) + int(fields[12])) / tick
            found[pid] = Proc(depth, int(fields[21]) * page, cpu)
            todo.extend((child, depth + 1) for child in children.get(pid, []))
    return found


def total_rss(processes: dict[int, Proc]) -> int:
    return sum(p.rss for p in processes.values())


def _load_average() -> str:
    """The 1-minute load average: other work on the machine shows in the latencies."""
    return Path("/proc/loadavg").read_text().split()[0]


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * len(sorted_values)) - 1))
    return sorted_values[index]


async def wait_until_up(base: str, deadline: float) -> None:
    """Until one analysis succeeds (the first waits for its worker's models to load)."""
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        while time.monotonic() < deadline:
            try:
                if (await client.post("/analyze", json=payloads()[0])).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(1)
    raise SystemExit("the server did not answer in time; see its log above")


@dataclass
class Results:
    statuses: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    rss_samples: list[int] = field(default_factory=list)
    elapsed: float = 0.0
    load_average: tuple[str, str] = ("?", "?")  # the machine's, at the start and the end


async def load(base: str, args: argparse.Namespace, server_pid: int, duration: float) -> Results:
    """``args.clients`` loops, each on its own connection, posting for ``duration`` seconds;
    the server's RSS sampled every 10 s meanwhile."""
    results, bodies = Results(), payloads()
    end = time.monotonic() + duration

    async def client_loop(turn: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=args.time_limit + 30) as client:
            while time.monotonic() < end:
                start = time.monotonic()
                try:
                    answer = await client.post("/analyze", json=bodies[turn % len(bodies)])
                    results.statuses[str(answer.status_code)] += 1
                except httpx.HTTPError as err:
                    results.statuses[type(err).__name__] += 1
                results.latencies.append(time.monotonic() - start)
                turn += 1

    async def sample_memory() -> None:
        while True:
            results.rss_samples.append(total_rss(snapshot(server_pid)))
            await asyncio.sleep(10)

    sampler = asyncio.create_task(sample_memory())
    started, load_before = time.monotonic(), _load_average()
    await asyncio.gather(*(client_loop(i) for i in range(args.clients)))
    results.elapsed = time.monotonic() - started
    results.load_average = (load_before, _load_average())
    sampler.cancel()
    return results


def report(
    args: argparse.Namespace, results: Results, before: dict[int, Proc], after: dict[int, Proc]
) -> str:
    latencies = sorted(results.latencies)
    statuses = results.statuses
    total = sum(statuses.values())
    errors = {status: n for status, n in sorted(statuses.items()) if status != "200"}
    mb = 2**20
    peak = max(results.rss_samples, default=total_rss(after))
    growth = total_rss(after) - total_rss(before)
    analysis = sorted(pid for pid, p in before.items() if p.depth == 2)

    def each(depth: int, processes: dict[int, Proc]) -> str:
        return " + ".join(
            f"{p.rss / mb:.0f}" for _, p in sorted(processes.items()) if p.depth == depth
        )

    command = (
        f"python bench/load_test.py --clients {args.clients} --duration {args.duration:g}"
        f" --warm-up {args.warm_up:g}"
        f" --workers {args.workers} --time-limit {args.time_limit:g}"
    )
    return "\n".join(
        [
            f"`{command}` on {machine()}: {args.clients} concurrent clients for"
            f" {results.elapsed:.0f} s against `newsift serve --workers {args.workers}` on"
            f" {HOST}, each posting the two example articles (text and HTML) to `/analyze`"
            f" one after another, after {args.warm_up:g} s of the same load unmeasured. The machine's 1-minute load average was"
            f" {results.load_average[0]} at the start and {results.load_average[1]} at the end"
            f" ({os.cpu_count()} cores, shared with other work).",
            "",
            "| measure | value |",
            "| --- | --- |",
            f"| requests | {total} ({total / results.elapsed:.1f} per second) |",
            f"| answered 200 | {statuses.get('200', 0)} |",
            "| errors by status | "
            + (", ".join(f"{s}: {n}" for s, n in errors.items()) or "none")
            + " |",
            f"| latency p50 / p95 / p99 | {percentile(latencies, 0.50):.2f} s /"
            f" {percentile(latencies, 0.95):.2f} s / {percentile(latencies, 0.99):.2f} s |",
            f"| latency max | {latencies[-1] if latencies else float('nan'):.2f} s |",
            f"| server RSS after the warm-up ({len(before)} processes) |"
            f" {total_rss(before) / mb:.0f} MB |",
            f"| server RSS at the end ({len(after)} processes) | {total_rss(after) / mb:.0f} MB"
            f" ({growth / mb:+.0f} MB, {100 * growth / total_rss(before):+.1f} %) |",
            f"| server RSS, highest 10-second sample | {peak / mb:.0f} MB |",
            f"| RSS of the uvicorn process, before / after | {each(0, before)} / {each(0, after)} MB |",
            f"| RSS of each worker (and multiprocessing's tracker), before / after |"
            f" {each(1, before)} / {each(1, after)} MB |",
            f"| RSS of each analysis process, before / after | {each(2, before)} /"
            f" {each(2, after)} MB |",
            "| CPU seconds of each analysis process during the run | "
            + " + ".join(
                f"{after[pid].cpu - before[pid].cpu:.0f}" if pid in after else "replaced"
                for pid in analysis
            )
            + " |",
        ]
    )


def serve_and_load(
    args: argparse.Namespace,
) -> tuple[Results, dict[int, Proc], dict[int, Proc]]:
    """Start the server, warm it, load it, stop it: (results, RSS before, RSS after)."""
    port = free_port()
    base = f"http://{HOST}:{port}"
    command = [sys.executable, "-m", "newsift", "serve", "--host", HOST, "--port", str(port)]
    command += ["--workers", str(args.workers), "--time-limit", str(args.time_limit)]
    with tempfile.TemporaryFile("w+") as log:
        server = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True
        )
        try:
            asyncio.run(wait_until_up(base, time.monotonic() + 180))
            # The same load first, unmeasured: every worker and analysis process has then
            # run both kinds of input, so the first reading is the steady state, not start-up.
            asyncio.run(load(base, args, server.pid, args.warm_up))
            before = snapshot(server.pid)
            print(f"up on {base}, {total_rss(before) / 2**20:.0f} MB; loading", file=sys.stderr)
            results = asyncio.run(load(base, args, server.pid, args.duration))
            time.sleep(2)
            after = snapshot(server.pid)
        finally:
            server.send_signal(signal.SIGTERM)  # uvicorn stops its workers, they their children
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)  # the session started above, only it
                server.wait()
            if server.returncode not in (0, -signal.SIGTERM):
                log.seek(0)
                print(log.read()[-3000:], file=sys.stderr)
    return results, before, after


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300.0, help="seconds")
    parser.add_argument("--warm-up", type=float, default=30.0, help="seconds, unmeasured")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--time-limit", type=float, default=60.0, help="the server's, seconds")
    parser.add_argument("--write-docs", action="store_true", help=f"write into {RELIABILITY}")
    args = parser.parse_args()
    if not 1 <= args.clients <= MAX_CLIENTS:
        parser.error(f"--clients must be between 1 and {MAX_CLIENTS}")
    if not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--duration must be more than 0 and at most {MAX_DURATION:g} s")
    if not 0 <= args.warm_up <= 600:
        parser.error("--warm-up must be between 0 and 600 s")
    if not 1 <= args.workers <= 16:
        parser.error("--workers must be between 1 and 16")

    results, before, after = serve_and_load(args)
    text = report(args, results, before, after)
    print(text)
    if args.write_docs:
        write_section("service-under-load", text, RELIABILITY)
        print(f"wrote {RELIABILITY}", file=sys.stderr)


if __name__ == "__main__":
    main()
