"""Each policy moves the outcome in its documented direction against the same-seed run without it."""

import dataclasses

import numpy as np
import pytest

from sim.assessment.observe import stage_reports
from sim.dynamics.model import CountyModel
from sim.policies import REGISTRY
from tests.conftest import only, same_row

SEEDS = range(6)


def final(scenario, seed):
    model = CountyModel(scenario, seed=seed)
    model.run()
    return model


def mean_final(scenario, key):
    return np.mean([final(scenario, s).history[-1][key] for s in SEEDS])


def test_registry_has_the_three_families():
    assert {"pairing", "teacher_exchange", "resource_sharing"} <= set(REGISTRY)
    for cls in REGISTRY.values():
        assert cls.summary and cls.PARAMS


def test_pairing_raises_member_management_and_narrows_the_gap(ziyang, without_policies):
    paired = only(ziyang, "pairing")
    for seed in SEEDS:
        a, b = final(paired, seed), final(without_policies, seed)
        members = np.flatnonzero((a.head >= 0) & (a.head != np.arange(len(a.schools))))
        assert np.all(a.schools.management[members] >= b.schools.management[members])
        assert a.schools.management[members].mean() > b.schools.management[members].mean()
    assert mean_final(paired, "urban_rural_gap") < mean_final(without_policies, "urban_rural_gap")


def test_exchange_spreads_backbone_teachers_and_narrows_the_gap(ziyang, without_policies):
    exchange = only(ziyang, "teacher_exchange")
    for stage in ("primary", "junior"):
        key = f"cv_backbone_teachers_{stage}"
        assert mean_final(exchange, key) < mean_final(without_policies, key)
    assert mean_final(exchange, "urban_rural_gap") < mean_final(without_policies, "urban_rural_gap")


def test_exchange_sends_the_documented_share(ziyang):
    """Teachers chosen in a year = rate x eligible core teachers, at least 20 % backbone; those
    no member below the standard can take stay home and are reported as unplaced."""
    model = CountyModel(only(ziyang, "teacher_exchange"), seed=0)
    r = model.teachers
    pol = model.policies[0]
    cores = np.unique(model.head[model.head >= 0])
    eligible = r.active & np.isin(r.home, cores) & (r.experience >= model.params["exchange_eligible_years"])
    per_core = np.bincount(r.home[eligible], minlength=len(model.schools))[cores]
    model.step()
    posted = np.isin(r.home, cores) & (r.school != r.home)  # including any who left later in the year
    sent = np.bincount(r.home[posted], minlength=len(model.schools))[cores]
    assert np.all(sent <= np.ceil(0.10 * per_core - 1e-9))  # at least the rate, rounded up
    assert pol.chosen.size == np.ceil(0.10 * per_core - 1e-9).sum() == sent.sum() + model.flows["unplaced"]
    assert r.backbone[pol.chosen].mean() >= 0.2  # the guideline's backbone share, among those chosen
    assert model.flows["policy_cost_yuan"] == pytest.approx(18000.0 * posted.sum())


def test_resource_sharing_lowers_stock_cvs_and_the_gap(ziyang, without_policies):
    sharing = only(ziyang, "resource_sharing")
    for key in ("cv_equipment_yuan_primary", "cv_multimedia_rooms_primary"):
        assert mean_final(sharing, key) < mean_final(without_policies, key), key


def test_pooling_moves_money_but_creates_none(ziyang):
    model = CountyModel(only(ziyang, "resource_sharing"), seed=0)
    model._reset_year()
    before = model.budget.copy()
    pol = model.policies[0]
    pol._pool_budgets(model)
    assert model.budget.sum() + pol._waiting.sum() == pytest.approx(before.sum())  # some waits for approval
    assert pol._waiting.sum() > 0 and not np.allclose(model.budget, before)


def test_policy_acts_only_in_its_years(ziyang, without_policies):
    import dataclasses

    late = dataclasses.replace(ziyang, policies=[type(p)(2027, 2028, p.p) for p in ziyang.policies])
    a, b = final(late, 1), final(without_policies, 1)
    for ra, rb in zip(a.history, b.history):
        if ra["year"] <= 2027:  # the 2027 row is the state before school year 2027-28
            assert same_row(ra, {**rb, **{k: 0.0 for k in ra if k.startswith("cost_")}})
    assert a.history[-1] != b.history[-1]


def test_pairing_homogenises_member_profiles(ziyang, without_policies):
    paired = only(ziyang, "pairing")
    assert mean_final(paired, "diversity") < mean_final(without_policies, "diversity")


def test_community_tightness_overrides_the_policy(ziyang):
    import dataclasses

    loose = [dict(c, tightness=0.0) for c in ziyang.communities]
    a = final(dataclasses.replace(only(ziyang, "pairing"), communities=loose), 0)
    b = final(dataclasses.replace(ziyang, policies=[]), 0)
    assert np.array_equal(a.schools.management, b.schools.management)


