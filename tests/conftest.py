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
