"""NVIDIA Data Center revenue: the extended series and the growth section's computations."""

import copyreg
import hashlib
import importlib.metadata
import io
import os
import pickle
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import models, nvidia
from analysis.catalogue import load_table


def test_data_center_series_runs_to_the_latest_reported_quarter_without_gaps():
    series = nvidia.data_center_revenue()
    new = load_table("nvidia_revenue_new_segments")
    new_dc = new[new["market"] == "Data Center"].set_index("quarter_end")["revenue"]
    assert series["quarter_end"].max() == new_dc.index.max()
    assert series["quarter_end"].is_unique and series["quarter_end"].is_monotonic_increasing
    later = series[series["basis"] == "fiscal-2027 segments"].set_index("quarter_end")["revenue"]
    assert (later == new_dc.loc[later.index]).all() and len(later) >= 1



def test_growth_uses_the_quarters_after_the_last_gap():
    series = nvidia.data_center_revenue()
    gapped = series.drop(index=5).reset_index(drop=True)
    tail = nvidia.continuous_tail(gapped)
    assert tail["quarter_end"].iloc[0] == series["quarter_end"].iloc[6]
    key = tail["fiscal_year"] * 4 + tail["fiscal_quarter"]
    assert (key.diff().dropna() == 1).all()
    assert len(nvidia.continuous_tail(series.iloc[6:])) == len(series) - 6


def synthetic(break_at=20, n=36, before=1.3, after=2.5, seed=1):
    rng = np.random.default_rng(seed)
    dates = pd.date_range("2016-04-30", periods=n, freq="91D")
    years = np.arange(n) / 4
    log_y = np.where(np.arange(n) < break_at, years * np.log(before),
                     break_at / 4 * np.log(before) + (years - break_at / 4) * np.log(after))
    revenue = 1000 * np.exp(log_y + rng.normal(0, 0.03, n))
    return pd.DataFrame({"quarter_end": dates, "revenue": revenue,
                         "fiscal_year": 2018 + np.arange(n) // 4,
                         "fiscal_quarter": 1 + np.arange(n) % 4,
                         "quarter": [f"q{i}" for i in range(n)],
                         "basis": ["five market platforms"] * (n - 2) + ["fiscal-2027 segments"] * 2})


ROOT = Path(__file__).resolve().parent.parent
GROWTH_CACHE = ROOT / ".cache" / "tests"


def function_key(module: str, name: str) -> str:
    """'analysis.nvidia:DataCenterGrowth.fits' for a function or method, also from mutmut's
    names for its copies ('xǁDataCenterGrowthǁfits__mutmut_orig', 'x_fits__mutmut_3')."""
    name = name.split(".<locals>")[0]
    mutmut = re.fullmatch(r"x(?:_|ǁ(\w+)ǁ)(\w+?)__mutmut_(?:orig|\d+)", name.rpartition(".")[2])
    if mutmut:
        name = f"{mutmut[1]}.{mutmut[2]}" if mutmut[1] else mutmut[2]
    return f"{module}:{name}"


def computed_growth():
    """The growth of the synthetic series with its curves' backtests computed, and every
    function of analysis/ that the computation called."""
    called = set()

    def record(frame, event, _):
        module = frame.f_globals.get("__name__", "")
        if event == "call" and module.startswith("analysis"):
            called.add(function_key(module, frame.f_code.co_qualname))

    sys.setprofile(record)
    try:
        g = nvidia.data_center_growth(synthetic())
        g.backtests, g.comparison
    finally:
        sys.setprofile(None)
    return g, called


