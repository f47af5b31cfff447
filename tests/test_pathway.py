"""The pathway (issue 22): its pieces against hand-computed fixtures, the like-for-like exchange swap's
conservation of every count, and the command end to end on a small table."""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.assessment.balance import county_reports
from sim.data.schooltable import read_school_table
from sim.dynamics.careers import teacher_flag
from sim.dynamics.model import CountyModel
from sim.planning.futures import DEFAULT_UNCERTAIN, draw_futures, uncertain_ranges
from sim.planning.launch import launch_table
from sim.planning.optimise import default_params
from sim.planning.pathway import Outcome, Pathway, horizon_cost, scenario_raw
from sim.planning.robustness import adaptation, breaks, pareto, wilson
from sim.planning.rooms import room_actions
from sim.planning.sites import open_schools
from sim.policies.exchange import like_for_like
from tests.test_plan import tiny

DATA = Path(__file__).parent / "data"
EXAMPLES = Path(__file__).resolve().parents[1] / "experiments" / "data"
FLAGS = ("teachers_above_degree", "backbone_teachers", "pe_art_teachers")


def test_a_like_for_like_swap_leaves_every_count_where_it_was(ziyang):
    """Core teachers swapped with member teachers of their own community holding the same four flags:
    every school's count of teachers, degree holders, backbone, PE/art and titled teachers (where they
    teach) is unchanged, and each pair is of one kind and one community."""
    model = CountyModel(ziyang, seed=3)
    r, n = model.teachers, len(model.schools)
    lead = model.head == np.arange(n)
    down = np.flatnonzero(r.active & lead[r.home])[::7]
    member = r.active & ~lead[r.home] & (model.head[r.home] >= 0)
    before = [r.count_by_school(n, w) for w in (None, r.senior_title, *(teacher_flag(r, k) for k in FLAGS))]
    d, u = like_for_like(model, down, member, np.random.default_rng(0))
    assert d.size > 20
    assert (model.head[r.home[u]] == r.home[d]).all()
    for col in (r.degree_above, r.backbone, r.pe_art, r.senior_title):
        assert (col[d] == col[u]).all()
    hosts, homes = r.home[u].copy(), r.home[d].copy()
    r.school[d], r.school[u] = hosts, homes
    after = [r.count_by_school(n, w) for w in (None, r.senior_title, *(teacher_flag(r, k) for k in FLAGS))]
    assert all(np.array_equal(a, b) for a, b in zip(before, after))
    assert len(set(d)) == d.size and len(set(u)) == u.size


def test_swaps_send_more_teachers_where_members_need_no_one():
    """Need-first posting leaves a chosen teacher home when no member is short of what it carries;
    swapping it like for like sends it, so more teachers are on exchange and fewer go unplaced."""
    from sim.data.scenario import load_scenario
    from tests.conftest import only

    def run(swap):
        sc = only(load_scenario("ziyang", end_year=2026, overrides=[f"teacher_exchange.swap_unplaced={swap}"]),
                  "teacher_exchange")
        return CountyModel(sc, seed=5).run()[1:]
    base, swapped = run("false"), run("true")
    assert sum(r["on_exchange"] for r in swapped) > sum(r["on_exchange"] for r in base)
    assert sum(r["unplaced"] for r in swapped) < sum(r["unplaced"] for r in base)


def test_a_site_over_the_headroom_is_brought_below_it():
    """A town primary of 1,900 pupils is within the 2,000 limit, so nothing moves; with a 0.1 headroom
    (at most 1,800) its 100 extra pupils are rezoned to town primaries with room below 1,800."""
    county = read_school_table(EXAMPLES / "oversize_county.csv")
    county = dataclasses.replace(county, enrollment=np.r_[1900.0, county.enrollment[1:]])
    same, none, _ = open_schools(county, default_params(None))
    assert none == [] and np.array_equal(same.enrollment, county.enrollment)
    after, actions, _ = open_schools(county, {**default_params(None), "size_headroom": 0.1})
    totals = pd.Series(after.enrollment).groupby(np.array(after.school)).sum()
    assert totals.max() <= 1800 and totals.sum() == county.enrollment.sum()
    assert after.enrollment[0] == 1800 and {a[0] if isinstance(a, tuple) else a["action"] for a in actions} == {"rezone", "transfer"}


