"""The whole 2017 assessment, year by year: four parts, their indicators and the vetoes.

A county passes when resource allocation, government assurance, education quality and social
recognition all pass and no veto applies (教督〔2017〕6号; shared/brief/assessment.md). Indicators
a simulation can compute (S) come from the model's state; the rest are declared (D,
sim/assessment/declared.py). docs/model.md 6.27 lists all of them and how each is computed.
"""

import numpy as np

from agents.school import TEACHING_POINT, URBAN
from sim.assessment.declared import declared_items, vetoes_applying
from sim.assessment.monitoring import stage_monitoring
from sim.assessment.school_rules import class_size, school_size, special_rooms
from sim.assessment.standards import (
    MAX_DIFFERENCE_RATE,
    MIN_EXCHANGE_BACKBONE_SHARE,
    MIN_EXCHANGE_RATE,
    MIN_TRAINING_FUNDS_SHARE,
    SMALL_SCHOOL_FUNDED_AS,
    SPECIAL_ROOMS,
    TRAINING_CYCLE_YEARS,
    TRAINING_HOURS_PER_CYCLE,
)
from sim.dynamics.classes import classes

PARTS = ("resources", "government", "quality", "recognition")
#: The computed (S) indicators: key -> (part, what the value is).
COMPUTED = {
    "resource_cvs": ("resources", "largest CV / its threshold (pass <= 1)"),
    "school_standards": ("resources", "share of schools meeting 6 of 7 standards, the 7th at 85 %"),
    "special_rooms": ("government", "share of schools with a music and an art room per 12 classes"),
    "school_size": ("government", "share of schools of at most 2,000 pupils (2,500 nine-year)"),
    "class_size": ("government", "share of school parts whose classes have at most 45 / 50 pupils"),
    "small_school_funding": ("government", "pupils a small village school or teaching point is funded as (>= 100)"),
    "training_hours": ("government", "share of teachers on pace for 360 hours in 5 years"),
    "exchange_rate": ("government", "teachers of town and core schools exchanged this year / eligible (>= 0.10)"),
    "exchange_backbone": ("government", "backbone share of those exchanged (>= 0.20)"),
    "certified": ("government", "share of teachers holding a teaching certificate (100 %)"),
    "training_funds": ("quality", "share of public funds spent on training (>= 0.05)"),
    "monitoring_level": ("quality", "county mean score minus the level-III cut, worst stage (pupil SD, >= 0)"),
    "difference_rate": ("quality", "between-school share of score variance, worst stage (< 0.15)"),
}


def school_rules(schools, params) -> dict[str, dict]:
    """School size, class size and special rooms of every open evaluated school."""
    live = schools.evaluated & schools.open
    whole = live & (schools.role != TEACHING_POINT)  # teaching points belong to their school
    n_classes = classes(schools, params)
    rooms = {k: schools.stocks[k] for k in SPECIAL_ROOMS}
    size = class_size(schools.stage[live], schools.enrollment[live], n_classes[live])
    return {"school_size": school_size(schools.site, schools.stage, schools.enrollment, whole),
            "class_size": size,
            "special_rooms": special_rooms(schools.site, n_classes, rooms, whole)}


def exchange_counts(model, school_year) -> tuple[float, float]:
    """Exchange rate and backbone share for ``school_year``: teachers of town and core schools
    (城镇学校、优质学校, the 2014 guideline's senders) posted away that year over those eligible
    (years in service >= ``exchange_eligible_years``, not away on an earlier term). NaN before
    the first simulated year."""
    if school_year is None:
        return float("nan"), float("nan")
    r, s = model.teachers, model.schools
    sender = ((s.location == URBAN) | (model.head == np.arange(len(s)))) & s.evaluated
    home = r.active & sender[r.home]
    sent = home & (r.posted_year == school_year)
    eligible = sent | (home & (r.experience >= model.params["exchange_eligible_years"]) & (r.school == r.home))
    rate = sent.sum() / eligible.sum() if eligible.any() else float("nan")
    backbone = (sent & r.backbone).sum() / sent.sum() if sent.any() else 0.0
    return float(rate), float(backbone)


def training_on_pace(model) -> float:
    """Share of active teachers whose hours of the last five years reach 72 a year served."""
    r = model.teachers
    act = r.active & model.schools.evaluated[r.home]
    due = TRAINING_HOURS_PER_CYCLE / TRAINING_CYCLE_YEARS * np.minimum(TRAINING_CYCLE_YEARS, r.experience + 1.0)
    return float((r.window_hours()[act] >= due[act] - 1e-9).mean()) if act.any() else 1.0


