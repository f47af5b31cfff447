"""The five seed systems as scenarios: each runs, each policy it names moves its documented
outcome against the same-seed run without it, costs add up, counts match the seeds."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from sim.data.scenario import available, load_scenario
from sim.dynamics.model import CountyModel
from sim.policies import REGISTRY

SCENARIOS = ("chengdu", "dingxi", "pingdingshan", "weicheng", "ziyang")
SEEDS = range(4)


def projection(scenario, seed) -> pd.DataFrame:
    """The yearly rows after the launch row."""
    return pd.DataFrame(CountyModel(scenario, seed=seed).run()).iloc[1:]


def test_all_five_are_ready():
    assert set(SCENARIOS) <= set(available())
    for name in SCENARIOS:
        sc = load_scenario(name)
        assert sc.description and sc.policies


def policy_cases() -> list:
    cases = []
    for name in SCENARIOS:
        for pol in load_scenario(name).policies:
            for column, sign in type(pol).OUTCOMES:
                cases.append(pytest.param(name, pol.id, column, sign, id=f"{name}-{pol.id}-{column}"))
    return cases


@pytest.mark.parametrize("name, pid, column, sign", policy_cases())
def test_each_policy_moves_its_outcome(name, pid, column, sign):
    """Isolated, as in the effect ledger: the policy alone against no policy. (Against the full
    set less the policy, pairing and six-unified would show nothing: they share one channel.)"""
    full = load_scenario(name)
    with_it = dataclasses.replace(full, policies=[p for p in full.policies if p.id == pid])
    without = dataclasses.replace(full, policies=[])
    a = np.mean([projection(with_it, s)[column].mean() for s in SEEDS])
    b = np.mean([projection(without, s)[column].mean() for s in SEEDS])
    assert np.sign(a - b) == sign, f"{name}: {pid} moved {column} from {b:.5f} to {a:.5f}"


def test_every_policy_declares_its_direction():
    for cls in REGISTRY.values():
        assert cls.OUTCOMES, cls.name


@pytest.mark.parametrize("name", SCENARIOS)
def test_costs_add_up(name):
    rows = projection(load_scenario(name), 0)
    per_policy = rows.filter(regex="^cost_").sum(axis=1)
    assert np.allclose(per_policy, rows["policy_cost_yuan"])
    # Weicheng's mechanisms cost nothing beyond ordinary budgets: its recruits fill open posts,
    # its pool and leaders move people, and it streams no lessons.
    assert rows["policy_cost_yuan"].sum() > 0 or name == "weicheng"


def test_chengdu_exchanges_2_5_percent_of_eligible_teachers():
    sc = load_scenario("chengdu")
    sc = dataclasses.replace(sc, policies=[p for p in sc.policies if p.name == "teacher_exchange"])
    model = CountyModel(sc, seed=0)
    r = model.teachers
    heads = np.unique(model.head[model.head >= 0])
    eligible = np.bincount(r.home[r.active & np.isin(r.home, heads)], minlength=len(model.schools))[heads]
    model.step()
    posted = np.isin(r.home, heads) & (r.school != r.home)
    sent = np.bincount(r.home[posted], minlength=len(model.schools))[heads]
    quota = np.ceil(0.025 * eligible - 1e-9)  # at least the rate, rounded up
    assert np.all(sent <= quota) and sent.sum() + model.flows["unplaced"] == quota.sum()  # by need, rest reported


def test_dingxi_pairs_send_one_reserve_principal_and_one_backbone_for_a_year_three_years_running():
    sc = load_scenario("dingxi")
    sc = dataclasses.replace(sc, policies=[p for p in sc.policies if p.name == "pair_secondment"])
    model = CountyModel(sc, seed=0)
    r = model.teachers
    pol = model.policies[0]
    hosts = np.flatnonzero((model.head >= 0) & (model.head != np.arange(len(model.schools)))
                           & (model.schools.role != 2))
    assert hosts.size == 4  # 1 junior pair, and 1 township + 2 village members of the 1-to-N pair
    sent_each_year = []
    for _ in range(4):
        year = model.year
        model.step()
        # posted this year, those who left the county during it included (leaving ends the term)
        posted = np.flatnonzero(np.isin(r.school, hosts) & (r.home != r.school) & (r.posted_year == year))
        sent_each_year.append(posted.size)
        if year <= 2025:
            for host in hosts:  # a reserve principal always; a backbone teacher where one is lacking
                people = posted[r.school[posted] == host]
                assert 1 <= people.size <= 2 and np.isin(people, list(pol.candidates)).any()
                assert r.backbone[people].sum() >= people.size - 1  # the second is a backbone teacher
            paid = model.flows["cost_pair_secondment"] / 18000.0  # on post when paid (some may move to town later)
            assert paid == int(paid) and posted.size <= paid
            assert paid + model.flows["unplaced"] == 2 * hosts.size  # every place filled or reported
    assert sent_each_year[3] == 0 and min(sent_each_year[:3]) >= hosts.size  # three years running, then the end


def test_pingdingshan_groups_and_homogenisation():
    sc = load_scenario("pingdingshan")
    end_2023 = [c for c in sc.communities if "start" not in c and not c["unpaired"]]  # groups at the end of 2023
    tight = [c for c in end_2023 if c.get("tightness") == 1.0]
    alliance = [c for c in end_2023 if c.get("tightness") == 0.6]
    assert len(tight) == 31 and len(alliance) == 16
    assert len([c for c in sc.communities if c.get("start") == 2024 and "end" not in c]) == 6
    assert sum(len(c["schools"]) for c in tight + alliance) == 141  # the seed's 145, to within 3 %
    without = dataclasses.replace(sc, policies=[p for p in sc.policies if p.name != "pairing"])
    assert projection(sc, 0)["diversity"].iloc[-1] < projection(without, 0)["diversity"].iloc[-1]


def test_weicheng_recruits_331_with_69_top_graduates_in_2020():
    sc = load_scenario("weicheng")
    model = CountyModel(sc, seed=0)
    before = model.teachers.n
    model.step()
    pol = next(p for p in model.policies if p.name == "recruitment")
    assert pol.recruited == 331 and pol.top_graduates == 69
    assert model.teachers.n - before == model.flows["hired"] >= 331  # recruits count as hires
    # open posts are ordinary replacement; only posts beyond them are the policy's cost
    assert model.flows["cost_recruitment"] == pytest.approx(80000.0 * pol.new_posts)


def test_external_partners_stay_out_of_the_county_indices():
    model = CountyModel(load_scenario("chengdu"), seed=0)
    s = model.schools
    assert (~s.evaluated).sum() == 52 and np.all(s.role[~s.evaluated] == 0)
    from sim.assessment.observe import stage_reports
    evaluated = sum(rep.n_schools for rep in stage_reports(model).values())
    assert evaluated == 120


def test_pingdingshan_1_1_n_communities_work_only_in_their_three_years():
    model = CountyModel(load_scenario("pingdingshan"), seed=0)
    s = model.schools
    plan = np.flatnonzero((s.community_years[:, 0] == 2024) & (s.community_years[:, 1] == 2026))
    assert plan.size == 10 * 5
    working = {}
    while model.year < model.end_year:
        model.step()
        working[model.year - 1] = bool((model.community[plan] >= 0).all())
    assert working == {2023: False, 2024: True, 2025: True, 2026: True, 2027: False, 2028: False}


def test_chengdu_entrusted_teams_are_5_percent_and_at_least_3_at_most_and_go_by_need():
    sc = load_scenario("chengdu")
    sc = dataclasses.replace(sc, policies=[p for p in sc.policies if p.name == "entrusted_management"])
    model = CountyModel(sc, seed=0)
    r = model.teachers
    own_before = np.bincount(r.home[r.active], minlength=len(model.schools))
    model.step()
    pol = model.policies[0]
    assert pol.hosts.size == round(0.2 * 52)
    teams, sent = 0, 0
    for host in pol.hosts:  # the seed's team size at most: members go only where the host lacks what they carry
        team = max(3, int(np.ceil(0.05 * own_before[host])))
        posted = np.flatnonzero((r.school == host) & (r.home != host))
        assert posted.size <= team and np.all(r.home[posted] == model.head[host])
        teams, sent = teams + team, sent + posted.size
    assert sent > 0 and sent + model.flows["unplaced"] == teams


@pytest.mark.parametrize("name", SCENARIOS)
def test_teachers_are_conserved_under_every_scenario(name):
    """Recruitment drives, redeployment pools and postings: nobody appears or vanishes but by
    hiring, retirement and attrition."""
    model = CountyModel(load_scenario(name), seed=1)
    while model.year < model.end_year:
        active, rows = int(model.teachers.active.sum()), model.teachers.n
        model.step()
        f = model.flows
        assert int(model.teachers.active.sum()) == active + f["hired"] - f["retired"] - f["left"]
        assert model.teachers.n == rows + f["hired"]


def test_recruits_beyond_the_open_posts_are_paid_for_as_long_as_they_stay():
    """A drive of 2,000 in Weicheng's first year: the open posts are filled at no policy cost; the
    rest are new posts, paid every year, after the drive has ended too."""
    sc = load_scenario("weicheng", overrides=["recruitment.hires_per_year=2000"])
    model = CountyModel(sc, seed=0)
    pol = next(p for p in model.policies if p.name == "recruitment")
    assert pol.start == pol.end == 2020
    model.step()
    extra = pol.new_posts
    assert pol.recruited == 2000 and 0 < extra < 2000
    assert model.flows["cost_recruitment"] == pytest.approx(80000.0 * extra)
    model.step()  # 2021: the drive is over, its new posts are still paid
    assert model.flows["cost_recruitment"] == pytest.approx(80000.0 * extra)
