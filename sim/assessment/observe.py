"""What is measured each year: the official indices per stage and the quality inequality measures.

Conventions (docs/model.md, Observation): teachers on exchange count at their host or at home,
as ``exchange_counted_at`` says, and the pass flags that read teacher counts are recorded under
both countings as well (no official rule decides it); teaching points merge into their parent
school unless the ``teaching_points`` parameter says otherwise; each stage is evaluated on its own.
"""

import numpy as np

from agents.school import LOCATIONS, TEACHING_POINT, URBAN
from sim.assessment.indices import gini, stage_report, theil
from sim.assessment.standards import COUNT_COLUMNS, HIGH_QUALITY, STAGES
from sim.assessment.whole import assessment_row

SMALL_TEACHING_POINT = 50  # pupils; the Hebei 2017 rule for teaching_points = "exclude_small"
#: Where a teacher on exchange can count: the values of ``exchange_counted_at``.
CONVENTIONS = ("host", "home")
#: The yearly pass flags that read teacher counts, recorded as ``<flag>_host`` and ``<flag>_home`` too.
COUNTED_FLAGS = ("high_quality_cv_pass", "high_quality_pass", "basic_pass", "pass_resources", "assessment_pass")


def other_convention(own: str) -> str:
    """The counting of exchange teachers that ``own`` (``host`` or ``home``) is not."""
    return next(at for at in CONVENTIONS if at != own)


def school_counts(model, at: str | None = None) -> dict[str, np.ndarray]:
    """Every count column of the official forms, per school part, as the evaluators would count it:
    teachers on exchange at their host or at home, as ``at`` (default ``exchange_counted_at``) says."""
    r, n = model.teachers, len(model.schools)
    by = "school" if (at or model.params["exchange_counted_at"]) == "host" else "home"
    counts = {
        "teachers": r.count_by_school(n, by=by),
        "teachers_above_degree": r.count_by_school(n, r.degree_above, by=by),
        "backbone_teachers": r.count_by_school(n, r.backbone, by=by),
        "pe_art_teachers": r.count_by_school(n, r.pe_art, by=by),
        "senior_title_teachers": r.count_by_school(n, r.senior_title, by=by),
    }
    counts.update({k: v.copy() for k, v in model.schools.stocks.items()})
    return {k: counts[k] for k in COUNT_COLUMNS}


def evaluation_units(schools, counts, stage: int, rule: str):
    """Rows evaluated for ``stage`` and their counts after the teaching-point rule.

    Returns ``(rows, counts, enrollment)`` where ``rows`` are the representative school rows.
    """
    n = len(schools.stage)
    target = np.arange(n)
    tp = schools.role == TEACHING_POINT
    keep = (schools.stage == stage) & schools.evaluated
    if rule == "merge":
        merged = tp & (schools.parent >= 0)
        target[merged] = schools.parent[merged]
    elif rule == "exclude_small":
        keep &= ~(tp & (schools.enrollment < SMALL_TEACHING_POINT))
    rows = np.unique(target[keep])
    agg = {k: np.bincount(target[keep], weights=v[keep], minlength=n)[rows] for k, v in counts.items()}
    pupils = np.bincount(target[keep], weights=schools.enrollment[keep], minlength=n)[rows]
    return rows, agg, pupils


def stage_reports(model, at: str | None = None) -> dict[str, object]:
    """The official report of every stage present in the county, exchange teachers counted ``at``."""
    s = model.schools
    counts = school_counts(model, at)
    out = {}
    for st in np.unique(s.stage):
        rows, agg, pupils = evaluation_units(s, counts, st, model.params["teaching_points"])
        rep = stage_report(agg, pupils, STAGES[st])
        rep.rows, rep.counts, rep.pupils = rows, agg, pupils
        out[STAGES[st]] = rep
    return out


