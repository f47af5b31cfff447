"""edusim validate: the tolerance and null-model logic on hand-computed fixtures, the shipped
observed data and their readers, the national hindcast's initial condition, and the command as a
user runs it (in a process that would report any file read beside the repository)."""

import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from sim.app.cli import main
from sim.data.errors import InputError
from sim.experiments.validation import balance, cv_spread, national, observed
from sim.experiments.validation.catalogue import (
    CHANGE_TOLERANCE,
    HINDCASTS,
    NATIONAL_FIGURES,
    NATIONAL_SCENARIO,
    REPO,
)
from sim.experiments.validation.checks import (
    FAIL,
    INFO,
    NOT_DISCRIMINATING,
    PASS,
    TIE,
    Check,
    Result,
    closest,
    judge,
    median_check,
    null_check,
    relative_check,
    relative_error,
    within,
)
from sim.experiments.validation.observed import BALANCE_FILE, CV_FILE, DATA, HIGH_QUALITY_FILE, NATIONAL_FILE

#: Runs the CLI with an audit hook that reports every file opened beside the repository (in its
#: parent folder but inside neither the repository nor the tests' own temporary folder): a user has
#: the project alone.
AUDITED = """
import os, sys
repo = os.path.abspath(sys.argv.pop(1)) + os.sep
scratch = os.path.abspath(sys.argv.pop(1)) + os.sep
beside = os.path.dirname(repo.rstrip(os.sep)) + os.sep
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        path = os.path.abspath(os.fsdecode(args[0]))
        if path.startswith(beside) and not path.startswith((repo, scratch)):
            sys.stderr.write("READS-BESIDE " + path + "\\n")
sys.addaudithook(hook)
from sim.app.cli import main
sys.argv[0] = "edusim"
sys.exit(main(sys.argv[1:]))
"""


#: pytest's temporary folder, where the commands write (set for the module by ``_scratch``).
SCRATCH = [None]


@pytest.fixture(scope="module", autouse=True)
def _scratch(tmp_path_factory):
    SCRATCH[0] = tmp_path_factory.getbasetemp()


def run_cli(*args):
    proc = subprocess.run([sys.executable, "-c", AUDITED, str(REPO), str(SCRATCH[0]), *args], capture_output=True,
                          text=True)
    return proc.returncode, proc.stdout, proc.stderr


# -- tolerance logic ----------------------------------------------------------------------------
def test_within_includes_the_stated_bound_and_nothing_beyond():
    assert within(0.10, 0.10) and within(-0.10, 0.10)
    assert not within(0.1001, 0.10) and not within(-0.1001, 0.10)
    assert not within(float("nan"), 0.10)


def test_relative_error_against_hand_computed_values():
    assert relative_error(5.1, 4.08) == pytest.approx(-0.20)  # 20 % short: on the bound, passes
    assert within(relative_error(5.1, 4.08), 0.20)
    assert not within(relative_error(5.1, 4.07), 0.20)
    assert relative_error(2285, 2742) == pytest.approx(0.20)


OBSERVED = np.array([0.2, 0.3, 0.4, 0.5, 0.6])  # median 0.40, quartiles 0.30 and 0.50


def test_median_check_passes_a_close_wide_distribution():
    simulated = 0.15 + 0.04 * np.arange(11)  # 0.15 .. 0.55: median 0.35, 10 % 0.19, 90 % 0.51
    c = median_check("x", OBSERVED, simulated, 0.10)
    assert (c.observed, c.simulated, c.error) == pytest.approx((0.40, 0.35, -0.05))
    assert c.status == PASS
    assert c.observed_spread == "IQR 0.300-0.500, n=5" and c.simulated_spread == "10-90 % 0.190-0.510, n=11"


def test_median_check_fails_when_the_observed_median_is_outside_the_simulated_band():
    c = median_check("x", OBSERVED, np.array([0.31, 0.32, 0.33]), 0.10)  # error -0.08 but band 0.312-0.328
    assert c.error == pytest.approx(-0.08) and c.status == FAIL


