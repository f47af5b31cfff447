"""Cost-effectiveness in official terms: the binding CV of a year and the comparison summary."""

import numpy as np
import pytest

from sim.indices import stage_report
from sim.model import CountyModel
from sim.observe import binding_cv
from sim.standards import HIGH_QUALITY, HQ_CV_THRESHOLD


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
