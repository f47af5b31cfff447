"""Plausibility, tested: effects inside their evidence, no village overtaking town, a county left
alone holds its indices, and Ziyang's policies help rather than hurt the official test."""

import dataclasses

import numpy as np
import pytest

from sim.data.scenario import load_scenario
from sim.data.schooltable import read_school_table
from sim.experiments.forecast import run_forecast
from sim.experiments.ledger import EVIDENCE, isolated_effects
from sim.policies import REGISTRY
from tests.passing_county import write_passing_county

SCENARIOS = ("chengdu", "dingxi", "pingdingshan", "weicheng", "ziyang")
CVS = [f"cv_{k}_{st}" for k in ("teachers_above_degree", "backbone_teachers", "pe_art_teachers", "teaching_space_m2",
                                "sports_area_m2", "equipment_yuan", "multimedia_rooms") for st in ("primary", "junior")]


def final(scenario, replicates):
    y = run_forecast(scenario, replicates, scenario.seed, progress=False).yearly
    return y[y["year"] == y["year"].max()]


def test_every_policy_has_an_evidence_range():
    assert set(EVIDENCE) == set(REGISTRY)


def test_every_isolated_effect_stays_in_its_evidence_range():
    table = isolated_effects(replicates=6)
    outside = table[~table["inside"]]
    assert outside.empty, outside[["policy", "measure", "effect", "low", "high"]].to_string()


@pytest.mark.parametrize("name", SCENARIOS)
def test_full_policy_set_does_not_make_villages_overtake_town(name):
    assert final(load_scenario(name), 20)["urban_rural_gap"].median() >= 0.0


def test_ziyang_policies_do_not_make_the_official_test_harder():
    full = final(load_scenario("ziyang"), 100)
    none = final(load_scenario("ziyang", without=("all",)), 100)
    assert full["high_quality_cv_pass"].mean() >= none["high_quality_cv_pass"].mean()
    double = final(load_scenario("ziyang", overrides=["teacher_exchange.rate=0.2"]), 100)
    # replicate k of both runs starts from the same county: the paired difference is the policy's own
    # (the medians alone differ by less than their noise, and 40 replicates reverse them)
    paired = (double.sort_values("replicate")["cv_backbone_teachers_primary"].to_numpy()
              - full.sort_values("replicate")["cv_backbone_teachers_primary"].to_numpy())
    assert paired.mean() + 2 * paired.std(ddof=1) / np.sqrt(len(paired)) < 0  # -0.011 +- 0.004


@pytest.mark.parametrize("overrides, max_move", [
    # No enrollment trend: the status quo holds (issue 9: at most 0.03 a year).
    (["cohort_change=0", "rural_drift=0"], 0.03),
    # With the default trends (births -2 % a year, 1 % of rural pupils to town) the county
    # drifts: pupils leave village schools whose backbone teachers keep their titles, so the
    # backbone CVs move up to about 0.035 a year (20 replicates, seeds 1-3); at most 0.04.
    ([], 0.04),
])
def test_a_county_meeting_every_standard_holds_its_indices(tmp_path, overrides, max_move):
    county = read_school_table(write_passing_county(tmp_path / "passing.csv"))
    scenario = load_scenario("ziyang", without=("all",), end_year=2027, overrides=overrides)
    yearly = run_forecast(dataclasses.replace(scenario, table=county), 20, 1, progress=False).yearly
    medians = yearly.groupby("year")[CVS].median()
    assert np.abs(medians.diff().iloc[1:]).to_numpy().max() <= max_move
    p_pass = yearly.groupby("year")["high_quality_cv_pass"].mean()
    assert p_pass.iloc[0] == 1.0 and p_pass.iloc[1] >= 0.8
    # issue 18: the full test (every school part meets 6 of 7) holds too, in each of these years;
    # the years after do not all reach 0.8 (docs/model.md 5.3 gives the figures)
    assert (yearly.groupby("year")["high_quality_pass"].mean() >= 0.8).all()
    # the per-school 6-of-7 rule holds too: at least 90 % of the school parts meet it every year
    for stage in ("primary", "junior"):
        meeting = yearly.groupby("year")[f"schools_meeting_rule_{stage}"].median()
        assert meeting.iloc[0] == yearly[f"schools_{stage}"].iloc[0] and meeting.min() >= 0.9 * meeting.iloc[0]


