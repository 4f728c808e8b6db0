"""The long fuzz run: many generated inputs (text, bytes, HTML) through ``newsift.analyze``, each
in a worker process under a time limit, counting uncaught exceptions, hangs and peak memory.

Inputs come from the strategies the test suite uses (``tests/fuzz_strategies.py``); hypothesis
only generates here (no shrinking), and a worker that overruns the limit is killed and replaced,
so one hang costs one input, not the run. Failing inputs are saved under ``--out`` to replay.

    python bench/fuzz.py --n 100000 --timeout 60 --out bench/results/fuzz --write-docs
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="inputs to try")
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per input")
    parser.add_argument("--budget", type=float, default=None, help="stop after this many s")
    parser.add_argument("--fast", action="store_true", help="the fast pipeline (no parser)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results" / "fuzz")
    parser.add_argument("--every", type=int, default=500, help="write the summary this often")
    args = parser.parse_args()

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
