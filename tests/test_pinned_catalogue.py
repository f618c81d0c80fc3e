"""Each validation rule on a small input that only it rejects, at its exact boundary
(issue 14): cell parsers, constraints, the table checks and the wording of a problem."""

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from analysis import catalogue as c
from analysis.catalogue import Problem


def frame(data: dict) -> pd.DataFrame:
    """A table as the loader hands it to the checks: editor lines start at 2."""
    table = pd.DataFrame(data)
    table.attrs["line"] = np.arange(2, len(table) + 2)
    return table


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# --------------------------------------------------------------------------- cells

@pytest.mark.parametrize("parser, text, value", [
    (c._parse_integer, "+5", 5), (c._parse_integer, "-12", -12),
    (c._parse_number, ".5", 0.5), (c._parse_number, "7.", 7.0), (c._parse_number, "1e3", 1000.0),
    (c._parse_number, "-2.5E-2", -0.025),
    (c._parse_date, "2024-02-29", dt.date(2024, 2, 29)),
    (c._parse_boolean, "true", True), (c._parse_boolean, "false", False),
])
def test_parsers_accept_what_the_catalogue_allows(parser, text, value):
    assert parser(text) == value


@pytest.mark.parametrize("parser, text, message", [
    (c._parse_integer, "1.0", "^'1.0' is not an integer$"),
    (c._parse_integer, "5 ", "is not an integer"),
    (c._parse_number, "1,5", r"^'1,5' is not a number \(use a dot for decimals, no separators\)$"),
    (c._parse_number, "1e999", "^'1e999' is too large to be a finite number$"),
    (c._parse_number, "nan", "is not a number"),
    (c._parse_date, "2024-2-29", "^'2024-2-29' is not a date in YYYY-MM-DD form$"),
    (c._parse_date, "2023-02-29", "^'2023-02-29' is not a real calendar date$"),
    (c._parse_boolean, "True", r"^'True' is not a boolean \(true/false\)$"),
])
def test_parsers_reject_with_the_reason(parser, text, message):
    with pytest.raises(ValueError, match=message):
        parser(text)


@pytest.mark.parametrize("value, text", [
    (51215.0, "51,215"), (1234.567, "1,234.57"), (1234.5, "1,234.5"), (1.5, "1.5"),
    (-2.25, "-2.25"), (0.000123, "0.000123"), (0.5, "0.5"), (True, "True"), ("a", "a")])
def test_numbers_in_messages_read_as_people_write_them(value, text):
    assert c._human(value) == text


@pytest.mark.parametrize("value, constraints, message", [
    ("x", {"enum": ["a", "b"]}, "'x' is not one of the allowed values ['a', 'b']"),
    (-1, {"minimum": 0}, "-1 is below the minimum 0 (see the field's description for why)"),
    (11, {"maximum": 10}, "11 is above the maximum 10 (see the field's description for why)"),
    ("ab1", {"pattern": "[a-z]+"}, "'ab1' does not match the pattern [a-z]+"),
    (dt.date(2019, 12, 31), {"minimum": "2020-01-01"},
     "2019-12-31 is below the minimum 2020-01-01 (see the field's description for why)"),
])
def test_each_constraint_names_the_value_and_the_bound(value, constraints, message):
    assert c._constraint_problem(value, constraints) == message


@pytest.mark.parametrize("value, constraints", [
    ("a", {"enum": ["a", "b"]}), (0, {"minimum": 0}), (10, {"maximum": 10}),
    ("abc", {"pattern": "[a-z]+"}), (dt.date(2020, 1, 1), {"minimum": "2020-01-01"})])
def test_constraints_include_their_bounds(value, constraints):
    assert c._constraint_problem(value, constraints) is None


def test_today_is_the_build_date_for_dates_and_a_decimal_year_for_numbers(monkeypatch):
    monkeypatch.setattr(c, "build_date", lambda: dt.date(2024, 7, 2))
    assert c._coerce("today", dt.date(2020, 1, 1)) == dt.date(2024, 7, 2)
    assert c._coerce("today", 2024.0) == pytest.approx(2024 + 183 / 365.25)
    assert c._coerce(5, 3) == 5
    assert c._constraint_problem(2024.6, {"maximum": "today"}).startswith("2,024.6 is above")
    assert c._future_problem(dt.date(2024, 7, 2)) is None
    assert c._future_problem(dt.date(2024, 7, 3)) == (
        "2024-07-03 is after the build date 2024-07-02: nothing observed may be dated in the "
        "future")
    assert c._future_problem(5) is None


