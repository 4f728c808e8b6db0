"""The analysis process: a job past its time limit is stopped, and the next runs in a new one.

The jobs are stdlib functions (the child is spawned, so a job must be importable by name);
``time.sleep(3600)`` stands for an analysis that would never end.
"""

from __future__ import annotations

import asyncio
import operator
import os
import time

import pytest

from newsift.web.runner import AnalysisProcess, AnalysisProcessDied, TimeLimitExceeded


def _in(seconds: float) -> float:
    return time.monotonic() + seconds


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def process():
    process = AnalysisProcess()
    yield process
    process.stop()


def test_a_job_past_its_limit_is_killed_and_the_next_job_runs_in_a_new_process(process):
    async def scenario() -> None:
        assert await process.call(_in(60), operator.add, 2, 3) == 5
        first = process.pid
        with pytest.raises(TimeLimitExceeded, match="ran past the time limit") as err:
            await process.call(_in(0.5), time.sleep, 3600)
        assert err.value.started
        assert first is not None and not _alive(first)
        assert await process.call(_in(60), operator.add, 2, 3) == 5
        assert process.pid != first

    asyncio.run(scenario())


def test_a_request_still_queued_at_its_limit_never_starts(process):
    async def scenario() -> None:
        assert await process.call(_in(60), operator.add, 1, 1) == 2  # the child is up
        running = asyncio.create_task(process.call(_in(1), time.sleep, 3600))
        await asyncio.sleep(0)  # let it take the process first
        with pytest.raises(TimeLimitExceeded, match="busy") as queued:
            await process.call(_in(0.2), operator.add, 1, 1)
        assert not queued.value.started
        with pytest.raises(TimeLimitExceeded):
            await running

    asyncio.run(scenario())


def test_errors_come_back_and_a_dead_process_is_replaced(process):
    async def scenario() -> None:
        with pytest.raises(ValueError, match="invalid literal"):
            await process.call(_in(60), int, "seven")
        with pytest.raises(AnalysisProcessDied, match="exit code 3"):
            await process.call(_in(60), os._exit, 3)
        assert await process.call(_in(60), operator.add, 2, 3) == 5

    asyncio.run(scenario())