def test_median_check_fails_when_the_medians_are_too_far_apart():
    c = median_check("x", OBSERVED, np.linspace(0.2, 0.9, 15), 0.10)  # median 0.55, band contains 0.40
    assert c.error == pytest.approx(0.15) and c.status == FAIL
    assert median_check("x", OBSERVED, np.linspace(0.2, 0.9, 15), 0.10, judged=False).status == INFO


def test_relative_check_uses_the_median_of_replicates():
    c = relative_check("space", 5.0, np.array([3.0, 4.0, 10.0]), 0.20)  # median 4.0: -20 %
    assert c.simulated == 4.0 and c.error == pytest.approx(-0.20) and c.status == PASS
    assert relative_check("space", 5.0, np.array([3.9]), 0.20).status == FAIL
    assert relative_check("space", 5.0, np.array([3.9]), None).status == INFO


# -- change tolerance and null models: hand-computed -----------------------------------------------
def test_change_tolerance_on_a_hand_computed_change():
    # observed change 5.1 - 3.7 = 1.4; model changes 1.05, 1.1, 1.2 -> median 1.1: (1.1 - 1.4) / 1.4 = -21.4 %
    c = null_check("space", 1.4, np.array([1.05, 1.1, 1.2]), {"persistence": np.zeros(1)}, CHANGE_TOLERANCE, True)
    assert c.simulated == 1.1 and c.error == pytest.approx(-0.3 / 1.4) and c.status == PASS
    assert c.null_errors == {"persistence": -1.0} and c.closer == "model"
    assert null_check("space", 1.4, np.array([1.05]), {}, 0.25, True).status == PASS  # -25 % exactly: on the bound
    assert null_check("space", 1.4, np.array([1.0]), {}, 0.25, True).status == FAIL  # -28.6 %
    # a level tolerance would have passed a model that builds nothing: 7.3 against 8.2 is -11 % ...
    assert within(relative_error(8.2, 7.3), 0.20)
    # ... the change tolerance does not: change 0 against 0.9 is -100 %
    assert null_check("sports", 0.9, np.array([0.0]), {}, 0.25, True).status == FAIL


def test_a_null_model_within_the_tolerance_makes_the_row_not_discriminating():
    c = null_check("equipment", 1558, np.array([1437.0]), {"no_programme": np.array([1351.0]), "persistence": np.zeros(1)},
                   0.25, True)
    assert c.error == pytest.approx(-121 / 1558) and c.null_errors["no_programme"] == pytest.approx(-207 / 1558)
    assert c.status == NOT_DISCRIMINATING and c.closer == "model"
    assert judge(0.3, {"n": 0.0}, 0.25) == FAIL  # the model outside: a failure, whatever the null does
    assert judge(0.1, {"n": 0.3}, 0.25) == PASS and judge(0.1, {"n": -0.25}, 0.25) == NOT_DISCRIMINATING


def test_closest_names_the_model_a_null_or_a_tie():
    assert closest(-0.8, {"no_programme": -1.2, "persistence": -1.0}) == "model"
    assert closest(-1.1, {"no_programme": -1.7, "persistence": -1.0}) == "persistence"
    assert closest(0.9, {"no_programme": 0.9, "persistence": -0.9}) == TIE
    assert closest(float("nan"), {"persistence": 0.5}) == "persistence"


def test_share_rows_use_absolute_errors_and_the_pooled_mean():
    c = null_check("share by 2015", 0.45, np.array([0.4, 0.5, 0.7]), {"persistence": np.array([0.1, 0.2, 0.3])},
                   0.10, False, [0.3, 0.9], center=np.mean)
    assert c.simulated == pytest.approx(1.6 / 3) and c.error == pytest.approx(1.6 / 3 - 0.45)
    assert c.nulls == {"persistence": pytest.approx(0.2)} and c.status == PASS and c.band == "0.30 to 0.90"


def test_verdict_of_a_hindcast_from_its_rows():
    ok, nd, bad = (Check("x", 1.0, 1.0, 0.0, "", "", s) for s in (PASS, NOT_DISCRIMINATING, FAIL))
    assert Result("h", "t", [ok, ok]).verdict == PASS
    assert Result("h", "t", [ok, nd]).verdict == NOT_DISCRIMINATING
    assert Result("h", "t", [nd, bad]).verdict == FAIL


