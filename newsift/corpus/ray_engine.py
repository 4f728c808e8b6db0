"""``newsift batch --engine ray``: the same per-batch analysis on a Ray cluster (or local Ray).

Why this shape: the writer (a store, JSONL file or Parquet folder) stays ONE object in the
driver, exactly as with the local engine, so resuming, kill safety and the store's single
transaction per batch hold unchanged. The driver filters the input as the local engine does
(ids already written never leave it), hands the rest to Ray in chunks, and writes each analysed
batch as it comes back.

Ray Data cannot read from a Python iterator in the driver, so the rows travel through a bounded
queue (a :class:`ray.util.queue.Queue` actor, which also holds the driver back when the cluster
is busy): one streaming read task, pinned to the driver's node and asking for no CPU, takes
chunks from it (as Ray's own ``from_torch`` streams an iterable), and ``map_batches`` hands each
chunk to a pool of :class:`_Analyzer` actors. Each actor builds the default pipeline once and
runs ``newsift.core.pipe`` (``Pipeline.pipe``) per batch, so a cluster computes byte for byte
what one machine does. Rows and reports cross Ray as JSON strings in one Arrow column each, so
no schema is inferred from the first rows.

Ray is an optional extra (``pip install "newsift[ray]"``); this is the only module that
imports it, and only when called (the core never does: an import-linter contract).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from newsift.errors import NewsiftError
from newsift.report import ErrorRecord, Report

#: Chunks waiting in the queue for the cluster, per worker: enough to keep every actor fed,
#: few enough that the driver never reads far ahead of what is written.
_QUEUED_PER_WORKER = 4
_DONE = None  # the end of the input, in the queue


class RayMissingError(NewsiftError):
    """``--engine ray`` without Ray installed."""

    exit_code = 2


class RayEngine:
    """Ray, started or joined when ``batches(rows)`` has rows to analyse, and stopped on
    ``__exit__`` if started here. Without Ray installed the constructor raises
    :class:`RayMissingError`.

    ``address`` joins a running cluster (``"auto"``, ``"head:6379"``, ``"ray://head:10001"``);
    without it a local Ray with ``workers`` CPUs starts. ``workers`` actors each load the models
    once (default: every CPU of the cluster).
    """

    def __init__(
        self,
        *,
        fast: bool = False,
        batch_size: int = 32,
        workers: int | None = None,
        address: str | None = None,
    ):
        self.fast, self.batch_size, self.workers, self.address = fast, batch_size, workers, address
        self._ray: Any = _import_ray()  # a missing Ray is known before anything else happens
        self._started_here = False

    def __enter__(self) -> RayEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._started_here:
            self._ray.shutdown()
            self._started_here = False

    def _start(self) -> None:
        """Start or join Ray, only once there is work: a resumed run with nothing left to do
        starts nothing."""
        ray = self._ray
        if not ray.is_initialized():
            _init(ray, self.address, self.workers)
            self._started_here = True
        if self.workers is None:
            self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))

    def batches(self, rows: Iterable[Mapping[str, Any]]) -> Iterator[list[Report | ErrorRecord]]:
        """Each analysed batch as it is done (in completion order, not input order), as
        ``newsift.core.pipe_batches`` yields them; a bad row is an :class:`ErrorRecord`."""
        rows = iter(rows)
        first = next(rows, None)
        if first is None:  # nothing left to do
            return
        self._start()
        assert self.workers is not None
        yield from _run(
            self._ray,
            itertools.chain([first], rows),
            fast=self.fast,
            batch_size=self.batch_size,
            workers=self.workers,
        )


def _import_ray() -> Any:
    try:
        import ray
        import ray.data  # the [data] extra: pandas, the Data library
    except ImportError:
        raise RayMissingError(
            '--engine ray needs Ray: pip install "newsift[ray]" (on every node of a cluster)'
        ) from None
    return ray


def _init(ray: Any, address: str | None, workers: int | None) -> None:
    """Start local Ray, or connect to ``address``; quiet, since the CLI shows its own progress."""
    options: dict[str, Any] = {
        "include_dashboard": False,
        "logging_level": logging.ERROR,
        "log_to_driver": False,
    }
    # Ray's C++ side logs to the terminal past Python's logging (e.g. a note on every Ray Data
    # actor's restart arguments); errors that matter reach the driver as exceptions anyway.
    os.environ.setdefault("RAY_BACKEND_LOG_LEVEL", "fatal")
    if address:
        _check_reachable(address)
        options["address"] = address
    else:
        options["num_cpus"] = workers or os.cpu_count() or 1
        # Ray starts its workers at nice 15, so on a machine doing anything else the analysis
        # gets the leftovers; the local engine's workers run at the user's priority, and so do
        # these. (A cluster's nodes keep what `ray start` set.)
        options["_system_config"] = {"worker_niceness": 0}
    try:
        ray.init(**options)
    except ConnectionError as err:
        raise NewsiftError(f"cannot reach the Ray cluster at {address}: {err}") from None
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False
    # Ray Data gathers what a task yields into blocks of up to 128 MiB before passing them on:
    # the read task would hold every chunk of the queue, and an actor every batch's reports,
    # until the input ends (measured: 24 rows, all written at the end by one actor). With tiny
    # blocks each row moves on as soon as it is read or analysed; map_batches and the driver
    # gather them back into batches.
    context.target_max_block_size = 1024


def _check_reachable(address: str) -> None:
    """Fail in seconds, not minutes, when a ``host:port`` address does not answer (Ray itself
    keeps retrying a missing head node for a long time)."""
    import socket

    host, _, port = address.rpartition(":")
    if address == "auto" or "://" in address or not port.isdigit():
        return  # Ray finds or checks these itself
    try:
        socket.create_connection((host or "127.0.0.1", int(port)), timeout=10).close()
    except OSError as err:
        raise NewsiftError(
            f"cannot reach the Ray cluster at {address} ({err.strerror or err}); start it with"
            " `ray start --head` on the head node, or check the address"
        ) from None


def _run(
    ray: Any, rows: Iterable[Mapping[str, Any]], *, fast: bool, batch_size: int, workers: int
) -> Iterator[list[Report | ErrorRecord]]:
    from ray.util.queue import Queue

    queue = Queue(maxsize=_QUEUED_PER_WORKER * workers, actor_options={"num_cpus": 0})
    feeder = _Feeder(queue, rows, batch_size)
    dataset = ray.data.read_datasource(
        _queue_source(queue),
        override_num_blocks=1,
        num_cpus=0,
        # The read task only relays chunks: keep it beside the queue, on the driver's node.
        label_selector={ray._raylet.RAY_NODE_ID_KEY: ray.get_runtime_context().get_node_id()},
    ).map_batches(
        _FastAnalyzer if fast else _Analyzer,
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=workers),
        num_cpus=1,
    )
    feeder.start()
    try:
        # Ray Data warns that one read task cannot feed several actors; it streams many
        # blocks, which it counts only at run time, and every actor gets work.
        warnings.filterwarnings("ignore", message="The minimum number of concurrent actors")
        for block in dataset.iter_batches(batch_size=batch_size, batch_format="pyarrow"):
            yield [_result(text) for text in block.column("result").to_pylist()]
        feeder.check()
    finally:
        feeder.stop()


class _Feeder(threading.Thread):
    """Puts the driver's (already filtered) rows into the queue in chunks, then the end mark.

    A thread, because the driver must go on writing results while it feeds the cluster; the
    queue's bound holds it back. An error reading the input is kept and raised by ``check``.
    """

    def __init__(self, queue: Any, rows: Iterable[Mapping[str, Any]], size: int):
        super().__init__(name="newsift-ray-feeder", daemon=True)
        self.queue, self.rows, self.size = queue, rows, size
        self.error: BaseException | None = None
        self._stopping = threading.Event()

    def run(self) -> None:
        try:
            chunk: list[str] = []
            for row in self.rows:
                if self._stopping.is_set():
                    return
                chunk.append(json.dumps(dict(row), ensure_ascii=False, default=str))
                if len(chunk) >= self.size:
                    self.queue.put(chunk)
                    chunk = []
            if chunk:
                self.queue.put(chunk)
        except BaseException as err:  # handed to the driver's thread by check()
            self.error = err
        finally:
            if not self._stopping.is_set():
                self.queue.put(_DONE)

    def check(self) -> None:
        self.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        self._stopping.set()


def _result(text: str) -> Report | ErrorRecord:
    data = json.loads(text)
    if "error" in data and "article" not in data:
        return ErrorRecord.model_validate(data)
    return Report.model_validate(data)


def _queue_source(queue: Any) -> Any:
    """The Datasource over ``queue``; its class is defined here, once Ray is importable."""
    from ray.data.block import BlockMetadata
    from ray.data.datasource import Datasource, ReadTask

    class QueueSource(Datasource):
        """One streaming read task that relays the queue's chunks as blocks until the end mark."""

        def __init__(self, queue: Any):
            self._queue = queue

        def estimate_inmemory_data_size(self) -> None:
            return None

        def get_read_tasks(self, parallelism: int, **_: Any) -> list:
            queue = self._queue

            def read() -> Iterator[Any]:
                import pyarrow as pa

                while (chunk := queue.get()) is not _DONE:
                    yield pa.table({"row": pa.array(chunk, type=pa.large_string())})

            metadata = BlockMetadata(
                num_rows=None, size_bytes=None, input_files=None, exec_stats=None
            )
            return [ReadTask(read, metadata)]

    return QueueSource(queue)


class _Analyzer:
    """A Ray Data actor: the default pipeline, loaded once, over each batch of rows.

    The mode is a class attribute, not a constructor argument, so Ray keeps no constructor
    arguments in its object store for restarting the actor.
    """

    fast = False

    def __init__(self) -> None:
        from newsift.core import default_pipeline

        default_pipeline(self.fast)  # load the models now, not in the first batch

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        from newsift.core import pipe

        rows = [json.loads(text) for text in batch.column("row").to_pylist()]
        results = [
            result.model_dump_json()
            for result in pipe(rows, batch_size=max(1, len(rows)), fast=self.fast)
        ]
        return pa.table({"result": pa.array(results, type=pa.large_string())})


class _FastAnalyzer(_Analyzer):
    """``--fast``: the pipeline without the dependency parser."""

    fast = True
