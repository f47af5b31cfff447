"""The edusim command as a user runs it: outputs, byte-identical reruns, error paths."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.app.cli import main
from sim.assessment.standards import HIGH_QUALITY
from tests.test_schooltable import EXAMPLE
from tests.running import run_cli


@pytest.fixture(scope="module")
def forecast_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "a"
    assert main(["forecast", "--replicates", "3", "--seed", "5", "--out", str(out), "--quiet"]) == 0
    return out


def test_forecast_writes_the_four_files(forecast_dir):
    assert sorted(p.name for p in forecast_dir.iterdir()) == [".edusim-written", "forecast.png", "meta.json", "schools.csv", "yearly.csv"]
    yearly = pd.read_csv(forecast_dir / "yearly.csv")
    assert len(yearly) == 3 * 6 and yearly["year"].min() == 2024 and yearly["year"].max() == 2029
    for stage in ("primary", "junior"):
        for ind in HIGH_QUALITY:
            assert f"cv_{ind.key}_{stage}" in yearly
        assert f"composite_cv_basic_{stage}" in yearly
    for column in ("replicate", "urban_rural_gap", "theil", "theil_between", "gini", "high_quality_pass"):
        assert column in yearly
    meta = json.loads((forecast_dir / "meta.json").read_text())
    assert meta["seed"] == 5 and meta["replicates"] == 3 and meta["synthetic_data"] is True
    assert meta["scenario"]["name"] == "ziyang" and meta["versions"]["mesa"].startswith("3.")
    assert "git_commit" in meta and "SYNTHETIC" in meta["note"]
    assert meta["command"].startswith("edusim forecast --replicates 3 --seed 5 --out ")  # as run, not pytest's argv
    assert meta["inherited_failures"]["launch_year"] == 2024  # what the starting data already fail
    schools = pd.read_csv(forecast_dir / "schools.csv")
    assert len(schools) == 50  # 59 school parts less 9 teaching points merged into their parents
    assert {"meets_school_rule", "standards_met", "backbone_teachers_standard"} <= set(schools)


def test_same_seed_gives_the_same_bytes(forecast_dir, tmp_path):
    again = tmp_path / "b"
    assert main(["forecast", "--replicates", "3", "--seed", "5", "--out", str(again), "--quiet"]) == 0
    for name in ("yearly.csv", "schools.csv", "forecast.png"):
        assert (again / name).read_bytes() == (forecast_dir / name).read_bytes(), name
    a, b = (json.loads((d / "meta.json").read_text()) for d in (forecast_dir, again))
    a.pop("created"), b.pop("created"), a.pop("run"), b.pop("run"), a.pop("command"), b.pop("command")
    assert a == b


def test_chart_redraws_from_stored_results(forecast_dir):
    png = forecast_dir / "forecast.png"
    before = png.read_bytes()
    png.unlink()
    assert main(["chart", str(forecast_dir)]) == 0
    assert png.read_bytes() == before


def test_forecast_from_a_user_table(tmp_path):
    out = tmp_path / "own"
    assert main(["forecast", "--schools", str(EXAMPLE), "--replicates", "2", "--out", str(out), "--quiet"]) == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["synthetic_data"] is False and meta["schools_table"] == str(EXAMPLE)
    assert set(pd.read_csv(out / "schools.csv")["school"]) <= set(pd.read_csv(EXAMPLE)["school"])


def test_balance_json_shape():
    code, out, err = run_cli("balance", str(EXAMPLE), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"primary", "junior", "assessment", "declared_assumed", "notes", "year"}
    assert set(data["assessment"]["parts"]) == {"resources", "government", "quality", "recognition"}
    assert data["assessment"]["parts"]["government"]["items"]["school_size"]["ok"] in (True, False)
    assert data["assessment"]["parts"]["quality"]["items"]["monitoring_level"] is None  # needs a simulation
    junior = data["junior"]
    assert set(junior["indicators"]) == {i.key for i in HIGH_QUALITY}
    assert {"cv", "mean", "standard", "below_standard"} <= set(junior["indicators"]["backbone_teachers"])
    assert junior["composite_cv"] == pytest.approx(sum(junior["basic_cvs"].values()) / 8)
    assert isinstance(junior["high_quality_pass"], bool) and isinstance(junior["basic_pass"], bool)


@pytest.mark.parametrize("args, message", [
    (["forecast", "--scenario", "ziyan"], "did you mean 'ziyang'"),
    (["forecast", "--end-year", "2200"], "must be a year between"),
    (["forecast", "--schools", "missing.csv"], "missing.csv: file not found"),
    (["balance", "missing.csv"], "missing.csv: file not found"),
    (["chart", "."], "not a run folder"),
])
def test_errors_exit_2_with_one_line_and_write_nothing(tmp_path, args, message):
    out = tmp_path / "out"
    extra = ["--out", str(out)] if args[0] == "forecast" else []
    code, stdout, stderr = run_cli(*args, *extra)
    assert code == 2
    lines = [ln for ln in stderr.splitlines() if ln.startswith("edusim: error")]
    assert len(lines) == 1 and message in lines[0]
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_bad_csv_for_forecast_exits_2_before_any_output(tmp_path):
    bad = tmp_path / "bad.csv"
    lines = EXAMPLE.read_text().splitlines()
    lines[2] = lines[2].replace(",520,", ",-520,")
    bad.write_text("\n".join(lines))
    out = tmp_path / "out"
    code, _, stderr = run_cli("forecast", "--schools", str(bad), "--out", str(out))
    assert code == 2 and f"{bad}:3: row 2 (East Township Central Primary), field 'enrollment'" in stderr
    assert not out.exists()


def test_argument_errors_exit_2():
    code, _, stderr = run_cli("forecast", "--replicates", "0")
    assert code == 2 and "must be from 1 to 1,000,000" in stderr


def test_help_teaches():
    code, out, _ = run_cli("forecast", "--help")
    assert code == 0 and "examples:" in out and "--schools" in out
    code, out, _ = run_cli("balance", "--help")
    assert code == 0 and "teachers_above_degree" in out


def test_unknown_scenario_key_in_a_file_exits_2(tmp_path):
    toml = tmp_path / "mine.toml"
    toml.write_text('name = "mine"\n[params]\nrural_drfit = 0.02\n')
    code, _, stderr = run_cli("forecast", "--scenario", str(toml), "--out", str(tmp_path / "out"))
    assert code == 2 and f"{toml}: [params]: unknown key 'rural_drfit'; did you mean 'rural_drift'" in stderr
    assert not (tmp_path / "out").exists()


def test_a_failure_while_writing_leaves_no_partial_output(tmp_path, monkeypatch):
    import sim.app.plots

    def broken(run_dir):
        raise RuntimeError("disk full")

    monkeypatch.setattr(sim.app.plots, "draw_forecast", broken)
    with pytest.raises(RuntimeError):
        main(["forecast", "--replicates", "1", "--out", str(tmp_path / "out"), "--quiet"])
    assert list(tmp_path.iterdir()) == []


def test_without_and_set_reach_the_run(tmp_path):
    out = tmp_path / "cf"
    assert main(["forecast", "--replicates", "2", "--without", "all", "--set", "rural_drift=0.03",
                 "--out", str(out), "--quiet"]) == 0
    meta = json.loads((out / "meta.json").read_text())
    assert meta["scenario"]["policies"] == [] and meta["scenario"]["params"]["rural_drift"] == 0.03
    yearly = pd.read_csv(out / "yearly.csv")
    assert (yearly["policy_cost_yuan"] == 0).all()


@pytest.fixture(scope="module")
def compare_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("cmp") / "c"
    assert main(["compare", "ziyang", "dingxi", "--replicates", "3", "--out", str(out), "--quiet"]) == 0
    return out


def test_compare_writes_a_table_a_chart_and_the_runs(compare_dir):
    assert sorted(p.name for p in compare_dir.iterdir()) == [".edusim-written", "compare.csv", "compare.png", "meta.json", "yearly.csv"]
    table = pd.read_csv(compare_dir / "compare.csv")
    assert list(table["scenario"]) == ["ziyang", "dingxi"]
    yearly = pd.read_csv(compare_dir / "yearly.csv")
    assert set(yearly["variant"]) == {"policies", "no policy"}
    assert (yearly.loc[yearly["variant"] == "no policy", "policy_cost_yuan"] == 0).all()
    for _, row in table.iterrows():
        runs = yearly[(yearly["scenario"] == row["scenario"]) & (yearly["variant"] == "policies")]
        assert row["total_cost_yuan"] == pytest.approx(runs.groupby("replicate")["policy_cost_yuan"].sum().median())
        end = yearly[(yearly["scenario"] == row["scenario"]) & (yearly["year"] == row["year"])]
        no_policy = end.loc[end["variant"] == "no policy", f"cv_{row['binding_indicator']}"]
        assert row["binding_cv_no_policy"] == pytest.approx(no_policy.median())
        policies = end[end["variant"] == "policies"]
        for at in ("host", "home"):  # P(pass) with exchange teachers counted at host and at home
            assert row[f"p_all_cvs_pass_{at}"] == pytest.approx(policies[f"high_quality_cv_pass_{at}"].mean())
            assert row[f"p_assessment_{at}"] == pytest.approx(policies[f"assessment_pass_{at}"].mean())
        if row["gap_narrowing"] > 0:
            assert row["yuan_per_0.01_gap"] == pytest.approx(row["total_cost_yuan"] / (row["gap_narrowing"] / 0.01))
        else:
            assert np.isnan(row["yuan_per_0.01_gap"])


def test_compare_chart_redraws_from_stored_results(compare_dir):
    png = compare_dir / "compare.png"
    before = png.read_bytes()
    png.unlink()
    assert main(["chart", str(compare_dir)]) == 0
    assert png.read_bytes() == before


def test_compare_help_names_the_official_measures():
    code, out, _ = run_cli("compare", "--help")
    assert code == 0 and "percentage point" in out and "binding CV" in out and "mean_hq_cv" not in out and "mean high-quality CV" not in out


def test_compare_rejects_an_unknown_scenario_before_running(tmp_path):
    code, _, stderr = run_cli("compare", "ziyang", "wiecheng", "--out", str(tmp_path / "c"))
    assert code == 2 and "did you mean 'weicheng'" in stderr
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize("name", ["chengdu", "pingdingshan", "dingxi", "weicheng"])
def test_every_scenario_forecasts_from_the_cli(tmp_path, name):
    out = tmp_path / name
    assert main(["forecast", "--scenario", name, "--replicates", "2", "--out", str(out), "--quiet"]) == 0
    assert (out / "forecast.png").stat().st_size > 10_000


def test_ledger_writes_every_policy_beside_its_range(tmp_path, capsys):
    from sim.policies import REGISTRY

    out = tmp_path / "ledger"
    assert main(["ledger", "--replicates", "2", "--out", str(out)]) == 0
    table = pd.read_csv(out / "ledger.csv")
    assert sorted(table["policy"]) == sorted(REGISTRY)
    assert {"effect", "low", "high", "inside", "source"} <= set(table.columns)
    printed = capsys.readouterr().out
    assert all(f"`{name}`" in printed for name in REGISTRY) and "evidence range" in printed
    assert json.loads((out / "meta.json").read_text())["replicates"] == 2


def test_forecast_prints_the_cv_test_and_the_binding_cv(tmp_path):
    code, out, _ = run_cli("forecast", "--replicates", "2", "--seed", "3", "--out", str(tmp_path / "f"), "--quiet")
    yearly = pd.read_csv(tmp_path / "f" / "yearly.csv")
    last = yearly[yearly["year"] == yearly["year"].max()]
    assert code == 0 and f"P(all 7 CVs pass) = {last['high_quality_cv_pass'].mean():.2f}" in out
    assert f"binding CV most often {last['binding_indicator'].mode().iloc[0]}" in out


def test_a_forecast_says_which_declared_items_it_assumed(tmp_path):
    """Issue 23: parts whose P(pass) rests on declared items the scenario does not give say so beside
    the number, and the items are listed and kept in meta.json; declaring one removes it."""
    code, out, err = run_cli("forecast", "--replicates", "2", "--out", str(tmp_path / "f"), "--quiet")
    assert code == 0, err
    assert "recognition 1.00 (all 1 declared item(s) assumed met)" in out and "assumed, not declared (17 items" in out
    meta = json.loads((tmp_path / "f" / "meta.json").read_text(encoding="utf-8"))
    assert "satisfaction" in meta["scenario"]["declared_assumed"]
    code, out, err = run_cli("forecast", "--replicates", "2", "--out", str(tmp_path / "g"), "--quiet",
                             "--set", "declared.satisfaction=0.9")
    assert code == 0 and "assumed, not declared (16 items" in out and "declared item(s) assumed met), recognition" in out
    assert "satisfaction" not in out.split("assumed, not declared")[1]  # recognition's one item now declared


def test_help_loads_no_heavy_library():
    """Issue 21: building the command line and printing any command's help imports none of mesa,
    matplotlib, dask, scipy, pandas or numpy (they load in the commands that use them)."""
    code = ("import sys\nfrom sim.app.cli import main\n"
            "for argv in (['--help'], ['forecast', '--help'], ['plan', '--help'], ['allocate', '--help'],"
            " ['validate', '--help'], ['sweep', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in ('mesa', 'matplotlib', 'dask', 'scipy', 'pandas', 'numpy') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_the_region_commands_do_not_import_the_main_command_module():
    """Issue 21: cli imports region_cli and both import the shared options; region_cli never imports
    cli back (the import circle is gone)."""
    code = "import sys, sim.app.region_cli\nprint('sim.app.cli' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "False", proc.stderr


@pytest.mark.parametrize("name", ["../../../escape", "/abs/path", "..", "a\\b", "C:\\x", "x" * 400])
def test_a_name_from_a_file_cannot_put_the_run_outside_results(tmp_path, monkeypatch, name):
    """Issue 24: a scenario's, experiment's or county's name becomes one plain folder name under
    results/<kind>/, whatever it holds."""
    from types import SimpleNamespace

    from sim.app.options import run_folder

    monkeypatch.chdir(tmp_path)
    out = run_folder(SimpleNamespace(out=None), "forecast", name)
    assert out.parent == Path("results", "forecast") and out.resolve().parent == (tmp_path / "results" / "forecast")
    assert len(out.name) <= 80 and out.name not in ("", ".", "..")


def test_a_run_never_deletes_its_own_input(tmp_path):
    """Issue 24: --out naming an earlier run folder that holds the --schools table is refused before
    any work, and the table is still there."""
    first = tmp_path / "first"
    code, _, err = run_cli("forecast", "--replicates", "1", "--end-year", "2025", "--quiet", "--out", str(first))
    assert code == 0, err
    table = first / "mine.csv"
    table.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    code, out, err = run_cli("forecast", "--schools", str(table), "--replicates", "1", "--end-year", "2025",
                             "--quiet", "--out", str(first))
    assert code == 2 and "an input of this run" in err and len(err.strip().splitlines()) == 1
    assert table.exists() and (first / "meta.json").exists()
