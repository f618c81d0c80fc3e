"""The claims registry on small hand-made tables (issue 14): which claims the ledger marks
assessed, what its exports and Markdown say, and where each claim was made."""

import json
import sys
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import claims, figures
from analysis import verdicts as v

CLAIMS = pd.DataFrame({
    "claim_id": ["A1", "A2", "B1"], "chapter": ["alpha", "alpha", "beta"],
    "talks": ["T1; T2", "T2", "T1"], "claim": ["Costs fall $5 a year", "Second", "Third"],
    "quote": ["cheap | fast", None, None], "quote_note": ["in English", None, None],
    "evidence_planned": ["prices", "more", "none"], "would_change": ["a rise", "x", "y"]})
TALKS = pd.DataFrame({"talk_id": ["T1", "T2"], "venue": ["Keynote $1", "Podcast"],
                      "date": [pd.Timestamp("2025-03-07"), pd.NaT]})
PLACES = pd.DataFrame({"claim_id": ["A1", "A1", "B1"], "talk_id": ["T1", "T2", "T1"],
                       "locator": ["para 3", "min 12", "para 9"],
                       "note": ["says it", "repeats it", "other"]})


def verdict_a1():
    return v.Verdict("A1", v.EXCEED, v.STRONG, key_number="3.0× a year", value=3.0, low=2.0,
                     high=4.0, unit="factor", data_vintage="2025", anchor="prices",
                     reason="fast", rule="def rule_a1():\n    return 1")


@pytest.fixture
def registry(monkeypatch):
    """Tables and one chapter module of our own, in place of the book's."""
    frames = {"claims": CLAIMS, "talks": TALKS, "claim_sources": PLACES}
    monkeypatch.setattr(claims, "load_table", lambda name: frames[name].copy())
    chapter = SimpleNamespace(ASSESSMENTS={"A1": verdict_a1})
    monkeypatch.setitem(sys.modules, "fake_chapter", chapter)
    monkeypatch.setattr(claims, "CHAPTERS", {"alpha": "fake_chapter"})
    return chapter


def test_ledger_marks_only_assessed_claims_with_a_verdict(registry):
    ledger = claims.ledger().set_index("claim_id")
    assert ledger.loc["A1", "direction"] == v.EXCEED
    assert ledger.loc["A1", "verdict"] == "data exceed the claim (strong evidence)"
    assert ledger.loc["A1", "claim"] == "Costs fall $5 a year"  # the claim's own columns kept
    assert ledger.loc[["A2", "B1"], "direction"].tolist() == [claims.NOT_ASSESSED] * 2
    assert ledger.loc[["A2", "B1"], "verdict"].tolist() == [claims.NOT_ASSESSED] * 2
    assert claims.label(ledger.reset_index(), "A1") == "data exceed the claim (strong evidence)"


def test_an_assessment_of_an_unlisted_claim_is_refused(registry):
    registry.ASSESSMENTS["Z9"] = verdict_a1
    with pytest.raises(ValueError, match=r"^assessed claims missing from data/claims.csv: "
                                         r"\['Z9'\]$"):
        claims.ledger()


def test_a_claim_assessed_in_two_chapters_is_named(registry, monkeypatch):
    monkeypatch.setitem(claims.CHAPTERS, "beta", "fake_chapter")
    with pytest.raises(ValueError, match=r"^claims assessed twice: \['A1'\]$"):
        claims.assessments()


def test_ledger_exports_carry_field_names_and_headers(registry, tmp_path, monkeypatch):
    monkeypatch.setenv(figures.FIGURE_DIR_ENV, str(tmp_path / "figs"))
    ledger = claims.ledger()
    claims.write_ledger(ledger)
    records = json.loads((tmp_path / "figs" / "claims-ledger.json").read_text())
    assert [r["claim_id"] for r in records] == ["A1", "A2", "B1"]
    csv = pd.read_csv(tmp_path / "figs" / "claims-ledger.csv")
    assert list(csv.columns[:2]) == ["Claim", "Chapter"] and "Key number" in csv.columns
    assert csv["Claim"].tolist() == ["A1", "A2", "B1"]
    # The pages of this build read the stored ledger, not a fresh one.
    registry.ASSESSMENTS.clear()
    assert claims.published_ledger()["direction"].tolist() == ledger["direction"].tolist()


