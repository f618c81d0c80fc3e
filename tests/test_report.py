"""The formatting layer prints numbers a person reads, and remembers the number shown."""

import math

import pandas as pd
import pytest

from analysis import report


@pytest.mark.parametrize("x, digits, expected", [
    (12345.6, 1, "12,345.6"),
    (999_999.0, 0, "999,999"),
    (1_234_567.0, 1, "1.2 million"),
    (3.2e12, 1, "3.2 trillion"),
    (4.75e5, 0, "475,000"),
    (9e11, 0, "900 billion"),
    (2.5e15, 1, "2.5 quadrillion"),
    (3e26, 1, "3.0×10²⁶"),
    (-2.0e9, 1, "−2.0 billion"),
    (0.00012, 1, "1.2×10⁻⁴"),
    (0.5, 2, "0.50"),
])
def test_number_pins_representative_values(x, digits, expected):
    assert report.number(x, digits) == expected


def test_no_raw_forms_ever():
    for x in (1e3, 1e7, 1e16, 1e19, 1e100, 1.5e-9, 123.456):
        text = report.number(x, 1)
        assert "e+" not in text and "e-" not in text and "^" not in text


def test_non_finite_numbers_raise_instead_of_printing_nan():
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError, match="not identified"):
            report.number(bad)
        with pytest.raises(ValueError):
            report.usd(bad)


def test_superscript_powers():
    assert report.superscript_power(9) == "10⁹"
    assert report.superscript_power(-12) == "10⁻¹²"
    assert report.factor(1e9, 0) == "1 billion-fold"
    assert report.factor(3e26, 0) == "3.0×10²⁶-fold"
    assert report.factor(475_000, 0) == "475,000×"
    assert report.factor(3.14159) == "3.1×"


def test_usd_rescales_to_the_unit_that_reads_best():
    assert report.usd(51.2) == "$51.2 billion"
    assert report.usd(1500, "billion") == "$1.5 trillion"
    assert report.usd(2500, "million") == "$2.5 billion"
    assert report.usd(2, "million", 0) == "$2 million"
    assert report.usd(0.4, "million") == "$400,000"
    assert report.usd(-3.0) == "−$3.0 billion"
    assert report.usd(1.03e20, "billion") == "$1.0×10²⁹"


def test_percent_and_count():
    assert report.percent(0.873) == "87%"
    assert report.percent(0.8734, 1) == "87.3%"
    assert report.count(1234567) == "1,234,567"


def test_intervals_with_open_ends_never_print_infinity():
    assert report.interval(2.8, 3.4) == "2.8×–3.4×"
    assert report.interval(2.8, math.inf) == "at least 2.8×"
    assert report.interval(-math.inf, 3.4) == "at most 3.4×"
    assert report.interval(-math.inf, math.inf) == "not identified (unbounded interval)"
    assert report.interval(40.0, 60.0, fmt=report.usd, digits=0) == "$40 billion–$60 billion"


def test_with_interval_carries_all_three_numbers():
    text = report.with_interval(3.1, 2.8, 3.4)
    assert text == "3.1× (95% interval 2.8×–3.4×)"
    assert (text.value, text.low, text.high, text.unit) == (3.1, 2.8, 3.4, "factor")


def test_text_exports_its_quantity_for_the_key_numbers_table():
    bundle = report.usd(26.3)._repr_mimebundle_()
    assert bundle["text/plain"] == "$26.3 billion"
    quantity = bundle[report.QUANTITY_MIME]
    assert quantity["value"] == 26.3 and quantity["unit"] == "USD billion"
    assert isinstance(quantity["tables"], dict)


def test_glued_counts_print_as_written_not_as_tuples():
    from myst_nb.core.variables import format_plain_text

    from IPython.core.interactiveshell import InteractiveShell

    formatter = InteractiveShell.instance().display_formatter  # what glue() uses
    for text in (report.count(1357), report.count(12), report.Text("2021"),
                 report.with_interval(2.3, 1.7, 3.1), report.Text("1, 2 or 3")):
        plain = formatter.format(text)[0]["text/plain"]
        assert format_plain_text(plain, "") == str(text)


def test_years_months_and_dates():
    assert report.years(1.94) == "1.9 years"
    assert report.years(math.inf) == "never"
    assert report.months(4.2) == "4 months"
    assert report.month(pd.Timestamp("2027-03-15")) == "Mar 2027"
    assert report.month(None) == "not reached"
    assert report.day("2025-10-06") == "6 October 2025"


