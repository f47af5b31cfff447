import dataclasses

import pytest

from sim.data.scenario import load_scenario


@pytest.fixture(scope="session")
def ziyang():
    return load_scenario("ziyang")


@pytest.fixture(scope="session")
def without_policies(ziyang):
    """The Ziyang scenario with every policy removed: the counterfactual."""
    return dataclasses.replace(ziyang, policies=[])


def only(scenario, name):
    """The scenario with just one policy kept."""
    return dataclasses.replace(scenario, policies=[p for p in scenario.policies if p.name == name])


def same_row(a: dict, b: dict) -> bool:
    """Two yearly rows equal key by key, NaN equal to NaN (the launch row has no exchange year)."""
    import pandas as pd
    return sorted(a) == sorted(b) and pd.Series(a)[sorted(a)].equals(pd.Series(b)[sorted(b)])


@pytest.fixture(scope="session", autouse=True)
def no_process_outlives_the_suite():
    """After the whole suite, no process it started (servers, workers, sleepers) is still running."""
    yield
    import os
    import subprocess
    import time

    def children():
        ps = subprocess.run(["ps", "-ww", "-o", "pid=,cmd=", "--ppid", str(os.getpid())], capture_output=True,
                            text=True)
        # Python's own helpers (multiprocessing's resource tracker) end with this process, not before it
        return [line for line in ps.stdout.splitlines()
                if " ps -ww -o " not in f" {line}" and "multiprocessing.resource_tracker" not in line
                and "multiprocessing.forkserver" not in line]

    deadline = time.time() + 10  # pools and clusters closing
    while children() and time.time() < deadline:
        time.sleep(0.5)
    assert not children(), f"processes left behind by the tests: {children()}"
