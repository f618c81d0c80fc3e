"""The formatting layer pinned at the edges of each rule (issue 14): where a scale word
starts, where powers of ten take over, open intervals, units, and the number each text
remembers."""

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import catalogue, changelog, report


@pytest.mark.parametrize("x, digits, expected", [
    (1e18, 1, "1.0×10¹⁸"),               # powers of ten start exactly at 10¹⁸
    (9.99e17, 1, "999.0 quadrillion"),
    (1e15, 0, "1 quadrillion"),
    (1e12, 0, "1 trillion"),
    (1e9, 0, "1 billion"),
    (1e6, 1, "1.0 million"),             # words start exactly at a million
    (999_999.94, 1, "999,999.9"),
    (-1.5e20, 1, "−1.5×10²⁰"),           # a true minus before a power too
    (3e26, 0, "3.0×10²⁶"),               # a power keeps one decimal even with digits=0
    (0.001, 1, "0.0"),                   # small powers start below 10^-(digits + 2)
    (0.00099, 1, "9.9×10⁻⁴"),
    (-0.00012, 1, "−1.2×10⁻⁴"),
    (0.002, 0, "2.0×10⁻³"),
    (0.0, 1, "0.0"),
    (1234.5678, 2, "1,234.57"),
])
def test_number_at_the_edges_of_each_rule(x, digits, expected):
    assert report.number(x, digits) == expected


def test_number_remembers_its_value_and_unit():
    text = report.number(2.5e9, 1, unit="tokens")
    assert (text.value, text.low, text.high, text.unit) == (2.5e9, None, None, "tokens")
    assert isinstance(text.value, float)


def test_count_and_percent_remember_their_numbers():
    n = report.count(12_345.0, "quarters")
    assert n == "12,345" and n.value == 12_345 and isinstance(n.value, int) and n.unit == "quarters"
    share = report.percent(0.25)
    assert share == "25%" and share.value == 0.25 and share.unit == "share"


def test_a_share_that_is_not_a_number_is_refused_by_name():
    with pytest.raises(ValueError, match="cannot print a share of nan"):
        report.percent(math.nan)
    with pytest.raises(ValueError, match="cannot print a dollar amount of inf"):
        report.usd(math.inf, "per token")


@pytest.mark.parametrize("x, digits, expected", [
    (1e6, 1, "1.0 million-fold"),        # "-fold" from exactly a million
    (999_999.0, 0, "999,999×"),
    (-2e6, 1, "−2.0 million-fold"),
    (0.5, 2, "0.50×"),
])
def test_factor_switches_to_fold_at_a_million(x, digits, expected):
    text = report.factor(x, digits)
    assert text == expected and text.value == x and text.unit == "factor"


@pytest.mark.parametrize("amount, unit, digits, expected, value_unit", [
    (999, "thousand", 1, "$999,000", "USD thousand"),
    (1, "thousand", 1, "$1,000", "USD thousand"),
    (1, "million", 1, "$1.0 million", "USD million"),
    (-2500, "million", 1, "−$2.5 billion", "USD million"),
    (2.5, "trillion", 1, "$2.5 trillion", "USD trillion"),
    (1234.4, "", 1, "$1,234", "USD"),
    (-0.15, "per token", 2, "−$0.15 per token", "USD per token"),
])
def test_usd_scales_and_units(amount, unit, digits, expected, value_unit):
    text = report.usd(amount, unit, digits)
    assert text == expected and text.unit == value_unit and text.value == amount


def test_not_identified_says_why_only_when_told():
    assert report.not_identified() == "not identified"
    assert report.not_identified("flat likelihood") == "not identified (flat likelihood)"
    assert report.not_identified().value is None


def test_open_intervals_keep_the_finite_end_and_its_unit():
    up = report.interval(2.8, math.inf)
    assert (up.low, up.high, up.unit) == (2.8, None, "factor")
    down = report.interval(-math.inf, 40.0, fmt=report.usd, digits=0)
    assert down == "at most $40 billion" and (down.low, down.high) == (None, 40.0)
    assert down.unit == "USD billion"
    both = report.interval(1.0, 2.0, fmt=report.percent)
    assert both == "100%–200%" and (both.low, both.high, both.unit) == (1.0, 2.0, "share")


