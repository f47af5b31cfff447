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