def computed_items(model, reports) -> dict[str, tuple[str, float, bool]]:
    """Every S indicator: ``key -> (part, value, passes)``."""
    p, r = model.params, model.teachers
    rules = school_rules(model.schools, p)
    stepped = model.year > model.scenario_spec.start_year
    rate, backbone = exchange_counts(model, model.year - 1 if stepped else None)
    act = r.active & model.schools.evaluated[r.home]
    monitoring = stage_monitoring(model.schools, p, model.start_means)
    margin = min(m["margin"] for m in monitoring.values())
    difference = max(m["difference_rate"] for m in monitoring.values())
    on_pace = training_on_pace(model)
    values = {
        **counted_items(reports),
        **{k: (float(v["ok"].mean()) if v["ok"].size else 1.0, bool(v["ok"].all())) for k, v in rules.items()},
        "small_school_funding": (p["budget_floor_pupils"], p["budget_floor_pupils"] >= SMALL_SCHOOL_FUNDED_AS),
        "training_hours": (on_pace, on_pace >= 1.0),
        "exchange_rate": (rate, rate >= MIN_EXCHANGE_RATE - 1e-12),
        "exchange_backbone": (backbone, backbone >= MIN_EXCHANGE_BACKBONE_SHARE - 1e-12),
        "certified": (float(r.certified[act].mean()) if act.any() else 1.0, bool(r.certified[act].all())),
        "training_funds": (p["training_funds_share"], p["training_funds_share"] >= MIN_TRAINING_FUNDS_SHARE),
        "monitoring_level": (margin, margin >= 0.0),
        "difference_rate": (difference, difference < MAX_DIFFERENCE_RATE),
    }
    return {k: (COMPUTED[k][0], float(v), bool(ok)) for k, (v, ok) in values.items()}


def counted_items(reports) -> dict[str, tuple[float, bool]]:
    """The two S indicators that read teacher counts (``key -> (value, passes)``): the largest CV
    over its threshold and the share of schools meeting 6 of 7 standards."""
    ratio = max(ind["cv"] / ind["threshold"] for rep in reports.values() for ind in rep.indicators.values())
    meeting = sum(rep.schools_meeting_rule for rep in reports.values())
    schools = sum(rep.n_schools for rep in reports.values())
    return {"resource_cvs": (ratio, ratio <= 1.0), "school_standards": (meeting / schools, meeting == schools)}


def verdict(items: dict[str, tuple[str, object, bool]], vetoes: list[str]) -> dict:
    """Each part passes when all its indicators do; the county when all four pass and no veto applies."""
    out = {f"pass_{part}": all(ok for p, _, ok in items.values() if p == part) for part in PARTS}
    out["veto"] = bool(vetoes)
    out["assessment_pass"] = all(out[f"pass_{part}"] for part in PARTS) and not vetoes
    return out


def ok_columns(columns) -> list[str]:
    """The ``ok_KEY`` column of each item among ``columns``, not its copies under the other counting of
    exchange teachers (``ok_KEY_host``, ``ok_KEY_home``)."""
    return [c for c in columns if c.startswith("ok_") and not c.endswith(("_host", "_home"))]


def assessment_row(model, reports, recounted: dict | None = None) -> dict:
    """The yearly columns: ``ind_KEY`` and ``ok_KEY`` per indicator, ``pass_PART``, ``veto`` and
    ``assessment_pass``; for each ``name -> reports`` of ``recounted`` (the same county counted
    another way), ``pass_resources_NAME``, ``assessment_pass_NAME`` and ``ok_KEY_NAME`` of the two
    items that read teacher counts: only the resource part reads them, so the other parts are not
    recomputed."""
    items = {**computed_items(model, reports), **declared_items(model.declared)}
    vetoes = vetoes_applying(model.declared)
    row = {}
    for key, (_, value, ok) in items.items():
        row[f"ind_{key}"] = float(value)
        row[f"ok_{key}"] = ok
    row.update(verdict(items, vetoes))
    for name, other in (recounted or {}).items():
        recount = {k: (COMPUTED[k][0], v, ok) for k, (v, ok) in counted_items(other).items()}
        again = verdict({**items, **recount}, vetoes)
        row.update({f"{k}_{name}": again[k] for k in ("pass_resources", "assessment_pass")})
        row.update({f"ok_{k}_{name}": ok for k, (_, _, ok) in recount.items()})
    return row