# --------------------------------------------------------------------------- problems

def test_a_problem_names_file_line_and_column_when_known():
    assert str(Problem("a.csv", "bad")) == "a.csv: bad"
    assert str(Problem("a.csv", "bad", line=3)) == "a.csv, line 3: bad"
    assert str(Problem("a.csv", "bad", column="x")) == "a.csv, column 'x': bad"
    assert str(Problem("a.csv", "bad", line=0, column="x")) == "a.csv, line 0, column 'x': bad"


def test_long_lists_of_problems_are_cut_after_twenty():
    error = c.DataValidationError([Problem("a.csv", f"p{i}") for i in range(23)])
    text = str(error)
    assert text.startswith("invalid data (23 problem(s)):\n  - a.csv: p0\n  - a.csv: p1")
    assert "a.csv: p19\n  (and 3 more)" in text and "p20" not in text
    assert "more" not in str(c.DataValidationError([Problem("a.csv", "p")] * 20))


def test_swapped_header_labels_are_named_in_place():
    problems = c._header_problems("t.csv", ["b", "a", "c"], ["a", "b", "c"])
    assert messages(problems) == [
        "t.csv, line 1: the header labels look swapped: 'b' where the catalogue has 'a', 'a' "
        "where the catalogue has 'b'. Columns must be in the catalogue's order; fix the labels, "
        "or the order of the columns"]
    assert messages(c._header_problems("t.csv", ["a", "a"], ["a"])) == [
        "t.csv, line 1: duplicate column name(s) ['a']"]


def test_catalogue_paths_read_as_names():
    catalogue = {"resources": [{"name": "t", "schema": {"fields": [{"name": "x"}]},
                                "checks": [{"check": "ok"}]}]}
    assert c._catalogue_path(catalogue, ["resources", 0, "schema", "fields", 0]) == (
        "resources[0] (t) > schema > fields[0] (x)")
    assert c._catalogue_path(catalogue, ["resources", 0, "checks", 0]) == (
        "resources[0] (t) > checks[0] (ok)")
    assert c._catalogue_path(catalogue, []) == "top level"


def test_check_arguments_are_checked_against_the_function():
    assert c._check_call_problems("d.yaml", "resource 't'", {"check": "dates_ordered", "with": {
        "earlier": "a", "later": "b"}}) == []
    assert messages(c._check_call_problems("d.yaml", "resource 't'", {
        "check": "dates_ordered", "with": {"earlier": "a"}})) == [
        "d.yaml: resource 't': check 'dates_ordered': missing a required argument: 'later'"]
    assert messages(c._check_call_problems("d.yaml", "resource 't'", {
        "check": "dates_ordered", "with": {"earlier": "a", "later": "b", "sooner": "c"}})) == [
        "d.yaml: resource 't': check 'dates_ordered': unknown argument(s) ['sooner'] (it takes "
        "earlier, later)"]


def test_latest_observation_reads_observation_dates_only():
    table = pd.DataFrame({"when": pd.to_datetime(["2024-01-31", "2025-03-31"]),
                          "date_accessed": pd.to_datetime(["2026-01-01", "2026-01-01"]),
                          "other": pd.to_datetime([None, None])})
    res = {"schema": {"fields": [{"name": "when", "type": "date"},
                                 {"name": "date_accessed", "type": "date"},
                                 {"name": "other", "type": "date"}]}}
    assert c.latest_observation(table, res) == "2025-03-31"
    assert c.latest_observation(table[["date_accessed"]], {"schema": {"fields": [
        {"name": "date_accessed", "type": "date"}]}}) == ""


# --------------------------------------------------------------------------- table checks

def revenue(total=100.0, parts=(60.0, 39.0)):
    return frame({"quarter": ["q1"] * 3, "market": ["Total", "A", "B"],
                  "revenue": [total, *parts]})