def test_capital_programme_builds_after_its_lag_and_books_the_cost_on_approval(ziyang):
    """Approved in school year y, in use in y + lag: the yuan booked equal the approved stocks at
    their unit costs, within the budget, no school beyond its deficit against the standard."""
    from sim.assessment.standards import SPECIAL_ROOMS
    from sim.dynamics.resources import standard_need, unit_cost

    model = CountyModel(only(ziyang, "capital_programme"), seed=0)
    s, p = model.schools, model.params
    pol = model.policies[0]
    assert pol.p["lag_years"] == 1
    space0 = s.stocks["teaching_space_m2"].copy()
    deficit = np.maximum(0.0, standard_need(s, "teaching_space_m2") - space0)
    budget = pol.p["budget_yuan_per_pupil"] * s.enrollment[s.evaluated].sum()
    model.step()  # school year 2024: approved, not yet in use
    cost = model.flows["cost_capital_programme"]
    assert 0 < cost <= budget + 1e-6 and np.array_equal(s.stocks["teaching_space_m2"], space0)
    approved = pol.pipeline[0][1]
    # special rooms are teaching space: their cost is in the space approved (6.27)
    assert cost == pytest.approx(sum((approved[k] * unit_cost(p, k)).sum() for k in approved if k not in SPECIAL_ROOMS))
    rooms_m2 = sum(approved[k] * area for k, area in SPECIAL_ROOMS.items())
    assert np.all(approved["teaching_space_m2"] <= deficit + rooms_m2 + 1e-9)
    space1 = s.stocks["teaching_space_m2"].copy()
    model.step()  # 2025: last year's projects are in use
    assert np.all(s.stocks["teaching_space_m2"] - space1 >= approved["teaching_space_m2"] - 1e-9)


def test_capital_programme_margin_builds_ahead_of_the_standard(ziyang):
    """With a margin, a school already at the standard is built towards (1 + margin) x it, and no
    school beyond that (the pathway's upkeep builds ahead of the pupils who keep arriving)."""
    from sim.assessment.standards import SPECIAL_ROOMS
    from sim.dynamics.resources import standard_need

    model = CountyModel(only(ziyang, "capital_programme"), seed=0)
    pol = model.policies[0]
    pol.p.update(margin=0.2, budget_yuan_per_pupil=3000.0)
    s = model.schools
    space0 = s.stocks["teaching_space_m2"].copy()
    need = standard_need(s, "teaching_space_m2")
    model.step()
    rooms = sum(pol.pipeline[0][1][k] * area for k, area in SPECIAL_ROOMS.items())
    built = pol.pipeline[0][1]["teaching_space_m2"] - rooms
    at_standard = s.evaluated & (space0 >= need) & (space0 < 1.2 * need)
    assert at_standard.any() and (built[at_standard] > 0).all()
    assert np.all(built <= np.maximum(0.0, 1.2 * need - space0) + 1e-6)


def test_without_capital_programmes_nothing_builds_space_or_grounds(without_policies):
    model = CountyModel(without_policies, seed=0)
    before = {k: model.schools.stocks[k].copy() for k in ("teaching_space_m2", "sports_area_m2")}
    model.run()
    for k, v in before.items():
        assert np.array_equal(model.schools.stocks[k], v), k


def test_consolidation_moves_pupils_and_teachers_and_leaves_buildings(ziyang):
    model = CountyModel(only(ziyang, "consolidation"), seed=0)
    s, r = model.schools, model.teachers
    small = s.evaluated & (s.location == 2) & (s.enrollment < 100)
    pupils, active = s.enrollment[s.evaluated].sum(), r.active.sum()
    space = s.stocks["teaching_space_m2"].copy()
    equipment = s.stocks["equipment_yuan"].sum()
    enrollment0 = s.enrollment.copy()
    cost = model.policies[0].apply(model)  # the merger alone, before the year's other flows
    closed = np.flatnonzero(~s.open)
    assert closed.size == int(np.ceil(0.1 * small.sum())) and small[closed].all()
    assert s.enrollment[s.evaluated].sum() == pytest.approx(pupils)  # every pupil still evaluated somewhere
    assert cost == pytest.approx(3000.0 * enrollment0[closed].sum())  # one-off, per pupil moved
    assert r.active.sum() == active and not np.isin(r.home[r.active], closed).any()
    assert np.array_equal(s.stocks["teaching_space_m2"], space)  # buildings stay where they are
    assert s.stocks["equipment_yuan"].sum() == pytest.approx(equipment)  # equipment moves, nothing lost
    assert not s.evaluated[closed].any() and np.all(s.community[closed] == -1)


def test_backbone_designation_narrows_the_backbone_cv_and_fills_schools_below_the_standard(without_policies):
    """A larger quota steered to schools below the standard: the backbone CV falls, fewer schools
    miss the backbone standard, and the corps beyond the launch one is paid."""
    from sim.policies.people import BackboneDesignation

    pol = BackboneDesignation(without_policies.start_year, without_policies.end_year - 1, {"quota_factor": 1.5})
    designated = dataclasses.replace(without_policies, policies=[pol])
    for key in ("cv_backbone_teachers_primary", "cv_backbone_teachers_junior"):
        assert mean_final(designated, key) < mean_final(without_policies, key)
    for seed in SEEDS[:2]:
        a, b = final(designated, seed), final(without_policies, seed)
        below = [len(rep.indicators["backbone_teachers"]["below"]) for m in (a, b)
                 for rep in stage_reports(m).values()]
        assert sum(below[:2]) < sum(below[2:])
        assert a.history[-1]["cost_backbone_designation"] > 0


