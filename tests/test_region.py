"""Many counties: reading a region, each county on its own, the same results on every executor,
the timetable check, per-county overrides, allocation rules, and their error paths."""

import itertools
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.app.cli import main
from sim.data.errors import InputError
from sim.data.schooltable import read_counties, read_school_table
from sim.region.allocate import (
    SEARCH_LEVELS,
    closest_first,
    knapsack,
    optimised,
    pro_rata,
    whole,
    with_programme,
)
from sim.region.overrides import county_scenarios
from sim.region.projection import county_seed, project
from sim.region.synthetic import MEANS, county_sizes, county_table, synthetic_region
from sim.region.tables import Region, read_region
from sim.region.timetable import read_targets

NAMES = ["county-0000", "county-0001", "county-0002"]


@pytest.fixture(scope="module")
def region_csv(tmp_path_factory):
    """Three synthetic counties in one table, a county column naming each row."""
    path = tmp_path_factory.mktemp("region") / "three.csv"
    pd.concat([f for _, f in synthetic_region(3, seed=4)]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def targets_csv(region_csv):
    path = region_csv.with_name("targets.csv")
    pd.DataFrame({"县（市、区）": NAMES, "计划通过年份": [2025, 2027, 2029]}).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def region(region_csv):
    return read_region(region_csv)


def test_each_county_is_read_on_its_own(region, region_csv):
    assert region.names == NAMES
    table = pd.read_csv(region_csv)
    for county in region.counties:
        mine = table[table["county"] == county.county]
        assert len(county) == len(mine)  # one row per school part, nothing pooled
        assert county.enrollment.sum() == mine["enrollment"].sum()
        assert county.counts["teachers"].sum() == mine["teachers"].sum()
    # the same school names in every county are no clash: a county is its own namespace
    assert set(region.counties[0].school) & set(region.counties[1].school)


def test_one_county_commands_refuse_a_region(region_csv):
    with pytest.raises(InputError, match=r"holds 3 counties \(county-0000, county-0001, county-0002\).*forecast"):
        read_school_table(region_csv)


def test_a_row_without_its_county_is_named(region_csv, tmp_path):
    table = pd.read_csv(region_csv)
    table.loc[5, "county"] = ""
    bad = tmp_path / "bad.csv"
    table.to_csv(bad, index=False)
    with pytest.raises(InputError, match=r"bad.csv:7: row 6 \(.*\), field 'county': empty; in a table of several"):
        read_counties(bad)


def test_a_folder_of_forms_is_a_region(region_csv, tmp_path):
    table = pd.read_csv(region_csv)
    for name in NAMES[:2]:
        table[table["county"] == name].drop(columns="county").to_csv(tmp_path / f"{name}.csv", index=False)
    folder = read_region(tmp_path)
    assert folder.names == NAMES[:2]  # the county from each form's name
    table[table["county"] == NAMES[0]].to_csv(tmp_path / "again.csv", index=False)
    with pytest.raises(InputError, match="county 'county-0000' is already given in"):
        read_region(tmp_path)


def test_synthetic_counties_average_the_published_totals_per_county():
    rng = np.random.default_rng(0)
    sizes = [county_sizes(rng) for _ in range(2000)]
    for key, kind in (("primary", "primary_schools"), ("junior", "junior_schools"), ("teaching_points", "teaching_points")):
        assert np.mean([s[key] for s in sizes]) == pytest.approx(MEANS[kind], rel=0.05)


def test_every_executor_gives_the_same_rows_and_a_county_its_own(region):
    scenarios = county_scenarios(region, "ziyang", end_year=2026)
    serial = project(scenarios, 2, 7, "serial", progress=False)
    assert serial.equals(project(scenarios, 2, 7, "processes", workers=2, progress=False))
    assert serial.equals(project(scenarios, 2, 7, "dask", workers=2, progress=False))
    assert (county_seed(7, NAMES[0], 0).generate_state(4) != county_seed(7, NAMES[1], 0).generate_state(4)).all()
    alone = project({NAMES[1]: scenarios[NAMES[1]]}, 2, 7, "serial", progress=False)
    assert alone.equals(serial[serial["county"] == NAMES[1]].reset_index(drop=True))
    assert len(serial) == 3 * 2 * 3  # counties x replicates x years 2024-2026


def test_an_override_changes_its_county_only(region, tmp_path):
    file = tmp_path / "overrides.toml"
    file.write_text('["county-0001"]\nwithout = ["teacher_exchange"]\nset = { "capital_programme.budget_yuan_per_pupil" = 1500 }\n',
                    encoding="utf-8")
    base = county_scenarios(region, "ziyang", end_year=2026)
    mine = county_scenarios(region, "ziyang", end_year=2026, override_file=file)
    a = project(base, 1, 3, "serial", progress=False)
    b = project(mine, 1, 3, "serial", progress=False)
    changed = {c for c in NAMES if not a[a["county"] == c].reset_index(drop=True).equals(
        b[b["county"] == c].reset_index(drop=True))}
    assert changed == {NAMES[1]}
    assert "teacher_exchange" not in {p.id for p in mine[NAMES[1]].policies}
    assert next(p for p in mine[NAMES[1]].policies if p.id == "capital_programme").p["budget_yuan_per_pupil"] == 1500


@pytest.mark.parametrize("text, message", [
    ('["county-0001"]\nwithot = []\n', r"unknown key 'withot'; did you mean 'without'"),
    ('["county-001"]\nwithout = []\n', r"\[county-001\]: not a county of the region's table \(closest: county-0001"),
    ('["county-0001"]\nset = { "teacher_exchange.rat" = 0.2 }\n', r"\[county-0001\] set: unknown key 'teacher_exchange.rat'"),
    ('["county-0001"]\nscenario = "weicheng"\n', r"\[county-0001\]: its scenario runs 2020-2029, the region's 2024-2029"),
])
def test_bad_overrides_name_the_key(region, tmp_path, text, message):
    file = tmp_path / "o.toml"
    file.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        county_scenarios(region, "ziyang", override_file=file)


def test_targets_read_chinese_headers_and_refuse_what_is_wrong(targets_csv, tmp_path):
    assert read_targets(targets_csv, NAMES) == dict(zip(NAMES, [2025, 2027, 2029]))
    bad = tmp_path / "t.csv"
    bad.write_text("county,target_year\ncounty-0000,2025\ncounty-0007,2026\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.csv:3, field 'county': 'county-0007' is not a county of the region's "
                                         r"table; did you mean county-000"):
        read_targets(bad, NAMES)
    bad.write_text("county,target_year\ncounty-0000,20x5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.csv:2, field 'target_year': not a year: '20x5'"):
        read_targets(bad, NAMES)
    bad.write_text("county,target_year\ncounty-0000,1999\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"field 'target_year': must be a whole year from 2000 to 2100"):
        read_targets(bad, NAMES)
    bad.write_text("县（市、区）,计划通过年份\ncounty-0000,2025\ncounty-0000,2026\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.csv:3，“县（市、区）”：“county-0000”已有目标年份（2025）"):  # issue 23
        read_targets(bad, NAMES)
    bad.write_text("县（市、区）,计划通过年份\ncounty-0000,\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"t.csv:2，“计划通过年份”：为空；请填写"):
        read_targets(bad, NAMES)


@pytest.fixture(scope="module")
def region_run(region_csv, targets_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("runs") / "region"
    assert main(["forecast", "--schools", str(region_csv), "--targets", str(targets_csv), "--scenario", "ziyang",
                 "--replicates", "3", "--criterion", "cvs", "--out", str(out), "--quiet"]) == 0
    return out


def test_region_forecast_writes_its_tables_and_charts(region_run):
    assert sorted(p.name for p in region_run.iterdir()) == [".edusim-written",
        "counties.csv", "counties.png", "county_years.csv", "meta.json", "runs.parquet", "timetable.csv",
        "timetable.png"]
    years = pd.read_csv(region_run / "county_years.csv")
    counties = pd.read_csv(region_run / "counties.csv")
    runs = pd.read_parquet(region_run / "runs.parquet")
    assert counties["county"].tolist() == NAMES and len(runs) == 3 * 3 * 6
    for part in ("resources", "government", "quality", "recognition"):
        assert f"p_pass_{part}" in years
    assert (years["p_pass"] == years["p_high_quality_cv_pass"]).all()  # --criterion cvs
    for at in ("host", "home"):  # exchange teachers counted at host and at home, side by side
        assert (years[f"p_pass_{at}"] == years[f"p_high_quality_cv_pass_{at}"]).all()
        final = years[years["year"] == years["year"].max()].set_index("county")[f"p_pass_{at}"]
        assert counties.set_index("county")[f"p_pass_final_{at}"].to_dict() == pytest.approx(final.to_dict())
        share = pd.read_csv(region_run / "timetable.csv")[f"expected_share_passing_{at}"]
        assert share.tolist() == pytest.approx(years.groupby("year")[f"p_pass_{at}"].mean().tolist())
    meta = json.loads((region_run / "meta.json").read_text())
    assert meta["counties"] == 3 and meta["criterion"] == "cvs" and meta["level"] == 0.8


def test_region_charts_are_redrawn_from_the_stored_tables(region_run):
    png = region_run / "counties.png"
    before = png.read_bytes()
    png.unlink()
    assert main(["chart", str(region_run)]) == 0
    assert png.read_bytes() == before


def test_first_year_and_risk_follow_the_probabilities(region_run):
    years = pd.read_csv(region_run / "county_years.csv")
    counties = pd.read_csv(region_run / "counties.csv").set_index("county")
    for name, g in years.groupby("county"):
        reached = g.loc[g["p_pass"] >= 0.8, "year"]
        if len(reached):
            assert counties.loc[name, "first_year"] == reached.min()
        else:
            assert pd.isna(counties.loc[name, "first_year"])
        target = counties.loc[name, "target_year"]
        p = g.loc[g["year"] == target, "p_pass"].iloc[0]
        assert counties.loc[name, "p_pass_target"] == pytest.approx(p)
        assert counties.loc[name, "at_risk"] == (p < 0.8)
    share = pd.read_csv(region_run / "timetable.csv")
    assert share["planned_share"].tolist() == pytest.approx([0, 1 / 3, 1 / 3, 2 / 3, 2 / 3, 1])


@pytest.mark.parametrize("extra, message", [
    (["--targets", "missing.csv"], "missing.csv: file not found"),
    (["--overrides", "missing.toml"], "missing.toml: override file not found"),
    (["--scheduler", "tcp://127.0.0.1:9"], "--scheduler goes with --executor dask"),
])
def test_region_errors_are_one_line_and_write_nothing(region_csv, tmp_path, capsys, extra, message):
    out = tmp_path / "out"
    assert main(["forecast", "--schools", str(region_csv), "--replicates", "1", "--out", str(out), "--quiet",
                 *extra]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_a_county_that_cannot_be_simulated_stops_before_any_run(region_csv, tmp_path, capsys):
    table = pd.read_csv(region_csv)
    table.loc[table["county"] == NAMES[2], "location"] = ""
    bad, out = tmp_path / "no_location.csv", tmp_path / "out"
    table.to_csv(bad, index=False)
    assert main(["forecast", "--schools", str(bad), "--replicates", "1", "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err.strip()
    assert "field 'location': needed to start a simulation" in err and len(err.splitlines()) == 1
    assert not out.exists()


@pytest.mark.parametrize("extra", [["--targets", "t.csv"], ["--criterion", "cvs"], ["--executor", "dask"]])
def test_region_options_need_a_region(tmp_path, capsys, extra):
    assert main(["forecast", *extra, "--out", str(tmp_path / "o")]) == 2
    assert f"{extra[0]}: for a table of several counties" in capsys.readouterr().err


def test_targets_outside_the_projection(region_csv, tmp_path, capsys):
    early = tmp_path / "early.csv"
    early.write_text("county,target_year\ncounty-0000,2020\ncounty-0001,2031\n", encoding="utf-8")
    assert main(["forecast", "--schools", str(region_csv), "--targets", str(early), "--end-year", "2029",
                 "--replicates", "1", "--out", str(tmp_path / "a"), "--quiet"]) == 2
    assert "--end-year 2029 is before the timetable's latest target (2031)" in capsys.readouterr().err
    out = tmp_path / "b"
    assert main(["forecast", "--schools", str(region_csv), "--targets", str(early), "--replicates", "1",
                 "--executor", "serial", "--out", str(out), "--quiet"]) == 0
    assert "projecting to 2031" in capsys.readouterr().err
    years = pd.read_csv(out / "county_years.csv")
    counties = pd.read_csv(out / "counties.csv").set_index("county")
    assert years["year"].max() == 2031
    start = years[(years["county"] == NAMES[0]) & (years["year"] == 2024)]["p_pass"].iloc[0]
    assert counties.loc[NAMES[0], "p_pass_target"] == start  # a target already past is judged at the start


@pytest.mark.parametrize("extra, message", [
    (["--seed", "-1"], "must be a non-negative whole number"),
    (["--programme", "posts", "--budget", "2.5"], "posts are counted in whole units"),
    (["--end-year", "2020"], "'end_year' = 2020 must be after 'start_year' = 2024"),
])
def test_allocate_errors_are_one_line(region_csv, tmp_path, capsys, extra, message):
    args = ["allocate", "--schools", str(region_csv), "--programme", "construction", "--budget", "1e7",
            "--out", str(tmp_path / "al"), "--quiet", *extra]
    try:
        code = main(args)
    except SystemExit as e:  # argparse's own refusals
        code = e.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and not (tmp_path / "al").exists()


def test_an_impossible_target_year_is_one_line(tmp_path):
    bad = tmp_path / "t.csv"
    for year in ("inf", "nan", "1e400"):
        bad.write_text(f"county,target_year\ncounty-0000,{year}\n", encoding="utf-8")
        with pytest.raises(InputError, match="must be a whole year from 2000 to 2100"):
            read_targets(bad, NAMES)


# -- allocation ---------------------------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 3), st.integers(0, 12), st.randoms(use_true_random=False))
def test_knapsack_is_exact(n, m, capacity, rnd):
    p = np.array([[rnd.random() for _ in range(m)] for _ in range(n)])
    costs = np.array([[0] + [rnd.randint(0, 6) for _ in range(m - 1)] for _ in range(n)])
    picks = knapsack(p, costs, capacity)
    assert costs[np.arange(n), picks].sum() <= capacity
    best = max(sum(p[i, j] for i, j in enumerate(c)) for c in itertools.product(range(m), repeat=n)
               if sum(costs[i, j] for i, j in enumerate(c)) <= capacity)
    assert p[np.arange(n), picks].sum() == pytest.approx(best)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.floats(0.01, 1000), min_size=1, max_size=6), st.floats(1, 1e9), st.randoms(use_true_random=False))
def test_the_optimised_rule_never_spends_beyond_the_budget(weights, budget, rnd):
    share = pro_rata(weights, budget)
    p = np.array([sorted(rnd.random() for _ in SEARCH_LEVELS) for _ in weights])  # more money, likelier pass
    amounts = optimised(p, share, budget)
    assert amounts.sum() <= budget * (1 + 1e-12)
    assert all(min(abs(a / s - m) for m in SEARCH_LEVELS) < 1e-9 for a, s in zip(amounts, share))  # on the grid


def test_simple_rules_spend_the_budget_as_they_say():
    assert pro_rata([1, 3], 100).tolist() == [25, 75]
    assert pro_rata([0, 0], 100).tolist() == [0, 0]  # no need, no money
    assert whole(np.array([1.5, 1.5, 2.0]), 5).tolist() == [2, 1, 2]
    assert whole(np.array([5.75, 5.75]), 11.5).sum() == 11  # never above the budget
    assert whole(np.array([1.2, 1.7, 2.1]), 5).tolist() == [1, 2, 2]  # the extra post to the largest remainder
    # closest first: below the level, likeliest first, each its need while the money lasts
    out = closest_first(np.array([0.9, 0.5, 0.7, 0.1]), np.array([10.0, 10.0, 10.0, 10.0]), 15, 0.8)
    assert out.tolist() == [0, 5, 10, 0]


def test_construction_money_narrows_the_cvs_it_buys(region):
    """The programme's own channel: space and sports-ground CVs fall, and its yuan are booked."""
    from sim.dynamics.model import CountyModel

    scenarios = county_scenarios(region, None)
    county = region.counties[2]
    final = {}
    for amount in (0.0, 3e7):
        scenario = with_programme(scenarios[county.county], "construction", county, amount)[0]
        rows = [CountyModel(scenario, seed=s).run()[-1] for s in range(3)]
        final[amount] = (np.mean([r["cv_teaching_space_m2"] + r["cv_sports_area_m2"] for r in rows]),
                         sum(r.get("cost_province_construction", 0.0) for r in rows))
    assert final[3e7][0] < final[0.0][0]
    assert final[3e7][1] > 0 and final[0.0][1] == 0


def test_allocate_reports_every_rule_with_uncertainty(region_csv, targets_csv, tmp_path, capsys):
    out = tmp_path / "al"
    assert main(["allocate", "--schools", str(region_csv), "--targets", str(targets_csv), "--programme",
                 "construction", "--budget", "3e7", "--replicates", "3", "--search-replicates", "2", "--criterion",
                 "cvs", "--out", str(out), "--quiet", "--executor", "serial"]) == 0
    rules = pd.read_csv(out / "rules.csv")
    assert rules["rule"].tolist() == ["none", "pro_rata", "shortfall", "closest", "optimised"]
    assert {"counties_passing_mean", "counties_passing_sd", "counties_passing_p10", "counties_passing_p90"} <= set(rules)
    assert (rules["allocated"] <= 3e7 * (1 + 1e-9)).all() and rules.loc[1, "allocated"] == pytest.approx(3e7)
    assert (rules["used"] <= rules["allocated"] * (1 + 1e-9)).all() and rules.loc[0, "booked_yuan"] == 0
    amounts = pd.read_csv(out / "amounts.csv")
    pro = amounts[amounts["rule"] == "pro_rata"]
    assert pro["amount"].to_numpy() == pytest.approx(3e7 * pro["pupils"] / pro["pupils"].sum())
    assert (out / "allocate.png").exists() and "counties passing in their target year" in capsys.readouterr().out
    passes = pd.read_parquet(out / "passes.parquet")
    counties_p = pd.read_csv(out / "counties.csv")
    for at in ("host", "home"):  # exchange teachers counted at host and at home, side by side
        sums = passes.groupby(["label", "replicate"])[f"pass_{at}"].sum()
        assert rules[f"counties_passing_mean_{at}"].between(0, 3).all() and sums.le(1).all()
        assert counties_p[f"p_pass_target_{at}"].between(0, 1).all()
    assert (rules["counties_passing_mean_host"] == rules["counties_passing_mean"]).all()  # ziyang counts at host


def test_allocate_refuses_a_bad_budget(region_csv, tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["allocate", "--schools", str(region_csv), "--programme", "construction", "--budget", "-5"])
    assert e.value.code == 2 and "must be a positive amount" in capsys.readouterr().err


def test_a_synthetic_county_reads_as_its_table(tmp_path):
    name, frame = next(synthetic_region(1, seed=9))
    frame.to_csv(tmp_path / "one.csv", index=False)
    read, built = read_school_table(tmp_path / "one.csv"), county_table(frame)
    assert read.school == built.school and (read.enrollment == built.enrollment).all()
    assert all((read.counts[k] == built.counts[k]).all() for k in built.counts)
    assert Region("x", [built]).names == [name]
