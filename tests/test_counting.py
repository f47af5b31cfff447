"""Where exchange teachers count, as a range: every pass flag that reads teacher counts is recorded
with them counted at host and at home, and the forecast reports both (docs/model.md 6.5)."""

import numpy as np
import pandas as pd

from sim.app.cli import main
from sim.assessment.observe import COUNTED_FLAGS, yearly_row
from sim.data.scenario import load_scenario
from sim.dynamics.model import CountyModel
from tests.passing_county import write_passing_county


def test_an_exchange_that_empties_a_school_of_backbone_teachers_splits_the_verdicts(tmp_path):
    """A county passing every standard by 15-24 %; a village school's backbone teachers go on exchange
    to the largest town school. Counted at host, the village school falls below 85 % of the backbone
    standard and the county fails the full test; counted at home nothing has changed and it passes."""
    table = write_passing_county(tmp_path / "passing.csv")
    model = CountyModel(load_scenario("ziyang", schools=str(table), without=("all",)), seed=1)
    start = yearly_row(model)
    assert all(start[f"{flag}_{at}"] == start[flag] for flag in COUNTED_FLAGS for at in ("host", "home"))
    assert start["high_quality_pass"]
    r, s = model.teachers, model.schools
    village = s.name.index("village-primary-0")
    town = int(np.argmax(np.where(s.stage == s.stage[village], s.enrollment, -1)))
    away = np.flatnonzero(r.active & r.backbone & (r.home == village))
    assert away.size > 0
    r.school[away] = town
    r.exchange_end[away] = model.year + 1
    row = yearly_row(model)
    assert not row["high_quality_pass_host"] and row["high_quality_pass_home"]
    assert not row["pass_resources_host"] and row["pass_resources_home"]
    assert row["high_quality_pass"] == row["high_quality_pass_host"]  # the scenario counts at host (the default)
    others = all(row[f"pass_{part}"] for part in ("government", "quality", "recognition")) and not row["veto"]
    assert not row["assessment_pass_host"] and row["assessment_pass_home"] == others
    model.params["exchange_counted_at"] = "home"
    home = yearly_row(model)
    assert home["high_quality_pass"] and all(home[k] == row[k] for k in row if k.endswith(("_host", "_home")))


def test_forecast_reports_both_countings(tmp_path, capsys):
    out = tmp_path / "fc"
    assert main(["forecast", "--replicates", "2", "--end-year", "2026", "--out", str(out), "--quiet"]) == 0
    text = capsys.readouterr().out
    last = pd.read_csv(out / "yearly.csv").query("year == 2026")
    for flag in COUNTED_FLAGS:
        assert {f"{flag}_host", f"{flag}_home"} <= set(last.columns)
    p_home = last["high_quality_cv_pass_home"].mean()
    assert f"P(all 7 CVs pass) = {last['high_quality_cv_pass'].mean():.2f} [at home: {p_home:.2f}]" in text
    assert f"P(whole assessment: all 4 parts, no veto) = {last['assessment_pass'].mean():.2f} [at home: " in text
