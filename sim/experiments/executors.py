"""Where independent tasks run: in process, on a local process pool, or on a Dask cluster.

Sweeps and many-county forecasts hand a module-level function and a list of picklable tasks
to ``map_tasks``; each task carries its own seeds, so what comes back never depends on the
executor, on which worker ran a task, or when.
"""

import threading

from sim.data.errors import InputError

EXECUTORS = ("processes", "dask", "serial")


def check_executor(executor: str):
    if executor not in EXECUTORS:
        raise InputError.worded("key_choice", where="--executor", key="executor", options=", ".join(EXECUTORS), value=repr(executor)[:80])


#: Seconds a Dask scheduler has to answer before the run stops with a one-line error.
SCHEDULER_TIMEOUT = 10.0


def reach(scheduler: str, timeout: float | None = None) -> int:
    """The number of workers of a Dask scheduler that answers, or the one-line error saying it does not."""
    from distributed import Client

    timeout = SCHEDULER_TIMEOUT if timeout is None else timeout
    try:
        with Client(scheduler, timeout=timeout) as client:
            return len(client.scheduler_info()["workers"])
    except (OSError, TimeoutError, ValueError) as e:
        raise InputError.worded("scheduler_silent", scheduler=scheduler, timeout=timeout, why=type(e).__name__) from None


def quiet_worker():
    """A pool worker leaves interrupts to its parent (which stops the pool) and dies at once, without
    a traceback, when the pool terminates it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def map_tasks(fn, tasks, executor: str, workers: int, scheduler: str | None = None):
    """Yield ``fn(task)`` for every task, in completion order."""
    if executor == "serial":
        for task in tasks:
            yield fn(task)
    elif executor == "processes":
        import multiprocessing as mp

        # fork, as CPython 3.12 does by default on Linux, when no other Python thread runs:
        # workers start at once with everything imported and scripts need no __main__ guard.
        # Otherwise (and where fork does not exist) spawn, which needs the guard in a script,
        # as Dask's local cluster always does. Results are the same either way.
        fork = threading.active_count() == 1 and "fork" in mp.get_all_start_methods()
        with mp.get_context("fork" if fork else "spawn").Pool(workers, initializer=quiet_worker) as pool:
            yield from pool.imap_unordered(fn, tasks)
    else:
        from distributed import Client, LocalCluster, as_completed

        if scheduler:
            client = Client(scheduler)
            cluster = None
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=40)
            client = Client(cluster)
        try:
            futures = client.map(fn, tasks, pure=False)
            for _, result in as_completed(futures, with_results=True):
                yield result
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