def test_verdict_judges_only_pass_fail_rows():
    ok = relative_check("a", 1.0, np.array([1.0]), 0.2)
    bad = relative_check("b", 1.0, np.array([2.0]), 0.2)
    info = relative_check("c", 1.0, np.array([9.0]), None)
    assert Result("h", "t", [ok, info]).verdict == PASS
    assert Result("h", "t", [ok, bad, info]).verdict == FAIL
    assert Result("h", "t", [info]).verdict == FAIL  # nothing judged is not a pass


# -- the observed data, shipped with the project ------------------------------------------------------
def test_the_observed_data_ship_inside_the_package_with_their_sources():
    assert DATA.is_relative_to(REPO / "sim")
    notice = (DATA / "README.md").read_text(encoding="utf-8")
    for name in (CV_FILE, NATIONAL_FILE, BALANCE_FILE, HIGH_QUALITY_FILE):
        assert (DATA / name).is_file() and f"`{name}`" in notice
    assert "Licence" in notice
    balance_rows = pd.read_csv(DATA / BALANCE_FILE)
    assert balance_rows["address"].str.startswith("http").all() and balance_rows["quote"].str.len().min() > 20


def test_observed_rows_map_the_eight_indicators_onto_the_composite():
    rows = cv_spread.read_observed(DATA)
    assert len(rows) == 23 and sum(r["stage"] == "primary" for r in rows) == 12
    for r in rows:  # the composite is the plain mean of the 8 CVs (README of the data): the mapping is complete
        assert r["composite"] == pytest.approx(np.mean([r[k] for k in cv_spread.OBSERVED_COLUMNS.values()]), abs=1e-3)
    assert rows[0]["teaching_space_m2"] == 0.881 and rows[0]["senior_title_teachers"] == 0.408


def test_teacher_spreads_are_fitted_on_jilin_and_held_out_elsewhere():
    rows = cv_spread.read_observed(DATA)
    fit, held = cv_spread.fit_rows(rows), cv_spread.fit_rows(rows, held_out=True)
    assert len(fit) == 10 and len(held) == 13 and {r["source"] for r in fit} == {"jilin60"}
    assert rows[0] in held  # 庐阳区 (anhui6)


def test_synthetic_counties_start_inside_the_published_range_of_every_basic_indicator():
    """Issue 19: per stage, at least 7 of the 8 basic indicators' median starting CVs inside the
    range of the 2012 district rows, and none below half its minimum."""
    observed_rows = cv_spread.read_observed(DATA)
    simulated = cv_spread.simulated_rows(4, 1, lambda key, **fields: None)
    for stage in ("primary", "junior"):
        inside = 0
        for key in cv_spread.OBSERVED_COLUMNS.values():
            obs, med = cv_spread.values(observed_rows, key, stage), np.median(cv_spread.values(simulated, key, stage))
            inside += obs.min() <= med <= obs.max()
            assert med >= 0.5 * obs.min(), (stage, key, med)
        assert inside >= 7, stage


def test_high_quality_monitoring_rows_are_read_by_indicator():
    rows = cv_spread.read_high_quality(DATA)
    assert [(r["county"], r["stage"]) for r in rows] == [("鸠江区 2023", "primary"), ("宁国市 2022", "primary"),
                                                          ("宁国市 2022", "junior")]
    assert rows[0]["backbone_teachers"] == 0.502 and rows[2]["backbone_teachers"] == 1.055


def test_range_check_passes_inside_the_observed_range_only():
    from sim.experiments.validation.checks import FAIL, PASS, range_check

    observed_cvs = np.array([0.2, 0.3, 0.5])
    assert range_check("x", observed_cvs, np.array([0.1, 0.4, 0.9])).status == PASS  # median 0.4
    low = range_check("x", observed_cvs, np.array([0.1, 0.15, 0.9]))
    assert low.status == FAIL and low.error == pytest.approx(-0.05)
    assert range_check("x", observed_cvs, np.array([0.6])).error == pytest.approx(0.1)