def test_rooms_are_built_where_a_site_is_short_for_its_classes():
    """A: 30 classes need 3 of each (one per 12); it has 1 music and 2 art rooms, so 2 music and 1 art
    room at 96 and 90 m2 x 2,000 yuan. With a 0.25 margin, 37.5 classes need 4: one more of each.
    B (8 classes, 1 of each) and C already meet the rule."""
    c = tiny(classes=[30, 8, 6], music_rooms=[1, 1, 1], art_rooms=[2, 1, 1])
    after, rows = room_actions(c, 0.0, 2000.0)
    assert list(rows["school"]) == ["A", "A"] and list(rows["quantity"]) == [2, 1]
    assert rows["cost_yuan"].sum() == pytest.approx(2 * 96 * 2000 + 90 * 2000)
    assert after.counts["music_rooms"][0] == 3 and after.counts["art_rooms"][0] == 3
    _, more = room_actions(c, 0.25, 2000.0)
    assert more.groupby("indicator")["quantity"].sum().to_dict() == {"art_rooms": 2.0, "music_rooms": 3.0}
    assert len(room_actions(tiny(), 0.0, 2000.0)[1]) == 0  # no classes or rooms in the table: nothing


def test_recurring_costs_run_from_the_year_an_action_counts():
    """A hire (lead 0) decided in 2024 counts from 2025: paid 2025-2027; two new posts (lead 1) from 2026,
    their approval (new_post_yuan, 1,000 a post) once in 2024; a building is paid once, in 2024."""
    actions = pd.DataFrame({"action": ["hire", "hire_new_post", "build"], "quantity": [1.0, 2.0, 50.0],
                            "cost_yuan": [100.0, 2 * 1000.0 + 10.0, 5000.0], "lead_years": [0, 1, 1]})
    cost = horizon_cost(actions, 2024, 2027)
    assert cost.groupby("year")["cost_yuan"].sum().to_dict() == {2024: 7000.0, 2025: 100.0, 2026: 110.0, 2027: 110.0}


def test_futures_are_a_reproducible_latin_hypercube_within_their_ranges():
    f = draw_futures(10, 7, uncertain_ranges())
    assert f.equals(draw_futures(10, 7, uncertain_ranges()))
    for key, (low, high, _) in DEFAULT_UNCERTAIN.items():
        assert f[key].between(low, high).all()
        assert (np.floor((f[key] - low) / (high - low) * 10).clip(0, 9).sort_values().to_numpy() == np.arange(10)).all()
    assert set(f["exchange_counted_at"]) == {"host", "home"}
    assert uncertain_ranges({"rural_drift": (0.0, 0.05)})["rural_drift"] == (0.0, 0.05)


@pytest.mark.parametrize("given, message", [({"rural_drif": (0.0, 0.1)}, "did you mean 'rural_drift'"),
                                            ({"rural_drift": (0.0, 0.5)}, "within [0, 0.1]"),
                                            ({"rural_drift": (0.05, 0.01)}, "low first")])
def test_an_uncertain_range_is_checked(given, message):
    from sim.data.errors import InputError
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        uncertain_ranges(given)


def test_pareto_wilson_and_regret_by_hand():
    assert list(pareto(np.array([1.0, 2.0, 3.0, 2.5]), np.array([0.2, 0.5, 0.9, 0.4]))) == [True, True, True, False]
    low, high = wilson(0.5, 20)  # z = 1.645, z2/n = 0.1353: 0.5 +- 1.645 x 0.11913 / 1.1353 = 0.1726
    assert (low, high) == pytest.approx((0.3274, 0.6726), abs=1e-4)
    assert wilson(1.0, 20)[1] == 1.0 and wilson(1.0, 20)[0] == pytest.approx(0.8808, abs=1e-4)


