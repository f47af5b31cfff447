"""Rules of issue 9 against hand-computed fixtures: spending tiers, postings by need, transfers,
live classes as a two-year gain."""

from types import SimpleNamespace

import numpy as np
import pytest

from agents.school import URBAN
from sim.dynamics.model import CountyModel
from sim.dynamics.params import MODEL_PARAMS
from sim.dynamics.resources import depreciate, spend, yearly_budgets
from sim.policies.base import place_by_need
from sim.policies.sharing import receive_live_classes
from tests.conftest import only

PARAMS = {k: p.default for k, p in MODEL_PARAMS.items()}


def one_primary_school(pupils, **stocks):
    base = {"teaching_space_m2": 0.0, "sports_area_m2": 0.0, "equipment_yuan": 0.0, "multimedia_rooms": 0.0,
            "computers": 0.0, "books": 0.0}
    base.update(stocks)
    return SimpleNamespace(stage=np.array([0]), enrollment=np.array([float(pupils)]), open=np.array([True]),
                           stocks={k: np.array([float(v)]) for k, v in base.items()})


def test_small_schools_are_funded_as_100_pupils_and_only_a_share_buys_stocks():
    s = one_primary_school(40)
    assert yearly_budgets(s, dict(PARAMS, recurrent_funding="benchmark"), {})[0] == pytest.approx(650.0 * 100 * 0.5)


def test_renewal_funding_renews_each_schools_launch_stock_per_pupil():
    """Status quo funding: a school's yearly loss at its launch stock per pupil, at today's pupils."""
    s = one_primary_school(200, equipment_yuan=300_000, multimedia_rooms=4.0, computers=20, books=5000)
    launch = {"equipment_yuan": np.array([1500.0]), "multimedia_rooms": np.array([0.02]),
              "computers": np.array([0.1]), "books": np.array([25.0])}
    p = PARAMS
    by_hand = 200 * (1500 * p["depreciation_equipment"] + 0.02 * p["depreciation_digital"] * p["cost_multimedia_room_yuan"]
                     + 0.1 * p["depreciation_digital"] * p["cost_computer_yuan"] + 25 * p["depreciation_books"] * p["cost_book_yuan"])
    assert yearly_budgets(s, p, launch)[0] == pytest.approx(by_hand)


def test_spending_tiers_by_hand():
    """200 pupils, equipment 300,000 (standard 2000 x 200 = 400,000), multimedia rooms 4.6 (standard)."""
    p = dict(PARAMS, depreciation_equipment=0.1, depreciation_digital=0.0, depreciation_books=0.0)
    s = one_primary_school(200, equipment_yuan=300_000, multimedia_rooms=4.6, teaching_space_m2=100)
    before = depreciate(s, p)  # equipment 300,000 -> 270,000
    assert s.stocks["equipment_yuan"][0] == pytest.approx(270_000)
    spend(s, np.array([100_000.0]), p, before)  # deficit 130,000 > budget: all of it to the deficit
    assert s.stocks["equipment_yuan"][0] == pytest.approx(370_000)
    assert s.stocks["teaching_space_m2"][0] == 100  # recurrent funds never build
    s = one_primary_school(200, equipment_yuan=500_000, multimedia_rooms=4.6, books=1000)
    before = depreciate(s, p)  # 500,000 -> 450,000: above the standard, 50,000 to renew
    spend(s, np.array([60_000.0]), p, before)  # renew 50,000, then 10,000 surplus: half equipment
    assert s.stocks["equipment_yuan"][0] == pytest.approx(505_000)
    assert s.stocks["books"][0] == pytest.approx(1000 + 2_500 / PARAMS["cost_book_yuan"])
    assert s.stocks["computers"][0] == pytest.approx(2_500 / PARAMS["cost_computer_yuan"])


def test_postings_fill_shortfalls_only_and_report_the_rest(ziyang):
    """A teacher goes only where the host is below the standard of what it carries (its first
    flag), after what earlier-placed teachers' flags already filled; every teacher not posted is
    counted as unplaced."""
    from sim.dynamics.careers import establishment, standard_count, teacher_flag
    from sim.policies.base import CARRIED

    model = CountyModel(only(ziyang, "pairing"), seed=0)
    r, s = model.teachers, model.schools
    n = len(s)
    members = np.flatnonzero((model.head >= 0) & (model.head != np.arange(n)))
    heads = np.unique(model.head[members])
    senders = np.flatnonzero(r.active & np.isin(r.home, heads) & (r.experience > 5))
    flags = np.array([teacher_flag(r, k)[senders] for k in CARRIED])
    room = [np.maximum(0, standard_count(s, k) - r.count_by_school(n, teacher_flag(r, k))) for k in CARRIED]
    room.append(np.maximum(0, establishment(model) - r.count_by_school(n)))
    dest = place_by_need(model, senders, r.home[senders], members, np.random.default_rng(0))
    placed = dest >= 0
    assert 0 < placed.sum() < senders.size and model.unplaced == (~placed).sum()
    primary = np.where(flags.any(axis=0), np.argmax(flags, axis=0), len(CARRIED))
    for i in range(len(CARRIED) + 1):  # in placement order: what earlier kinds used is gone
        mine = placed & (primary == i)
        got = np.bincount(dest[mine], minlength=n)
        earlier = placed & (primary < i)
        used = (np.bincount(dest[earlier], weights=flags[i, earlier], minlength=n) if i < len(CARRIED)
                else np.bincount(dest[earlier], minlength=n))
        assert np.all(got <= np.maximum(0, room[i] - used)), i