def test_balance_counts_are_cumulative_shares_by_year():
    shares = observed.read_balance(DATA)
    assert list(shares) == [2013, 2015, 2017, 2018, 2019, 2020, 2021]  # 2014 and 2016 were not found
    assert shares[2013] == pytest.approx(293 / 2895, abs=1e-4) and shares[2021] == 1.0
    assert all(a < b for a, b in zip(shares.values(), list(shares.values())[1:]))
    assert [f.target - f.start for f in observed.read_national(DATA)] == pytest.approx([1.4, 0.9, 1558])


def _data_with(tmp_path, name, edit):
    """A --data folder: the shipped files, ``name`` edited."""
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    (folder / name).write_text(edit((DATA / name).read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.mark.parametrize("name, edit, message", [
    (CV_FILE, lambda t: t.replace("published_composite", "composite"), "missing column(s) published_composite"),
    (CV_FILE, lambda t: t.replace(",小学,0.881", ",高中,0.881"), ":2: field 'stage' must be one of"),
    (CV_FILE, lambda t: t.replace(",0.881,", ",n/a,"), ":2: field 'cv_teach_aux_area' must be a number, got 'n/a'"),
    (CV_FILE, lambda t: t.replace(",0.881,", ",-0.881,"), ":2: field 'cv_teach_aux_area' must be from 0 to inf"),
    (BALANCE_FILE, lambda t: t.replace("2015,1302,0.4497", "2015,1302,1.4497"), ":3: field 'share' must be from 0 to 1"),
    (BALANCE_FILE, lambda t: t.replace("2013,293,", "2012,293,"), ":2: field 'year' must be from 2013 to 2021"),
    (NATIONAL_FILE, lambda t: t.replace(",7.3,8.2,", ",7.3,7.3,"), ":3: 2012 and 2021 values are equal"),
    (HIGH_QUALITY_FILE, lambda t: t.replace(",0.502,", ",x,"), ":2: field 'cv_backbone_teachers' must be a number"),
    (HIGH_QUALITY_FILE, lambda t: t.replace(",小学,", ",高中,", 1), ":2: field 'stage' must be one of"),
])
def test_malformed_observed_data_is_an_input_error(tmp_path, name, edit, message):
    folder = _data_with(tmp_path, name, edit)
    reader = {CV_FILE: cv_spread.read_observed, BALANCE_FILE: observed.read_balance, NATIONAL_FILE: observed.read_national,
              HIGH_QUALITY_FILE: cv_spread.read_high_quality}
    with pytest.raises(InputError) as e:
        reader[name](folder)
    assert message in str(e.value) and str(folder / name) in str(e.value)


# -- the national hindcast ----------------------------------------------------------------------
def test_per_pupil_is_the_evaluated_total_over_evaluated_pupils():
    schools = SimpleNamespace(stocks={"books": np.array([10.0, 30.0, 100.0])}, enrollment=np.array([2.0, 3.0, 100.0]),
                              evaluated=np.array([True, True, False]))
    assert national.per_pupil(schools, "books") == 8.0  # (10 + 30) / (2 + 3); a pupil-weighted mean of 5 and 10


def test_initial_stocks_equal_the_2012_figures_and_leave_the_rest():
    from sim.assessment.observe import yearly_row
    from sim.dynamics.model import CountyModel
    from sim.dynamics.quality import target_quality

    scenario = national.load(NATIONAL_SCENARIO)
    model = CountyModel(scenario, seed=3)
    books = model.schools.stocks["books"].copy()
    national.set_initial_stocks(model)
    for f in NATIONAL_FIGURES:
        assert national.per_pupil(model.schools, f.key) == pytest.approx(f.start)
    assert np.array_equal(model.schools.stocks["books"], books)
    # the initial state is re-derived from the scaled stocks, as the constructor derives it
    assert np.allclose(model.schools.quality, target_quality(model))
    assert model.history[0]["mean_quality"] == pytest.approx(yearly_row(model)["mean_quality"])
    assert NATIONAL_FIGURES[2].start == 727.0  # MoE press conference 2022-06-21


def test_an_unknown_policy_type_in_the_national_scenario_is_an_error(tmp_path):
    text = NATIONAL_SCENARIO.read_text(encoding="utf-8") + '\n[[policies]]\ntype = "capital_programm"\n'
    path = tmp_path / "n.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="capital_programm.*capital_programme"):
        national.load(path)


def test_the_national_scenario_must_span_2012_to_2021(tmp_path):
    path = tmp_path / "n.toml"
    path.write_text(NATIONAL_SCENARIO.read_text(encoding="utf-8").replace("end_year = 2021", "end_year = 2020"))
    with pytest.raises(InputError, match="runs 2012 to 2021; the file says 2012 to 2020"):
        national.load(path)


# -- the balance-era hindcast --------------------------------------------------------------------
def test_binding_ratio_is_the_larger_stage_over_its_threshold():
    row = {"composite_cv_basic_primary": 0.325, "composite_cv_basic_junior": 0.44}  # 0.5 and 0.8 of 0.65 / 0.55
    assert balance.binding_ratio(row) == pytest.approx(0.8)
    assert balance.binding_ratio({**row, "composite_cv_basic_junior": None}) == pytest.approx(0.5)


def test_the_synthetic_country_counts_a_county_from_its_first_pass_and_spread_drives_passing():
    runs = balance.simulate(NATIONAL_SCENARIO, 1, 5, NATIONAL_FIGURES,
                            {"low": {"stock_sigma": (0.05, 0.05)}, "high": {"stock_sigma": (1.0, 1.0)}}, workers=1)
    low, high = runs["low"], runs["high"]
    for run in (low, high):
        assert run["passed"].shape == (1, len(balance.YEARS))
        assert np.all(np.diff(run["passed"], axis=1) >= 0)  # certified once, certified for good
        assert run["ratio_start"].size == balance.COUNTIES_PER_REPLICATE
    # the same counties (same streams) with more unequal stocks: higher composite CVs, no more passes
    assert np.all(high["ratio_start"] > low["ratio_start"]) and high["passed"][0, 0] <= low["passed"][0, 0]


# -- the command ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def validate_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("validate") / "v"
    code, stdout, stderr = run_cli("validate", "--replicates", "1", "--seed", "4", "--out", str(out))
    return code, stdout, stderr, out


def test_validate_reads_nothing_beside_the_repository(validate_run):
    code, _, stderr, out = validate_run
    assert code == 0, stderr
    assert "READS-BESIDE" not in stderr  # the audit hook saw no file beside the repository opened
    meta = json.loads((out / "meta.json").read_text())
    assert {Path(v["path"]).parent for v in meta["observed_data"].values()} == {DATA}


def test_validate_shows_model_null_model_observed_change_and_verdict(validate_run):
    code, stdout, stderr, out = validate_run
    assert code == 0, stderr  # failing hindcasts are findings, not errors
    head = "quantity observed simulated error tolerance status".split()
    for h in HINDCASTS:
        assert f"== {h.name}: {h.title}" in stdout
    assert sum(line.split()[:6] == head for line in stdout.splitlines()) == len(HINDCASTS)
    table = pd.read_csv(out / "validate.csv")
    assert set(table["hindcast"]) == {h.name for h in HINDCASTS}
    for _, row in table.iterrows():
        assert row["quantity"].strip() in stdout
        assert row["status"] in (PASS, FAIL, NOT_DISCRIMINATING, INFO)
    national_rows = table[(table["hindcast"] == "national_resources") & (table["status"] != INFO)]
    assert np.allclose(national_rows["observed"], [f.target - f.start for f in NATIONAL_FIGURES])  # the change
    assert np.allclose(national_rows["error"], (national_rows["simulated"] - national_rows["observed"])
                       / national_rows["observed"])
    assert np.allclose(national_rows["null_persistence_error"], -1.0)
    for hindcast in ("national_resources", "basic_balance_share"):
        judged = table[(table["hindcast"] == hindcast) & (table["status"] != INFO)]
        assert judged["null_no_programme"].notna().all() and judged["closer"].notna().all()
        assert judged["band"].str.contains(" to ").all()
    shares = table[(table["hindcast"] == "basic_balance_share") & (table["status"] != INFO)]
    assert list(shares["observed"]) == list(observed.read_balance(DATA).values())
    for f in NATIONAL_FIGURES:
        assert f"{f.label}, change 2012 -> 2021 ({f.unit})" in stdout
    assert "null: no programme (error)" in stdout and "null: persistence (error)" in stdout and "closer" in stdout
    assert "calibrated on Chengdu's 2018 composite 0.28" in stdout
    assert "Ministry of Education press conference 2022-09-27" in stdout
    meta = json.loads((out / "meta.json").read_text())
    assert meta["experiment"] == "validate" and meta["replicates"] == 1 and meta["seed"] == 4
    assert set(meta["verdicts"]) == {h.name for h in HINDCASTS}
    assert all(len(v["sha256"]) == 64 for v in meta["observed_data"].values())
    assert "cv_spread: 1 synthetic counties" in stderr and "basic_balance_share: 10 synthetic counties" in stderr


def test_json_and_same_seed_same_numbers(validate_run, tmp_path):
    _, _, _, first = validate_run
    code, stdout, stderr = run_cli("validate", "--only", "national_resources", "--replicates", "1", "--seed", "4",
                                   "--json", "--quiet", "--out", str(tmp_path / "again"))
    assert code == 0, stderr
    data = json.loads(stdout)
    assert [h["name"] for h in data["hindcasts"]] == ["national_resources"]
    for h in data["hindcasts"]:
        assert h["verdict"] == Result(h["name"], "", [Check(**c) for c in h["checks"]]).verdict
        assert all({"observed", "simulated", "error", "tolerance", "nulls", "closer", "band"} <= set(c)
                   for c in h["checks"])
    again = pd.read_csv(tmp_path / "again" / "validate.csv")
    before = pd.read_csv(first / "validate.csv")
    pd.testing.assert_frame_equal(again, before[before["hindcast"] == "national_resources"].reset_index(drop=True)
                                  [again.columns], check_dtype=False)  # same seed, same numbers, whatever runs beside


def test_only_runs_one_hindcast(tmp_path):
    out = tmp_path / "one"
    assert main(["validate", "--only", "national_resources", "--replicates", "1", "--quiet", "--out", str(out)]) == 0
    assert set(pd.read_csv(out / "validate.csv")["hindcast"]) == {"national_resources"}


@pytest.mark.parametrize("args, message", [
    (["--only", "cv_spred"], "--only: unknown key 'cv_spred'; did you mean 'cv_spread'"),
    (["--data", "nowhere"], f"nowhere/{CV_FILE}: observed data not found (--data DIR must hold {CV_FILE})"),
    (["--replicates", "0"], "must be from 1 to 1,000,000"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, args, message):
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("validate", *args, "--out", str(out))
    assert code == 2 and stdout == ""
    errors = [ln for ln in stderr.splitlines() if "error" in ln]
    assert len(errors) == 1 and message in errors[0]
    assert list(tmp_path.iterdir()) == []


def test_a_bad_balance_file_in_data_exits_2_before_anything_runs(tmp_path):
    folder = _data_with(tmp_path, BALANCE_FILE, lambda t: t.replace("2017,2379,0.81,", "2017,2379,eighty,"))
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("validate", "--data", str(folder), "--out", str(out))
    assert code == 2 and stdout == "" and not out.exists()
    assert stderr.strip().count("\n") == 0  # one line
    assert f"{folder / BALANCE_FILE}:4: field 'share' must be a number, got 'eighty'" in stderr
    assert "synthetic counties" not in stderr  # no progress: nothing ran


def test_help_teaches_each_hindcast_its_tolerance_null_and_sources():
    code, out, _ = run_cli("validate", "--help")
    assert code == 0
    for h in HINDCASTS:
        assert f"{h.name}: {h.title}" in out
    assert "within 25% of the observed change" in out and "+-0.10 of the observed median" in out
    assert "within +-0.10 of the observed share in every observed year" in out
    assert "NOT DISCRIMINATING" in out and "without its capital programme" in out and "--data DIR" in out
    assert CV_FILE in out and BALANCE_FILE in out and "2022-09-27" in out and "examples:" in out
