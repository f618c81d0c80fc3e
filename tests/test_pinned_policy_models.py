"""policy_models pinned against hand calculations: the segmented design, AICc and its
ranking, the counterfactual shortfall's interval, the zero crossing and the group gap,
each at the edges of its checks (issue 14)."""

import math

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis import policy_models as pm
from analysis.models import ModelInputError

Z95 = 1.959964


def made_fit(params, cov, sigma2=1.0, nobs=10, llf=-5.0, name="fit", breaks=(),
             slope_changes=(), trend=True):
    """A SegmentedFit with chosen numbers, so what is computed from it is a hand sum."""
    terms = pm.design_matrix(np.zeros(1), breaks, slope_changes, trend)[1]
    return pm.SegmentedFit(name, terms, np.asarray(params, float), np.asarray(cov, float),
                           sigma2, nobs, llf, "made", tuple(breaks), tuple(slope_changes), trend)


def test_design_has_a_step_from_each_break_and_a_ramp_from_each_slope_change():
    x, names = pm.design_matrix(np.arange(5.0), breaks=(2,), slope_changes=(3.5,))
    assert names == ("constant", "trend", "step at 2", "slope change at 3.5")
    np.testing.assert_array_equal(x, [[1, 0, 0, 0], [1, 1, 0, 0], [1, 2, 1, 0],
                                      [1, 3, 1, 0], [1, 4, 1, 0.5]])
    x, names = pm.design_matrix(np.arange(3.0), breaks=(1,), trend=False)
    assert names == ("constant", "step at 1")
    np.testing.assert_array_equal(x, [[1, 0], [1, 1], [1, 1]])


def test_fit_is_ols_with_the_larger_of_robust_and_classical_errors():
    rng = np.random.default_rng(3)
    t = np.arange(12.0)
    y = 1 + 2 * t + 3 * (t >= 6) + rng.normal(0, 0.3, 12)
    fit = pm.fit_segmented(t, y, breaks=(6,), name="step", cov_type="HC1")
    x = pm.design_matrix(t, (6,))[0]
    ols, white = sm.OLS(y, x).fit(), sm.OLS(y, x).fit(cov_type="HC1")
    np.testing.assert_allclose(fit.params, ols.params)
    assert (fit.name, fit.nobs, fit.breaks, fit.slope_changes, fit.trend) == (
        "step", 12, (6,), (), True)
    assert fit.sigma2 == pytest.approx(ols.mse_resid) and fit.llf == pytest.approx(ols.llf)
    larger = max((np.asarray(ols.cov_params()), "classical OLS (larger than robust)"),
                 (np.asarray(white.cov_params()), "HC1 (White)"), key=lambda c: np.trace(c[0]))
    np.testing.assert_allclose(fit.cov, larger[0])
    assert fit.cov_type == larger[1]
    np.testing.assert_allclose(fit.predict([0.0, 6.0]), x[[0, 6]] @ ols.params)


def test_hac_errors_use_newey_west_lags_unless_classical_ones_are_larger():
    rng = np.random.default_rng(5)
    t = np.arange(20.0)
    y = 0.5 * t + np.cumsum(rng.normal(0, 1, 20))   # autocorrelated errors
    fit = pm.fit_segmented(t, y)
    x = pm.design_matrix(t)[0]
    hac = sm.OLS(y, x).fit(cov_type="HAC", cov_kwds={"maxlags": 2, "use_correction": True})
    classical = sm.OLS(y, x).fit()
    if np.trace(hac.cov_params()) >= np.trace(classical.cov_params()):
        assert fit.cov_type == "HAC (Newey-West, 2 lags)"
        np.testing.assert_allclose(fit.cov, hac.cov_params())
    else:
        assert fit.cov_type == "classical OLS (larger than robust)"


def test_fit_needs_two_more_observations_than_coefficients_and_both_sides_of_a_break():
    t = np.arange(5.0)
    pm.fit_segmented(t, [0.0, 1.1, 1.9, 3.2, 4.0], breaks=(2,), cov_type="HC1")  # 3 + 2 = 5
    with pytest.raises(ModelInputError, match="4 observations cannot identify 3 coefficients"):
        pm.fit_segmented(t[:4], [0.0, 1.1, 1.9, 3.2], breaks=(2,))
    with pytest.raises(ModelInputError, match="'step at 9' is constant"):
        pm.fit_segmented(np.arange(8.0), np.arange(8.0) ** 2, breaks=(9,))
    with pytest.raises(ModelInputError, match="'trend' is constant"):
        pm.fit_segmented(np.ones(6), np.arange(6.0))
    with pytest.raises(ModelInputError, match="finite"):
        pm.fit_segmented(np.arange(6.0), [1, 2, np.nan, 4, 5, 6])
    with pytest.raises(ModelInputError, match="finite"):
        pm.fit_segmented([0, 1, 2, np.inf, 4, 5], np.arange(6.0))


def test_aicc_k_effect_and_sums_by_hand():
    fit = made_fit([1.0, 2.0, 3.0], np.diag([0.25, 1.0, 4.0]), nobs=10, llf=-5.0,
                   breaks=(4,))
    k = 4
    assert fit.k == k
    assert fit.aicc == pytest.approx(2 * k + 10 + 2 * k * (k + 1) / (10 - k - 1))
    assert made_fit([1.0, 2.0, 3.0], np.eye(3), nobs=5, breaks=(4,)).aicc == math.inf
    assert made_fit([1.0, 2.0, 3.0], np.eye(3), nobs=6, breaks=(4,)).aicc < math.inf
    assert fit.effect("trend") == pytest.approx((2.0, 2.0 - Z95, 2.0 + Z95))
    assert fit.effect("step at 4") == pytest.approx((3.0, 3.0 - 2 * Z95, 3.0 + 2 * Z95))
    assert fit.sum_of(["trend", "step at 4"]) == pytest.approx(
        (5.0, 5.0 - Z95 * math.sqrt(5), 5.0 + Z95 * math.sqrt(5)))