def test_without_a_stored_ledger_the_published_one_is_computed(registry, tmp_path, monkeypatch):
    monkeypatch.setenv(figures.FIGURE_DIR_ENV, str(tmp_path / "empty"))
    assert claims.published_ledger()["direction"].tolist() == [
        v.EXCEED, claims.NOT_ASSESSED, claims.NOT_ASSESSED]


def test_ledger_download_links_climb_to_the_site_root(tmp_path, monkeypatch):
    (tmp_path / "_config.yml").write_text("title: t\n")
    (tmp_path / "book").mkdir()
    monkeypatch.chdir(tmp_path / "book")
    assert claims.ledger_downloads() == (
        '<p class="aif-downloads">Download: '
        '<a href="../figures/claims-ledger.csv" download>CSV</a> · '
        '<a href="../figures/claims-ledger.json" download>JSON</a></p>')


def test_where_made_names_venue_date_talk_and_locator(registry):
    assert claims.where_made("A1") == [
        "Keynote \\$1, 7 March 2025 ({ref}`T1 <talks-list>`); read in its Chinese-language summary, para 3: says it",
        "Podcast, date not confirmed ({ref}`T2 <talks-list>`); read in its Chinese-language summary, min 12: repeats it"]
    assert claims.where_made("A2") == []


def test_ledger_markdown_rows(registry):
    text = claims.ledger_markdown(claims.ledger()).split("\n")
    # The table sits in a container whose style stacks it into cards on a phone.
    assert text[:2] == ["::::{container} aif-ledger", ""] and text[-2:] == ["", "::::"]
    lines = text[2:-2]
    assert lines[:2] == ["| claim | verdict | key number and reason | data | tested in |",
                         "|---|---|---|---|---|"]
    assert lines[2].startswith("| **A1** Costs fall \\$5 a year ({ref}`T1, T2 <talks-list>`) | "
                               "<span class=\"aif-verdict\"")
    assert lines[2].endswith(" | 3.0× a year. fast | 2025 | {ref}`prices` |")
    assert lines[3] == "| **A2** Second ({ref}`T2 <talks-list>`) | not assessed yet | | | |"
    assert len(lines) == 5


def test_verdict_block_shows_code_as_code_and_words_as_words(registry):
    ledger = claims.ledger()
    block = claims.verdict_block("A1", ledger).split("\n")
    assert block[0] == "**A1** Costs fall \\$5 a year"
    assert block[2].endswith(" — 3.0× a year. fast") and "strong evidence" in block[2]
    assert block[4:7] == [
        "- Where it was made:",
        "  - Keynote \\$1, 7 March 2025 ({ref}`T1 <talks-list>`); read in its Chinese-language summary, para 3: says it",
        "  - Podcast, date not confirmed ({ref}`T2 <talks-list>`); read in its Chinese-language summary, min 12: "
        "repeats it"]
    assert block[7] == "- What would change the verdict: a rise"
    assert block[9:] == [":::{dropdown} The rule that decides A1's verdict (code, verbatim)",
                         "```python", "def rule_a1():", "    return 1", "```", ":::"]
    ledger.loc[ledger["claim_id"] == "A1", "rule"] = "by hand | see text"
    assert claims.verdict_block("A1", ledger).split("\n")[-2] == "by hand \\| see text"


def test_a_missing_strength_reads_as_none_on_the_badge():
    row = {"direction": v.UNTESTABLE, "strength": float("nan")}
    assert claims._badge(row) == v.badge_html(v.UNTESTABLE, None)
    assert claims._badge({"direction": v.MATCH, "strength": v.WEAK}) == v.badge_html(
        v.MATCH, v.WEAK)


def test_planned_chapter_lists_its_claims_in_full(registry):
    text = claims.planned_markdown("alpha")
    assert text == "\n".join([
        "**A1** Costs fall \\$5 a year In the speaker's words: “cheap \\| fast” (in English).",
        "",
        "- Where it was made:",
        "  - Keynote \\$1, 7 March 2025 ({ref}`T1 <talks-list>`); read in its Chinese-language summary, para 3: says it",
        "  - Podcast, date not confirmed ({ref}`T2 <talks-list>`); read in its Chinese-language summary, min 12: "
        "repeats it",
        "- Evidence planned: prices",
        "- What would decide it: a rise",
        "",
        "**A2** Second",
        "",
        "- Where it was made:",
        "",
        "- Evidence planned: more",
        "- What would decide it: x"])
    assert claims.planned_markdown("gamma") == ""
