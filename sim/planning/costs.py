"""What the plan's capacity-creating actions cost, how long they take and how far they go
(docs/model.md 13, table ``plan``). Moves, hires and designations take their yearly costs from the
policies that pay them (``optimise.default_params``); building and buying from the model's unit costs."""

from sim.dynamics.params import ASSUMPTION, Param

PLAN_PARAMS = {
    "backbone_quota_share": Param(
        0.15, "share", 0.15, 0.24, "Shaanxi's 2021 plan: county-level backbone teachers 15 % of a county's teachers "
        "by 2030 (6 % city-level and 3 % province-level besides, backbone_train_share; 0.24 with that at 0 reads "
        "the three as one corps)",
        "share of its teachers the county's backbone corps may reach by designation"),
    "cost_sports_hall_yuan_m2": Param(
        4000.0, "yuan / m2", 2500.0, 8000.0,
        ASSUMPTION + "; no unit cost found. A hall's floor counts as sports area (the indicator is 'sports grounds "
        "and halls')", "cost of a square metre of indoor sports hall, built where a site has no land for ground"),
    "cost_land_yuan_m2": Param(
        1500.0, "yuan / m2", 0.0, 10000.0,
        ASSUMPTION + "; school land is usually allocated (划拨) and its cost is the compensation paid; no figure found",
        "cost of a square metre of land for a new school's site"),
    "size_headroom": Param(
        0.0, "share of the limit", 0.0, 0.3, ASSUMPTION + "; a lever of `pathway` (town schools fill up again as "
        "village pupils move to town)", "share of the 2,000 / 2,500-pupil limit a site is brought below, "
        "kept for pupils who arrive after the plan"),
    "site_m2_per_pupil": Param(18.0, "m2 / pupil", 10.0, 30.0, ASSUMPTION, "site area a new town school needs per pupil"),
    "upgrade_yuan": Param(
        12000.0, "yuan / teacher", 5000.0, 30000.0, ASSUMPTION + "; tuition and release time of an in-service degree "
        "programme, no figure found", "cost of bringing one teacher to the higher degree"),
    "upgrade_years": Param(3, "years", 2, 4, ASSUMPTION + "; part-time programmes run two and a half years",
                           "school years before an upgraded teacher holds the degree"),
    "upgrade_cap_share": Param(
        0.1, "share", 0.0, 0.3, ASSUMPTION, "share of the county's teachers without the higher degree that "
        "in-service programmes can take in one plan"),
    "new_post_share": Param(
        0.1, "share", 0.0, 0.2, ASSUMPTION + "; posts beyond the staffing norm need the province's approval",
        "posts beyond the norm a county may add in one plan, as a share of its teachers"),
    "new_post_yuan": Param(
        1000.0, "yuan / post", 0.0, 10000.0, ASSUMPTION + "; the approval and recruitment of a post the norm does not "
        "give (it also keeps open posts first)", "one-off cost of a new post, on top of the salary"),
    "backbone_train_share": Param(
        0.09, "share", 0.0, 0.09, "Shaanxi's 2021 plan: city-level backbone teachers 6 % and province-level 3 % of "
        "a county's teachers; that they come beyond the county-level 15 % is an assumption (0: within it)",
        "city- and province-level backbone teachers a county may have trained, as a share of its teachers"),
    "train_backbone_yuan": Param(
        20000.0, "yuan / teacher", 5000.0, 50000.0, ASSUMPTION + "; no figure found",
        "cost of training a teacher to a city- or province-level backbone teacher"),
    "train_backbone_years": Param(2, "years", 1, 4, ASSUMPTION, "school years before a trained teacher is recognised"),
    "merge_yuan_per_pupil": Param(
        1500.0, "yuan / pupil / year", 500.0, 5000.0, ASSUMPTION + "; school transport or boarding, no figure found",
        "yearly cost of each pupil of a teaching point merged into its parent school"),
}

#: School years after the decision before each kind of action counts in the table, 0 meaning from the
#: next school year (assumptions, docs/model.md 13): moves, designations, the summer's recruitment and
#: purchases at once, a new post after a year's approval, a teaching point's merge after a year's due
#: process or a catchment change at the next enrolment, ground and teaching space after a building
#: season, a hall after two, a new school after three; upgrades and training from their parameters.
LEAD_YEARS = {"move_teacher": 0, "transfer": 0, "designate": 0, "hire": 0, "hire_new_post": 1, "buy": 0, "build": 1,
              "build_hall": 2, "open_school": 3, "merge_point": 1, "rezone": 1}


def lead_years(action: str, params: dict) -> int:
    """School years before ``action`` counts (an upgrade's and a training's from their parameters)."""
    timed = {"upgrade": "upgrade_years", "train_backbone": "train_backbone_years"}
    return int(params[timed[action]]) if action in timed else LEAD_YEARS[action]