def test_with_interval_passes_its_format_options_to_every_number():
    text = report.with_interval(51.2, 40.0, 60.5, fmt=report.usd, digits=0)
    assert text == "$51 billion (95% interval $40 billion–$60 billion)"
    assert (text.value, text.low, text.high, text.unit) == (51.2, 40.0, 60.5, "USD billion")
    open_top = report.with_interval(3.0, 2.0, math.inf)
    assert open_top == "3.0× (95% interval at least 2.0×)" and open_top.high is None


def test_durations_and_dates():
    two = report.years(2.0, 0)
    assert two == "2 years" and (two.value, two.unit) == (2.0, "years")
    assert report.years(math.inf).value is None
    five = report.months(4.6)
    assert five == "5 months" and (five.value, five.unit) == (4.6, "months")
    assert report.months(4.25, 1) == "4.2 months"
    assert report.day(pd.Timestamp("2026-01-05")) == "5 January 2026"
    assert report.quarter_label(2025, 3) == "Q3 FY2025"


def test_glue_wraps_plain_text_and_glues_without_display(monkeypatch):
    glued = []
    monkeypatch.setattr("myst_nb.glue", lambda key, value, display=True:
                        glued.append((key, value, display)))
    text = report.glue_text("x-plain", "plain words")
    assert isinstance(text, report.Text) and text == "plain words"
    kept = report.number(5.0)
    assert report.glue_text("x-number", kept) is kept
    report.glue_all({"x-a": report.count(1), "x-b": "two"})
    assert [(k, str(v), d) for k, v, d in glued] == [
        ("x-plain", "plain words", False), ("x-number", "5.0", False), ("x-a", "1", False),
        ("x-b", "two", False)]


def test_text_prints_without_quotes_and_exports_the_tables_read(monkeypatch):
    printed = []
    report.usd(3.0)._repr_pretty_(SimpleNamespace(text=printed.append), False)
    assert printed == ["$3.0 billion"]
    monkeypatch.setattr(catalogue, "TABLES_READ", {"b": "2025-01-01", "a": "2024-01-01"})
    quantity = report.with_interval(3.0, 2.0, 4.0)._repr_mimebundle_()[report.QUANTITY_MIME]
    assert quantity == {"value": 3.0, "low": 2.0, "high": 4.0, "unit": "factor",
                        "tables": {"a": "2024-01-01", "b": "2025-01-01"}}
    assert list(quantity["tables"]) == ["a", "b"]


def test_headers_of_the_exports_are_the_columns_the_changelog_follows():
    ledger = {changelog.EXPORTS[0].key, *changelog.EXPORTS[0].watched}
    assert {report.header(c) for c in ("claim_id", "verdict", "value", "low", "high", "unit")
            } == ledger
    numbers = {changelog.EXPORTS[1].key, *changelog.EXPORTS[1].watched}
    assert {report.header(c) for c in ("id", "value", "low", "high", "unit")} == numbers


@pytest.mark.parametrize("name, words", [
    ("claim", "Claim (paraphrase)"), ("parent_id", "Part of claim"),
    ("data_vintage", "Data period"), ("anchor", "Section (page anchor)"),
    ("rule", "Rule (code)"), ("as_of", "Data as of"), ("sources", "Tables read"),
    ("text", "As printed"), ("would_change", "Would change")])
def test_download_headers_read_as_words(name, words):
    assert report.header(name) == words


def test_readable_keeps_unformatted_columns_and_marks_every_kind_of_gap():
    table = pd.DataFrame({"name": ["a", None, "c"], "when": [pd.Timestamp("2025-01-01"),
                                                             pd.NaT, pd.NaT]})
    out = report.readable(table, {"name": ("Name", None), "when": ("Date", report.day)})
    assert out["Name"].tolist() == ["a", "—", "c"]
    assert out["Date"].tolist() == ["1 January 2025", "—", "—"]