STATIONARY = ["cohort_change=0", "rural_drift=0", "choice_sensitivity=0"]
EVERY_CV = [f"cv_{k}_{st}" for k in ("teachers", "teachers_above_degree", "backbone_teachers", "pe_art_teachers",
                                     "senior_title_teachers",
                                     "teaching_space_m2", "sports_area_m2", "equipment_yuan", "multimedia_rooms",
                                     "computers", "books") for st in ("primary", "junior")]


def test_a_county_left_alone_holds_every_cv_and_its_town_staff():
    """Issue 18: pupils held still and no policy, each CV's median moves at most 0.03 over five
    years and town staff per pupil stays within 2 % (posts are conserved: no transfer without an
    open town post). Launch experience is each location's steady state (docs/model.md 4), so the
    title CV holds too."""
    from agents.school import URBAN
    from sim.dynamics.model import CountyModel
    from sim.experiments.forecast import replicate_seeds

    scenario = load_scenario("ziyang", without=("all",), overrides=STATIONARY)
    yearly = run_forecast(scenario, 20, 7, progress=False).yearly
    medians = yearly.groupby("year")[EVERY_CV].median()
    assert (medians.max() - medians.min()).max() <= 0.03, (medians.max() - medians.min()).sort_values().tail(3)
    for child in replicate_seeds(7, 3):
        model = CountyModel(scenario, seed=child)
        town = (model.schools.location == URBAN) & model.schools.evaluated
        start = model.teachers.count_by_school(len(model.schools), by="home")[town].sum()
        model.run()
        end = model.teachers.count_by_school(len(model.schools), by="home")[town].sum()
        assert abs(end / start - 1.0) <= 0.02


def test_a_transfer_to_town_needs_an_open_town_post():
    """Every rural leaver asks for town; transfers fill only the posts town leavers and retirees
    opened, so no town school ends a year over its posts, and the askers left over stay."""
    from agents.school import URBAN
    from sim.dynamics import careers
    from sim.dynamics.model import CountyModel

    still = ["cohort_change=0", "rural_drift=0", "choice_sensitivity=0"]  # posts move with pupils otherwise
    model = CountyModel(load_scenario("ziyang", without=("all",), overrides=["transfer_to_town=1", *still]), seed=1)
    assert model.flows["vacant_posts"] == 0 and model.flows["over_establishment"] == 0  # every post filled at launch
    s = model.schools
    town = (s.location == URBAN) & s.evaluated
    moved = 0
    for _ in range(3):
        before = model.teachers.active.sum()
        model.step()
        f = model.flows
        moved += f["moved_to_town"]
        staff = model.teachers.count_by_school(len(s), by="home")
        assert np.all(staff[town] <= careers.establishment(model)[town])
        assert model.teachers.active.sum() == before + f["hired"] - f["retired"] - f["left"]
        gap = careers.establishment(model)[s.evaluated] - staff[s.evaluated]
        assert f["vacant_posts"] == gap[gap > 0].sum() and f["over_establishment"] == -gap[gap < 0].sum()
    assert moved > 0


def test_backbone_places_are_filled_at_rounds_only():
    """A round every 3 years: between rounds the corps only shrinks; at a round it is refilled."""
    from sim.dynamics.model import CountyModel

    scenario = load_scenario("ziyang", without=("all",), overrides=["backbone_round_years=3"])
    model = CountyModel(scenario, seed=2)
    corps = [int((model.teachers.backbone & model.teachers.active).sum())]
    for _ in range(4):
        model.step()
        corps.append(int((model.teachers.backbone & model.teachers.active).sum()))
    assert corps[2] <= corps[1] - 1 and corps[3] <= corps[2]  # 2025, 2026: no round
    assert corps[4] > corps[3]  # 2027: a round