def _pathway(costs, holds, futures):
    """A pathway of run outcomes with given per-future costs and pass flags (one judged year)."""
    outs = [Outcome({"margin": m}, plan_cost=0.0, policy_cost=np.asarray(c, float),
                    passes=np.asarray(h, bool)[:, None], items=pd.DataFrame())
            for m, (c, h) in enumerate(zip(costs, holds))]
    return Pathway(outs[0], outs, futures, [2029], 2029, 0.5)


def test_discovery_finds_the_box_where_the_schedule_fails_and_the_change_that_recovers_it():
    """The schedule fails exactly where rural_drift > 0.012 (4 of 12 futures); the dearer schedule holds
    there; the cheaper one fails elsewhere."""
    drift = np.linspace(0.005, 0.015, 12)
    futures = pd.DataFrame({"rural_drift": drift, "teacher_effect": np.tile([0.1, 0.2], 6),
                            "exchange_counted_at": ["host"] * 12})
    chosen = drift <= 0.012
    pw = _pathway([[10] * 12, [15] * 12, [5] * 12], [chosen, np.ones(12), drift > 0.012], futures)
    found = breaks(pw, pw.outcomes[0])
    assert found["conditions"][0][:2] == ("rural_drift", ">") and 0.0115 < found["conditions"][0][2] < 0.0125
    assert found["failures_in_box"] == found["failures"] == 4 and found["density"] == 1.0
    adapt = adaptation(pw, pw.outcomes[0])
    assert adapt["levers"] == {"margin": 1} and adapt["recovered"] == 4 and adapt["extra_cost_yuan"] == 5.0


def test_the_launch_table_gives_the_model_s_own_launch_indices(ziyang, tmp_path):
    """A scenario's synthetic schools written as a table: `balance` on it gives the CVs the model
    observes at launch (teachers counted at home, nobody yet on exchange)."""
    from sim.assessment.balance import evaluation_county

    model = CountyModel(ziyang, seed=2)
    row = model.history[0]
    path = tmp_path / "launch.csv"
    launch_table(model).to_csv(path, index=False)
    reports = dict((k, rep) for (k, rep), _ in county_reports(evaluation_county(read_school_table(path), "merge")))
    assert set(reports) == {"primary", "junior"}
    for stage, rep in reports.items():
        for key, ind in rep.indicators.items():
            assert ind["cv"] == pytest.approx(row[f"cv_{key}_{stage}"], rel=2e-3, abs=1e-3), (stage, key)


def test_scenario_raw_sets_the_exchange_lever_and_keeps_other_policies():
    base = {"start_year": 2024, "policies": [{"type": "pairing", "start": 2024}]}
    raw = scenario_raw(base, "t.csv", {"exchange_rate": 0.2}, 2031)
    assert raw["policies"][1] == {"type": "teacher_exchange", "start": 2024, "rate": 0.2, "swap_unplaced": True}
    assert raw["end_year"] == 2031 and raw["schools"] == "t.csv" and base["policies"] == [{"type": "pairing",
                                                                                              "start": 2024}]
    assert scenario_raw(base, "t.csv", {}, 2031)["policies"] == base["policies"]
    upkeep = scenario_raw(base, "t.csv", {"margin": 0.1, "size_headroom": 0.05, "upkeep": 1}, 2031)["policies"]
    assert upkeep[1:] == [{"type": "standards_upkeep", "start": 2024, "margin": 0.1},
                          {"type": "capital_programme", "start": 2024, "budget_yuan_per_pupil": 3000.0, "margin": 0.1},
                          {"type": "intake_cap", "start": 2024, "headroom": 0.05}]