def test_steering_alone_fills_schools_below_the_backbone_standard_first(without_policies):
    """Quota unchanged (factor 1): steering gives schools below the standard places up to it, so
    fewer miss the backbone standard than under the ordinary rounds."""
    from sim.policies.people import BackboneDesignation

    pol = BackboneDesignation(without_policies.start_year, without_policies.end_year - 1,
                              {"quota_factor": 1.0, "steer_to_standard": True})
    steered = dataclasses.replace(without_policies, policies=[pol])
    below = {name: np.mean([sum(len(rep.indicators["backbone_teachers"]["below"]) for rep in stage_reports(final(sc, s)).values())
                            for s in SEEDS[:3]]) for name, sc in (("steered", steered), ("ordinary", without_policies))}
    assert below["steered"] < below["ordinary"]


def test_a_title_not_renewed_ends_and_is_not_given_back_at_once(ziyang):
    """Renewal 0.5 against 1: more titles end at the rounds, and none of those ended is re-designated
    in the same round."""
    from sim.data.scenario import load_scenario

    ended = {}
    for rate in (0.5, 1.0):
        model = CountyModel(load_scenario("ziyang", without=("all",), overrides=[f"backbone_renewal_rate={rate}"]), seed=4)
        r = model.teachers
        holders = np.flatnonzero(r.backbone & r.active)
        due = holders[r.backbone_until[holders] == model.year]  # terms ending in 2024, reviewed at the 2025 round
        model.step()
        model.step()
        lost = due[~r.backbone[due] & r.active[due]]
        ended[rate] = lost.size
    assert ended[0.5] > ended[1.0] == 0


def test_standards_upkeep_tops_schools_up_every_year_and_pays_for_it(ziyang, without_policies):
    """standards_upkeep (docs/model.md 6.25a): with a margin of 0.1, right after it acts no evaluated
    school lacks a PE/art teacher or degree holder against its standard (the census after pupils move
    may still find a few); the share of schools meeting the 6-of-7 rule rises against no policy; each
    year it books the salary of every teacher it hired who still teaches, and its hires are counted as
    hired."""
    from sim.dynamics import careers
    from sim.dynamics.resources import standard_need

    pol = REGISTRY["standards_upkeep"].from_config({"margin": 0.1}, "test", 2024, 2028)
    up = dataclasses.replace(without_policies, policies=[pol], end_year=2028)
    model = CountyModel(up, seed=4)
    r, s = model.teachers, model.schools
    run = model.policies[0]
    before = r.n
    model._reset_year()
    careers.leave(model)
    run.after_leaving(model)
    for key, flag in (("pe_art_teachers", r.pe_art), ("teachers_above_degree", r.degree_above)):
        need = np.ceil(standard_need(s, key) * 1.1 - 1e-9)
        assert not ((r.count_by_school(len(s), flag) < need) & s.evaluated & s.open).any(), key
    assert model.hired_by_policy == r.n - before > 0
    a = CountyModel(up, seed=5).run()
    b = CountyModel(dataclasses.replace(without_policies, end_year=2028), seed=5).run()
    assert all(x["ind_school_standards"] >= y["ind_school_standards"] for x, y in zip(a[1:], b[1:]))
    assert a[-1]["ind_school_standards"] > b[-1]["ind_school_standards"]
    costs = [row["cost_standards_upkeep"] for row in a[1:]]
    assert all(c > 0 for c in costs) and costs == sorted(costs)  # posts stay and are paid every year


def test_intake_cap_holds_town_sites_at_the_limit_and_keeps_every_pupil(without_policies):
    """intake_cap (docs/model.md 6.25b): no site grows past its limit by drift; the pupils it refuses
    stay in their rural schools (the county's pupils change only by the cohort); the school-size item
    holds where, left alone, town schools outgrow it."""
    from sim.assessment.whole import school_rules

    pol = REGISTRY["intake_cap"].from_config({}, "test", 2024, 2031)
    capped = dataclasses.replace(without_policies, policies=[pol], end_year=2031)
    model = CountyModel(capped, seed=3)
    s, cohort = model.schools, model.params["cohort_change"]
    for _ in range(7):
        before = s.enrollment.copy()
        size0 = school_rules(s, model.params)["school_size"]
        model.step()
        assert s.enrollment.sum() == pytest.approx(before.sum() * (1 + cohort), rel=1e-12)
        size = school_rules(s, model.params)["school_size"]
        assert np.all(size["pupils"] <= np.maximum(size["limit"], size0["pupils"] * (1 + cohort)) + 1e-6)
    alone = CountyModel(dataclasses.replace(without_policies, end_year=2031), seed=3).run()
    assert alone[-1]["ind_school_size"] < 1.0 == model.history[-1]["ind_school_size"]
