"""Sweeps: identical on every executor, resumable after a kill, failures recorded, bad
experiment files refused before any run, analyses that recover known answers."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.app.cli import main
from sim.data.errors import InputError
from sim.experiments.experiment import load_experiment
from sim.experiments.sweep import run_sweep

ROOT = Path(__file__).resolve().parents[1]
SMOKE = ROOT / "experiments" / "smoke.toml"


@pytest.fixture(scope="module")
def serial_table(tmp_path_factory):
    out = tmp_path_factory.mktemp("sweep") / "serial"
    run_sweep(load_experiment(SMOKE), out, executor="serial", progress=False)
    return pd.read_parquet(out)


def test_smoke_sweep_table(serial_table):
    exp = load_experiment(SMOKE)
    assert exp.n_runs == 27 and serial_table["run"].nunique() == 27
    assert len(serial_table) == 27 * 6  # one row per run x year
    assert {"teacher_exchange.rate", "pairing.tightness", "mean_hq_cv", "error"} <= set(serial_table)
    assert serial_table["error"].isna().all()


@pytest.mark.parametrize("executor", ["processes", "dask"])
def test_every_executor_gives_the_same_table(serial_table, tmp_path, executor):
    run_sweep(load_experiment(SMOKE), tmp_path / executor, executor=executor, workers=2, progress=False)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / executor), serial_table, check_exact=True)


def test_resume_after_a_kill_gives_the_identical_table(tmp_path):
    exp_file = tmp_path / "longer.toml"
    exp_file.write_text(SMOKE.read_text().replace("replicates = 3", "replicates = 8"))  # 72 runs in 8 parts
    reference = tmp_path / "reference"
    run_sweep(load_experiment(exp_file), reference, executor="serial", progress=False)
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "sim.app.cli", "sweep", str(exp_file), "--out", str(out), "--executor", "serial", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and len(list(out.glob("part-*.parquet"))) < 3:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    parts = list(out.glob("part-*.parquet"))
    assert parts and not (out / "runs.parquet").exists(), "the sweep should have been killed mid-way"
    done_before = pd.concat([pd.read_parquet(p) for p in parts])["run"].nunique()
    summary = run_sweep(load_experiment(exp_file), out, executor="processes", workers=2, progress=False)
    assert summary["computed"] == 72 - done_before
    pd.testing.assert_frame_equal(pd.read_parquet(out), pd.read_parquet(reference), check_exact=True)


def test_sigterm_stops_the_pool_workers_with_it(tmp_path):
    """Issue 24: SIGTERM to a sweep on the process pool stops its workers too (they lived on, printing
    BrokenPipeError tracebacks), exits 143 with one line saying the finished runs are kept."""
    exp_file = tmp_path / "long.toml"
    exp_file.write_text(SMOKE.read_text().replace("replicates = 3", "replicates = 300"))
    out = tmp_path / "s"
    cmd = [sys.executable, "-m", "sim.app.cli", "sweep", str(exp_file), "--out", str(out), "--executor", "processes",
           "--workers", "2", "--quiet"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline and len(list(out.glob("part-*.parquet"))) < 1:
            time.sleep(0.05)
        children = [int(p) for p in subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True,
                                                    text=True).stdout.split()]
        assert children, "the sweep should have started its workers"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 143 and "Traceback" not in err and "terminated; the runs finished so far are kept" in err
    time.sleep(0.5)
    alive = [c for c in children if Path(f"/proc/{c}").exists() and "Z" not in Path(f"/proc/{c}/stat").read_text().split()[2]]
    assert alive == []


def test_a_failing_run_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    import sim.experiments.experiment

    real = sim.experiments.experiment.scenario_for

    def flaky(raw, point, source):
        if point["teacher_exchange.rate"] == 0.15 and point["pairing.tightness"] == 0.6:
            raise RuntimeError("boom")
        return real(raw, point, source)

    monkeypatch.setattr(sim.experiments.experiment, "scenario_for", flaky)
    summary = run_sweep(load_experiment(SMOKE), tmp_path / "s", executor="serial", progress=False)
    table = pd.read_parquet(tmp_path / "s")
    failed = table[table["error"].notna()]
    assert summary["failures"] == 3 and failed["run"].nunique() == 3  # one point x 3 replicates
    assert failed["error"].str.contains("RuntimeError: boom").all()
    assert table[table["error"].isna()]["run"].nunique() == 24


def write_exp(tmp_path, body: str) -> Path:
    path = tmp_path / "exp.toml"
    path.write_text('name = "t"\nscenario = "ziyang"\n' + body)
    return path


@pytest.mark.parametrize("body, message", [
    ('[parameters]\n"teacher_exchange.rat" = [0.1]\n', "unknown key 'teacher_exchange.rat'; did you mean 'teacher_exchange.rate'"),
    ('[parameters]\nrural_drfit = [0.01]\n', "did you mean 'rural_drift'"),
    ('[parameters]\n"teacher_exchange.rate" = []\n', "empty list"),
    ('[parameters]\n"teacher_exchange.rate" = { low = 0.3, high = 0.1 }\n', "empty range"),
    ('[parameters]\n"teacher_exchange.rate" = [0.1, 0.9]\n', "outside its range"),
    ('design = "sobel"\n[parameters]\n"teacher_exchange.rate" = { low = 0.0, high = 0.3 }\n', "did you mean 'sobol'"),
    ('design = "lhs"\n[parameters]\n"teacher_exchange.rate" = [0.1, 0.2]\n', "needs a range"),
    ('outcomes = ["mean_hq_cvv"]\n[parameters]\n"teacher_exchange.rate" = [0.1]\n', "did you mean 'mean_hq_cv'"),
    ('replicates = 0\n[parameters]\n"teacher_exchange.rate" = [0.1]\n', "'replicates' must be a whole number from 1 to 1,000,000"),
    ('[parameter]\n"teacher_exchange.rate" = [0.1]\n', "did you mean 'parameters'"),
    ('design = "sobol"\n[parameters]\nexchange_counted_at = { low = 0, high = 1 }\n', "list its levels"),
    ('design = "sobol"\n[parameters]\nexchange_counted_at = ["host"]\n', "two or more different levels"),
    ('design = "sobol"\n[parameters]\nexchange_counted_at = ["host", "host"]\n', "two or more different levels"),
    ('design = "sobol"\n[parameters]\nexchange_counted_at = ["host", "away"]\n', "must be one of host, home"),
])
def test_bad_experiment_files_fail_before_any_run(tmp_path, body, message):
    path = write_exp(tmp_path, body)
    with pytest.raises(InputError, match=message):
        load_experiment(path)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--quiet"]) == 2
    assert not out.exists()


def test_lhs_and_sobol_designs(tmp_path):
    lhs = load_experiment(write_exp(tmp_path, 'design = "lhs"\nsamples = 20\n[parameters]\n'
                                              '"teacher_exchange.rate" = { low = 0.0, high = 0.3 }\n'
                                              '"teacher_exchange.term_years" = { low = 1, high = 3 }\n'))
    rates = np.array([p["teacher_exchange.rate"] for p in lhs.points])
    assert len(lhs.points) == 20 and rates.min() >= 0 and rates.max() <= 0.3
    assert np.histogram(rates, bins=4, range=(0, 0.3))[0].tolist() == [5, 5, 5, 5]  # one per stratum
    assert all(isinstance(p["teacher_exchange.term_years"], int) for p in lhs.points)
    sob = load_experiment(write_exp(tmp_path, 'design = "sobol"\nsamples = 8\n[parameters]\n'
                                              '"teacher_exchange.rate" = { low = 0.0, high = 0.3 }\n'
                                              'rural_drift = { low = 0.0, high = 0.04 }\n'))
    assert len(sob.points) == 8 * (2 + 2)


def test_a_categorical_factor_takes_equal_shares_of_the_unit_interval():
    from sim.experiments.experiment import level

    two, three = ["host", "home"], ["a", "b", "c"]
    assert [level(u, two) for u in (0.0, 0.4999, 0.5, 0.99, 1.0)] == ["host", "host", "home", "home", "home"]
    # k = 3: u * 3 = 0.99 -> a, 1.02 -> b, 1.98 -> b, 2.01 -> c
    assert [level(u, three) for u in (0.33, 0.34, 0.66, 0.67, 1.0)] == ["a", "b", "b", "c", "c"]


def test_a_sobol_design_varies_the_counting_convention(tmp_path):
    from SALib.sample import sobol

    exp = load_experiment(write_exp(tmp_path, 'design = "sobol"\nsamples = 8\n[parameters]\n'
                                              '"teacher_exchange.rate" = { low = 0.0, high = 0.3 }\n'
                                              'exchange_counted_at = ["host", "home"]\n'))
    assert exp.problem["bounds"] == [[0.0, 0.3], [0.0, 1.0]] and exp.as_dict()["levels"] == {
        "exchange_counted_at": ["host", "home"]}
    unit = sobol.sample(exp.problem, 8, calc_second_order=False, seed=exp.seed)[:, 1]
    got = [p["exchange_counted_at"] for p in exp.points]
    assert got == ["host" if u < 0.5 else "home" for u in unit] and set(got) == {"host", "home"}


def test_the_shipped_sobol_study_varies_levers_convention_and_nuisance():
    exp = load_experiment(ROOT / "experiments" / "ziyang_levers_sobol.toml")  # every key still declared
    assert exp.levels == {"exchange_counted_at": ["host", "home"]}
    assert len(exp.points) == exp.samples * (len(exp.parameters) + 2)
    assert sum(k.split(".")[0] in {p.get("id", p["type"]) for p in exp.scenario_raw["policies"]}
               for k in exp.parameters) >= 6  # the scenario's levers, not only model parameters


def test_a_total_index_interval_of_0_1_or_more_is_flagged():
    from sim.experiments.analysis import ci_widths

    table = ci_widths(pd.DataFrame({"parameter": list("abcd"), "S1": 0.0, "S1_conf": [0.01, 0.2, 0.0, 0.0],
                                    "ST": 0.5, "ST_conf": [0.02, 0.05, 0.049, np.nan]}))
    assert np.allclose(table["ST_ci_width"].iloc[:3], [0.04, 0.1, 0.098])  # SALib's conf is the half-width
    assert np.allclose(table["S1_ci_width"], [0.02, 0.4, 0.0, 0.0])
    assert table["ST_too_wide"].tolist() == [False, True, False, True]  # not a number cannot be ranked


def test_a_named_choice_reads_back_in_the_discovery_rules():
    from sim.experiments.analysis import numeric_factors

    X, names = numeric_factors(pd.DataFrame({"r": [0.1, 0.2, 0.3], "c": ["host", "home", "host"]}), ["r", "c"])
    assert X.tolist() == [[0.1, 1.0], [0.2, 0.0], [0.3, 1.0]] and names == ["r", "c (0 home, 1 host)"]


def test_a_folder_of_another_experiment_is_refused(tmp_path):
    out = tmp_path / "s"
    run_sweep(load_experiment(SMOKE), out, executor="serial", progress=False)
    other = write_exp(tmp_path, '[parameters]\n"teacher_exchange.rate" = [0.1]\n')
    with pytest.raises(InputError, match="holds the results of another experiment"):
        run_sweep(load_experiment(other), out, executor="serial", progress=False)


def test_sobol_analysis_recovers_the_ishigami_indices():
    from SALib.test_functions import Ishigami

    from sim.dynamics.params import Param
    from sim.experiments.analysis import sobol_indices
    from sim.experiments.experiment import design_points

    bounds = (-np.pi, np.pi)
    params = {n: bounds for n in ("x1", "x2", "x3")}
    declared = {n: Param(0.0, "-", None, None, "", "") for n in params}
    points, problem = design_points(params, "sobol", 1024, 0, declared)
    y = Ishigami.evaluate(np.array([[p[n] for n in params] for p in points]))
    table = sobol_indices(problem, y).set_index("parameter")
    analytic = {"x1": 0.3139, "x2": 0.4424, "x3": 0.0}
    for name, s1 in analytic.items():
        assert abs(table.loc[name, "S1"] - s1) < max(0.05, 2 * table.loc[name, "S1_conf"])
    assert table.loc["x3", "ST"] > 0.2  # x3 acts only through its interaction with x1


def test_discovery_finds_the_passing_region():
    from sim.experiments.analysis import discover

    rng = np.random.default_rng(0)
    a, b = rng.random(400), rng.random(400)
    runs = pd.DataFrame({"run": range(400), "point": range(400), "replicate": 0, "a": a, "b": b,
                         "year": 2029, "ok": (a > 0.6) & (b < 0.3), "error": pd.Series([None] * 400, dtype="string")})
    tree, rules, share = discover(runs, ["a", "b"], "ok")
    assert "a >  0.6" in rules.replace("a > 0.6", "a >  0.6") or "a <= 0.6" in rules
    assert tree.score(np.column_stack([a, b]), runs["ok"]) > 0.97


def test_plot_writes_charts_from_stored_results(tmp_path):
    out = tmp_path / "s"
    run_sweep(load_experiment(SMOKE), out, executor="serial", progress=False)
    assert main(["plot", str(out)]) == 0
    names = {p.name for p in (out / "_plots").iterdir()}
    assert {"heatmap_high_quality_pass.png", "fans_mean_hq_cv.png", "discovery.txt"} <= names
    assert len(pd.read_parquet(out)) == 27 * 6  # the charts do not disturb the table
    assert main(["plot", str(out), "--outcome", "high_quality_pass"]) == 0  # a yes/no outcome: P per point
    assert (out / "_plots" / "fans_high_quality_pass.png").exists()
    shutil.rmtree(out / "_plots")
    assert main(["plot", str(out), "--x", "pairing.tightness", "--y", "pairing.tightness"]) == 2  # audit: no heat map
    assert main(["plot", str(out), "--x", "nosuch"]) == 2 and not (out / "_plots").exists()  # and nothing left
    assert main(["plot", str(out), "--x", "pairing.tightness"]) == 0  # review: the default --y is the other one


def test_plot_of_a_sobol_sweep_with_a_categorical_factor_and_a_yes_no_outcome(tmp_path, capsys):
    path = write_exp(tmp_path, 'design = "sobol"\nsamples = 2\nreplicates = 2\n'
                               'outcomes = ["high_quality_cv_pass", "binding_cv_ratio"]\n[parameters]\n'
                               'exchange_counted_at = ["host", "home"]\n'
                               '"teacher_exchange.rate" = { low = 0.0, high = 0.5 }\n')
    out = tmp_path / "s"
    run_sweep(load_experiment(path), out, executor="serial", progress=False)
    assert main(["plot", str(out)]) == 0
    plots = out / "_plots"
    assert {"fans_high_quality_cv_pass.png", "heatmap_high_quality_cv_pass.png", "sensitivity_binding_cv_ratio.csv",
            "sensitivity.txt"} <= {p.name for p in plots.iterdir()}
    table = pd.read_csv(plots / "sensitivity_binding_cv_ratio.csv")
    assert {"ST_ci_width", "ST_too_wide"} <= set(table) and table["ST_too_wide"].any()  # 8 points: too few
    assert "binding_cv_ratio in 2029" in capsys.readouterr().out


def test_python_api_runs_without_the_cli(tmp_path):
    from sim import api

    sc = api.load_scenario("ziyang", overrides=["teacher_exchange.rate=0.2"])
    fc = api.forecast(sc, replicates=2, seed=1, progress=False)
    assert set(fc.yearly["replicate"]) == {0, 1} and "ziyang" in api.scenarios()
    api.sweep(api.load_experiment(SMOKE), tmp_path / "s", executor="serial", progress=False)
    runs, design, meta = api.load_sweep(tmp_path / "s")
    assert len(design) == 9 and meta["sweep_state"] == "complete" and runs["run"].nunique() == 27


@pytest.mark.parametrize("entry", [
    lambda victim: {str(victim): None},  # an absolute name, no checksum
    lambda victim: {f"../{victim.name}": None},  # a name outside the folder
    lambda victim: {"part-00000000-0000abcd.parquet": None},  # a plain part with no checksum
])
def test_a_manifest_cannot_merge_or_delete_a_file_outside_its_sweep(tmp_path, entry):
    """Issue 24: the manifest may list only files a sweep writes, by plain name, each with its
    checksum; anything else stops the sweep with one line and touches no file."""
    import json

    out = tmp_path / "sweep"
    run_sweep(load_experiment(SMOKE), out, executor="serial", progress=False)
    victim = tmp_path / "victim.parquet"
    pd.read_parquet(out / "runs.parquet").to_parquet(victim)
    manifest = out / "_manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), **entry(victim)}))
    with pytest.raises(InputError) as e:
        run_sweep(load_experiment(SMOKE), out, executor="serial", progress=False)
    assert str(manifest) in str(e.value) and "\n" not in str(e.value)
    assert victim.exists()
