"""Cost-effectiveness in official terms: the binding CV of a year and the comparison summary."""

import numpy as np
import pandas as pd
import pytest

from sim.assessment.indices import stage_report
from sim.assessment.observe import binding_cv
from sim.assessment.standards import HIGH_QUALITY, HQ_CV_THRESHOLD
from sim.dynamics.model import CountyModel
from sim.experiments.compare import COUNTERFACTUAL, POLICIES, summarise


def two_school_report(stage: str, unequal: dict[str, tuple[int, int]]):
    """A stage of two 100-pupil schools, equal in every indicator except the ``unequal`` counts."""
    counts = {ind.key: np.array([50.0, 50.0]) for ind in HIGH_QUALITY}
    counts.update({k: np.array(v, dtype=float) for k, v in unequal.items()})
    return stage_report(counts, np.array([100.0, 100.0]), stage)


@pytest.mark.parametrize("primary, junior, expected, cv", [
    # counts 1 and 3 per 100 pupils: CV 0.5; 1 and 2: CV 1/3
    ({"backbone_teachers": (1, 3)}, {"pe_art_teachers": (1, 2)}, "backbone_teachers_primary", 0.5),
    # the same CV 0.5 binds harder in junior (threshold 0.45) than in primary (0.50)
    ({"backbone_teachers": (1, 3)}, {"pe_art_teachers": (1, 3)}, "pe_art_teachers_junior", 0.5),
    # the larger CV does not bind: 0.48 / 0.50 = 0.96 < 0.44 / 0.45 = 0.978
    ({"backbone_teachers": (13, 37)}, {"pe_art_teachers": (7, 18)}, "pe_art_teachers_junior", 0.44),
    # a tie goes to the first indicator in the official order
    ({"multimedia_rooms": (1, 3), "backbone_teachers": (1, 3)}, {}, "backbone_teachers_primary", 0.5),
])
def test_binding_cv_is_the_largest_cv_relative_to_its_threshold(primary, junior, expected, cv):
    reports = {"primary": two_school_report("primary", primary), "junior": two_school_report("junior", junior)}
    got = binding_cv(reports)
    stage = expected.rsplit("_", 1)[1]
    assert got["binding_indicator"] == expected
    assert got["binding_cv"] == pytest.approx(cv, rel=1e-12)
    assert got["binding_cv_ratio"] == pytest.approx(cv / HQ_CV_THRESHOLD[stage], rel=1e-12)


def test_yearly_rows_carry_the_binding_cv(ziyang):
    for row in CountyModel(ziyang, seed=1).run():
        ratios = {f"{ind.key}_{st}": row[f"cv_{ind.key}_{st}"] / HQ_CV_THRESHOLD[st]
                  for st in HQ_CV_THRESHOLD for ind in HIGH_QUALITY}
        assert row["binding_cv_ratio"] == max(ratios.values())
        assert row["binding_cv"] == row[f"cv_{row['binding_indicator']}"]
        assert row["high_quality_cv_pass"] == (row["binding_cv_ratio"] <= 1.0)


def yearly_fixture(scenario: str, cost: list[float], variants: dict[str, dict[str, list]]) -> pd.DataFrame:
    """Start- and end-year rows of one scenario, 4 replicates per variant; every high-quality CV is
    0.1 unless ``variants[variant]`` sets it (or a pass flag) for the end year. The start year,
    booked ``cost[r] / 2`` per replicate with everything passing, must not count in the end-year outcomes."""
    rows = []
    for variant, end in variants.items():
        for r in range(4):
            for year in (2024, 2029):
                row = {"scenario": scenario, "variant": variant, "year": year, "replicate": r,
                       "urban_rural_gap": 0.05, "diversity": 0.3, "high_quality_pass": True,
                       "high_quality_cv_pass": True,
                       **{f"cv_{ind.key}_{st}": 0.1 for st in HQ_CV_THRESHOLD for ind in HIGH_QUALITY},
                       "policy_cost_yuan": cost[r] / 2 if variant == POLICIES else 0.0}
                if year == 2029:
                    row.update({k: v[r] for k, v in end.items()})
                rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def summary():
    gains = yearly_fixture("gains", [10e6, 12e6, 14e6, 16e6], {  # median total cost 13 million
        POLICIES: {"high_quality_cv_pass": [True, True, True, False], "high_quality_pass": [True, False, False, False],
                   "cv_backbone_teachers_primary": [0.48] * 4,
                   "cv_pe_art_teachers_junior": [0.20, 0.25, 0.21, 0.30]},
        COUNTERFACTUAL: {"high_quality_cv_pass": [True, False, False, False], "high_quality_pass": [False] * 4,
                         # a larger CV than pe_art junior's, but further below its threshold (0.90 < 0.93)
                         "cv_backbone_teachers_primary": [0.45] * 4,
                         "cv_pe_art_teachers_junior": [0.40, 0.41, 0.43, 0.44]},
    })
    losses = yearly_fixture("losses", [5e6, 5e6, 5e6, 5e6], {
        POLICIES: {"high_quality_cv_pass": [True, False, False, False], "cv_multimedia_rooms_primary": [0.6] * 4},
        COUNTERFACTUAL: {"high_quality_cv_pass": [True, True, False, False], "cv_multimedia_rooms_primary": [0.55] * 4},
    })
    return summarise(pd.concat([gains, losses], ignore_index=True)).set_index("scenario")


