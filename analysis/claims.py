"""The claims registry: every atomic claim, its verdict, and the ledger's exports.

Each chapter module owns its claims' assessments (functions returning a
:class:`analysis.verdicts.Verdict`) and lists them in its ``ASSESSMENTS``; this
module only gathers those lists, so adding a chapter means adding one entry to
:data:`CHAPTERS`.  The ledger is computed once per build (by the book's Sphinx
extension, before any page runs) and the pages read that one copy.
"""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import asdict

import pandas as pd

from . import figures
from . import verdicts as v
from .catalogue import load_table
from .report import count, header, md_cell

# Chapter id -> module with ASSESSMENTS {claim_id: function}; imported only when the
# verdicts are computed, so pages that only list claims stay quick to run.
CHAPTERS = {"paradigm-shift": "analysis.paradigm", "five-layers": "analysis.layers",
            "bubble-test": "analysis.bubble", "china-policy": "analysis.china",
            "labor": "analysis.labor"}
# Chapter id -> the prefix of its glue keys (a chapter's index and its summary findings).
PREFIXES = {"paradigm-shift": "ps", "five-layers": "fl", "bubble-test": "bt",
            "china-policy": "cn", "labor": "lb"}
# Chapter id -> its title in prose, for the summary's list of chapters still to come.
TITLES = {"paradigm-shift": "paradigm shift", "five-layers": "five layers",
          "bubble-test": "the bubble test", "china-policy": "China", "labor": "labour"}
NOT_ASSESSED = "not assessed yet"
LEDGER_FILE = "claims-ledger"


def assessments() -> dict:
    """Every assessment function, by claim id, across chapters."""
    out = {}
    for name in CHAPTERS.values():
        module = importlib.import_module(name)
        duplicated = set(out) & set(module.ASSESSMENTS)
        if duplicated:
            raise ValueError(f"claims assessed twice: {sorted(duplicated)}")
        out.update(module.ASSESSMENTS)
    return out


def ledger() -> pd.DataFrame:
    """Every claim with its verdict; claims without an assessment yet say so."""
    claims = load_table("claims")
    registry = assessments()
    unknown = set(registry) - set(claims["claim_id"])
    if unknown:
        raise ValueError(f"assessed claims missing from data/claims.csv: {sorted(unknown)}")
    rows = []
    for claim in claims.to_dict("records"):
        if claim["claim_id"] in registry:
            verdict = registry[claim["claim_id"]]()
            rows.append({**claim, **asdict(verdict), "verdict": verdict.label})
        else:
            rows.append({**claim, "direction": NOT_ASSESSED, "verdict": NOT_ASSESSED})
    return pd.DataFrame(rows)


def write_ledger(table: pd.DataFrame) -> None:
    """Store the ledger for the pages of this build and as downloads: JSON with field
    names for programs, CSV with headers for people."""
    out = figures.figure_dir()
    out.mkdir(parents=True, exist_ok=True)
    table.rename(columns=header).to_csv(out / f"{LEDGER_FILE}.csv", index=False)
    # The JSON last and whole (written aside, then renamed): pages running meanwhile read
    # it as soon as it exists.
    partial = out / f".{LEDGER_FILE}.json.partial"
    table.to_json(partial, orient="records", indent=1)
    os.replace(partial, out / f"{LEDGER_FILE}.json")


def ledger_downloads() -> str:
    """Links to this build's ledger downloads, for a page."""
    return figures.download_links(LEDGER_FILE, (("csv", "CSV"), ("json", "JSON")))


def published_ledger() -> pd.DataFrame:
    """The ledger of this build (computed once by the Sphinx extension); outside a build,
    computed afresh."""
    path = figures.figure_dir() / f"{LEDGER_FILE}.json"
    if path.exists():
        return pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    return ledger()


def coverage(table: pd.DataFrame) -> dict:
    """How many claims have a tested verdict, an 'untestable' one, or none yet."""
    tested = table["direction"].isin([d for d in v.DIRECTIONS if d != v.UNTESTABLE])
    return {"claims": len(table), "tested": int(tested.sum()),
            "untestable": int((table["direction"] == v.UNTESTABLE).sum()),
            "not_assessed": int((table["direction"] == NOT_ASSESSED).sum())}


def coverage_numbers(ledger: pd.DataFrame, prefix: str) -> dict:
    """How many claims of ``ledger`` have a tested verdict, cannot be tested yet or wait for
    a chapter, by glue key under ``prefix``."""
    cover = coverage(ledger)
    return {f"{prefix}-n-claims": count(cover["claims"], "claims"),
            f"{prefix}-n-tested": count(cover["tested"], "claims"),
            f"{prefix}-n-untestable": count(cover["untestable"], "claims"),
            f"{prefix}-n-not-assessed": count(cover["not_assessed"], "claims")}


def chapter_numbers(chapter: str, ledger: pd.DataFrame | None = None) -> dict:
    """A chapter index's counts of its claims by verdict, under the chapter's prefix."""
    ledger = published_ledger() if ledger is None else ledger
    return coverage_numbers(ledger[ledger["chapter"] == chapter], PREFIXES[chapter])


