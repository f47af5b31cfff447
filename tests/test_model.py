"""Model invariants: teachers conserved, exchange teachers counted where they teach, determinism."""

import dataclasses

import numpy as np
import pandas as pd
import pytest

from agents.school import URBAN, School
from agents.teacher import NO_EXCHANGE, Teacher
from sim.assessment.observe import school_counts
from sim.data.scenario import load_scenario
from sim.dynamics.model import CountyModel
from tests.conftest import same_row


def test_teachers_are_conserved_every_year(ziyang):
    """Nobody appears or vanishes except by hiring, retirement and leaving the county; a teacher
    changes home school only by moving to a town school (no school is merged here: consolidation
    moves teachers too, and is tested on its own)."""
    model = CountyModel(dataclasses.replace(ziyang, policies=[p for p in ziyang.policies if p.id != "consolidation"]), seed=3)
    homes = model.teachers.home.copy()
    while model.year < model.end_year:
        active, rows = int(model.teachers.active.sum()), model.teachers.n
        model.step()
        f = model.flows
        assert int(model.teachers.active.sum()) == active + f["hired"] - f["retired"] - f["left"]
        assert model.teachers.n == rows + f["hired"]  # rows only ever appended, never dropped
        r, s = model.teachers, model.schools
        moved = np.flatnonzero(model.teachers.home[: homes.size] != homes)
        transferred = moved
        assert np.all(s.location[homes[moved]] != URBAN)
        assert transferred.size == f["moved_to_town"]
        assert np.all(r.active[transferred]) and np.all(s.location[r.home[transferred]] == URBAN)
        homes = model.teachers.home.copy()
    assert sum(row["hired"] for row in model.history) > 0
    assert sum(row["left"] for row in model.history) > 0


def test_exchange_teachers_count_where_they_teach(ziyang):
    model = CountyModel(ziyang, seed=4)
    model.step()
    r = model.teachers
    away = np.flatnonzero(r.active & (r.school != r.home))
    assert away.size > 0
    assert np.all(r.exchange_end[away] != NO_EXCHANGE)
    counts = school_counts(model)["teachers"]
    expected = np.bincount(r.school[r.active], minlength=len(model.schools))
    assert np.array_equal(counts, expected)
    host = r.school[away[0]]
    assert away[0] in model.teachers.teaching_at(host)


def test_under_the_home_convention_exchange_teachers_count_at_home(ziyang):
    model = CountyModel(ziyang, seed=4)
    model.step()
    r, n = model.teachers, len(model.schools)
    assert (r.active & (r.school != r.home)).any()
    model.params["exchange_counted_at"] = "home"
    counts = school_counts(model)
    assert np.array_equal(counts["backbone_teachers"], r.count_by_school(n, r.backbone, by="home"))
    assert np.array_equal(counts["teachers"], r.count_by_school(n, by="home"))


def test_exchange_terms_end_and_teachers_return(ziyang):
    from tests.conftest import only

    model = CountyModel(only(ziyang, "teacher_exchange"), seed=5)
    model.step()
    r = model.teachers
    sent = np.flatnonzero(r.active & (r.exchange_end == model.year - 1))
    model.step()  # the one-year term is over: back home before the next postings
    still = sent[r.active[sent]]
    back_home = r.school[still] == r.home[still]
    reposted = r.exchange_end[still] == model.year - 1
    assert np.all(back_home | reposted)
    assert back_home.mean() > 0.5


def test_same_seed_same_history_different_seed_different(ziyang):
    a = pd.DataFrame(CountyModel(ziyang, seed=11).run())
    b = pd.DataFrame(CountyModel(ziyang, seed=11).run())
    c = pd.DataFrame(CountyModel(ziyang, seed=12).run())
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert not a.equals(c)


def test_a_policy_stream_does_not_disturb_the_others(ziyang, without_policies):
    """Removing policies leaves the synthetic county identical (each component has its own stream)."""
    a, b = CountyModel(ziyang, seed=2), CountyModel(without_policies, seed=2)
    assert np.array_equal(a.schools.enrollment, b.schools.enrollment)
    assert np.array_equal(a.teachers.skill, b.teachers.skill)
    drop_costs = lambda row: {k: v for k, v in row.items() if not k.startswith("cost_")}  # noqa: E731
    assert same_row(drop_costs(a.history[0]), drop_costs(b.history[0]))


def test_mesa_agents_are_handles_on_the_columns(ziyang):
    model = CountyModel(ziyang, seed=1)
    schools = model.school_agents
    assert len(model.agents_by_type[School]) == len(model.schools) == 59
    first = schools[0]
    assert first.name == "紫阳小学" and first.role == "core" and first.location == "urban"
    assert first.enrollment == model.schools.enrollment[0]
    staff = first.teachers()
    assert all(isinstance(t, Teacher) and t.school == 0 for t in staff)
    t = model.teacher(int(staff[0].tid))
    assert t is staff[0] and t.skill == model.teachers.skill[t.tid]
    assert len(model.agents_by_type[Teacher]) == len(staff)  # handles exist only once asked for
    with pytest.raises(IndexError):
        model.teacher(10**9)


def test_nine_year_school_has_a_part_per_stage(ziyang):
    model = CountyModel(ziyang, seed=1)
    rows = [i for i, n in enumerate(model.schools.name) if n == "双桥镇九年制学校"]
    assert sorted(model.schools.stage[rows].tolist()) == [0, 1]
    assert len(set(model.schools.site[rows].tolist())) == 1


def test_teaching_points_merge_into_parent_by_default(ziyang):
    from sim.assessment.observe import stage_reports

    model = CountyModel(ziyang, seed=1)
    merged = stage_reports(model)["primary"]
    model.params["teaching_points"] = "separate"
    separate = stage_reports(model)["primary"]
    model.params["teaching_points"] = "exclude_small"
    small = stage_reports(model)["primary"]
    assert separate.n_schools == merged.n_schools + 9
    assert merged.enrollment == pytest.approx(separate.enrollment)
    assert small.n_schools < separate.n_schools


def test_user_table_starts_the_simulation_with_its_counts():
    from sim.data.schooltable import read_school_table
    from tests.test_schooltable import EXAMPLE

    county = read_school_table(EXAMPLE)
    model = CountyModel(dataclasses.replace(load_scenario("ziyang"), table=county), seed=0)
    counts = school_counts(model)
    assert not model.synthetic
    for key in ("teachers", "backbone_teachers", "teachers_above_degree", "pe_art_teachers", "books"):
        assert np.array_equal(counts[key], county.counts[key])
    model.run()
    assert model.history[-1]["year"] == 2029


def test_a_seed_sequence_gives_the_same_run_however_often_it_is_used(ziyang):
    seq = np.random.SeedSequence(7).spawn(1)[0]
    first = pd.DataFrame(CountyModel(ziyang, seed=seq).run())
    again = pd.DataFrame(CountyModel(ziyang, seed=seq).run())
    pd.testing.assert_frame_equal(first, again, check_exact=True)