def test_components_must_add_up_within_the_tolerance():
    check = lambda table, **kw: c.check_components_sum_to_total(
        table, "r.csv", ["quarter"], "market", "revenue", "Total", **kw)
    assert check(revenue(parts=(60.0, 39.0)), tolerance=1.0) == []
    assert messages(check(revenue(parts=(60.0, 38.5)), tolerance=1.0)) == [
        "r.csv, line 3, column 'revenue': quarter q1: the components A 60 (line 3) + B 38.5 "
        "(line 4) sum to 98.5, but the reported Total on line 2 is 100 (off by -1.5, tolerance "
        "1): check each component and the total"]
    # Listed components only: a row outside them does not count.
    assert check(revenue(parts=(60.0, 40.0)), tolerance=0, components=["A", "B"]) == []
    assert len(check(revenue(parts=(60.0, 40.0)), tolerance=0, components=["A"])) == 1
    no_total = frame({"quarter": ["q1", "q1"], "market": ["A", "B"], "revenue": [1.0, 2.0]})
    assert messages(check(no_total, tolerance=0)) == ["r.csv, line 2: group quarter q1 has no "
                                                      "'Total' row"]


def test_series_continuity_allows_exactly_the_stated_factor():
    table = frame({"series": ["s"] * 3, "order": [1, 2, 3], "value": [10.0, 40.0, 160.0],
                   "notes": [None, None, None]})
    check = lambda table, **kw: c.check_series_continuity(
        table, "s.csv", ["order"], "value", series=["series"], **kw)
    assert check(table, max_factor=4) == []
    assert messages(check(table, max_factor=3.9, notes="notes")) == [
        f"s.csv, line {line}, column 'value': s value {v} is 4x away from {before} on line "
        f"{line - 1}, beyond the 3.9x allowed between consecutive rows: a unit slip or typo? "
        "if it is real, say why in this row's notes using the word 'jump'"
        for line, v, before in ((3, "40", "10"), (4, "160", "40"))]
    explained = table.assign(notes=[None, "A real JUMP", None])
    assert [p.line for p in check(explained, max_factor=3.9, notes="notes")] == [4]
    falling = table.assign(value=[160.0, 40.0, 10.0])
    assert len(check(falling, max_factor=3.9)) == 2
    assert check(table.assign(value=[10.0, 0.0, 160.0]), max_factor=3.9) == []
    (problem,) = check(table.assign(value=[10.0, 40.0, 41.0]), max_factor=3.9)
    assert problem.message.endswith("the table needs a notes column saying why")


def test_continuity_is_judged_within_each_series_in_order():
    table = frame({"series": ["a", "b", "a", "b"], "order": [2, 1, 1, 2],
                   "value": [11.0, 1000.0, 10.0, 1001.0]})
    assert c.check_series_continuity(table, "s.csv", ["order"], "value", 2,
                                     series=["series"]) == []


def quarters(years, qs, series=None):
    data = {"fiscal_year": years, "fiscal_quarter": qs}
    if series:
        data["market"] = series
    return frame(data)


def test_a_missing_quarter_is_found_and_a_known_gap_excused_only_where_listed():
    table = quarters([2020, 2020, 2021], [3, 4, 2])
    assert messages(c.check_quarters_consecutive(table, "q.csv")) == [
        "q.csv, line 4, column 'fiscal_year': 1 quarter(s) missing between Q4 FY2020 (line 3) "
        "and Q2 FY2021: a missing or mis-dated quarter? (a real gap is listed under known_gaps "
        "in the catalogue)"]
    assert c.check_quarters_consecutive(table, "q.csv", known_gaps=[
        {"after": [2020, 4], "why": "not published"}]) == []
    assert len(c.check_quarters_consecutive(table, "q.csv", known_gaps=[
        {"after": [2020, 3], "why": "elsewhere"}])) == 1
    two = quarters([2020, 2021, 2020, 2021], [4, 2, 4, 2], series=["A", "A", "B", "B"])
    gaps = [{"after": [2020, 4], "series": ["A"], "why": "A only"}]
    (problem,) = c.check_quarters_consecutive(two, "q.csv", series=["market"], known_gaps=gaps)
    assert problem.message.startswith("B: 1 quarter(s) missing") and problem.line == 5
    assert c.check_quarters_consecutive(quarters([2020, 2021], [4, 1]), "q.csv") == []