def edusim(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "sim.app.cli", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


SMALL = ["--futures", "4", "--lever", "margin=0", "--lever", "spare_teachers=1", "--lever", "size_headroom=0",
         "--lever", "exchange_rate=0.15", "--lever", "upkeep=0", "--quiet"]


def test_pathway_writes_its_run_and_a_scenario_forecast_can_run(tmp_path):
    out = tmp_path / "pw"
    res = edusim("pathway", str(DATA / "plan_county.csv"), "--by", "2027", "--out", str(out), *SMALL)
    assert res.returncode == 0, res.stderr
    for name in ("pathway.xlsx", "schedule.csv", "cost_by_year.csv", "p_by_year.csv", "candidates.csv",
                 "futures.csv", "pathway.png", "meta.json"):
        assert (out / name).is_file(), name
    meta = json.loads((out / "meta.json").read_text())
    assert meta["experiment"] == "pathway" and meta["by"] == 2027 and meta["last_year"] == 2029
    tried = pd.read_csv(out / "candidates.csv")
    assert len(tried) == 1 and tried["status"][0] == "run"
    p = pd.read_csv(out / "p_by_year.csv")
    assert set(p["part"]) == {"whole", "resources", "government", "quality", "recognition"}
    assert (p["low"] <= p["p_pass"]).all() and (p["p_pass"] <= p["high"]).all()
    assert "share of futures passing" in res.stdout
    if (out / "scenario.toml").is_file():
        fc = edusim("forecast", "--scenario", str(out / "scenario.toml"), "--replicates", "2", "--quiet",
                    "--out", str(tmp_path / "fc"))
        assert fc.returncode == 0, fc.stderr


@pytest.mark.parametrize("args, message", [
    (["--by", "2020"], "--by 2020: a year after the start year 2024"),
    (["--lever", "margn=0"], "did you mean 'margin'"),
    (["--uncertain", "rural_drift=a:b"], "expected KEY=LOW:HIGH"),
    (["--level", "1.5"], "must be above 0 and at most 1"),
    (["--lever", "margin=5"], "each value from 0 to 0.5"),
    (["--lever", "exchange_rate=0.9"], "each value from 0 to 0.5"),
    (["--by", "2099"], "at most 2098"),
])
def test_pathway_refuses_bad_options_in_one_line(tmp_path, capsys, args, message):
    from sim.app.cli import main

    try:
        code = main(["pathway", str(DATA / "plan_county.csv"), "--out", str(tmp_path / "x"), "--quiet", *args])
    except SystemExit as e:  # argparse's own refusals
        code = e.code
    err = capsys.readouterr().err
    assert code == 2 and message in err and len(err.strip().splitlines()[-1]) < 300
    assert not (tmp_path / "x").exists()


def test_futures_give_the_same_rows_on_any_executor(ziyang):
    """Each future carries its own stream: serial and a 2-worker pool give identical yearly rows."""
    from sim.planning.pathway import Runner, run_futures
    from tests.conftest import same_row

    sc = dataclasses.replace(ziyang, end_year=2026)
    futures = draw_futures(3, 11, uncertain_ranges())
    serial = run_futures(sc, futures, 11, Runner("serial"))
    pooled = run_futures(sc, futures, 11, Runner("processes", 2))
    assert all(same_row(a, b) for s, p in zip(serial, pooled) for a, b in zip(s, p))
    assert not same_row(serial[0][-1], serial[1][-1])  # the futures differ


def test_a_search_resumes_from_its_cache_with_the_same_answer(tmp_path, monkeypatch):
    """What an interrupted search finished is kept under a stamp of its inputs: run again, the search
    plans and simulates nothing and finds the same outcome; other inputs start the cache afresh."""
    import sim.planning.pathway as pathway_module
    from sim.data.scenario import status_quo_raw
    from sim.planning.pathway import search
    from sim.planning.pathway_cache import Cache

    table = read_school_table(DATA / "plan_county.csv")
    raw = {**status_quo_raw(str(DATA / "plan_county.csv")), "start_year": 2024}
    lattice = {"margin": (0.0,), "spare_teachers": (1,), "size_headroom": (0.0,), "exchange_rate": (0.15, 0.2)}
    futures = draw_futures(3, 5, uncertain_ranges())
    inputs = {"seed": 5}
    first = search(table, raw, 2028, futures, 5, levers=lattice, cache=Cache(tmp_path / "c", inputs))
    assert len(list((tmp_path / "c").glob("outcome-*.json"))) == 2

    def nothing(*args, **kwargs):
        raise AssertionError("recomputed")
    monkeypatch.setattr(pathway_module, "evaluate", nothing)
    monkeypatch.setattr(pathway_module, "start_actions", nothing)
    again = search(table, raw, 2028, futures, 5, levers=lattice, cache=Cache(tmp_path / "c", inputs))
    for a, b in zip(first.outcomes, again.outcomes):
        assert a.levers == b.levers and a.plan_cost == b.plan_cost and np.array_equal(a.passes, b.passes)
        assert np.array_equal(a.policy_cost, b.policy_cost) and a.items.equals(b.items)
        assert all(np.array_equal(a.parts[k], b.parts[k]) for k in a.parts)
    Cache(tmp_path / "c", {"seed": 6})  # other inputs: the old search's files are gone
    assert not list((tmp_path / "c").glob("outcome-*"))


def test_yearly_actions_list_what_the_policies_did_school_by_school(ziyang):
    """The schedule's later years (sim/planning/yearly.py): the upkeep's hires and designations add up to
    the teachers it hired and named, the capital programme's rows cost what it booked each school year,
    and the pupils turned away are the intake cap's."""
    from sim.dynamics.model import CountyModel
    from sim.planning.yearly import yearly_actions
    from sim.policies import REGISTRY

    pols = [REGISTRY["standards_upkeep"].from_config({"margin": 0.1}, "t", 2024, 2027),
            REGISTRY["capital_programme"].from_config({"budget_yuan_per_pupil": 3000.0, "margin": 0.1}, "t", 2024, 2027),
            REGISTRY["intake_cap"].from_config({"headroom": 0.1}, "t", 2024, 2027)]
    sc = dataclasses.replace(ziyang, policies=pols, end_year=2028)
    rows = yearly_actions(sc, 3)
    model = CountyModel(sc, seed=3)
    model.run()
    upkeep = model.policies[0]
    by = rows.groupby("action")["quantity"].sum()
    assert by["hire_new_post"] == sum(h.size for h in upkeep.hired) > 0
    assert by["designate"] == sum(n.size for n in upkeep.named) > 0
    built = rows[rows["action"].isin(["build", "buy"])].groupby("decided")["cost_yuan"].sum()
    booked = {row["year"] - 1: row["cost_capital_programme"] for row in model.history[1:]}
    assert all(built[y] == pytest.approx(booked[y], rel=1e-9) for y in built.index) and built.sum() > 0
    assert by["turn_away"] > 0 and (rows["counts_from"] == rows["decided"] + 1 + rows["lead_years"]).all()


def test_progress_lines_speak_the_tables_language(capsys):
    """Issue 23: the pathway's progress lines come from the catalogue, in Chinese for a Chinese table."""
    from sim.app.pathway_cli import teller

    teller(False, "zh")("pw_running", point={"margin": 0.1, "upkeep": 1}, n=4)
    teller(False, "en")("pw_planning", margin=0.1, spare=1, headroom=0)
    teller(True, "en")("pw_fresh")
    err = capsys.readouterr().err.splitlines()
    assert err == ["安全余量=0.1, 逐年补齐=1：4个情景",
                   "planning the start year's actions: margin 0.1, 1 spare teacher(s), size headroom 0"]