def diversity(schools, head) -> float:
    """How much member schools keep their own speciality: the mean over evaluated member parts
    of half the L1 distance between their profile and their lead school's (0 = exact copies).
    NaN when the county has no communities."""
    members = (head >= 0) & (head != np.arange(len(head))) & schools.evaluated
    if not members.any():
        return float("nan")
    gap = np.abs(schools.profile[members] - schools.profile[head[members]]).sum(axis=1)
    return float(0.5 * gap.mean())


def quality_measures(schools, head) -> dict[str, float]:
    """Urban-rural gap, Theil (between / within locations) and Gini of school quality, pupil-weighted."""
    ev = schools.evaluated
    q, w, loc = schools.quality[ev], schools.enrollment[ev], schools.location[ev]
    total, between, within = theil(q, w, loc)
    out = {"theil": total, "theil_between": between, "theil_within": within, "gini": gini(q, w)}
    urban = loc == URBAN

    def mean(mask):
        return float(np.average(q[mask], weights=w[mask])) if mask.any() else float("nan")

    out["urban_rural_gap"] = mean(urban) - mean(~urban) if urban.any() and (~urban).any() else 0.0
    out["mean_quality"] = mean(np.ones_like(urban))
    for i, name in enumerate(LOCATIONS):
        out[f"quality_{name}"] = mean(loc == i)
    out["diversity"] = diversity(schools, head)
    return out


def binding_cv(reports) -> dict[str, object]:
    """The high-quality CV largest relative to its stage's threshold: the one that decides the CV
    test (all 7 pass exactly when its ratio is <= 1), so the one a county must move first.
    Ties go to the first stage, then the first indicator in the official order."""
    ratio, cv, name = max(((ind["cv"] / ind["threshold"], ind["cv"], f"{key}_{stage}")
                           for stage, rep in reports.items() for key, ind in rep.indicators.items()),
                          key=lambda t: t[0])
    return {"binding_cv_ratio": ratio, "binding_cv": cv, "binding_indicator": name}


def yearly_row(model) -> dict:
    """One row of ``yearly.csv``: the official indices per stage and the county's quality measures;
    the pass flags of ``COUNTED_FLAGS`` again with exchange teachers counted at host and at home."""
    row = {"year": model.year}
    r = model.teachers
    if (r.active & (r.school != r.home)).any():
        counted = {at: stage_reports(model, at) for at in CONVENTIONS}
    else:  # nobody teaches away from home: both countings are the same
        counted = dict.fromkeys(CONVENTIONS, stage_reports(model))
    reports = counted[model.params["exchange_counted_at"]]
    for stage, rep in reports.items():
        for key, cv in rep.basic_cvs.items():
            row[f"cv_{key}_{stage}"] = cv
        for key, ind in rep.indicators.items():
            row[f"cv_{key}_{stage}"] = ind["cv"]
        row[f"composite_cv_basic_{stage}"] = rep.composite_cv
        row[f"schools_meeting_rule_{stage}"] = rep.schools_meeting_rule
        row[f"schools_{stage}"] = rep.n_schools
        row[f"high_quality_pass_{stage}"] = rep.high_quality_pass
        row[f"basic_pass_{stage}"] = rep.basic_pass
        row[f"enrollment_{stage}"] = rep.enrollment
    for key in COUNT_COLUMNS:  # each indicator's CV averaged over the stages present
        row[f"cv_{key}"] = float(np.mean([row[f"cv_{key}_{stage}"] for stage in reports]))
    row["mean_hq_cv"] = float(np.mean([row[f"cv_{ind.key}"] for ind in HIGH_QUALITY]))
    row.update(binding_cv(reports))
    row.update(assessment_row(model, reports, counted))
    for at, reps in [(None, reports), *counted.items()]:
        suffix = f"_{at}" if at else ""
        for flag in ("high_quality_cv_pass", "high_quality_pass", "basic_pass"):
            row[flag + suffix] = all(getattr(r, flag) for r in reps.values())
    row.update(quality_measures(model.schools, model.head))
    evaluated = model.schools.evaluated[model.teachers.school]
    row["teachers"] = int((model.teachers.active & evaluated).sum())
    row.update(model.flows)
    return row
