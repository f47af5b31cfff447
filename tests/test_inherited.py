"""The forecast's account of failures inherited from the starting data, against a hand-made table."""

import pandas as pd
import pytest

from sim.experiments.forecast import inherited_failures, inherited_line


def test_inherited_failures_by_hand():
    """Two replicates, two years. Primary backbone CV (threshold 0.50): replicate 0 fails at launch
    and at the end, replicate 1 only at the end; junior equipment CV (0.45) fails only at launch."""
    rows = []
    for rep, (bb0, bb1, eq0) in enumerate(((0.60, 0.55, 0.50), (0.40, 0.52, 0.30))):
        rows.append({"year": 2024, "replicate": rep, "cv_backbone_teachers_primary": bb0, "cv_equipment_yuan_junior": eq0})
        rows.append({"year": 2029, "replicate": rep, "cv_backbone_teachers_primary": bb1, "cv_equipment_yuan_junior": 0.2})
    found = inherited_failures(pd.DataFrame(rows))
    assert found["launch_fail"] == {"backbone_teachers_primary": 0.5, "equipment_yuan_junior": 0.5}
    assert found["p_launch_cv_fail"] == 0.5  # replicate 0 fails both at launch; replicate 1 nothing
    assert found["last_failures"] == 2 and found["inherited_share"] == pytest.approx(0.5)
    line = inherited_line(found, synthetic=True)
    assert "50%" in line and "synthetic" in line and "2029" in line


def test_nothing_failing_at_the_end_says_nothing_of_inheritance():
    rows = [{"year": y, "replicate": 0, "cv_backbone_teachers_primary": 0.3} for y in (2024, 2025)]
    found = inherited_failures(pd.DataFrame(rows))
    assert found["inherited_share"] is None and found["p_launch_cv_fail"] == 0.0
    assert "inherited" not in inherited_line(found, synthetic=False)