def test_rural_leavers_who_transfer_stay_active_in_a_town_school_of_their_stage(ziyang, without_policies):
    model = CountyModel(without_policies, seed=2)
    r, s = model.teachers, model.schools
    home0, stage0, active0 = r.home.copy(), s.stage[r.home].copy(), r.active.copy()
    model.step()
    moved = np.flatnonzero(active0 & (r.home[: home0.size] != home0))
    assert moved.size == model.flows["moved_to_town"] > 0
    assert np.all(r.active[moved]) and np.all(s.location[r.home[moved]] == URBAN)
    assert np.all(s.location[home0[moved]] != URBAN) and np.array_equal(s.stage[r.home[moved]], stage0[moved])


def test_live_classes_raise_learning_in_two_years_only(ziyang):
    model = CountyModel(only(ziyang, "pairing"), seed=0)
    s = model.schools
    row = np.array([int(np.argmax(s.stocks["multimedia_rooms"] * 100 / s.enrollment))])  # rooms at or above the standard
    gains = []
    for _ in range(4):
        model._reset_year()
        receive_live_classes(model, row, 0.1, 0.025)
        receive_live_classes(model, row, 0.05, 0.01)  # a second source: one channel, the larger gain holds
        gains.append(float(model.live_boost[row[0]]))
        model.live_years += model.live_received
    assert gains == pytest.approx([0.1, 0.025, 0.0, 0.0])


def test_teacher_posts_by_hand():
    """Posts = ceil(pupils / all-staff norm x teacher share x village factor), at least the minimum:
    a town primary of 760 pupils: 760 / 19 x 0.92 = 36.8 -> 37; a village junior of 135 pupils:
    135 / 13.5 x 0.92 x 1.3 = 11.96 -> 12; a teaching point of 10 pupils: the minimum, 2."""
    from sim.data.synth import teacher_posts

    s = SimpleNamespace(stage=np.array([0, 1, 0]), enrollment=np.array([760.0, 135.0, 10.0]),
                        location=np.array([0, 2, 2]), role=np.array([0, 1, 2]))
    assert teacher_posts(s, PARAMS).tolist() == [37.0, 12.0, 2.0]


def test_synthetic_posts_by_hand_with_no_spread():
    """A synthetic county's posts: the norm's times town_post_factor in town, rounded: the town primary
    of 760 pupils: 760 / 19 x 0.92 x 0.9 = 33.1 -> 33; the village junior as above: 11.96 -> 12."""
    from sim.data.synth import synthetic_posts

    s = SimpleNamespace(stage=np.array([0, 1, 0]), enrollment=np.array([760.0, 135.0, 10.0]),
                        location=np.array([0, 2, 2]), role=np.array([0, 1, 2]))
    posts = synthetic_posts(s, {**PARAMS, "synth_staff_sigma": 0.0}, np.random.default_rng(0))
    assert posts.tolist() == [33.0, 12.0, 2.0]


def test_launch_experience_is_the_steady_state_of_each_location():
    """P(x) proportional to (1 - a)^x on least .. C - 1: its mean by hand, village staff younger than
    town staff, and no draw below the floor or at retirement."""
    from sim.data.synth import launch_experience, share_at_least

    rng = np.random.default_rng(1)
    loc = np.repeat([0, 2], 200_000)
    x = launch_experience(loc, 0.0, PARAMS, rng)
    for where, a in ((0, PARAMS["attrition_urban"]), (2, PARAMS["attrition_village"])):
        support = np.arange(PARAMS["career_years"])
        weight = (1.0 - a) ** support
        assert x[loc == where].mean() == pytest.approx((support * weight).sum() / weight.sum(), abs=0.1)
    assert x[loc == 2].mean() < x[loc == 0].mean() - 5
    assert np.mean(x[loc == 2] >= 5) == pytest.approx(share_at_least(np.array([2]), 5, PARAMS)[0], abs=0.01)
    floored = launch_experience(loc, 8.0, PARAMS, rng)
    assert floored.min() == 8 and floored.max() <= PARAMS["career_years"] - 1
    assert np.array_equal(x, np.floor(x))


def test_school_spread_keeps_the_location_mean():
    from sim.data.synth import school_spread

    m = school_spread(400_000, 0.35, np.random.default_rng(2))
    assert m.mean() == pytest.approx(1.0, abs=0.005) and np.log(m).std() == pytest.approx(0.35, abs=0.005)
    assert np.all(school_spread(3, 0.0, np.random.default_rng(2)) == 1.0)