def pending_sentence(ledger: pd.DataFrame) -> str:
    """What the summary says of the claims no chapter assesses yet."""
    pending = [TITLES[c] for c in PREFIXES
               if ((ledger["chapter"] == c) & (ledger["direction"] == NOT_ASSESSED)).any()]
    if not pending:
        return "every chapter is written"
    return f"{count(int((ledger['direction'] == NOT_ASSESSED).sum()), 'claims')} wait for " \
           f"chapters still being written ({', '.join(pending)})"


def summary_numbers(ledger: pd.DataFrame) -> dict:
    """The executive summary's numbers: the whole ledger's coverage and every chapter's
    findings, as ``sum-<chapter prefix>-<finding>``."""
    numbers = {**coverage_numbers(ledger, "sum"), "sum-pending": pending_sentence(ledger)}
    for chapter, name in CHAPTERS.items():
        prefix = PREFIXES[chapter]
        for key, text in importlib.import_module(name).findings().items():
            key = key.removeprefix(f"{prefix}-")
            numbers[f"sum-{prefix}-{key}"] = text
    return numbers


def _talks(row) -> str:
    talks = ", ".join(t.strip() for t in str(row["talks"]).split(";"))
    return f"{{ref}}`{talks} <talks-list>`"


def _badge(row) -> str:
    if row["direction"] == NOT_ASSESSED:
        return NOT_ASSESSED
    strength = row.get("strength")
    return v.badge_html(row["direction"], strength if isinstance(strength, str) else None)


def ledger_markdown(table: pd.DataFrame) -> str:
    """The ledger as a MyST table: verdict badge, key number, reason, and where tested.

    Wrapped in an ``aif-ledger`` container, whose style turns each row into a card on a
    phone, where five columns cannot be read side by side."""
    lines = ["::::{container} aif-ledger", "",
             "| claim | verdict | key number and reason | data | tested in |",
             "|---|---|---|---|---|"]
    for row in table.to_dict("records"):
        claim = f"**{row['claim_id']}** {md_cell(row['claim'])} ({_talks(row)})"
        if row["direction"] == NOT_ASSESSED:
            lines.append(f"| {claim} | {NOT_ASSESSED} | | | |")
            continue
        lines.append(f"| {claim} | {_badge(row)} | {md_cell(row['key_number'])}. "
                     f"{md_cell(row['reason'])} | {row['data_vintage']} | "
                     f"{{ref}}`{row['anchor']}` |")
    return "\n".join([*lines, "", "::::"])


def verdict_block(claim_id: str, table: pd.DataFrame | None = None) -> str:
    """A claim's verdict as shown where it is tested: badge, key number, reason, and the
    rule's code verbatim."""
    table = published_ledger() if table is None else table
    row = table.set_index("claim_id").loc[claim_id]
    row = {"claim_id": claim_id, **row.to_dict()}
    rule = row["rule"]
    code = (f"```python\n{rule}\n```" if "def " in rule else md_cell(rule))
    made = "\n".join(f"  - {line}" for line in where_made(claim_id))
    return "\n".join([
        f"**{claim_id}** {md_cell(row['claim'])}",
        "",
        f"{_badge(row)} — {md_cell(row['key_number'])}. {md_cell(row['reason'])}",
        "",
        f"- Where it was made:\n{made}",
        f"- What would change the verdict: {md_cell(row['would_change'])}",
        "",
        f":::{{dropdown}} The rule that decides {claim_id}'s verdict (code, verbatim)",
        code,
        ":::",
    ])


def label(table: pd.DataFrame, claim_id: str) -> str:
    """A claim's verdict in words, for prose."""
    return table.set_index("claim_id").loc[claim_id, "verdict"]



def where_made(claim_id: str) -> list[str]:
    """Where each talk makes the claim: talk, venue and date, and the place in the
    Chinese-language article (the seed file that summarises the talk) where we read it."""
    talks = load_table("talks").set_index("talk_id")
    places = load_table("claim_sources")
    lines = []
    for row in places[places["claim_id"] == claim_id].itertuples():
        talk = talks.loc[row.talk_id]
        when = f"{talk.date:%-d %B %Y}" if not pd.isna(talk.date) else "date not confirmed"
        lines.append(f"{md_cell(talk.venue)}, {when} ({{ref}}`{row.talk_id} <talks-list>`); "
                     f"read in its Chinese-language summary, {md_cell(row.locator)}: "
                     f"{md_cell(row.note)}")
    return lines


def planned_markdown(chapter: str) -> str:
    """A chapter's claims in full, for a chapter not written yet: paraphrase, quote, where
    each was made, the evidence planned and what would decide it."""
    table = load_table("claims")
    blocks = []
    for row in table[table["chapter"] == chapter].to_dict("records"):
        quote = (f" In the speaker's words: “{md_cell(row['quote'])}” ({md_cell(row['quote_note'])})."
                 if isinstance(row.get("quote"), str) else "")
        made = "\n".join(f"  - {line}" for line in where_made(row["claim_id"]))
        blocks.append("\n".join([
            f"**{row['claim_id']}** {md_cell(row['claim'])}{quote}",
            "",
            f"- Where it was made:\n{made}",
            f"- Evidence planned: {md_cell(row['evidence_planned'])}",
            f"- What would decide it: {md_cell(row['would_change'])}",
        ]))
    return "\n\n".join(blocks)
