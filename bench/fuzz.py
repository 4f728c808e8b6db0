"""The long fuzz run: many generated inputs (text, bytes, HTML) through ``newsift.analyze``, each
in a worker process under a time limit, counting uncaught exceptions, hangs and peak memory.

Inputs come from the strategies the test suite uses (``tests/fuzz_strategies.py``); hypothesis
only generates here (no shrinking), and a worker that overruns the limit is killed and replaced,
so one hang costs one input, not the run. Failing inputs are saved under ``--out`` to replay.

    python bench/fuzz.py --n 100000 --timeout 60 --seed 16 --out /tmp/fuzz-16
    python bench/fuzz.py --summarize /tmp/fuzz-*/summary.json --write-docs
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from fuzz_strategies import byte_inputs, check_result, html_pages, texts  # noqa: E402
from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KINDS = ("text", "bytes", "html")
RELIABILITY = REPO / "docs" / "reliability.md"


def _worker(inbox: mp.Queue, outbox: mp.Queue, fast: bool) -> None:
    import newsift

    newsift.analyze("The minister said the pipeline was safe.", fast=fast)
    while True:
        data = inbox.get()
        if data is None:
            return
        try:
            result = check_result(data, lambda d: newsift.analyze(d, fast=fast))
            outcome = "report" if not isinstance(result, Exception) else "newsift_error"
            detail = ""
        except AssertionError as err:
            outcome, detail = "bad_span", str(err)[:2000]
        except Exception:
            outcome, detail = "exception", traceback.format_exc()[-4000:]
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        outbox.put((outcome, detail, rss_mb))


class Runner:
    """One worker process at a time; a hang kills and replaces it."""

    def __init__(self, timeout: float, fast: bool, out: Path):
        self.timeout, self.fast, self.out = timeout, fast, out
        self.context = mp.get_context("spawn")
        self.counts: dict[str, int] = {}
        self.by_kind: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.peak_rss_mb = 0.0
        self.slowest = 0.0
        self.tried = 0
        self._start()

    def _start(self) -> None:
        self.inbox, self.outbox = self.context.Queue(), self.context.Queue()
        self.process = self.context.Process(
            target=_worker, args=(self.inbox, self.outbox, self.fast), daemon=True
        )
        self.process.start()

    def run(self, kind: str, data: str | bytes) -> None:
        self.tried += 1
        self.by_kind[kind] += 1
        started = time.monotonic()
        self.inbox.put(data)
        try:
            outcome, detail, rss_mb = self.outbox.get(
                timeout=self.timeout + 120 * (self.tried == 1)
            )
            self.peak_rss_mb = max(self.peak_rss_mb, rss_mb)
        except Exception:  # queue.Empty: over the limit
            outcome, detail = "hang", f"over {self.timeout:.0f} s"
            self.process.kill()
            self.process.join()
            self._start()
        self.slowest = max(self.slowest, time.monotonic() - started)
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if outcome in ("exception", "bad_span", "hang"):
            self._save(outcome, kind, data, detail)

    def _save(self, outcome: str, kind: str, data: str | bytes, detail: str) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        stem = self.out / f"{outcome}-{self.tried:06d}-{kind}"
        if isinstance(data, bytes):
            stem.with_suffix(".bin").write_bytes(data)
        else:
            stem.with_suffix(".txt").write_text(data, encoding="utf-8", errors="surrogatepass")
        stem.with_suffix(".error").write_text(detail, encoding="utf-8")

    def close(self) -> None:
        self.inbox.put(None)
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.process.kill()

    def summary(self, seconds: float) -> dict[str, Any]:
        return {
            "inputs": self.tried,
            "by_kind": self.by_kind,
            "outcomes": self.counts,
            "uncaught_exceptions": self.counts.get("exception", 0),
            "spans_outside_text": self.counts.get("bad_span", 0),
            "hangs": self.counts.get("hang", 0),
            "time_limit_s": self.timeout,
            "slowest_s": round(self.slowest, 2),
            "peak_rss_mb": round(self.peak_rss_mb),
            "seconds": round(seconds),
            "fast": self.fast,
        }


def markdown(runs: list[dict[str, Any]], notes: list[str]) -> str:
    """The ``## Fuzzing`` section: the figures of each run and their total."""
    sys.path.insert(0, str(REPO / "bench"))
    from _docs import machine

    keys = ("inputs", "uncaught_exceptions", "spans_outside_text", "hangs")
    total = {k: sum(r[k] for r in runs) for k in keys}
    lines = [
        "## Fuzzing",
        "",
        "Generated inputs (text, bytes in many encodings and with odd charset declarations,"
        " HTML with unclosed and deeply nested tags; the strategies are in"
        " `tests/fuzz_strategies.py`) through `newsift.analyze`, each in a worker process under"
        " a time limit. An input passes when it gives a Report whose every span lies inside its"
        " text (and whose span texts match their offsets), or a NewsiftError with a message.",
        "",
        f"Command: `python bench/fuzz.py --n 100000 --timeout 60 --seed S --out DIR`, then"
        f" `python bench/fuzz.py --summarize DIR/summary.json ... --write-docs` ({machine()},"
        " shared with other jobs).",
        "",
        "| run | pipeline | inputs | uncaught exceptions | spans outside the text | hangs (over"
        " the limit) | NewsiftError | slowest (s) | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for k, r in enumerate(runs, 1):
        pipeline = "fast" if r["fast"] else "full"
        lines.append(
            f"| {k} | {pipeline} | {r['inputs']:,} | {r['uncaught_exceptions']} |"
            f" {r['spans_outside_text']} | {r['hangs']} (> {r['time_limit_s']:.0f} s) |"
            f" {r['outcomes'].get('newsift_error', 0):,} | {r['slowest_s']} | {r['peak_rss_mb']} |"
        )
    lines.append(
        f"| all | | {total['inputs']:,} | {total['uncaught_exceptions']} |"
        f" {total['spans_outside_text']} | {total['hangs']} | | |"
        f" {max(r['peak_rss_mb'] for r in runs)} |"
    )
    lines += ["", *notes] if notes else []
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs to try")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per input")
    parser.add_argument("--budget", type=float, default=None, help="stop after this many s")
    parser.add_argument("--fast", action="store_true", help="the fast pipeline (no parser)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "fuzz")
    parser.add_argument("--every", type=int, default=500, help="write the summary this often")
    parser.add_argument("--summarize", nargs="+", type=Path, help="summary.json files to report")
    parser.add_argument("--note", action="append", default=[], help="a line under the table")
    parser.add_argument("--write-docs", action="store_true", help="with --summarize")
    args = parser.parse_args()
    if args.summarize:
        runs = [json.loads(path.read_text(encoding="utf-8")) for path in args.summarize]
        section = markdown(runs, args.note)
        print(section)
        if args.write_docs:
            from _docs import write_section

            if not RELIABILITY.exists():
                RELIABILITY.write_text("# Reliability\n", encoding="utf-8")
            write_section("fuzzing", section, RELIABILITY)
        return

    runner = Runner(args.timeout, args.fast, args.out)
    started = time.monotonic()
    summary_file = args.out / "summary.json"

    def write_summary() -> dict[str, Any]:
        summary = runner.summary(time.monotonic() - started)
        args.out.mkdir(parents=True, exist_ok=True)
        summary_file.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        return summary

    inputs = st.one_of(
        st.tuples(st.just("text"), texts()),
        st.tuples(st.just("bytes"), byte_inputs()),
        st.tuples(st.just("html"), html_pages()),
    )

    class Done(Exception):
        pass

    @settings(
        max_examples=args.n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(inputs)
    def feed(item: tuple[str, str | bytes]) -> None:
        if args.budget is not None and time.monotonic() - started > args.budget:
            raise Done
        runner.run(*item)
        if runner.tried % args.every == 0:
            print(json.dumps(write_summary()), flush=True)

    try:
        seed(args.seed)(feed)()
    except Done:
        pass
    finally:
        runner.close()
    print(json.dumps(write_summary(), indent=2))


if __name__ == "__main__":
    main()
