"""Frozen-seed regression of every ready scenario (see tests/regression.py to regenerate)."""

import json
import math

import pytest

from tests.regression import SCENARIOS, baseline_path, summary


@pytest.mark.parametrize("name", SCENARIOS)
def test_forecast_matches_the_frozen_baseline(name):
    expected = json.loads(baseline_path(name).read_text())
    got = summary(name)
    assert sorted(got) == sorted(expected)
    for year, row in expected.items():
        assert sorted(got[year]) == sorted(row), f"columns changed in {year}"
        for key, value in row.items():
            same = (math.isnan(value) and math.isnan(got[year][key])) or \
                math.isclose(got[year][key], value, rel_tol=1e-9, abs_tol=1e-12)
            assert same, (year, key, got[year][key], value)
