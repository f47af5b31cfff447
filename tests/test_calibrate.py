"""Calibration recovers a parameter from targets it generated, and says how sure it can be."""

import json

import numpy as np
import pytest

from sim.app.cli import main
from sim.data.errors import InputError
from sim.data.scenario import load_scenario
from sim.dynamics.model import CountyModel
from sim.experiments.calibrate import calibrate, load_calibration


def write(tmp_path, body):
    path = tmp_path / "cal.toml"
    path.write_text('name = "t"\nscenario = "ziyang"\nseed = 5\nreplicates = 4\n' + body)
    return path


def truth(sigma: float, year: int = 2026) -> float:
    """The median 2026 composite CV of 4 replicates at a given stock spread (the 'observation')."""
    import dataclasses

    sc = load_scenario("ziyang", end_year=year)
    sc = dataclasses.replace(sc, params={**sc.params, "synth_stock_sigma": sigma})
    seeds = [np.random.SeedSequence(5, spawn_key=(r,)) for r in range(4)]
    return float(np.median([CountyModel(sc, seed=s).run()[-1]["composite_cv_basic_primary"] for s in seeds]))


def test_recovers_a_known_parameter(tmp_path):
    observed = truth(0.45)
    path = write(tmp_path, '[parameters]\nsynth_stock_sigma = { low = 0.1, high = 0.9 }\n'
                           f'[[targets]]\ncolumns = ["composite_cv_basic_primary"]\nyear = 2026\nvalue = {observed}\nsd = 0.01\n')
    report = calibrate(load_calibration(path))
    assert report["fitted"]["synth_stock_sigma"] == pytest.approx(0.45, abs=0.02)
    lo, hi = report["profiles"]["synth_stock_sigma"]["interval_loss_min_plus_1"]
    assert lo < 0.45 < hi and report["profiles"]["synth_stock_sigma"]["identified"]


def test_cli_writes_a_scenario_that_forecasts(tmp_path):
    path = write(tmp_path, '[parameters]\nsynth_stock_sigma = { low = 0.1, high = 0.9 }\n'
                           '[[targets]]\ncolumns = ["composite_cv_basic_primary"]\nyear = 2025\nvalue = 0.3\nsd = 0.05\n')
    out = tmp_path / "cal"
    assert main(["calibrate", str(path), "--out", str(out)]) == 0
    report = json.loads((out / "report.json").read_text())
    scenario = load_scenario(str(out / "calibrated.toml"))
    assert scenario.params["synth_stock_sigma"] == pytest.approx(report["fitted"]["synth_stock_sigma"], abs=1e-4)
    assert (out / "profile.png").exists()
    assert main(["forecast", "--scenario", str(out / "calibrated.toml"), "--replicates", "1",
                 "--out", str(tmp_path / "fc"), "--quiet"]) == 0


@pytest.mark.parametrize("body, message", [
    ('[parameters]\nsynth_stock_sigm = { low = 0.1, high = 0.9 }\n', "did you mean 'synth_stock_sigma'"),
    ('[parameters]\nsynth_stock_sigma = { low = 0.1, high = 0.9 }\n', "at least one \\[\\[targets\\]\\]"),
    ('[parameters]\nsynth_stock_sigma = { low = 0.1, high = 0.9 }\n[[targets]]\ncolumns = ["mean_hq_cvv"]\n'
     'year = 2025\nvalue = 0.3\nsd = 0.1\n', "did you mean 'mean_hq_cv'"),
    ('[parameters]\nsynth_stock_sigma = { low = 0.1, high = 0.9 }\n[[targets]]\ncolumns = ["mean_hq_cv"]\n'
     'year = 2035\nvalue = 0.3\nsd = 0.1\n', "outside the scenario's years"),
])
def test_bad_calibration_files(tmp_path, body, message):
    with pytest.raises(InputError, match=message):
        load_calibration(write(tmp_path, body))