def test_cost_per_percentage_point_of_p_pass(summary):
    row = summary.loc["gains"]
    assert row["total_cost_yuan"] == 13e6
    assert (row["p_all_cvs_pass"], row["p_all_cvs_pass_no_policy"]) == (0.75, 0.25)
    assert (row["p_high_quality"], row["p_high_quality_no_policy"]) == (0.25, 0.0)
    assert row["yuan_per_point_p_all_cvs_pass"] == pytest.approx(13e6 / 50, rel=1e-12)
    assert row["yuan_per_point_p_high_quality"] == pytest.approx(13e6 / 25, rel=1e-12)


def test_cost_per_point_is_nan_without_a_gain(summary):
    row = summary.loc["losses"]
    assert (row["p_all_cvs_pass"], row["p_all_cvs_pass_no_policy"]) == (0.25, 0.5)
    assert np.isnan(row["yuan_per_point_p_all_cvs_pass"])  # a loss
    assert row["p_high_quality"] == row["p_high_quality_no_policy"] == 1.0
    assert np.isnan(row["yuan_per_point_p_high_quality"])  # no change


def test_cost_per_0_01_of_the_counterfactuals_binding_cv(summary):
    row = summary.loc["gains"]
    # without policies pe_art junior binds (0.42 / 0.45 = 0.93 against 0.45 / 0.50 = 0.90), although
    # with policies backbone primary does (0.48 / 0.50): the counterfactual's indicator is the one measured
    assert row["binding_indicator"] == "pe_art_teachers_junior"
    assert row["binding_cv"] == pytest.approx(0.23, rel=1e-12)
    assert row["binding_cv_no_policy"] == pytest.approx(0.42, rel=1e-12)
    # the median of the paired differences (0.20, 0.16, 0.22, 0.14), not the difference of medians (0.19)
    assert row["binding_cv_reduction"] == pytest.approx(0.18, rel=1e-12)
    assert row["yuan_per_0.01_binding_cv"] == pytest.approx(13e6 / 18, rel=1e-12)


def test_cost_per_binding_cv_is_nan_when_it_rises(summary):
    row = summary.loc["losses"]
    assert row["binding_indicator"] == "multimedia_rooms_primary"
    assert row["binding_cv_reduction"] == pytest.approx(-0.05, rel=1e-12)
    assert np.isnan(row["yuan_per_0.01_binding_cv"])


def test_the_mean_cv_measure_is_gone(summary):
    assert not {"yuan_per_0.01_cv", "mean_hq_cv", "cv_reduction"} & set(summary.columns)


def test_compare_on_a_chinese_table_prints_chinese(tmp_path, capsys):
    """Issue 23: the printed comparison of a Chinese table names its columns, the binding indicator and
    the counting note in Chinese (the English table keeps its keys)."""
    from pathlib import Path

    from sim.app.cli import main

    table = Path(__file__).resolve().parents[1] / "experiments" / "data" / "bureau_county.xlsx"
    assert main(["compare", "ziyang", "--schools", str(table), "--replicates", "1", "--quiet",
                 "--out", str(tmp_path / "c")]) == 0
    out = capsys.readouterr().out
    assert "整体达标概率（交流教师计入接收校）" in out and "约束性指标" in out and "p_assessment_host" not in out
    assert "计入接收校／计入派出校" in out and "已写入" in out
