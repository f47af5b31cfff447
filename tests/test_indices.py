"""Unit tests of the index formulas against hand-computed fixtures, plus properties."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from sim.assessment.indices import gini, school_rule, stage_report, theil, weighted_cv
from sim.assessment.standards import HIGH_QUALITY, STANDARDS

# balance-index.md: five schools, books per student
ENROLL = np.array([45, 37, 89, 76, 55])
BOOKS = np.array([279, 137, 935, 160, 402])


def test_handout_fixture_weighted_cv():
    x = BOOKS / ENROLL
    assert weighted_cv(x, ENROLL) == pytest.approx(0.5153, abs=5e-5)
    share = ENROLL / ENROLL.sum()
    assert share @ x == pytest.approx(6.3344, abs=5e-5)
    assert np.sqrt(share @ (x - share @ x) ** 2) == pytest.approx(3.2639, abs=5e-5)
    assert share.round(3).tolist() == [0.149, 0.123, 0.295, 0.252, 0.182]


def test_handout_fixture_rejects_unweighted_and_sample_forms():
    x = BOOKS / ENROLL
    cv = weighted_cv(x, ENROLL)
    unweighted = np.std(x) / np.mean(x)
    sample = np.std(x, ddof=1) / np.mean(x)
    assert unweighted == pytest.approx(0.4888, abs=5e-5)
    assert sample == pytest.approx(0.5465, abs=5e-5)
    assert abs(cv - unweighted) > 0.02 and abs(cv - sample) > 0.02


def test_weighted_cv_rejects_bad_weights():
    with pytest.raises(ValueError):
        weighted_cv([1.0, 2.0], [1.0, 0.0])
    with pytest.raises(ValueError):
        weighted_cv([1.0, 2.0], [1.0])


positive = st.floats(min_value=0.01, max_value=1e4, allow_nan=False)


@st.composite
def schools(draw, min_size=1):
    n = draw(st.integers(min_size, 30))
    x = draw(arrays(float, n, elements=positive))
    w = draw(arrays(float, n, elements=st.floats(1, 5000)))
    return x, w


@given(schools(), st.floats(min_value=1e-3, max_value=1e3))
def test_cv_is_scale_invariant(data, k):
    x, w = data
    assert weighted_cv(k * x, w) == pytest.approx(weighted_cv(x, w), rel=1e-9, abs=1e-12)


@given(schools(), st.floats(min_value=0.1, max_value=100))
def test_cv_ignores_the_unit_of_enrollment(data, k):
    x, w = data
    assert weighted_cv(x, k * w) == pytest.approx(weighted_cv(x, w), rel=1e-9, abs=1e-12)


@given(st.integers(1, 30), positive, st.floats(1, 5000))
def test_cv_is_zero_for_identical_schools(n, value, w):
    assert weighted_cv(np.full(n, value), np.full(n, w)) == pytest.approx(0.0, abs=1e-12)


@given(schools())
def test_cv_is_permutation_invariant_and_non_negative(data):
    x, w = data
    perm = np.random.default_rng(0).permutation(x.size)
    assert weighted_cv(x[perm], w[perm]) == pytest.approx(weighted_cv(x, w), rel=1e-9, abs=1e-12)
    assert weighted_cv(x, w) >= 0


@given(st.floats(0.1, 10), st.floats(0.1, 10).filter(lambda v: True), st.floats(2, 1000))
def test_weights_matter(a, b, heavy):
    """Moving weight onto one school changes the CV unless the values are equal."""
    if abs(a - b) < 1e-3:
        return
    x = np.array([a, b, b])
    assert weighted_cv(x, [heavy, 1, 1]) != pytest.approx(weighted_cv(x, [1, 1, 1]), rel=1e-6)


@settings(max_examples=50)
@given(schools(min_size=2), st.lists(st.integers(0, 2), min_size=30, max_size=30))
def test_theil_decomposes_into_between_and_within(data, labels):
    x, w = data
    g = np.array(labels[: x.size])
    total, between, within = theil(x, w, g)
    assert total >= -1e-12 and between >= -1e-12 and within >= -1e-12
    assert between + within == pytest.approx(total, abs=1e-12)


def test_theil_hand_computed():
    # two equal groups, values 1 and 3: mean 2, T = 0.5*(0.5 ln 0.5) + 0.5*(1.5 ln 1.5)
    expected = 0.25 * np.log(0.5) + 0.75 * np.log(1.5)
    total, between, within = theil([1.0, 3.0], [1, 1], [0, 1])
    assert total == pytest.approx(expected)
    assert between == pytest.approx(expected) and within == pytest.approx(0.0, abs=1e-15)


def test_theil_takes_a_school_at_zero():
    """Audit: a teaching point with no rooms has quality 0; its term is 0 (the limit of r ln r), not
    a crash. Values 0 and 2, equal weights: mean 1, T = 0.5 * 0 + 0.5 * 2 ln 2 = ln 2."""
    total, between, within = theil([0.0, 2.0], [1, 1], [0, 1])
    assert total == pytest.approx(np.log(2)) and between == pytest.approx(np.log(2))
    assert theil([0.0, 0.0], [1, 1]) == (0.0, 0.0, 0.0)


def test_gini_hand_computed():
    assert gini([1, 1, 1], [1, 2, 3]) == pytest.approx(0.0)
    assert gini([0, 0, 1], [1, 1, 1]) == pytest.approx(2 / 3)
    # weights are pupils: a school of 2 pupils equals two schools of 1
    assert gini([1, 2], [2, 1]) == pytest.approx(gini([1, 1, 2], [1, 1, 1]))


def test_school_rule_six_of_seven_and_85_percent():
    ratios = np.array([
        [1, 1, 1, 1, 1, 1, 1],  # all met
        [1, 1, 1, 1, 1, 1, 0.85],  # one at 85 %: passes
        [1, 1, 1, 1, 1, 1, 0.84],  # one below 85 %: fails
        [1, 1, 1, 1, 1, 0.9, 0.9],  # only 5 met: fails
    ], dtype=float)
    met, ok = school_rule(ratios)
    assert met.tolist() == [7, 6, 6, 5]
    assert ok.tolist() == [True, True, False, False]


def _county_at(ratio_rows, enrollment, stage="primary"):
    """Counts that give each school exactly the given multiples of the standards."""
    p = np.asarray(enrollment, float)
    counts = {}
    for j, ind in enumerate(HIGH_QUALITY):
        counts[ind.key] = np.array([r[j] for r in ratio_rows]) * STANDARDS[stage][ind.key] * p / ind.per
    for key in ("computers", "books", "teachers", "senior_title_teachers"):
        counts[key] = p.copy()
    return counts, p


def test_stage_report_passes_a_balanced_county_and_fails_a_short_school():
    counts, p = _county_at([[1.2] * 7, [1.1] * 7, [1.0] * 7], [300, 200, 100])
    rep = stage_report(counts, p, "primary")
    assert rep.high_quality_pass and rep.basic_pass
    assert rep.composite_cv == pytest.approx(np.mean(list(rep.basic_cvs.values())))
    short = [[1.2] * 7, [1.1] * 7, [1.0] * 6 + [0.8]]
    counts, p = _county_at(short, [300, 200, 100])
    rep = stage_report(counts, p, "primary")
    assert rep.high_quality_cv_pass and not rep.high_quality_pass
    assert rep.indicators["multimedia_rooms"]["below"].tolist() == [2]


def test_stage_report_fails_on_one_cv_above_threshold():
    rows = [[1.0] * 7, [1.0] * 7]
    rows[1][0] = 3.0  # teachers above degree: very unequal
    counts, p = _county_at(rows, [100, 100], "junior")
    rep = stage_report(counts, p, "junior")
    assert rep.indicators["teachers_above_degree"]["cv"] == pytest.approx(0.5)  # (3-1)/2 / 2
    assert rep.indicators["teachers_above_degree"]["cv"] > 0.45
    assert not rep.high_quality_pass