def test_parts_must_match_the_other_table_within_rounding(monkeypatch):
    other = frame({"quarter": ["q1", "q2"], "market": ["Data Center"] * 2,
                   "revenue": [100.0, 200.0]})
    other.attrs["table"] = "markets"
    monkeypatch.setattr(c, "load_table", lambda name, data_dir: other)
    split = frame({"quarter": ["q1", "q1", "q2"], "component": ["Compute", "Networking", "Compute"],
                   "revenue": [80.0, 21.0, 150.0], "precision": ["m", "b", "m"]})
    split.attrs["data_dir"] = "unused"
    check = lambda **kw: c.check_matches_other_tables(
        split, "s.csv", ["quarter"], "component", ["Compute", "Networking"], "revenue",
        ["markets"], "market", "Data Center", **kw)
    assert messages(check(tolerance=0.5)) == [
        "s.csv, line 2, column 'revenue': quarter q1: Compute 80 (line 2) + Networking 21 "
        "(line 3) sum to 101, but markets line 2 gives Data Center 100 (off by 1, tolerance 0.5)"]
    assert check(tolerance=1.0) == []
    rounding = {"column": "precision", "steps": {"m": 0.0, "b": 1.2}}
    assert check(tolerance=0.5, rounding=rounding) == []  # half of 1.2 widens it to 1.1
    assert len(check(tolerance=0.3, rounding=rounding)) == 1


def test_blended_price_must_be_the_weighted_sum():
    table = frame({"blended": [2.5, 2.6, None], "input": [2.0, 2.0, 1.0],
                   "output": [4.0, 4.0, 3.0]})
    assert c.check_weighted_sum_matches(table, "p.csv", "blended",
                                        {"input": 0.75, "output": 0.25}, 0.05) == []
    (problem,) = c.check_weighted_sum_matches(table, "p.csv", "blended",
                                              {"input": 0.75, "output": 0.25}, 0.035)
    assert str(problem) == ("p.csv, line 3, column 'blended': blended 2.6 is not 0.75 x input "
                            "+ 0.25 x output = 2.5: is one of them in another unit?")


def test_bounds_by_category_include_their_ends_and_need_a_range_per_category():
    table = frame({"unit": ["W", "W", "kW", "MW"], "value": [10.0, 100.0, 101.0, 5.0],
                   "other": [None, 50.0, 2.0, 3.0]})
    bounds = {"W": {"minimum": 10, "maximum": 100, "why": "a chip"},
              "kW": {"minimum": 1, "maximum": 100, "why": "a rack"}}
    assert messages(c.check_bounds_by_category(table, "b.csv", "unit", ["value", "other"],
                                               bounds)) == [
        "b.csv, line 4, column 'value': 101 is outside the plausible range 1 to 100 for 'kW' "
        "(a rack)",
        "b.csv, line 5, column 'unit': no plausible range is stated for unit 'MW' "
        "(bounds_by_category in the catalogue)"]


def test_quarter_ends_follow_nvidias_calendar():
    table = frame({"fiscal_year": [2026, 2026], "fiscal_quarter": [3, 4],
                   "quarter_end": pd.to_datetime(["2025-10-26", "2026-01-26"])})
    assert messages(c.check_nvidia_fiscal_calendar(table, "n.csv")) == [
        "n.csv, line 3, column 'quarter_end': 2026-01-26 is not the end of Q4 FY2026 "
        "(expected 2026-01-25)"]


def test_dates_in_order_and_ranges_the_right_way_round():
    table = frame({"published": pd.to_datetime(["2025-01-02", "2025-01-02", None]),
                   "accessed": pd.to_datetime(["2025-01-02", "2025-01-01", "2020-01-01"])})
    assert messages(c.check_dates_ordered(table, "s.csv", "published", "accessed")) == [
        "s.csv, line 3, column 'accessed': accessed 2025-01-01 is before published 2025-01-02"]
    ranges = frame({"low": [1.0, 2.5], "high": [1.0, 2.0]})
    assert messages(c.check_low_not_above_high(ranges, "r.csv", "low", "high")) == [
        "r.csv, line 3, column 'low': low 2.5 exceeds high 2"]


def test_a_field_named_twice_in_the_catalogue_is_reported():
    catalogue = c.read_catalogue()
    fields = catalogue["resources"][0]["schema"]["fields"]
    fields.append(dict(fields[0]))
    name = catalogue["resources"][0]["name"]
    assert f"d.yaml: resource '{name}': a field name is used twice" in messages(
        c._catalogue_problems(catalogue, c.Path("d.yaml")))