def test_model_comparison_formats_each_column():
    table = pd.DataFrame({
        "model": ["gompertz", "exponential"], "parameters": [4, 3], "aicc": [10.04, 12.56],
        "delta_aicc": [0.0, 2.52], "akaike_weight": [0.77912, 0.22088], "tie": [False, False],
        "comparable": [True, True], "reason": ["", ""], "notes": ["", "a note"]})
    out = report.model_comparison(table)
    assert out["Model"].tolist() == ["Gompertz", "exponential"]
    assert out["Parameters (incl. error variance)"].tolist() == ["4", "3"]
    assert out["AICc"].tolist() == ["10.0", "12.6"]
    assert out["Akaike weight"].tolist() == ["0.779", "0.221"]
    assert out["Comparison"].tolist() == ["ranked", "ranked"]
    assert out["Notes"].tolist() == ["", "a note"]


def test_unranked_reasons_keep_only_their_first_clause():
    table = pd.DataFrame({
        "model": ["exponential", "logistic", "gompertz"], "delta_aicc": [0.0, None, None],
        "tie": [False] * 3, "comparable": [True, False, False],
        "reason": ["", "at a parameter boundary: the ceiling runs off", "did not converge"]})
    assert report.comparison_sentence(table) == (
        "Only the exponential curve can be ranked; the logistic curve is not ranked (at a "
        "parameter boundary); the Gompertz curve is not ranked (did not converge).")


def test_three_tied_curves_are_named_together():
    table = pd.DataFrame({"model": ["exponential", "logistic", "gompertz"],
                          "delta_aicc": [0.0, 0.5, 1.0], "tie": [True] * 3,
                          "comparable": [True] * 3, "reason": [""] * 3})
    assert report.comparison_sentence(table) == (
        "The exponential and logistic and Gompertz curves fit equally well: they are within "
        "2 AICc points of each other, a tie.")


def test_backtest_comparison_rows():
    fitted = SimpleNamespace(errors=[1, 2, 3], failures=1, mae_model=0.12345,
                             mae_naive=0.2, relative_mae=0.61725, coverage=0.875)
    failed = SimpleNamespace(errors=[1, 2], failures=2, mae_model=math.nan,
                             mae_naive=0.3, relative_mae=math.nan, coverage=math.nan)
    out = report.backtest_comparison({"exponential": fitted, "logistic": failed})
    assert out.to_dict("records") == [
        {"Model": "exponential", "Forecasts": 3, "Failed fits": 1,
         "Mean absolute error, model (log points)": "0.123",
         "Mean absolute error, naive rule (log points)": "0.200",
         "Relative error (model ÷ naive)": "0.62",
         "Outcomes inside the 95% prediction interval": "88%"},
        {"Model": "logistic", "Forecasts": 2, "Failed fits": 2,
         "Mean absolute error, model (log points)": "no successful fit",
         "Mean absolute error, naive rule (log points)": "0.300",
         "Relative error (model ÷ naive)": "no successful fit",
         "Outcomes inside the 95% prediction interval": "no successful fit"}]


@pytest.mark.parametrize("text, expected", [
    ("see data/sources_list and x.file_name", "see data/sources_list and x.file_name"),
    ("10 ^ -3 of it", "10⁻³ of it"),
    ("a_b_c, then", "`a_b_c`, then"),
    ("Upper_case stays", "Upper_case stays"),
])
def test_prose_sets_only_lower_case_identifiers_as_code(text, expected):
    assert report.prose(text) == expected


def test_a_value_that_rounds_to_zero_carries_no_sign_and_a_negative_a_true_minus():
    assert str(report.number(-0.1, 0)) == "0"
    assert str(report.number(-0.04, 1)) == "0.0"
    assert str(report.number(-0.06, 1)) == "−0.1"
    assert str(report.percent(-0.001)) == "0%"
    assert str(report.percent(-0.29)) == "−29%"
    assert str(report.number(-1234.5, 0)) == "−1,234"  # banker's rounding of .5 keeps 4