def test_compare_ranks_by_aicc_with_akaike_weights():
    worse, better = made_fit([0, 1], np.eye(2), llf=-10.0, name="worse"), made_fit(
        [0, 1], np.eye(2), llf=-8.0, name="better")
    table = pm.compare([worse, better])
    assert list(table.columns) == ["model", "parameters", "aicc", "delta_aicc", "akaike_weight"]
    assert table["model"].tolist() == ["better", "worse"]
    assert table["parameters"].tolist() == [3, 3]
    assert table["delta_aicc"].tolist() == pytest.approx([0.0, 4.0])
    assert table["akaike_weight"].tolist() == pytest.approx(
        [1 / (1 + math.exp(-2)), math.exp(-2) / (1 + math.exp(-2))])
    tied = pm.compare([made_fit([0, 1], np.eye(2), name="first"),
                       made_fit([0, 1], np.eye(2), name="second")])
    assert tied["model"].tolist() == ["first", "second"]
    with pytest.raises(ModelInputError, match="same observations"):
        pm.compare([worse, made_fit([0, 1], np.eye(2), nobs=11)])


def test_counterfactual_shortfall_by_hand():
    cov = np.array([[0.5, 0.1], [0.1, 0.2]])
    before = made_fit([10.0, 1.0], cov, sigma2=2.0, nobs=8)
    total, low, high = pm.counterfactual_shortfall(before, [8.0, 9.0], [15.0, 16.0], [1.0, 2.0])
    # Projections 18 and 19 against 15 and 16: 1 x 3 + 2 x 3.
    assert total == pytest.approx(9.0)
    x = np.array([[1.0, 8.0], [1.0, 9.0]])
    w = np.array([1.0, 2.0])
    var = w @ x @ cov @ x.T @ w + 2.0 * 5.0
    q = stats.t.ppf(0.975, 6)
    assert (low, high) == pytest.approx((9 - q * math.sqrt(var), 9 + q * math.sqrt(var)))


def test_zero_crossing_by_hand_and_its_two_refusals():
    cov = np.array([[0.04, 0.0], [0.0, 0.0025]])
    falling = made_fit([2.0, -0.5], cov)
    crossing, low, high = pm.zero_crossing(falling, after=3.9)
    se = math.sqrt((1 / 0.5) ** 2 * 0.04 + (2 / 0.25) ** 2 * 0.0025)
    assert (crossing, low, high) == pytest.approx((4.0, 4 - Z95 * se, 4 + Z95 * se))
    assert pm.zero_crossing(falling, after=4.0) is None        # not ahead of the data
    # The slope's interval just excludes zero, then just reaches it.
    assert pm.zero_crossing(made_fit([2.0, -0.5], np.diag([0.04, (0.5 / Z95 * 0.999) ** 2])),
                            after=0) is not None
    assert pm.zero_crossing(made_fit([2.0, -0.5], np.diag([0.04, (0.5 / Z95 * 1.001) ** 2])),
                            after=0) is None
    assert pm.zero_crossing(made_fit([-2.0, 0.5], cov), after=0) == pytest.approx(
        (4.0, 4 - Z95 * se, 4 + Z95 * se))


def test_group_gap_lead_and_closing_rate_by_hand():
    cov = np.diag([0.0, 0.01, 0.04, 0.0001])
    gap = pm.GroupGap(np.array([1.0, 0.5, -1.0, 0.1]), cov, (5, 5))
    # At t = 2 the follower is -1 + 0.2 = -0.8 below: 1.6 years at the leader's 0.5 a year.
    lead, low, high = gap.lead_years(2.0)
    gradient = np.array([0.0, -0.8 / 0.25, -2.0, -4.0])
    se = math.sqrt(gradient @ cov @ gradient)
    assert (lead, low, high) == pytest.approx((1.6, 1.6 - Z95 * se, 1.6 + Z95 * se))
    assert gap.closing_rate() == pytest.approx((0.1, 0.1 - Z95 * 0.01, 0.1 + Z95 * 0.01))


def test_group_gap_fit_is_ols_with_white_errors_and_needs_four_points_a_group():
    t = np.array([0, 1, 2, 3, 4, 0.5, 1.5, 2.5, 3.5], dtype=float)
    g = np.array([0, 0, 0, 0, 0, 1, 1, 1, 1], dtype=float)
    y = 1 + 0.5 * t + g * (-1 + 0.1 * t) + np.array([0.01, -0.02, 0.0, 0.02, -0.01,
                                                     0.01, 0.0, -0.01, 0.02])
    gap = pm.fit_group_gap(t, y, g)
    res = sm.OLS(y, np.column_stack([np.ones(9), t, g, g * t])).fit(cov_type="HC1")
    np.testing.assert_allclose(gap.params, res.params)
    np.testing.assert_allclose(gap.cov, res.cov_params())
    assert gap.nobs == (5, 4)
    with pytest.raises(ModelInputError, match=r"at least 4 points, got \(6, 3\)"):
        pm.fit_group_gap(t[[0, 1, 2, 3, 4, 5, 6, 7, 0]], y, [0, 0, 0, 0, 0, 1, 1, 1, 0])
