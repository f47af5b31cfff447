"""Frozen-seed regression of the default forecast (see tests/regression.py to regenerate)."""

import json
import math

from tests.regression import BASELINE, summary


def test_ziyang_forecast_matches_the_frozen_baseline():
    expected = json.loads(BASELINE.read_text())
    got = summary()
    assert sorted(got) == sorted(expected)
    for year, row in expected.items():
        assert sorted(got[year]) == sorted(row), f"columns changed in {year}"
        for key, value in row.items():
            assert math.isclose(got[year][key], value, rel_tol=1e-9, abs_tol=1e-12), (year, key, got[year][key], value)
