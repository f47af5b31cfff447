"""compare --marginal: drop-one effects on common random numbers, paired bootstrap intervals, and
yuan per percentage point only where an effect is distinguishable from 0."""

import json

import numpy as np
import pandas as pd
import pytest

from sim.app.cli import main
from sim.experiments.marginal import INCLUDES_ZERO, LOWERS, P_MEASURES, effects, marginal_lines, run_marginal
from sim.experiments.forecast import run_forecast
from sim.data.scenario import load_scenario, scenario_path

REPLICATES = 8


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """Ziyang to 2026 with one more policy that moves nothing: pay parity only makes a declared item
    true, at a cost per teacher."""
    text = scenario_path("ziyang").read_text(encoding="utf-8").replace("end_year = 2029", "end_year = 2026")
    path = tmp_path_factory.mktemp("marginal") / "small.toml"
    path.write_text(text + '\n[[policies]]\ntype = "pay_parity"\n', encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def two(small):
    return run_marginal(small, REPLICATES, names=("teacher_exchange", "pay_parity"), progress=False)


def test_the_full_run_is_the_same_whatever_is_dropped(small, two):
    alone = run_marginal(small, REPLICATES, names=("pay_parity",), progress=False)
    assert alone.full == two.full
    pd.testing.assert_frame_equal(alone.table, two.table[two.table["policy"] == "pay_parity"].reset_index(drop=True))
    forecast = run_forecast(load_scenario(small), REPLICATES, load_scenario(small).seed, progress=False).yearly
    last = forecast[forecast["year"] == 2026]
    assert two.full["p_all_cvs_pass_host"] == pytest.approx(100 * last["high_quality_cv_pass_host"].mean())
    assert two.full["binding_cv_ratio"] == pytest.approx(last["binding_cv_ratio"].mean())


def test_a_policy_that_moves_nothing_has_exactly_zero_effect_and_no_yuan_per_point(two):
    """On common random numbers a policy drawing nothing from the others' streams leaves every
    replicate as it was: the paired differences are 0, not noise around it."""
    reps = two.replicates[two.replicates["policy"] == "pay_parity"]
    assert (reps[[*P_MEASURES, "binding_cv_ratio", "urban_rural_gap"]] == 0).all().all()
    row = two.table.set_index("policy").loc["pay_parity"]
    for name in P_MEASURES:
        assert row[f"{name}_low"] <= 0 <= row[f"{name}_high"]
        assert np.isnan(row[f"yuan_per_point_{name}"]) and row[f"yuan_per_point_{name}_note"] == INCLUDES_ZERO
    assert row["cost_yuan"] > 0 and row["cost_yuan"] == pytest.approx(row["own_cost_yuan"], abs=1)


def test_dropping_the_exchange_raises_the_binding_cv_counted_at_host(two):
    row = two.table.set_index("policy").loc["teacher_exchange"]
    assert row["binding_cv_ratio_high"] < 0  # with the exchange the largest CV is lower, in the whole interval
    assert row["p_all_cvs_pass_host"] >= row["p_all_cvs_pass_home"]


def frame(**columns):
    n = len(next(iter(columns.values())))
    base = {name: np.zeros(n) for name in (*P_MEASURES, "binding_cv_ratio", "urban_rural_gap", "cost_yuan",
                                           "own_cost_yuan")}
    return pd.DataFrame({**base, **columns, "policy": "x", "type": "x"})


def test_yuan_per_point_is_the_cost_over_an_effect_above_zero():
    diff = frame(p_all_cvs_pass_host=np.full(10, 20.0), cost_yuan=np.full(10, 1e6))
    row = effects(diff, seed=1, year=2029)
    assert (row["p_all_cvs_pass_host_low"], row["p_all_cvs_pass_host_high"]) == (20.0, 20.0)
    assert row["yuan_per_point_p_all_cvs_pass_host"] == pytest.approx(5e4)
    assert row["yuan_per_point_p_all_cvs_pass_host_low"] == pytest.approx(5e4)


def test_an_effect_whose_interval_includes_or_lies_below_zero_has_no_yuan_per_point():
    mixed = np.array([100.0, 0, 0, 0, 0, 0, 0, 0, 0, 0])  # mean +10, but most resamples hold 0 or 1 pass
    falls = np.full(10, -30.0)
    row = effects(frame(p_all_cvs_pass_host=mixed, p_all_cvs_pass_home=falls, cost_yuan=np.full(10, 1e6)), 1, 2029)
    assert row["p_all_cvs_pass_host"] == pytest.approx(10.0) and row["p_all_cvs_pass_host_low"] <= 0
    assert np.isnan(row["yuan_per_point_p_all_cvs_pass_host"])
    assert row["yuan_per_point_p_all_cvs_pass_host_note"] == INCLUDES_ZERO
    assert np.isnan(row["yuan_per_point_p_all_cvs_pass_home"])
    assert row["yuan_per_point_p_all_cvs_pass_home_note"] == LOWERS


def test_the_bootstrap_resamples_replicates_jointly():
    """The same replicates for every measure: two measures equal replicate by replicate have equal intervals."""
    values = np.arange(10.0)
    row = effects(frame(p_all_cvs_pass_host=values, p_high_quality_home=values), seed=3, year=2029)
    assert row["p_all_cvs_pass_host_low"] == row["p_high_quality_home_low"] < 4.5
    assert row["p_all_cvs_pass_host_high"] == row["p_high_quality_home_high"] > 4.5


def test_marginal_writes_its_tables_and_a_chart_redrawn_from_them(small, tmp_path, capsys):
    out = tmp_path / "m"
    assert main(["compare", small, "--marginal", "pay_parity", "--replicates", "2", "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == [".edusim-written", "marginal.csv", "marginal.png", "meta.json", "replicates.csv"]
    table = pd.read_csv(out / "marginal.csv")
    assert table["policy"].tolist() == ["pay_parity"] and "n/a" in text and "P(7 CVs) home" in text
    meta = json.loads((out / "meta.json").read_text())
    assert meta["experiment"] == "marginal" and meta["year"] == 2026 and meta["replicates"] == 2
    png = out / "marginal.png"
    before = png.read_bytes()
    png.unlink()
    assert main(["chart", str(out)]) == 0 and png.read_bytes() == before


@pytest.mark.parametrize("extra, message", [
    (["--marginal", "nosuch"], "nosuch"),
    (["--marginal", "--year", "2031"], "--year: 2031"),
    (["dingxi", "--marginal"], "give one scenario"),
    (["--year", "2027"], "--year goes with --marginal"),
])
def test_bad_marginal_input_is_one_line_and_writes_nothing(tmp_path, capsys, extra, message):
    out = tmp_path / "m"
    assert main(["compare", "ziyang", *extra, "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and not out.exists()


def test_the_report_reads_in_chinese(two):
    """Issue 23: the console report in the table's language: its head, the note, the column names and
    the cells that say why no yuan per point is given."""
    zh = "\n".join(marginal_lines(two.table, two.full, "small", 2026, "host", "zh"))
    en = "\n".join(marginal_lines(two.table, two.full, "small", 2026, "host"))
    assert "small，2026年" in zh and "各政策的作用" in zh and "每百分点 P（7项差异系数） 接收校" in zh
    assert zh.count("不适用") == en.count("n/a")
    assert "policy" not in zh and "effect" not in zh
