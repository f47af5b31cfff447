"""Scenario files: the Ziyang roster, and every bad key or year an error that says where."""

import pytest

from sim.data.errors import InputError
from sim.data.scenario import load_scenario, parse_scenario


def minimal(**extra):
    raw = {"name": "t", "communities": [{"name": "c", "schools": [
        {"name": "A", "role": "core", "location": "urban", "stages": ["primary"]},
        {"name": "B", "role": "member", "location": "village", "stages": ["primary"]}]}]}
    raw.update(extra)
    return raw


def test_ziyang_roster_matches_the_seed(ziyang):
    assert len(ziyang.communities) == 8
    names = [s["name"] for c in ziyang.communities for s in c["schools"]]
    assert len(names) == len(set(names)) == 48
    cores = [s["name"] for c in ziyang.communities for s in c["schools"] if s["role"] == "core"]
    assert cores == ["紫阳小学", "紫阳县第二小学", "蒿坪镇中心小学", "紫阳中学初中部", "毛坝中学(初中部)",
                     "蒿坪镇初级中学", "向阳镇九年制学校", "红椿镇九年制学校"]
    points = [s for c in ziyang.communities for s in c["schools"] if s["role"] == "teaching_point"]
    assert len(points) == 9 and all(p["name"].endswith("教学点") for p in points)
    assert (ziyang.start_year, ziyang.end_year) == (2024, 2029)
    assert [p.name for p in ziyang.policies][:3] == ["pairing", "teacher_exchange", "resource_sharing"]
    assert {"six_unified", "travelling_teachers", "entrusted_management", "mentoring", "bundled_assessment",
            "rural_allowance"} <= {p.name for p in ziyang.policies}


@pytest.mark.parametrize("raw, message", [
    (minimal(start_yaer=2024), "unknown key 'start_yaer'; did you mean 'start_year'"),
    (minimal(params={"rural_drfit": 0.1}), r"\[params\]: unknown key 'rural_drfit'; did you mean 'rural_drift'"),
    (minimal(params={"rural_drift": 0.9}), "outside its range"),
    (minimal(params={"rural_drift": "high"}), "must be a number"),
    (minimal(policies=[{"type": "pairng"}]), "unknown key 'pairng'; did you mean 'pairing'"),
    (minimal(policies=[{"type": "teacher_exchange", "rat": 0.2}]),
     r"policies\[0\] \(teacher_exchange\): unknown key 'rat'; did you mean 'rate'"),
    (minimal(policies=[{"rate": 0.2}]), "needs a 'type'"),
    (minimal(policies=[{"type": "pairing", "start": 2031}]), "'start' = 2031 is outside the simulated school years 2024-2028"),
    (minimal(policies=[{"type": "pairing", "start": 2026, "end": 2025}]), "before 'start'"),
    (minimal(end_year=2020), "'end_year' = 2020 must be after 'start_year' = 2024"),
    (minimal(start_year=1900), "must be a year between"),
    (minimal(communities=[{"name": "c", "schools": [{"name": "A", "role": "core", "location": "city",
                                                     "stages": ["primary"]}]}]), "'location' must be one of"),
    (minimal(communities=[{"name": "c", "schools": [{"name": "A", "role": "member", "location": "urban",
                                                     "stages": ["primary"]}]}]), "exactly one core"),
    (minimal(communities=[{"name": "c", "schools": [{"name": "A", "role": "core", "location": "urban",
                                                     "stages": ["primary"], "stagez": 1}]}]),
     r"communities\[0\].schools\[0\]: unknown key 'stagez'"),
])
def test_bad_scenarios_name_the_problem(raw, message):
    with pytest.raises(InputError, match=message):
        parse_scenario(raw, "my.toml")


