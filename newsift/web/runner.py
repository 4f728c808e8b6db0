"""Analyses run in a child process beside each server worker, so one past its time limit stops.

Python cannot stop a thread, only a process. Each server worker hands its analyses, one at a
time, to its own child process. When a request's time limit passes while its analysis runs, the
child is killed (SIGKILL) and a new one started at once: the runaway computation is gone, and
the requests queued behind it wait while the new child loads its models (a few seconds). A
request whose limit passes while it is still queued never reaches the child.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import anyio.to_thread


class TimeLimitExceeded(Exception):
    """The request's time limit passed, while queued (``started`` False) or while running."""

    def __init__(self, started: bool) -> None:
        self.started = started
        super().__init__(
            "the analysis ran past the time limit and was stopped"
            if started
            else "the server was busy: no analysis could start within the time limit"
        )


class AnalysisProcessDied(Exception):
    """The child ended during a job (killed from outside, out of memory, a crash)."""


def _child(conn: Connection, warm: Callable[[], object] | None) -> None:
    """The child's loop: load models once, then run ``(func, args)`` jobs until the pipe closes."""
    if warm is not None:
        warm()
    conn.send(("ready", None))
    while True:
        try:
            func, args = conn.recv()
        except EOFError:  # the worker went away
            return
        try:
            conn.send(("ok", func(*args)))
        except Exception as err:  # the worker re-raises it; an unpicklable one as its text
            try:
                conn.send(("error", err))
            except Exception:
                conn.send(("error", RuntimeError(f"{type(err).__name__}: {err}")))


class AnalysisProcess:
    """One child process that runs jobs one at a time, each within a time limit."""

    def __init__(self, warm: Callable[[], object] | None = None) -> None:
        self._warm = warm
        self._context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self._process: Any = None
        self._conn: Connection | None = None
        self._ready = False
        self._lock: asyncio.Lock | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> None:
        """Start the child if none is running (it loads its models while nothing waits)."""
        if self._process is not None and self._process.is_alive():
            return
        parent, child = self._context.Pipe()
        self._process = self._context.Process(
            target=_child, args=(child, self._warm), daemon=True, name="newsift-analysis"
        )
        self._process.start()
        child.close()
        self._conn, self._ready = parent, False

    def stop(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join()
            self._process = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    async def call(self, deadline: float, func: Callable[..., Any], *args: Any) -> Any:
        """``func(*args)`` in the child, by ``deadline`` (``time.monotonic()``).

        ``func`` must be importable by name (the child is spawned). Raises what ``func``
        raised, :class:`TimeLimitExceeded` or :class:`AnalysisProcessDied`.
        """
        self._lock = self._lock or asyncio.Lock()
        try:
            await asyncio.wait_for(self._lock.acquire(), max(deadline - time.monotonic(), 0))
        except asyncio.TimeoutError:
            raise TimeLimitExceeded(started=False) from None
        try:
            return await anyio.to_thread.run_sync(self._exchange, deadline, func, args)
        finally:
            self._lock.release()

    def _exchange(self, deadline: float, func: Callable[..., Any], args: tuple) -> Any:
        self.start()
        assert self._conn is not None
        if not self._ready:  # a new child loading its models
            if not self._conn.poll(max(deadline - time.monotonic(), 0)):
                raise TimeLimitExceeded(started=False)
            self._receive()
            self._ready = True
        self._conn.send((func, args))
        if not self._conn.poll(max(deadline - time.monotonic(), 0)):
            self._restart()
            raise TimeLimitExceeded(started=True)
        status, value = self._receive()
        if status == "error":
            raise value
        return value

    def _receive(self) -> tuple[str, Any]:
        assert self._conn is not None
        try:
            return self._conn.recv()
        except (EOFError, OSError):
            assert self._process is not None
            self._process.join(5)  # it is ending: the pipe closed
            code = self._process.exitcode
            self._restart()
            raise AnalysisProcessDied(
                f"the analysis process ended unexpectedly (exit code {code}); a new one was started"
            ) from None

    def _restart(self) -> None:
        self.stop()
        self.start()