def test_readable_table_uses_headers_with_units_and_dashes_for_gaps():
    table = pd.DataFrame({"capex_per_gw": [50.0, math.nan], "n": [1, 2]})
    out = report.readable(table, {"capex_per_gw": ("Cost per GW (USD billion)",
                                                   lambda v: report.number(v, 0))})
    assert list(out.columns) == ["Cost per GW (USD billion)"]
    assert out.iloc[:, 0].tolist() == ["50", "—"]


def test_headers_read_as_words():
    assert report.header("key_number") == "Key number"
    assert report.header("claim_id") == "Claim"
    assert report.header("low") == "Low (95% interval)"


def test_usd_rates_keep_their_unit():
    text = report.usd(0.15, "per million tokens", 2)
    assert text == "$0.15 per million tokens" and text.unit == "USD per million tokens"


def test_model_comparison_says_why_a_model_is_not_ranked():
    table = pd.DataFrame({
        "model": ["exponential", "logistic", "gompertz"], "parameters": [3, 4, math.nan],
        "aicc": [30.0, 31.5, math.nan], "delta_aicc": [0.0, 1.5, math.nan],
        "akaike_weight": [0.68, 0.32, math.nan], "tie": [True, True, False],
        "comparable": [True, True, False], "reason": ["", "", "did not converge"],
        "notes": ["", "", "fit failed: did not converge"]})
    out = report.model_comparison(table)
    assert out["Comparison"].tolist() == ["tie with the best (within 2 AICc points)"] * 2 + [
        "not ranked: did not converge"]
    assert out["Δ AICc from best"].tolist() == ["0.0", "1.5", "—"]
    assert not any("_" in c for c in out.columns)


def comparison_table(rows):
    return pd.DataFrame(rows, columns=["model", "delta_aicc", "tie", "comparable", "reason"])


def test_comparison_sentence_calls_a_tie_a_tie():
    tie = comparison_table([("exponential", 0.0, True, True, ""), ("logistic", 1.9, True, True, "")])
    assert report.comparison_sentence(tie).startswith(
        "The exponential and logistic curves fit equally well")
    clear = comparison_table([("exponential", 0.0, False, True, ""),
                              ("logistic", 2.05, False, True, ""),
                              ("gompertz", None, False, False, "at a parameter boundary")])
    text = report.comparison_sentence(clear)
    assert text.startswith("By AICc the exponential curve fits best, 2.0 points ahead of the logistic")
    assert "the Gompertz curve is not ranked (at a parameter boundary)" in text
    alone = comparison_table([("exponential", 0.0, False, True, ""),
                              ("logistic", None, False, False, "fit failed")])
    assert report.comparison_sentence(alone).startswith("Only the exponential curve can be ranked")


def test_ledger_headers_are_distinct():
    from analysis import claims
    columns = claims.ledger().columns
    headers = [report.header(c) for c in columns]
    assert len(set(headers)) == len(headers)


def test_prose_sets_identifiers_as_code_and_powers_as_superscripts():
    assert report.prose("see capex_guidance, at most 10^9 a year") == \
        "see `capex_guidance`, at most 10⁹ a year"
    assert report.prose("already `quoted_name` and https://x.org/a_b") == \
        "already `quoted_name` and https://x.org/a_b"
    assert report.prose("costs $5 | more") == "costs \\$5 \\| more"


def test_an_interval_from_a_negative_low_end_is_spelled_out_with_signs():
    minus = lambda x: str(report.percent(x))          # the formatter's own minus sign
    assert str(report.interval(-0.29, 0.12, report.percent)) == f"{minus(-0.29)} to +12%"
    assert str(report.interval(-0.8, -0.2, report.percent)) == f"{minus(-0.8)} to {minus(-0.2)}"
    assert str(report.interval(-0.8, 0.0, report.percent)) == f"{minus(-0.8)} to 0%"
    assert str(report.interval(0.1, 0.2, report.percent)) == "10%–20%"
    band = report.with_interval(-0.11, -0.29, 0.12, report.percent)
    assert str(band) == f"{minus(-0.11)} (95% interval {minus(-0.29)} to +12%)"
    assert (band.low, band.high) == (-0.29, 0.12)


def test_a_fractional_count_is_rounded_not_cut():
    assert str(report.count(23919.9)) == "23,920"
    assert str(report.count(23919.4)) == "23,919"
    assert report.count(1234, "devices").value == 1234