def test_unknown_scenario_name_suggests(tmp_path):
    with pytest.raises(InputError, match="did you mean 'ziyang'"):
        load_scenario("ziyan")
    bad = tmp_path / "bad.toml"
    bad.write_text("name = [unclosed\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_scenario(str(bad))


def test_end_year_override_moves_policy_horizon():
    sc = load_scenario("ziyang", end_year=2035)
    assert sc.end_year == 2035 and all(p.end == 2034 for p in sc.policies)
    with pytest.raises(InputError, match="must be after"):
        load_scenario("ziyang", end_year=2024)


def test_without_drops_policies_by_type_or_all():
    full = [p.id for p in load_scenario("ziyang").policies]
    assert [p.id for p in load_scenario("ziyang", without=["teacher_exchange"]).policies] == \
        [pid for pid in full if pid != "teacher_exchange"]
    assert "management_team" not in [p.id for p in load_scenario("ziyang", without=["entrusted_management"]).policies]
    assert load_scenario("ziyang", without=["all"]).policies == []
    with pytest.raises(InputError, match="--without .*unknown key 'exchange'; did you mean 'teacher_exchange'"):
        load_scenario("ziyang", without=["exchange"])


def test_set_overrides_model_and_policy_parameters():
    sc = load_scenario("ziyang", overrides=["teacher_exchange.rate=0.2", "rural_drift=0.03",
                                            "params.cohort_change=-0.01", "pairing.start=2026"])
    exchange = next(p for p in sc.policies if p.name == "teacher_exchange")
    pairing = next(p for p in sc.policies if p.name == "pairing")
    assert exchange.p["rate"] == 0.2 and pairing.start == 2026
    assert sc.params["rural_drift"] == 0.03 and sc.params["cohort_change"] == -0.01


@pytest.mark.parametrize("override, message", [
    ("teacher_exchange.rat=0.2", "--set: unknown key 'teacher_exchange.rat'; did you mean 'teacher_exchange.rate'"),
    ("rural_drfit=0.1", "did you mean 'rural_drift'"),
    ("teacher_exchange.rate=2", "outside its range"),
    ("teacher_exchange.rate", "expected KEY=VALUE"),
    ("pairing.start=2040", "outside the simulated school years"),
])
def test_bad_overrides_name_the_key(override, message):
    with pytest.raises(InputError, match=message):
        load_scenario("ziyang", overrides=[override])


def test_policy_ids_must_be_unique():
    raw = minimal(policies=[{"type": "pairing"}, {"type": "pairing"}])
    with pytest.raises(InputError, match="already listed; give each one its own 'id'"):
        parse_scenario(raw, "my.toml")
    raw = minimal(policies=[{"type": "pairing"}, {"type": "pairing", "id": "loose", "tightness": 0.3}])
    assert [p.id for p in parse_scenario(raw, "my.toml").policies] == ["pairing", "loose"]


@pytest.mark.parametrize("layout, message", [
    ({"urban": 2, "groupz": []}, r"\[layout\]: unknown key 'groupz'; did you mean 'groups'"),
    ({"urban": 1, "township": 1, "groups": [{"count": 2, "members": {"township": 1}, "stage": "primary"}]},
     "needs 1 more urban primary schools than the layout has left"),
    ({"urban": 2, "groups": [{"count": 1, "core": "suburb"}]}, "'core' must be one of urban, township, external"),
    ({"urban": 2, "groups": [{"count": 1, "members": {"vilage": 1}}]}, "did you mean 'village'"),
])
def test_bad_layouts_name_the_problem(layout, message):
    with pytest.raises(InputError, match=message):
        parse_scenario({"name": "t", "layout": layout}, "my.toml")


def test_layout_builds_groups_and_leaves_the_rest_unpaired():
    raw = {"name": "t", "layout": {"urban": 2, "township": 4, "village": 4, "junior_share": 0.0,
                                   "groups": [{"count": 2, "core": "external", "members": {"village": 1},
                                               "tightness": 0.4}]}}
    sc = parse_scenario(raw, "my.toml")
    groups, rest = sc.communities[:2], sc.communities[2]
    assert all(c["tightness"] == 0.4 and c["schools"][0]["external"] for c in groups)
    assert rest["unpaired"] and len(rest["schools"]) == 2 + 4 + 2