def pickled(obj) -> bytes:
    """``obj`` pickled; an Estimate (a tuple with a custom constructor) by its arguments."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer)
    pickler.dispatch_table = {**copyreg.dispatch_table, models.Estimate: lambda e: (
        models.Estimate, (*e, e.identified, e.reason))}
    pickler.dump(obj)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def growth_and_calls():
    """The three curves' backtests take most of the fast suite's time (about 12 s on a
    quiet machine), so the computed object is kept in .cache/tests, keyed by this file,
    the code of analysis/ and the numerical libraries. Under a mutmut mutant it is reused only if the
    mutated function is not one the computation calls; mutmut's coverage run ('stats')
    computes it afresh, so that mutmut sees which functions these tests run."""
    key = hashlib.sha256(Path(__file__).read_bytes())   # the synthetic series is defined here
    for path in sorted((ROOT / "analysis").glob("*.py")):
        key.update(path.read_bytes())
    for package in ("numpy", "scipy", "statsmodels", "pandas"):
        key.update(importlib.metadata.version(package).encode())
    cached = GROWTH_CACHE / f"nvidia-growth-{key.hexdigest()[:20]}.pickle"
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if cached.exists() and mutant not in ("stats", "fail"):
        g, called = pickle.loads(cached.read_bytes())
        module, _, name = mutant.rpartition(".")
        if not mutant or function_key(module, name) not in called:
            return g, called
    g, called = computed_growth()
    if not mutant or mutant == "stats":
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.partial")
        partial.write_bytes(pickled((g, called)))
        partial.replace(cached)   # atomic: parallel test processes never read half a file
    return g, called


@pytest.fixture(scope="module")
def growth(growth_and_calls):
    return growth_and_calls[0]


def test_function_key_reads_mutmut_names():
    assert function_key("analysis.nvidia", "DataCenterGrowth.fits") == (
        "analysis.nvidia:DataCenterGrowth.fits")
    assert function_key("analysis.nvidia", "xǁDataCenterGrowthǁfits__mutmut_orig") == (
        "analysis.nvidia:DataCenterGrowth.fits")
    assert function_key("analysis.models", "x__check_series__mutmut_15") == (
        "analysis.models:_check_series")
    assert function_key("analysis.nvidia", "growth_numbers.<locals>.<lambda>") == (
        "analysis.nvidia:growth_numbers")


def test_the_cached_growth_records_the_functions_it_ran(growth_and_calls):
    called = growth_and_calls[1]
    assert {"analysis.nvidia:data_center_growth", "analysis.nvidia:DataCenterGrowth.backtests",
            "analysis.models:rolling_origin_backtest"} <= called
    assert "analysis.nvidia:growth_numbers" not in called


def test_growth_finds_the_break_and_the_regime_rate(growth):
    assert growth.break_test.break_index == pytest.approx(20, abs=1)
    assert growth.break_test.rejects()
    low, high = growth.headline.low, growth.headline.high
    assert low < 2.5 < high and high / low < 1.5
    # The holdout compares the two later quarters with the regime trend's intervals.
    assert len(growth.holdout) == 2 and growth.holdout["inside"].all()


def test_growth_numbers_are_words_and_follow_the_backtest(growth):
    numbers = nvidia.growth_numbers(growth)
    assert numbers["nv-g-break-verdict"].startswith("a break significant")
    assert numbers["nv-bt-verdict"] in ("beat", "did not beat")
    beats = growth.backtests["exponential"].relative_mae < 1
    assert (numbers["nv-bt-verdict"] == "beat") == beats
    assert ("illustrative" in numbers["nv-fig-caveat"]) == (not growth.best_beats_naive)
    assert all("nan" not in str(v) and "e+" not in str(v) for v in numbers.values())


def test_growth_chart_draws_the_regime_trend_and_its_band(growth):
    chart, data = nvidia.growth_chart(growth)
    assert {"date", "value", "low", "high", "series"} <= set(data.columns)
    series = set(data["series"])
    assert "reported" in series and "trend through the whole record" in series
    assert any(s.startswith("trend since") for s in series)
    band = data[data["series"].str.startswith("95% prediction interval")]
    assert len(band) == nvidia.BACKTEST_HORIZON
