"""The official indices of a user's own school table, as a report or JSON."""

import numpy as np

from sim.assessment.indices import stage_report
from sim.assessment.standards import HIGH_QUALITY, HQ_CV_THRESHOLD, STAGES


def county_reports(county) -> list:
    """``[((stage, StageReport), stage_index), ...]`` for every stage present in the table."""
    out = []
    for i, stage in enumerate(STAGES):
        rows = county.stage_rows(i)
        if rows.size:
            counts = {k: v[rows] for k, v in county.counts.items()}
            out.append(((stage, stage_report(counts, county.enrollment[rows], stage)), i))
    return out


def _yes(flag) -> str:
    return "n/a (basic-balance columns missing)" if flag is None else ("PASS" if flag else "fail")


def format_reports(county, reports) -> str:
    lines = [f"{county.path}: {len(county)} school parts"]
    for (stage, rep), i in reports:
        names = np.array(county.school)[county.stage_rows(i)]
        lines += ["", f"{stage}: {rep.n_schools} schools, {rep.enrollment:,.0f} pupils",
                  f"  {'indicator':22s} {'CV':>6s} {'limit':>6s} {'mean':>9s} {'standard':>9s}  {'unit':17s} below standard"]
        for ind in HIGH_QUALITY:
            v = rep.indicators[ind.key]
            below = ", ".join(names[v["below"]][:4]) + (" ..." if len(v["below"]) > 4 else "")
            lines.append(f"  {ind.key:22s} {v['cv']:6.3f} {HQ_CV_THRESHOLD[stage]:6.2f} {v['mean']:9.2f} "
                         f"{v['standard']:9.1f}  {ind.unit:17s} {len(v['below'])}: {below}")
        lines.append(f"  schools meeting 6 of 7 standards (rest >= 85 %): {rep.schools_meeting_rule} of {rep.n_schools}")
        lines.append(f"  high-quality balance: {_yes(rep.high_quality_pass)}")
        comp = "n/a" if rep.composite_cv is None else f"{rep.composite_cv:.3f}"
        lines.append(f"  basic balance composite CV: {comp}  ->  {_yes(rep.basic_pass)}")
    return "\n".join(lines)
