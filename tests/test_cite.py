"""The report is citable: one version, honest citations, a changelog from stored releases,
downloadable data with a page per table."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis import catalogue, changelog, data_pages, sphinx_cite
from analysis.sphinx_cite import Cited, Stamp

ROOT = Path(__file__).resolve().parent.parent
STAMP = Stamp(version="1.2.3", build_date="2026-11-23", data_vintage="2026-11-20",
              commit="abc123def456")


# --------------------------------------------------------------------------- version

def test_citation_cff_version_matches_pyproject():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == sphinx_cite.release_version(ROOT)
    assert cff["cff-version"] == "1.2.0"


def test_citation_cff_release_date_is_the_stored_release_date():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    if cff["version"] in changelog.released_versions():
        assert str(cff["date-released"]) == changelog.read_manifest(cff["version"])["date"]


def test_citation_cff_url_agrees_with_the_single_baseurl_setting():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert cff.get("url", "") == config["html"]["baseurl"]


def test_release_version_reads_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\nversion = "4.5.6"\n')
    assert sphinx_cite.release_version(tmp_path) == "4.5.6"


def test_data_vintage_is_latest_access_date():
    sources = pd.read_csv(ROOT / "data" / "sources.csv")
    assert sphinx_cite.data_vintage() == max(sources["date_accessed"])


def test_git_commit_outside_a_checkout_is_unknown(tmp_path):
    assert sphinx_cite.git_commit(tmp_path) == "unknown"


def test_git_commit_names_head_and_uncommitted_changes(tmp_path):
    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    git("init", "-q")
    (tmp_path / "f.txt").write_text("a")
    git("add", "f.txt")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True,
                          text=True).stdout.strip()
    assert sphinx_cite.git_commit(tmp_path) == head[:12]
    (tmp_path / "f.txt").write_text("b")
    assert sphinx_cite.git_commit(tmp_path) == head[:12] + "-dirty"


def test_build_date_honours_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert sphinx_cite.build_date() == "2023-11-14"


def test_footer_stamp_carries_version_date_vintage_commit():
    text = sphinx_cite.footer_stamp_html(STAMP)
    for part in ("1.2.3", "2026-11-23", "2026-11-20", "abc123def456"):
        assert part in text


# --------------------------------------------------------------------------- citations

FIGURE = Cited("Figure 3.1: NVIDIA revenue", "book/p/nvidia.html", "fig-revenue", "figure")


def test_citation_with_baseurl_gives_stable_url_with_anchor():
    text = sphinx_cite.citation_text(FIGURE, STAMP, "https://example.org/report/")
    assert "https://example.org/report/book/p/nvidia.html#fig-revenue" in text
    assert "Version 1.2.3" in text and "commit abc123def456" in text
    bib = sphinx_cite.citation_bibtex(FIGURE, STAMP, "https://example.org/report")
    assert "url = {https://example.org/report/book/p/nvidia.html#fig-revenue}" in bib
    assert bib.startswith("@misc{aifactory-fig-revenue-1.2.3,")


def test_citation_without_baseurl_names_the_path_and_no_url():
    text = sphinx_cite.citation_text(FIGURE, STAMP, "")
    assert "http" not in text
    assert "No public URL yet; figure at book/p/nvidia.html#fig-revenue" in text
    bib = sphinx_cite.citation_bibtex(FIGURE, STAMP, "")
    assert "url =" not in bib and "book/p/nvidia.html#fig-revenue" in bib


def test_bibtex_entries_are_balanced_and_distinct_per_page():
    page = Cited("Prices", "book/p/prices.html")
    keys = {sphinx_cite.bibtex_key(c, STAMP) for c in (FIGURE, page, Cited("x", kind="report"))}
    assert len(keys) == 3
    bib = sphinx_cite.citation_bibtex(page, STAMP, "")
    assert bib.count("{") == bib.count("}")


def test_cite_block_escapes_html():
    block = sphinx_cite.cite_block_html(Cited("A <b> & c", "p.html"), STAMP, "", "Cite")
    assert "A &lt;b&gt; &amp; c" in block and "<b>" not in block
    assert block.startswith('<details class="aif-cite aif-cite-page">')


# --------------------------------------------------------------------------- changelog

def frame(rows, key="id"):
    return pd.DataFrame(rows, dtype=str).set_index(key)


def test_diff_reports_added_removed_and_changed_with_old_and_new_values():
    old = frame([{"id": "a", "value": "1.0", "unit": "x"}, {"id": "b", "value": "2", "unit": "x"}])
    new = frame([{"id": "a", "value": "1.5", "unit": "x"}, {"id": "c", "value": "3", "unit": "x"}])
    diff = changelog.diff_exports(old, new, ("value", "unit"))
    assert diff.to_dict("records") == [
        {"key": "c", "change": "added", "column": "", "old": "", "new": ""},
        {"key": "b", "change": "removed", "column": "", "old": "", "new": ""},
        {"key": "a", "change": "changed", "column": "value", "old": "1.0", "new": "1.5"},
    ]


def test_diff_ignores_float_noise_and_unwatched_columns():
    old = frame([{"id": "a", "value": "0.1", "text": "old words"}])
    new = frame([{"id": "a", "value": "0.10000000000000002", "text": "new words"}])
    assert changelog.diff_exports(old, new, ("value",)).empty


def test_read_export_rejects_repeated_keys(tmp_path):
    path = tmp_path / "k.csv"
    path.write_text("id,value\na,1\na,2\n")
    with pytest.raises(ValueError, match="k.csv, column 'Key': repeated keys"):
        changelog.read_export(path, "Key")


def test_read_export_reads_field_names_and_headers_alike(tmp_path):
    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text("claim_id,verdict,low\nP1,a,1\n")
    new.write_text("Claim,Verdict,Low (95% interval)\nP1,a,1\n")
    assert changelog.read_export(old, "Claim").equals(changelog.read_export(new, "Claim"))


def store(releases: Path, version: str, ledger: str | None, numbers: str | None = None):
    folder = releases / version
    folder.mkdir(parents=True)
    (folder / changelog.MANIFEST).write_text(json.dumps(
        {"version": version, "date": "2026-01-01", "commit": "c0ffee"}))
    if ledger:
        (folder / "claims-ledger.csv").write_text(ledger)
    if numbers:
        (folder / "key-numbers.csv").write_text(numbers)


def test_versions_sort_numerically(tmp_path):
    for v in ("0.10.0", "0.9.0", "0.2.1"):
        store(tmp_path, v, "claim_id,verdict\nP1,x\n")
    assert changelog.released_versions(tmp_path) == ["0.2.1", "0.9.0", "0.10.0"]


def test_changelog_lists_each_release_against_the_previous(tmp_path):
    store(tmp_path, "0.1.0", "claim_id,verdict,value\nP1,partly supported,1\n")
    store(tmp_path, "0.2.0", "claim_id,verdict,value\nP1,supported,1\n",
          "id,value,unit\nk1,5,GW\n")
    text = changelog.changelog_markdown(tmp_path)
    assert text.index("## Release 0.2.0") < text.index("## Release 0.1.0")
    assert "| `P1` | changed | Verdict | partly supported | supported |" in text
    assert "Key numbers: first exported here (1 numbers" in text
    assert "Key numbers: not yet exported by the report." in text
    assert "| claim | change | column | before | after | why |" in text
    assert "| `P1` | changed | Verdict | partly supported | supported | not recorded |" in text


def test_changelog_gives_the_recorded_reason_of_each_change(tmp_path):
    store(tmp_path, "0.1.0", "claim_id,verdict\nP1,a\nP2,a\n")
    store(tmp_path, "0.2.0", "claim_id,verdict\nP1,b\nP2,c\n")
    (tmp_path / changelog.REASONS).write_text(
        "release,key,reason\n0.1.0,P1,wrong release\n0.2.0,P1,new method\n0.2.0,P*,catch-all\n")
    text = changelog.changelog_markdown(tmp_path)
    # The first pattern of the matching release wins; another release's reason never applies.
    assert "| `P1` | changed | Verdict | a | b | new method |" in text
    assert "| `P2` | changed | Verdict | a | c | catch-all |" in text


def test_unexplained_verdict_changes_are_listed():
    changes = pd.DataFrame([("P1", "changed", "Verdict", "a", "b"), ("P2", "added", "", "", ""),
                            ("P3", "changed", "Value", "1", "2")], columns=changelog.DIFF_COLUMNS)
    reasons = pd.DataFrame({"release": ["0.3.0"], "key": ["P1"], "reason": ["x"]})
    assert changelog.unexplained_verdicts(changes, "0.3.0", reasons) == ["P3"]
    assert changelog.unexplained_verdicts(changes, "0.4.0", reasons) == ["P1", "P3"]


def test_a_reasons_file_with_an_empty_cell_is_refused(tmp_path):
    (tmp_path / changelog.REASONS).write_text("release,key,reason\n0.2.0,P1,\n")
    with pytest.raises(ValueError, match="row 2"):
        changelog.read_reasons(tmp_path)


def test_changelog_says_when_a_release_lacks_an_export(tmp_path):
    store(tmp_path, "0.1.0", "claim_id,verdict\nP1,a\n")
    store(tmp_path, "0.2.0", "claim_id,verdict\nP1,a\n")
    text = changelog.changelog_markdown(tmp_path)
    assert "Key numbers: not exported in release 0.2.0." in text
    assert "Verdicts: no change since 0.1.0 (1 claims)." in text


def test_since_last_release_diffs_a_build_against_the_newest_release(tmp_path):
    store(tmp_path / "releases", "0.1.0", "claim_id,verdict\nP1,a\n", "id,value\nk1,5\n")
    built = tmp_path / "figures"
    built.mkdir()
    (built / "claims-ledger.csv").write_text("claim_id,verdict\nP1,a\n")
    (built / "key-numbers.csv").write_text("id,value\nk1,6\n")
    (tmp_path / "releases" / changelog.REASONS).write_text("release,key,reason\nnext,k*,fix\n")
    text = changelog.since_last_release(built, tmp_path / "releases")
    assert "Verdicts: no change since 0.1.0" in text
    assert "| `k1` | changed | Value | 5 | 6 | fix |" in text


def test_every_stored_verdict_change_has_a_reason():
    versions = changelog.released_versions()
    reasons = changelog.read_reasons()
    ledger = changelog.EXPORTS[0]
    for old, new in zip(versions, versions[1:]):
        changes = changelog.diff_exports(
            changelog.read_export(changelog.RELEASES_DIR / old / f"{ledger.name}.csv", ledger.key),
            changelog.read_export(changelog.RELEASES_DIR / new / f"{ledger.name}.csv", ledger.key),
            ledger.watched)
        assert changelog.unexplained_verdicts(changes, new, reasons) == [], new


def test_stored_releases_have_manifests_and_a_ledger():
    versions = changelog.released_versions()
    assert versions, "release 0.1.0 is stored"
    for version in versions:
        manifest = changelog.read_manifest(version)
        assert manifest["version"] == version
        assert (changelog.RELEASES_DIR / version / "claims-ledger.csv").is_file()
        for name in manifest["missing_exports"]:
            assert not (changelog.RELEASES_DIR / version / f"{name}.csv").exists()


def test_release_script_stores_exports_and_records_missing_ones(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import release
    figures = tmp_path / "site" / "figures"
    figures.mkdir(parents=True)
    (figures / "claims-ledger.csv").write_text("claim_id,verdict\nP1,a\n")
    target = release.store_release(tmp_path / "site", tmp_path / "rel", "9.9.9", "c0ffee",
                                   "2026-11-23")
    manifest = json.loads((target / "release.json").read_text())
    assert manifest["exports"] == ["claims-ledger"]
    assert manifest["missing_exports"] == ["key-numbers"]
    with pytest.raises(SystemExit, match="already stored"):
        release.store_release(tmp_path / "site", tmp_path / "rel", "9.9.9", "c0ffee", "x")


def test_release_script_files_reasons_and_refuses_an_unexplained_verdict(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    import release
    figures, releases = tmp_path / "site" / "figures", tmp_path / "rel"
    figures.mkdir(parents=True)
    (figures / "claims-ledger.csv").write_text("claim_id,verdict\nP1,a\n")
    release.store_release(tmp_path / "site", releases, "1.0.0", "c0ffee", "2026-11-23")
    (figures / "claims-ledger.csv").write_text("claim_id,verdict\nP1,b\n")
    with pytest.raises(SystemExit, match="without a reason: P1"):
        release.store_release(tmp_path / "site", releases, "1.1.0", "c0ffee", "2026-11-23")
    assert not (releases / "1.1.0").exists()
    (releases / "reasons.csv").write_text("release,key,reason\nnext,P1,new data\n")
    release.store_release(tmp_path / "site", releases, "1.1.0", "c0ffee", "2026-11-23")
    assert changelog.read_reasons(releases).values.tolist() == [["1.1.0", "P1", "new data"]]


# --------------------------------------------------------------------------- data pages

def test_a_page_and_a_download_for_every_catalogued_table(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (tmp_path / "book" / "appendix" / "tables").mkdir(parents=True)
    stale = tmp_path / "book" / "appendix" / "tables" / "dropped_table.md"
    stale.write_text("# gone")
    pages = data_pages.write_table_pages(tmp_path, data)
    names = [res["name"] for res in catalogue.read_catalogue(data)["resources"]]
    assert sorted(p.stem for p in pages) == sorted(names)
    assert not stale.exists()
    data_pages.copy_downloads(tmp_path / "site", data)
    copied = sorted(p.name for p in (tmp_path / "site" / "data").iterdir())
    assert copied == sorted([f"{n}.csv" for n in names] + ["datapackage.yaml"])


def test_table_page_shows_fields_units_coverage_sources_and_download():
    cat = catalogue.read_catalogue()
    res = catalogue.resource("llm_prices", cat)
    table = catalogue.load_table("llm_prices")
    page = data_pages.table_page(res, table, catalogue.load_table("sources"))
    assert '<a href="../../../data/llm_prices.csv" download>' in page
    assert "| `price_blended_usd_per_mtok` | number | USD per million tokens |" in page
    assert f"- Rows: {len(table):,}" in page
    first, last = table["release_date"].min(), table["release_date"].max()
    assert f"from {first.date().isoformat()} to {last.date().isoformat()}" in page
    some_source = table["source_id"].iloc[0].split(";")[0].strip()
    url = catalogue.load_table("sources").set_index("source_id").loc[some_source, "url"]
    assert f"(<{url}>)" in page


def test_download_href_climbs_to_the_site_root():
    assert data_pages.download_href(Path("book/appendix/tables"), "x.csv") == "../../../data/x.csv"
    assert data_pages.download_href(Path("book/appendix"), "x.csv") == "../../data/x.csv"



# --------------------------------------------------------------------------- built site

def site_pages(copy: Path) -> list[Path]:
    """Every page built from a source (not the index, search, theme macros or the root
    redirect)."""
    site = copy / "_build" / "html"
    return [p for p in site.rglob("*.html")
            if p.name not in ("genindex.html", "search.html")
            and not p.relative_to(site).parts[0].startswith("_")
            and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")]


@pytest.mark.build
def test_every_page_has_the_licence_footer_and_build_stamp(built_copy):
    vintage = sphinx_cite.data_vintage(built_copy / "data")
    version = sphinx_cite.release_version(built_copy)
    pages = site_pages(built_copy)
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        footer = html[html.index('<div class="extra_footer">'):]
        assert "Text and code licensed CC BY 4.0 / MIT" in footer, page
        assert f"Version {version} · built " in footer, page
        assert f"data as of {vintage} · commit <code>unknown</code>" in footer, page


@pytest.mark.build
def test_every_page_and_every_figure_has_a_cite_block(built_copy):
    figures_seen = 0
    for page in site_pages(built_copy):
        html = page.read_text(encoding="utf-8")
        relative = page.relative_to(built_copy / "_build" / "html").as_posix()
        assert html.count("<summary>Cite this page</summary>") == 1, relative
        assert f"No public URL yet; page at {relative} in the report." in html, relative
        captions = dict(re.findall(
            r'<figure[^>]*id="(fig-[a-z0-9-]+)".*?<span class="caption-number">Fig\. ([\d.]+) ',
            html, flags=re.S))
        for anchor, number in captions.items():
            block = html[html.index(f'id="{anchor}"'):]
            assert f"<summary>Cite Figure {number}</summary>" in block, (relative, anchor)
            assert f"figure at {relative}#{anchor}" in block, (relative, anchor)
            figures_seen += 1
    assert figures_seen >= 10


@pytest.mark.build
def test_curated_data_downloads_and_table_pages_are_in_the_site(built_copy):
    site = built_copy / "_build" / "html"
    for res in catalogue.read_catalogue(built_copy / "data")["resources"]:
        download = site / "data" / res["path"]
        assert download.read_bytes() == (built_copy / "data" / res["path"]).read_bytes()
        page = site / "book" / "appendix" / "tables" / f"{res['name']}.html"
        html = page.read_text(encoding="utf-8")
        href = re.search(r'href="([^"]+/data/' + re.escape(res["path"]) + ')"', html).group(1)
        assert (page.parent / href).resolve() == download.resolve()
    assert (site / "data" / "datapackage.yaml").is_file()
    overview = (site / "book" / "appendix" / "data-catalogue.html").read_text(encoding="utf-8")
    assert overview.count('href="tables/') >= len(
        catalogue.read_catalogue(built_copy / "data")["resources"])


@pytest.mark.build
def test_changelog_and_how_to_cite_pages_render(built_copy):
    site = built_copy / "_build" / "html" / "book" / "appendix"
    changelog_html = (site / "changelog.html").read_text(encoding="utf-8")
    for version in changelog.released_versions(built_copy / "releases"):
        assert f"Release {version}" in changelog_html
    cite_html = (site / "how-to-cite.html").read_text(encoding="utf-8")
    assert "misc{aifactory-report-" in cite_html  # Sphinx writes the @ as &#64;


@pytest.mark.parametrize("stored, shown", [
    ("100.51277027403862", "100.5"), ("0.2995136712426037", "0.2995"),
    ("55912.88141632529", "55,913"), ("7.0", "7"), ("nan", "none"), ("inf", "unbounded"),
    ("-inf", "unbounded"), ("supported", "supported")])
def test_changelog_values_read_as_numbers_not_float_reprs(stored, shown):
    assert changelog.readable_value(stored) == shown


def test_a_keys_reason_is_given_once(tmp_path):
    store(tmp_path, "0.1.0", "claim_id,verdict,value\nP1,a,1.25\n")
    store(tmp_path, "0.2.0", "claim_id,verdict,value\nP1,b,2.5\n")
    (tmp_path / changelog.REASONS).write_text("release,key,reason\n0.2.0,P1,new method\n")
    text = changelog.changelog_markdown(tmp_path)
    assert "| `P1` | changed | Verdict | a | b | new method |" in text
    assert "| `P1` | changed | Value | 1.250 | 2.500 | as above |" in text


def test_rows_added_for_one_reason_share_one_row(tmp_path):
    store(tmp_path, "0.1.0", "claim_id,verdict\nP1,a\n")
    store(tmp_path, "0.2.0", "claim_id,verdict\nP1,a\nL1,b\nL2,c\nC1,d\n")
    (tmp_path / changelog.REASONS).write_text("release,key,reason\n0.2.0,L*,new chapter\n")
    text = changelog.changelog_markdown(tmp_path)
    assert "| `L1`, `L2` (2 claims) | added |  |  |  | new chapter |" in text
    assert "| `C1` | added |  |  |  | not recorded |" in text
